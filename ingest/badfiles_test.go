package ingest_test

// Bad input files: each must give a clear error naming the file (and the
// row and column for a row problem), or rejected rows with their reasons,
// and never a panic, a half-written batch or a relationship to a node that
// was not written. The small files are in testdata/bad; the big and binary
// ones (zip bombs, a 200k-row sheet, a 100 MB line) are generated here.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
)

// batchRecorder is the Writer these tests load into: a sink that keeps
// every batch as it came and checks, as it goes, that each relationship's
// ends were written in the same batch or an earlier one.
type batchRecorder struct {
	countOnly bool // keep no data batches' contents (the huge sheet)
	batches   []recordedBatch
	ids       map[string]bool
	dangling  []string
}

type recordedBatch struct {
	data     bool // holds rows (not only the source or a job record)
	entities []casegraph.Entity
	rels     []casegraph.Relationship
	nEnt     int
	nRel     int
}

func newBatchRecorder() *batchRecorder { return &batchRecorder{ids: map[string]bool{}} }

func (r *batchRecorder) WriteBatch(_ context.Context, es []casegraph.Entity, rels []casegraph.Relationship) error {
	b := recordedBatch{nEnt: len(es), nRel: len(rels), data: len(rels) > 0}
	for _, e := range es {
		r.ids[e.ID] = true
		if e.Schema != casegraph.IngestJob && len(r.batches) > 0 {
			b.data = true
		}
	}
	for _, rel := range rels {
		if !r.ids[rel.SourceID] || !r.ids[rel.TargetID] {
			r.dangling = append(r.dangling, fmt.Sprintf("%s %s -> %s (batch %d)", rel.Type, rel.SourceID, rel.TargetID, len(r.batches)))
		}
	}
	if !r.countOnly || !b.data {
		b.entities = slices.Clone(es)
		b.rels = slices.Clone(rels)
	}
	r.batches = append(r.batches, b)
	return nil
}

// entities returns the data entities of a schema, in the order written.
func (r *batchRecorder) entities(s casegraph.Schema) []casegraph.Entity {
	var out []casegraph.Entity
	for _, b := range r.batches {
		if !b.data {
			continue
		}
		for _, e := range b.entities {
			if e.Schema == s {
				out = append(out, e)
			}
		}
	}
	return out
}

// names returns the sorted names of the data entities of a schema.
func (r *batchRecorder) names(s casegraph.Schema) []string {
	var out []string
	for _, e := range r.entities(s) {
		out = append(out, e.Name)
	}
	slices.Sort(out)
	return out
}

func (r *batchRecorder) entity(t *testing.T, s casegraph.Schema, name string) casegraph.Entity {
	t.Helper()
	for _, e := range r.entities(s) {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("no %s named %q was written (have %q)", s, name, r.names(s))
	return casegraph.Entity{}
}

func (r *batchRecorder) rels() []casegraph.Relationship {
	var out []casegraph.Relationship
	for _, b := range r.batches {
		out = append(out, b.rels...)
	}
	return out
}

func (r *batchRecorder) dataBatches() int {
	n := 0
	for _, b := range r.batches {
		if b.data {
			n++
		}
	}
	return n
}

type badResult struct {
	reps []*ingest.JobReport
	err  error
	rec  *batchRecorder
	opts ingest.Options
}

func (r badResult) rep(t *testing.T) *ingest.JobReport {
	t.Helper()
	if len(r.reps) != 1 {
		t.Fatalf("want 1 report, got %d (err %v)", len(r.reps), r.err)
	}
	return r.reps[0]
}

var badDir = func() string {
	d, err := filepath.Abs(filepath.Join("testdata", "bad"))
	if err != nil {
		panic(err)
	}
	return d
}()

// badMapping is the mapping most cases use: a payer (Person) paid a
// payment; extra goes into the input (4 spaces indent), top before inputs.
func badMapping(file, extra, top string) string {
	return `dataset: bad
source:
  title: Bad files test
` + top + `inputs:
  - file: ` + file + `
` + extra + `    entities:
      payer:
        schema: Person
        keys: [payer]
        properties:
          name: payer
      payment:
        schema: Payment
        keys: [ref]
        properties:
          name: ref
          amount: {column: amount, type: amount}
          currency: currency
          date: {column: date, type: date}
    relationships:
      - {type: PAID, from: payer, to: payment}
`
}

var badHeader = []string{"ref", "payer", "amount", "currency", "date"}

func badParse(t *testing.T, yml string) *ingest.Mapping {
	t.Helper()
	m, err := ingest.ParseMapping([]byte(yml), "mapping.yml", badDir)
	if err != nil {
		t.Fatalf("mapping: %v\n%s", err, yml)
	}
	return m
}

// badLoad loads path (in testdata/bad, or anywhere) with the usual mapping.
func badLoad(t *testing.T, path, extra string) badResult {
	t.Helper()
	if !filepath.IsAbs(path) {
		path = filepath.Join(badDir, path)
	}
	m := badParse(t, badMapping(filepath.Base(path), extra, ""))
	return badRun(t, m, path, ingest.Options{})
}

// badRun runs the mapping on one file (path "" keeps the mapping's own)
// and checks what must hold whatever the file: no panic, counts that add
// up, row errors that say where, job records that close the run, no batch
// after a failure, no dangling relationship, and a rejects CSV that
// matches the report.
func badRun(t *testing.T, m *ingest.Mapping, path string, opts ingest.Options) badResult {
	t.Helper()
	if path != "" {
		opts.Files = map[string]string{filepath.Base(m.Inputs[0].File): path}
	}
	if opts.BatchSize == 0 {
		opts.BatchSize = 2
	}
	if opts.RejectsDir == "" {
		opts.RejectsDir = t.TempDir()
	}
	res := badResult{rec: newBatchRecorder(), opts: opts}
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("ingest.Run panicked: %v\n%s", p, debug.Stack())
			}
		}()
		res.reps, res.err = ingest.Run(context.Background(), res.rec, m, opts)
	}()
	rec := res.rec
	if len(rec.dangling) > 0 {
		t.Errorf("relationships written before their ends: %v", rec.dangling)
	}
	var errs []error
	for _, rep := range res.reps {
		checkReport(t, res, rep)
		if rep.Err != nil {
			errs = append(errs, rep.Err)
		}
	}
	if (res.err == nil) != (len(errs) == 0) {
		t.Errorf("Run's error %v, reports' errors %v", res.err, errs)
	}
	for _, e := range errs {
		if !strings.Contains(res.err.Error(), e.Error()) {
			t.Errorf("Run's error %q lacks %q", res.err, e)
		}
	}
	// The batches: the source first, then per input (checkReport) a
	// "running" job record, its rows, and a last job record.
	if len(rec.batches) == 0 || rec.batches[0].entities[0].Schema != casegraph.Source {
		t.Fatalf("the first batch is not the source")
	}
	return res
}

func checkReport(t *testing.T, res badResult, rep *ingest.JobReport) {
	t.Helper()
	rec := res.rec
	unwritten := rep.Read - rep.Loaded - rep.Rejected - rep.Filtered
	switch {
	case rep.Err == nil && unwritten != 0:
		t.Errorf("%s: read %d != loaded %d + rejected %d + filtered %d", rep.File, rep.Read, rep.Loaded, rep.Rejected, rep.Filtered)
	case rep.Err != nil && (unwritten < 0 || unwritten >= int64(res.opts.BatchSize)):
		// A failure drops the rows of the batch it interrupts: at most
		// BatchSize-1 good rows read but not written.
		t.Errorf("%s failed with %d rows read but neither loaded, rejected nor filtered (batch size %d)", rep.File, unwritten, res.opts.BatchSize)
	}
	if rep.Err != nil && rep.Status != ingest.StatusFailed {
		t.Errorf("%s: error %v but status %q", rep.File, rep.Err, rep.Status)
	}
	if rep.Err == nil && rep.Status != ingest.StatusDone {
		t.Errorf("%s: no error but status %q", rep.File, rep.Status)
	}
	if int64(len(rep.Errors)) != rep.Rejected {
		t.Errorf("%s: %d rejected but %d row errors", rep.File, rep.Rejected, len(rep.Errors))
	}
	for _, e := range rep.Errors {
		msg := e.Error()
		if e.File != rep.File || e.Row <= 0 || e.Reason == "" {
			t.Errorf("row error without file, row or reason: %+v", *e)
		}
		if !strings.Contains(msg, rep.File) || !strings.Contains(msg, fmt.Sprintf("row %d", e.Row)) {
			t.Errorf("row error %q does not name the file and row", msg)
		}
		if e.Column != "" && !strings.Contains(msg, strconv.Quote(e.Column)) {
			t.Errorf("row error %q does not name its column %q", msg, e.Column)
		}
	}
	if rep.Err != nil && !strings.Contains(rep.Err.Error(), rep.File) {
		var me *ingest.MappingError
		if !errors.As(rep.Err, &me) || !strings.Contains(me.Msg, rep.Input) {
			t.Errorf("error %q does not name the file %s", rep.Err, rep.File)
		}
	}
	var fe *ingest.FileError
	var me *ingest.MappingError
	if rep.Err != nil && !errors.As(rep.Err, &fe) && !errors.As(rep.Err, &me) {
		t.Errorf("%s: error %T %v is neither a FileError nor a MappingError", rep.File, rep.Err, rep.Err)
	}

	if rep.JobID == "" {
		// The file could not even be hashed: no job, nothing written.
		if rep.Err == nil || len(res.reps) == 1 && len(rec.batches) != 1 {
			t.Errorf("%s: no job id, error %v, %d batches", rep.File, rep.Err, len(rec.batches))
		}
		return
	}
	// Job records: "running", then rows, then the last record with the
	// report's status; no batch after the last.
	var running, last = -1, -1
	for i, b := range rec.batches {
		for _, e := range b.entities {
			if e.Schema == casegraph.IngestJob && e.ID == rep.JobID {
				if e.Properties["status"] == ingest.StatusRunning && running < 0 {
					running = i
				}
				last = i
			}
		}
	}
	if running < 0 || last <= running {
		t.Fatalf("%s: job records: running at batch %d, last at %d", rep.File, running, last)
	}
	job := rec.batches[last].entities[0]
	if job.Properties["status"] != rep.Status {
		t.Errorf("%s: last job record says %v, the report %s", rep.File, job.Properties["status"], rep.Status)
	}
	if rep.Err != nil && job.Properties["error"] != rep.Err.Error() {
		t.Errorf("%s: the failed job record's error is %v", rep.File, job.Properties["error"])
	}
	if len(res.reps) == 1 && last != len(rec.batches)-1 {
		t.Errorf("%s: %d batches written after the job's last record", rep.File, len(rec.batches)-1-last)
	}
	var ents, rels int64
	for i, b := range rec.batches {
		if !b.data {
			continue
		}
		if len(res.reps) == 1 && (i < running || i > last) {
			t.Errorf("%s: data batch %d outside the job (running %d, last %d)", rep.File, i, running, last)
		}
		ents += int64(b.nEnt)
		rels += int64(b.nRel)
	}
	if len(res.reps) == 1 && (ents != rep.Entities || rels != rep.Rels) {
		t.Errorf("%s: report says %d entities and %d rels written, the writer got %d and %d", rep.File, rep.Entities, rep.Rels, ents, rels)
	}
	checkRejects(t, res, rep)
}

// checkRejects reads the rejects CSV: the original header (the usual one,
// or "json" for FtM) plus _row, _column, _value, _reason, then one line
// per rejected row, matching the report's row errors.
func checkRejects(t *testing.T, res badResult, rep *ingest.JobReport) {
	t.Helper()
	if rep.Rejected == 0 || rep.Err != nil {
		if rep.RejectsFile != "" {
			t.Errorf("%s: rejects file %s with nothing rejected", rep.File, rep.RejectsFile)
		}
		return
	}
	if rep.RejectsFile == "" || filepath.Dir(rep.RejectsFile) != res.opts.RejectsDir {
		t.Fatalf("%s: %d rejected, rejects file %q (dir %s)", rep.File, rep.Rejected, rep.RejectsFile, res.opts.RejectsDir)
	}
	data, err := os.ReadFile(rep.RejectsFile)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("rejects file: %v", err)
	}
	if len(recs) == 0 {
		t.Fatalf("rejects file is empty")
	}
	head := recs[0]
	want := badHeader
	if strings.HasSuffix(rep.File, ".jsonl") {
		want = []string{"json"}
	}
	if !slices.Equal(head, append(slices.Clone(want), "_row", "_column", "_value", "_reason")) {
		t.Fatalf("rejects header %q", head)
	}
	multiline := slices.ContainsFunc(recs, func(rec []string) bool {
		return slices.ContainsFunc(rec, func(v string) bool { return strings.Contains(v, "\n") })
	})
	if lines := bytes.Count(data, []byte("\n")); lines != len(recs) && !multiline {
		t.Errorf("rejects file: %d lines for %d records", lines, len(recs))
	}
	if got := int64(len(recs) - 1); got != rep.Rejected {
		t.Errorf("rejects file has %d rows, %d rejected", got, rep.Rejected)
	}
	for i, rec := range recs[1:] {
		if len(rec) != len(head) {
			t.Errorf("rejects row %d has %d fields, the header %d", i+1, len(rec), len(head))
			continue
		}
		if i >= len(rep.Errors) {
			break
		}
		e := rep.Errors[i]
		got := rec[len(rec)-4:]
		want := []string{strconv.Itoa(e.Row), e.Column, e.Value, e.Reason}
		for i := range want {
			want[i] = ingest.SafeCSVCell(want[i])
		}
		if !slices.Equal(got, want) {
			t.Errorf("rejects row %d: %q, want %q", i+1, got, want)
		}
	}
}

// wantRow is an expected row error; Value "*" is not checked.
type wantRow struct {
	row    int
	column string
	value  string
	words  []string
}

func checkRowErrors(t *testing.T, rep *ingest.JobReport, want ...wantRow) {
	t.Helper()
	if len(rep.Errors) != len(want) {
		for _, e := range rep.Errors {
			t.Logf("  %v", e)
		}
		t.Fatalf("%s: %d row errors, want %d", rep.File, len(rep.Errors), len(want))
	}
	for i, w := range want {
		e := rep.Errors[i]
		if e.Row != w.row || e.Column != w.column || (w.value != "*" && e.Value != w.value) {
			t.Errorf("row error %d: row %d column %q value %q, want row %d column %q value %q (%v)", i, e.Row, e.Column, e.Value, w.row, w.column, w.value, e)
		}
		checkWords(t, e.Reason, w.words...)
	}
}

func checkWords(t *testing.T, msg string, words ...string) {
	t.Helper()
	for _, w := range words {
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
			t.Errorf("%q does not say %q", msg, w)
		}
	}
}

// checkFileError: the input failed as a whole, saying why and where.
func checkFileError(t *testing.T, res badResult, file string, words ...string) *ingest.FileError {
	t.Helper()
	rep := res.rep(t)
	var fe *ingest.FileError
	if !errors.As(rep.Err, &fe) {
		t.Fatalf("want a FileError, got %T %v", rep.Err, rep.Err)
	}
	if fe.File != file || !strings.Contains(fe.Error(), file) {
		t.Errorf("error %q does not name %s", fe, file)
	}
	checkWords(t, fe.Error(), words...)
	if res.err == nil {
		t.Errorf("Run returned no error")
	}
	return fe
}

// checkMappingError: the mapping failed at line, before any row was read.
func checkMappingError(t *testing.T, err error, name string, line int, words ...string) {
	t.Helper()
	var me *ingest.MappingError
	if !errors.As(err, &me) {
		t.Fatalf("want a MappingError, got %T %v", err, err)
	}
	if me.File != name || me.Line != line || !strings.HasPrefix(me.Error(), fmt.Sprintf("%s:%d: ", name, line)) {
		t.Errorf("error %q: want %s line %d", me, name, line)
	}
	checkWords(t, me.Error(), words...)
}

func checkCounts(t *testing.T, rep *ingest.JobReport, read, loaded, rejected, filtered int64) {
	t.Helper()
	if rep.Read != read || rep.Loaded != loaded || rep.Rejected != rejected || rep.Filtered != filtered {
		t.Errorf("%s: read/loaded/rejected/filtered %d/%d/%d/%d, want %d/%d/%d/%d (err %v)", rep.File,
			rep.Read, rep.Loaded, rep.Rejected, rep.Filtered, read, loaded, rejected, filtered, rep.Err)
	}
}

// checkLoaded: exactly these payments (by ref) were written.
func checkLoaded(t *testing.T, rec *batchRecorder, refs ...string) {
	t.Helper()
	got := rec.names(casegraph.Payment)
	slices.Sort(refs)
	if !slices.Equal(got, refs) {
		t.Errorf("payments written: %q, want %q", got, refs)
	}
	// Each loaded row wrote its payer, its payment and the PAID link.
	if n := len(rec.rels()); n != len(refs) {
		t.Errorf("%d relationships written for %d rows", n, len(refs))
	}
}

// lineOf is the 1-based line of path holding s.
func lineOf(t *testing.T, path, s string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return lineIn(t, string(b), s)
}

// lineIn is the 1-based line of text holding s.
func lineIn(t *testing.T, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line with %q in\n%s", s, text)
	return 0
}

func TestBadCSVFiles(t *testing.T) {
	t.Run("truncated mid-quoted-field", func(t *testing.T) {
		res := badLoad(t, "truncated.csv", "")
		rep := res.rep(t)
		checkCounts(t, rep, 3, 2, 1, 0)
		checkRowErrors(t, rep, wantRow{4, "payer", "", []string{"unterminated", "quote", "line 4"}})
		checkLoaded(t, res.rec, "P1", "P2")
	})
	t.Run("truncated in the first field", func(t *testing.T) {
		// The quote problem comes before the row's first field ends.
		res := badLoad(t, "truncated-first-field.csv", "")
		rep := res.rep(t)
		checkCounts(t, rep, 3, 2, 1, 0)
		checkRowErrors(t, rep, wantRow{4, "ref", "", []string{"quote", "line 4"}})
		checkLoaded(t, res.rec, "P1", "P2")
	})
	t.Run("wrong column counts", func(t *testing.T) {
		res := badLoad(t, "column-count.csv", "")
		rep := res.rep(t)
		checkCounts(t, rep, 4, 2, 2, 0)
		checkRowErrors(t, rep,
			wantRow{3, "", "", []string{"has 4 columns", "header has 5"}},
			wantRow{4, "", "extra,cells", []string{"has 7 columns", "header has 5"}})
		checkLoaded(t, res.rec, "P1", "P4")
	})
	t.Run("binary garbage named .csv", func(t *testing.T) {
		res := badLoad(t, "garbage.csv", "")
		checkFileError(t, res, "garbage.csv", "binary", "is this a CSV file")
		checkCounts(t, res.rep(t), 0, 0, 0, 0)
	})
	t.Run("invalid UTF-8", func(t *testing.T) {
		res := badLoad(t, "invalid-utf8.csv", "")
		rep := res.rep(t)
		checkCounts(t, rep, 3, 2, 1, 0)
		checkRowErrors(t, rep, wantRow{3, "payer", "Bob \xff\xfe Jones", []string{"invalid UTF-8"}})
		checkLoaded(t, res.rec, "P1", "P3")
	})
	t.Run("Latin-1 header read as UTF-8", func(t *testing.T) {
		m := badParse(t, latin1Mapping(""))
		res := badRun(t, m, "", ingest.Options{})
		checkFileError(t, res, "latin1.csv", "invalid UTF-8", "encoding: latin-1")
		if res.rec.dataBatches() != 0 {
			t.Errorf("rows written")
		}
	})
	t.Run("Latin-1 header with encoding latin-1", func(t *testing.T) {
		m := badParse(t, latin1Mapping("    encoding: latin-1\n"))
		res := badRun(t, m, "", ingest.Options{})
		checkCounts(t, res.rep(t), 2, 2, 0, 0)
		if got := res.rec.names(casegraph.Person); !slices.Equal(got, []string{"François Dupré", "Zoë Müller"}) {
			t.Errorf("names %q", got)
		}
	})
	t.Run("Latin-1 values read as UTF-8", func(t *testing.T) {
		res := badLoad(t, "latin1-values.csv", "")
		rep := res.rep(t)
		checkCounts(t, rep, 3, 1, 2, 0)
		checkRowErrors(t, rep,
			wantRow{2, "payer", "Zo\xeb M\xfcller", []string{"invalid UTF-8"}},
			wantRow{4, "payer", "Fran\xe7ois Dupr\xe9", []string{"invalid UTF-8"}})
		checkLoaded(t, res.rec, "P2")
	})
	t.Run("Latin-1 values with encoding latin-1", func(t *testing.T) {
		res := badLoad(t, "latin1-values.csv", "    encoding: latin-1\n")
		checkCounts(t, res.rep(t), 3, 3, 0, 0)
		res.rec.entity(t, casegraph.Person, "Zoë Müller")
		res.rec.entity(t, casegraph.Person, "François Dupré")
	})
	t.Run("empty file", func(t *testing.T) {
		res := badLoad(t, "empty.csv", "")
		checkFileError(t, res, "empty.csv", "no header row")
	})
	t.Run("blank lines only", func(t *testing.T) {
		res := badLoad(t, "blank-lines.csv", "")
		checkFileError(t, res, "blank-lines.csv", "no header row")
	})
	t.Run("header only", func(t *testing.T) {
		res := badLoad(t, "header-only.csv", "")
		checkCounts(t, res.rep(t), 0, 0, 0, 0)
		if res.err != nil || res.rec.dataBatches() != 0 {
			t.Errorf("err %v, %d data batches", res.err, res.rec.dataBatches())
		}
	})
	t.Run("header row past the end", func(t *testing.T) {
		res := badLoad(t, "short.csv", "    headerRow: 5\n")
		checkFileError(t, res, "short.csv", "no header row")
	})
	t.Run("duplicate and blank column names used", func(t *testing.T) {
		// "Payer" and " payer " are the same column name: the mapping
		// cannot say which it means.
		yml := badMapping("dup-header.csv", "", "")
		res := badRun(t, badParse(t, yml), "", ingest.Options{})
		checkMappingError(t, res.err, "mapping.yml", lineIn(t, yml, "      payer:"), "payer", "more than once", "columns 2 and 7", "dup-header.csv")
		checkCounts(t, res.rep(t), 0, 0, 0, 0)
		if res.rec.dataBatches() != 0 {
			t.Errorf("rows written")
		}
	})
	t.Run("duplicate and blank column names not used", func(t *testing.T) {
		m := badParse(t, `dataset: bad
source: {title: Bad files test}
inputs:
  - file: dup-header.csv
    entities:
      payment:
        schema: Payment
        keys: [ref]
        properties:
          name: ref
          amount: {column: amount, type: amount}
`)
		res := badRun(t, m, "", ingest.Options{})
		checkCounts(t, res.rep(t), 2, 2, 0, 0)
		if got := res.rec.names(casegraph.Payment); !slices.Equal(got, []string{"P1", "P2"}) {
			t.Errorf("payments %q", got)
		}
	})
	t.Run("BOM and semicolons", func(t *testing.T) {
		res := badLoad(t, "bom-semicolon.csv", "")
		checkCounts(t, res.rep(t), 2, 2, 0, 0)
		checkLoaded(t, res.rec, "P1", "P2")
		res.rec.entity(t, casegraph.Person, "Jones; Bob")
	})
	t.Run("unterminated quote at EOF", func(t *testing.T) {
		// The quote opened in row 4 runs to the end: row 5 is inside it.
		res := badLoad(t, "unterminated-quote.csv", "")
		rep := res.rep(t)
		checkCounts(t, rep, 3, 2, 1, 0)
		checkRowErrors(t, rep, wantRow{4, "amount", "", []string{"unterminated", "quote", "line 4"}})
		checkLoaded(t, res.rec, "P1", "P2")
	})
	t.Run("stray quotes", func(t *testing.T) {
		res := badLoad(t, "stray-quote.csv", "")
		rep := res.rep(t)
		checkCounts(t, rep, 6, 3, 3, 0)
		checkRowErrors(t, rep,
			wantRow{3, "payer", "", []string{"quote inside an unquoted field", "line 3"}},
			wantRow{5, "ref", "", []string{"quote", "line 5"}},
			wantRow{6, "ref", "", []string{"quote inside an unquoted field", "line 6"}})
		checkLoaded(t, res.rec, "P1", "P3", "P6")
	})
	t.Run("amounts in words", func(t *testing.T) {
		res := badLoad(t, "amount-words.csv", "")
		rep := res.rep(t)
		checkCounts(t, rep, 5, 2, 3, 0)
		checkRowErrors(t, rep,
			wantRow{2, "amount", "sixteen", []string{"not an amount", "sixteen"}},
			wantRow{5, "amount", "12 apples", []string{"not an amount", "apples"}},
			wantRow{6, "amount", "$5 €6", []string{"not an amount"}})
		checkLoaded(t, res.rec, "P2", "P3")
		p2 := res.rec.entity(t, casegraph.Payment, "P2")
		if p2.Properties["amount"] != 16.5e6 || p2.Properties["currency"] != "USD" {
			t.Errorf("P2: %v", p2.Properties)
		}
		if p3 := res.rec.entity(t, casegraph.Payment, "P3"); p3.Properties["amount"] != 1500.0 {
			t.Errorf("P3: %v", p3.Properties)
		}
	})
	t.Run("dates in unknown formats", func(t *testing.T) {
		res := badLoad(t, "dates-unknown.csv", "    options: {dateFormats: [\"Jan 2, 2006\"]}\n")
		rep := res.rep(t)
		checkCounts(t, rep, 5, 2, 3, 0)
		checkRowErrors(t, rep,
			wantRow{2, "date", "5th of March 2021", []string{"not a date", "Jan 2, 2006"}},
			wantRow{4, "date", "2021-13-45", []string{"not a date"}},
			wantRow{5, "date", "yesterday", []string{"not a date"}})
		checkLoaded(t, res.rec, "P2", "P5")
		if d := res.rec.entity(t, casegraph.Payment, "P5").Properties["date"]; d != "2021-03-03" {
			t.Errorf("P5 date %v", d)
		}
	})
	t.Run("NUL bytes in values", func(t *testing.T) {
		// Control characters are removed from values (docs/mapping.md).
		res := badLoad(t, "nul-values.csv", "")
		checkCounts(t, res.rep(t), 2, 2, 0, 0)
		res.rec.entity(t, casegraph.Person, "Alice Smith")
		if a := res.rec.entity(t, casegraph.Payment, "P2").Properties["amount"]; a != 200.0 {
			t.Errorf("P2 amount %v", a)
		}
	})
	t.Run("UTF-16 (NUL bytes everywhere)", func(t *testing.T) {
		res := badLoad(t, "utf16.csv", "")
		checkFileError(t, res, "utf16.csv", "UTF-16", "UTF-8")
	})
	t.Run("too many columns", func(t *testing.T) {
		res := badLoad(t, "too-many-columns.csv", "")
		checkFileError(t, res, "too-many-columns.csv", "2501 columns", "2000")
	})
	t.Run("missing file", func(t *testing.T) {
		res := badLoad(t, "no-such-file.csv", "")
		checkFileError(t, res, "no-such-file.csv", "no such file")
	})
}

func latin1Mapping(extra string) string {
	return `dataset: bad
source: {title: Bad files test}
inputs:
  - file: latin1.csv
` + extra + `    entities:
      payer:
        schema: Person
        keys: [bénéficiaire]
        properties:
          name: bénéficiaire
      payment:
        schema: Payment
        keys: [réf]
        properties:
          amount: {column: montant, type: amount}
    relationships:
      - {type: PAID, from: payer, to: payment}
`
}

func TestBadMappings(t *testing.T) {
	for _, tc := range []struct {
		file, at string
		words    []string
	}{
		{"mapping-malformed.yml", "keys: [payer, ref", []string{"did not find expected ',' or ']'"}},
		{"mapping-unknown-field.yml", "propertys:", []string{"unknown field", "propertys", "properties"}},
		{"mapping-unknown-option.yml", "dateFormat:", []string{"unknown field", "dateFormat", "dateFormats"}},
		{"mapping-unknown-schema.yml", "payer:", []string{"unknown schema", "Persn", "Person"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(badDir, tc.file)
			m, err := ingest.LoadMapping(path)
			if m != nil {
				t.Errorf("a mapping came back")
			}
			checkMappingError(t, err, tc.file, lineOf(t, path, tc.at), tc.words...)
		})
	}
	t.Run("column not in the header", func(t *testing.T) {
		// Fails before any row is read, with the mapping's line.
		path := filepath.Join(badDir, "mapping-missing-column.yml")
		m, err := ingest.LoadMapping(path)
		if err != nil {
			t.Fatal(err)
		}
		res := badRun(t, m, "", ingest.Options{})
		checkMappingError(t, res.err, "mapping-missing-column.yml", lineOf(t, path, "beneficiaryName:"),
			`column "beneficiary" is not in missing-column.csv`, "its columns are: ref, payer")
		rep := res.rep(t)
		checkCounts(t, rep, 0, 0, 0, 0)
		if res.rec.dataBatches() != 0 {
			t.Errorf("rows written")
		}
	})
	t.Run("malformed YAML lines", func(t *testing.T) {
		// yaml.v3 counts lines from 0 in its parser's errors, from 1 in
		// its scanner's: both must come out as the line to look at.
		for _, tc := range []struct {
			yml  string
			line int
		}{
			{"dataset: bad\nsource:\n  title: x\ninputs:\n  - file: a.csv\n    entities: {a: [b, c}\n", 6},
			{"dataset: bad\nsource:\n  title: x\n   url: y\n", 4},
			{"dataset: bad\nsource: {title: x\n", 2},
			{"- a\nb: c\n", 2},
		} {
			_, err := ingest.ParseMapping([]byte(tc.yml), "m.yml", badDir)
			var me *ingest.MappingError
			if !errors.As(err, &me) || me.Line != tc.line {
				t.Errorf("%q: %v, want line %d", tc.yml, err, tc.line)
			}
		}
	})
}

func TestBadFTM(t *testing.T) {
	m := badParse(t, "dataset: bad\nsource: {title: Bad files test}\ninputs:\n  - file: broken.ftm.jsonl\n")
	res := badRun(t, m, "", ingest.Options{})
	rep := res.rep(t)
	// Each bad line is rejected once, though the file is read twice.
	checkRowErrors(t, rep,
		wantRow{3, "", "*", []string{"not a FollowTheMoney entity"}},
		wantRow{4, "", "*", []string{`schema "Vessel"`}},
		wantRow{7, "", "*", []string{"property count", "lots"}},
		wantRow{9, "", "*", []string{"property amount", "sixteen"}},
		wantRow{11, "", "*", []string{"invalid JSON"}},
		wantRow{13, "", "*", []string{"needs an id"}},
		wantRow{6, "", "*", []string{`"missing-co"`, "not in this file"}},
		wantRow{8, "", "*", []string{`"c2"`, "rejected (line 7)"}})
	checkCounts(t, rep, 13, 5, 8, 0)
	if got := res.rec.names(casegraph.Person); !slices.Equal(got, []string{"Alice Smith"}) {
		t.Errorf("people %q", got)
	}
	var rels []string
	for _, r := range res.rec.rels() {
		rels = append(rels, fmt.Sprintf("%s %s->%s", r.Type, r.SourceID, r.TargetID))
	}
	slices.Sort(rels)
	if want := []string{"OWNERSHIP p1->c1", "PAID p1->pay2", "PAID_TO pay2->c1"}; !slices.Equal(rels, want) {
		t.Errorf("relationships %q, want %q", rels, want)
	}
}

// XLSX written by hand: the parts excelize needs to read one sheet.
const (
	xlsxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
	xlsxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	xlsxWorkbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ledger" sheetId="1" r:id="rId1"/></sheets></workbook>`
	xlsxWorkbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
	xlsxSheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	xlsxSheetTail = `</sheetData></worksheet>`
)

// writeXLSXParts writes the workbook's parts but the sheet, and returns
// the zip for the caller to add the sheet to.
func writeXLSXParts(t *testing.T, path string) (*os.File, *zip.Writer) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", xlsxContentTypes}, {"_rels/.rels", xlsxRels},
		{"xl/workbook.xml", xlsxWorkbook}, {"xl/_rels/workbook.xml.rels", xlsxWorkbookRels},
	} {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			t.Fatal(err)
		}
	}
	return f, zw
}

func closeZip(t *testing.T, f *os.File, zw *zip.Writer) {
	t.Helper()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// writeRawXLSX writes a workbook whose one sheet, "Ledger", holds rows
// (the XML inside <sheetData>).
func writeRawXLSX(t *testing.T, path, rows string) {
	t.Helper()
	f, zw := writeXLSXParts(t, path)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, xlsxSheetHead+rows+xlsxSheetTail); err != nil {
		t.Fatal(err)
	}
	closeZip(t, f, zw)
}

// xrow is sheet row n: each cell an inline string, or "" for none, or
// "raw:attrs|inner" for a <c> element with those attributes and inside.
func xrow(n int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, n)
	for i, c := range cells {
		ref := fmt.Sprintf("%c%d", 'A'+i, n)
		switch {
		case c == "":
		case strings.HasPrefix(c, "raw:"):
			attrs, inner, _ := strings.Cut(strings.TrimPrefix(c, "raw:"), "|")
			fmt.Fprintf(&b, `<c r="%s"%s>%s</c>`, ref, attrs, inner)
		default:
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, c)
		}
	}
	b.WriteString("</row>")
	return b.String()
}

// deflated compresses data on its own; all but the last piece of a stream
// end with a sync flush, so that pieces can follow each other.
func deflated(t *testing.T, data []byte, last bool) []byte {
	t.Helper()
	var b bytes.Buffer
	fw, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	if last {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeZipBomb writes a valid-looking workbook whose sheet XML inflates to
// more than 300 MB of rows. The deflate stream is a 1 MB piece compressed
// once and repeated, so writing it takes no time. With lie, the zip's
// headers claim the sheet is 1 MB.
func writeZipBomb(t *testing.T, path string, lie bool) int64 {
	t.Helper()
	head := []byte(xlsxSheetHead + xrow(1, badHeader...))
	row := []byte(`<row><c t="inlineStr"><is><t>P</t></is></c><c t="inlineStr"><is><t>Alice</t></is></c><c><v>100</v></c></row>`)
	piece := bytes.Repeat(row, (1<<20)/len(row)+1)
	tail := []byte(xlsxSheetTail)
	const repeats = 310
	var stream bytes.Buffer
	stream.Write(deflated(t, head, false))
	dPiece := deflated(t, piece, false)
	crc := crc32.Update(0, crc32.IEEETable, head)
	for range repeats {
		stream.Write(dPiece)
		crc = crc32.Update(crc, crc32.IEEETable, piece)
	}
	stream.Write(deflated(t, tail, true))
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	size := int64(len(head) + repeats*len(piece) + len(tail))

	f, zw := writeXLSXParts(t, path)
	h := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(stream.Len()), UncompressedSize64: uint64(size)}
	if lie {
		h.UncompressedSize64 = 1 << 20
	}
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(stream.Bytes()); err != nil {
		t.Fatal(err)
	}
	closeZip(t, f, zw)
	return size
}

func TestBadXLSXFiles(t *testing.T) {
	dir := t.TempDir()
	xlsxLoad := func(t *testing.T, path, extra string) badResult {
		t.Helper()
		m := badParse(t, badMapping("ledger.xlsx", extra, ""))
		return badRun(t, m, path, ingest.Options{})
	}

	t.Run("random bytes named .xlsx", func(t *testing.T) {
		res := badLoad(t, "random.xlsx", "")
		checkFileError(t, res, "random.xlsx", "not a readable XLSX file")
	})
	t.Run("zip bomb", func(t *testing.T) {
		path := filepath.Join(dir, "bomb.xlsx")
		if size := writeZipBomb(t, path, false); size < 300<<20 {
			t.Fatalf("the bomb's sheet is only %d MB", size>>20)
		}
		if fi, _ := os.Stat(path); fi.Size() > 2<<20 {
			t.Fatalf("the bomb is %d bytes packed", fi.Size())
		}
		res := xlsxLoad(t, path, "")
		checkFileError(t, res, "bomb.xlsx", "unpacks to more than 256 MB", "zip bomb")
		checkCounts(t, res.rep(t), 0, 0, 0, 0)
	})
	t.Run("zip bomb with lying sizes", func(t *testing.T) {
		// The headers say 1 MB; inflating goes on past that. Reading the
		// first megabyte and calling it the sheet would load a part of it
		// as if it were all.
		path := filepath.Join(dir, "liar.xlsx")
		writeZipBomb(t, path, true)
		res := xlsxLoad(t, path, "")
		checkFileError(t, res, "liar.xlsx", "xl/worksheets/sheet1.xml", "corrupt")
		checkCounts(t, res.rep(t), 0, 0, 0, 0)
	})
	t.Run("formula cells", func(t *testing.T) {
		path := filepath.Join(dir, "formulas.xlsx")
		writeRawXLSX(t, path, xrow(1, badHeader...)+
			// cached number; a date cell as its serial number
			xrow(2, "F1", "Alice Smith", "raw:|<f>1000+500</f><v>1500</v>", "USD", "raw: s=\"0\"|<v>40607</v>")+
			// cached string of a string formula
			xrow(3, "F2", `raw: t="str"|<f>UPPER("bob jones")</f><v>BOB JONES</v>`, "raw:|<f>C2/10</f><v>150</v>", "USD", "2021-04-01")+
			// no cached value: the amount is absent
			xrow(4, "F3", "Carol White", "raw:|<f>SUM(C2:C3)</f>", "USD", "2021-05-01")+
			// a cached error
			xrow(5, "F4", "Dan Brown", `raw: t="e"|<f>1/0</f><v>#DIV/0!</v>`, "USD", "2021-06-01")+
			// shared formulas
			xrow(6, "F5", "Eve Black", `raw:|<f t="shared" ref="C6:C7" si="0">C2*2</f><v>3000</v>`, "USD", "2021-07-01")+
			xrow(7, "F6", "Fay Green", `raw:|<f t="shared" si="0"/><v>300</v>`, "USD", "2021-08-01")+
			// row 8 missing; row 9 has a value beyond the header
			xrow(9, "F7", "Gus Grey", "900", "USD", "2021-09-01", "", "oops"))
		res := xlsxLoad(t, path, "")
		rep := res.rep(t)
		checkCounts(t, rep, 7, 5, 2, 0)
		checkRowErrors(t, rep,
			wantRow{5, "amount", "#DIV/0!", []string{"not an amount"}},
			wantRow{9, "", "*", []string{"beyond the 5 header columns"}})
		checkLoaded(t, res.rec, "F1", "F2", "F3", "F5", "F6")
		f1 := res.rec.entity(t, casegraph.Payment, "F1")
		if f1.Properties["amount"] != 1500.0 || f1.Properties["date"] != "2011-03-05" {
			t.Errorf("F1 %v", f1.Properties)
		}
		res.rec.entity(t, casegraph.Person, "BOB JONES")
		if a, ok := res.rec.entity(t, casegraph.Payment, "F3").Properties["amount"]; ok {
			t.Errorf("F3 amount %v without a cached value", a)
		}
		if a := res.rec.entity(t, casegraph.Payment, "F6").Properties["amount"]; a != 300.0 {
			t.Errorf("F6 amount %v", a)
		}
		if rep.Sheet != "" || rep.Errors[0].Sheet != "Ledger" || !strings.Contains(rep.Errors[0].Error(), "sheet Ledger row 5") {
			t.Errorf("the row error does not name the sheet: %v", rep.Errors[0])
		}
	})
	t.Run("sheet that does not exist", func(t *testing.T) {
		path := filepath.Join(dir, "sheets.xlsx")
		writeRawXLSX(t, path, xrow(1, badHeader...)+xrow(2, "S1", "Alice", "1", "USD", "2021-01-01"))
		res := xlsxLoad(t, path, "    sheet: Payments\n")
		checkFileError(t, res, "sheets.xlsx", `no sheet named "Payments"`, "sheets: Ledger")
	})
	t.Run("huge sheet", func(t *testing.T) {
		const n = 200_000
		const bad = 100_000 // a data row with "sixteen" for an amount
		path := filepath.Join(dir, "huge.xlsx")
		start := time.Now()
		writeHugeSheet(t, path, n, bad)
		t.Logf("writing %d rows took %v", n, time.Since(start))
		start = time.Now()
		defer func() { t.Logf("loading them took %v", time.Since(start)) }()
		m := badParse(t, badMapping("ledger.xlsx", "", ""))
		rec := newBatchRecorder()
		rec.countOnly = true
		opts := ingest.Options{Files: map[string]string{"ledger.xlsx": path}, RejectsDir: t.TempDir(), BatchSize: ingest.DefaultBatchSize}
		reps, err := ingest.Run(context.Background(), rec, m, opts)
		if err != nil {
			t.Fatal(err)
		}
		res := badResult{reps: reps, rec: rec, opts: opts}
		checkReport(t, res, reps[0])
		checkCounts(t, reps[0], n, n-1, 1, 0)
		checkRowErrors(t, reps[0], wantRow{bad + 1, "amount", "sixteen", []string{"not an amount"}})
		if len(rec.dangling) > 0 {
			t.Errorf("dangling: %v", rec.dangling[:1])
		}
		if got, want := rec.dataBatches(), int(math.Ceil(float64(n-1)/ingest.DefaultBatchSize)); got != want {
			t.Errorf("%d data batches, want %d", got, want)
		}
	})
}

// writeHugeSheet streams n data rows through excelize's StreamWriter; the
// row numbered bad+1 (data row bad) has an amount in words.
func writeHugeSheet(t *testing.T, path string, n, bad int) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, 5)
	for i, h := range badHeader {
		row[i] = h
	}
	if err := sw.SetRow("A1", row); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		row[0], row[1], row[2], row[3], row[4] = "H"+strconv.Itoa(i), "Payer "+strconv.Itoa(i%5000), i, "EUR", "2021-01-02"
		if i == bad {
			row[2] = "sixteen"
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// writeBigCSV streams a CSV: the usual header, good rows P1..Pgood, then
// the line begin, then size bytes of unit repeated, then a good row.
func writeBigCSV(t *testing.T, path string, good int, begin, unit string, size int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(strings.Join(badHeader, ",") + "\n")
	for i := 1; i <= good; i++ {
		fmt.Fprintf(w, "P%d,Payer %d,%d,USD,2021-01-01\n", i, i, i*100)
	}
	w.WriteString(begin)
	chunk := strings.Repeat(unit, (64<<10)/len(unit))
	for n := 0; n < size; n += len(chunk) {
		w.WriteString(chunk)
	}
	w.WriteString("\nP99,Late Payer,1,USD,2021-01-01\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestBadHugeLines(t *testing.T) {
	for _, tc := range []struct {
		name, begin, unit string
		size              int
		words             []string
	}{
		{"100 MB line", "P4,", "x", 100 << 20, []string{"line 5 is longer than 8 MB"}},
		{"100 MB quoted line", `P4,"`, "x", 100 << 20, []string{"line 5 is longer than 8 MB"}},
		{"quote left open over 100 MB of lines", `P4,"`, strings.Repeat("y", 99) + "\n", 100 << 20, []string{"row after line 4", "runs past 16 MB", "closing quote"}},
		{"line of 20 MB of delimiters", "P4", ",", 20 << 20, []string{"line 5 has more than 100000 delimiters"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "big.csv")
			writeBigCSV(t, path, 3, tc.begin, tc.unit, tc.size)
			m := badParse(t, badMapping("big.csv", "", ""))
			var res badResult
			peak := peakHeap(func() { res = badRun(t, m, path, ingest.Options{BatchSize: 2}) })
			checkFileError(t, res, "big.csv", tc.words...)
			// P1 and P2 were written as a batch; P3 waited for the next
			// one, which the failure dropped; P99 was never reached.
			rep := res.rep(t)
			checkCounts(t, rep, 3, 2, 0, 0)
			checkLoaded(t, res.rec, "P1", "P2")
			// The limits are 8 MB a line and 16 MB a row; reading copies
			// that a few times, but never the whole file.
			t.Logf("heap peak %d MB", peak>>20)
			if peak > 80<<20 {
				t.Errorf("reading took the heap up by %d MB", peak>>20)
			}
		})
	}
}

// peakHeap runs f and returns how far the heap grew meanwhile. It makes
// the collector eager, so that the heap stays near what is live, and
// samples the heap every millisecond.
func peakHeap(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		s := []metrics.Sample{{Name: sample[0].Name}}
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(s)
				if v := s[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}
