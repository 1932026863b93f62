package parse

import (
	"math"
	"sort"
	"strings"
	"testing"
)

// errText is the message of err, "" for nil, so expected errors compare
// exactly.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want, err string
	}{
		{name: "empty", in: "", want: ""},
		{name: "only spaces", in: "   \t\n ", want: ""},
		{name: "only NBSP", in: "\u00a0\u00a0", want: ""},
		{name: "clean", in: "Michael Lacey", want: "Michael Lacey"},
		{name: "surrounding spaces", in: "  Michael Lacey  ", want: "Michael Lacey"},
		{name: "inner run of spaces", in: "Michael    Lacey", want: "Michael Lacey"},
		{name: "NBSP", in: "Michael\u00a0Lacey\u00a0", want: "Michael Lacey"},
		{name: "NBSP run", in: "K&H\u00a0 \u00a0Bank", want: "K&H Bank"},
		{name: "tabs and newlines", in: "Village\tVoice\r\nMedia\n", want: "Village Voice Media"},
		{name: "other unicode spaces", in: "\u3000a\u2003b\u202fc\u2028", want: "a b c"},
		{name: "NEL is a space", in: "a\u0085b", want: "a b"},
		{name: "BOM prefix", in: "\ufeffname", want: "name"},
		{name: "BOM then spaces", in: "\ufeff  name ", want: "name"},
		{name: "zero width space", in: "a\u200b b", want: "a b"},
		{name: "control characters", in: "a\x00b\x07c\x1fd\x7fe", want: "abcde"},
		{name: "control between spaces", in: "a \x00 b", want: "a b"},
		{name: "C1 control", in: "\u0080x\u009f", want: "x"},
		{name: "escape sequence", in: "\x1b[31mred\x1b[0m", want: "[31mred[0m"},
		{name: "accents kept", in: "Zoë  Ærø Đorđević", want: "Zoë Ærø Đorđević"},
		{name: "replacement char kept", in: "a\ufffdb", want: "a\ufffdb"},
		{name: "emoji kept", in: " 👍 ", want: "👍"},
		{name: "invalid byte", in: "a\xffb", err: "invalid UTF-8"},
		{name: "truncated sequence", in: "caf\xc3", err: "invalid UTF-8"},
		{name: "latin-1 bytes", in: "Gy\xf5r", err: "invalid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Text(tc.in)
			if got != tc.want || errText(err) != tc.err {
				t.Errorf("Text(%q) = %q, %q; want %q, %q", tc.in, got, errText(err), tc.want, tc.err)
			}
		})
	}
}

// mappingFormats are the dateFormats of the example in docs/mapping.md.
var mappingFormats = []string{"MMM d, yyyy", "MMMM d, yyyy", "MM/dd/yyyy"}

func TestDate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		formats []string
		want    string
		err     string
	}{
		{name: "short month", in: "Mar 5, 2011", formats: mappingFormats, want: "2011-03-05"},
		{name: "long month", in: "March 5, 2011", formats: mappingFormats, want: "2011-03-05"},
		{name: "lower-case month", in: "mar 5, 2011", formats: mappingFormats, want: "2011-03-05"},
		{name: "upper-case month", in: "MARCH 5, 2011", formats: mappingFormats, want: "2011-03-05"},
		{name: "two-digit day", in: "Mar 15, 2011", formats: mappingFormats, want: "2011-03-15"},
		{name: "stray spaces", in: "  Mar  5,  2011 ", formats: mappingFormats, want: "2011-03-05"},
		{name: "NBSP", in: "\u00a0Mar\u00a05,\u00a02011\u00a0", formats: mappingFormats, want: "2011-03-05"},
		{name: "day first", in: "05/03/2011", formats: []string{"02/01/2006"}, want: "2011-03-05"},
		{name: "month first", in: "05/03/2011", formats: mappingFormats, want: "2011-05-03"},
		{name: "first matching layout wins", in: "05/03/2011", formats: []string{"01/02/2006", "02/01/2006"}, want: "2011-05-03"},
		{name: "two-digit year", in: "05.03.11", formats: []string{"02.01.06"}, want: "2011-03-05"},
		{name: "day of year", in: "2011-064", formats: []string{"2006-002"}, want: "2011-03-05"},
		{name: "weekday in layout", in: "Saturday, 5 March 2011", formats: []string{"Monday, 2 January 2006"}, want: "2011-03-05"},
		{name: "layout with time", in: "05/03/2011 14:30", formats: []string{"02/01/2006 15:04"}, want: "2011-03-05"},
		{name: "ISO", in: "2011-03-05", formats: nil, want: "2011-03-05"},
		{name: "ISO after formats", in: "2011-03-05", formats: []string{"02/01/2006"}, want: "2011-03-05"},
		{name: "ISO with spaces", in: " 2011-03-05\u00a0", formats: nil, want: "2011-03-05"},
		{name: "ISO month", in: "2011-03", formats: mappingFormats, want: "2011-03"},
		{name: "ISO year", in: "2011", formats: mappingFormats, want: "2011"},
		{name: "layout without day", in: "March 2011", formats: []string{"January 2006"}, want: "2011-03"},
		{name: "short layout without day", in: "mar 2011", formats: []string{"Jan 2006"}, want: "2011-03"},
		{name: "numeric layout without day", in: "03/2011", formats: []string{"01/2006"}, want: "2011-03"},
		{name: "year-only layout", in: "FY2011", formats: []string{"FY2006"}, want: "2011"},
		{name: "RFC3339", in: "2011-03-05T10:00:00Z", formats: mappingFormats, want: "2011-03-05"},
		{name: "RFC3339 keeps the written date", in: "2011-03-05T23:30:00-05:00", formats: nil, want: "2011-03-05"},
		{name: "RFC3339 fraction", in: "2011-03-05T23:30:00.123+01:00", formats: nil, want: "2011-03-05"},
		{name: "timestamp without zone", in: "2011-03-05 10:20:30", formats: nil, want: "2011-03-05"},
		{name: "excel serial", in: "40607", formats: mappingFormats, want: "2011-03-05"},
		{name: "excel serial with time", in: "40607.75", formats: mappingFormats, want: "2011-03-05"},
		{name: "excel serial with spaces", in: " 40607 ", formats: nil, want: "2011-03-05"},
		{name: "excel serial lowest", in: "20000", formats: nil, want: "1954-10-03"},
		{name: "excel serial highest", in: "80000", formats: nil, want: "2119-01-11"},
		{name: "layout before serial", in: "25064", formats: []string{"06002"}, want: "2025-03-05"},
		{name: "leap day", in: "2012-02-29", formats: nil, want: "2012-02-29"},

		{name: "empty", in: "", formats: mappingFormats, err: "not a date: empty"},
		{name: "blank", in: " \u00a0\t", formats: mappingFormats, err: "not a date: empty"},
		{name: "invalid UTF-8", in: "2011-03-05\xff", formats: nil, err: "not a date: invalid UTF-8"},
		{name: "words", in: "last spring", formats: mappingFormats,
			err: `not a date in "MMM d, yyyy", "MMMM d, yyyy", "MM/dd/yyyy" (Unicode patterns) nor ISO (yyyy-MM-dd, yyyy-MM, yyyy)`},
		{name: "no formats", in: "5 March 2011", formats: nil,
			err: `not a date in ISO (yyyy-MM-dd, yyyy-MM, yyyy); no date patterns were given`},
		{name: "formats listed once", in: "x", formats: []string{"2006", "02/01/2006", "2006-01-02"},
			err: `not a date in "2006", "02/01/2006", "2006-01-02" (Go layouts) nor ISO (yyyy-MM-dd, yyyy-MM, yyyy)`},
		{name: "no such day", in: "2011-02-30", formats: nil,
			err: `not a date in ISO (yyyy-MM-dd, yyyy-MM, yyyy); no date patterns were given`},
		{name: "not a leap year", in: "Feb 29, 2011", formats: mappingFormats,
			err: `not a date in "MMM d, yyyy", "MMMM d, yyyy", "MM/dd/yyyy" (Unicode patterns) nor ISO (yyyy-MM-dd, yyyy-MM, yyyy)`},
		{name: "long month for short layout", in: "March 5, 2011", formats: []string{"Jan 2, 2006"},
			err: `not a date in "Jan 2, 2006" (Go layout) nor ISO (yyyy-MM-dd, yyyy-MM, yyyy)`},
		{name: "layout without year refused", in: "5 Mar", formats: []string{"2 Jan"},
			err: `"2 Jan" (Go layout) has no year, and a date casegraph stores needs one; ` + DateFormatHelp},
		{name: "year zero", in: "0000", formats: nil, err: "not a date: year 0000"},
		{name: "number below serial range", in: "19999", formats: nil,
			err: `not a date in ISO (yyyy-MM-dd, yyyy-MM, yyyy); no date patterns were given`},
		{name: "number above serial range", in: "80001", formats: nil,
			err: `not a date in ISO (yyyy-MM-dd, yyyy-MM, yyyy); no date patterns were given`},
		{name: "negative serial", in: "-40607", formats: nil,
			err: `not a date in ISO (yyyy-MM-dd, yyyy-MM, yyyy); no date patterns were given`},
		{name: "serial with exponent", in: "4.0607e4", formats: nil,
			err: `not a date in ISO (yyyy-MM-dd, yyyy-MM, yyyy); no date patterns were given`},
		{name: "serial with text", in: "40607 days", formats: nil,
			err: `not a date in ISO (yyyy-MM-dd, yyyy-MM, yyyy); no date patterns were given`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Date(tc.in, tc.formats)
			if got != tc.want || errText(err) != tc.err {
				t.Errorf("Date(%q, %q) = %q, %q; want %q, %q", tc.in, tc.formats, got, errText(err), tc.want, tc.err)
			}
		})
	}
}

func TestExcelSerial(t *testing.T) {
	const rangeErr = "not a date: Excel serial out of range (1 to 2958465)"
	tests := []struct {
		name string
		in   float64
		want string
		err  string
	}{
		{name: "first day", in: 1, want: "1900-01-01"},
		{name: "end of January 1900", in: 31, want: "1900-01-31"},
		{name: "last real day before the bug", in: 59, want: "1900-02-28"},
		{name: "lotus leap day", in: 60, err: "not a date: Excel serial 60 is 1900-02-29, which does not exist"},
		{name: "first day after the bug", in: 61, want: "1900-03-01"},
		{name: "unix epoch", in: 25569, want: "1970-01-01"},
		{name: "Y2K", in: 36526, want: "2000-01-01"},
		{name: "2011-03-05", in: 40607, want: "2011-03-05"},
		{name: "time of day dropped", in: 40607.999, want: "2011-03-05"},
		{name: "last day", in: 2958465, want: "9999-12-31"},
		{name: "last day with time", in: 2958465.5, err: rangeErr},
		{name: "after the last day", in: 2958466, err: rangeErr},
		{name: "zero", in: 0, err: rangeErr},
		{name: "fraction of the first day", in: 0.5, err: rangeErr},
		{name: "negative", in: -1, err: rangeErr},
		{name: "NaN", in: math.NaN(), err: rangeErr},
		{name: "+Inf", in: math.Inf(1), err: rangeErr},
		{name: "-Inf", in: math.Inf(-1), err: rangeErr},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ExcelSerial(tc.in)
			if got != tc.want || errText(err) != tc.err {
				t.Errorf("ExcelSerial(%v) = %q, %q; want %q, %q", tc.in, got, errText(err), tc.want, tc.err)
			}
		})
	}
}

func TestAmount(t *testing.T) {
	tests := []struct {
		name         string
		in           string
		decimalComma bool
		want         float64
		currency     string
		err          string
	}{
		// the examples of docs/mapping.md and of the API
		{name: "dollars in millions", in: "$16.5 million", want: 16500000, currency: "USD"},
		{name: "grouped with cents", in: "16,500,000.00", want: 16500000},
		{name: "decimal comma", in: "1.234,56", decimalComma: true, want: 1234.56},
		{name: "parentheses", in: "(1,200)", want: -1200},
		{name: "code and space groups", in: "EUR 3 400", want: 3400, currency: "EUR"},
		{name: "code and bn", in: "HUF 5bn", want: 5e9, currency: "HUF"},
		{name: "k suffix", in: "12k", want: 12000},
		{name: "m suffix", in: "16.5m", want: 16500000},
		{name: "Million then code", in: "16.5 Million USD", want: 16500000, currency: "USD"},

		// plain numbers
		{name: "integer", in: "1200", want: 1200},
		{name: "decimal", in: "0.1", want: 0.1},
		{name: "leading point", in: ".5", want: 0.5},
		{name: "trailing point", in: "5.", want: 5},
		{name: "leading zeros", in: "007", want: 7},
		{name: "zero", in: "0", want: 0},
		{name: "negative zero is zero", in: "-0.00", want: 0},
		{name: "surrounding spaces", in: "  1200  ", want: 1200},
		{name: "NBSP around", in: "\u00a01200\u00a0", want: 1200},
		{name: "BOM", in: "\ufeff1200", want: 1200},
		{name: "many fraction digits", in: "3.14159265358979323846", want: 3.141592653589793},

		// separators
		{name: "comma groups", in: "1,234,567", want: 1234567},
		{name: "space groups", in: "1 234 567.5", want: 1234567.5},
		{name: "NBSP groups", in: "1\u00a0234\u00a0567", want: 1234567},
		{name: "narrow NBSP groups", in: "1\u202f234", want: 1234},
		{name: "apostrophe groups", in: "1'234'567.50", want: 1234567.5},
		{name: "typographic apostrophe groups", in: "1’234.50", want: 1234.5},
		{name: "mixed spaces count as one separator", in: "1 234\u00a0567", want: 1234567},
		{name: "indian grouping", in: "12,34,567.50", want: 1234567.5},
		{name: "long indian grouping", in: "1,23,45,67,890", want: 1234567890},
		{name: "decimal comma only", in: "0,5", decimalComma: true, want: 0.5},
		{name: "decimal comma with space groups", in: "1 234 567,89", decimalComma: true, want: 1234567.89},
		{name: "decimal comma with dot groups", in: "1.234.567", decimalComma: true, want: 1234567},
		{name: "decimal comma leading comma", in: ",75", decimalComma: true, want: 0.75},
		{name: "dot groups need decimalComma", in: "1.234", want: 1.234},
		{name: "comma is decimal with decimalComma", in: "1,234", decimalComma: true, want: 1.234},

		// signs
		{name: "minus", in: "-1,200.50", want: -1200.5},
		{name: "plus", in: "+1200", want: 1200},
		{name: "unicode minus", in: "\u22121200", want: -1200},
		{name: "minus before symbol", in: "-$1,200", want: -1200, currency: "USD"},
		{name: "minus after symbol", in: "$-1,200", want: -1200, currency: "USD"},
		{name: "minus after code and space", in: "USD - 1200", want: -1200, currency: "USD"},
		{name: "trailing minus", in: "1.234,56-", decimalComma: true, want: -1234.56},
		{name: "trailing minus then code", in: "1,200.00- USD", want: -1200, currency: "USD"},
		{name: "parentheses with symbol outside", in: "$(1,200.50)", want: -1200.5, currency: "USD"},
		{name: "parentheses with symbol inside", in: "(€1.200,50)", decimalComma: true, want: -1200.5, currency: "EUR"},
		{name: "parentheses and code", in: "(1 200) HUF", want: -1200, currency: "HUF"},

		// currencies
		{name: "dollar", in: "$5", want: 5, currency: "USD"},
		{name: "US dollar", in: "US$5", want: 5, currency: "USD"},
		{name: "canadian dollar", in: "C$5", want: 5, currency: "CAD"},
		{name: "euro before", in: "€5", want: 5, currency: "EUR"},
		{name: "euro after", in: "5 €", want: 5, currency: "EUR"},
		{name: "pound", in: "£5.50", want: 5.5, currency: "GBP"},
		{name: "yen", in: "¥500", want: 500, currency: "JPY"},
		{name: "forint", in: "5 000 Ft", want: 5000, currency: "HUF"},
		{name: "forint before", in: "Ft 5000", want: 5000, currency: "HUF"},
		{name: "code before no space", in: "USD16.5M", want: 16500000, currency: "USD"},
		{name: "code after", in: "3 400 EUR", want: 3400, currency: "EUR"},
		{name: "code CHF", in: "CHF 1'250.00", want: 1250, currency: "CHF"},
		{name: "code JPY", in: "JPY 500", want: 500, currency: "JPY"},
		{name: "unknown but well-formed code", in: "XYZ 5", want: 5, currency: "XYZ"},
		{name: "symbol and its code agree", in: "$5 USD", want: 5, currency: "USD"},
		{name: "US$ and USD agree", in: "US$ 5 USD", want: 5, currency: "USD"},

		// scale words
		{name: "thousand", in: "12 thousand", want: 12000},
		{name: "K", in: "12K", want: 12000},
		{name: "mn", in: "3.2mn", want: 3200000},
		{name: "mio", in: "EUR 1,5 Mio", decimalComma: true, want: 1500000, currency: "EUR"},
		{name: "M", in: "$1.25M", want: 1250000, currency: "USD"},
		{name: "billion", in: "2.5 billion", want: 2500000000},
		{name: "bn", in: "$1.1bn", want: 1100000000, currency: "USD"},
		{name: "b", in: "7b", want: 7e9},
		{name: "BN upper case", in: "7 BN", want: 7e9},
		{name: "scale then currency symbol", in: "16.5m €", want: 16500000, currency: "EUR"},
		{name: "scale without binary noise", in: "0.3m", want: 300000},
		{name: "scale small fraction", in: "1.1k", want: 1100},
		{name: "negative scaled", in: "-$2.5bn", want: -2.5e9, currency: "USD"},

		// exponents
		{name: "exponent", in: "1.65E+07", want: 16500000},
		{name: "lower-case exponent", in: "2e3", want: 2000},
		{name: "negative exponent", in: "5e-1", want: 0.5},
		{name: "exponent with decimal comma", in: "1,65E+07", decimalComma: true, want: 16500000},
		{name: "huge exponent of zero", in: "0e9999", want: 0},

		// errors
		{name: "empty", in: "", err: "not an amount: empty"},
		{name: "blank", in: " \u00a0 ", err: "not an amount: empty"},
		{name: "invalid UTF-8", in: "12\xff", err: "not an amount: invalid UTF-8"},
		{name: "only a symbol", in: "$", err: "not an amount: no digits"},
		{name: "only a dash", in: "-", err: "not an amount: no digits"},
		{name: "only a scale word", in: "million", err: "not an amount: no digits"},
		{name: "words", in: "n/a", err: `not an amount: unexpected "n"`},
		{name: "lower-case code", in: "5 usd", err: `not an amount: unexpected "usd"`},
		{name: "long word cut", in: "5 abcdefghijklmnopqrstuvwxyz", err: `not an amount: unexpected "abcdefghijklmnopqrstuvwx…"`},
		{name: "percent", in: "5%", err: `not an amount: unexpected "%"`},
		{name: "two currencies", in: "USD 5 EUR", err: "not an amount: two currencies (USD, EUR)"},
		{name: "two currency symbols", in: "$5 €", err: "not an amount: two currencies (USD, EUR)"},
		{name: "three currencies", in: "£ USD 5 EUR", err: "not an amount: 3 currencies (GBP, USD, EUR)"},
		{name: "two numbers", in: "5 - 10", err: "not an amount: more than one number"},
		{name: "two numbers with currencies", in: "USD 5 EUR 3", err: "not an amount: more than one number"},
		{name: "two signs", in: "--5", err: "not an amount: more than one sign"},
		{name: "sign and parentheses", in: "-(5)", err: "not an amount: both a sign and parentheses"},
		{name: "open parenthesis only", in: "(5", err: "not an amount: unbalanced parentheses"},
		{name: "close parenthesis only", in: "5)", err: "not an amount: unbalanced parentheses"},
		{name: "parentheses reversed", in: ")5(", err: "not an amount: unbalanced parentheses"},
		{name: "parentheses not around the number", in: "() 5", err: "not an amount: unbalanced parentheses"},
		{name: "sign after a currency after the number", in: "5 USD -", err: "not an amount: misplaced sign"},
		{name: "Swiss dash after the point", in: "5.-", err: `not an amount: ambiguous "5.-"`},
		{name: "two scale words", in: "5k million", err: "not an amount: more than one scale word"},
		{name: "scale word first", in: "million 5", err: "not an amount: scale word before the number"},
		{name: "malformed grouping", in: "1,23,4.5", err: `not an amount: bad digit grouping in "1,23,4.5"`},
		{name: "group of two", in: "12,34.5", err: `not an amount: bad digit grouping in "12,34.5"`},
		{name: "group of four", in: "1,2345", err: `not an amount: bad digit grouping in "1,2345" (decimal comma?)`},
		{name: "first group too long", in: "1234,567", err: `not an amount: bad digit grouping in "1234,567"`},
		{name: "leading zero group", in: "0,123", err: `not an amount: bad digit grouping in "0,123"`},
		{name: "leading separator", in: ",500", err: `not an amount: bad digit grouping in ",500"`},
		{name: "decimal comma without the option", in: "1,5", err: `not an amount: bad digit grouping in "1,5" (decimal comma?)`},
		{name: "decimal point with the option", in: "1.5", decimalComma: true, err: `not an amount: bad digit grouping in "1.5" (decimal point?)`},
		{name: "space groups then decimal comma", in: "1 234,56", err: `not an amount: bad digit grouping in "1 234,56" (decimal comma?)`},
		{name: "space group of two", in: "1 23", err: `not an amount: bad digit grouping in "1 23"`},
		{name: "comma after the point", in: "1.234,56", err: `not an amount: "1.234,56" has a ',' after the decimal point (decimal comma?)`},
		{name: "point after the comma", in: "1,234.56", decimalComma: true, err: `not an amount: "1,234.56" has a '.' after the decimal comma (decimal point?)`},
		{name: "multiple decimal points", in: "1.234.567", err: `not an amount: more than one decimal point in "1.234.567"`},
		{name: "multiple decimal commas", in: "16,500,000.00", decimalComma: true, err: `not an amount: more than one decimal comma in "16,500,000.00"`},
		{name: "doubled separator", in: "1,,000", err: `not an amount: unexpected ","`},
		{name: "overflow", in: "1" + strings.Repeat("0", 400), err: "not an amount: too large"},
		{name: "overflow by scale", in: "1e308 bn", err: "not an amount: too large"},
		{name: "overflow by exponent", in: "1e9999", err: "not an amount: too large"},
		{name: "exponent out of range", in: "1e99999", err: "not an amount: exponent out of range"},
		{name: "NaN", in: "NaN", err: `not an amount: unexpected "NaN"`},
		{name: "Inf", in: "Inf", err: `not an amount: unexpected "Inf"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, cur, err := Amount(tc.in, tc.decimalComma)
			if got != tc.want || math.Signbit(got) != math.Signbit(tc.want) || cur != tc.currency || errText(err) != tc.err {
				t.Errorf("Amount(%q, %v) = %v, %q, %q; want %v, %q, %q",
					tc.in, tc.decimalComma, got, cur, errText(err), tc.want, tc.currency, tc.err)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		name         string
		in           string
		decimalComma bool
		want         float64
		err          string
	}{
		{name: "plain", in: "42", want: 42},
		{name: "negative decimal", in: "-3.25", want: -3.25},
		{name: "grouped", in: "16,500,000.00", want: 16500000},
		{name: "decimal comma", in: "1.234,56", decimalComma: true, want: 1234.56},
		{name: "space groups and decimal comma", in: "1 234,5", decimalComma: true, want: 1234.5},
		{name: "scale", in: "12k", want: 12000},
		{name: "parentheses", in: "(7.5)", want: -7.5},
		{name: "spaces", in: "\u00a0 42 \t", want: 42},
		{name: "currency code", in: "USD 5", err: "not a number: has a currency (USD)"},
		{name: "currency symbol", in: "5€", err: "not a number: has a currency (EUR)"},
		{name: "empty", in: "", err: "not a number: empty"},
		{name: "text", in: "about 5", err: `not a number: unexpected "about"`},
		{name: "two currencies", in: "$5 EUR", err: "not a number: two currencies (USD, EUR)"},
		{name: "multiple points", in: "1.2.3", err: `not a number: more than one decimal point in "1.2.3"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Number(tc.in, tc.decimalComma)
			if got != tc.want || errText(err) != tc.err {
				t.Errorf("Number(%q, %v) = %v, %q; want %v, %q", tc.in, tc.decimalComma, got, errText(err), tc.want, tc.err)
			}
		})
	}
}

func TestInteger(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
		err  string
	}{
		{name: "plain", in: "52", want: 52},
		{name: "spreadsheet float", in: "52.0", want: 52},
		{name: "two zero decimals", in: "52.00", want: 52},
		{name: "negative", in: "-17", want: -17},
		{name: "spaces", in: "  52\u00a0", want: 52},
		{name: "comma groups", in: "1,234,567", want: 1234567},
		{name: "space groups", in: "1 234 567", want: 1234567},
		{name: "grouped with zero decimals", in: "1,000.000", want: 1000},
		{name: "zero", in: "0", want: 0},
		{name: "negative zero", in: "-0", want: 0},
		{name: "scale", in: "1.5k", want: 1500},
		{name: "exponent", in: "1.2E+04", want: 12000},
		{name: "largest", in: "9223372036854775807", want: math.MaxInt64},
		{name: "smallest", in: "-9223372036854775808", want: math.MinInt64},
		{name: "leading zeros", in: "000000000000000000000042", want: 42},
		{name: "fraction", in: "1.5", err: `not an integer: "1.5" has a fraction`},
		{name: "small fraction", in: "3.0001", err: `not an integer: "3.0001" has a fraction`},
		{name: "fraction left by scale", in: "1.2345k", err: `not an integer: "1.2345" has a fraction`},
		{name: "ambiguous thousands", in: "1.000", err: `not an integer: ambiguous "1.000" (a thousands separator or a decimal point?)`},
		{name: "too large", in: "9223372036854775808", err: "not an integer: too large"},
		{name: "too small", in: "-9223372036854775809", err: "not an integer: too large"},
		{name: "far too large", in: "5e30", err: "not an integer: too large"},
		{name: "currency", in: "$5", err: "not an integer: has a currency (USD)"},
		{name: "empty", in: "", err: "not an integer: empty"},
		{name: "text", in: "five", err: `not an integer: unexpected "five"`},
		{name: "decimal comma", in: "52,0", err: `not an integer: bad digit grouping in "52,0" (decimal comma?)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Integer(tc.in)
			if got != tc.want || errText(err) != tc.err {
				t.Errorf("Integer(%q) = %v, %q; want %v, %q", tc.in, got, errText(err), tc.want, tc.err)
			}
		})
	}
}

func TestBool(t *testing.T) {
	const expected = "not a bool: expected true/false, yes/no, y/n, 1/0 or t/f"
	tests := []struct {
		in   string
		want bool
		err  string
	}{
		{in: "true", want: true}, {in: "TRUE", want: true}, {in: "True", want: true},
		{in: "false", want: false}, {in: "FALSE", want: false}, {in: "False", want: false},
		{in: "yes", want: true}, {in: "YES", want: true}, {in: "Yes", want: true},
		{in: "no", want: false}, {in: "NO", want: false}, {in: "No", want: false},
		{in: "y", want: true}, {in: "Y", want: true},
		{in: "n", want: false}, {in: "N", want: false},
		{in: "1", want: true}, {in: "0", want: false},
		{in: "t", want: true}, {in: "T", want: true},
		{in: "f", want: false}, {in: "F", want: false},
		{in: "  yes ", want: true}, {in: "\u00a0N\u00a0", want: false}, {in: "\tTRUE\n", want: true},
		{in: "", err: "not a bool: empty"},
		{in: "   ", err: "not a bool: empty"},
		{in: "maybe", err: expected},
		{in: "2", err: expected},
		{in: "yess", err: expected},
		{in: "1.0", err: expected},
		{in: "y e s", err: expected},
		{in: "\xff", err: "not a bool: invalid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Bool(tc.in)
			if got != tc.want || errText(err) != tc.err {
				t.Errorf("Bool(%q) = %v, %q; want %v, %q", tc.in, got, errText(err), tc.want, tc.err)
			}
		})
	}
}

// outcomeCases holds every word Outcome knows, and TestOutcomeCoverage
// checks that it does.
var outcomeCases = []struct{ in, want string }{
	{"PENDING", "PENDING"}, {"pending", "PENDING"}, {"open", "PENDING"}, {"awaiting trial", "PENDING"},
	{"CONVICTED", "CONVICTED"}, {"convicted", "CONVICTED"}, {"guilty", "CONVICTED"},
	{"found guilty", "CONVICTED"}, {"conviction", "CONVICTED"},
	{"ACQUITTED", "ACQUITTED"}, {"acquitted", "ACQUITTED"}, {"not guilty", "ACQUITTED"},
	{"found not guilty", "ACQUITTED"}, {"acquittal", "ACQUITTED"},
	{"HUNG_JURY", "HUNG_JURY"}, {"hung jury", "HUNG_JURY"}, {"hung", "HUNG_JURY"},
	{"deadlocked", "HUNG_JURY"}, {"jury deadlocked", "HUNG_JURY"}, {"deadlocked jury", "HUNG_JURY"},
	{"no verdict", "HUNG_JURY"},
	{"MISTRIAL", "MISTRIAL"}, {"mistrial", "MISTRIAL"},
	{"DISMISSED", "DISMISSED"}, {"dismissed", "DISMISSED"}, {"dropped", "DISMISSED"}, {"dismissal", "DISMISSED"},
	{"PLEADED_GUILTY", "PLEADED_GUILTY"}, {"pleaded guilty", "PLEADED_GUILTY"}, {"pled guilty", "PLEADED_GUILTY"},
	{"plead guilty", "PLEADED_GUILTY"}, {"pleads guilty", "PLEADED_GUILTY"}, {"guilty plea", "PLEADED_GUILTY"},
	{"plea", "PLEADED_GUILTY"},
}

func TestOutcome(t *testing.T) {
	const expected = "not an outcome: expected one of PENDING, CONVICTED, ACQUITTED, HUNG_JURY, MISTRIAL, DISMISSED, PLEADED_GUILTY"
	tests := []struct{ in, want, err string }{
		// spelling variants
		{in: "Hung Jury", want: "HUNG_JURY"},
		{in: "hung-jury", want: "HUNG_JURY"},
		{in: "hung_jury", want: "HUNG_JURY"},
		{in: "HungJury", want: "HUNG_JURY"},
		{in: "  hung   jury ", want: "HUNG_JURY"},
		{in: "Pleaded-Guilty", want: "PLEADED_GUILTY"},
		{in: "pleaded_guilty", want: "PLEADED_GUILTY"},
		{in: "Pled Guilty", want: "PLEADED_GUILTY"},
		{in: "Guilty", want: "CONVICTED"},
		{in: "FOUND GUILTY", want: "CONVICTED"},
		{in: "\ufeffguilty\u00a0", want: "CONVICTED"},
		{in: "jury-deadlocked", want: "HUNG_JURY"},
		{in: "Awaiting Trial", want: "PENDING"},
		// "not guilty" is never a conviction
		{in: "Not Guilty", want: "ACQUITTED"},
		{in: "NOT GUILTY", want: "ACQUITTED"},
		{in: "not-guilty", want: "ACQUITTED"},
		{in: "not_guilty", want: "ACQUITTED"},
		{in: "notguilty", want: "ACQUITTED"},
		{in: "Found Not Guilty", want: "ACQUITTED"},
		// errors
		{in: "", err: "not an outcome: empty"},
		{in: " _-_ ", err: "not an outcome: empty"},
		{in: "innocent", err: expected},
		{in: "guilty?", err: expected},
		{in: "not guilty plea", err: expected},
		{in: "guilty, not guilty", err: expected},
		{in: "partly guilty", err: expected},
		{in: "\xff", err: "not an outcome: invalid UTF-8"},
	}
	for _, c := range outcomeCases {
		tests = append(tests, struct{ in, want, err string }{in: c.in, want: c.want})
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Outcome(tc.in)
			if got != tc.want || errText(err) != tc.err {
				t.Errorf("Outcome(%q) = %q, %q; want %q, %q", tc.in, got, errText(err), tc.want, tc.err)
			}
		})
	}
}

// TestOutcomeCoverage fails when Outcome learns a word that outcomeCases
// does not test.
func TestOutcomeCoverage(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range outcomeCases {
		tested[outcomeKey(c.in)] = true
	}
	var missing []string
	for key := range outcomes {
		if !tested[key] {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("outcome words without a test case: %q", missing)
	}
}
