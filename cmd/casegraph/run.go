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
	"time"

	"github.com/casegraph/casegraph/api"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/neo4jlocal"
)

const usage = `casegraph — an investigation graph explorer on Neo4j

usage: casegraph <command> [flags]

commands:
  serve     run the API (and, with no NEO4J_URI, a local Neo4j)
  neo4j     run the local Neo4j alone, in the foreground
  ingest    load spreadsheets or FtM JSON lines through a mapping file
  export    write the graph as FollowTheMoney JSON lines
  generate  write synthetic spreadsheets (and their mapping) for tests and benchmarks
  migrate   apply the graph schema (constraints and indexes) and exit
  token     create, list or revoke API tokens (create --name NAME --role viewer|analyst|admin; list; revoke ID)
  schema    print the GraphQL schema

Run "casegraph <command> -h" for a command's flags.
`

// run is the whole program; main only supplies the process's environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve", "neo4j", "migrate", "ingest", "export", "generate", "token":
	case "schema":
		_, err := io.WriteString(stdout, api.Schema)
		return err
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
	}
	cfg, err := parseConfig(cmd, rest, getenv, stderr)
	if err != nil {
		return err
	}
	log := cfg.logger(stderr)
	switch cmd {
	case "neo4j":
		return runNeo4j(ctx, cfg, log, stdout)
	case "migrate":
		return withGraph(ctx, cfg, log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
			return migrateAll(ctx, store)
		})
	case "token":
		return withGraph(ctx, cfg, log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
			if err := migrateAll(ctx, store); err != nil {
				return err
			}
			return runToken(ctx, cfg, store, stdout, stderr)
		})
	case "generate":
		return runGenerate(cfg, log, stdout)
	case "ingest":
		return withGraph(ctx, cfg, log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
			if err := store.Migrate(ctx); err != nil {
				return err
			}
			return runIngest(ctx, cfg, log, store, stdout, stderr)
		})
	case "export":
		return withGraph(ctx, cfg, log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
			return runExport(ctx, cfg, store, stdout)
		})
	default:
		return withGraph(ctx, cfg, log, func(ctx context.Context, store *graph.Store, local *neo4jlocal.Server) error {
			return serve(ctx, cfg, log, store, local)
		})
	}
}

// runNeo4j runs the local Neo4j in the foreground until interrupted.
func runNeo4j(ctx context.Context, cfg Config, log *slog.Logger, stdout io.Writer) error {
	local, err := neo4jlocal.Start(ctx, cfg.localNeo4j(log, stdout, false))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Neo4j is running at %s (no authentication, loopback only); data in %s. Ctrl-C stops it.\n",
		local.URI(), cfg.Neo4jHome())
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
	gcfg := graph.Config{URI: cfg.Neo4jURI, User: cfg.Neo4jUser, Password: cfg.Neo4jPassword,
		Database: cfg.Neo4jDatabase, TxTimeout: cfg.RequestTimeout}
	var local *neo4jlocal.Server
	if gcfg.URI == "" {
		log.Info("no NEO4J_URI given: starting the local Neo4j", "bolt", cfg.BoltAddr, "home", cfg.Neo4jHome())
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

// serve runs the HTTP server until ctx is cancelled, then drains it.
func serve(ctx context.Context, cfg Config, log *slog.Logger, store *graph.Store, local *neo4jlocal.Server) error {
	tuneGC(cfg)
	audit, err := openAuditLog(cfg.DataDir)
	if err != nil {
		return err
	}
	defer audit.Close()
	// A Neo4j that is down at start is not fatal: /readyz says so and the
	// schema is applied as soon as it answers.
	if err := migrateAll(ctx, store); err != nil {
		log.Error("could not apply the schema yet; /readyz will retry", "err", err)
	} else if cfg.Load != "" {
		if err := loadAtStart(ctx, cfg, log, store); err != nil {
			return err
		}
	}
	opts := api.Options{Graph: store, Log: log, MaxBodyBytes: cfg.MaxBodyBytes, RequestTimeout: cfg.RequestTimeout,
		UploadDir: filepath.Join(cfg.DataDir, "uploads"), BaseCtx: ctx,
		Tokens: store, NoAuth: cfg.NoAuth, AuditLog: audit, FrontendDir: cfg.FrontendDir,
		AllowedHosts: cfg.AllowedHosts, AllowedOrigins: cfg.AllowedOrigins, TrustedProxies: cfg.TrustedProxies}
	if local != nil {
		opts.Backend = local.Health
	}
	handler, err := api.NewHandler(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("casegraph serving", "url", "http://"+ln.Addr().String(), "neo4j", store.URI(), "audit_log", audit.Name())
	if cfg.NoAuth {
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

// loadAtStart loads a mapping before serving (make demo uses it for the demo
// case). Loading is idempotent, so doing it on every start is safe; inputs
// whose job is already done are skipped to keep restarts fast.
func loadAtStart(ctx context.Context, cfg Config, log *slog.Logger, store *graph.Store) error {
	m, err := ingest.LoadMapping(cfg.Load)
	if err != nil {
		return err
	}
	started := time.Now()
	reports, err := ingest.Run(ctx, store, m, ingest.Options{RejectsDir: cfg.RejectsDir, Log: log,
		SkipDone: store.JobStatus})
	if err != nil {
		return fmt.Errorf("loading %s: %w", cfg.Load, err)
	}
	var rows, rejected int64
	for _, r := range reports {
		rows += r.Loaded
		rejected += r.Rejected
	}
	log.Info("loaded", "mapping", cfg.Load, "inputs", len(reports), "rows", rows, "rejected", rejected,
		"took", time.Since(started).Round(time.Millisecond))
	return nil
}

// tuneGC applies cfg's garbage collector settings. With Go's default the
// collector took about 15 % of the server's CPU under load; with GCPercent
// 400 the 2-hop neighbourhood benchmark served 20 % more requests/s.
func tuneGC(cfg Config) {
	if cfg.GCPercent > 0 {
		debug.SetGCPercent(cfg.GCPercent)
	}
	if cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(cfg.MemoryLimit)
	}
}
