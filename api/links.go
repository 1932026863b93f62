package api

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/casegraph/casegraph"
)

// linkLoader batches the `links` field of every entity in one response:
// resolvers of list items run concurrently, each registers its entity id,
// and after a short window one query answers them all (no N+1).
type linkLoader struct {
	g       Graph
	mu      sync.Mutex
	pending map[string]*linkBatch // by arguments
}

type linkBatch struct {
	ids   []string
	done  chan struct{}
	links map[string]casegraph.Links
	err   error
}

// linkBatchWindow is how long a batch waits for more entities to join.
const linkBatchWindow = 2 * time.Millisecond

type loaderKey struct{}

func withLinkLoader(ctx context.Context, g Graph) context.Context {
	return context.WithValue(ctx, loaderKey{}, &linkLoader{g: g, pending: map[string]*linkBatch{}})
}

func (l *linkLoader) load(ctx context.Context, id string, types []casegraph.RelType, skip, limit int) (casegraph.Links, error) {
	key := fmt.Sprint(types, skip, limit)
	l.mu.Lock()
	b := l.pending[key]
	if b == nil {
		b = &linkBatch{done: make(chan struct{})}
		l.pending[key] = b
		time.AfterFunc(linkBatchWindow, func() {
			l.mu.Lock()
			delete(l.pending, key)
			ids := b.ids
			l.mu.Unlock()
			b.links, b.err = l.g.LinksOf(ctx, ids, types, skip, limit)
			close(b.done)
		})
	}
	b.ids = append(b.ids, id)
	l.mu.Unlock()
	select {
	case <-b.done:
		return b.links[id], b.err
	case <-ctx.Done():
		return casegraph.Links{}, ctx.Err()
	}
}

type linksArgs struct {
	Types *[]string
	First int32
	After *string
}

// Links is the paginated `links` field of every entity type.
func (r *entityResolver) Links(ctx context.Context, args linksArgs) (*linkConnection, error) {
	skip, first, err := pageArgs(args.First, args.After)
	if err != nil {
		return nil, err
	}
	types, err := relTypes(args.Types)
	if err != nil {
		return nil, err
	}
	l, ok := ctx.Value(loaderKey{}).(*linkLoader)
	if !ok {
		return nil, casegraph.Errorf(casegraph.EINTERNAL, "no link loader in the request")
	}
	links, err := l.load(ctx, r.e.ID, types, skip, first)
	if err != nil {
		return nil, err
	}
	src := newSourceLoader(l.g)
	conn := page(edgeResolvers(links.Edges, src), skip, len(links.Edges))
	conn.page.hasNext = int64(skip+len(links.Edges)) < links.Total
	return &linkConnection{connection: conn, total: links.Total}, nil
}

type linkConnection struct {
	*connection[*edgeResolver]
	total int64
}

func (c *linkConnection) TotalCount() int32 { return int32(c.total) }
