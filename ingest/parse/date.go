package parse

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// isoLayouts are tried after the caller's formats and named in errors.
var isoLayouts = []string{"2006-01-02", "2006-01", "2006"}

// timestampLayouts are tried last and not named in errors: a timestamp
// stands for its date as written (no time zone conversion).
var timestampLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04"}

// precision of a layout: which parts of a date it carries.
type precision int

const (
	noYear precision = iota // unusable: time.Parse would give year 0
	yearOnly
	yearMonth
	fullDate
)

// layoutPrecision finds out which date parts layout holds by formatting
// pairs of dates that differ in one part only (and fall on the same
// weekday, so "Mon" in a layout does not count as a day).
func layoutPrecision(layout string) precision {
	differ := func(a, b time.Time) bool { return a.Format(layout) != b.Format(layout) }
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	if !differ(day(2001, 1, 3), day(2007, 1, 3)) { // both Wednesdays
		return noYear
	}
	if differ(day(2001, 1, 3), day(2001, 1, 10)) { // both Wednesdays
		return fullDate
	}
	if differ(day(2001, 2, 3), day(2001, 3, 3)) { // both Saturdays
		return yearMonth
	}
	return yearOnly
}

// Date parses s with each Go time layout in formats, then with ISO
// "2006-01-02", "2006-01" and "2006", then as an RFC 3339 (or ISO without
// zone) timestamp, and returns ISO text: "YYYY-MM-DD", or "YYYY-MM" for a
// layout without a day ("Jan 2006"), or "YYYY" for a year-only layout.
// Surrounding and doubled spaces are tolerated, and month names match in
// any case. A cell of digits (optionally with a fraction) from 20000 to
// 80000 that no layout matched is an Excel serial date (see ExcelSerial).
// Layouts without a year are skipped, and year 0000 is refused.
func Date(s string, formats []string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("not a date: invalid UTF-8")
	}
	clean := collapse(s)
	if clean == "" {
		return "", errors.New("not a date: empty")
	}
	candidates := []string{clean}
	if trimmed := strings.TrimSpace(s); trimmed != clean && trimmed != "" {
		candidates = append(candidates, trimmed)
	}

	tried := make([]string, 0, len(formats)+len(isoLayouts))
	seen := make(map[string]bool, len(formats)+len(isoLayouts))
	var yearZero bool
	try := func(layout string) (string, bool) {
		p := layoutPrecision(layout)
		if p == noYear {
			return "", false
		}
		for _, c := range candidates {
			t, err := time.Parse(layout, c)
			if err != nil {
				continue
			}
			if t.Year() < 1 || t.Year() > 9999 {
				yearZero = true
				continue
			}
			return isoDate(t, p), true
		}
		return "", false
	}
	for _, list := range [][]string{formats, isoLayouts} {
		for _, layout := range list {
			if seen[layout] {
				continue
			}
			seen[layout] = true
			tried = append(tried, layout)
			if out, ok := try(layout); ok {
				return out, nil
			}
		}
	}
	for _, layout := range timestampLayouts {
		if out, ok := try(layout); ok {
			return out, nil
		}
	}
	if isSerial(clean) {
		v, err := strconv.ParseFloat(clean, 64)
		if err == nil && v >= 20000 && v <= 80000 {
			return ExcelSerial(v)
		}
	}
	if yearZero {
		return "", errors.New("not a date: year 0000")
	}
	quoted := make([]string, len(tried))
	for i, l := range tried {
		quoted[i] = strconv.Quote(l)
	}
	return "", errors.New("not a date in any of the formats " + strings.Join(quoted, ", "))
}

// isoDate formats t to the given precision.
func isoDate(t time.Time, p precision) string {
	switch p {
	case yearOnly:
		return fmt.Sprintf("%04d", t.Year())
	case yearMonth:
		return fmt.Sprintf("%04d-%02d", t.Year(), int(t.Month()))
	}
	return fmt.Sprintf("%04d-%02d-%02d", t.Year(), int(t.Month()), t.Day())
}

// isSerial reports whether s is digits, optionally followed by a decimal
// point and more digits.
func isSerial(s string) bool {
	intPart, frac, hasDot := strings.Cut(s, ".")
	return allDigits(intPart) && (!hasDot || allDigits(frac))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// maxSerial is 9999-12-31 in Excel's 1900 date system.
const maxSerial = 2958465

// ExcelSerial converts a day number of Excel's 1900 date system to
// "YYYY-MM-DD". Serial 1 is 1900-01-01; serial 60 is 1900-02-29, a day
// that never was (Excel kept Lotus 1-2-3's leap year bug), and is an
// error; 40607 is 2011-03-05. A fraction (the time of day) is dropped.
func ExcelSerial(v float64) (string, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 1 || v > maxSerial {
		return "", fmt.Errorf("not a date: Excel serial out of range (1 to %d)", maxSerial)
	}
	n := int(math.Floor(v))
	var t time.Time
	switch {
	case n < 60:
		t = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	case n == 60:
		return "", errors.New("not a date: Excel serial 60 is 1900-02-29, which does not exist")
	default:
		// from 61 on, Excel counts one day too many
		t = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	}
	return isoDate(t, fullDate), nil
}
