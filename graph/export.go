package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// exportPage is how many nodes one export query reads; pages follow the
// unique id index, so memory stays flat whatever the graph's size.
const exportPage = 2000

// eachEntityCypher reads a page of entities after a given id, with the
// links of the given types touching each (types from the allow-list only).
func eachEntityCypher(linkTypes []casegraph.RelType) string {
	names := make([]string, len(linkTypes))
	for i, t := range linkTypes {
		names[i] = string(t)
	}
	return fmt.Sprintf(`MATCH (n:Entity) WHERE n.id > $after AND n.schema <> 'IngestJob'
WITH n ORDER BY n.id LIMIT $limit
RETURN n, COLLECT {
  MATCH (n)-[r:%s]-(m:Entity)
  RETURN {r: r, source: startNode(r).id, target: endNode(r).id} AS link ORDER BY r.id
} AS links`, strings.Join(names, "|"))
}

// EachEntity calls fn for every entity (IngestJob records excluded) in id
// order, with its relationships of linkTypes (none if linkTypes is empty).
func (s *Store) EachEntity(ctx context.Context, linkTypes []casegraph.RelType, fn func(casegraph.Entity, []casegraph.Relationship) error) error {
	for _, t := range linkTypes {
		if !t.Valid() {
			return casegraph.Errorf(casegraph.EINVALID, "unknown relationship type %q", t)
		}
	}
	cypher := eachEntityCypher(linkTypes)
	if len(linkTypes) == 0 {
		cypher = `MATCH (n:Entity) WHERE n.id > $after AND n.schema <> 'IngestJob'
WITH n ORDER BY n.id LIMIT $limit RETURN n, [] AS links`
	}
	after := ""
	for {
		type item struct {
			e     casegraph.Entity
			links []casegraph.Relationship
		}
		page, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]item, error) {
			return collect(ctx, tx, cypher, map[string]any{"after": after, "limit": int64(exportPage)},
				func(rec *neo4j.Record) (item, error) {
					node, _, err := neo4j.GetRecordValue[dbtype.Node](rec, "n")
					if err != nil {
						return item{}, err
					}
					it := item{e: entityFromNode(node)}
					raw, _ := rec.Get("links")
					for _, l := range raw.([]any) {
						m := l.(map[string]any)
						rel := m["r"].(dbtype.Relationship)
						it.links = append(it.links, relFromDB(rel, m["source"].(string), m["target"].(string)))
					}
					return it, nil
				})
		})
		if err != nil {
			return err
		}
		for _, it := range page {
			if err := fn(it.e, it.links); err != nil {
				return err
			}
		}
		if len(page) < exportPage {
			return nil
		}
		after = page[len(page)-1].e.ID
	}
}

// EachRelationship calls fn for every relationship of type t, in id order.
func (s *Store) EachRelationship(ctx context.Context, t casegraph.RelType, fn func(casegraph.Relationship) error) error {
	if !t.Valid() {
		return casegraph.Errorf(casegraph.EINVALID, "unknown relationship type %q", t)
	}
	cypher := fmt.Sprintf(`MATCH (a:Entity)-[r:%s]->(b:Entity) WHERE r.id > $after
WITH a, r, b ORDER BY r.id LIMIT $limit
RETURN r, a.id AS source, b.id AS target`, t)
	after := ""
	for {
		page, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Relationship, error) {
			return readRels(ctx, tx, cypher, map[string]any{"after": after, "limit": int64(exportPage)})
		})
		if err != nil {
			return err
		}
		for _, r := range page {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(page) < exportPage {
			return nil
		}
		after = page[len(page)-1].ID
	}
}
