package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/api"
	"github.com/casegraph/casegraph/internal/testenv"
)

// gqlBookmarked posts a GraphQL request with bookmark in the header (or,
// with inBody, as extensions.bookmark) and returns the status, the answer
// and the answer's extensions.bookmark.
func gqlBookmarked(t *testing.T, base, query string, vars map[string]any, bookmark string, inBody bool) (int, map[string]any, string) {
	t.Helper()
	msg := map[string]any{"query": query, "variables": vars}
	if inBody {
		msg["extensions"] = map[string]any{"bookmark": bookmark}
	}
	body, _ := json.Marshal(msg)
	req, _ := http.NewRequest("POST", base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if !inBody && bookmark != "" {
		req.Header.Set(api.BookmarkHeader, bookmark)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out := decode(t, resp)
	ext, _ := out["extensions"].(map[string]any)
	b, _ := ext["bookmark"].(string)
	return resp.StatusCode, out, b
}

// TestBookmarksAcrossReplicas: two servers over one Neo4j, as replicas
// behind a load balancer. A write through one answers a bookmark; the
// other takes it back (header or extensions) and reads the write; an upload
// gives its bookmark when done; reads give none; a bookmark casegraph did
// not give is refused, saying so.
func TestBookmarksAcrossReplicas(t *testing.T) {
	uri := testenv.Neo4jURI(t)
	a, stopA := startServe(t, nil, map[string]string{"NEO4J_URI": uri})
	defer stopA()
	b, stopB := startServe(t, nil, map[string]string{"NEO4J_URI": uri})
	defer stopB()
	dataset := strings.TrimSuffix(testenv.Prefix(t), "-")
	tag := "zq" + strings.TrimPrefix(dataset, "t-")
	search := `query($q: String!) { search(query: $q) { edges { node { id name } } } }`
	hits := func(out map[string]any) int {
		return len(out["data"].(map[string]any)["search"].(map[string]any)["edges"].([]any))
	}

	code, out, mark := gqlBookmarked(t, a, search, map[string]any{"q": "rowena " + tag}, "", false)
	if code != 200 || out["errors"] != nil || mark != "" {
		t.Fatalf("a read answered %d %v with bookmark %q; want none", code, out, mark)
	}

	write := `mutation($m: String!, $rows: [JSON!]!) { ingestRows(mapping: $m, rows: $rows) { status rowsLoaded } }`
	rows := []map[string]any{{"id": "a", "name": "Rowena " + tag, "born": "Jan 2, 1990"}}
	code, out, mark = gqlBookmarked(t, a, write, map[string]any{"m": uploadMapping(dataset), "rows": rows}, "", false)
	if code != 200 || out["errors"] != nil || !strings.HasPrefix(mark, "cg1.") {
		t.Fatalf("ingestRows through a: %d %v, bookmark %q", code, out, mark)
	}

	for _, inBody := range []bool{false, true} {
		code, out, again := gqlBookmarked(t, b, search, map[string]any{"q": "rowena " + tag}, mark, inBody)
		if code != 200 || out["errors"] != nil || hits(out) != 1 || again != "" {
			t.Fatalf("read through b with a's bookmark (in body: %v): %d %v, bookmark %q", inBody, code, out, again)
		}
	}

	// A write through b that starts from a's bookmark answers a newer one.
	rows[0]["name"] = "Rowena Second " + tag
	code, out, mark2 := gqlBookmarked(t, b, write, map[string]any{"m": uploadMapping(dataset), "rows": rows}, mark, false)
	if code != 200 || out["errors"] != nil || !strings.HasPrefix(mark2, "cg1.") || mark2 == mark {
		t.Fatalf("write through b: %d %v, bookmark %q (a's was %q)", code, out, mark2, mark)
	}

	// An upload through b gives its bookmark with the finished job.
	csv := "id,name,born\nu1,Ulla " + tag + ",\"Mar 3, 1970\"\n"
	body, ctype := multipartBody(t, map[string]string{"mapping": uploadMapping(dataset)}, map[string]string{"people.csv": csv})
	req, _ := http.NewRequest("POST", b+"/api/ingest", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set(api.BookmarkHeader, mark2)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	started := decode(t, resp)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: %d %v", resp.StatusCode, started)
	}
	var status map[string]any
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		r, err := http.Get(b + started["statusUrl"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if status = decode(t, r); status["status"] != "running" {
			break
		}
	}
	upMark, _ := status["bookmark"].(string)
	if status["status"] != "done" || !strings.HasPrefix(upMark, "cg1.") || upMark == mark2 {
		t.Fatalf("finished upload: %v (bookmark it started from %q)", status, mark2)
	}
	code, out, _ = gqlBookmarked(t, a, search, map[string]any{"q": "ulla " + tag}, upMark, false)
	if code != 200 || out["errors"] != nil || hits(out) != 1 {
		t.Fatalf("read through a with the upload's bookmark: %d %v", code, out)
	}

	// Bookmarks casegraph did not give.
	fake := "cg1." + base64.RawURLEncoding.EncodeToString([]byte(`["FB:not-a-bookmark"]`))
	refused := []struct{ name, mark, want string }{
		{"not a token", "yesterday", "not one casegraph gave"},
		{"not base64", "cg1.!!!", "not one casegraph gave"},
		{"not a list", "cg1." + base64.RawURLEncoding.EncodeToString([]byte(`{"a":1}`)), "not one casegraph gave"},
		{"empty list", "cg1." + base64.RawURLEncoding.EncodeToString([]byte(`[]`)), "not one casegraph gave"},
		{"too long", "cg1." + strings.Repeat("A", 5000), "not one casegraph gave"},
		{"unknown to Neo4j", fake, "not one this database gave"},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			code, out, _ := gqlBookmarked(t, b, search, map[string]any{"q": "rowena " + tag}, c.mark, false)
			errs, _ := out["errors"].([]any)
			if len(errs) == 0 {
				t.Fatalf("accepted: %d %v", code, out)
			}
			e := errs[0].(map[string]any)
			if e["extensions"].(map[string]any)["code"] != casegraph.EINVALID || !strings.Contains(fmt.Sprint(e["message"]), c.want) {
				t.Fatalf("refusal: %d %v; want EINVALID saying %q", code, e, c.want)
			}
		})
	}
	body, ctype = multipartBody(t, map[string]string{"mapping": uploadMapping(dataset)}, map[string]string{"people.csv": csv})
	req, _ = http.NewRequest("POST", b+"/api/ingest", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set(api.BookmarkHeader, "yesterday")
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	if out := decode(t, resp); resp.StatusCode != 400 || !strings.Contains(fmt.Sprint(out["error"]), "not one casegraph gave") {
		t.Fatalf("upload with a bad bookmark: %d %v", resp.StatusCode, out)
	}
}
