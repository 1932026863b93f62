package xref

import (
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
)

func person(id string, names ...string) Record {
	return Record{ID: id, Schema: casegraph.Person, Names: names}
}

func company(id string, names ...string) Record {
	return Record{ID: id, Schema: casegraph.Company, Names: names}
}

// isMatch compares two records with the default model.
func isMatch(t *testing.T, a, b Record) (bool, Match) {
	t.Helper()
	m := DefaultModel()
	got := m.Compare(Prepare(a), Prepare(b))
	return got.Score >= m.Threshold, got
}

func explain(m Match) string {
	var parts []string
	for _, f := range m.Features {
		parts = append(parts, f.Name+"="+strings.TrimSpace(f.Detail))
	}
	return strings.Join(parts, " | ")
}

func TestTransliteration(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Владимир Путин", "vladimir putin"},
		{"Αλέξης Τσίπρας", "alexis tsipras"},
		{"Βασίλης", "vasilis"},
		{"محمد", "mhmd"},
		{"Müller-Lüdenscheidt", "muller ludenscheidt"},
		{"O'Brien", "obrien"},
		{"Хрущёв", "khrushchev"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := latin(tc.in); got != tc.want {
				t.Errorf("latin(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		name string
		a, b Record
		want bool
	}{
		{"cyrillic", person("a", "Владимир Путин"), person("b", "Vladimir Putin"), true},
		{"greek", person("a", "Αλέξης Τσίπρας"), person("b", "Alexis Tsipras"), true},
		{"arabic", person("a", "محمد بن سلمان"), person("b", "Mohammed bin Salman"), true},
		{"order and punctuation", person("a", "LACEY, Michael G."), person("b", "Michael Lacey"), true},
		{"initial", person("a", "M. Lacey"), person("b", "Michael Lacey"), true},
		{"nickname jim", person("a", "Jim Larkin"), person("b", "James Larkin"), true},
		{"russian diminutive", person("a", "Alyosha Olegovich Sidorov"), person("b", "Alexei Olegovich Sidorov"), true},
		{"nickname mike", person("a", "Mike Lacey"), person("b", "Michael Lacey"), true},
		{"accents", person("a", "José Müller"), person("b", "Jose Muller"), true},
		{"alias", person("a", "Vova P", "Vladimir Putin"), person("b", "Putin Vladimir"), true},
		{"other first name", person("a", "Olaf Scholz"), person("b", "Octavian Scholz"), false},
		{"initial of another first name", person("a", "H. Allen"), person("b", "Karen Allen"), false},
		{"other surname", person("a", "Angela Merkur"), person("b", "Angela Merkel"), false},
		{"other given name sounding alike", person("a", "Frederick Weissmann"), person("b", "Friedrich Weissmann"), false},
		{"given names of either sex", person("a", "Olga Petrenko"), person("b", "Oleg Petrenko"), false},
		{"given name romanised two ways", person("a", "Aleksei Volkov"), person("b", "Alexei Volkov"), true},
		{"given name spelt two ways", person("a", "Emanuel Ortega"), person("b", "Emmanuel Ortega"), true},
		{"latvian -s endings", person("a", "Aleksandrs Kozlovs"), person("b", "Aleksandr Ivanovich KOZLOV"), true},
		{"typo in surname", person("a", "Olaf Scholze"), person("b", "Olaf Scholz"), true},
		{"legal form inc", company("a", "Medalist Holdings, Inc."), company("b", "MEDALIST HOLDINGS INCORPORATED"), true},
		{"legal form ooo", company("a", "ООО Ромашка"), company("b", "Romashka LLC"), true},
		{"legal form dotted", company("a", "Acme S.A."), company("b", "ACME SA"), true},
		{"legal form gmbh", company("a", "Siemens Aktiengesellschaft"), company("b", "Siemens AG"), true},
		{"legal form hungarian", company("a", "Bluewater Property Kft."), company("b", "Bluewater Property Korlátolt Felelősségű Társaság"), true},
		{"legal form of several words misspelt", company("a", "Northern Pipe Joint Stok Company"), company("b", "Northern Pipe JSC"), true},
		{"legal form cut short", company("a", "Northern Pipe Limited Liability Compan"), company("b", "Northern Pipe LLC"), true},
		{"country in brackets", company("a", "Hartwell Logistics (Luxembourg) S.A."), company("b", "Hartwell Logistics S.A."), true},
		{"country in the name", company("a", "Raiffeisen Bank Polska S.A."), company("b", "Raiffeisen Bank S.A."), false},
		{"two countries in brackets", company("a", "Hartwell Logistics (Norway) AS"), company("b", "Hartwell Logistics (Denmark) AS"), false},
		{"founder's titles", company("a", "Prof. Dr. h. c. K. Lindqvist GmbH"), company("b", "K. Lindqvist GmbH"), true},
		{"letters and one more word", company("a", "R & T Denmark ApS"), company("b", "R & T Holmberg Denmark ApS"), false},
		{"a line of business more", company("a", "Veltrona Systems Limited"), company("b", "Veltrona Ltd"), false},
		{"a region more", company("a", "Veltrona Europe Limited"), company("b", "Veltrona Ltd"), true},
		{"a region more, a letter misspelt", company("a", "Veltronna Europe Limited"), company("b", "Veltrona Ltd"), true},
		{"international more", company("a", "QRX International"), company("b", "Q.R.X. Company"), false},
		{"legal forms of other kinds", company("a", "Granite Development LLC"), company("b", "Granite Development GmbH & Co. KG"), false},
		{"numbers differ", company("a", "Sunrise Fund 1 Ltd"), company("b", "Sunrise Fund 2 Ltd"), false},
		{"generic word only", company("a", "Alpha Holdings Ltd"), company("b", "Beta Holdings Ltd"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, m := isMatch(t, tc.a, tc.b)
			if got != tc.want {
				t.Errorf("%v vs %v: match %v (score %.3f), want %v; %s", tc.a.Names, tc.b.Names, got, m.Score, tc.want, explain(m))
			}
		})
	}
}

func TestLastNames(t *testing.T) {
	withLast := func(id, name string, last ...string) Record {
		r := person(id, name)
		r.LastNames = last
		return r
	}
	tests := []struct {
		name string
		a, b Record
		want bool
	}{
		{"given and family name swapped", withLast("a", "Peter Paul", "Paul"), withLast("b", "Paul Peter", "Peter"), false},
		{"same family name", withLast("a", "Peter Paul", "Paul"), withLast("b", "PAUL, Peter", "PAUL"), true},
		{"family name misspelt", withLast("a", "Anna Kowalska", "Kowalska"), withLast("b", "Anna Kovalska", "Kovalska"), true},
		{"family name on one side only", withLast("a", "Peter Paul", "Paul"), person("b", "Paul Peter"), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, m := isMatch(t, tc.a, tc.b)
			if got != tc.want {
				t.Errorf("%v vs %v: match %v (score %.3f), want %v; %s", tc.a.Names, tc.b.Names, got, m.Score, tc.want, explain(m))
			}
		})
	}
	r := FromEntity(casegraph.Entity{ID: "x", Schema: casegraph.Person, Name: "Hans Friedrich",
		Properties: map[string]any{"lastName": []any{"Friedrich"}}}, "d", nil)
	if len(r.LastNames) != 1 || r.LastNames[0] != "Friedrich" {
		t.Errorf("FromEntity lastName: LastNames = %v, want [Friedrich]", r.LastNames)
	}
}

func TestIdentifiers(t *testing.T) {
	acct := func(id string, ids ...Identifier) Record {
		return Record{ID: id, Schema: casegraph.BankAccount, Identifiers: ids}
	}
	withIDs := func(r Record, ids ...Identifier) Record { r.Identifiers = ids; return r }
	tests := []struct {
		name    string
		a, b    Record
		want    bool
		feature string
	}{
		{"iban spaced and lower case", acct("a", Identifier{"iban", "de89 3704 0044 0532 0130 00"}), acct("b", Identifier{"iban", "DE89370400440532013000"}), true, FeatIdentifier},
		{"iban and its account number", acct("a", Identifier{"iban", "DE89370400440532013000"}), acct("b", Identifier{"accountNumber", "0532013000"}), true, FeatIdentifier},
		{"different ibans", acct("a", Identifier{"iban", "DE89370400440532013000"}), acct("b", Identifier{"iban", "GB29NWBK60161331926819"}), false, FeatIdentifierConflict},
		{"same name, different registration", withIDs(company("a", "Acme Trading Ltd"), Identifier{"registrationNumber", "12345678"}), withIDs(company("b", "ACME Trading Limited"), Identifier{"registrationNumber", "87654321"}), false, FeatIdentifierConflict},
		{"labelled registration number", withIDs(company("a", "Oakridge Media S.A."), Identifier{"registrationNumber", "B100182"}), withIDs(company("b", "Oakridge Media SA"), Identifier{"registrationNumber", "No. B100182"}), true, FeatIdentifier},
		{"other name, same tax number", withIDs(company("a", "Acme Trading"), Identifier{"taxNumber", "RU 7701234567"}), withIDs(company("b", "Zeta Group"), Identifier{"innCode", "7701234567"}), true, FeatIdentifier},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, m := isMatch(t, tc.a, tc.b)
			if got != tc.want {
				t.Errorf("match %v (score %.3f), want %v; %s", got, m.Score, tc.want, explain(m))
			}
			if !hasFeature(m, tc.feature) {
				t.Errorf("no %s feature: %s", tc.feature, explain(m))
			}
		})
	}
	if !validIBAN("DE89370400440532013000") || validIBAN("DE88370400440532013000") {
		t.Error("IBAN check digits are not checked")
	}
}

func hasFeature(m Match, name string) bool {
	for _, f := range m.Features {
		if f.Name == name {
			return true
		}
	}
	return false
}

func TestBirthDates(t *testing.T) {
	born := func(id, name string, dates ...string) Record {
		r := person(id, name)
		r.BirthDates = dates
		return r
	}
	tests := []struct {
		name    string
		a, b    Record
		want    bool
		feature string
	}{
		{"same day", born("a", "John Smith", "1962-05-01"), born("b", "Smith, John", "1962-05-01"), true, FeatBirthDate},
		{"year only agrees", born("a", "John Smith", "1962"), born("b", "John Smith", "1962-05-01"), true, FeatBirthDate},
		{"years differ", born("a", "John Smith", "1962-05-01"), born("b", "John Smith", "1971-05-01"), false, FeatBirthDateConflict},
		{"days differ", born("a", "John Smith", "1962-05-01"), born("b", "John Smith", "1962-05-17"), false, FeatBirthDateConflict},
		{"day and month swapped is a slip", born("a", "John Smith", "1962-05-01"), born("b", "John Smith", "1962-01-05"), true, FeatBirthDateConflict},
		{"two days apart is a slip", born("a", "John Smith", "1962-03-31"), born("b", "John Smith", "1962-04-02"), true, FeatBirthDateConflict},
		{"year-only conflict", born("a", "John Smith", "1962"), born("b", "John Smith", "1963-02-01"), false, FeatBirthDateConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, m := isMatch(t, tc.a, tc.b)
			if got != tc.want {
				t.Errorf("match %v (score %.3f), want %v; %s", got, m.Score, tc.want, explain(m))
			}
			if !hasFeature(m, tc.feature) {
				t.Errorf("no %s feature: %s", tc.feature, explain(m))
			}
		})
	}
}

func TestCompareExplains(t *testing.T) {
	a := person("z", "Michael Lacey")
	a.Countries = []string{"United States"}
	a.Neighbours = []string{"acct1", "co9"}
	b := person("a", "LACEY, Michael")
	b.Countries = []string{"us"}
	b.Neighbours = []string{"acct1"}
	m := DefaultModel().Compare(Prepare(a), Prepare(b))
	if m.Left != "a" || m.Right != "z" {
		t.Errorf("Left/Right = %s/%s, want a/z", m.Left, m.Right)
	}
	for _, f := range []string{FeatName, FeatCountry, FeatSharedNeighbours} {
		if !hasFeature(m, f) {
			t.Errorf("no %s: %s", f, explain(m))
		}
	}
	for i, f := range m.Features {
		if f.Detail == "" || f.Value == 0 {
			t.Errorf("feature %s has no detail or value", f.Name)
		}
		if i > 0 && abs(f.Score) > abs(m.Features[i-1].Score) {
			t.Errorf("features not strongest first: %s", explain(m))
		}
	}
	c := person("c", "Michael Lacey")
	c.Countries = []string{"Russia"}
	x, y := company("x", "Bluewater Technologies Limited"), company("y", "Bluewater Technologies Ltd")
	x.Countries, y.Countries = []string{"Cyprus"}, []string{"mt"}
	if got, m := isMatch(t, x, y); got {
		t.Errorf("one company name registered in two countries matched: %s", explain(m))
	}
	m2 := DefaultModel().Compare(Prepare(a), Prepare(c))
	if !hasFeature(m2, FeatCountryConflict) || m2.Score >= DefaultModel().Compare(Prepare(a), Prepare(person("d", "Michael Lacey"))).Score {
		t.Errorf("a country conflict does not lower the score: %s", explain(m2))
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestFamilyAndFromEntity(t *testing.T) {
	for s, want := range map[casegraph.Schema]Family{casegraph.Person: FamilyPerson, casegraph.Company: FamilyOrganization,
		casegraph.Organization: FamilyOrganization, casegraph.PublicBody: FamilyOrganization, casegraph.BankAccount: FamilyAccount} {
		if got, ok := FamilyOf(s); !ok || got != want {
			t.Errorf("FamilyOf(%s) = %v %v", s, got, ok)
		}
	}
	if _, ok := FamilyOf(casegraph.Payment); ok {
		t.Error("payments have a family")
	}
	e := casegraph.Entity{ID: "p1", Schema: casegraph.Person, Name: "Jim Larkin", Aliases: []string{"James Larkin"},
		Properties: map[string]any{"birthDate": "1876-01-21", "nationality": []any{"ie"}, "passportNumber": []string{"X1", "X2"}, "address": "Dublin"}}
	r := FromEntity(e, "ds", []string{"n1"})
	if len(r.Names) != 2 || r.Names[0] != "Jim Larkin" || len(r.BirthDates) != 1 || len(r.Countries) != 1 ||
		len(r.Identifiers) != 2 || r.Identifiers[1].Kind != "passportNumber" || len(r.Addresses) != 1 || r.Dataset != "ds" || len(r.Neighbours) != 1 {
		t.Errorf("FromEntity = %+v", r)
	}
}
