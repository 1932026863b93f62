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
