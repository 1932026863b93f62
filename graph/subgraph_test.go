package graph

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
)

// Rows for the builder, written short: ent("p1", Person), and a link
// "OWNERSHIP r1 > b" (out), "< b" (in); a link to a known node has no node.
func ent(id string, schema casegraph.Schema) *casegraph.Entity {
	return &casegraph.Entity{ID: id, Schema: schema, Name: strings.ToUpper(id)}
}

func link(typ, id string, out bool, other *casegraph.Entity, otherID string) hoodLink {
	l := hoodLink{edge: casegraph.Edge{ID: id, Type: typ}, out: out, other: otherID, node: other}
	if other != nil {
		l.degree = 3
	}
	return l
}

// nodesOf and edgesOf describe a subgraph for comparison: "id" or
// "id hidden=n"; "TYPE id source>target".
func nodesOf(sg casegraph.Subgraph) []string {
	var out []string
	for _, n := range sg.Nodes {
		s := n.ID
		if n.Hidden > 0 {
			s += fmt.Sprintf(" hidden=%d", n.Hidden)
		}
		out = append(out, s)
	}
	return out
}

func edgesOf(sg casegraph.Subgraph) []string {
	var out []string
	for _, e := range sg.Edges {
		out = append(out, fmt.Sprintf("%s %s %s>%s", e.Type, e.ID, e.Source, e.Target))
	}
	return out
}

func TestHoodBuilderExpand(t *testing.T) {
	a, b, c, d := ent("a", casegraph.Person), ent("b", casegraph.Company), ent("c", casegraph.Company), ent("d", casegraph.Person)
	for _, tc := range []struct {
		name      string
		limit     int
		seeds     []*casegraph.Entity
		levels    []map[string]hoodRow // expanded one after the other, each from the frontier the last returned
		nodes     []string
		edges     []string
		frontiers [][]string
		truncated bool
	}{
		{
			name: "links in order, direction kept", limit: 10, seeds: []*casegraph.Entity{a},
			levels: []map[string]hoodRow{{"a": {matching: 2, links: []hoodLink{
				link("OWNERSHIP", "r1", true, b, "b"), link("DIRECTORSHIP", "r2", false, c, "c")}}}},
			nodes:     []string{"a", "b", "c"},
			edges:     []string{"OWNERSHIP r1 a>b", "DIRECTORSHIP r2 c>a"},
			frontiers: [][]string{{"b", "c"}},
		},
		{
			name: "hub protection: links left out are hidden", limit: 10, seeds: []*casegraph.Entity{a},
			levels: []map[string]hoodRow{{"a": {matching: 7, links: []hoodLink{link("OWNERSHIP", "r1", true, b, "b")}}}},
			nodes:  []string{"a hidden=6", "b"}, edges: []string{"OWNERSHIP r1 a>b"},
			frontiers: [][]string{{"b"}}, truncated: true,
		},
		{
			name: "the node limit hides the links past it", limit: 2, seeds: []*casegraph.Entity{a},
			levels: []map[string]hoodRow{{"a": {matching: 3, links: []hoodLink{
				link("OWNERSHIP", "r1", true, b, "b"), link("OWNERSHIP", "r2", true, c, "c"), link("OWNERSHIP", "r3", true, d, "d")}}}},
			nodes: []string{"a hidden=2", "b"}, edges: []string{"OWNERSHIP r1 a>b"},
			frontiers: [][]string{{"b"}}, truncated: true,
		},
		{
			name: "an edge met from both ends is drawn once; known ends come without a node", limit: 10,
			seeds: []*casegraph.Entity{a, b},
			levels: []map[string]hoodRow{{
				"a": {matching: 1, links: []hoodLink{link("OWNERSHIP", "r1", true, nil, "b")}},
				"b": {matching: 2, links: []hoodLink{link("OWNERSHIP", "r1", false, nil, "a"), link("ASSOCIATE", "r2", true, c, "c")}},
			}},
			nodes:     []string{"a", "b", "c"},
			edges:     []string{"OWNERSHIP r1 a>b", "ASSOCIATE r2 b>c"},
			frontiers: [][]string{{"c"}},
		},
		{
			name: "an unknown end sent without a node (the subgraph was full) is hidden", limit: 10, seeds: []*casegraph.Entity{a},
			levels: []map[string]hoodRow{{"a": {matching: 1, links: []hoodLink{link("OWNERSHIP", "r1", true, nil, "b")}}}},
			nodes:  []string{"a hidden=1"}, frontiers: [][]string{nil}, truncated: true,
		},
		{
			name: "two levels; an entity without a row is skipped", limit: 10, seeds: []*casegraph.Entity{a},
			levels: []map[string]hoodRow{
				{"a": {matching: 2, links: []hoodLink{link("OWNERSHIP", "r1", true, b, "b"), link("OWNERSHIP", "r2", true, c, "c")}}},
				{"c": {matching: 2, links: []hoodLink{link("OWNERSHIP", "r2", false, nil, "a"), link("FAMILY", "r3", false, d, "d")}}},
			},
			nodes:     []string{"a", "b", "c", "d"},
			edges:     []string{"OWNERSHIP r1 a>b", "OWNERSHIP r2 a>c", "FAMILY r3 d>c"},
			frontiers: [][]string{{"b", "c"}, {"d"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newHoodBuilder(tc.limit)
			var frontier []string
			for _, s := range tc.seeds {
				b.addNode(*s, 1)
				frontier = append(frontier, s.ID)
			}
			var frontiers [][]string
			for _, rows := range tc.levels {
				frontier = b.expand(frontier, rows)
				frontiers = append(frontiers, frontier)
			}
			if got := nodesOf(b.sg); !reflect.DeepEqual(got, tc.nodes) {
				t.Errorf("nodes %q, want %q", got, tc.nodes)
			}
			if got := edgesOf(b.sg); !reflect.DeepEqual(got, tc.edges) {
				t.Errorf("edges %q, want %q", got, tc.edges)
			}
			if !reflect.DeepEqual(frontiers, tc.frontiers) {
				t.Errorf("frontiers %q, want %q", frontiers, tc.frontiers)
			}
			if b.sg.Truncated != tc.truncated {
				t.Errorf("truncated %v, want %v", b.sg.Truncated, tc.truncated)
			}
		})
	}
}

func TestHoodBuilderPaymentsAndKnown(t *testing.T) {
	b := newHoodBuilder(10)
	for _, e := range []*casegraph.Entity{ent("a", casegraph.Person), ent("p1", casegraph.Payment), ent("c", casegraph.Company), ent("p2", casegraph.Payment)} {
		b.addNode(*e, 0)
	}
	if got, want := b.payments([]string{"a", "p1", "c", "p2"}), []string{"p1", "p2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("payments %q, want %q", got, want)
	}
	if got, want := b.known(), []string{"a", "p1", "c", "p2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("known %q, want %q", got, want)
	}
}

func TestHoodCollapsePayments(t *testing.T) {
	node := func(id string, schema casegraph.Schema) casegraph.Node {
		n := casegraph.Node{Entity: *ent(id, schema)}
		if schema == casegraph.Payment {
			n.Properties = map[string]any{"amount": int64(100), "currency": "USD", "date": "2016-08-30"}
			n.SourceIDs = []string{"src"}
		}
		return n
	}
	edge := func(typ, id, from, to string) casegraph.Edge {
		return casegraph.Edge{ID: id, Type: typ, Source: from, Target: to}
	}
	for _, tc := range []struct {
		name  string
		seeds []string
		sg    casegraph.Subgraph
		nodes []string
		edges []string
	}{
		{
			name: "payer and beneficiary in the subgraph: one PAYMENT edge; the payment's account goes", seeds: []string{"a"},
			sg: casegraph.Subgraph{
				Nodes: []casegraph.Node{node("a", casegraph.Person), node("p", casegraph.Payment), node("b", casegraph.Company),
					node("acct", casegraph.BankAccount)},
				Edges: []casegraph.Edge{edge("PAID", "e1", "a", "p"), edge("PAID_TO", "e2", "p", "b"), edge("FROM_ACCOUNT", "e3", "p", "acct")},
			},
			nodes: []string{"a", "b"},
			edges: []string{"PAYMENT p a>b"},
		},
		{
			name: "a payment without its beneficiary stays a node", seeds: []string{"a"},
			sg: casegraph.Subgraph{
				Nodes: []casegraph.Node{node("a", casegraph.Person), node("p", casegraph.Payment)},
				Edges: []casegraph.Edge{edge("PAID", "e1", "a", "p")},
			},
			nodes: []string{"a", "p"},
			edges: []string{"PAID e1 a>p"},
		},
		{
			name: "a payment asked for by id stays a node", seeds: []string{"p"},
			sg: casegraph.Subgraph{
				Nodes: []casegraph.Node{node("p", casegraph.Payment), node("a", casegraph.Person), node("b", casegraph.Company)},
				Edges: []casegraph.Edge{edge("PAID", "e1", "a", "p"), edge("PAID_TO", "e2", "p", "b")},
			},
			nodes: []string{"p", "a", "b"},
			edges: []string{"PAID e1 a>p", "PAID_TO e2 p>b"},
		},
		{
			name: "the PAYMENT edge takes the place of the payment's first edge", seeds: []string{"a"},
			sg: casegraph.Subgraph{
				Nodes: []casegraph.Node{node("a", casegraph.Person), node("c", casegraph.Company), node("p", casegraph.Payment), node("b", casegraph.Company)},
				Edges: []casegraph.Edge{edge("OWNERSHIP", "e0", "a", "c"), edge("PAID", "e1", "a", "p"), edge("DIRECTORSHIP", "e4", "a", "b"),
					edge("PAID_TO", "e2", "p", "b")},
			},
			nodes: []string{"a", "c", "b"},
			edges: []string{"OWNERSHIP e0 a>c", "PAYMENT p a>b", "DIRECTORSHIP e4 a>b"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sg := tc.sg
			hoodCollapsePayments(&sg, tc.seeds)
			if got := nodesOf(sg); !reflect.DeepEqual(got, tc.nodes) {
				t.Errorf("nodes %q, want %q", got, tc.nodes)
			}
			if got := edgesOf(sg); !reflect.DeepEqual(got, tc.edges) {
				t.Errorf("edges %q, want %q", got, tc.edges)
			}
			for _, e := range sg.Edges {
				if e.Type != casegraph.PaymentEdge {
					continue
				}
				if e.Amount == nil || *e.Amount != 100 || e.Currency != "USD" || e.Date != "2016-08-30" || e.PaymentID != "p" ||
					!reflect.DeepEqual(e.SourceIDs, []string{"src"}) {
					t.Errorf("PAYMENT edge %+v does not carry the payment's amount, currency, date, id and sources", e)
				}
			}
		})
	}
}
