package ingest

import (
	"fmt"
	"testing"
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
