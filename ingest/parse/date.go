package parse

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// isoLayouts are tried after the caller's patterns.
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

// isoNames are the ISO forms tried after a parser's own patterns, as
// errors name them.
const isoNames = "ISO (yyyy-MM-dd, yyyy-MM, yyyy)"

// DateParser reads cells as dates with a mapping's patterns, in order,
// then as ISO, as a timestamp, and as an Excel serial number (see Parse).
// It is safe for concurrent use.
type DateParser struct {
	formats []DateFormat
}

// NewDateParser compiles the patterns (see ParseDateFormat); a bad one is
// an error naming it and the pattern languages accepted. A pattern listed
// twice is tried once.
func NewDateParser(patterns []string) (*DateParser, error) {
	p := &DateParser{}
	seen := make(map[string]bool, len(patterns))
	for _, s := range patterns {
		if seen[s] {
			continue
		}
		seen[s] = true
		f, err := ParseDateFormat(s)
		if err != nil {
			return nil, err
		}
		p.formats = append(p.formats, f)
	}
	return p, nil
}

// Formats are the parser's own patterns, in the order they are tried.
func (p *DateParser) Formats() []DateFormat { return p.formats }

// DateError is a cell that is no date. Tried lists the patterns the cell
// was read with (ISO, timestamps and serials were tried after them).
type DateError struct {
	Reason string // "empty", "invalid UTF-8", "year 0000"; "" when no pattern read it
	Tried  []DateFormat
}

func (e *DateError) Error() string {
	if e.Reason != "" {
		return "not a date: " + e.Reason
	}
	if len(e.Tried) == 0 {
		return NoDatePrefix + isoNames + "; no date patterns were given"
	}
	return NoDatePrefix + PatternList(e.Tried) + " nor " + isoNames
}

// NoDatePrefix begins the message of a cell that no pattern read.
const NoDatePrefix = "not a date in "

// PatternList names patterns quoted, each run of one language followed by
// it: "dd/MM/yyyy", "MMM d, yyyy" (Unicode patterns), "%d.%m.%Y" (strftime).
func PatternList(formats []DateFormat) string {
	var b strings.Builder
	for i, f := range formats {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(f.Text))
		if i+1 == len(formats) || formats[i+1].Language != f.Language {
			n := 1
			for j := i - 1; j >= 0 && formats[j].Language == f.Language; j-- {
				n++
			}
			b.WriteString(" (" + LanguageNoun(f.Language, n) + ")")
		}
	}
	return b.String()
}

// LanguageNoun names n patterns of a language: "Unicode pattern",
// "strftime patterns", "Go layout" …
func LanguageNoun(lang string, n int) string {
	noun := lang + " pattern"
	if lang == LangGo {
		noun = lang
	}
	if n > 1 {
		noun += "s"
	}
	return noun
}

// Date parses s with the date patterns in formats (see NewDateParser and
// Parse); a bad pattern is an error.
func Date(s string, formats []string) (string, error) {
	p, err := NewDateParser(formats)
	if err != nil {
		return "", err
	}
	return p.Parse(s)
}

// Parse reads s with each of the parser's patterns, then as ISO
// "2006-01-02", "2006-01" and "2006", then as an RFC 3339 (or ISO without
// zone) timestamp, and returns ISO text: "YYYY-MM-DD", or "YYYY-MM" for a
// pattern without a day ("MMM yyyy"), or "YYYY" for a year-only one.
// Surrounding and doubled spaces are tolerated, and month names match in
// any case. A cell of digits (optionally with a fraction) from 20000 to
// 80000 that no pattern matched is an Excel serial date (see ExcelSerial).
// Year 0000 is refused. The error is a *DateError.
func (p *DateParser) Parse(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", &DateError{Reason: "invalid UTF-8"}
	}
	clean := collapse(s)
	if clean == "" {
		return "", &DateError{Reason: "empty"}
	}
	candidates := []string{clean}
	if trimmed := strings.TrimSpace(s); trimmed != clean && trimmed != "" {
		candidates = append(candidates, trimmed)
	}
	var yearZero bool
	try := func(layout string, prec precision) (string, bool) {
		if prec == noYear {
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
			return isoDate(t, prec), true
		}
		return "", false
	}
	for _, f := range p.formats {
		if out, ok := try(f.layout, f.prec); ok {
			return out, nil
		}
	}
	for _, layouts := range [][]string{isoLayouts, timestampLayouts} {
		for _, layout := range layouts {
			if out, ok := try(layout, layoutPrecision(layout)); ok {
				return out, nil
			}
		}
	}
	if isSerial(clean) {
		v, err := strconv.ParseFloat(clean, 64)
		if err == nil && v >= 20000 && v <= 80000 {
			return ExcelSerial(v)
		}
	}
	if yearZero {
		return "", &DateError{Reason: "year 0000"}
	}
	return "", &DateError{Tried: p.formats}
}

// Fits reports whether f alone reads s (no ISO, timestamp or serial
// fallback), and the date it reads.
func (f DateFormat) Fits(s string) (string, bool) {
	out, err := (&DateParser{formats: []DateFormat{f}}).parseOwn(s)
	return out, err == nil
}

// parseOwn is Parse with the parser's own patterns only.
func (p *DateParser) parseOwn(s string) (string, error) {
	clean := collapse(s)
	for _, f := range p.formats {
		if f.prec == noYear {
			continue
		}
		t, err := time.Parse(f.layout, clean)
		if err == nil && t.Year() >= 1 && t.Year() <= 9999 {
			return isoDate(t, f.prec), nil
		}
	}
	return "", &DateError{Tried: p.formats}
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
		return "", &DateError{Reason: fmt.Sprintf("Excel serial out of range (1 to %d)", maxSerial)}
	}
	n := int(math.Floor(v))
	var t time.Time
	switch {
	case n < 60:
		t = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	case n == 60:
		return "", &DateError{Reason: "Excel serial 60 is 1900-02-29, which does not exist"}
	default:
		// from 61 on, Excel counts one day too many
		t = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	}
	return isoDate(t, fullDate), nil
}

// IsExcelSerial reports whether s is a cell that Parse reads as an Excel
// serial date when no pattern reads it: digits (and a fraction) from 20000
// to 80000.
func IsExcelSerial(s string) bool {
	clean := collapse(s)
	if !isSerial(clean) {
		return false
	}
	v, err := strconv.ParseFloat(clean, 64)
	return err == nil && v >= 20000 && v <= 80000
}
