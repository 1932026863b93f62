package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// WriteBatch writes entities and then relationships in ONE transaction and
// one statement: a batch is either all in the graph or not at all, so an
// interrupted load never leaves half a row behind. Retried on transient
// errors (it is idempotent). A relationship whose ends are missing fails the
// batch.
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
	b := newBatchStatement(entRows, relRows)
	if b.empty() {
		return nil
	}
	cypher := b.cypher()
	_, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		res, err := tx.Run(ctx, cypher, b.params)
		if err != nil {
			return false, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return false, err
		}
		for k, t := range b.relTypes {
			n, _, err := neo4j.GetRecordValue[int64](rec, fmt.Sprintf("written%d", k))
			if err != nil {
				return false, err
			}
			if want := b.relCounts[k]; int(n) < want {
				return false, Errorf(EINVALID, "%d of %d %s relationships refer to entities that do not exist",
					want-int(n), want, t)
			}
		}
		return true, nil
	})
	return err
}

// batchStatement is one batch as a single Cypher statement and its
// parameters. Rows travel as short lists, not maps, and the provenance
// lists every row of a batch shares travel once ($prov), which keeps the
// Bolt message, and Neo4j's work decoding it, small.
//
// Every node the relationships need is bound once: the entities the batch
// writes come out of their MERGE, the others are looked up once each
// ($refs); relationship rows name their ends by position in that list, so a
// payment linked four ways costs one index seek, not eight.
type batchStatement struct {
	schemas   []Schema
	relTypes  []RelType
	relCounts []int
	params    map[string]any
}

func newBatchStatement(entRows map[Schema][]map[string]any, relRows map[RelType][]map[string]any) *batchStatement {
	b := &batchStatement{params: map[string]any{}}
	var prov []any
	provIdx := map[string]int{}
	provOf := func(row map[string]any) int {
		src, jobs := row["sourceIds"].([]string), row["jobIds"].([]string)
		key := strings.Join(src, "\x00") + "\x01" + strings.Join(jobs, "\x00")
		i, ok := provIdx[key]
		if !ok {
			i = len(prov)
			provIdx[key] = i
			prov = append(prov, []any{src, jobs})
		}
		return i
	}
	// Positions of the nodes the relationships can use: written ones in
	// statement order, then the looked-up ones.
	pos := map[string]int{}
	for _, schema := range Schemata {
		rows := entRows[schema]
		if len(rows) == 0 {
			continue
		}
		// Concurrent batches lock nodes in the same (id) order, which
		// keeps deadlocks between them rare; the driver retries the rest.
		sort.Slice(rows, func(i, j int) bool { return rows[i]["id"].(string) < rows[j]["id"].(string) })
		list := make([]any, len(rows))
		for i, row := range rows {
			id := row["id"].(string)
			pos[id] = len(pos)
			aliases := row["aliases"].([]string)
			list[i] = []any{id, row["name"], aliases, row["props"], provOf(row), aliasText(aliases)}
		}
		b.params[fmt.Sprintf("e%d", len(b.schemas))] = list
		b.schemas = append(b.schemas, schema)
	}
	written := len(pos)
	var refs []string
	for _, rows := range relRows {
		for _, row := range rows {
			for _, end := range []string{row["source"].(string), row["target"].(string)} {
				if _, ok := pos[end]; !ok {
					pos[end] = -1
					refs = append(refs, end)
				}
			}
		}
	}
	sort.Strings(refs)
	for i, id := range refs {
		pos[id] = written + i
	}
	for _, t := range RelTypes {
		rows := relRows[t]
		if len(rows) == 0 {
			continue
		}
		list := make([]any, len(rows))
		for i, row := range rows {
			list[i] = []any{row["id"], pos[row["source"].(string)], pos[row["target"].(string)],
				row["role"], row["startDate"], row["endDate"], row["props"], provOf(row)}
		}
		b.params[fmt.Sprintf("r%d", len(b.relTypes))] = list
		b.relTypes = append(b.relTypes, t)
		b.relCounts = append(b.relCounts, len(rows))
	}
	b.params["refs"] = refs
	b.params["prov"] = prov
	return b
}

func (b *batchStatement) empty() bool { return len(b.schemas) == 0 && len(b.relTypes) == 0 }

// cypher writes the statement for the schemas and types present. Labels and
// types are allow-listed constants, never input; everything else is a
// parameter. Lists of aliases, sources and jobs accumulate without
// duplicates, so loading the same rows twice, or from two sources, never
// loses provenance.
func (b *batchStatement) cypher() string {
	var q strings.Builder
	var nodes []string
	for k, schema := range b.schemas {
		// A new node takes the row as it is; one seen before gets the
		// row's values over its own and the union of the lists.
		fmt.Fprintf(&q, `CALL () {
  UNWIND $e%[1]d AS row
  MERGE (n:Entity {id: row[0]})
  ON CREATE SET n:%[2]s, n += row[3], n.schema = '%[2]s', n.name = row[1],
      n.aliases = row[2], n.aliasText = row[5], n.sourceIds = $prov[row[4]][0], n.jobIds = $prov[row[4]][1]
  ON MATCH SET n:%[2]s, n += row[3], n.schema = '%[2]s',
      n.name = coalesce(row[1], n.name),
      n.aliases = %[3]s,
      n.aliasText = reduce(s = '', a IN %[3]s | s + a + ' '),
      n.sourceIds = %[4]s,
      n.jobIds = %[5]s
  RETURN collect([n]) AS e%[1]d
}
`, k, schema, union("n.aliases", "row[2]"), union("n.sourceIds", "$prov[row[4]][0]"), union("n.jobIds", "$prov[row[4]][1]"))
		nodes = append(nodes, fmt.Sprintf("e%d", k))
	}
	if len(b.relTypes) == 0 {
		q.WriteString("RETURN 0 AS none")
		return q.String()
	}
	q.WriteString(`CALL () {
  UNWIND $refs AS id
  OPTIONAL MATCH (n:Entity {id: id})
  RETURN collect([n]) AS refs
}
`)
	nodes = append(nodes, "refs")
	fmt.Fprintf(&q, "WITH %s AS ends\n", strings.Join(nodes, " + "))
	counts := make([]string, len(b.relTypes))
	for k, t := range b.relTypes {
		counts[k] = fmt.Sprintf("written%d", k)
		fmt.Fprintf(&q, `CALL (ends) {
  UNWIND $r%[1]d AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:%[2]s {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = %[3]s,
      r.jobIds = %[4]s
  RETURN count(r) AS written%[1]d
}
`, k, t, union("r.sourceIds", "$prov[row[7]][0]"), union("r.jobIds", "$prov[row[7]][1]"))
	}
	q.WriteString("RETURN " + strings.Join(counts, ", "))
	return q.String()
}

// union is the Cypher for list `have` extended by the items of `add` it
// lacks, in order.
func union(have, add string) string {
	return fmt.Sprintf("reduce(acc = coalesce(%s, []), x IN %s | CASE WHEN x IN acc THEN acc ELSE acc + x END)", have, add)
}

// aliasText is what the full-text index reads: every alias followed by a
// space.
func aliasText(aliases []string) string {
	var b strings.Builder
	for _, a := range aliases {
		b.WriteString(a)
		b.WriteByte(' ')
	}
	return b.String()
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
