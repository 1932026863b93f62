package xref

import (
	"context"
	"runtime"
	"sort"
	"sync"
)

// BlockOptions bound the candidate pairs blocking proposes.
type BlockOptions struct {
	// MaxPerEntity is the most candidates any one record gets (default 75):
	// the ones sharing the rarest keys with it.
	MaxPerEntity int
	// MaxBlock: a key shared by more records than this is too common to
	// block on (default 1000); word pairs and identifiers still find
	// records whose single words are all common.
	MaxBlock int
}

func (o BlockOptions) withDefaults() BlockOptions {
	if o.MaxPerEntity <= 0 {
		o.MaxPerEntity = 75
	}
	if o.MaxBlock <= 0 {
		o.MaxBlock = 1000
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
	sort.Slice(all, func(a, b int) bool {
		if all[a].score != all[b].score {
			return all[a].score > all[b].score
		}
		if all[a].i != all[b].i {
			return all[a].i < all[b].i
		}
		return all[a].j < all[b].j
	})
	// keep each pair once, and no record over its budget
	degL := make([]int32, len(left))
	degR := degL
	if !within {
		degR = make([]int32, len(right))
	}
	seen := make(map[uint64]bool, len(all))
	out := all[:0]
	limit := int32(o.MaxPerEntity)
	for _, p := range all {
		key := uint64(p.i)<<32 | uint64(uint32(p.j))
		if seen[key] {
			continue
		}
		seen[key] = true
		if degL[p.i] >= limit || degR[p.j] >= limit {
			continue
		}
		degL[p.i]++
		degR[p.j]++
		out = append(out, p)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].i != out[b].i {
			return out[a].i < out[b].i
		}
		return out[a].j < out[b].j
	})
	return out
}

// bestPartners scores every record sharing a key with from[i] (each key
// adding its weight over the log of its block's size) and keeps the best
// MaxPerEntity of the same family.
func bestPartners(from, to []*Prepared, i int, idx postings, within bool, o BlockOptions, acc []float32, touched []int32, out *[]scoredPair) []int32 {
	p := from[i]
	if !p.hasFamily {
		return touched
	}
	for k, key := range p.keys {
		block := idx[key]
		if len(block) < 2 && within || len(block) == 0 || len(block) > o.MaxBlock {
			continue
		}
		w := p.keyWeight[k] / float32(log2(len(block)+1))
		for _, j := range block {
			if within && int(j) == i {
				continue
			}
			if acc[j] == 0 {
				touched = append(touched, j)
			}
			acc[j] += w
		}
	}
	var list []scoredPair
	for _, j := range touched {
		q := to[j]
		if q.family == p.family && q.ID != p.ID {
			a, b := int32(i), j
			if within && a > b {
				a, b = b, a
			}
			list = append(list, scoredPair{i: a, j: b, score: acc[j]})
		}
		acc[j] = 0
	}
	if len(list) > o.MaxPerEntity {
		sort.Slice(list, func(a, b int) bool {
			if list[a].score != list[b].score {
				return list[a].score > list[b].score
			}
			return list[a].j < list[b].j
		})
		list = list[:o.MaxPerEntity]
	}
	*out = list
	return touched[:0]
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
