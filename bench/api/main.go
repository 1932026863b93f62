// Command api is the API benchmark (make bench-api, make bench-peer; see
// docs/benchmarks.md). In one process it:
//
//  1. starts its own local Neo4j 5.26 and loads a synthetic case of about
//     -nodes nodes with `casegraph generate` and `casegraph ingest` (or
//     reuses the one an earlier run loaded, when its marker file says it
//     has the same size);
//  2. starts `casegraph serve --no-auth` against it on a free loopback port;
//  3. runs neighbourhood (depth 1 and 2), paths and money-flow queries for
//     a fixed sample of seed entities twice each, interleaved: as GraphQL
//     over HTTP, and through casegraph's graph layer (graph.Store, the same
//     Cypher through the Go driver, without HTTP or GraphQL), and prints
//     p50/p95/p99 of both, their ratio and the absolute targets;
//  4. with -peer, starts bench/peer (casegraph's model served by
//     @neo4j/graphql on Apollo Server, Node.js) against the same Neo4j,
//     once with TCP_NODELAY on its Bolt socket and once as npm ships it,
//     and compares throughput at a fixed concurrency on the same logical
//     queries.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/casegraph/casegraph/graph"
)

type options struct {
	nodes       int
	dir         string
	bin         string
	bolt        string
	heap        string
	pageCache   string
	reload      bool
	seeds       int
	warmup      int
	passes      int
	latency     bool
	peer        bool
	peerDir     string
	peerStock   bool
	concurrency int
	duration    time.Duration
	warmLoad    time.Duration
	kinds       string
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench-api:", err)
		os.Exit(1)
	}
}

func run() error {
	var o options
	flag.IntVar(&o.nodes, "nodes", 200_000, "size of the synthetic graph, in nodes (about)")
	flag.StringVar(&o.dir, "dir", ".casegraph/bench-api", "work folder: one subfolder per graph size with Neo4j's data, a load marker and the logs")
	flag.StringVar(&o.bin, "casegraph", "bin/casegraph", "the casegraph binary")
	flag.StringVar(&o.bolt, "bolt-addr", "127.0.0.1:17699", "Bolt address of the benchmark's own Neo4j")
	flag.StringVar(&o.heap, "heap", "2g", "Neo4j heap")
	flag.StringVar(&o.pageCache, "pagecache", "2g", "Neo4j page cache")
	flag.BoolVar(&o.reload, "reload", false, "load the graph again even if the marker says it is there")
	flag.IntVar(&o.seeds, "seeds", 200, "seed entities sampled (people and companies that made payments)")
	flag.IntVar(&o.warmup, "warmup", 30, "seeds per query kind run untimed on both sides before any kind is measured")
	flag.IntVar(&o.passes, "passes", 3, "times each seed is measured per side in the latency comparison")
	flag.BoolVar(&o.latency, "latency", true, "run the latency comparison GraphQL vs graph layer")
	flag.BoolVar(&o.peer, "peer", false, "run the throughput comparison with @neo4j/graphql (bench/peer, Node.js)")
	flag.BoolVar(&o.peerStock, "peer-stock", true, "also run the peer as npm ships it (TCP_NODELAY off on its Bolt socket)")
	flag.StringVar(&o.peerDir, "peer-dir", "bench/peer", "the peer server's folder (npm ci done)")
	flag.IntVar(&o.concurrency, "concurrency", 8, "requests in flight in the throughput runs")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "measured time per side and query in the throughput runs")
	flag.DurationVar(&o.warmLoad, "warm", 10*time.Second, "warm-up per query and server before the throughput runs")
	flag.StringVar(&o.kinds, "kinds", "", "comma-separated latency query kinds to run (default: all)")
	flag.Parse()
	if o.nodes < 1000 {
		return fmt.Errorf("-nodes %d is too small (at least 1000)", o.nodes)
	}
	o.dir = filepath.Join(o.dir, fmt.Sprintf("nodes-%d", o.nodes))
	if err := checkFresh(o.bin); err != nil {
		return err
	}
	if o.peer {
		if _, err := os.Stat(filepath.Join(o.peerDir, "node_modules", "@neo4j", "graphql")); err != nil {
			return fmt.Errorf("the peer server's packages are not installed: run `npm ci` in %s (make bench-peer does)", o.peerDir)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	began := time.Now()

	srv, m, err := startNeo4j(ctx, &o, log)
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		srv.Stop(sctx)
	}()

	cg, err := startServe(ctx, &o, srv.URI())
	if err != nil {
		return err
	}
	defer cg.stop()

	store, err := graph.Open(graph.Config{URI: srv.URI(), TxTimeout: 30 * time.Second}, log)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())

	seeds, err := pickSeeds(ctx, srv.URI(), o.seeds)
	if err != nil {
		return err
	}
	fmt.Printf("%d seed entities (%s)\n", len(seeds), seedMix(seeds))

	env := runEnv(m)
	if o.latency {
		res, err := latencyBench(ctx, &o, store, newGQL(cg.url+"/graphql"), seeds)
		if err != nil {
			return err
		}
		reportLatency(m, res, env)
	}
	if o.peer {
		if err := peerBench(ctx, &o, srv, cg, seeds, m, env); err != nil {
			return err
		}
	}
	fmt.Printf("\nbench-api took %s in all\n", time.Since(began).Round(time.Second))
	return nil
}

// checkFresh refuses a casegraph binary older than casegraph's Go source:
// the GraphQL side would run other code than the graph layer this program
// is compiled with.
func checkFresh(bin string) error {
	st, err := os.Stat(bin)
	if err != nil {
		return fmt.Errorf("%s: %w (make build)", bin, err)
	}
	var newer string
	for _, dir := range []string{"api", "graph", "cmd", "ingest", "neo4jlocal", "internal"} {
		_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			if fi, err := d.Info(); err == nil && fi.ModTime().After(st.ModTime()) && newer == "" {
				newer = path
			}
			return nil
		})
	}
	if newer != "" {
		return fmt.Errorf("%s is older than %s: rebuild it (make build) so that both sides run the same code", bin, newer)
	}
	return nil
}

// child is a server process this benchmark started.
type child struct {
	name string
	cmd  *exec.Cmd
	url  string
	done chan error
}

func (c *child) pid() int {
	if c.cmd.Process == nil {
		return 0
	}
	return c.cmd.Process.Pid
}

func (c *child) stop() {
	if c.cmd.Process == nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
}

// startServe runs `casegraph serve --no-auth` against uri on a free loopback
// port, with its log in the work folder, and waits for /readyz.
func startServe(ctx context.Context, o *options, uri string) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	dataDir := filepath.Join(o.dir, "serve")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(o.dir, "serve.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(o.bin, "serve", "--no-auth", "--neo4j-uri", uri, "--http-addr", addr, "--data-dir", dataDir)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	c, err := startChild("casegraph serve", cmd, "http://"+addr, logFile)
	if err != nil {
		return nil, err
	}
	if err := c.waitReady(ctx, func(hc *http.Client) bool {
		resp, err := hc.Get(c.url + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, logFile.Name()); err != nil {
		c.stop()
		return nil, err
	}
	fmt.Printf("casegraph serve --no-auth on %s (log: %s)\n", c.url, logFile.Name())
	return c, nil
}

func startChild(name string, cmd *exec.Cmd, url string, logFile *os.File) (*child, error) {
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	c := &child{name: name, cmd: cmd, url: url, done: make(chan error, 1)}
	go func() { c.done <- cmd.Wait(); logFile.Close(); close(c.done) }()
	return c, nil
}

// waitReady polls ready until it says yes, the child exits, or a minute
// passes.
func (c *child) waitReady(ctx context.Context, ready func(*http.Client) bool, logName string) error {
	hc := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if ready(hc) {
			return nil
		}
		select {
		case err := <-c.done:
			return fmt.Errorf("%s exited before it was ready (%v); see %s", c.name, err, logName)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s was not ready within a minute; see %s", c.name, logName)
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// runEnv says what the numbers were made on.
func runEnv(m marker) string {
	load := "unknown"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	return fmt.Sprintf("%d nodes, %d relationships; Neo4j 5.26 local (heap/page cache as flagged); "+
		"%d CPUs (GOMAXPROCS %s), load average at the start %s",
		m.LoadedNodes, m.LoadedRels, numCPU(), gomaxprocs(), load)
}

func numCPU() int {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "processor\t:")
}

func gomaxprocs() string {
	if v := os.Getenv("GOMAXPROCS"); v != "" {
		return v
	}
	return "default"
}
