package main

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// setEmptyListsCypher gives every node the empty lists the normal path
// writes and the importer cannot (an empty field is no property to it):
// aliases on a node with none, jobIds on the mapping's Source node. Only
// a bulk load's fresh database needs it, once, before anything else runs,
// so it lives beside the bulk load rather than among graph's statements;
// it runs in its own transactions of 50,000 nodes.
const setEmptyListsCypher = `MATCH (n:Entity) WHERE n.aliases IS NULL OR n.jobIds IS NULL
CALL (n) {
  SET n.aliases = coalesce(n.aliases, []), n.jobIds = coalesce(n.jobIds, [])
} IN TRANSACTIONS OF 50000 ROWS`

// setEmptyLists runs setEmptyListsCypher on the local Neo4j at uri (no
// authentication: it listens on loopback only). CALL … IN TRANSACTIONS
// needs an implicit transaction, hence a session's Run.
func setEmptyLists(ctx context.Context, uri string) error {
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	sess := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, setEmptyListsCypher, nil)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}
