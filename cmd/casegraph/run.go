package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/casegraph/casegraph/api"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/neo4jlocal"
)

// run is the whole program; main only supplies the process's environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd, cfg, err := parseCommand(args, getenv, stderr)
	if err != nil {
		return err
	}
	return cmd.run(ctx, invocation{cfg: cfg, log: cfg.Log.logger(stderr), stdout: stdout, stderr: stderr})
}

// runNeo4j runs the local Neo4j in the foreground until interrupted.
func runNeo4j(ctx context.Context, in invocation) error {
	local, err := neo4jlocal.Start(ctx, in.cfg.localNeo4j(in.log, in.stdout, false))
	if err != nil {
		return err
	}
	fmt.Fprintf(in.stdout, "Neo4j is running at %s (no authentication, loopback only); data in %s. Ctrl-C stops it.\n",
		local.URI(), in.cfg.Neo4jHome())
	select {
	case <-ctx.Done():
		return stopLocal(local)
	case <-local.Done():
		return local.Err()
	}
}

// withGraph connects to the configured Neo4j, starting the local one first
// when no URI is given, runs fn, and tears everything down in order.
func withGraph(ctx context.Context, cfg Config, log *slog.Logger,
	fn func(context.Context, *graph.Store, *neo4jlocal.Server) error) (err error) {
	n := cfg.Neo4j
	gcfg := graph.Config{URI: n.URI, User: n.User, Password: n.Password, Database: n.Database, TxTimeout: n.RequestTimeout}
	var local *neo4jlocal.Server
	if gcfg.URI == "" {
		log.Info("no NEO4J_URI given: starting the local Neo4j", "bolt", n.BoltAddr, "home", cfg.Neo4jHome())
		local, err = neo4jlocal.Start(ctx, cfg.localNeo4j(log, nil, true))
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, stopLocal(local)) }()
		gcfg.URI = local.URI()
	}
	store, err := graph.Open(gcfg, log)
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	return fn(ctx, store, local)
}

func stopLocal(local *neo4jlocal.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return local.Stop(ctx)
}

// serve runs the HTTP server until ctx is cancelled, then drains it and
// waits for the uploads still loading in the background.
func serve(ctx context.Context, cfg Config, log *slog.Logger, store *graph.Store, local *neo4jlocal.Server) error {
	s := cfg.Serve
	tuneGC(s)
	audit, err := openAuditLog(cfg.DataDir)
	if err != nil {
		return err
	}
	defer audit.Close()
	// Uploads load in the background, under loadCtx; however serve ends,
	// they are cancelled and waited for before the store they write to is
	// closed (and the local Neo4j stopped) by withGraph, and the audit log
	// they report to is closed.
	loadCtx, cancelLoads := context.WithCancel(ctx)
	var background sync.WaitGroup
	defer func() {
		cancelLoads()
		waitBackground(&background, backgroundWait, log)
	}()
	// A Neo4j that is down at start is not fatal: /readyz says so and the
	// schema is applied as soon as it answers.
	if err := migrateAll(ctx, store); err != nil {
		log.Error("could not apply the schema yet; /readyz will retry", "err", err)
	} else if s.Load != "" {
		if err := loadAtStart(ctx, s.Load, filepath.Join(cfg.DataDir, "rejects"), log, store); err != nil {
			return err
		}
	}
	opts := api.Options{Graph: store, Log: log, MaxBodyBytes: s.MaxBodyBytes, RequestTimeout: cfg.Neo4j.RequestTimeout,
		UploadDir: filepath.Join(cfg.DataDir, "uploads"), BaseCtx: loadCtx, Background: &background,
		Tokens: store, NoAuth: s.NoAuth, AuditLog: audit, FrontendDir: s.FrontendDir,
		AllowedHosts: s.AllowedHosts, AllowedOrigins: s.AllowedOrigins, TrustedProxies: s.TrustedProxies}
	if local != nil {
		opts.Backend = local.Health
	}
	handler, err := api.NewHandler(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", s.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", s.HTTPAddr, err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("casegraph serving", "url", "http://"+ln.Addr().String(), "neo4j", store.URI(), "audit_log", audit.Name())
	if s.NoAuth {
		log.Warn("authentication is OFF (--no-auth): every request is treated as an admin's; " +
			"this is for a single user on this machine only")
	} else {
		log.Info("authentication is on: requests need `Authorization: Bearer <token>`; " +
			"create tokens with `casegraph token create --name NAME --role viewer|analyst|admin`")
	}

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down HTTP server: %w", err)
	}
	return nil
}

// backgroundWait bounds how long serve waits at shutdown for cancelled
// uploads to stop.
const backgroundWait = 20 * time.Second

// waitBackground waits, at most limit, for the background work wg counts,
// and says so in the log when it has to wait at all.
func waitBackground(wg *sync.WaitGroup, limit time.Duration, log *slog.Logger) {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done: // nothing loading (given a moment to see it): say nothing
		return
	case <-time.After(100 * time.Millisecond):
	}
	log.Info("waiting for uploads still loading to stop", "at_most", limit)
	select {
	case <-done:
		log.Info("uploads stopped")
	case <-time.After(limit):
		log.Warn("uploads still loading after the shutdown wait; closing the graph under them", "waited", limit)
	}
}

// loadAtStart loads a mapping before serving (make demo uses it for the demo
// case). Loading is idempotent, so doing it on every start is safe; inputs
// whose job is already done are skipped to keep restarts fast.
func loadAtStart(ctx context.Context, mapping, rejectsDir string, log *slog.Logger, store *graph.Store) error {
	m, err := ingest.LoadMapping(mapping)
	if err != nil {
		return err
	}
	started := time.Now()
	reports, err := ingest.Run(ctx, store, m, ingest.Options{RejectsDir: rejectsDir, Log: log,
		SkipDone: store.JobStatus})
	if err != nil {
		return fmt.Errorf("loading %s: %w", mapping, err)
	}
	var rows, rejected int64
	for _, r := range reports {
		rows += r.Loaded
		rejected += r.Rejected
	}
	log.Info("loaded", "mapping", mapping, "inputs", len(reports), "rows", rows, "rejected", rejected,
		"took", time.Since(started).Round(time.Millisecond))
	return nil
}

// tuneGC applies cfg's garbage collector settings. With Go's default the
// collector took about 15 % of the server's CPU under load; with GCPercent
// 400 the 2-hop neighbourhood benchmark served 20 % more requests/s.
func tuneGC(cfg ServeConfig) {
	if cfg.GCPercent > 0 {
		debug.SetGCPercent(cfg.GCPercent)
	}
	if cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(cfg.MemoryLimit)
	}
}
