package graph

import (
	"context"
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
const (

	// moneyPathsPerChain bounds the paths Neo4j enumerates: Limit × this.
	// Every prefix of a chain is itself a path, so a chain of n hops costs
	// up to n rows; MaxMoneyHops keeps room for the longest chains.
	moneyPathsPerChain = casegraph.MaxMoneyHops
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
{{- end}}`)

// moneyFlowStatement is one variant of moneyFlowCypher.
type moneyFlowStatement struct {
	Start, Onward, Next string // from moneySteps
	Funding, Funded     string // the variables of the earlier and the later payment: p and q, or q and p
	MaxHops             int    // validated by MoneyFlowParams.WithDefaults
	MoreHops            int    // MaxHops - 1: the payments after the first
	Window              casegraph.Window
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
		MaxHops: maxHops, MoreHops: maxHops - 1, Window: w}
	if dir == casegraph.Incoming {
		m.Funding, m.Funded = "q", "p"
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
//   - Flows: the payments on the returned chains, each counted once, summed
//     per payer, beneficiary and currency.
//   - Totals: per currency, the sum of the flows whose payer (OUT) or
//     beneficiary (IN) is the entity itself, that is the money that moved
//     directly out of or into it at hop 1. Later hops are not added in, so
//     money passed along a chain is not counted twice, and a round trip's
//     last payment back to the entity does not count as money leaving it.
//   - Nodes: the entity itself, then every other party on the chains by id;
//     payments are not nodes here (they are in Chains and Flows).
//
// Truncated is set when Neo4j had more paths than the work cap
// (Limit × MaxMoneyHops), or more whole chains than Limit; flows and totals
// then cover the returned chains only.
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
		cypher, err := render(moneyFlowCypher, "moneyflow", newMoneyFlowStatement(byAccount, p.Direction, p.MaxHops, p.Window))
		if err != nil {
			return casegraph.MoneyFlow{}, err
		}

		pathCap := p.Limit * moneyPathsPerChain
		paths, err := collect(ctx, tx, cypher, windowParams(map[string]any{
			"from":        p.From,
			"minAmount":   moneyNilIfZero(p.MinAmount),
			"timeOrdered": p.TimeOrdered,
			"paths":       int64(pathCap + 1),
		}, p.Window), moneyPathFromRecord)
		if err != nil {
			return casegraph.MoneyFlow{}, err
		}
		flow := casegraph.MoneyFlow{Truncated: len(paths) > pathCap}
		if flow.Truncated {
			paths = paths[:pathCap]
		}
		flow.Chains = moneyChains(paths, p.From, p.Direction)
		if len(flow.Chains) > p.Limit {
			flow.Chains, flow.Truncated = flow.Chains[:p.Limit], true
		}
		flow.Flows, flow.Totals = moneyFlows(flow.Chains, p.From, p.Direction)
		flow.Nodes, err = moneyNodes(ctx, tx, p.From, flow.Chains)
		return flow, err
	})
}

func moneyNilIfZero(f float64) any {
	if f == 0 {
		return nil
	}
	return f
}

// moneyPayment is one payment as a chain shows it.
type moneyPayment struct {
	id, currency, date string
	amount             float64
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
		switch a := m["amount"].(type) {
		case float64:
			pm.amount = a
		case int64:
			pm.amount = float64(a)
		}
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

// moneyFlows sums the payments on the chains, each once, per payer,
// beneficiary and currency, and the totals per currency of the flows at the
// origin (see MoneyFlow).
func moneyFlows(chains []casegraph.Chain, from string, dir casegraph.FlowDirection) ([]casegraph.Flow, map[string]float64) {
	type flowKey struct{ payer, beneficiary, currency string }
	byKey := map[flowKey]*casegraph.Flow{}
	seen := map[string]bool{}
	for _, c := range chains {
		for i, id := range c.PaymentIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			k := flowKey{c.Parties[i], c.Parties[i+1], c.Currencies[i]}
			f := byKey[k]
			if f == nil {
				f = &casegraph.Flow{Payer: k.payer, Beneficiary: k.beneficiary, Currency: k.currency}
				byKey[k] = f
			}
			f.Total += c.Amounts[i]
			f.Count++
			f.PaymentIDs = append(f.PaymentIDs, id)
			if d := c.Dates[i]; d != "" {
				if f.FirstDate == "" || d < f.FirstDate {
					f.FirstDate = d
				}
				if d > f.LastDate {
					f.LastDate = d
				}
			}
		}
	}
	flows := make([]casegraph.Flow, 0, len(byKey))
	totals := map[string]float64{}
	for _, f := range byKey {
		sort.Strings(f.PaymentIDs)
		flows = append(flows, *f)
		if (dir == casegraph.Outgoing && f.Payer == from) || (dir == casegraph.Incoming && f.Beneficiary == from) {
			totals[f.Currency] += f.Total
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
	return flows, totals
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
