package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/casegraph/casegraph"
)

// A bulk load is a first load into an empty database through Neo4j's
// offline importer (`neo4j-admin database import full`) instead of write
// transactions. Everything before the writes is the normal path: Run reads
// the files, maps and validates every row, rejects what it rejects (with
// the same rejects files), and hands its batches to a Writer. Here that
// Writer keeps the writes instead of sending them: it spills each one to
// disk (spill), and afterwards every write of one id is folded into the
// node or relationship the graph would hold (bulk_fold.go) and written to
// the importer's CSV files (bulk_csv.go). The graph the importer builds is
// the one a normal ingest of the same files builds.
//
// Memory is one sort run (BulkOptions.SortBytes) plus what Run itself
// keeps per distinct id (the conflict check's compact index), never the
// input: the records wait on disk, in Dir.

// BulkOptions control the file-writing half of a bulk load.
type BulkOptions struct {
	// Dir receives the sort runs and the importer's CSV files; it must
	// exist and should be empty.
	Dir string
	// SortBytes is how many bytes of writes are sorted in memory at once
	// (default DefaultBulkSortBytes).
	SortBytes int
	// Merged, when set, is told how far the merge that writes the CSV
	// files has come: records done of total.
	Merged func(done, total int64)
}

// DefaultBulkSortBytes is the memory one sort run may use.
const DefaultBulkSortBytes = 64 << 20

// BulkFiles is what a bulk load wrote for the importer, and what is left
// to write once the importer has built the database.
type BulkFiles struct {
	Nodes, Relationships []string // CSV files, each with its header on its first line
	NodeCount, RelCount  int64
	// Multiline says a value holds a line break: the importer then needs
	// --multiline-fields=true.
	Multiline bool
	// Jobs are the IngestJob nodes, as the normal path records them at the
	// end of each input, to be written through the graph after the import.
	Jobs []casegraph.Entity
}

// WriteBulk runs the normal ingest of m up to the writes and writes the
// importer's CSV files into bopts.Dir instead. The reports are Run's, with
// the change counts the writes would have made. An error from any input
// (a file that cannot be read, a mapping that does not fit it) fails the
// whole load: nothing is to be imported then.
func WriteBulk(ctx context.Context, m *Mapping, opts Options, bopts BulkOptions) (*BulkFiles, []*JobReport, error) {
	if opts.DryRun {
		return nil, nil, errors.New("a bulk load cannot be a dry run: run ingest --dry-run without --bulk")
	}
	if bopts.SortBytes <= 0 {
		bopts.SortBytes = DefaultBulkSortBytes
	}
	if strings.ContainsAny(bopts.Dir, ",") {
		return nil, nil, fmt.Errorf("bulk: the folder %q holds a comma, which the importer's file lists cannot", bopts.Dir)
	}
	// One transaction at a time, so batches arrive in the order the normal
	// path would commit them; batches keep the normal size, as the change
	// counts depend on their boundaries.
	opts.Parallel = 1
	w := &bulkWriter{nodes: newSpill(bopts.Dir, "nodes", bopts.SortBytes/2),
		rels: newSpill(bopts.Dir, "rels", bopts.SortBytes/2), jobs: map[string]int{}}
	reports, err := Run(ctx, w, m, opts)
	if err != nil {
		return nil, reports, err
	}
	if w.err != nil {
		return nil, reports, w.err
	}
	files := &BulkFiles{}
	changes := map[string]*changeCounts{}
	changed := func(job string) *changeCounts {
		c := changes[job]
		if c == nil {
			c = &changeCounts{}
			changes[job] = c
		}
		return c
	}
	total := w.nodes.total + w.rels.total
	var done int64
	tick := func(n int) {
		done += int64(n)
		if bopts.Merged != nil && (done%50_000 < int64(n) || done == total) {
			bopts.Merged(done, total)
		}
	}
	nodeCSV := newCSVFiles(bopts.Dir, "nodes")
	err = w.nodes.merge(func(id string, recs []spillRec) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := foldEntity(id, recs, changed)
		if err != nil {
			return err
		}
		tick(len(recs))
		return nodeCSV.writeNode(n)
	})
	if cerr := nodeCSV.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, reports, err
	}
	relCSV := newCSVFiles(bopts.Dir, "relationships")
	err = w.rels.merge(func(_ string, recs []spillRec) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := foldRel(recs, changed)
		if err != nil {
			return err
		}
		tick(len(recs))
		return relCSV.writeRel(r)
	})
	if cerr := relCSV.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, reports, err
	}
	files.Nodes, files.Relationships = nodeCSV.paths(), relCSV.paths()
	files.NodeCount, files.RelCount = nodeCSV.rows, relCSV.rows
	files.Multiline = nodeCSV.multiline || relCSV.multiline
	for _, job := range w.jobOrder {
		files.Jobs = append(files.Jobs, w.jobList[w.jobs[job]])
	}
	for i := range files.Jobs {
		job := &files.Jobs[i]
		c := changed(job.ID)
		job.Properties["entitiesChanged"] = c.entities
		job.Properties["relationshipsChanged"] = c.rels
		job.Properties["propertiesChanged"] = c.props
	}
	for _, rep := range reports {
		if c, ok := changes[rep.JobID]; ok {
			rep.EntitiesChanged, rep.RelsChanged, rep.PropertiesChanged = c.entities, c.rels, c.props
		}
	}
	return files, reports, nil
}

// bulkWriter is the Writer a bulk load gives Run: every entity and
// relationship write goes to a spill, keyed as the graph merges it; the
// IngestJob records are kept aside (the last one of each job is the one
// the graph would hold), to be written after the import.
type bulkWriter struct {
	nodes, rels *spill
	batch       uint64
	enc         encoder
	jobs        map[string]int // job id -> index in jobList
	jobList     []casegraph.Entity
	jobOrder    []string
	err         error
}

// WriteBatch spills one batch. It checks what graph's batch write checks,
// so that a write the normal path would refuse fails here too.
func (w *bulkWriter) WriteBatch(ctx context.Context, entities []casegraph.Entity, rels []casegraph.Relationship) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(entities) == 1 && len(rels) == 0 && entities[0].Schema == casegraph.IngestJob {
		job := entities[0]
		job.Properties = cloneProps(job.Properties)
		if i, ok := w.jobs[job.ID]; ok {
			w.jobList[i] = job
		} else {
			w.jobs[job.ID] = len(w.jobList)
			w.jobList = append(w.jobList, job)
			w.jobOrder = append(w.jobOrder, job.ID)
		}
		return nil
	}
	w.batch++
	for i, e := range entities {
		if e.ID == "" || !e.Schema.Valid() || e.Schema == casegraph.IngestJob {
			return w.fail(fmt.Errorf("entity %d: no id or an unknown schema %q", i, e.Schema))
		}
		for k := range e.Properties {
			if reservedEntityProps[k] {
				return w.fail(fmt.Errorf("entity %s: property %q is reserved", e.ID, k))
			}
		}
		if err := encodeEntity(&w.enc, e); err != nil {
			return w.fail(fmt.Errorf("entity %s: %w", e.ID, err))
		}
		if err := w.nodes.add(e.ID, w.batch, uint64(i), append([]byte(nil), w.enc.b...)); err != nil {
			return w.fail(err)
		}
	}
	for i, r := range rels {
		if r.ID == "" || r.SourceID == "" || r.TargetID == "" || !r.Type.Valid() {
			return w.fail(fmt.Errorf("relationship %d: needs an id, a source, a target and a known type", i))
		}
		for k := range r.Properties {
			if reservedRelProps[k] {
				return w.fail(fmt.Errorf("relationship %s: property %q is reserved", r.ID, k))
			}
		}
		if err := encodeRel(&w.enc, r); err != nil {
			return w.fail(fmt.Errorf("relationship %s: %w", r.ID, err))
		}
		if err := w.rels.add(relKeyOf(r), w.batch, uint64(i), append([]byte(nil), w.enc.b...)); err != nil {
			return w.fail(err)
		}
	}
	return nil
}

// WriteBatchCounted makes bulkWriter a ChangeCounter, so that Run keeps
// the counts at zero until the fold knows them.
func (w *bulkWriter) WriteBatchCounted(ctx context.Context, entities []casegraph.Entity, rels []casegraph.Relationship) (
	int64, int64, int64, error) {
	return 0, 0, 0, w.WriteBatch(ctx, entities, rels)
}

func (w *bulkWriter) fail(err error) error {
	if w.err == nil {
		w.err = err
	}
	return err
}

// The properties graph writes from an entity's or relationship's own
// fields, which Properties may not name (graph refuses them the same way).
var (
	reservedEntityProps = map[string]bool{"id": true, "schema": true, "name": true, "aliases": true,
		"aliasText": true, "sourceIds": true, "jobIds": true}
	reservedRelProps = map[string]bool{"id": true, "role": true, "startDate": true, "endDate": true,
		"sourceIds": true, "jobIds": true}
)

func cloneProps(p map[string]any) map[string]any {
	out := make(map[string]any, len(p))
	for k, v := range p {
		out[k] = v
	}
	return out
}

// RemoveBulkFiles removes what WriteBulk wrote.
func RemoveBulkFiles(files *BulkFiles) {
	if files == nil {
		return
	}
	for _, p := range append(append([]string{}, files.Nodes...), files.Relationships...) {
		os.Remove(p)
	}
}
