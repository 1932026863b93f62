package xref

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// The features a pair is scored on. Each is a value in 0..1; the model
// weighs it, and a negative weight makes it counter-evidence.
const (
	FeatName               = "name"               // how alike the best pair of names is
	FeatNameMismatch       = "nameMismatch"       // 1 − name: the words that found no partner
	FeatNumberConflict     = "numberConflict"     // the names hold different numbers (Fund 1, Fund 2); 0.5 when only one holds any
	FeatLegalFormConflict  = "legalFormConflict"  // legal forms of different kinds (AG, a stock company, vs GmbH)
	FeatIdentifier         = "identifier"         // an identifier of the same kind and value
	FeatIdentifierConflict = "identifierConflict" // same kind on both sides, every value different
	FeatBirthDate          = "birthDate"          // birth dates agree at their shared precision
	FeatBirthDateConflict  = "birthDateConflict"  // birth dates contradict
	FeatCountry            = "country"            // a country in common
	FeatCountryConflict    = "countryConflict"    // countries on both sides, none in common: 1 for organisations, 0.5 for persons
	FeatAddress            = "address"            // addresses share most words
	FeatSharedNeighbours   = "sharedNeighbours"   // linked to the same accounts, directors, owners …
)

// featureNames lists the features in a stable order: the order of the
// f… indices below.
var featureNames = [nFeatures]string{FeatName, FeatNameMismatch, FeatNumberConflict,
	FeatLegalFormConflict, FeatIdentifier, FeatIdentifierConflict, FeatBirthDate,
	FeatBirthDateConflict, FeatCountry, FeatCountryConflict, FeatAddress, FeatSharedNeighbours}

// Feature positions in a featureVector.
const (
	fName = iota
	fNameMismatch
	fNumberConflict
	fLegalFormConflict
	fIdentifier
	fIdentifierConflict
	fBirthDate
	fBirthDateConflict
	fCountry
	fCountryConflict
	fAddress
	fSharedNeighbours
	nFeatures
)

// Model turns features into a score: Score = sigmoid(Bias + Σ Weights[f] ×
// value_f), the weighted sum being a log-odds. A pair is a match when its
// Score is at least Threshold.
type Model struct {
	Bias      float64
	Weights   map[string]float64
	Threshold float64
}

// DefaultModel is the model set by reasoning (docs/xref.md explains every
// weight): a name alike at 0.85 (every word paired, one spelt a little
// differently) is even odds on its own; a shared identifier is decisive on
// its own; a contradicting identifier or birth date outweighs an identical
// name. Threshold 0.5 is that even odds.
func DefaultModel() Model {
	return Model{
		Bias: -4.2,
		Weights: map[string]float64{
			FeatName:               6,
			FeatNameMismatch:       -6,
			FeatNumberConflict:     -6,
			FeatLegalFormConflict:  -2,
			FeatIdentifier:         12,
			FeatIdentifierConflict: -5,
			FeatBirthDate:          2.5,
			FeatBirthDateConflict:  -5,
			FeatCountry:            0.5,
			FeatCountryConflict:    -2,
			FeatAddress:            1.5,
			FeatSharedNeighbours:   2.5,
		},
		Threshold: 0.5,
	}
}

// featureVector is the raw evidence of one pair.
type featureVector struct {
	v      [nFeatures]float64
	detail [nFeatures]func() string
}

func featureIndex(name string) int {
	for i, f := range featureNames {
		if f == name {
			return i
		}
	}
	return -1
}

// Compare scores one pair and explains it. Left is the smaller id.
func (m Model) Compare(a, b *Prepared) Match {
	if b.ID < a.ID {
		a, b = b, a
	}
	var fv featureVector
	extract(a, b, &fv, true)
	logit := m.Bias
	var feats []Feature
	for i, name := range featureNames {
		if fv.v[i] == 0 {
			continue
		}
		w := m.Weights[name]
		f := Feature{Name: name, Value: fv.v[i], Weight: w, Score: w * fv.v[i]}
		if fv.detail[i] != nil {
			f.Detail = fv.detail[i]()
		}
		logit += f.Score
		feats = append(feats, f)
	}
	sort.SliceStable(feats, func(i, j int) bool {
		return math.Abs(feats[i].Score) > math.Abs(feats[j].Score)
	})
	return Match{Left: a.ID, Right: b.ID, Score: sigmoid(logit), Features: feats}
}

// score is Compare without the explanation, for the hot loop.
func (m Model) score(a, b *Prepared, w *[nFeatures]float64) float64 {
	var fv featureVector
	extract(a, b, &fv, false)
	logit := m.Bias
	for i := range fv.v {
		logit += w[i] * fv.v[i]
	}
	return sigmoid(logit)
}

// weightVector lays a model's weights out in featureNames order.
func (m Model) weightVector() *[nFeatures]float64 {
	var w [nFeatures]float64
	for i, name := range featureNames {
		w[i] = m.Weights[name]
	}
	return &w
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// extract computes every feature of a pair; with explain it also records
// how to say why.
func extract(a, b *Prepared, fv *featureVector, explain bool) {
	org := a.family == FamilyOrganization || b.family == FamilyOrganization
	if nr, ok := compareNames(a, b, org); ok {
		fv.v[fName] = nr.score
		fv.v[fNameMismatch] = 1 - nr.score
		if explain {
			explainNameFeatures(a, b, nr, fv)
		}
		if nr.numberDiff {
			fv.v[fNumberConflict] = 1
			if len(nr.numbersA) == 0 || len(nr.numbersB) == 0 {
				fv.v[fNumberConflict] = 0.5
			}
		}
	}
	if org {
		compareLegalForms(a, b, fv, explain)
	}
	compareIdentifiers(a, b, fv, explain)
	compareDates(a, b, fv, explain)
	compareCountries(a, b, fv, explain)
	compareAddresses(a, b, fv, explain)
	compareNeighbours(a, b, fv, explain)
}

// explainNameFeatures records how to say why the names scored as they did
// (kept apart from extract so that the hot path captures nothing).
func explainNameFeatures(a, b *Prepared, nr nameResult, fv *featureVector) {
	na, nb, al := &a.names[nr.ia], &b.names[nr.ib], nr.al
	d := func() string { return explainNames(na, nb, &al) }
	if nr.surnamesDiffer {
		d = func() string {
			return explainNames(na, nb, &al) + fmt.Sprintf("; family names differ: %s vs %s (× %.1f)",
				strings.Join(a.surnames, " "), strings.Join(b.surnames, " "), surnameConflict)
		}
	}
	fv.detail[fName], fv.detail[fNameMismatch] = d, d
	if nr.numberDiff {
		fv.detail[fNumberConflict] = func() string {
			x, y := strings.Join(nr.numbersA, " "), strings.Join(nr.numbersB, " ")
			if x == "" || y == "" {
				return fmt.Sprintf("a number in only one name: %s", x+y)
			}
			return fmt.Sprintf("numbers in the names differ: %s vs %s", x, y)
		}
	}
}

func compareIdentifiers(a, b *Prepared, fv *featureVector, explain bool) {
	if len(a.ids) == 0 || len(b.ids) == 0 {
		return
	}
	best := 0.0
	var bi, bj int
	for i := range a.ids {
		for j := range b.ids {
			x, y := &a.ids[i], &b.ids[j]
			if x.kind == "bic" || y.kind == "bic" {
				continue
			}
			v := 0.0
			switch {
			case x.kind == y.kind && x.value == y.value:
				v = 1
			case x.kind == "iban" && y.kind == "account" && suffixOf(x.bban, y.value):
				v = 0.9
			case y.kind == "iban" && x.kind == "account" && suffixOf(y.bban, x.value):
				v = 0.9
			case x.value == y.value && len(x.value) >= 6:
				v = 0.7 // the same number under another property
			}
			if v > best {
				best, bi, bj = v, i, j
			}
		}
	}
	if best > 0 {
		fv.v[fIdentifier] = best
		if explain {
			x, y := a.ids[bi], b.ids[bj]
			fv.detail[fIdentifier] = func() string {
				if x.kind == y.kind {
					return fmt.Sprintf("same %s: %s", x.kind, x.value)
				}
				return fmt.Sprintf("%s %s matches %s %s", x.kind, x.value, y.kind, y.value)
			}
		}
	}
	// a conflict: a kind both sides have, with no value in common
	var conflictKind string
	for i := range a.ids {
		k := a.ids[i].kind
		if k == "bic" || k == conflictKind {
			continue
		}
		both, same := false, false
		for j := range b.ids {
			if b.ids[j].kind != k {
				continue
			}
			both = true
			for i2 := range a.ids {
				if a.ids[i2].kind == k && a.ids[i2].value == b.ids[j].value {
					same = true
				}
			}
		}
		if both && !same {
			if k == "account" && best > 0 {
				continue // an IBAN already agreed
			}
			conflictKind = k
			break
		}
	}
	if conflictKind != "" {
		fv.v[fIdentifierConflict] = 1
		if explain {
			fv.detail[fIdentifierConflict] = func() string {
				return fmt.Sprintf("different %s: %s vs %s", conflictKind,
					strings.Join(idValues(a.ids, conflictKind), ", "), strings.Join(idValues(b.ids, conflictKind), ", "))
			}
		}
	}
}

func idValues(ids []pident, kind string) []string {
	var out []string
	for _, id := range ids {
		if id.kind == kind {
			out = append(out, id.value)
		}
	}
	return out
}

// suffixOf reports whether an account number (at least 6 characters) ends
// the domestic part of an IBAN.
func suffixOf(bban, acct string) bool {
	return len(acct) >= 6 && len(bban) >= len(acct) && bban[len(bban)-len(acct):] == acct
}

func (d pdate) String() string {
	switch {
	case d.m == 0:
		return fmt.Sprintf("%04d", d.y)
	case d.d == 0:
		return fmt.Sprintf("%04d-%02d", d.y, d.m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

// agreeDates compares two dates at their shared precision: the number of
// parts that agree (3 = same day) or -1 if they contradict, with whether
// the years differ.
func agreeDates(x, y pdate) (level int, yearsDiffer bool) {
	if x.y != y.y {
		return -1, true
	}
	if x.m == 0 || y.m == 0 {
		return 1, false
	}
	if x.m != y.m {
		return -1, false
	}
	if x.d == 0 || y.d == 0 {
		return 2, false
	}
	if x.d != y.d {
		return -1, false
	}
	return 3, false
}

// nearDates reports whether two full dates of one year differ as a slip
// of the pen does: day and month swapped (1962-05-01, 1962-01-05), or the
// day off by one digit (1962-05-01, 1962-05-07; 12 and 21), or at most
// three days apart.
func nearDates(x, y pdate) bool {
	if x.y != y.y || x.d == 0 || y.d == 0 {
		return false
	}
	if x.m == y.d && x.d == y.m {
		return true
	}
	tx := time.Date(x.y, time.Month(x.m), x.d, 0, 0, 0, 0, time.UTC)
	ty := time.Date(y.y, time.Month(y.m), y.d, 0, 0, 0, 0, time.UTC)
	if d := tx.Sub(ty).Abs(); d <= 3*24*time.Hour {
		return true // a few days apart: a time zone, a late registration
	}
	if x.m != y.m {
		return false
	}
	dx, dy := [2]byte{byte('0' + x.d/10), byte('0' + x.d%10)}, [2]byte{byte('0' + y.d/10), byte('0' + y.d%10)}
	return levenshtein(dx[:], dy[:]) == 1
}

func compareDates(a, b *Prepared, fv *featureVector, explain bool) {
	if len(a.dates) == 0 || len(b.dates) == 0 {
		return
	}
	best := 0
	allYears := true
	var bx, by pdate
	for _, x := range a.dates {
		for _, y := range b.dates {
			l, yd := agreeDates(x, y)
			if l > best {
				best, bx, by = l, x, y
			}
			if !yd {
				allYears = false
			}
		}
	}
	if best > 0 {
		fv.v[fBirthDate] = [...]float64{0, 0.6, 0.8, 1}[best]
		if explain {
			fv.detail[fBirthDate] = func() string {
				if bx == by {
					return "same birth date: " + bx.String()
				}
				return fmt.Sprintf("birth dates agree: %s and %s", bx, by)
			}
		}
		return
	}
	fv.v[fBirthDateConflict] = 0.6
	if allYears {
		fv.v[fBirthDateConflict] = 1
	}
	for _, x := range a.dates {
		for _, y := range b.dates {
			if nearDates(x, y) {
				// a slip of the pen is weak counter-evidence
				fv.v[fBirthDateConflict] = 0.25
			}
		}
	}
	if explain {
		slip := fv.v[fBirthDateConflict] < 0.5
		fv.detail[fBirthDateConflict] = func() string {
			if slip {
				return fmt.Sprintf("birth dates differ by a slip of the pen: %s vs %s", strings.Join(a.BirthDates, ", "), strings.Join(b.BirthDates, ", "))
			}
			return fmt.Sprintf("different birth dates: %s vs %s", strings.Join(a.BirthDates, ", "), strings.Join(b.BirthDates, ", "))
		}
	}
}

func compareCountries(a, b *Prepared, fv *featureVector, explain bool) {
	if len(a.countries) == 0 || len(b.countries) == 0 {
		return
	}
	shared := ""
	i, j := 0, 0
	for i < len(a.countries) && j < len(b.countries) {
		switch {
		case a.countries[i] == b.countries[j]:
			shared = a.countries[i]
			i = len(a.countries)
		case a.countries[i] < b.countries[j]:
			i++
		default:
			j++
		}
	}
	if shared != "" {
		fv.v[fCountry] = 1
		if explain {
			fv.detail[fCountry] = func() string { return "both in " + shared }
		}
		return
	}
	// an organisation's country is mostly where it is registered, and
	// one company has one; a person may hold several nationalities
	fv.v[fCountryConflict] = 0.5
	if a.family == FamilyOrganization {
		fv.v[fCountryConflict] = 1
	}
	if explain {
		fv.detail[fCountryConflict] = func() string {
			return fmt.Sprintf("no country in common: %s vs %s", strings.Join(a.countries, ", "), strings.Join(b.countries, ", "))
		}
	}
}

func compareAddresses(a, b *Prepared, fv *featureVector, explain bool) {
	best := 0.0
	var bi, bj int
	for i, x := range a.addresses {
		for j, y := range b.addresses {
			n := countShared(x, y)
			if n < 2 {
				continue
			}
			if s := float64(n) / float64(min(len(x), len(y))); s > best {
				best, bi, bj = s, i, j
			}
		}
	}
	if best >= 0.5 {
		fv.v[fAddress] = best
		if explain {
			fv.detail[fAddress] = func() string {
				return fmt.Sprintf("addresses alike: “%s” and “%s”", a.Addresses[bi], b.Addresses[bj])
			}
		}
	}
}

// countShared counts the strings two sorted lists share.
func countShared(x, y []string) int {
	n, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			n++
			i++
			j++
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return n
}

func compareNeighbours(a, b *Prepared, fv *featureVector, explain bool) {
	n := countShared(a.neigh, b.neigh)
	if n == 0 {
		return
	}
	fv.v[fSharedNeighbours] = [...]float64{0, 0.6, 0.85, 1}[min(n, 3)]
	if explain {
		fv.detail[fSharedNeighbours] = func() string {
			var shared []string
			i, j := 0, 0
			for i < len(a.neigh) && j < len(b.neigh) && len(shared) < 5 {
				switch {
				case a.neigh[i] == b.neigh[j]:
					shared = append(shared, a.neigh[i])
					i++
					j++
				case a.neigh[i] < b.neigh[j]:
					i++
				default:
					j++
				}
			}
			return fmt.Sprintf("%d linked entities in common: %s", n, strings.Join(shared, ", "))
		}
	}
}

// compareLegalForms finds names whose legal forms are of different kinds:
// every form of one name against every form of the other, among the names
// of both records.
func compareLegalForms(a, b *Prepared, fv *featureVector, explain bool) {
	var fa, fb string
	for i := range a.names {
		kx, x := a.names[i].legalKind()
		if kx == "" {
			continue
		}
		for j := range b.names {
			ky, y := b.names[j].legalKind()
			if ky == "" {
				continue
			}
			if kx == ky {
				return // one pair of names agrees
			}
			fa, fb = x, y
		}
	}
	if fa == "" {
		return
	}
	fv.v[fLegalFormConflict] = 1
	if explain {
		fv.detail[fLegalFormConflict] = func() string {
			return fmt.Sprintf("legal forms of different kinds: %s (%s) vs %s (%s)", fa, legalFormKinds[fa], fb, legalFormKinds[fb])
		}
	}
}

// legalKind is the kind of a name's legal form, and the form that says
// it: a partnership when any form is one ("GmbH & Co. KG" is a limited
// partnership), else the first form of a known kind.
func (n *pname) legalKind() (kind, form string) {
	for _, f := range n.forms {
		switch k := legalFormKinds[f]; {
		case k == "partnership":
			return k, f
		case k != "" && kind == "":
			kind, form = k, f
		}
	}
	return kind, form
}
