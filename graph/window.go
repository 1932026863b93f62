package graph

import (
	"fmt"
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
// A thing spans from a first date to a last: a relationship from its
// startDate to its endDate, a payment or an event from its one date to the
// same. It overlaps the window when it does not end before since and does
// not begin after until. Only the bounds the window has are written, so an
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

// windowRel is the predicate "relationship r's startDate–endDate interval
// overlaps window w"; a missing start or end is open. "" when w is open.
func windowRel(w casegraph.Window, r string) string {
	return windowSpan(w, r+".startDate", r+".endDate", undatedIn)
}

// windowNodeDate is the date a window places node n by: a payment's or an
// event's date, a charge's outcome date; null for every other entity.
func windowNodeDate(n string) string {
	return fmt.Sprintf("CASE WHEN %[1]s:Payment OR %[1]s:Event THEN %[1]s.date WHEN %[1]s:Charge THEN %[1]s.outcomeDate END", n)
}

// windowNode is the predicate "node n has no date of its own, or its date
// is in window w"; "" when w is open.
func windowNode(w casegraph.Window, n string) string {
	p := windowDate(w, "d", undatedIn)
	if p == "" {
		return ""
	}
	return fmt.Sprintf("all(d IN [%s] WHERE %s)", windowNodeDate(n), p)
}

// andWindow is " AND " and the predicate p, or "" when p is (an open
// window), for a WHERE that goes on with a window.
func andWindow(p string) string {
	if p == "" {
		return ""
	}
	return " AND " + p
}
