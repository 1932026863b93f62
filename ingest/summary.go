package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/casegraph/casegraph/ingest/parse"
)

// Row errors summarised per column and reason: a file whose 4,501 dates
// are in a pattern the mapping does not give is one line, with the count,
// a few rows and what the values look like, not 4,501 lines. Every row
// still goes to the rejects file; the report keeps at most
// Options.MaxErrorsPerColumn of them per summary.

// DefaultMaxErrorsPerColumn is how many row errors the report keeps per
// column and reason.
const DefaultMaxErrorsPerColumn = 20

// summaryExamples is how many rows and values a summary names.
const summaryExamples = 5

// summaryFailing is how many distinct values of dates that did not parse
// a summary keeps to guess their pattern from.
const summaryFailing = 200

// ErrorSummary is every rejected row of one column for one reason.
type ErrorSummary struct {
	Column string `json:"column"` // "" for a row rejected as a whole
	// Kind is "date" for dates no pattern read; else the reason's words
	// before any detail ("not an amount", "conflicts with row #").
	Kind   string `json:"kind"`
	Reason string `json:"reason"` // the first row's reason, in full
	// Varied says that later rows gave other reasons of the same kind
	// ("not an amount: …" with another detail).
	Varied bool     `json:"varied,omitempty"`
	Count  int64    `json:"count"`
	Rows   []int    `json:"rows"`   // the first few rows
	Values []string `json:"values"` // the first few distinct values
	// Tried are the patterns the dates were read with, each with its
	// language (a date summary only; none means ISO only).
	Tried []string `json:"tried,omitempty"`
	// Guess is what the dates that did not parse look like (a date
	// summary only).
	Guess   *DateGuess `json:"guess,omitempty"`
	failing []string
	seen    map[string]bool
}

// kindDate is the Kind of dates that no pattern read.
const kindDate = "date"

// String is the summary in one line, such as `4,501 values in
// "begin_date" did not parse as dates (patterns tried: "Jan 2, 2006" (Go
// layout)); they look like "Mar 25, 2015" → try formats: ["MMM d, yyyy"]
// (rows 2, 3, 4, 5, 6 …)`.
func (s *ErrorSummary) String() string {
	var b strings.Builder
	if s.Kind == kindDate {
		fmt.Fprintf(&b, "%s %s in %q did not parse as dates (patterns tried: ", thousands(s.Count), plural(s.Count, "value", "values"), s.Column)
		if len(s.Tried) == 0 {
			b.WriteString("none given, so ISO yyyy-MM-dd only")
		} else {
			b.WriteString(strings.Join(s.Tried, ", ") + ", then ISO")
		}
		b.WriteString(")")
		if g := s.Guess; g != nil && len(g.Patterns) > 0 {
			fmt.Fprintf(&b, "; they look like %q → try formats: %s", g.Patterns[0].Example, quoteList(g.Formats()))
			if g.Fits < g.Sampled {
				fmt.Fprintf(&b, " (reads %d of %d distinct values seen)", g.Fits, g.Sampled)
			}
			if len(g.Ambiguous) > 0 {
				fmt.Fprintf(&b, ", or %s: no day above 12 tells which", quoteList(g.Ambiguous))
			}
		} else if len(s.Values) > 0 {
			fmt.Fprintf(&b, "; no common pattern reads them, such as %q", s.Values[0])
		}
	} else {
		what := "rows rejected"
		if s.Count == 1 {
			what = "row rejected"
		}
		fmt.Fprintf(&b, "%s %s", thousands(s.Count), what)
		if s.Column != "" {
			fmt.Fprintf(&b, " at column %q", s.Column)
		}
		fmt.Fprintf(&b, ": %s", s.Reason)
		if s.Varied {
			b.WriteString(" (the first row's reason; others differ in detail)")
		}
	}
	b.WriteString(" — rows ")
	for i, r := range s.Rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(r))
	}
	if s.Count > int64(len(s.Rows)) {
		b.WriteString(" …")
	}
	return b.String()
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// errorSummaries gathers a run's row errors by column and kind, in the
// order they first occur.
type errorSummaries struct {
	list  []*ErrorSummary
	byKey map[string]*ErrorSummary
}

// add counts e and returns its summary.
func (es *errorSummaries) add(e *RowError) *ErrorSummary {
	kind := errorKind(e)
	key := e.Column + "\x00" + kind
	s := es.byKey[key]
	if s == nil {
		if es.byKey == nil {
			es.byKey = map[string]*ErrorSummary{}
		}
		s = &ErrorSummary{Column: e.Column, Kind: kind, Reason: e.Reason, seen: map[string]bool{}}
		var de *parse.DateError
		if kind == kindDate && errors.As(e, &de) {
			for _, f := range de.Tried {
				s.Tried = append(s.Tried, f.String())
			}
		}
		es.byKey[key] = s
		es.list = append(es.list, s)
	}
	s.Count++
	if e.Reason != s.Reason {
		s.Varied = true
	}
	if len(s.Rows) < summaryExamples {
		s.Rows = append(s.Rows, e.Row)
	}
	if !s.seen[e.Value] && len(s.seen) < summaryFailing {
		s.seen[e.Value] = true
		if len(s.Values) < summaryExamples {
			s.Values = append(s.Values, e.Value)
		}
		if kind == kindDate {
			s.failing = append(s.failing, e.Value)
		}
	}
	return s
}

// summaries are the run's summaries, with the dates' guesses made.
func (es *errorSummaries) summaries() []*ErrorSummary {
	for _, s := range es.list {
		if s.Kind == kindDate {
			g := InferDateFormat(s.failing)
			s.Guess = &g
		}
	}
	return es.list
}

// Has reports whether e is one of the rows s counts (e may have come
// back from the server as JSON: its reason is enough).
func (s *ErrorSummary) Has(e *RowError) bool {
	return e.Column == s.Column && errorKind(e) == s.Kind
}

// errorKind is what e is summarised under: "date" for a date no pattern
// read, else the reason's words before any detail, with numbers as #.
func errorKind(e *RowError) string {
	var de *parse.DateError
	if errors.As(e, &de) && de.Reason == "" || strings.HasPrefix(e.Reason, parse.NoDatePrefix) {
		return kindDate
	}
	kind, _, _ := strings.Cut(e.Reason, ":")
	var b strings.Builder
	inNumber := false
	for _, r := range kind {
		if r >= '0' && r <= '9' {
			if !inNumber {
				b.WriteByte('#')
			}
			inNumber = true
			continue
		}
		inNumber = false
		b.WriteRune(r)
	}
	return b.String()
}
