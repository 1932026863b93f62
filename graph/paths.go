package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// pathsCypher finds the k shortest simple paths between two entities with
// Neo4j 5's SHORTEST, searching from both ends. Neither k nor the hop bound
// may be a parameter in Neo4j 5.26, so both are written in from validated
// integers; the relationship types come from hoodTypeExpr (allow-listed
// constants) and the filters from the window helpers. The search never
// passes through a source or an ingest job, never follows CITED_IN, and
// never visits an entity twice (Neo4j's own rule only keeps relationships
// from repeating): the group variable x holds every node of the path but
// the last.
func pathsCypher(k, maxHops int, typeExpr string, w casegraph.Window) string {
	step := []string{"(y.id = $to OR (NOT y:Source AND NOT y:IngestJob" + pathPrefixAnd(winNodePredicate("y", w)) + "))"}
	if p := winRelPredicate("r", w); p != "" {
		step = append(step, p)
	}
	return fmt.Sprintf(`MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST %d (
  (a) ((x)-[r:%s]-(y) WHERE %s){1,%d} (b)
  WHERE all(i IN range(0, size(x) - 2) WHERE NOT x[i] IN x[i + 1..]) AND NOT b IN x
)
WITH p ORDER BY length(p), [n IN nodes(p) | n.id]
RETURN nodes(p) AS nodes, relationships(p) AS rels,
       [n IN nodes(p) | %s] AS degrees`, k, typeExpr, strings.Join(step, " AND "), maxHops, hoodDegree("n"))
}

func pathPrefixAnd(p string) string {
	if p == "" {
		return ""
	}
	return " AND " + p
}

const pathEndsCypher = `MATCH (n:Entity) WHERE n.id IN [$from, $to] RETURN n.id AS id`

// Paths returns up to p.Limit shortest paths of at most p.MaxHops links
// between two entities, shortest first, whichever way the links point. Each
// path lists its nodes in order and the edges between them; an edge keeps
// the direction it is stored in. No path passes through a source document or
// an ingest job. It returns ENOTFOUND if either entity does not exist, and no
// paths (no error) if they are not connected within the bounds.
func (s *Store) Paths(ctx context.Context, p casegraph.PathParams) ([]casegraph.Path, error) {
	p, err := p.WithDefaults()
	if err != nil {
		return nil, err
	}
	typeExpr, err := hoodTypeExpr(p.RelTypes)
	if err != nil {
		return nil, err
	}
	cypher := pathsCypher(p.Limit, p.MaxHops, typeExpr, p.Window)
	params := map[string]any{"from": p.From, "to": p.To}
	winParams(params, p.Window)
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Path, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		var out []casegraph.Path
		for res.Next(ctx) {
			path, err := pathFromRecord(res.Record())
			if err != nil {
				return nil, err
			}
			out = append(out, path)
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		if len(out) > 0 {
			return out, nil
		}
		// No path: say so only if both ends exist.
		res, err = tx.Run(ctx, pathEndsCypher, params)
		if err != nil {
			return nil, err
		}
		found := map[string]bool{}
		for res.Next(ctx) {
			id, _ := res.Record().Get("id")
			found[fmt.Sprint(id)] = true
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		for _, id := range []string{p.From, p.To} {
			if !found[id] {
				return nil, casegraph.Errorf(casegraph.ENOTFOUND, "no entity with id %q", id)
			}
		}
		return nil, nil
	})
}

func pathFromRecord(rec *neo4j.Record) (casegraph.Path, error) {
	nodes, _, err := neo4j.GetRecordValue[[]any](rec, "nodes")
	if err != nil {
		return casegraph.Path{}, err
	}
	rels, _, err := neo4j.GetRecordValue[[]any](rec, "rels")
	if err != nil {
		return casegraph.Path{}, err
	}
	degrees, _, err := neo4j.GetRecordValue[[]any](rec, "degrees")
	if err != nil {
		return casegraph.Path{}, err
	}
	var path casegraph.Path
	ids := map[string]string{} // element id → entity id
	for i, v := range nodes {
		n, ok := v.(dbtype.Node)
		if !ok {
			return casegraph.Path{}, fmt.Errorf("paths: unexpected node %T", v)
		}
		node := casegraph.Node{Entity: entityFromNode(n)}
		if i < len(degrees) {
			node.Degree, _ = degrees[i].(int64)
		}
		ids[n.ElementId] = node.ID
		path.Nodes = append(path.Nodes, node)
	}
	for _, v := range rels {
		r, ok := v.(dbtype.Relationship)
		if !ok {
			return casegraph.Path{}, fmt.Errorf("paths: unexpected relationship %T", v)
		}
		path.Edges = append(path.Edges, pathEdge(r, ids[r.StartElementId], ids[r.EndElementId]))
	}
	return path, nil
}

// pathEdge turns a stored relationship into an edge from source to target
// (entity ids, in the relationship's direction).
func pathEdge(rel dbtype.Relationship, source, target string) casegraph.Edge {
	r := relFromDB(rel, source, target)
	return casegraph.Edge{ID: r.ID, Type: string(r.Type), Source: source, Target: target, Role: r.Role,
		StartDate: r.StartDate, EndDate: r.EndDate, SourceIDs: r.SourceIDs}
}
