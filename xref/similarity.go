package xref

// levenshtein is the edit distance of two byte strings (the normalised
// names are ASCII) where swapping two neighbouring letters is one edit
// (optimal string alignment: "Marcon" is one edit from "Macron"). It keeps
// its rows on the stack for words up to 63 letters, so comparing words
// allocates nothing.
func levenshtein[T string | []byte](a, b T) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(b) == 0 {
		return len(a)
	}
	var s0, s1, s2 [64]int
	var pp, prev, row []int // rows i-2, i-1, i
	if n := len(b) + 1; n <= 64 {
		pp, prev, row = s0[:n], s1[:n], s2[:n]
	} else {
		pp, prev, row = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, row[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, pp[j-2]+1)
			}
			row[j] = v
		}
		pp, prev, row = prev, row, pp
	}
	return prev[len(b)]
}

// editSimilarity is 1 − distance / longer length.
func editSimilarity[T string | []byte](a, b T) float64 {
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	return 1 - float64(levenshtein(a, b))/float64(n)
}
