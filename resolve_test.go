package casegraph

import (
	"slices"
	"sort"
	"testing"
)

// clusters is a Resolution from explicit groups; the smallest id stands
// for its group.
type clusters map[string][]string

func groups(gs ...[]string) clusters {
	c := clusters{}
	for _, g := range gs {
		g = slices.Clone(g)
		sort.Strings(g)
		for _, id := range g {
			c[id] = g
		}
	}
	return c
}

func (c clusters) Canonical(id string) string { return c.Members(id)[0] }
func (c clusters) Members(id string) []string {
	if g, ok := c[id]; ok {
		return g
	}
	return []string{id}
}

func TestMergeRecordsKeepsEveryNameSourceAndProperty(t *testing.T) {
	a := Entity{ID: "b-lacey", Schema: Person, Name: "LACEY, Michael", Aliases: []string{"Mike Lacey"},
		SourceIDs: []string{"s2"}, JobIDs: []string{"j2"}, Properties: map[string]any{"position": "founder", "nationality": []any{"US"}}}
	b := Entity{ID: "a-lacey", Schema: Person, Name: "Michael Lacey", Aliases: []string{"Lacey"},
		SourceIDs: []string{"s1"}, JobIDs: []string{"j1"}, Properties: map[string]any{"position": "editor", "nationality": []any{"USA"}, "birthDate": "1948"}}
	got := MergeRecords("a-lacey", []Entity{a, b})
	if got.ID != "a-lacey" || got.Name != "Michael Lacey" {
		t.Fatalf("the canonical record names the entity: %+v", got)
	}
	if want := []string{"Lacey", "LACEY, Michael", "Mike Lacey"}; !slices.Equal(got.Aliases, want) {
		t.Errorf("aliases %v, want %v", got.Aliases, want)
	}
	if !slices.Equal(got.SourceIDs, []string{"s1", "s2"}) || !slices.Equal(got.JobIDs, []string{"j1", "j2"}) {
		t.Errorf("sources %v jobs %v", got.SourceIDs, got.JobIDs)
	}
	if got.Properties["position"] != "editor" || got.Properties["birthDate"] != "1948" {
		t.Errorf("scalar properties: the canonical record's, then the others' where it has none: %v", got.Properties)
	}
	if n := got.Properties["nationality"].([]any); len(n) != 2 {
		t.Errorf("list properties are joined: %v", n)
	}
	if got := MergeRecords("x", []Entity{a}); got.ID != "x" || got.Name != "LACEY, Michael" {
		t.Errorf("without the canonical record the first one names it: %+v", got)
	}
}

func TestResolveSubgraphDrawsAClusterAsOneNode(t *testing.T) {
	r := groups([]string{"a1", "a2"})
	sg := Subgraph{
		Nodes: []Node{{Entity: Entity{ID: "a1"}, Degree: 2}, {Entity: Entity{ID: "a2"}, Degree: 3, Hidden: 1}, {Entity: Entity{ID: "x"}}},
		Edges: []Edge{{ID: "e1", Type: "ASSOCIATE", Source: "a1", Target: "x"}, {ID: "e2", Type: "DIRECTORSHIP", Source: "a2", Target: "x"},
			{ID: "e1", Type: "ASSOCIATE", Source: "a1", Target: "x"}},
	}
	merged := Merged{"a1": {ID: "a1", Name: "merged"}}
	got := ResolveSubgraph(sg, r, merged)
	if len(got.Nodes) != 2 || got.Nodes[0].ID != "a1" || got.Nodes[0].Name != "merged" || got.Nodes[0].Degree != 5 || got.Nodes[0].Hidden != 1 {
		t.Fatalf("nodes: %+v", got.Nodes)
	}
	if len(got.Edges) != 2 || got.Edges[1].Source != "a1" {
		t.Fatalf("edges (each once, pointing at the canonical id): %+v", got.Edges)
	}
}

func TestResolveMoneyFlowCountsEachPaymentOnce(t *testing.T) {
	r := groups([]string{"l1", "l2"}, []string{"bank1", "bank2"})
	mf := MoneyFlow{
		Flows: []Flow{
			{Payer: "l1", Beneficiary: "bank1", Currency: "USD", Total: 0.1, Count: 1, FirstDate: "2020", LastDate: "2020", PaymentIDs: []string{"p1"}},
			{Payer: "l2", Beneficiary: "bank2", Currency: "USD", Total: 0.2, Count: 1, FirstDate: "2019-05", LastDate: "2019-05", PaymentIDs: []string{"p2"}},
			{Payer: "l1", Beneficiary: "l2", Currency: "USD", Total: 99, Count: 1, PaymentIDs: []string{"p3"}},
			{Payer: "bank1", Beneficiary: "z", Currency: "EUR", Total: 5, Count: 1, PaymentIDs: []string{"p4"}},
		},
		Nodes:  []Node{{Entity: Entity{ID: "l1"}}, {Entity: Entity{ID: "l2"}}, {Entity: Entity{ID: "bank2"}}},
		Chains: []Chain{{PaymentIDs: []string{"p2"}, Parties: []string{"l2", "bank2"}}},
	}
	got := ResolveMoneyFlow(mf, r, Merged{}, "l2", Outgoing)
	if len(got.Flows) != 3 {
		t.Fatalf("flows: %+v", got.Flows)
	}
	f := got.Flows[0]
	if f.Payer != "l1" || f.Beneficiary != "bank1" || f.Count != 2 || f.FirstDate != "2019-05" || f.LastDate != "2020" ||
		!slices.Equal(f.PaymentIDs, []string{"p1", "p2"}) {
		t.Errorf("merged flow: %+v", f)
	}
	if f.Total != 0.30000000000000004 && f.Total != 0.3 {
		t.Errorf("total %v", f.Total)
	}
	if len(got.Totals) != 1 || got.Totals["USD"] != f.Total {
		t.Errorf("totals at the origin: the money it paid others, not itself: %v", got.Totals)
	}
	if got.Chains[0].Parties[0] != "l1" || got.Chains[0].Parties[1] != "bank1" {
		t.Errorf("chains name canonical ids: %v", got.Chains[0].Parties)
	}
	if len(got.Nodes) != 2 {
		t.Errorf("nodes once each: %+v", got.Nodes)
	}
	in := ResolveMoneyFlow(mf, r, Merged{}, "bank2", Incoming)
	if in.Totals["USD"] != f.Total || len(in.Totals) != 1 {
		t.Errorf("incoming totals of the merged bank: %v", in.Totals)
	}
}

func TestResolveContactsCountsEventsOnce(t *testing.T) {
	r := groups([]string{"l1", "l2"})
	lists := [][]Contact{
		{{Entity: Entity{ID: "allen", Name: "Allen"}, Count: 2, FirstDate: "2011-03", LastDate: "2012", EventIDs: []string{"e1", "e2"}},
			{Entity: Entity{ID: "l2"}, Count: 1, EventIDs: []string{"e1"}}},
		{{Entity: Entity{ID: "allen", Name: "Allen"}, Count: 2, FirstDate: "2010", LastDate: "2011-03", EventIDs: []string{"e1", "e3"}}},
	}
	got := ResolveContacts(lists, r, Merged{}, "l2")
	if len(got) != 1 || got[0].Count != 3 || got[0].FirstDate != "2010" || got[0].LastDate != "2012" {
		t.Fatalf("one contact, three events, the widest dates; not itself: %+v", got)
	}
}

func TestResolvePathsDropsPathsThroughOneEntityTwice(t *testing.T) {
	r := groups([]string{"a1", "a2"})
	n := func(id string) Node { return Node{Entity: Entity{ID: id}} }
	paths := []Path{
		{Nodes: []Node{n("a1"), n("x"), n("a2"), n("b")}, Edges: []Edge{{ID: "1"}, {ID: "2"}, {ID: "3"}}},
		{Nodes: []Node{n("a2"), n("y"), n("b")}, Edges: []Edge{{ID: "4", Source: "a2", Target: "y"}, {ID: "5"}}},
		{Nodes: []Node{n("a1"), n("b")}, Edges: []Edge{{ID: "6"}}},
		{Nodes: []Node{n("a1"), n("b")}, Edges: []Edge{{ID: "6"}}},
	}
	got := ResolvePaths(paths, r, Merged{}, 5)
	if len(got) != 2 || len(got[0].Edges) != 1 || got[1].Nodes[0].ID != "a1" || got[1].Edges[0].Source != "a1" {
		t.Fatalf("paths: %+v", got)
	}
	if got := ResolvePaths(paths, r, Merged{}, 1); len(got) != 1 {
		t.Fatalf("limit: %d", len(got))
	}
}

func TestResolveHitsKeepsTheBestOfACluster(t *testing.T) {
	r := groups([]string{"a1", "a2"})
	hits := []Sourced{{Entity: Entity{ID: "a2", Name: "LACEY"}, Score: 3}, {Entity: Entity{ID: "b"}, Score: 2}, {Entity: Entity{ID: "a1"}, Score: 1}}
	got := ResolveHits(hits, r, Merged{"a1": {ID: "a1", Name: "Michael Lacey"}})
	if len(got) != 2 || got[0].ID != "a1" || got[0].Name != "Michael Lacey" || got[0].Score != 3 {
		t.Fatalf("hits: %+v", got)
	}
}
