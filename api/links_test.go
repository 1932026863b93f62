package api

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/casegraph/casegraph"
)

// linksGraph answers Search with n people and counts LinksOf calls.
type linksGraph struct {
	Graph
	n     int
	calls atomic.Int32
}

func (g *linksGraph) Search(_ context.Context, p casegraph.SearchParams) ([]casegraph.Sourced, error) {
	var out []casegraph.Sourced
	for i := 0; i < g.n && i < p.Limit+1; i++ {
		out = append(out, casegraph.Sourced{Entity: casegraph.Entity{ID: fmt.Sprintf("p%d", i), Schema: casegraph.Person}})
	}
	return out, nil
}

func (g *linksGraph) LinksOf(_ context.Context, p casegraph.LinksParams) (map[string]casegraph.Links, error) {
	g.calls.Add(1)
	out := map[string]casegraph.Links{}
	for _, id := range p.IDs {
		out[id] = casegraph.Links{Total: 3, Edges: []casegraph.Edge{{ID: id + "-r", Type: "ASSOCIATE", Source: id, Target: "x"}}}
	}
	return out, nil
}

func (g *linksGraph) EntitiesByID(context.Context, []string) (map[string]casegraph.Entity, error) {
	return map[string]casegraph.Entity{}, nil
}

func TestLinksOfAPageAreFetchedInOneQuery(t *testing.T) {
	g := &linksGraph{n: 50}
	h := handler(t, g, nil)
	rec, out := do(h, "POST", "/graphql", `{"query":"{ search(query:\"x\", first: 50) { nodes { id links(first: 1) { totalCount nodes { type source } pageInfo { hasNextPage } } } } }"}`)
	if rec.Code != 200 || out["errors"] != nil {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	nodes := out["data"].(map[string]any)["search"].(map[string]any)["nodes"].([]any)
	if len(nodes) != 50 {
		t.Fatalf("got %d nodes", len(nodes))
	}
	links := nodes[7].(map[string]any)["links"].(map[string]any)
	if links["totalCount"] != 3.0 || !links["pageInfo"].(map[string]any)["hasNextPage"].(bool) ||
		!strings.Contains(fmt.Sprint(links["nodes"]), "p7") {
		t.Fatalf("links of p7: %v", links)
	}
	if c := g.calls.Load(); c != 1 {
		t.Fatalf("links of 50 entities took %d queries; want one", c)
	}
}
