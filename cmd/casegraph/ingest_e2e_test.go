package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph/internal/testenv"
)

func uploadMapping(dataset string) string {
	return fmt.Sprintf(`dataset: %s
source: {title: "Upload test", publisher: casegraph tests}
inputs:
  - file: people.csv
    entities:
      person:
        schema: Person
        id: id
        required: [id]
        properties:
          name: name
          birthDate: {column: born, type: date, formats: ["Jan 2, 2006"]}
`, dataset)
}

func multipartBody(t *testing.T, fields map[string]string, files map[string]string) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	for name, content := range files {
		fw, err := w.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, content)
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

func decode(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return out
}

// TestUploadIngestThroughHTTP: POST /api/ingest with a mapping and a CSV,
// a dry run first, then a real load followed by GET /api/ingest/{id} until
// done; the rows are then found by search, the bad row by its reason.
func TestUploadIngestThroughHTTP(t *testing.T) {
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	dataset := strings.TrimSuffix(testenv.Prefix(t), "-")
	tag := "zq" + strings.TrimPrefix(dataset, "t-")
	csv := "id,name,born\n1,Ada " + tag + ",\"Dec 10, 1815\"\n2,Bob " + tag + ",yesterday\n3,Cy " + tag + ",\n"

	body, ctype := multipartBody(t, map[string]string{"mapping": uploadMapping(dataset), "dryRun": "true"},
		map[string]string{"people.csv": csv})
	resp, err := http.Post(base+"/api/ingest", ctype, body)
	if err != nil {
		t.Fatal(err)
	}
	out := decode(t, resp)
	job := out["jobs"].([]any)[0].(map[string]any)
	if resp.StatusCode != 200 || job["rowsRejected"] != 1.0 || job["rowsLoaded"] != 2.0 {
		t.Fatalf("dry run: %d %v", resp.StatusCode, out)
	}
	e := job["errors"].([]any)[0].(map[string]any)
	if e["row"] != 3.0 || e["column"] != "born" || e["value"] != "yesterday" {
		t.Fatalf("dry run error: %v", e)
	}
	if ents := job["preview"].(map[string]any)["entities"].([]any); len(ents) != 2 {
		t.Fatalf("preview: %v", ents)
	}

	body, ctype = multipartBody(t, map[string]string{"mapping": uploadMapping(dataset)}, map[string]string{"people.csv": csv})
	resp, err = http.Post(base+"/api/ingest", ctype, body)
	if err != nil {
		t.Fatal(err)
	}
	out = decode(t, resp)
	if resp.StatusCode != http.StatusAccepted || out["id"] == nil {
		t.Fatalf("upload: %d %v", resp.StatusCode, out)
	}
	statusURL := base + out["statusUrl"].(string)
	var status map[string]any
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		r, err := http.Get(statusURL)
		if err != nil {
			t.Fatal(err)
		}
		status = decode(t, r)
		if status["status"] != "running" {
			break
		}
	}
	if status["status"] != "done" {
		t.Fatalf("ingest status: %v", status)
	}
	job = status["jobs"].([]any)[0].(map[string]any)
	if job["rowsLoaded"] != 2.0 || job["rowsRejected"] != 1.0 || job["rejectsUrl"] == nil {
		t.Fatalf("job: %v", job)
	}
	r, err := http.Get(base + job["rejectsUrl"].(string))
	if err != nil {
		t.Fatal(err)
	}
	rejects, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if !strings.Contains(string(rejects), "yesterday") || !strings.Contains(string(rejects), "_reason") {
		t.Fatalf("rejects file: %s", rejects)
	}
	_, res := postGraphQL(t, base, `query($q: String!) { search(query: $q) { edges { node { name ... on Person { birthDate } } } } }`,
		map[string]any{"q": "ada " + tag})
	edges := res["data"].(map[string]any)["search"].(map[string]any)["edges"].([]any)
	if len(edges) != 1 || edges[0].(map[string]any)["node"].(map[string]any)["birthDate"] != "1815-12-10" {
		t.Fatalf("uploaded person not found: %v", res)
	}

	// A bad mapping is refused at once, with its line.
	body, ctype = multipartBody(t, map[string]string{"mapping": "dataset: x\nsource: {title: t}\ninputs:\n  - file: people.csv\n    entities: {p: {schema: Alien, id: id}}\n"},
		map[string]string{"people.csv": csv})
	resp, _ = http.Post(base+"/api/ingest", ctype, body)
	out = decode(t, resp)
	if resp.StatusCode != 400 || !strings.Contains(fmt.Sprint(out["error"]), "mapping.yml:5") {
		t.Fatalf("bad mapping: %d %v", resp.StatusCode, out)
	}
}

// TestIngestRowsMutation is the notebook path: rows as JSON objects.
func TestIngestRowsMutation(t *testing.T) {
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	dataset := strings.TrimSuffix(testenv.Prefix(t), "-")
	rows := []map[string]any{{"id": "a", "name": "Rowena", "born": "Jan 2, 1990"}, {"id": "b", "name": "Bad", "born": "never"}}
	q := `mutation($m: String!, $rows: [JSON!]!) { ingestRows(mapping: $m, rows: $rows) {
		jobId status rowsLoaded rowsRejected errors { row column value reason } } }`
	for i := 0; i < 2; i++ { // twice: the same job, the same graph
		code, out := postGraphQL(t, base, q, map[string]any{"m": uploadMapping(dataset), "rows": rows})
		if code != 200 || out["errors"] != nil {
			t.Fatalf("ingestRows: %d %v", code, out)
		}
		r := out["data"].(map[string]any)["ingestRows"].(map[string]any)
		errs := r["errors"].([]any)
		if r["status"] != "done" || r["rowsLoaded"] != 1.0 || r["rowsRejected"] != 1.0 || len(errs) != 1 ||
			errs[0].(map[string]any)["value"] != "never" {
			t.Fatalf("ingestRows result: %v", r)
		}
	}
	n := testenv.Cypher(t, `MATCH (p:Person) WHERE p.id STARTS WITH $p RETURN count(p) AS n, collect(p.birthDate) AS born`,
		map[string]any{"p": dataset + "-"})
	if n[0]["n"] != int64(1) || n[0]["born"].([]any)[0] != "1990-01-02" {
		t.Fatalf("graph after ingestRows: %v", n)
	}
	_, out := postGraphQL(t, base, q, map[string]any{"m": "dataset: [", "rows": rows})
	if out["errors"] == nil || !strings.Contains(fmt.Sprint(out["errors"]), "mapping") {
		t.Fatalf("bad mapping accepted: %v", out)
	}
}

func decodeInto(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
}
