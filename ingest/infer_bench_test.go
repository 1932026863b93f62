package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
)

// BenchmarkInferDateFormat guesses the pattern of a full sample (250
// distinct values), as each date column of a run does once at its end.
func BenchmarkInferDateFormat(b *testing.B) {
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	values := make([]string, 0, sampleFirst+sampleRest)
	for i := range sampleFirst + sampleRest {
		values = append(values, fmt.Sprintf("%s %d, %d", months[i%12], 1+i%28, 2000+i/28))
	}
	for b.Loop() {
		if g := InferDateFormat(values); g.Pattern() != "MMM d, yyyy" {
			b.Fatalf("guessed %q", g.Pattern())
		}
	}
}

// BenchmarkDryRunDates is a dry run of 20,000 rows with two date columns
// (one per pattern language), to see what reading and sampling dates cost
// per row.
func BenchmarkDryRunDates(b *testing.B) {
	dir := b.TempDir()
	var sb strings.Builder
	sb.WriteString("ref,signed,paid\n")
	for i := range 20_000 {
		fmt.Fprintf(&sb, "r%d,%02d/%02d/%d,2015-%02d-%02d\n", i, 1+i%28, 1+i%12, 2000+i%20, 1+i%12, 1+i%28)
	}
	if err := os.WriteFile(filepath.Join(dir, "d.csv"), []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	m, err := ParseMapping([]byte(`dataset: d
source: {title: t}
options: {dateFormats: ["02/01/2006"]}
inputs:
  - file: d.csv
    entities:
      e:
        schema: Event
        keys: [ref]
        properties:
          date: {column: signed, type: date}
          paid: {column: paid, type: date}
`), "m.yml", dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		reps, err := Run(context.Background(), nopWriter{}, m, Options{DryRun: true})
		if err != nil || reps[0].Loaded != 20_000 {
			b.Fatalf("%v: %+v", err, reps[0])
		}
	}
}

type nopWriter struct{}

func (nopWriter) WriteBatch(context.Context, []casegraph.Entity, []casegraph.Relationship) error {
	return nil
}
