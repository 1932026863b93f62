package graph

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph/internal/boltstub"
)

// routedStore starts a routing stub (a writer and two readers) in front of
// the test Neo4j and opens a store on neo4j://writer.
func routedStore(t *testing.T) (*Store, *boltstub.Stub) {
	t.Helper()
	uri := os.Getenv("CASEGRAPH_TEST_NEO4J_URI")
	if uri == "" {
		t.Fatal("CASEGRAPH_TEST_NEO4J_URI is not set: run `make test`, which starts a Neo4j for the tests")
	}
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	stub, err := boltstub.Start(u.Host, "writer", "reader1", "reader2")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stub.Close)
	s, err := Open(Config{URI: "neo4j://" + stub.Addr("writer"), TxTimeout: time.Minute},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s, stub
}

const (
	probeWrite = `MERGE (p:RoutingProbe {id: $id}) SET p.n = coalesce(p.n, 0) + 1 RETURN p.n AS n`
	probeRead  = `MATCH (p:RoutingProbe {id: $id}) RETURN p.n AS n`
)

func probe(ctx context.Context, s *Store, writing bool, id string) (int64, error) {
	work := func(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
		if writing {
			return single[int64](ctx, tx, probeWrite, map[string]any{"id": id}, "n")
		}
		return single[int64](ctx, tx, probeRead, map[string]any{"id": id}, "n")
	}
	if writing {
		return write(ctx, s, work)
	}
	return read(ctx, s, work)
}

func cleanProbe(t *testing.T, s *Store, id string) {
	t.Cleanup(func() {
		_, _ = write(context.Background(), s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
			_, err := tx.Run(ctx, `MATCH (p:RoutingProbe {id: $id}) DELETE p`, map[string]any{"id": id})
			return err == nil, err
		})
	})
}

func probeID(t *testing.T) string {
	return "routing-" + t.Name() + "-" + time.Now().Format("150405.000000000")
}

// TestRoutingSendsReadsToReadersAndWritesToTheWriter: through neo4j://,
// every read transaction of the store's read helper reaches a reader and
// every write one the writer, and the reads see the writes.
func TestRoutingSendsReadsToReadersAndWritesToTheWriter(t *testing.T) {
	s, stub := routedStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	id := probeID(t)
	cleanProbe(t, s, id)
	const n = 10
	for i := 1; i <= n; i++ {
		got, err := probe(ctx, s, true, id)
		if err != nil || got != int64(i) {
			t.Fatalf("write %d: %d, %v", i, got, err)
		}
		if got, err := probe(ctx, s, false, id); err != nil || got != int64(i) {
			t.Fatalf("read after write %d: %d, %v", i, got, err)
		}
	}
	w, r1, r2 := stub.Counts("writer"), stub.Counts("reader1"), stub.Counts("reader2")
	t.Logf("writer %+v, reader1 %+v, reader2 %+v", w, r1, r2)
	if w.WriteTx != n || w.ReadTx != 0 {
		t.Errorf("writer got %d writes and %d reads, want %d and 0", w.WriteTx, w.ReadTx, n)
	}
	if r1.WriteTx+r2.WriteTx != 0 || r1.ReadTx+r2.ReadTx != n {
		t.Errorf("readers got %d+%d writes and %d+%d reads, want none and %d reads", r1.WriteTx, r2.WriteTx, r1.ReadTx, r2.ReadTx, n)
	}
	if w.Routes+r1.Routes+r2.Routes == 0 {
		t.Error("the driver never asked for the routing table: the stub's table was not used")
	}
}

// TestRoutingRetriesAClosedReader: a reader dies between reads (its pooled
// connections cut, its port closed); every read still answers, from the
// other reader.
func TestRoutingRetriesAClosedReader(t *testing.T) {
	s, stub := routedStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	id := probeID(t)
	cleanProbe(t, s, id)
	if _, err := probe(ctx, s, true, id); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 6; i++ { // warm both readers' pools
		if _, err := probe(ctx, s, false, id); err != nil {
			t.Fatal(err)
		}
	}
	before := stub.Counts("reader2")
	if stub.Counts("reader1").ReadTx == 0 {
		t.Fatal("reader1 served no read before it was closed: the test would prove nothing")
	}
	stub.CloseServer("reader1")
	const n = 10
	failures := 0
	for i := 0; i < n; i++ {
		if got, err := probe(ctx, s, false, id); err != nil || got != 1 {
			failures++
			t.Errorf("read %d after reader1 closed: %d, %v", i, got, err)
		}
	}
	t.Logf("after reader1 closed: reader1 %+v, reader2 %+v (before: %+v)", stub.Counts("reader1"), stub.Counts("reader2"), before)
	if failures != 0 {
		t.Fatalf("%d of %d reads failed", failures, n)
	}
	if got := stub.Counts("reader2").ReadTx - before.ReadTx; got < n {
		t.Errorf("reader2 served %d of the %d reads after reader1 closed", got, n)
	}
	if w := stub.Counts("writer"); w.ReadTx != 0 {
		t.Errorf("a read reached the writer (%d)", w.ReadTx)
	}
}

// TestRoutingFollowsALeaderSwitch: the writer answers a write with
// NotALeader as reader1 becomes the leader; the store's write helper
// retries it there, and no write fails.
func TestRoutingFollowsALeaderSwitch(t *testing.T) {
	s, stub := routedStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	id := probeID(t)
	cleanProbe(t, s, id)
	if got, err := probe(ctx, s, true, id); err != nil || got != 1 {
		t.Fatalf("first write: %d, %v", got, err)
	}
	stub.FailNextWrite("writer", "Neo.ClientError.Cluster.NotALeader",
		boltstub.Table{Writers: []string{"reader1"}, Readers: []string{"writer", "reader2"},
			Routers: []string{"writer", "reader1", "reader2"}})
	const n = 5
	for i := 2; i <= n+1; i++ {
		if got, err := probe(ctx, s, true, id); err != nil || got != int64(i) {
			t.Fatalf("write %d after the leader switch: %d, %v", i, got, err)
		}
	}
	w, r1 := stub.Counts("writer"), stub.Counts("reader1")
	t.Logf("old leader %+v, new leader %+v", w, r1)
	if w.Failed != 1 {
		t.Fatalf("the writer refused %d writes, want 1: the switch was not exercised", w.Failed)
	}
	if r1.WriteTx != n {
		t.Errorf("the new leader got %d writes, want %d", r1.WriteTx, n)
	}
	// the old leader got the first write and the refused one, no more
	if w.WriteTx != 2 {
		t.Errorf("the old leader got %d writes, want 2 (one before, one refused)", w.WriteTx)
	}
	if got, err := probe(ctx, s, false, id); err != nil || got != int64(n+1) {
		t.Fatalf("read after the switch: %d, %v", got, err)
	}
}

// TestBookmarkReachesTheReader: one replica's write gives a bookmark; a
// second replica (another store), given it back by the client, begins its
// read on a reader with it, which a cluster member waits on before it
// answers. Within one replica, sessions follow each other's writes
// without being told.
func TestBookmarkReachesTheReader(t *testing.T) {
	a, stub := routedStore(t)
	b, err := Open(Config{URI: a.URI(), TxTimeout: time.Minute}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	id := probeID(t)
	cleanProbe(t, a, id)
	bookmarked := func() int { return stub.Counts("reader1").Bookmarked + stub.Counts("reader2").Bookmarked }

	wctx, after, err := a.Bookmarked(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if after() != "" {
		t.Fatal("a bookmark before any write")
	}
	if _, err := probe(wctx, a, true, id); err != nil {
		t.Fatal(err)
	}
	token := after()
	if token == "" {
		t.Fatal("no bookmark after a write")
	}

	// Replica b, without the bookmark: nothing to wait on.
	before := bookmarked()
	if got, err := probe(ctx, b, false, id); err != nil || got != 1 {
		t.Fatalf("b's read: %d, %v", got, err)
	}
	if got := bookmarked() - before; got != 0 {
		t.Fatalf("b's first read, sent no bookmark, began from one (%d)", got)
	}
	// … and with it.
	rctx, readAfter, err := b.Bookmarked(ctx, token)
	if err != nil {
		t.Fatalf("b refused a's bookmark: %v", err)
	}
	if got, err := probe(rctx, b, false, id); err != nil || got != 1 {
		t.Fatalf("b's read from a's bookmark: %d, %v", got, err)
	}
	if readAfter() != "" {
		t.Error("a read alone gave a bookmark")
	}
	if got := bookmarked() - before; got != 1 {
		t.Errorf("%d of b's reads reached a reader with a's bookmark, want 1", got)
	}
	// Replica a's own later read follows its write unasked.
	before = bookmarked()
	if _, err := probe(ctx, a, false, id); err != nil {
		t.Fatal(err)
	}
	if got := bookmarked() - before; got != 1 {
		t.Errorf("a's read after its own write began from %d bookmarks, want its write's", got)
	}
}
