package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/neo4jlocal"
)

// ingest --bulk: a first load into the local Neo4j's empty data folder
// through Neo4j's offline importer. The rows go through the normal
// mapping, validation and rejects (ingest.WriteBulk writes the importer's
// files); `neo4j-admin database import full` (org.neo4j.cli.AdminTool, from
// the launcher's own Maven jars) builds the database; then the local Neo4j
// starts, the lists the importer cannot write empty are set, the schema is
// applied as at every start, and the jobs are recorded.

// adminToolClass is neo4j-admin's entry point, in neo4j-command-line.jar
// among the launcher's jars.
const adminToolClass = "org.neo4j.cli.AdminTool"

// bulkStats is what a bulk load measured, for its summary and the
// benchmark.
type bulkStats struct {
	write, importer, finish time.Duration
	nodes, rels             int64
	importedProps           int64
	importerRSSKB           int64
	importerCPU             time.Duration // user + system
}

// runBulkIngest is `casegraph ingest --bulk`.
func runBulkIngest(ctx context.Context, cfg Config, log *slog.Logger, stdout, stderr io.Writer) error {
	return bulkIngest(ctx, cfg, log, stdout, stderr, nil)
}

// bulkIngest is runBulkIngest; inspect, when set, is called with the
// local Neo4j's URI once everything is written, before Neo4j stops (the
// tests look at the graph there).
func bulkIngest(ctx context.Context, cfg Config, log *slog.Logger, stdout, stderr io.Writer,
	inspect func(ctx context.Context, uri string) error) error {
	if err := checkBulkTarget(cfg); err != nil {
		return err
	}
	icfg := cfg.Ingest
	m, err := ingest.LoadMapping(icfg.Mapping)
	if err != nil {
		return err
	}
	java, err := neo4jlocal.FindJava(cfg.Neo4j.Java)
	if err != nil {
		return err
	}
	if err := neo4jlocal.CheckLauncher(cfg.Neo4j.LauncherJar); err != nil {
		return err
	}
	home, err := filepath.Abs(cfg.Neo4jHome())
	if err != nil {
		return err
	}
	work := filepath.Join(home, "bulk-import")
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return fmt.Errorf("creating the bulk load's work folder: %w", err)
	}
	defer os.RemoveAll(work)
	files := map[string]string{}
	for _, f := range icfg.Files {
		files[filepath.Base(f)] = f
	}
	var stats bulkStats
	bar := newProgressBar(stderr, log)
	started := time.Now()
	opts := ingest.Options{BatchSize: icfg.BatchSize, Files: files, RejectsDir: icfg.RejectsDir,
		MaxFileBytes: icfg.MaxFileBytes, Progress: bar.update, Log: log}
	out, reports, err := ingest.WriteBulk(ctx, m, opts, ingest.BulkOptions{Dir: work,
		Merged: func(done, total int64) { bar.phase("merging", done, total, "records") }})
	bar.endLine()
	stats.write = time.Since(started)
	if err != nil {
		printReports(stdout, reports, false)
		return fmt.Errorf("bulk load: nothing was imported: %w", err)
	}
	stats.nodes, stats.rels = out.NodeCount, out.RelCount
	log.Info("bulk: importer files written", "nodes", out.NodeCount, "relationships", out.RelCount,
		"files", len(out.Nodes)+len(out.Relationships), "took", stats.write.Round(time.Millisecond))

	started = time.Now()
	if err := runImporter(ctx, java, cfg, home, work, out, bar, &stats); err != nil {
		bar.endLine()
		printReports(stdout, reports, false)
		return err
	}
	bar.endLine()
	stats.importer = time.Since(started)

	started = time.Now()
	bar.phase("starting", 0, 1, "Neo4j, schema, jobs")
	err = withGraph(ctx, cfg, log, func(ctx context.Context, store *graph.Store, local *neo4jlocal.Server) error {
		// The lists first, while no index has to follow the writes; the
		// indexes are then built once, over the finished nodes.
		if err := setEmptyLists(ctx, local.URI()); err != nil {
			return fmt.Errorf("bulk: setting the empty lists: %w", err)
		}
		if err := migrateAll(ctx, store); err != nil {
			return err
		}
		for _, job := range out.Jobs {
			if err := store.WriteBatch(ctx, []casegraph.Entity{job}, nil); err != nil {
				return fmt.Errorf("bulk: recording job %s: %w", job.ID, err)
			}
		}
		if inspect != nil {
			return inspect(ctx, local.URI())
		}
		return nil
	})
	bar.phase("starting", 1, 1, "Neo4j, schema, jobs")
	bar.endLine()
	stats.finish = time.Since(started)
	printReports(stdout, reports, false)
	if err != nil {
		return fmt.Errorf("bulk load: the database was imported into %s but not finished (%w); "+
			"remove %s and run the bulk load again", home, err, filepath.Join(home, "data"))
	}
	fmt.Fprintf(stdout, "bulk: %d nodes and %d relationships; files written in %s, imported in %s (%s records/s), "+
		"Neo4j started, schema applied and jobs recorded in %s\n",
		stats.nodes, stats.rels, stats.write.Round(time.Millisecond), stats.importer.Round(time.Millisecond),
		rate(stats.nodes+stats.rels, stats.importer), stats.finish.Round(time.Millisecond))
	fmt.Fprintf(stdout, "bulk: peak RSS casegraph %d MB, importer %d MB; CPU casegraph %s, importer %s\n",
		selfPeakRSSKB()/1024, stats.importerRSSKB/1024, selfCPU().Round(100*time.Millisecond), stats.importerCPU.Round(100*time.Millisecond))
	return nil
}

// selfCPU is the CPU time (user + system) this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// selfPeakRSSKB is this process's peak resident set (VmHWM), in KiB; 0
// where /proc does not say. The children's (the importer's, Neo4j's) are
// not in it.
func selfPeakRSSKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

func rate(n int64, d time.Duration) string {
	if d <= 0 {
		return "?"
	}
	return strconv.FormatFloat(float64(n)/d.Seconds(), 'f', 0, 64)
}

// checkBulkTarget refuses what a bulk load must not touch: a Neo4j that
// casegraph does not own, a data folder whose Neo4j is running, and one
// that already holds a database.
func checkBulkTarget(cfg Config) error {
	if cfg.Neo4j.URI != "" {
		return fmt.Errorf("%w: --bulk builds a new database offline in the local Neo4j's data folder (--data-dir); "+
			"it cannot load into %s, a Neo4j casegraph does not own (a remote server or a cluster): use normal ingest (without --bulk)",
			errUsage, cfg.Neo4j.URI)
	}
	if cfg.Ingest.DryRun {
		return fmt.Errorf("%w: --bulk and --dry-run do not go together: check the files with --dry-run alone first", errUsage)
	}
	home := cfg.Neo4jHome()
	if pid, ok := runningNeo4j(home); ok {
		return fmt.Errorf("a Neo4j is running on the data folder %s (process %d): --bulk builds the database offline; "+
			"stop it, and load into a new --data-dir, or use normal ingest into the running server", cfg.DataDir, pid)
	}
	for _, dir := range []string{"databases", "transactions"} {
		db := filepath.Join(home, "data", dir, "neo4j")
		if _, err := os.Stat(db); err == nil {
			return fmt.Errorf("the data folder %s already holds a database (%s): --bulk only builds a new, empty one; "+
				"load into it with normal ingest (without --bulk), or give a new --data-dir", cfg.DataDir, db)
		}
	}
	return nil
}

// runningNeo4j says whether the local Neo4j of home runs: its pid file
// names a live process, or its store lock is held.
func runningNeo4j(home string) (int, bool) {
	if b, err := os.ReadFile(filepath.Join(home, "casegraph-neo4j.pid")); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
			if syscall.Kill(pid, 0) == nil {
				return pid, true
			}
		}
	}
	f, err := os.OpenFile(filepath.Join(home, "data", "databases", "store_lock"), os.O_RDWR, 0)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: 0, Len: 0}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err == nil && lk.Type != syscall.F_UNLCK {
		return int(lk.Pid), true
	}
	return 0, false
}

// importer progress: "(2/4) Relationship import 2026-…" starts a stage;
// a line of dots ending in " 45% ∆12ms [1s 2ms]" is how far it has come.
var (
	importStageRE   = regexp.MustCompile(`^\((\d+)/(\d+)\) (.+?) \d{4}-\d\d-\d\d`)
	importPercentRE = regexp.MustCompile(`\s(\d{1,3})% ∆`)
	importCountRE   = regexp.MustCompile(`^\s*(\d+) (nodes|relationships|properties)\s*$`)
)

// runImporter runs neo4j-admin database import full on the files, into the
// local Neo4j's home, drawing its progress. When it fails, what it began is
// removed: the data folder is as empty as before.
func runImporter(ctx context.Context, java string, cfg Config, home, work string, out *ingest.BulkFiles,
	bar *progressBar, stats *bulkStats) error {
	conf := filepath.Join(work, "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		return err
	}
	// The importer reads neo4j.conf from NEO4J_CONF; the launcher's Neo4j
	// keeps its data in <home>/data, the importer's default under NEO4J_HOME.
	if err := os.WriteFile(filepath.Join(conf, "neo4j.conf"), nil, 0o644); err != nil {
		return err
	}
	args := []string{"-Xms" + cfg.Neo4j.Heap, "-Xmx" + cfg.Neo4j.Heap, "-XX:+UseG1GC", "-Dfile.encoding=UTF-8",
		"-cp", cfg.Neo4j.LauncherJar, adminToolClass, "database", "import", "full", "neo4j",
		"--array-delimiter=" + ingest.BulkArrayDelimiterFlag, "--report-file=" + filepath.Join(work, "import.report")}
	if out.Multiline {
		args = append(args, "--multiline-fields=true")
	}
	for _, f := range out.Nodes {
		args = append(args, "--nodes="+f)
	}
	for _, f := range out.Relationships {
		args = append(args, "--relationships="+f)
	}
	cmd := exec.CommandContext(ctx, java, args...)
	cmd.Env = append(os.Environ(), "NEO4J_HOME="+home, "NEO4J_CONF="+conf)
	cmd.Dir = work
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = cmd.Stdout
	clean := func() {
		os.RemoveAll(filepath.Join(home, "data", "databases", "neo4j"))
		os.RemoveAll(filepath.Join(home, "data", "transactions", "neo4j"))
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting Neo4j's importer: %w", err)
	}
	var tail []string
	sc := bufio.NewScanner(pipe)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	stage, stages, name := 0, 1, "importing"
	for sc.Scan() {
		line := sc.Text()
		if tail = append(tail, line); len(tail) > 30 {
			tail = tail[1:]
		}
		if m := importStageRE.FindStringSubmatch(line); m != nil {
			stage, _ = strconv.Atoi(m[1])
			stages, _ = strconv.Atoi(m[2])
			name = strings.ToLower(m[3])
			bar.phase("import "+m[1]+"/"+m[2], int64(stage-1)*100, int64(max(stages, 1))*100, name)
			continue
		}
		if m := importPercentRE.FindStringSubmatch(line); m != nil && stage > 0 {
			pct, _ := strconv.Atoi(m[1])
			bar.phase("import "+strconv.Itoa(stage)+"/"+strconv.Itoa(stages), int64(stage-1)*100+int64(pct),
				int64(max(stages, 1))*100, name)
			continue
		}
		if m := importCountRE.FindStringSubmatch(line); m != nil && m[2] == "properties" {
			stats.importedProps, _ = strconv.ParseInt(m[1], 10, 64)
		}
	}
	werr := cmd.Wait()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		stats.importerRSSKB = ru.Maxrss
	}
	stats.importerCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if werr != nil {
		clean()
		if errors.Is(ctx.Err(), context.Canceled) {
			return fmt.Errorf("bulk load cancelled during the import; nothing was kept: %w", ctx.Err())
		}
		return fmt.Errorf("Neo4j's importer failed (%v); nothing was kept. Its last output:\n%s", werr, strings.Join(tail, "\n"))
	}
	bar.phase("import", 1, 1, "done")
	return nil
}

// phase draws a phase after the rows are read (merging the writes, the
// importer's stages, starting Neo4j) in the bar's style: the same width,
// percentage and rate, with the phase in the name column.
func (b *progressBar) phase(name string, done, total int64, what string) {
	frac := 0.0
	if total > 0 {
		frac = min(float64(done)/float64(total), 1)
	}
	if b.tty {
		const width = 30
		fill := int(frac * width)
		fmt.Fprintf(b.w, "\r%-14s [%s%s] %3.0f%% %-40s", truncate(name, 14), strings.Repeat("=", fill),
			strings.Repeat(" ", width-fill), frac*100, truncate(what, 40))
		b.drawn = true
		return
	}
	if time.Since(b.lastLog) > 5*time.Second || done == total {
		b.log.Info("bulk progress", "phase", name, "step", what, "percent", fmt.Sprintf("%.0f", frac*100))
		b.lastLog = time.Now()
	}
}

// endLine ends the line a phase drew, so the next phase starts its own.
func (b *progressBar) endLine() {
	b.finish()
	b.drawn = false
}
