package parse

import (
	"errors"
	"fmt"
	"strings"
)

// The date pattern languages a mapping may write its dateFormats in. They
// are told apart by their look (see ParseDateFormat), so a mapping never
// says which one it uses.
const (
	// LangUnicode is the pattern language of Excel's number formats,
	// Java, ICU, date-fns and Unicode's CLDR: dd/MM/yyyy, MMM d, yyyy.
	LangUnicode = "Unicode"
	// LangStrftime is C's, Python's and R's: %d.%m.%Y, %b %d, %Y.
	LangStrftime = "strftime"
	// LangGo is Go's reference-date layout: 02.01.2006, Jan 2, 2006.
	LangGo = "Go layout"
)

// DateFormat is one date pattern as a mapping wrote it, compiled.
type DateFormat struct {
	Text     string // as written
	Language string // LangUnicode, LangStrftime or LangGo
	layout   string // the Go layout it reads as
	prec     precision
}

// String is the pattern quoted, with its language: "dd/MM/yyyy" (Unicode
// pattern).
func (f DateFormat) String() string {
	return fmt.Sprintf("%q (%s)", f.Text, LanguageNoun(f.Language, 1))
}

// Partial reports whether the pattern reads a month or a year only, so
// that its dates stay partial ("MMM yyyy" gives 2011-03).
func (f DateFormat) Partial() bool { return f.prec == yearOnly || f.prec == yearMonth }

// DateFormatHelp is how a bad pattern's error ends: the languages accepted.
const DateFormatHelp = "write a Unicode pattern as in Excel or Java (dd/MM/yyyy, MMM d, yyyy, yyyy-MM), " +
	"a strftime pattern (%d/%m/%Y, %b %d, %Y) or a Go layout (02/01/2006, Jan 2, 2006)"

// ParseDateFormat compiles a date pattern written in any of three
// languages, told apart by their look:
//
//   - strftime if it holds a %: %d.%m.%Y, %b %d, %Y, %Y-%m-%d;
//   - a Go layout if it holds a digit: 02.01.2006, Jan 2, 2006;
//   - a Unicode pattern otherwise: dd/MM/yyyy, MMM d, yyyy, d MMMM yyyy,
//     yyyy. Leniencies for how people write them: mm is the month when
//     the pattern has no hours, seconds nor M (dd/mm/yyyy, as Excel reads
//     it); YYYY and uuuu are the year, D and DD the day of the month.
//
// In every language a day or month written with two letters also reads a
// single digit (dd/MM/yyyy reads 5/3/2011), and month and weekday names
// are English, in any case. A pattern without a year is refused.
func ParseDateFormat(s string) (DateFormat, error) {
	f := DateFormat{Text: s}
	var err error
	switch {
	case strings.TrimSpace(s) == "":
		return f, errors.New("an empty date pattern")
	case strings.Contains(s, "%"):
		f.Language = LangStrftime
		f.layout, err = strftimeLayout(s)
	case strings.ContainsAny(s, "0123456789"):
		f.Language = LangGo
		f.layout = s
	default:
		f.Language = LangUnicode
		f.layout, err = unicodeLayout(s)
	}
	if err != nil {
		return f, fmt.Errorf("%q is not a date pattern: %v; %s", s, err, DateFormatHelp)
	}
	f.prec = layoutPrecision(f.layout)
	if f.prec == noYear {
		return f, fmt.Errorf("%s has no year, and a date casegraph stores needs one; %s", f, DateFormatHelp)
	}
	return f, nil
}

// goWords are Go layout elements that pattern literals must not hold, or
// time.Parse would read them as parts of the date.
var goWords = []string{"Jan", "Mon", "MST", "PM", "pm"}

// checkLiteral refuses literal text that Go would read as a layout element.
func checkLiteral(lit string) error {
	if strings.ContainsAny(lit, "0123456789") {
		return fmt.Errorf("digits in its literal text (%q) are not supported", lit)
	}
	for _, w := range goWords {
		if strings.Contains(lit, w) {
			return fmt.Errorf("the literal text %q is not supported", lit)
		}
	}
	return nil
}

// unicodeLayout turns a Unicode (Excel, Java, ICU) pattern into a Go layout.
func unicodeLayout(p string) (string, error) {
	// m and mm are minutes as Java reads them when the pattern has an M;
	// without one, as Excel reads them: minutes after hours or before
	// seconds, the month anywhere else (dd/mm/yyyy).
	hasM := strings.ContainsAny(stripQuoted(p), "ML")
	var b strings.Builder
	rs := []rune(p)
	for i := 0; i < len(rs); {
		r := rs[i]
		if r == '\'' {
			// 'text' is literal; '' is one quote, inside quotes or out
			var lit strings.Builder
			j := i + 1
			if j < len(rs) && rs[j] == '\'' {
				lit.WriteRune('\'')
			} else {
				closed := false
				for ; j < len(rs); j++ {
					if rs[j] == '\'' {
						if j+1 < len(rs) && rs[j+1] == '\'' {
							lit.WriteRune('\'')
							j++
							continue
						}
						closed = true
						break
					}
					lit.WriteRune(rs[j])
				}
				if !closed {
					return "", errors.New("a quote (') is not closed")
				}
			}
			if err := checkLiteral(lit.String()); err != nil {
				return "", err
			}
			b.WriteString(lit.String())
			i = j + 1
			continue
		}
		if r == 'T' { // ISO's separator, often left unquoted
			b.WriteRune(r)
			i++
			continue
		}
		if !isASCIILetter(r) {
			if err := checkLiteral(string(r)); err != nil {
				return "", err
			}
			b.WriteRune(r)
			i++
			continue
		}
		n := 1
		for i+n < len(rs) && rs[i+n] == r {
			n++
		}
		prev := byte(0)
		if i > 0 && rs[i-1] < 128 {
			prev = byte(rs[i-1])
		}
		mmIsMonth := !hasM && !strings.ContainsRune("HhKk", letterBefore(rs, i)) && letterAfter(rs, i+n) != 's'
		el, err := unicodeElement(r, n, mmIsMonth, prev)
		if err != nil {
			return "", err
		}
		b.WriteString(el)
		i += n
	}
	return b.String(), nil
}

// letterBefore is the last pattern letter before rs[i], or 0.
func letterBefore(rs []rune, i int) rune {
	for j := i - 1; j >= 0; j-- {
		if isASCIILetter(rs[j]) {
			return rs[j]
		}
	}
	return 0
}

// letterAfter is the first pattern letter from rs[i] on, or 0.
func letterAfter(rs []rune, i int) rune {
	for j := i; j < len(rs); j++ {
		if isASCIILetter(rs[j]) {
			return rs[j]
		}
	}
	return 0
}

// stripQuoted drops 'quoted' literal text.
func stripQuoted(p string) string {
	var b strings.Builder
	in := false
	for _, r := range p {
		if r == '\'' {
			in = !in
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// unicodeElement is the Go layout element for n repeats of letter r; prev
// is the character before it (a fraction of a second needs a '.' or ',').
func unicodeElement(r rune, n int, mmIsMonth bool, prev byte) (string, error) {
	month := func() string {
		switch {
		case n >= 4:
			return "January"
		case n == 3:
			return "Jan"
		}
		return "1" // reads 3 and 03 alike
	}
	switch r {
	case 'y', 'Y', 'u':
		if n == 2 {
			return "06", nil
		}
		return "2006", nil
	case 'M', 'L':
		return month(), nil
	case 'm':
		if n >= 3 || mmIsMonth {
			return month(), nil
		}
		if n == 2 {
			return "04", nil
		}
		return "4", nil
	case 'd', 'D':
		switch {
		case r == 'd' && n == 3: // Excel: ddd is the weekday
			return "Mon", nil
		case r == 'd' && n >= 4:
			return "Monday", nil
		case n > 2:
			return "", fmt.Errorf("%q (day of the year) is not supported", strings.Repeat(string(r), n))
		}
		return "2", nil // reads 5 and 05 alike
	case 'E':
		if n >= 4 {
			return "Monday", nil
		}
		return "Mon", nil
	case 'H', 'k':
		return "15", nil
	case 'h', 'K':
		return "3", nil
	case 's':
		if n == 2 {
			return "05", nil
		}
		return "5", nil
	case 'S':
		if prev != '.' && prev != ',' {
			return "", errors.New("a fraction of a second (S) must follow a '.' or ','")
		}
		return strings.Repeat("0", min(n, 9)), nil
	case 'a':
		return "PM", nil
	case 'z':
		return "MST", nil
	case 'Z':
		return "-0700", nil
	case 'X':
		if n >= 3 {
			return "Z07:00", nil
		}
		return "Z0700", nil
	case 'x':
		if n >= 3 {
			return "-07:00", nil
		}
		return "-0700", nil
	}
	return "", fmt.Errorf("unknown letter %q (letters are y M d E H h m s S a z Z X; put other text in 'quotes')", string(r))
}

// strftimeLayout turns a strftime pattern into a Go layout.
func strftimeLayout(p string) (string, error) {
	var b strings.Builder
	var lit strings.Builder
	flush := func() error {
		if err := checkLiteral(lit.String()); err != nil {
			return err
		}
		b.WriteString(lit.String())
		lit.Reset()
		return nil
	}
	for i := 0; i < len(p); i++ {
		if p[i] != '%' {
			lit.WriteByte(p[i])
			continue
		}
		if err := flush(); err != nil {
			return "", err
		}
		i++
		// GNU's flags: %-d (no padding), %_d (space padding), %0d
		for i < len(p) && strings.IndexByte("-_0^#", p[i]) >= 0 {
			i++
		}
		if i >= len(p) {
			return "", errors.New("it ends with a lone %")
		}
		var el string
		switch p[i] {
		case 'Y', 'G':
			el = "2006"
		case 'y', 'g':
			el = "06"
		case 'm':
			el = "1" // reads 3 and 03 alike
		case 'd':
			el = "2"
		case 'e':
			el = "_2"
		case 'b', 'h':
			el = "Jan"
		case 'B':
			el = "January"
		case 'a':
			el = "Mon"
		case 'A':
			el = "Monday"
		case 'H', 'k':
			el = "15"
		case 'I', 'l':
			el = "3"
		case 'M':
			el = "04"
		case 'S':
			el = "05"
		case 'f':
			if b.Len() == 0 || !strings.ContainsRune(".,", rune(b.String()[b.Len()-1])) {
				return "", errors.New("%f must follow a '.' or ','")
			}
			el = "000000"
		case 'p', 'P':
			el = "PM"
		case 'z':
			el = "-0700"
		case 'Z':
			el = "MST"
		case 'j':
			el = "002"
		case 'F':
			el = "2006-1-2"
		case 'D':
			el = "1/2/06"
		case 'T':
			el = "15:04:05"
		case 'R':
			el = "15:04"
		case '%':
			el = "%"
		default:
			return "", fmt.Errorf("unknown directive %%%c", p[i])
		}
		b.WriteString(el)
	}
	if err := flush(); err != nil {
		return "", err
	}
	return b.String(), nil
}
