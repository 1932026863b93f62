package ingest_test

// Hostile mappings and files (issue 11): a mapping sent over the network
// must not reach the server's other files, and no input may pin the CPU,
// run past its context or be larger than the limit.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/casegraph/casegraph/ingest"
)

// twoInputs is a mapping whose first input is the uploaded people.csv and
// whose second reads file.
func twoInputs(file string) string {
	return `dataset: hostile
source: {title: Hostile test}
inputs:
  - file: people.csv
    entities:
      p: {schema: Person, id: id, properties: {name: name}}
  - file: ` + file + `
    delimiter: ":"
    entities:
      p: {schema: Person, id: root, properties: {name: x}}
`
}

// within runs f and fails the test if it takes longer than limit (f may
// go on in the background: the code under test ignored its context).
func within(t *testing.T, limit time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("still running after %s", limit)
	}
}

// TestConfinedRunReadsOnlyGivenFiles: with OnlyGivenFiles (every mapping
// that comes over HTTP) an input may name only a file sent with it, by
// name; anything else is refused before a file is opened or a batch written.
func TestConfinedRunReadsOnlyGivenFiles(t *testing.T) {
	dir := t.TempDir()
	people := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(people, []byte("id,name\n1,Ada\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file next to the upload folder, as another upload would be.
	secret := filepath.Join(dir, "secret.csv")
	if err := os.WriteFile(secret, []byte("root:x\nsecret:value\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, words string }{
		{"../../../../../../../../etc/passwd", "path"},
		{"/etc/passwd", "path"},
		{secret, "path"},
		{"../secret.csv", "path"},
		{`..\secret.csv`, "path"},
		{"sub/people.csv", "path"},
		{"..", "path"},
		{"secret.csv", "not sent"},
	} {
		t.Run(c.file, func(t *testing.T) {
			m, err := ingest.ParseMapping([]byte(twoInputs(c.file)), "mapping.yml", filepath.Join(dir, "upload"))
			if err != nil {
				t.Fatal(err)
			}
			opts := ingest.Options{DryRun: true, OnlyGivenFiles: true, Files: map[string]string{"people.csv": people}}
			if err := ingest.CheckFiles(m, opts); err == nil {
				t.Errorf("CheckFiles accepted %q", c.file)
			}
			rec := newBatchRecorder()
			reps, err := ingest.Run(context.Background(), rec, m, opts)
			var me *ingest.MappingError
			if !errors.As(err, &me) || me.Line != 7 {
				t.Fatalf("want a MappingError at line 7, got %T %v", err, err)
			}
			checkWords(t, err.Error(), c.words, "sent with")
			if len(reps) != 0 || len(rec.batches) != 0 {
				t.Errorf("%d reports and %d batches: a file was read", len(reps), len(rec.batches))
			}
			if strings.Contains(err.Error(), "root") || strings.Contains(err.Error(), "secret:value") {
				t.Errorf("the error shows another file's content: %v", err)
			}
		})
	}
	// The same mapping without the second input's trick loads the upload,
	// and a single input takes the single file given whatever its name.
	m := badParse(t, "dataset: ok\nsource: {title: t}\ninputs:\n  - file: rows.csv\n    entities:\n      p: {schema: Person, id: id, properties: {name: name}}\n")
	reps, err := ingest.Run(context.Background(), newBatchRecorder(), m,
		ingest.Options{DryRun: true, OnlyGivenFiles: true, Files: map[string]string{"people.csv": people}})
	if err != nil || len(reps) != 1 || reps[0].Loaded != 1 {
		t.Fatalf("the upload itself: %v %+v", err, reps)
	}
}

// TestAbsoluteInputPathIsAbsolute: from the command line, `file:
// /data/x.csv` reads /data/x.csv, not x.csv under the mapping's folder,
// and errors name the path looked at.
func TestAbsoluteInputPathIsAbsolute(t *testing.T) {
	data := t.TempDir()
	path := filepath.Join(data, "people.csv")
	if err := os.WriteFile(path, []byte("id,name\n1,Ada\n2,Bob\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	yml := "dataset: abs\nsource: {title: t}\ninputs:\n  - file: %s\n    entities:\n      p: {schema: Person, id: id, properties: {name: name}}\n"
	m, err := ingest.ParseMapping([]byte(fmt.Sprintf(yml, path)), "mapping.yml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	reps, err := ingest.Run(context.Background(), newBatchRecorder(), m, ingest.Options{DryRun: true})
	if err != nil || len(reps) != 1 || reps[0].Loaded != 2 {
		t.Fatalf("absolute path: %v %+v", err, reps)
	}
	missing := filepath.Join(data, "gone.csv")
	m, err = ingest.ParseMapping([]byte(fmt.Sprintf(yml, missing)), "mapping.yml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = ingest.Run(context.Background(), newBatchRecorder(), m, ingest.Options{DryRun: true})
	if err == nil || !strings.Contains(err.Error(), "no such file "+missing) {
		t.Fatalf("want %q in the error, got %v", "no such file "+missing, err)
	}
}

// TestOnlyRegularFilesAreRead: a device, a FIFO, a directory (and, for
// uploads, a symlink) is refused at once, before it is hashed or opened
// for reading, through the command line's path and the confined one.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(dir, "real.csv")
	if err := os.WriteFile(real, []byte("id,name\n1,Ada\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	yml := "dataset: dev\nsource: {title: t}\ninputs:\n  - file: %s\n    entities:\n      p: {schema: Person, id: id, properties: {name: name}}\n"
	// How the file reaches the run: named by the mapping, given on the
	// command line, or uploaded (confined).
	const (
		inMapping = iota
		onCommandLine
		uploaded
	)
	for _, c := range []struct {
		name  string
		path  string
		how   int
		words []string
	}{
		{"dev zero in the mapping", "/dev/zero", inMapping, []string{"/dev/zero", "device", "regular file"}},
		{"dev zero on the command line", "/dev/zero", onCommandLine, []string{"/dev/zero", "device", "regular file"}},
		{"dev urandom on the command line", "/dev/urandom", onCommandLine, []string{"/dev/urandom", "device"}},
		{"fifo on the command line", fifo, onCommandLine, []string{fifo, "named pipe"}},
		{"directory in the mapping", dir, inMapping, []string{dir, "directory"}},
		{"dev zero uploaded", "/dev/zero", uploaded, []string{"device"}},
		{"fifo uploaded", fifo, uploaded, []string{"named pipe"}},
		{"symlink uploaded", link, uploaded, []string{"symbolic link"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			file := "people.csv"
			opts := ingest.Options{DryRun: true, OnlyGivenFiles: c.how == uploaded, Files: map[string]string{"people.csv": c.path}}
			if c.how == inMapping {
				file, opts.Files = c.path, nil
			}
			m, err := ingest.ParseMapping([]byte(fmt.Sprintf(yml, file)), "mapping.yml", dir)
			if err != nil {
				t.Fatal(err)
			}
			var reps []*ingest.JobReport
			within(t, 5*time.Second, func() { reps, err = ingest.Run(ctx, newBatchRecorder(), m, opts) })
			if !errors.Is(err, ingest.ErrNotRegular) || len(reps) != 1 || reps[0].Status != ingest.StatusFailed {
				t.Fatalf("want ErrNotRegular and a failed job, got %v (%d reports)", err, len(reps))
			}
			checkWords(t, err.Error(), c.words...)
			if c.how == uploaded && strings.Contains(err.Error(), dir) {
				t.Errorf("an upload's error shows the server's path: %v", err)
			}
		})
	}
	// From the command line a symlink is followed: it is the user's own.
	m := badParse(t, fmt.Sprintf(yml, link))
	if reps, err := ingest.Run(context.Background(), newBatchRecorder(), m, ingest.Options{DryRun: true}); err != nil || reps[0].Loaded != 1 {
		t.Fatalf("symlink from the command line: %v", err)
	}
}

// TestCancelStopsReadingAtOnce: a cancelled context stops a run while it
// hashes a huge file (a sparse 64 GB one: hashing it whole takes minutes).
func TestCancelStopsReadingAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 << 30); err != nil {
		t.Fatalf("this test needs a file system with sparse files (ext4, xfs, tmpfs…): %v", err)
	}
	f.Close()
	m := badParse(t, "dataset: big\nsource: {title: t}\ninputs:\n  - file: people.csv\n    entities:\n      p: {schema: Person, id: id, properties: {name: name}}\n")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	var reps []*ingest.JobReport
	within(t, 10*time.Second, func() {
		reps, err = ingest.Run(ctx, newBatchRecorder(), m, ingest.Options{OnlyGivenFiles: true, MaxFileBytes: 1 << 40,
			Files: map[string]string{"people.csv": path}})
	})
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the run took %s after its context was cancelled at 300ms", took)
	}
	if !errors.Is(err, context.Canceled) || len(reps) != 1 || reps[0].Status != ingest.StatusCancelled {
		t.Fatalf("want a cancelled job, got %v %+v", err, reps)
	}
}

// TestInputSizeLimit: a file over Options.MaxFileBytes is refused, and the
// error says what the limit is.
func TestInputSizeLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(path, []byte("id,name\n"+strings.Repeat("1,Ada\n", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	m := badParse(t, "dataset: lim\nsource: {title: t}\ninputs:\n  - file: people.csv\n    entities:\n      p: {schema: Person, id: id, properties: {name: name}}\n")
	rec := newBatchRecorder()
	reps, err := ingest.Run(context.Background(), rec, m, ingest.Options{MaxFileBytes: 2 << 10,
		Files: map[string]string{"people.csv": path}})
	if !errors.Is(err, ingest.ErrTooLarge) || len(reps) != 1 || reps[0].Loaded != 0 {
		t.Fatalf("want ErrTooLarge and nothing loaded, got %v", err)
	}
	checkWords(t, err.Error(), "people.csv", "limit", "2048 bytes")
	if rec.dataBatches() != 0 {
		t.Errorf("%d data batches written", rec.dataBatches())
	}
	if ingest.DefaultMaxFileBytes < 1<<30 {
		t.Errorf("the default limit %d is below a GB: real exports are bigger", ingest.DefaultMaxFileBytes)
	}
}
