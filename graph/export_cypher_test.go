package graph

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Explain has Neo4j plan cypher with params, without running it (EXPLAIN),
// in a transaction of the kind the store runs it in (write for a write
// statement), and returns Neo4j's refusal if it refuses it.
func Explain(ctx context.Context, s *Store, cypher string, params map[string]any, writes bool) error {
	work := func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		res, err := tx.Run(ctx, "EXPLAIN "+cypher, params)
		if err != nil {
			return struct{}{}, err
		}
		_, err = res.Consume(ctx)
		return struct{}{}, err
	}
	var err error
	if writes {
		_, err = write(ctx, s, work)
	} else {
		_, err = read(ctx, s, work)
	}
	return err
}
