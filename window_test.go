package casegraph

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestValidDate(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2011", true},
		{"2011-03", true},
		{"2011-03-15", true},
		{"2012-02-29", true}, // a leap day
		{"0000", true},
		{"2011-02-31", false}, // no such day: the regex the API had let it through
		{"2011-02-29", false}, // not a leap year
		{"2011-06-31", false},
		{"2011-13", false},
		{"2011-00", false},
		{"2011-3", false},
		{"2011-03-1", false},
		{"11", false},
		{"", false},
		{"March 2011", false},
		{"2011-03-15T00:00:00Z", false},
		{" 2011", false},
		{"+011", false},
		{"２０１１", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := ValidDate(tc.in); got != tc.want {
				t.Errorf("ValidDate(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestWindowValidate(t *testing.T) {
	tests := []struct {
		name    string
		w       Window
		wantErr string // "" for none
	}{
		{"open", Window{}, ""},
		{"since only", Window{Since: "2011"}, ""},
		{"until only", Window{Until: "2011-03-15"}, ""},
		{"both", Window{Since: "2011-03", Until: "2012"}, ""},
		{"one day", Window{Since: "2011-03-15", Until: "2011-03-15"}, ""},
		{"a year around a day in it", Window{Since: "2011", Until: "2011-03-15"}, ""},
		{"a day at the start of a month", Window{Since: "2011-03-15", Until: "2011-03"}, ""},
		{"since is no date", Window{Since: "yesterday"}, `since "yesterday" is not a date: write YYYY-MM-DD, YYYY-MM or YYYY`},
		{"until is no calendar day", Window{Until: "2011-02-31"}, `until "2011-02-31" is not a date`},
		{"until is no month", Window{Until: "2011-13"}, `until "2011-13" is not a date`},
		{"since after until", Window{Since: "2012-01-01", Until: "2011-12"}, "since 2012-01-01 is after until 2011-12"},
		{"since a year after until", Window{Since: "2012", Until: "2011-06"}, "since 2012 is after until 2011-06"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkErr(t, tc.w.Validate(), tc.wantErr)
		})
	}
}

// checkErr fails unless err is nil and want is "", or err is an EINVALID
// error whose message holds want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("got %v, want no error", err)
	case want == "":
	case err == nil:
		t.Fatalf("got no error, want one saying %q", want)
	case ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), want):
		t.Fatalf("got %v (code %q), want an %s error saying %q", err, ErrorCode(err), EINVALID, want)
	}
}

// intervalCase is one case of testdata/intervals.json: an entity (schema and
// properties) or a relationship, its interval, and windows it is in or not.
type intervalCase struct {
	Name         string         `json:"name"`
	Schema       Schema         `json:"schema"`
	Properties   map[string]any `json:"properties"`
	Relationship *struct {
		Type      RelType `json:"type"`
		StartDate string  `json:"startDate"`
		EndDate   string  `json:"endDate"`
	} `json:"relationship"`
	Interval *[2]*string `json:"interval"`
	Windows  []struct {
		Since string `json:"since"`
		Until string `json:"until"`
		In    bool   `json:"in"`
	} `json:"windows"`
}

func readIntervalCases(t *testing.T) []intervalCase {
	t.Helper()
	b, err := os.ReadFile("testdata/intervals.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []intervalCase }
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	return file.Cases
}

// TestInterval applies the interval rule to the shared cases, which the
// Cypher (graph/window_test.go) and the explorer (time.test.ts) read too.
func TestInterval(t *testing.T) {
	for _, tc := range readIntervalCases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			var iv Interval
			var ok bool
			if r := tc.Relationship; r != nil {
				iv, ok = RelInterval(Relationship{Type: r.Type, StartDate: r.StartDate, EndDate: r.EndDate})
			} else {
				iv, ok = EntityInterval(Entity{Schema: tc.Schema, Properties: tc.Properties})
			}
			want, wantOK := Interval{}, tc.Interval != nil
			if wantOK {
				want.Start = *tc.Interval[0]
				if tc.Interval[1] != nil {
					want.End = *tc.Interval[1]
				}
			}
			if iv != want || ok != wantOK {
				t.Errorf("interval %+v (dated %v), want %+v (dated %v)", iv, ok, want, wantOK)
			}
			for _, w := range tc.Windows {
				win := Window{Since: w.Since, Until: w.Until}
				if got := InWindow(iv, ok, win); got != w.In {
					t.Errorf("in %+v: got %v, want %v", win, got, w.In)
				}
			}
		})
	}
}
