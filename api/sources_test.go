package api

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/casegraph/casegraph"
)

// sourcesGraph answers a neighbourhood of n people, each citing its own
// document, joined in a chain by edges that cite another, and the links of
// any entity as one edge citing a third; it counts the statements that
// fetch entities by id and links.
type sourcesGraph struct {
	Graph
	n            int
	byID, linkOf atomic.Int32
}

func (g *sourcesGraph) Neighborhood(_ context.Context, p casegraph.NeighborhoodParams) (casegraph.Subgraph, error) {
	var sg casegraph.Subgraph
	for i := 0; i < g.n; i++ {
		id := fmt.Sprintf("p%d", i)
		sg.Nodes = append(sg.Nodes, casegraph.Node{Entity: casegraph.Entity{ID: id, Schema: casegraph.Person,
			SourceIDs: []string{"doc-" + id}}})
		if i > 0 {
			sg.Edges = append(sg.Edges, casegraph.Edge{ID: "e" + id, Type: "ASSOCIATE", Source: fmt.Sprintf("p%d", i-1),
				Target: id, SourceIDs: []string{"doc-e" + id}})
		}
	}
	return sg, nil
}

func (g *sourcesGraph) LinksOf(_ context.Context, p casegraph.LinksParams) (map[string]casegraph.Links, error) {
	g.linkOf.Add(1)
	out := map[string]casegraph.Links{}
	for _, id := range p.IDs {
		out[id] = casegraph.Links{Total: 1, Edges: []casegraph.Edge{{ID: id + "-l", Type: "ASSOCIATE", Source: id,
			Target: "x", SourceIDs: []string{"doc-l" + id}}}}
	}
	return out, nil
}

// EntitiesByID knows every document the graph above cites.
func (g *sourcesGraph) EntitiesByID(_ context.Context, ids []string) (map[string]casegraph.Entity, error) {
	g.byID.Add(1)
	out := map[string]casegraph.Entity{}
	for _, id := range ids {
		out[id] = casegraph.Entity{ID: id, Schema: casegraph.Source}
	}
	return out, nil
}

// TestSourcesOfAResponseComeInOneStatement: a neighbourhood whose nodes and
// edges all cite documents answers every one of them with its source, and
// fetches the sources of all of them in one statement; the links of its
// nodes come in one more, and their sources in at most one more (none when
// the links came before any source was asked for). Run many times, since a
// loader that batched by timing would pass only sometimes.
func TestSourcesOfAResponseComeInOneStatement(t *testing.T) {
	tests := []struct {
		name          string
		query         string
		byID, linksOf int32
		links         bool
	}{
		{"nodes and edges", `{ neighborhood(ids: ["p0"]) { nodes { id sources { id } } edges { id sources { id } } } }`, 1, 0, false},
		{"nodes, edges and links", `{ neighborhood(ids: ["p0"]) { nodes { id sources { id } links(first: 1) { nodes { id sources { id } } } }
			edges { id sources { id } } } }`, 2, 1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for run := 0; run < 20; run++ {
				g := &sourcesGraph{n: 60}
				h := handler(t, g, nil)
				rec, out := do(h, "POST", "/graphql", fmt.Sprintf(`{"query":%q}`, tc.query))
				if rec.Code != 200 || out["errors"] != nil {
					t.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
				sg := out["data"].(map[string]any)["neighborhood"].(map[string]any)
				for _, field := range []string{"nodes", "edges"} {
					items := sg[field].([]any)
					if len(items) == 0 {
						t.Fatalf("no %s: %v", field, sg)
					}
					for _, it := range items {
						it := it.(map[string]any)
						want := "doc-" + it["id"].(string)
						if got := fmt.Sprint(it["sources"]); got != fmt.Sprintf("[map[id:%s]]", want) {
							t.Fatalf("%s %v answers sources %s, want %s", field, it["id"], got, want)
						}
						if tc.links && field == "nodes" {
							l := it["links"].(map[string]any)["nodes"].([]any)[0].(map[string]any)
							if got, want := fmt.Sprint(l["sources"]), fmt.Sprintf("[map[id:doc-l%s]]", it["id"]); got != want {
								t.Fatalf("link of %v answers sources %s, want %s", it["id"], got, want)
							}
						}
					}
				}
				if n, m := g.byID.Load(), g.linkOf.Load(); n < 1 || n > tc.byID || m != tc.linksOf {
					t.Fatalf("run %d: %d statements for sources and %d for links, want at most %d and %d",
						run, n, m, tc.byID, tc.linksOf)
				}
			}
		})
	}
}
