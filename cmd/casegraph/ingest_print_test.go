package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
)

type discardWriter struct{}

func (discardWriter) WriteBatch(context.Context, []casegraph.Entity, []casegraph.Relationship) error {
	return nil
}

// TestDryRunPrintsSummariesNotEveryRow: 4,501 dates in a pattern the
// mapping does not give print as one line with the pattern to write and a
// few rows, not 4,501 lines; the same report sent as JSON (the server's
// answer) prints the same.
func TestDryRunPrintsSummariesNotEveryRow(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("ref,begin_date,value\n")
	for i := range 4501 {
		value := "12"
		switch i {
		case 0:
			value = "twelve"
		case 1:
			value = "a dozen"
		}
		fmt.Fprintf(&b, "c%d,\"Mar %d, 2015\",%s\n", i, 1+i%28, value)
	}
	if err := os.WriteFile(filepath.Join(dir, "c.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ingest.ParseMapping([]byte(`dataset: c
source: {title: t}
options: {dateFormats: ["%d/%m/%Y"]}
inputs:
  - file: c.csv
    entities:
      e:
        schema: Event
        keys: [ref]
        properties:
          value: {column: value, type: number}
          date: {column: begin_date, type: date}
`), "m.yml", dir)
	if err != nil {
		t.Fatal(err)
	}
	reps, err := ingest.Run(context.Background(), discardWriter{}, m, ingest.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	printReports(&out, reps, true)
	text := out.String()
	t.Log(text)
	for _, want := range []string{
		`rejected: 2 rows rejected at column "value": not a number: unexpected "twelve" (the first row's reason; others differ in detail) — rows 2, 3`,
		`    row 3: "a dozen" — not a number`,
		`rejected: 4,499 values in "begin_date" did not parse as dates (patterns tried: "%d/%m/%Y" (strftime pattern), then ISO); they look like "Mar 3, 2015" → try formats: ["MMM d, yyyy"]`,
		`date column "begin_date": 4,499 of 4,499 values did not parse with ["%d/%m/%Y"]`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the output does not say\n%s", want)
		}
	}
	if lines := strings.Count(text, "\n"); lines > 20 {
		t.Errorf("%d lines printed for two kinds of error", lines)
	}
	if rows := strings.Count(text, "    row "); rows != 5 { // 2 amounts, 3 of the dates
		t.Errorf("%d example rows printed, want 5", rows)
	}

	// Through JSON, as the server answers.
	data, err := json.Marshal(map[string]any{"errorSummaries": reps[0].ErrorSummaries, "errors": reps[0].Errors, "dates": reps[0].Dates})
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		ErrorSummaries []*ingest.ErrorSummary `json:"errorSummaries"`
		Errors         []*ingest.RowError     `json:"errors"`
		Dates          []*ingest.DateColumn   `json:"dates"`
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	var direct, viaJSON bytes.Buffer
	printRowFindings(&direct, reps[0].ErrorSummaries, reps[0].Errors, reps[0].Dates, true)
	printRowFindings(&viaJSON, back.ErrorSummaries, back.Errors, back.Dates, true)
	if direct.String() != viaJSON.String() {
		t.Errorf("printed from JSON:\n%s\nprinted from the report:\n%s", viaJSON.String(), direct.String())
	}
}
