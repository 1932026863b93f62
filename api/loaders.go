package api

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/casegraph/casegraph"
)

// The two batch loaders of a GraphQL response, one query each for what
// many resolvers ask: the links of every entity in a page (linkLoader, one
// per request, in ctx) and the sources cited by the edges of a subgraph,
// path or page of links (sourceLoader, one per such list). Both collect
// what is wanted and then ask the Graph once; neither caches across
// requests.

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
			b.links, b.err = l.g.LinksOf(ctx, casegraph.LinksParams{IDs: ids, Types: types, Skip: skip, Limit: limit})
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

// sourceLoader fetches the Source entities cited by a response's edges in
// one query, the first time any edge's sources are asked for.
type sourceLoader struct {
	g      Graph
	mu     sync.Mutex
	wanted map[string]bool
	once   sync.Once
	got    map[string]casegraph.Entity
	err    error
}

func newSourceLoader(g Graph) *sourceLoader {
	return &sourceLoader{g: g, wanted: map[string]bool{}}
}

func (l *sourceLoader) want(ids []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		l.wanted[id] = true
	}
}

func (l *sourceLoader) get(ctx context.Context, ids []string) ([]*entityResolver, error) {
	l.once.Do(func() {
		l.mu.Lock()
		all := make([]string, 0, len(l.wanted))
		for id := range l.wanted {
			all = append(all, id)
		}
		l.mu.Unlock()
		sort.Strings(all)
		l.got, l.err = l.g.EntitiesByID(ctx, all)
	})
	if l.err != nil {
		return nil, l.err
	}
	var out []*entityResolver
	for _, id := range ids {
		if e, ok := l.got[id]; ok && e.Schema == casegraph.Source {
			out = append(out, newEntityResolver(e, nil))
		}
	}
	return out, nil
}
