package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// MaxSeeds is how many entities one neighbourhood request may start from.
const MaxSeeds = 50

// PaymentEdge is the Edge.Type of a payment drawn as one edge from payer to
// beneficiary.
const PaymentEdge = "PAYMENT"

// hoodCypher expands one breadth-first level: for each entity on the
// frontier, its links in a stable order (type, then the other end's name and
// id) up to the per-node cap, how many links pass the filters, and its
// degree. The degree counts every link but the CITED_IN ones to sources; it
// is read from Neo4j's degree store, so a hub costs nothing to count.
//
// A link carries only what an Edge shows, and the other end in full only
// when it is not $known already and the subgraph is not $full: most links
// of a deeper level lead back into the subgraph, and sending those nodes
// again would double the cost. The frontier's own nodes are sent on the first level ($seeds) only; later
// frontiers were sent as the other ends of the level before.
//
// The relationship types and the filter come from hoodTypeExpr and
// hoodLinkFilter, which build them from allow-listed constants only; every
// value the caller gave is a parameter.
func hoodCypher(typeExpr, filter string) string {
	return fmt.Sprintf(`UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE NOT n:IngestJob
CALL (n) {
  MATCH (n)-[r:%[1]s]-(m:Entity)
  WHERE %[2]s
  WITH r, m ORDER BY type(r), m.name, m.id, r.id LIMIT $perNode
  WITH r, m, $full OR m.id IN $known AS known
  RETURN collect({id: r.id, type: type(r), out: startNode(r) = n, role: r.role,
                  startDate: r.startDate, endDate: r.endDate, sourceIds: r.sourceIds, other: m.id,
                  node: CASE WHEN known THEN null WHEN $slim THEN %[5]s ELSE m END,
                  degree: CASE WHEN known OR $noDegrees THEN null ELSE %[3]s END}) AS links
}
RETURN n.id AS id, CASE WHEN NOT $seeds THEN null WHEN $slim THEN %[6]s ELSE n END AS n, links,
       COUNT { (n)-[r:%[1]s]-(m:Entity) WHERE %[2]s } AS matching,
       CASE WHEN $noDegrees THEN 0 ELSE %[4]s END AS degree`, typeExpr, filter, hoodDegree("m"), hoodDegree("n"),
		hoodSlim("m"), hoodSlim("n"))
}

// hoodSlim is the Cypher for a node as a map of its id, schema, name,
// sources and the properties named in $keep only (NeighborhoodParams.Slim).
func hoodSlim(v string) string {
	return fmt.Sprintf("%[1]s {.id, .schema, .name, .sourceIds, keep: [k IN $keep WHERE %[1]s[k] IS NOT NULL | [k, %[1]s[k]]]}", v)
}

// hoodNode reads a node as hoodCypher returns it: a node, or a slim map.
func hoodNode(v any) (dbtype.Node, bool) {
	switch v := v.(type) {
	case dbtype.Node:
		return v, true
	case map[string]any:
		props := make(map[string]any, len(v)+4)
		for k, x := range v {
			if k != "keep" && x != nil {
				props[k] = x
			}
		}
		pairs, _ := v["keep"].([]any)
		for _, p := range pairs {
			if kv, ok := p.([]any); ok && len(kv) == 2 {
				if k, ok := kv[0].(string); ok {
					props[k] = kv[1]
				}
			}
		}
		return dbtype.Node{Props: props}, true
	}
	return dbtype.Node{}, false
}

// hoodDegree is the Cypher for a node's number of links, sources aside.
func hoodDegree(v string) string {
	return fmt.Sprintf("COUNT { (%[1]s)--() } - COUNT { (%[1]s)-[:CITED_IN]-() }", v)
}

// hoodTypeExpr is the relationship type expression (A|B|C) for the types
// asked for, or for every type but CITED_IN when none are. It is written
// from the model's constants, never from the caller's strings.
func hoodTypeExpr(types []RelType) (string, error) {
	want := map[RelType]bool{}
	for _, t := range types {
		if !t.Valid() {
			return "", Errorf(EINVALID, "unknown relationship type %q", t)
		}
		if t == CitedIn {
			return "", Errorf(EINVALID, "%s links point to sources and are not followed; read an entity's sources instead", CitedIn)
		}
		want[t] = true
	}
	var names []string
	for _, t := range RelTypes {
		if t != CitedIn && (len(want) == 0 || want[t]) {
			names = append(names, string(t))
		}
	}
	return strings.Join(names, "|"), nil
}

// hoodLinkFilter is the predicate a link r to a neighbour m must pass:
// never to a source or an ingest job, only to the schemata asked for, and
// inside the date window.
func hoodLinkFilter(schemata bool, w Window) string {
	parts := []string{"NOT m:Source", "NOT m:IngestJob"}
	if schemata {
		parts = append(parts, "m.schema IN $schemata")
	}
	if p := winRelPredicate("r", w); p != "" {
		parts = append(parts, p)
	}
	if p := winNodePredicate("m", w); p != "" {
		parts = append(parts, p)
	}
	return strings.Join(parts, " AND ")
}

// winDateRE is a full or partial ISO date: 2011, 2011-03 or 2011-03-15.
// The window predicates compare ISO text on the precision both dates have:
// left(d, size($since)) >= left($since, size(d)) cuts both to the shorter
// length. A missing date is inside every window.

// winParams adds the window's bounds to a statement's parameters.
func winParams(params map[string]any, w Window) {
	if w.Since != "" {
		params["since"] = w.Since
	}
	if w.Until != "" {
		params["until"] = w.Until
	}
}

// winRelPredicate is true when relationship r's startDate–endDate
// interval overlaps the window; "" when there is no window.
func winRelPredicate(r string, w Window) string {
	var parts []string
	if w.Since != "" {
		parts = append(parts, fmt.Sprintf("(%[1]s.endDate IS NULL OR left(%[1]s.endDate, size($since)) >= left($since, size(%[1]s.endDate)))", r))
	}
	if w.Until != "" {
		parts = append(parts, fmt.Sprintf("(%[1]s.startDate IS NULL OR left(%[1]s.startDate, size($until)) <= left($until, size(%[1]s.startDate)))", r))
	}
	return strings.Join(parts, " AND ")
}

// winNodePredicate is true when node n has no date of its own (only
// payments, events and charges do) or its date lies in the window; "" when
// there is no window.
func winNodePredicate(n string, w Window) string {
	var parts []string
	if w.Since != "" {
		parts = append(parts, "left(d, size($since)) >= left($since, size(d))")
	}
	if w.Until != "" {
		parts = append(parts, "left(d, size($until)) <= left($until, size(d))")
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("all(d IN [CASE WHEN %[1]s:Payment OR %[1]s:Event THEN %[1]s.date WHEN %[1]s:Charge THEN %[1]s.outcomeDate END] WHERE d IS NULL OR (%[2]s))",
		n, strings.Join(parts, " AND "))
}

// defaultInRange sets *v to def when it is 0 and refuses it outside 1..max,
// naming the argument and what it counts (unit, with its leading space).
func defaultInRange(name string, v *int, def, max int, unit string) error {
	if *v == 0 {
		*v = def
	}
	if *v < 1 || *v > max {
		return Errorf(EINVALID, "%s %d is out of range: use 1 to %d%s", name, *v, max, unit)
	}
	return nil
}

// withDefaults fills in the defaults and refuses anything out of range.
func (p NeighborhoodParams) withDefaults() (NeighborhoodParams, error) {
	if len(p.IDs) == 0 {
		return p, Errorf(EINVALID, "neighborhood needs at least one id")
	}
	if len(p.IDs) > MaxSeeds {
		return p, Errorf(EINVALID, "neighborhood takes at most %d ids, got %d", MaxSeeds, len(p.IDs))
	}
	seen := map[string]bool{}
	var ids []string
	for _, id := range p.IDs {
		if id == "" {
			return p, Errorf(EINVALID, "neighborhood was given an empty id")
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	p.IDs = ids
	if err := defaultInRange("depth", &p.Depth, 1, MaxDepth, ""); err != nil {
		return p, err
	}
	if err := defaultInRange("limit", &p.Limit, DefaultLimit, MaxLimit, " nodes"); err != nil {
		return p, err
	}
	if p.Limit < len(p.IDs) {
		return p, Errorf(EINVALID, "limit %d is smaller than the %d ids asked for", p.Limit, len(p.IDs))
	}
	if err := defaultInRange("perNode", &p.PerNode, DefaultPerNode, MaxPerNode, " links per node"); err != nil {
		return p, err
	}
	for _, sc := range p.Schemata {
		if !sc.Valid() {
			return p, Errorf(EINVALID, "unknown schema %q", sc)
		}
	}
	return p, p.Window.Validate()
}

// Neighborhood returns the entities around the given ones, breadth first up
// to p.Depth, as a subgraph to draw. Hub protection keeps at most p.PerNode
// links of each expanded entity and says on the node how many it left out;
// at most p.Limit nodes are returned. Either way Truncated is set. It runs
// one statement per level. Ids that do not exist are ignored unless none
// does (ENOTFOUND).
func (s *Store) Neighborhood(ctx context.Context, p NeighborhoodParams) (Subgraph, error) {
	p, err := p.withDefaults()
	if err != nil {
		return Subgraph{}, err
	}
	typeExpr, err := hoodTypeExpr(p.RelTypes)
	if err != nil {
		return Subgraph{}, err
	}
	cypher := hoodCypher(typeExpr, hoodLinkFilter(len(p.Schemata) > 0, p.Window))
	payTypes, _ := hoodTypeExpr([]RelType{Paid, PaidTo})
	payCypher := hoodCypher(payTypes, hoodLinkFilter(len(p.Schemata) > 0, p.Window))
	params := map[string]any{"perNode": int64(p.PerNode), "noDegrees": p.NoDegrees, "slim": p.Slim,
		"keep": hoodKeep(p)}
	if len(p.Schemata) > 0 {
		names := make([]string, len(p.Schemata))
		for i, sc := range p.Schemata {
			names[i] = string(sc)
		}
		params["schemata"] = names
	}
	winParams(params, p.Window)

	sg, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (Subgraph, error) {
		b := newHoodBuilder(p.Limit)
		frontier := p.IDs
		for level := 0; level < p.Depth && len(frontier) > 0; level++ {
			params["ids"] = frontier
			params["seeds"] = level == 0
			params["known"] = b.known()
			params["full"] = len(b.sg.Nodes) >= p.Limit
			if level == 0 {
				params["known"] = p.IDs
				params["full"] = false
			}
			rows, err := hoodLevel(ctx, tx, cypher, params)
			if err != nil {
				return Subgraph{}, err
			}
			if level == 0 {
				if len(rows) == 0 {
					if len(p.IDs) == 1 {
						return Subgraph{}, Errorf(ENOTFOUND, "no entity with id %q", p.IDs[0])
					}
					return Subgraph{}, Errorf(ENOTFOUND, "none of the %d ids names an entity", len(p.IDs))
				}
				for _, id := range frontier {
					if row, ok := rows[id]; ok && row.node != nil {
						b.addNode(*row.node, row.degree)
					}
				}
			}
			frontier = b.expand(frontier, rows)
		}
		// A payment at the edge of the neighbourhood is followed one step
		// further to its payer or beneficiary, so that it can be drawn as one
		// PAYMENT edge: "Lacey paid the bank" at depth 1, not a dangling node.
		if p.CollapsePayments && len(frontier) > 0 && len(b.sg.Nodes) < p.Limit {
			var payments []string
			for _, id := range frontier {
				if b.sg.Nodes[b.index[id]].Schema == Payment {
					payments = append(payments, id)
				}
			}
			if len(payments) > 0 {
				params["ids"], params["seeds"], params["known"], params["full"] = payments, false, b.known(), false
				rows, err := hoodLevel(ctx, tx, payCypher, params)
				if err != nil {
					return Subgraph{}, err
				}
				b.expand(payments, rows)
			}
		}
		return b.sg, nil
	})
	if err != nil {
		return Subgraph{}, err
	}
	if p.CollapsePayments {
		hoodCollapsePayments(&sg, p.IDs)
	}
	return sg, nil
}

// hoodKeep is the property list of a slim neighbourhood: what the caller
// keeps, and what a payment drawn as an edge needs.
func hoodKeep(p NeighborhoodParams) []string {
	keep := append([]string{}, p.Keep...)
	if p.CollapsePayments {
		keep = append(keep, "amount", "currency", "date")
	}
	return keep
}

// hoodRow is one expanded entity: its kept links and its counts.
type hoodRow struct {
	node     *dbtype.Node // on the first level only
	links    []hoodLink
	matching int64 // links that pass the filters, kept or not
	degree   int64
}

// hoodLink is one link of an expanded entity to another.
type hoodLink struct {
	edge   Edge         // Source and Target still to be set
	out    bool         // the link starts at the expanded entity
	other  string       // the other end's id
	node   *dbtype.Node // the other end, unless it was known already
	degree int64        // of the other end, when node is set
}

// hoodLevel runs one level's statement and returns its rows by entity id.
func hoodLevel(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (map[string]hoodRow, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	rows := map[string]hoodRow{}
	for res.Next(ctx) {
		rec := res.Record()
		id, _, err := neo4j.GetRecordValue[string](rec, "id")
		if err != nil {
			return nil, err
		}
		var row hoodRow
		if v, ok := rec.Get("n"); ok {
			if n, ok := hoodNode(v); ok {
				row.node = &n
			}
		}
		row.matching, _, _ = neo4j.GetRecordValue[int64](rec, "matching")
		row.degree, _, _ = neo4j.GetRecordValue[int64](rec, "degree")
		links, _, err := neo4j.GetRecordValue[[]any](rec, "links")
		if err != nil {
			return nil, err
		}
		for _, v := range links {
			m, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("neighborhood: unexpected link %T", v)
			}
			str := func(k string) string { s, _ := m[k].(string); return s }
			l := hoodLink{other: str("other"),
				edge: Edge{ID: str("id"), Type: str("type"), Role: str("role"), StartDate: str("startDate"),
					EndDate: str("endDate"), SourceIDs: stringList(m["sourceIds"])}}
			l.out, _ = m["out"].(bool)
			if n, ok := hoodNode(m["node"]); ok {
				l.node = &n
				l.degree, _ = m["degree"].(int64)
			}
			row.links = append(row.links, l)
		}
		rows[id] = row
	}
	return rows, res.Err()
}

// hoodBuilder gathers the subgraph level by level, in discovery order.
type hoodBuilder struct {
	sg    Subgraph
	limit int
	index map[string]int  // entity id → position in sg.Nodes
	edges map[string]bool // type and id of the relationships drawn
}

func newHoodBuilder(limit int) *hoodBuilder {
	return &hoodBuilder{limit: limit, index: map[string]int{}, edges: map[string]bool{}}
}

func (b *hoodBuilder) addNode(n dbtype.Node, degree int64) {
	e := entityFromNode(n)
	b.index[e.ID] = len(b.sg.Nodes)
	b.sg.Nodes = append(b.sg.Nodes, Node{Entity: e, Degree: degree})
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
func hoodCollapsePayments(sg *Subgraph, seeds []string) {
	isSeed := map[string]bool{}
	for _, id := range seeds {
		isSeed[id] = true
	}
	payments := map[string]*Entity{}
	for i := range sg.Nodes {
		if n := &sg.Nodes[i]; n.Schema == Payment && !isSeed[n.ID] {
			payments[n.ID] = &n.Entity
		}
	}
	if len(payments) == 0 {
		return
	}
	payers, beneficiaries := map[string][]string{}, map[string][]string{}
	for _, e := range sg.Edges {
		switch {
		case e.Type == string(Paid) && payments[e.Target] != nil:
			payers[e.Target] = append(payers[e.Target], e.Source)
		case e.Type == string(PaidTo) && payments[e.Source] != nil:
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
	var edges []Edge
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
func hoodPaymentEdge(pay Entity, payer, beneficiary string) Edge {
	e := Edge{ID: pay.ID, Type: PaymentEdge, Source: payer, Target: beneficiary,
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
