package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/casegraph/casegraph"
)

// The date window in Cypher: what it means for a dated thing to fall in a
// casegraph.Window, written once for every statement that filters by date.
//
// Dates are ISO text, possibly partial ("2011", "2011-03", "2011-03-15").
// A date d is compared with a bound on the precision both have, by cutting
// each to the other's length:
//
//	left(d, size($since)) >= left($since, size(d))
//
// so "2011-03" is on or after since "2011-03-15" and on or before until
// "2011-03-01": a partial date is in the window when any day of it is (the
// rule casegraph.Window.Validate compares the bounds with).
//
// A thing spans from a first date to a last, by casegraph's interval rule
// (casegraph.SpanOf, Datings and RelDating in the module's window.go): a
// relationship from its startDate to its endDate, a payment or an event
// from its one date to the same, a court case from its fileDate to its
// closeDate, a charge at its outcomeDate or else its reportedOn. Only an
// end date is that date alone; no end date is still running. It overlaps
// the window when it does not end before since and does not begin after
// until. Only the bounds the window has are written, so an
// open window adds nothing to a statement; the statement's parameters get
// $since and $until from windowParams.

// undated says what a window makes of a thing without a date on one side.
type undated bool

const (
	// undatedIn: a missing date is open, the thing reaches that far. A
	// relationship with no end date is still running; an entity with no
	// date of its own is in every window.
	undatedIn undated = true
	// undatedOut: a thing must have a date to be placed in a window. With
	// a window, an undated payment or event is left out.
	undatedOut undated = false
)

// windowParams adds the window's bounds to a statement's parameters, as
// $since and $until (null when that side is open), and returns params.
func windowParams(params map[string]any, w casegraph.Window) map[string]any {
	params["since"] = emptyToNil(w.Since)
	params["until"] = emptyToNil(w.Until)
	return params
}

// windowSpan is the predicate "the thing dated from `from` to `to` overlaps
// window w". from and to are Cypher expressions of ISO text (the same one
// for a thing of one date); missing says what a null one means. It is ""
// when w is open.
func windowSpan(w casegraph.Window, from, to string, missing undated) string {
	var parts []string
	if w.Since != "" {
		parts = append(parts, windowBound(to, ">=", "$since", missing))
	}
	if w.Until != "" {
		parts = append(parts, windowBound(from, "<=", "$until", missing))
	}
	return strings.Join(parts, " AND ")
}

// windowBound compares date d with one bound, on the precision both have.
func windowBound(d, op, bound string, missing undated) string {
	cmp := fmt.Sprintf("left(%[1]s, size(%[3]s)) %[2]s left(%[3]s, size(%[1]s))", d, op, bound)
	if missing == undatedIn {
		return "(" + d + " IS NULL OR " + cmp + ")"
	}
	return "(" + d + " IS NOT NULL AND " + cmp + ")"
}

// windowDate is the predicate "the thing of one date d is in window w"; ""
// when w is open.
func windowDate(w casegraph.Window, d string, missing undated) string {
	return windowSpan(w, d, d, missing)
}

// windowRel is the predicate "relationship r's interval overlaps window
// w" under casegraph's interval rule (casegraph.RelDating: startDate to
// endDate; only an end date is that date alone; no end is still running;
// undated is in every window). "" when w is open.
func windowRel(w casegraph.Window, r string) string {
	start, end := datingExprs(casegraph.RelDating, r)
	return windowSpan(w, start, end, undatedIn)
}

// windowNodeSpan is the [start, end] pair of Cypher expressions node n is
// dated by, rendered from casegraph.Datings (a payment's or an event's
// date, a court case's fileDate to closeDate, a charge's outcomeDate or
// reportedOn); both are null for a schema without dates.
func windowNodeSpan(n string) (start, end string) {
	var starts, ends strings.Builder
	for _, schema := range casegraph.Schemata {
		d, dated := casegraph.Datings[schema]
		if !dated {
			continue
		}
		s, e := datingExprs(d, n)
		fmt.Fprintf(&starts, " WHEN %s:%s THEN %s", n, schema, s)
		fmt.Fprintf(&ends, " WHEN %s:%s THEN %s", n, schema, e)
	}
	return "CASE" + starts.String() + " END", "CASE" + ends.String() + " END"
}

// datingExprs renders a casegraph.Dating for the node or relationship v:
// the start is the first start property set, or else the first end one
// (only an end date: that date alone); the end is the first end property
// set, null when none is (still running).
func datingExprs(d casegraph.Dating, v string) (start, end string) {
	props := func(names []string) []string {
		out := make([]string, len(names))
		for i, p := range names {
			out[i] = v + "." + p
		}
		return out
	}
	coalesce := func(exprs []string) string {
		if len(exprs) == 1 {
			return exprs[0]
		}
		return "coalesce(" + strings.Join(exprs, ", ") + ")"
	}
	ends := props(d.End)
	starts := props(d.Start)
	for _, e := range ends {
		if !slices.Contains(starts, e) {
			starts = append(starts, e)
		}
	}
	return coalesce(starts), coalesce(ends)
}

// windowNode is the predicate "node n is undated, or its interval overlaps
// window w" (the rule of windowRel, with the dates of windowNodeSpan); ""
// when w is open.
func windowNode(w casegraph.Window, n string) string {
	p := windowSpan(w, "d[0]", "d[1]", undatedIn)
	if p == "" {
		return ""
	}
	start, end := windowNodeSpan(n)
	return fmt.Sprintf("all(d IN [[%s, %s]] WHERE %s)", start, end, p)
}

// andWindow is " AND " and the predicate p, or "" when p is (an open
// window), for a WHERE that goes on with a window.
func andWindow(p string) string {
	if p == "" {
		return ""
	}
	return " AND " + p
}
