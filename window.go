package casegraph

import "time"

// Dates in casegraph are ISO text, possibly partial: "2011", "2011-03" or
// "2011-03-15". This file is their one home on the Go side: what a valid
// date is, and what a window of dates is.

// Window is an optional date window; dates are ISO text, possibly partial
// ("2011", "2011-03"). Empty means unbounded.
type Window struct {
	Since string
	Until string
}

// Validate refuses bounds that are not calendar dates (YYYY, YYYY-MM or
// YYYY-MM-DD) and windows that end before they begin; dates of different
// precision are compared on the precision they share ("2011" overlaps
// "2011-03-15").
func (w Window) Validate() error {
	for _, b := range []struct{ name, value string }{{"since", w.Since}, {"until", w.Until}} {
		if b.value != "" && !ValidDate(b.value) {
			return Errorf(EINVALID, "%s %q is not a date: write YYYY-MM-DD, YYYY-MM or YYYY", b.name, b.value)
		}
	}
	if s, u := w.Since, w.Until; s != "" && u != "" {
		if n := min(len(s), len(u)); s[:n] > u[:n] {
			return Errorf(EINVALID, "since %s is after until %s", s, u)
		}
	}
	return nil
}

// ValidDate reports whether s is a calendar date written YYYY-MM-DD,
// YYYY-MM or YYYY: "2011-02-31" and "2011-13" are not.
func ValidDate(s string) bool {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
	}
	return false
}

// The interval rule: what stretch of time a dated thing covers. It is
// written once here; graph/window.go renders the same rule in Cypher, the
// explorer's frontend/src/model/time.ts in TypeScript, and the three are
// tested on the same cases (testdata/intervals.json). docs/model.md states
// it for readers.
//
//   - A partial date stands for every day of it: "2011" is 2011-01-01 to
//     2011-12-31, "2011-03" is 2011-03-01 to 2011-03-31.
//   - A thing begins at its start date and ends at its end date (see
//     Datings); each is the first of its properties that is set.
//   - Only an end date: the thing is that date alone. A case known only
//     by the year it closed is not open since the beginning of time.
//   - Only a start date: the thing is still running (a case filed and
//     not closed, a directorship without an end).
//   - Neither: the thing is undated; a time window never hides it.

// Dating names the properties that date a thing: it starts at the first of
// Start that is set and ends at the first of End that is set.
type Dating struct {
	Start []string
	End   []string
}

// Datings are the schemata whose entities have dates of their own; every
// other schema (people, companies, accounts, sources…) is undated. A
// charge is placed at its outcome's date or, without one, at the date its
// state was reported (reportedOn).
var Datings = map[Schema]Dating{
	Payment:   {Start: []string{"date"}, End: []string{"date"}},
	Event:     {Start: []string{"date"}, End: []string{"date"}},
	CourtCase: {Start: []string{"fileDate"}, End: []string{"closeDate"}},
	Charge:    {Start: []string{"outcomeDate", "reportedOn"}, End: []string{"outcomeDate", "reportedOn"}},
}

// RelDating dates every relationship: from its startDate to its endDate.
var RelDating = Dating{Start: []string{"startDate"}, End: []string{"endDate"}}

// Interval is the time a dated thing covers, from its first day to its
// last, both YYYY-MM-DD; an empty End means it is still running.
type Interval struct {
	Start string
	End   string
}

// SpanOf applies the interval rule to a start and an end date (ISO text,
// possibly partial; "" or a value that is no date is missing). ok is false
// when the thing is undated.
func SpanOf(start, end string) (iv Interval, ok bool) {
	if !ValidDate(start) {
		start = ""
	}
	if !ValidDate(end) {
		end = ""
	}
	if start == "" && end == "" {
		return Interval{}, false
	}
	if start == "" {
		start = end // only an end: that date alone
	}
	iv.Start, _ = DateRange(start)
	if end != "" {
		_, iv.End = DateRange(end)
	}
	return iv, true
}

// EntityInterval is the interval of an entity under Datings; ok is false
// for an undated one.
func EntityInterval(e Entity) (Interval, bool) {
	d, dated := Datings[e.Schema]
	if !dated {
		return Interval{}, false
	}
	return SpanOf(firstSet(e.Properties, d.Start), firstSet(e.Properties, d.End))
}

// RelInterval is the interval of a relationship: its startDate to its
// endDate, under the same rule.
func RelInterval(r Relationship) (Interval, bool) {
	return SpanOf(r.StartDate, r.EndDate)
}

// firstSet is the first of props' keys whose value is a date.
func firstSet(props map[string]any, keys []string) string {
	for _, k := range keys {
		if s, ok := props[k].(string); ok && ValidDate(s) {
			return s
		}
	}
	return ""
}

// DateRange is the first and last day a (partial) date d stands for:
// "2011" → 2011-01-01, 2011-12-31. It returns "", "" when d is no date.
func DateRange(d string) (first, last string) {
	if !ValidDate(d) {
		return "", ""
	}
	switch len(d) {
	case len("2006"):
		return d + "-01-01", d + "-12-31"
	case len("2006-01"):
		t, _ := time.Parse("2006-01", d)
		return d + "-01", t.AddDate(0, 1, -1).Format("2006-01-02")
	}
	return d, d
}

// Overlaps reports whether the interval meets window w: it does not end
// before w's since nor begin after its until (a partial bound stands for
// every day of it, like any date).
func (iv Interval) Overlaps(w Window) bool {
	if w.Since != "" {
		since, _ := DateRange(w.Since)
		if iv.End != "" && iv.End < since {
			return false
		}
	}
	if w.Until != "" {
		_, until := DateRange(w.Until)
		if iv.Start > until {
			return false
		}
	}
	return true
}

// InWindow reports whether a thing with interval iv (ok false: undated)
// is inside window w: an undated thing always is.
func InWindow(iv Interval, ok bool, w Window) bool {
	return !ok || iv.Overlaps(w)
}
