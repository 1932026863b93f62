// Package testenv gives integration tests the real Neo4j that `make test`
// started. There is no fallback and no skip: without a Neo4j the test fails
// and says how to get one.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

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
	migrate.Lock()
	defer migrate.Unlock()
	if migrate.done {
		return s
	}
	// The first store of the process applies the schema; the others find it
	// in place (every Migrate waits for all indexes, which a busy shared
	// Neo4j may take long to report, and the schema does not change between
	// tests).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("the test Neo4j at %s is not usable: %v", Neo4jURI(t), err)
	}
	migrate.done = true
	return s
}

// migrate records that this process has applied the schema once.
var migrate struct {
	sync.Mutex
	done bool
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

// Cypher runs one statement on the test Neo4j and returns its rows; for
// test setup and for checking what the code under test wrote.
func Cypher(t testing.TB, query string, params map[string]any) []map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	driver, err := neo4j.NewDriverWithContext(Neo4jURI(t), neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, query, params, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatalf("cypher %q: %v", query, err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

// DeleteByPrefix removes every entity whose id starts with prefix.
func DeleteByPrefix(t testing.TB, prefix string) {
	t.Helper()
	Cypher(t, `MATCH (n:Entity) WHERE n.id STARTS WITH $p DETACH DELETE n`, map[string]any{"p": prefix})
}

// Snapshot describes, as sorted lines, every entity whose id starts with
// prefix and every relationship touching one: labels, ids and properties.
// Properties named in ignore (timestamps, say) are left out.
func Snapshot(t testing.TB, prefix string, ignore ...string) []string {
	t.Helper()
	skip := map[string]bool{}
	for _, k := range ignore {
		skip[k] = true
	}
	props := func(v any) string {
		m, _ := v.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			if !skip[k] {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, "%s=%v;", k, m[k])
		}
		return b.String()
	}
	var lines []string
	for _, r := range Cypher(t, `MATCH (n:Entity) WHERE n.id STARTS WITH $p
		RETURN n.id AS id, labels(n) AS labels, properties(n) AS props`, map[string]any{"p": prefix}) {
		labels := fmt.Sprint(r["labels"])
		lines = append(lines, fmt.Sprintf("node %v %s %s", r["id"], labels, props(r["props"])))
	}
	for _, r := range Cypher(t, `MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id STARTS WITH $p
		RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props
		UNION
		MATCH (a:Entity)-[r]->(b:Entity) WHERE b.id STARTS WITH $p
		RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props`, map[string]any{"p": prefix}) {
		lines = append(lines, fmt.Sprintf("rel %v %v->%v %s", r["type"], r["a"], r["b"], props(r["props"])))
	}
	sort.Strings(lines)
	return lines
}
