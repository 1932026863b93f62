package graph

import "github.com/casegraph/casegraph"

// The neighbourhood's subgraph as it is gathered from the rows of its
// statements (neighborhood.go): nodes in discovery order, edges drawn once,
// links left out counted on their node, payments drawn as edges. Pure code:
// it reads rows, not Neo4j.

// hoodRow is one expanded entity: its kept links and its counts.
type hoodRow struct {
	node     *casegraph.Entity // on the first level only
	links    []hoodLink
	matching int64 // links that pass the filters, kept or not
	degree   int64
}

// hoodLink is one link of an expanded entity to another.
type hoodLink struct {
	edge   casegraph.Edge    // Source and Target still to be set
	out    bool              // the link starts at the expanded entity
	other  string            // the other end's id
	node   *casegraph.Entity // the other end, unless it was known already
	degree int64             // of the other end, when node is set
}

// hoodBuilder gathers the subgraph level by level, in discovery order.
type hoodBuilder struct {
	sg    casegraph.Subgraph
	limit int
	index map[string]int  // entity id → position in sg.Nodes
	edges map[string]bool // type and id of the relationships drawn
}

func newHoodBuilder(limit int) *hoodBuilder {
	return &hoodBuilder{limit: limit, index: map[string]int{}, edges: map[string]bool{}}
}

func (b *hoodBuilder) addNode(e casegraph.Entity, degree int64) {
	b.index[e.ID] = len(b.sg.Nodes)
	b.sg.Nodes = append(b.sg.Nodes, casegraph.Node{Entity: e, Degree: degree})
}

// payments lists the payments among the given entities of the subgraph.
func (b *hoodBuilder) payments(ids []string) []string {
	var payments []string
	for _, id := range ids {
		if b.sg.Nodes[b.index[id]].Schema == casegraph.Payment {
			payments = append(payments, id)
		}
	}
	return payments
}

// known lists the ids of the nodes gathered so far.
func (b *hoodBuilder) known() []string {
	ids := make([]string, len(b.sg.Nodes))
	for i, n := range b.sg.Nodes {
		ids[i] = n.ID
	}
	return ids
}

// expand adds the links of each frontier entity, in frontier order, and
// returns the entities seen for the first time: the next frontier. A link
// whose other end would take the subgraph over its limit is left out and
// counted as hidden, like the links hub protection leaves out.
func (b *hoodBuilder) expand(frontier []string, rows map[string]hoodRow) []string {
	var next []string
	for _, id := range frontier {
		row, ok := rows[id]
		if !ok {
			continue
		}
		hidden := row.matching - int64(len(row.links))
		for _, l := range row.links {
			if _, in := b.index[l.other]; !in {
				if len(b.sg.Nodes) >= b.limit || l.node == nil {
					hidden++
					continue
				}
				b.addNode(*l.node, l.degree)
				next = append(next, l.other)
			}
			key := l.edge.Type + "\x00" + l.edge.ID
			if b.edges[key] {
				continue
			}
			b.edges[key] = true
			e := l.edge
			e.Source, e.Target = id, l.other
			if !l.out {
				e.Source, e.Target = l.other, id
			}
			b.sg.Edges = append(b.sg.Edges, e)
		}
		if hidden > 0 {
			b.sg.Nodes[b.index[id]].Hidden = hidden
			b.sg.Truncated = true
		}
	}
	return next
}

// hoodCollapsePayments replaces each payment whose payer and beneficiary are
// both in the subgraph (payer -PAID-> payment -PAID_TO-> beneficiary) by
// one PAYMENT edge from payer to beneficiary, carrying the payment's id,
// amount, currency, date and sources. The payment node goes, and with it
// its other edges (its accounts, say). A payment asked for by id stays a
// node.
func hoodCollapsePayments(sg *casegraph.Subgraph, seeds []string) {
	isSeed := map[string]bool{}
	for _, id := range seeds {
		isSeed[id] = true
	}
	payments := map[string]*casegraph.Entity{}
	for i := range sg.Nodes {
		if n := &sg.Nodes[i]; n.Schema == casegraph.Payment && !isSeed[n.ID] {
			payments[n.ID] = &n.Entity
		}
	}
	if len(payments) == 0 {
		return
	}
	payers, beneficiaries := map[string][]string{}, map[string][]string{}
	for _, e := range sg.Edges {
		switch {
		case e.Type == string(casegraph.Paid) && payments[e.Target] != nil:
			payers[e.Target] = append(payers[e.Target], e.Source)
		case e.Type == string(casegraph.PaidTo) && payments[e.Source] != nil:
			beneficiaries[e.Source] = append(beneficiaries[e.Source], e.Target)
		}
	}
	collapsed := map[string]bool{}
	for id := range payments {
		if len(payers[id]) > 0 && len(beneficiaries[id]) > 0 {
			collapsed[id] = true
		}
	}
	if len(collapsed) == 0 {
		return
	}
	// The PAYMENT edges take the place of the payment's first edge, so the
	// order stays the order of discovery.
	var edges []casegraph.Edge
	drawn := map[string]bool{}
	for _, e := range sg.Edges {
		id := ""
		switch {
		case collapsed[e.Source]:
			id = e.Source
		case collapsed[e.Target]:
			id = e.Target
		default:
			edges = append(edges, e)
			continue
		}
		if drawn[id] {
			continue
		}
		drawn[id] = true
		pay := payments[id]
		for _, from := range payers[id] {
			for _, to := range beneficiaries[id] {
				edges = append(edges, hoodPaymentEdge(*pay, from, to))
			}
		}
	}
	sg.Edges = edges
	// Nodes reached only through a collapsed payment (its accounts) would be
	// left floating with no link; they go too.
	linked := map[string]bool{}
	for _, e := range edges {
		linked[e.Source], linked[e.Target] = true, true
	}
	nodes := sg.Nodes[:0]
	for _, n := range sg.Nodes {
		if !collapsed[n.ID] && (linked[n.ID] || isSeed[n.ID]) {
			nodes = append(nodes, n)
		}
	}
	sg.Nodes = nodes
}

// hoodPaymentEdge draws a payment as one edge from payer to beneficiary.
func hoodPaymentEdge(pay casegraph.Entity, payer, beneficiary string) casegraph.Edge {
	e := casegraph.Edge{ID: pay.ID, Type: casegraph.PaymentEdge, Source: payer, Target: beneficiary,
		SourceIDs: pay.SourceIDs, PaymentID: pay.ID}
	switch v := pay.Properties["amount"].(type) {
	case float64:
		e.Amount = &v
	case int64:
		f := float64(v)
		e.Amount = &f
	}
	e.Currency, _ = pay.Properties["currency"].(string)
	e.Date, _ = pay.Properties["date"].(string)
	return e
}
