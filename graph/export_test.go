package graph

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// LevelByLevel makes Neighborhood run one statement per level: the
// reference the two-level statement is compared with.
func LevelByLevel(p NeighborhoodParams) NeighborhoodParams {
	p.levelByLevel = true
	return p
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
