package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/casegraph/casegraph/internal/testenv"
)

// TestHostileNeo4jKilledFailsFast: when serve's local Neo4j is killed, every
// GraphQL request answers 503 with Retry-After within 2 s (instead of waiting
// on the driver until Neo4j is back), no answer names the Bolt URI, and
// GraphQL answers 200 again by itself once the supervisor has restarted
// Neo4j.
func TestHostileNeo4jKilledFailsFast(t *testing.T) {
	testenv.Neo4jURI(t) // integration test: only under `make test`
	dataDir := t.TempDir()
	jar, _ := filepath.Abs("../../launcher/target/casegraph-neo4j.jar")
	base, stop := startServe(t, []string{"--data-dir", dataDir, "--bolt-addr", freeAddr(t), "--neo4j-heap", "512m",
		"--neo4j-pagecache", "64m", "--neo4j-launcher", jar}, nil)
	defer stop()
	const query = `{"query":"{ stats { nodes } search(query: \"anything\") { edges { node { id } } } }"}`
	if code, body := postRaw(base, query); code != http.StatusOK {
		t.Fatalf("before the kill: %d %s", code, body)
	}

	raw, err := os.ReadFile(filepath.Join(dataDir, "neo4j", "casegraph-neo4j.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}

	// Ten clients for three seconds while Neo4j is away (its restart takes
	// far longer than that).
	const bound = 2 * time.Second
	var mu sync.Mutex
	var problems []string
	n := 0
	var wg sync.WaitGroup
	until := time.Now().Add(3 * time.Second)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(until) {
				start := time.Now()
				resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(query))
				var p string
				if err != nil {
					p = err.Error()
				} else {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					took := time.Since(start)
					switch {
					case resp.StatusCode != http.StatusServiceUnavailable:
						p = fmt.Sprintf("status %d: %s", resp.StatusCode, b)
					case resp.Header.Get("Retry-After") == "":
						p = "503 without Retry-After"
					case took > bound:
						p = fmt.Sprintf("took %s", took)
					case bytes.Contains(b, []byte("bolt://")):
						p = fmt.Sprintf("names the Bolt URI: %s", b)
					}
				}
				mu.Lock()
				n++
				if p != "" {
					problems = append(problems, p)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	t.Logf("%d requests while Neo4j was away, %d problems", n, len(problems))
	if len(problems) > 0 {
		t.Fatalf("%d of %d requests: first %q", len(problems), n, problems[:min(5, len(problems))])
	}
	if code, body := get(base + "/readyz"); code != http.StatusServiceUnavailable || strings.Contains(body, "bolt://") {
		t.Fatalf("readyz while Neo4j is away: %d %s", code, body)
	}

	// Back by itself: GraphQL answers 200 once Neo4j does, without a
	// request to /readyz to wake it up.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		code, body := postRaw(base, query)
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GraphQL did not answer 200 again after Neo4j's restart: %d %s", code, body)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func postRaw(base, body string) (int, string) {
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
