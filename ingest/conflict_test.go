package ingest_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/internal/testenv"
)

// paymentsToBanks: a payment's amount is single-valued, a bank's name has
// spellings. Ids come from the file, as in the export that lost money.
const paymentsToBanks = `dataset: %s
source:
  title: Conflicts test
inputs:
  - file: %s
    entities:
      payment:
        schema: Payment
        id: ref
        properties:
          amount: {column: amount, type: amount}
      bank:
        schema: Company
        id: bank_id
        properties:
          name: bank
    relationships:
      - {type: PAID_TO, from: payment, to: bank}
`

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func parseIn(t *testing.T, dir, yml string) *ingest.Mapping {
	t.Helper()
	m, err := ingest.ParseMapping([]byte(yml), "mapping.yml", dir)
	if err != nil {
		t.Fatalf("mapping: %v", err)
	}
	return m
}

// A repeated id with another amount is the later row's error, naming the
// first row and both values; the row is rejected whole and counted so;
// other spellings of a name become aliases; a repeat with the same values
// is no conflict; amounts below zero and zero load and are counted.
func TestRepeatedIDConflictsAndNameVariants(t *testing.T) {
	s := testenv.Store(t)
	dir := t.TempDir()
	dataset := strings.TrimSuffix(testenv.Prefix(t), "-")
	writeFile(t, dir, "payments.csv", `ref,amount,bank_id,bank
p1,56898523.47,b1,OTP Bank
p2,-12.5,b1,OTP Bank Nyrt.
p1,1,b2,K&H Bank
p3,0,b1,OTP Bank
p2,-12.5,b1,OTP Bank
`)
	m := parseIn(t, dir, strings.Replace(strings.Replace(paymentsToBanks, "%s", dataset, 1), "%s", "payments.csv", 1))

	dry := run(t, s, m, ingest.Options{DryRun: true})[0]
	if dry.Loaded != 4 || dry.Rejected != 1 || dry.NegativeAmounts != 1 || dry.ZeroAmounts != 1 {
		t.Fatalf("dry run: loaded %d, rejected %d, negative %d, zero %d: %v", dry.Loaded, dry.Rejected,
			dry.NegativeAmounts, dry.ZeroAmounts, dry.Errors)
	}

	rejectsDir := t.TempDir()
	r := run(t, s, m, ingest.Options{RejectsDir: rejectsDir, BatchSize: 2})[0]
	if r.Loaded != 4 || r.Rejected != 1 || len(r.Errors) != 1 {
		t.Fatalf("load: loaded %d, rejected %d: %v", r.Loaded, r.Rejected, r.Errors)
	}
	e := r.Errors[0]
	if e.Row != 4 || !strings.Contains(e.Reason, "conflicts with row 2: amount 56898523.47 vs 1") {
		t.Fatalf("the conflict: %v", e)
	}
	f, err := os.Open(r.RejectsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][0] != "p1" || recs[1][1] != "1" ||
		!strings.Contains(recs[1][len(recs[1])-1], "amount 56898523.47 vs 1") {
		t.Fatalf("rejects file: %v %v", recs, err)
	}

	q := func(cypher string) []map[string]any {
		return testenv.Cypher(t, cypher, map[string]any{"p": dataset + "-"})
	}
	got := q(`MATCH (p:Payment) WHERE p.id STARTS WITH $p RETURN p.id AS id, p.amount AS amount ORDER BY id`)
	want := []any{56898523.47, -12.5, 0.0}
	if len(got) != 3 {
		t.Fatalf("payments: %v", got)
	}
	for i, g := range got {
		if g["amount"] != want[i] {
			t.Errorf("payment %v: amount %v, want %v", g["id"], g["amount"], want[i])
		}
	}
	// Nothing of the rejected row: no bank b2, no link to it.
	if n := q(`MATCH (b:Entity) WHERE b.id = $p + 'b2' RETURN count(b) AS n`)[0]["n"]; n != int64(0) {
		t.Errorf("the rejected row's bank was written")
	}
	bank := q(`MATCH (b:Company) WHERE b.id = $p + 'b1' RETURN b.name AS name, b.aliases AS aliases`)
	if len(bank) != 1 || bank[0]["name"] != "OTP Bank" || !slices.Equal(anyStrings(bank[0]["aliases"]), []string{"OTP Bank Nyrt."}) {
		t.Fatalf("bank b1: %v, want name OTP Bank and the other spelling as an alias", bank)
	}
	job := q(`MATCH (j:IngestJob) WHERE j.id STARTS WITH $p AND j.status = 'done'
		RETURN j.negativeAmounts AS neg, j.zeroAmounts AS zero, j.rowsRejected AS rejected`)
	if len(job) != 1 || job[0]["neg"] != int64(1) || job[0]["zero"] != int64(1) || job[0]["rejected"] != int64(1) {
		t.Errorf("job record: %v", job)
	}
}

// Across loads, a changed value replaces the old one, another name becomes
// an alias, and the job records what it changed.
func TestLaterLoadReplacesAndCountsChanges(t *testing.T) {
	s := testenv.Store(t)
	dir := t.TempDir()
	dataset := strings.TrimSuffix(testenv.Prefix(t), "-")
	yml := strings.Replace(strings.Replace(paymentsToBanks, "%s", dataset, 1), "%s", "payments.csv", 1)
	first := writeFile(t, dir, "march.csv", "ref,amount,bank_id,bank\np1,5,b1,OTP Bank\np2,6,b1,OTP Bank\n")
	second := writeFile(t, dir, "april.csv", "ref,amount,bank_id,bank\np1,7,b1,OTP Bank Zrt.\np2,6,b1,OTP Bank\np3,8,b1,OTP Bank\n")
	m := parseIn(t, dir, yml)
	r1 := run(t, s, m, ingest.Options{Files: map[string]string{"payments.csv": first}})[0]
	if r1.EntitiesChanged != 0 || r1.PropertiesChanged != 0 {
		t.Errorf("a first load changed %d entities, %d properties", r1.EntitiesChanged, r1.PropertiesChanged)
	}
	r2 := run(t, s, m, ingest.Options{Files: map[string]string{"payments.csv": second}})[0]
	if r2.Loaded != 3 || r2.EntitiesChanged != 1 || r2.PropertiesChanged != 1 {
		t.Errorf("second load: loaded %d, changed %d entities and %d properties, want 3, 1, 1",
			r2.Loaded, r2.EntitiesChanged, r2.PropertiesChanged)
	}
	q := func(cypher string, id string) []map[string]any {
		return testenv.Cypher(t, cypher, map[string]any{"id": id})
	}
	if p := q(`MATCH (p:Payment {id: $id}) RETURN p.amount AS amount`, dataset+"-p1"); len(p) != 1 || p[0]["amount"] != 7.0 {
		t.Errorf("p1 after the second load: %v, want amount 7", p)
	}
	bank := q(`MATCH (b:Company {id: $id}) RETURN b.name AS name, b.aliases AS aliases, b.aliasText AS text`, dataset+"-b1")
	if len(bank) != 1 || bank[0]["name"] != "OTP Bank" || !slices.Equal(anyStrings(bank[0]["aliases"]), []string{"OTP Bank Zrt."}) ||
		bank[0]["text"] != "OTP Bank Zrt. " {
		t.Errorf("bank after the second load: %v, want name OTP Bank, alias OTP Bank Zrt.", bank)
	}
	job := q(`MATCH (j:IngestJob {id: $id}) RETURN j.entitiesChanged AS ents, j.propertiesChanged AS props`, r2.JobID)
	if len(job) != 1 || job[0]["ents"] != int64(1) || job[0]["props"] != int64(1) {
		t.Errorf("second job record: %v", job)
	}
}

// A repeated relationship with another role conflicts too.
func TestRepeatedRelationshipConflicts(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "boards.csv", "person,company,role\nAnna,Acme,director\nAnna,Acme,director\nAnna,Acme,secretary\n")
	m := parseIn(t, dir, `dataset: rel
source: {title: t}
inputs:
  - file: boards.csv
    entities:
      person: {schema: Person, keys: [person], properties: {name: person}}
      company: {schema: Company, keys: [company], properties: {name: company}}
    relationships:
      - {type: DIRECTORSHIP, from: person, to: company, role: role}
`)
	reps, err := ingest.Run(context.Background(), newBatchRecorder(), m, ingest.Options{Files: map[string]string{"boards.csv": path}})
	if err != nil || len(reps) != 1 {
		t.Fatalf("run: %v", err)
	}
	r := reps[0]
	if r.Loaded != 2 || r.Rejected != 1 || !strings.Contains(r.Errors[0].Reason, `conflicts with row 2: role "director" vs "secretary"`) {
		t.Fatalf("loaded %d, rejected %d: %v", r.Loaded, r.Rejected, r.Errors)
	}
}

// A row's own source: everything the row makes cites it, after the
// mapping's source, and it is among their sources; a row without one cites
// the mapping's source only.
func TestRowSource(t *testing.T) {
	s := testenv.Store(t)
	dir := t.TempDir()
	dataset := strings.TrimSuffix(testenv.Prefix(t), "-")
	writeFile(t, dir, "filings.csv", `company,director,filing_url,filing_title
Acme,Anna,https://example.org/f1,Annual return 2019
Beta,Bob,https://example.org/f2,Annual return 2020
Gamma,Cleo,,
`)
	m := parseIn(t, dir, `dataset: `+dataset+`
source: {title: Company filings}
inputs:
  - file: filings.csv
    rowSource: filing
    entities:
      company: {schema: Company, keys: [company], properties: {name: company}}
      director: {schema: Person, keys: [director], properties: {name: director}}
      filing: {schema: Source, keys: [filing_url], properties: {name: filing_title, url: filing_url}}
    relationships:
      - {type: DIRECTORSHIP, from: director, to: company}
`)
	r := run(t, s, m, ingest.Options{})[0]
	if r.Loaded != 3 || r.Rejected != 0 {
		t.Fatalf("load: %+v", r.Errors)
	}
	sources := func(name string) []string {
		t.Helper()
		ids := testenv.Cypher(t, `MATCH (n:Entity {name: $name}) WHERE n.id STARTS WITH $p RETURN n.id AS id`,
			map[string]any{"name": name, "p": dataset + "-"})
		if len(ids) != 1 {
			t.Fatalf("%s: %v", name, ids)
		}
		e, err := s.GetEntity(context.Background(), ids[0]["id"].(string))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, src := range e.Sources {
			out = append(out, src.Name)
		}
		slices.Sort(out)
		return out
	}
	if got := sources("Acme"); !slices.Equal(got, []string{"Annual return 2019", "Company filings"}) {
		t.Errorf("Acme's sources: %q", got)
	}
	if got := sources("Bob"); !slices.Equal(got, []string{"Annual return 2020", "Company filings"}) {
		t.Errorf("Bob's sources: %q", got)
	}
	if got := sources("Cleo"); !slices.Equal(got, []string{"Company filings"}) {
		t.Errorf("Cleo's sources (a row without a filing): %q", got)
	}
	rel := testenv.Cypher(t, `MATCH (:Person {name: 'Anna'})-[r:DIRECTORSHIP]->(c:Company) WHERE c.id STARTS WITH $p
		MATCH (s:Source) WHERE s.id IN r.sourceIds RETURN s.name AS name ORDER BY name`, map[string]any{"p": dataset + "-"})
	if len(rel) != 2 || rel[0]["name"] != "Annual return 2019" {
		t.Errorf("Anna's directorship cites %v", rel)
	}

	// The entity named must be a Source.
	_, err := ingest.ParseMapping([]byte(`dataset: x
source: {title: t}
inputs:
  - file: f.csv
    rowSource: company
    entities:
      company: {schema: Company, keys: [company]}
`), "bad.yml", dir)
	if err == nil || !strings.Contains(err.Error(), "schema Source") {
		t.Errorf("a rowSource of schema Company: %v", err)
	}
}

func anyStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
