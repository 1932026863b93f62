package graph

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Bookmarks give read-your-writes across casegraph replicas over a Neo4j
// cluster: a write's bookmark names the transaction, and a later session
// that starts from it waits until the server it reads from has applied that
// transaction. The API hands the bookmark to the client after a request
// that wrote and takes it back on a later request, which any replica may
// serve (docs/deploy.md).
//
// To a client a bookmark is one opaque token: "cg1." and the Neo4j
// bookmarks as a base64url JSON list. Neo4j's own bookmarks are opaque
// strings, and a cluster may give several.
const bookmarkPrefix = "cg1."

// Bounds on a token a client sends back: a real one is well under 1 KiB.
const (
	maxBookmarkToken = 4096
	maxBookmarks     = 16
)

// bookmarkTrail is one request's bookmarks: those it starts from and, once
// it has written, those its last write left.
type bookmarkTrail struct {
	mu    sync.Mutex
	marks neo4j.Bookmarks
	wrote bool
}

type bookmarkKey struct{}

// Bookmarked returns ctx whose transactions start from token's bookmarks
// (none when token is empty) and a func that returns the bookmark token
// after the writes made with ctx: "" while none has been made. A token
// that is not one casegraph gave is refused with EINVALID.
func (s *Store) Bookmarked(ctx context.Context, token string) (context.Context, func() string, error) {
	marks, err := parseBookmark(token)
	if err != nil {
		return ctx, nil, err
	}
	trail := &bookmarkTrail{marks: marks}
	return context.WithValue(ctx, bookmarkKey{}, trail), trail.token, nil
}

func trailFrom(ctx context.Context) *bookmarkTrail {
	t, _ := ctx.Value(bookmarkKey{}).(*bookmarkTrail)
	return t
}

// start is the bookmarks a session begins from.
func (t *bookmarkTrail) start() neo4j.Bookmarks {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.marks
}

// written records the bookmarks a write transaction left. Concurrent writes
// of one request (a resolver's fields run in parallel) each keep the
// others': the client's next request then waits for all of them.
func (t *bookmarkTrail) written(started, after neo4j.Bookmarks) {
	if t == nil || len(after) == 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var kept neo4j.Bookmarks
	for _, m := range t.marks {
		if !slices.Contains(started, m) && !slices.Contains(after, m) {
			kept = append(kept, m) // another write's, made meanwhile
		}
	}
	t.marks = append(kept, after...)
	t.wrote = true
}

func (t *bookmarkTrail) token() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.wrote || len(t.marks) == 0 {
		return ""
	}
	b, _ := json.Marshal([]string(t.marks)) // strings only: cannot fail
	return bookmarkPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// parseBookmark reads a token that Bookmarked's func gave.
func parseBookmark(token string) (neo4j.Bookmarks, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, nil
	}
	bad := func(why string) error {
		return casegraph.Errorf(casegraph.EINVALID,
			"the bookmark sent is not one casegraph gave (%s); send back the extensions.bookmark of an earlier answer unchanged, or none", why)
	}
	if len(token) > maxBookmarkToken {
		return nil, bad("too long")
	}
	rest, ok := strings.CutPrefix(token, bookmarkPrefix)
	if !ok {
		return nil, bad("it does not start with " + bookmarkPrefix)
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return nil, bad("not base64url")
	}
	var marks []string
	if err := json.Unmarshal(raw, &marks); err != nil {
		return nil, bad("not a list of bookmarks")
	}
	if len(marks) == 0 || len(marks) > maxBookmarks {
		return nil, bad("it holds no bookmark or too many")
	}
	for _, m := range marks {
		if m == "" {
			return nil, bad("an empty bookmark")
		}
	}
	return marks, nil
}
