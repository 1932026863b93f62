package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph/ingest/synth"
	"github.com/casegraph/casegraph/neo4jlocal"
)

// genSeed is the seed the synthetic case is generated with; the marker
// records it so that a change here reloads.
const genSeed = 1

// marker is written beside the Neo4j data once a load has finished; a later
// run with the same size reuses the data instead of loading again.
type marker struct {
	Nodes         int     `json:"nodes"` // asked for
	Rows          int     `json:"rows"`  // payment rows generated for that
	Seed          int64   `json:"seed"`
	LoadedNodes   int64   `json:"loadedNodes"`
	LoadedRels    int64   `json:"loadedRelationships"`
	GenerateSecs  float64 `json:"generateSeconds"`
	IngestSecs    float64 `json:"ingestSeconds"`
	LoadedAt      string  `json:"loadedAt"`
	CasegraphSize int64   `json:"casegraphBinaryBytes"`
}

// nodesFor is how many nodes `casegraph generate --rows rows` makes: one per
// row of every table (banks are companies of their own; the source document
// and the ingest jobs add a handful).
func nodesFor(rows int) int {
	o := synth.Scaled(rows, genSeed)
	return o.People + o.Companies + o.Agencies + o.Banks + o.Accounts + o.Payments + o.Meetings + o.Cases + o.Charges
}

// rowsFor is the smallest payment row count whose case has at least nodes
// nodes.
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

// startNeo4j starts the benchmark's own local Neo4j on home and makes sure
// it holds the synthetic case of about nodes nodes, loading it when the
// marker says otherwise.
func startNeo4j(ctx context.Context, o *options, log *slog.Logger) (*neo4jlocal.Server, marker, error) {
	rows := rowsFor(o.nodes)
	home := filepath.Join(o.dir, "neo4j")
	markerPath := filepath.Join(o.dir, "loaded.json")
	var m marker
	if b, err := os.ReadFile(markerPath); err == nil && json.Unmarshal(b, &m) == nil &&
		m.Nodes == o.nodes && m.Rows == rows && m.Seed == genSeed && !o.reload {
		fmt.Printf("reusing the graph loaded on %s in %s: %d nodes, %d relationships (generate %.0f s + ingest %.0f s then)\n",
			m.LoadedAt, home, m.LoadedNodes, m.LoadedRels, m.GenerateSecs, m.IngestSecs)
		srv, err := launch(ctx, o, log, home)
		return srv, m, err
	}

	// A fresh load: nothing of an earlier one is kept.
	if err := os.RemoveAll(o.dir); err != nil {
		return nil, m, err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return nil, m, err
	}
	m = marker{Nodes: o.nodes, Rows: rows, Seed: genSeed}
	if st, err := os.Stat(o.bin); err == nil {
		m.CasegraphSize = st.Size()
	}
	data := filepath.Join(o.dir, "case")
	fmt.Printf("generating a synthetic case of %d payment rows (about %d nodes) in %s\n", rows, nodesFor(rows), data)
	start := time.Now()
	gen := exec.CommandContext(ctx, o.bin, "generate", "--out", data, "--rows", strconv.Itoa(rows),
		"--seed", strconv.Itoa(genSeed), "--log-level", "warn")
	gen.Stdout, gen.Stderr = io.Discard, os.Stderr
	if err := gen.Run(); err != nil {
		return nil, m, fmt.Errorf("casegraph generate: %w", err)
	}
	m.GenerateSecs = time.Since(start).Seconds()

	srv, err := launch(ctx, o, log, home)
	if err != nil {
		return nil, m, err
	}
	fmt.Printf("loading it with casegraph ingest (this takes a while: about 1,000 nodes/s on this machine)\n")
	start = time.Now()
	logFile, err := os.Create(filepath.Join(o.dir, "ingest.log"))
	if err != nil {
		srv.Stop(context.Background())
		return nil, m, err
	}
	defer logFile.Close()
	ing := exec.CommandContext(ctx, o.bin, "ingest", "--mapping", filepath.Join(data, "mapping.yml"),
		"--neo4j-uri", srv.URI(), "--data-dir", o.dir, "--log-level", "warn")
	ing.Stdout, ing.Stderr = logFile, logFile
	if err := ing.Run(); err != nil {
		srv.Stop(context.Background())
		return nil, m, fmt.Errorf("casegraph ingest: %w (see %s)", err, logFile.Name())
	}
	m.IngestSecs = time.Since(start).Seconds()
	m.LoadedNodes, m.LoadedRels, err = graphSize(ctx, srv.URI())
	if err != nil {
		srv.Stop(context.Background())
		return nil, m, err
	}
	m.LoadedAt = time.Now().UTC().Format("2006-01-02 15:04 MST")
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(markerPath, b, 0o644); err != nil {
		srv.Stop(context.Background())
		return nil, m, err
	}
	// The spreadsheets are not needed any more.
	_ = os.RemoveAll(data)
	fmt.Printf("loaded %d nodes, %d relationships: generate %.1f s, ingest %.1f s\n",
		m.LoadedNodes, m.LoadedRels, m.GenerateSecs, m.IngestSecs)
	return srv, m, nil
}

func launch(ctx context.Context, o *options, log *slog.Logger, home string) (*neo4jlocal.Server, error) {
	jar, _ := filepath.Abs("launcher/target/casegraph-neo4j.jar")
	start := time.Now()
	srv, err := neo4jlocal.Start(ctx, neo4jlocal.Options{LauncherJar: jar, Home: home, BoltAddr: o.bolt,
		Heap: o.heap, PageCache: o.pageCache, Log: log})
	if err != nil {
		return nil, err
	}
	fmt.Printf("Neo4j 5.26 on %s (heap %s, page cache %s) ready in %.1f s\n", srv.URI(), o.heap, o.pageCache,
		time.Since(start).Seconds())
	return srv, nil
}

// graphSize counts every node and relationship.
func graphSize(ctx context.Context, uri string) (nodes, rels int64, err error) {
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return 0, 0, err
	}
	defer driver.Close(ctx)
	for q, dst := range map[string]*int64{
		`MATCH (n) RETURN count(n) AS c`:        &nodes,
		`MATCH ()-[r]->() RETURN count(r) AS c`: &rels,
	} {
		res, err := neo4j.ExecuteQuery(ctx, driver, q, nil, neo4j.EagerResultTransformer)
		if err != nil {
			return 0, 0, err
		}
		if len(res.Records) != 1 {
			return 0, 0, errors.New("count returned no row")
		}
		c, _ := res.Records[0].Get("c")
		*dst, _ = c.(int64)
	}
	return nodes, rels, nil
}
