package synth

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
)

var files = []string{"people.csv", "companies.csv", "agencies.csv", "banks.csv", "accounts.csv",
	"payments.csv", "meetings.csv", "attendance.csv", "cases.csv", "charges.csv", "mapping.yml"}

// odd sizes, more agencies and banks than the built-in lists hold
var testOptions = Options{Seed: 11, People: 137, Companies: 61, Agencies: 25, Banks: 50,
	Accounts: 400, Payments: 5000, Meetings: 77, Cases: 13, Charges: 60}

func generate(t *testing.T, o Options) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out") // Generate creates it
	if err := Generate(dir, o); err != nil {
		t.Fatal(err)
	}
	return dir
}

// table is a CSV file read back: header and rows.
type table struct {
	header []string
	rows   [][]string
}

func (tb table) col(name string) int { return slices.Index(tb.header, name) }

func readTable(t *testing.T, dir, file string) table {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return table{header: all[0], rows: all[1:]}
}

// readAll reads every table of dir.
func readAll(t *testing.T, dir string) map[string]table {
	t.Helper()
	out := map[string]table{}
	for _, f := range files {
		if strings.HasSuffix(f, ".csv") {
			out[f] = readTable(t, dir, f)
		}
	}
	return out
}

// ids maps the first column of a table to its row.
func ids(tb table) map[string][]string {
	out := make(map[string][]string, len(tb.rows))
	for _, r := range tb.rows {
		out[r[0]] = r
	}
	return out
}

func TestDeterministic(t *testing.T) {
	o := Scaled(3000, 42)
	a, b := generate(t, o), generate(t, o)
	for _, f := range files {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
	}

	var buf bytes.Buffer
	if err := WritePayments(&buf, o); err != nil {
		t.Fatal(err)
	}
	payments, _ := os.ReadFile(filepath.Join(a, "payments.csv"))
	if !bytes.Equal(buf.Bytes(), payments) {
		t.Error("WritePayments differs from Generate's payments.csv")
	}

	o.Seed = 43
	c := generate(t, o)
	for _, f := range []string{"people.csv", "companies.csv", "accounts.csv", "payments.csv", "meetings.csv", "charges.csv"} {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(c, f))
		if bytes.Equal(x, y) {
			t.Errorf("%s is the same for seeds 42 and 43", f)
		}
	}
}

func TestRowCountsAndHeaders(t *testing.T) {
	o := testOptions
	var last, total int64
	o.Progress = func(done, tot int64) { last, total = done, tot }
	tables := readAll(t, generate(t, o))
	for _, c := range []struct {
		file   string
		header []string
		rows   int
	}{
		{"people.csv", peopleHeader, o.People},
		{"companies.csv", companiesHeader, o.Companies},
		{"agencies.csv", agenciesHeader, o.Agencies},
		{"banks.csv", banksHeader, o.Banks},
		{"accounts.csv", accountsHeader, o.Accounts},
		{"payments.csv", paymentsHeader, o.Payments},
		{"meetings.csv", meetingsHeader, o.Meetings},
		{"cases.csv", casesHeader, o.Cases},
		{"charges.csv", chargesHeader, o.Charges},
	} {
		tb := tables[c.file]
		if !slices.Equal(tb.header, c.header) {
			t.Errorf("%s header = %v, want %v", c.file, tb.header, c.header)
		}
		if len(tb.rows) != c.rows {
			t.Errorf("%s has %d rows, want %d", c.file, len(tb.rows), c.rows)
		}
	}
	// The payments header is a contract with the ingest benchmark.
	if got := strings.Join(paymentsHeader, ","); got != "ref,date,amount,currency,payer_id,payer_name,payer_account,beneficiary_id,beneficiary_name,beneficiary_account,purpose" {
		t.Errorf("payments header = %s", got)
	}

	perMeeting := map[string][]string{}
	for _, r := range tables["attendance.csv"].rows {
		perMeeting[r[0]] = append(perMeeting[r[0]], r[1])
	}
	if len(perMeeting) != o.Meetings {
		t.Errorf("%d meetings have attendance, want %d", len(perMeeting), o.Meetings)
	}
	for m, people := range perMeeting {
		if len(people) < 2 || len(people) > 5 {
			t.Errorf("meeting %s has %d participants", m, len(people))
		}
		if len(slices.Compact(slices.Sorted(slices.Values(people)))) != len(people) {
			t.Errorf("meeting %s lists a participant twice: %v", m, people)
		}
	}

	want := int64(o.People + o.Companies + o.Agencies + o.Banks + o.Accounts + o.Payments + o.Meetings + o.Cases + o.Charges)
	if last != want || total != want {
		t.Errorf("last progress = %d of %d, want %d of %d", last, total, want, want)
	}
}

var (
	amountRe = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)
	idRe     = map[string]*regexp.Regexp{
		"p": regexp.MustCompile(`^p[0-9]{6,}$`), "c": regexp.MustCompile(`^c[0-9]{6,}$`),
		"a": regexp.MustCompile(`^a[0-9]{6,}$`), "t": regexp.MustCompile(`^t[0-9]{7,}$`),
	}
)

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestReferentialIntegrity(t *testing.T) {
	tables := readAll(t, generate(t, testOptions))
	people, companies := ids(tables["people.csv"]), ids(tables["companies.csv"])
	agenciesByID, banks := ids(tables["agencies.csv"]), ids(tables["banks.csv"])
	accounts, meetings := ids(tables["accounts.csv"]), ids(tables["meetings.csv"])
	cases := ids(tables["cases.csv"])

	party := func(id string) ([]string, bool) {
		if r, ok := people[id]; ok {
			return r, false
		}
		if r, ok := companies[id]; ok {
			return r, true
		}
		t.Fatalf("party %q is in neither people.csv nor companies.csv", id)
		return nil, false
	}

	ibans := map[string]bool{}
	for _, r := range tables["accounts.csv"].rows {
		party(r[2])
		b, ok := banks[r[3]]
		if !ok {
			t.Fatalf("account %s is at unknown bank %s", r[0], r[3])
		}
		if !validIBAN(r[1]) || r[1][:2] != strings.ToUpper(b[2]) {
			t.Errorf("account %s: IBAN %s is not a valid IBAN of a bank in %s", r[0], r[1], b[2])
		}
		if ibans[r[1]] {
			t.Errorf("IBAN %s appears twice", r[1])
		}
		ibans[r[1]] = true
	}

	paidFrom := map[string]bool{}
	pay := tables["payments.csv"]
	for _, r := range pay.rows {
		ref, date, amount, currency := r[0], r[1], r[2], r[3]
		payerID, payerName, payerAcct := r[4], r[5], r[6]
		payeeID, payeeName, payeeAcct, purpose := r[7], r[8], r[9], r[10]
		if !idRe["t"].MatchString(ref) || !idRe["a"].MatchString(payerAcct) || !idRe["a"].MatchString(payeeAcct) {
			t.Fatalf("payment %v: malformed id", r)
		}
		d, err := time.Parse("2006-01-02", date)
		if err != nil || d.Year() < 2005 || d.Year() > 2023 {
			t.Errorf("payment %s: date %q", ref, date)
		}
		if !amountRe.MatchString(amount) || amount == "0.00" {
			t.Errorf("payment %s: amount %q", ref, amount)
		}
		if !slices.Contains(currencies[:], currency) {
			t.Errorf("payment %s: currency %q", ref, currency)
		}
		payer, payerCo := party(payerID)
		payee, payeeCo := party(payeeID)
		if payerID == payeeID {
			t.Errorf("payment %s: %s pays itself", ref, payerID)
		}
		if payerName != clean(payer[1]) || payeeName != clean(payee[1]) {
			t.Errorf("payment %s: names %q, %q do not match the parties' %q, %q", ref, payerName, payeeName, payer[1], payee[1])
		}
		if a, ok := accounts[payerAcct]; !ok || a[2] != payerID {
			t.Errorf("payment %s: payer account %s is not held by payer %s", ref, payerAcct, payerID)
		}
		if a, ok := accounts[payeeAcct]; !ok || a[2] != payeeID {
			t.Errorf("payment %s: beneficiary account %s is not held by beneficiary %s", ref, payeeAcct, payeeID)
		}
		// The mapping tells Person from Company payers by purpose.
		if !slices.Contains(purposes[b2i(payerCo)][b2i(payeeCo)], purpose) {
			t.Errorf("payment %s: purpose %q is not one for %s → %s", ref, purpose, payerID, payeeID)
		}
		paidFrom[payerAcct] = true
	}
	// The mapping learns account holders from payments: every account pays.
	if len(paidFrom) != len(accounts) {
		t.Errorf("%d of %d accounts make a payment", len(paidFrom), len(accounts))
	}

	for _, r := range tables["companies.csv"].rows {
		if _, ok := people[r[4]]; !ok {
			t.Errorf("company %s: director %q is not a person", r[0], r[4])
		}
		if _, ok := people[r[5]]; r[5] != "" && !ok {
			t.Errorf("company %s: owner %q is not a person", r[0], r[5])
		}
	}
	for _, r := range tables["attendance.csv"].rows {
		if _, ok := meetings[r[0]]; !ok {
			t.Errorf("attendance of unknown meeting %s", r[0])
		}
		if _, ok := people[r[1]]; !ok {
			t.Errorf("meeting %s: participant %s is not a person", r[0], r[1])
		}
	}
	for _, r := range tables["cases.csv"].rows {
		a, ok := agenciesByID[r[6]]
		if !ok {
			t.Fatalf("case %s: prosecutor %s is not an agency", r[0], r[6])
		}
		if !slices.Contains(legalSystems[a[2]].courts, r[2]) {
			t.Errorf("case %s: court %q is not in the prosecutor's jurisdiction %s", r[0], r[2], a[2])
		}
		if (r[3] == "closed") != (r[5] != "") || (r[5] != "" && r[5] < r[4]) {
			t.Errorf("case %s: status %q, filed %s, closed %q", r[0], r[3], r[4], r[5])
		}
	}
	words := append(slices.Clone(outcomeWords), "pending")
	for _, r := range tables["charges.csv"].rows {
		c, ok := cases[r[1]]
		if !ok {
			t.Fatalf("charge %s: unknown case %s", r[0], r[1])
		}
		if _, ok := people[r[2]]; !ok {
			t.Errorf("charge %s: defendant %s is not a person", r[0], r[2])
		}
		if n, err := strconv.Atoi(r[3]); err != nil || n < 1 {
			t.Errorf("charge %s: count %q", r[0], r[3])
		}
		if !slices.Contains(words, r[6]) || (r[6] == "pending") != (r[7] == "") {
			t.Errorf("charge %s: outcome %q dated %q", r[0], r[6], r[7])
		}
		if r[7] != "" && r[7] < c[4] {
			t.Errorf("charge %s: decided %s before the case was filed %s", r[0], r[7], c[4])
		}
	}
}

// validIBAN checks the ISO 13616 mod-97 check digits.
func validIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	rem := 0
	for _, c := range s[4:] + s[:4] {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

type payment struct {
	ref, payer, payee, payerAcct, payeeAcct string
	date                                    time.Time
	cents                                   int64
}

func readPayments(t *testing.T, dir string) []payment {
	t.Helper()
	var out []payment
	for _, r := range readTable(t, dir, "payments.csv").rows {
		d, err := time.Parse("2006-01-02", r[1])
		if err != nil {
			t.Fatal(err)
		}
		units, cents, _ := strings.Cut(r[2], ".")
		u, _ := strconv.ParseInt(units, 10, 64)
		c, _ := strconv.ParseInt(cents, 10, 64)
		out = append(out, payment{ref: r[0], payer: r[4], payee: r[7], payerAcct: r[6], payeeAcct: r[9], date: d, cents: u*100 + c})
	}
	return out
}

func TestPatterns(t *testing.T) {
	ps := readPayments(t, generate(t, testOptions))
	byPayer := map[string][]payment{}
	for _, p := range ps {
		byPayer[p.payer] = append(byPayer[p.payer], p)
	}
	// next lists the payments the beneficiary of p made within a month after it.
	next := func(p payment) []payment {
		var out []payment
		for _, q := range byPayer[p.payee] {
			if q.date.After(p.date) && q.date.Sub(p.date) <= 31*24*time.Hour {
				out = append(out, q)
			}
		}
		return out
	}

	t.Run("layering chain", func(t *testing.T) {
		for _, ab := range ps {
			for _, bc := range next(ab) {
				for _, cd := range next(bc) {
					if bc.payee != ab.payer && cd.payee != bc.payer && ab.cents > bc.cents && bc.cents > cd.cents {
						t.Logf("%s → %s → %s → %s on %s, %s, %s", ab.payer, ab.payee, bc.payee, cd.payee,
							ab.date.Format(time.DateOnly), bc.date.Format(time.DateOnly), cd.date.Format(time.DateOnly))
						return
					}
				}
			}
		}
		t.Error("no time-ordered chain A → B → C → D with falling amounts")
	})

	t.Run("cycle", func(t *testing.T) {
		var back func(origin string, p payment, depth int) []string
		back = func(origin string, p payment, depth int) []string {
			if p.payee == origin {
				return []string{p.ref}
			}
			if depth == 0 {
				return nil
			}
			for _, q := range next(p) {
				if path := back(origin, q, depth-1); path != nil {
					return append([]string{p.ref}, path...)
				}
			}
			return nil
		}
		for _, p := range ps {
			if path := back(p.payer, p, 5); len(path) >= 3 {
				t.Logf("money returns to %s through %v", p.payer, path)
				return
			}
		}
		t.Error("no time-ordered cycle of three or more payments back to the originator")
	})

	t.Run("fan-out and fan-in", func(t *testing.T) {
		from, into := map[string]map[string]bool{}, map[string]map[string]bool{}
		for _, p := range ps {
			k := p.payerAcct + p.date.Format("2006-01")
			if from[k] == nil {
				from[k] = map[string]bool{}
			}
			from[k][p.payee] = true
			k = p.payeeAcct + p.date.Format("2006-01")
			if into[k] == nil {
				into[k] = map[string]bool{}
			}
			into[k][p.payer] = true
		}
		most := func(m map[string]map[string]bool) (n int) {
			for _, v := range m {
				n = max(n, len(v))
			}
			return n
		}
		if n := most(from); n < 4 {
			t.Errorf("no account pays four parties in one month (most: %d)", n)
		}
		if n := most(into); n < 4 {
			t.Errorf("no account is paid by four parties in one month (most: %d)", n)
		}
	})
}

func TestMessyButParsable(t *testing.T) {
	dir := generate(t, Scaled(20000, 5))
	m := buildMapping(5)
	layouts := append(slices.Clone(m.dateFormats), "2006")
	parses := func(s string) bool {
		for _, l := range layouts {
			if _, err := time.Parse(l, s); err == nil {
				return true
			}
		}
		return false
	}
	seen := map[string]int{}
	for _, r := range readTable(t, dir, "people.csv").rows {
		name, aliases, born := r[1], r[2], r[3]
		switch {
		case name != strings.TrimSpace(name):
			seen["name with stray spaces at an end"]++
		case strings.Contains(name, "  "):
			seen["name with doubled spaces"]++
		}
		if aliases == "" {
			seen["no aliases"]++
		} else if strings.Contains(aliases, ";") {
			seen["several aliases"]++
		}
		if born != "" && !parses(born) {
			t.Errorf("%s: birth date %q matches none of the mapping's formats", r[0], born)
		}
		for _, l := range []string{"Jan 2, 2006", "01/02/2006", "2006"} {
			if _, err := time.Parse(l, born); err == nil {
				seen["birth date as "+l]++
			}
		}
	}
	for _, want := range []string{"name with stray spaces at an end", "name with doubled spaces", "no aliases",
		"several aliases", "birth date as Jan 2, 2006", "birth date as 01/02/2006", "birth date as 2006"} {
		if seen[want] == 0 {
			t.Errorf("people.csv has no %s", want)
		}
	}
}

func TestMapping(t *testing.T) {
	dir := generate(t, testOptions)
	m := buildMapping(testOptions.Seed)
	if m.dataset != "synth" {
		t.Errorf("dataset = %q", m.dataset)
	}
	rels := map[casegraph.RelType]bool{}
	read := map[string]bool{}
	for _, in := range m.inputs {
		tb := readTable(t, dir, in.file)
		read[in.file] = true
		has := func(c string) {
			if tb.col(c) < 0 {
				t.Errorf("input %q names column %q, not in %s %v", in.name, c, in.file, tb.header)
			}
		}
		if in.filterCol != "" {
			has(in.filterCol)
		}
		names := map[string]bool{}
		for _, e := range in.entities {
			if _, err := casegraph.ParseSchema(string(e.schema)); err != nil {
				t.Error(err)
			}
			has(e.id)
			names[e.name] = true
			for _, p := range e.props {
				if p.value.column != "" {
					has(p.value.column)
				}
				for _, c := range p.value.columns {
					has(c)
				}
			}
		}
		for _, r := range in.rels {
			if _, err := casegraph.ParseRelType(string(r.typ)); err != nil {
				t.Error(err)
			}
			if !names[r.from] || !names[r.to] {
				t.Errorf("input %q: %s from %q to %q names an unknown entity", in.name, r.typ, r.from, r.to)
			}
			rels[r.typ] = true
		}
	}
	for _, f := range files {
		if f != "mapping.yml" && !read[f] {
			t.Errorf("the mapping does not read %s", f)
		}
	}
	for _, want := range []casegraph.RelType{casegraph.Paid, casegraph.PaidTo, casegraph.FromAccount, casegraph.ToAccount,
		casegraph.HoldsAccount, casegraph.AccountAt, casegraph.Directorship, casegraph.Ownership, casegraph.Attended,
		casegraph.ChargedWith, casegraph.InCase, casegraph.ProsecutedBy} {
		if !rels[want] {
			t.Errorf("the mapping makes no %s relationship", want)
		}
	}
	// Each payment row must pass exactly one of the payments inputs' filters.
	seen := map[string]bool{}
	for _, row := range purposes {
		for _, set := range row {
			for _, p := range set {
				if seen[p] {
					t.Errorf("purpose %q is used for two kinds of payer and beneficiary", p)
				}
				seen[p] = true
			}
		}
	}

	yml, err := os.ReadFile(filepath.Join(dir, "mapping.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"dataset: synth\n", "source:\n  title: ", `"Jan 2, 2006"`, "type: amount", "type: outcome",
		`in: ["loan", `, "schema: PublicBody", "- {type: PROSECUTED_BY, from: case, to: prosecutor}"} {
		if !bytes.Contains(yml, []byte(want)) {
			t.Errorf("mapping.yml lacks %q", want)
		}
	}
}

// TestWritePaymentsMemoryFlat guards the streaming promise: the heap holds
// the same after 10,000 payments as after 50,000.
func TestWritePaymentsMemoryFlat(t *testing.T) {
	o := Options{Seed: 3, People: 2500, Companies: 1250, Banks: 12, Accounts: 5000, Payments: 50000}
	heap := func() int64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	var samples []int64
	o.Progress = func(done, total int64) { samples = append(samples, heap()) }
	var w countingWriter
	before := heap()
	if err := WritePayments(&w, o); err != nil {
		t.Fatal(err)
	}
	after := heap()
	if len(samples) < 5 {
		t.Fatalf("progress called %d times for 50,000 rows", len(samples))
	}
	const limit = 4 << 20
	if grew := slices.Max(samples) - samples[0]; grew > limit {
		t.Errorf("heap grew %d bytes between 10,000 and 50,000 rows (%d bytes written); want < %d", grew, w.n, limit)
	}
	if grew := after - before; grew > limit {
		t.Errorf("heap grew %d bytes over WritePayments; want < %d", grew, limit)
	}
	t.Logf("%d bytes written; heap %d → %d during, %d → %d over the call", w.n, samples[0], slices.Max(samples), before, after)
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func TestInvalidOptions(t *testing.T) {
	for name, o := range map[string]Options{
		"negative":                 {People: -1},
		"companies without people": {Companies: 3},
		"accounts without banks":   {People: 3, Accounts: 3},
		"payments with one holder": {People: 1, Banks: 1, Accounts: 2, Payments: 5},
		"meetings with one person": {People: 1, Meetings: 2},
		"cases without agencies":   {Cases: 1},
		"charges without cases":    {People: 2, Charges: 1},
	} {
		t.Run(name, func(t *testing.T) {
			err := WritePayments(io.Discard, o)
			if err == nil {
				err = Generate(t.TempDir(), o)
			}
			var e *casegraph.Error
			if !errors.As(err, &e) || e.Code != casegraph.EINVALID {
				t.Errorf("got %v, want an EINVALID error", err)
			}
		})
	}
}

func TestSmallestAndEmpty(t *testing.T) {
	for name, o := range map[string]Options{
		"empty":     {},
		"scaled 0":  Scaled(0, 1),
		"two of us": {People: 2, Banks: 1, Accounts: 2, Payments: 40, Meetings: 3, Agencies: 1, Cases: 2, Charges: 7},
	} {
		t.Run(name, func(t *testing.T) {
			tables := readAll(t, generate(t, o))
			if got := len(tables["payments.csv"].rows); got != o.Payments {
				t.Errorf("%d payments, want %d", got, o.Payments)
			}
		})
	}
}

func TestScaled(t *testing.T) {
	o := Scaled(200000, 9)
	if o.Payments != 200000 || o.People != 10000 || o.Companies != 5000 || o.Accounts != 20000 ||
		o.Meetings != 2000 || o.Cases != 200 || o.Charges != 1000 || o.Seed != 9 {
		t.Errorf("Scaled(200000) = %+v", o)
	}
	if err := Scaled(1, 1).validate(); err != nil {
		t.Errorf("Scaled(1) is invalid: %v", err)
	}
}

func TestCalendar(t *testing.T) {
	start := time.Date(1936, 1, 1, 0, 0, 0, 0, time.UTC) // births from 1940, payments to 2023
	for d := start; d.Year() < 2032; d = d.AddDate(0, 0, 1) {
		z := day(d.Year(), int(d.Month()), d.Day())
		if want := int(d.Unix() / 86400); z != want {
			t.Fatalf("day(%s) = %d, want %d", d.Format(time.DateOnly), z, want)
		}
		if got := iso(z); got != d.Format(time.DateOnly) {
			t.Fatalf("iso(%d) = %s, want %s", z, got, d.Format(time.DateOnly))
		}
		if got := usShort(z); got != d.Format("Jan 2, 2006") {
			t.Fatalf("usShort(%d) = %s", z, got)
		}
	}
}

// BenchmarkGenerate times a full data set of 200,000 payments.
func BenchmarkGenerate(b *testing.B) {
	o := Scaled(200000, 1)
	for b.Loop() {
		if err := Generate(b.TempDir(), o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWritePayments times the payments table alone, a million rows.
func BenchmarkWritePayments(b *testing.B) {
	o := Scaled(1000000, 1)
	for b.Loop() {
		var w countingWriter
		if err := WritePayments(&w, o); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(w.n)
	}
}
