package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/casegraph/casegraph"
)

func TestTimeline(t *testing.T) {
	f := seedQueryFixture(t)
	type item struct {
		date, kind, id, title string
		related               []string
	}
	lacey, larkin := f.id("michael-lacey"), f.id("jim-larkin")
	dirID := string(casegraph.Directorship) + ":" + lacey + ">backpage" // as the fixture names it
	var (
		dirStart = item{"2004", "RELATIONSHIP_START", dirID,
			"Directorship starts: Michael Lacey → Backpage (founder)", f.ids("michael-lacey", "backpage")}
		va = item{"2011-03", "EVENT", f.id("meeting-2011-03-virginia"),
			"Meeting in Virginia: Lacey, Larkin and Allen", f.ids("allen", "jim-larkin", "michael-lacey")}
		phx     = item{"2012-06-05", "EVENT", f.id("meeting-2012-phoenix"), "Lunch in Phoenix", f.ids("jim-larkin", "michael-lacey")}
		payment = item{"2016-08-30", "PAYMENT", f.id("payment-hungary-16-5m"),
			"Payment 16,500,000 USD from Michael Lacey to Unnamed bank in Hungary", f.ids("michael-lacey", "hungarian-bank")}
		case2021Filed = item{"2018-03-28", "CASE_FILED", f.id("trial-2021"), "Case filed: Backpage trial, 2021",
			f.ids("michael-lacey", "doj")}
		charge2021Filed = item{"2018-03-28", "CHARGE_FILED", f.id("lacey-2021-charges"),
			"Charged: Michael Lacey: charges at the 2021 trial", f.ids("michael-lacey", "trial-2021")}
		dirEnd = item{"2018-04", "RELATIONSHIP_END", dirID,
			"Directorship ends: Michael Lacey → Backpage (founder)", f.ids("michael-lacey", "backpage")}
		mistrial = item{"2021", "CHARGE_OUTCOME", f.id("lacey-2021-charges"),
			"Mistrial: Michael Lacey: charges at the 2021 trial", f.ids("michael-lacey", "trial-2021")}
		case2021Closed = item{"2021", "CASE_CLOSED", f.id("trial-2021"), "Case closed (mistrial): Backpage trial, 2021",
			f.ids("michael-lacey", "doj")}
		case2023Closed = item{"2023", "CASE_CLOSED", f.id("trial-2023"), "Case closed (partial verdict): Backpage retrial, 2023",
			f.ids("michael-lacey", "other-executives", "doj")}
		convicted = item{"2023-11-16", "CHARGE_OUTCOME", f.id("lacey-2023-money-laundering"),
			"Convicted: Michael Lacey: money laundering", f.ids("michael-lacey", "trial-2023")}
	)
	laceyAll := []item{dirStart, va, phx, payment, case2021Filed, charge2021Filed, dirEnd, mistrial, case2021Closed,
		case2023Closed, convicted}
	tests := []struct {
		name   string
		ids    []string
		window casegraph.Window
		limit  int
		want   []item
	}{
		// The undated payment to Larkin, the undated meeting and the
		// undated charges are left out.
		{"everything about Lacey, in order", []string{lacey}, casegraph.Window{}, 0, laceyAll},
		{"a shared meeting is listed once", []string{lacey, larkin}, casegraph.Window{}, 0, laceyAll},
		{"Larkin alone", []string{larkin}, casegraph.Window{}, 0, []item{va, phx}},
		{"the limit keeps the oldest", []string{lacey}, casegraph.Window{}, 3, []item{dirStart, va, phx}},
		{"a year as the window", []string{lacey}, casegraph.Window{Since: "2021", Until: "2021"}, 0, []item{mistrial, case2021Closed}},
		{"since mid-March 2011 keeps the March meeting", []string{lacey}, casegraph.Window{Since: "2011-03-15", Until: "2011-12-31"}, 0, []item{va}},
		{"since 2012 leaves it out", []string{lacey}, casegraph.Window{Since: "2012-01-01", Until: "2012-12-31"}, 0, []item{phx}},
		{"until a day inside a partial year", []string{lacey}, casegraph.Window{Since: "2022", Until: "2023-01-01"}, 0, []item{case2023Closed}},
		{"a case's own timeline holds its charges", []string{f.id("trial-2021")}, casegraph.Window{}, 0,
			[]item{case2021Filed, charge2021Filed, mistrial, case2021Closed}},
		{"a payment's own timeline", []string{f.id("payment-hungary-16-5m")}, casegraph.Window{}, 0, []item{payment}},
		{"the prosecutor's cases", []string{f.id("doj")}, casegraph.Window{}, 0, []item{case2021Filed, case2021Closed, case2023Closed}},
		{"an unknown id", []string{f.id("nobody")}, casegraph.Window{}, 0, []item{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.s.Timeline(ctxT(t), casegraph.TimelineParams{IDs: tc.ids, Window: tc.window, Limit: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			have := make([]item, len(got))
			for i, g := range got {
				have[i] = item{g.Date, g.Kind, g.EntityID, g.Title, g.Related}
				if !slices.Equal(g.SourceIDs, f.ids("source")) {
					t.Errorf("item %d (%s %s): sources %v", i, g.Kind, g.EntityID, g.SourceIDs)
				}
			}
			if len(have) != len(tc.want) {
				t.Fatalf("got %d items, want %d:\n%s", len(have), len(tc.want), describeItems(have))
			}
			for i := range have {
				h, w := have[i], tc.want[i]
				if h.date != w.date || h.kind != w.kind || h.id != w.id || h.title != w.title || !slices.Equal(h.related, w.related) {
					t.Errorf("item %d:\n got  %+v\n want %+v", i, h, w)
				}
			}
		})
	}
}

func describeItems[T any](items []T) string {
	s := ""
	for _, it := range items {
		s += fmt.Sprintf("  %+v\n", it)
	}
	return s
}

func TestTimelineRefusesBadInput(t *testing.T) {
	f := seedQueryFixture(t)
	many := make([]string, casegraph.MaxTimelineIDs+1)
	for i := range many {
		many[i] = f.id(fmt.Sprintf("entity-%d", i))
	}
	lacey := []string{f.id("michael-lacey")}
	tests := []struct {
		name   string
		ids    []string
		window casegraph.Window
		limit  int
	}{
		{"no ids", nil, casegraph.Window{}, 0},
		{"too many ids", many, casegraph.Window{}, 0},
		{"an empty id", []string{f.id("michael-lacey"), ""}, casegraph.Window{}, 0},
		{"negative limit", lacey, casegraph.Window{}, -1},
		{"limit over the maximum", lacey, casegraph.Window{}, casegraph.MaxTimelineItems + 1},
		{"since is not a date", lacey, casegraph.Window{Since: "yesterday"}, 0},
		{"until has a time", lacey, casegraph.Window{Until: "2011-03-01T00:00:00Z"}, 0},
		{"since after until", lacey, casegraph.Window{Since: "2012", Until: "2011-06"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Timeline(ctxT(t), casegraph.TimelineParams{IDs: tc.ids, Window: tc.window, Limit: tc.limit})
			if code := casegraph.ErrorCode(err); code != casegraph.EINVALID {
				t.Fatalf("got %v (code %q), want an %s error", err, code, casegraph.EINVALID)
			}
		})
	}
	t.Run("exactly the maximum number of ids is fine", func(t *testing.T) {
		if _, err := f.s.Timeline(ctxT(t), casegraph.TimelineParams{IDs: many[:casegraph.MaxTimelineIDs], Limit: casegraph.MaxTimelineItems}); err != nil {
			t.Fatal(err)
		}
	})
}
