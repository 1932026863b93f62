package parse

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Amount parses money: "$16.5 million" is 16500000 with currency "USD".
//
// The cell may hold, in any usual arrangement:
//   - a sign (-, + or U+2212 before the number, or a trailing minus as in
//     "1,200.00-"), or parentheses around the number for a negative;
//   - currency symbols ($ US$ € £ ¥ Ft and a few more) or ISO codes (any
//     three upper-case letters standing as a word: USD, EUR, HUF...),
//     before or after the number; several are allowed only if they agree;
//   - thousands separators: ',' (or '.' with decimalComma), spaces, NBSP
//     and apostrophes, in groups of three (or Indian lakh groups with ',');
//   - a decimal point ('.', or ',' with decimalComma) and an exponent
//     ("1.65E+07", as spreadsheets write large numbers);
//   - a scale word or suffix after the number, any case, with or without a
//     space: thousand/k, million/mn/m/mio/mln/mm, billion/bn/b/bln,
//     trillion/tn.
//
// It returns the value, rounded to the float64 nearest to the decimal
// written (scale words shift the decimal point, so "16.5m" is exactly
// 16500000), and the ISO currency code, "" if none.
func Amount(s string, decimalComma bool) (float64, string, error) {
	c, err := scanCell(s, decimalComma, "not an amount: ")
	if err != nil {
		return 0, "", err
	}
	v, err := c.float("not an amount: ")
	if err != nil {
		return 0, "", err
	}
	return v, c.currency, nil
}

// Number is Amount without a currency: a currency in the cell is an error.
func Number(s string, decimalComma bool) (float64, error) {
	const prefix = "not a number: "
	c, err := scanCell(s, decimalComma, prefix)
	if err != nil {
		return 0, err
	}
	if c.currency != "" {
		return 0, errors.New(prefix + "has a currency (" + c.currency + ")")
	}
	return c.float(prefix)
}

// Integer parses a whole number, written like a Number with '.' as the
// decimal point: thousands separators, a sign and scale words are allowed,
// and so is a fraction of zeros ("52.0", as spreadsheets write 52), but not
// a real fraction ("1.5"). "1.000" is refused as ambiguous (1 or 1000?).
func Integer(s string) (int64, error) {
	const prefix = "not an integer: "
	c, err := scanCell(s, false, prefix)
	if err != nil {
		return 0, err
	}
	if c.currency != "" {
		return 0, errors.New(prefix + "has a currency (" + c.currency + ")")
	}
	d := c.num
	if d.point && !d.grouped && d.exp == 0 && d.fracD == "000" {
		return 0, errors.New(prefix + "ambiguous " + strconv.Quote(d.raw) + " (a thousands separator or a decimal point?)")
	}
	// value = sig × 10^e, with sig free of leading and trailing zeros
	sig := strings.TrimLeft(d.intD+d.fracD, "0")
	e := d.exp - len(d.fracD)
	trimmed := strings.TrimRight(sig, "0")
	e += len(sig) - len(trimmed)
	sig = trimmed
	if sig == "" {
		return 0, nil
	}
	if e < 0 {
		return 0, errors.New(prefix + quoteShort(d.raw) + " has a fraction")
	}
	if len(sig)+e > 19 {
		return 0, errors.New(prefix + "too large")
	}
	digits := sig + strings.Repeat("0", e)
	if c.neg {
		digits = "-" + digits
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, errors.New(prefix + "too large")
	}
	return n, nil
}

// decimal is a number as written: digits before and after the decimal
// point, and a power of ten from an exponent and a scale word.
type decimal struct {
	raw       string // the number as it stood in the cell
	intD      string // integer digits, separators removed
	fracD     string // fraction digits
	exp       int    // power of ten to apply
	point     bool   // a decimal point was written
	grouped   bool   // thousands separators were written
	pointLast bool   // the number ends with its decimal point ("5.")
}

// cell is what scanCell finds in a numeric cell.
type cell struct {
	num      decimal
	neg      bool
	currency string
}

// float returns the value nearest to the decimal written.
func (c cell) float(prefix string) (float64, error) {
	d := c.num
	var b strings.Builder
	if c.neg {
		b.WriteByte('-')
	}
	if d.intD == "" {
		b.WriteByte('0')
	}
	b.WriteString(d.intD)
	if d.fracD != "" {
		b.WriteByte('.')
		b.WriteString(d.fracD)
	}
	b.WriteByte('e')
	b.WriteString(strconv.Itoa(d.exp))
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, errors.New(prefix + "too large")
	}
	if v == 0 {
		v = 0 // no negative zero
	}
	return v, nil
}

type tokenKind int

const (
	tokNumber tokenKind = iota
	tokSign
	tokOpen
	tokClose
	tokCurrency
	tokScale
)

type token struct {
	kind     tokenKind
	neg      bool   // tokSign: a minus
	currency string // tokCurrency: ISO code
	scale    int    // tokScale: power of ten
	num      decimal
}

// currencySymbols maps symbols that stand alone to ISO codes.
var currencySymbols = map[rune]string{
	'$': "USD", '€': "EUR", '£': "GBP", '¥': "JPY", '₹': "INR", '₽': "RUB",
	'₩': "KRW", '₪': "ILS", '₺': "TRY", '₴': "UAH",
}

// dollarPrefixes maps the letters of "US$", "C$"... to ISO codes.
var dollarPrefixes = map[string]string{
	"US": "USD", "C": "CAD", "CA": "CAD", "A": "AUD", "AU": "AUD", "HK": "HKD",
	"NZ": "NZD", "S": "SGD", "SG": "SGD", "R": "BRL", "MX": "MXN",
}

// currencyWords maps lower-cased currency abbreviations to ISO codes.
var currencyWords = map[string]string{"ft": "HUF", "zł": "PLN", "kč": "CZK"}

// scaleWords maps lower-cased scale words and suffixes to powers of ten.
var scaleWords = map[string]int{
	"k": 3, "thousand": 3, "thousands": 3,
	"m": 6, "mn": 6, "mio": 6, "mln": 6, "mm": 6, "million": 6, "millions": 6,
	"b": 9, "bn": 9, "bln": 9, "billion": 9, "billions": 9,
	"tn": 12, "trillion": 12, "trillions": 12,
}

// isGroupSpace reports whether r is a space used between digit groups.
func isGroupSpace(r rune) bool {
	return r == ' ' || r == '\u00A0' || r == '\u202F' || r == '\u2009' || r == '\u2007'
}

// isNumberSeparator reports whether r may stand between digits of a number.
func isNumberSeparator(r rune) bool {
	return r == '.' || r == ',' || r == '\'' || r == '’' || isGroupSpace(r)
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// startsWithDigit reports whether s begins with an ASCII digit.
func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// scanCell reads a numeric cell into its number, sign and currency.
func scanCell(s string, decimalComma bool, prefix string) (cell, error) {
	fail := func(format string, args ...any) (cell, error) {
		return cell{}, errors.New(prefix + fmt.Sprintf(format, args...))
	}
	if !utf8.ValidString(s) {
		return fail("invalid UTF-8")
	}
	var toks []token
	empty := true
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) || dropped(r):
			i += w
			continue
		case isASCIIDigit(r) || (r == '.' || r == ',') && startsWithDigit(s[i+w:]):
			d, n, err := scanNumber(s[i:], decimalComma)
			if err != "" {
				return fail("%s", err)
			}
			toks = append(toks, token{kind: tokNumber, num: d})
			i += n
		case r == '-' || r == '+' || r == '\u2212':
			toks = append(toks, token{kind: tokSign, neg: r != '+'})
			i += w
		case r == '(':
			toks = append(toks, token{kind: tokOpen})
			i += w
		case r == ')':
			toks = append(toks, token{kind: tokClose})
			i += w
		case unicode.IsLetter(r):
			j := i
			for j < len(s) {
				r2, w2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += w2
			}
			word := s[i:j]
			if code, ok := dollarPrefixes[word]; ok && j < len(s) && s[j] == '$' {
				toks = append(toks, token{kind: tokCurrency, currency: code})
				i = j + 1
				break
			}
			lower := strings.ToLower(word)
			if p, ok := scaleWords[lower]; ok {
				toks = append(toks, token{kind: tokScale, scale: p})
			} else if code, ok := currencyWords[lower]; ok {
				toks = append(toks, token{kind: tokCurrency, currency: code})
			} else if isISOCode(word) {
				toks = append(toks, token{kind: tokCurrency, currency: word})
			} else {
				return fail("unexpected %s", quoteShort(word))
			}
			i = j
		default:
			code, ok := currencySymbols[r]
			if !ok {
				return fail("unexpected %s", quoteShort(string(r)))
			}
			toks = append(toks, token{kind: tokCurrency, currency: code})
			i += w
		}
		empty = false
	}
	if empty {
		return fail("empty")
	}

	var c cell
	numAt, signAt, openAt, closeAt, scaleAt := -1, -1, -1, -1, -1
	var currencies []string
	for i, t := range toks {
		switch t.kind {
		case tokNumber:
			if numAt >= 0 {
				return fail("more than one number")
			}
			numAt = i
			c.num = t.num
		case tokSign:
			if signAt >= 0 {
				return fail("more than one sign")
			}
			signAt = i
			c.neg = t.neg
		case tokOpen:
			if openAt >= 0 {
				return fail("unbalanced parentheses")
			}
			openAt = i
		case tokClose:
			if closeAt >= 0 {
				return fail("unbalanced parentheses")
			}
			closeAt = i
		case tokScale:
			if scaleAt >= 0 {
				return fail("more than one scale word")
			}
			scaleAt = i
		case tokCurrency:
			known := false
			for _, k := range currencies {
				known = known || k == t.currency
			}
			if !known {
				currencies = append(currencies, t.currency)
			}
		}
	}
	if numAt < 0 {
		return fail("no digits")
	}
	if len(currencies) == 2 {
		return fail("two currencies (%s)", strings.Join(currencies, ", "))
	}
	if len(currencies) > 2 {
		return fail("%d currencies (%s)", len(currencies), strings.Join(currencies, ", "))
	}
	if len(currencies) == 1 {
		c.currency = currencies[0]
	}
	if (openAt >= 0) != (closeAt >= 0) || openAt > numAt || (closeAt >= 0 && closeAt < numAt) {
		return fail("unbalanced parentheses")
	}
	if openAt >= 0 {
		if signAt >= 0 {
			return fail("both a sign and parentheses")
		}
		c.neg = true
	}
	if signAt > numAt {
		if signAt != numAt+1 {
			return fail("misplaced sign")
		}
		if c.num.pointLast {
			return fail("ambiguous %s", quoteShort(c.num.raw+"-"))
		}
	}
	if scaleAt >= 0 {
		if scaleAt < numAt {
			return fail("scale word before the number")
		}
		scale := toks[scaleAt].scale
		c.num.exp += scale
	}
	return c, nil
}

// isISOCode reports whether word is three upper-case ASCII letters.
func isISOCode(word string) bool {
	if len(word) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if word[i] < 'A' || word[i] > 'Z' {
			return false
		}
	}
	return true
}

// maxExponent bounds a written exponent; beyond it any non-zero value is
// out of float64's range anyway.
const maxExponent = 9999

// scanNumber reads the number at the start of s: digits, separators that
// stand between digits, a trailing decimal point and an exponent. It
// returns the number, the bytes read, and an error reason ("" if none).
func scanNumber(s string, decimalComma bool) (decimal, int, string) {
	point, comma := '.', ','
	if decimalComma {
		point, comma = ',', '.'
	}
	// find the end of the number
	n := 0
	lastDigit := false
	for n < len(s) {
		r, w := utf8.DecodeRuneInString(s[n:])
		if isASCIIDigit(r) {
			n += w
			lastDigit = true
			continue
		}
		if isNumberSeparator(r) {
			if startsWithDigit(s[n+w:]) {
				n += w
				lastDigit = false
				continue
			}
			if r == point && lastDigit {
				n += w // "5." ends with its decimal point
				lastDigit = false
			}
		}
		break
	}
	raw := s[:n]
	d := decimal{raw: raw}
	if strings.Count(raw, string(point)) > 1 {
		if decimalComma {
			return d, 0, "more than one decimal comma in " + quoteShort(raw)
		}
		return d, 0, "more than one decimal point in " + quoteShort(raw)
	}
	intPart, frac, hasPoint := strings.Cut(raw, string(point))
	d.point = hasPoint
	d.pointLast = hasPoint && frac == ""
	if !allDigits(frac) && frac != "" {
		if strings.ContainsRune(frac, comma) {
			if decimalComma {
				return d, 0, quoteShort(raw) + " has a '.' after the decimal comma (decimal point?)"
			}
			return d, 0, quoteShort(raw) + " has a ',' after the decimal point (decimal comma?)"
		}
		return d, 0, "bad digit grouping in " + quoteShort(raw)
	}
	d.fracD = frac
	intD, grouped, ok := ungroup(intPart, decimalComma)
	if !ok {
		return d, 0, groupingError(raw, hasPoint, decimalComma)
	}
	d.intD, d.grouped = intD, grouped

	// an exponent, directly after a digit: "1.65E+07"
	if lastDigit && n < len(s) && (s[n] == 'e' || s[n] == 'E') {
		j := n + 1
		neg := false
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			neg = s[j] == '-'
			j++
		}
		if startsWithDigit(s[j:]) {
			k := j
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			digits := strings.TrimLeft(s[j:k], "0")
			if len(digits) > 4 {
				return d, 0, "exponent out of range"
			}
			e := 0
			if digits != "" {
				e, _ = strconv.Atoi(digits)
			}
			if e > maxExponent {
				return d, 0, "exponent out of range"
			}
			if neg {
				e = -e
			}
			d.exp = e
			d.raw = s[:k]
			n = k
		}
	}
	return d, n, ""
}

// groupingError explains bad thousands separators in the number raw. A
// number without a decimal point whose last separator is followed by
// other than three digits may well have been written with the other
// decimal separator: "1,5" is likely 1.5, and the message says so.
func groupingError(raw string, hasPoint, decimalComma bool) string {
	msg := "bad digit grouping in " + quoteShort(raw)
	if hasPoint {
		return msg
	}
	i := strings.LastIndexFunc(raw, func(r rune) bool { return !isASCIIDigit(r) })
	if i < 0 || len(raw)-i-1 == 3 {
		return msg
	}
	switch {
	case raw[i] == ',' && !decimalComma:
		return msg + " (decimal comma?)"
	case raw[i] == '.' && decimalComma:
		return msg + " (decimal point?)"
	}
	return msg
}

// ungroup removes thousands separators from the integer part of a number,
// checking that they make groups of three digits (or Indian groups:
// 12,34,567). It returns the digits, whether there were separators, and
// whether the grouping was good.
func ungroup(intPart string, decimalComma bool) (string, bool, bool) {
	if allDigits(intPart) || intPart == "" {
		return intPart, false, true
	}
	// one kind of separator only
	var sep rune = -1
	class := func(r rune) rune {
		switch {
		case isGroupSpace(r):
			return ' '
		case r == '’':
			return '\''
		}
		return r
	}
	var groups []string
	var b strings.Builder
	for _, r := range intPart {
		if isASCIIDigit(r) {
			b.WriteRune(r)
			continue
		}
		k := class(r)
		if sep >= 0 && k != sep {
			return "", false, false // mixed separators
		}
		sep = k
		groups = append(groups, b.String())
		b.Reset()
	}
	groups = append(groups, b.String())

	western := len(groups[0]) >= 1 && len(groups[0]) <= 3
	for _, g := range groups[1:] {
		western = western && len(g) == 3
	}
	indian := false
	if sep == ',' && !decimalComma && len(groups) >= 3 {
		indian = len(groups[0]) >= 1 && len(groups[0]) <= 2 && len(groups[len(groups)-1]) == 3
		for _, g := range groups[1 : len(groups)-1] {
			indian = indian && len(g) == 2
		}
	}
	if !(western || indian) || groups[0] == "" || groups[0][0] == '0' {
		return "", false, false
	}
	return strings.Join(groups, ""), true, true
}

// quoteShort quotes s for an error message, cut to a readable length.
func quoteShort(s string) string {
	const max = 24
	if utf8.RuneCountInString(s) > max {
		runes := []rune(s)
		s = string(runes[:max]) + "…"
	}
	return strconv.Quote(s)
}
