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
