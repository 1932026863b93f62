package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
)

// failingGraph is the API's Graph interface answering with a fixed error, to
// test how the HTTP layer shows failures. Queries that work are tested
// end to end against the real Neo4j in cmd/casegraph.
type failingGraph struct {
	Graph // methods a test does not use panic if called
	err   error
}

func (f failingGraph) Ready(context.Context) error { return f.err }
func (f failingGraph) GetEntity(context.Context, string) (casegraph.Sourced, error) {
	return casegraph.Sourced{}, f.err
}
func (f failingGraph) Search(context.Context, casegraph.SearchParams) ([]casegraph.Sourced, error) {
	return nil, f.err
}
func (f failingGraph) Stats(context.Context) (casegraph.Stats, error) {
	return casegraph.Stats{}, f.err
}
func (f failingGraph) IngestJobs(context.Context, int, int) ([]casegraph.Entity, error) {
	return nil, f.err
}
func (f failingGraph) WriteBatch(context.Context, []casegraph.Entity, []casegraph.Relationship) error {
	return f.err
}

func handler(t *testing.T, g Graph, backend func() error) http.Handler {
	h, err := NewHandler(Options{Graph: g, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Backend: backend, MaxBodyBytes: 4096, NoAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func do(h http.Handler, method, path, body string) (*httptest.ResponseRecorder, map[string]any) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec, out
}

func TestErrorsAreMaskedAndClassified(t *testing.T) {
	cypherLeak := errors.New("Neo.ClientError.Statement.SyntaxError: MATCH (n:Secret) ...")
	cases := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		wantMsg    string
	}{
		{"internal error hides its text", &casegraph.Error{Code: casegraph.EINTERNAL, Message: "database error", Err: cypherLeak},
			200, casegraph.EINTERNAL, "database error"},
		{"unclassified error hides its text", cypherLeak, 200, casegraph.EINTERNAL, "internal error"},
		{"Neo4j away is a 503", &casegraph.Error{Code: casegraph.EUNAVAILABLE, Message: "Neo4j at bolt://x is not reachable", Err: cypherLeak},
			503, casegraph.EUNAVAILABLE, "Neo4j at bolt://x is not reachable"},
		{"invalid input keeps its message", casegraph.Errorf(casegraph.EINVALID, "search query has no words"),
			200, casegraph.EINVALID, "search query has no words"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, out := do(handler(t, failingGraph{err: c.err}, nil), "POST", "/graphql", `{"query":"{ stats { nodes } }"}`)
			if rec.Code != c.wantStatus {
				t.Fatalf("status %d, want %d", rec.Code, c.wantStatus)
			}
			if strings.Contains(rec.Body.String(), "Neo.ClientError") || strings.Contains(rec.Body.String(), "MATCH") {
				t.Fatalf("Cypher leaked to the client: %s", rec.Body.String())
			}
			e := out["errors"].([]any)[0].(map[string]any)
			ext := e["extensions"].(map[string]any)
			if e["message"] != c.wantMsg || ext["code"] != c.wantCode || ext["requestId"] == "" {
				t.Fatalf("got %v", e)
			}
			if ext["requestId"] != rec.Header().Get("X-Request-Id") {
				t.Fatal("error's requestId does not match the X-Request-Id header")
			}
		})
	}
}

func TestGraphQLRequestLimits(t *testing.T) {
	h := handler(t, failingGraph{}, nil)
	deep := "{ search(query:\"x\") { edges { node { sources { sources { sources { sources { sources { sources { sources { sources { sources { sources { id } } } } } } } } } } } } } }"
	cases := []struct {
		name, body string
		wantStatus int
		wantMsg    string
	}{
		{"body over the limit", `{"query":"` + strings.Repeat(" ", 5000) + `{ stats { nodes } }"}`, 413, "limit"},
		{"not JSON", `query { stats }`, 400, "not a GraphQL JSON request"},
		{"no query", `{}`, 400, "no query"},
		{"first over the cap", `{"query":"{ search(query:\"x\", first: 1000) { edges { cursor } } }"}`, 200, "first must be between 1 and 100"},
		{"too deep", `{"query":` + mustJSON(deep) + `}`, 200, "depth"},
		{"bad cursor", `{"query":"{ search(query:\"x\", after: \"!!\") { edges { cursor } } }"}`, 200, "not a cursor"},
		{"unknown schema", `{"query":"{ search(query:\"x\", schemata: [\"Spaceship\"]) { edges { cursor } } }"}`, 200, "unknown schema"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, _ := do(h, "POST", "/graphql", c.body)
			if rec.Code != c.wantStatus || !strings.Contains(rec.Body.String(), c.wantMsg) {
				t.Fatalf("got %d %s; want %d mentioning %q", rec.Code, rec.Body.String(), c.wantStatus, c.wantMsg)
			}
		})
	}
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestReadyz(t *testing.T) {
	cases := []struct {
		name    string
		graph   error
		backend error
		want    int
		msg     string
	}{
		{"ready", nil, nil, 200, "ready"},
		{"neo4j unreachable", casegraph.Errorf(casegraph.EUNAVAILABLE, "Neo4j at bolt://127.0.0.1:1 is not reachable"), nil,
			503, "is not reachable"},
		{"local neo4j died", nil, errors.New("local Neo4j at bolt://127.0.0.1:7687 exited unexpectedly"),
			503, "exited unexpectedly"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var backend func() error
			if c.backend != nil {
				backend = func() error { return c.backend }
			}
			rec, _ := do(handler(t, failingGraph{err: c.graph}, backend), "GET", "/readyz", "")
			if rec.Code != c.want || !strings.Contains(rec.Body.String(), c.msg) {
				t.Fatalf("got %d %s", rec.Code, rec.Body.String())
			}
		})
	}
	rec, _ := do(handler(t, failingGraph{err: errors.New("down")}, nil), "GET", "/healthz", "")
	if rec.Code != 200 {
		t.Fatalf("healthz must not depend on Neo4j, got %d", rec.Code)
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 20, 12345} {
		c := encodeCursor(n)
		got, err := decodeCursor(&c)
		if err != nil || got != n {
			t.Errorf("cursor %d -> %q -> %d, %v", n, c, got, err)
		}
	}
}

// hoodGraph records the NeighborhoodParams the resolver passes.
type hoodGraph struct {
	Graph
	got *casegraph.NeighborhoodParams
}

func (h hoodGraph) Ready(context.Context) error { return nil }
func (h hoodGraph) Neighborhood(_ context.Context, p casegraph.NeighborhoodParams) (casegraph.Subgraph, error) {
	*h.got = p
	return casegraph.Subgraph{}, nil
}

// The resolver asks the graph for no more than the query selects: no
// degrees unless `degrees` is asked for, slim nodes keeping just the typed
// fields asked for unless properties, aliases, jobs or links are (a slim
// node's sourceIds answer its sources).
func TestNeighborhoodAsksForWhatIsSelected(t *testing.T) {
	var got casegraph.NeighborhoodParams
	h := handler(t, hoodGraph{got: &got}, nil)
	cases := []struct {
		selection string
		noDegrees bool
		slim      bool
		keep      []string
	}{
		{`nodes { id name } edges { id }`, true, true, nil},
		{`nodes { id ... on Payment { amount currency } ... on BankAccount { iban } } degrees { id degree }`, false, true,
			[]string{"amount", "currency", "iban"}},
		{`nodes { id properties }`, true, false, nil},
		{`nodes { id aliases }`, true, false, nil},
		{`nodes { id sources { id title } }`, true, true, nil},
		{`nodes { id links { totalCount } }`, true, false, nil},
		{`truncated`, true, true, nil},
	}
	for _, c := range cases {
		got = casegraph.NeighborhoodParams{}
		body, _ := json.Marshal(map[string]any{"query": `{ neighborhood(ids: ["a"]) { ` + c.selection + ` } }`})
		rec, out := do(h, http.MethodPost, "/graphql", string(body))
		if rec.Code != http.StatusOK || out["errors"] != nil {
			t.Fatalf("%s: HTTP %d %v", c.selection, rec.Code, out["errors"])
		}
		if got.NoDegrees != c.noDegrees || got.Slim != c.slim || strings.Join(got.Keep, ",") != strings.Join(c.keep, ",") {
			t.Errorf("%s: noDegrees=%v slim=%v keep=%v, want %v %v %v", c.selection, got.NoDegrees, got.Slim, got.Keep,
				c.noDegrees, c.slim, c.keep)
		}
	}
}
