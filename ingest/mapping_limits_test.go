package ingest_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph/ingest"
)

// aliasBomb is a small mapping whose aliases expand to n^4 values: n
// inputs, each of n entities, each of n properties, each of n formats.
func aliasBomb(n int) string {
	var b strings.Builder
	list := func(item func(i int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = item(i)
		}
		return strings.Join(parts, ", ")
	}
	fmt.Fprintf(&b, "dataset: bomb\nsource: {title: t}\noptions:\n  dateFormats: &f [%s]\n", list(func(int) string { return `"2006"` }))
	b.WriteString("inputs:\n  - &in\n    file: a.csv\n    entities:\n")
	fmt.Fprintf(&b, "      e0: &e\n        schema: Person\n        id: id\n        properties: {%s}\n",
		list(func(i int) string {
			if i == 0 {
				return "p0: &v {column: c, type: date, formats: *f}"
			}
			return fmt.Sprintf("p%d: *v", i)
		}))
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "      e%d: *e\n", i)
	}
	for i := 1; i < n; i++ {
		b.WriteString("  - *in\n")
	}
	return b.String()
}

// TestMappingAliasBombIsRefused: a "billion laughs" mapping of a few KB is
// refused at once, with little memory, and with a message saying why.
func TestMappingAliasBombIsRefused(t *testing.T) {
	bomb := []byte(aliasBomb(40)) // 2.5 million values; the old decoders took GBs
	if len(bomb) > 8<<10 {
		t.Fatalf("the bomb is %d bytes: not small", len(bomb))
	}
	var err error
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	within(t, 10*time.Second, func() { _, err = ingest.ParseMapping(bomb, "bomb.yml", ".") })
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 50<<20 {
		t.Errorf("parsing the bomb allocated %d MB", alloc>>20)
	}
	var me *ingest.MappingError
	if !errors.As(err, &me) {
		t.Fatalf("want a MappingError, got %T %v", err, err)
	}
	checkWords(t, err.Error(), "bomb.yml", "aliases (*name)", fmt.Sprint(ingest.MaxAliasNodes), "write it out without")

	// An alias inside the node it names is a loop, refused (it used to
	// recurse until the stack overflowed).
	_, err = ingest.ParseMapping([]byte("dataset: x\nsource: {title: t}\ninputs: &l [*l]\n"), "loop.yml", ".")
	if !errors.As(err, &me) {
		t.Fatalf("loop: want a MappingError, got %T %v", err, err)
	}
	checkWords(t, err.Error(), "loop.yml:3", "forever")

	// A little aliasing, as a real mapping might use, is fine.
	if _, err := ingest.ParseMapping([]byte(aliasBomb(4)), "small.yml", "."); err != nil {
		t.Errorf("a small use of aliases: %v", err)
	}
	// Too many bytes is refused before parsing.
	big := "dataset: x\nsource: {title: t}\n#" + strings.Repeat("x", ingest.MaxMappingBytes) + "\n"
	if _, err := ingest.ParseMapping([]byte(big), "big.yml", "."); !errors.As(err, &me) || !strings.Contains(err.Error(), "1024 KB") {
		t.Errorf("a mapping over %d bytes: %v", ingest.MaxMappingBytes, err)
	}
}

// TestEveryExampleMappingIsWithinTheLimits: the caps leave room for the
// mappings we ship.
func TestEveryExampleMappingIsWithinTheLimits(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*/*.yml")
	if len(paths) == 0 {
		t.Fatal("no example mappings found")
	}
	for _, p := range paths {
		if _, err := ingest.LoadMapping(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
