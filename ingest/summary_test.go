package ingest_test

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/ingest"
)

// contractsMapping reads contracts.csv; %s is its options.
const contractsMapping = `dataset: contracts
source: {title: Contracts register}
%s
inputs:
  - file: contracts.csv
    entities:
      contract:
        schema: Event
        keys: [ref]
        properties:
          name: title
          date: {column: begin_date, type: date}
          amount: {column: value, type: amount}
`

// writeContracts writes n rows whose begin_date is written like "Mar 25,
// 2015"; every 1000th row's value is no amount.
func writeContracts(t *testing.T, dir string, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("ref,title,begin_date,value\n")
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for i := range n {
		value := fmt.Sprintf("%d EUR", 1000+i)
		if i%1000 == 999 {
			value = "tbc"
		}
		fmt.Fprintf(&b, "c%d,Contract %d,\"%s %d, %d\",%s\n", i, i, months[i%12], 1+i%28, 2010+i%10, value)
	}
	writeFile(t, dir, "contracts.csv", b.String())
}

// TestRowErrorsSummarisedPerColumn: 4,501 dates in a pattern the mapping
// does not give are one summary line with the count, a few rows and the
// pattern they fit; every row is still in the rejects file, and the report
// keeps only a few of the row errors.
func TestRowErrorsSummarisedPerColumn(t *testing.T) {
	dir := t.TempDir()
	writeContracts(t, dir, 4501)
	m := parseIn(t, dir, fmt.Sprintf(contractsMapping, `options: {dateFormats: ["dd/MM/yyyy"]}`))
	var rec recorder
	rejects := t.TempDir()
	reps, err := ingest.Run(context.Background(), &rec, m, ingest.Options{RejectsDir: rejects})
	if err != nil {
		t.Fatal(err)
	}
	rep := reps[0]
	if rep.Rejected != 4501 || rep.Loaded != 0 {
		t.Fatalf("rejected %d, loaded %d; want every row rejected", rep.Rejected, rep.Loaded)
	}
	if len(rep.ErrorSummaries) != 1 {
		t.Fatalf("want one summary, got %d: %v", len(rep.ErrorSummaries), rep.ErrorSummaries)
	}
	s := rep.ErrorSummaries[0]
	if s.Column != "begin_date" || s.Kind != "date" || s.Count != 4501 || len(s.Rows) != 5 || s.Rows[0] != 2 {
		t.Errorf("summary %+v", s)
	}
	line := s.String()
	t.Log(line)
	for _, want := range []string{
		`4,501 values in "begin_date" did not parse as dates`,
		`patterns tried: "dd/MM/yyyy" (Unicode pattern), then ISO`,
		`they look like "Jan 1, 2010" → try formats: ["MMM d, yyyy"]`,
		`rows 2, 3, 4, 5, 6 …`,
	} {
		if !strings.Contains(line, want) {
			t.Errorf("summary line\n%s\ndoes not say %q", line, want)
		}
	}
	if len(rep.Errors) != ingest.DefaultMaxErrorsPerColumn {
		t.Errorf("the report keeps %d row errors, want %d", len(rep.Errors), ingest.DefaultMaxErrorsPerColumn)
	}
	f, err := os.Open(rep.RejectsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4502 { // the header and every row
		t.Errorf("the rejects file has %d lines, want 4502", len(recs))
	}
	// The date column's own line says the same.
	if len(rep.Dates) != 1 || rep.Dates[0].Failed != 4501 || rep.Dates[0].Guess.Pattern() != "MMM d, yyyy" {
		t.Errorf("dates %+v", rep.Dates)
	}
}

// TestSummariesPerColumnAndReason: with the right pattern the dates load,
// and the few amounts that are no amounts are a summary of their own.
func TestSummariesPerColumnAndReason(t *testing.T) {
	dir := t.TempDir()
	writeContracts(t, dir, 4501)
	for _, pattern := range []string{"MMM d, yyyy", "%b %d, %Y", "Jan 2, 2006"} {
		m := parseIn(t, dir, fmt.Sprintf(contractsMapping, fmt.Sprintf("options: {dateFormats: [%q]}", pattern)))
		reps, err := ingest.Run(context.Background(), &recorder{}, m, ingest.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		rep := reps[0]
		if rep.Rejected != 4 || rep.Loaded != 4497 {
			t.Errorf("%s: rejected %d, loaded %d; want 4 and 4497", pattern, rep.Rejected, rep.Loaded)
		}
		if len(rep.ErrorSummaries) != 1 || rep.ErrorSummaries[0].Column != "value" || rep.ErrorSummaries[0].Count != 4 {
			t.Fatalf("%s: summaries %v", pattern, rep.ErrorSummaries)
		}
		if line := rep.ErrorSummaries[0].String(); !strings.HasPrefix(line, `4 rows rejected at column "value": not an amount`) ||
			!strings.Contains(line, "rows 1001, 2001, 3001, 4001") {
			t.Errorf("%s: %s", pattern, line)
		}
		// every date was read, those of the rows rejected for their amount too
		if len(rep.Dates) != 1 || rep.Dates[0].Failed != 0 || rep.Dates[0].Values != 4501 {
			t.Errorf("%s: dates %+v", pattern, rep.Dates[0])
		}
		if got := rep.Dates[0].String(); got != fmt.Sprintf(`date column "begin_date": [%q] read all 4,501 values`, pattern) {
			t.Errorf("%s: %s", pattern, got)
		}
		// the preview holds the dates as ISO
		if d := rep.Preview[0].Properties["date"]; d != "2010-01-01" {
			t.Errorf("%s: the first date reads %v, want 2010-01-01", pattern, d)
		}
	}
}

// TestDryRunInfersAColumnWithoutFormats: a mapping without dateFormats
// gets, from a dry run, the pattern its dates are written in.
func TestDryRunInfersAColumnWithoutFormats(t *testing.T) {
	dir := t.TempDir()
	writeContracts(t, dir, 300)
	m := parseIn(t, dir, fmt.Sprintf(contractsMapping, ""))
	reps, err := ingest.Run(context.Background(), &recorder{}, m, ingest.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	rep := reps[0]
	if len(rep.Dates) != 1 {
		t.Fatalf("dates %+v", rep.Dates)
	}
	d := rep.Dates[0]
	if d.Column != "begin_date" || len(d.Formats) != 0 || d.Values != 300 || d.Failed != 300 {
		t.Errorf("date column %+v", d)
	}
	g := d.Guess
	if g.Pattern() != "MMM d, yyyy" || g.Fits != g.Sampled || g.Sampled < 100 || g.Patterns[0].Language != "Unicode" {
		t.Errorf("guess %+v", g)
	}
	want := `date column "begin_date": no dateFormats given, and 300 of 300 values are not ISO dates; its values look like "MMM d, yyyy" (Unicode pattern)`
	t.Log(d.String())
	if line := d.String(); !strings.HasPrefix(line, want) || !strings.HasSuffix(line, `→ add formats: ["MMM d, yyyy"]`) {
		t.Errorf("got  %s\nwant %s … → add formats: [\"MMM d, yyyy\"]", line, want)
	}
	if len(rep.ErrorSummaries) != 1 || !strings.Contains(rep.ErrorSummaries[0].String(), "patterns tried: none given") {
		t.Errorf("summaries %v", rep.ErrorSummaries)
	}
}

// TestBadDatePatternIsAMappingError: a pattern that cannot be read stops
// the mapping before any row, naming the pattern, its line and the
// languages accepted.
func TestBadDatePatternIsAMappingError(t *testing.T) {
	tests := []struct{ name, yml, want string }{
		{"options", fmt.Sprintf(contractsMapping, `options: {dateFormats: ["dd/MM/yyyy", "dd/MM/yyyq"]}`),
			`mapping.yml:3: options.dateFormats: "dd/MM/yyyq" is not a date pattern: unknown letter "q"`},
		{"input options", strings.Replace(fmt.Sprintf(contractsMapping, ""), "  - file: contracts.csv\n",
			"  - file: contracts.csv\n    options:\n      dateFormats: ['%d.%m.%Q']\n", 1),
			`mapping.yml:7: input "contracts.csv" options.dateFormats: "%d.%m.%Q" is not a date pattern: unknown directive %Q`},
		{"value formats", strings.Replace(fmt.Sprintf(contractsMapping, ""), "{column: begin_date, type: date}",
			"{column: begin_date, type: date, formats: [dd/MM]}", 1),
			`mapping.yml:12: entity contract property date: formats: "dd/MM" (Unicode pattern) has no year`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ingest.ParseMapping([]byte(tc.yml), "mapping.yml", t.TempDir())
			var me *ingest.MappingError
			if !errors.As(err, &me) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant a mapping error with %s", err, tc.want)
			}
			for _, lang := range []string{"Unicode pattern", "strftime pattern", "Go layout"} {
				if !strings.Contains(err.Error(), lang) {
					t.Errorf("%v: does not name %q", err, lang)
				}
			}
		})
	}
}

// TestGoLayoutMappingsStillLoad: a mapping written with Go layouts, as
// every mapping was, reads its dates as before, beside the other languages.
func TestGoLayoutMappingsStillLoad(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "contracts.csv", "ref,title,begin_date,value\n"+
		"a,A,2011-03-05,1\n"+ // ISO, always read
		"b,B,\"Mar 5, 2011\",1\n"+ // Jan 2, 2006
		"c,C,05/03/2011,1\n"+ // 02/01/2006
		"d,D,March 2011,1\n"+ // January 2006: a month
		"e,E,05.03.2011,1\n"+ // %d.%m.%Y
		"f,F,\"5 Mar, 2011\",1\n") // d MMM, yyyy
	m := parseIn(t, dir, fmt.Sprintf(contractsMapping,
		`options: {dateFormats: ["Jan 2, 2006", "02/01/2006", "January 2006", "%d.%m.%Y", "d MMM, yyyy"]}`))
	reps, err := ingest.Run(context.Background(), &recorder{}, m, ingest.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, e := range reps[0].Preview {
		got[e.Name] = e.Properties["date"]
	}
	want := map[string]any{"A": "2011-03-05", "B": "2011-03-05", "C": "2011-03-05", "D": "2011-03", "E": "2011-03-05", "F": "2011-03-05"}
	if fmt.Sprint(got) != fmt.Sprint(want) || reps[0].Rejected != 0 {
		t.Errorf("dates %v (rejected %d: %v), want %v", got, reps[0].Rejected, reps[0].Errors, want)
	}
	for _, path := range []string{"../examples/backpage/mapping.yml"} {
		if _, err := ingest.LoadMapping(path); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}
