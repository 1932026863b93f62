package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// hoodCypher expands one breadth-first level: for each entity on the
// frontier, its links in a stable order (type, then the other end's name and
// id) up to the per-node cap, how many links pass the filters, and its
// degree. The degree counts every link but the CITED_IN ones to sources; it
// is read from Neo4j's degree store, so a hub costs nothing to count.
//
// A link carries only what an Edge shows, and the other end in full only
// when it is not $known already and the subgraph is not $full: most links
// of a deeper level lead back into the subgraph, and sending those nodes
// again would double the cost. The frontier's own nodes (and degrees) are
// sent on the first level ($seeds) only; later frontiers were sent as the
// other ends of the level before.
//
// The relationship types and the filter come from hoodTypeExpr and
// hoodLinkFilter, which build them from allow-listed constants only; every
// value the caller gave is a parameter.
func hoodCypher(typeExpr, filter string) string {
	return fmt.Sprintf(`UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE NOT n:IngestJob
CALL (n) {
%[1]s
  RETURN %[2]s AS links
}
RETURN n.id AS id, CASE WHEN NOT $seeds THEN null ELSE %[3]s END AS n, links,
       %[4]s AS matching,
       CASE WHEN $noDegrees OR NOT $seeds THEN 0 ELSE %[5]s END AS degree`,
		hoodKeptLinks(typeExpr, filter, "$full OR m.id IN $known"), hoodLinkList,
		hoodNodeValue("n"), hoodMatching(typeExpr, filter), hoodDegree("n"))
}

// hoodTwoLevelsCypher expands the seeds ($ids) and then, in the same
// statement, the entities they reached for the first time: the next
// frontier, in the order a breadth-first walk meets them, cut to the nodes
// the subgraph still has room for ($limit). It answers with one row: rows0
// (one list per seed, with the values of hoodCypher's columns) and rows1
// (one per frontier entity). One statement instead of two saves Neo4j a statement's
// overhead and the client a round trip, and the frontier's nodes need no
// second index lookup.
//
// The second level follows types2 with filter2; a frontier entity does not
// follow again the links it was reached by (the edges are drawn already).
// With paymentsOnly, only the payments on the frontier are expanded, and
// only when the subgraph is not full: that is how a payment at the edge of
// a depth-1 neighbourhood is followed to its counterparty (CollapsePayments).
func hoodTwoLevelsCypher(types1, filter1, types2, filter2 string, paymentsOnly bool) string {
	only := ""
	if paymentsOnly {
		only = "\n  WHERE n:Payment AND NOT full"
	}
	return fmt.Sprintf(`UNWIND range(0, size($ids) - 1) AS i
MATCH (n:Entity {id: $ids[i]})
WHERE NOT n:IngestJob
CALL (n) {
%[1]s
  RETURN %[2]s AS links, collect(CASE WHEN NOT known THEN [m, r] END) AS steps
}
WITH collect([n.id, %[3]s, links, %[4]s, CASE WHEN $noDegrees THEN 0 ELSE %[5]s END]) AS rows0,
     collect([i, steps]) AS reached
CALL (reached, rows0) {
  UNWIND reached AS seed
  UNWIND range(0, size(seed[1]) - 1) AS j
  WITH seed[1][j][0] AS m, seed[1][j][1] AS r, seed[0] * 1000 + j AS first
  WITH m, min(first) AS first, collect(r) AS via
  ORDER BY first
  WITH collect([m, via]) AS frontier
  RETURN frontier[..$limit - size(rows0)] AS frontier
}
WITH rows0, frontier, $ids + [f IN frontier | f[0].id] AS knownIds,
     size(rows0) + size(frontier) >= $limit AS full
CALL (frontier, knownIds, full) {
  UNWIND frontier AS f
  WITH f[0] AS n, f[1] AS via, full, knownIds%[6]s
  CALL (n, via, full, knownIds) {
%[7]s
    RETURN %[2]s AS links
  }
  RETURN collect([n.id, null, links, %[8]s, 0]) AS rows1
}
RETURN rows0, rows1`,
		hoodKeptLinks(types1, filter1, "m.id IN $ids"), hoodLinkList, hoodNodeValue("n"),
		hoodMatching(types1, filter1), hoodDegree("n"), only,
		hoodKeptLinks(types2, filter2+" AND NOT r IN via", "full OR m.id IN knownIds"),
		hoodMatching(types2, filter2+" AND NOT r IN via"))
}

// hoodKeptLinks matches n's links to entities m that pass the filter, keeps
// the first $perNode in a stable order (type, then the other end's name and
// id), and marks each whose other end the caller has already (known, from
// the predicate knownIf).
func hoodKeptLinks(typeExpr, filter, knownIf string) string {
	return fmt.Sprintf(`  MATCH (n)-[r:%s]-(m:Entity)
  WHERE %s
  WITH r, m ORDER BY type(r), m.name, m.id, r.id LIMIT $perNode
  WITH r, m, %s AS known`, typeExpr, filter, knownIf)
}

// hoodMatching counts n's links that pass the filter, kept or not.
func hoodMatching(typeExpr, filter string) string {
	return fmt.Sprintf("COUNT { (n)-[r:%s]-(m:Entity) WHERE %s }", typeExpr, filter)
}

// hoodLinkList is the aggregation of hoodKeptLinks' rows into the links of
// one expanded entity: what an Edge shows, and the other end (with its
// degree) unless it is known.
//
// Rows, links and slim nodes travel as lists, not maps: Neo4j packs no key
// with every value, and the driver builds no map to read them.
var hoodLinkList = fmt.Sprintf(`collect([r.id, type(r), startNode(r) = n, r.role, r.startDate, r.endDate, r.sourceIds, m.id,
                  CASE WHEN known THEN null ELSE %s END,
                  CASE WHEN known OR $noDegrees THEN null ELSE %s END])`, hoodNodeValue("m"), hoodDegree("m"))

// hoodNodeValue is node v as sent: the node, or a slim list ($slim).
func hoodNodeValue(v string) string {
	return fmt.Sprintf("CASE WHEN $slim THEN %s ELSE %s END", hoodSlim(v), v)
}

// hoodSlim is the Cypher for a node as a list of its id, schema, name,
// sources and the values of the properties named in $keep, in that order
// (NeighborhoodParams.Slim).
func hoodSlim(v string) string {
	return fmt.Sprintf("[%[1]s.id, %[1]s.schema, %[1]s.name, %[1]s.sourceIds, [k IN $keep | %[1]s[k]]]", v)
}

// hoodNode reads a node as hoodCypher returns it: a node, or a slim list
// whose last item holds the values of the properties named in keep.
func hoodNode(v any, keep []string) (dbtype.Node, bool) {
	switch v := v.(type) {
	case dbtype.Node:
		return v, true
	case []any:
		if len(v) != 5 {
			return dbtype.Node{}, false
		}
		props := make(map[string]any, 4+len(keep))
		for i, k := range [...]string{"id", "schema", "name", "sourceIds"} {
			if v[i] != nil {
				props[k] = v[i]
			}
		}
		values, _ := v[4].([]any)
		for i, x := range values {
			if i < len(keep) && x != nil {
				props[keep[i]] = x
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
func hoodTypeExpr(types []casegraph.RelType) (string, error) {
	want := map[casegraph.RelType]bool{}
	for _, t := range types {
		if !t.Valid() {
			return "", casegraph.Errorf(casegraph.EINVALID, "unknown relationship type %q", t)
		}
		if t == casegraph.CitedIn {
			return "", casegraph.Errorf(casegraph.EINVALID, "%s links point to sources and are not followed; read an entity's sources instead", casegraph.CitedIn)
		}
		want[t] = true
	}
	var names []string
	for _, t := range casegraph.RelTypes {
		if t != casegraph.CitedIn && (len(want) == 0 || want[t]) {
			names = append(names, string(t))
		}
	}
	return strings.Join(names, "|"), nil
}

// hoodLinkFilter is the predicate a link r to a neighbour m must pass:
// never to a source or an ingest job, only to the schemata asked for, and
// inside the date window.
func hoodLinkFilter(schemata bool, w casegraph.Window) string {
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
func winParams(params map[string]any, w casegraph.Window) {
	if w.Since != "" {
		params["since"] = w.Since
	}
	if w.Until != "" {
		params["until"] = w.Until
	}
}

// winRelPredicate is true when relationship r's startDate–endDate
// interval overlaps the window; "" when there is no window.
func winRelPredicate(r string, w casegraph.Window) string {
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
func winNodePredicate(n string, w casegraph.Window) string {
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

// Neighborhood returns the entities around the given ones, breadth first up
// to p.Depth, as a subgraph to draw. Hub protection keeps at most p.PerNode
// links of each expanded entity and says on the node how many it left out;
// at most p.Limit nodes are returned. Either way Truncated is set. The
// first two levels (or the first and the payments at its edge) take one
// statement, each deeper level one more. Ids that do not exist are ignored
// unless none does (ENOTFOUND).
func (s *Store) Neighborhood(ctx context.Context, p casegraph.NeighborhoodParams) (casegraph.Subgraph, error) {
	return s.neighborhood(ctx, p, false)
}

// neighborhood is Neighborhood; levelByLevel runs one statement per level,
// the reference the two-level statement is compared with in tests.
func (s *Store) neighborhood(ctx context.Context, p casegraph.NeighborhoodParams, levelByLevel bool) (casegraph.Subgraph, error) {
	p, err := p.WithDefaults()
	if err != nil {
		return casegraph.Subgraph{}, err
	}
	typeExpr, err := hoodTypeExpr(p.RelTypes)
	if err != nil {
		return casegraph.Subgraph{}, err
	}
	filter := hoodLinkFilter(len(p.Schemata) > 0, p.Window)
	payTypes, _ := hoodTypeExpr([]casegraph.RelType{casegraph.Paid, casegraph.PaidTo})
	params := map[string]any{"ids": p.IDs, "perNode": int64(p.PerNode), "noDegrees": p.NoDegrees, "slim": p.Slim,
		"keep": hoodKeep(p), "limit": int64(p.Limit)}
	if len(p.Schemata) > 0 {
		names := make([]string, len(p.Schemata))
		for i, sc := range p.Schemata {
			names[i] = string(sc)
		}
		params["schemata"] = names
	}
	winParams(params, p.Window)

	sg, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (casegraph.Subgraph, error) {
		b := newHoodBuilder(p.Limit)
		// The first two levels (or the first and the payments at its edge)
		// come from one statement; deeper levels from one statement each.
		var rows0, rows1 map[string]hoodRow
		var err error
		twoLevels := (p.Depth >= 2 || p.CollapsePayments) && !levelByLevel
		if twoLevels {
			types2 := typeExpr
			if p.Depth == 1 {
				types2 = payTypes
			}
			rows0, rows1, err = hoodTwoLevels(ctx, tx, hoodTwoLevelsCypher(typeExpr, filter, types2, filter, p.Depth == 1), params)
		} else {
			params["seeds"], params["known"], params["full"] = true, p.IDs, false
			rows0, err = hoodLevel(ctx, tx, hoodCypher(typeExpr, filter), params)
		}
		if err != nil {
			return casegraph.Subgraph{}, err
		}
		if len(rows0) == 0 {
			if len(p.IDs) == 1 {
				return casegraph.Subgraph{}, casegraph.Errorf(casegraph.ENOTFOUND, "no entity with id %q", p.IDs[0])
			}
			return casegraph.Subgraph{}, casegraph.Errorf(casegraph.ENOTFOUND, "none of the %d ids names an entity", len(p.IDs))
		}
		for _, id := range p.IDs {
			if row, ok := rows0[id]; ok && row.node != nil {
				b.addNode(*row.node, row.degree)
			}
		}
		frontier, level := b.expand(p.IDs, rows0), 1
		if twoLevels && p.Depth == 1 {
			b.expand(hoodPayments(b, frontier), rows1)
			return b.sg, nil
		}
		if twoLevels {
			frontier, level = b.expand(frontier, rows1), 2
		}
		for ; level < p.Depth && len(frontier) > 0; level++ {
			params["ids"], params["seeds"], params["known"], params["full"] = frontier, false, b.known(), len(b.sg.Nodes) >= p.Limit
			rows, err := hoodLevel(ctx, tx, hoodCypher(typeExpr, filter), params)
			if err != nil {
				return casegraph.Subgraph{}, err
			}
			frontier = b.expand(frontier, rows)
		}
		// A payment at the edge of the neighbourhood is followed one step
		// further to its payer or beneficiary, so that it can be drawn as one
		// PAYMENT edge: "Lacey paid the bank", not a dangling node.
		if payments := hoodPayments(b, frontier); p.CollapsePayments && len(payments) > 0 && len(b.sg.Nodes) < p.Limit {
			params["ids"], params["seeds"], params["known"], params["full"] = payments, false, b.known(), false
			rows, err := hoodLevel(ctx, tx, hoodCypher(payTypes, filter), params)
			if err != nil {
				return casegraph.Subgraph{}, err
			}
			b.expand(payments, rows)
		}
		return b.sg, nil
	})
	if err != nil {
		return casegraph.Subgraph{}, err
	}
	if p.CollapsePayments {
		hoodCollapsePayments(&sg, p.IDs)
	}
	return sg, nil
}

// hoodPayments lists the payments among the given entities of the subgraph.
func hoodPayments(b *hoodBuilder, ids []string) []string {
	var payments []string
	for _, id := range ids {
		if b.sg.Nodes[b.index[id]].Schema == casegraph.Payment {
			payments = append(payments, id)
		}
	}
	return payments
}

// hoodKeep is the property list of a slim neighbourhood: what the caller
// keeps, and what a payment drawn as an edge needs.
func hoodKeep(p casegraph.NeighborhoodParams) []string {
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
	edge   casegraph.Edge // Source and Target still to be set
	out    bool           // the link starts at the expanded entity
	other  string         // the other end's id
	node   *dbtype.Node   // the other end, unless it was known already
	degree int64          // of the other end, when node is set
}

// hoodLevel runs one level's statement and returns its rows by entity id.
func hoodLevel(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (map[string]hoodRow, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	keep, _ := params["keep"].([]string)
	rows := map[string]hoodRow{}
	for res.Next(ctx) {
		id, row, err := hoodRowFrom(res.Record().Values, keep)
		if err != nil {
			return nil, err
		}
		rows[id] = row
	}
	return rows, res.Err()
}

// hoodTwoLevels runs hoodTwoLevelsCypher and returns the rows of each
// level by entity id.
func hoodTwoLevels(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (rows0, rows1 map[string]hoodRow, err error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, nil, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return nil, nil, err
	}
	keep, _ := params["keep"].([]string)
	levels := [2]map[string]hoodRow{}
	for i, key := range [...]string{"rows0", "rows1"} {
		list, _, err := neo4j.GetRecordValue[[]any](rec, key)
		if err != nil {
			return nil, nil, err
		}
		levels[i] = make(map[string]hoodRow, len(list))
		for _, v := range list {
			values, _ := v.([]any)
			id, row, err := hoodRowFrom(values, keep)
			if err != nil {
				return nil, nil, err
			}
			levels[i][id] = row
		}
	}
	return levels[0], levels[1], nil
}

// hoodRowFrom reads one expanded entity: its id, node (or null), links,
// matching and degree, in that order, from a record or a list.
func hoodRowFrom(v []any, keep []string) (string, hoodRow, error) {
	var row hoodRow
	if len(v) != 5 {
		return "", row, fmt.Errorf("neighborhood: a row of %d values", len(v))
	}
	id, ok := v[0].(string)
	if !ok {
		return "", row, fmt.Errorf("neighborhood: row without an id (%T)", v[0])
	}
	if n, ok := hoodNode(v[1], keep); ok {
		row.node = &n
	}
	links, ok := v[2].([]any)
	if !ok {
		return "", row, fmt.Errorf("neighborhood: links of %q are %T", id, v[2])
	}
	row.matching, _ = v[3].(int64)
	row.degree, _ = v[4].(int64)
	row.links = make([]hoodLink, 0, len(links))
	for _, x := range links {
		l, ok := x.([]any)
		if !ok || len(l) != 10 {
			return "", row, fmt.Errorf("neighborhood: unexpected link %T of %q", x, id)
		}
		str := func(i int) string { s, _ := l[i].(string); return s }
		link := hoodLink{other: str(7),
			edge: casegraph.Edge{ID: str(0), Type: str(1), Role: str(3), StartDate: str(4), EndDate: str(5), SourceIDs: stringList(l[6])}}
		link.out, _ = l[2].(bool)
		if n, ok := hoodNode(l[8], keep); ok {
			link.node = &n
			link.degree, _ = l[9].(int64)
		}
		row.links = append(row.links, link)
	}
	return id, row, nil
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

func (b *hoodBuilder) addNode(n dbtype.Node, degree int64) {
	e := entityFromNode(n)
	b.index[e.ID] = len(b.sg.Nodes)
	b.sg.Nodes = append(b.sg.Nodes, casegraph.Node{Entity: e, Degree: degree})
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
