package xref

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// BlockOptions bound the candidate pairs blocking proposes.
type BlockOptions struct {
	// MaxPerEntity is the most candidates any one record gets (default 75):
	// the ones sharing the rarest keys with it.
	MaxPerEntity int
	// MaxBlock: a key shared by more records than this is too common to
	// block on (default 500); word pairs and identifiers still find
	// records whose single words are all common.
	MaxBlock int
}

func (o BlockOptions) withDefaults() BlockOptions {
	if o.MaxPerEntity <= 0 {
		o.MaxPerEntity = 75
	}
	if o.MaxBlock <= 0 {
		o.MaxBlock = 500
	}
	return o
}

// postings is an inverted index: blocking key → the records holding it.
type postings map[uint64][]int32

func index(ps []*Prepared) postings {
	idx := postings{}
	for i, p := range ps {
		for _, k := range p.keys {
			idx[k] = append(idx[k], int32(i))
		}
	}
	return idx
}

// scoredPair is a candidate pair with its blocking score.
type scoredPair struct {
	i, j  int32
	score float32
}

// Candidates proposes the pairs worth comparing: records of one family that
// share a blocking key (a name word, its sound, a pair of words, an
// identifier), each key counting more the rarer it is. Every record keeps
// its best MaxPerEntity partners; a pair is kept when it is among the best
// of both records' lists that still have room, best pairs first, so no
// record gets more than MaxPerEntity. With right nil it pairs left within
// itself (i < j); otherwise it pairs i in left with j in right. The work
// grows with the records times the (bounded) sizes of their keys' blocks,
// never with all pairs.
func Candidates(left, right []*Prepared, o BlockOptions) [][2]int {
	pairs := candidatePairs(left, right, o.withDefaults())
	out := make([][2]int, len(pairs))
	for k, p := range pairs {
		out[k] = [2]int{int(p.i), int(p.j)}
	}
	return out
}

func candidatePairs(left, right []*Prepared, o BlockOptions) []scoredPair {
	within := right == nil
	if within {
		right = left
	}
	idx := index(right)
	// each left record's best partners, found in parallel
	workers := max(1, runtime.GOMAXPROCS(0))
	lists := make([][]scoredPair, len(left))
	var wg sync.WaitGroup
	next := make(chan int, workers*4)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acc := make([]float32, len(right))
			var touched []int32
			for i := range next {
				touched = bestPartners(left, right, i, idx, within, o, acc, touched[:0], &lists[i])
			}
		}()
	}
	for i := range left {
		next <- i
	}
	close(next)
	wg.Wait()
	if !within {
		// the right side's best partners too, from an index of the left
		lidx := index(left)
		rlists := make([][]scoredPair, len(right))
		next := make(chan int, workers*4)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				acc := make([]float32, len(left))
				var touched []int32
				for j := range next {
					touched = bestPartners(right, left, j, lidx, false, o, acc, touched[:0], &rlists[j])
				}
			}()
		}
		for j := range right {
			next <- j
		}
		close(next)
		wg.Wait()
		for _, l := range rlists {
			for k := range l {
				l[k].i, l[k].j = l[k].j, l[k].i
			}
		}
		lists = append(lists, rlists...)
	}
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	all := make([]scoredPair, 0, n)
	for _, l := range lists {
		all = append(all, l...)
	}
	// one entry per pair (the two records' lists may both hold it)
	slices.SortFunc(all, func(x, y scoredPair) int {
		if x.i != y.i {
			return cmp.Compare(x.i, y.i)
		}
		return cmp.Compare(x.j, y.j)
	})
	all = slices.CompactFunc(all, func(x, y scoredPair) bool { return x.i == y.i && x.j == y.j })
	// best pairs first; no record over its budget
	slices.SortFunc(all, func(x, y scoredPair) int {
		switch {
		case better(x, y):
			return -1
		case better(y, x):
			return 1
		}
		return 0
	})
	degL := make([]int32, len(left))
	degR := degL
	if !within {
		degR = make([]int32, len(right))
	}
	out := all[:0]
	limit := int32(o.MaxPerEntity)
	for _, p := range all {
		if degL[p.i] >= limit || degR[p.j] >= limit {
			continue
		}
		degL[p.i]++
		degR[p.j]++
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y scoredPair) int {
		if x.i != y.i {
			return cmp.Compare(x.i, y.i)
		}
		return cmp.Compare(x.j, y.j)
	})
	return out
}

// blockWork bounds the postings one record's blocking reads, in units of
// MaxBlock: its keys are read rarest first, and once this many postings
// were read the commoner keys are left out (they would add little to the
// rare keys' candidates). It keeps the work per record constant, so
// blocking grows linearly with the records.
const blockWork = 4

// bestPartners scores every record sharing a key with from[i] (each key
// adding its weight over the log of its block's size) and keeps the best
// MaxPerEntity of the same family.
func bestPartners(from, to []*Prepared, i int, idx postings, within bool, o BlockOptions, acc []float32, touched []int32, out *[]scoredPair) []int32 {
	p := from[i]
	if !p.hasFamily {
		return touched
	}
	type block struct {
		posts []int32
		w     float32
	}
	var stack [64]block
	blocks := stack[:0]
	for k, key := range p.keys {
		posts := idx[key]
		if len(posts) < 2 && within || len(posts) == 0 || len(posts) > o.MaxBlock {
			continue
		}
		blocks = append(blocks, block{posts, p.keyWeight[k] / float32(log2(len(posts)+1))})
	}
	slices.SortFunc(blocks, func(x, y block) int { return cmp.Compare(len(x.posts), len(y.posts)) })
	work := 0
	for _, b := range blocks {
		if work > blockWork*o.MaxBlock {
			break
		}
		work += len(b.posts)
		for _, j := range b.posts {
			if within && int(j) == i {
				continue
			}
			if acc[j] == 0 {
				touched = append(touched, j)
			}
			acc[j] += b.w
		}
	}
	var list []scoredPair
	for _, j := range touched {
		q := to[j]
		if q.fam == p.fam && (len(q.ID) != len(p.ID) || q.ID != p.ID) {
			a, b := int32(i), j
			if within && a > b {
				a, b = b, a
			}
			list = append(list, scoredPair{i: a, j: b, score: acc[j]})
		}
		acc[j] = 0
	}
	if len(list) > o.MaxPerEntity {
		selectBest(list, o.MaxPerEntity)
		list = list[:o.MaxPerEntity:o.MaxPerEntity]
	}
	*out = list
	return touched[:0]
}

// better orders candidate pairs: higher blocking score first, then by
// indices, so that equal scores break ties the same way every run.
func better(x, y scoredPair) bool {
	if x.score != y.score {
		return x.score > y.score
	}
	if x.i != y.i {
		return x.i < y.i
	}
	return x.j < y.j
}

// selectBest moves the k best pairs to the front of list (in no order):
// quickselect, linear on average.
func selectBest(list []scoredPair, k int) {
	lo, hi := 0, len(list)-1
	for lo < hi {
		// median of three as the pivot
		mid := lo + (hi-lo)/2
		if better(list[mid], list[lo]) {
			list[mid], list[lo] = list[lo], list[mid]
		}
		if better(list[hi], list[lo]) {
			list[hi], list[lo] = list[lo], list[hi]
		}
		if better(list[hi], list[mid]) {
			list[hi], list[mid] = list[mid], list[hi]
		}
		pivot := list[mid]
		l, r := lo, hi
		for l <= r {
			for better(list[l], pivot) {
				l++
			}
			for better(pivot, list[r]) {
				r--
			}
			if l <= r {
				list[l], list[r] = list[r], list[l]
				l++
				r--
			}
		}
		switch {
		case k-1 <= r:
			hi = r
		case k-1 >= l:
			lo = l
		default:
			return
		}
	}
}

func log2(n int) float64 {
	l := 0.0
	for n > 1 {
		n >>= 1
		l++
	}
	return max(l, 1)
}

// Run blocks and scores: every candidate pair is compared (in parallel over
// GOMAXPROCS) and those scoring at least minScore are returned, best first
// (ties by ids). With right nil it matches left within itself. Pairs of
// records with the same id are skipped. progress, when given, is called
// from one goroutine with the pairs scored so far and the total. It stops
// with ctx's error when ctx ends.
func Run(ctx context.Context, left, right []*Prepared, m Model, minScore float64, o BlockOptions, progress func(done, total int)) ([]Match, error) {
	pairs := candidatePairs(left, right, o.withDefaults())
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := right
	if r == nil {
		r = left
	}
	w := m.weightVector()
	const chunk = 2048
	workers := max(1, runtime.GOMAXPROCS(0))
	type result struct {
		n       int
		matches []Match
	}
	jobs := make(chan []scoredPair)
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				var res result
				res.n = len(job)
				for _, p := range job {
					a, b := left[p.i], r[p.j]
					if a.ID == b.ID {
						continue
					}
					if m.score(a, b, w) >= minScore {
						res.matches = append(res.matches, m.Compare(a, b))
					}
				}
				results <- res
			}
		}()
	}
	go func() {
		defer close(jobs)
		for start := 0; start < len(pairs); start += chunk {
			select {
			case jobs <- pairs[start:min(start+chunk, len(pairs))]:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []Match
	done := 0
	for res := range results {
		done += res.n
		out = append(out, res.matches...)
		if progress != nil {
			progress(done, len(pairs))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].Left != out[j].Left {
			return out[i].Left < out[j].Left
		}
		return out[i].Right < out[j].Right
	})
	return out, nil
}
