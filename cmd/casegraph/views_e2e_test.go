package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// TestSavedViews: save a view, find it in the list, open it by id, delete it
// (no-auth mode: the single local user owns everything it saves).
func TestSavedViews(t *testing.T) {
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	state := `{"nodes":[{"id":"backpage-michael-lacey","x":1.5,"y":-2}],"window":{"until":"2010-12"}}`
	resp, err := http.Post(base+"/api/views", "application/json",
		strings.NewReader(`{"name":"Lacey before 2011","state":`+state+`}`))
	if err != nil {
		t.Fatal(err)
	}
	saved := decode(t, resp)
	if resp.StatusCode != http.StatusCreated || saved["id"] == nil || saved["url"] != "/?view="+saved["id"].(string) ||
		saved["owner"] != "local" || saved["shared"] != false || saved["mine"] != true {
		t.Fatalf("save: %d %v", resp.StatusCode, saved)
	}
	id := saved["id"].(string)

	r, _ := http.Get(base + "/api/views/" + id)
	got := decode(t, r)
	st := obj(got["state"])
	if r.StatusCode != 200 || got["name"] != "Lacey before 2011" || obj(st["window"])["until"] != "2010-12" ||
		obj(list(st["nodes"])[0])["x"] != 1.5 {
		t.Fatalf("open: %d %v", r.StatusCode, got)
	}
	r, _ = http.Get(base + "/api/views")
	var listed []map[string]any
	decodeInto(t, r, &listed)
	found := false
	for _, v := range listed {
		found = found || v["id"] == id && v["owner"] == "local" && v["mine"] == true
	}
	if !found {
		t.Fatalf("saved view not listed as local's own: %v", listed)
	}
	for _, c := range []struct {
		body string
		want int
	}{{`not json`, 400}, {`{"name":"","state":{}}`, 400}, {`{"name":"x"}`, 400}} {
		resp, _ := http.Post(base+"/api/views", "application/json", bytes.NewReader([]byte(c.body)))
		if resp.StatusCode != c.want {
			t.Errorf("POST %s: %d, want %d", c.body, resp.StatusCode, c.want)
		}
		resp.Body.Close()
	}
	r, _ = http.Get(base + "/api/views/nope")
	if out := decode(t, r); r.StatusCode != 404 || !strings.Contains(out["error"].(string), "no saved view") {
		t.Fatalf("missing view: %d %v", r.StatusCode, out)
	}
	c := viewClient{t: t, base: base}
	if code, out := c.do("PATCH", "/api/views/"+id, `{"shared":true}`); code != 200 || out["shared"] != true {
		t.Fatalf("share: %d %v", code, out)
	}
	if code, _ := c.do("DELETE", "/api/views/"+id, ""); code != http.StatusNoContent {
		t.Fatalf("delete: %d", code)
	}
	if code, _ := c.do("GET", "/api/views/"+id, ""); code != 404 {
		t.Fatalf("open after delete: %d", code)
	}
}

// viewClient calls /api/views as one token ("" in no-auth mode).
type viewClient struct {
	t      *testing.T
	base   string
	secret string
}

// do sends body (JSON, or nothing) and returns the status and the decoded
// answer: an object, or {"list": [...]} for a list.
func (c viewClient) do(method, path, body string) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.secret != "" {
		req.Header.Set("Authorization", "Bearer "+c.secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(raw) > 0 && raw[0] == '[' {
		var l []any
		_ = json.Unmarshal(raw, &l)
		out = map[string]any{"list": l}
	} else if len(raw) > 0 {
		_ = json.Unmarshal(raw, &out)
	}
	return resp.StatusCode, out
}

// listed returns the ids a token's GET /api/views shows, each with its row.
func (c viewClient) listed() map[string]map[string]any {
	c.t.Helper()
	code, out := c.do("GET", "/api/views", "")
	if code != 200 {
		c.t.Fatalf("list: %d %v", code, out)
	}
	rows := map[string]map[string]any{}
	for _, v := range list(out["list"]) {
		rows[obj(v)["id"].(string)] = obj(v)
	}
	return rows
}

// TestSavedViewsPrivacy: with two tokens, B cannot list, read, share or
// delete A's private view (it looks missing); it can read it once A shares
// it; an admin sees and may delete all; a token may keep at most
// casegraph.MaxViewsPerOwner views.
func TestSavedViewsPrivacy(t *testing.T) {
	store := testenv.Store(t)
	ctx := context.Background()
	if err := store.MigrateTokens(ctx); err != nil {
		t.Fatal(err)
	}
	p := testenv.Prefix(t)
	t.Cleanup(func() {
		testenv.Cypher(t, `MATCH (t:ApiToken) WHERE t.name STARTS WITH $p DELETE t`, map[string]any{"p": p})
		testenv.Cypher(t, `MATCH (v:SavedView) WHERE v.createdBy STARTS WITH $p DELETE v`, map[string]any{"p": p})
	})
	token := func(name, role string) (string, casegraph.Token) {
		secret, tok, err := store.CreateToken(ctx, p+name, role)
		if err != nil {
			t.Fatal(err)
		}
		return secret, tok
	}
	secretA, tokA := token("alice", casegraph.RoleViewer)
	secretB, _ := token("bob", casegraph.RoleViewer)
	secretRoot, _ := token("root", casegraph.RoleAdmin)
	base, stop := startServeAuth(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	a, b, root := viewClient{t, base, secretA}, viewClient{t, base, secretB}, viewClient{t, base, secretRoot}

	code, saved := a.do("POST", "/api/views", `{"name":"A's private","state":{"nodes":[]}}`)
	if code != 201 || saved["owner"] != p+"alice" || saved["shared"] != false || saved["mine"] != true {
		t.Fatalf("A saves: %d %v", code, saved)
	}
	priv := saved["id"].(string)
	code, saved = a.do("POST", "/api/views", `{"name":"A's shared","state":{"nodes":[]},"shared":true}`)
	if code != 201 || saved["shared"] != true {
		t.Fatalf("A saves a shared view: %d %v", code, saved)
	}
	shared := saved["id"].(string)

	// B: the private view does not exist; the shared one is readable only.
	if code, out := b.do("GET", "/api/views/"+priv, ""); code != 404 || !strings.Contains(out["error"].(string), "no saved view") {
		t.Fatalf("B reads A's private view: %d %v", code, out)
	}
	if rows := b.listed(); rows[priv] != nil || rows[shared] == nil || rows[shared]["owner"] != p+"alice" ||
		rows[shared]["shared"] != true || rows[shared]["mine"] != false {
		t.Fatalf("B's list: %v", rows)
	}
	if code, _ := b.do("DELETE", "/api/views/"+priv, ""); code != 404 {
		t.Fatalf("B deletes A's private view: %d, want 404", code)
	}
	if code, _ := b.do("PATCH", "/api/views/"+priv, `{"shared":true}`); code != 404 {
		t.Fatalf("B shares A's private view: %d, want 404", code)
	}
	if code, _ := b.do("DELETE", "/api/views/"+shared, ""); code != 403 {
		t.Fatalf("B deletes A's shared view: %d, want 403", code)
	}
	if code, out := b.do("GET", "/api/views/"+shared, ""); code != 200 || out["state"] == nil {
		t.Fatalf("B reads A's shared view: %d %v", code, out)
	}

	// A shares the private one: B can read it now.
	if code, out := a.do("PATCH", "/api/views/"+priv, `{"shared":true}`); code != 200 || out["shared"] != true {
		t.Fatalf("A shares: %d %v", code, out)
	}
	if code, _ := b.do("GET", "/api/views/"+priv, ""); code != 200 {
		t.Fatalf("B reads a view A shared: %d", code)
	}
	if code, _ := a.do("PATCH", "/api/views/"+priv, `{"shared":false}`); code != 200 {
		t.Fatalf("A unshares: %d", code)
	}
	if code, _ := a.do("PATCH", "/api/views/"+priv, `{}`); code != 400 {
		t.Fatalf("PATCH without shared: %d, want 400", code)
	}

	// An admin lists and reads everything, and may delete anyone's.
	if rows := root.listed(); rows[priv] == nil || rows[priv]["mine"] != false {
		t.Fatalf("admin's list lacks A's private view: %v", rows)
	}
	if code, _ := root.do("GET", "/api/views/"+priv, ""); code != 200 {
		t.Fatalf("admin reads A's private view: %d", code)
	}
	if code, _ := root.do("DELETE", "/api/views/"+shared, ""); code != 204 {
		t.Fatalf("admin deletes A's view: %d", code)
	}

	// The owner deletes; then the view is gone for everyone.
	if code, _ := a.do("DELETE", "/api/views/"+priv, ""); code != 204 {
		t.Fatalf("A deletes its view: %d", code)
	}
	if code, _ := a.do("GET", "/api/views/"+priv, ""); code != 404 {
		t.Fatalf("A reads its deleted view: %d", code)
	}

	// The cap: MaxViewsPerOwner - 1 made directly, one more through the API,
	// and the next is refused with advice to delete some.
	testenv.Cypher(t, `UNWIND range(1, $n) AS i
CREATE (:SavedView {id: $p + 'filler-' + i, name: 'filler', state: '{}', createdAt: '2000-01-01T00:00:00Z',
                    createdBy: $name, ownerId: $owner, shared: false})`,
		map[string]any{"n": casegraph.MaxViewsPerOwner - 1, "p": p, "name": tokA.Name, "owner": tokA.ID})
	if code, out := a.do("POST", "/api/views", `{"name":"the last","state":{}}`); code != 201 {
		t.Fatalf("view number %d: %d %v", casegraph.MaxViewsPerOwner, code, out)
	}
	code, out := a.do("POST", "/api/views", `{"name":"one too many","state":{}}`)
	if code != 400 || !strings.Contains(out["error"].(string), "delete some") {
		t.Fatalf("view number %d: %d %v, want 400 saying to delete some", casegraph.MaxViewsPerOwner+1, code, out)
	}
	if code, _ := b.do("POST", "/api/views", `{"name":"B's","state":{}}`); code != 201 {
		t.Fatalf("B's save while A is full: %d", code)
	}
}
