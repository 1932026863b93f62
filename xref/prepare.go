package xref

import (
	"hash/fnv"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Prepared is a Record with everything matching reads normalised once, so
// that comparing two records only compares prepared forms.
type Prepared struct {
	Record
	family    Family
	hasFamily bool
	fam       uint8 // family as a small number, for blocking's hot loop
	names     []pname
	ids       []pident
	dates     []pdate
	countries []string // alpha-2 codes or normalised names, sorted, unique
	addresses [][]string
	neigh     []string // sorted, unique
	surnames  []string // the words of LastNames, transliterated
	keys      []uint64 // blocking keys, unique
	keyWeight []float32
}

// token is one word of a normalised name.
type token struct {
	text    string
	skel    string  // skeleton(text)
	nick    []int32 // nickname groups
	weight  float32 // how much the word says: 1; generic org words and initials less
	initial bool
	number  bool
	// abjad: the word was written in a script without vowels (Arabic,
	// Hebrew), so it compares by its consonants (cons)
	abjad bool
	cons  string
	// exact: the word is a syllable of a script romanised syllable by
	// syllable (Chinese, Japanese, Korean): a different letter is a
	// different syllable, so only equal words match
	exact   bool
	letters string // the word's letters sorted: "nitup" and "putin" share them
	// country: an organisation's word naming a country (isCountryWord)
	country bool
}

// pname is one normalised name.
type pname struct {
	raw      string
	tokens   []token
	joined   string   // the tokens' texts concatenated in sorted order, no spaces
	glued    string   // the tokens' texts concatenated in written order
	initials string   // the first letter of each token, in written order
	numbers  []string // numeric tokens, sorted
	total    float32  // Σ weight
	forms    []string // legal forms folded out of it
	org      bool     // an organisation's name
	// distinct counts the words that weigh fully and the initials (not
	// particles or generic words)
	distinct int
	// father is the index of the word after "bin" (the father's name), or -1
	father int
}

// pident is one normalised identifier.
type pident struct {
	kind  string // identifier class: iban, account, registration, tax, passport, id, lei, bic, …
	value string
	bban  string // for an IBAN: the domestic account number inside it
}

// pdate is a birth date at its precision.
type pdate struct {
	y, m, d int // 0 where unknown
}

// maxTokens bounds the words of one name that matching reads.
const maxTokens = 12

// maxNames bounds the names (the name and aliases) of one record that
// matching compares; real records with more are rare (sanctions lists).
const maxNames = 24

// Prepare normalises a record once for matching.
func Prepare(r Record) *Prepared {
	p := &Prepared{Record: r}
	p.family, p.hasFamily = FamilyOf(r.Schema)
	switch p.family {
	case FamilyPerson:
		p.fam = 1
	case FamilyOrganization:
		p.fam = 2
	case FamilyAccount:
		p.fam = 3
	}
	org := p.family == FamilyOrganization
	seen := map[string]bool{}
	for _, raw := range withSlashParts(r.Names) {
		n, ok := prepareName(raw, org)
		if !ok || seen[n.joined+"|"+strings.Join(n.forms, " ")] {
			continue
		}
		seen[n.joined+"|"+strings.Join(n.forms, " ")] = true
		p.names = append(p.names, n)
		if len(p.names) == maxNames {
			break
		}
	}
	for _, id := range r.Identifiers {
		if pi, ok := prepareIdentifier(id); ok {
			p.ids = append(p.ids, pi)
		}
	}
	for _, d := range r.BirthDates {
		if pd, ok := parseDate(d); ok {
			p.dates = append(p.dates, pd)
		}
	}
	for _, c := range r.Countries {
		if cc := countryCode(c); cc != "" {
			p.countries = append(p.countries, cc)
		}
	}
	p.countries = sortedUnique(p.countries)
	for _, a := range r.Addresses {
		if toks := strings.Fields(latin(a)); len(toks) > 0 {
			p.addresses = append(p.addresses, sortedUnique(toks))
		}
	}
	if !org {
		for _, l := range r.LastNames {
			p.surnames = append(p.surnames, strings.Fields(latin(l))...)
		}
	}
	p.neigh = sortedUnique(append([]string(nil), r.Neighbours...))
	p.blockingKeys()
	return p
}

// withSlashParts adds the parts of names written as alternatives with a
// slash ("Al-Qa'ida/Islamic Army") after the names themselves.
func withSlashParts(names []string) []string {
	out := names
	for _, n := range names {
		if !strings.Contains(n, "/") {
			continue
		}
		parts := strings.Split(n, "/")
		if len(parts) < 2 {
			continue
		}
		if len(out) == len(names) {
			out = append([]string(nil), names...)
		}
		for _, p := range parts {
			if p = strings.TrimSpace(p); len(p) > 1 {
				out = append(out, p)
			}
		}
	}
	return out
}

// The weights of the words of an organisation's name that say less than a
// distinctive word (1): generic words and lone letters, and regions and
// countries in brackets, which add where a company of a group works.
const (
	weightGeneric = 0.5
	weightRegion  = 0.25
)

// prepareName tokenises one name: transliterated, lower-cased, split into
// words (nameWords); for organisations legal forms are folded out and stop
// words dropped.
func prepareName(raw string, org bool) (pname, bool) {
	words := nameWords(latinize(raw, org), org)
	if len(words) == 0 {
		return pname{}, false
	}
	n := pname{raw: raw, org: org}
	if org {
		words, n.forms = foldLegalForms(words)
		kept := words[:0:0]
		for _, w := range words {
			if !orgStopwords[w] {
				kept = append(kept, w)
			}
		}
		if len(kept) > 0 {
			words = kept
		}
		if last := len(words) - 1; last > 0 {
			if r, ok := loneNumerals[words[last]]; ok {
				words[last] = strconv.Itoa(r) // "Offshore Fund I, Ltd."
			}
		}
	}
	if len(words) > maxTokens {
		words = words[:maxTokens]
	}
	nick := nicknames()
	script := scriptOf(raw)
	var sk []byte
	var glued, initials strings.Builder
	var bracketed map[string]bool
	if org {
		bracketed = bracketedWords(raw)
	}
	for _, w := range words {
		sk = skeleton(w, sk)
		t := token{text: w, skel: string(sk), weight: 1, number: isNumber(w),
			abjad: script == scriptAbjad, exact: script == scriptSyllabic, cons: consonants(w), letters: sortedLetters(w)}
		switch {
		case t.number:
			n.numbers = append(n.numbers, w)
		case len(w) == 1 && !org:
			t.initial = true
			t.weight = 0.5
		case len(w) == 1:
			t.weight = weightGeneric // "L & H", "F. Porsche": a letter says less than a word
		case org && isCountryWord(w):
			t.country = true
			if bracketed[w] {
				t.weight = weightRegion // "Deutsche Bank (Schweiz) AG": a seat
			}
		case org && regionWords[w]:
			t.weight = weightRegion // "Faberlic Europe": a region a group works in
		case org && isGenericOrgWord(w):
			t.weight = weightGeneric // "Crystalord Systems": a line of business
		case !org && nameParticles[w] && len(words) > 2:
			t.weight = 0.35
		}
		if !org && t.weight == 1 {
			t.nick = nick[w]
		}
		n.tokens = append(n.tokens, t)
		n.total += t.weight
		glued.WriteString(w)
		initials.WriteByte(w[0])
	}
	n.father = -1
	for i, t := range n.tokens {
		if (t.weight == 1 || t.initial) && !t.number {
			n.distinct++ // initials count: "Z. Takács" is a full name
		}
		if !org && t.text == "bin" && i+1 < len(n.tokens) && n.father < 0 {
			n.father = i + 1
		}
	}
	n.glued = glued.String()
	n.initials = initials.String()
	texts := make([]string, len(n.tokens))
	for i, t := range n.tokens {
		texts[i] = t.text
	}
	sort.Strings(texts)
	n.joined = strings.Join(texts, "")
	sort.Strings(n.numbers)
	return n, true
}

// bracketedWords lists the words an organisation's name holds in brackets
// ("Deutsche Bank (Schweiz) AG": schweiz); nil when it has none.
func bracketedWords(raw string) map[string]bool {
	var out map[string]bool
	for {
		open := strings.IndexAny(raw, "([")
		if open < 0 {
			return out
		}
		end := strings.IndexAny(raw[open:], ")]")
		if end < 0 {
			end = len(raw) - open
		}
		for _, w := range nameWords(latinize(raw[open+1:open+end], true), true) {
			if out == nil {
				out = map[string]bool{}
			}
			out[w] = true
		}
		if open+end >= len(raw) {
			return out
		}
		raw = raw[open+end+1:]
	}
}

// foldLegalForms takes legal forms out of an organisation's words, longest
// spelling first; a name that is nothing but a legal form keeps it.
func foldLegalForms(words []string) (rest, forms []string) {
	rest = words[:0:0]
	for i := 0; i < len(words); {
		matched := 0
		form := ""
		for k := min(maxLegalFormTokens, len(words)-i); k >= 1; k-- {
			if f, ok := legalForms[strings.Join(words[i:i+k], " ")]; ok {
				form, matched = f, k
				break
			}
		}
		if matched <= 1 {
			// a form of several words misspelt or cut short: "Joynt Stock
			// Company", "Limited Liability Compan"
			if f, k, ok := fuzzyLegalFormWords(words[i:]); ok {
				form, matched = f, k
			}
		}
		if matched > 0 {
			forms = append(forms, form)
		}
		if matched == 0 && len(words[i]) >= 10 {
			// a long form misspelt: "Aktiengeselschaft"
			if f, ok := fuzzyLegalForm(words[i]); ok {
				forms = append(forms, f)
				matched = 1
			}
		}

		if matched == 0 {
			rest = append(rest, words[i])
			i++
			continue
		}
		i += matched
	}
	if len(rest) == 0 {
		return words, nil
	}
	return rest, sortedUnique(forms)
}

// fuzzyLegalForm finds the one-word legal form a long word misspells (one
// edit in ten letters).
func fuzzyLegalForm(w string) (string, bool) {
	for spelling, f := range legalForms {
		if len(spelling) >= 10 && !strings.Contains(spelling, " ") && levenshtein(w, spelling) <= len(spelling)/10 {
			return f, true
		}
	}
	return "", false
}

// legalFormPhrases are the legal forms of several words, by their number of
// words, as words.
var legalFormPhrases = sync.OnceValue(func() [maxLegalFormTokens + 1][][]string {
	var out [maxLegalFormTokens + 1][][]string
	for spelling := range legalForms {
		ws := strings.Fields(spelling)
		if len(ws) > 1 && len(ws) <= maxLegalFormTokens && len(spelling) >= 10 {
			out[len(ws)] = append(out[len(ws)], ws)
		}
	}
	for _, ps := range out {
		sort.Slice(ps, func(i, j int) bool { return strings.Join(ps[i], " ") < strings.Join(ps[j], " ") })
	}
	return out
})

// fuzzyLegalFormWords finds the legal form of several words that the first
// words of words misspell (one edit in ten letters, each word but one
// spelt right and starting alike), and how many words it
// took.
func fuzzyLegalFormWords(words []string) (string, int, bool) {
	phrases := legalFormPhrases()
	for k := min(maxLegalFormTokens, len(words)); k >= 2; k-- {
		n := k - 1
		for _, w := range words[:k] {
			n += len(w)
		}
		if n < 10 {
			continue
		}
		for _, p := range phrases[k] {
			wrong, pos := 0, -1
			for x, w := range words[:k] {
				if w != p[x] {
					wrong++
					pos = x
				}
			}
			if wrong != 1 {
				continue
			}
			spelling := strings.Join(p, " ")
			if d := len(spelling) - n; d > len(spelling)/10 || -d > len(spelling)/10 {
				continue
			}
			if levenshtein(words[pos], p[pos]) <= len(spelling)/10 && words[pos][0] == p[pos][0] {
				return legalForms[spelling], k, true
			}
		}
	}
	return "", 0, false
}

// identifierClass groups identifier properties that hold the same kind of
// number.
func identifierClass(kind string) string {
	switch kind {
	case "iban":
		return "iban"
	case "accountNumber":
		return "account"
	case "registrationNumber", "ogrnCode", "okpoCode", "dunsCode":
		return "registration"
	case "taxNumber", "innCode", "vatCode":
		return "tax"
	case "swiftBic", "bicCode":
		return "bic"
	case "leiCode":
		return "lei"
	case "passportNumber":
		return "passport"
	case "idNumber", "socialSecurityNumber":
		return "id"
	}
	return kind
}

// normalIdentifier upper-cases a value and keeps only its letters and digits.
func normalIdentifier(v string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(v) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// identifierLabel matches the words written before a number that are
// not part of it: "No. B100182", "Reg. Nr: 123", "#123".
var identifierLabel = regexp.MustCompile(`(?i)^\s*(?:(?:reg(?:istration|istry)?|company|tax|vat|id|passport)\.?\s*)?(?:no|nr|num|number|n°|nº|#)(?:\.|:|\s)+\s*|^\s*#\s*`)

func prepareIdentifier(id Identifier) (pident, bool) {
	v := normalIdentifier(identifierLabel.ReplaceAllString(id.Value, ""))
	if len(v) < 3 {
		return pident{}, false
	}
	p := pident{kind: identifierClass(id.Kind), value: v}
	if (p.kind == "tax" || p.kind == "registration") && len(v) >= 8 && isLetter(v[0]) && isLetter(v[1]) && isNumber(v[2:]) {
		p.value = v[2:] // a VAT-style country prefix: RU7701234567 is 7701234567
	}
	if p.kind == "iban" || (p.kind == "account" && validIBAN(v)) {
		if validIBAN(v) {
			p.kind = "iban"
			p.bban = v[4:]
		}
	}
	return p, true
}

// validIBAN checks an IBAN's shape and its ISO 7064 mod-97 check digits.
func validIBAN(v string) bool {
	if len(v) < 15 || len(v) > 34 {
		return false
	}
	for i := 0; i < 2; i++ {
		if v[i] < 'A' || v[i] > 'Z' {
			return false
		}
	}
	if v[2] < '0' || v[2] > '9' || v[3] < '0' || v[3] > '9' {
		return false
	}
	rem := 0
	for i := 0; i < len(v); i++ {
		c := v[(i+4)%len(v)]
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// parseDate reads an ISO date at year, month or day precision.
func parseDate(s string) (pdate, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "T "); i > 0 {
		s = s[:i]
	}
	parts := strings.Split(s, "-")
	if len(parts) == 0 || len(parts) > 3 || len(parts[0]) != 4 {
		return pdate{}, false
	}
	var v [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return pdate{}, false
		}
		v[i] = n
	}
	if v[0] < 1000 || v[1] > 12 || v[2] > 31 {
		return pdate{}, false
	}
	return pdate{y: v[0], m: v[1], d: v[2]}, true
}

func sortedUnique(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// blockingKeys lists the keys under which the record is found: each name
// word and its sound (family-scoped), each pair of words (so that a common
// surname still blocks with its given name), each identifier and, for
// accounts, the domestic number inside an IBAN.
func (p *Prepared) blockingKeys() {
	if !p.hasFamily {
		return
	}
	weights := map[uint64]float32{}
	add := func(w float32, parts ...string) {
		h := fnv.New64a()
		h.Write([]byte(p.family))
		for _, s := range parts {
			h.Write([]byte{0})
			h.Write([]byte(s))
		}
		k := h.Sum64()
		if w > weights[k] {
			weights[k] = w
		}
	}
	for _, n := range p.names {
		for i, t := range n.tokens {
			if t.initial || (t.weight < 1 && len(n.tokens) > 1) {
				continue
			}
			add(1, "t", t.text)
			if len(t.skel) >= 2 {
				add(0.6, "s", t.skel)
			}
			for _, g := range t.nick {
				add(0.8, "n", strconv.Itoa(int(g)))
			}
			if len(t.text) >= 5 {
				add(0.5, "p", t.text[:4])
			}
			for _, u := range n.tokens[i+1:] {
				if u.initial || u.weight < 1 {
					continue
				}
				a, b := t.skel, u.skel
				if a > b {
					a, b = b, a
				}
				add(1.5, "ss", a, b)
			}
		}
		if len(n.joined) >= 4 {
			add(2, "j", n.joined)
		}
	}
	for _, id := range p.ids {
		if id.kind == "bic" {
			continue
		}
		add(5, "i", id.value)
		// an account number is found under the end of an IBAN that holds it
		acct := id.bban
		if id.kind == "account" {
			acct = id.value
		}
		if len(acct) >= 6 {
			add(3, "a", acct[len(acct)-6:])
		}
	}
	p.keys = make([]uint64, 0, len(weights))
	for k := range weights {
		p.keys = append(p.keys, k)
	}
	sort.Slice(p.keys, func(i, j int) bool { return p.keys[i] < p.keys[j] })
	p.keyWeight = make([]float32, len(p.keys))
	for i, k := range p.keys {
		p.keyWeight[i] = weights[k]
	}
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }
