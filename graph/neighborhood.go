package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// hoodCypher holds the neighbourhood's two statements, "level" and
// "two-levels", and the parts they share. Their variants are rendered from a
// hoodStatement.
//
// "level" expands one breadth-first level: for each entity on the frontier
// ($ids), its links in a stable order (type, then the other end's name and
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
// "two-levels" expands the seeds ($ids) and then, in the same statement,
// the entities they reached for the first time: the next frontier, in the
// order a breadth-first walk meets them, cut to the nodes the subgraph
// still has room for ($limit). It answers with one row: rows0 (one list per
// seed, with the values of "level"'s columns) and rows1 (one per frontier
// entity). One statement instead of two saves Neo4j a statement's overhead
// and the client a round trip, and the frontier's nodes need no second
// index lookup. The second level follows NextTypes; a frontier entity does
// not follow again the links it was reached by (the edges are drawn
// already). With PaymentsOnly, only the payments on the frontier are
// expanded, and only when the subgraph is not full: that is how a payment
// at the edge of a depth-1 neighbourhood is followed to its counterparty
// (CollapsePayments).
//
// The parts: "filter" is the predicate a link r to a neighbour m must pass
// (never to a source or an ingest job, only to the schemata asked for, and
// inside the date window); "links" aggregates an entity's kept links into
// what an Edge shows, and the other end (with its degree) unless it is
// known; "node" is a node as sent, in full or slim ($slim: a list of its
// id, schema, name, sources and the values of the properties named in
// $keep, NeighborhoodParams.Slim); "degree" is a node's number of links,
// sources aside.
//
// Rows, links and slim nodes travel as lists, not maps: Neo4j packs no key
// with every value, and the driver builds no map to read them. Their items
// are named by the constants below (rowLayouts).
var hoodCypher = cypherTemplate("neighborhood", `
{{- define "filter" -}}
NOT m:Source AND NOT m:IngestJob
{{- if .Schemata}} AND m.schema IN $schemata{{end}}
{{- with windowRel .Window "r"}} AND {{.}}{{end}}
{{- with windowNode .Window "m"}} AND {{.}}{{end}}
{{- end}}

{{- define "links" -}}
collect([{{col "link.id"}}r.id, {{col "link.type"}}type(r), {{col "link.out"}}startNode(r) = n, {{col "link.role"}}r.role, {{col "link.startDate"}}r.startDate, {{col "link.endDate"}}r.endDate, {{col "link.sourceIds"}}r.sourceIds, {{col "link.other"}}m.id,
                  {{col "link.node"}}CASE WHEN known THEN null ELSE {{template "node" "m"}} END,
                  {{col "link.degree"}}CASE WHEN known OR $noDegrees THEN null ELSE {{template "degree" "m"}} END])
{{- end}}

{{- define "node" -}}
CASE WHEN $slim THEN [{{col "slim.id"}}{{.}}.id, {{col "slim.schema"}}{{.}}.schema, {{col "slim.name"}}{{.}}.name, {{col "slim.sourceIds"}}{{.}}.sourceIds, {{col "slim.keep"}}[k IN $keep | {{.}}[k]]] ELSE {{.}} END
{{- end}}

{{- define "degree" -}}
COUNT { ({{.}})--() } - COUNT { ({{.}})-[:CITED_IN]-() }
{{- end}}

{{- define "level" -}}
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE NOT n:IngestJob
CALL (n) {
  MATCH (n)-[r:{{.Types}}]-(m:Entity)
  WHERE {{template "filter" .}}
  WITH r, m ORDER BY type(r), m.name, m.id, r.id LIMIT $perNode
  WITH r, m, $full OR m.id IN $known AS known
  RETURN {{template "links"}} AS links
}
RETURN {{col "row.id"}}n.id AS id, {{col "row.node"}}CASE WHEN NOT $seeds THEN null ELSE {{template "node" "n"}} END AS n, {{col "row.links"}}links,
       {{col "row.matching"}}COUNT { (n)-[r:{{.Types}}]-(m:Entity) WHERE {{template "filter" .}} } AS matching,
       {{col "row.degree"}}CASE WHEN $noDegrees OR NOT $seeds THEN 0 ELSE {{template "degree" "n"}} END AS degree
{{- end}}

{{- define "two-levels" -}}
UNWIND range(0, size($ids) - 1) AS i
MATCH (n:Entity {id: $ids[i]})
WHERE NOT n:IngestJob
CALL (n) {
  MATCH (n)-[r:{{.Types}}]-(m:Entity)
  WHERE {{template "filter" .}}
  WITH r, m ORDER BY type(r), m.name, m.id, r.id LIMIT $perNode
  WITH r, m, m.id IN $ids AS known
  RETURN {{template "links"}} AS links, collect(CASE WHEN NOT known THEN [m, r] END) AS steps
}
WITH collect([{{col "row.id"}}n.id, {{col "row.node"}}{{template "node" "n"}}, {{col "row.links"}}links, {{col "row.matching"}}COUNT { (n)-[r:{{.Types}}]-(m:Entity) WHERE {{template "filter" .}} }, {{col "row.degree"}}CASE WHEN $noDegrees THEN 0 ELSE {{template "degree" "n"}} END]) AS rows0,
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
  WITH f[0] AS n, f[1] AS via, full, knownIds
  {{- if .PaymentsOnly}}
  WHERE n:Payment AND NOT full
  {{- end}}
  CALL (n, via, full, knownIds) {
    MATCH (n)-[r:{{.NextTypes}}]-(m:Entity)
    WHERE {{template "filter" .}} AND NOT r IN via
    WITH r, m ORDER BY type(r), m.name, m.id, r.id LIMIT $perNode
    WITH r, m, full OR m.id IN knownIds AS known
    RETURN {{template "links"}} AS links
  }
  RETURN collect([{{col "row.id"}}n.id, {{col "row.node"}}null, {{col "row.links"}}links, {{col "row.matching"}}COUNT { (n)-[r:{{.NextTypes}}]-(m:Entity) WHERE {{template "filter" .}} AND NOT r IN via }, {{col "row.degree"}}0]) AS rows1
}
RETURN rows0, rows1
{{- end}}`)

// hoodStatement is one variant of hoodCypher's statements. Types and
// NextTypes come from hoodTypeExpr, which writes them from allow-listed
// constants only; every value the caller gave is a parameter.
type hoodStatement struct {
	Types        string           // the relationship types followed (of the first level, for "two-levels")
	NextTypes    string           // those of the second level ("two-levels" only)
	PaymentsOnly bool             // the second level expands payments only ("two-levels" only)
	Schemata     bool             // neighbours only of the schemata in $schemata
	Window       casegraph.Window // neighbours and links only inside $since–$until
}

// The items of the lists the neighbourhood's statements return, in order.
// An expanded entity (a row; a record of "level"):
const (
	hoodRowID       = iota // its id
	hoodRowNode            // the node as sent, or null after the first level
	hoodRowLinks           // its kept links
	hoodRowMatching        // how many links pass the filters, kept or not
	hoodRowDegree          // its number of links, sources aside, or 0
	hoodRowLen
)

// One link of an expanded entity:
const (
	hoodLinkID        = iota // the relationship's id
	hoodLinkType             // its type
	hoodLinkOut              // it starts at the expanded entity
	hoodLinkRole             // role, startDate, endDate and sourceIds
	hoodLinkStartDate        //
	hoodLinkEndDate          //
	hoodLinkSourceIDs        //
	hoodLinkOther            // the other end's id
	hoodLinkNode             // the other end as sent, null when known
	hoodLinkDegree           // the other end's degree, null when known or not asked for
	hoodLinkLen
)

// A slim node:
const (
	hoodSlimID        = iota // id, schema, name and sourceIds
	hoodSlimSchema           //
	hoodSlimName             //
	hoodSlimSourceIDs        //
	hoodSlimKeep             // the values of the properties named in $keep, in that order
	hoodSlimLen
)

// rowLayouts names the items of every list a statement returns and Go
// reads by index, as the statements' {{col}} marks name them.
var rowLayouts = map[string][]string{
	"row": {hoodRowID: "id", hoodRowNode: "node", hoodRowLinks: "links", hoodRowMatching: "matching",
		hoodRowDegree: "degree"},
	"link": {hoodLinkID: "id", hoodLinkType: "type", hoodLinkOut: "out", hoodLinkRole: "role",
		hoodLinkStartDate: "startDate", hoodLinkEndDate: "endDate", hoodLinkSourceIDs: "sourceIds",
		hoodLinkOther: "other", hoodLinkNode: "node", hoodLinkDegree: "degree"},
	"slim": {hoodSlimID: "id", hoodSlimSchema: "schema", hoodSlimName: "name", hoodSlimSourceIDs: "sourceIds",
		hoodSlimKeep: "keep"},
}

// hoodNode reads a node as hoodCypher sends it: a node, or a slim list
// whose last item holds the values of the properties named in keep.
func hoodNode(v any, keep []string) (casegraph.Entity, bool) {
	switch v := v.(type) {
	case dbtype.Node:
		return entityFromNode(v), true
	case []any:
		if len(v) != hoodSlimLen {
			return casegraph.Entity{}, false
		}
		props := make(map[string]any, 4+len(keep))
		for i, k := range [...]string{hoodSlimID: "id", hoodSlimSchema: "schema", hoodSlimName: "name", hoodSlimSourceIDs: "sourceIds"} {
			if v[i] != nil {
				props[k] = v[i]
			}
		}
		values, _ := v[hoodSlimKeep].([]any)
		for i, x := range values {
			if i < len(keep) && x != nil {
				props[keep[i]] = x
			}
		}
		return entityFromNode(dbtype.Node{Props: props}), true
	}
	return casegraph.Entity{}, false
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

// Neighborhood returns the entities around the given ones, breadth first up
// to p.Depth, as a subgraph to draw. Hub protection keeps at most p.PerNode
// links of each expanded entity and says on the node how many it left out;
// at most p.Limit nodes are returned. Either way Truncated is set. The
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
	payTypes, _ := hoodTypeExpr([]casegraph.RelType{casegraph.Paid, casegraph.PaidTo})
	st := hoodStatement{Types: typeExpr, Schemata: len(p.Schemata) > 0, Window: p.Window}
	payStep := st
	payStep.Types = payTypes
	twoLevels := (p.Depth >= 2 || p.CollapsePayments) && !levelByLevel
	var levelCypher, payCypher, twoLevelsCypher string
	if twoLevels {
		st2 := st
		st2.NextTypes, st2.PaymentsOnly = typeExpr, p.Depth == 1
		if p.Depth == 1 {
			st2.NextTypes = payTypes
		}
		if twoLevelsCypher, err = render(hoodCypher, "two-levels", st2); err != nil {
			return casegraph.Subgraph{}, err
		}
	}
	if levelCypher, err = render(hoodCypher, "level", st); err != nil {
		return casegraph.Subgraph{}, err
	}
	if p.CollapsePayments {
		if payCypher, err = render(hoodCypher, "level", payStep); err != nil {
			return casegraph.Subgraph{}, err
		}
	}
	params := map[string]any{"ids": p.IDs, "perNode": int64(p.PerNode), "noDegrees": p.NoDegrees, "slim": p.Slim,
		"keep": hoodKeep(p), "limit": int64(p.Limit)}
	if len(p.Schemata) > 0 {
		names := make([]string, len(p.Schemata))
		for i, sc := range p.Schemata {
			names[i] = string(sc)
		}
		params["schemata"] = names
	}
	windowParams(params, p.Window)

	sg, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (casegraph.Subgraph, error) {
		b := newHoodBuilder(p.Limit)
		// The first two levels (or the first and the payments at its edge)
		// come from one statement; deeper levels from one statement each.
		var rows0, rows1 map[string]hoodRow
		var err error
		if twoLevels {
			rows0, rows1, err = hoodTwoLevels(ctx, tx, twoLevelsCypher, params)
		} else {
			params["seeds"], params["known"], params["full"] = true, p.IDs, false
			rows0, err = hoodLevel(ctx, tx, levelCypher, params)
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
			b.expand(b.payments(frontier), rows1)
			return b.sg, nil
		}
		if twoLevels {
			frontier, level = b.expand(frontier, rows1), 2
		}
		for ; level < p.Depth && len(frontier) > 0; level++ {
			params["ids"], params["seeds"], params["known"], params["full"] = frontier, false, b.known(), len(b.sg.Nodes) >= p.Limit
			rows, err := hoodLevel(ctx, tx, levelCypher, params)
			if err != nil {
				return casegraph.Subgraph{}, err
			}
			frontier = b.expand(frontier, rows)
		}
		// A payment at the edge of the neighbourhood is followed one step
		// further to its payer or beneficiary, so that it can be drawn as one
		// PAYMENT edge: "Lacey paid the bank", not a dangling node.
		if payments := b.payments(frontier); p.CollapsePayments && len(payments) > 0 && len(b.sg.Nodes) < p.Limit {
			params["ids"], params["seeds"], params["known"], params["full"] = payments, false, b.known(), false
			rows, err := hoodLevel(ctx, tx, payCypher, params)
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

// hoodKeep is the property list of a slim neighbourhood: what the caller
// keeps, and what a payment drawn as an edge needs.
func hoodKeep(p casegraph.NeighborhoodParams) []string {
	keep := append([]string{}, p.Keep...)
	if p.CollapsePayments {
		keep = append(keep, "amount", "currency", "date")
	}
	return keep
}

// hoodLevel runs one level's statement and returns its rows by entity id.
func hoodLevel(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (map[string]hoodRow, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	keep, _ := params["keep"].([]string)
	rows := make(map[string]hoodRow, len(recs))
	for _, rec := range recs {
		id, row, err := hoodRowFrom(rec.Values, keep)
		if err != nil {
			return nil, err
		}
		rows[id] = row
	}
	return rows, nil
}

// hoodTwoLevels runs the "two-levels" statement and returns the rows of
// each level by entity id.
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

// hoodRowFrom reads one expanded entity, a record of "level" or an item of
// rows0 or rows1, by the hoodRow… and hoodLink… indexes.
func hoodRowFrom(v []any, keep []string) (string, hoodRow, error) {
	var row hoodRow
	if len(v) != hoodRowLen {
		return "", row, fmt.Errorf("neighborhood: a row of %d values", len(v))
	}
	id, ok := v[hoodRowID].(string)
	if !ok {
		return "", row, fmt.Errorf("neighborhood: row without an id (%T)", v[hoodRowID])
	}
	if n, ok := hoodNode(v[hoodRowNode], keep); ok {
		row.node = &n
	}
	links, ok := v[hoodRowLinks].([]any)
	if !ok {
		return "", row, fmt.Errorf("neighborhood: links of %q are %T", id, v[hoodRowLinks])
	}
	row.matching, _ = v[hoodRowMatching].(int64)
	row.degree, _ = v[hoodRowDegree].(int64)
	row.links = make([]hoodLink, 0, len(links))
	for _, x := range links {
		l, ok := x.([]any)
		if !ok || len(l) != hoodLinkLen {
			return "", row, fmt.Errorf("neighborhood: unexpected link %T of %q", x, id)
		}
		str := func(i int) string { s, _ := l[i].(string); return s }
		link := hoodLink{other: str(hoodLinkOther),
			edge: casegraph.Edge{ID: str(hoodLinkID), Type: str(hoodLinkType), Role: str(hoodLinkRole),
				StartDate: str(hoodLinkStartDate), EndDate: str(hoodLinkEndDate), SourceIDs: stringList(l[hoodLinkSourceIDs])}}
		link.out, _ = l[hoodLinkOut].(bool)
		if n, ok := hoodNode(l[hoodLinkNode], keep); ok {
			link.node = &n
			link.degree, _ = l[hoodLinkDegree].(int64)
		}
		row.links = append(row.links, link)
	}
	return id, row, nil
}
