package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/api"
	"github.com/casegraph/casegraph/internal/testenv"
	"github.com/graph-gophers/graphql-go"
	"github.com/graph-gophers/graphql-go/introspection"
)

// The fragments the questions below ask for: an entity or an edge with
// its sources (E, L), and an entity with a page of its links (EL).
var sourcesFragments = []struct{ name, text string }{
	{"EL", `fragment EL on Entity { ...E links(first: 3) { nodes { ...L } } }`},
	{"E", `fragment E on Entity { id schema sources { id } }`},
	{"L", `fragment L on Edge { id type source target sourceIds sources { id } }`},
}

// withFragments appends the fragments q uses (GraphQL refuses unused ones).
func withFragments(q string) string {
	used := q
	for _, f := range sourcesFragments {
		if strings.Contains(used+" ", "..."+f.name+" ") {
			q += "\n" + f.text
			used += " " + f.text
		}
	}
	return q
}

// sourcesQueries asks every root field that returns entities or edges for
// the sources of each of them, some fields in several ways. $a is an entity
// with payments and $b one it paid; $q is $a's name; $c (a participant of a
// meeting) is filled in from the meetings' answer.
var sourcesQueries = map[string][]string{
	"search":     {`query($q: String!) { search(query: $q, first: 10) { nodes { ...EL } } }`},
	"entity":     {`query($a: ID!) { entity(id: $a) { ...EL } }`},
	"ingestJobs": {`{ ingestJobs(first: 3) { nodes { ...EL } } }`},
	"neighborhood": {
		`query($a: ID!) { neighborhood(ids: [$a], depth: 2) { nodes { ...E properties } edges { ...L } } }`,
		`query($a: ID!) { neighborhood(ids: [$a], depth: 2, collapsePayments: false) { nodes { ...E properties } edges { ...L } } }`,
		`query($a: ID!) { neighborhood(ids: [$a], depth: 2) { nodes { id name sources { id } } edges { ...L } } }`,
		`query($a: ID!) { neighborhood(ids: [$a], depth: 2, collapsePayments: false) { nodes { id name ... on Payment { amount } sources { id } } edges { ...L } } }`,
		`query($a: ID!) { neighborhood(ids: [$a]) { nodes { ...EL } edges { ...L } } }`,
	},
	"paths":     {`query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 3) { nodes { ...EL } edges { ...L } } }`},
	"moneyFlow": {`query($a: ID!) { moneyFlow(from: $a) { nodes { ...EL } } }`},
	"meetings": {
		`{ meetings(first: 20) { nodes { event { ...EL } participants { ...EL } sources { id } } } }`,
		`query($a: ID!) { meetings(participants: [$a]) { nodes { event { ...E } participants { ...E } } } }`,
	},
	"contacts": {`query($c: ID!) { contacts(id: $c) { entity { ...EL } } }`},
	"xref":     {`{ xref(dataset: "register", first: 20) { nodes { left { ...EL } right { ...EL } } } }`},
	"matches":  {`{ matches(id: "register-lacey") { nodes { left { ...EL } right { ...EL } } } }`},
	"charges": {`{ charges(first: 20) { nodes { charge { ...EL } defendant { ...EL } case { ...EL } prosecutor { ...EL }
		sources { id } } } }`},
}

// vacuous are root fields whose answer may hold nothing that cites a
// document: the newest ingest jobs may be other tests', loaded without one.
var vacuous = map[string]bool{"ingestJobs": true}

// TestEveryEntityAndEdgeAnswersItsSources: on the demo case and on a
// generated one, every entity and edge that any query returns answers
// exactly the Sources its stored sourceIds name, whatever the query and
// however its nodes are sent (whole or slim). An empty list means "no
// source", so it must never be empty by accident. The root fields are read
// from the schema: a new one that returns entities fails this test until
// it has a question here.
func TestEveryEntityAndEdgeAnswersItsSources(t *testing.T) {
	roots := rootFieldsWithEntities(t)
	for _, f := range roots {
		if sourcesQueries[f] == nil {
			t.Errorf("root field %s returns entities or edges, but no question here asks for their sources", f)
		}
	}
	for f := range sourcesQueries {
		if !slices.Contains(roots, f) {
			t.Errorf("%s is asked here but the schema has no root field %s returning entities", f, f)
		}
	}

	loadDemo(t)
	loadAs(t, "../../examples/backpage-register/mapping.yml", "register") // the demo's people again, for xref and matches
	dir := loadGeneratedCase(t)
	payer, beneficiary := firstPayment(t, filepath.Join(dir, "payments.csv"))

	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()

	cases := []struct{ name, a, b string }{
		{"demo", "backpage-michael-lacey", "backpage-doj"},
		{"generated", "synth-" + payer, "synth-" + beneficiary},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			name, _ := obj(data(t, base, `query($a: ID!) { entity(id: $a) { name } }`, map[string]any{"a": c.a})["entity"])["name"].(string)
			if name == "" {
				t.Fatalf("%s is not in the graph", c.a)
			}
			vars := map[string]any{"a": c.a, "b": c.b, "q": name}
			cited := map[string]int{}
			// meetings first: contacts need a participant
			order := append([]string{"meetings"}, slices.DeleteFunc(slices.Clone(roots), func(f string) bool { return f == "meetings" })...)
			for _, f := range order {
				for _, q := range sourcesQueries[f] {
					qvars := map[string]any{}
					for k, v := range vars {
						if strings.Contains(q, "$"+k) {
							qvars[k] = v
						}
					}
					d := data(t, base, withFragments(q), qvars)
					cited[f] += checkSources(t, q, d)
					if f == "meetings" && vars["c"] == nil {
						for _, n := range list(obj(d["meetings"])["nodes"]) {
							for _, p := range list(obj(n)["participants"]) {
								vars["c"] = obj(p)["id"]
							}
						}
					}
				}
			}
			for _, f := range roots {
				if cited[f] == 0 && !vacuous[f] {
					t.Errorf("%s answered no entity or edge that cites a document: the check above proved nothing for it", f)
				}
			}
		})
	}
}

// rootFieldsWithEntities lists the Query fields whose answer holds an
// Entity or an Edge, at any depth, as the schema says.
func rootFieldsWithEntities(t *testing.T) []string {
	t.Helper()
	schema := graphql.MustParseSchema(api.Schema, nil, graphql.UseStringDescriptions()).Inspect()
	all := &struct{ IncludeDeprecated bool }{true}
	named := func(ty *introspection.Type) *introspection.Type {
		for ty.OfType() != nil {
			ty = ty.OfType()
		}
		return ty
	}
	memo := map[string]bool{}
	var holds func(ty *introspection.Type) bool
	holds = func(ty *introspection.Type) bool {
		ty = named(ty)
		name := *ty.Name()
		if v, seen := memo[name]; seen {
			return v
		}
		memo[name] = false // a cycle answers through its other fields
		found := name == "Entity" || name == "Edge"
		if ifs := ty.Interfaces(); ifs != nil {
			for _, i := range *ifs {
				found = found || *i.Name() == "Entity"
			}
		}
		if fields := ty.Fields(all); fields != nil && !found {
			for _, f := range *fields {
				if holds(f.Type()) {
					found = true
					break
				}
			}
		}
		memo[name] = found
		return found
	}
	var out []string
	for _, f := range *schema.QueryType().Fields(all) {
		if holds(f.Type()) {
			out = append(out, f.Name())
		}
	}
	sort.Strings(out)
	return out
}

// answered is an entity or edge of an answer with the sources it answered.
type answered struct {
	id, source, target string
	edge               bool
	sources            []string
	where              string
}

// checkSources compares the sources of every entity and edge in an answer
// with the Sources their stored sourceIds name, read straight from Neo4j,
// and returns how many of them cite at least one.
func checkSources(t *testing.T, query string, d map[string]any) int {
	t.Helper()
	var items []answered
	var walk func(v any, where string)
	walk = func(v any, where string) {
		switch v := v.(type) {
		case []any:
			for i, x := range v {
				walk(x, fmt.Sprintf("%s[%d]", where, i))
			}
		case map[string]any:
			id, hasID := v["id"].(string)
			if src, ok := v["sources"]; ok && hasID {
				a := answered{id: id, where: where, sources: []string{}}
				for _, s := range list(src) {
					a.sources = append(a.sources, obj(s)["id"].(string))
				}
				sort.Strings(a.sources)
				if _, a.edge = v["sourceIds"]; a.edge {
					a.source, a.target = v["source"].(string), v["target"].(string)
				}
				items = append(items, a)
			}
			for k, x := range v {
				if k != "sources" {
					walk(x, where+"."+k)
				}
			}
		}
	}
	walk(d, "")

	var nodes []string
	var edges []map[string]any
	for _, a := range items {
		if a.edge {
			edges = append(edges, map[string]any{"id": a.id, "source": a.source, "target": a.target})
		} else {
			nodes = append(nodes, a.id)
		}
	}
	stored := map[string][]string{} // "n:" or "e:" + id → the Sources cited
	for _, r := range testenv.Cypher(t, `UNWIND $ids AS id MATCH (n:Entity {id: id})
RETURN id, COLLECT { MATCH (s:Entity) WHERE s.id IN n.sourceIds AND s.schema = 'Source' RETURN s.id ORDER BY s.id } AS sources`,
		map[string]any{"ids": nodes}) {
		stored["n:"+r["id"].(string)] = strs(r["sources"])
	}
	// An edge is a relationship, or a payment drawn as one edge (its id is
	// the Payment's).
	for _, r := range testenv.Cypher(t, `UNWIND $edges AS e
OPTIONAL MATCH (:Entity {id: e.source})-[r {id: e.id}]-(:Entity {id: e.target})
OPTIONAL MATCH (p:Entity {id: e.id, schema: 'Payment'})
WITH e, coalesce(r.sourceIds, p.sourceIds) AS ids
RETURN e.id AS id, COLLECT { MATCH (s:Entity) WHERE s.id IN ids AND s.schema = 'Source' RETURN s.id ORDER BY s.id } AS sources`,
		map[string]any{"edges": edges}) {
		stored["e:"+r["id"].(string)] = strs(r["sources"])
	}

	cited := 0
	for _, a := range items {
		key := "n:" + a.id
		if a.edge {
			key = "e:" + a.id
		}
		want, ok := stored[key]
		if !ok {
			t.Errorf("%s: %s %s is not in the graph", query, a.where, a.id)
			continue
		}
		if len(want) > 0 {
			cited++
		}
		if !slices.Equal(a.sources, want) {
			t.Errorf("%s\n%s (%s) answers sources %v; it cites %v", query, a.where, a.id, a.sources, want)
		}
	}
	return cited
}

func strs(v any) []string {
	out := []string{}
	for _, x := range list(v) {
		out = append(out, x.(string))
	}
	return out
}

// firstPayment reads the payer and beneficiary of the generator's first
// payment.
func firstPayment(t *testing.T, file string) (payer, beneficiary string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	row, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range header {
		switch h {
		case "payer_id":
			payer = row[i]
		case "beneficiary_id":
			beneficiary = row[i]
		}
	}
	return payer, beneficiary
}

// countingGraph counts the statements that fetch sources and links.
type countingGraph struct {
	api.Graph
	byID, links atomic.Int32
}

func (g *countingGraph) EntitiesByID(ctx context.Context, ids []string) (map[string]casegraph.Entity, error) {
	g.byID.Add(1)
	return g.Graph.EntitiesByID(ctx, ids)
}

func (g *countingGraph) LinksOf(ctx context.Context, p casegraph.LinksParams) (map[string]casegraph.Links, error) {
	g.links.Add(1)
	return g.Graph.LinksOf(ctx, p)
}

// TestSourcesOfAResponseInOneStatement: on the demo case, the sources of
// every entity and edge of an answer come in one statement (none when the
// question's own statement brought them), and the links of a list of
// entities in one more.
func TestSourcesOfAResponseInOneStatement(t *testing.T) {
	loadDemo(t)
	g := &countingGraph{Graph: testenv.Store(t)}
	h, err := api.NewHandler(api.Options{Graph: g, Log: testenv.Logger(t), NoAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query       string
		byID, links int32
	}{
		{`{ neighborhood(ids: ["backpage-michael-lacey"], depth: 2) { nodes { ...E properties } edges { ...L } } }`, 1, 0},
		{`{ neighborhood(ids: ["backpage-michael-lacey"], depth: 2) { nodes { id sources { id } } edges { ...L } } }`, 1, 0},
		{`{ paths(from: "backpage-michael-lacey", to: "backpage-doj", maxHops: 3) { nodes { ...E } edges { ...L } } }`, 1, 0},
		{`{ moneyFlow(from: "backpage-michael-lacey") { nodes { ...E } } }`, 1, 0},
		{`{ meetings(participants: ["backpage-michael-lacey"]) { nodes { event { ...E } participants { ...E } } } }`, 1, 0},
		{`{ contacts(id: "backpage-michael-lacey") { entity { ...E } } }`, 1, 0},
		{`{ charges(defendant: "backpage-michael-lacey") { nodes { charge { ...E } defendant { ...E } case { ...E } prosecutor { ...E } } } }`, 1, 0},
		{`{ search(query: "lacey") { nodes { ...E } } }`, 0, 0},
		{`{ search(query: "lacey") { nodes { ...EL } } }`, 1, 1},
		{`{ entity(id: "backpage-michael-lacey") { ...EL } }`, 1, 1},
	}
	for _, tc := range tests {
		g.byID.Store(0)
		g.links.Store(0)
		body, _ := json.Marshal(map[string]any{"query": withFragments(tc.query)})
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
			t.Fatalf("%s: %d %s", tc.query, rec.Code, rec.Body.String())
		}
		if n, l := g.byID.Load(), g.links.Load(); n != tc.byID || l != tc.links {
			t.Errorf("%s: %d statements for sources and %d for links, want %d and %d", tc.query, n, l, tc.byID, tc.links)
		}
	}
}
