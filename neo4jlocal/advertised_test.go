package neo4jlocal

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// checkAdvertised asks the Neo4j listening on addr for its routing table
// and fails unless every role names addr: a neo4j:// client routed to
// localhost:7687 instead would reach whichever server holds that port.
func checkAdvertised(t *testing.T, addr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	driver, err := neo4j.NewDriverWithContext("bolt://"+addr, neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, `CALL dbms.routing.getRoutingTable({}, 'neo4j') YIELD servers
UNWIND servers AS server
RETURN server.role AS role, server.addresses AS addresses`, nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatalf("reading the routing table: %v", err)
	}
	roles := map[string][]any{}
	for _, rec := range res.Records {
		role, _ := rec.Get("role")
		addrs, _ := rec.Get("addresses")
		roles[role.(string)] = addrs.([]any)
	}
	for _, role := range []string{"WRITE", "READ", "ROUTE"} {
		if !slices.Equal(roles[role], []any{addr}) {
			t.Errorf("routing table's %s servers = %v, want [%s] (the --bolt address)", role, roles[role], addr)
		}
	}

	// A routing driver, given only addr, reaches this server for both kinds
	// of transaction.
	routed, err := neo4j.NewDriverWithContext("neo4j://"+addr, neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer routed.Close(ctx)
	for name, route := range map[string]neo4j.ExecuteQueryConfigurationOption{
		"readers": neo4j.ExecuteQueryWithReadersRouting(), "writers": neo4j.ExecuteQueryWithWritersRouting()} {
		if _, err := neo4j.ExecuteQuery(ctx, routed, `RETURN 1`, nil, neo4j.EagerResultTransformer, route); err != nil {
			t.Errorf("neo4j://%s, routed to %s: %v", addr, name, err)
		}
	}
}
