package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/internal/testenv"
)

// TestIngestLoadsIntoTheRunningServer: with the server's address and no
// connection flags, ingest sends the files to the running casegraph, which
// loads them (the rows are then found through GraphQL) and keeps the
// rejected rows, downloadable from the URL ingest prints. A dry run loads
// nothing.
func TestIngestLoadsIntoTheRunningServer(t *testing.T) {
	p := testenv.Prefix(t)
	dataset := strings.TrimSuffix(p, "-") + "srv"
	t.Cleanup(func() {
		testenv.DeleteByPrefix(t, dataset+"-")
		testenv.Cypher(t, `MATCH (j:IngestJob) WHERE j.dataset = $d DETACH DELETE j`, map[string]any{"d": dataset})
	})
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()

	dir := filepath.Join(t.TempDir(), "sub")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	csv := "id,name,born\nw1,Wanda Example,1970-02-03\nw2,Walter Example,not a date\nw3,Wilma Example,\n"
	mapping := "dataset: " + dataset + "\nsource: {title: server ingest test}\ninputs:\n  - name: people\n    file: sub/people.csv\n" +
		"    entities:\n      person: {schema: Person, id: id, required: [id, name], properties: {name: name, birthDate: {column: born, type: date}}}\n"
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	mpath := filepath.Join(filepath.Dir(dir), "mapping.yml")
	if err := os.WriteFile(mpath, []byte(mapping), 0o644); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) (string, error) {
		var out, errs strings.Builder
		err := run(context.Background(), args, envOf(map[string]string{}), &out, &errs)
		return out.String() + errs.String(), err
	}

	out, err := cli("ingest", "--server", base, "--mapping", mpath, "--dry-run")
	if err != nil || !strings.Contains(out, "3 rows read") || !strings.Contains(out, "would make") ||
		!strings.Contains(out, `"born"`) || !strings.Contains(out, "not a date") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	q := `query($q: String!) { search(query: $q) { nodes { id } } }`
	if n := list(obj(data(t, base, q, map[string]any{"q": "Wanda Example"})["search"])["nodes"]); len(n) != 0 {
		t.Fatalf("a dry run loaded rows: %v", n)
	}

	out, err = cli("ingest", "--server", base, "--mapping", mpath)
	if err != nil || !strings.Contains(out, "2 loaded, 1 rejected") {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	found := false
	for _, n := range list(obj(data(t, base, q, map[string]any{"q": "Wanda Example"})["search"])["nodes"]) {
		found = found || obj(n)["id"] == dataset+"-w1"
	}
	if !found {
		t.Errorf("the loaded row is not found through GraphQL")
	}
	url := regexp.MustCompile(`rejected rows: (\S+)`).FindStringSubmatch(out)
	if url == nil {
		t.Fatalf("no rejects URL printed:\n%s", out)
	}
	resp, err := http.Get(url[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "not a date") {
		t.Errorf("rejects from the server: %d %s", resp.StatusCode, body)
	}
}

// TestIngestWithoutAServerSaysWhatToDo: with nothing answering at the
// server's address, ingest fails at once, says how to start or name a
// server, and creates nothing: no database, no data folder.
func TestIngestWithoutAServerSaysWhatToDo(t *testing.T) {
	dir := t.TempDir()
	mpath := filepath.Join(dir, "mapping.yml")
	os.WriteFile(filepath.Join(dir, "people.csv"), []byte("id,name\n1,A\n"), 0o644)
	if err := os.WriteFile(mpath, []byte("dataset: nowhere\nsource: {title: t}\ninputs:\n  - file: people.csv\n"+
		"    entities:\n      person: {schema: Person, id: id, properties: {name: name}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(dir, "data")
	var out, errs strings.Builder
	err := run(context.Background(), []string{"ingest", "--server", "http://" + freeAddr(t), "--data-dir", dataDir, "--mapping", mpath},
		envOf(map[string]string{}), &out, &errs)
	if err == nil {
		t.Fatalf("ingest without a server succeeded:\n%s%s", out.String(), errs.String())
	}
	for _, want := range []string{"no casegraph server answers", "casegraph serve", "--server", "--neo4j-uri", "Nothing was loaded"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q: %v", want, err)
		}
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("ingest created %s: %v", dataDir, err)
	}
	devZero := filepath.Join(dir, "zero.yml")
	if err := os.WriteFile(devZero, []byte("dataset: nowhere\nsource: {title: t}\ninputs:\n  - file: /dev/zero\n"+
		"    entities:\n      person: {schema: Person, id: id, properties: {name: name}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"ingest", "--server", "http://" + freeAddr(t), "--mapping", devZero}, envOf(map[string]string{}), &out, &errs)
	if !errors.Is(err, ingest.ErrNotRegular) {
		t.Errorf("a device is refused before anything is sent: %v", err)
	}
}
