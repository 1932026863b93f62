package xref

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
)

// nameBench is nomenklatura's labelled name pairs (contrib/name_bench,
// MIT), vendored under testdata/xref/nomenklatura. DefaultModel is not
// fitted on it: this test only measures.
const nameBench = "../testdata/xref/nomenklatura/cases.csv"

type benchCase struct {
	group, schema, a, b string
	match               bool
}

func readNameBench(t *testing.T) []benchCase {
	t.Helper()
	f, err := os.Open(filepath.FromSlash(nameBench))
	if err != nil {
		t.Fatalf("the name bench is vendored at %s: %v", nameBench, err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []benchCase
	for _, row := range rows[1:] {
		out = append(out, benchCase{row[0], row[1], row[2], row[3], row[4] == "true"})
	}
	return out
}

func benchSchema(s string) casegraph.Schema {
	switch s {
	case "Person":
		return casegraph.Person
	case "Company", "Organization", "LegalEntity":
		return casegraph.Company
	}
	return casegraph.Schema(s) // vessels: compared as names without family
}

type tally struct{ tp, fp, fn, tn int }

func (c tally) f1() (p, r, f float64) {
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func TestNameBenchQuality(t *testing.T) {
	cases := readNameBench(t)
	m := DefaultModel()
	by := map[string]*tally{"all": {}, "person": {}, "organization": {}}
	for _, c := range cases {
		s := benchSchema(c.schema)
		a := Prepare(Record{ID: "a", Schema: s, Names: []string{c.a}})
		b := Prepare(Record{ID: "b", Schema: s, Names: []string{c.b}})
		got := m.Compare(a, b)
		pred := got.Score >= m.Threshold
		fam := "other"
		if f, ok := FamilyOf(s); ok {
			fam = string(f)
		}
		for _, k := range []string{"all", fam} {
			tl := by[k]
			if tl == nil {
				tl = &tally{}
				by[k] = tl
			}
			switch {
			case pred && c.match:
				tl.tp++
			case pred && !c.match:
				tl.fp++
			case !pred && c.match:
				tl.fn++
			default:
				tl.tn++
			}
		}
		if pred != c.match && testing.Verbose() && os.Getenv("XREF_SHOW_ERRORS") != "" {
			t.Logf("%s %-8s want %-5v got %.2f  %q vs %q  %s", c.group, c.schema, c.match, got.Score, c.a, c.b, strings.ReplaceAll(explain(got), "\n", " "))
		}
	}
	for _, k := range []string{"all", "person", "organization", "other"} {
		if tl := by[k]; tl != nil {
			p, r, f := tl.f1()
			t.Logf("name bench %-12s n=%3d precision %.3f recall %.3f F1 %.3f", k, tl.tp+tl.fp+tl.fn+tl.tn, p, r, f)
		}
	}
	if _, _, f := by["all"].f1(); f < benchFloor {
		t.Errorf("name bench F1 %.3f, want ≥ %.2f", f, benchFloor)
	}
	if _, _, f := by["organization"].f1(); f < benchFloor {
		t.Errorf("name bench organisation F1 %.3f, want ≥ %.2f", f, benchFloor)
	}
}

// benchFloor is the F1 the name bench must keep (being raised towards 0.90
// as the matcher improves).
const benchFloor = 0.85
