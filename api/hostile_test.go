package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
)

// The hostile tests: what a foreign web page, a greedy or a guessing
// client tried against casegraph, each refused. `make test-hostile` runs
// every test named TestHostile….

// writesGraph counts writes and neighbourhoods, and can hold Stats until
// released.
type writesGraph struct {
	failingGraph
	writes, hoods atomic.Int32
	hold          chan struct{}
}

func (g *writesGraph) WriteBatch(context.Context, []casegraph.Entity, []casegraph.Relationship) error {
	g.writes.Add(1)
	return nil
}

func (g *writesGraph) Neighborhood(context.Context, casegraph.NeighborhoodParams) (casegraph.Subgraph, error) {
	g.hoods.Add(1)
	return casegraph.Subgraph{}, nil
}

func (g *writesGraph) Stats(ctx context.Context) (casegraph.Stats, error) {
	if g.hold != nil {
		select {
		case <-g.hold:
		case <-ctx.Done():
		}
	}
	return casegraph.Stats{}, nil
}

func TestHostileCrossSiteWritesAreRefused(t *testing.T) {
	g := &writesGraph{}
	h, _ := authHandler(t, Options{Graph: g, NoAuth: true, AllowedHosts: []string{"127.0.0.1", "localhost", "::1"}})
	mutation := `mutation($m: String!, $rows: [JSON!]!) { ingestRows(mapping: $m, rows: $rows) { status } }`
	vars := map[string]any{"m": peopleMapping, "rows": []map[string]any{{"id": "1", "name": "Planted Person"}}}
	post := func(ctype, origin, host string) request {
		r := gql("", mutation, vars)
		r.ctype, r.origin, r.host = ctype, origin, host
		return r
	}
	cases := []struct {
		name   string
		req    request
		status int
	}{
		{"text/plain POST (a cross-site form or fetch without preflight)", post("text/plain", "", "127.0.0.1:8080"), 415},
		{"urlencoded POST", post("application/x-www-form-urlencoded", "", "127.0.0.1:8080"), 415},
		{"a file:// page (Origin: null)", post("application/json", "null", "127.0.0.1:8080"), 403},
		{"a page of another site", post("application/json", "http://evil.example", "127.0.0.1:8080"), 403},
		{"another port on this machine", post("application/json", "http://127.0.0.1:3000", "127.0.0.1:8080"), 403},
		{"DNS rebinding (Host: evil.example)", post("application/json", "http://evil.example:8080", "evil.example:8080"), 421},
		{"mutation in a GET (an <img> or a link)", request{method: "GET", host: "127.0.0.1:8080",
			path: "/graphql?query=" + strings.ReplaceAll(mutation, " ", "%20")}, 405},
		{"views from another site", request{method: "POST", path: "/api/views", host: "127.0.0.1:8080", ctype: "text/plain",
			body: strings.NewReader(`{"name":"x","state":{}}`)}, 415},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, _ := send(h, c.req)
			if rec.Code != c.status {
				t.Fatalf("got %d, want %d: %s", rec.Code, c.status, rec.Body.String())
			}
		})
	}
	if n := g.writes.Load(); n != 0 {
		t.Fatalf("%d writes reached the graph", n)
	}
	rec, _ := send(h, post("application/json", "http://127.0.0.1:8080", "127.0.0.1:8080"))
	if rec.Code != 200 || g.writes.Load() == 0 {
		t.Fatalf("the explorer's own write: %d %s, %d writes", rec.Code, rec.Body.String(), g.writes.Load())
	}
	for _, path := range []string{"/", "/graphql?query=%7Bstats%7Bnodes%7D%7D", "/healthz"} {
		rec, _ := send(h, request{method: "GET", path: path, host: "localhost:8080"})
		hd := rec.Header()
		if !strings.Contains(hd.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			hd.Get("X-Frame-Options") != "DENY" || hd.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("%s: security headers missing: %v", path, hd)
		}
	}
}

func TestHostileAliasFloodIsBoundedByCost(t *testing.T) {
	g := &writesGraph{}
	h, _ := authHandler(t, Options{Graph: g})
	var q strings.Builder
	q.WriteString("{")
	for i := range 190 {
		fmt.Fprintf(&q, ` n%d: neighborhood(ids: ["x%d"], depth: 3) { truncated }`, i, i)
	}
	q.WriteString("}")
	start := time.Now()
	rec, out := send(h, gql(viewerSecret, q.String(), nil))
	if rec.Code != 200 {
		t.Fatalf("got %d %s", rec.Code, rec.Body.String())
	}
	each := fieldCost("neighborhood", map[string]int{"ids": 1, "depth": 3, "perNode": casegraph.DefaultPerNode, "limit": casegraph.DefaultLimit})
	if ran := int(g.hoods.Load()); ran != requestBudget/each {
		t.Fatalf("%d of 190 depth-3 neighbourhoods ran, want %d (budget %d, each %d)", ran, requestBudget/each, requestBudget, each)
	}
	errs, _ := out["errors"].([]any)
	if len(errs) != 190-requestBudget/each {
		t.Fatalf("%d errors, want one per refused field", len(errs))
	}
	first := errs[0].(map[string]any)
	if errorCode(map[string]any{"errors": []any{first}}) != casegraph.ETOOMUCH ||
		!strings.Contains(first["message"].(string), "separate requests") {
		t.Fatalf("unclear refusal: %v", first)
	}
	t.Logf("190 aliased depth-3 neighbourhoods: %d ran, answered in %v", g.hoods.Load(), time.Since(start))

	g.hoods.Store(0)
	if rec, out := send(h, gql(viewerSecret, `{ a: neighborhood(ids: ["x"], depth: 2) { nodes { id } } b: neighborhood(ids: ["y"]) { nodes { id } } }`, nil)); rec.Code != 200 || out["errors"] != nil || g.hoods.Load() != 2 {
		t.Fatalf("two ordinary neighbourhoods: %d %v", rec.Code, out["errors"])
	}
}

func TestHostileOneTokenCannotTakeEveryTurn(t *testing.T) {
	g := &writesGraph{hold: make(chan struct{})}
	h, _ := authHandler(t, Options{Graph: g})
	var wg sync.WaitGroup
	codes := make(chan int, maxInFlightPerToken)
	for range maxInFlightPerToken {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec, _ := send(h, gql(viewerSecret, statsQuery, nil))
			codes <- rec.Code
		}()
	}
	time.Sleep(200 * time.Millisecond) // let them take their turns
	start := time.Now()
	rec, out := send(h, gql(viewerSecret, statsQuery, nil))
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" ||
		!strings.Contains(out["error"].(string), "already has") {
		t.Fatalf("one more request of the busy token: %d %s", rec.Code, rec.Body.String())
	}
	if waited := time.Since(start); waited > inFlightWait+time.Second {
		t.Fatalf("the refusal took %v", waited)
	}
	done := make(chan int)
	go func() { rec, _ := send(h, gql(analystSecret, statsQuery, nil)); done <- rec.Code }()
	time.Sleep(100 * time.Millisecond)
	close(g.hold) // the analyst's request was waiting on Neo4j, not on the viewer's turns
	if code := <-done; code != 200 {
		t.Fatalf("another token's request: %d", code)
	}
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != 200 {
			t.Fatalf("a request within the limit: %d", code)
		}
	}
}

func TestHostileTokenGuessingIsCheap(t *testing.T) {
	lookups := &countingLookup{}
	h, audit := authHandler(t, Options{Tokens: lookups})
	from := func(r request, addr string) request { r.remote = addr; return r }
	if rec, _ := send(h, from(gql(viewerSecret, statsQuery, nil), "192.0.2.1:1000")); rec.Code != 200 {
		t.Fatalf("a valid token: %d", rec.Code)
	}
	for i := range maxAuthFailures {
		rec, _ := send(h, from(gql(fmt.Sprintf("cg_short%d", i), statsQuery, nil), "192.0.2.9:1000"))
		if rec.Code != 401 {
			t.Fatalf("a malformed token: %d", rec.Code)
		}
	}
	if n := lookups.n.Load(); n != 1 {
		t.Fatalf("malformed tokens cost %d lookups", n-1)
	}
	wellFormed := func(i int) string { return fmt.Sprintf("cg_%043d", i) }
	for range 5 {
		send(h, from(gql(wellFormed(0), statsQuery, nil), "192.0.2.2:1000"))
	}
	if n := lookups.n.Load(); n != 2 {
		t.Fatalf("one unknown token sent 5 times cost %d lookups, want 1", n-1)
	}
	auditBefore := len(auditLines(t, audit))
	codes := map[int]int{}
	var retry string
	for i := range 500 {
		rec, _ := send(h, from(gql(wellFormed(i+1), statsQuery, nil), "192.0.2.1:1000"))
		codes[rec.Code]++
		if rec.Code == 429 {
			retry = rec.Header().Get("Retry-After")
		}
	}
	if codes[429] == 0 || retry == "" {
		t.Fatalf("500 guesses from one address: %v, Retry-After %q", codes, retry)
	}
	if n := int(lookups.n.Load()) - 2; n > maxAuthFailures {
		t.Fatalf("500 guesses cost %d lookups, want at most %d", n, maxAuthFailures)
	}
	if lines := len(auditLines(t, audit)) - auditBefore; lines > maxAuthFailures+1 {
		t.Fatalf("500 guesses wrote %d audit lines", lines)
	}
	if rec, _ := send(h, from(gql(viewerSecret, statsQuery, nil), "192.0.2.1:1000")); rec.Code != 200 {
		t.Fatalf("a known token from the guessing address: %d", rec.Code)
	}
	if rec, _ := send(h, from(gql(wellFormed(9999), statsQuery, nil), "198.51.100.7:1000")); rec.Code != 401 {
		t.Fatalf("another address: %d, want 401", rec.Code)
	}
	spoofed := from(gql(wellFormed(10000), statsQuery, nil), "192.0.2.1:1000")
	spoofed.forwardedFor = "203.0.113.5"
	if rec, _ := send(h, spoofed); rec.Code != 429 {
		t.Fatalf("X-Forwarded-For from an untrusted client escaped the limit: %d", rec.Code)
	}
}

func TestHostileAuditKnowsWhoAndItsOwnRequestID(t *testing.T) {
	h, audit := authHandler(t, Options{})
	up := upload(t, viewerSecret) // a viewer may not upload
	up.requestID = "client-chosen-id"
	rec, _ := send(h, up)
	if rec.Code != 403 {
		t.Fatalf("a viewer's upload: %d", rec.Code)
	}
	send(h, request{method: "GET", path: "/api/ingest/abc123", secret: analystSecret})
	send(h, request{method: "GET", path: "/api/ingest/abc123/rejects/j1", secret: analystSecret})
	lines := auditLines(t, audit)
	if len(lines) != 3 {
		t.Fatalf("%d audit lines, want 3: %v", len(lines), lines)
	}
	refused := lines[0]
	if refused["tokenName"] != "vera" || refused["status"] != casegraph.EFORBIDDEN {
		t.Fatalf("a refused upload is recorded as %v", refused)
	}
	if refused["requestId"] == "client-chosen-id" || refused["requestId"] != rec.Header().Get("X-Request-Id") ||
		refused["clientRequestId"] != "client-chosen-id" {
		t.Fatalf("request ids: audit %v / %v, header %q", refused["requestId"], refused["clientRequestId"], rec.Header().Get("X-Request-Id"))
	}
	for i, want := range []string{"ingest-status", "rejects"} {
		if l := lines[i+1]; l["kind"] != want || l["tokenName"] != "alice" || l["path"] == "" {
			t.Fatalf("line %d: %v, want kind %s by alice", i+1, l, want)
		}
	}
}
