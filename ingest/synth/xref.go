package synth

// The register: a second dataset that records some of the case's people,
// companies and bank accounts again, the way another source would — under
// other spellings, with missing and conflicting details — beside planted
// look-alikes that are different parties and parties of its own. truth.csv
// lists every pair the generator made on purpose, so cross-referencing can be
// measured against it.
//
// The register is derived from the case as written: GenerateRegister reads
// caseDir's people.csv, companies.csv and accounts.csv, and rebuilds each
// person's name parts and each company's jurisdiction from the same Options
// (it refuses a case that the Options did not make). Like the case, it is a
// function of the seed, the sizes and the Register percentages only.

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/casegraph/casegraph"
)

// RegisterDataset is the register's dataset name, the prefix of its ids.
const RegisterDataset = "register"

// Register sizes the second dataset, in percent of the case.
type Register struct {
	Share      int // of the case's people and companies recorded again under other spellings (and their accounts)
	LookAlikes int // of the case's people, companies and accounts given a look-alike: a different party, nearly the same record
	Fresh      int // of the case's people and companies: the register's own parties, in no truth pair
}

// DefaultRegister records 30 % of the case's parties again, plants 10 %
// look-alikes and adds 30 % parties of its own.
func DefaultRegister() Register { return Register{Share: 30, LookAlikes: 10, Fresh: 30} }

// RegisterSummary counts what GenerateRegister wrote.
type RegisterSummary struct {
	People, Companies, Accounts int
	Same, Different             int // truth pairs
}

// Headers of the register's files.
var (
	regPeopleHeader    = []string{"person_id", "name", "aliases", "birth_date", "nationality"}
	regCompaniesHeader = []string{"company_id", "name", "jurisdiction", "registration_number", "director_id"}
	regAccountsHeader  = []string{"account_id", "name", "iban", "account_number", "bank_name", "holder_id", "holder_kind"}
	truthHeader        = []string{"left_id", "right_id", "schema", "match", "variation"}
)

// Streams of the register, apart from the case's.
const (
	tagRegPerson uint64 = iota + 64
	tagRegCompany
	tagRegAccount
	tagRegFresh
)

// GenerateRegister writes the register of the case in caseDir (written by
// Generate with o) into dir: people.csv, companies.csv, accounts.csv,
// mapping.yml and truth.csv. Load the case first, then the register:
//
//	casegraph ingest --mapping caseDir/mapping.yml
//	casegraph ingest --mapping dir/mapping.yml
//
// truth.csv's left_id is the case's entity id and right_id the register's,
// both as ingest makes them (dataset-id). A pair with match=true is one
// party; match=false is a planted look-alike; any pair not listed is two
// parties (the register's own parties may share a name with the case's by
// chance, as namesakes do).
func GenerateRegister(dir, caseDir string, o Options, reg Register) (RegisterSummary, error) {
	var sum RegisterSummary
	if err := o.validate(); err != nil {
		return sum, err
	}
	for _, p := range []int{reg.Share, reg.LookAlikes, reg.Fresh} {
		if p < 0 || p > 100 {
			return sum, casegraph.Errorf(casegraph.EINVALID, "synth: register percentages must be 0..100, got %+v", reg)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, fmt.Errorf("synth: %w", err)
	}
	x := &register{g: newGen(o, 0), reg: reg, caseDir: caseDir, caseDataset: buildMapping(o.Seed).dataset}
	x.people = make([]int32, o.People)
	x.companies = make([]int32, o.Companies)
	err := writeCSV(filepath.Join(dir, "truth.csv"), truthHeader, func(truth *csv.Writer) error {
		x.truth = truth
		steps := []struct {
			file   string
			header []string
			write  func(*csv.Writer) error
		}{
			{"people.csv", regPeopleHeader, x.writePeople},
			{"companies.csv", regCompaniesHeader, x.writeCompanies},
			{"accounts.csv", regAccountsHeader, x.writeAccounts},
		}
		for _, s := range steps {
			if err := writeCSV(filepath.Join(dir, s.file), s.header, s.write); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	if err := writeFile(filepath.Join(dir, "mapping.yml"), func(w io.Writer) error {
		return registerMapping(o.Seed, x.caseDataset).render(w)
	}); err != nil {
		return sum, err
	}
	return x.sum, nil
}

// register carries what the three tables share: which register party
// recorded which case party again (0: none; else its 1-based row).
type register struct {
	g           *gen
	reg         Register
	caseDir     string
	caseDataset string
	truth       *csv.Writer
	people      []int32 // by case person: the register person recording it again
	companies   []int32
	nPeople     int // register rows written so far
	nCompanies  int
	nAccounts   int
	sum         RegisterSummary
}

func (x *register) pair(left, right string, schema casegraph.Schema, same bool, variation string) error {
	if same {
		x.sum.Same++
	} else {
		x.sum.Different++
	}
	return x.truth.Write([]string{x.caseDataset + "-" + left, RegisterDataset + "-" + right, string(schema), strconv.FormatBool(same), variation})
}

// readCase streams one of the case's tables, checking its header.
func (x *register) readCase(file string, header []string, row func([]string) error) error {
	f, err := os.Open(filepath.Join(x.caseDir, file))
	if err != nil {
		return fmt.Errorf("synth: register: the case: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	got, err := r.Read()
	if err != nil {
		return fmt.Errorf("synth: register: %s: %w", file, err)
	}
	if strings.Join(got, ",") != strings.Join(header, ",") {
		return casegraph.Errorf(casegraph.EINVALID, "synth: register: %s has columns %v, want %v", file, got, header)
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("synth: register: %s: %w", file, err)
		}
		if err := row(rec); err != nil {
			return err
		}
	}
}

// caseIndex reads the index back from an id like p000123.
func caseIndex(id, prefix string, n int) (int, error) {
	v, err := strconv.Atoi(strings.TrimPrefix(id, prefix))
	if !strings.HasPrefix(id, prefix) || err != nil || v < 1 || v > n {
		return 0, casegraph.Errorf(casegraph.EINVALID, "synth: register: the case has id %q, not one of %s000001..%d: was it generated with these options?", id, prefix, n)
	}
	return v - 1, nil
}

// ---- people ----

func (x *register) writePeople(w *csv.Writer) error {
	o := x.g.o
	err := x.readCase("people.csv", peopleHeader, func(rec []string) error {
		i, err := caseIndex(rec[0], "p", o.People)
		if err != nil {
			return err
		}
		if got := strings.Join(strings.Fields(rec[1]), " "); got != x.g.names[i] {
			return casegraph.Errorf(casegraph.EINVALID, "synth: register: %s is %q in the case but %q from these options", rec[0], got, x.g.names[i])
		}
		born, prec := parseBorn(rec[3])
		p := x.g.person(i)
		r := stream(o.Seed, tagRegPerson, i)
		if r.chance(x.reg.Share) {
			id := x.nextPerson()
			x.people[i] = int32(x.nPeople)
			name, aliases, nameVar := personVariant(&r, p)
			birth, birthVar := birthVariant(&r, born, prec)
			nationality := rec[4]
			if r.chance(30) {
				nationality = ""
			}
			if err := w.Write([]string{id, name, strings.Join(aliases, ";"), birth, nationality}); err != nil {
				return err
			}
			if err := x.pair(rec[0], id, casegraph.Person, true, "name:"+nameVar+" birthDate:"+birthVar); err != nil {
				return err
			}
		}
		if r.chance(x.reg.LookAlikes) {
			id := x.nextPerson()
			name, birth, variation := personLookAlike(&r, p, born, prec)
			if err := w.Write([]string{id, name, "", birth, p.nat.code}); err != nil {
				return err
			}
			if err := x.pair(rec[0], id, casegraph.Person, false, variation); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The register's own people: names drawn like the case's, from another seed.
	own := &gen{o: Options{Seed: o.Seed ^ 0x7265676973746572}}
	for k := range o.People * x.reg.Fresh / 100 {
		p := own.person(k)
		r := stream(o.Seed, tagRegFresh, k)
		birth := iso(day(1940, 1, 1) + r.intn(day(2000, 12, 31)-day(1940, 1, 1)+1))
		if r.chance(20) {
			birth = ""
		}
		if err := w.Write([]string{x.nextPerson(), p.name(), "", birth, p.nat.code}); err != nil {
			return err
		}
	}
	x.sum.People = x.nPeople
	return nil
}

func (x *register) nextPerson() string {
	x.nPeople++
	return ident("rp", x.nPeople-1, 6)
}

// parseBorn reads a birth date as the case writes it: the day and how much
// of it is known (0 none, 1 the year, 3 the whole date).
func parseBorn(s string) (int, int) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "Jan 2, 2006", "01/02/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return day(t.Year(), int(t.Month()), t.Day()), 3
		}
	}
	if y, err := strconv.Atoi(s); err == nil && len(s) == 4 {
		return day(y, 7, 1), 1
	}
	return 0, 0
}

// personVariant writes a person's name the way another source might.
func personVariant(r *rng, p personName) (name string, aliases []string, variation string) {
	first, middle, last := p.first, p.middle, p.last
	full := p.name()
	type option struct {
		kind   string
		weight int
		make   func() string
	}
	opts := []option{
		{"exact", 10, func() string { return full }},
		{"typo", 15, func() string {
			if r.chance(50) {
				return join(first, middle, typo(r, last))
			}
			return join(typo(r, first), middle, last)
		}},
		{"reordered", 15, func() string {
			if r.chance(60) {
				return strings.ToUpper(last) + ", " + join(first, middle)
			}
			return join(last, first, middle)
		}},
		{"initials", 10, func() string {
			if middle != "" && r.chance(50) {
				return initial(first) + ". " + initial(middle) + ". " + last
			}
			return initial(first) + ". " + last
		}},
		{"middle", 10, func() string {
			if middle != "" {
				return join(first, last)
			}
			return join(first, string(rune('A'+r.intn(26)))+".", last)
		}},
	}
	if nick, ok := nicknames[first]; ok {
		opts = append(opts, option{"nickname", 15, func() string { return join(pick(r, nick), middle, last) }})
	}
	switch p.nat.code {
	case "ru", "cy":
		script := nativeNames[p.nat.code]
		opts = append(opts, option{"script", 25, func() string {
			return join(native(script, first), native(script, middle), nativeLast(script, last))
		}})
	case "hu":
		opts = append(opts, option{"native order", 15, func() string { return join(last, first, middle) }})
	case "ae":
		opts = append(opts, option{"spelling", 20, func() string { return join(respell(first), middle, respell(last)) }})
	}
	if ascii := foldAccents(full); ascii != full {
		opts = append(opts, option{"accents", 15, func() string { return ascii }})
	}
	weights := make([]int, len(opts))
	for k, o := range opts {
		weights[k] = o.weight
	}
	o := opts[weighted(r, weights)]
	name = o.make()
	// Now and then the source keeps the name as the case has it as an alias.
	if name != full && r.chance(20) {
		aliases = append(aliases, full)
	}
	return name, aliases, o.kind
}

// birthVariant writes a birth date the way another source might; a
// conflicting one is still the same person (a clerk's slip).
func birthVariant(r *rng, born, prec int) (string, string) {
	switch prec {
	case 0:
		return "", "missing in both"
	case 1:
		y, _, _ := civil(born)
		if r.chance(50) {
			return "", "missing"
		}
		return strconv.Itoa(y), "year only in both"
	}
	y, m, d := civil(born)
	switch x := r.intn(100); {
	case x < 55:
		return iso(born), "same"
	case x < 65:
		return fmt.Sprintf("%02d.%02d.%04d", d, m, y), "same, other format"
	case x < 80:
		return "", "missing"
	case x < 90:
		return strconv.Itoa(y), "year only"
	default:
		if m != d && d <= 12 {
			return iso(day(y, d, m)), "conflict: day and month swapped"
		}
		return iso(born + r.between(1, 3)), "conflict: day off"
	}
}

// personLookAlike is a different person with nearly the same record.
func personLookAlike(r *rng, p personName, born, prec int) (name, birth, variation string) {
	if prec == 0 {
		born = day(1940, 1, 1) + r.intn(day(2000, 12, 31)-day(1940, 1, 1)+1)
	}
	years := r.between(4, 25) * 365
	if r.chance(50) {
		years = -years
	}
	birth = iso(born + years + r.intn(200))
	given := p.nat.male
	if p.female {
		given = p.nat.female
	}
	other := pick(r, given)
	for other == p.first {
		other = pick(r, given)
	}
	if prec == 0 || r.chance(50) { // no birth date to tell namesakes apart: a sibling
		if r.chance(50) {
			birth = iso(born) // twins and siblings share more than a surname
			if prec == 0 {
				birth = ""
			}
		}
		return join(other, p.last), birth, "look-alike: same surname, other first name"
	}
	return p.name(), birth, "look-alike: same name, other birth date"
}

// ---- companies ----

func (x *register) writeCompanies(w *csv.Writer) error {
	o := x.g.o
	// A conflicting or look-alike number must not be another case
	// company's: the register would then name that company.
	known := make(map[string]bool, o.Companies)
	if err := x.readCase("companies.csv", companiesHeader, func(rec []string) error {
		known[rec[3]] = true
		return nil
	}); err != nil {
		return err
	}
	unused := func(r *rng) func(string) string {
		return func(s string) string {
			for known[s] {
				s = changeDigit(r, s)
			}
			known[s] = true
			return s
		}
	}
	err := x.readCase("companies.csv", companiesHeader, func(rec []string) error {
		i, err := caseIndex(rec[0], "c", o.Companies)
		if err != nil {
			return err
		}
		c := x.g.company(i)
		if rec[1] != c.name {
			return casegraph.Errorf(casegraph.EINVALID, "synth: register: %s is %q in the case but %q from these options", rec[0], rec[1], c.name)
		}
		director := ""
		if d, err := caseIndex(rec[4], "p", o.People); err == nil && x.people[d] > 0 {
			director = ident("rp", int(x.people[d]-1), 6)
		}
		r := stream(o.Seed, tagRegCompany, i)
		if r.chance(x.reg.Share) {
			id := x.nextCompany()
			x.companies[i] = int32(x.nCompanies)
			name, nameVar := companyVariant(&r, c)
			regNo, regVar := registrationVariant(&r, rec[3], unused(&r))
			jur := c.jur.code
			if r.chance(20) {
				jur = ""
			}
			if err := w.Write([]string{id, name, jur, regNo, director}); err != nil {
				return err
			}
			if err := x.pair(rec[0], id, casegraph.Company, true, "name:"+nameVar+" registrationNumber:"+regVar); err != nil {
				return err
			}
		}
		if r.chance(x.reg.LookAlikes) {
			id := x.nextCompany()
			name, jur, regNo, variation := companyLookAlike(&r, c, rec[3], i, unused(&r))
			if err := w.Write([]string{id, name, jur, regNo, ""}); err != nil {
				return err
			}
			if err := x.pair(rec[0], id, casegraph.Company, false, variation); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	own := &gen{o: Options{Seed: o.Seed ^ 0x7265676973746572}}
	for k := range o.Companies * x.reg.Fresh / 100 {
		c := own.company(k)
		r := stream(o.Seed, tagRegFresh, -1-k)
		if err := w.Write([]string{x.nextCompany(), c.name, c.jur.code, unused(&r)(c.jur.regNo(&r, o.Companies+k)), ""}); err != nil {
			return err
		}
	}
	x.sum.Companies = x.nCompanies
	return nil
}

func (x *register) nextCompany() string {
	x.nCompanies++
	return ident("rc", x.nCompanies-1, 6)
}

// legalForms are other ways to write the case's company suffixes.
var legalForms = map[string][]string{
	"Ltd.":          {"Limited", "Ltd", "LTD"},
	"Ltd":           {"Limited", "Ltd."},
	"Limited":       {"Ltd", "Ltd."},
	"LLC":           {"L.L.C.", "Limited Liability Company"},
	"Inc.":          {"Incorporated", "Inc"},
	"Corp.":         {"Corporation", "Corp"},
	"plc":           {"PLC", "Public Limited Company"},
	"LLP":           {"L.L.P.", "Limited Liability Partnership"},
	"GmbH":          {"Gesellschaft mit beschränkter Haftung", "G.m.b.H."},
	"AG":            {"Aktiengesellschaft", "A.G."},
	"GmbH & Co. KG": {"GmbH & Co KG", "GmbH und Co. KG"},
	"Kft.":          {"Kft", "Korlátolt Felelősségű Társaság"},
	"Zrt.":          {"Zrt", "Zártkörűen Működő Részvénytársaság"},
	"Bt.":           {"Bt", "Betéti Társaság"},
	"SA":            {"S.A.", "Société Anonyme"},
	"S.A.":          {"SA", "Sociedad Anónima"},
	"Holdings Ltd.": {"Holdings Limited", "Holdings Ltd"},
	"FZE":           {"F.Z.E.", "Free Zone Establishment"},
	"FZCO":          {"F.Z.CO", "Free Zone Company"},
	"B.V.":          {"BV", "Besloten Vennootschap"},
	"N.V.":          {"NV", "Naamloze Vennootschap"},
	"S.à r.l.":      {"SARL", "S.a.r.l."},
}

// splitSuffix finds the legal form a case company name ends with.
func splitSuffix(c companyName) (core, suffix string) {
	best := ""
	for _, s := range c.jur.suffixes {
		if strings.HasSuffix(c.name, " "+s) && len(s) > len(best) {
			best = s
		}
	}
	return strings.TrimSuffix(c.name, " "+best), best
}

func companyVariant(r *rng, c companyName) (string, string) {
	core, suffix := splitSuffix(c)
	switch x := r.intn(100); {
	case x < 10:
		return c.name, "exact"
	case x < 45:
		if forms, ok := legalForms[suffix]; ok {
			return core + " " + pick(r, forms), "legal form"
		}
		return core, "legal form dropped"
	case x < 55:
		return core, "legal form dropped"
	case x < 65:
		return strings.ToUpper(c.name), "upper case"
	case x < 80:
		words := strings.Fields(core)
		k := 0
		for j, w := range words {
			if len(w) > len(words[k]) {
				k = j
			}
		}
		words[k] = typo(r, words[k])
		return join(strings.Join(words, " "), suffix), "typo"
	case x < 90:
		if words := strings.Fields(core); len(words) > 2 {
			return strings.Join(words[:len(words)-1], " ") + " " + suffix, "word dropped"
		}
		return strings.ReplaceAll(c.name, ".", ""), "punctuation"
	default:
		return strings.ReplaceAll(c.name, ".", ""), "punctuation"
	}
}

func registrationVariant(r *rng, regNo string, unused func(string) string) (string, string) {
	switch x := r.intn(100); {
	case x < 50:
		return regNo, "same"
	case x < 65:
		compact := strings.Map(func(c rune) rune {
			if c == ' ' || c == '.' || c == '-' {
				return -1
			}
			return c
		}, regNo)
		if compact == regNo {
			return "No. " + regNo, "same, other format"
		}
		return compact, "same, other format"
	case x < 90:
		return "", "missing"
	default:
		// A clerk's slip: two neighbouring digits swapped.
		return unused(transposeDigits(r, regNo)), "conflict: digits transposed"
	}
}

// companyLookAlike is a different company with nearly the same record.
func companyLookAlike(r *rng, c companyName, regNo string, i int, unused func(string) string) (name, jur, reg, variation string) {
	core, suffix := splitSuffix(c)
	other := unused(changeDigit(r, regNo))
	switch x := r.intn(3); x {
	case 0:
		n := r.between(2, 4)
		numeral := []string{"", "", "II", "III", "IV"}[n]
		if r.chance(50) {
			numeral = strconv.Itoa(n)
		}
		return join(core, numeral, suffix), c.jur.code, other, "look-alike: numbered sister company"
	case 1:
		j := &jurisdictions[r.intn(len(jurisdictions))]
		for j.code == c.jur.code {
			j = &jurisdictions[r.intn(len(jurisdictions))]
		}
		return join(core, pick(r, j.suffixes)), j.code, unused(j.regNo(r, i)), "look-alike: same name, other jurisdiction"
	default:
		// Another company's number: not a slip away from this one's.
		return c.name, c.jur.code, unused(c.jur.regNo(r, i+1+r.intn(1<<20))), "look-alike: same name, other registration number"
	}
}

// ---- accounts ----

func (x *register) writeAccounts(w *csv.Writer) error {
	o := x.g.o
	banks := make([]bank, o.Banks)
	for b := range banks {
		banks[b] = x.g.bankAt(b)
	}
	known := make(map[string]bool, o.Accounts)
	if err := x.readCase("accounts.csv", accountsHeader, func(rec []string) error {
		known[rec[1]] = true
		return nil
	}); err != nil {
		return err
	}
	err := x.readCase("accounts.csv", accountsHeader, func(rec []string) error {
		a, err := caseIndex(rec[0], "a", o.Accounts)
		if err != nil {
			return err
		}
		holder, kind := x.registerHolder(rec[2])
		b := banks[x.g.accounts[a].bank]
		r := stream(o.Seed, tagRegAccount, a)
		iban := rec[1]
		if holder != "" && r.chance(70) {
			id := x.nextAccount()
			row, variation := accountVariant(&r, iban, b)
			row = append([]string{id}, append(row, b.name, holder, kind)...)
			if err := w.Write(row); err != nil {
				return err
			}
			if err := x.pair(rec[0], id, casegraph.BankAccount, true, variation); err != nil {
				return err
			}
		}
		if r.chance(x.reg.LookAlikes) {
			near := neighbourIBAN(&r, iban)
			if known[near] {
				return nil // another account of the case: not a look-alike
			}
			if holder == "" {
				holder, kind = x.ownHolder(&r)
			}
			if holder == "" {
				return nil
			}
			id := x.nextAccount()
			if err := w.Write([]string{id, near, near, "", b.name, holder, kind}); err != nil {
				return err
			}
			if err := x.pair(rec[0], id, casegraph.BankAccount, false, "look-alike: neighbouring account number"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The register's own parties hold accounts of their own: numbers past the
	// case's at the same banks, so never one of the case's.
	numbers := stream(o.Seed, tagAccount, -1) // as writeAccounts draws it
	off := numbers.next()
	fresh := x.nPeople + x.nCompanies
	for k := range fresh {
		r := stream(o.Seed, tagRegFresh, 1<<30+k)
		if !r.chance(50) || o.Banks == 0 {
			continue
		}
		holder, kind := x.ownHolder(&r)
		if holder == "" {
			continue
		}
		b := banks[r.intn(len(banks))]
		iban := iban(b.country, b.code, uint64(o.Accounts+k), off)
		if err := w.Write([]string{x.nextAccount(), iban, iban, "", b.name, holder, kind}); err != nil {
			return err
		}
	}
	x.sum.Accounts = x.nAccounts
	return nil
}

func (x *register) nextAccount() string {
	x.nAccounts++
	return ident("ra", x.nAccounts-1, 6)
}

// registerHolder is the register party recording the case holder again.
func (x *register) registerHolder(id string) (string, string) {
	if i, err := caseIndex(id, "p", len(x.people)); err == nil && x.people[i] > 0 {
		return ident("rp", int(x.people[i]-1), 6), "person"
	}
	if i, err := caseIndex(id, "c", len(x.companies)); err == nil && x.companies[i] > 0 {
		return ident("rc", int(x.companies[i]-1), 6), "company"
	}
	return "", ""
}

// ownHolder picks any register party.
func (x *register) ownHolder(r *rng) (string, string) {
	n := x.nPeople + x.nCompanies
	if n == 0 {
		return "", ""
	}
	if k := r.intn(n); k < x.nPeople {
		return ident("rp", k, 6), "person"
	} else {
		return ident("rc", k-x.nPeople, 6), "company"
	}
}

// accountVariant writes an account the way another source might: the
// columns name, iban, account_number.
func accountVariant(r *rng, iban string, b bank) ([]string, string) {
	switch x := r.intn(100); {
	case x < 40:
		return []string{iban, iban, ""}, "iban: same"
	case x < 65:
		spaced := groups(iban)
		return []string{spaced, spaced, ""}, "iban: printed in groups"
	case x < 75:
		lower := strings.ToLower(groups(iban))
		return []string{lower, lower, ""}, "iban: lower case"
	default:
		// The national account number only: the BBAN without the bank code.
		number := strings.TrimPrefix(iban[4:], b.code)
		return []string{number, "", number}, "account number only"
	}
}

// groups prints an IBAN in groups of four.
func groups(iban string) string {
	var b strings.Builder
	for k := 0; k < len(iban); k += 4 {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(iban[k:min(k+4, len(iban))])
	}
	return b.String()
}

// neighbourIBAN changes the account number's last digit and computes the
// check digits again: a valid IBAN of another account.
func neighbourIBAN(r *rng, iban string) string {
	bban := []byte(iban[4:])
	last := len(bban) - 1
	bban[last] = byte('0' + (int(bban[last]-'0')+r.between(1, 9))%10)
	rem := 0
	for _, s := range []string{string(bban), iban[:2], "00"} {
		for k := 0; k < len(s); k++ {
			if ch := s[k]; ch >= 'A' && ch <= 'Z' {
				rem = (rem*100 + int(ch-'A') + 10) % 97
			} else {
				rem = (rem*10 + int(ch-'0')) % 97
			}
		}
	}
	check := 98 - rem
	return iban[:2] + string([]byte{byte('0' + check/10), byte('0' + check%10)}) + string(bban)
}

// ---- spelling ----

func join(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// typo makes one keyboard slip in a word of four letters or more: a letter
// dropped, doubled, swapped with the next, or replaced by a neighbour.
func typo(r *rng, word string) string {
	rs := []rune(word)
	if len(rs) < 4 {
		return word
	}
	k := r.between(1, len(rs)-2) // keep the first letter: it is rarely the slip
	switch r.intn(4) {
	case 0:
		rs = append(rs[:k], rs[k+1:]...)
	case 1:
		rs = append(rs[:k+1], rs[k:]...)
	case 2:
		if rs[k] != rs[k+1] {
			rs[k], rs[k+1] = rs[k+1], rs[k]
		} else {
			rs = append(rs[:k], rs[k+1:]...)
		}
	default:
		rs[k] = neighbourKey(rs[k])
	}
	return string(rs)
}

// neighbourKey is a letter next to c on a QWERTY keyboard.
func neighbourKey(c rune) rune {
	const rows = "qwertyuiop asdfghjkl zxcvbnm"
	lower := unicode.ToLower(c)
	k := strings.IndexRune(rows, lower)
	if k < 0 {
		return c
	}
	n := k + 1
	if n >= len(rows) || rows[n] == ' ' {
		n = k - 1
	}
	out := rune(rows[n])
	if unicode.IsUpper(c) {
		out = unicode.ToUpper(out)
	}
	return out
}

// transposeDigits swaps two neighbouring, different digits of s; where
// there are none it changes a digit.
func transposeDigits(r *rng, s string) string {
	var at []int
	for k := 0; k+1 < len(s); k++ {
		if isDigit(s[k]) && isDigit(s[k+1]) && s[k] != s[k+1] {
			at = append(at, k)
		}
	}
	if len(at) == 0 {
		return changeDigit(r, s)
	}
	k := at[r.intn(len(at))]
	b := []byte(s)
	b[k], b[k+1] = b[k+1], b[k]
	return string(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// changeDigit replaces one digit of s with another; s without digits gets one.
func changeDigit(r *rng, s string) string {
	var at []int
	for k := 0; k < len(s); k++ {
		if s[k] >= '0' && s[k] <= '9' {
			at = append(at, k)
		}
	}
	if len(at) == 0 {
		return s + "1"
	}
	k := at[r.intn(len(at))]
	b := []byte(s)
	b[k] = byte('0' + (int(b[k]-'0')+r.between(1, 9))%10)
	return string(b)
}

// foldAccents writes a name without diacritics, the way an ASCII-only form
// does (Müller → Mueller, László → Laszlo).
func foldAccents(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c < utf8.RuneSelf {
			b.WriteRune(c)
			continue
		}
		if f, ok := asciiFold[c]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

var asciiFold = map[rune]string{
	'á': "a", 'é': "e", 'í': "i", 'ó': "o", 'ö': "o", 'ő': "o", 'ú': "u", 'ü': "u", 'ű': "u",
	'Á': "A", 'É': "E", 'Í': "I", 'Ó': "O", 'Ö': "O", 'Ő': "O", 'Ú': "U", 'Ü': "U", 'Ű': "U",
	'ä': "ae", 'Ä': "Ae", 'ß': "ss", 'à': "a",
}

// nicknames: the familiar forms of given names in the case's lists.
var nicknames = map[string][]string{
	"James": {"Jim", "Jimmy", "Jamie"}, "Robert": {"Bob", "Rob", "Bobby"}, "Michael": {"Mike", "Mick"},
	"William": {"Bill", "Will", "Billy"}, "Richard": {"Rick", "Dick", "Rich"}, "Thomas": {"Tom", "Tommy"},
	"Daniel": {"Dan", "Danny"}, "Andrew": {"Andy", "Drew"}, "Steven": {"Steve"}, "Nicholas": {"Nick"},
	"Edward": {"Ed", "Ted", "Eddie"}, "Charles": {"Charlie", "Chuck"}, "David": {"Dave"}, "Henry": {"Harry", "Hank"},
	"Oliver": {"Ollie"}, "Alistair": {"Ali"}, "Jennifer": {"Jen", "Jenny"}, "Susan": {"Sue", "Susie"},
	"Rebecca": {"Becky", "Becca"}, "Victoria": {"Vicky", "Tori"}, "Charlotte": {"Lottie", "Charlie"},
	"Emily": {"Em", "Emmy"}, "Elizabeth": {"Liz", "Beth"}, "Katalin": {"Kati", "Kata"}, "Zsuzsanna": {"Zsuzsa"},
	"Erzsébet": {"Erzsi", "Bözsi"}, "István": {"Pista"}, "Alexei": {"Alyosha", "Lyosha"}, "Dmitry": {"Dima"},
	"Mikhail": {"Misha"}, "Nikolai": {"Kolya"}, "Pavel": {"Pasha"}, "Sergei": {"Seryozha"},
	"Ekaterina": {"Katya"}, "Natalia": {"Natasha"}, "Svetlana": {"Sveta"}, "Tatiana": {"Tanya"},
	"Panayiotis": {"Panos"}, "Giorgos": {"Georgios", "George"}, "Christos": {"Chris"}, "Costas": {"Constantinos", "Kostas"},
	"Demetris": {"Dimitris", "Dimitrios"}, "Andreas": {"Andy"}, "Stefan": {"Steffen"}, "Matthias": {"Matze"},
	"Lukas": {"Luki"}, "Christoph": {"Chris"}, "Franziska": {"Franzi"},
}

// respell gives an Arabic name in another common romanisation.
func respell(s string) string {
	if v, ok := arabicSpellings[s]; ok {
		return v
	}
	return s
}

var arabicSpellings = map[string]string{
	"Mohammed": "Muhammad", "Ahmed": "Ahmad", "Khalid": "Khaled", "Omar": "Umar", "Rashid": "Rasheed",
	"Saeed": "Said", "Hamad": "Hamed", "Yousef": "Yusuf", "Faisal": "Faysal", "Tariq": "Tarek",
	"Fatima": "Fatma", "Aisha": "Ayesha", "Mariam": "Maryam", "Layla": "Leila", "Noura": "Nura",
	"Al Mansouri": "Al-Mansoori", "Al Hashimi": "Al-Hashemi", "Al Nuaimi": "Al-Nuaimy", "Al Suwaidi": "Alsuwaidi",
	"Al Falasi": "Al-Falasy", "Al Ketbi": "Al-Kitbi", "Al Shamsi": "Alshamsi", "Al Mazrouei": "Al-Mazroui",
	"Al Dhaheri": "Al-Zaheri", "Al Zaabi": "Al-Za'abi", "Al Marri": "Al-Murri", "Al Kaabi": "Al-Ka'bi",
	"Al Blooshi": "Al-Bloushi", "Al Hammadi": "Al-Hamadi", "Al Ali": "Al-Ali", "Al Rumaithi": "Al-Romaithi",
	"Al Khoori": "Al-Khouri", "Al Tayer": "Al-Tair", "Al Awadhi": "Al-Awadi", "Al Jaberi": "Al-Jabri",
}

// native writes a Russian or Cypriot name part in Cyrillic or Greek, as a
// register at home would; parts it does not know stay as they are.
func native(script map[string]string, s string) string {
	if v, ok := script[s]; ok {
		return v
	}
	return s
}

// nativeLast handles Russian women's surnames (Ivanova), which the case
// makes from the men's.
func nativeLast(script map[string]string, s string) string {
	if v, ok := script[s]; ok {
		return v
	}
	if base, ok := strings.CutSuffix(s, "a"); ok {
		if v, ok := script[base]; ok && unicode.Is(unicode.Cyrillic, []rune(v)[0]) {
			return v + "а"
		}
	}
	return s
}

// nativeNames are the case's Russian and Cypriot name parts in Cyrillic and
// Greek, by nation.
var nativeNames = map[string]map[string]string{"ru": {
	// given names, patronymics and surnames
	"Alexei": "Алексей", "Dmitry": "Дмитрий", "Sergei": "Сергей", "Igor": "Игорь", "Viktor": "Виктор",
	"Andrei": "Андрей", "Oleg": "Олег", "Yuri": "Юрий", "Mikhail": "Михаил", "Pavel": "Павел",
	"Nikolai": "Николай", "Vladislav": "Владислав",
	"Olga": "Ольга", "Natalia": "Наталья", "Elena": "Елена", "Irina": "Ирина", "Svetlana": "Светлана",
	"Tatiana": "Татьяна", "Yulia": "Юлия", "Ekaterina": "Екатерина", "Ksenia": "Ксения", "Galina": "Галина",
	"Sergeyevich": "Сергеевич", "Alexandrovich": "Александрович", "Ivanovich": "Иванович", "Petrovich": "Петрович",
	"Viktorovich": "Викторович", "Nikolayevich": "Николаевич", "Mikhailovich": "Михайлович", "Olegovich": "Олегович",
	"Yurievich": "Юрьевич", "Pavlovich": "Павлович",
	"Sergeyevna": "Сергеевна", "Alexandrovna": "Александровна", "Ivanovna": "Ивановна", "Petrovna": "Петровна",
	"Viktorovna": "Викторовна", "Nikolayevna": "Николаевна", "Mikhailovna": "Михайловна", "Olegovna": "Олеговна",
	"Yurievna": "Юрьевна", "Pavlovna": "Павловна",
	"Ivanov": "Иванов", "Petrov": "Петров", "Sidorov": "Сидоров", "Volkov": "Волков", "Kuznetsov": "Кузнецов",
	"Sokolov": "Соколов", "Popov": "Попов", "Lebedev": "Лебедев", "Morozov": "Морозов", "Novikov": "Новиков",
	"Fedorov": "Фёдоров", "Orlov": "Орлов", "Belov": "Белов", "Zaitsev": "Зайцев", "Pavlov": "Павлов",
	"Semenov": "Семёнов", "Golubev": "Голубев", "Vinogradov": "Виноградов", "Bogdanov": "Богданов", "Vorobyov": "Воробьёв",
	"Marina": "Марина", "Anna": "Анна",
}, "cy": {
	"Andreas": "Ανδρέας", "Maria": "Μαρία", "Marina": "Μαρίνα", "Giorgos": "Γιώργος", "Christos": "Χρήστος", "Nikos": "Νίκος", "Kyriakos": "Κυριάκος",
	"Panayiotis": "Παναγιώτης", "Marios": "Μάριος", "Costas": "Κώστας", "Stelios": "Στέλιος", "Savvas": "Σάββας",
	"Loizos": "Λοΐζος", "Demetris": "Δημήτρης",
	"Eleni": "Ελένη", "Despina": "Δέσποινα", "Sofia": "Σοφία", "Androulla": "Ανδρούλλα", "Christina": "Χριστίνα",
	"Katerina": "Κατερίνα", "Georgia": "Γεωργία", "Stella": "Στέλλα", "Myria": "Μύρια", "Anthi": "Ανθή",
	"Georgiou": "Γεωργίου", "Christodoulou": "Χριστοδούλου", "Ioannou": "Ιωάννου", "Constantinou": "Κωνσταντίνου",
	"Charalambous": "Χαραλάμπους", "Nicolaou": "Νικολάου", "Demetriou": "Δημητρίου", "Papadopoulos": "Παπαδόπουλος",
	"Savva": "Σάββα", "Antoniou": "Αντωνίου", "Kyriacou": "Κυριάκου", "Panayiotou": "Παναγιώτου",
	"Hadjigeorgiou": "Χατζηγεωργίου", "Economou": "Οικονόμου", "Stylianou": "Στυλιανού", "Theodorou": "Θεοδώρου",
	"Petrou": "Πέτρου", "Neophytou": "Νεοφύτου", "Michaelides": "Μιχαηλίδης", "Loizou": "Λοΐζου",
}}

// ---- mapping ----

func registerMapping(seed int64, caseDataset string) mapping {
	m := mapping{
		dataset:     RegisterDataset,
		title:       "Synthetic register overlapping the " + caseDataset + " case (casegraph generate --xref, seed " + strconv.FormatInt(seed, 10) + ")",
		url:         "https://github.com/casegraph/casegraph/tree/main/ingest/synth",
		publisher:   "casegraph synthetic data generator",
		dateFormats: []string{"2006-01-02", "02.01.2006", "2006"},
		separator:   ";",
	}
	m.inputs = append(m.inputs,
		inputSpec{name: "people", file: "people.csv", entities: []entitySpec{
			{name: "person", schema: casegraph.Person, id: "person_id", props: []property{
				{"name", col("name")},
				{"aliases", splitOn("aliases", ";")},
				{"birthDate", typed("birth_date", "date")},
				{"nationality", splitOn("nationality", ";")},
			}},
		}},
		inputSpec{name: "companies", file: "companies.csv",
			entities: []entitySpec{
				{name: "company", schema: casegraph.Company, id: "company_id", props: []property{
					{"name", col("name")},
					{"jurisdiction", col("jurisdiction")},
					{"registrationNumber", col("registration_number")},
				}},
				{name: "director", schema: casegraph.Person, id: "director_id"},
			},
			rels: []relSpec{{typ: casegraph.Directorship, from: "director", to: "company", role: literal("director")}}},
	)
	kinds := [2]string{"person", "company"}
	schemata := [2]casegraph.Schema{casegraph.Person, casegraph.Company}
	for k := range 2 {
		var comment string
		if k == 0 {
			comment = "accounts.csv is read twice, once per kind of holder (holder_kind)."
		}
		m.inputs = append(m.inputs, inputSpec{
			comment: comment, name: "accounts held by a " + kinds[k], file: "accounts.csv",
			filterCol: "holder_kind", filterIn: []string{kinds[k]},
			entities: []entitySpec{
				{name: "account", schema: casegraph.BankAccount, id: "account_id", props: []property{
					{"name", col("name")},
					{"iban", col("iban")},
					{"accountNumber", col("account_number")},
					{"bankName", col("bank_name")},
				}},
				{name: "holder", schema: schemata[k], id: "holder_id"},
			},
			rels: []relSpec{{typ: casegraph.HoldsAccount, from: "holder", to: "account"}},
		})
	}
	return m
}
