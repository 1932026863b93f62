package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
)

// projectionParams are the parameters of the projection statement for p,
// as a job passes them.
func projectionParams(ctx context.Context, driver neo4j.DriverWithContext, name string, p casegraph.Projection) (map[string]any, error) {
	params := map[string]any{"graph": name, "jobs": nil, "since": nil, "until": nil}
	if p.Dataset != "" {
		res, err := neo4j.ExecuteQuery(ctx, driver, `MATCH (j:IngestJob {dataset: $d}) RETURN collect(j.id) AS jobs`,
			map[string]any{"d": p.Dataset}, neo4j.EagerResultTransformer)
		if err != nil {
			return nil, err
		}
		params["jobs"], _ = res.Records[0].Get("jobs")
	}
	return params, nil
}

// plain runs the same projection and the same GDS algorithm in stream mode
// straight through the driver, reading every row, then drops the
// projection: GDS without casegraph.
func plain(ctx context.Context, driver neo4j.DriverWithContext, p casegraph.AnalysisParams, cfg map[string]any) (time.Duration, error) {
	stmt, err := graph.ProjectionStatement(p.Projection)
	if err != nil {
		return 0, err
	}
	name := "bench-plain"
	params, err := projectionParams(ctx, driver, name, p.Projection)
	if err != nil {
		return 0, err
	}
	proc, column := graph.GDSProcedure(p.Algorithm)
	start := time.Now()
	if _, err := neo4j.ExecuteQuery(ctx, driver, stmt, params, neo4j.EagerResultTransformer); err != nil {
		return 0, err
	}
	defer neo4j.ExecuteQuery(context.WithoutCancel(ctx), driver, `CALL gds.graph.drop($g, false) YIELD graphName RETURN graphName`,
		map[string]any{"g": name}, neo4j.EagerResultTransformer)
	res, err := neo4j.ExecuteQuery(ctx, driver, fmt.Sprintf(`CALL %s($g, $config) YIELD nodeId, %s AS value
RETURN gds.util.asNode(nodeId).id AS entity, value`, proc, column),
		map[string]any{"g": name, "config": cfg}, neo4j.EagerResultTransformer)
	if err != nil {
		return 0, err
	}
	if len(res.Records) == 0 {
		return 0, fmt.Errorf("no rows")
	}
	return time.Since(start), nil
}

// extract writes the projection's links (as GDS holds them: source,
// target, weight by GDS node id) to a TSV for networkx.
func extract(ctx context.Context, store *graph.Store, driver neo4j.DriverWithContext, p casegraph.Projection, dir string) (string, error) {
	p, err := p.WithDefaults()
	if err != nil {
		return "", err
	}
	stmt, err := graph.ProjectionStatement(p)
	if err != nil {
		return "", err
	}
	params, err := projectionParams(ctx, driver, "bench-extract", p)
	if err != nil {
		return "", err
	}
	if _, err := neo4j.ExecuteQuery(ctx, driver, stmt, params, neo4j.EagerResultTransformer); err != nil {
		return "", err
	}
	defer neo4j.ExecuteQuery(context.WithoutCancel(ctx), driver, `CALL gds.graph.drop('bench-extract', false) YIELD graphName RETURN graphName`,
		nil, neo4j.EagerResultTransformer)
	res, err := neo4j.ExecuteQuery(ctx, driver, `CALL gds.graph.relationshipProperty.stream('bench-extract', 'weight')
YIELD sourceNodeId, targetNodeId, propertyValue
WHERE sourceNodeId < targetNodeId
RETURN sourceNodeId AS s, targetNodeId AS t, propertyValue AS w`, nil, neo4j.EagerResultTransformer)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, r := range res.Records {
		s, _ := r.Get("s")
		t, _ := r.Get("t")
		w, _ := r.Get("w")
		fmt.Fprintf(&b, "%d\t%d\t%v\n", s, t, w)
	}
	path := filepath.Join(dir, "links.tsv")
	fmt.Printf("networkx extract: %d links in %s\n", len(res.Records), path)
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

// networkxScript times one algorithm on the links; betweenness samples
// fewer sources than GDS (k) and its time is scaled to GDS's sample.
const networkxScript = `
import sys, time, networkx as nx
path, alg, k, full = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
g = nx.Graph()
with open(path) as f:
    for line in f:
        s, t, w = line.split("\t")
        g.add_edge(int(s), int(t), weight=float(w))
start = time.perf_counter()
if alg == "PAGERANK":
    nx.pagerank(g, alpha=0.85, max_iter=20, tol=1e-7, weight="weight")
elif alg == "DEGREE":
    dict(g.degree(weight="weight"))
elif alg == "WCC":
    list(nx.connected_components(g))
elif alg == "LOUVAIN":
    nx.community.louvain_communities(g, weight="weight", seed=42)
elif alg == "BETWEENNESS":
    nx.betweenness_centrality(g, k=min(k, g.number_of_nodes()), seed=42)
took = time.perf_counter() - start
if alg == "BETWEENNESS" and k < full:
    took *= full / k
print(took)
`

// networkxSources is how many sources networkx's betweenness samples; its
// time is scaled up to the sample GDS used.
const networkxSources = 100

func networkx(ctx context.Context, python, edges string, alg casegraph.Algorithm, cfg map[string]any, nodes int64) (time.Duration, error) {
	full := nodes // GDS's betweenness starts from every node unless it samples
	if v, ok := cfg["samplingSize"].(int64); ok {
		full = v
	}
	out, err := exec.CommandContext(ctx, python, "-c", networkxScript, edges, string(alg),
		strconv.Itoa(networkxSources), strconv.FormatInt(full, 10)).Output()
	if err != nil {
		return 0, err
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	return time.Duration(secs * float64(time.Second)), err
}
