package graph

import (
	"context"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// A document's facts: the entities that cite it (their sourceIds name it)
// and the links between them that cite it too. A neighbourhood of a Source
// shows them, each entity joined to the document by a derived CITED_IN
// edge, so that opening a document is no dead end.

const sourceFactsCypher = `UNWIND $ids AS sid
MATCH (s:Entity {id: sid}) WHERE s.schema = 'Source'
CALL (s) {
  MATCH (n:Entity) WHERE s.id IN n.sourceIds AND NOT n.schema IN ['Source', 'IngestJob']
  WITH n ORDER BY n.id
  RETURN collect(n)[..$perNode] AS shown, count(n) AS total
}
RETURN s AS source, shown, total`

const sourceLinksCypher = `UNWIND $facts AS f
MATCH (a:Entity {id: f.entity})-[r]->(b:Entity)
WHERE f.source IN r.sourceIds AND b.id IN f.others AND type(r) <> 'CITED_IN'
RETURN DISTINCT r, a.id AS source, b.id AS target`

// SourceFacts is the subgraph of the facts each Source among ids supports:
// at most perNode citing entities per document (by id; the rest counted in
// the document's Hidden), and the links among those that cite it.
func (s *Store) SourceFacts(ctx context.Context, ids []string, perNode int) (casegraph.Subgraph, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (casegraph.Subgraph, error) {
		type doc struct {
			source casegraph.Entity
			shown  []casegraph.Entity
			total  int64
		}
		docs, err := collect(ctx, tx, sourceFactsCypher, map[string]any{"ids": ids, "perNode": int64(perNode)},
			func(rec *neo4j.Record) (doc, error) {
				n, _, err := neo4j.GetRecordValue[dbtype.Node](rec, "source")
				if err != nil {
					return doc{}, err
				}
				d := doc{source: entityFromNode(n)}
				d.total, _, _ = neo4j.GetRecordValue[int64](rec, "total")
				raw, _ := rec.Get("shown")
				for _, v := range raw.([]any) {
					if node, ok := v.(dbtype.Node); ok {
						d.shown = append(d.shown, entityFromNode(node))
					}
				}
				return d, nil
			})
		if err != nil {
			return casegraph.Subgraph{}, err
		}
		sg := casegraph.Subgraph{}
		seen := map[string]bool{}
		var facts []any
		for _, d := range docs {
			hidden := d.total - int64(len(d.shown))
			sg.Truncated = sg.Truncated || hidden > 0
			if !seen[d.source.ID] {
				seen[d.source.ID] = true
				sg.Nodes = append(sg.Nodes, casegraph.Node{Entity: d.source, Degree: d.total, Hidden: hidden})
			}
			others := make([]string, len(d.shown))
			for i, e := range d.shown {
				others[i] = e.ID
			}
			for _, e := range d.shown {
				if !seen[e.ID] {
					seen[e.ID] = true
					sg.Nodes = append(sg.Nodes, casegraph.Node{Entity: e})
				}
				sg.Edges = append(sg.Edges, casegraph.Edge{ID: "cited:" + e.ID + ":" + d.source.ID, Type: string(casegraph.CitedIn),
					Source: e.ID, Target: d.source.ID, SourceIDs: []string{d.source.ID}})
				facts = append(facts, map[string]any{"entity": e.ID, "source": d.source.ID, "others": others})
			}
		}
		if len(facts) == 0 {
			return sg, nil
		}
		links, err := collect(ctx, tx, sourceLinksCypher, map[string]any{"facts": facts}, func(rec *neo4j.Record) (casegraph.Edge, error) {
			r, _, err := neo4j.GetRecordValue[dbtype.Relationship](rec, "r")
			if err != nil {
				return casegraph.Edge{}, err
			}
			from, _, _ := neo4j.GetRecordValue[string](rec, "source")
			to, _, _ := neo4j.GetRecordValue[string](rec, "target")
			return pathEdge(r, from, to), nil
		})
		if err != nil {
			return casegraph.Subgraph{}, err
		}
		edgeSeen := map[string]bool{}
		for _, e := range links {
			if key := e.Type + "\x00" + e.ID; !edgeSeen[key] {
				edgeSeen[key] = true
				sg.Edges = append(sg.Edges, e)
			}
		}
		return sg, nil
	})
}
