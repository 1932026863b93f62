package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// plantNetwork writes a small case as dataset prefix: a star (centre
// "c", leaves "l1".."l8") and two groups of six people each linked to
// every other ("a1".."a6", "b1".."b6") joined only through the broker
// "k", who knows a1, a2, b1 and b2; a1 paid a2 twice, 100 EUR each.
func plantNetwork(t *testing.T) (prefix, dataset string) {
	prefix = testenv.Prefix(t)
	dataset = strings.TrimSuffix(prefix, "-")
	var links [][2]string
	for i := 1; i <= 8; i++ {
		links = append(links, [2]string{"c", fmt.Sprintf("l%d", i)})
	}
	for _, g := range []string{"a", "b"} {
		for i := 1; i <= 6; i++ {
			for j := i + 1; j <= 6; j++ {
				links = append(links, [2]string{fmt.Sprintf("%s%d", g, i), fmt.Sprintf("%s%d", g, j)})
			}
		}
	}
	links = append(links, [2]string{"k", "a1"}, [2]string{"k", "a2"}, [2]string{"k", "b1"}, [2]string{"k", "b2"})
	var rows []map[string]any
	for i, l := range links {
		rows = append(rows, map[string]any{"id": fmt.Sprintf("%sr%d", prefix, i), "s": prefix + l[0], "t": prefix + l[1]})
	}
	job := prefix + "ingest"
	testenv.Cypher(t, `CREATE (:Entity:IngestJob {id: $job, schema: 'IngestJob', dataset: $dataset})
WITH 1 AS one
UNWIND $rows AS row
MERGE (s:Entity:Person {id: row.s}) ON CREATE SET s.schema = 'Person', s.name = row.s, s.jobIds = [$job]
MERGE (t:Entity:Person {id: row.t}) ON CREATE SET t.schema = 'Person', t.name = row.t, t.jobIds = [$job]
CREATE (s)-[:ASSOCIATE {id: row.id}]->(t)`, map[string]any{"job": job, "dataset": dataset, "rows": rows})
	testenv.Cypher(t, `MATCH (a1:Person {id: $p + 'a1'}), (a2:Person {id: $p + 'a2'})
UNWIND [1, 2] AS i
CREATE (a1)-[:PAID {id: $p + 'paid' + i}]->(:Entity:Payment {id: $p + 'pay' + i, schema: 'Payment', amount: 100.0,
  currency: 'EUR', date: '2020-01-0' + i, jobIds: [$job]})-[:PAID_TO {id: $p + 'to' + i}]->(a2)`,
		map[string]any{"p": prefix, "job": job})
	return prefix, dataset
}

func analyse(t *testing.T, s *graph.Store, id string, params casegraph.AnalysisParams) casegraph.AnalysisJob {
	t.Helper()
	ctx := ctxT(t)
	job := casegraph.AnalysisJob{ID: id, Params: params, By: "test", StartedAt: time.Now()}
	if err := s.CreateAnalysisJob(ctx, job); err != nil {
		t.Fatal(err)
	}
	if err := s.RunAnalysis(ctx, job); err != nil {
		t.Fatalf("%s: %v", params.Algorithm, err)
	}
	got, err := s.AnalysisJob(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != casegraph.AnalysisDone || got.Nodes != 22 {
		t.Fatalf("%s job: status %q, %d nodes, error %q; want done on 22 nodes", params.Algorithm, got.Status, got.Nodes, got.Error)
	}
	return got
}

func TestAnalysisKnownAnswers(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	prefix, dataset := plantNetwork(t)
	proj := casegraph.Projection{Dataset: dataset}
	top := func(alg casegraph.Algorithm) []casegraph.Metric {
		job := analyse(t, s, prefix+strings.ToLower(string(alg)), casegraph.AnalysisParams{Algorithm: alg, Projection: proj})
		ms, err := s.TopEntities(ctx, job.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 3 {
			t.Fatalf("%s: %d top entities, want 3", alg, len(ms))
		}
		for _, m := range ms {
			if m.Job != job.ID || m.Algorithm != alg || m.Score == nil {
				t.Fatalf("%s: metric %+v does not name its job and algorithm, or has no score", alg, m)
			}
		}
		return ms
	}
	for _, c := range []struct {
		alg  casegraph.Algorithm
		want string
	}{{casegraph.Degree, "c"}, {casegraph.PageRank, "c"}, {casegraph.Betweenness, "k"}} {
		ms := top(c.alg)
		if ms[0].Entity != prefix+c.want || *ms[1].Score >= *ms[0].Score {
			t.Errorf("%s: top is %s (%v) then %s (%v), want %s alone first", c.alg,
				ms[0].Entity, *ms[0].Score, ms[1].Entity, *ms[1].Score, prefix+c.want)
		}
	}

	communityOf := func(alg casegraph.Algorithm) (map[string]int64, casegraph.AnalysisJob) {
		job := analyse(t, s, prefix+strings.ToLower(string(alg)), casegraph.AnalysisParams{Algorithm: alg, Projection: proj})
		var ids []string
		for _, n := range []string{"c", "l1", "a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4", "b5", "a6", "b6"} {
			ids = append(ids, prefix+n)
		}
		ms, err := s.Metrics(ctx, ids, alg, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int64{}
		for _, m := range ms {
			if m.Community == nil || m.Score != nil {
				t.Fatalf("%s metric %+v: want a community and no score", alg, m)
			}
			out[strings.TrimPrefix(m.Entity, prefix)] = *m.Community
		}
		if len(out) != len(ids) {
			t.Fatalf("%s: %d metrics for %d entities", alg, len(out), len(ids))
		}
		return out, job
	}
	wcc, _ := communityOf(casegraph.WCC)
	if wcc["c"] != wcc["l1"] || wcc["a1"] != wcc["b5"] || wcc["c"] == wcc["a1"] {
		t.Errorf("components %v: want the star apart from the groups", wcc)
	}
	louvain, job := communityOf(casegraph.Louvain)
	for _, g := range []string{"a", "b"} {
		for i := 2; i <= 6; i++ {
			if louvain[fmt.Sprintf("%s%d", g, i)] != louvain[g+"1"] {
				t.Errorf("louvain %v: group %s split", louvain, g)
			}
		}
	}
	if louvain["a1"] == louvain["b1"] {
		t.Errorf("louvain %v: the two groups are one community", louvain)
	}
	page, total, err := s.Communities(ctx, job, 0, 10, 3)
	if err != nil {
		t.Fatal(err)
	}
	if total < 3 || int64(len(page)) != total {
		t.Fatalf("%d communities on the page, %d in all; want the same, at least 3", len(page), total)
	}
	money := 0.0
	for _, c := range page {
		if c.ID == louvain["a1"] {
			money = c.InternalMoney["EUR"]
			if c.Payments != 2 || c.Size < 5 || len(c.Members) != 3 {
				t.Errorf("group a's community: %+v; want 2 payments, 5+ members, 3 listed", c)
			}
		}
	}
	if money != 200 {
		t.Errorf("group a's internal money %v EUR, want 200", money)
	}

	// Every value is read back as computed by its job, never as a property
	// of the entity.
	e, err := s.GetEntity(ctx, prefix+"k")
	if err != nil {
		t.Fatal(err)
	}
	for k := range e.Entity.Properties {
		if k == "score" || k == "community" || strings.Contains(strings.ToLower(k), "pagerank") {
			t.Errorf("entity k has a computed property %q", k)
		}
	}
	mine, err := s.EntityMetrics(ctx, prefix+"k", 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 5 {
		t.Errorf("k has %d metrics, want one per algorithm (5)", len(mine))
	}
}

func TestAnalysisRefusesEmptyProjectionAndUnknownDataset(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	prefix := testenv.Prefix(t)
	for _, c := range []struct {
		name string
		proj casegraph.Projection
		code string
	}{
		{"unknown dataset", casegraph.Projection{Dataset: prefix + "none"}, casegraph.ENOTFOUND},
		{"bad schema", casegraph.Projection{Schemata: []casegraph.Schema{"Payment"}}, casegraph.EINVALID},
	} {
		t.Run(c.name, func(t *testing.T) {
			job := casegraph.AnalysisJob{ID: prefix + strings.ReplaceAll(c.name, " ", "-"), By: "test", StartedAt: time.Now(),
				Params: casegraph.AnalysisParams{Algorithm: casegraph.Degree, Projection: c.proj}}
			if err := s.CreateAnalysisJob(ctx, job); err != nil {
				t.Fatal(err)
			}
			err := s.RunAnalysis(ctx, job)
			if casegraph.ErrorCode(err) != c.code {
				t.Fatalf("error %v, want %s", err, c.code)
			}
			got, err := s.AnalysisJob(ctx, job.ID)
			if err != nil || got.Status != casegraph.AnalysisFailed || got.Error == "" {
				t.Fatalf("job %+v (%v): want failed, with its reason", got, err)
			}
		})
	}
}

func TestAnalysisSaysWhenNeo4jHasNoGDS(t *testing.T) {
	s := testenv.Store(t)
	_, err := s.ProbeGDS(ctxT(t), "gds.notInAnyNeo4j")
	if casegraph.ErrorCode(err) != casegraph.EUNAVAILABLE || !strings.HasPrefix(casegraph.ErrorMessage(err), "this Neo4j has no Graph Data Science library: ") {
		t.Fatalf("error %v: want EUNAVAILABLE saying the library is missing", err)
	}
	if v, err := s.GDSVersion(ctxT(t)); err != nil || !strings.HasPrefix(v, "2.") {
		t.Fatalf("GDS version %q (%v): the test Neo4j (the launcher's) ships GDS 2.x", v, err)
	}
}
