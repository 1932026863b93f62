package xref

import (
	"strings"
)

// Token similarities: what one word of a name is worth against another.
const (
	simNickname = 0.9  // Jim ~ James
	simInitial  = 0.75 // M ~ Michael
	// a word sounding alike (same skeleton) earns simSound + its edit
	// similarity × (1 − simSound)
	simSound = 0.6
	// a word spelt close to another but sounding different earns its edit
	// similarity only above simTypo ("Wladimir" ~ "Vladimir"); below, the
	// words are different ("Merkel" ≠ "Merkur")
	simTypo = 0.8
)

// tokenSim says how alike two words are, 0..1.
func tokenSim(a, b *token) float64 {
	if a.text == b.text {
		return 1
	}
	if a.number || b.number {
		return 0 // numbers agree exactly or not at all
	}
	if a.initial || b.initial {
		if a.text[0] == b.text[0] && (a.initial != b.initial) {
			return simInitial
		}
		return 0
	}
	if len(a.nick) > 0 && len(b.nick) > 0 && shareGroup(a.nick, b.nick) {
		return simNickname
	}
	e := editSimilarity(a.text, b.text)
	if a.abjad != b.abjad && a.skel == b.skel {
		e = editSimilarity(a.cons, b.cons)
	}
	if a.skel == b.skel && len(a.skel) >= 2 {
		return simSound + (1-simSound)*e
	}
	if e >= simTypo {
		return e
	}
	return 0
}

// nameAlignment is how two names' words were paired.
type nameAlignment struct {
	score   float64
	pairs   [maxTokens][2]int8 // matched word indices
	sims    [maxTokens]float64
	matched int
}

// alignNames pairs the words of two names, best pair first, each word used
// once, and scores the result: the share of each name's word weight that
// found a partner (weighted by how alike the partners are), mostly that of
// the better-covered name, so that a middle name present on one side only
// costs little while an unmatched given name or surname costs much.
func alignNames(a, b *pname, org bool) nameAlignment {
	var al nameAlignment
	if a.joined == b.joined {
		// same words in any order, or the same letters spaced differently
		al.score = 1
	}
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
	if a.total > 0 {
		covA /= float64(a.total)
	}
	if b.total > 0 {
		covB /= float64(b.total)
	}
	hi, lo := max(covA, covB), min(covA, covB)
	s := 0.7*hi + 0.3*lo
	if org {
		s = 0.5*hi + 0.5*lo
	}
	if !strong {
		s *= 0.5 // only initials or generic words agree
	}
	al.score = max(al.score, s)
	return al
}

// nameResult is the best pair of names of two records.
type nameResult struct {
	score      float64
	ia, ib     int
	al         nameAlignment
	numbersA   []string
	numbersB   []string
	numberDiff bool
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
	na, nb := &a.names[best.ia], &b.names[best.ib]
	if len(na.numbers) > 0 && len(nb.numbers) > 0 && !equalStrings(na.numbers, nb.numbers) {
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
		if al.matched > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString("unmatched: " + strings.Join(un, ", "))
	}
	return sb.String()
}
