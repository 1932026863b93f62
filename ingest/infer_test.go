package ingest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/ingest/parse"
)

func TestInferPatternsAllCompile(t *testing.T) {
	if len(inferFormats) != len(inferPatterns) {
		for _, p := range inferPatterns {
			if _, err := parse.ParseDateFormat(p); err != nil {
				t.Errorf("%q: %v", p, err)
			}
		}
	}
	seen := map[string]bool{}
	for _, p := range inferPatterns {
		if seen[p] {
			t.Errorf("%q is listed twice", p)
		}
		seen[p] = true
	}
}

func TestInferDateFormat(t *testing.T) {
	tests := []struct {
		name      string
		values    []string
		want      []string // guessed patterns, best first
		ambiguous []string
		unfit     int
		formats   bool // whether a mapping must give formats for them
	}{
		{name: "month name first", values: []string{"Mar 25, 2015", "Apr 1, 2015", "Dec 31, 2016", "Jan 2, 2014"},
			want: []string{"MMM d, yyyy"}, formats: true},
		{name: "long month names", values: []string{"March 25, 2015", "April 1, 2015", "May 3, 2016"},
			want: []string{"MMMM d, yyyy"}, formats: true},
		{name: "day month-name year", values: []string{"5 March 2011", "17 June 2012"},
			want: []string{"d MMMM yyyy"}, formats: true},
		{name: "Excel's dd-mmm-yy", values: []string{"05-Mar-11", "17-Jun-12"},
			want: []string{"dd-MMM-yy"}, formats: true},
		{name: "day first, settled by a day above 12", values: []string{"05/03/2011", "01/02/2012", "25/03/2011"},
			want: []string{"dd/MM/yyyy"}, formats: true},
		{name: "month first, settled by a day above 12", values: []string{"05/03/2011", "01/02/2012", "03/25/2011"},
			want: []string{"MM/dd/yyyy"}, formats: true},
		{name: "day or month: ambiguous", values: []string{"05/03/2011", "01/02/2012", "12/11/2013"},
			want: []string{"dd/MM/yyyy"}, ambiguous: []string{"MM/dd/yyyy"}, formats: true},
		{name: "same day and month is not ambiguous", values: []string{"05/05/2011", "01/01/2012"},
			want: []string{"dd/MM/yyyy"}, formats: true},
		{name: "dots", values: []string{"05.03.2011", "31.12.2012"}, want: []string{"dd.MM.yyyy"}, formats: true},
		{name: "two-digit years", values: []string{"5/3/11", "31/12/12"}, want: []string{"dd/MM/yy"}, formats: true},
		{name: "ISO needs no formats", values: []string{"2011-03-05", "2012-12-31"}, want: []string{"yyyy-MM-dd"}},
		{name: "years", values: []string{"2011", "1998"}, want: []string{"yyyy"}},
		{name: "months", values: []string{"Mar 2011", "Dec 1998"}, want: []string{"MMM yyyy"}, formats: true},
		{name: "timestamps", values: []string{"03/05/2011 2:30 PM", "12/25/2011 11:00 AM"},
			want: []string{"MM/dd/yyyy h:mm a"}, formats: true},
		{name: "two patterns in one column", values: []string{"2011-03-05", "2012-01-07", "2013-04-04", "Mar 25, 2015"},
			want: []string{"yyyy-MM-dd", "MMM d, yyyy"}, formats: true},
		{name: "some values no pattern reads", values: []string{"Mar 25, 2015", "Apr 2, 2015", "soon", "n/a"},
			want: []string{"MMM d, yyyy"}, unfit: 2, formats: true},
		{name: "nothing reads words", values: []string{"soon", "later"}, unfit: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := InferDateFormat(tc.values)
			if got := g.Formats(); !slices.Equal(got, tc.want) {
				t.Fatalf("guessed %q, want %q (%+v)", got, tc.want, g)
			}
			if !slices.Equal(g.Ambiguous, tc.ambiguous) {
				t.Errorf("ambiguous %q, want %q", g.Ambiguous, tc.ambiguous)
			}
			if len(g.Unfit) != tc.unfit || g.Fits != g.Sampled-tc.unfit || g.Sampled != len(tc.values) {
				t.Errorf("%d sampled, %d fit, unfit %q; want %d unfit of %d", g.Sampled, g.Fits, g.Unfit, tc.unfit, len(tc.values))
			}
			if g.NeedsFormats() != tc.formats {
				t.Errorf("NeedsFormats() = %v, want %v", g.NeedsFormats(), tc.formats)
			}
			// The guess, written in a mapping, reads the values it fits.
			p, err := parse.NewDateParser(g.Formats())
			if err != nil {
				t.Fatal(err)
			}
			read := 0
			for _, v := range tc.values {
				if _, err := p.Parse(v); err == nil {
					read++
				}
			}
			if read != g.Fits {
				t.Errorf("the guess %q reads %d values, but says it fits %d", g.Formats(), read, g.Fits)
			}
		})
	}
}

func TestInferCountsExcelSerialsApart(t *testing.T) {
	g := InferDateFormat([]string{"40607", "40608", "05/03/2011", "25/03/2011", " ", "40607"})
	if g.Serials != 2 || g.Sampled != 2 || g.Pattern() != "dd/MM/yyyy" {
		t.Errorf("got %+v, want 2 serials and dd/MM/yyyy over the 2 others", g)
	}
}

// TestSamplerSeesPastTheFirstRows: a file sorted by date whose first
// hundreds of dates are ambiguous (no day above 12) is judged by a sample
// of all its rows, which settles it.
func TestSamplerSeesPastTheFirstRows(t *testing.T) {
	s := &compiled{}
	sm := s.sampler(map[string]*dateSampler{}, []string{"begin_date"}, nil)
	n := 0
	for year := 2001; year <= 2010; year++ {
		for month := 1; month <= 12; month++ {
			for day := 1; day <= 28; day++ {
				if day <= 12 || year >= 2004 { // 2001-2003: only days up to 12
					sm.record(fmt.Sprintf("%02d/%02d/%d", day, month, year), false)
					n++
				}
			}
		}
	}
	d := sm.report()
	if d.Values != int64(n) || d.Failed != int64(n) || d.Column != "begin_date" {
		t.Fatalf("counted %d values (%d failed) in %q, want %d", d.Values, d.Failed, d.Column, n)
	}
	if d.Guess.Pattern() != "dd/MM/yyyy" || len(d.Guess.Ambiguous) > 0 || d.Guess.Sampled <= sampleFirst {
		t.Errorf("guess %+v, want dd/MM/yyyy, unambiguous, from more than the first %d values", d.Guess, sampleFirst)
	}
	line := d.String()
	for _, want := range []string{`date column "begin_date": no dateFormats given`, `"dd/MM/yyyy" (Unicode pattern)`, `add formats: ["dd/MM/yyyy"]`} {
		if !strings.Contains(line, want) {
			t.Errorf("%s\ndoes not say %q", line, want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 4501: "4,501", 1234567: "1,234,567", -4501: "-4,501"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
