package parse

import (
	"strings"
	"testing"
)

// TestDatePatterns reads cells with one pattern of each language; every
// pattern is the only one given, so ISO cannot answer for it.
func TestDatePatterns(t *testing.T) {
	tests := []struct {
		pattern, lang, in, want string
	}{
		// Unicode (Excel, Java, ICU)
		{"dd/MM/yyyy", LangUnicode, "05/03/2011", "2011-03-05"},
		{"dd/MM/yyyy", LangUnicode, "5/3/2011", "2011-03-05"},
		{"d/M/yyyy", LangUnicode, "05/03/2011", "2011-03-05"},
		{"MM/dd/yyyy", LangUnicode, "03/05/2011", "2011-03-05"},
		{"dd/mm/yyyy", LangUnicode, "05/03/2011", "2011-03-05"}, // mm is the month without hours
		{"DD/MM/YYYY", LangUnicode, "05/03/2011", "2011-03-05"},
		{"dd.MM.yy", LangUnicode, "05.03.11", "2011-03-05"},
		{"yyyyMMdd", LangUnicode, "20110305", "2011-03-05"},
		{"yyyy-MM-dd", LangUnicode, "2011-03-05", "2011-03-05"},
		{"MMM d, yyyy", LangUnicode, "Mar 25, 2015", "2015-03-25"},
		{"MMM d, yyyy", LangUnicode, "MAR 5, 2015", "2015-03-05"},
		{"MMMM d, yyyy", LangUnicode, "March 25, 2015", "2015-03-25"},
		{"d MMMM yyyy", LangUnicode, "5 March 2011", "2011-03-05"},
		{"dd-MMM-yy", LangUnicode, "05-Mar-11", "2011-03-05"},
		{"dd-mmm-yyyy", LangUnicode, "05-Mar-2011", "2011-03-05"}, // Excel's mmm
		{"EEE, d MMM yyyy HH:mm:ss", LangUnicode, "Sat, 5 Mar 2011 14:30:00", "2011-03-05"},
		{"dddd, d MMMM yyyy", LangUnicode, "Saturday, 5 March 2011", "2011-03-05"},
		{"dd/MM/yyyy HH:mm", LangUnicode, "05/03/2011 14:30", "2011-03-05"},
		{"HH:mm dd/mm/yyyy", LangUnicode, "14:30 05/03/2011", "2011-03-05"}, // mm after hours is minutes, Excel's way
		{"dd/mm/yyyy hh:mm:ss", LangUnicode, "05/03/2011 02:30:00", "2011-03-05"},
		{"MM/dd/yyyy h:mm a", LangUnicode, "03/05/2011 2:30 PM", "2011-03-05"},
		{"yyyy-MM-dd'T'HH:mm:ss", LangUnicode, "2011-03-05T14:30:00", "2011-03-05"},
		{"yyyy-MM-ddTHH:mm:ss.SSS", LangUnicode, "2011-03-05T14:30:00.123", "2011-03-05"},
		{"d 'de' MMMM 'de' yyyy", LangUnicode, "5 de March de 2011", "2011-03-05"},
		{"dd/MM/yyyy 'o''clock'", LangUnicode, "05/03/2011 o'clock", "2011-03-05"},
		// strftime
		{"%d.%m.%Y", LangStrftime, "05.03.2011", "2011-03-05"},
		{"%d.%m.%Y", LangStrftime, "5.3.2011", "2011-03-05"},
		{"%b %d, %Y", LangStrftime, "Mar 25, 2015", "2015-03-25"},
		{"%B %d, %Y", LangStrftime, "March 25, 2015", "2015-03-25"},
		{"%e %B %Y", LangStrftime, " 5 March 2011", "2011-03-05"},
		{"%-d/%-m/%Y", LangStrftime, "5/3/2011", "2011-03-05"},
		{"%d/%m/%y", LangStrftime, "05/03/11", "2011-03-05"},
		{"%Y%m%d", LangStrftime, "20110305", "2011-03-05"},
		{"%A, %d %B %Y", LangStrftime, "Saturday, 05 March 2011", "2011-03-05"},
		{"%F", LangStrftime, "2011-03-05", "2011-03-05"},
		{"%d/%m/%Y %H:%M:%S", LangStrftime, "05/03/2011 14:30:00", "2011-03-05"},
		{"%m/%d/%Y %I:%M %p", LangStrftime, "03/05/2011 02:30 PM", "2011-03-05"},
		{"%Y-%m-%d %H:%M:%S.%f", LangStrftime, "2011-03-05 14:30:00.123456", "2011-03-05"},
		{"%d%%%m%%%Y", LangStrftime, "05%03%2011", "2011-03-05"},
		// Go layouts, as before
		{"02/01/2006", LangGo, "05/03/2011", "2011-03-05"},
		{"Jan 2, 2006", LangGo, "Mar 25, 2015", "2015-03-25"},
		{"January 2, 2006", LangGo, "March 25, 2015", "2015-03-25"},
		// partial dates stay partial
		{"yyyy", LangUnicode, "2011", "2011"},
		{"MMM yyyy", LangUnicode, "Mar 2011", "2011-03"},
		{"MMMM yyyy", LangUnicode, "march 2011", "2011-03"},
		{"MM/yyyy", LangUnicode, "03/2011", "2011-03"},
		{"'FY'yyyy", LangUnicode, "FY2011", "2011"},
		{"%B %Y", LangStrftime, "March 2011", "2011-03"},
		{"%Y", LangStrftime, "2011", "2011"},
		{"%m/%Y", LangStrftime, "3/2011", "2011-03"},
		{"Jan 2006", LangGo, "Mar 2011", "2011-03"},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+"/"+tc.in, func(t *testing.T) {
			f, err := ParseDateFormat(tc.pattern)
			if err != nil {
				t.Fatalf("ParseDateFormat(%q): %v", tc.pattern, err)
			}
			if f.Language != tc.lang {
				t.Errorf("ParseDateFormat(%q) is a %s, want %s", tc.pattern, f.Language, tc.lang)
			}
			got, ok := f.Fits(tc.in)
			if !ok || got != tc.want {
				t.Errorf("%s reads %q as %q (fits %v), want %q", f, tc.in, got, ok, tc.want)
			}
			if got, err := Date(tc.in, []string{tc.pattern}); got != tc.want || err != nil {
				t.Errorf("Date(%q, %q) = %q, %v; want %q", tc.in, tc.pattern, got, err, tc.want)
			}
			if partial := len(tc.want) < len("2006-01-02"); f.Partial() != partial {
				t.Errorf("%s: Partial() = %v, want %v", f, f.Partial(), partial)
			}
		})
	}
}

// TestDatePatternsRefuse: values a pattern must not read, so that a
// pattern is not a guess that happens to fit.
func TestDatePatternsRefuse(t *testing.T) {
	tests := []struct{ pattern, in string }{
		{"dd/MM/yyyy", "03/25/2015"},   // no month 25
		{"MM/dd/yyyy", "25/03/2015"},   // no month 25
		{"MMM d, yyyy", "25 Mar 2015"}, // order
		{"MMM d, yyyy", "March 25, 2015"},
		{"dd/MM/yyyy", "2015-03-25"},
		{"%d.%m.%Y", "05/03/2011"},
		{"yyyy", "2011-03"},
		{"dd/MM/yyyy", "30/02/2011"}, // no such day
		{"HH:mm dd/mm/yyyy", "14:30 05/13/2011"},
	}
	for _, tc := range tests {
		f, err := ParseDateFormat(tc.pattern)
		if err != nil {
			t.Fatalf("ParseDateFormat(%q): %v", tc.pattern, err)
		}
		if got, ok := f.Fits(tc.in); ok {
			t.Errorf("%s reads %q as %q; it should not", f, tc.in, got)
		}
	}
}

func TestBadDatePatterns(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{"dd/MM/yyyq", `unknown letter "q"`},
		{"dd/MM", "has no year"},
		{"%d.%m", "has no year"},
		{"%d.%m.%Q", "unknown directive %Q"},
		{"%d.%m.%Y%", "lone %"},
		{"yyyy'01'", "has no year"}, // a digit makes it a Go layout
		{"'Q1' %Y", "digits"},
		{"dd 'Jan' yyyy", "literal text"},
		{"2 Jan", "has no year"},
		{"'dd/MM/yyyy", "not closed"},
		{"HH:mm:SSS yyyy", "fraction of a second"},
		{"%S%f %Y", "%f must follow"},
		{"DDD yyyy", "day of the year"},
		{"  ", "empty"},
	}
	for _, tc := range tests {
		_, err := ParseDateFormat(tc.pattern)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseDateFormat(%q) = %v, want an error with %q", tc.pattern, err, tc.want)
			continue
		}
		if tc.want == "empty" {
			continue
		}
		// a pattern that cannot be read names the languages accepted
		for _, lang := range []string{"Unicode", "strftime", "Go layout", "dd/MM/yyyy"} {
			if !strings.Contains(err.Error(), lang) {
				t.Errorf("ParseDateFormat(%q) = %v: the error does not name %q", tc.pattern, err, lang)
			}
		}
	}
	if _, err := NewDateParser([]string{"dd/MM/yyyy", "yyyy-mm-qq"}); err == nil || !strings.Contains(err.Error(), `"yyyy-mm-qq"`) {
		t.Errorf("NewDateParser with a bad pattern = %v, want an error naming it", err)
	}
}

// TestDateErrorNamesLanguages: a cell no pattern reads is an error that
// lists the patterns with their languages.
func TestDateErrorNamesLanguages(t *testing.T) {
	_, err := Date("next Tuesday", []string{"dd/MM/yyyy", "MMM d, yyyy", "%d.%m.%Y", "Jan 2, 2006"})
	want := `not a date in "dd/MM/yyyy", "MMM d, yyyy" (Unicode patterns), "%d.%m.%Y" (strftime pattern), "Jan 2, 2006" (Go layout) nor ISO (yyyy-MM-dd, yyyy-MM, yyyy)`
	if errText(err) != want {
		t.Errorf("got %q\nwant %q", errText(err), want)
	}
	var de *DateError
	if !asDateError(err, &de) || len(de.Tried) != 4 || de.Tried[2].Language != LangStrftime {
		t.Errorf("the error is not a *DateError with the four patterns: %#v", err)
	}
}

func asDateError(err error, target **DateError) bool {
	de, ok := err.(*DateError)
	*target = de
	return ok
}
