package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// WriteBatch writes entities and then relationships in ONE transaction and
// one statement: a batch is either all in the graph or not at all, so an
// interrupted load never leaves half a row behind. Retried on transient
// errors (it is idempotent). A relationship whose ends are missing fails the
// batch.
func (s *Store) WriteBatch(ctx context.Context, entities []casegraph.Entity, rels []casegraph.Relationship) error {
	_, err := s.writeBatch(ctx, entities, rels)
	return err
}

// BatchChanges counts what a batch changed in what the graph already held:
// nodes and relationships of which at least one property had another value
// before, and those properties. A property that was absent before, a new
// alias or a new source is an addition, not a change.
type BatchChanges struct {
	Entities, Relationships, Properties int64
}

// WriteBatchCounted is WriteBatch, and says what the batch changed in the
// nodes and relationships the graph already held (see BatchChanges); its
// results are plain numbers so that ingest, which may not import graph,
// can declare it.
func (s *Store) WriteBatchCounted(ctx context.Context, entities []casegraph.Entity, rels []casegraph.Relationship) (
	changedEntities, changedRels, changedProps int64, err error) {
	c, err := s.writeBatch(ctx, entities, rels)
	return c.Entities, c.Relationships, c.Properties, err
}

func (s *Store) writeBatch(ctx context.Context, entities []casegraph.Entity, rels []casegraph.Relationship) (BatchChanges, error) {
	entRows := map[casegraph.Schema][]map[string]any{}
	seen := map[string]map[string]any{}
	for i, e := range entities {
		row, err := entityRow(e)
		if err != nil {
			return BatchChanges{}, fmt.Errorf("entity %d: %w", i, err)
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
	relRows := map[casegraph.RelType][]map[string]any{}
	seenRel := map[string]map[string]any{}
	for i, r := range rels {
		row, err := relRow(r)
		if err != nil {
			return BatchChanges{}, fmt.Errorf("relationship %d: %w", i, err)
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
		return BatchChanges{}, nil
	}
	return write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (BatchChanges, error) {
		res, err := tx.Run(ctx, batchCypher, b.params)
		if err != nil {
			return BatchChanges{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return BatchChanges{}, err
		}
		var counts [4]int64
		for i, key := range []string{"linked", "entitiesChanged", "relationshipsChanged", "propertiesChanged"} {
			if counts[i], _, err = neo4j.GetRecordValue[int64](rec, key); err != nil {
				return BatchChanges{}, err
			}
		}
		if linked := counts[0]; int(linked) < b.rels {
			return BatchChanges{}, casegraph.Errorf(casegraph.EINVALID, "%d of %d relationships refer to entities that do not exist",
				b.rels-int(linked), b.rels)
		}
		return BatchChanges{Entities: counts[1], Relationships: counts[2], Properties: counts[3]}, nil
	})
}

// batchStatement is one batch as parameters of batchCypher. Rows travel as
// short lists, not maps, and the provenance lists every row of a batch
// shares travel once ($prov), which keeps the Bolt message, and Neo4j's work
// decoding it, small.
//
// Every node the relationships need is bound once: the entities the batch
// writes come out of their MERGE, the others are looked up once each
// ($refs); relationship rows name their ends by position in that list, so a
// payment linked four ways costs one index seek, not eight.
type batchStatement struct {
	ents, rels int
	params     map[string]any
}

func newBatchStatement(entRows map[casegraph.Schema][]map[string]any, relRows map[casegraph.RelType][]map[string]any) *batchStatement {
	var prov []any
	provIdx := map[string]int{}
	provOf := func(row map[string]any) int {
		src, jobs := row["sourceIds"].([]string), row["jobIds"].([]string)
		key := strings.Join(src, "\x00") + "\x01" + strings.Join(jobs, "\x00")
		i, ok := provIdx[key]
		if !ok {
			i = len(prov)
			provIdx[key] = i
			prov = append(prov, []any{batchProvSources: src, batchProvJobs: jobs})
		}
		return i
	}
	// Positions of the nodes the relationships can use: written ones in
	// statement order, then the looked-up ones.
	pos := map[string]int{}
	ents := []any{}
	for _, schema := range casegraph.Schemata {
		rows := entRows[schema]
		// Concurrent batches lock nodes in the same (id) order, which
		// keeps deadlocks between them rare; the driver retries the rest.
		sort.Slice(rows, func(i, j int) bool { return rows[i]["id"].(string) < rows[j]["id"].(string) })
		for _, row := range rows {
			id := row["id"].(string)
			pos[id] = len(ents)
			ents = append(ents, []any{batchEntID: id, batchEntName: row["name"], batchEntAliases: row["aliases"],
				batchEntProps: row["props"], batchEntProv: provOf(row), batchEntSchema: string(schema)})
		}
	}
	refs := []string{}
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
		pos[id] = len(ents) + i
	}
	// One list per allow-listed type, in RelTypes order.
	rels := make([]any, len(casegraph.RelTypes))
	nrels := 0
	for k, t := range casegraph.RelTypes {
		list := make([]any, 0, len(relRows[t]))
		for _, row := range relRows[t] {
			list = append(list, []any{batchRelID: row["id"], batchRelSource: pos[row["source"].(string)],
				batchRelTarget: pos[row["target"].(string)], batchRelRole: row["role"], batchRelStartDate: row["startDate"],
				batchRelEndDate: row["endDate"], batchRelProps: row["props"], batchRelProv: provOf(row)})
		}
		rels[k] = list
		nrels += len(list)
	}
	return &batchStatement{ents: len(ents), rels: nrels,
		params: map[string]any{"ents": ents, "refs": refs, "rels": rels, "prov": prov}}
}

func (b *batchStatement) empty() bool { return b.ents == 0 && b.rels == 0 }

// The items of the lists a batch sends, by position. An entity row ($ents):
const (
	batchEntID      = iota // its id
	batchEntName           // name
	batchEntAliases        // aliases
	batchEntProps          // the other properties, a map
	batchEntProv           // its provenance: a position in $prov
	batchEntSchema         // its schema, one of the Schemata constants
)

// A relationship row ($rels[type]):
const (
	batchRelID        = iota // its id
	batchRelSource           // its ends, by position in the nodes bound (ends)
	batchRelTarget           //
	batchRelRole             // role, startDate and endDate
	batchRelStartDate        //
	batchRelEndDate          //
	batchRelProps            // the other properties, a map
	batchRelProv             // its provenance: a position in $prov
)

// A provenance ($prov):
const (
	batchProvSources = iota // source ids
	batchProvJobs           // ingest job ids
)

// batchLayout gives batchCypher the positions above by name, so the
// statement and newBatchStatement, which writes the rows, cannot disagree.
type batchLayout struct {
	E struct{ ID, Name, Aliases, Props, Prov, Schema int }
	R struct{ ID, Source, Target, Role, StartDate, EndDate, Props, Prov int }
	P struct{ Sources, Jobs int }
	// RelTypes are the allow-listed relationship types, one subquery each.
	RelTypes []casegraph.RelType
}

func newBatchLayout() batchLayout {
	var l batchLayout
	l.E.ID, l.E.Name, l.E.Aliases, l.E.Props, l.E.Prov, l.E.Schema = batchEntID, batchEntName,
		batchEntAliases, batchEntProps, batchEntProv, batchEntSchema
	l.R.ID, l.R.Source, l.R.Target, l.R.Role, l.R.StartDate, l.R.EndDate, l.R.Props, l.R.Prov = batchRelID,
		batchRelSource, batchRelTarget, batchRelRole, batchRelStartDate, batchRelEndDate, batchRelProps, batchRelProv
	l.P.Sources, l.P.Jobs = batchProvSources, batchProvJobs
	l.RelTypes = casegraph.RelTypes
	return l
}

// batchTemplate writes one batch. It is one constant statement whatever the
// batch holds, so Neo4j plans it once per server (planning it costs more
// than running a batch), and `replan=skip` keeps that plan while the load
// changes the statistics: the plan is fixed by unique-index seeks anyway.
//
// An entity's schema label is set as a dynamic label (`$(…)`) from its
// row: the value is one of the Schemata constants (newBatchStatement writes
// the constant, not the entity's field), never free text. Everything else
// is a parameter.
//
// A node is merged and then set the same way whether it is new or not (a
// new node has nothing to keep): the row's properties over its own; the
// first name it was given stays its name, and another spelling becomes one
// of its aliases, as FollowTheMoney keeps every name (an alias that is the
// name is dropped: a later load may bring the name as an alias); aliases, sources and
// jobs are the union of its lists and the row's (reduce(acc = …): the list
// extended by the items it lacks, in order), so loading the same rows twice,
// or from two sources, never loses a name or provenance. Before the SET,
// `changed` lists the properties that had another value: the counts of
// what a load changed in what was there.
//
// The relationships of each allow-listed type are merged in their own
// subquery: a MERGE on a static type is planned as a seek on that type's
// relationship-id index whatever the statistics, which a dynamic type is
// not (on an empty database Neo4j plans it as a scan of every
// relationship). Types a batch lacks get an empty list and cost nothing. A
// relationship whose end does not exist is not written; `linked` counts the
// ones that were.
var batchTemplate = cypherTemplate("batch", `CYPHER replan=skip
CALL () {
  UNWIND $ents AS row
  MERGE (n:Entity {id: row[{{.E.ID}}]})
  WITH n, row, $prov[row[{{.E.Prov}}]] AS prov,
       [k IN keys(row[{{.E.Props}}]) WHERE n[k] IS NOT NULL AND n[k] <> row[{{.E.Props}}][k]] AS changed,
       reduce(acc = coalesce(n.aliases, []), x IN [x IN row[{{.E.Aliases}}] + [row[{{.E.Name}}]] WHERE x <> coalesce(n.name, row[{{.E.Name}}])] |
         CASE WHEN x IN acc THEN acc ELSE acc + x END) AS aliases
  SET n:$(row[{{.E.Schema}}]), n += row[{{.E.Props}}], n.schema = row[{{.E.Schema}}],
      n.name = coalesce(n.name, row[{{.E.Name}}]),
      n.aliases = aliases,
      n.aliasText = reduce(s = '', a IN aliases | s + a + ' '),
      n.sourceIds = reduce(acc = coalesce(n.sourceIds, []), x IN prov[{{.P.Sources}}] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      n.jobIds = reduce(acc = coalesce(n.jobIds, []), x IN prov[{{.P.Jobs}}] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN collect([n]) AS written, count(CASE WHEN size(changed) > 0 THEN 1 END) AS entitiesChanged,
      sum(size(changed)) AS entityPropertiesChanged
}
CALL () {
  UNWIND $refs AS id
  OPTIONAL MATCH (n:Entity {id: id})
  RETURN collect([n]) AS found
}
WITH written + found AS ends, entitiesChanged, entityPropertiesChanged
{{range $k, $type := .RelTypes -}}
CALL (ends) {
  UNWIND $rels[{{$k}}] AS row
  WITH row, ends[row[{{$.R.Source}}]][0] AS a, ends[row[{{$.R.Target}}]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:{{$type}} {id: row[{{$.R.ID}}]}]->(b)
  WITH r, row, $prov[row[{{$.R.Prov}}]] AS prov,
       [k IN keys(row[{{$.R.Props}}]) WHERE r[k] IS NOT NULL AND r[k] <> row[{{$.R.Props}}][k]] +
       [x IN [['role', row[{{$.R.Role}}]], ['startDate', row[{{$.R.StartDate}}]], ['endDate', row[{{$.R.EndDate}}]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[{{$.R.Props}}],
      r.role = coalesce(row[{{$.R.Role}}], r.role),
      r.startDate = coalesce(row[{{$.R.StartDate}}], r.startDate),
      r.endDate = coalesce(row[{{$.R.EndDate}}], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[{{$.P.Sources}}] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[{{$.P.Jobs}}] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked{{$k}}, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged{{$k}}, sum(size(changed)) AS propsChanged{{$k}}
}
{{end -}}
RETURN {{range $k, $type := .RelTypes}}{{if $k}} + {{end}}linked{{$k}}{{end}} AS linked,
  entitiesChanged,
  {{range $k, $type := .RelTypes}}{{if $k}} + {{end}}relsChanged{{$k}}{{end}} AS relationshipsChanged,
  entityPropertiesChanged{{range $k, $type := .RelTypes}} + propsChanged{{$k}}{{end}} AS propertiesChanged`)

// batchCypher is the one batch statement, rendered once.
var batchCypher = mustRender(batchTemplate, "batch", newBatchLayout())

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
