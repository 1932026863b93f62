package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/internal/testenv"
)

// TestIngestCommandReadsOnlyRegularFiles: `casegraph ingest` refuses a
// device at once, whether the mapping names it or the command line gives
// it (it used to hash /dev/zero forever), reads an absolute `file:` as
// absolute, and names the path it looked at when a file is missing.
func TestIngestCommandReadsOnlyRegularFiles(t *testing.T) {
	uri := testenv.Neo4jURI(t)
	dir := t.TempDir()
	people := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(people, []byte("id,name\n1,Ada\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	mapping := func(file string) string {
		n++
		path := filepath.Join(dir, fmt.Sprintf("mapping%d.yml", n))
		yml := "dataset: cli\nsource: {title: t}\ninputs:\n  - file: " + file +
			"\n    entities:\n      p: {schema: Person, id: id, properties: {name: name}}\n"
		if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	ingestCmd := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var out bytes.Buffer
		full := append([]string{"ingest", "--dry-run", "--data-dir", t.TempDir()}, args...)
		done := make(chan error, 1)
		go func() { done <- run(ctx, full, envOf(map[string]string{"NEO4J_URI": uri}), &out, &bytes.Buffer{}) }()
		select {
		case err := <-done:
			return out.String(), err
		case <-time.After(30 * time.Second):
			t.Fatalf("casegraph ingest %v still running after 30s", args)
			return "", nil
		}
	}

	for _, args := range [][]string{
		{"--mapping", mapping("/dev/zero")},
		{"--mapping", mapping("people.csv"), "/dev/zero"},
	} {
		out, err := ingestCmd(args...)
		if !errors.Is(err, ingest.ErrNotRegular) || !strings.Contains(out, "/dev/zero is a device, not a regular file") {
			t.Errorf("ingest %v: %v\n%s", args, err, out)
		}
	}

	out, err := ingestCmd("--mapping", mapping(people))
	if err != nil || !strings.Contains(out, "1 loaded") {
		t.Errorf("absolute file: in the mapping: %v\n%s", err, out)
	}
	missing := filepath.Join(filepath.Dir(people), "gone.csv")
	out, err = ingestCmd("--mapping", mapping(missing))
	if err == nil || !strings.Contains(out, "no such file "+missing) {
		t.Errorf("a missing absolute file: %v\n%s", err, out)
	}
}
