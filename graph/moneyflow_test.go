package graph_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// flowGraph builds a small payment graph under a fresh id prefix. Parties
// and accounts are named by short letters; ids are the prefix plus the name.
type flowGraph struct {
	prefix string
	ents   []casegraph.Entity
	rels   []casegraph.Relationship
	known  map[string]bool
}

func newFlowGraph(t *testing.T) *flowGraph {
	g := &flowGraph{prefix: testenv.Prefix(t), known: map[string]bool{}}
	t.Cleanup(func() { testenv.DeleteByPrefix(t, g.prefix) })
	return g
}

func (g *flowGraph) id(name string) string { return g.prefix + name }

// party adds a Person for each name not yet known.
func (g *flowGraph) party(names ...string) {
	for _, n := range names {
		if !g.known[n] {
			g.known[n] = true
			g.ents = append(g.ents, casegraph.Entity{ID: g.id(n), Schema: casegraph.Person, Name: "Party " + n})
		}
	}
}

// account adds a BankAccount held by holder.
func (g *flowGraph) account(name, holder string) {
	g.party(holder)
	g.known[name] = true
	g.ents = append(g.ents, casegraph.Entity{ID: g.id(name), Schema: casegraph.BankAccount, Name: "Account " + name})
	g.link(casegraph.HoldsAccount, holder, name)
}

func (g *flowGraph) link(t casegraph.RelType, from, to string) {
	g.rels = append(g.rels, casegraph.Relationship{ID: fmt.Sprintf("%s%s-%s-%s", g.prefix, t, from, to),
		Type: t, SourceID: g.id(from), TargetID: g.id(to)})
}

// pay adds payment id from payer to beneficiary; an empty currency or date
// leaves the property out.
func (g *flowGraph) pay(id, payer, beneficiary string, amount float64, currency, date string) {
	g.party(payer, beneficiary)
	props := map[string]any{"amount": amount}
	if currency != "" {
		props["currency"] = currency
	}
	if date != "" {
		props["date"] = date
	}
	g.ents = append(g.ents, casegraph.Entity{ID: g.id(id), Schema: casegraph.Payment, Name: id, Properties: props})
	g.link(casegraph.Paid, payer, id)
	g.link(casegraph.PaidTo, id, beneficiary)
}

// payAccounts adds a payment between two accounts, and between their
// holders.
func (g *flowGraph) payAccounts(id, fromHolder, fromAcct, toHolder, toAcct string, amount float64, date string) {
	g.pay(id, fromHolder, toHolder, amount, "USD", date)
	g.link(casegraph.FromAccount, id, fromAcct)
	g.link(casegraph.ToAccount, id, toAcct)
}

func (g *flowGraph) write(t *testing.T, s *graph.Store) {
	t.Helper()
	if err := s.WriteBatch(ctxT(t), g.ents, g.rels); err != nil {
		t.Fatal(err)
	}
}

func (g *flowGraph) short(id string) string { return strings.TrimPrefix(id, g.prefix) }

// chains renders each chain as "a -p1-> b -p2-> c".
func (g *flowGraph) chains(mf casegraph.MoneyFlow) []string {
	out := []string{}
	for _, c := range mf.Chains {
		var b strings.Builder
		b.WriteString(g.short(c.Parties[0]))
		for i, id := range c.PaymentIDs {
			fmt.Fprintf(&b, " -%s-> %s", g.short(id), g.short(c.Parties[i+1]))
		}
		out = append(out, b.String())
	}
	return out
}

// flows renders each flow as "a>b USD 300 x2 2020-01-01..2020-02-01 [p1 p2]".
func (g *flowGraph) flows(mf casegraph.MoneyFlow) []string {
	out := []string{}
	for _, f := range mf.Flows {
		ids := make([]string, len(f.PaymentIDs))
		for i, id := range f.PaymentIDs {
			ids[i] = g.short(id)
		}
		out = append(out, fmt.Sprintf("%s>%s %s %g x%d %s..%s %v", g.short(f.Payer), g.short(f.Beneficiary),
			f.Currency, f.Total, f.Count, f.FirstDate, f.LastDate, ids))
	}
	return out
}

func (g *flowGraph) nodes(mf casegraph.MoneyFlow) []string {
	out := []string{}
	for _, n := range mf.Nodes {
		out = append(out, g.short(n.ID))
	}
	return out
}

// chainLine builds A→B→C→D, dated to increase by a month per hop.
func chainLine(g *flowGraph) {
	g.pay("p1", "a", "b", 100, "USD", "2020-01-01")
	g.pay("p2", "b", "c", 90, "USD", "2020-02-01")
	g.pay("p3", "c", "d", 80, "USD", "2020-03-01")
}

func TestMoneyFlow(t *testing.T) {
	s := testenv.Store(t)
	cases := []struct {
		name   string
		build  func(g *flowGraph)
		params casegraph.MoneyFlowParams // From is a name; TimeOrdered as given
		chains []string
		flows  []string           // nil: not checked
		totals map[string]float64 // nil: not checked
		nodes  []string           // nil: not checked
		trunc  bool
	}{
		{
			name:   "time-ordered chain found fully",
			build:  chainLine,
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{"a -p1-> b -p2-> c -p3-> d"},
			flows: []string{"a>b USD 100 x1 2020-01-01..2020-01-01 [p1]", "b>c USD 90 x1 2020-02-01..2020-02-01 [p2]",
				"c>d USD 80 x1 2020-03-01..2020-03-01 [p3]"},
			totals: map[string]float64{"USD": 100},
			nodes:  []string{"a", "b", "c", "d"},
		},
		{
			name: "an onward payment earlier than its funding cuts the chain when time-ordered",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-05-01")
				g.pay("p2", "b", "c", 90, "USD", "2020-04-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{"a -p1-> b"},
			nodes:  []string{"a", "b"},
		},
		{
			name: "the same chain is followed when time order is off",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-05-01")
				g.pay("p2", "b", "c", 90, "USD", "2020-04-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: false},
			chains: []string{"a -p1-> b -p2-> c"},
		},
		{
			name: "same-day and coarser dates count as in order",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-05-01")
				g.pay("p2", "b", "c", 90, "USD", "2020-05-01")
				g.pay("p3", "c", "d", 80, "USD", "2020")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{"a -p1-> b -p2-> c -p3-> d"},
		},
		{
			name: "parallel payments are aggregated into one flow",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-03-01")
				g.pay("p2", "a", "b", 200, "USD", "2020-01-15")
				g.pay("p3", "a", "b", 300, "USD", "2020-06-30")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{"a -p2-> b", "a -p1-> b", "a -p3-> b"},
			flows:  []string{"a>b USD 600 x3 2020-01-15..2020-06-30 [p1 p2 p3]"},
			totals: map[string]float64{"USD": 600},
		},
		{
			name: "totals per currency count only money leaving the origin",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-01-01")
				g.pay("p2", "a", "c", 50, "EUR", "2020-01-02")
				g.pay("p3", "a", "b", 25, "EUR", "2020-01-03")
				g.pay("p4", "b", "d", 1000, "USD", "2020-02-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{"a -p1-> b -p4-> d", "a -p2-> c", "a -p3-> b -p4-> d"},
			flows: []string{"a>b EUR 25 x1 2020-01-03..2020-01-03 [p3]", "a>b USD 100 x1 2020-01-01..2020-01-01 [p1]",
				"a>c EUR 50 x1 2020-01-02..2020-01-02 [p2]", "b>d USD 1000 x1 2020-02-01..2020-02-01 [p4]"},
			totals: map[string]float64{"USD": 100, "EUR": 75},
		},
		{
			name: "minAmount leaves small payments out at every hop",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 50, "USD", "2020-01-01")
				g.pay("p2", "a", "c", 500, "USD", "2020-01-01")
				g.pay("p3", "c", "d", 99, "USD", "2020-02-01")
				g.pay("p4", "c", "e", 100, "USD", "2020-02-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true, MinAmount: 100},
			chains: []string{"a -p2-> c -p4-> e"},
			totals: map[string]float64{"USD": 500},
		},
		{
			name: "the date window keeps payments inside it, partial dates by overlap",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 1, "USD", "2019-12-31")
				g.pay("p2", "a", "c", 2, "USD", "2020-06-01")
				g.pay("p3", "a", "d", 3, "USD", "2021-01-01")
				g.pay("p4", "a", "e", 4, "USD", "2020")
				g.pay("p5", "a", "f", 5, "USD", "")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true,
				Window: casegraph.Window{Since: "2020-03-01", Until: "2020-12"}},
			chains: []string{"a -p4-> e", "a -p2-> c"},
			totals: map[string]float64{"USD": 6},
		},
		{
			name: "IN follows money into the entity, chains in time order",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-01-01")
				g.pay("p2", "b", "d", 90, "USD", "2020-02-01")
				g.pay("p3", "c", "d", 10, "EUR", "2020-01-15")
				g.pay("p4", "x", "b", 5, "USD", "2020-03-01") // after b paid d: cannot have funded it
				g.pay("p5", "d", "e", 1, "USD", "2020-04-01") // money leaving d
			},
			params: casegraph.MoneyFlowParams{From: "d", Direction: casegraph.Incoming, TimeOrdered: true},
			chains: []string{"a -p1-> b -p2-> d", "c -p3-> d"},
			flows: []string{"a>b USD 100 x1 2020-01-01..2020-01-01 [p1]", "b>d USD 90 x1 2020-02-01..2020-02-01 [p2]",
				"c>d EUR 10 x1 2020-01-15..2020-01-15 [p3]"},
			totals: map[string]float64{"USD": 90, "EUR": 10},
			nodes:  []string{"d", "a", "b", "c"},
		},
		{
			name:   "maxHops limits the depth",
			build:  chainLine,
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true, MaxHops: 2},
			chains: []string{"a -p1-> b -p2-> c"},
		},
		{
			name:   "maxHops 1 gives the direct payments",
			build:  chainLine,
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true, MaxHops: 1},
			chains: []string{"a -p1-> b"},
		},
		{
			name: "the default depth is 4 hops",
			build: func(g *flowGraph) {
				chainLine(g)
				g.pay("p4", "d", "e", 70, "USD", "2020-04-01")
				g.pay("p5", "e", "f", 60, "USD", "2020-05-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{"a -p1-> b -p2-> c -p3-> d -p4-> e"},
		},
		{
			name: "a cycle back to the origin is reported once, without looping",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-01-01")
				g.pay("p2", "b", "c", 90, "USD", "2020-02-01")
				g.pay("p3", "c", "a", 80, "USD", "2020-03-01")
				g.pay("p4", "a", "b", 70, "USD", "2020-04-01")
				g.pay("p5", "b", "c", 60, "USD", "2020-05-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: false, MaxHops: casegraph.MaxMoneyHops},
			chains: []string{"a -p1-> b -p2-> c -p3-> a", "a -p1-> b -p5-> c -p3-> a",
				"a -p4-> b -p2-> c -p3-> a", "a -p4-> b -p5-> c -p3-> a"},
			totals: map[string]float64{"USD": 170},
			nodes:  []string{"a", "b", "c"},
		},
		{
			name: "a cycle in time order",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-01-01")
				g.pay("p2", "b", "c", 90, "USD", "2020-02-01")
				g.pay("p3", "c", "a", 80, "USD", "2020-03-01")
				g.pay("p4", "a", "b", 70, "USD", "2020-04-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true, MaxHops: casegraph.MaxMoneyHops},
			chains: []string{"a -p1-> b -p2-> c -p3-> a", "a -p4-> b"},
		},
		{
			name: "a party is not passed through twice",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-01-01")
				g.pay("p2", "b", "c", 90, "USD", "2020-02-01")
				g.pay("p3", "c", "b", 80, "USD", "2020-03-01")
				g.pay("p4", "b", "d", 70, "USD", "2020-04-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{"a -p1-> b -p2-> c", "a -p1-> b -p4-> d"},
			// The one way flows differ from chains (the top of
			// moneyflow.go): p3 goes back round a loop to b, so no chain
			// carries it, but the reach does.
			flows: []string{"a>b USD 100 x1 2020-01-01..2020-01-01 [p1]", "b>c USD 90 x1 2020-02-01..2020-02-01 [p2]",
				"b>d USD 70 x1 2020-04-01..2020-04-01 [p4]", "c>b USD 80 x1 2020-03-01..2020-03-01 [p3]"},
		},
		{
			name: "a party reached earlier by a longer route passes on payments the direct route cannot",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "b", 100, "USD", "2020-05-01")
				g.pay("p2", "a", "c", 50, "USD", "2020-01-01")
				g.pay("p3", "c", "b", 40, "USD", "2020-02-01")
				g.pay("p4", "b", "d", 30, "USD", "2020-03-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{"a -p2-> c -p3-> b -p4-> d", "a -p1-> b"},
			flows: []string{"a>b USD 100 x1 2020-05-01..2020-05-01 [p1]", "a>c USD 50 x1 2020-01-01..2020-01-01 [p2]",
				"b>d USD 30 x1 2020-03-01..2020-03-01 [p4]", "c>b USD 40 x1 2020-02-01..2020-02-01 [p3]"},
			totals: map[string]float64{"USD": 150},
		},
		{
			name: "IN keeps the date a party paid on that ends latest, a coarser one included",
			build: func(g *flowGraph) {
				g.pay("p1", "b", "o", 100, "USD", "2016-05")
				g.pay("p2", "b", "o", 50, "USD", "2016")
				g.pay("p3", "a", "b", 40, "USD", "2016-08-30")
			},
			params: casegraph.MoneyFlowParams{From: "o", Direction: casegraph.Incoming, TimeOrdered: true},
			chains: []string{"b -p1-> o", "a -p3-> b -p2-> o"},
			flows:  []string{"a>b USD 40 x1 2016-08-30..2016-08-30 [p3]", "b>o USD 150 x2 2016..2016-05 [p1 p2]"},
			totals: map[string]float64{"USD": 150},
		},
		{
			name: "from a bank account, money is followed between accounts",
			build: func(g *flowGraph) {
				g.account("acct-a", "a")
				g.account("acct-b", "b")
				g.account("acct-b2", "b")
				g.account("acct-c", "c")
				g.payAccounts("p1", "a", "acct-a", "b", "acct-b", 100, "2020-01-01")
				g.payAccounts("p2", "b", "acct-b", "c", "acct-c", 90, "2020-02-01")
				g.payAccounts("p3", "b", "acct-b2", "c", "acct-c", 80, "2020-02-01") // another account of b's
			},
			params: casegraph.MoneyFlowParams{From: "acct-a", TimeOrdered: true},
			chains: []string{"acct-a -p1-> acct-b -p2-> acct-c"},
			flows: []string{"acct-a>acct-b USD 100 x1 2020-01-01..2020-01-01 [p1]",
				"acct-b>acct-c USD 90 x1 2020-02-01..2020-02-01 [p2]"},
			totals: map[string]float64{"USD": 100},
			nodes:  []string{"acct-a", "acct-b", "acct-c"},
		},
		{
			name: "into a bank account",
			build: func(g *flowGraph) {
				g.account("acct-a", "a")
				g.account("acct-b", "b")
				g.account("acct-c", "c")
				g.payAccounts("p1", "a", "acct-a", "b", "acct-b", 100, "2020-01-01")
				g.payAccounts("p2", "b", "acct-b", "c", "acct-c", 90, "2020-02-01")
			},
			params: casegraph.MoneyFlowParams{From: "acct-c", Direction: casegraph.Incoming, TimeOrdered: true},
			chains: []string{"acct-a -p1-> acct-b -p2-> acct-c"},
			totals: map[string]float64{"USD": 90},
		},
		{
			name: "an undated payment is found at hop 1 but not followed when time-ordered",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "h", 16500000, "USD", "")
				g.pay("p2", "h", "x", 1000, "USD", "2017-01-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{"a -p1-> h"},
			flows:  []string{"a>h USD 1.65e+07 x1 .. [p1]"},
			totals: map[string]float64{"USD": 16500000},
		},
		{
			name: "an undated payment is followed when time order is off",
			build: func(g *flowGraph) {
				g.pay("p1", "a", "h", 16500000, "USD", "")
				g.pay("p2", "h", "x", 1000, "USD", "2017-01-01")
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: false},
			chains: []string{"a -p1-> h -p2-> x"},
		},
		{
			name: "more chains than the limit are cut and reported truncated; flows and totals are complete",
			build: func(g *flowGraph) {
				for i := 1; i <= 5; i++ {
					g.pay(fmt.Sprintf("p%d", i), "a", fmt.Sprintf("b%d", i), float64(i), "USD", fmt.Sprintf("2020-0%d-01", i))
				}
			},
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true, Limit: 2},
			chains: []string{"a -p1-> b1", "a -p2-> b2"},
			flows: []string{"a>b1 USD 1 x1 2020-01-01..2020-01-01 [p1]", "a>b2 USD 2 x1 2020-02-01..2020-02-01 [p2]",
				"a>b3 USD 3 x1 2020-03-01..2020-03-01 [p3]", "a>b4 USD 4 x1 2020-04-01..2020-04-01 [p4]",
				"a>b5 USD 5 x1 2020-05-01..2020-05-01 [p5]"},
			totals: map[string]float64{"USD": 15},
			nodes:  []string{"a", "b1", "b2"},
			trunc:  true,
		},
		{
			name:   "no payments: an empty answer with the origin",
			build:  func(g *flowGraph) { g.party("a") },
			params: casegraph.MoneyFlowParams{From: "a", TimeOrdered: true},
			chains: []string{},
			flows:  []string{},
			totals: map[string]float64{},
			nodes:  []string{"a"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := newFlowGraph(t)
			tc.build(g)
			g.write(t, s)
			p := tc.params
			p.From = g.id(p.From)
			mf, err := s.MoneyFlow(ctxT(t), p)
			if err != nil {
				t.Fatal(err)
			}
			if got := g.chains(mf); !slices.Equal(got, tc.chains) {
				t.Errorf("chains:\n got %q\nwant %q", got, tc.chains)
			}
			if got := g.flows(mf); tc.flows != nil && !slices.Equal(got, tc.flows) {
				t.Errorf("flows:\n got %q\nwant %q", got, tc.flows)
			}
			if tc.totals != nil && !reflect.DeepEqual(mf.Totals, tc.totals) {
				t.Errorf("totals: got %v, want %v", mf.Totals, tc.totals)
			}
			if got := g.nodes(mf); tc.nodes != nil && !slices.Equal(got, tc.nodes) {
				t.Errorf("nodes: got %q, want %q", got, tc.nodes)
			}
			for _, n := range mf.Nodes {
				if n.Name == "" || n.Schema == "" || (n.Degree == 0 && len(mf.Chains) > 0) {
					t.Errorf("node %s is not filled in: %+v", g.short(n.ID), n)
				}
			}
			if mf.Truncated != tc.trunc {
				t.Errorf("truncated = %v, want %v", mf.Truncated, tc.trunc)
			}
			for _, c := range mf.Chains {
				n := len(c.PaymentIDs)
				if len(c.Parties) != n+1 || len(c.Amounts) != n || len(c.Currencies) != n || len(c.Dates) != n {
					t.Errorf("chain lists out of step: %+v", c)
				}
			}
		})
	}
}

func TestMoneyFlowChainDetails(t *testing.T) {
	s := testenv.Store(t)
	g := newFlowGraph(t)
	g.pay("p1", "a", "b", 100, "USD", "2020-01-01")
	g.pay("p2", "b", "c", 75.5, "EUR", "2020-02-01")
	g.write(t, s)
	for _, dir := range []casegraph.FlowDirection{casegraph.Outgoing, casegraph.Incoming} {
		t.Run(string(dir), func(t *testing.T) {
			from := "a"
			if dir == casegraph.Incoming {
				from = "c"
			}
			mf, err := s.MoneyFlow(ctxT(t), casegraph.MoneyFlowParams{From: g.id(from), Direction: dir, TimeOrdered: true})
			if err != nil {
				t.Fatal(err)
			}
			want := casegraph.Chain{
				PaymentIDs: []string{g.id("p1"), g.id("p2")},
				Parties:    []string{g.id("a"), g.id("b"), g.id("c")},
				Amounts:    []float64{100, 75.5},
				Currencies: []string{"USD", "EUR"},
				Dates:      []string{"2020-01-01", "2020-02-01"},
			}
			if len(mf.Chains) != 1 || !reflect.DeepEqual(mf.Chains[0], want) {
				t.Fatalf("chains: got %+v, want [%+v]", mf.Chains, want)
			}
		})
	}
}

func TestMoneyFlowRefuses(t *testing.T) {
	s := testenv.Store(t)
	g := newFlowGraph(t)
	g.pay("p1", "a", "b", 100, "USD", "2020-01-01")
	g.write(t, s)
	a := g.id("a")
	cases := []struct {
		name string
		p    casegraph.MoneyFlowParams
		code string
		msg  string
	}{
		{"unknown entity", casegraph.MoneyFlowParams{From: g.id("nobody")}, casegraph.ENOTFOUND, "no entity"},
		{"no from", casegraph.MoneyFlowParams{}, casegraph.EINVALID, "id of the entity"},
		{"maxHops over the cap", casegraph.MoneyFlowParams{From: a, MaxHops: casegraph.MaxMoneyHops + 1}, casegraph.EINVALID, "maxHops must be between 1 and 8"},
		{"negative maxHops", casegraph.MoneyFlowParams{From: a, MaxHops: -1}, casegraph.EINVALID, "maxHops"},
		{"limit over the cap", casegraph.MoneyFlowParams{From: a, Limit: casegraph.MaxMoneyChains + 1}, casegraph.EINVALID, "limit must be between 1 and 500"},
		{"negative limit", casegraph.MoneyFlowParams{From: a, Limit: -5}, casegraph.EINVALID, "limit"},
		{"unknown direction", casegraph.MoneyFlowParams{From: a, Direction: "SIDEWAYS"}, casegraph.EINVALID, "direction must be OUT or IN"},
		{"negative minAmount", casegraph.MoneyFlowParams{From: a, MinAmount: -1}, casegraph.EINVALID, "minAmount"},
		{"malformed since", casegraph.MoneyFlowParams{From: a, Window: casegraph.Window{Since: "March 2020"}}, casegraph.EINVALID, "since \"March 2020\" is not a date"},
		{"malformed until", casegraph.MoneyFlowParams{From: a, Window: casegraph.Window{Until: "2020-13"}}, casegraph.EINVALID, "until \"2020-13\" is not a date"},
		{"since after until", casegraph.MoneyFlowParams{From: a, Window: casegraph.Window{Since: "2021", Until: "2020-06-01"}}, casegraph.EINVALID, "after until"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.MoneyFlow(ctxT(t), tc.p)
			if casegraph.ErrorCode(err) != tc.code {
				t.Fatalf("got %v (code %q), want code %q", err, casegraph.ErrorCode(err), tc.code)
			}
			if !strings.Contains(casegraph.ErrorMessage(err), tc.msg) {
				t.Errorf("message %q does not say %q", casegraph.ErrorMessage(err), tc.msg)
			}
		})
	}
	t.Run("the largest allowed values are accepted", func(t *testing.T) {
		_, err := s.MoneyFlow(ctxT(t), casegraph.MoneyFlowParams{From: a, MaxHops: casegraph.MaxMoneyHops, Limit: casegraph.MaxMoneyChains})
		if err != nil {
			t.Fatal(err)
		}
	})
}
