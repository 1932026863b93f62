package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/internal/testenv"
)

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs `casegraph serve --no-auth` in-process through run, as
// main does, and returns its base URL and a function that stops it and
// returns run's error. It listens on loopback, where --no-auth is allowed.
func startServe(t *testing.T, args []string, env map[string]string) (string, func() error) {
	t.Helper()
	return startServeAuth(t, append([]string{"--no-auth"}, args...), env)
}

// startServeAuth is startServe with authentication as args say (on by default).
func startServeAuth(t *testing.T, args []string, env map[string]string) (string, func() error) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	var logs bytes.Buffer
	go func() {
		// Files (uploads, rejects) go to a temporary folder unless args say otherwise.
		full := append([]string{"serve", "--http-addr", addr, "--data-dir", t.TempDir()}, args...)
		errc <- run(ctx, full, envOf(env), io.Discard, &syncWriter{w: &logs})
	}()
	var once sync.Once
	var stopErr error
	stop := func() error { // safe to call twice (explicitly, then deferred)
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-errc:
			case <-time.After(90 * time.Second):
				stopErr = fmt.Errorf("serve did not stop within 90 s")
			}
		})
		return stopErr
	}
	base := "http://" + addr
	if !waitStatus(t, base+"/readyz", http.StatusOK, 3*time.Minute, errc) {
		_ = stop()
		t.Fatalf("serve never became ready; its log:\n%s", logs.String())
	}
	return base, stop
}

func waitStatus(t *testing.T, url string, want int, limit time.Duration, errc <-chan error) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-errc:
			t.Fatalf("serve exited early: %v", err)
		default:
		}
		if code, _ := get(url); code == want {
			return true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}

func get(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func postGraphQL(t *testing.T, base, query string, vars map[string]any) (int, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("response is not JSON: %v", err)
	}
	return resp.StatusCode, out
}

// TestServeAgainstExistingNeo4j: with NEO4J_URI set, serve uses that server;
// GraphQL search and entity answer from Neo4j.
func TestServeAgainstExistingNeo4j(t *testing.T) {
	uri := testenv.Neo4jURI(t)
	store := testenv.Store(t)
	p := testenv.Prefix(t)
	tag := "zq" + strings.Trim(strings.TrimPrefix(p, "t-"), "-")
	ctx := context.Background()
	seed := []casegraph.Entity{
		{ID: p + "src", Schema: casegraph.Source, Name: "Article", Properties: map[string]any{"title": "Article", "publisher": "Example"}},
		{ID: p + "lacey", Schema: casegraph.Person, Name: "Michael " + tag, Properties: map[string]any{"birthDate": "1948-10-04"},
			SourceIDs: []string{p + "src"}},
		{ID: p + "charge", Schema: casegraph.Charge, Name: "Count 100 " + tag, Properties: map[string]any{"outcome": "HUNG_JURY", "count": int64(100)}},
	}
	if _, err := store.UpsertEntities(ctx, seed); err != nil {
		t.Fatal(err)
	}

	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": uri})
	defer stop()

	if code, body := get(base + "/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Fatalf("healthz: %d %s", code, body)
	}
	code, out := postGraphQL(t, base, `query($q: String!) { search(query: $q) { edges { node { id name schema
		... on Person { birthDate } sources { title publisher } } } pageInfo { hasNextPage } } }`,
		map[string]any{"q": "michael " + tag})
	if code != 200 || out["errors"] != nil {
		t.Fatalf("search: %d %v", code, out)
	}
	edges := out["data"].(map[string]any)["search"].(map[string]any)["edges"].([]any)
	if len(edges) != 1 {
		t.Fatalf("want 1 hit, got %v", edges)
	}
	node := edges[0].(map[string]any)["node"].(map[string]any)
	if node["id"] != p+"lacey" || node["birthDate"] != "1948-10-04" || node["schema"] != "Person" {
		t.Fatalf("hit: %v", node)
	}
	if srcs := node["sources"].([]any); len(srcs) != 1 || srcs[0].(map[string]any)["publisher"] != "Example" {
		t.Fatalf("sources: %v", node["sources"])
	}

	code, out = postGraphQL(t, base, `query($id: ID!) { entity(id: $id) { __typename id ... on Charge { outcome count } } }`,
		map[string]any{"id": p + "charge"})
	ent := out["data"].(map[string]any)["entity"].(map[string]any)
	if code != 200 || ent["__typename"] != "Charge" || ent["outcome"] != "HUNG_JURY" || ent["count"] != 100.0 {
		t.Fatalf("entity: %d %v", code, out)
	}
	_, out = postGraphQL(t, base, `{ entity(id: "no such id") { id } }`, nil)
	if out["data"].(map[string]any)["entity"] != nil || out["errors"] != nil {
		t.Fatalf("missing entity should be null without errors: %v", out)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve returned %v on shutdown", err)
	}
	if code, _ := get(base + "/healthz"); code != 0 {
		t.Fatal("HTTP server still answers after shutdown")
	}
}

// TestServeStartsLocalNeo4jAndSurvivesItsDeath: with no NEO4J_URI, serve
// starts its own Neo4j; when that process is killed, /readyz turns 503 with
// a clear message, serve keeps running, and readiness comes back by itself.
func TestServeStartsLocalNeo4jAndSurvivesItsDeath(t *testing.T) {
	testenv.Neo4jURI(t) // integration test: only under `make test`
	dataDir := t.TempDir()
	jar, _ := filepath.Abs("../../launcher/target/casegraph-neo4j.jar")
	bolt := freeAddr(t)
	base, stop := startServe(t, []string{"--data-dir", dataDir, "--bolt-addr", bolt, "--neo4j-heap", "512m",
		"--neo4j-pagecache", "64m", "--neo4j-launcher", jar}, nil)
	defer stop()

	pidFile := filepath.Join(dataDir, "neo4j", "casegraph-neo4j.pid")
	raw, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	var body string
	sawDown := false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var code int
		code, body = get(base + "/readyz")
		if code == http.StatusServiceUnavailable {
			sawDown = true
			break
		}
	}
	if !sawDown || !strings.Contains(body, "Neo4j") {
		t.Fatalf("readyz did not report the dead Neo4j clearly: %q", body)
	}
	if code, _ := get(base + "/healthz"); code != 200 {
		t.Fatal("casegraph itself went down with Neo4j")
	}
	if !waitStatus(t, base+"/readyz", http.StatusOK, 2*time.Minute, nil) {
		_, body = get(base + "/readyz")
		t.Fatalf("readiness did not come back: %s", body)
	}
	code, out := postGraphQL(t, base, `{ stats { nodes } }`, nil)
	if code != 200 || out["errors"] != nil {
		t.Fatalf("query after recovery: %d %v", code, out)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve returned %v on shutdown", err)
	}
	if _, err := os.Stat(pidFile); !os.IsNotExist(err) {
		t.Fatal("local Neo4j still running (pid file present) after serve stopped")
	}
	if conn, err := net.DialTimeout("tcp", bolt, time.Second); err == nil {
		conn.Close()
		t.Fatal("local Neo4j's Bolt port still open after serve stopped")
	}
}

func TestRunRefusesUnknownCommand(t *testing.T) {
	err := run(context.Background(), []string{"frobnicate"}, envOf(nil), io.Discard, io.Discard)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "frobnicate") {
		t.Fatalf("got %v", err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"schema"}, envOf(nil), &out, io.Discard); err != nil ||
		!strings.Contains(out.String(), "type Query") {
		t.Fatalf("schema: %v %q", err, out.String())
	}
}

// syncWriter lets the server's goroutines log into one buffer safely.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
