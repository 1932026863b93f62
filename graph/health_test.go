package graph_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// TestHostileNeo4jAwayFailsFast: with nothing listening at the Bolt address,
// a read answers EUNAVAILABLE within a second instead of waiting out the
// driver's retries, the store then knows Neo4j is down and refuses at once,
// and no message meant for a client names the Bolt URI.
func TestHostileNeo4jAwayFailsFast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	store, err := graph.Open(graph.Config{URI: "bolt://" + addr}, testenv.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(context.Background())

	if err := store.Unavailable(); err != nil {
		t.Fatalf("a new store should not think Neo4j is down before trying: %v", err)
	}
	for i, call := range []string{"first call", "call while known down"} {
		start := time.Now()
		_, err := store.Stats(context.Background())
		took := time.Since(start)
		if casegraph.ErrorCode(err) != casegraph.EUNAVAILABLE {
			t.Fatalf("%s: want %s, got %v", call, casegraph.EUNAVAILABLE, err)
		}
		if limit := []time.Duration{time.Second, 50 * time.Millisecond}[i]; took > limit {
			t.Errorf("%s took %s (limit %s)", call, took, limit)
		}
		if msg := casegraph.ErrorMessage(err); strings.Contains(msg, "bolt://") || strings.Contains(msg, addr) {
			t.Errorf("%s: client message names the Bolt address: %q", call, msg)
		}
	}
	if store.Unavailable() == nil {
		t.Fatal("the store did not mark Neo4j down")
	}
	if err := store.Ping(context.Background()); strings.Contains(casegraph.ErrorMessage(err), addr) {
		t.Errorf("Ping's message names the Bolt address: %q", casegraph.ErrorMessage(err))
	}
}
