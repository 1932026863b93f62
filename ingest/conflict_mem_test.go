package ingest

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"

	"github.com/casegraph/casegraph/ingest/synth"
)

// TestFirstSightsMemory measures what the conflict check keeps per id on a
// generated case (20,000 payment rows, or the case in CASEGRAPH_SIGHTS_DIR,
// made by `casegraph generate --out DIR --rows N`, for a bigger measure:
// CASEGRAPH_SIGHTS_DIR=DIR go test -run TestFirstSightsMemory -v ./ingest/).
// The generator repeats payers and accounts with the same values, never
// with others: no row may conflict, and an id must cost little.
func TestFirstSightsMemory(t *testing.T) {
	dir := os.Getenv("CASEGRAPH_SIGHTS_DIR")
	if dir == "" {
		dir = t.TempDir()
		if err := synth.Generate(dir, synth.Scaled(20_000, 1)); err != nil {
			t.Fatal(err)
		}
	}
	m, err := LoadMapping(filepath.Join(dir, "mapping.yml"))
	if err != nil {
		t.Fatal(err)
	}
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	for _, in := range m.Inputs {
		if in.Name != "payments" && filepath.Base(in.File) != "payments.csv" {
			continue
		}
		path := filepath.Join(m.Dir, in.File)
		f, err := openInput(context.Background(), path, filepath.Base(path), Options{MaxFileBytes: DefaultMaxFileBytes})
		if err != nil {
			t.Fatal(err)
		}
		r, err := f.reader()
		if err != nil {
			t.Fatal(err)
		}
		rows, err := openRows(m, in, filepath.Base(path), f, r, "src")
		if err != nil {
			t.Fatal(err)
		}
		before := heap()
		s := newFirstSights()
		var n, conflicts int64
		for {
			res, _, num, err := rows.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil || res == nil {
				continue
			}
			n++
			rowErr, pend := s.check(res, int64(num))
			if rowErr != nil {
				conflicts++
				continue
			}
			s.commit(pend, int64(num))
		}
		after := heap()
		grown := max(int64(after)-int64(before), 0) // a collection may free more than the map took
		perID := float64(grown) / float64(max(len(s.ids), 1))
		if conflicts != 0 || len(s.ids) == 0 || perID > 256 {
			t.Errorf("%s: %d conflicts in generated rows, %d ids, %.1f bytes per id (want 0, some, at most 256)",
				in.Name, conflicts, len(s.ids), perID)
		}
		t.Logf("%s: %d rows, %d conflicts, %d ids remembered, %d MB, %.1f bytes per id",
			in.Name, n, conflicts, len(s.ids), grown>>20, perID)
		runtime.KeepAlive(s)
		rows.Close()
		f.Close()
	}
}

// An id with nothing to compare is not remembered (most links), and a
// later value for it is still checked: the first row giving one is
// remembered, and a third row disagreeing with it is rejected naming it.
func TestFirstSightsKeepOnlyIDsWithValues(t *testing.T) {
	s := newFirstSights()
	link := func(role string) *rowResult {
		return &rowResult{rels: []casegraph.Relationship{{ID: "r1", Type: casegraph.Associate, SourceID: "a", TargetID: "b", Role: role}}}
	}
	for row, role := range []string{"", "", "partner"} {
		rowErr, pend := s.check(link(role), int64(row+1))
		if rowErr != nil {
			t.Fatalf("row %d: %v", row+1, rowErr)
		}
		s.commit(pend, int64(row+1))
		if want := map[bool]int{true: 1, false: 0}[role != ""]; len(s.ids) != want {
			t.Fatalf("after row %d: %d ids remembered, want %d", row+1, len(s.ids), want)
		}
	}
	rowErr, _ := s.check(link("rival"), 4)
	if rowErr == nil || !strings.Contains(rowErr.Reason, "conflicts with row 3") {
		t.Fatalf("a fourth row with another role: %v; want a conflict with row 3", rowErr)
	}
	if rowErr, _ := s.check(link(""), 5); rowErr != nil {
		t.Fatalf("a row without the role: %v; want none (a value absent is no conflict)", rowErr)
	}
}
