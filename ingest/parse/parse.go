// Package parse turns messy spreadsheet cells into typed values: cleaned
// text, ISO dates, amounts with their currency, numbers, integers, booleans
// and charge outcomes. The rules are those of docs/mapping.md, section
// "Values".
//
// Every function takes the raw cell text and returns either a value or an
// error whose message is short enough to be shown to an end user next to
// the file, row and column ("not an amount: two currencies (USD, EUR)").
// An empty cell is an error for every typed parser (the caller decides
// whether empty means absent); Text returns "" for it. No function panics,
// whatever the input.
package parse

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

var errInvalidUTF8 = errors.New("invalid UTF-8")

// Text cleans a string cell: it trims it, collapses every inner run of
// white space (spaces, NBSP, tabs, newlines, other Unicode spaces) to one
// space, and drops control characters and invisible marks (U+0000–U+001F,
// U+007F, U+0080–U+009F, the byte order mark U+FEFF and the zero width
// space U+200B). Invalid UTF-8 is an error.
func Text(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errInvalidUTF8
	}
	return collapse(s), nil
}

// collapse does Text's work on a string already known to be valid UTF-8.
func collapse(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false // white space seen since the last kept rune
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			pending = true
		case dropped(r):
			// neither kept nor a separator: "a\u200b b" is "a b"
		default:
			if pending && b.Len() > 0 {
				b.WriteByte(' ')
			}
			pending = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropped reports whether r is removed from text: control characters,
// the byte order mark and the zero width space.
func dropped(r rune) bool {
	return unicode.IsControl(r) || r == '\uFEFF' || r == '\u200B'
}

// isClean reports whether s is already in Text's output form, so the
// common case allocates nothing. Only ASCII is checked quickly.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < 0x20 || c == 0x7F {
			return false
		}
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
	}
	return true
}
