package graph

import (
	"context"
	"maps"
	"math"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Money flow: where funds went from an entity, or where they came from,
// along chains of payments.
//
// One hop is one payment. Between parties it is
//
//	(payer)-[:PAID]->(:Payment)-[:PAID_TO]->(beneficiary)
//
// and when the entity asked about is a BankAccount it is taken between
// accounts instead:
//
//	(account)<-[:FROM_ACCOUNT]-(:Payment)-[:TO_ACCOUNT]->(account)
//
// A chain goes on from each beneficiary to its own onward payments (OUT), or
// back from each payer to the payments that funded it (IN). The rules a chain
// follows:
//
//   - Time order (TimeOrdered): each onward payment is dated on or after the
//     payment that funded it. Dates are ISO text, possibly partial, and are
//     compared at the coarser of the two precisions, so "2016" may be
//     followed by "2016-08-30" and the other way round. A payment without a
//     date cannot be placed in time, so with TimeOrdered on it never sits
//     next to another payment in a chain: it is found as a chain of its own
//     (at hop 1, like the demo's undated $16.5 million transfer) but nothing
//     is followed through it. With TimeOrdered off dates play no part.
//   - Window (Since/Until) and MinAmount filter every payment on a chain. With
//     a window, an undated payment is left out; a partial date is kept when
//     its period overlaps the window. MinAmount compares the bare amount,
//     whatever the currency.
//   - No cycles: a party appears at most once on a chain, except that the
//     chain may end by returning to the entity asked about (A→B→C→A), so that
//     round trips are reported; it does not go on from there.
//   - Only whole chains are returned: a chain that is the beginning of a
//     longer one found in the same answer is left out, since the longer one
//     carries the same payments.
//
// Chains are listed up to a limit; flows and totals never are. They are
// summed over the reach: every payment that some time-ordered walk of at
// most MaxHops payments from the entity ends with, counted once however many
// walks end with it. "moneyreach" finds it one hop at a time, keeping
// for each party reached only the date that lets the most payments go on
// from it (OUT: the earliest arrival, IN: the latest departure), since a
// payment can go on from a party if it can go on from that date. The walks
// follow the chains' rules: the filters on every payment, time order
// (undated payments at hop 1 only), nothing followed through the entity
// itself, a payment back to it ends a walk, and a party never pays itself on
// a walk. What a walk does not check is the rest of "no party twice": the
// reach also holds a payment from v to w when every walk to v within the
// hops passes through w already (money going back round a loop that does
// not pass through the entity, A→B→C→B), which no chain may carry. Any other
// walk can be cut down to a chain: leaving out a loop keeps time order and
// shortens it.
const (

	// moneyPathsPerChain bounds the paths Neo4j enumerates: Limit × this.
	// Every prefix of a chain is itself a path, so a chain of n hops costs
	// up to n rows; MaxMoneyHops keeps room for the longest chains.
	moneyPathsPerChain = casegraph.MaxMoneyHops

	// moneyReachMax bounds the payments one reach may hold; a question
	// whose reach is larger is refused (ETOOMUCH) rather than answered with
	// totals that leave payments out.
	moneyReachMax = 1_000_000
)

// moneySteps are the four ways of walking a chain: between parties or
// between accounts, outward or inward. Start leads from the origin to the
// first payment; Onward leads from a payment to the party it moved money to
// (OUT) or from (IN); Next leads from that party to its next payment.
var moneySteps = map[bool]map[casegraph.FlowDirection]struct{ Start, Onward, Next string }{
	false: {
		casegraph.Outgoing: {`-[:PAID]->`, `-[:PAID_TO]->`, `-[:PAID]->`},
		casegraph.Incoming: {`<-[:PAID_TO]-`, `<-[:PAID]-`, `<-[:PAID_TO]-`},
	},
	true: { // between bank accounts
		casegraph.Outgoing: {`<-[:FROM_ACCOUNT]-`, `-[:TO_ACCOUNT]->`, `<-[:FROM_ACCOUNT]-`},
		casegraph.Incoming: {`<-[:TO_ACCOUNT]-`, `-[:FROM_ACCOUNT]->`, `<-[:TO_ACCOUNT]-`},
	},
}

// moneyFlowCypher finds every chain of 1..MaxHops payments from the origin
// in one statement. A quantified path pattern steps from payment to payment,
// (p:Payment)-->(via)-->(q:Payment), so that each iteration sees both the
// payment that funded a party and the party's next payment: the time order
// and the filters are checked inside the pattern, and Neo4j prunes while it
// expands instead of listing every path first. The origin may not be passed
// through (via <> a); a party twice on one chain is ruled out after the
// match, on the list of parties. LIMIT caps the work. With one hop there is
// no pattern to repeat: the first payment is the chain.
//
// "payment" is what every payment on a chain must satisfy: the amount
// floor and the window (window.go: a partial date counts when its period
// overlaps the window, an undated payment is in no window). Outward, p funds q
// (Funding p, Funded q); inward, q funded the party that paid p.
//
// The steps come from moneySteps and MaxHops is a validated integer:
// nothing from the caller is spliced into the text.
var moneyFlowCypher = cypherTemplate("moneyflow", `
{{- define "payment" -}}
($minAmount IS NULL OR {{.Var}}.amount >= $minAmount)
{{- with windowDate .Window (printf "%s.date" .Var) undatedOut}}
          AND {{.}}
{{- end}}
{{- end}}

{{- define "moneyflow" -}}
MATCH (a:Entity {id: $from})
{{if eq .MaxHops 1 -}}
MATCH (a){{.Start}}(first:Payment
        WHERE {{template "payment" .Payment "first"}}){{.Onward}}(far)
WITH a, [first] AS pays, [far] AS parties
{{- else -}}
MATCH (a){{.Start}}(first:Payment
        WHERE {{template "payment" .Payment "first"}})
      ((p:Payment){{.Onward}}(via){{.Next}}(q:Payment)
        WHERE via <> a
          AND {{template "payment" .Payment "q"}}
          AND (NOT $timeOrdered OR ({{.Funding}}.date IS NOT NULL AND {{.Funded}}.date IS NOT NULL
               AND left({{.Funding}}.date, size({{.Funded}}.date)) <= left({{.Funded}}.date, size({{.Funding}}.date))))
      ){0,{{.MoreHops}}}
      (last:Payment){{.Onward}}(far)
WITH a, [first] + q AS pays, via + far AS parties
{{- end}}
WHERE all(i IN range(0, size(parties) - 2) WHERE NOT parties[i] IN parties[i + 1..])
WITH pays, parties LIMIT $paths
RETURN [pay IN pays | pay {.id, .amount, .currency, .date}] AS payments, [n IN parties | n.id] AS parties
{{- end}}

{{- define "moneyreach" -}}
UNWIND $frontier AS f
MATCH (v:Entity {id: f.id}){{.Next}}(q:Payment
        WHERE {{template "payment" .Payment "q"}}){{.Onward}}(w)
WHERE (w <> v OR v.id = $from)
  AND (f.date IS NULL OR (q.date IS NOT NULL
       AND left({{.ReachEarlier}}, size({{.ReachLater}})) <= left({{.ReachLater}}, size({{.ReachEarlier}}))))
RETURN f.id AS via, w.id AS party, q.id AS id, q.amount AS amount, q.currency AS currency, q.date AS date
LIMIT $rows
{{- end}}`)

// "moneyreach" is one hop of the reach (see the top of this file): from
// each party of the frontier, f = {id, date}, the payments that may go on
// from it and the parties they reach. f.date is null at hop 1 (the entity
// itself) and when time order is off; otherwise it is the date kept for the
// party, and the payment must be dated on or after it (OUT) or on or before
// it (IN), compared as the chains compare dates. LIMIT caps the work.

// moneyFlowStatement is one variant of moneyFlowCypher.
type moneyFlowStatement struct {
	Start, Onward, Next string // from moneySteps
	Funding, Funded     string // the variables of the earlier and the later payment: p and q, or q and p
	MaxHops             int    // validated by MoneyFlowParams.WithDefaults
	MoreHops            int    // MaxHops - 1: the payments after the first
	Window              casegraph.Window
	// ReachEarlier and ReachLater are the earlier and the later date of
	// one reach hop: the frontier's date and the payment's, or the other
	// way round inward.
	ReachEarlier, ReachLater string
}

// moneyPaymentPart is what "payment" is rendered with: the payment's
// variable and the window.
type moneyPaymentPart struct {
	Var    string
	Window casegraph.Window
}

// Payment is the "payment" part for the payment variable v.
func (m moneyFlowStatement) Payment(v string) moneyPaymentPart {
	return moneyPaymentPart{Var: v, Window: m.Window}
}

func newMoneyFlowStatement(byAccount bool, dir casegraph.FlowDirection, maxHops int, w casegraph.Window) moneyFlowStatement {
	st := moneySteps[byAccount][dir]
	m := moneyFlowStatement{Start: st.Start, Onward: st.Onward, Next: st.Next, Funding: "p", Funded: "q",
		MaxHops: maxHops, MoreHops: maxHops - 1, Window: w, ReachEarlier: "f.date", ReachLater: "q.date"}
	if dir == casegraph.Incoming {
		m.Funding, m.Funded = "q", "p"
		m.ReachEarlier, m.ReachLater = "q.date", "f.date"
	}
	return m
}

const moneyOriginCypher = `MATCH (a:Entity {id: $from}) RETURN a`

const moneyNodesCypher = `MATCH (n:Entity) WHERE n.id IN $ids
RETURN n, COUNT { (n)--() } AS degree`

// MoneyFlow follows money out of (OUT) or into (IN) an entity along chains of
// payments, by the rules at the top of this file, and aggregates what it
// found:
//
//   - Chains, each in time order (for IN the chain ends at the entity),
//     sorted by their first date; at most Limit of them.
//   - Flows: every payment of the reach (the top of this file), each counted
//     once, summed per payer, beneficiary and currency, whatever Limit says.
//     A flow lists at most MaxFlowPaymentIDs of its payment ids (the first
//     by id); Count counts them all.
//   - Totals: per currency, the sum of the flows whose payer (OUT) or
//     beneficiary (IN) is the entity itself, that is the money that moved
//     directly out of or into it at hop 1. Later hops are not added in, so
//     money passed along a chain is not counted twice, and a round trip's
//     last payment back to the entity does not count as money leaving it.
//   - Nodes: the entity itself, then every other party on the chains by id;
//     payments are not nodes here (they are in Chains and Flows).
//
// With NoFlows the reach stops at hop 1, which is all the totals need, and
// Flows is left empty: on a large graph the whole reach costs far more than
// the chains. Sums are exact until the one rounding to float64 at the end (moneySum).
// Truncated says only that chains were left out: Neo4j had more paths than
// the work cap (Limit × MaxMoneyHops), or there were more whole chains than
// Limit. A reach of more than moneyReachMax payments is refused.
func (s *Store) MoneyFlow(ctx context.Context, p casegraph.MoneyFlowParams) (casegraph.MoneyFlow, error) {
	p, err := p.WithDefaults()
	if err != nil {
		return casegraph.MoneyFlow{}, err
	}
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (casegraph.MoneyFlow, error) {
		origin, err := collect(ctx, tx, moneyOriginCypher, map[string]any{"from": p.From}, func(rec *neo4j.Record) (dbtype.Node, error) {
			n, _, err := neo4j.GetRecordValue[dbtype.Node](rec, "a")
			return n, err
		})
		if err != nil {
			return casegraph.MoneyFlow{}, err
		}
		if len(origin) == 0 {
			return casegraph.MoneyFlow{}, casegraph.Errorf(casegraph.ENOTFOUND, "no entity with id %q", p.From)
		}
		byAccount := entityFromNode(origin[0]).Schema == casegraph.BankAccount
		statement := newMoneyFlowStatement(byAccount, p.Direction, p.MaxHops, p.Window)
		cypher, err := render(moneyFlowCypher, "moneyflow", statement)
		if err != nil {
			return casegraph.MoneyFlow{}, err
		}

		pathCap := p.Limit * moneyPathsPerChain
		flow := casegraph.MoneyFlow{}
		for _, origin := range moneyOrigins(p) {
			paths, err := collect(ctx, tx, cypher, windowParams(map[string]any{
				"from":        origin,
				"minAmount":   moneyNilIfZero(p.MinAmount),
				"timeOrdered": p.TimeOrdered,
				"paths":       int64(pathCap + 1),
			}, p.Window), moneyPathFromRecord)
			if err != nil {
				return casegraph.MoneyFlow{}, err
			}
			if len(paths) > pathCap {
				flow.Truncated, paths = true, paths[:pathCap]
			}
			flow.Chains = append(flow.Chains, moneyChains(paths, origin, p.Direction)...)
		}
		if len(flow.Chains) > p.Limit {
			flow.Chains, flow.Truncated = flow.Chains[:p.Limit], true
		}
		reachParams := p
		if p.NoFlows {
			reachParams.MaxHops = 1 // the totals' payments
		}
		reach, err := moneyReach(ctx, tx, statement, reachParams)
		if err != nil {
			return casegraph.MoneyFlow{}, err
		}
		flow.Flows, flow.Totals = moneyFlows(reach, p.From, p.Direction)
		if p.NoFlows {
			flow.Flows = nil
		}
		flow.Nodes, err = moneyNodes(ctx, tx, p.From, flow.Chains)
		return flow, err
	})
}

// moneyReach finds the reach (the top of this file) hop by hop with
// "moneyreach": each hop starts from the parties whose kept date the hop
// before reached first or improved, since only they can have payments that
// were not yet taken.
func moneyReach(ctx context.Context, tx neo4j.ManagedTransaction, st moneyFlowStatement, p casegraph.MoneyFlowParams) ([]moneyPayment, error) {
	cypher, err := render(moneyFlowCypher, "moneyreach", st)
	if err != nil {
		return nil, err
	}
	// better says whether date d lets more payments go on than kept: the
	// earlier start outward, the later end inward ("2016" ends after
	// "2016-05", so it is compared as "2016~" against "2016-05~").
	better := func(d, kept string) bool { return d < kept }
	if p.Direction == casegraph.Incoming {
		better = func(d, kept string) bool { return d+"~" > kept+"~" }
	}
	kept := map[string]string{} // party -> its date ("" with time order off)
	seen := map[string]bool{}
	var reach []moneyPayment
	origins := moneyOrigins(p)
	var frontier []any
	for _, id := range origins {
		frontier = append(frontier, map[string]any{"id": id, "date": nil})
	}
	for hop := 1; hop <= p.MaxHops && len(frontier) > 0; hop++ {
		rows, err := collect(ctx, tx, cypher, windowParams(map[string]any{
			"from":      p.From,
			"minAmount": moneyNilIfZero(p.MinAmount),
			"frontier":  frontier,
			"rows":      int64(moneyReachMax + 1),
		}, p.Window), moneyReachRowFromRecord)
		if err != nil {
			return nil, err
		}
		improved := map[string]bool{}
		for _, r := range rows {
			if !seen[r.id] {
				seen[r.id] = true
				pm := r.moneyPayment
				pm.payer, pm.beneficiary = r.via, r.party
				if p.Direction == casegraph.Incoming {
					pm.payer, pm.beneficiary = r.party, r.via
				}
				reach = append(reach, pm)
			}
			if slices.Contains(origins, r.party) || (p.TimeOrdered && r.date == "") {
				continue // a walk ends back at the entity; an undated payment is not followed
			}
			d := ""
			if p.TimeOrdered {
				d = r.date
			}
			for _, party := range moneySame(p, r.party) {
				if k, ok := kept[party]; !ok || (p.TimeOrdered && better(d, k)) {
					kept[party], improved[party] = d, true
				}
			}
		}
		if len(reach) > moneyReachMax {
			return nil, casegraph.Errorf(casegraph.ETOOMUCH,
				"more than %d payments flow this way: narrow it with a window, minAmount or fewer hops", moneyReachMax)
		}
		frontier = frontier[:0]
		for _, id := range slices.Sorted(maps.Keys(improved)) {
			var date any
			if p.TimeOrdered {
				date = kept[id]
			}
			frontier = append(frontier, map[string]any{"id": id, "date": date})
		}
	}
	return reach, nil
}

// moneyReachRow is one row of "moneyreach": a payment, the frontier party
// it was reached from (via) and the party it reaches.
type moneyReachRow struct {
	moneyPayment
	via, party string
}

func moneyReachRowFromRecord(rec *neo4j.Record) (moneyReachRow, error) {
	var r moneyReachRow
	var err error
	if r.via, _, err = neo4j.GetRecordValue[string](rec, "via"); err != nil {
		return r, err
	}
	if r.party, _, err = neo4j.GetRecordValue[string](rec, "party"); err != nil {
		return r, err
	}
	if r.id, _, err = neo4j.GetRecordValue[string](rec, "id"); err != nil {
		return r, err
	}
	r.currency, _, _ = neo4j.GetRecordValue[string](rec, "currency")
	r.date, _, _ = neo4j.GetRecordValue[string](rec, "date")
	amount, _ := rec.Get("amount")
	r.amount = moneyAmount(amount)
	return r, nil
}

// moneyAmount reads an amount as Neo4j stores it, a float or an integer.
func moneyAmount(v any) float64 {
	switch a := v.(type) {
	case float64:
		return a
	case int64:
		return float64(a)
	}
	return 0
}

func moneyNilIfZero(f float64) any {
	if f == 0 {
		return nil
	}
	return f
}

// moneyPayment is one payment as a chain shows it; payer and beneficiary
// are filled in by the reach only.
type moneyPayment struct {
	id, currency, date string
	amount             float64
	payer, beneficiary string
}

// moneyPath is one row of moneyFlowCypher: the payments and the far-side
// parties in path order, starting next to the origin.
type moneyPath struct {
	payments []moneyPayment
	parties  []string
}

func moneyPathFromRecord(rec *neo4j.Record) (moneyPath, error) {
	pays, _, err := neo4j.GetRecordValue[[]any](rec, "payments")
	if err != nil {
		return moneyPath{}, err
	}
	parties, _, err := neo4j.GetRecordValue[[]any](rec, "parties")
	if err != nil {
		return moneyPath{}, err
	}
	path := moneyPath{payments: make([]moneyPayment, len(pays)), parties: make([]string, len(parties))}
	for i, v := range pays {
		m, _ := v.(map[string]any)
		pm := moneyPayment{}
		pm.id, _ = m["id"].(string)
		pm.currency, _ = m["currency"].(string)
		pm.date, _ = m["date"].(string)
		pm.amount = moneyAmount(m["amount"])
		path.payments[i] = pm
	}
	for i, v := range parties {
		path.parties[i], _ = v.(string)
	}
	return path, nil
}

// moneyChains keeps the whole chains among the paths (those no other path
// extends), puts each in time order and sorts them by first date, undated
// ones last, then by payment ids.
func moneyChains(paths []moneyPath, from string, dir casegraph.FlowDirection) []casegraph.Chain {
	key := func(ps []moneyPayment) string {
		ids := make([]string, len(ps))
		for i, p := range ps {
			ids[i] = p.id
		}
		return strings.Join(ids, "\x00")
	}
	extended := map[string]bool{}
	for _, p := range paths {
		if n := len(p.payments); n > 1 {
			extended[key(p.payments[:n-1])] = true
		}
	}
	var chains []casegraph.Chain
	for _, p := range paths {
		if extended[key(p.payments)] {
			continue
		}
		n := len(p.payments)
		c := casegraph.Chain{PaymentIDs: make([]string, n), Amounts: make([]float64, n),
			Currencies: make([]string, n), Dates: make([]string, n), Parties: make([]string, 0, n+1)}
		if dir == casegraph.Outgoing {
			c.Parties = append(c.Parties, from)
			c.Parties = append(c.Parties, p.parties...)
		} else {
			for i := n - 1; i >= 0; i-- {
				c.Parties = append(c.Parties, p.parties[i])
			}
			c.Parties = append(c.Parties, from)
		}
		for i := range p.payments {
			pm := p.payments[i]
			if dir == casegraph.Incoming {
				pm = p.payments[n-1-i]
			}
			c.PaymentIDs[i], c.Amounts[i], c.Currencies[i], c.Dates[i] = pm.id, pm.amount, pm.currency, pm.date
		}
		chains = append(chains, c)
	}
	sort.Slice(chains, func(i, j int) bool {
		a, b := chains[i], chains[j]
		if da, db := a.Dates[0], b.Dates[0]; da != db {
			if da == "" || db == "" {
				return db == ""
			}
			return da < db
		}
		return strings.Join(a.PaymentIDs, "\x00") < strings.Join(b.PaymentIDs, "\x00")
	})
	return chains
}

// moneyFlows sums the payments of the reach per payer, beneficiary and
// currency, and the totals per currency of the flows at the origin (see
// MoneyFlow).
func moneyFlows(reach []moneyPayment, from string, dir casegraph.FlowDirection) ([]casegraph.Flow, map[string]float64) {
	type flowKey struct{ payer, beneficiary, currency string }
	type flowSum struct {
		casegraph.Flow
		total moneySum
	}
	byKey := map[flowKey]*flowSum{}
	for _, pm := range reach {
		k := flowKey{pm.payer, pm.beneficiary, pm.currency}
		f := byKey[k]
		if f == nil {
			f = &flowSum{Flow: casegraph.Flow{Payer: k.payer, Beneficiary: k.beneficiary, Currency: k.currency}}
			byKey[k] = f
		}
		f.total.add(pm.amount)
		f.Count++
		f.PaymentIDs = append(f.PaymentIDs, pm.id)
		if d := pm.date; d != "" {
			if f.FirstDate == "" || d < f.FirstDate {
				f.FirstDate = d
			}
			if d > f.LastDate {
				f.LastDate = d
			}
		}
	}
	flows := make([]casegraph.Flow, 0, len(byKey))
	totals := map[string]*moneySum{}
	for _, f := range byKey {
		slices.Sort(f.PaymentIDs)
		if len(f.PaymentIDs) > casegraph.MaxFlowPaymentIDs {
			f.PaymentIDs = slices.Clip(f.PaymentIDs[:casegraph.MaxFlowPaymentIDs])
		}
		f.Total = f.total.float()
		flows = append(flows, f.Flow)
		if (dir == casegraph.Outgoing && f.Payer == from) || (dir == casegraph.Incoming && f.Beneficiary == from) {
			if totals[f.Currency] == nil {
				totals[f.Currency] = &moneySum{}
			}
			totals[f.Currency].addSum(&f.total)
		}
	}
	sort.Slice(flows, func(i, j int) bool {
		a, b := flows[i], flows[j]
		switch {
		case a.Payer != b.Payer:
			return a.Payer < b.Payer
		case a.Beneficiary != b.Beneficiary:
			return a.Beneficiary < b.Beneficiary
		}
		return a.Currency < b.Currency
	})
	out := make(map[string]float64, len(totals))
	for cur, t := range totals {
		out[cur] = t.float()
	}
	return flows, out
}

// moneySum adds amounts exactly: a big.Float wide enough to hold any sum of
// float64s without rounding, so a total of many payments is rounded once,
// to the float64 nearest the true sum, and no cents are lost on the way.
type moneySum struct{ f *big.Float }

// moneySumPrec covers every float64 from the smallest subnormal to the
// largest finite value, with room for the carries of a long sum.
const moneySumPrec = 1074 + 1024 + 64

func (s *moneySum) add(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return // not an amount; ingest never stores one
	}
	if s.f == nil {
		s.f = new(big.Float).SetPrec(moneySumPrec)
	}
	s.f.Add(s.f, new(big.Float).SetFloat64(x))
}

func (s *moneySum) addSum(o *moneySum) {
	if o.f == nil {
		return
	}
	if s.f == nil {
		s.f = new(big.Float).SetPrec(moneySumPrec)
	}
	s.f.Add(s.f, o.f)
}

func (s *moneySum) float() float64 {
	if s.f == nil {
		return 0
	}
	f, _ := s.f.Float64()
	return f
}

// moneyNodes reads the origin and every party on the chains, origin first.
func moneyNodes(ctx context.Context, tx neo4j.ManagedTransaction, from string, chains []casegraph.Chain) ([]casegraph.Node, error) {
	ids := []string{from}
	seen := map[string]bool{from: true}
	for _, c := range chains {
		for _, id := range c.Parties {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids[1:])
	found, err := collect(ctx, tx, moneyNodesCypher, map[string]any{"ids": ids}, func(rec *neo4j.Record) (casegraph.Node, error) {
		n, _, err := neo4j.GetRecordValue[dbtype.Node](rec, "n")
		if err != nil {
			return casegraph.Node{}, err
		}
		degree, _, _ := neo4j.GetRecordValue[int64](rec, "degree")
		return casegraph.Node{Entity: entityFromNode(n), Degree: degree}, nil
	})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]casegraph.Node, len(found))
	for _, n := range found {
		byID[n.ID] = n
	}
	nodes := make([]casegraph.Node, 0, len(ids))
	for _, id := range ids {
		if n, ok := byID[id]; ok {
			nodes = append(nodes, n)
		}
	}
	return nodes, nil
}

// moneyOrigins are the records money is followed from: the origin, and with
// Resolve the other records of its cluster.
func moneyOrigins(p casegraph.MoneyFlowParams) []string {
	return moneySame(p, p.From)
}

// moneySame is a party and, with Resolve, the other records of its cluster,
// the party first.
func moneySame(p casegraph.MoneyFlowParams, id string) []string {
	if p.Resolve == nil {
		return []string{id}
	}
	out := []string{id}
	for _, m := range p.Resolve.Members(id) {
		if m != id {
			out = append(out, m)
		}
	}
	return out
}
