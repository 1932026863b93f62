package parse

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func FuzzAmount(f *testing.F) {
	for _, s := range []string{
		"$16.5 million", "16,500,000.00", "1.234,56", "(1,200)", "EUR 3 400", "HUF 5bn", "12k",
		"16.5 Million USD", "US$16.5m", "1,23,4.5", "12,34,567.50", "1'234.50", "1\u00a0234",
		"-$2.5bn", "1.65E+07", "1e9999", "5.-", "1,200.00-", "USD 5 EUR", "£(5)", "5 000 Ft",
		"", " ", "-", "$", ".5", "5.", "0,5", "NaN", "1" + strings.Repeat("0", 400), "\xff",
		"52.0", "1.000", "9223372036854775808", "-9223372036854775808", "0e9999",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, decimalComma bool) {
		v, cur, err := Amount(s, decimalComma)
		if err != nil {
			if v != 0 || cur != "" {
				t.Fatalf("Amount(%q, %v) = %v, %q with error %v", s, decimalComma, v, cur, err)
			}
		} else {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("Amount(%q, %v) = %v", s, decimalComma, v)
			}
			if cur != "" && !isISOCode(cur) {
				t.Fatalf("Amount(%q, %v) currency %q", s, decimalComma, cur)
			}
			// the value written plainly reads back the same
			plain := strconv.FormatFloat(v, 'f', -1, 64)
			if decimalComma {
				plain = strings.Replace(plain, ".", ",", 1)
			}
			v2, cur2, err2 := Amount(plain, decimalComma)
			if err2 != nil || v2 != v || cur2 != "" {
				t.Fatalf("Amount(%q, %v) = %v, but Amount(%q) = %v, %q, %v", s, decimalComma, v, plain, v2, cur2, err2)
			}
		}

		n, nerr := Number(s, decimalComma)
		switch {
		case err != nil && nerr == nil:
			t.Fatalf("Number(%q, %v) = %v but Amount failed: %v", s, decimalComma, n, err)
		case err == nil && cur == "" && (nerr != nil || n != v):
			t.Fatalf("Number(%q, %v) = %v, %v; Amount = %v", s, decimalComma, n, nerr, v)
		case err == nil && cur != "" && nerr == nil:
			t.Fatalf("Number(%q, %v) = %v despite currency %q", s, decimalComma, n, cur)
		}

		i, ierr := Integer(s)
		if ierr == nil {
			f64, ferr := Number(s, false)
			if ferr != nil || f64 != float64(i) {
				t.Fatalf("Integer(%q) = %d but Number = %v, %v", s, i, f64, ferr)
			}
		}
	})
}

var isoDateRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

func FuzzDate(f *testing.F) {
	seeds := []struct{ s, layout string }{
		{"Mar 5, 2011", "Jan 2, 2006"}, {"March 5, 2011", "January 2, 2006"}, {"05/03/2011", "02/01/2006"},
		{"40607", ""}, {"40607.5", "2006"}, {"2011-03", ""}, {"2011", ""}, {"0000", ""},
		{"2011-03-05T23:30:00-05:00", ""}, {"Jan 2011", "Jan 2006"}, {"5 Mar", "2 Jan"},
		{"2011-064", "2006-002"}, {"Saturday 5", "Monday 2"}, {"", ""}, {"\xff", ""},
		{"  mar  5,  2011 ", "Jan _2, 2006"}, {"11 PM", "3 PM"}, {"60", ""}, {"80000", ""},
		{"Mar 25, 2015", "MMM d, yyyy"}, {"05.03.2011", "%d.%m.%Y"}, {"5/3/11", "d/M/yy"},
		{"2011-03-05T14:30", "yyyy-MM-dd'T'HH:mm"}, {"Mar 2011", "%b %Y"}, {"05-Mar-11", "dd-mmm-yy"},
	}
	for _, sd := range seeds {
		f.Add(sd.s, sd.layout)
	}
	f.Fuzz(func(t *testing.T, s, layout string) {
		var formats []string // a pattern in any language; "" for none
		if layout != "" {
			formats = []string{layout}
		}
		out, err := Date(s, formats)
		if err != nil {
			if out != "" {
				t.Fatalf("Date(%q, %q) = %q with error %v", s, layout, out, err)
			}
			return
		}
		if !isoDateRE.MatchString(out) {
			t.Fatalf("Date(%q, %q) = %q", s, layout, out)
		}
		if len(out) == len("2006-01-02") {
			d, perr := time.Parse("2006-01-02", out)
			if perr != nil || d.Format("2006-01-02") != out {
				t.Fatalf("Date(%q, %q) = %q, which does not parse back: %v", s, layout, out, perr)
			}
		}
		if again, err := Date(out, nil); again != out || err != nil {
			t.Fatalf("Date(%q, %q) = %q, but Date(%q, nil) = %q, %v", s, layout, out, out, again, err)
		}
	})
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"", " ", "Michael Lacey", "  a  b  ", "a\u00a0\u00a0b", "\ufeffname", "a\x00b", "a \x00 b",
		"\t\r\n", "a\u200b b", "\u3000x\u2028", "\xff", "caf\xc3", "\u0085", "a\ufffdb", "\x1b[0m",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Text(s)
		if err != nil {
			if utf8.ValidString(s) || out != "" {
				t.Fatalf("Text(%q) = %q, %v", s, out, err)
			}
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("Text(%q) accepted invalid UTF-8", s)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q, invalid UTF-8", s, out)
		}
		for _, r := range out {
			if unicode.IsControl(r) || r == '\uFEFF' {
				t.Fatalf("Text(%q) = %q keeps %U", s, out, r)
			}
			if unicode.IsSpace(r) && r != ' ' {
				t.Fatalf("Text(%q) = %q keeps space %U", s, out, r)
			}
		}
		if strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.Contains(out, "  ") {
			t.Fatalf("Text(%q) = %q, badly spaced", s, out)
		}
		if again, err := Text(out); again != out || err != nil {
			t.Fatalf("Text(%q) = %q, but Text(%q) = %q, %v", s, out, out, again, err)
		}
	})
}

func FuzzOutcome(f *testing.F) {
	for _, c := range outcomeCases {
		f.Add(c.in)
	}
	for _, s := range []string{"", "Not Guilty", "not-guilty", "NOT_GUILTY", "guilty?", "not guilty plea", "\xff", "hung\u00a0jury"} {
		f.Add(s)
	}
	valid := map[string]bool{
		"PENDING": true, "CONVICTED": true, "ACQUITTED": true, "HUNG_JURY": true,
		"MISTRIAL": true, "DISMISSED": true, "PLEADED_GUILTY": true,
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Outcome(s)
		if err != nil {
			if out != "" {
				t.Fatalf("Outcome(%q) = %q with error %v", s, out, err)
			}
			return
		}
		if !valid[out] {
			t.Fatalf("Outcome(%q) = %q", s, out)
		}
		if again, err := Outcome(out); again != out || err != nil {
			t.Fatalf("Outcome(%q) = %q, but Outcome(%q) = %q, %v", s, out, out, again, err)
		}
		if out == "CONVICTED" && strings.Contains(outcomeKey(s), "not") {
			t.Fatalf("Outcome(%q) = CONVICTED", s)
		}
	})
}
