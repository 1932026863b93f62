package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// queryFixture is a small graph modelled on the Backpage demo, written under
// a fresh id prefix: the March 2011 meeting in Virginia, the 2021 mistrial and
// the 2023 verdicts, the DOJ as prosecutor, the transfer to Hungary, plus a
// few things the demo lacks (a later meeting, an undated one, dates on some
// charges) so that ordering and windows have something to bite on.
type queryFixture struct {
	p string // the id prefix
	s *graph.Store
}

func (f queryFixture) id(name string) string { return f.p + name }

func (f queryFixture) ids(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = f.p + n
	}
	return out
}

func seedQueryFixture(t *testing.T) queryFixture {
	t.Helper()
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	t.Cleanup(func() { testenv.DeleteByPrefix(t, p) })
	src := []string{p + "source"}
	ent := func(id string, schema casegraph.Schema, name string, props map[string]any) casegraph.Entity {
		return casegraph.Entity{ID: p + id, Schema: schema, Name: name, Properties: props, SourceIDs: src}
	}
	entities := []casegraph.Entity{
		{ID: p + "source", Schema: casegraph.Source, Name: "Techdirt, 2023-11-22",
			Properties: map[string]any{"url": "https://example.org/backpage", "publishedAt": "2023-11-22"}},
		ent("michael-lacey", casegraph.Person, "Michael Lacey", nil),
		ent("jim-larkin", casegraph.Person, "Jim Larkin", nil),
		ent("allen", casegraph.Person, "Allen", nil),
		ent("backpage", casegraph.Company, "Backpage", nil),
		ent("other-executives", casegraph.Organization, "Other Backpage executives", nil),
		ent("doj", casegraph.PublicBody, "U.S. Department of Justice", nil),
		ent("hungarian-bank", casegraph.Company, "Unnamed bank in Hungary", map[string]any{"jurisdiction": "HU"}),

		ent("meeting-2011-03-virginia", casegraph.Event, "Meeting in Virginia: Lacey, Larkin and Allen",
			map[string]any{"date": "2011-03", "location": "Virginia"}),
		ent("meeting-2012-phoenix", casegraph.Event, "Lunch in Phoenix", map[string]any{"date": "2012-06-05", "location": "Phoenix"}),
		ent("meeting-undated", casegraph.Event, "Call, date unknown", nil),
		ent("event-1899-12", casegraph.Event, "", map[string]any{"date": "1899-12", "location": "Nowhere"}),
		ent("event-1899-12-24", casegraph.Event, "Christmas Eve 1899", map[string]any{"date": "1899-12-24"}),

		ent("trial-2021", casegraph.CourtCase, "Backpage trial, 2021",
			map[string]any{"status": "mistrial", "fileDate": "2018-03-28", "closeDate": "2021"}),
		ent("trial-2023", casegraph.CourtCase, "Backpage retrial, 2023", map[string]any{"status": "partial verdict", "closeDate": "2023"}),
		ent("lacey-2021-charges", casegraph.Charge, "Michael Lacey: charges at the 2021 trial",
			map[string]any{"outcome": "MISTRIAL", "outcomeDate": "2021", "fileDate": "2018-03-28"}),
		ent("lacey-2023-money-laundering", casegraph.Charge, "Michael Lacey: money laundering",
			map[string]any{"outcome": "CONVICTED", "count": 2, "numberOfCounts": 1, "outcomeDate": "2023-11-16"}),
		ent("lacey-2023-acquitted-count", casegraph.Charge, "Michael Lacey: one count, not guilty",
			map[string]any{"outcome": "ACQUITTED", "count": 1, "numberOfCounts": 1}),
		ent("lacey-2023-remaining-counts", casegraph.Charge, "Michael Lacey: remaining counts, jury deadlocked",
			map[string]any{"outcome": "HUNG_JURY"}),
		ent("other-2023-travel-act", casegraph.Charge, "Travel Act", map[string]any{"outcome": "CONVICTED", "statute": "Travel Act"}),
		ent("other-2023-money-laundering", casegraph.Charge, "Money laundering", map[string]any{"outcome": "CONVICTED"}),
		ent("other-2023-facilitation", casegraph.Charge, "Facilitation of prostitution", map[string]any{"outcome": "CONVICTED"}),
		ent("allen-uncharged-count", casegraph.Charge, "", map[string]any{"outcome": "DISMISSED", "statute": "18 U.S.C. § 2"}),

		ent("payment-hungary-16-5m", casegraph.Payment, "Transfer to a bank in Hungary",
			map[string]any{"amount": 16500000.0, "currency": "USD", "date": "2016-08-30"}),
		ent("payment-undated", casegraph.Payment, "Loan", map[string]any{"amount": 1000.0, "currency": "USD"}),
	}
	rel := func(typ casegraph.RelType, from, to string) casegraph.Relationship {
		return casegraph.Relationship{ID: string(typ) + ":" + p + from + ">" + to, Type: typ,
			SourceID: p + from, TargetID: p + to, SourceIDs: src}
	}
	directorship := rel(casegraph.Directorship, "michael-lacey", "backpage")
	directorship.Role, directorship.StartDate, directorship.EndDate = "founder", "2004", "2018-04"
	rels := []casegraph.Relationship{
		rel(casegraph.Attended, "michael-lacey", "meeting-2011-03-virginia"),
		rel(casegraph.Attended, "jim-larkin", "meeting-2011-03-virginia"),
		rel(casegraph.Attended, "allen", "meeting-2011-03-virginia"),
		rel(casegraph.Attended, "michael-lacey", "meeting-2012-phoenix"),
		rel(casegraph.Attended, "jim-larkin", "meeting-2012-phoenix"),
		rel(casegraph.Attended, "michael-lacey", "meeting-undated"),
		rel(casegraph.Attended, "jim-larkin", "meeting-undated"),
		rel(casegraph.Attended, "allen", "event-1899-12"),

		rel(casegraph.ProsecutedBy, "trial-2021", "doj"),
		rel(casegraph.ProsecutedBy, "trial-2023", "doj"),
		rel(casegraph.PartyTo, "michael-lacey", "trial-2021"),
		rel(casegraph.PartyTo, "michael-lacey", "trial-2023"),
		rel(casegraph.PartyTo, "other-executives", "trial-2023"),
		rel(casegraph.ChargedWith, "michael-lacey", "lacey-2021-charges"),
		rel(casegraph.InCase, "lacey-2021-charges", "trial-2021"),
		rel(casegraph.ChargedWith, "allen", "allen-uncharged-count"),
	}
	for _, c := range []string{"lacey-2023-money-laundering", "lacey-2023-acquitted-count", "lacey-2023-remaining-counts"} {
		rels = append(rels, rel(casegraph.ChargedWith, "michael-lacey", c), rel(casegraph.InCase, c, "trial-2023"))
	}
	for _, c := range []string{"other-2023-travel-act", "other-2023-money-laundering", "other-2023-facilitation"} {
		rels = append(rels, rel(casegraph.ChargedWith, "other-executives", c), rel(casegraph.InCase, c, "trial-2023"))
	}
	rels = append(rels,
		rel(casegraph.Paid, "michael-lacey", "payment-hungary-16-5m"),
		rel(casegraph.PaidTo, "payment-hungary-16-5m", "hungarian-bank"),
		rel(casegraph.UnknownLink, "lacey-2023-money-laundering", "payment-hungary-16-5m"),
		rel(casegraph.Paid, "michael-lacey", "payment-undated"),
		rel(casegraph.PaidTo, "payment-undated", "jim-larkin"),
		directorship,
	)
	ctx := ctxT(t)
	if err := s.WriteBatch(ctx, entities, rels); err != nil {
		t.Fatal(err)
	}
	return queryFixture{p: p, s: s}
}

func entityIDs(es []casegraph.Entity) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func meetingIDs(ms []casegraph.Meeting) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Event.ID
	}
	return out
}

func TestMeetings(t *testing.T) {
	f := seedQueryFixture(t)
	va, phx, undated := f.id("meeting-2011-03-virginia"), f.id("meeting-2012-phoenix"), f.id("meeting-undated")
	tests := []struct {
		name         string
		participants []string
		window       casegraph.Window
		skip, limit  int
		want         []string
	}{
		{"one participant, newest first, undated last", f.ids("michael-lacey"), casegraph.Window{}, 0, 20, []string{phx, va, undated}},
		{"two participants", f.ids("michael-lacey", "allen"), casegraph.Window{}, 0, 20, []string{va}},
		{"all three", f.ids("allen", "jim-larkin", "michael-lacey"), casegraph.Window{}, 0, 20, []string{va}},
		{"repeated participant counts once", f.ids("jim-larkin", "michael-lacey", "jim-larkin"), casegraph.Window{}, 0, 20, []string{phx, va, undated}},
		{"since 2012 leaves out March 2011", f.ids("michael-lacey"), casegraph.Window{Since: "2012-01-01"}, 0, 20, []string{phx}},
		{"since mid-March 2011 keeps the partial date", f.ids("michael-lacey"), casegraph.Window{Since: "2011-03-15"}, 0, 20, []string{phx, va}},
		{"until the first of March 2011 keeps it too", f.ids("michael-lacey"), casegraph.Window{Until: "2011-03-01"}, 0, 20, []string{va}},
		{"until February 2011 leaves it out", f.ids("michael-lacey"), casegraph.Window{Until: "2011-02"}, 0, 20, nil},
		{"a year as the window", f.ids("jim-larkin"), casegraph.Window{Since: "2011", Until: "2011"}, 0, 20, []string{va}},
		{"someone who met nobody", f.ids("doj"), casegraph.Window{}, 0, 20, nil},
		{"an unknown participant", f.ids("allen", "nobody"), casegraph.Window{}, 0, 20, nil},
		{"first page has one extra row", f.ids("michael-lacey"), casegraph.Window{}, 0, 1, []string{phx, va}},
		{"second page", f.ids("michael-lacey"), casegraph.Window{}, 1, 1, []string{va, undated}},
		{"last page", f.ids("michael-lacey"), casegraph.Window{}, 2, 1, []string{undated}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.s.Meetings(ctxT(t), casegraph.MeetingParams{Participants: tc.participants, Window: tc.window, Skip: tc.skip, Limit: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			if ids := meetingIDs(got); !slices.Equal(ids, tc.want) {
				t.Fatalf("got %v, want %v", ids, tc.want)
			}
		})
	}

	t.Run("every event in the window when no participant is named", func(t *testing.T) {
		got, err := f.s.Meetings(ctxT(t), casegraph.MeetingParams{Window: casegraph.Window{Since: "1899", Until: "1899-12-31"}, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var mine []string
		for _, id := range meetingIDs(got) {
			if strings.HasPrefix(id, f.p) {
				mine = append(mine, id)
			}
		}
		if want := f.ids("event-1899-12-24", "event-1899-12"); !slices.Equal(mine, want) {
			t.Fatalf("got %v, want %v", mine, want)
		}
	})

	t.Run("a meeting carries its participants and sources", func(t *testing.T) {
		got, err := f.s.Meetings(ctxT(t), casegraph.MeetingParams{Participants: f.ids("allen"), Window: casegraph.Window{Since: "2000"}, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("got %d meetings, want 1", len(got))
		}
		m := got[0]
		if m.Event.Properties["date"] != "2011-03" || m.Event.Properties["location"] != "Virginia" {
			t.Errorf("event properties: %v", m.Event.Properties)
		}
		// by name: Allen, Jim Larkin, Michael Lacey
		if ids, want := entityIDs(m.Participants), f.ids("allen", "jim-larkin", "michael-lacey"); !slices.Equal(ids, want) {
			t.Errorf("participants %v, want %v", ids, want)
		}
		if ids, want := entityIDs(m.Sources), f.ids("source"); !slices.Equal(ids, want) {
			t.Errorf("sources %v, want %v", ids, want)
		}
	})
}

func TestMeetingsRefusesBadInput(t *testing.T) {
	f := seedQueryFixture(t)
	tooMany := make([]string, casegraph.MaxMeetingsFilter+1)
	for i := range tooMany {
		tooMany[i] = f.id(fmt.Sprintf("person-%d", i))
	}
	tests := []struct {
		name         string
		participants []string
		window       casegraph.Window
		skip, limit  int
	}{
		{"limit zero", nil, casegraph.Window{}, 0, 0},
		{"limit over the maximum", nil, casegraph.Window{}, 0, casegraph.MaxPageSize + 1},
		{"negative skip", nil, casegraph.Window{}, -1, 10},
		{"empty participant id", []string{""}, casegraph.Window{}, 0, 10},
		{"too many participants", tooMany, casegraph.Window{}, 0, 10},
		{"since is not a date", nil, casegraph.Window{Since: "March 2011"}, 0, 10},
		{"until is no real month", nil, casegraph.Window{Until: "2011-13"}, 0, 10},
		{"since after until", nil, casegraph.Window{Since: "2012-01-01", Until: "2011-12"}, 0, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Meetings(ctxT(t), casegraph.MeetingParams{Participants: tc.participants, Window: tc.window, Skip: tc.skip, Limit: tc.limit})
			if code := casegraph.ErrorCode(err); code != casegraph.EINVALID {
				t.Fatalf("got %v (code %q), want an %s error", err, code, casegraph.EINVALID)
			}
		})
	}
}

func TestContacts(t *testing.T) {
	f := seedQueryFixture(t)
	va, phx, undated := f.id("meeting-2011-03-virginia"), f.id("meeting-2012-phoenix"), f.id("meeting-undated")
	type contact struct {
		id          string
		count       int64
		first, last string
		events      []string
	}
	tests := []struct {
		name   string
		id     string
		window casegraph.Window
		want   []contact
	}{
		{"Lacey met Larkin three times and Allen once", f.id("michael-lacey"), casegraph.Window{}, []contact{
			{f.id("jim-larkin"), 3, "2011-03", "2012-06-05", []string{va, phx, undated}},
			{f.id("allen"), 1, "2011-03", "2011-03", []string{va}},
		}},
		{"since 2012 only Phoenix counts", f.id("michael-lacey"), casegraph.Window{Since: "2012-01-01"}, []contact{
			{f.id("jim-larkin"), 1, "2012-06-05", "2012-06-05", []string{phx}},
		}},
		{"a partial date overlapping the window counts", f.id("michael-lacey"), casegraph.Window{Since: "2011-03-15", Until: "2011-12-31"}, []contact{
			{f.id("allen"), 1, "2011-03", "2011-03", []string{va}},
			{f.id("jim-larkin"), 1, "2011-03", "2011-03", []string{va}},
		}},
		{"equal counts are ordered by name", f.id("allen"), casegraph.Window{}, []contact{
			{f.id("jim-larkin"), 1, "2011-03", "2011-03", []string{va}},
			{f.id("michael-lacey"), 1, "2011-03", "2011-03", []string{va}},
		}},
		{"an entity that met nobody", f.id("doj"), casegraph.Window{}, []contact{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.s.Contacts(ctxT(t), tc.id, tc.window)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatal("got nil, want a list")
			}
			have := make([]contact, len(got))
			for i, c := range got {
				have[i] = contact{c.Entity.ID, c.Count, c.FirstDate, c.LastDate, c.EventIDs}
			}
			if len(have) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", have, tc.want)
			}
			for i := range have {
				h, w := have[i], tc.want[i]
				if h.id != w.id || h.count != w.count || h.first != w.first || h.last != w.last || !slices.Equal(h.events, w.events) {
					t.Errorf("contact %d: got %+v, want %+v", i, h, w)
				}
			}
		})
	}

	errs := []struct {
		name   string
		id     string
		window casegraph.Window
		code   string
	}{
		{"unknown entity", f.id("nobody"), casegraph.Window{}, casegraph.ENOTFOUND},
		{"no id", "", casegraph.Window{}, casegraph.EINVALID},
		{"bad window", f.id("michael-lacey"), casegraph.Window{Since: "2011-02-30"}, casegraph.EINVALID},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Contacts(ctxT(t), tc.id, tc.window)
			if code := casegraph.ErrorCode(err); code != tc.code {
				t.Fatalf("got %v (code %q), want %q", err, code, tc.code)
			}
		})
	}
}
