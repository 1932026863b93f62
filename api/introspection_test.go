package api

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
)

func graphqlBody(t *testing.T, query string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestIntrospectionWorksAndDataQueriesStayCapped: the introspection
// document every GraphQL tool sends (13 deep) is answered in full; a data
// query as deep is still refused; introspection whose lists nest deeper
// than types → fields → args is refused however shallow.
func TestIntrospectionWorksAndDataQueriesStayCapped(t *testing.T) {
	raw, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	h := handler(t, failingGraph{}, nil)
	rec, out := do(h, "POST", "/graphql", graphqlBody(t, string(raw)))
	if rec.Code != 200 || out["errors"] != nil {
		t.Fatalf("introspection: %d %s", rec.Code, rec.Body.String()[:min(500, rec.Body.Len())])
	}
	types := map[string]bool{}
	for _, ty := range out["data"].(map[string]any)["__schema"].(map[string]any)["types"].([]any) {
		types[ty.(map[string]any)["name"].(string)] = true
	}
	for _, want := range []string{"Query", "Mutation", "Person", "Match", "MoneyFlow"} {
		if !types[want] {
			t.Errorf("introspection lacks type %s", want)
		}
	}

	deep := `{ neighborhood(ids: ["a"]) { nodes { links { nodes { sources { links { nodes { sources { links { nodes { sources { links { nodes { id } } } } } } } } } } } } } }`
	rec, out = do(h, "POST", "/graphql", graphqlBody(t, deep))
	if out["errors"] == nil || !strings.Contains(rec.Body.String(), "depth") {
		t.Errorf("a data query 14 deep: %d %s", rec.Code, rec.Body.String())
	}
	mixed := strings.Replace(string(raw), "queryType { name }", "queryType { name } }\n  stats { nodes", 1)
	if rec, _ := do(h, "POST", "/graphql", graphqlBody(t, mixed)); !strings.Contains(rec.Body.String(), "depth") {
		t.Errorf("introspection beside a data field gets the data limits: %s", rec.Body.String()[:min(300, rec.Body.Len())])
	}
	explode := `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`
	rec, _ = do(h, "POST", "/graphql", graphqlBody(t, explode))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "nest at most 3") {
		t.Errorf("nested introspection lists: %d %s", rec.Code, rec.Body.String())
	}
	frag := `query Q { ...F } fragment F on Query { __type(name: "Person") { fields { type { fields { type { fields { type { fields { name } } } } } } } } }`
	if rec, _ := do(h, "POST", "/graphql", graphqlBody(t, frag)); rec.Code != 400 {
		t.Errorf("nesting through a fragment: %d %s", rec.Code, rec.Body.String())
	}
	var flood strings.Builder
	flood.WriteString("{")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&flood, " a%d: __typename", i)
	}
	flood.WriteString(" }")
	h2, err := NewHandler(Options{Graph: failingGraph{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxBodyBytes: 1 << 20, NoAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	if rec, _ := do(h2, "POST", "/graphql", graphqlBody(t, flood.String())); !strings.Contains(rec.Body.String(), "selections") {
		t.Errorf("an alias flood of introspection is refused like any other: %d %.200s", rec.Code, rec.Body.String())
	}
	if rec, out := do(h, "POST", "/graphql", graphqlBody(t, `{ __typename }`)); rec.Code != 200 || out["data"] == nil {
		t.Errorf("__typename: %d %s", rec.Code, rec.Body.String())
	}
}

func TestIntrospectionOnlyReadsDocuments(t *testing.T) {
	cases := []struct {
		doc, op     string
		only, small bool
	}{
		{`{ __schema { types { name } } }`, "", true, true},
		{`query A { __type(name: "X") { name } } query B { stats { nodes } }`, "A", true, true},
		{`query A { __type(name: "X") { name } } query B { stats { nodes } }`, "B", false, false},
		{`query A { __type(name: "X") { name } } query B { stats { nodes } }`, "", false, false},
		{`mutation { __typename }`, "", false, false},
		{`{ __schema { types { name } } stats { nodes } }`, "", false, false},
		{`{ alias: __schema { types { fields { args { name } } } } }`, "", true, true},
		{`{ ...on Query { __schema { types { name } } } }`, "", true, true},
		{`{ __schema { types { fields { args { type { fields { name } } } } } } }`, "", true, false},
		{`query Q { ...F } fragment F on Query { ...F }`, "", false, false},
		{`{ __schema(`, "", false, false},
		{`{ ` + strings.Repeat("a { ", 200) + strings.Repeat("} ", 200) + `}`, "", false, false},
	}
	for _, c := range cases {
		only, small := introspectionOnly(c.doc, c.op)
		if only != c.only || small != c.small {
			t.Errorf("%.60q (%s): only %v small %v, want %v %v", c.doc, c.op, only, small, c.only, c.small)
		}
	}
}
