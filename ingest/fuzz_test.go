package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
)

// fuzzMapping: a Person with keys, a Payment with an amount and a date,
// and the PAID link between them.
const fuzzMapping = `dataset: fuzz
source: {title: Fuzzing}
inputs:
  - file: in.csv
    filter:
      - {column: ref, notEmpty: true}
    entities:
      payer:
        schema: Person
        keys: [name, birth]
        properties:
          name: name
          birthDate: {column: birth, type: date}
          aliases: {column: aliases, split: true}
      payment:
        schema: Payment
        keys: [ref]
        required: [ref]
        properties:
          amount: {column: amount, type: amount}
          date: {column: date, type: date}
    relationships:
      - {type: PAID, from: payer, to: payment}
`

const fuzzHeader = "name,birth,aliases,ref,amount,date\n"

// fuzzBatchSize is small so that inputs span several batches.
const fuzzBatchSize = 3

// FuzzCSVMapping loads arbitrary bytes as a CSV file (with withHeader, after
// a header the mapping fits, so that the rows get mapped) and checks: no
// panic; failures only as *FileError or *MappingError; every row counted
// once as loaded, rejected or filtered (a failed file may also leave the
// good rows of the batch it interrupted unwritten: fewer than a batch);
// row errors that say where; only what the mapping makes is written; and
// no relationship is written before its ends.
func FuzzCSVMapping(f *testing.F) {
	for _, seed := range []string{
		"Alice Smith,1970-01-02,Al;Ally,P1,$1500.00,2021-03-05\nBob Jones,,,P2,\"16,500\",\"Mar 5, 2021\"\n",
		"Carol,1980,,P3,sixteen,2021-13-01\n\"Dan \"\"D\"\" Brown\",1990-05-05,,P4,€1.234,2021-04\n",
		",,,,,\n,,,P5,,\nEve,,,,100,\n",
		"Fay,1971-02-03,,P6,(250.00),2021\nGus,1972,,\"P7\nP8\",1e3,2020-02-30\n",
		"Hal,1973,,P9,\"unterminated,2021-01-01\n",
		"Ian,1974,,P10,10,2021-01-01,extra\nJo\"e,1975,,P11,11,2021-01-01\n",
	} {
		f.Add([]byte(seed), true)
	}
	f.Add([]byte(fuzzHeader+"Alice,1970,,P1,1,2021-01-01\n"), false)
	f.Add([]byte("\ufeffname;birth;aliases;ref;amount;date\r\nAlice;1970;;P1;1,5;2021-01-01\r\n"), false)
	f.Add([]byte("name\tbirth\taliases\tref\tamount\tdate\nA\t\t\tP\t1\t\n"), false)
	f.Add([]byte("ref,amount\nP1,1\n"), false)
	f.Add([]byte{}, false)
	f.Add([]byte("\x00\xff\xfe\"\n"), false)

	m, err := ingest.ParseMapping([]byte(fuzzMapping), "fuzz.yml", ".")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, withHeader bool) {
		path := filepath.Join(t.TempDir(), "in.csv")
		body := data
		if withHeader {
			body = append([]byte(fuzzHeader), data...)
		}
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		w := newBatchRecorder()
		reps, err := ingest.Run(context.Background(), w, m, ingest.Options{
			Files: map[string]string{"in.csv": path}, BatchSize: fuzzBatchSize})
		if len(reps) != 1 {
			t.Fatalf("%d reports, err %v", len(reps), err)
		}
		rep := reps[0]
		if (err == nil) != (rep.Err == nil) {
			t.Fatalf("Run's error %v, the report's %v", err, rep.Err)
		}
		var fe *ingest.FileError
		var me *ingest.MappingError
		if rep.Err != nil && !errors.As(rep.Err, &fe) && !errors.As(rep.Err, &me) {
			t.Fatalf("error %T: %v", rep.Err, rep.Err)
		}
		unwritten := rep.Read - rep.Loaded - rep.Rejected - rep.Filtered
		if rep.Err == nil && unwritten != 0 || unwritten < 0 || unwritten >= fuzzBatchSize {
			t.Fatalf("read %d, loaded %d, rejected %d, filtered %d (err %v)", rep.Read, rep.Loaded, rep.Rejected, rep.Filtered, rep.Err)
		}
		if int64(len(rep.Errors)) != rep.Rejected {
			t.Fatalf("%d rejected, %d row errors", rep.Rejected, len(rep.Errors))
		}
		for _, e := range rep.Errors {
			if e.File != "in.csv" || e.Row < 2 || e.Reason == "" {
				t.Fatalf("row error %+v", *e)
			}
			if msg := e.Error(); !strings.Contains(msg, fmt.Sprintf("in.csv row %d", e.Row)) {
				t.Fatalf("row error %q", msg)
			}
		}
		if len(w.dangling) > 0 {
			t.Fatalf("relationships written before their ends: %v", w.dangling)
		}
		// Only payers, payments and PAID links from the one to the other
		// are written, and no more payments than rows loaded. (Not one
		// each: a run does not write again what it wrote unchanged.)
		kinds := map[string]casegraph.Schema{}
		for _, b := range w.batches {
			if !b.data {
				continue
			}
			for _, e := range b.entities {
				if e.Schema != casegraph.Payment && e.Schema != casegraph.Person {
					t.Fatalf("a %s was written", e.Schema)
				}
				kinds[e.ID] = e.Schema
			}
			for _, r := range b.rels {
				if r.Type != casegraph.Paid || kinds[r.SourceID] != casegraph.Person || kinds[r.TargetID] != casegraph.Payment {
					t.Fatalf("relationship %s %s -> %s", r.Type, r.SourceID, r.TargetID)
				}
			}
		}
		var payments int64
		for _, k := range kinds {
			if k == casegraph.Payment {
				payments++
			}
		}
		if payments > rep.Loaded || rep.Loaded > 0 && payments == 0 {
			t.Fatalf("loaded %d rows, wrote %d payments", rep.Loaded, payments)
		}
	})
}
