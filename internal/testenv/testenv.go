// Package testenv gives integration tests the real Neo4j that `make test`
// started. There is no fallback and no skip: without a Neo4j the test fails
// and says how to get one.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/casegraph/casegraph/graph"
)

// Neo4jURI is the Bolt URI of the test Neo4j.
func Neo4jURI(t testing.TB) string {
	t.Helper()
	uri := os.Getenv("CASEGRAPH_TEST_NEO4J_URI")
	if uri == "" {
		t.Fatal("CASEGRAPH_TEST_NEO4J_URI is not set: run `make test`, which starts a Neo4j for the tests " +
			"(or start one with `bin/casegraph neo4j --bolt-addr 127.0.0.1:17687 --data-dir /tmp/cg-test` and export " +
			"CASEGRAPH_TEST_NEO4J_URI=bolt://127.0.0.1:17687)")
	}
	return uri
}

// Store opens a store on the test Neo4j with the schema applied.
func Store(t testing.TB) *graph.Store {
	t.Helper()
	s, err := graph.Open(graph.Config{URI: Neo4jURI(t), TxTimeout: time.Minute}, Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("the test Neo4j at %s is not usable: %v", Neo4jURI(t), err)
	}
	return s
}

// Logger logs to the test's output when run with -v, and nowhere otherwise.
func Logger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Prefix returns a fresh id prefix, so tests sharing the database never see
// each other's data.
func Prefix(t testing.TB) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "t-" + hex.EncodeToString(b[:]) + "-"
}
