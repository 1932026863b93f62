package ingest

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/casegraph/casegraph"
)

// Writer is what ingest needs from the graph store.
type Writer interface {
	WriteBatch(ctx context.Context, entities []casegraph.Entity, rels []casegraph.Relationship) error
}

// ChangeCounter is a Writer that also says what a batch changed in what the
// graph already held (graph.Store is one): nodes and relationships with a
// property that had another value, and those properties. The job record
// keeps the totals; with a plain Writer they stay zero.
type ChangeCounter interface {
	WriteBatchCounted(ctx context.Context, entities []casegraph.Entity, rels []casegraph.Relationship) (
		changedEntities, changedRels, changedProps int64, err error)
}

// Options control a run.
type Options struct {
	DryRun       bool
	PreviewLimit int // dry run: how many mapped entities to show (default 20)
	BatchSize    int // rows per transaction (default DefaultBatchSize)
	Parallel     int // transactions in flight at once (default DefaultParallel)
	// Files replaces inputs' files: base name of the mapping's file -> path.
	// With a single input, the single file given is used whatever its name.
	Files map[string]string
	// OnlyGivenFiles confines the run to Files: an input may name only one
	// of them, by base name; a path (a separator, "..", an absolute path)
	// or a file not given is refused before anything is opened, and a
	// symlink is not followed. Set it for every mapping that arrives over
	// the network: its author must not reach the server's other files.
	OnlyGivenFiles bool
	// MaxFileBytes is the largest input file read (default
	// DefaultMaxFileBytes). Only regular files are read, whatever the size.
	MaxFileBytes int64
	RejectsDir   string // where rejects CSVs go; "" keeps none
	MaxErrors    int    // row errors kept in the report (default 1000); all are counted
	// MaxErrorsPerColumn is how many of them are kept per column and
	// reason (default DefaultMaxErrorsPerColumn); ErrorSummaries count all.
	MaxErrorsPerColumn int
	Progress           func(Progress)
	Log                *slog.Logger
	// SkipDone, when set, is asked for a job's recorded status; an input
	// whose job is already done is skipped (it would change nothing).
	SkipDone func(ctx context.Context, jobID string) (string, error)
}

// DefaultParallel is how many write transactions run at once. One is the
// default: on a 2-core server a single transaction already keeps Neo4j busy
// on both cores, and a second one only adds lock waits (docs/benchmarks.md).
const DefaultParallel = 1

// seenCacheSize bounds the memory of what a run remembers having written.
const seenCacheSize = 200_000

// DefaultBatchSize is rows per write transaction, chosen by measurement
// (docs/benchmarks.md): bigger batches stopped paying off around here.
const DefaultBatchSize = 1000

// Progress is reported while a file loads.
type Progress struct {
	JobID      string
	Input      string
	Rows       int64 // rows read so far
	Loaded     int64
	Rejected   int64
	BytesRead  int64
	BytesTotal int64
	Done       bool
}

// Job statuses.
const (
	StatusRunning   = "running"
	StatusDone      = "done"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
	StatusDryRun    = "dry-run"
	StatusSkipped   = "already loaded"
)

// JobReport says what one input's load did.
type JobReport struct {
	JobID    string
	Input    string
	File     string
	Sheet    string
	SHA256   string
	Status   string
	Read     int64 // data rows read (after the header)
	Filtered int64 // rows the filter left out
	Loaded   int64 // rows written
	Rejected int64
	Entities int64 // entity writes (a node seen in two rows counts twice)
	Rels     int64
	// What the load changed in what the graph held before it (a value
	// replaced, not one added); counted when the Writer is a ChangeCounter.
	EntitiesChanged, RelsChanged, PropertiesChanged int64
	// Entities whose amount is below zero (a refund, a reversal) or zero:
	// loaded like any other, counted apart so that a preview shows them.
	NegativeAmounts, ZeroAmounts int64
	Errors                       []*RowError
	// ErrorSummaries count the rejected rows per column and reason, and
	// say what dates that did not parse look like (summary.go).
	ErrorSummaries []*ErrorSummary
	// Dates are the columns read as dates: how many values each
	// pattern read, and the pattern a sample of the values fits (infer.go).
	Dates       []*DateColumn
	RejectsFile string
	Preview     []casegraph.Entity
	PreviewRels []casegraph.Relationship
	Err         error // a file-level failure
	Started     time.Time
	Finished    time.Time
}

// Run loads every input of the mapping, one job each. It returns the
// reports and an error if any input failed as a whole; row errors are in
// the reports, not in the error.
func Run(ctx context.Context, w Writer, m *Mapping, opts Options) ([]*JobReport, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Parallel <= 0 {
		opts.Parallel = DefaultParallel
	}
	if opts.PreviewLimit <= 0 {
		opts.PreviewLimit = 20
	}
	if opts.MaxErrors <= 0 {
		opts.MaxErrors = 1000
	}
	if opts.MaxErrorsPerColumn <= 0 {
		opts.MaxErrorsPerColumn = DefaultMaxErrorsPerColumn
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	paths, err := resolveFiles(m, opts)
	if err != nil {
		return nil, err
	}
	src := sourceEntity(m)
	if !opts.DryRun {
		if err := w.WriteBatch(ctx, []casegraph.Entity{src}, nil); err != nil {
			return nil, fmt.Errorf("writing the source: %w", err)
		}
	}
	var reports []*JobReport
	var errs []error
	for i, in := range m.Inputs {
		rep := loadInput(ctx, w, m, in, paths[i], src.ID, opts)
		reports = append(reports, rep)
		if rep.Err != nil {
			errs = append(errs, rep.Err)
		}
		if ctx.Err() != nil {
			break
		}
	}
	return reports, errors.Join(errs...)
}

// CheckFiles says whether every input of m has a file to read under opts,
// without opening any: what Run checks first, for callers that answer
// before the run starts.
func CheckFiles(m *Mapping, opts Options) error {
	_, err := resolveFiles(m, opts)
	return err
}

// resolveFiles finds each input's file: given on the command line or in an
// upload (matched by base name), else relative to the mapping (an absolute
// path as it is) unless opts confines the run to the files given.
func resolveFiles(m *Mapping, opts Options) ([]string, error) {
	given := opts.Files
	paths := make([]string, len(m.Inputs))
	used := map[string]bool{}
	for i, in := range m.Inputs {
		if opts.OnlyGivenFiles && in.File != "" && !isBaseName(in.File) {
			return nil, &MappingError{File: m.Name, Line: in.line, Msg: fmt.Sprintf(
				"input %q names the path %q: a mapping sent to casegraph may name only the files sent with it, by their name (such as %q)",
				in.Name, in.File, baseName(in.File))}
		}
		switch {
		case given[filepath.Base(in.File)] != "":
			paths[i] = given[filepath.Base(in.File)]
			used[filepath.Base(in.File)] = true
		case len(m.Inputs) == 1 && len(given) == 1:
			for k, p := range given {
				paths[i], used[k] = p, true
			}
		case len(given) > 0 && in.File == "":
			return nil, fmt.Errorf("input %q names no file, and none of the files given is meant for it", in.Name)
		case opts.OnlyGivenFiles:
			return nil, &MappingError{File: m.Name, Line: in.line, Msg: fmt.Sprintf(
				"input %q reads %q, which was not sent with the mapping (files sent: %s): send it too",
				in.Name, in.File, strings.Join(slices.Sorted(maps.Keys(given)), ", "))}
		default:
			if in.File == "" {
				return nil, fmt.Errorf("input %q names no file: give one", in.Name)
			}
			paths[i] = in.File
			if !filepath.IsAbs(in.File) {
				paths[i] = filepath.Join(m.Dir, in.File)
			}
		}
	}
	for k := range given {
		if !used[k] {
			var names []string
			for _, in := range m.Inputs {
				names = append(names, filepath.Base(in.File))
			}
			return nil, fmt.Errorf("file %q matches no input of %s (its inputs read: %v)", k, m.Name, names)
		}
	}
	return paths, nil
}

// isBaseName says whether name is a plain file name: no folder, no "..",
// not absolute, on any system's rules.
func isBaseName(name string) bool {
	return name != "." && name != ".." && !strings.ContainsAny(name, `/\`) && !filepath.IsAbs(name) && filepath.VolumeName(name) == ""
}

func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// sourceEntity is the mapping's source as a Source node.
func sourceEntity(m *Mapping) casegraph.Entity {
	s := m.Source
	id := s.ID
	if id == "" {
		id = hashID(m.Dataset, "source", s.URL, s.Title)
	} else {
		id = m.Dataset + "-" + id
	}
	props := map[string]any{}
	for k, v := range map[string]string{"title": s.Title, "url": s.URL, "publisher": s.Publisher, "publishedAt": s.PublishedAt} {
		if v != "" {
			props[k] = v
		}
	}
	name := s.Title
	if name == "" {
		name = s.URL
	}
	return casegraph.Entity{ID: id, Schema: casegraph.Source, Name: name, Properties: props, SourceIDs: []string{id}}
}

// JobID is derived from what is loaded, so the same file through the same
// mapping is the same job however often it runs (and after a crash).
func JobID(m *Mapping, in *Input, fileSHA string) string {
	return hashID(m.Dataset, "job", fileSHA, m.SHA256, in.Name)
}

func loadInput(ctx context.Context, w Writer, m *Mapping, in *Input, path string, sourceID string, opts Options) *JobReport {
	rep := &JobReport{Input: in.Name, File: filepath.Base(path), Sheet: in.Sheet, Started: time.Now()}
	fail := func(err error) *JobReport {
		rep.Err, rep.Status, rep.Finished = err, StatusFailed, time.Now()
		if errors.Is(err, context.Canceled) {
			rep.Status = StatusCancelled
		}
		if !opts.DryRun && rep.JobID != "" {
			// Record the failure, even if ctx is done.
			if werr := writeJob(context.WithoutCancel(ctx), w, m, rep, sourceID); werr != nil {
				opts.Log.Error("recording the failed job", "job", rep.JobID, "err", werr)
			}
		}
		return rep
	}
	f, err := openInput(ctx, path, rep.File, opts)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	size := f.size
	sum, err := f.sha256()
	if err != nil {
		return fail(err)
	}
	rep.SHA256 = sum
	rep.JobID = JobID(m, in, sum)
	if opts.SkipDone != nil && !opts.DryRun {
		if status, err := opts.SkipDone(ctx, rep.JobID); err == nil && status == StatusDone {
			rep.Status, rep.Finished = StatusSkipped, time.Now()
			return rep
		}
	}
	if opts.DryRun {
		rep.Status = StatusDryRun
	} else {
		rep.Status = StatusRunning
		if err := writeJob(ctx, w, m, rep, sourceID); err != nil {
			return fail(err)
		}
	}
	content, err := f.reader()
	if err != nil {
		return fail(err)
	}
	counter := &countingReader{r: content}

	rows, err := openRows(m, in, rep.File, f, counter, sourceID)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()

	var rejects *rejectsWriter
	if opts.RejectsDir != "" && !opts.DryRun {
		rejects = &rejectsWriter{path: filepath.Join(opts.RejectsDir, rep.JobID+"-rejects.csv"), header: rows.Header()}
		defer rejects.Close()
	}
	bw := newBatcher(ctx, w, opts.Log, opts.BatchSize, opts.Parallel, rep.JobID)
	// stop ends the load early: batches in flight finish (or fail) first,
	// so the job record counts exactly what was committed.
	stop := func(err error) *JobReport {
		_ = bw.drain()
		rep.Loaded, rep.Entities, rep.Rels = bw.loaded, bw.entities, bw.rels
		rep.EntitiesChanged, rep.RelsChanged, rep.PropertiesChanged = bw.changedEnts, bw.changedRels, bw.changedProps
		return fail(err)
	}
	failWrite := func(err error) *JobReport { return stop(fmt.Errorf("%s: %w", rep.File, err)) }
	report := func(done bool) {
		if opts.Progress != nil {
			opts.Progress(Progress{JobID: rep.JobID, Input: in.Name, Rows: rep.Read, Loaded: bw.loaded + rep.Loaded,
				Rejected: rep.Rejected, BytesRead: counter.n.Load(), BytesTotal: size, Done: done})
		}
	}
	var summaries errorSummaries
	defer func() { rep.ErrorSummaries = summaries.summaries() }()
	if ds, ok := rows.(interface{ dateColumns() []*DateColumn }); ok {
		defer func() { rep.Dates = ds.dateColumns() }()
	}
	reject := func(rowErr *RowError, raw []string, num int) error {
		rowErr.File, rowErr.Sheet = rep.File, rows.Sheet()
		if rowErr.Row == 0 {
			rowErr.Row = num
		}
		rep.Rejected++
		if sum := summaries.add(rowErr); len(rep.Errors) < opts.MaxErrors && sum.Count <= int64(opts.MaxErrorsPerColumn) {
			rep.Errors = append(rep.Errors, rowErr)
		}
		if rejects != nil {
			return rejects.Write(raw, rowErr)
		}
		return nil
	}
	sights := newFirstSights()
	lastReport := time.Now()
	for {
		if err := ctx.Err(); err != nil {
			return failWrite(err)
		}
		res, raw, num, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rowErr *RowError
		if errors.As(err, &rowErr) {
			rep.Read++
			if err := reject(rowErr, raw, num); err != nil {
				return stop(err)
			}
			continue
		}
		if err != nil {
			return stop(err)
		}
		if res == nil {
			rep.Read++
			rep.Filtered++
			continue
		}
		rep.Read++
		// A repeated id must agree with the row it was first seen on, or
		// the later row is rejected whole: nothing of it is written.
		rowErr, pend := sights.check(res, int64(num))
		if rowErr != nil {
			if err := reject(rowErr, raw, num); err != nil {
				return stop(err)
			}
			continue
		}
		sights.commit(pend, int64(num))
		for i, e := range res.entities {
			if !pend[i].isNew {
				continue
			}
			switch amountSign(e) {
			case -1:
				rep.NegativeAmounts++
			case 0:
				rep.ZeroAmounts++
			}
		}
		if opts.DryRun {
			rep.Loaded++
			for _, e := range res.entities {
				if len(rep.Preview) < opts.PreviewLimit {
					rep.Preview = append(rep.Preview, e)
				}
			}
			for _, r := range res.rels {
				if len(rep.PreviewRels) < opts.PreviewLimit {
					rep.PreviewRels = append(rep.PreviewRels, r)
				}
			}
			continue
		}
		if err := bw.add(res, rep.Read); err != nil {
			return failWrite(err)
		}
		if time.Since(lastReport) > 250*time.Millisecond {
			report(false)
			lastReport = time.Now()
		}
	}
	if err := bw.finish(rep.Read); err != nil {
		return failWrite(err)
	}
	rep.Loaded, rep.Entities, rep.Rels = rep.Loaded+bw.loaded, bw.entities, bw.rels
	rep.EntitiesChanged, rep.RelsChanged, rep.PropertiesChanged = bw.changedEnts, bw.changedRels, bw.changedProps
	if rejects != nil && rejects.count > 0 {
		rep.RejectsFile = rejects.path
	}
	rep.Finished = time.Now()
	if !opts.DryRun {
		rep.Status = StatusDone
		if err := writeJob(ctx, w, m, rep, sourceID); err != nil {
			return fail(err)
		}
	}
	report(true)
	opts.Log.Info("ingest finished", "input", in.Name, "job", rep.JobID, "status", rep.Status,
		"read", rep.Read, "loaded", rep.Loaded, "rejected", rep.Rejected, "took", rep.Finished.Sub(rep.Started).Round(time.Millisecond))
	return rep
}

// writeJob records the job as an IngestJob node.
func writeJob(ctx context.Context, w Writer, m *Mapping, rep *JobReport, sourceID string) error {
	props := map[string]any{
		"file": rep.File, "sha256": rep.SHA256, "mapping": m.Name, "mappingSha256": m.SHA256,
		"dataset": m.Dataset, "input": rep.Input, "status": rep.Status,
		"rowsRead": rep.Read, "rowsLoaded": rep.Loaded, "rowsRejected": rep.Rejected, "rowsFiltered": rep.Filtered,
		"entitiesChanged": rep.EntitiesChanged, "relationshipsChanged": rep.RelsChanged, "propertiesChanged": rep.PropertiesChanged,
		"negativeAmounts": rep.NegativeAmounts, "zeroAmounts": rep.ZeroAmounts,
		"startedAt": rep.Started.UTC().Format(time.RFC3339),
	}
	if rep.Sheet != "" {
		props["sheet"] = rep.Sheet
	}
	if !rep.Finished.IsZero() {
		props["finishedAt"] = rep.Finished.UTC().Format(time.RFC3339)
	}
	// Always set: a job that failed before and is done now must not keep
	// its old error (the merge overlays properties and keeps the others).
	props["error"] = ""
	if rep.Err != nil {
		props["error"] = rep.Err.Error()
	}
	job := casegraph.Entity{ID: rep.JobID, Schema: casegraph.IngestJob, Name: m.Dataset + ": " + rep.File,
		Properties: props, SourceIDs: []string{sourceID}, JobIDs: []string{rep.JobID}}
	return w.WriteBatch(ctx, []casegraph.Entity{job}, nil)
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// SafeCSVCell is a cell as the rejects CSV writes it: one that a
// spreadsheet program would run as a formula (it starts with =, +, -, @, a
// tab or a carriage return) gets a ' in front, per OWASP's advice on CSV
// injection; so does one that already starts with ', so that removing one
// leading ' from every cell that has one gives the value back. A negative
// number such as -12.5 is prefixed too.
func SafeCSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r'", rune(s[0])) {
		return "'" + s
	}
	return s
}

// rejectsWriter writes rejected rows as CSV: the original columns, then
// where and why, every cell through SafeCSVCell (the header too: it comes
// from the file). The file is created on the first reject.
type rejectsWriter struct {
	path   string
	header []string
	f      *os.File
	w      *csv.Writer
	count  int
}

func (r *rejectsWriter) Write(raw []string, e *RowError) error {
	if r.f == nil {
		if err := os.MkdirAll(filepath.Dir(r.path), 0o755); err != nil {
			return err
		}
		f, err := os.Create(r.path)
		if err != nil {
			return fmt.Errorf("creating rejects file: %w", err)
		}
		r.f, r.w = f, csv.NewWriter(f)
		head := append(append([]string{}, r.header...), "_row", "_column", "_value", "_reason")
		if err := r.w.Write(safeCells(head)); err != nil {
			return err
		}
	}
	rec := make([]string, len(r.header), len(r.header)+4)
	copy(rec, raw)
	rec = append(rec, strconv.Itoa(e.Row), e.Column, e.Value, e.Reason)
	r.count++
	return r.w.Write(safeCells(rec))
}

func safeCells(rec []string) []string {
	for i, v := range rec {
		rec[i] = SafeCSVCell(v)
	}
	return rec
}

func (r *rejectsWriter) Close() error {
	if r.f == nil {
		return nil
	}
	r.w.Flush()
	if err := r.w.Error(); err != nil {
		r.f.Close()
		return err
	}
	return r.f.Close()
}
