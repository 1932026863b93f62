package api

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
)

// bookmarkGraph gives bookmarks as graph.Store does, made up: the bookmark
// after a request is "after:" and the one it started from.
type bookmarkGraph struct {
	failingGraph
}

func (bookmarkGraph) Bookmarked(ctx context.Context, token string) (context.Context, func() string, error) {
	if token == "bad" {
		return ctx, nil, casegraph.Errorf(casegraph.EINVALID, "the bookmark sent is not one casegraph gave")
	}
	return ctx, func() string { return "after:" + token }, nil
}

// errDown answers every field: an error, and data, in one answer with the
// bookmark, so the three parts of the answer must join as JSON.
var errDown = casegraph.Errorf(casegraph.EINVALID, "stats are down")

func TestBookmarkRoundTrip(t *testing.T) {
	stats := `{ stats { nodes } }`
	cases := []struct {
		name, method, header, body, query string
		graph                             Graph
		wantStatus                        int
		wantBookmark                      string // "" for none in the answer
		wantError                         string
	}{
		{"header", "POST", "h1", `{"query":` + mustJSON(stats) + `}`, "", bookmarkGraph{failingGraph{err: errDown}}, 200, "after:h1", "down"},
		{"extensions in the body", "POST", "", `{"query":` + mustJSON(stats) + `,"extensions":{"bookmark":"b1"}}`, "", bookmarkGraph{failingGraph{err: errDown}}, 200, "after:b1", "down"},
		{"header before body", "POST", "h2", `{"query":` + mustJSON(stats) + `,"extensions":{"bookmark":"b2"}}`, "", bookmarkGraph{failingGraph{err: errDown}}, 200, "after:h2", "down"},
		{"extensions on a GET", "GET", "", "", "?query=" + url.QueryEscape(stats) + "&extensions=" + url.QueryEscape(`{"bookmark":"g1"}`), bookmarkGraph{failingGraph{err: errDown}}, 200, "after:g1", "down"},
		{"refused", "POST", "bad", `{"query":` + mustJSON(stats) + `}`, "", bookmarkGraph{failingGraph{err: errDown}}, 400, "", "not one casegraph gave"},
		{"a graph without bookmarks", "POST", "h3", `{"query":` + mustJSON(stats) + `}`, "", failingGraph{err: errDown}, 200, "", "down"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, "/graphql"+c.query, strings.NewReader(c.body))
			if c.method == "POST" {
				req.Header.Set("Content-Type", "application/json")
			}
			if c.header != "" {
				req.Header.Set(BookmarkHeader, c.header)
			}
			rec := httptest.NewRecorder()
			handler(t, c.graph, nil).ServeHTTP(rec, req)
			var out map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatalf("answer is not JSON (%v): %s", err, rec.Body.String())
			}
			ext, _ := out["extensions"].(map[string]any)
			got, _ := ext["bookmark"].(string)
			if rec.Code != c.wantStatus || got != c.wantBookmark || !strings.Contains(rec.Body.String(), c.wantError) {
				t.Fatalf("got %d, bookmark %q: %s; want %d, bookmark %q, mentioning %q",
					rec.Code, got, rec.Body.String(), c.wantStatus, c.wantBookmark, c.wantError)
			}
		})
	}
}
