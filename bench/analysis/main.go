// Command analysis measures casegraph's graph-level analysis (make
// bench-analysis): on the generator's synthetic case of -nodes nodes, the
// time of each job through casegraph (graph.Store.RunAnalysis: projection,
// the GDS algorithm's values read in chunks and kept in MetricBlock nodes,
// job bookkeeping) against the same GDS projection and algorithm issued
// directly in Cypher, in write mode (the algorithm persists its results too: the like-for-like anchor)
// and in stream mode (rows read by the client and dropped: for reference);
// medians of -runs runs. The launcher's start time with and without GDS
// comes first (-start-probe). networkx is compared on an extract exported
// through the Python client by networkx.py, which the Makefile runs next.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/ingest/synth"
	"github.com/casegraph/casegraph/neo4jlocal"
)

type options struct {
	nodes      int
	runs       int
	dir        string
	bin        string
	bolt       string
	probeBolt  string
	uri        string
	heap       string
	pageCache  string
	algorithms string
	launcher   string
	loadOnly   bool
	startProbe int
	networkx   string
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench-analysis:", err)
		os.Exit(1)
	}
}

func run() error {
	var o options
	flag.IntVar(&o.nodes, "nodes", 100_000, "size of the synthetic graph, in nodes (about)")
	flag.IntVar(&o.runs, "runs", 3, "runs of each side per algorithm (medians are printed)")
	flag.StringVar(&o.dir, "dir", ".casegraph/bench-analysis", "work folder: Neo4j's data and the load marker, per size")
	flag.StringVar(&o.bin, "casegraph", "bin/casegraph", "the casegraph binary (generate, ingest)")
	flag.StringVar(&o.bolt, "bolt-addr", "127.0.0.1:17698", "Bolt address of the benchmark's own Neo4j")
	flag.StringVar(&o.probeBolt, "probe-bolt-addr", "127.0.0.1:17699", "Bolt address of the start-time probes")
	flag.StringVar(&o.uri, "neo4j-uri", "", "use this Neo4j (with GDS) instead of starting one (a loaded database is reused)")
	flag.StringVar(&o.heap, "heap", "2g", "Neo4j heap")
	flag.StringVar(&o.pageCache, "pagecache", "1g", "Neo4j page cache")
	flag.StringVar(&o.algorithms, "algorithms", "PAGERANK,DEGREE,WCC,LOUVAIN,BETWEENNESS", "algorithms to measure")
	flag.StringVar(&o.launcher, "launcher", "launcher/target/casegraph-neo4j.jar", "the Neo4j launcher's jar (plugins/ beside it holds GDS)")
	flag.IntVar(&o.startProbe, "start-probe", 1, "starts of the launcher on an empty folder, with and without GDS, to time (0: none)")
	flag.StringVar(&o.networkx, "networkx", "", "a Python with the casegraph client and networkx: run bench/analysis/networkx_bench.py at the end")
	flag.BoolVar(&o.loadOnly, "load-only", false, "load the synthetic case (or find it loaded) and stop")
	flag.Parse()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	o.dir = filepath.Join(o.dir, fmt.Sprintf("nodes-%d", o.nodes))
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	jar, _ := filepath.Abs(o.launcher)
	if o.startProbe > 0 {
		if err := startTimes(ctx, jar, o, log); err != nil {
			return err
		}
	}

	uri := o.uri
	if uri == "" {
		if neo4jlocal.PluginsDir(jar) == "" {
			return errors.New("the launcher has no plugins/ folder (GDS): run `make launcher`")
		}
		start := time.Now()
		srv, err := neo4jlocal.Start(ctx, neo4jlocal.Options{LauncherJar: jar, Home: filepath.Join(o.dir, "neo4j"),
			BoltAddr: o.bolt, Heap: o.heap, PageCache: o.pageCache, Log: log})
		if err != nil {
			return err
		}
		defer srv.Stop(context.WithoutCancel(ctx))
		fmt.Printf("Neo4j with GDS on %s ready in %.1f s\n", srv.URI(), time.Since(start).Seconds())
		uri = srv.URI()
	}
	store, err := graph.Open(graph.Config{URI: uri}, log)
	if err != nil {
		return err
	}
	defer store.Close(ctx)
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	version, err := store.GDSVersion(ctx)
	if err != nil {
		return err
	}
	dataset, err := load(ctx, o, uri)
	if err != nil || o.loadOnly {
		return err
	}
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	defer removeDirect(context.WithoutCancel(ctx), driver)

	proj := casegraph.Projection{Dataset: dataset, Weight: casegraph.WeightAmount}
	fmt.Printf("\nGDS %s; projection: dataset %s, parties and accounts, every link type, payments collapsed (weight: amount); medians of %d runs\n",
		version, dataset, o.runs)
	fmt.Printf("%-12s %8s %9s | %10s %12s %7s | %12s %7s\n", "algorithm", "nodes", "links",
		"casegraph", "GDS write", "ratio", "GDS stream", "ratio")
	var cgProj, directProj []time.Duration
	for _, name := range strings.Split(o.algorithms, ",") {
		alg := casegraph.Algorithm(strings.TrimSpace(name))
		var cg, write, stream []time.Duration
		var done casegraph.AnalysisJob
		for i := 0; i < o.runs; i++ {
			// the sides take turns going first, so neither always finds the caches warm
			sides := []func() error{
				func() error {
					job, took, err := viaCasegraph(ctx, store, driver, alg, proj)
					if err != nil {
						return fmt.Errorf("%s through casegraph: %w", alg, err)
					}
					done = job
					cg = append(cg, took)
					cgProj = append(cgProj, job.ProjectionTime)
					return nil
				},
				func() error {
					cfg := configOf(done)
					if cfg == nil { // casegraph has not run yet: the configuration it would give GDS
						job, _, err := viaCasegraph(ctx, store, driver, alg, proj)
						if err != nil {
							return err
						}
						done, cfg = job, configOf(job)
					}
					p, _ := casegraph.AnalysisParams{Algorithm: alg, Projection: proj}.WithDefaults()
					took, projected, err := direct(ctx, driver, p, cfg, true)
					if err != nil {
						return fmt.Errorf("%s in plain Cypher, write mode: %w", alg, err)
					}
					write = append(write, took)
					directProj = append(directProj, projected)
					took, projected, err = direct(ctx, driver, p, cfg, false)
					if err != nil {
						return fmt.Errorf("%s in plain Cypher, stream mode: %w", alg, err)
					}
					stream = append(stream, took)
					directProj = append(directProj, projected)
					return nil
				},
			}
			if i%2 == 1 {
				sides[0], sides[1] = sides[1], sides[0]
			}
			for _, side := range sides {
				if err := side(); err != nil {
					return err
				}
			}
		}
		c, w, s := median(cg), median(write), median(stream)
		fmt.Printf("%-12s %8d %9d | %8.2f s %10.2f s %6.2f× | %10.2f s %6.2f×  (projection so far: %.2f s / %.2f s)\n", alg, done.Nodes, done.Links,
			c.Seconds(), w.Seconds(), c.Seconds()/w.Seconds(), s.Seconds(), c.Seconds()/s.Seconds(),
			median(cgProj).Seconds(), median(directProj).Seconds())
	}
	c, d := median(cgProj), median(directProj)
	fmt.Printf("%-12s %8s %9s | %8.2f s %10.2f s %6.2f× | %10s %7s\n", "projection", "", "", c.Seconds(), d.Seconds(),
		c.Seconds()/d.Seconds(), "(same)", "")
	fmt.Println("\ncasegraph: one analysis job (graph.Store.RunAnalysis): GDS check, dataset lookup, the projection, the algorithm")
	fmt.Println("  in stream mode, its values read in chunks and kept in (:MetricBlock) nodes of the job (about 512 entities each, one index),")
	fmt.Println("  job bookkeeping and heartbeat, projection dropped;")
	fmt.Println("GDS write: the same projection statement, then the same algorithm and configuration in write mode (a property on each")
	fmt.Println("  projected node, what GDS itself offers to persist results), projection dropped; ratio = casegraph / GDS write, target ≤ 1.10;")
	fmt.Println("GDS stream: the same projection, the algorithm in stream mode with each node's id read back by the client (nothing stored),")
	fmt.Println("  projection dropped: for reference, the floor of any stored result;")
	fmt.Println("projection: the projection statement alone, casegraph's (the job's projecting stage) vs the same statement in plain Cypher,")
	fmt.Println("  medians over every run of every algorithm.")
	if o.networkx == "" {
		return nil
	}
	fmt.Println("\nnetworkx on the same projection, exported through the Python client:")
	py := exec.CommandContext(ctx, o.networkx, "bench/analysis/networkx_bench.py", "--casegraph", o.bin, "--neo4j-uri", uri,
		"--dataset", dataset, "--data-dir", filepath.Join(o.dir, "networkx"), "--out", filepath.Join(o.dir, "networkx.json"))
	py.Stdout, py.Stderr = os.Stdout, os.Stderr
	return py.Run()
}

// viaCasegraph runs one job through graph.Store, timed from its creation
// being recorded to its end, then deletes what it stored (not timed).
func viaCasegraph(ctx context.Context, store *graph.Store, driver neo4j.DriverWithContext, alg casegraph.Algorithm, proj casegraph.Projection) (casegraph.AnalysisJob, time.Duration, error) {
	params, err := casegraph.AnalysisParams{Algorithm: alg, Projection: proj}.WithDefaults()
	if err != nil {
		return casegraph.AnalysisJob{}, 0, err
	}
	job := casegraph.AnalysisJob{ID: fmt.Sprintf("bench-%s-%d", strings.ToLower(string(alg)), time.Now().UnixNano()),
		Params: params, By: "bench", StartedAt: time.Now()}
	if err := store.CreateAnalysisJob(ctx, job); err != nil {
		return job, 0, err
	}
	start := time.Now()
	if err := store.RunAnalysis(ctx, job); err != nil {
		return job, 0, err
	}
	took := time.Since(start)
	done, err := store.AnalysisJob(ctx, job.ID)
	if err != nil {
		return job, 0, err
	}
	// the bench's metrics and jobs are not kept
	return done, took, autoCommit(ctx, driver, `MATCH (b:MetricBlock {job: $job}) WHERE b.bucket IS NOT NULL
CALL { WITH b DELETE b } IN TRANSACTIONS OF 1000 ROWS
WITH count(*) AS n
MATCH (j:AnalysisJob {id: $job}) DELETE j`, map[string]any{"job": job.ID})
}

// configOf is the algorithm configuration a job gave GDS (nil before one ran).
func configOf(job casegraph.AnalysisJob) map[string]any {
	if job.Parameters == "" {
		return nil
	}
	var cfg map[string]any
	_ = json.Unmarshal([]byte(job.Parameters), &cfg)
	for k, v := range cfg { // JSON's numbers come back as floats; GDS wants its integers as integers
		if f, ok := v.(float64); ok && k != "dampingFactor" && f == math.Trunc(f) {
			cfg[k] = int64(f)
		}
	}
	return cfg
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// startTimes starts the launcher on an empty folder, with and without
// its plugins folder (GDS), o.startProbe times each, and prints the medians.
func startTimes(ctx context.Context, jar string, o options, log *slog.Logger) error {
	if neo4jlocal.PluginsDir(jar) == "" {
		return errors.New("the launcher has no plugins/ folder (GDS): run `make launcher`")
	}
	// the same launcher without GDS: a copy of its jar with its lib/ and no plugins/ beside it
	dir := filepath.Join(o.dir, "launcher-nogds")
	_ = os.MkdirAll(dir, 0o755)
	noGDS := filepath.Join(dir, "casegraph-neo4j.jar")
	b, err := os.ReadFile(jar)
	if err != nil {
		return err
	}
	if err := os.WriteFile(noGDS, b, 0o644); err != nil {
		return err
	}
	_ = os.Remove(filepath.Join(dir, "lib"))
	if err := os.Symlink(filepath.Join(filepath.Dir(jar), "lib"), filepath.Join(dir, "lib")); err != nil {
		return err
	}
	took := map[bool][]time.Duration{}
	for i := 0; i < o.startProbe; i++ {
		for _, withGDS := range []bool{false, true} {
			probe := noGDS
			if withGDS {
				probe = jar
			}
			home := filepath.Join(o.dir, "start-probe")
			_ = os.RemoveAll(home)
			start := time.Now()
			srv, err := neo4jlocal.Start(ctx, neo4jlocal.Options{LauncherJar: probe, Home: home, BoltAddr: o.probeBolt,
				Heap: o.heap, PageCache: "256m", Log: log})
			if err != nil {
				return err
			}
			took[withGDS] = append(took[withGDS], time.Since(start))
			if err := srv.Stop(ctx); err != nil {
				return err
			}
			_ = os.RemoveAll(home)
		}
	}
	for _, withGDS := range []bool{false, true} {
		var each []string
		for _, d := range took[withGDS] {
			each = append(each, fmt.Sprintf("%.1f", d.Seconds()))
		}
		fmt.Printf("launcher start to Bolt ready, empty database, GDS %-5v: median %.1f s (%s s)\n", withGDS,
			median(took[withGDS]).Seconds(), strings.Join(each, ", "))
	}
	return nil
}

// load makes sure the Neo4j holds the synthetic case (as its own dataset)
// and returns the dataset's name.
func load(ctx context.Context, o options, uri string) (string, error) {
	rows := rowsFor(o.nodes)
	dataset := "synth"
	marker := filepath.Join(o.dir, "loaded-"+strings.NewReplacer(":", "_", "/", "_").Replace(uri))
	if _, err := os.Stat(marker); err == nil {
		fmt.Printf("reusing the synthetic case of %d payment rows loaded before\n", rows)
		return dataset, nil
	}
	data := filepath.Join(o.dir, "case")
	start := time.Now()
	gen := exec.CommandContext(ctx, o.bin, "generate", "--out", data, "--rows", strconv.Itoa(rows), "--seed", "1", "--log-level", "warn")
	gen.Stdout, gen.Stderr = io.Discard, os.Stderr
	if err := gen.Run(); err != nil {
		return "", fmt.Errorf("casegraph generate: %w", err)
	}
	ing := exec.CommandContext(ctx, o.bin, "ingest", "--mapping", filepath.Join(data, "mapping.yml"),
		"--neo4j-uri", uri, "--data-dir", o.dir, "--log-level", "warn", "--request-timeout", "2h")
	ing.Stdout, ing.Stderr = io.Discard, os.Stderr
	if err := ing.Run(); err != nil {
		return "", fmt.Errorf("casegraph ingest: %w", err)
	}
	fmt.Printf("generated and loaded %d payment rows (about %d nodes) in %.0f s\n", rows, nodesFor(rows), time.Since(start).Seconds())
	_ = os.RemoveAll(data)
	return dataset, os.WriteFile(marker, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644)
}

func nodesFor(rows int) int {
	o := synth.Scaled(rows, 1)
	return o.People + o.Companies + o.Agencies + o.Banks + o.Accounts + o.Payments + o.Meetings + o.Cases + o.Charges
}

func rowsFor(nodes int) int {
	lo, hi := 1, max(nodes, 1)
	for lo < hi {
		mid := (lo + hi) / 2
		if nodesFor(mid) >= nodes {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
