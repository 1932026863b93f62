package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
)

// analysisGraph is a store with analysis: gdsErr is what its Neo4j says
// about GDS; it holds one finished PageRank job and its metrics.
type analysisGraph struct {
	failingGraph
	gdsErr  error
	started []casegraph.AnalysisJob
}

var pagerankJob = casegraph.AnalysisJob{ID: "analysis-1", Status: casegraph.AnalysisDone, Stage: "done", Progress: 1,
	Params:     casegraph.AnalysisParams{Algorithm: casegraph.PageRank, Projection: casegraph.Projection{Dataset: "leaks"}},
	Parameters: `{"dampingFactor":0.85,"maxIterations":20}`, By: "alice",
	StartedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), FinishedAt: time.Date(2026, 1, 2, 3, 5, 0, 0, time.UTC)}

func (g *analysisGraph) GDSVersion(context.Context) (string, error) { return "2.13.9", g.gdsErr }
func (g *analysisGraph) CreateAnalysisJob(_ context.Context, j casegraph.AnalysisJob) error {
	g.started = append(g.started, j)
	return nil
}
func (g *analysisGraph) RunAnalysis(context.Context, casegraph.AnalysisJob) error { return nil }
func (g *analysisGraph) AnalysisJob(_ context.Context, id string) (casegraph.AnalysisJob, error) {
	if id != pagerankJob.ID {
		return casegraph.AnalysisJob{}, casegraph.Errorf(casegraph.ENOTFOUND, "no analysis job %q", id)
	}
	return pagerankJob, nil
}
func (g *analysisGraph) AnalysisJobs(context.Context, int, int) ([]casegraph.AnalysisJob, error) {
	return []casegraph.AnalysisJob{pagerankJob}, nil
}
func (g *analysisGraph) Metrics(_ context.Context, ids []string, alg casegraph.Algorithm, job string) ([]casegraph.Metric, error) {
	var out []casegraph.Metric
	for i, id := range ids {
		score := float64(i) + 0.5
		out = append(out, casegraph.Metric{Entity: id, Job: pagerankJob.ID, Algorithm: alg, Score: &score})
	}
	return out, nil
}
func (g *analysisGraph) EntitiesMetrics(context.Context, []string, int) (map[string][]casegraph.Metric, error) {
	return nil, nil
}
func (g *analysisGraph) ProjectionLinks(context.Context, casegraph.Projection, string, int, int) (casegraph.ProjectionPage, error) {
	return casegraph.ProjectionPage{}, nil
}
func (g *analysisGraph) TopEntities(context.Context, string, int) ([]casegraph.Metric, error) {
	return nil, nil
}
func (g *analysisGraph) Communities(context.Context, casegraph.AnalysisJob, int, int, int) ([]casegraph.Community, int64, error) {
	return nil, 0, nil
}
func gqlBody(query string) string {
	b, _ := json.Marshal(map[string]any{"query": query})
	return string(b)
}

func TestAnalyzeSaysWhenNeo4jHasNoGDS(t *testing.T) {
	noGDS := casegraph.Errorf(casegraph.EUNAVAILABLE, "this Neo4j has no Graph Data Science library: graph-level analysis needs it")
	for _, c := range []struct {
		name string
		g    Graph
		want string
	}{
		{"a Neo4j without GDS", &analysisGraph{gdsErr: noGDS}, "this Neo4j has no Graph Data Science library: "},
		{"a store without analysis", failingGraph{}, "this server's store runs no graph analysis"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, out := do(handler(t, c.g, nil), "POST", "/graphql", gqlBody(`mutation { analyze(algorithm: PAGERANK) { id } }`))
			errs, _ := out["errors"].([]any)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].(map[string]any)["message"].(string), c.want) {
				t.Fatalf("answer %v: want one error starting %q", out, c.want)
			}
		})
	}
}

func TestAnalyzeChecksItsProjection(t *testing.T) {
	g := &analysisGraph{}
	h := handler(t, g, nil)
	_, out := do(h, "POST", "/graphql", gqlBody(`mutation { analyze(algorithm: LOUVAIN, projection: {schemata: ["Payment"]}) { id } }`))
	if errs, _ := out["errors"].([]any); len(errs) != 1 || len(g.started) != 0 {
		t.Fatalf("answer %v, %d jobs started: want an error and no job", out, len(g.started))
	}
	_, out = do(h, "POST", "/graphql", gqlBody(`mutation { analyze(algorithm: LOUVAIN,
		projection: {relationships: ["PAID_TO", "OWNERSHIP"], weight: AMOUNT, since: "2020"}) { id status algorithm projection { relationships weight since } } }`))
	job, _ := out["data"].(map[string]any)["analyze"].(map[string]any)
	if len(g.started) != 1 || job["status"] != "queued" || job["algorithm"] != "LOUVAIN" {
		t.Fatalf("answer %v: want one queued LOUVAIN job", out)
	}
	p := g.started[0].Params.Projection
	if p.Weight != casegraph.WeightAmount || p.Window.Since != "2020" || len(p.Relationships) != 2 || p.Relationships[0] != casegraph.Paid {
		t.Fatalf("projection %+v: want PAID (for PAID_TO) and OWNERSHIP, weighted by amount, since 2020", p)
	}
}

func TestMetricsSayTheyAreComputedAndByWhichJob(t *testing.T) {
	h := handler(t, &analysisGraph{}, nil)
	_, out := do(h, "POST", "/graphql", gqlBody(`{ metrics(ids: ["p1", "p2"], algorithm: PAGERANK) {
		computed entityId value community algorithm computedAt parameters
		job { id by projection { dataset } } } }`))
	ms, _ := out["data"].(map[string]any)["metrics"].([]any)
	if len(ms) != 2 {
		t.Fatalf("answer %v: want two metrics", out)
	}
	m := ms[1].(map[string]any)
	job := m["job"].(map[string]any)
	if m["computed"] != true || m["entityId"] != "p2" || m["value"] != 1.5 || m["community"] != nil ||
		m["computedAt"] != "2026-01-02T03:05:00Z" || job["id"] != "analysis-1" || job["by"] != "alice" ||
		m["parameters"].(map[string]any)["dampingFactor"] != 0.85 || job["projection"].(map[string]any)["dataset"] != "leaks" {
		t.Fatalf("metric %v: want computed, with its job, parameters and time", m)
	}
}

// metricsSearchGraph answers a search with n people, each with one
// PageRank score (its number) from pagerankJob, and counts the queries
// Entity.metrics makes.
type metricsSearchGraph struct {
	linksGraph
	ag                    analysisGraph
	metricCalls, jobCalls atomic.Int32
}

func (g *metricsSearchGraph) GDSVersion(ctx context.Context) (string, error) {
	return g.ag.GDSVersion(ctx)
}
func (g *metricsSearchGraph) CreateAnalysisJob(ctx context.Context, j casegraph.AnalysisJob) error {
	return g.ag.CreateAnalysisJob(ctx, j)
}
func (g *metricsSearchGraph) RunAnalysis(context.Context, casegraph.AnalysisJob) error { return nil }
func (g *metricsSearchGraph) AnalysisJobs(ctx context.Context, skip, limit int) ([]casegraph.AnalysisJob, error) {
	return g.ag.AnalysisJobs(ctx, skip, limit)
}
func (g *metricsSearchGraph) Metrics(ctx context.Context, ids []string, alg casegraph.Algorithm, job string) ([]casegraph.Metric, error) {
	return g.ag.Metrics(ctx, ids, alg, job)
}
func (g *metricsSearchGraph) ProjectionLinks(context.Context, casegraph.Projection, string, int, int) (casegraph.ProjectionPage, error) {
	return casegraph.ProjectionPage{}, nil
}
func (g *metricsSearchGraph) TopEntities(context.Context, string, int) ([]casegraph.Metric, error) {
	return nil, nil
}
func (g *metricsSearchGraph) Communities(context.Context, casegraph.AnalysisJob, int, int, int) ([]casegraph.Community, int64, error) {
	return nil, 0, nil
}

func (g *metricsSearchGraph) EntitiesMetrics(_ context.Context, ids []string, _ int) (map[string][]casegraph.Metric, error) {
	g.metricCalls.Add(1)
	out := map[string][]casegraph.Metric{}
	for _, id := range ids {
		var n float64
		fmt.Sscanf(id, "p%g", &n)
		out[id] = []casegraph.Metric{{Entity: id, Job: pagerankJob.ID, Algorithm: casegraph.PageRank, Score: &n}}
	}
	return out, nil
}

func (g *metricsSearchGraph) AnalysisJob(ctx context.Context, id string) (casegraph.AnalysisJob, error) {
	g.jobCalls.Add(1)
	return g.ag.AnalysisJob(ctx, id)
}

func TestEntityMetricsOfASearchPageAreReadInOneQuery(t *testing.T) {
	g := &metricsSearchGraph{linksGraph: linksGraph{n: 40}}
	h := handler(t, g, nil)
	_, out := do(h, "POST", "/graphql", gqlBody(`{ search(query: "x", first: 40) { nodes { id
		metrics { computed value algorithm entityId job { id by } } } } }`))
	nodes, _ := out["data"].(map[string]any)["search"].(map[string]any)["nodes"].([]any)
	if len(nodes) != 40 {
		t.Fatalf("answer %v: want 40 entities", out)
	}
	for i, n := range nodes {
		ms, _ := n.(map[string]any)["metrics"].([]any)
		if len(ms) != 1 {
			t.Fatalf("entity %d: metrics %v, want one", i, n)
		}
		m := ms[0].(map[string]any)
		if m["value"] != float64(i) || m["entityId"] != fmt.Sprintf("p%d", i) || m["computed"] != true ||
			m["job"].(map[string]any)["by"] != "alice" {
			t.Fatalf("entity %d: metric %v, want its own computed PageRank %d by pagerankJob", i, m, i)
		}
	}
	if c, j := g.metricCalls.Load(), g.jobCalls.Load(); c != 1 || j != 1 {
		t.Fatalf("metrics of 40 entities took %d metric queries and %d job reads; want one each", c, j)
	}
}
