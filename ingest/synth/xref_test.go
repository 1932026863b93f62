package synth_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/ingest/synth"
)

// registerOptions: odd sizes, enough people that every variation occurs.
var registerOptions = synth.Options{Seed: 5, People: 1500, Companies: 700, Agencies: 6, Banks: 24, Accounts: 2600}

// caseAndRegister writes a case and its register under a fresh folder.
func caseAndRegister(t *testing.T, o synth.Options, reg synth.Register) (caseDir, regDir string, sum synth.RegisterSummary) {
	t.Helper()
	caseDir = filepath.Join(t.TempDir(), "case")
	if err := synth.Generate(caseDir, o); err != nil {
		t.Fatal(err)
	}
	regDir = filepath.Join(caseDir, "register")
	sum, err := synth.GenerateRegister(regDir, caseDir, o, reg)
	if err != nil {
		t.Fatal(err)
	}
	return caseDir, regDir, sum
}

func readCSV(t *testing.T, path string) (map[string]int, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	cols := map[string]int{}
	for k, c := range all[0] {
		cols[c] = k
	}
	return cols, all[1:]
}

func TestRegisterDeterministic(t *testing.T) {
	o := registerOptions
	o.People, o.Companies, o.Accounts = 300, 120, 500
	_, a, sumA := caseAndRegister(t, o, synth.DefaultRegister())
	_, b, sumB := caseAndRegister(t, o, synth.DefaultRegister())
	if sumA != sumB {
		t.Errorf("summaries differ: %+v vs %+v", sumA, sumB)
	}
	files := []string{"people.csv", "companies.csv", "accounts.csv", "truth.csv", "mapping.yml"}
	for _, f := range files {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed (or is empty)", f)
		}
	}
	o.Seed++
	_, c, _ := caseAndRegister(t, o, synth.DefaultRegister())
	for _, f := range files[:4] {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(c, f))
		if bytes.Equal(x, y) {
			t.Errorf("%s is the same for two seeds", f)
		}
	}
}

// memWriter keeps what ingest writes.
type memWriter struct {
	mu       sync.Mutex
	entities map[string]casegraph.Entity
	rels     []casegraph.Relationship
}

func (w *memWriter) WriteBatch(_ context.Context, es []casegraph.Entity, rs []casegraph.Relationship) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range es {
		w.entities[e.ID] = e
	}
	w.rels = append(w.rels, rs...)
	return nil
}

func ingestInto(t *testing.T, w *memWriter, mappingPath string) {
	t.Helper()
	m, err := ingest.LoadMapping(mappingPath)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := ingest.Run(context.Background(), w, m, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if r.Rejected != 0 {
			t.Errorf("%s: %d rows rejected: %v", mappingPath, r.Rejected, r.Errors)
		}
	}
}

// The truth names ids as ingest makes them: the case loaded, then the
// register, through the real mapping engine.
func TestRegisterTruthIsIngestIDs(t *testing.T) {
	caseDir, regDir, sum := caseAndRegister(t, registerOptions, synth.DefaultRegister())
	w := &memWriter{entities: map[string]casegraph.Entity{}}
	ingestInto(t, w, filepath.Join(caseDir, "mapping.yml"))
	before := len(w.entities)
	ingestInto(t, w, filepath.Join(regDir, "mapping.yml"))
	added := 0
	for _, e := range w.entities {
		if strings.HasPrefix(e.ID, synth.RegisterDataset+"-") && (e.Schema == casegraph.Person || e.Schema == casegraph.Company || e.Schema == casegraph.BankAccount) {
			added++
		}
	}
	if want := sum.People + sum.Companies + sum.Accounts; added != want || len(w.entities)-before < want {
		t.Errorf("the register added %d entities, want %d (a register id equal to a case id?)", added, want)
	}
	cols, truth := readCSV(t, filepath.Join(regDir, "truth.csv"))
	if len(truth) != sum.Same+sum.Different || sum.Same == 0 || sum.Different == 0 {
		t.Fatalf("truth has %d rows, summary %+v", len(truth), sum)
	}
	seen := map[[2]string]bool{}
	for _, row := range truth {
		left, right := row[cols["left_id"]], row[cols["right_id"]]
		schema := casegraph.Schema(row[cols["schema"]])
		l, okL := w.entities[left]
		r, okR := w.entities[right]
		if !okL || !okR {
			t.Errorf("truth pair %s %s: not both ingested (%v %v)", left, right, okL, okR)
			continue
		}
		if l.Schema != schema || r.Schema != schema {
			t.Errorf("truth pair %s %s says %s, ingest made %s and %s", left, right, schema, l.Schema, r.Schema)
		}
		if !strings.HasPrefix(left, "synth-") || !strings.HasPrefix(right, synth.RegisterDataset+"-") {
			t.Errorf("truth pair %s %s: left must be the case's, right the register's", left, right)
		}
		if seen[[2]string{left, right}] {
			t.Errorf("truth pair %s %s listed twice", left, right)
		}
		seen[[2]string{left, right}] = true
	}
	// Register accounts are held by register parties, and their directors too.
	held := 0
	for _, rel := range w.rels {
		if rel.Type == casegraph.HoldsAccount && strings.HasPrefix(rel.TargetID, synth.RegisterDataset+"-") {
			held++
			if !strings.HasPrefix(rel.SourceID, synth.RegisterDataset+"-") {
				t.Errorf("register account %s held by %s, not a register party", rel.TargetID, rel.SourceID)
			}
		}
	}
	if held != sum.Accounts {
		t.Errorf("%d register accounts have a holder, want all %d", held, sum.Accounts)
	}
}

// Each kind of difference is made, and made as its name says.
func TestRegisterVariations(t *testing.T) {
	caseDir, regDir, _ := caseAndRegister(t, registerOptions, synth.DefaultRegister())
	rows := func(dir, file string) map[string]map[string]string {
		cols, all := readCSV(t, filepath.Join(dir, file))
		out := map[string]map[string]string{}
		for _, r := range all {
			m := map[string]string{}
			for c, k := range cols {
				m[c] = r[k]
			}
			out[r[0]] = m
		}
		return out
	}
	caseRows := map[casegraph.Schema]map[string]map[string]string{
		casegraph.Person: rows(caseDir, "people.csv"), casegraph.Company: rows(caseDir, "companies.csv"),
		casegraph.BankAccount: rows(caseDir, "accounts.csv")}
	regRows := map[casegraph.Schema]map[string]map[string]string{
		casegraph.Person: rows(regDir, "people.csv"), casegraph.Company: rows(regDir, "companies.csv"),
		casegraph.BankAccount: rows(regDir, "accounts.csv")}

	cols, truth := readCSV(t, filepath.Join(regDir, "truth.csv"))
	count := map[string]int{}
	for _, row := range truth {
		schema := casegraph.Schema(row[cols["schema"]])
		l := caseRows[schema][strings.TrimPrefix(row[cols["left_id"]], "synth-")]
		r := regRows[schema][strings.TrimPrefix(row[cols["right_id"]], synth.RegisterDataset+"-")]
		if l == nil || r == nil {
			t.Fatalf("truth row %v: no such rows", row)
		}
		variation := row[cols["variation"]]
		same := row[cols["match"]] == "true"
		count[string(schema)+" "+variation]++
		fail := func(why string) {
			t.Errorf("%s %s (%s): %s: %v vs %v", schema, variation, row[cols["match"]], why, l, r)
		}
		switch {
		case schema == casegraph.Person && strings.Contains(variation, "name:exact") && clean(l["name"]) != r["name"]:
			fail("names differ")
		case schema == casegraph.Person && strings.Contains(variation, "name:script") && !hasScript(r["name"]):
			fail("no Cyrillic or Greek")
		case schema == casegraph.Person && strings.Contains(variation, "birthDate:same") && !strings.Contains(variation, "format") &&
			!strings.Contains(variation, "year only") && r["birth_date"] != isoBirth(l["birth_date"]):
			fail("birth dates differ")
		case variation == "look-alike: same name, other birth date" && (clean(l["name"]) != r["name"] || yearsApart(l["birth_date"], r["birth_date"]) < 3):
			fail("not the same name ≥ 3 years apart")
		case variation == "look-alike: same surname, other first name" && (lastWord(l["name"]) != lastWord(r["name"]) || firstWord(l["name"]) == firstWord(r["name"])):
			fail("not the same surname with another first name")
		case schema == casegraph.Company && strings.Contains(variation, "registrationNumber:same") && !strings.Contains(variation, "format") &&
			l["registration_number"] != r["registration_number"]:
			fail("registration numbers differ")
		case strings.Contains(variation, "digits transposed") && (sortedRunes(l["registration_number"]) != sortedRunes(r["registration_number"]) ||
			l["registration_number"] == r["registration_number"]):
			fail("not the same digits in another order")
		case variation == "look-alike: same name, other registration number" && (l["name"] != r["name"] || l["registration_number"] == r["registration_number"]):
			fail("not the same name with another number")
		case schema == casegraph.BankAccount && same && variation != "account number only" && compactIBAN(r["iban"]) != l["iban"]:
			fail("IBANs differ")
		case variation == "account number only" && (r["iban"] != "" || !strings.HasSuffix(l["iban"], r["account_number"])):
			fail("not the case IBAN's account number")
		case schema == casegraph.BankAccount && !same && (!validIBAN(r["iban"]) || r["iban"] == l["iban"] || r["iban"][4:len(r["iban"])-1] != l["iban"][4:len(l["iban"])-1]):
			fail("not a valid neighbouring IBAN")
		}
	}
	// A register company's number names no case company but its own.
	byNumber := map[string][]string{}
	for id, row := range caseRows[casegraph.Company] {
		byNumber[row["registration_number"]] = append(byNumber[row["registration_number"]], id)
	}
	same := map[string]string{}
	for _, row := range truth {
		if row[cols["match"]] == "true" {
			same[strings.TrimPrefix(row[cols["right_id"]], synth.RegisterDataset+"-")] = strings.TrimPrefix(row[cols["left_id"]], "synth-")
		}
	}
	for id, row := range regRows[casegraph.Company] {
		for _, holder := range byNumber[row["registration_number"]] {
			if row["registration_number"] != "" && holder != same[id] {
				t.Errorf("register company %s has number %s, which is case company %s's (its own is %q)", id, row["registration_number"], holder, same[id])
			}
		}
	}
	for _, want := range []string{
		"Person name:exact", "Person name:typo", "Person name:reordered", "Person name:initials", "Person name:nickname",
		"Person name:script", "Person name:native order", "Person name:spelling", "Person name:accents", "Person name:middle",
		"Person birthDate:missing", "Person birthDate:conflict",
		"Person look-alike: same name, other birth date", "Person look-alike: same surname, other first name",
		"Company name:legal form", "Company name:typo", "Company registrationNumber:conflict", "Company registrationNumber:missing",
		"Company look-alike: numbered sister company", "Company look-alike: same name, other jurisdiction",
		"Company look-alike: same name, other registration number",
		"BankAccount iban:", "BankAccount account number only", "BankAccount look-alike: neighbouring account number",
	} {
		found := false
		for kind := range count {
			schema, rest, _ := strings.Cut(want, " ")
			found = found || strings.HasPrefix(kind, schema+" ") && strings.Contains(kind, rest)
		}
		if !found {
			t.Errorf("no truth pair of kind %q", want)
		}
	}
}

func TestRegisterRefusesAnotherCase(t *testing.T) {
	o := registerOptions
	o.People, o.Companies, o.Accounts = 50, 20, 80
	caseDir := filepath.Join(t.TempDir(), "case")
	if err := synth.Generate(caseDir, o); err != nil {
		t.Fatal(err)
	}
	other := o
	other.Seed++
	if _, err := synth.GenerateRegister(filepath.Join(caseDir, "register"), caseDir, other, synth.DefaultRegister()); err == nil {
		t.Error("a register from other options than the case's was written")
	}
	if _, err := synth.GenerateRegister(filepath.Join(caseDir, "register"), caseDir, o, synth.Register{Share: 101}); err == nil {
		t.Error("a share of 101 % was accepted")
	}
	// Nothing shared, nothing planted: the register is only its own parties.
	_, sum := func() (string, synth.RegisterSummary) {
		s, err := synth.GenerateRegister(filepath.Join(caseDir, "alone"), caseDir, o, synth.Register{Fresh: 50})
		if err != nil {
			t.Fatal(err)
		}
		return "", s
	}()
	if sum.Same != 0 || sum.Different != 0 || sum.People != o.People/2 || sum.Companies != o.Companies/2 {
		t.Errorf("a register of fresh parties only: %+v", sum)
	}
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func sortedRunes(s string) string {
	rs := []rune(s)
	slices.Sort(rs)
	return string(rs)
}

func hasScript(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Greek, r) {
			return true
		}
	}
	return false
}

func firstWord(s string) string { return strings.Fields(s)[0] }
func lastWord(s string) string  { f := strings.Fields(s); return f[len(f)-1] }

// isoBirth writes the case's birth date formats as ISO.
func isoBirth(s string) string {
	s = clean(s)
	months := "JanFebMarAprMayJunJulAugSepOctNovDec"
	switch {
	case len(s) == 10 && s[2] == '/':
		return s[6:] + "-" + s[:2] + "-" + s[3:5]
	case len(s) > 4 && strings.Contains(months, s[:3]):
		parts := strings.Fields(strings.ReplaceAll(s, ",", ""))
		m := strings.Index(months, parts[0])/3 + 1
		d := parts[1]
		if len(d) == 1 {
			d = "0" + d
		}
		return parts[2] + "-" + string(rune('0'+m/10)) + string(rune('0'+m%10)) + "-" + d
	}
	return s
}

func yearsApart(a, b string) int {
	a, b = isoBirth(a), isoBirth(b)
	if len(a) < 4 || len(b) < 4 {
		return 99 // one is missing: nothing to compare
	}
	ya, yb := atoi(a[:4]), atoi(b[:4])
	if ya > yb {
		return ya - yb
	}
	return yb - ya
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func compactIBAN(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) }

func validIBAN(s string) bool {
	s = compactIBAN(s)
	if len(s) < 5 {
		return false
	}
	rem := 0
	for _, c := range s[4:] + s[:4] {
		switch {
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		default:
			return false
		}
	}
	return rem == 1
}
