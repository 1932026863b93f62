package graph_test

import (
	"encoding/json"
	"fmt"
	"os"
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

// TestWindowFollowsIntervalRule runs the window's Cypher in Neo4j on the
// interval rule's shared cases (testdata/intervals.json, which the Go rule
// and the explorer's slider are tested on too): every case's entity is
// written and matched, every relationship evaluated, against every window
// of the case, and the Cypher must agree with casegraph.InWindow.
func TestWindowFollowsIntervalRule(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	b, err := os.ReadFile("../testdata/intervals.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Name         string
			Schema       casegraph.Schema
			Properties   map[string]any
			Relationship *casegraph.Relationship
			Windows      []struct {
				Since, Until string
				In           bool
			}
		}
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	for i, tc := range file.Cases {
		t.Run(tc.Name, func(t *testing.T) {
			id := fmt.Sprintf("%s%d", p, i)
			var iv casegraph.Interval
			var dated bool
			if r := tc.Relationship; r != nil {
				iv, dated = casegraph.RelInterval(*r)
			} else {
				e := casegraph.Entity{ID: id, Schema: tc.Schema, Name: tc.Name, Properties: tc.Properties}
				if err := s.WriteBatch(ctx, []casegraph.Entity{e}, nil); err != nil {
					t.Fatal(err)
				}
				iv, dated = casegraph.EntityInterval(e)
			}
			for _, win := range tc.Windows {
				w := casegraph.Window{Since: win.Since, Until: win.Until}
				var cypher string
				params := graph.WindowParams(map[string]any{"id": id}, w)
				if r := tc.Relationship; r != nil {
					cypher = "WITH {startDate: $start, endDate: $end} AS r RETURN coalesce(" + graph.WindowRel(w, "r") + ", false) AS in"
					params["start"], params["end"] = emptyToNil(r.StartDate), emptyToNil(r.EndDate)
				} else {
					cypher = "MATCH (n:Entity {id: $id}) RETURN coalesce(" + graph.WindowNode(w, "n") + ", false) AS in"
				}
				rows, err := graph.ReadRows(ctx, s, cypher, params)
				if err != nil || len(rows) != 1 {
					t.Fatalf("%v, %d rows: %s", err, len(rows), cypher)
				}
				goRule := casegraph.InWindow(iv, dated, w)
				if got := rows[0]["in"]; got != win.In || goRule != win.In {
					t.Errorf("in %+v: Cypher says %v, the Go rule %v, want %v (%s)", w, got, goRule, win.In, cypher)
				}
			}
		})
	}
}

func emptyToNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
