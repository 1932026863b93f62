package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/ingest"
)

// TestWriteBulkFiles: the importer's files hold one line per node and per
// relationship however often the input repeats them, with the values
// folded as the graph folds them (a second spelling of a name is an alias,
// sources and jobs are unioned), typed columns (an amount stays a double
// when it is a whole number), and the rejected rows left out.
func TestWriteBulkFiles(t *testing.T) {
	dir := t.TempDir()
	csv := "ref,amount,payer,payer_name,tags\n" +
		"t1,100,p1,Ann Lee,a;b\n" +
		"t2,2.5,p1,Ann Lee,\n" +
		"t3,7,p1,A. Lee,\n" + // another spelling: an alias
		"t1,100,p1,Ann Lee,a;b\n" + // repeated exactly
		"t1,999,p1,Ann Lee,\n" + // the same payment, another amount: rejected
		"t4,oops,p2,Bo,\n" // not an amount: rejected
	if err := os.WriteFile(filepath.Join(dir, "pay.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ingest.ParseMapping([]byte(`dataset: bt
source: {title: "Bulk test"}
inputs:
  - file: pay.csv
    entities:
      payment:
        schema: Payment
        id: ref
        properties:
          amount: {column: amount, type: amount}
          tags: {column: tags, split: ";"}
      payer:
        schema: Person
        id: payer
        properties: {name: payer_name}
    relationships:
      - {type: PAID, from: payer, to: payment}
`), "m.yml", dir)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	files, reports, err := ingest.WriteBulk(context.Background(), m, ingest.Options{}, ingest.BulkOptions{Dir: work, SortBytes: 512})
	if err != nil {
		t.Fatal(err)
	}
	if r := reports[0]; r.Read != 6 || r.Loaded != 4 || r.Rejected != 2 {
		t.Fatalf("report: read %d loaded %d rejected %d", r.Read, r.Loaded, r.Rejected)
	}
	// payments t1..t3, the person p1, the source; t4's row was rejected
	if files.NodeCount != 5 || files.RelCount != 3 {
		t.Fatalf("%d nodes, %d relationships", files.NodeCount, files.RelCount)
	}
	if len(files.Jobs) != 1 || files.Jobs[0].Properties["status"] != ingest.StatusDone {
		t.Fatalf("jobs: %+v", files.Jobs)
	}
	all := ""
	for _, p := range append(append([]string{}, files.Nodes...), files.Relationships...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		all += string(b)
	}
	job := files.Jobs[0].ID
	for _, want := range []string{
		`"bt-p1","Entity` + "\x1f" + `Person","Person","Ann Lee","A. Lee","A. Lee ","bt-source-`,
		"amount:double",
		"tags:string[]",
		`"bt-t1","Entity` + "\x1fPayment\",\"Payment\",,,\"\",",
		",100,\"a\x1fb\"\n",
		",2.5\n",
		`"` + job + `"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the files:\n%s", want, all)
		}
	}
	if strings.Contains(all, "bt-t4") || strings.Contains(all, "999") {
		t.Errorf("a rejected row reached the files:\n%s", all)
	}
	if n := strings.Count(all, "\n\"bt-t1\","); n != 1 {
		t.Errorf("the node t1 is on %d lines, want 1", n)
	}
}
