// Command ingest is the ingest benchmark (make bench-ingest): it loads the
// same synthetic payments file with `casegraph ingest` and with Neo4j's own
// LOAD CSV (the anchor, bench/ingest/anchor.cypher), each into a fresh local
// Neo4j 5.26, and prints rows/s, the ratio, and casegraph's peak RSS. Then
// `casegraph ingest --bulk` loads it into a fresh data folder through
// Neo4j's offline importer: its time against the normal ingest's, the
// importer's own part and rate, and both peak RSS.
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/ingest/synth"
	"github.com/casegraph/casegraph/neo4jlocal"
)

//go:embed anchor.cypher
var anchorCypher string

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench-ingest:", err)
		os.Exit(1)
	}
}

type result struct {
	rows       int
	cgSeconds  float64
	cgRSSKB    int64
	anchorSecs float64
	cgCounts   map[string]int64
	anCounts   map[string]int64
	// cgBench counts casegraph's graph of the timed file alone (without
	// the warm-up's dataset), which is what a bulk load makes.
	cgBench map[string]int64
	bulk    *bulkResult
}

// bulkResult is one ingest --bulk run: its phases as the command reports
// them, and the graph it made.
type bulkResult struct {
	seconds                 float64
	write, importer, finish float64 // seconds
	nodes, rels             int64
	cgRSSMB, importerRSSMB  int64
	cgCPU, importerCPU      float64 // CPU seconds, user + system
	counts                  map[string]int64
}

func run() error {
	sizesFlag := flag.String("rows", "50000,200000", "comma-separated payment row counts")
	work := flag.String("dir", ".casegraph/bench", "work folder (wiped)")
	bin := flag.String("casegraph", "bin/casegraph", "the casegraph binary")
	batch := flag.Int("batch", 1000, "rows per transaction, for both")
	parallel := flag.Int("parallel", 1, "casegraph's transactions in flight")
	bulk := flag.Bool("bulk", true, "also load each file with ingest --bulk")
	bulkOnly := flag.Bool("bulk-only", false, "only ingest --bulk (the normal and LOAD CSV rows are left out)")
	bolt := flag.String("bolt", "127.0.0.1:17697", "loopback address for the benchmark's Neo4j")
	flag.Parse()
	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("bad -rows %q", s)
		}
		sizes = append(sizes, n)
	}
	if err := os.RemoveAll(*work); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	jar, _ := filepath.Abs("launcher/target/casegraph-neo4j.jar")
	mapping, _ := filepath.Abs("bench/ingest/payments.yml")

	var results []result
	for _, n := range sizes {
		dir, _ := filepath.Abs(filepath.Join(*work, strconv.Itoa(n)))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		csvPath := filepath.Join(dir, "payments.csv")
		if err := writePayments(csvPath, n, 42); err != nil {
			return err
		}
		// Both sides first load a small file under another dataset, so
		// that neither is timed on a cold JVM.
		warmCSV := filepath.Join(dir, "warmup", "payments.csv")
		if err := writePayments(warmCSV, 5000, 7); err != nil {
			return err
		}
		warmMapping := filepath.Join(dir, "warmup", "payments.yml")
		if err := writeWarmMapping(mapping, warmMapping); err != nil {
			return err
		}
		fmt.Printf("%d rows: generated %s\n", n, csvPath)
		r := result{rows: n}

		if !*bulkOnly {
			// casegraph ingest, on a fresh Neo4j.
			err := withNeo4j(log, jar, *bolt, filepath.Join(dir, "neo4j-casegraph"), func(s *graph.Store, uri, _ string) error {
				ingestCmd := func(mapping, file string) *exec.Cmd {
					cmd := exec.Command(*bin, "ingest", "--mapping", mapping, "--batch-size", strconv.Itoa(*batch),
						"--parallel", strconv.Itoa(*parallel),
						"--data-dir", dir, "--request-timeout", "5m", file)
					cmd.Env = append(os.Environ(), "NEO4J_URI="+uri, "CASEGRAPH_LOG_LEVEL=warn")
					cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
					return cmd
				}
				if err := ingestCmd(warmMapping, warmCSV).Run(); err != nil {
					return fmt.Errorf("casegraph warm-up: %w", err)
				}
				cmd := ingestCmd(mapping, csvPath)
				start := time.Now()
				if err := cmd.Run(); err != nil {
					return fmt.Errorf("casegraph ingest: %w", err)
				}
				r.cgSeconds = time.Since(start).Seconds()
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					r.cgRSSKB = ru.Maxrss
				}
				var err error
				if r.cgCounts, err = counts(uri); err != nil {
					return err
				}
				r.cgBench, err = countsOf(uri, "bench-")
				return err
			})
			if err != nil {
				return err
			}
			fmt.Printf("%d rows: casegraph %.1f s\n", n, r.cgSeconds)

			// LOAD CSV, on another fresh Neo4j with the same schema.
			err = withNeo4j(log, jar, *bolt, filepath.Join(dir, "neo4j-anchor"), func(s *graph.Store, uri, importDir string) error {
				if err := copyFile(csvPath, filepath.Join(importDir, "payments.csv")); err != nil {
					return err
				}
				if err := copyFile(warmCSV, filepath.Join(importDir, "warmup.csv")); err != nil {
					return err
				}
				ctx := context.Background()
				driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
				if err != nil {
					return err
				}
				defer driver.Close(ctx)
				sess := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: "neo4j"})
				defer sess.Close(ctx)
				// The same Source nodes casegraph writes first (one per dataset).
				if _, err := sess.Run(ctx, `CREATE (:Entity:Source {id: 'bench-source', schema: 'Source', name: 'Synthetic payments'}),
					(:Entity:Source {id: 'warm-source', schema: 'Source', name: 'Synthetic payments'})`, nil); err != nil {
					return err
				}
				loadCSV := func(file, ds string) error {
					res, err := sess.Run(ctx, anchorCypher, map[string]any{"url": "file:///" + file, "ds": ds,
						"src": ds + "-source", "job": ds + "-job", "batch": int64(*batch)})
					if err == nil {
						_, err = res.Consume(ctx)
					}
					if err != nil {
						return fmt.Errorf("LOAD CSV: %w", err)
					}
					return nil
				}
				if err := loadCSV("warmup.csv", "warm"); err != nil {
					return err
				}
				start := time.Now()
				if err := loadCSV("payments.csv", "bench"); err != nil {
					return err
				}
				r.anchorSecs = time.Since(start).Seconds()
				r.anCounts, err = counts(uri)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Printf("%d rows: LOAD CSV %.1f s\n", n, r.anchorSecs)
		}
		if *bulk || *bulkOnly {
			b, err := runBulk(*bin, jar, *bolt, mapping, csvPath, filepath.Join(dir, "bulk"), log)
			if err != nil {
				return err
			}
			r.bulk = b
			fmt.Printf("%d rows: casegraph ingest --bulk %.1f s\n", n, b.seconds)
		}
		results = append(results, r)
	}
	report(results, *batch)
	reportBulk(results)
	return nil
}

// writeWarmMapping copies the benchmark mapping under the dataset "warm".
func writeWarmMapping(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, []byte(strings.Replace(string(b), "dataset: bench", "dataset: warm", 1)), 0o644)
}

func writePayments(path string, n int, seed int64) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := synth.WritePayments(f, synth.Scaled(n, seed)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// withNeo4j starts a fresh local Neo4j in home with casegraph's schema,
// runs fn, and stops it.
func withNeo4j(log *slog.Logger, jar, boltAddr, home string, fn func(s *graph.Store, uri, importDir string) error) error {
	ctx := context.Background()
	importDir := filepath.Join(home, "import")
	srv, err := neo4jlocal.Start(ctx, neo4jlocal.Options{LauncherJar: jar, Home: home, BoltAddr: boltAddr,
		Heap: "2g", PageCache: "1g", ImportDir: importDir, Log: log})
	if err != nil {
		return err
	}
	defer srv.Stop(context.Background())
	s, err := graph.Open(graph.Config{URI: srv.URI()}, log)
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	return fn(s, srv.URI(), importDir)
}

// counts returns node counts per label and relationship counts per type,
// leaving out casegraph's IngestJob bookkeeping.
func counts(uri string) (map[string]int64, error) {
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return nil, err
	}
	defer driver.Close(ctx)
	out := map[string]int64{}
	for _, q := range []string{
		`MATCH (n:Entity) WHERE NOT n:IngestJob UNWIND labels(n) AS l RETURN 'label ' + l AS k, count(*) AS n`,
		`MATCH ()-[r]->() RETURN 'rel ' + type(r) AS k, count(*) AS n`,
	} {
		res, err := neo4j.ExecuteQuery(ctx, driver, q, nil, neo4j.EagerResultTransformer)
		if err != nil {
			return nil, err
		}
		for _, rec := range res.Records {
			k, _ := rec.Get("k")
			n, _ := rec.Get("n")
			out[k.(string)] = n.(int64)
		}
	}
	return out, nil
}

func copyFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func report(results []result, batch int) {
	fmt.Printf("\nIngest benchmark: casegraph ingest vs Neo4j LOAD CSV (anchor), same file, same model, fresh Neo4j 5.26 each, %d rows per transaction\n\n", batch)
	fmt.Println("| rows | casegraph s | casegraph rows/s | LOAD CSV s | LOAD CSV rows/s | ratio casegraph/LOAD CSV (time) | casegraph peak RSS | same graph |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range results {
		if r.cgCounts == nil { // -bulk-only: not run
			continue
		}
		same := "yes"
		if d := countDiff(r.cgCounts, r.anCounts); d != "" {
			same = "NO: " + d
		}
		fmt.Printf("| %d | %.1f | %.0f | %.1f | %.0f | %.2f | %.0f MB | %s |\n", r.rows, r.cgSeconds, float64(r.rows)/r.cgSeconds,
			r.anchorSecs, float64(r.rows)/r.anchorSecs, r.cgSeconds/r.anchorSecs, float64(r.cgRSSKB)/1024, same)
	}
	fmt.Println("\nratio ≤ 1.00 means casegraph is at least as fast as LOAD CSV; the target is ≤ 1.0 with flat RSS.")
}

func countDiff(a, b map[string]int64) string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var diffs []string
	for k := range keys {
		if a[k] != b[k] {
			diffs = append(diffs, fmt.Sprintf("%s %d vs %d", k, a[k], b[k]))
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "; ")
}

// The summary lines ingest --bulk prints.
var (
	bulkPhasesRE = regexp.MustCompile(`bulk: (\d+) nodes and (\d+) relationships; files written in (\S+), imported in (\S+) \(\d+ records/s\), Neo4j started, schema applied and jobs recorded in (\S+)`)
	bulkRSSRE    = regexp.MustCompile(`bulk: peak RSS casegraph (\d+) MB, importer (\d+) MB; CPU casegraph (\S+), importer (\S+)`)
)

// runBulk loads the file with casegraph ingest --bulk into a fresh data
// folder, then starts that folder's Neo4j (untimed) to count the graph.
func runBulk(bin, jar, bolt, mapping, csvPath, dataDir string, log *slog.Logger) (*bulkResult, error) {
	if err := os.RemoveAll(dataDir); err != nil {
		return nil, err
	}
	var out strings.Builder
	cmd := exec.Command(bin, "ingest", "--bulk", "--mapping", mapping, "--data-dir", dataDir, "--bolt-addr", bolt,
		"--neo4j-heap", "2g", "--neo4j-pagecache", "1g", "--neo4j-launcher", jar, "--request-timeout", "5m", csvPath)
	cmd.Env = append(os.Environ(), "CASEGRAPH_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("casegraph ingest --bulk: %w\n%s", err, out.String())
	}
	b := &bulkResult{seconds: time.Since(start).Seconds()}
	m := bulkPhasesRE.FindStringSubmatch(out.String())
	if m == nil {
		return nil, fmt.Errorf("ingest --bulk printed no summary:\n%s", out.String())
	}
	b.nodes, _ = strconv.ParseInt(m[1], 10, 64)
	b.rels, _ = strconv.ParseInt(m[2], 10, 64)
	for i, dst := range []*float64{&b.write, &b.importer, &b.finish} {
		d, err := time.ParseDuration(m[3+i])
		if err != nil {
			return nil, err
		}
		*dst = d.Seconds()
	}
	if m := bulkRSSRE.FindStringSubmatch(out.String()); m != nil {
		b.cgRSSMB, _ = strconv.ParseInt(m[1], 10, 64)
		b.importerRSSMB, _ = strconv.ParseInt(m[2], 10, 64)
		cg, _ := time.ParseDuration(m[3])
		imp, _ := time.ParseDuration(m[4])
		b.cgCPU, b.importerCPU = cg.Seconds(), imp.Seconds()
	}
	err := withNeo4j(log, jar, bolt, filepath.Join(dataDir, "neo4j"), func(_ *graph.Store, uri, _ string) error {
		var err error
		b.counts, err = countsOf(uri, "bench-")
		return err
	})
	return b, err
}

func reportBulk(results []result) {
	fmt.Println("\nBulk first load: casegraph ingest --bulk (files, Neo4j's offline importer, start + schema + jobs) vs casegraph ingest and LOAD CSV above")
	fmt.Println()
	fmt.Println("| rows | bulk s | bulk rows/s | files s | importer s | importer records/s | start + schema + jobs s | speed-up vs casegraph ingest | speed-up vs LOAD CSV | casegraph peak RSS | importer peak RSS | CPU s casegraph / importer | same graph as casegraph ingest |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range results {
		b := r.bulk
		if b == nil {
			continue
		}
		speed := func(other float64) string {
			if other == 0 {
				return "—"
			}
			return fmt.Sprintf("%.1f×", other/b.seconds)
		}
		same := "— (not run)"
		if r.cgBench != nil {
			same = "yes"
			if d := countDiff(r.cgBench, b.counts); d != "" {
				same = "NO: " + d
			}
		}
		fmt.Printf("| %d | %.1f | %.0f | %.1f | %.1f | %.0f | %.1f | %s | %s | %d MB | %d MB | %.1f / %.1f | %s |\n", r.rows, b.seconds,
			float64(r.rows)/b.seconds, b.write, b.importer, float64(b.nodes+b.rels)/b.importer, b.finish,
			speed(r.cgSeconds), speed(r.anchorSecs), b.cgRSSMB, b.importerRSSMB, b.cgCPU, b.importerCPU, same)
	}
	fmt.Println("\nimporter records/s is nodes + relationships over the importer's own run on the files casegraph wrote; the target is bulk ≥ 10× faster than casegraph ingest.")
}

// countsOf is counts for the nodes whose id starts with prefix (one
// dataset's) and the relationships leaving them.
func countsOf(uri, prefix string) (map[string]int64, error) {
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return nil, err
	}
	defer driver.Close(ctx)
	out := map[string]int64{}
	for _, q := range []string{
		`MATCH (n:Entity) WHERE n.id STARTS WITH $prefix AND NOT n:IngestJob UNWIND labels(n) AS l RETURN 'label ' + l AS k, count(*) AS n`,
		`MATCH (a:Entity)-[r]->() WHERE a.id STARTS WITH $prefix RETURN 'rel ' + type(r) AS k, count(*) AS n`,
	} {
		res, err := neo4j.ExecuteQuery(ctx, driver, q, map[string]any{"prefix": prefix}, neo4j.EagerResultTransformer)
		if err != nil {
			return nil, err
		}
		for _, rec := range res.Records {
			k, _ := rec.Get("k")
			n, _ := rec.Get("n")
			out[k.(string)] = n.(int64)
		}
	}
	return out, nil
}
