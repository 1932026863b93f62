package graph_test

import (
	"fmt"
	"maps"
	"math"
	"math/rand"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// genPayment is one generated row: the parties, their accounts, the amount
// in cents (so the test's sums are exact) and a date that may be partial or
// missing.
type genPayment struct {
	id                   string
	payer, payerAcct     string
	beneficiary, benAcct string
	cents                int64
	currency, date       string
}

// genMoneyCase generates a hub "h" that pays more than 6,000 payments out,
// from two accounts of its own, and receives more than 5,000, with layers of
// parties passing money on (b→c→d→e, and d, e back to h) and paying in
// (z→y→x→h). The layers make it a DAG apart from the round trips to h, so
// every walk is a chain and the reach equals the chain rule exactly.
func genMoneyCase(r *rand.Rand) []genPayment {
	currencies := []string{"USD", "EUR", "GBP", "CHF"}
	date := func() string {
		day := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.Intn(11*365))
		switch x := r.Intn(100); {
		case x < 5:
			return ""
		case x < 10:
			return day.Format("2006")
		case x < 15:
			return day.Format("2006-01")
		}
		return day.Format("2006-01-02")
	}
	cents := func() int64 { return int64(math.Exp(r.Float64()*math.Log(2e8))) + int64(r.Intn(100)) }
	var out []genPayment
	pay := func(payer, ben string, n int, currency string) {
		for i := 0; i < n; i++ {
			cur := currency
			if cur == "" {
				cur = currencies[r.Intn(len(currencies))]
			}
			pa := payer + "-acct"
			if payer == "h" {
				pa = []string{"h-acct", "h-acct2"}[r.Intn(2)]
			}
			out = append(out, genPayment{id: fmt.Sprintf("pay%05d", len(out)), payer: payer, payerAcct: pa,
				beneficiary: ben, benAcct: ben + "-acct", cents: cents(), currency: cur, date: date()})
		}
	}
	layer := func(name string, n int) []string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("%s%02d", name, i)
		}
		return ids
	}
	pick := func(ids []string) string { return ids[r.Intn(len(ids))] }
	b, c, d, e := layer("b", 40), layer("c", 25), layer("d", 15), layer("e", 10)
	x, y, z := layer("x", 40), layer("y", 25), layer("z", 10)
	for i := 0; i < 5200; i++ {
		pay("h", pick(b), 1, "")
	}
	pay("h", "b00", 1100, "USD") // one flow with more ids than a flow lists
	for i := 0; i < 600; i++ {
		pay(pick(b), pick(c), 1, "")
	}
	for i := 0; i < 300; i++ {
		pay(pick(c), pick(d), 1, "")
	}
	for i := 0; i < 100; i++ {
		pay(pick(d), pick(e), 1, "")
	}
	for i := 0; i < 50; i++ {
		pay(pick(d), "h", 1, "")
		pay(pick(e), "h", 1, "")
	}
	for i := 0; i < 5100; i++ {
		pay(pick(x), "h", 1, "")
	}
	for i := 0; i < 500; i++ {
		pay(pick(y), pick(x), 1, "")
	}
	for i := 0; i < 200; i++ {
		pay(pick(z), pick(y), 1, "")
	}
	return out
}

// Dates as the rules describe them, computed here independently: a date is
// its parts; two dates compare on the parts both have (the coarser
// precision); a date overlaps a window when its period does.
type refDate []int // year, month, day: as many as given

func parseRefDate(s string) refDate {
	var d refDate
	for _, part := range strings.Split(s, "-") {
		n, _ := strconv.Atoi(part)
		d = append(d, n)
	}
	return d
}

// cmpCoarse compares a and b on the parts both have: -1, 0 or 1.
func cmpCoarse(a, b refDate) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// inRefWindow: a dated payment whose period overlaps [since, until].
func inRefWindow(date string, w casegraph.Window) bool {
	if date == "" {
		return false
	}
	d := parseRefDate(date)
	return (w.Since == "" || cmpCoarse(d, parseRefDate(w.Since)) >= 0) &&
		(w.Until == "" || cmpCoarse(d, parseRefDate(w.Until)) <= 0)
}

// refFlow is what the test expects of one flow.
type refFlow struct {
	cents       int64
	count       int
	first, last string
	ids         []string
}

// refMoneyFlow enumerates every chain by the rules (depth first: filters,
// time order, no party twice except ending back at the origin, at most
// maxHops payments) and sums the payments found on any of them, once each.
func refMoneyFlow(rows []genPayment, p casegraph.MoneyFlowParams, accounts bool) (map[string]int64, map[[3]string]*refFlow) {
	ends := func(g genPayment) (string, string) {
		if accounts {
			return g.payerAcct, g.benAcct
		}
		return g.payer, g.beneficiary
	}
	keep := func(g genPayment) bool {
		if p.MinAmount > 0 && float64(g.cents)/100 < p.MinAmount {
			return false
		}
		return p.Window == (casegraph.Window{}) || inRefWindow(g.date, p.Window)
	}
	// next[party]: the payments that go on from it, in the walk's direction
	next := map[string][]genPayment{}
	for _, g := range rows {
		if !keep(g) {
			continue
		}
		payer, ben := ends(g)
		if p.Direction == casegraph.Incoming {
			next[ben] = append(next[ben], g)
		} else {
			next[payer] = append(next[payer], g)
		}
	}
	far := func(g genPayment) string {
		payer, ben := ends(g)
		if p.Direction == casegraph.Incoming {
			return payer
		}
		return ben
	}
	// inOrder: may g follow prev on a walk in this direction?
	inOrder := func(prev, g genPayment) bool {
		if !p.TimeOrdered {
			return true
		}
		if prev.date == "" || g.date == "" {
			return false
		}
		c := cmpCoarse(parseRefDate(prev.date), parseRefDate(g.date))
		if p.Direction == casegraph.Incoming {
			return c >= 0
		}
		return c <= 0
	}
	found := map[string]genPayment{}
	onChain := map[string]bool{p.From: true}
	var walk func(party string, prev *genPayment, hops int)
	walk = func(party string, prev *genPayment, hops int) {
		for _, g := range next[party] {
			if prev != nil && !inOrder(*prev, g) {
				continue
			}
			to := far(g)
			if onChain[to] && to != p.From {
				continue
			}
			found[g.id] = g
			if to == p.From || hops == p.MaxHops {
				continue
			}
			onChain[to] = true
			walk(to, &g, hops+1)
			onChain[to] = false
		}
	}
	walk(p.From, nil, 1)

	totals := map[string]int64{}
	flows := map[[3]string]*refFlow{}
	for _, g := range found {
		payer, ben := ends(g)
		k := [3]string{payer, ben, g.currency}
		f := flows[k]
		if f == nil {
			f = &refFlow{}
			flows[k] = f
		}
		f.cents += g.cents
		f.count++
		f.ids = append(f.ids, g.id)
		if g.date != "" {
			if f.first == "" || g.date < f.first {
				f.first = g.date
			}
			if g.date > f.last {
				f.last = g.date
			}
		}
		if (p.Direction == casegraph.Outgoing && payer == p.From) || (p.Direction == casegraph.Incoming && ben == p.From) {
			totals[g.currency] += g.cents
		}
	}
	return totals, flows
}

// TestMoneyFlowTotalsAreComplete: on a generated hub with more than 6,000
// payments out and 5,000 in, the default call (limit 100 chains) reports
// totals and flows equal, to the cent, to what the test sums itself from the
// generated rows, for parties and accounts, both directions, with and
// without a window, minAmount and time order.
func TestMoneyFlowTotalsAreComplete(t *testing.T) {
	s := testenv.Store(t)
	g := newFlowGraph(t)
	rows := genMoneyCase(rand.New(rand.NewSource(13)))
	for _, row := range rows {
		g.party(row.payer, row.beneficiary)
		for _, acct := range [][2]string{{row.payerAcct, row.payer}, {row.benAcct, row.beneficiary}} {
			if !g.known[acct[0]] {
				g.account(acct[0], acct[1])
			}
		}
		props := map[string]any{"amount": float64(row.cents) / 100, "currency": row.currency}
		if row.date != "" {
			props["date"] = row.date
		}
		g.ents = append(g.ents, casegraph.Entity{ID: g.id(row.id), Schema: casegraph.Payment, Name: row.id, Properties: props})
		g.link(casegraph.Paid, row.payer, row.id)
		g.link(casegraph.PaidTo, row.id, row.beneficiary)
		g.link(casegraph.FromAccount, row.id, row.payerAcct)
		g.link(casegraph.ToAccount, row.id, row.benAcct)
	}
	for ents := range slices.Chunk(g.ents, 2000) {
		if err := s.WriteBatch(ctxT(t), ents, nil); err != nil {
			t.Fatal(err)
		}
	}
	for rels := range slices.Chunk(g.rels, 5000) {
		if err := s.WriteBatch(ctxT(t), nil, rels); err != nil {
			t.Fatal(err)
		}
	}

	window := casegraph.Window{Since: "2012-03", Until: "2018"}
	cases := []struct {
		name     string
		from     string
		accounts bool
		p        casegraph.MoneyFlowParams
	}{
		{"out, the default call", "h", false, casegraph.MoneyFlowParams{TimeOrdered: true}},
		{"out, window and minAmount", "h", false, casegraph.MoneyFlowParams{TimeOrdered: true, Window: window, MinAmount: 1000}},
		{"out, time order off", "h", false, casegraph.MoneyFlowParams{}},
		{"in, the default call", "h", false, casegraph.MoneyFlowParams{Direction: casegraph.Incoming, TimeOrdered: true}},
		{"in, window and minAmount", "h", false, casegraph.MoneyFlowParams{Direction: casegraph.Incoming, TimeOrdered: true, Window: window, MinAmount: 1000}},
		{"out of an account", "h-acct", true, casegraph.MoneyFlowParams{TimeOrdered: true}},
		{"out of an account, window and minAmount", "h-acct", true, casegraph.MoneyFlowParams{TimeOrdered: true, Window: window, MinAmount: 1000}},
		{"into an account", "h-acct", true, casegraph.MoneyFlowParams{Direction: casegraph.Incoming, TimeOrdered: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			p.From = tc.from
			if p.Direction == "" {
				p.Direction = casegraph.Outgoing
			}
			if p.MaxHops == 0 {
				p.MaxHops = casegraph.DefaultMoneyHops
			}
			wantTotals, wantFlows := refMoneyFlow(rows, p, tc.accounts)
			if len(wantTotals) == 0 {
				t.Fatal("the generated case has no payments for this question")
			}

			p = tc.p
			p.From = g.id(tc.from)
			mf, err := s.MoneyFlow(ctxT(t), p)
			if err != nil {
				t.Fatal(err)
			}
			if !mf.Truncated || len(mf.Chains) != casegraph.DefaultMoneyChains {
				t.Errorf("truncated = %v with %d chains: the default call should list %d chains and say more were left out",
					mf.Truncated, len(mf.Chains), casegraph.DefaultMoneyChains)
			}
			if len(mf.Totals) != len(wantTotals) {
				t.Errorf("totals in %d currencies, want %d: %v", len(mf.Totals), len(wantTotals), mf.Totals)
			}
			for cur, want := range wantTotals {
				if got := int64(math.Round(mf.Totals[cur] * 100)); got != want {
					t.Errorf("total %s: %.2f, the rows sum to %.2f", cur, mf.Totals[cur], float64(want)/100)
				}
			}
			if len(mf.Flows) != len(wantFlows) {
				t.Errorf("%d flows, want %d", len(mf.Flows), len(wantFlows))
			}
			payments := 0
			for _, f := range mf.Flows {
				k := [3]string{g.short(f.Payer), g.short(f.Beneficiary), f.Currency}
				w := wantFlows[k]
				if w == nil {
					t.Errorf("flow %v is not in the rows", k)
					continue
				}
				payments += int(f.Count)
				sort.Strings(w.ids)
				wantIDs := w.ids[:min(len(w.ids), casegraph.MaxFlowPaymentIDs)]
				gotIDs := make([]string, len(f.PaymentIDs))
				for i, id := range f.PaymentIDs {
					gotIDs[i] = g.short(id)
				}
				switch {
				case int64(math.Round(f.Total*100)) != w.cents:
					t.Errorf("flow %v: total %.2f, the rows sum to %.2f", k, f.Total, float64(w.cents)/100)
				case int(f.Count) != w.count:
					t.Errorf("flow %v: %d payments, want %d", k, f.Count, w.count)
				case f.FirstDate != w.first || f.LastDate != w.last:
					t.Errorf("flow %v: dates %s..%s, want %s..%s", k, f.FirstDate, f.LastDate, w.first, w.last)
				case !slices.Equal(gotIDs, wantIDs):
					t.Errorf("flow %v: %d payment ids, want the first %d of %d by id", k, len(gotIDs), len(wantIDs), w.count)
				}
			}
			t.Logf("%d payments in %d flows; totals %v", payments, len(mf.Flows), mf.Totals)

			p.NoFlows = true
			only, err := s.MoneyFlow(ctxT(t), p)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(only.Totals, mf.Totals) || only.Flows != nil || len(only.Chains) != len(mf.Chains) {
				t.Errorf("without flows: totals %v, %d flows, %d chains; want %v, none, %d",
					only.Totals, len(only.Flows), len(only.Chains), mf.Totals, len(mf.Chains))
			}
		})
	}
}
