package ingest

import (
	"reflect"
	"slices"

	"github.com/casegraph/casegraph"
)

// The fold: what the graph holds for one id after the normal path's writes
// of it, computed here instead of in Neo4j. It follows graph's batch write
// step by step, and a change there must be made here too (the
// bulk-equals-normal test compares the two graphs):
//
//   - within one batch, writes of one id are first merged into one row
//     (graph's mergeRow): properties overlaid, a later non-empty name,
//     role or date wins, aliases and provenance unioned in order;
//   - then each batch's row is applied as the batch statement does: the
//     properties overlaid; the first name stays the name and every other
//     spelling becomes an alias (none when neither has a name: the
//     statement compares with null); sources and jobs unioned in order;
//     a relationship keeps its role and dates unless the row gives new ones;
//   - a value the row replaces (present before, different now) counts as
//     a change, per batch, towards the job that wrote it.

// entityData is one spilled entity write.
func encodeEntity(e *encoder, ent casegraph.Entity) error {
	e.b = e.b[:0]
	e.str(string(ent.Schema))
	e.str(ent.Name)
	e.strs(ent.Aliases)
	e.strs(ent.SourceIDs)
	e.strs(ent.JobIDs)
	return e.props(ent.Properties)
}

func decodeEntity(id string, data []byte) (casegraph.Entity, error) {
	d := decoder{b: data}
	ent := casegraph.Entity{ID: id}
	ent.Schema = casegraph.Schema(d.str())
	ent.Name = d.str()
	ent.Aliases = d.strs()
	ent.SourceIDs = d.strs()
	ent.JobIDs = d.strs()
	ent.Properties = d.props()
	return ent, d.err
}

func encodeRel(e *encoder, r casegraph.Relationship) error {
	e.b = e.b[:0]
	e.str(string(r.Type))
	e.str(r.ID)
	e.str(r.SourceID)
	e.str(r.TargetID)
	e.str(r.Role)
	e.str(r.StartDate)
	e.str(r.EndDate)
	e.strs(r.SourceIDs)
	e.strs(r.JobIDs)
	return e.props(r.Properties)
}

func decodeRel(data []byte) (casegraph.Relationship, error) {
	d := decoder{b: data}
	var r casegraph.Relationship
	r.Type = casegraph.RelType(d.str())
	r.ID = d.str()
	r.SourceID = d.str()
	r.TargetID = d.str()
	r.Role = d.str()
	r.StartDate = d.str()
	r.EndDate = d.str()
	r.SourceIDs = d.strs()
	r.JobIDs = d.strs()
	r.Properties = d.props()
	return r, d.err
}

// relKeyOf is what a relationship is merged on: its type, its id and its
// ends (the statement MERGEs the pattern, ends included).
func relKeyOf(r casegraph.Relationship) string {
	return string(r.Type) + "\x00" + r.ID + "\x00" + r.SourceID + "\x00" + r.TargetID
}

// nodeState is a node as the graph would hold it.
type nodeState struct {
	id        string
	labels    []casegraph.Schema // schema labels, in the order they were set
	schema    casegraph.Schema
	name      string // "" is no name
	aliases   []string
	props     map[string]any
	sourceIDs []string
	jobIDs    []string
}

// relState is a relationship as the graph would hold it.
type relState struct {
	typ                      casegraph.RelType
	id, source, target       string
	role, startDate, endDate string // "" is absent
	props                    map[string]any
	sourceIDs, jobIDs        []string
}

// changeCounts are what one job's batches changed in what earlier batches
// had written (the job record's entitiesChanged and so on).
type changeCounts struct{ entities, rels, props int64 }

// foldEntity folds every write of one id (in batch order) into the node.
func foldEntity(id string, recs []spillRec, changes func(job string) *changeCounts) (*nodeState, error) {
	var n *nodeState
	for start := 0; start < len(recs); {
		end := start + 1
		for end < len(recs) && recs[end].batch == recs[start].batch {
			end++
		}
		rows, err := batchEntityRows(id, recs[start:end])
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			n = applyEntity(n, row, changes)
		}
		start = end
	}
	return n, nil
}

// batchEntityRows merges one batch's writes of an id as graph's writeBatch
// does: a write of the same schema as the id's row so far joins it, any
// other starts a new row; rows are then taken in Schemata order.
func batchEntityRows(id string, recs []spillRec) ([]casegraph.Entity, error) {
	var rows []casegraph.Entity
	last := -1
	for _, rec := range recs {
		e, err := decodeEntity(id, rec.data)
		if err != nil {
			return nil, err
		}
		if last >= 0 && rows[last].Schema == e.Schema {
			into := &rows[last]
			for k, v := range e.Properties {
				into.Properties[k] = v
			}
			into.Aliases = unionInOrder(into.Aliases, e.Aliases)
			into.SourceIDs = unionInOrder(into.SourceIDs, e.SourceIDs)
			into.JobIDs = unionInOrder(into.JobIDs, e.JobIDs)
			if e.Name != "" {
				into.Name = e.Name
			}
			continue
		}
		rows = append(rows, e)
		last = len(rows) - 1
	}
	if len(rows) > 1 {
		slices.SortStableFunc(rows, func(a, b casegraph.Entity) int {
			return slices.Index(casegraph.Schemata, a.Schema) - slices.Index(casegraph.Schemata, b.Schema)
		})
	}
	return rows, nil
}

// applyEntity is the batch statement's MERGE and SET of one row.
func applyEntity(n *nodeState, row casegraph.Entity, changes func(job string) *changeCounts) *nodeState {
	if n == nil {
		n = &nodeState{id: row.ID, props: map[string]any{}}
	}
	changed := 0
	for k, v := range row.Properties {
		if old, ok := n.props[k]; ok && !sameValue(old, v) {
			changed++
		}
	}
	if changed > 0 && len(row.JobIDs) > 0 {
		c := changes(row.JobIDs[0])
		c.entities++
		c.props += int64(changed)
	}
	keep := n.name
	if keep == "" {
		keep = row.Name
	}
	if keep != "" { // against a null name every comparison is null: nothing is added
		candidates := row.Aliases
		if row.Name != "" {
			candidates = append(slices.Clip(candidates), row.Name)
		}
		for _, x := range candidates {
			if x != keep && !slices.Contains(n.aliases, x) {
				n.aliases = append(n.aliases, x)
			}
		}
	}
	if !slices.Contains(n.labels, row.Schema) {
		n.labels = append(n.labels, row.Schema)
	}
	n.schema = row.Schema
	for k, v := range row.Properties {
		n.props[k] = v
	}
	n.name = keep
	n.sourceIDs = unionInOrder(n.sourceIDs, row.SourceIDs)
	n.jobIDs = unionInOrder(n.jobIDs, row.JobIDs)
	return n
}

// foldRel folds every write of one relationship into what the graph holds.
func foldRel(recs []spillRec, changes func(job string) *changeCounts) (*relState, error) {
	var r *relState
	for start := 0; start < len(recs); {
		end := start + 1
		for end < len(recs) && recs[end].batch == recs[start].batch {
			end++
		}
		var row casegraph.Relationship
		for i, rec := range recs[start:end] {
			w, err := decodeRel(rec.data)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				row = w
				continue
			}
			for k, v := range w.Properties {
				row.Properties[k] = v
			}
			for _, p := range []struct {
				into *string
				v    string
			}{{&row.Role, w.Role}, {&row.StartDate, w.StartDate}, {&row.EndDate, w.EndDate}} {
				if p.v != "" {
					*p.into = p.v
				}
			}
			row.SourceIDs = unionInOrder(row.SourceIDs, w.SourceIDs)
			row.JobIDs = unionInOrder(row.JobIDs, w.JobIDs)
		}
		r = applyRel(r, row, changes)
		start = end
	}
	return r, nil
}

func applyRel(r *relState, row casegraph.Relationship, changes func(job string) *changeCounts) *relState {
	if r == nil {
		r = &relState{typ: row.Type, id: row.ID, source: row.SourceID, target: row.TargetID, props: map[string]any{}}
	}
	changed := 0
	for k, v := range row.Properties {
		if old, ok := r.props[k]; ok && !sameValue(old, v) {
			changed++
		}
	}
	for _, p := range []struct {
		into *string
		v    string
	}{{&r.role, row.Role}, {&r.startDate, row.StartDate}, {&r.endDate, row.EndDate}} {
		if *p.into != "" && p.v != "" && *p.into != p.v {
			changed++
		}
		if p.v != "" {
			*p.into = p.v
		}
	}
	if changed > 0 && len(row.JobIDs) > 0 {
		c := changes(row.JobIDs[0])
		c.rels++
		c.props += int64(changed)
	}
	for k, v := range row.Properties {
		r.props[k] = v
	}
	r.sourceIDs = unionInOrder(r.sourceIDs, row.SourceIDs)
	r.jobIDs = unionInOrder(r.jobIDs, row.JobIDs)
	return r
}

// sameValue is Cypher's equality for stored values: numbers compare by
// value whatever their type, lists item by item.
func sameValue(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	return reflect.DeepEqual(a, b)
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// unionInOrder is a extended by the items of b it lacks, in order.
func unionInOrder(a, b []string) []string {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}
