package graph_test

import (
	"fmt"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// TestWindowPredicates runs the window's Cypher (window.go) in Neo4j on
// partial dates: a date is in a window when any day of it is, and a missing
// date is in every window or in none, as asked.
func TestWindowPredicates(t *testing.T) {
	s := testenv.Store(t)
	march15 := casegraph.Window{Since: "2011-03-15", Until: "2012"}
	tests := []struct {
		name      string
		w         casegraph.Window
		date      any // a string, or nil for none
		in        bool
		undatedIn bool
	}{
		{"a year around the window's start", march15, "2011", true, false},
		{"the month of the window's start", march15, "2011-03", true, false},
		{"the day before the start", march15, "2011-03-14", false, false},
		{"the first day", march15, "2011-03-15", true, false},
		{"the month before", march15, "2011-02", false, false},
		{"the last day of the last year", march15, "2012-12-31", true, false},
		{"the year after", march15, "2013", false, false},
		{"since only, after it", casegraph.Window{Since: "2011-03"}, "2020-01-01", true, false},
		{"since only, before it", casegraph.Window{Since: "2011-03"}, "2011-02-28", false, false},
		{"until only, in it", casegraph.Window{Until: "2011-03"}, "2011-03-31", true, false},
		{"until only, after it", casegraph.Window{Until: "2011-03"}, "2011-04", false, false},
		{"no window, no date, undated out", casegraph.Window{}, nil, true, false},
		{"no date, undated out", march15, nil, false, false},
		{"no date, undated in", march15, nil, true, true},
		{"a date, undated in", march15, "2013", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pred := graph.WindowDate(tc.w, "$date", tc.undatedIn)
			if pred == "" {
				pred = "true" // an open window writes nothing
			}
			got := readBool(t, s, pred, graph.WindowParams(map[string]any{"date": tc.date}, tc.w))
			if got != tc.in {
				t.Errorf("%+v with date %v: got %v, want %v (%s)", tc.w, tc.date, got, tc.in, pred)
			}
		})
	}
}

// TestWindowRel checks a relationship's startDate–endDate interval against
// a window: it overlaps when it does not end before since nor start after
// until, and a missing start or end is open.
func TestWindowRel(t *testing.T) {
	s := testenv.Store(t)
	w := casegraph.Window{Since: "2011-03", Until: "2012"}
	tests := []struct {
		start, end any
		in         bool
	}{
		{"2005", "2011-03-31", true},
		{"2005", "2011-02", false},
		{"2012-12", nil, true},
		{"2013", nil, false},
		{nil, nil, true},
		{nil, "2010", false},
		{"2011-03-15", "2011-03-20", true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v to %v", tc.start, tc.end), func(t *testing.T) {
			pred := "WITH {startDate: $start, endDate: $end} AS r RETURN coalesce(" + graph.WindowRel(w, "r") + ", false) AS in"
			rows, err := graph.ReadRows(ctxT(t), s, pred, graph.WindowParams(map[string]any{"start": tc.start, "end": tc.end}, w))
			if err != nil {
				t.Fatal(err)
			}
			if got := rows[0]["in"]; got != tc.in {
				t.Errorf("got %v, want %v (%s)", got, tc.in, pred)
			}
		})
	}
}

// readBool evaluates a predicate; null counts as false, as in a WHERE.
func readBool(t *testing.T, s *graph.Store, pred string, params map[string]any) bool {
	t.Helper()
	rows, err := graph.ReadRows(ctxT(t), s, "RETURN coalesce("+pred+", false) AS in", params)
	if err != nil {
		t.Fatal(err)
	}
	return rows[0]["in"] == true
}
