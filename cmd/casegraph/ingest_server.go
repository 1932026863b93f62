package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/casegraph/casegraph/ingest"
	"gopkg.in/yaml.v3"
)

// `casegraph ingest` loads into the casegraph the user is running: it sends
// the mapping and its files to the server (POST /api/ingest), shows the
// server's progress, and prints where the rejects can be downloaded, so that
// uploads, jobs and rejects all live with the server. It never starts a
// database of its own; --neo4j-uri loads straight into a Neo4j instead.

// serverUploadFiles reads the files a mapping names (or those given on the
// command line in their place), keyed by the base name the server knows
// them by, and the mapping rewritten to name them so.
func serverUploadFiles(cfg IngestConfig) (mapping []byte, files map[string]string, err error) {
	m, err := ingest.LoadMapping(cfg.Mapping)
	if err != nil {
		return nil, nil, err
	}
	given := map[string]string{}
	for _, f := range cfg.Files {
		given[filepath.Base(f)] = f
	}
	files = map[string]string{}
	for _, in := range m.Inputs {
		path := in.File
		if p, ok := given[filepath.Base(in.File)]; ok {
			path = p
		} else if !filepath.IsAbs(path) {
			path = filepath.Join(m.Dir, path)
		}
		base := filepath.Base(path)
		if prev, ok := files[base]; ok && prev != path {
			return nil, nil, fmt.Errorf("%s: inputs read %s and %s, which the server would both know as %s: rename one",
				cfg.Mapping, prev, path, base)
		}
		files[base] = path
	}
	raw, err := os.ReadFile(cfg.Mapping)
	if err != nil {
		return nil, nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", cfg.Mapping, err)
	}
	if len(doc.Content) == 1 {
		renameInputFiles(doc.Content[0])
	}
	out, err := yaml.Marshal(&doc)
	return out, files, err
}

// renameInputFiles makes every input's file its base name.
func renameInputFiles(root *yaml.Node) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "inputs" || root.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, in := range root.Content[i+1].Content {
			for j := 0; j+1 < len(in.Content); j += 2 {
				if in.Content[j].Value == "file" {
					in.Content[j+1].Value = filepath.Base(in.Content[j+1].Value)
				}
			}
		}
	}
}

// serverJob is what the server says of an upload and of each job in it.
type serverJob struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Error  any    `json:"error"`
	Jobs   []struct {
		JobID        string `json:"jobId"`
		Input        string `json:"input"`
		File         string `json:"file"`
		Status       string `json:"status"`
		RowsRead     int64  `json:"rowsRead"`
		RowsLoaded   int64  `json:"rowsLoaded"`
		RowsRejected int64  `json:"rowsRejected"`
		RowsFiltered int64  `json:"rowsFiltered"`
		Error        any    `json:"error"`
		RejectsURL   string `json:"rejectsUrl"`
		// The first row errors, one line per column and reason, and (dry
		// runs) what each date column's values look like.
		Errors         []*ingest.RowError     `json:"errors"`
		ErrorSummaries []*ingest.ErrorSummary `json:"errorSummaries"`
		Dates          []*ingest.DateColumn   `json:"dates"`
		Preview        *struct {
			Entities      []json.RawMessage `json:"entities"`
			Relationships []json.RawMessage `json:"relationships"`
		} `json:"preview"`
	} `json:"jobs"`
	Progress []struct {
		Input      string `json:"input"`
		RowsRead   int64  `json:"rowsRead"`
		Rejected   int64  `json:"rowsRejected"`
		BytesRead  int64  `json:"bytesRead"`
		BytesTotal int64  `json:"bytesTotal"`
	} `json:"progress"`
}

// ingestThroughServer sends the mapping and its files to the server, and
// follows the load to its end.
func ingestThroughServer(ctx context.Context, cfg IngestConfig, log *slog.Logger, stdout, stderr io.Writer) error {
	base := strings.TrimRight(cfg.Server, "/")
	if _, err := url.ParseRequestURI(base); err != nil || !strings.HasPrefix(base, "http") {
		return fmt.Errorf("%w: --server must be the casegraph server's URL, such as http://127.0.0.1:8080; got %q", errUsage, cfg.Server)
	}
	mapping, files, err := serverUploadFiles(cfg)
	if err != nil {
		return err
	}
	if err := checkUploadFiles(files, cfg.MaxFileBytes); err != nil {
		return err
	}
	client := &http.Client{}
	if err := serverReachable(ctx, client, base); err != nil {
		return err
	}
	body, contentType := uploadBody(ctx, mapping, files, cfg.DryRun)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/ingest", body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	job, status, err := serverCall(client, req, cfg.Token)
	if err != nil {
		return err
	}
	if cfg.DryRun {
		printServerJobs(stdout, base, job, true)
		if status != http.StatusOK {
			return fmt.Errorf("the dry run found a problem: %v", job.Error)
		}
		return nil
	}
	fmt.Fprintf(stderr, "loading on %s (upload %s)\n", base, job.ID)
	bar := newProgressBar(stderr, log)
	for job.Status == ingest.StatusRunning {
		select {
		case <-ctx.Done():
			bar.finish()
			return fmt.Errorf("stopped following upload %s, which goes on on the server: %s/api/ingest/%s tells how it ends", job.ID, base, job.ID)
		case <-time.After(500 * time.Millisecond):
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/ingest/"+job.ID, nil)
		if err != nil {
			return err
		}
		next, _, err := serverCall(client, req, cfg.Token)
		if err != nil {
			return err
		}
		job = next
		for _, p := range job.Progress {
			bar.update(Progress{Input: p.Input, Rows: p.RowsRead, Rejected: p.Rejected, BytesRead: p.BytesRead, BytesTotal: p.BytesTotal})
		}
	}
	bar.finish()
	printServerJobs(stdout, base, job, false)
	if job.Status != ingest.StatusDone {
		return fmt.Errorf("the load failed on the server: %v", job.Error)
	}
	return nil
}

// serverReachable checks that a casegraph answers at base, and says how to
// start one or name it when none does.
func serverReachable(ctx context.Context, client *http.Client, base string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		why := err.Error()
		if errors.Is(err, syscall.ECONNREFUSED) {
			why = "nothing listens there"
		}
		return fmt.Errorf("no casegraph server answers at %s (%s). casegraph ingest loads into the server you run: start it with "+
			"`casegraph serve` (or `make demo`) and run this again, or name it with --server URL (or CASEGRAPH_URL); "+
			"to load straight into a Neo4j instead, give --neo4j-uri (or NEO4J_URI). Nothing was loaded", base, why)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s/healthz answered %s: is this a casegraph server? Nothing was loaded", base, resp.Status)
	}
	return nil
}

// checkUploadFiles refuses, before anything is sent, what casegraph never
// reads: a file that is not a regular one, or larger than maxBytes.
func checkUploadFiles(files map[string]string, maxBytes int64) error {
	for _, path := range files {
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file: casegraph reads only regular files: %w", path, ingest.ErrNotRegular)
		}
		if st.Size() > maxBytes {
			return fmt.Errorf("%s has %d bytes, more than --max-file-size (%d): %w", path, st.Size(), maxBytes, ingest.ErrTooLarge)
		}
	}
	return nil
}

// uploadBody streams the multipart upload (mapping, files, dryRun): a large
// file is never held in memory. The request's end (ctx) stops it.
func uploadBody(ctx context.Context, mapping []byte, files map[string]string, dryRun bool) (io.Reader, string) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	pr, pw := io.Pipe()
	w := multipart.NewWriter(pw)
	go func() {
		pw.CloseWithError(writeUpload(ctx, w, mapping, files, names, dryRun))
	}()
	return pr, w.FormDataContentType()
}

func writeUpload(ctx context.Context, w *multipart.Writer, mapping []byte, files map[string]string, names []string, dryRun bool) error {
	part, err := w.CreateFormFile("mapping", "mapping.yml")
	if err != nil {
		return err
	}
	if _, err := part.Write(mapping); err != nil {
		return err
	}
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := os.Open(files[name])
		if err != nil {
			return err
		}
		part, err := w.CreateFormFile("files", name)
		if err == nil {
			_, err = io.Copy(part, f)
		}
		f.Close()
		if err != nil {
			return fmt.Errorf("sending %s: %w", files[name], err)
		}
	}
	if dryRun {
		if err := w.WriteField("dryRun", "true"); err != nil {
			return err
		}
	}
	return w.Close()
}

// serverCall sends a request with the token and reads the server's answer;
// an error answer becomes an error that says what to do.
func serverCall(client *http.Client, req *http.Request, token string) (serverJob, int, error) {
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return serverJob{}, 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return serverJob{}, 0, err
	}
	var job serverJob
	_ = json.Unmarshal(raw, &job)
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return job, resp.StatusCode, fmt.Errorf("the server at %s needs a token: give --token (or CASEGRAPH_TOKEN); an admin creates one with `casegraph token create --name NAME --role analyst`", req.URL.Host)
	case resp.StatusCode == http.StatusForbidden:
		return job, resp.StatusCode, fmt.Errorf("the server refused: loading needs a token with the analyst role (%s)", serverMessage(raw))
	case resp.StatusCode == http.StatusRequestEntityTooLarge:
		return job, resp.StatusCode, fmt.Errorf("the files are larger than the server accepts in one upload (%s); load them straight into Neo4j with --neo4j-uri", serverMessage(raw))
	case resp.StatusCode >= 400 && resp.StatusCode != http.StatusUnprocessableEntity:
		return job, resp.StatusCode, fmt.Errorf("the server refused the upload (HTTP %d): %s", resp.StatusCode, serverMessage(raw))
	}
	return job, resp.StatusCode, nil
}

func serverMessage(raw []byte) string {
	var e struct {
		Error   any    `json:"error"`
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &e) == nil {
		if e.Message != "" {
			return e.Message
		}
		if m, ok := e.Error.(map[string]any); ok && m["message"] != nil {
			return fmt.Sprint(m["message"])
		}
		if e.Error != nil {
			return fmt.Sprint(e.Error)
		}
	}
	return strings.TrimSpace(string(raw))
}

func printServerJobs(w io.Writer, base string, job serverJob, dryRun bool) {
	for _, j := range job.Jobs {
		fmt.Fprintf(w, "%s (%s): %s — %d rows read, %d loaded, %d rejected, %d filtered out\n",
			j.Input, j.File, j.Status, j.RowsRead, j.RowsLoaded, j.RowsRejected, j.RowsFiltered)
		if j.JobID != "" {
			fmt.Fprintf(w, "  job %s\n", j.JobID)
		}
		if j.Error != nil {
			fmt.Fprintf(w, "  error: %v\n", j.Error)
		}
		printRowFindings(w, j.ErrorSummaries, j.Errors, j.Dates, dryRun)
		if dryRun && j.Preview != nil {
			fmt.Fprintf(w, "  would make %d entities and %d links (first rows)\n", len(j.Preview.Entities), len(j.Preview.Relationships))
		}
		if j.RejectsURL != "" {
			fmt.Fprintf(w, "  rejected rows: %s%s\n", base, j.RejectsURL)
		}
	}
}
