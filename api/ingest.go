package api

import (
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
)

// Ingest limits.
const (
	defaultMaxUpload = 256 << 20 // bytes per upload request
	maxRowsPerCall   = 10_000    // rows per ingestRows mutation
	maxErrorsShown   = 200
)

// uploads runs ingest jobs started over HTTP and remembers their progress.
type uploads struct {
	w       ingest.Writer
	dir     string // where uploaded files are kept while they load
	log     *slog.Logger
	baseCtx context.Context
	// background, when set, counts the loads running in the background
	// (Options.Background).
	background *sync.WaitGroup

	mu   sync.Mutex
	runs map[string]*uploadRun
}

// uploadRun is one upload: its inputs' progress and, when done, reports.
type uploadRun struct {
	ID       string
	Status   string
	Started  time.Time
	Finished time.Time
	Progress map[string]ingest.Progress
	Reports  []*ingest.JobReport
	Err      error
	Bookmark string // after the load's writes; see BookmarkHeader
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// maxPreviewLimit bounds the entities (and links) a dry run lists.
const maxPreviewLimit = 1000

// post handles POST /api/ingest: multipart with a "mapping" (file or text)
// and one or more "files"; "dryRun=true" answers the preview at once.
// Otherwise the load runs in the background and the answer is 202 with the
// run's id; GET /api/ingest/{id} reports on it.
func (u *uploads) post(c *gin.Context, maxUpload int64) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	if err := c.Request.ParseMultipartForm(32 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(c, http.StatusRequestEntityTooLarge, casegraph.EINVALID, "the upload is larger than the %d MB limit", maxUpload>>20)
			return
		}
		fail(c, casegraph.Errorf(casegraph.EINVALID, "send multipart/form-data with a mapping and files: %v", err))
		return
	}
	form := c.Request.MultipartForm
	defer form.RemoveAll()
	id := newID()
	dir := filepath.Join(u.dir, id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		u.log.Error("creating upload folder", "err", err, "request_id", requestIDFrom(c.Request.Context()))
		fail(c, casegraph.Errorf(casegraph.EINTERNAL, "cannot store the upload"))
		return
	}
	mappingText, mappingName, err := formMapping(form)
	if err != nil {
		os.RemoveAll(dir)
		fail(c, err)
		return
	}
	m, err := ingest.ParseMapping(mappingText, mappingName, dir)
	if err != nil { // an *ingest.MappingError: EINVALID
		os.RemoveAll(dir)
		fail(c, err)
		return
	}
	files := map[string]string{}
	for _, fh := range form.File["files"] {
		name := filepath.Base(fh.Filename)
		if name == "." || name == "/" || strings.HasPrefix(name, "..") {
			os.RemoveAll(dir)
			fail(c, casegraph.Errorf(casegraph.EINVALID, "bad file name %q", fh.Filename))
			return
		}
		path := filepath.Join(dir, name)
		if err := saveUpload(fh, path); err != nil {
			os.RemoveAll(dir)
			u.log.Error("storing an uploaded file", "err", err, "request_id", requestIDFrom(c.Request.Context()))
			fail(c, casegraph.Errorf(casegraph.EINTERNAL, "cannot store %s", name))
			return
		}
		files[name] = path
	}
	if len(files) == 0 {
		os.RemoveAll(dir)
		fail(c, casegraph.Errorf(casegraph.EINVALID, `no files: send them in the "files" field`))
		return
	}
	// The mapping reads only the files sent with it, and nothing larger
	// than an upload can be.
	opts := ingest.Options{Files: files, OnlyGivenFiles: true, MaxFileBytes: maxUpload,
		RejectsDir: filepath.Join(dir, "rejects"), Log: u.log}
	if err := ingest.CheckFiles(m, opts); err != nil {
		os.RemoveAll(dir)
		fail(c, sendersToFix(err))
		return
	}
	if c.Request.FormValue("dryRun") == "true" {
		opts.DryRun = true
		if v := c.Request.FormValue("previewLimit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxPreviewLimit {
				os.RemoveAll(dir)
				fail(c, casegraph.Errorf(casegraph.EINVALID, "previewLimit must be between 1 and %d, got %q", maxPreviewLimit, v))
				return
			}
			opts.PreviewLimit = n
		}
		reports, err := ingest.Run(c.Request.Context(), u.w, m, opts)
		os.RemoveAll(dir)
		preview := gin.H{"status": ingest.StatusDryRun, "jobs": reportsJSON(id, reports, true)}
		if err != nil { // the preview, and why some input could not be read
			if casegraph.ErrorCode(err) == casegraph.EINTERNAL {
				u.log.Error("previewing an upload", "err", err, "request_id", requestIDFrom(c.Request.Context()))
			}
			writeError(c, http.StatusUnprocessableEntity, err, preview)
			return
		}
		preview["error"] = nil
		c.JSON(http.StatusOK, preview)
		return
	}
	ctx, bookmarkAfter, err := startFrom(u.baseCtx, u.w, c.GetHeader(BookmarkHeader))
	if err != nil {
		os.RemoveAll(dir)
		fail(c, err)
		return
	}
	run := &uploadRun{ID: id, Status: ingest.StatusRunning, Started: time.Now(), Progress: map[string]ingest.Progress{}}
	u.mu.Lock()
	u.runs[id] = run
	u.mu.Unlock()
	opts.Progress = func(p ingest.Progress) {
		u.mu.Lock()
		run.Progress[p.Input] = p
		u.mu.Unlock()
	}
	if u.background != nil {
		u.background.Add(1)
	}
	go func() {
		if u.background != nil {
			defer u.background.Done()
		}
		reports, err := ingest.Run(ctx, u.w, m, opts)
		u.mu.Lock()
		defer u.mu.Unlock()
		run.Reports, run.Err, run.Finished = reports, err, time.Now()
		run.Bookmark = bookmarkAfter()
		run.Status = ingest.StatusDone
		if err != nil {
			run.Status = ingest.StatusFailed
		}
	}()
	c.JSON(http.StatusAccepted, gin.H{"id": id, "status": run.Status, "statusUrl": "/api/ingest/" + id})
}

func formMapping(form *multipart.Form) ([]byte, string, error) {
	if fhs := form.File["mapping"]; len(fhs) > 0 {
		f, err := fhs[0].Open()
		if err != nil {
			return nil, "", casegraph.Errorf(casegraph.EINVALID, "cannot read the mapping sent")
		}
		defer f.Close()
		// One byte over the limit, so that ParseMapping refuses a mapping
		// too big rather than reading its first MB.
		b, err := io.ReadAll(io.LimitReader(f, ingest.MaxMappingBytes+1))
		if err != nil {
			return nil, "", casegraph.Errorf(casegraph.EINVALID, "cannot read the mapping sent")
		}
		return b, filepath.Base(fhs[0].Filename), nil
	}
	if v := form.Value["mapping"]; len(v) > 0 && strings.TrimSpace(v[0]) != "" {
		return []byte(v[0]), "mapping.yml", nil
	}
	return nil, "", casegraph.Errorf(casegraph.EINVALID, `no mapping: send it in the "mapping" field (a YAML file or text; see docs/mapping.md)`)
}

// sendersToFix classifies an error from checking a mapping against the
// files sent with it: mostly an *ingest.MappingError (EINVALID) already;
// one without a code of its own is still about what was sent.
func sendersToFix(err error) error {
	var known *casegraph.Error
	if casegraph.ErrorCode(err) != casegraph.EINTERNAL || errors.As(err, &known) {
		return err
	}
	return &casegraph.Error{Code: casegraph.EINVALID, Message: err.Error(), Err: err}
}

func saveUpload(fh *multipart.FileHeader, path string) error {
	src, err := fh.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// get handles GET /api/ingest/{id}.
func (u *uploads) get(c *gin.Context) {
	u.mu.Lock()
	defer u.mu.Unlock()
	run, ok := u.runs[c.Param("id")]
	if !ok {
		fail(c, casegraph.Errorf(casegraph.ENOTFOUND, "no ingest run with that id (runs are kept until the server restarts; finished jobs are listed by the ingestJobs query)"))
		return
	}
	out := gin.H{"id": run.ID, "status": run.Status, "startedAt": run.Started.UTC().Format(time.RFC3339)}
	if !run.Finished.IsZero() {
		out["finishedAt"] = run.Finished.UTC().Format(time.RFC3339)
		out["jobs"] = reportsJSON(run.ID, run.Reports, false)
		out["error"] = errText(run.Err)
		if run.Bookmark != "" {
			out["bookmark"] = run.Bookmark
		}
	} else {
		var progress []gin.H
		for _, p := range run.Progress {
			progress = append(progress, gin.H{"input": p.Input, "jobId": p.JobID, "rowsRead": p.Rows,
				"rowsLoaded": p.Loaded, "rowsRejected": p.Rejected, "bytesRead": p.BytesRead, "bytesTotal": p.BytesTotal})
		}
		sort.Slice(progress, func(i, j int) bool { return progress[i]["input"].(string) < progress[j]["input"].(string) })
		out["progress"] = progress
	}
	c.JSON(http.StatusOK, out)
}

// rejects handles GET /api/ingest/{id}/rejects/{job}: the rejects CSV.
func (u *uploads) rejects(c *gin.Context) {
	u.mu.Lock()
	run, ok := u.runs[c.Param("id")]
	var path string
	if ok {
		for _, r := range run.Reports {
			if r.JobID == c.Param("job") {
				path = r.RejectsFile
			}
		}
	}
	u.mu.Unlock()
	if path == "" {
		fail(c, casegraph.Errorf(casegraph.ENOTFOUND, "no rejects file for that run and job"))
		return
	}
	c.FileAttachment(path, c.Param("job")+"-rejects.csv")
}

func reportsJSON(runID string, reports []*ingest.JobReport, preview bool) []gin.H {
	out := []gin.H{}
	for _, r := range reports {
		errs := []gin.H{}
		for i, e := range r.Errors {
			if i == maxErrorsShown {
				break
			}
			errs = append(errs, rowErrorJSON(e))
		}
		j := gin.H{"jobId": r.JobID, "input": r.Input, "file": r.File, "sheet": r.Sheet, "sha256": r.SHA256,
			"status": r.Status, "rowsRead": r.Read, "rowsLoaded": r.Loaded, "rowsRejected": r.Rejected,
			"rowsFiltered": r.Filtered, "errors": errs, "error": errText(r.Err),
			"negativeAmounts": r.NegativeAmounts, "zeroAmounts": r.ZeroAmounts,
			"entitiesChanged": r.EntitiesChanged, "relationshipsChanged": r.RelsChanged, "propertiesChanged": r.PropertiesChanged,
			"errorSummaries": nonNil(r.ErrorSummaries), "dates": nonNil(r.Dates)}
		if r.RejectsFile != "" {
			j["rejectsUrl"] = "/api/ingest/" + runID + "/rejects/" + r.JobID
		}
		if preview {
			var ents []gin.H
			for _, e := range r.Preview {
				ents = append(ents, gin.H{"id": e.ID, "schema": e.Schema, "name": e.Name, "aliases": e.Aliases, "properties": e.Properties})
			}
			var rels []gin.H
			for _, rel := range r.PreviewRels {
				rels = append(rels, gin.H{"id": rel.ID, "type": rel.Type, "source": rel.SourceID, "target": rel.TargetID})
			}
			j["preview"] = gin.H{"entities": ents, "relationships": rels}
		}
		out = append(out, j)
	}
	return out
}

func rowErrorJSON(e *ingest.RowError) gin.H {
	return gin.H{"file": e.File, "sheet": e.Sheet, "row": e.Row, "column": e.Column, "value": e.Value,
		"reason": e.Reason, "message": e.Error()}
}

func errText(err error) any {
	if err == nil {
		return nil
	}
	return err.Error()
}

// ingestRows runs a mapping over rows given as JSON objects (the notebook
// path): the rows become a CSV for the mapping's single input.
func (u *uploads) ingestRows(ctx context.Context, mappingText string, rows []JSON, dryRun bool) ([]*ingest.JobReport, error) {
	if len(rows) == 0 {
		return nil, casegraph.Errorf(casegraph.EINVALID, "rows is empty")
	}
	if len(rows) > maxRowsPerCall {
		return nil, casegraph.Errorf(casegraph.EINVALID, "at most %d rows per call, got %d: send them in batches", maxRowsPerCall, len(rows))
	}
	dir := filepath.Join(u.dir, newID())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	m, err := ingest.ParseMapping([]byte(mappingText), "mapping", dir)
	if err != nil {
		return nil, err // an *ingest.MappingError: EINVALID
	}
	if len(m.Inputs) != 1 || m.Inputs[0].Format == "xlsx" || m.Inputs[0].Format == "ftm" {
		return nil, casegraph.Errorf(casegraph.EINVALID, "ingestRows needs a mapping with exactly one tabular input")
	}
	m.Inputs[0].Format, m.Inputs[0].Delimiter, m.Inputs[0].Encoding, m.Inputs[0].HeaderRow = "csv", ",", "", 1
	path := filepath.Join(dir, "rows.csv")
	if err := writeRowsCSV(path, rows); err != nil {
		return nil, err
	}
	opts := ingest.Options{DryRun: dryRun, Files: map[string]string{"rows.csv": path}, OnlyGivenFiles: true,
		MaxFileBytes: defaultMaxUpload, Log: u.log, MaxErrors: maxErrorsShown}
	if err := ingest.CheckFiles(m, opts); err != nil {
		return nil, sendersToFix(err)
	}
	return ingest.Run(ctx, u.w, m, opts)
}

// writeRowsCSV writes JSON objects as a CSV, columns in order of first use.
func writeRowsCSV(path string, rows []JSON) error {
	var cols []string
	seen := map[string]bool{}
	objs := make([]map[string]any, len(rows))
	for i, r := range rows {
		if r == nil {
			return casegraph.Errorf(casegraph.EINVALID, "row %d is not a JSON object", i+1)
		}
		objs[i] = r
		keys := make([]string, 0, len(r))
		for k := range r {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				cols = append(cols, k)
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write(cols)
	rec := make([]string, len(cols))
	for _, obj := range objs {
		for i, c := range cols {
			rec[i] = cellText(obj[c])
		}
		_ = w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case []any:
		parts := make([]string, len(x))
		for i, it := range x {
			parts[i] = cellText(it)
		}
		return strings.Join(parts, ";")
	}
	return fmt.Sprint(v)
}

// nonNil is a list that encodes as [] when empty, never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
