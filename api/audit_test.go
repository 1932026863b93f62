package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
)

func auditLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("audit line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestAuditLogRecordsWhoRanWhat(t *testing.T) {
	h, audit := authHandler(t, Options{})
	const private = "Private Person Name"
	body := `{"query": "query FindPerson($q: String!, $first: Int) { search(query: $q, first: $first) { edges { cursor } } }",
		"operationName": "FindPerson", "variables": {"q": "` + private + `", "first": 5}}`
	rec, _ := send(h, request{method: "POST", path: "/graphql", secret: analystSecret, ctype: "application/json",
		body: strings.NewReader(body)})
	if rec.Code != 200 {
		t.Fatalf("query: %d %s", rec.Code, rec.Body.String())
	}
	send(h, ingestRows(viewerSecret)) // refused: forbidden
	send(h, gql("", statsQuery, nil)) // refused: no token
	send(h, upload(t, analystSecret)) // an upload
	send(h, request{method: "GET", path: "/graphql?query=%7Bstats%7Bnodes%7D%7D", secret: viewerSecret})

	raw := audit.String()
	for _, secret := range []string{private, "Private Row Person", analystSecret, viewerSecret} {
		if strings.Contains(raw, secret) {
			t.Fatalf("the audit log holds %q:\n%s", secret, raw)
		}
	}
	lines := auditLines(t, audit)
	if len(lines) != 5 {
		t.Fatalf("want 5 audit lines, got %d:\n%s", len(lines), raw)
	}
	want := []map[string]any{
		{"kind": "graphql", "tokenId": "tok-analyst", "tokenName": "alice", "role": "analyst", "operation": "FindPerson",
			"operationType": "query", "httpStatus": 200.0, "status": "ok",
			"variablesSha256": sha256Hex(`{"first":5,"q":"` + private + `"}`),
			"requestId":       rec.Header().Get("X-Request-Id"), "resultBytes": float64(rec.Body.Len())},
		{"kind": "graphql", "tokenId": "tok-viewer", "tokenName": "vera", "role": "viewer", "operation": "ingestRows",
			"operationType": "mutation", "httpStatus": 403.0, "status": "forbidden"},
		{"kind": "graphql", "tokenId": "", "tokenName": "", "role": "", "operation": "anonymous",
			"httpStatus": 401.0, "status": "unauthenticated", "variablesSha256": nil},
		{"kind": "ingest", "tokenId": "tok-analyst", "operation": "upload", "dryRun": true, "httpStatus": 200.0, "status": "ok"},
		{"kind": "graphql", "tokenId": "tok-viewer", "operation": "stats", "operationType": "query", "httpStatus": 200.0,
			"status": "ok", "variablesSha256": sha256Hex(`{}`)},
	}
	for i, w := range want {
		for k, v := range w {
			if lines[i][k] != v {
				t.Errorf("line %d: %s is %v, want %v\n%v", i+1, k, lines[i][k], v, lines[i])
			}
		}
		for _, k := range []string{"time", "requestId", "durationMs", "resultBytes"} {
			if _, ok := lines[i][k]; !ok {
				t.Errorf("line %d has no %s: %v", i+1, k, lines[i])
			}
		}
		if _, ok := lines[i]["variables"]; ok {
			t.Errorf("line %d holds the variables", i+1)
		}
	}
}

func TestVariablesHashIsCanonical(t *testing.T) {
	a := variablesHash(json.RawMessage(`{"b": [1, 2.50, {"y": 1, "x": "<&>"}], "a": "x"}`))
	b := variablesHash(json.RawMessage(`{"a":"x","b":[1,2.50,{"x":"<&>","y":1}]}`))
	if a != b || a != sha256Hex(`{"a":"x","b":[1,2.50,{"x":"<&>","y":1}]}`) {
		t.Fatalf("same variables, different hashes: %s %s", a, b)
	}
	if variablesHash(nil) != variablesHash(json.RawMessage(`null`)) || variablesHash(nil) != variablesHash(json.RawMessage(`{}`)) {
		t.Fatal("absent, null and {} variables should hash alike")
	}
}
