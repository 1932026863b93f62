package graph

import (
	"context"
	"fmt"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// WriteBatch writes entities and then relationships in ONE transaction: a
// batch is either all in the graph or not at all, so an interrupted load
// never leaves half a row behind. Retried on transient errors (it is
// idempotent). A relationship whose ends are missing fails the batch.
func (s *Store) WriteBatch(ctx context.Context, entities []Entity, rels []Relationship) error {
	entRows := map[Schema][]map[string]any{}
	seen := map[string]map[string]any{}
	for i, e := range entities {
		row, err := entityRow(e)
		if err != nil {
			return fmt.Errorf("entity %d: %w", i, err)
		}
		// A batch names the same payer or account many times; one row per
		// id, merged the way the Cypher would merge them, saves most of
		// the work. The schema must agree, or the first write wins.
		if prev, ok := seen[e.ID]; ok && prev["schema"] == row["schema"] {
			mergeRow(prev, row)
			continue
		}
		seen[e.ID] = row
		entRows[e.Schema] = append(entRows[e.Schema], row)
	}
	relRows := map[RelType][]map[string]any{}
	seenRel := map[string]map[string]any{}
	for i, r := range rels {
		row, err := relRow(r)
		if err != nil {
			return fmt.Errorf("relationship %d: %w", i, err)
		}
		key := string(r.Type) + "\x00" + r.ID
		if prev, ok := seenRel[key]; ok && prev["source"] == row["source"] && prev["target"] == row["target"] {
			mergeRow(prev, row)
			continue
		}
		seenRel[key] = row
		relRows[r.Type] = append(relRows[r.Type], row)
	}
	// Concurrent batches lock nodes in the same (id) order, which keeps
	// deadlocks between them rare; the driver retries the ones that happen.
	for _, rows := range entRows {
		sort.Slice(rows, func(i, j int) bool { return rows[i]["id"].(string) < rows[j]["id"].(string) })
	}
	for _, rows := range relRows {
		sort.Slice(rows, func(i, j int) bool {
			if a, b := rows[i]["source"].(string), rows[j]["source"].(string); a != b {
				return a < b
			}
			return rows[i]["target"].(string) < rows[j]["target"].(string)
		})
	}
	_, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		for _, schema := range Schemata {
			if rows := entRows[schema]; len(rows) > 0 {
				if _, err := single[int64](ctx, tx, upsertEntityCypher(schema), map[string]any{"rows": rows}, "written"); err != nil {
					return false, err
				}
			}
		}
		for _, t := range RelTypes {
			rows := relRows[t]
			if len(rows) == 0 {
				continue
			}
			n, err := single[int64](ctx, tx, upsertRelCypher(t), map[string]any{"rows": rows}, "written")
			if err != nil {
				return false, err
			}
			if int(n) < len(rows) {
				return false, Errorf(EINVALID, "%d of %d %s relationships refer to entities that do not exist",
					len(rows)-int(n), len(rows), t)
			}
		}
		return true, nil
	})
	return err
}

// mergeRow folds a later row for the same id into an earlier one exactly as
// the upsert Cypher would: later scalar values win (nil keeps the earlier),
// properties are overlaid, and lists are unioned in order of first sight.
func mergeRow(into, from map[string]any) {
	for k, v := range from {
		switch k {
		case "props":
			dst := into["props"].(map[string]any)
			for pk, pv := range v.(map[string]any) {
				dst[pk] = pv
			}
		case "aliases", "sourceIds", "jobIds":
			into[k] = unionStrings(into[k].([]string), v.([]string))
		default:
			if v != nil {
				into[k] = v
			}
		}
	}
}

func unionStrings(a, b []string) []string {
	for _, x := range b {
		found := false
		for _, y := range a {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			a = append(a, x)
		}
	}
	return a
}
