package graph

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// upsertRelCypher merges a batch of relationships of one type between
// existing entities. The type is an allow-listed constant, never input.
func upsertRelCypher(t RelType) string {
	return fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:%s {id: row.id}]->(b)
SET r += row.props,
    r.role = coalesce(row.role, r.role),
    r.startDate = coalesce(row.startDate, r.startDate),
    r.endDate = coalesce(row.endDate, r.endDate),
    r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN row.sourceIds | CASE WHEN x IN acc THEN acc ELSE acc + x END),
    r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN row.jobIds | CASE WHEN x IN acc THEN acc ELSE acc + x END)
RETURN count(r) AS written`, t)
}

var reservedRelProps = map[string]bool{"id": true, "role": true, "startDate": true,
	"endDate": true, "sourceIds": true, "jobIds": true}

// UpsertRelationships writes relationships in one transaction. Both ends
// must already exist: if any is missing, nothing is written and an EINVALID
// error says how many rows could not be linked.
func (s *Store) UpsertRelationships(ctx context.Context, rels []Relationship) (int, error) {
	if err := s.WriteBatch(ctx, nil, rels); err != nil {
		return 0, err
	}
	return len(rels), nil
}

func relRow(r Relationship) (map[string]any, error) {
	if r.ID == "" || r.SourceID == "" || r.TargetID == "" {
		return nil, Errorf(EINVALID, "relationship needs an id, a source and a target")
	}
	if !r.Type.Valid() {
		return nil, Errorf(EINVALID, "relationship %s has unknown type %q", r.ID, r.Type)
	}
	props := make(map[string]any, len(r.Properties))
	for k, v := range r.Properties {
		if reservedRelProps[k] {
			return nil, Errorf(EINVALID, "relationship property %q is reserved", k)
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
func (s *Store) RelationshipsOf(ctx context.Context, id string, limit int) ([]Relationship, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]Relationship, error) {
		res, err := tx.Run(ctx, relationshipsOfCypher, map[string]any{"id": id, "limit": int64(limit)})
		if err != nil {
			return nil, err
		}
		var out []Relationship
		for res.Next(ctx) {
			rec := res.Record()
			rel, _, err := neo4j.GetRecordValue[dbtype.Relationship](rec, "r")
			if err != nil {
				return nil, err
			}
			src, _, _ := neo4j.GetRecordValue[string](rec, "source")
			dst, _, _ := neo4j.GetRecordValue[string](rec, "target")
			out = append(out, relFromDB(rel, src, dst))
		}
		return out, res.Err()
	})
}

func relFromDB(rel dbtype.Relationship, source, target string) Relationship {
	r := Relationship{Type: RelType(rel.Type), SourceID: source, TargetID: target, Properties: map[string]any{}}
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
