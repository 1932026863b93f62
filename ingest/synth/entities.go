package synth

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// gen holds what every table needs to agree on: the parties' names and which
// party holds which account at which bank. Everything else is derived from
// the seed and a row's index when the row is written.
type gen struct {
	o        Options
	progress progress
	names    []string  // parties: people first, then companies
	accounts []account // by account index
	// companyAccounts lists the accounts companies hold: layering runs
	// through them.
	companyAccounts []int32
}

type account struct {
	holder   int32 // party index
	bank     int32
	currency uint8 // index into currencies
}

var currencies = [...]string{"USD", "EUR", "HUF", "GBP"}

const (
	usd = iota
	eur
	huf
	gbp
)

func newGen(o Options, total int64) *gen {
	g := &gen{o: o, progress: progress{fn: o.Progress, total: total}}
	g.names = make([]string, o.People+o.Companies)
	for i := range o.People {
		g.names[i] = g.person(i).name()
	}
	for i := range o.Companies {
		g.names[o.People+i] = g.company(i).name
	}
	g.assignAccounts()
	return g
}

// assignAccounts gives every party an account while there are enough (in a
// shuffled order, so account ids do not follow party ids), and the rest to
// random parties, mostly companies.
func (g *gen) assignAccounts() {
	parties := g.o.People + g.o.Companies
	if g.o.Accounts == 0 || parties == 0 {
		return
	}
	r := stream(g.o.Seed, tagHolders, 0)
	order := make([]int32, parties)
	for i := range order {
		order[i] = int32(i)
	}
	for i := len(order) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		order[i], order[j] = order[j], order[i]
	}
	g.accounts = make([]account, g.o.Accounts)
	for i := range g.accounts {
		var holder int
		switch {
		case i < parties:
			holder = int(order[i])
		case g.o.Companies > 0 && (g.o.People == 0 || r.chance(70)):
			holder = g.o.People + r.intn(g.o.Companies)
		default:
			holder = r.intn(g.o.People)
		}
		bank, cur, _ := g.accountAt(i)
		g.accounts[i] = account{holder: int32(holder), bank: int32(bank), currency: uint8(cur)}
		if holder >= g.o.People {
			g.companyAccounts = append(g.companyAccounts, int32(i))
		}
	}
}

// accountAt derives an account's bank, currency and opening day.
func (g *gen) accountAt(i int) (bank, currency, opened int) {
	r := stream(g.o.Seed, tagAccount, i)
	bank = r.intn(g.o.Banks)
	switch bankCountries[bank%len(bankCountries)].code {
	case "hu":
		currency = []int{huf, eur, usd}[weighted(&r, []int{50, 25, 25})]
	case "gb":
		currency = []int{gbp, eur, usd}[weighted(&r, []int{55, 20, 25})]
	default:
		currency = []int{usd, eur, gbp, huf}[weighted(&r, []int{50, 44, 4, 2})]
	}
	from := day(1998, 1, 1)
	opened = from + r.intn(day(2004, 12, 31)-from+1)
	return bank, currency, opened
}

func (g *gen) partyID(p int) string {
	if p < g.o.People {
		return ident("p", p, 6)
	}
	return ident("c", p-g.o.People, 6)
}

func (g *gen) isCompany(p int) bool { return p >= g.o.People }

// personName is the part of a person that other tables need.
type personName struct {
	nat                 *nation
	first, middle, last string
	female, femaleLast  bool
}

func (p personName) name() string {
	if p.middle != "" {
		return p.first + " " + p.middle + " " + p.last
	}
	return p.first + " " + p.last
}

func (g *gen) person(i int) personName {
	r := stream(g.o.Seed, tagPerson, i)
	n := weightedBy(&r, nations, func(n *nation) int { return n.weight })
	p := personName{nat: n, female: r.chance(35)}
	given := n.male
	if p.female {
		given = n.female
		p.femaleLast = n.femaleLastA
	}
	p.first = pick(&r, given)
	p.last = n.lastName(pick(&r, n.last), p.femaleLast)
	switch {
	case n.middleInitials:
		if r.chance(45) {
			p.middle = string(rune('A'+r.intn(26))) + "."
		}
	case n.patronymics[0] != nil:
		if r.chance(70) {
			p.middle = pick(&r, n.patronymics[b2i(p.female)])
		}
	default:
		if second := pick(&r, given); second != p.first && r.chance(35) {
			p.middle = second
		}
	}
	return p
}

func (n *nation) lastName(last string, female bool) string {
	if female {
		return last + "a"
	}
	return last
}

func initial(s string) string {
	_, size := utf8.DecodeRuneInString(s)
	return s[:size]
}

func (g *gen) writePeople(w *csv.Writer) error {
	rec := make([]string, len(peopleHeader))
	for i := range g.o.People {
		p := g.person(i)
		r := stream(g.o.Seed, tagPersonExtra, i)
		name := g.names[i]
		switch x := r.intn(100); { // a few messy cells, as real exports have
		case x < 2:
			name = "  " + name
		case x < 4:
			name += " "
		case x < 6:
			name = strings.Replace(name, " ", "   ", 1)
		}
		var aliases []string
		if r.chance(45) {
			forms := []string{
				initial(p.first) + ". " + p.last,
				strings.ToUpper(p.last) + ", " + p.first,
				p.first + " " + p.nat.lastName(pick(&r, p.nat.last), p.femaleLast),
			}
			for _, k := range distinct(&r, r.between(1, 2), len(forms)) {
				if forms[k] != g.names[i] {
					aliases = append(aliases, forms[k])
				}
			}
		}
		sep := ";"
		if r.chance(15) {
			sep = " ; "
		}
		birth := day(1940, 1, 1) + r.intn(day(2000, 12, 31)-day(1940, 1, 1)+1)
		var born string
		switch x := r.intn(100); {
		case x < 84:
			born = iso(birth)
		case x < 90:
			born = usShort(birth)
		case x < 94:
			born = usNumeric(birth)
		case x < 97:
			born = iso(birth)[:4]
		}
		nationality := p.nat.code
		if r.chance(6) {
			if other := pick(&r, nations).code; other != nationality {
				nationality += ";" + other
			}
		}
		position := ""
		if r.chance(75) {
			position = pick(&r, positions)
		}
		if position == "businessman" && p.female {
			position = "businesswoman"
		}
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = ident("p", i, 6), name, strings.Join(aliases, sep), born, nationality, position
		if err := w.Write(rec); err != nil {
			return err
		}
		g.progress.row()
	}
	return nil
}

type companyName struct {
	jur  *jurisdiction
	name string
}

func (g *gen) company(i int) companyName {
	r := stream(g.o.Seed, tagCompany, i)
	j := weightedBy(&r, jurisdictions, func(j *jurisdiction) int { return j.weight })
	name := pick(&r, companyFirst) + " " + pick(&r, companySecond)
	if r.chance(25) {
		name += " " + pick(&r, companyThird)
	}
	return companyName{jur: j, name: name + " " + pick(&r, j.suffixes)}
}

func (g *gen) writeCompanies(w *csv.Writer) error {
	rec := make([]string, len(companiesHeader))
	nominees := max(g.o.People/100, 1) // a few people direct many companies
	for i := range g.o.Companies {
		c := g.company(i)
		r := stream(g.o.Seed, tagCompanyExtra, i)
		director := r.intn(g.o.People)
		if r.chance(25) {
			director = r.intn(nominees)
		}
		owner := ""
		switch x := r.intn(100); {
		case x < 10: // owner unknown
		case x < 16:
			owner = ident("p", director, 6)
		default:
			owner = ident("p", r.intn(g.o.People), 6)
		}
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = ident("c", i, 6), c.name, c.jur.code, c.jur.regNo(&r, i), ident("p", director, 6), owner
		if err := w.Write(rec); err != nil {
			return err
		}
		g.progress.row()
	}
	return nil
}

func (g *gen) writeAgencies(w *csv.Writer) error {
	for i := range g.o.Agencies {
		a := agencies[i%len(agencies)]
		name := a.name
		if i >= len(agencies) {
			name += " (regional office " + strconv.Itoa(i/len(agencies)+1) + ")"
		}
		if err := w.Write([]string{ident("g", i, 6), name, a.jurisdiction}); err != nil {
			return err
		}
		g.progress.row()
	}
	return nil
}

// bank is one bank's name, country and the code its IBANs carry.
type bank struct {
	name    string
	country *bankCountry
	code    string
}

func (g *gen) bankAt(i int) bank {
	c := &bankCountries[i%len(bankCountries)]
	names := stream(g.o.Seed, tagBank, -1)
	name := bankNames[(names.intn(len(bankNames))+i)%len(bankNames)]
	// A name and country pair comes round again after this many banks.
	if round := len(bankNames) * len(bankCountries) / gcd(len(bankNames), len(bankCountries)); i >= round {
		name += " " + strconv.Itoa(i/round+1)
	}
	r := stream(g.o.Seed, tagBank, i)
	code := make([]byte, 0, c.letters+c.bankNo)
	for range c.letters {
		code = append(code, byte('A'+r.intn(26)))
	}
	for range c.bankNo {
		code = append(code, byte('0'+r.intn(10)))
	}
	return bank{name: name + " " + c.kind, country: c, code: string(code)}
}

func (g *gen) writeBanks(w *csv.Writer) error {
	for i := range g.o.Banks {
		b := g.bankAt(i)
		if err := w.Write([]string{ident("b", i, 6), b.name, b.country.code}); err != nil {
			return err
		}
		g.progress.row()
	}
	return nil
}

func (g *gen) writeAccounts(w *csv.Writer) error {
	banks := make([]bank, g.o.Banks)
	for i := range banks {
		banks[i] = g.bankAt(i)
	}
	numbers := stream(g.o.Seed, tagAccount, -1)
	off := numbers.next()
	rec := make([]string, len(accountsHeader))
	for i, a := range g.accounts {
		b := banks[a.bank]
		_, _, opened := g.accountAt(i)
		rec[0] = ident("a", i, 6)
		rec[1] = iban(b.country, b.code, uint64(i), off)
		rec[2] = g.partyID(int(a.holder))
		rec[3] = ident("b", int(a.bank), 6)
		rec[4] = currencies[a.currency]
		rec[5] = iso(opened)
		if err := w.Write(rec); err != nil {
			return err
		}
		g.progress.row()
	}
	return nil
}

// iban builds a checksum-valid IBAN: the country, ISO 7064 mod-97 check
// digits, the bank's code and an account number that is unique within the
// bank (an affine bijection of the account index modulo 10^digits).
func iban(c *bankCountry, code string, i, off uint64) string {
	mod := uint64(1)
	for range c.acctNo {
		mod *= 10
	}
	n := (i*2654435761 + off%mod) % mod
	num := strconv.FormatUint(n, 10)
	bban := code + strings.Repeat("0", c.acctNo-len(num)) + num
	country := strings.ToUpper(c.code)
	rem := 0
	for _, s := range []string{bban, country, "00"} {
		for k := 0; k < len(s); k++ {
			if ch := s[k]; ch >= 'A' && ch <= 'Z' {
				rem = (rem*100 + int(ch-'A') + 10) % 97
			} else {
				rem = (rem*10 + int(ch-'0')) % 97
			}
		}
	}
	check := 98 - rem
	return country + string([]byte{byte('0' + check/10), byte('0' + check%10)}) + bban
}

func (g *gen) writeMeetings(meetings, attendance *csv.Writer) error {
	for i := range g.o.Meetings {
		r := stream(g.o.Seed, tagMeeting, i)
		id := ident("m", i, 6)
		date := iso(paymentsFrom + r.intn(paymentsTo-paymentsFrom+1))
		topic := "discussed business plans"
		if g.o.Companies > 0 {
			topic = fmt.Sprintf(pick(&r, meetingTopics), g.names[g.o.People+r.intn(g.o.Companies)])
		}
		summary := pick(&r, meetingKinds) + ": " + topic
		if err := meetings.Write([]string{id, date, pick(&r, meetingPlaces), summary}); err != nil {
			return err
		}
		for _, p := range distinct(&r, r.between(2, 5), g.o.People) {
			if err := attendance.Write([]string{id, ident("p", p, 6)}); err != nil {
				return err
			}
		}
		g.progress.row()
	}
	return nil
}

// distinct picks up to k different numbers below n.
func distinct(r *rng, k, n int) []int {
	k = min(k, n)
	out := make([]int, 0, k)
	for len(out) < k {
		x := r.intn(n)
		for slices.Contains(out, x) {
			x = (x + 1) % n
		}
		out = append(out, x)
	}
	return out
}

// courtCase is what a case's charges need to know about it.
type courtCase struct {
	number, court, status string
	prosecutor            int
	legal                 *legal
	filed, closed         int // closed is 0 while the case is not closed
	defendants            []int
}

func (g *gen) caseAt(c int) courtCase {
	r := stream(g.o.Seed, tagCase, c)
	k := courtCase{prosecutor: r.intn(g.o.Agencies)}
	for !agencies[k.prosecutor%len(agencies)].prosecutes { // agency 0 does
		k.prosecutor = (k.prosecutor + 1) % g.o.Agencies
	}
	ls := legalSystems[agencies[k.prosecutor%len(agencies)].jurisdiction]
	k.legal = &ls
	k.filed = day(2008, 1, 1) + r.intn(day(2022, 12, 31)-day(2008, 1, 1)+1)
	switch x := r.intn(100); {
	case x < 25:
		k.status = "open"
	case x < 35:
		k.status = "on appeal"
	default:
		k.status = "closed"
		k.closed = min(k.filed+r.between(90, 1800), paymentsTo)
	}
	year, _, _ := civil(k.filed)
	k.number = ls.caseNumber(&r, year, c+1)
	k.court = pick(&r, ls.courts)
	if g.o.People > 0 {
		k.defendants = distinct(&r, r.between(1, 3), g.o.People)
	}
	return k
}

func (g *gen) writeCases(w *csv.Writer) error {
	rec := make([]string, len(casesHeader))
	for c := range g.o.Cases {
		k := g.caseAt(c)
		closed := ""
		if k.closed != 0 {
			closed = iso(k.closed)
		}
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6] = ident("k", c, 6), k.number, k.court, k.status, iso(k.filed), closed, ident("g", k.prosecutor, 6)
		if err := w.Write(rec); err != nil {
			return err
		}
		g.progress.row()
	}
	return nil
}

// writeCharges spreads the charges evenly over the cases, in case order, and
// numbers the counts within each case.
func (g *gen) writeCharges(w *csv.Writer) error {
	rec := make([]string, len(chargesHeader))
	for c := 0; c < g.o.Cases && g.o.Charges > 0; c++ {
		lo, hi := c*g.o.Charges/g.o.Cases, (c+1)*g.o.Charges/g.o.Cases
		if lo == hi {
			continue
		}
		k := g.caseAt(c)
		for j := lo; j < hi; j++ {
			r := stream(g.o.Seed, tagCharge, j)
			statute := pick(&r, k.legal.statutes)
			outcome := "pending"
			switch k.status {
			case "open":
				outcome = []string{"pending", "dismissed", "pleaded guilty"}[weighted(&r, []int{85, 10, 5})]
			case "on appeal":
				outcome = []string{"convicted", "acquitted"}[weighted(&r, []int{80, 20})]
			default:
				outcome = outcomeWords[weighted(&r, closedWeights)]
			}
			decided := ""
			if outcome != "pending" {
				last := k.closed
				if last == 0 {
					last = min(k.filed+1000, paymentsTo)
				}
				decided = iso(r.between(k.filed, last))
			}
			rec[0], rec[1], rec[2], rec[3] = ident("q", j, 6), ident("k", c, 6), ident("p", k.defendants[(j-lo)%len(k.defendants)], 6), strconv.Itoa(j-lo+1)
			rec[4], rec[5], rec[6], rec[7] = statute[0], statute[1], outcome, decided
			if err := w.Write(rec); err != nil {
				return err
			}
			g.progress.row()
		}
	}
	return nil
}
