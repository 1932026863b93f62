package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
)

// uploadWith is a POST /api/ingest of a mapping and people.csv.
func uploadWith(t *testing.T, mapping string, dryRun bool) request {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("mapping", mapping)
	if dryRun {
		_ = w.WriteField("dryRun", "true")
	}
	fw, err := w.CreateFormFile("files", "people.csv")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fw, "id,name\n1,Ada\n")
	w.Close()
	return request{method: "POST", path: "/api/ingest", secret: analystSecret, ctype: w.FormDataContentType(), body: &buf}
}

// serverFileMapping is peopleMapping plus an input that reads a file of
// the server's: what issue 11 showed returning /etc/passwd in the preview.
func serverFileMapping(file, extra string) string {
	return peopleMapping + `  - file: ` + file + `
    delimiter: ":"
` + extra + `    entities:
      leak:
        schema: Person
        id: root
        properties:
          name: x
`
}

// TestUploadedMappingReadsOnlyItsFiles: a mapping sent over HTTP may read
// only the files sent with it. Naming any other file, by a path or by a
// name not uploaded, is refused at once (400), with or without dryRun, and
// nothing of that file shows in the answer.
func TestUploadedMappingReadsOnlyItsFiles(t *testing.T) {
	h, _ := authHandler(t, Options{})
	host, _ := os.ReadFile("/etc/hostname")
	secrets := []string{"root:", "/bin/", "its columns are"}
	if s := strings.TrimSpace(string(host)); len(s) > 3 {
		secrets = append(secrets, s)
	}
	for _, file := range []string{"../../../../../../../../etc/passwd", "/etc/passwd", "/etc/hostname", "passwd", "/dev/zero"} {
		for _, dryRun := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s dryRun=%v", file, dryRun), func(t *testing.T) {
				rec, out := send(h, uploadWith(t, serverFileMapping(file, "    headerRow: 1\n"), dryRun))
				if rec.Code != http.StatusBadRequest {
					t.Fatalf("got %d %s, want 400", rec.Code, rec.Body.String())
				}
				msg := fmt.Sprint(out["error"])
				if !strings.Contains(msg, "mapping.yml:12") || !strings.Contains(msg, "sent with") {
					t.Errorf("the error does not say which input and why: %s", msg)
				}
				for _, s := range secrets {
					if strings.Contains(rec.Body.String(), s) {
						t.Errorf("the answer shows %q: %s", s, rec.Body.String())
					}
				}
			})
		}
	}
	// The upload alone still works.
	if rec, out := send(h, uploadWith(t, peopleMapping, true)); rec.Code != http.StatusOK || out["status"] != "dry-run" {
		t.Fatalf("a plain upload: %d %s", rec.Code, rec.Body.String())
	}

	// ingestRows: rows take the input's place; a path in its file is
	// refused the same way.
	rec, out := send(h, gql(analystSecret, ingestRowsMutation, map[string]any{
		"m":    strings.Replace(peopleMapping, "file: people.csv", "file: ../../../../etc/passwd", 1),
		"rows": []map[string]any{{"id": "1", "name": "Ada"}}}))
	if rec.Code != http.StatusOK || !strings.Contains(fmt.Sprint(out["errors"]), "sent with") || strings.Contains(rec.Body.String(), "root:") {
		t.Fatalf("ingestRows with a path: %d %s", rec.Code, rec.Body.String())
	}
}

// TestUploadedMappingOverTheLimitIsRefused: a mapping file over 1 MB is
// refused, not cut at 1 MB and read as if whole.
func TestUploadedMappingOverTheLimitIsRefused(t *testing.T) {
	h, _ := authHandler(t, Options{})
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	mw, err := w.CreateFormFile("mapping", "big.yml")
	if err != nil {
		t.Fatal(err)
	}
	// Valid up to 1 MB; what follows would make it invalid.
	io.WriteString(mw, peopleMapping+"#"+strings.Repeat("x", 1<<20)+"\nunknownKey: 1\n")
	_ = w.WriteField("dryRun", "true")
	fw, _ := w.CreateFormFile("files", "people.csv")
	io.WriteString(fw, "id,name\n1,Ada\n")
	w.Close()
	rec, out := send(h, request{method: "POST", path: "/api/ingest", secret: analystSecret, ctype: w.FormDataContentType(), body: &buf})
	if rec.Code != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out["error"]), "larger than 1024 KB") {
		t.Fatalf("got %d %s", rec.Code, rec.Body.String())
	}
}

// heldWriter is a graph whose writes wait until released.
type heldWriter struct {
	failingGraph
	release chan struct{}
}

func (g heldWriter) WriteBatch(ctx context.Context, _ []casegraph.Entity, _ []casegraph.Relationship) error {
	select {
	case <-g.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TestBackgroundUploadsAreCounted: Options.Background counts each upload
// loading in the background, so that Wait returns only once the load has
// ended and its outcome is recorded.
func TestBackgroundUploadsAreCounted(t *testing.T) {
	var wg sync.WaitGroup
	g := heldWriter{release: make(chan struct{})}
	h, _ := authHandler(t, Options{Graph: g, Background: &wg})
	rec, out := send(h, uploadWith(t, peopleMapping, false))
	if rec.Code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body.String())
	}
	waited := make(chan struct{})
	go func() {
		wg.Wait()
		close(waited)
	}()
	select {
	case <-waited:
		t.Fatal("Wait returned while the load was still writing")
	case <-time.After(100 * time.Millisecond):
	}
	close(g.release)
	select {
	case <-waited:
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not return after the load ended")
	}
	rec, _ = send(h, request{method: "GET", path: "/api/ingest/" + out["id"].(string), secret: analystSecret})
	var run struct{ Status string }
	if err := json.Unmarshal(rec.Body.Bytes(), &run); err != nil || run.Status != ingest.StatusDone {
		t.Fatalf("after Wait the run is %q (%s), want it recorded as done", run.Status, rec.Body.String())
	}
}

// TestDryRunPreviewLimitIsBounded: a dry run may ask for a longer preview,
// within a bound; anything else is refused before a row is read.
func TestDryRunPreviewLimitIsBounded(t *testing.T) {
	h, _ := authHandler(t, Options{})
	for _, v := range []string{"0", "1001", "many"} {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("mapping", peopleMapping)
		_ = w.WriteField("dryRun", "true")
		_ = w.WriteField("previewLimit", v)
		fw, _ := w.CreateFormFile("files", "people.csv")
		io.WriteString(fw, "id,name\n1,Ada\n")
		w.Close()
		rec, out := send(h, request{method: "POST", path: "/api/ingest", secret: analystSecret, ctype: w.FormDataContentType(), body: &buf})
		if rec.Code != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out["error"]), "previewLimit must be between 1 and 1000") {
			t.Errorf("previewLimit=%s: %d %s", v, rec.Code, rec.Body.String())
		}
	}
}
