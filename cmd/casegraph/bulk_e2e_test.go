package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph/ingest/synth"
	"github.com/casegraph/casegraph/internal/testenv"
)

// bulkCase writes a generated case (ingest/synth: ten files, one mapping,
// ids repeated across files, aliases, list values, dates in three
// formats) under a dataset of its own, and adds the mess of real files to
// it: a payment repeated exactly, the same payment with another amount, a
// bad date, an empty id, a payer under another spelling of the name, a
// person again with another list of nationalities.
func bulkCase(t *testing.T, dataset string) string {
	t.Helper()
	dir := t.TempDir()
	if err := synth.Generate(dir, synth.Scaled(1000, 11)); err != nil {
		t.Fatal(err)
	}
	mapping := filepath.Join(dir, "mapping.yml")
	b, err := os.ReadFile(mapping)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mapping, []byte(strings.Replace(string(b), "dataset: synth", "dataset: "+dataset, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	appendRows := func(file string, pick func(header, first []string) [][]string) {
		path := filepath.Join(dir, file)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, pick(rows[0], rows[1])...)
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	with := func(header, row []string, col, value string) []string {
		out := slices.Clone(row)
		out[slices.Index(header, col)] = value
		return out
	}
	appendRows("payments.csv", func(h, first []string) [][]string {
		return [][]string{
			first,                                            // repeated exactly: merged, not doubled
			with(h, first, "amount", "1.00"),                 // same id, another amount: rejected
			with(h, first, "date", "31/31/2020"),             // no date: rejected
			with(h, first, "ref", ""),                        // no id: rejected
			with(h, first, "payer_name", "Another Spelling"), // an alias of the payer
		}
	})
	appendRows("people.csv", func(h, first []string) [][]string {
		return [][]string{with(h, first, "nationality", "hu;at")} // a list value again, longer
	})
	return mapping
}

// TestBulkEqualsNormalIngest: the same files loaded by normal ingest into
// the shared test Neo4j and by ingest --bulk into a fresh data folder of
// its own (its own Neo4j, started by the bulk load) give the same graph:
// node counts per label, relationship counts per type, and every node's
// id, labels and properties and every relationship's type, ends and
// properties, provenance included. Only what is the run's own is left
// out of the comparison: the IngestJob nodes' startedAt and finishedAt.
// (Job ids are derived from the file and the mapping, so they are equal.)
//
// While that Neo4j runs, a second --bulk on the same folder is refused (a
// running server); once it has stopped, again (a database exists).
func TestBulkEqualsNormalIngest(t *testing.T) {
	uri := testenv.Neo4jURI(t)
	dataset := "bk" + strings.TrimSuffix(strings.TrimPrefix(testenv.Prefix(t), "t-"), "-")
	mapping := bulkCase(t, dataset)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"ingest", "--neo4j-uri", uri, "--mapping", mapping, "--data-dir", t.TempDir(),
		"--request-timeout", "5m"},
		func(string) string { return "" }, &out, &errOut); err != nil {
		t.Fatalf("normal ingest: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "conflicts with row") || !strings.Contains(out.String(), "did not parse as dates") {
		t.Fatalf("the mess was not rejected as expected:\n%s", out.String())
	}
	normal := graphOf(t, ctx, uri, dataset)

	dataDir := t.TempDir()
	jar, _ := filepath.Abs("../../launcher/target/casegraph-neo4j.jar")
	args := []string{"ingest", "--bulk", "--mapping", mapping, "--data-dir", dataDir, "--bolt-addr", freeAddr(t),
		"--neo4j-heap", "512m", "--neo4j-pagecache", "128m", "--neo4j-launcher", jar, "--request-timeout", "5m"}
	_, cfg, err := parseCommand(args, func(string) string { return "" }, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	var bulk graphDump
	var bulkOut bytes.Buffer
	err = bulkIngest(ctx, cfg, testenv.Logger(t), &bulkOut, &errOut, func(ctx context.Context, bulkURI string) error {
		bulk = graphOf(t, ctx, bulkURI, dataset)
		// A second bulk load while this Neo4j runs on the folder.
		var o bytes.Buffer
		err := run(ctx, args, func(string) string { return "" }, &o, &o)
		if err == nil || !strings.Contains(err.Error(), "a Neo4j is running on the data folder") {
			t.Errorf("a bulk load on a folder whose Neo4j runs: got %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("bulk ingest: %v\n%s\n%s", err, bulkOut.String(), errOut.String())
	}
	// The same rows read, loaded, rejected (for the same reasons) and
	// filtered, under the same job ids; the rejects files' folders differ.
	if a, b := reportLines(out.String()), reportLines(bulkOut.String()); a != b {
		t.Errorf("the reports differ:\nnormal:\n%s\nbulk:\n%s", a, b)
	}
	if len(normal.nodes) < 1000 || len(normal.rels) < 3000 {
		t.Fatalf("the normal load is too small to compare: %d nodes, %d relationships", len(normal.nodes), len(normal.rels))
	}
	compareCounts(t, "nodes per label", normal.labels, bulk.labels)
	compareCounts(t, "relationships per type", normal.types, bulk.types)
	compareLines(t, "node", normal.nodes, bulk.nodes)
	compareLines(t, "relationship", normal.rels, bulk.rels)

	// Idempotence: the folder now holds a database; a second bulk load is
	// refused, and the graph is not doubled.
	var o bytes.Buffer
	err = run(ctx, args, func(string) string { return "" }, &o, &o)
	if err == nil || !strings.Contains(err.Error(), "already holds a database") {
		t.Errorf("a second bulk load into the same folder: got %v", err)
	}
}

// TestBulkRefusesWhatItDoesNotOwn: a Neo4j given by URI (a remote server,
// a neo4j:// cluster) is not one a bulk load may build: it says to use
// normal ingest, before reading anything.
func TestBulkRefusesWhatItDoesNotOwn(t *testing.T) {
	for _, uri := range []string{"bolt://db.example.org:7687", "neo4j://cluster.example.org:7687", "neo4j+s://x.databases.neo4j.io"} {
		t.Run(uri, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), []string{"ingest", "--bulk", "--neo4j-uri", uri, "--mapping", "no-such.yml",
				"--data-dir", t.TempDir()}, func(string) string { return "" }, &out, &out)
			if err == nil || !strings.Contains(err.Error(), "use normal ingest") || !strings.Contains(err.Error(), uri) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

type graphDump struct {
	labels, types map[string]int
	nodes, rels   []string
}

// graphOf reads every node whose id starts with the dataset's prefix, and
// every relationship leaving one, as sorted lines of text that keep each
// value's type (%#v).
func graphOf(t *testing.T, ctx context.Context, uri, dataset string) graphDump {
	t.Helper()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	prefix := dataset + "-"
	d := graphDump{labels: map[string]int{}, types: map[string]int{}}
	res, err := neo4j.ExecuteQuery(ctx, driver, `MATCH (n:Entity) WHERE n.id STARTS WITH $prefix
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props`, map[string]any{"prefix": prefix}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range res.Records {
		m := rec.AsMap()
		var labels []string
		for _, l := range m["labels"].([]any) {
			labels = append(labels, l.(string))
			d.labels[l.(string)]++
		}
		slices.Sort(labels)
		props := m["props"].(map[string]any)
		if slices.Contains(labels, "IngestJob") { // the run's own times
			delete(props, "startedAt")
			delete(props, "finishedAt")
		}
		d.nodes = append(d.nodes, fmt.Sprintf("%v %v %#v", m["id"], labels, props))
	}
	res, err = neo4j.ExecuteQuery(ctx, driver, `MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id STARTS WITH $prefix
RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props`, map[string]any{"prefix": prefix}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range res.Records {
		m := rec.AsMap()
		d.types[m["type"].(string)]++
		d.rels = append(d.rels, fmt.Sprintf("%v %v->%v %#v", m["type"], m["a"], m["b"], m["props"]))
	}
	slices.Sort(d.nodes)
	slices.Sort(d.rels)
	return d
}

func compareCounts(t *testing.T, what string, normal, bulk map[string]int) {
	t.Helper()
	for k, n := range normal {
		if bulk[k] != n {
			t.Errorf("%s: %s: normal %d, bulk %d", what, k, n, bulk[k])
		}
	}
	for k, n := range bulk {
		if _, ok := normal[k]; !ok {
			t.Errorf("%s: %s: only bulk has it (%d)", what, k, n)
		}
	}
}

// compareLines reports the first differences between two sorted lists.
func compareLines(t *testing.T, what string, normal, bulk []string) {
	t.Helper()
	shown := 0
	i, j := 0, 0
	for (i < len(normal) || j < len(bulk)) && shown < 10 {
		switch {
		case j >= len(bulk) || (i < len(normal) && normal[i] < bulk[j]):
			t.Errorf("%s only in the normal load:\n  %s", what, normal[i])
			i++
			shown++
		case i >= len(normal) || bulk[j] < normal[i]:
			t.Errorf("%s only in the bulk load:\n  %s", what, bulk[j])
			j++
			shown++
		default:
			i++
			j++
		}
	}
	if len(normal) != len(bulk) {
		t.Errorf("%s count: normal %d, bulk %d", what, len(normal), len(bulk))
	}
}

var tookRE = regexp.MustCompile(` in [0-9.]+[mµn]?s$| in [0-9hms.]+$`)

// reportLines are ingest's report lines without times and rejects paths.
func reportLines(out string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "bulk:") || strings.Contains(line, "rejected rows written to") {
			continue
		}
		keep = append(keep, tookRE.ReplaceAllString(line, ""))
	}
	return strings.Join(keep, "\n")
}
