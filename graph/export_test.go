package graph

import (
	"context"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// NeighborhoodLevelByLevel is Neighborhood with one statement per level:
// the reference the two-level statement is compared with.
func (s *Store) NeighborhoodLevelByLevel(ctx context.Context, p casegraph.NeighborhoodParams) (casegraph.Subgraph, error) {
	return s.neighborhood(ctx, p, true)
}

// RunRead runs cypher in a read transaction the way the store's queries
// run theirs, and reads every row.
func RunRead(ctx context.Context, s *Store, cypher string) error {
	_, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		res, err := tx.Run(ctx, cypher, nil)
		if err != nil {
			return struct{}{}, err
		}
		_, err = res.Consume(ctx)
		return struct{}{}, err
	})
	return err
}

// WindowDate, WindowRel and WindowParams expose the window's Cypher (see
// window.go) to the tests; undatedIn says whether a thing without a date is
// in every window (true) or in none.
func WindowDate(w casegraph.Window, d string, undatedIn bool) string {
	return windowDate(w, d, undated(undatedIn))
}

func WindowRel(w casegraph.Window, r string) string { return windowRel(w, r) }

func WindowParams(params map[string]any, w casegraph.Window) map[string]any {
	return windowParams(params, w)
}

// ReadRows runs cypher in a read transaction and returns every row as a map.
func ReadRows(ctx context.Context, s *Store, cypher string, params map[string]any) ([]map[string]any, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]map[string]any, error) {
		return collect(ctx, tx, cypher, params, func(rec *neo4j.Record) (map[string]any, error) { return rec.AsMap(), nil })
	})
}

// WindowNode exposes the window's node predicate (window.go) to the tests.
func WindowNode(w casegraph.Window, n string) string { return windowNode(w, n) }
