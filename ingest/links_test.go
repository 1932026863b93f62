package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
)

// TestLinksMustBeWebAddresses: a source's url, and a url or sourceUrl in
// FtM or mapped rows, is kept only if it is an http or https address.
func TestLinksMustBeWebAddresses(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//evil.example/x", "/relative", "https://"} {
		yml := "dataset: u\nsource: {title: t, url: \"" + u + "\"}\ninputs:\n  - file: a.csv\n    entities:\n      p: {schema: Person, id: id}\n"
		_, err := ingest.ParseMapping([]byte(yml), "mapping.yml", ".")
		var me *ingest.MappingError
		if !errors.As(err, &me) {
			t.Errorf("source url %q accepted (%v)", u, err)
			continue
		}
		checkWords(t, err.Error(), "url", "http")
	}
	for _, u := range []string{"https://example.org/a", "http://example.org"} {
		yml := "dataset: u\nsource: {title: t, url: \"" + u + "\"}\ninputs:\n  - file: a.csv\n    entities:\n      p: {schema: Person, id: id}\n"
		if _, err := ingest.ParseMapping([]byte(yml), "mapping.yml", "."); err != nil {
			t.Errorf("source url %q refused: %v", u, err)
		}
	}

	// FtM: the line with a javascript: sourceUrl is rejected, the others load.
	dir := t.TempDir()
	path := filepath.Join(dir, "in.ftm.jsonl")
	lines := `{"id":"p1","schema":"Person","properties":{"name":["Ada"],"sourceUrl":["https://example.org/ada"]}}
{"id":"p2","schema":"Person","properties":{"name":["Eve"],"sourceUrl":["javascript:alert(document.cookie)"]}}
{"id":"s1","schema":"Source","properties":{"name":["Doc"],"url":["javascript:alert(1)"]}}
`
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	m := badParse(t, "dataset: ftm\nsource: {title: t}\ninputs:\n  - file: in.ftm.jsonl\n")
	res := badRun(t, m, path, ingest.Options{})
	rep := res.rep(t)
	checkCounts(t, rep, 3, 1, 2, 0)
	if len(rep.Errors) == 2 {
		checkWords(t, rep.Errors[0].Reason, "sourceUrl", "http")
		checkWords(t, rep.Errors[1].Reason, "url", "http")
	}
	if got := res.rec.names(casegraph.Person); len(got) != 1 || got[0] != "Ada" {
		t.Errorf("people written: %q", got)
	}

	// A mapped url column is checked the same way, row by row.
	csvPath := filepath.Join(dir, "src.csv")
	if err := os.WriteFile(csvPath, []byte("id,title,url\n1,Good,https://example.org\n2,Bad,javascript:alert(1)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m = badParse(t, "dataset: src\nsource: {title: t}\ninputs:\n  - file: src.csv\n    entities:\n      s: {schema: Source, id: id, properties: {name: title, url: url}}\n")
	reps, err := ingest.Run(context.Background(), newBatchRecorder(), m, ingest.Options{DryRun: true, Files: map[string]string{"src.csv": csvPath}})
	if err != nil || len(reps) != 1 {
		t.Fatalf("src.csv: %v", err)
	}
	rep = reps[0]
	checkCounts(t, rep, 2, 1, 1, 0)
	checkRowErrors(t, rep, wantRow{3, "url", "javascript:alert(1)", []string{"http"}})
}
