// Command fault is casegraph's bounded fault run (make test-hostile): it
// starts `casegraph serve` with its own local Neo4j and the demo case, keeps
// 20 clients sending GraphQL searches and neighbourhoods, kills the Neo4j
// child with SIGKILL mid-run, lets the supervisor restart it, and checks
// that the server failed fast while Neo4j was away (every answer within
// -bound, 503s with Retry-After), leaked no Bolt URI, and recovered by itself.
//
//	go run ./bench/fault [-casegraph bin/casegraph] [-clients 20] [-bound 2s]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

type options struct {
	bin       string
	dir       string
	mapping   string
	clients   int
	killAfter time.Duration
	after     time.Duration
	bound     time.Duration
	recovery  time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.bin, "casegraph", "bin/casegraph", "the casegraph binary")
	flag.StringVar(&o.dir, "dir", ".casegraph/fault", "data folder of the server and its Neo4j (kept between runs, so the demo loads once)")
	flag.StringVar(&o.mapping, "load", "examples/backpage/mapping.yml", "mapping loaded at start")
	flag.IntVar(&o.clients, "clients", 20, "concurrent clients")
	flag.DurationVar(&o.killAfter, "kill-after", 5*time.Second, "load before Neo4j is killed")
	flag.DurationVar(&o.after, "after", 3*time.Second, "load kept up after the first 200 that follows the kill")
	flag.DurationVar(&o.bound, "bound", 2*time.Second, "longest a request may take while Neo4j is away")
	flag.DurationVar(&o.recovery, "recovery", 60*time.Second, "longest the server may take to answer 200 again after the kill")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "fault:", err)
		os.Exit(1)
	}
}

// result is one request as a client saw it.
type result struct {
	start, end time.Time
	status     int // 0: no HTTP answer
	retryAfter bool
	leak       bool // the body named the Bolt URI
	err        string
}

func (r result) took() time.Duration { return r.end.Sub(r.start) }

// waited is how long r waited after t: the whole request if it was sent
// after t, the part after t if it was already in flight.
func (r result) waited(t time.Time) time.Duration {
	if r.start.After(t) {
		return r.took()
	}
	return r.end.Sub(t)
}

func run(o options) error {
	started := time.Now()
	httpAddr, err := freeAddr()
	if err != nil {
		return err
	}
	boltAddr, err := freeAddr()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	logPath := filepath.Join(o.dir, "serve.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	cmd := exec.Command(o.bin, "serve", "--no-auth", "--http-addr", httpAddr, "--data-dir", o.dir,
		"--bolt-addr", boltAddr, "--neo4j-heap", "512m", "--neo4j-pagecache", "128m", "--load", o.mapping)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", o.bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stop(cmd, exited)

	base := "http://" + httpAddr
	fmt.Printf("fault run: casegraph serve on %s, its Neo4j on %s, data in %s (log: %s)\n", base, boltAddr, o.dir, logPath)
	if err := waitReady(base, 3*time.Minute, exited); err != nil {
		return fmt.Errorf("%w (see %s)", err, logPath)
	}
	fmt.Printf("ready after %s\n", time.Since(started).Round(100*time.Millisecond))
	ids, err := seedIDs(base)
	if err != nil {
		return err
	}

	// The clients run until stopLoad is closed; results go to one slice.
	var (
		mu      sync.Mutex
		results []result
		wg      sync.WaitGroup
	)
	stopLoad := make(chan struct{})
	client := &http.Client{Timeout: 60 * time.Second}
	for i := range o.clients {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stopLoad:
					return
				default:
				}
				r := request(client, base, i+n, ids)
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
				if r.status != http.StatusOK {
					time.Sleep(50 * time.Millisecond) // a client that backs off a little, not a tight loop
				}
			}
		}(i)
	}

	time.Sleep(o.killAfter)
	pid, err := neo4jPID(filepath.Join(o.dir, "neo4j", "casegraph-neo4j.pid"))
	if err != nil {
		close(stopLoad)
		wg.Wait()
		return err
	}
	killAt := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		close(stopLoad)
		wg.Wait()
		return fmt.Errorf("killing Neo4j (pid %d): %w", pid, err)
	}
	fmt.Printf("killed Neo4j (pid %d) after %s of load\n", pid, o.killAfter)

	// Recovered: the first 200 to a request sent after the kill.
	var recoveredAt time.Time
	deadline := killAt.Add(o.recovery)
	for recoveredAt.IsZero() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		mu.Lock()
		for _, r := range results {
			if r.status == http.StatusOK && r.start.After(killAt) && (recoveredAt.IsZero() || r.end.Before(recoveredAt)) {
				recoveredAt = r.end
			}
		}
		mu.Unlock()
	}
	if !recoveredAt.IsZero() {
		time.Sleep(o.after)
	}
	close(stopLoad)
	wg.Wait()

	return report(o, results, killAt, recoveredAt, time.Since(started))
}

// report prints the figures and returns an error when a check failed.
func report(o options, results []result, killAt, recoveredAt time.Time, total time.Duration) error {
	var ok, unavailable, busy, other, leaks, noRetryAfter int
	for _, r := range results {
		switch r.status {
		case http.StatusOK:
			ok++
		case http.StatusServiceUnavailable:
			unavailable++
			if !r.retryAfter {
				noRetryAfter++
			}
		case http.StatusTooManyRequests: // the per-token limit on requests at once: an answer, not a hang
			busy++
		default:
			other++
		}
		if r.leak {
			leaks++
		}
	}
	// The outage lasts from the kill until the server first lets a request
	// through to Neo4j again (its first answer sent after the kill that is
	// not a refusal). During it, every request must be answered fast; the
	// requests let through after it meet a freshly started, cold Neo4j and
	// are shown apart.
	end := time.Now()
	for _, r := range results {
		refused := r.status == http.StatusServiceUnavailable || r.status == http.StatusTooManyRequests
		if r.start.After(killAt) && !refused && r.start.Before(end) {
			end = r.start
		}
	}
	var firstAfter time.Duration // longest of the requests let through in the first second after the outage
	for _, r := range results {
		if !r.start.Before(end) && r.start.Before(end.Add(time.Second)) {
			firstAfter = max(firstAfter, r.took())
		}
	}
	var during []time.Duration
	var slowest []result
	var otherErrs []string
	for _, r := range results {
		if r.end.After(killAt) && r.start.Before(end) {
			during = append(during, r.waited(killAt))
			slowest = append(slowest, r)
		}
		if r.status != http.StatusOK && r.status != http.StatusServiceUnavailable &&
			r.status != http.StatusTooManyRequests && len(otherErrs) < 5 {
			otherErrs = append(otherErrs, fmt.Sprintf("%d %s", r.status, r.err))
		}
	}
	slices.Sort(during)
	fmt.Printf("requests: %d total, %d × 200, %d × 503 (%d without Retry-After), %d × 429, %d other\n",
		len(results), ok, unavailable, noRetryAfter, busy, other)
	for _, e := range otherErrs {
		fmt.Printf("  other: %s\n", e)
	}
	fmt.Printf("during the outage: %d requests, longest wait %d ms, p50 %d ms, p95 %d ms (in-flight ones counted from the kill)\n",
		len(during), ms(pct(during, 1)), ms(pct(during, 0.50)), ms(pct(during, 0.95)))
	slices.SortFunc(slowest, func(a, b result) int { return int(b.waited(killAt) - a.waited(killAt)) })
	for _, r := range slowest[:min(3, len(slowest))] {
		fmt.Printf("  slowest: sent %+d ms from the kill, answered %d ms after it (status %d)\n",
			ms(r.start.Sub(killAt)), ms(r.end.Sub(killAt)), r.status)
	}
	if recoveredAt.IsZero() {
		fmt.Printf("recovery: none within %s\n", o.recovery)
	} else {
		fmt.Printf("recovery: requests let through again %d ms after the kill; first 200 %d ms after the kill\n",
			ms(end.Sub(killAt)), ms(recoveredAt.Sub(killAt)))
		fmt.Printf("  the restarted (cold) Neo4j's first answers, in the second after: up to %d ms\n", ms(firstAfter))
	}
	fmt.Printf("answers naming the Bolt URI: %d\n", leaks)
	fmt.Printf("whole run: %s\n", total.Round(100*time.Millisecond))

	var errs []error
	if recoveredAt.IsZero() {
		errs = append(errs, fmt.Errorf("the server did not answer 200 within %s of the kill", o.recovery))
	}
	if longest := pct(during, 1); longest > o.bound {
		errs = append(errs, fmt.Errorf("a request took %d ms while Neo4j was away (bound %s)", ms(longest), o.bound))
	}
	if leaks > 0 {
		errs = append(errs, fmt.Errorf("%d answers named the Bolt URI", leaks))
	}
	if noRetryAfter > 0 {
		errs = append(errs, fmt.Errorf("%d answers were 503 without Retry-After", noRetryAfter))
	}
	if other > 0 {
		errs = append(errs, fmt.Errorf("%d answers were neither 200, 503 nor 429", other))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	fmt.Println("PASS")
	return nil
}

const (
	searchQuery = `query($q: String!) { search(query: $q, first: 10) { edges { node { id name schema } } } }`
	hoodQuery   = `query($id: ID!) { neighborhood(ids: [$id], depth: 2, limit: 200) { nodes { id name } edges { type } truncated } }`
)

var terms = []string{"lacey", "larkin", "backpage", "payment", "phoenix", "ferrer", "website", "village"}

// request sends one GraphQL request: searches and neighbourhoods in turn.
func request(client *http.Client, base string, n int, ids []string) result {
	var body []byte
	if n%2 == 0 || len(ids) == 0 {
		body, _ = json.Marshal(map[string]any{"query": searchQuery, "variables": map[string]any{"q": terms[n%len(terms)]}})
	} else {
		body, _ = json.Marshal(map[string]any{"query": hoodQuery, "variables": map[string]any{"id": ids[n%len(ids)]}})
	}
	r := result{start: time.Now()}
	resp, err := client.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		r.end, r.err = time.Now(), err.Error()
		return r
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	r.end = time.Now()
	r.status = resp.StatusCode
	r.retryAfter = resp.Header.Get("Retry-After") != ""
	r.leak = bytes.Contains(b, []byte("bolt://"))
	if err != nil {
		r.err = err.Error()
	} else if r.status != http.StatusOK {
		r.err = string(b[:min(len(b), 200)])
	}
	return r
}

// seedIDs finds entities to start neighbourhoods from.
func seedIDs(base string) ([]string, error) {
	var ids []string
	for _, t := range terms {
		body, _ := json.Marshal(map[string]any{"query": searchQuery, "variables": map[string]any{"q": t}})
		resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		var out struct {
			Data struct {
				Search struct {
					Edges []struct {
						Node struct{ ID string }
					}
				}
			}
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", t, err)
		}
		for _, e := range out.Data.Search.Edges {
			ids = append(ids, e.Node.ID)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("the demo case is not loaded: no search found anything")
	}
	return ids, nil
}

func waitReady(base string, limit time.Duration, exited <-chan error) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("casegraph serve exited while starting: %v", err)
		default:
		}
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("casegraph serve was not ready within %s", limit)
}

// stop interrupts serve (which stops its Neo4j in order) and waits for it.
func stop(cmd *exec.Cmd, exited <-chan error) {
	_ = cmd.Process.Signal(os.Interrupt)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	select {
	case <-exited:
	case <-ctx.Done():
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
}

func neo4jPID(file string) (int, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return 0, fmt.Errorf("reading Neo4j's pid file: %w", err)
	}
	return strconv.Atoi(strings.TrimSpace(string(raw)))
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// pct is the p-quantile of sorted durations (p = 1: the longest).
func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) int64 { return d.Milliseconds() }
