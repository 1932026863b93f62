package api

import (
	"context"
	"strings"
)

// BookmarkHeader carries a bookmark back on a later request: the
// extensions.bookmark of a GraphQL answer that wrote, or the bookmark of a
// finished upload. A request that sends one reads what that write wrote,
// whichever replica serves it (docs/deploy.md). GraphQL requests may send it
// as extensions.bookmark instead, as Neo4j's Query API takes bookmarks in
// its body.
const BookmarkHeader = "X-Casegraph-Bookmark"

// Bookmarker is what a store that gives bookmarks offers (graph.Store
// does): ctx whose transactions start from token's writes, and a func that
// returns the bookmark after the writes made with ctx ("" for none). A
// token it did not give is refused with EINVALID.
type Bookmarker interface {
	Bookmarked(ctx context.Context, token string) (context.Context, func() string, error)
}

// startFrom is Bookmarked on a graph that gives bookmarks; on one that
// does not, ctx unchanged and never a bookmark.
func startFrom(ctx context.Context, g any, token string) (context.Context, func() string, error) {
	b, ok := g.(Bookmarker)
	if !ok {
		return ctx, func() string { return "" }, nil
	}
	return b.Bookmarked(ctx, strings.TrimSpace(token))
}
