package graph_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// hoodCase loads a small version of the demo case under prefix p:
//
//	lacey -DIRECTORSHIP(2004..2018-04)-> backpage <-DIRECTORSHIP(2004..)- larkin
//	lacey -ASSOCIATE(1970..)-> larkin
//	lacey -ATTENDED-> meeting(2011-06-01) <-ATTENDED- allen
//	lacey -PAID-> payment(2016-08-30, 16.5M USD) -PAID_TO-> bank
//	payment -TO_ACCOUNT-> account
//	lacey -CHARGED_WITH-> count1(outcome 2023-11-16) -IN_CASE-> trial -PROSECUTED_BY-> doj
//	lacey, backpage -CITED_IN-> article (a Source)
func hoodCase(t *testing.T, s *graph.Store, p string) {
	t.Helper()
	t.Cleanup(func() { testenv.DeleteByPrefix(t, p) })
	src := []string{p + "article"}
	ents := []casegraph.Entity{
		{ID: p + "lacey", Schema: casegraph.Person, Name: "Michael Lacey", SourceIDs: src},
		{ID: p + "larkin", Schema: casegraph.Person, Name: "Jim Larkin", SourceIDs: src},
		{ID: p + "allen", Schema: casegraph.Person, Name: "Allen", SourceIDs: src},
		{ID: p + "backpage", Schema: casegraph.Company, Name: "Backpage", SourceIDs: src},
		{ID: p + "bank", Schema: casegraph.Company, Name: "Hungarian bank", SourceIDs: src},
		{ID: p + "account", Schema: casegraph.BankAccount, Name: "Account in Hungary", SourceIDs: src},
		{ID: p + "doj", Schema: casegraph.PublicBody, Name: "DOJ", SourceIDs: src},
		{ID: p + "meeting", Schema: casegraph.Event, Name: "Meeting in Virginia", SourceIDs: src,
			Properties: map[string]any{"date": "2011-06-01"}},
		{ID: p + "payment", Schema: casegraph.Payment, Name: "Transfer to Hungary", SourceIDs: src,
			Properties: map[string]any{"amount": 16500000.0, "currency": "USD", "date": "2016-08-30"}},
		{ID: p + "count1", Schema: casegraph.Charge, Name: "Count 1", SourceIDs: src,
			Properties: map[string]any{"outcome": "CONVICTED", "outcomeDate": "2023-11-16"}},
		{ID: p + "trial", Schema: casegraph.CourtCase, Name: "US v. Lacey", SourceIDs: src},
		{ID: p + "article", Schema: casegraph.Source, Name: "Article"},
	}
	rel := func(id string, typ casegraph.RelType, from, to, start, end string) casegraph.Relationship {
		return casegraph.Relationship{ID: p + id, Type: typ, SourceID: p + from, TargetID: p + to,
			StartDate: start, EndDate: end, SourceIDs: src}
	}
	rels := []casegraph.Relationship{
		rel("dir1", casegraph.Directorship, "lacey", "backpage", "2004", "2018-04"),
		rel("dir2", casegraph.Directorship, "larkin", "backpage", "2004", ""),
		rel("assoc", casegraph.Associate, "lacey", "larkin", "1970", ""),
		rel("att1", casegraph.Attended, "lacey", "meeting", "", ""),
		rel("att2", casegraph.Attended, "allen", "meeting", "", ""),
		rel("paid", casegraph.Paid, "lacey", "payment", "", ""),
		rel("paidto", casegraph.PaidTo, "payment", "bank", "", ""),
		rel("toacct", casegraph.ToAccount, "payment", "account", "", ""),
		rel("charged", casegraph.ChargedWith, "lacey", "count1", "", ""),
		rel("incase", casegraph.InCase, "count1", "trial", "", ""),
		rel("prosecuted", casegraph.ProsecutedBy, "trial", "doj", "", ""),
		rel("cite1", casegraph.CitedIn, "lacey", "article", "", ""),
		rel("cite2", casegraph.CitedIn, "backpage", "article", "", ""),
	}
	if err := s.WriteBatch(ctxT(t), ents, rels); err != nil {
		t.Fatal(err)
	}
}

// hoodNodes lists a subgraph's node ids without the test prefix, sorted.
func hoodNodes(sg casegraph.Subgraph, p string) []string {
	out := make([]string, len(sg.Nodes))
	for i, n := range sg.Nodes {
		out[i] = strings.TrimPrefix(n.ID, p)
	}
	slices.Sort(out)
	return out
}

// hoodEdges lists a subgraph's edges as "id source->target", sorted.
func hoodEdges(edges []casegraph.Edge, p string) []string {
	out := make([]string, len(edges))
	for i, e := range edges {
		out[i] = fmt.Sprintf("%s %s->%s", strings.TrimPrefix(e.ID, p),
			strings.TrimPrefix(e.Source, p), strings.TrimPrefix(e.Target, p))
	}
	slices.Sort(out)
	return out
}

func hoodNode(sg casegraph.Subgraph, id string) (casegraph.Node, bool) {
	for _, n := range sg.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return casegraph.Node{}, false
}

func TestNeighborhood(t *testing.T) {
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	hoodCase(t, s, p)

	tests := []struct {
		name      string
		params    casegraph.NeighborhoodParams
		nodes     []string
		edges     []string
		truncated bool
	}{
		{
			name:   "depth 1",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}},
			nodes:  []string{"backpage", "count1", "lacey", "larkin", "meeting", "payment"},
			edges: []string{"assoc lacey->larkin", "att1 lacey->meeting", "charged lacey->count1",
				"dir1 lacey->backpage", "paid lacey->payment"},
		},
		{
			name:   "depth 2",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Depth: 2},
			nodes: []string{"account", "allen", "backpage", "bank", "count1", "lacey", "larkin",
				"meeting", "payment", "trial"},
			edges: []string{"assoc lacey->larkin", "att1 lacey->meeting", "att2 allen->meeting",
				"charged lacey->count1", "dir1 lacey->backpage", "dir2 larkin->backpage",
				"incase count1->trial", "paid lacey->payment", "paidto payment->bank", "toacct payment->account"},
		},
		{
			name:   "depth 3 reaches the prosecutor",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Depth: 3},
			nodes: []string{"account", "allen", "backpage", "bank", "count1", "doj", "lacey", "larkin",
				"meeting", "payment", "trial"},
			edges: []string{"assoc lacey->larkin", "att1 lacey->meeting", "att2 allen->meeting",
				"charged lacey->count1", "dir1 lacey->backpage", "dir2 larkin->backpage",
				"incase count1->trial", "paid lacey->payment", "paidto payment->bank", "prosecuted trial->doj",
				"toacct payment->account"},
		},
		{
			name:   "two seeds",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "allen", p + "doj"}},
			nodes:  []string{"allen", "doj", "meeting", "trial"},
			edges:  []string{"att2 allen->meeting", "prosecuted trial->doj"},
		},
		{
			name:   "an unknown id beside a known one is ignored",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "nobody", p + "allen"}},
			nodes:  []string{"allen", "meeting"},
			edges:  []string{"att2 allen->meeting"},
		},
		{
			name:   "relationship filter",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Depth: 2, RelTypes: []casegraph.RelType{casegraph.Attended}},
			nodes:  []string{"allen", "lacey", "meeting"},
			edges:  []string{"att1 lacey->meeting", "att2 allen->meeting"},
		},
		{
			name: "schema filter applies to neighbours",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "meeting"}, Depth: 2,
				Schemata: []casegraph.Schema{casegraph.Person, casegraph.Company}},
			nodes: []string{"allen", "backpage", "lacey", "larkin", "meeting"},
			edges: []string{"assoc lacey->larkin", "att1 lacey->meeting", "att2 allen->meeting", "dir1 lacey->backpage"},
		},
		{
			name:   "since 2019 keeps open links and the 2023 charge",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Window: casegraph.Window{Since: "2019"}},
			nodes:  []string{"count1", "lacey", "larkin"},
			edges:  []string{"assoc lacey->larkin", "charged lacey->count1"},
		},
		{
			name:   "until 2010 drops later meetings, payments and outcomes",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Window: casegraph.Window{Until: "2010-12-31"}},
			nodes:  []string{"backpage", "lacey", "larkin"},
			edges:  []string{"assoc lacey->larkin", "dir1 lacey->backpage"},
		},
		{
			name:   "a year window holds a dated day in it",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Window: casegraph.Window{Since: "2011", Until: "2011"}},
			nodes:  []string{"backpage", "lacey", "larkin", "meeting"},
			edges:  []string{"assoc lacey->larkin", "att1 lacey->meeting", "dir1 lacey->backpage"},
		},
		{
			name:   "an end month overlaps a day inside it",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Window: casegraph.Window{Since: "2018-04-30", Until: "2018-12"}},
			nodes:  []string{"backpage", "lacey", "larkin"},
			edges:  []string{"assoc lacey->larkin", "dir1 lacey->backpage"},
		},
		{
			name:   "the month after the end does not",
			params: casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Window: casegraph.Window{Since: "2018-05", Until: "2018-12"}},
			nodes:  []string{"lacey", "larkin"},
			edges:  []string{"assoc lacey->larkin"},
		},
		{
			name:      "node limit",
			params:    casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Limit: 3},
			nodes:     []string{"lacey", "larkin", "meeting"}, // links in type order: ASSOCIATE, ATTENDED, …
			edges:     []string{"assoc lacey->larkin", "att1 lacey->meeting"},
			truncated: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sg, err := s.Neighborhood(ctxT(t), tc.params)
			if err != nil {
				t.Fatal(err)
			}
			if got := hoodNodes(sg, p); !slices.Equal(got, tc.nodes) {
				t.Errorf("nodes\n got %v\nwant %v", got, tc.nodes)
			}
			if got := hoodEdges(sg.Edges, p); !slices.Equal(got, tc.edges) {
				t.Errorf("edges\n got %v\nwant %v", got, tc.edges)
			}
			if sg.Truncated != tc.truncated {
				t.Errorf("truncated = %v, want %v", sg.Truncated, tc.truncated)
			}
		})
	}

	// Without degrees the answer is the same graph, every degree 0.
	t.Run("no degrees", func(t *testing.T) {
		full, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Depth: 2})
		if err != nil {
			t.Fatal(err)
		}
		lean, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Depth: 2, NoDegrees: true})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(hoodNodes(lean, p), hoodNodes(full, p)) || !slices.Equal(hoodEdges(lean.Edges, p), hoodEdges(full.Edges, p)) {
			t.Fatalf("without degrees: nodes %v edges %v; with: %v %v", hoodNodes(lean, p), hoodEdges(lean.Edges, p),
				hoodNodes(full, p), hoodEdges(full.Edges, p))
		}
		counted := 0
		for i, n := range lean.Nodes {
			if n.Degree != 0 || n.Hidden != full.Nodes[i].Hidden {
				t.Errorf("%s: degree %d hidden %d without degrees, want 0 and %d", n.ID, n.Degree, n.Hidden, full.Nodes[i].Hidden)
			}
			if full.Nodes[i].Degree > 0 {
				counted++
			}
		}
		if counted == 0 {
			t.Error("the full answer has no degrees to leave out")
		}
	})

	// Slim nodes: the same graph, each node with its id, schema, name,
	// sources and the kept properties only; payments still drawn with
	// their amounts.
	t.Run("slim", func(t *testing.T) {
		for _, collapse := range []bool{false, true} {
			base := casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Depth: 2, CollapsePayments: collapse}
			full, err := s.Neighborhood(ctxT(t), base)
			if err != nil {
				t.Fatal(err)
			}
			slimP := base
			slimP.Slim, slimP.Keep = true, []string{"outcome", "nosuch"}
			slim, err := s.Neighborhood(ctxT(t), slimP)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(hoodNodes(slim, p), hoodNodes(full, p)) || !slices.Equal(hoodEdges(slim.Edges, p), hoodEdges(full.Edges, p)) {
				t.Fatalf("collapse=%v slim: nodes %v edges %v; whole: %v %v", collapse, hoodNodes(slim, p),
					hoodEdges(slim.Edges, p), hoodNodes(full, p), hoodEdges(full.Edges, p))
			}
			for i, n := range slim.Nodes {
				f := full.Nodes[i]
				if n.ID != f.ID || n.Schema != f.Schema || n.Name != f.Name || !slices.Equal(n.SourceIDs, f.SourceIDs) ||
					n.Degree != f.Degree || n.Hidden != f.Hidden || len(n.Aliases) != 0 {
					t.Errorf("collapse=%v: slim node %+v, whole %+v", collapse, n, f)
				}
				for k, v := range n.Properties {
					allowed := k == "outcome" || (collapse && (k == "amount" || k == "currency" || k == "date"))
					if !allowed || v != f.Properties[k] {
						t.Errorf("collapse=%v: %s has %s=%v in slim (whole: %v)", collapse, n.ID, k, v, f.Properties[k])
					}
				}
				if n.ID == p+"count1" && n.Properties["outcome"] != "CONVICTED" {
					t.Errorf("the kept outcome is missing: %+v", n.Properties)
				}
			}
			for i, e := range slim.Edges {
				if f := full.Edges[i]; (e.Amount == nil) != (f.Amount == nil) || (e.Amount != nil && *e.Amount != *f.Amount) ||
					e.Currency != f.Currency || e.Date != f.Date {
					t.Errorf("collapse=%v: slim edge %+v, whole %+v", collapse, e, f)
				}
			}
		}
	})

	t.Run("nodes and edges carry their data", func(t *testing.T) {
		sg, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}})
		if err != nil {
			t.Fatal(err)
		}
		if sg.Nodes[0].ID != p+"lacey" {
			t.Errorf("the seed should come first, got %s", sg.Nodes[0].ID)
		}
		lacey, _ := hoodNode(sg, p+"lacey")
		backpage, _ := hoodNode(sg, p+"backpage")
		// Degrees leave out the CITED_IN links to the article.
		if lacey.Degree != 5 || lacey.Hidden != 0 || backpage.Degree != 2 || backpage.Hidden != 0 {
			t.Errorf("lacey degree %d hidden %d, backpage degree %d hidden %d; want 5 0 2 0",
				lacey.Degree, lacey.Hidden, backpage.Degree, backpage.Hidden)
		}
		if lacey.Name != "Michael Lacey" || lacey.Schema != casegraph.Person || !slices.Equal(lacey.SourceIDs, []string{p + "article"}) {
			t.Errorf("lacey came back as %+v", lacey.Entity)
		}
		for _, e := range sg.Edges {
			if e.ID == p+"dir1" {
				if e.Type != string(casegraph.Directorship) || e.StartDate != "2004" || e.EndDate != "2018-04" ||
					!slices.Equal(e.SourceIDs, []string{p + "article"}) {
					t.Errorf("directorship came back as %+v", e)
				}
				return
			}
		}
		t.Error("no directorship edge")
	})
}

func TestNeighborhoodCollapsesPayments(t *testing.T) {
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	hoodCase(t, s, p)

	t.Run("payer and beneficiary both in the subgraph", func(t *testing.T) {
		sg, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Depth: 2,
			RelTypes: []casegraph.RelType{casegraph.Paid, casegraph.PaidTo, casegraph.ToAccount}, CollapsePayments: true})
		if err != nil {
			t.Fatal(err)
		}
		// The payment's account hangs off the payment only; once the payment
		// is an edge it would float unlinked, so it is left out.
		if got, want := hoodNodes(sg, p), []string{"bank", "lacey"}; !slices.Equal(got, want) {
			t.Errorf("nodes %v, want %v", got, want)
		}
		if len(sg.Edges) != 1 {
			t.Fatalf("want one PAYMENT edge, got %+v", sg.Edges)
		}
		e := sg.Edges[0]
		if e.Type != casegraph.PaymentEdge || e.ID != p+"payment" || e.PaymentID != p+"payment" ||
			e.Source != p+"lacey" || e.Target != p+"bank" || e.Amount == nil || *e.Amount != 16500000 ||
			e.Currency != "USD" || e.Date != "2016-08-30" || !slices.Equal(e.SourceIDs, []string{p + "article"}) {
			t.Errorf("payment edge is %+v", e)
		}
	})
	t.Run("depth 1: a payment at the edge is followed to its beneficiary and collapsed", func(t *testing.T) {
		sg, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{p + "lacey"},
			RelTypes: []casegraph.RelType{casegraph.Paid, casegraph.PaidTo}, CollapsePayments: true})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := hoodNodes(sg, p), []string{"bank", "lacey"}; !slices.Equal(got, want) {
			t.Errorf("nodes %v, want %v", got, want)
		}
		if got, want := hoodEdges(sg.Edges, p), []string{"payment lacey->bank"}; !slices.Equal(got, want) {
			t.Errorf("edges %v, want %v", got, want)
		}
	})
	t.Run("not asked: payments are nodes", func(t *testing.T) {
		sg, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{p + "lacey"}, Depth: 2,
			RelTypes: []casegraph.RelType{casegraph.Paid, casegraph.PaidTo}})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := hoodEdges(sg.Edges, p), []string{"paid lacey->payment", "paidto payment->bank"}; !slices.Equal(got, want) {
			t.Errorf("edges %v, want %v", got, want)
		}
	})
}

// hubCase loads a company, "hub", employing n people emp000, emp001, …
// under a fresh prefix, and returns the store and the prefix.
func hubCase(t *testing.T, n int) (*graph.Store, string) {
	t.Helper()
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	t.Cleanup(func() { testenv.DeleteByPrefix(t, p) })
	ents := []casegraph.Entity{{ID: p + "hub", Schema: casegraph.Company, Name: "Hub Inc"}}
	var rels []casegraph.Relationship
	for i := range n {
		id := fmt.Sprintf("%semp%03d", p, i)
		ents = append(ents, casegraph.Entity{ID: id, Schema: casegraph.Person, Name: fmt.Sprintf("Employee %03d", i)})
		rels = append(rels, casegraph.Relationship{ID: id + "-job", Type: casegraph.Employment, SourceID: id, TargetID: p + "hub"})
	}
	if err := s.WriteBatch(ctxT(t), ents, rels); err != nil {
		t.Fatal(err)
	}
	return s, p
}

func TestNeighborhoodHubProtection(t *testing.T) {
	s, p := hubCase(t, 300)

	tests := []struct {
		name          string
		params        casegraph.NeighborhoodParams
		nodes, edges  int
		hidden        int64
		first, last   string // of the kept neighbours, in stable order
		wantTruncated bool
	}{
		{"per-node cap", casegraph.NeighborhoodParams{IDs: []string{p + "hub"}, PerNode: 50}, 51, 50, 250, "emp000", "emp049", true},
		{"default cap", casegraph.NeighborhoodParams{IDs: []string{p + "hub"}}, 51, 50, 250, "emp000", "emp049", true},
		{"node limit counts as hidden too", casegraph.NeighborhoodParams{IDs: []string{p + "hub"}, PerNode: 50, Limit: 11}, 11, 10, 290, "emp000", "emp009", true},
		{"room for all", casegraph.NeighborhoodParams{IDs: []string{p + "hub"}, PerNode: 200, Limit: 2000}, 201, 200, 100, "emp000", "emp199", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sg, err := s.Neighborhood(ctxT(t), tc.params)
			if err != nil {
				t.Fatal(err)
			}
			if len(sg.Nodes) != tc.nodes || len(sg.Edges) != tc.edges || sg.Truncated != tc.wantTruncated {
				t.Fatalf("%d nodes, %d edges, truncated %v; want %d, %d, %v",
					len(sg.Nodes), len(sg.Edges), sg.Truncated, tc.nodes, tc.edges, tc.wantTruncated)
			}
			hub := sg.Nodes[0]
			if hub.ID != p+"hub" || hub.Hidden != tc.hidden || hub.Degree != 300 {
				t.Errorf("hub %s: hidden %d degree %d, want hidden %d degree 300", hub.ID, hub.Hidden, hub.Degree, tc.hidden)
			}
			if first, last := sg.Nodes[1].ID, sg.Nodes[len(sg.Nodes)-1].ID; first != p+tc.first || last != p+tc.last {
				t.Errorf("kept %s … %s, want %s … %s", first, last, tc.first, tc.last)
			}
			if emp := sg.Nodes[1]; emp.Degree != 1 || emp.Hidden != 0 {
				t.Errorf("employee degree %d hidden %d, want 1 0", emp.Degree, emp.Hidden)
			}
		})
	}

	t.Run("the cap applies to the filtered links", func(t *testing.T) {
		sg, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{p + "hub"},
			RelTypes: []casegraph.RelType{casegraph.Ownership}})
		if err != nil {
			t.Fatal(err)
		}
		if len(sg.Nodes) != 1 || len(sg.Edges) != 0 || sg.Truncated || sg.Nodes[0].Hidden != 0 || sg.Nodes[0].Degree != 300 {
			t.Errorf("got %+v", sg)
		}
	})
}

func TestNeighborhoodRefusesBadInput(t *testing.T) {
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	hoodCase(t, s, p)
	seed := []string{p + "lacey"}
	tooMany := make([]string, casegraph.MaxSeeds+1)
	for i := range tooMany {
		tooMany[i] = fmt.Sprintf("%sid%d", p, i)
	}

	tests := []struct {
		name    string
		params  casegraph.NeighborhoodParams
		code    string
		message string
	}{
		{"no ids", casegraph.NeighborhoodParams{}, casegraph.EINVALID, "at least one id"},
		{"too many ids", casegraph.NeighborhoodParams{IDs: tooMany}, casegraph.EINVALID, "at most 50 ids, got 51"},
		{"empty id", casegraph.NeighborhoodParams{IDs: []string{""}}, casegraph.EINVALID, "empty id"},
		{"depth over the cap", casegraph.NeighborhoodParams{IDs: seed, Depth: casegraph.MaxDepth + 1}, casegraph.EINVALID, "depth 4 is out of range: use 1 to 3"},
		{"negative depth", casegraph.NeighborhoodParams{IDs: seed, Depth: -1}, casegraph.EINVALID, "depth -1 is out of range"},
		{"limit over the cap", casegraph.NeighborhoodParams{IDs: seed, Limit: casegraph.MaxLimit + 1}, casegraph.EINVALID, "limit 2001 is out of range: use 1 to 2000"},
		{"negative limit", casegraph.NeighborhoodParams{IDs: seed, Limit: -5}, casegraph.EINVALID, "limit -5 is out of range"},
		{"limit below the seeds", casegraph.NeighborhoodParams{IDs: []string{p + "lacey", p + "allen"}, Limit: 1}, casegraph.EINVALID, "smaller than the 2 ids"},
		{"per-node over the cap", casegraph.NeighborhoodParams{IDs: seed, PerNode: casegraph.MaxPerNode + 1}, casegraph.EINVALID, "perNode 201 is out of range: use 1 to 200"},
		{"unknown relationship type", casegraph.NeighborhoodParams{IDs: seed, RelTypes: []casegraph.RelType{"KNOWS) DETACH DELETE n //"}}, casegraph.EINVALID, "unknown relationship type"},
		{"source links", casegraph.NeighborhoodParams{IDs: seed, RelTypes: []casegraph.RelType{casegraph.CitedIn}}, casegraph.EINVALID, "CITED_IN"},
		{"unknown schema", casegraph.NeighborhoodParams{IDs: seed, Schemata: []casegraph.Schema{"Alien"}}, casegraph.EINVALID, `unknown schema "Alien"`},
		{"bad since", casegraph.NeighborhoodParams{IDs: seed, Window: casegraph.Window{Since: "2011-13"}}, casegraph.EINVALID, `since "2011-13" is not a date`},
		{"bad until", casegraph.NeighborhoodParams{IDs: seed, Window: casegraph.Window{Until: "yesterday"}}, casegraph.EINVALID, `until "yesterday" is not a date`},
		{"window backwards", casegraph.NeighborhoodParams{IDs: seed, Window: casegraph.Window{Since: "2012", Until: "2011-06"}}, casegraph.EINVALID, "since 2012 is after until 2011-06"},
		{"unknown id", casegraph.NeighborhoodParams{IDs: []string{p + "nobody"}}, casegraph.ENOTFOUND, "no entity with id"},
		{"all ids unknown", casegraph.NeighborhoodParams{IDs: []string{p + "nobody", p + "noone"}}, casegraph.ENOTFOUND, "none of the 2 ids"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Neighborhood(ctxT(t), tc.params)
			if casegraph.ErrorCode(err) != tc.code || !strings.Contains(casegraph.ErrorMessage(err), tc.message) {
				t.Fatalf("got %v (%s), want %s containing %q", err, casegraph.ErrorCode(err), tc.code, tc.message)
			}
		})
	}
}

// TestNeighborhoodTwoLevelsMatchLevelByLevel compares the statement that
// expands two levels at once with one statement per level, on a random
// graph of people, companies, accounts, payments and meetings with a hub,
// for many seeds, depths, limits and filters. The caps are set so that no
// entity past the seeds has more links than it keeps: there the two differ
// on purpose (TestNeighborhoodHubReachedFromANeighbour).
func TestNeighborhoodTwoLevelsMatchLevelByLevel(t *testing.T) {
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	t.Cleanup(func() { testenv.DeleteByPrefix(t, p) })
	rng := rand.New(rand.NewPCG(7, 11))
	var ents []casegraph.Entity
	var rels []casegraph.Relationship
	add := func(sc casegraph.Schema, n int, props func(i int) map[string]any) []string {
		var ids []string
		for i := range n {
			id := fmt.Sprintf("%s%s%03d", p, strings.ToLower(string(sc)), i)
			var pr map[string]any
			if props != nil {
				pr = props(i)
			}
			ents = append(ents, casegraph.Entity{ID: id, Schema: sc, Name: fmt.Sprintf("%s %03d", sc, rng.IntN(1000)), Properties: pr})
			ids = append(ids, id)
		}
		return ids
	}
	date := func() string { return fmt.Sprintf("%d-%02d-%02d", 2005+rng.IntN(15), 1+rng.IntN(12), 1+rng.IntN(28)) }
	link := func(ty casegraph.RelType, from, to string) {
		r := casegraph.Relationship{ID: fmt.Sprintf("%sr%04d", p, len(rels)), Type: ty, SourceID: from, TargetID: to}
		if rng.IntN(3) == 0 {
			r.StartDate = date()
		}
		rels = append(rels, r)
	}
	pick := func(ids []string) string { return ids[rng.IntN(len(ids))] }
	people := add(casegraph.Person, 40, nil)
	companies := add(casegraph.Company, 15, nil)
	accounts := add(casegraph.BankAccount, 12, nil)
	payments := add(casegraph.Payment, 90, func(int) map[string]any {
		return map[string]any{"amount": float64(1 + rng.IntN(100000)), "currency": "USD", "date": date()}
	})
	events := add(casegraph.Event, 8, func(int) map[string]any { return map[string]any{"date": date()} })
	parties := append(append([]string{}, people...), companies...)
	for _, id := range payments {
		link(casegraph.Paid, pick(parties), id)
		link(casegraph.PaidTo, id, pick(parties))
		if rng.IntN(2) == 0 {
			link(casegraph.FromAccount, id, pick(accounts))
		}
	}
	for _, id := range accounts {
		link(casegraph.HoldsAccount, pick(parties), id)
	}
	for _, id := range people {
		if rng.IntN(3) > 0 {
			link(casegraph.Employment, id, companies[0]) // the hub
		}
		link(casegraph.Attended, id, pick(events))
		if rng.IntN(2) == 0 {
			link(casegraph.Associate, id, pick(people))
		}
	}
	if err := s.WriteBatch(ctxT(t), ents, rels); err != nil {
		t.Fatal(err)
	}

	all := append(append(append([]string{}, parties...), accounts...), payments...)
	for i := range 60 {
		params := casegraph.NeighborhoodParams{Depth: 1 + i%3, PerNode: 200, CollapsePayments: i%2 == 0,
			Limit: []int{500, 60, 17, 5}[i%4], NoDegrees: i%5 == 0, Slim: i%7 == 0}
		for range 1 + rng.IntN(3) {
			params.IDs = append(params.IDs, pick(all))
		}
		switch i % 6 {
		case 1:
			params.RelTypes = []casegraph.RelType{casegraph.Paid, casegraph.PaidTo, casegraph.FromAccount}
		case 3:
			params.Schemata = []casegraph.Schema{casegraph.Person, casegraph.Payment}
		case 5:
			params.Window = casegraph.Window{Since: "2010", Until: "2016-06"}
		}
		want, err := s.NeighborhoodLevelByLevel(ctxT(t), params)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Neighborhood(ctxT(t), params)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v:\ntwo levels:     %d nodes, %d edges, truncated %v\nlevel by level: %d nodes, %d edges, truncated %v",
				params, len(got.Nodes), len(got.Edges), got.Truncated, len(want.Nodes), len(want.Edges), want.Truncated)
			for k := range max(len(got.Nodes), len(want.Nodes)) {
				var g, w casegraph.Node
				if k < len(got.Nodes) {
					g = got.Nodes[k]
				}
				if k < len(want.Nodes) {
					w = want.Nodes[k]
				}
				if !reflect.DeepEqual(g, w) {
					t.Errorf("  node %d: %s hidden %d degree %d / %s hidden %d degree %d", k, g.ID, g.Hidden, g.Degree, w.ID, w.Hidden, w.Degree)
				}
			}
		}
		if i == 0 && len(want.Nodes) < 10 {
			t.Fatalf("the first case should reach beyond a few nodes: %d", len(want.Nodes))
		}
	}
}

// TestNeighborhoodHubReachedFromANeighbour: a hub met on the second level
// keeps its cap for the links besides the one it was reached by, which is
// drawn anyway.
func TestNeighborhoodHubReachedFromANeighbour(t *testing.T) {
	s, p := hubCase(t, 120)
	sg, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{p + "emp000"}, Depth: 2, PerNode: 50})
	if err != nil {
		t.Fatal(err)
	}
	// emp000, the hub, and the hub's first 50 other employees (not 49 and
	// the link back to emp000, which comes first in the hub's order).
	if len(sg.Nodes) != 52 || len(sg.Edges) != 51 || !sg.Truncated {
		t.Fatalf("%d nodes, %d edges, truncated %v; want 52, 51, true", len(sg.Nodes), len(sg.Edges), sg.Truncated)
	}
	if hub := sg.Nodes[1]; hub.ID != p+"hub" || hub.Hidden != 69 {
		t.Errorf("node 1 is %s with %d hidden, want the hub with 69 (120 links, 1 it was reached by, 50 kept)", hub.ID, hub.Hidden)
	}
	if first, last := sg.Nodes[2].ID, sg.Nodes[51].ID; first != p+"emp001" || last != p+"emp050" {
		t.Errorf("kept %s … %s, want emp001 … emp050", first, last)
	}
}
