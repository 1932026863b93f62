package xref

import (
	"strings"
)

// Token similarities: what one word of a name is worth against another.
const (
	simNickname = 0.9  // Jim ~ James
	simInitial  = 0.75 // M ~ Michael; JC ~ Jean Claude; PLA ~ People's Liberation Army
	simAnagram  = 0.9  // the same letters shuffled: nitPu ~ Putin
	simAcronym  = 0.9  // an organisation's initials for its whole name: PLA ~ People's Liberation Army
	// a word sounding alike (same skeleton) earns simSound + its edit
	// similarity × (1 − simSound)
	simSound = 0.6
	// … if they are also spelt somewhat alike: Soundex classes are coarse
	// (Giorgos and Kyriakos share a skeleton)
	simSoundMin = 0.4
	// a word spelt close to another but sounding different earns its edit
	// similarity only above simTypo ("Wladimir" ~ "Vladimir"); below, the
	// words are different ("Merkel" ≠ "Merkur")
	simTypo = 0.75
	// words glued together or split ("SergeiLavrov", "Patr ushev") match
	// the words they join when the spelling is this close
	simGlued = 0.8
)

// tokenSim says how alike two words are, 0..1.
func tokenSim(a, b *token) float64 {
	if a.text == b.text {
		return 1
	}
	if a.number || b.number || a.exact || b.exact {
		return 0 // numbers and CJK syllables agree exactly or not at all
	}
	if a.initial || b.initial {
		if a.text[0] == b.text[0] && (a.initial != b.initial) {
			return simInitial
		}
		return 0
	}
	if len(a.nick) > 0 && len(b.nick) > 0 {
		if shareGroup(a.nick, b.nick) {
			return simNickname
		}
		if levenshtein(a.text, b.text) > 1 && levenshtein(romanisation.Replace(a.text), romanisation.Replace(b.text)) > 1 {
			// two given names of their own that only sound alike:
			// Frederick is not Friedrich, Michelle not Michel, Olga not
			// Oleg; one letter apart, or once romanised alike, they may
			// be one name spelt two ways (Emanuel and Emmanuel, Alexei
			// and Aleksei)
			return 0
		}
	}
	e := editSimilarity(a.text, b.text)
	if a.abjad != b.abjad && a.skel == b.skel {
		e = editSimilarity(a.cons, b.cons)
	}
	if e < 1 {
		e = max(e, nominativeS(a.text, b.text))
	}
	if a.skel == b.skel && len(a.skel) >= 2 && e >= simSoundMin {
		return simSound + (1-simSound)*e
	}
	if e >= simTypo {
		return e
	}
	if len(a.text) >= 4 && a.letters == b.letters {
		return simAnagram
	}
	return 0
}

// romanisation writes the letters that romanisations of one name spell
// differently one way: Aleksei and Alexei, Yuri and Iuri, Nikolai and
// Nicolai.
var romanisation = strings.NewReplacer("ks", "x", "kh", "h", "ph", "f", "y", "i", "w", "v", "c", "k")

// nominativeS is how alike two words are when one has the -s ending that
// Latvian and Lithuanian add to names (Sergejs Lavrovs, Jonas) and the
// other not, compared without it (a little less than equal); 0 otherwise.
func nominativeS(a, b string) float64 {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a) < 5 || a[len(a)-1] != 's' || b[len(b)-1] == 's' {
		return 0
	}
	return 0.95 * editSimilarity(a[:len(a)-1], b)
}

// nameAlignment is how two names' words were paired.
type nameAlignment struct {
	score   float64
	pairs   [maxTokens][2]int8 // matched word indices
	sims    [maxTokens]float64
	matched int
	glued   bool // the names matched as one string
	// words matched to a run of words on the other side (glued, split or
	// initials)
	runs [maxTokens]tokenRun
	nrun int
}

// tokenRun is one word of one side matched to words from..to-1 of the
// other; aSide says which side holds the single word.
type tokenRun struct {
	word, from, to int8
	aSide          bool
	sim            float64
}

// How much the best-covered and the worst-covered name count in a name's
// score: a person's middle name or patronymic missing on one side costs
// little; an organisation's extra distinctive word costs more.
const (
	personCoverHi = 0.8
	orgCoverHi    = 0.5
)

// alignNames pairs the words of two names, best pair first, each word used
// once; then joins leftover words that are glued or split versions of each
// other or initials of a run of words; and scores the result: the share of
// each name's word weight that found a partner (weighted by how alike the
// partners are), mostly that of the better-covered name.
func alignNames(a, b *pname, org bool) nameAlignment {
	var al nameAlignment
	type cand struct {
		i, j int8
		s    float64
	}
	var cands [maxTokens * maxTokens]cand
	nc := 0
	for i := range a.tokens {
		for j := range b.tokens {
			if s := tokenSim(&a.tokens[i], &b.tokens[j]); s > 0 {
				c := cand{int8(i), int8(j), s}
				// insertion sort, best first; ties keep reading order
				k := nc
				for k > 0 && cands[k-1].s < s {
					cands[k] = cands[k-1]
					k--
				}
				cands[k] = c
				nc++
			}
		}
	}
	var usedA, usedB [maxTokens]bool
	var covA, covB float64
	strong := false
	for _, c := range cands[:nc] {
		if usedA[c.i] || usedB[c.j] {
			continue
		}
		usedA[c.i], usedB[c.j] = true, true
		ta, tb := &a.tokens[c.i], &b.tokens[c.j]
		covA += c.s * float64(ta.weight)
		covB += c.s * float64(tb.weight)
		if !ta.initial && !tb.initial && ta.weight >= 1 && tb.weight >= 1 {
			strong = true
		}
		al.pairs[al.matched] = [2]int8{c.i, c.j}
		al.sims[al.matched] = c.s
		al.matched++
	}
	if al.matched < len(a.tokens) && al.matched < len(b.tokens) || len(a.tokens) != len(b.tokens) {
		ca, cb, st := matchRuns(a, b, &usedA, &usedB, true, &al)
		covA, covB, strong = covA+ca, covB+cb, strong || st
		cb, ca, st = matchRuns(b, a, &usedB, &usedA, false, &al)
		covA, covB, strong = covA+ca, covB+cb, strong || st
	}
	if a.total > 0 {
		covA /= float64(a.total)
	}
	if b.total > 0 {
		covB /= float64(b.total)
	}
	hi, lo := max(covA, covB), min(covA, covB)
	w := personCoverHi
	switch {
	case org:
		w = orgCoverHi
	case min(a.distinct, b.distinct) == 1 && max(a.distinct, b.distinct) >= 3:
		w = orgCoverHi // a lone word against a full name is not enough
	case leftover(a, &usedA) && leftover(b, &usedB):
		// both names keep a word the other lacks: not a name written
		// shorter but another name ("H. Allen" is not "Karen Allen")
		w = orgCoverHi
	}
	s := w*hi + (1-w)*lo
	if org && leftoverCountry(a, &usedA) && leftoverCountry(b, &usedB) {
		s *= countryConflict // "(Sweden) AB" and "(Finland) AB": two arms of a group
	}
	if !strong {
		s *= 0.5 // only initials or generic words agree
	}
	if !org && a.father >= 0 && b.father >= 0 && !al.paired(a.father, b.father) {
		s *= 0.8 // "Salman bin Muhammad" is not "Muhammad bin Salman"
	}
	al.score = s
	if a.joined == b.joined {
		al.score = 1 // the same words in another order
	} else if (org || len(a.tokens) != len(b.tokens)) && len(a.glued) >= 8 && len(b.glued) >= 8 && !hasExact(a) && !hasExact(b) {
		// the same letters spaced differently: "Vladimir Putin" ~
		// "VladimirPutin", "Fridrich Buchenberg" ~ "FriedrichBuchenberg";
		// for organisations also a slip in a long name ("Mercedes-Benn
		// Group"), one edit per ten letters
		limit := 2
		if len(a.tokens) == len(b.tokens) {
			limit = min(2, max(len(a.glued), len(b.glued))/10)
		}
		if d := levenshtein(a.glued, b.glued); d <= limit {
			if e := editSimilarity(a.glued, b.glued); e > al.score {
				al.score, al.glued = e, true
			}
		}
	}
	return al
}

// paired reports whether word i of the first name was paired with word j
// of the second.
func (al *nameAlignment) paired(i, j int) bool {
	for k := 0; k < al.matched; k++ {
		if al.pairs[k] == [2]int8{int8(i), int8(j)} {
			return true
		}
	}
	return false
}

// leftover reports whether a name has a word left unpaired that is not a
// particle.
func leftover(n *pname, used *[maxTokens]bool) bool {
	for i := range n.tokens {
		if !used[i] && (n.tokens[i].weight >= 1 || n.tokens[i].initial) {
			return true
		}
	}
	return false
}

// countryConflict scales the name score of two organisations' names that
// each keep a country the other lacks.
const countryConflict = 0.8

// leftoverCountry reports whether an organisation's name has a country
// left unpaired.
func leftoverCountry(n *pname, used *[maxTokens]bool) bool {
	for i := range n.tokens {
		if !used[i] && n.tokens[i].country {
			return true
		}
	}
	return false
}

func hasExact(n *pname) bool { return len(n.tokens) > 0 && n.tokens[0].exact }

// matchRuns matches each leftover word of x to a run of 2 or 3 neighbouring
// leftover words of y that it glues together ("ramimakhlouf" ~ "rami
// makhlouf") or abbreviates by their initials ("jc" ~ "jean claude"). It
// returns the coverage gained on each side.
func matchRuns(x, y *pname, usedX, usedY *[maxTokens]bool, xIsA bool, al *nameAlignment) (covX, covY float64, strong bool) {
	var buf [64]byte
	for i := range x.tokens {
		t := &x.tokens[i]
		if usedX[i] || t.number || t.exact || len(t.text) < 2 {
			continue
		}
		best, bestFrom, bestTo := 0.0, 0, 0
		for from := 0; from < len(y.tokens); from++ {
			glued := buf[:0]
			for to := from; to < len(y.tokens) && to < from+3; to++ {
				if usedY[to] || y.tokens[to].number {
					break
				}
				glued = append(glued, y.tokens[to].text...)
				if to == from {
					continue
				}
				if len(glued) > 63 {
					break
				}
				var s float64
				if to-from+1 == len(t.text) && len(t.text) <= 4 {
					// initials: one letter per word
					ok := true
					for k := from; k <= to; k++ {
						if y.tokens[k].text[0] != t.text[k-from] {
							ok = false
							break
						}
					}
					if ok {
						s = simInitial
						if x.org && len(x.tokens) == 1 && to-from+1 == len(y.tokens) {
							s = simAcronym // the whole name abbreviated
						}
					}
				}
				if len(t.text) >= 5 {
					if e := editSimilarity([]byte(t.text), glued); e >= simGlued {
						s = max(s, e)
					}
				}
				if s > best {
					best, bestFrom, bestTo = s, from, to+1
				}
			}
		}
		if best == 0 || al.nrun == maxTokens {
			continue
		}
		usedX[i] = true
		covX += best * float64(t.weight)
		for k := bestFrom; k < bestTo; k++ {
			usedY[k] = true
			covY += best * float64(y.tokens[k].weight)
		}
		al.runs[al.nrun] = tokenRun{word: int8(i), from: int8(bestFrom), to: int8(bestTo), aSide: xIsA, sim: best}
		al.nrun++
		strong = strong || best >= simGlued || best == simAcronym
	}
	return covX, covY, strong
}

// nameResult is the best pair of names of two records.
type nameResult struct {
	score      float64
	ia, ib     int
	al         nameAlignment
	numbersA   []string
	numbersB   []string
	numberDiff bool
	// surnamesDiffer: both records give their family names apart, and no
	// word of one is spelt like a word of the other
	surnamesDiffer bool
}

// surnameConflict scales the name score of two persons whose family names,
// given apart on both sides, differ: "Friedrich Hans" (last name Hans) is
// not "Hans Friedrich" (last name Friedrich), however alike the names.
const surnameConflict = 0.8

// surnamesDiffer reports whether both records give family names and no
// word of one is spelt like (simTypo) a word of the other.
func surnamesDiffer(a, b *Prepared) bool {
	if len(a.surnames) == 0 || len(b.surnames) == 0 {
		return false
	}
	for _, x := range a.surnames {
		for _, y := range b.surnames {
			if editSimilarity(x, y) >= simTypo {
				return false
			}
		}
	}
	return true
}

// compareNames finds the best-matching pair of names over every name and
// alias of both records.
func compareNames(a, b *Prepared, org bool) (nameResult, bool) {
	if len(a.names) == 0 || len(b.names) == 0 {
		return nameResult{}, false
	}
	best := nameResult{score: -1}
	for i := range a.names {
		for j := range b.names {
			al := alignNames(&a.names[i], &b.names[j], org)
			if al.score > best.score {
				best = nameResult{score: al.score, ia: i, ib: j, al: al}
				if al.score == 1 {
					break
				}
			}
		}
		if best.score == 1 {
			break
		}
	}
	if !org && surnamesDiffer(a, b) {
		best.score *= surnameConflict
		best.surnamesDiffer = true
	}
	na, nb := &a.names[best.ia], &b.names[best.ib]
	if (org || len(na.numbers) > 0 && len(nb.numbers) > 0) && !equalStrings(na.numbers, nb.numbers) {
		best.numberDiff = true
		best.numbersA, best.numbersB = na.numbers, nb.numbers
	}
	return best, true
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// explainNames writes how two names' words were paired: "michael = michael,
// g ~ george (initial), unmatched: lacey".
func explainNames(a, b *pname, al *nameAlignment) string {
	var sb strings.Builder
	sb.WriteString("“" + a.raw + "” vs “" + b.raw + "”: ")
	var usedA, usedB [maxTokens]bool
	for k := 0; k < al.matched; k++ {
		i, j := al.pairs[k][0], al.pairs[k][1]
		usedA[i], usedB[j] = true, true
		if k > 0 {
			sb.WriteString(", ")
		}
		ta, tb := &a.tokens[i], &b.tokens[j]
		switch s := al.sims[k]; {
		case s == 1:
			sb.WriteString(ta.text)
		case ta.initial || tb.initial:
			sb.WriteString(ta.text + " ~ " + tb.text + " (initial)")
		case s == simNickname && ta.skel != tb.skel:
			sb.WriteString(ta.text + " ~ " + tb.text + " (nickname)")
		case ta.skel == tb.skel:
			sb.WriteString(ta.text + " ~ " + tb.text + " (sounds alike)")
		default:
			sb.WriteString(ta.text + " ~ " + tb.text + " (spelling)")
		}
	}
	for k := 0; k < al.nrun; k++ {
		r := al.runs[k]
		one, many := a, b
		if !r.aSide {
			one, many = b, a
		}
		if r.aSide {
			usedA[r.word] = true
		} else {
			usedB[r.word] = true
		}
		var words []string
		for i := r.from; i < r.to; i++ {
			words = append(words, many.tokens[i].text)
			if r.aSide {
				usedB[i] = true
			} else {
				usedA[i] = true
			}
		}
		if al.matched+k > 0 {
			sb.WriteString(", ")
		}
		how := "written together"
		if r.sim == simInitial && len(one.tokens[r.word].text) == len(words) {
			how = "initials"
		}
		sb.WriteString(one.tokens[r.word].text + " ~ " + strings.Join(words, " ") + " (" + how + ")")
	}
	if al.glued {
		sb.WriteString("; alike when written without spaces")
		return sb.String()
	}
	var un []string
	for i := range a.tokens {
		if !usedA[i] {
			un = append(un, a.tokens[i].text)
		}
	}
	for j := range b.tokens {
		if !usedB[j] {
			un = append(un, b.tokens[j].text)
		}
	}
	if len(un) > 0 {
		if al.matched+al.nrun > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString("unmatched: " + strings.Join(un, ", "))
	}
	return sb.String()
}
