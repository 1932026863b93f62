package xref

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/casegraph/casegraph"
)

var (
	givenNames = []string{"John", "James", "Michael", "Anna", "Maria", "Olga", "Pavel", "Ivan", "Elena", "Peter", "Sofia", "Ahmed", "Fatima", "Luis", "Carmen", "Wei", "Li", "Hans", "Greta", "Omar",
		"William", "Robert", "Elizabeth", "Katherine", "Alexander", "Dmitry", "Sergei", "Natalia", "Giovanni", "Francesca"}
	surnames = []string{"Smith", "Ivanov", "Petrov", "Garcia", "Muller", "Schmidt", "Rossi", "Khan", "Chen", "Wang", "Novak", "Kowalski", "Nagy", "Popescu", "Jensen", "Larsen", "Silva", "Santos", "Costa", "Dubois"}
	orgWords = []string{"Alpha", "Nova", "Orion", "Baltic", "Danube", "Atlas", "Zenith", "Vertex", "Summit", "Harbor", "Meridian", "Polar", "Aurora", "Crescent", "Falcon", "Granite", "Horizon", "Lumen", "Pioneer", "Quartz"}
	orgTail  = []string{"Holdings", "Trading", "Capital", "Group", "Logistics", "Energy", "Bank", "Partners"}
	// forms holds legal forms in pairs of spellings of one form
	forms = [][2]string{{"Ltd", "Limited"}, {"LLC", "L.L.C."}, {"Inc.", "Incorporated"}, {"GmbH", "Gesellschaft mit beschränkter Haftung"}, {"S.A.", "SA"}, {"OOO", "ООО"}, {"AG", "Aktiengesellschaft"}, {"Ltd.", "LLC"}}
)

// variant spells a name the way another register might: a typo, a
// nickname, reordered, an initial.
func variant(r *rand.Rand, first, last string) string {
	switch r.IntN(5) {
	case 0:
		return last + ", " + first
	case 1:
		return first[:1] + ". " + last
	case 2:
		b := []byte(last)
		i := 1 + r.IntN(len(b)-1)
		b[i] = "aeiou"[r.IntN(5)]
		return first + " " + string(b)
	case 3:
		return first + " " + last
	}
	return first + " " + string('A'+rune(r.IntN(26))) + ". " + last
}

// syntheticRecords makes n records of persons and companies with unique
// ids, and a second list where every third record reappears, respelt.
// truth holds (left index, right index) of the same entity.
func syntheticRecords(seed uint64, n int) (left, right []*Prepared, truth [][2]int) {
	r := rand.New(rand.NewPCG(seed, 7))
	for i := 0; i < n; i++ {
		var rec, dup Record
		if i%2 == 0 {
			first, last := givenNames[r.IntN(len(givenNames))], surnames[r.IntN(len(surnames))]
			mid := surnames[r.IntN(len(surnames))]
			rec = Record{ID: fmt.Sprintf("L%d", i), Schema: casegraph.Person, Names: []string{first + " " + mid + "-" + last},
				BirthDates: []string{fmt.Sprintf("%d-%02d-%02d", 1940+r.IntN(60), 1+r.IntN(12), 1+r.IntN(28))}}
			dup = rec
			dup.Names = []string{variant(r, first, mid+"-"+last)}
		} else {
			a, b := orgWords[r.IntN(len(orgWords))], orgWords[r.IntN(len(orgWords))]
			name := fmt.Sprintf("%s %s %s %d", a, b, orgTail[r.IntN(len(orgTail))], r.IntN(1000))
			form := forms[r.IntN(len(forms))]
			rec = Record{ID: fmt.Sprintf("L%d", i), Schema: casegraph.Company, Names: []string{name + " " + form[0]},
				Identifiers: []Identifier{{"registrationNumber", fmt.Sprint(10000000 + i)}}}
			dup = rec
			dup.Names = []string{name + " " + form[r.IntN(2)]}
			if r.IntN(2) == 0 {
				dup.Identifiers = nil
			}
		}
		left = append(left, Prepare(rec))
		if i%3 == 0 {
			dup.ID = fmt.Sprintf("R%d", i)
			truth = append(truth, [2]int{i, len(right)})
			right = append(right, Prepare(dup))
		} else {
			other := rec
			other.ID = fmt.Sprintf("R%d", i)
			other.Names = []string{fmt.Sprintf("%s %s", givenNames[r.IntN(len(givenNames))], orgWords[r.IntN(len(orgWords))])}
			other.Identifiers = nil
			right = append(right, Prepare(other))
		}
	}
	return left, right, truth
}

func TestCandidatesFindTruePairs(t *testing.T) {
	left, right, truth := syntheticRecords(1, 3000)
	o := BlockOptions{MaxPerEntity: 75}
	pairs := Candidates(left, right, o)
	found := map[[2]int]bool{}
	deg := map[int]int{}
	for _, p := range pairs {
		found[p] = true
		deg[p[0]]++
		deg[-1-p[1]]++
		if f1, f2 := left[p[0]].family, right[p[1]].family; f1 != f2 {
			t.Fatalf("pair across families: %v", p)
		}
	}
	hit := 0
	for _, p := range truth {
		if found[p] {
			hit++
		}
	}
	recall := float64(hit) / float64(len(truth))
	maxDeg := 0
	for _, d := range deg {
		maxDeg = max(maxDeg, d)
	}
	t.Logf("blocking: %d pairs for %d×%d records, %.2f%% of %d true pairs, max %d per record", len(pairs), len(left), len(right), 100*recall, len(truth), maxDeg)
	if recall < 0.99 {
		t.Errorf("blocking found %.3f of the true pairs, want ≥ 0.99", recall)
	}
	if maxDeg > o.MaxPerEntity {
		t.Errorf("a record has %d candidates, over %d", maxDeg, o.MaxPerEntity)
	}
	if len(pairs) >= len(left)*len(right)/20 {
		t.Errorf("%d pairs is close to all pairs", len(pairs))
	}
}

func TestCandidatesWithin(t *testing.T) {
	ps := []*Prepared{
		Prepare(person("a", "John Smith")), Prepare(person("b", "Smith, John")),
		Prepare(company("c", "John Smith Ltd")), Prepare(person("a", "John Smith")),
	}
	pairs := Candidates(ps, nil, BlockOptions{})
	want := map[[2]int]bool{{0, 1}: true, {1, 3}: true}
	if len(pairs) != len(want) {
		t.Fatalf("pairs %v, want %v (same family, i<j, not the same id)", pairs, want)
	}
	for _, p := range pairs {
		if !want[p] {
			t.Errorf("unexpected pair %v", p)
		}
	}
}

func TestRun(t *testing.T) {
	left, right, truth := syntheticRecords(2, 600)
	var calls, last int
	ms, err := Run(context.Background(), left, right, DefaultModel(), 0.5, BlockOptions{}, func(done, total int) { calls++; last = done })
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last == 0 {
		t.Error("progress never called")
	}
	truthIDs := map[[2]string]bool{}
	for _, p := range truth {
		l, r := Pair(left[p[0]].ID, right[p[1]].ID)
		truthIDs[[2]string{l, r}] = true
	}
	tp := 0
	for i, m := range ms {
		if m.Left >= m.Right {
			t.Fatalf("match %v not ordered", m)
		}
		if i > 0 && m.Score > ms[i-1].Score {
			t.Fatal("matches not sorted by score")
		}
		if truthIDs[[2]string{m.Left, m.Right}] {
			tp++
		}
	}
	p, r := float64(tp)/float64(len(ms)), float64(tp)/float64(len(truth))
	t.Logf("run: %d matches, precision %.3f recall %.3f", len(ms), p, r)
	if p < 0.95 || r < 0.9 {
		t.Errorf("precision %.3f recall %.3f on planted duplicates", p, r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, left, right, DefaultModel(), 0.5, BlockOptions{}, nil); err == nil {
		t.Error("a cancelled run returned no error")
	}
}
