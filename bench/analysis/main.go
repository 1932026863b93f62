// Command analysis measures casegraph's graph-level analysis (make
// bench-analysis): on the generator's synthetic case of -nodes nodes, the
// time of each job through casegraph (graph.Store: projection, the GDS
// algorithm streamed into Metric nodes, bookkeeping) against the same GDS
// projection and algorithm issued directly in Cypher with their rows read
// by the client, and against networkx on the same projection's links.
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
	dir        string
	bin        string
	bolt       string
	uri        string
	heap       string
	pageCache  string
	python     string
	algorithms string
	networkx   bool
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
	flag.StringVar(&o.dir, "dir", ".casegraph/bench-analysis", "work folder: Neo4j's data, the load marker, the networkx extract")
	flag.StringVar(&o.bin, "casegraph", "bin/casegraph", "the casegraph binary (generate, ingest)")
	flag.StringVar(&o.bolt, "bolt-addr", "127.0.0.1:17698", "Bolt address of the benchmark's own Neo4j")
	flag.StringVar(&o.uri, "neo4j-uri", "", "use this Neo4j (with GDS) instead of starting one")
	flag.StringVar(&o.heap, "heap", "2g", "Neo4j heap")
	flag.StringVar(&o.pageCache, "pagecache", "1g", "Neo4j page cache")
	flag.StringVar(&o.python, "python", ".venv-bench/bin/python", "a Python with networkx")
	flag.StringVar(&o.algorithms, "algorithms", "PAGERANK,DEGREE,WCC,LOUVAIN,BETWEENNESS", "algorithms to measure")
	flag.BoolVar(&o.networkx, "networkx", true, "also time networkx on the same links")
	flag.Parse()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	o.dir = filepath.Join(o.dir, fmt.Sprintf("nodes-%d", o.nodes))
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}

	uri := o.uri
	if uri == "" {
		jar, _ := filepath.Abs("launcher/target/casegraph-neo4j.jar")
		if neo4jlocal.PluginsDir(jar) == "" {
			return errors.New("the launcher has no plugins/ folder (GDS): run `make launcher`")
		}
		for _, withGDS := range []bool{false, true} {
			// the launcher's start time without and with GDS, on an empty folder
			took, err := startTime(ctx, jar, o, withGDS, log)
			if err != nil {
				return err
			}
			fmt.Printf("launcher start, empty database, GDS %-5v: %.1f s\n", withGDS, took.Seconds())
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
	if err != nil {
		return err
	}
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(ctx)

	proj := casegraph.Projection{Dataset: dataset, Weight: casegraph.WeightAmount}
	fmt.Printf("\nGDS %s; projection: dataset %s, parties and accounts, every link type, payments collapsed (weight: amount)\n",
		version, dataset)
	fmt.Printf("%-12s %8s %9s | %10s %10s %7s | %10s %7s\n", "algorithm", "nodes", "links",
		"casegraph", "Cypher", "ratio", "networkx", "ratio")
	var edges string
	if o.networkx {
		if edges, err = extract(ctx, store, driver, proj, o.dir); err != nil {
			return err
		}
	}
	for _, name := range strings.Split(o.algorithms, ",") {
		alg := casegraph.Algorithm(strings.TrimSpace(name))
		params, err := casegraph.AnalysisParams{Algorithm: alg, Projection: proj}.WithDefaults()
		if err != nil {
			return err
		}
		job := casegraph.AnalysisJob{ID: fmt.Sprintf("bench-%s-%d", strings.ToLower(string(alg)), time.Now().UnixNano()),
			Params: params, By: "bench", StartedAt: time.Now()}
		if err := store.CreateAnalysisJob(ctx, job); err != nil {
			return err
		}
		start := time.Now()
		if err := store.RunAnalysis(ctx, job); err != nil {
			return fmt.Errorf("%s through casegraph: %w", alg, err)
		}
		viaCasegraph := time.Since(start)
		done, err := store.AnalysisJob(ctx, job.ID)
		if err != nil {
			return err
		}
		var cfg map[string]any
		_ = json.Unmarshal([]byte(done.Parameters), &cfg)
		for k, v := range cfg { // JSON's numbers come back as floats; GDS wants its integers as integers
			if f, ok := v.(float64); ok && k != "dampingFactor" && f == math.Trunc(f) {
				cfg[k] = int64(f)
			}
		}
		direct, err := plain(ctx, driver, params, cfg)
		if err != nil {
			return fmt.Errorf("%s in plain Cypher: %w", alg, err)
		}
		nx := "-"
		nxRatio := "-"
		if edges != "" {
			took, err := networkx(ctx, o.python, edges, alg, cfg, done.Nodes)
			if err != nil {
				return fmt.Errorf("%s in networkx: %w", alg, err)
			}
			nx = fmt.Sprintf("%.2f s", took.Seconds())
			nxRatio = fmt.Sprintf("%.1f×", took.Seconds()/viaCasegraph.Seconds())
		}
		fmt.Printf("%-12s %8d %9d | %8.2f s %8.2f s %6.2f× | %10s %7s\n", alg, done.Nodes, done.Links,
			viaCasegraph.Seconds(), direct.Seconds(), viaCasegraph.Seconds()/direct.Seconds(), nx, nxRatio)
		// the bench's metrics are not kept
		if _, err := neo4j.ExecuteQuery(ctx, driver, `MATCH (m:Metric {job: $job}) DELETE m`,
			map[string]any{"job": job.ID}, neo4j.EagerResultTransformer); err != nil {
			return err
		}
	}
	fmt.Println("\ncasegraph: projection + algorithm streamed into Metric nodes + job bookkeeping (graph.Store.RunAnalysis);")
	fmt.Println("Cypher: the same projection statement + the same algorithm in stream mode, rows read by the client, projection dropped;")
	fmt.Println("networkx: the same links read from a TSV (reading not timed), the algorithm alone; ratio = networkx / casegraph.")
	return nil
}

// startTime starts the launcher on an empty folder, with or without its
// plugins folder, and returns how long it took to answer.
func startTime(ctx context.Context, jar string, o options, withGDS bool, log *slog.Logger) (time.Duration, error) {
	home := filepath.Join(o.dir, "start-probe")
	_ = os.RemoveAll(home)
	defer os.RemoveAll(home)
	probeJar := jar
	if !withGDS {
		// the same launcher, but no plugins folder beside a copy of its jar
		dir := filepath.Join(o.dir, "launcher-nogds")
		_ = os.MkdirAll(dir, 0o755)
		probeJar = filepath.Join(dir, "casegraph-neo4j.jar")
		b, err := os.ReadFile(jar)
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(probeJar, b, 0o644); err != nil {
			return 0, err
		}
		_ = os.Remove(filepath.Join(dir, "lib"))
		if err := os.Symlink(filepath.Join(filepath.Dir(jar), "lib"), filepath.Join(dir, "lib")); err != nil {
			return 0, err
		}
	}
	start := time.Now()
	srv, err := neo4jlocal.Start(ctx, neo4jlocal.Options{LauncherJar: probeJar, Home: home, BoltAddr: o.bolt,
		Heap: o.heap, PageCache: "256m", Log: log})
	if err != nil {
		return 0, err
	}
	took := time.Since(start)
	return took, srv.Stop(ctx)
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
		"--neo4j-uri", uri, "--data-dir", o.dir, "--log-level", "warn")
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
