package api

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/xref"
)

// The batch loaders of a GraphQL response, one set per request (in ctx):
// the links of the entities in an answer (linkLoader) and the sources cited
// by its entities and edges (sourceLoader). Neither waits for a timer nor
// caches across requests. A resolver that returns entities or edges tells
// the loaders about them before it returns (want), so before GraphQL
// resolves any of their fields; the first field that asks then fetches
// everything wanted so far in one query. A key nobody wanted is still
// fetched when asked for, in a query of its own: late, never missing.

// batch gathers the keys a response will ask for and fetches them together:
// the first get fetches every key wanted so far in one call, a later get
// only the keys not fetched yet (wanted since, or never wanted).
type batch[V any] struct {
	fetch func(ctx context.Context, keys []string) (map[string]V, error)

	mu      sync.Mutex
	pending []string             // wanted and not fetched yet, in order
	rounds  map[string]*round[V] // the fetch each key is in; nil while pending
}

type round[V any] struct {
	done chan struct{}
	got  map[string]V
	err  error
}

func newBatch[V any](fetch func(context.Context, []string) (map[string]V, error)) *batch[V] {
	return &batch[V]{fetch: fetch, rounds: map[string]*round[V]{}}
}

func (b *batch[V]) want(keys []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.wantLocked(keys)
}

func (b *batch[V]) wantLocked(keys []string) {
	for _, k := range keys {
		if _, ok := b.rounds[k]; !ok {
			b.rounds[k] = nil
			b.pending = append(b.pending, k)
		}
	}
}

// get returns the values of keys that exist; a key the fetch did not
// answer is absent from the map.
func (b *batch[V]) get(ctx context.Context, keys []string) (map[string]V, error) {
	b.mu.Lock()
	b.wantLocked(keys)
	var mine *round[V]
	var fetch []string
	for _, k := range keys {
		if b.rounds[k] == nil {
			mine = &round[V]{done: make(chan struct{})}
			fetch, b.pending = b.pending, nil
			for _, p := range fetch {
				b.rounds[p] = mine
			}
			break
		}
	}
	rounds := make([]*round[V], len(keys))
	for i, k := range keys {
		rounds[i] = b.rounds[k]
	}
	b.mu.Unlock()

	if mine != nil {
		sort.Strings(fetch)
		func() {
			defer close(mine.done)
			mine.got, mine.err = b.fetch(ctx, fetch)
		}()
	}
	out := make(map[string]V, len(keys))
	for i, r := range rounds {
		select {
		case <-r.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if r.err != nil {
			return nil, r.err
		}
		if v, ok := r.got[keys[i]]; ok {
			out[keys[i]] = v
		}
	}
	return out, nil
}

// loaders are one response's loaders.
type loaders struct {
	links   *linkLoader
	sources *sourceLoader
	g       Graph
	res     *resolver // for the request's snapshot of the judgements

	clustersOnce sync.Once
	clusters     *xref.Clusters
	clustersErr  error

	metrics metricLoader // Entity.metrics (api/analysis.go)
}

type loaderKey struct{}

func withLoaders(ctx context.Context, g Graph, res *resolver) context.Context {
	l := newLoaders(g)
	l.res = res
	return context.WithValue(ctx, loaderKey{}, l)
}

func newLoaders(g Graph) *loaders {
	src := newSourceLoader(g)
	return &loaders{g: g, sources: src, links: &linkLoader{g: g, sources: src, byArgs: map[string]*batch[casegraph.Links]{}, ids: map[string]bool{}}}
}

// requestClusters is the request's one snapshot of the judgements' clusters
// (nil outside a request).
func requestClusters(ctx context.Context) (*xref.Clusters, error) {
	l := loadersOf(ctx)
	if l == nil || l.res == nil {
		return nil, nil
	}
	l.clustersOnce.Do(func() { l.clusters, l.clustersErr = l.res.judged.get(ctx, l.res.xref()) })
	return l.clusters, l.clustersErr
}

// entitiesOf serves entities by id, in the order given, skipping any that
// are gone.
func entitiesOf(ctx context.Context, ids []string) ([]*entityResolver, error) {
	l := loadersOf(ctx)
	if l == nil {
		return nil, casegraph.Errorf(casegraph.EINTERNAL, "no loaders in the request")
	}
	found, err := l.g.EntitiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*entityResolver, 0, len(ids))
	for _, id := range ids {
		if e, ok := found[id]; ok {
			l.entity(e, false)
			out = append(out, newEntityResolver(e))
		}
	}
	return out, nil
}

// loadersOf returns the request's loaders, or nil outside a request
// (telling nil loaders about entities does nothing).
func loadersOf(ctx context.Context) *loaders {
	l, _ := ctx.Value(loaderKey{}).(*loaders)
	return l
}

// entity tells the loaders about an entity in the answer: its links may be
// asked for, and its sources unless the query brought them (sourced).
func (l *loaders) entity(e casegraph.Entity, sourced bool) {
	if l == nil {
		return
	}
	l.links.want(e.ID)
	if !sourced {
		l.sources.want(e.SourceIDs)
	}
}

func (l *loaders) entities(es []casegraph.Entity) {
	for _, e := range es {
		l.entity(e, false)
	}
}

func (l *loaders) nodes(ns []casegraph.Node) {
	for _, n := range ns {
		l.entity(n.Entity, false)
	}
}

// edges tells the loaders about edges in the answer: their sources may be
// asked for.
func (l *loaders) edges(es []casegraph.Edge) {
	if l != nil {
		l.sources.edges(es)
	}
}

// sourcesOf returns the Sources among ids through the request's loader.
func sourcesOf(ctx context.Context, ids []string) ([]*entityResolver, error) {
	if len(ids) == 0 {
		return []*entityResolver{}, nil
	}
	l := loadersOf(ctx)
	if l == nil {
		return nil, casegraph.Errorf(casegraph.EINTERNAL, "no loaders in the request")
	}
	return l.sources.get(ctx, ids)
}

// linkLoader answers the `links` field of every entity in a response: one
// batch per distinct arguments, holding every entity the answer returned.
// The edges it brings are wanted from the source loader before any of them
// is resolved, so their sources come in one more query.
type linkLoader struct {
	g       Graph
	sources *sourceLoader

	mu     sync.Mutex
	ids    map[string]bool // every entity wanted, for batches not made yet
	order  []string
	byArgs map[string]*batch[casegraph.Links]
}

func (l *linkLoader) want(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ids[id] {
		return
	}
	l.ids[id] = true
	l.order = append(l.order, id)
	for _, b := range l.byArgs {
		b.want([]string{id})
	}
}

func (l *linkLoader) load(ctx context.Context, id string, types []casegraph.RelType, skip, limit int) (casegraph.Links, error) {
	key := fmt.Sprint(types, skip, limit)
	l.mu.Lock()
	b := l.byArgs[key]
	if b == nil {
		b = newBatch(func(ctx context.Context, ids []string) (map[string]casegraph.Links, error) {
			links, err := l.g.LinksOf(ctx, casegraph.LinksParams{IDs: ids, Types: types, Skip: skip, Limit: limit})
			for _, ls := range links {
				l.sources.edges(ls.Edges)
			}
			return links, err
		})
		b.want(l.order)
		l.byArgs[key] = b
	}
	l.mu.Unlock()
	got, err := b.get(ctx, []string{id})
	return got[id], err
}

// sourceLoader fetches the Source entities cited by a response's entities
// and edges.
type sourceLoader struct {
	b *batch[casegraph.Entity]
}

func newSourceLoader(g Graph) *sourceLoader {
	return &sourceLoader{newBatch(g.EntitiesByID)}
}

func (l *sourceLoader) want(ids []string) { l.b.want(ids) }

func (l *sourceLoader) edges(es []casegraph.Edge) {
	for _, e := range es {
		l.want(e.SourceIDs)
	}
}

// get returns the Sources among ids, by id.
func (l *sourceLoader) get(ctx context.Context, ids []string) ([]*entityResolver, error) {
	got, err := l.b.get(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*entityResolver, 0, len(got))
	for _, e := range got {
		if e.Schema == casegraph.Source {
			out = append(out, newEntityResolver(e))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
