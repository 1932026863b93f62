package api

import (
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func frontendHandler(t *testing.T, dir string) http.Handler {
	t.Helper()
	h, err := NewHandler(Options{Graph: failingGraph{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		NoAuth: true, FrontendDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestFrontendIsServedFromDisk(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "assets"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html>explorer</html>"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "assets", "app-1234.js"), []byte("console.log(1)"), 0o644))
	must(os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.txt"), []byte("TOPSECRET"), 0o644))
	h := frontendHandler(t, dir)

	cases := []struct {
		name, method, path string
		wantStatus         int
		wantBody           string
	}{
		{"index at /", "GET", "/", 200, "explorer"},
		{"an asset", "GET", "/assets/app-1234.js", 200, "console.log"},
		{"client route falls back to index.html", "GET", "/graphiql", 200, "explorer"},
		{"nested client route", "GET", "/ingest/abc", 200, "explorer"},
		{"missing asset is a 404", "GET", "/assets/nope.js", 404, "no such file"},
		{"no climbing out of the folder", "GET", "/../secret.txt", 404, "no such file"},
		{"unknown API path stays a 404", "GET", "/api/nothing", 404, "no such endpoint"},
		{"POST to an unknown path is a 404", "POST", "/whatever", 404, "no such endpoint"},
		{"healthz untouched", "GET", "/healthz", 200, "ok"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, _ := do(h, c.method, c.path, "")
			if rec.Code != c.wantStatus || !strings.Contains(rec.Body.String(), c.wantBody) {
				t.Fatalf("%s %s: status %d body %q; want %d containing %q", c.method, c.path, rec.Code, rec.Body.String(), c.wantStatus, c.wantBody)
			}
			if strings.Contains(rec.Body.String(), "TOPSECRET") {
				t.Fatalf("served a file outside the frontend folder")
			}
		})
	}
}

func TestMissingFrontendSaysHowToBuildIt(t *testing.T) {
	for _, dir := range []string{"", filepath.Join(t.TempDir(), "absent")} {
		rec, _ := do(frontendHandler(t, dir), "GET", "/", "")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "make frontend") {
			t.Fatalf("dir %q: status %d body %q; want a page naming make frontend", dir, rec.Code, rec.Body.String())
		}
		if rec, _ := do(frontendHandler(t, dir), "GET", "/nope", ""); rec.Code != 404 {
			t.Fatalf("dir %q: GET /nope answered %d, want 404", dir, rec.Code)
		}
	}
}
