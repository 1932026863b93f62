package api

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/casegraph/casegraph"
)

// healthGraph is a Graph whose store knows whether Neo4j is down; it counts
// the queries that reach it.
type healthGraph struct {
	failingGraph
	mu      sync.Mutex
	down    error
	marked  error
	queries int
}

func (g *healthGraph) Unavailable() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.down
}

func (g *healthGraph) MarkDown(cause error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.marked = cause
}

func (g *healthGraph) Stats(ctx context.Context) (casegraph.Stats, error) {
	g.mu.Lock()
	g.queries++
	g.mu.Unlock()
	return g.failingGraph.Stats(ctx)
}

// TestHostileOutageGate: while Neo4j is known down (the store says so, or
// the local Neo4j is not running) requests that need Neo4j answer 503 with
// Retry-After without reaching the store; probes and in-memory routes are
// still served; every 503, whoever writes it, carries Retry-After; no answer
// names the Bolt URI.
func TestHostileOutageGate(t *testing.T) {
	storeDown := &casegraph.Error{Code: casegraph.EUNAVAILABLE, Message: "Neo4j is not reachable; try again shortly",
		Err: errors.New("bolt://127.0.0.1:7687: connection refused")}
	childDead := errors.New("local Neo4j exited unexpectedly (signal: killed)")
	cases := []struct {
		name        string
		down        error // what the store knows
		backend     error // what the supervisor knows
		queryErr    error // what a query that reaches the store returns
		method      string
		path        string
		wantStatus  int
		wantQueries int
		wantMarked  bool
	}{
		{"store knows Neo4j is down", storeDown, nil, nil, "POST", "/graphql", 503, 0, false},
		{"local Neo4j is not running", nil, childDead, nil, "POST", "/graphql", 503, 0, true},
		{"views need Neo4j too", storeDown, nil, nil, "GET", "/api/views", 503, 0, false},
		{"Neo4j up: the query runs", nil, nil, nil, "POST", "/graphql", 200, 1, false},
		{"a query finding Neo4j away is a 503 with Retry-After", nil, nil, storeDown, "POST", "/graphql", 503, 1, false},
		{"healthz is served", storeDown, childDead, nil, "GET", "/healthz", 200, 0, false},
		{"readyz says why, with Retry-After", storeDown, nil, storeDown, "GET", "/readyz", 503, 0, false},
		{"an upload's status is in memory", storeDown, nil, nil, "GET", "/api/ingest/nope", 404, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := &healthGraph{failingGraph: failingGraph{err: c.queryErr}, down: c.down}
			var backend func() error
			if c.backend != nil {
				backend = func() error { return c.backend }
			}
			body := ""
			if c.method == "POST" {
				body = `{"query":"{ stats { nodes } }"}`
			}
			rec, out := do(handler(t, g, backend), c.method, c.path, body)
			if rec.Code != c.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.wantStatus, rec.Body)
			}
			if ra := rec.Header().Get("Retry-After"); (rec.Code == 503) != (ra != "") {
				t.Errorf("status %d with Retry-After %q", rec.Code, ra)
			}
			if strings.Contains(rec.Body.String(), "bolt://") {
				t.Errorf("answer names the Bolt URI: %s", rec.Body)
			}
			if g.queries != c.wantQueries {
				t.Errorf("%d queries reached the store, want %d", g.queries, c.wantQueries)
			}
			if (g.marked != nil) != c.wantMarked {
				t.Errorf("store marked down: %v, want %v", g.marked, c.wantMarked)
			}
			if rec.Code == 503 && c.path == "/graphql" {
				errs, _ := out["errors"].([]any)
				if len(errs) == 0 || errs[0].(map[string]any)["extensions"].(map[string]any)["code"] != casegraph.EUNAVAILABLE {
					t.Errorf("a GraphQL 503 should carry an unavailable error: %v", out)
				}
			}
		})
	}
}
