package ingest

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestFirstSightsMemory measures what the conflict check keeps per id on a
// generated case: CASEGRAPH_SIGHTS_DIR=DIR (from `casegraph generate --out
// DIR --rows N`) go test -run TestFirstSightsMemory -v ./ingest/
func TestFirstSightsMemory(t *testing.T) {
	dir := os.Getenv("CASEGRAPH_SIGHTS_DIR")
	if dir == "" {
		t.Skip("set CASEGRAPH_SIGHTS_DIR to a generated case")
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
		t.Logf("%s: %d rows, %d conflicts, %d ids remembered, %d MB, %.1f bytes per id",
			in.Name, n, conflicts, len(s.ids), (after-before)>>20, float64(after-before)/float64(len(s.ids)))
		runtime.KeepAlive(s)
		rows.Close()
		f.Close()
	}
}
