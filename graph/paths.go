package graph

import (
	"context"
	"fmt"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// pathsCypher finds the k shortest simple paths between two entities with
// Neo4j 5's SHORTEST, searching from both ends. Neither k (Limit) nor the
// hop bound (MaxHops) may be a parameter in Neo4j 5.26, so both are written
// in from validated integers; the relationship types come from hoodTypeExpr
// (allow-listed constants). The search never passes through a source or an
// ingest job (the path's end aside), keeps to the date window, never
// follows CITED_IN, and never visits an entity twice (Neo4j's own rule only
// keeps relationships from repeating): the group variable x holds every
// node of the path but the last. The degree is hoodCypher's "degree".
var pathsCypher = cypherTemplate("paths", `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST {{.Limit}} (
  (a) ((x)-[r:{{.Types}}]-(y) WHERE (y.id = $to OR (NOT y:Source AND NOT y:IngestJob
  {{- with windowNode .Window "y"}} AND {{.}}{{end}}))
  {{- with windowRel .Window "r"}} AND {{.}}{{end}}){1,{{.MaxHops}}} (b)
  WHERE all(i IN range(0, size(x) - 2) WHERE NOT x[i] IN x[i + 1..]) AND NOT b IN x
)
WITH p ORDER BY length(p), [n IN nodes(p) | n.id]
RETURN nodes(p) AS nodes, relationships(p) AS rels,
       [n IN nodes(p) | COUNT { (n)--() } - COUNT { (n)-[:CITED_IN]-() }] AS degrees`)

// pathsStatement is one variant of pathsCypher.
type pathsStatement struct {
	Limit, MaxHops int              // validated by PathParams.WithDefaults
	Types          string           // from hoodTypeExpr
	Window         casegraph.Window // links and entities only inside $since–$until
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
	cypher, err := render(pathsCypher, "paths", pathsStatement{Limit: p.Limit, MaxHops: p.MaxHops, Types: typeExpr, Window: p.Window})
	if err != nil {
		return nil, err
	}
	params := map[string]any{"from": p.From, "to": p.To}
	windowParams(params, p.Window)
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Path, error) {
		out, err := collect(ctx, tx, cypher, params, pathFromRecord)
		if err != nil || len(out) > 0 {
			return out, err
		}
		// No path: say so only if both ends exist.
		ends, err := collect(ctx, tx, pathEndsCypher, params, func(rec *neo4j.Record) (string, error) {
			id, _ := rec.Get("id")
			return fmt.Sprint(id), nil
		})
		if err != nil {
			return nil, err
		}
		found := map[string]bool{}
		for _, id := range ends {
			found[id] = true
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
