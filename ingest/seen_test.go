package ingest

import (
	"fmt"
	"testing"

	"github.com/casegraph/casegraph"
)

// A stream shaped like a payments file: every row a new payment, and a
// payer out of a few thousand that come back again and again. The payers
// must stay remembered however many one-off payments go by, which a cache
// admitting everything cannot do once the payments outnumber its size.
func TestSeenCacheKeepsWhatRepeats(t *testing.T) {
	c := newSeenCache(10_000)
	const payers = 3_000
	payerHits := 0
	for row := range 200_000 {
		pay := fmt.Sprintf("pay-%d", row)
		if c.has("n\x00Payment", pay, 1) {
			t.Fatalf("row %d: payment %s reported as already written", row, pay)
		}
		c.add("n\x00Payment", pay, 1)
		payer := fmt.Sprintf("payer-%d", row%payers)
		if c.has("n\x00Person", payer, 7) {
			if row >= payers {
				payerHits++
			}
		} else {
			c.add("n\x00Person", payer, 7)
		}
	}
	if want := 200_000 - payers; payerHits != want {
		t.Fatalf("payers found again %d times, want %d (every row after the first round)", payerHits, want)
	}
	if c.admits("n\x00Payment") || !c.admits("n\x00Person") {
		t.Fatalf("admits Payment=%v Person=%v, want false and true", c.admits("n\x00Payment"), c.admits("n\x00Person"))
	}
	// A changed item is not a hit: its new content must be written.
	if c.has("n\x00Person", "payer-1", 8) {
		t.Fatal("a payer with different content was reported as already written")
	}
}

// The content hash tells apart every change a write can carry, including
// values that print alike, and is the same for the same content.
func TestEntitySumTellsContentsApart(t *testing.T) {
	base := func() casegraph.Entity {
		return casegraph.Entity{ID: "p1", Schema: casegraph.Person, Name: "Ann", Aliases: []string{"A", "B"},
			SourceIDs: []string{"s1"}, JobIDs: []string{"j"}, Properties: map[string]any{"birthDate": "1970", "n": int64(1)}}
	}
	if entitySum(base()) != entitySum(base()) {
		t.Fatal("the same content hashes differently")
	}
	changes := map[string]func(e *casegraph.Entity){
		"name":            func(e *casegraph.Entity) { e.Name = "Anne" },
		"aliases joined":  func(e *casegraph.Entity) { e.Aliases = []string{"AB"} },
		"alias moved":     func(e *casegraph.Entity) { e.Aliases, e.Name = []string{"B"}, "AnnA" },
		"source":          func(e *casegraph.Entity) { e.SourceIDs = []string{"s2"} },
		"property type":   func(e *casegraph.Entity) { e.Properties["n"] = float64(1) },
		"property string": func(e *casegraph.Entity) { e.Properties["n"] = "1" },
		"property added":  func(e *casegraph.Entity) { e.Properties["x"] = true },
		"property list":   func(e *casegraph.Entity) { e.Properties["birthDate"] = []string{"1970"} },
		"schema":          func(e *casegraph.Entity) { e.Schema = casegraph.Company },
	}
	for name, change := range changes {
		e := base()
		change(&e)
		if entitySum(e) == entitySum(base()) {
			t.Errorf("%s: the changed entity hashes as the original", name)
		}
	}
	r1 := casegraph.Relationship{ID: "r", SourceID: "a", TargetID: "bc", Properties: map[string]any{}}
	r2 := casegraph.Relationship{ID: "r", SourceID: "ab", TargetID: "c", Properties: map[string]any{}}
	if relSum(r1) == relSum(r2) {
		t.Error("links between different ends hash alike")
	}
}

func BenchmarkEntitySum(b *testing.B) {
	e := casegraph.Entity{ID: "p1", Schema: casegraph.Payment, Name: "payment 1", SourceIDs: []string{"src-1"},
		JobIDs: []string{"job"}, Properties: map[string]any{"amount": 1234.5, "currency": "EUR", "date": "2020-01-02",
			"purpose": "invoice 42", "transferCount": int64(1)}}
	for i := 0; i < b.N; i++ {
		entitySum(e)
	}
}
