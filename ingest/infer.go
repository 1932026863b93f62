package ingest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/casegraph/casegraph/ingest/parse"
)

// Guessing a date column's pattern from its values: every run samples the
// cells of each column it reads as dates, and its report says, per column,
// which pattern fits them (DateColumn). A dry run of a mapping that gives
// no dateFormats shows what to write; the mapping wizard asks the same
// question of a file's sample (InferDateFormat).

// inferPatterns are the patterns a guess is chosen from, in the order a
// tie goes (day before month: most of the world writes it so). A two-letter
// day or month also reads one digit, so d/M/yyyy needs no entry of its own.
var inferPatterns = []string{
	"yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd", "yyyyMMdd",
	"dd/MM/yyyy", "MM/dd/yyyy", "dd.MM.yyyy", "MM.dd.yyyy", "dd-MM-yyyy", "MM-dd-yyyy",
	"dd/MM/yy", "MM/dd/yy", "dd.MM.yy", "dd-MM-yy",
	"d MMM yyyy", "d MMMM yyyy", "dd-MMM-yyyy", "dd-MMM-yy", "d MMM yy", "d. MMMM yyyy",
	"MMM d, yyyy", "MMMM d, yyyy", "MMM d yyyy", "MMMM d yyyy",
	"EEE, d MMM yyyy", "EEEE, d MMMM yyyy", "EEEE, MMMM d, yyyy", "EEE MMM d yyyy",
	"yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss",
	"dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm",
	"MM/dd/yyyy h:mm a", "MM/dd/yyyy h:mm:ss a", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm",
	"yyyy-MM", "MM/yyyy", "MM.yyyy", "MMM yyyy", "MMMM yyyy", "MMM-yy", "yyyy",
}

// inferFormats are inferPatterns compiled; a test checks they all compile.
var inferFormats = func() []parse.DateFormat {
	out := make([]parse.DateFormat, 0, len(inferPatterns))
	for _, p := range inferPatterns {
		if f, err := parse.ParseDateFormat(p); err == nil {
			out = append(out, f)
		}
	}
	return out
}()

// isoPatterns are the guesses that need no dateFormats: ISO is always read.
var isoPatterns = map[string]bool{"yyyy-MM-dd": true, "yyyy-MM": true, "yyyy": true}

// PatternFit is one guessed pattern and how many sampled values it reads.
type PatternFit struct {
	Pattern  string `json:"pattern"`
	Language string `json:"language"`
	Fits     int    `json:"fits"`
	Example  string `json:"example"`
}

// DateGuess is what a column's sampled values look like as dates.
type DateGuess struct {
	// Patterns read the values, the one that reads most first; more than
	// one when no single pattern reads them all (at most three).
	Patterns []PatternFit `json:"patterns"`
	Sampled  int          `json:"sampled"` // distinct non-empty values looked at
	Fits     int          `json:"fits"`    // of those, read by one of Patterns
	// Serials are values that are Excel day numbers (40607 is 2011-03-05),
	// read as such without a pattern; they are not in Sampled.
	Serials int `json:"serials"`
	// Unfit are a few values no pattern reads.
	Unfit []string `json:"unfit"`
	// Ambiguous are other patterns that read as many values as the first
	// but as other dates (dd/MM/yyyy and MM/dd/yyyy when no day is above
	// 12): a person must choose.
	Ambiguous []string `json:"ambiguous"`
}

// Pattern is the best guess, or "".
func (g DateGuess) Pattern() string {
	if len(g.Patterns) == 0 {
		return ""
	}
	return g.Patterns[0].Pattern
}

// NeedsFormats reports whether reading the values takes dateFormats: a
// guess of ISO patterns only does not.
func (g DateGuess) NeedsFormats() bool {
	for _, p := range g.Patterns {
		if !isoPatterns[p.Pattern] {
			return true
		}
	}
	return false
}

// Formats are the guessed patterns, as a mapping's formats list.
func (g DateGuess) Formats() []string {
	out := make([]string, 0, len(g.Patterns))
	for _, p := range g.Patterns {
		out = append(out, p.Pattern)
	}
	return out
}

// maxGuessPatterns is how many patterns a guess may combine.
const maxGuessPatterns = 3

// InferDateFormat guesses the pattern of date values: it tries every
// pattern people commonly write (inferPatterns) on the distinct non-empty
// values and keeps the one that reads most of them; if some are left, the
// one that reads most of those, and so on (at most three). A tie between
// patterns that read the same values as other dates (05/03/2011: dd/MM or
// MM/dd) is reported in Ambiguous; values such as 25/03/2011 settle it.
func InferDateFormat(values []string) DateGuess {
	var g DateGuess
	var vals []string
	seen := map[string]bool{}
	for _, v := range values {
		t, err := parse.Text(v)
		if err != nil || t == "" || seen[t] {
			continue
		}
		seen[t] = true
		if parse.IsExcelSerial(t) {
			g.Serials++
			continue
		}
		vals = append(vals, t)
	}
	g.Sampled = len(vals)
	if len(vals) == 0 {
		return g
	}
	// reads[i][j] is the date format i reads value j as, "" if none.
	reads := make([][]string, len(inferFormats))
	for i, f := range inferFormats {
		reads[i] = make([]string, len(vals))
		for j, v := range vals {
			if d, ok := f.Fits(v); ok {
				reads[i][j] = d
			}
		}
	}
	left := make([]bool, len(vals)) // read by no pattern chosen yet
	for j := range left {
		left[j] = true
	}
	for round := 0; round < maxGuessPatterns; round++ {
		best, bestN := -1, 0
		counts := make([]int, len(inferFormats))
		for i := range inferFormats {
			for j := range vals {
				if left[j] && reads[i][j] != "" {
					counts[i]++
				}
			}
			if counts[i] > bestN {
				best, bestN = i, counts[i]
			}
		}
		if best < 0 {
			break
		}
		if round == 0 {
			g.Ambiguous = ambiguous(reads, counts, best)
		}
		fit := PatternFit{Pattern: inferFormats[best].Text, Language: inferFormats[best].Language, Fits: bestN}
		for j := range vals {
			if left[j] && reads[best][j] != "" {
				if fit.Example == "" {
					fit.Example = vals[j]
				}
				left[j] = false
			}
		}
		g.Patterns = append(g.Patterns, fit)
		g.Fits += bestN
	}
	for j, v := range vals {
		if left[j] && len(g.Unfit) < 3 {
			g.Unfit = append(g.Unfit, v)
		}
	}
	return g
}

// ambiguous lists the patterns that read as many values as best and read
// at least one of them as another date.
func ambiguous(reads [][]string, counts []int, best int) []string {
	var out []string
	for i := range inferFormats {
		if i == best || counts[i] != counts[best] {
			continue
		}
		for j := range reads[best] {
			if reads[best][j] != "" && reads[i][j] != "" && reads[best][j] != reads[i][j] {
				out = append(out, inferFormats[i].Text)
				break
			}
		}
	}
	return out
}

// DateColumn is what a run read in one column mapped as dates.
type DateColumn struct {
	Column string `json:"column"` // "a + b" for a value joined from columns
	// Formats are the mapping's patterns for it (none: ISO only).
	Formats []string  `json:"formats"`
	Values  int64     `json:"values"` // non-empty cells read as dates
	Failed  int64     `json:"failed"` // of those, cells no pattern read
	Guess   DateGuess `json:"guess"`  // what a sample of its values look like
}

// String says in one line what was read and what to write, such as
// `date column "begin_date": no dateFormats given; its values look like
// "MMM d, yyyy" (Unicode pattern), which reads 200 of 200 sampled values
// ("Mar 25, 2015") → add formats: ["MMM d, yyyy"]`.
func (d *DateColumn) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "date column %q: ", d.Column)
	g := d.Guess
	switch {
	case len(d.Formats) > 0 && d.Failed == 0:
		fmt.Fprintf(&b, "%s read all %s values", quoteList(d.Formats), thousands(d.Values))
		return b.String()
	case len(d.Formats) > 0:
		fmt.Fprintf(&b, "%s of %s values did not parse with %s", thousands(d.Failed), thousands(d.Values), quoteList(d.Formats))
	case d.Failed == 0 && !g.NeedsFormats():
		fmt.Fprintf(&b, "ISO dates, all %s read without dateFormats", thousands(d.Values))
		return b.String()
	default:
		b.WriteString("no dateFormats given")
		if d.Failed > 0 {
			fmt.Fprintf(&b, ", and %s of %s values are not ISO dates", thousands(d.Failed), thousands(d.Values))
		}
	}
	b.WriteString("; ")
	b.WriteString(g.describe())
	if g.NeedsFormats() && g.Fits > 0 {
		fmt.Fprintf(&b, " → add formats: %s", quoteList(g.Formats()))
	}
	return b.String()
}

// describe is the guess in words.
func (g DateGuess) describe() string {
	if g.Sampled == 0 {
		if g.Serials > 0 {
			return fmt.Sprintf("the %d values sampled are Excel day numbers, read as such", g.Serials)
		}
		return "no values to look at"
	}
	if len(g.Patterns) == 0 {
		return fmt.Sprintf("no common pattern reads its values, such as %s", quoteList(g.Unfit))
	}
	var b strings.Builder
	p := g.Patterns[0]
	fmt.Fprintf(&b, "its values look like %q (%s), which reads %d of %d sampled values (%q)",
		p.Pattern, parse.LanguageNoun(p.Language, 1), p.Fits, g.Sampled, p.Example)
	for _, q := range g.Patterns[1:] {
		fmt.Fprintf(&b, ", and %q %d more (%q)", q.Pattern, q.Fits, q.Example)
	}
	if len(g.Unfit) > 0 {
		fmt.Fprintf(&b, "; none reads %s", quoteList(g.Unfit))
	}
	if len(g.Ambiguous) > 0 {
		fmt.Fprintf(&b, "; ambiguous: %s reads as many of them as other dates (no day above 12 among them), so check a few by hand",
			quoteList(g.Ambiguous))
	}
	return b.String()
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// thousands writes n with thousands separators: 4,501.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Sampling: the first sampleFirst distinct values of a column, and a
// uniform sample of sampleRest of all its values, so that a file sorted
// by date is not judged by its first weeks alone.
const (
	sampleFirst = 100
	sampleRest  = 150
)

// dateSampler records the cells one column's date spec reads.
type dateSampler struct {
	col       DateColumn
	first     []string
	seen      map[string]bool
	reservoir []string
	offered   int64
	rng       *rand.Rand
}

// sampler is the sampler of a column read with formats, shared by every
// spec that reads the same column the same way.
func (c *compiled) sampler(byKey map[string]*dateSampler, columns, formats []string) *dateSampler {
	label := strings.Join(columns, " + ")
	key := label + "\x00" + strings.Join(formats, "\x00")
	if s := byKey[key]; s != nil {
		return s
	}
	s := &dateSampler{col: DateColumn{Column: label, Formats: formats}, seen: map[string]bool{},
		rng: rand.New(rand.NewPCG(uint64(len(c.dateCols)), 0x5eed))} // a fixed seed: the same file, the same report
	byKey[key] = s
	c.dateCols = append(c.dateCols, s)
	return s
}

// record counts one non-empty cell and samples it; ok says whether it was
// read as a date. A nil sampler records nothing.
func (s *dateSampler) record(v string, ok bool) {
	if s == nil {
		return
	}
	s.col.Values++
	if !ok {
		s.col.Failed++
	}
	if len(s.first) < sampleFirst {
		if !s.seen[v] {
			s.seen[v] = true
			s.first = append(s.first, v)
		}
		return
	}
	s.offered++
	if len(s.reservoir) < sampleRest {
		s.reservoir = append(s.reservoir, v)
	} else if i := s.rng.Int64N(s.offered); i < sampleRest {
		s.reservoir[i] = v
	}
}

// report is the column's line of the run's report, its guess made.
func (s *dateSampler) report() *DateColumn {
	d := s.col
	d.Guess = InferDateFormat(append(append([]string{}, s.first...), s.reservoir...))
	return &d
}

// dateColumns are the date columns of a table input, once read.
func (t *tableSource) dateColumns() []*DateColumn {
	out := make([]*DateColumn, 0, len(t.c.dateCols))
	for _, s := range t.c.dateCols {
		if s.col.Values > 0 {
			out = append(out, s.report())
		}
	}
	return out
}
