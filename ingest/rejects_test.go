package ingest_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/ingest"
)

func TestSafeCSVCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Ada", "Ada"},
		{"12.5", "12.5"},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1+1", "'+1+1"},
		{"-12.5", "'-12.5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"'quoted", "''quoted"},
		{"a=b", "a=b"},
		{" =1", " =1"},
	} {
		if got := ingest.SafeCSVCell(c.in); got != c.want {
			t.Errorf("SafeCSVCell(%q) = %q, want %q", c.in, got, c.want)
		}
		// Reversible: one leading ' off gives the value back.
		if got := ingest.SafeCSVCell(c.in); strings.HasPrefix(got, "'") && got[1:] != c.in {
			t.Errorf("SafeCSVCell(%q) = %q is not the value with one ' added", c.in, got)
		}
	}
}

// TestRejectsCSVCarriesNoFormulas: a rejected row's cells (and the header,
// which also comes from the file) are written so that no spreadsheet runs
// them.
func TestRejectsCSVCarriesNoFormulas(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pay.csv")
	data := "ref,payer,amount,currency,date\n" +
		"r1,Ada,10,USD,2020-01-01\n" +
		"=cmd|' /C calc'!A0,@SUM(1),+1+1,-2,2020-01-01\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	res := badLoad(t, path, "")
	rep := res.rep(t)
	if rep.Rejected != 1 || rep.RejectsFile == "" {
		t.Fatalf("want one rejected row in a rejects file: %+v", rep)
	}
	f, err := os.Open(rep.RejectsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := recs[1]
	want := []string{"'=cmd|' /C calc'!A0", "'@SUM(1)", "'+1+1", "'-2", "2020-01-01"}
	for i, w := range want {
		if row[i] != w {
			t.Errorf("rejects cell %d: %q, want %q", i, row[i], w)
		}
	}
	for _, rec := range recs {
		for _, v := range rec {
			if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
				t.Errorf("rejects cell %q would run as a formula", v)
			}
		}
	}
}
