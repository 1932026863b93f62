package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/internal/testenv"
)

// TestSavedViews: save a view, find it in the list, open it by id.
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
	if resp.StatusCode != http.StatusCreated || saved["id"] == nil || saved["url"] != "/?view="+saved["id"].(string) {
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
		found = found || v["id"] == id
	}
	if !found {
		t.Fatalf("saved view not listed: %v", listed)
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
}
