package graph

import (
	"context"
	"fmt"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

var reservedRelProps = map[string]bool{"id": true, "role": true, "startDate": true,
	"endDate": true, "sourceIds": true, "jobIds": true}

// UpsertRelationships writes relationships in one transaction. Both ends
// must already exist: if any is missing, nothing is written and an EINVALID
// error says how many rows could not be linked.
func (s *Store) UpsertRelationships(ctx context.Context, rels []casegraph.Relationship) (int, error) {
	if err := s.WriteBatch(ctx, nil, rels); err != nil {
		return 0, err
	}
	return len(rels), nil
}

func relRow(r casegraph.Relationship) (map[string]any, error) {
	if r.ID == "" || r.SourceID == "" || r.TargetID == "" {
		return nil, casegraph.Errorf(casegraph.EINVALID, "relationship needs an id, a source and a target")
	}
	if !r.Type.Valid() {
		return nil, casegraph.Errorf(casegraph.EINVALID, "relationship %s has unknown type %q", r.ID, r.Type)
	}
	props := make(map[string]any, len(r.Properties))
	for k, v := range r.Properties {
		if reservedRelProps[k] {
			return nil, casegraph.Errorf(casegraph.EINVALID, "relationship property %q is reserved", k)
		}
		props[k] = v
	}
	props, err := cleanProps(props)
	if err != nil {
		return nil, fmt.Errorf("relationship %s: %w", r.ID, err)
	}
	return map[string]any{
		"id": r.ID, "source": r.SourceID, "target": r.TargetID,
		"role": emptyToNil(r.Role), "startDate": emptyToNil(r.StartDate), "endDate": emptyToNil(r.EndDate),
		"props": props, "sourceIds": nonNil(r.SourceIDs), "jobIds": nonNil(r.JobIDs),
	}, nil
}

func emptyToNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const relationshipsOfCypher = `MATCH (a:Entity {id: $id})-[r]-(b:Entity)
RETURN r, startNode(r).id AS source, endNode(r).id AS target
ORDER BY type(r), r.id LIMIT $limit`

// RelationshipsOf lists up to limit relationships touching the entity, in
// either direction.
func (s *Store) RelationshipsOf(ctx context.Context, id string, limit int) ([]casegraph.Relationship, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Relationship, error) {
		return readRels(ctx, tx, relationshipsOfCypher, map[string]any{"id": id, "limit": int64(limit)})
	})
}

// readRels runs a statement returning rows of (r, source, target).
func readRels(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]casegraph.Relationship, error) {
	return collect(ctx, tx, cypher, params, func(rec *neo4j.Record) (casegraph.Relationship, error) {
		rel, _, err := neo4j.GetRecordValue[dbtype.Relationship](rec, "r")
		if err != nil {
			return casegraph.Relationship{}, err
		}
		src, _, _ := neo4j.GetRecordValue[string](rec, "source")
		dst, _, _ := neo4j.GetRecordValue[string](rec, "target")
		return relFromDB(rel, src, dst), nil
	})
}

func relFromDB(rel dbtype.Relationship, source, target string) casegraph.Relationship {
	r := casegraph.Relationship{Type: casegraph.RelType(rel.Type), SourceID: source, TargetID: target, Properties: map[string]any{}}
	for k, v := range rel.Props {
		switch k {
		case "id":
			r.ID, _ = v.(string)
		case "role":
			r.Role, _ = v.(string)
		case "startDate":
			r.StartDate, _ = v.(string)
		case "endDate":
			r.EndDate, _ = v.(string)
		case "sourceIds":
			r.SourceIDs = stringList(v)
		case "jobIds":
			r.JobIDs = stringList(v)
		default:
			r.Properties[k] = v
		}
	}
	return r
}

// LinksOf reads a page of links (CITED_IN aside) for each of several
// entities in one statement, ordered by type then id. p.Types empty: all.
func (s *Store) LinksOf(ctx context.Context, p casegraph.LinksParams) (map[string]casegraph.Links, error) {
	p, err := p.WithDefaults()
	if err != nil {
		return nil, err
	}
	var types any
	if len(p.Types) > 0 {
		names := make([]string, len(p.Types))
		for i, t := range p.Types {
			names[i] = string(t)
		}
		types = names
	}
	params := map[string]any{"ids": p.IDs, "types": types, "skip": int64(p.Skip), "limit": int64(p.Limit)}
	type entityLinks struct {
		id    string
		links casegraph.Links
	}
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]casegraph.Links, error) {
		rows, err := collect(ctx, tx, linksOfCypher, params, func(rec *neo4j.Record) (entityLinks, error) {
			id, _, _ := neo4j.GetRecordValue[string](rec, "id")
			total, _, _ := neo4j.GetRecordValue[int64](rec, "total")
			raw, _ := rec.Get("links")
			l := casegraph.Links{Total: total}
			for _, it := range raw.([]any) {
				m := it.(map[string]any)
				r := relFromDB(m["r"].(dbtype.Relationship), m["source"].(string), m["target"].(string))
				l.Edges = append(l.Edges, casegraph.Edge{ID: r.ID, Type: string(r.Type), Source: r.SourceID, Target: r.TargetID,
					Role: r.Role, StartDate: r.StartDate, EndDate: r.EndDate, SourceIDs: r.SourceIDs})
			}
			return entityLinks{id, l}, nil
		})
		if err != nil {
			return nil, err
		}
		out := make(map[string]casegraph.Links, len(rows))
		for _, row := range rows {
			out[row.id] = row.links
		}
		return out, nil
	})
}

const linksOfCypher = `UNWIND $ids AS id
MATCH (n:Entity {id: id})
CALL (n) {
  MATCH (n)-[r]-(:Entity)
  WHERE type(r) <> 'CITED_IN' AND ($types IS NULL OR type(r) IN $types)
  WITH r ORDER BY type(r), r.id SKIP $skip LIMIT $limit
  RETURN collect({r: r, source: startNode(r).id, target: endNode(r).id}) AS links
}
RETURN n.id AS id, links,
  COUNT { MATCH (n)-[r]-(:Entity) WHERE type(r) <> 'CITED_IN' AND ($types IS NULL OR type(r) IN $types) } AS total`
