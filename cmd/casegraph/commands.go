package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/api"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/neo4jlocal"
)

// A command is one thing casegraph does: `casegraph NAME [flags] ARGS`. The
// table below is the only place commands are named; the usage text, each
// command's -h and README's command list follow it.
type command struct {
	name    string
	aliases []string
	usage   string // what follows the name on its command line
	short   string // its line in `casegraph help`
	long    string // more, for `casegraph NAME -h`
	// flags declares the command's flags into c (the shared groups through
	// graphFlags, localNeo4jFlags and logFlags), the arguments it takes,
	// and the checks of their values. Nil: no flags, no arguments.
	flags func(f *flagSet, c *Config)
	run   func(ctx context.Context, in invocation) error
	// actions are the words that follow the name (token create|list|revoke);
	// a command with actions runs one of them.
	actions []*command
}

// invocation is what a command's run gets: its configuration, a logger as
// the configuration says, and where to write.
type invocation struct {
	cfg            Config
	log            *slog.Logger
	stdout, stderr io.Writer
}

// commands is casegraph's command table, in the order `casegraph help`
// lists them.
func commands() []*command {
	return []*command{
		{
			name:  "serve",
			usage: "[flags]",
			short: "run the API (and, with no NEO4J_URI, a local Neo4j)",
			flags: func(f *flagSet, c *Config) {
				s := &c.Serve
				graphFlags(f, c)
				f.StringVar(&s.HTTPAddr, "http-addr", defaultHTTPAddr, "address the HTTP server listens on")
				f.Int64Var(&s.MaxBodyBytes, "max-body-bytes", 1<<20, "largest GraphQL request body accepted")
				f.StringVar(&s.Load, "load", "", "a mapping file to load before serving (skipped when already loaded)")
				f.StringVar(&s.FrontendDir, "frontend-dir", "frontend/dist", "folder of the built web explorer served at / (make frontend builds it)")
				f.BoolVar(&s.NoAuth, "no-auth", false, "turn token authentication off: every request is an admin's (only with a loopback --http-addr)")
				f.list(&s.AllowedHosts, "allowed-hosts", "names the server is reached by, comma-separated (default: those of --http-addr; any when it listens on all addresses)")
				f.list(&s.AllowedOrigins, "allowed-origins", "web origins besides the server's own that may write, e.g. https://casegraph.example.org")
				f.list(&s.TrustedProxies, "trusted-proxies", "addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed")
				f.check(func() error {
					if s.NoAuth && !isLoopback(s.HTTPAddr) {
						return fmt.Errorf("%w: --no-auth (or CASEGRAPH_NO_AUTH) turns authentication off, so it is only allowed "+
							"when the HTTP server listens on loopback (127.0.0.1, ::1 or localhost), not on %q; "+
							"listen on loopback, or keep authentication on and create tokens with `casegraph token create`", errUsage, s.HTTPAddr)
					}
					if len(s.AllowedHosts) == 0 {
						s.AllowedHosts = hostsOf(s.HTTPAddr)
					}
					// A request allocates much that dies with it: the heap may
					// grow to five times what is live between collections (Go's
					// default is twice) under a 1 GiB soft limit, unless the
					// environment says.
					if f.getenv("GOGC") == "" {
						s.GCPercent = 400
					}
					if f.getenv("GOMEMLIMIT") == "" {
						s.MemoryLimit = 1 << 30
					}
					return nil
				})
			},
			run: func(ctx context.Context, in invocation) error {
				return withGraph(ctx, in.cfg, in.log, func(ctx context.Context, store *graph.Store, local *neo4jlocal.Server) error {
					return serve(ctx, in.cfg, in.log, store, local)
				})
			},
		},
		{
			name:  "neo4j",
			usage: "[flags]",
			short: "run the local Neo4j alone, in the foreground",
			flags: func(f *flagSet, c *Config) {
				localNeo4jFlags(f, c)
				logFlags(f, &c.Log)
			},
			run: runNeo4j,
		},
		{
			name:  "ingest",
			usage: "--mapping FILE [flags] [FILE...]",
			short: "load spreadsheets or FtM JSON lines through a mapping file, into the running casegraph",
			long: "Sends the mapping and its files to the casegraph server you run (--server, default http://127.0.0.1:8080),\n" +
				"which loads them, keeps the rejected rows and lists the job; it starts no database of its own.\n" +
				"With --neo4j-uri (or NEO4J_URI) it loads straight into that Neo4j instead.\n" +
				"Files named after the flags replace the mapping's inputs of the same name.",
			flags: func(f *flagSet, c *Config) {
				i := &c.Ingest
				graphFlags(f, c)
				f.StringVar(&i.Server, "server", "http://"+defaultHTTPAddr, "the casegraph server to load into")
				f.StringVar(&i.Token, "token", "", "an API token with the analyst role, when the server wants one")
				f.StringVar(&i.Mapping, "mapping", "", "the mapping file (YAML; see docs/mapping.md)")
				f.BoolVar(&i.DryRun, "dry-run", false, "map and validate, show a preview and every error; write nothing")
				f.BoolVar(&i.Bulk, "bulk", false, "first load into an empty local --data-dir through Neo4j's offline importer (see docs/mapping.md)")
				f.IntVar(&i.BatchSize, "batch-size", 0, "rows per write transaction (default: tuned)")
				f.IntVar(&i.Parallel, "parallel", 0, "write transactions in flight at once (default 1; more helps on servers with many cores)")
				f.StringVar(&i.RejectsDir, "rejects-dir", "", "where rejected rows are written as CSV (default: <data-dir>/rejects)")
				f.Int64Var(&i.MaxFileBytes, "max-file-size", ingest.DefaultMaxFileBytes, "largest input file read, in bytes")
				f.args(&i.Files)
				f.check(func() error {
					switch {
					case i.Mapping == "":
						return fmt.Errorf("%w: casegraph ingest needs --mapping FILE", errUsage)
					case i.MaxFileBytes <= 0:
						return fmt.Errorf("%w: --max-file-size must be a positive number of bytes", errUsage)
					}
					if i.RejectsDir == "" {
						i.RejectsDir = filepath.Join(c.DataDir, "rejects")
					}
					return nil
				})
			},
			run: func(ctx context.Context, in invocation) error {
				if in.cfg.Ingest.Bulk {
					return runBulkIngest(ctx, in.cfg, in.log, in.stdout, in.stderr)
				}
				if in.cfg.Neo4j.URI == "" {
					return ingestThroughServer(ctx, in.cfg.Ingest, in.log, in.stdout, in.stderr)
				}
				return withGraph(ctx, in.cfg, in.log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
					if err := store.Migrate(ctx); err != nil {
						return err
					}
					return runIngest(ctx, in.cfg.Ingest, in.log, store, in.stdout, in.stderr)
				})
			},
		},
		{
			name:  "export",
			usage: "[flags]",
			short: "write the graph as FollowTheMoney JSON lines",
			flags: func(f *flagSet, c *Config) {
				x := &c.Export
				graphFlags(f, c)
				f.StringVar(&x.Format, "format", "ftm", "export format: ftm (FollowTheMoney JSON lines)")
				f.StringVar(&x.Out, "out", "-", "output file, - for standard output")
				f.check(func() error {
					if x.Format != "ftm" {
						return fmt.Errorf("%w: --format must be ftm, got %q", errUsage, x.Format)
					}
					return nil
				})
			},
			run: func(ctx context.Context, in invocation) error {
				return withGraph(ctx, in.cfg, in.log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
					return runExport(ctx, in.cfg.Export, store, in.stdout)
				})
			},
		},
		{
			name:  "xref",
			usage: "[--dataset NAME [--within]] [flags]",
			short: "cross-reference records: the pairs that may be one person, organisation or account, as JSON lines",
			long: "Reads the people, organisations and bank accounts of a dataset and compares them with every other\n" +
				"dataset's (--within: with each other; no --dataset: everything with everything), best pairs first.\n" +
				"The explorer's review queue and the GraphQL field xref give the same pairs; this runs the large ones\n" +
				"with a progress bar. See docs/xref.md.",
			flags: func(f *flagSet, c *Config) {
				x := &c.Xref
				graphFlags(f, c)
				f.StringVar(&x.Dataset, "dataset", "", "the dataset whose records are compared (default: all records with each other)")
				f.BoolVar(&x.Within, "within", false, "compare the dataset's records with each other")
				f.Float64Var(&x.MinScore, "min-score", 0.5, "the lowest score written, 0 to 1")
				f.StringVar(&x.Out, "out", "-", "output file, - for standard output")
				f.check(func() error {
					if x.MinScore < 0 || x.MinScore > 1 {
						return fmt.Errorf("%w: --min-score is a score between 0 and 1, got %g", errUsage, x.MinScore)
					}
					if x.Within && x.Dataset == "" {
						return fmt.Errorf("%w: --within compares a dataset with itself: name it with --dataset", errUsage)
					}
					return nil
				})
			},
			run: func(ctx context.Context, in invocation) error {
				return withGraph(ctx, in.cfg, in.log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
					return runXref(ctx, in.cfg.Xref, store, in.log, in.stdout, in.stderr)
				})
			},
		},
		{
			name:  "judgements",
			usage: "export|import",
			short: "write or read analysts' same/different verdicts in nomenklatura's resolver format",
			actions: []*command{
				{
					name:  "export",
					usage: "[--out FILE]",
					short: "write every pair's newest verdict as resolver JSON lines",
					flags: func(f *flagSet, c *Config) {
						graphFlags(f, c)
						f.StringVar(&c.Xref.Out, "out", "-", "output file, - for standard output")
					},
					run: func(ctx context.Context, in invocation) error {
						return withGraph(ctx, in.cfg, in.log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
							return exportJudgements(ctx, in.cfg.Xref, store, in.stdout, in.stderr)
						})
					},
				},
				{
					name:  "import",
					usage: "FILE [--user NAME]",
					short: "record the verdicts of a resolver file (contradictions are refused, line by line)",
					flags: func(f *flagSet, c *Config) {
						graphFlags(f, c)
						f.StringVar(&c.Xref.User, "user", "import", "who verdicts without a user are recorded as")
						f.oneArg(&c.Xref.File)
						f.check(func() error {
							if c.Xref.File == "" {
								return fmt.Errorf("%w: casegraph judgements import needs the file to read", errUsage)
							}
							return nil
						})
					},
					run: func(ctx context.Context, in invocation) error {
						return withGraph(ctx, in.cfg, in.log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
							return importJudgements(ctx, in.cfg.Xref, store, in.stdout)
						})
					},
				},
			},
		},
		{
			name:  "generate",
			usage: "--out DIR [flags]",
			short: "write synthetic spreadsheets (and their mapping) for tests and benchmarks",
			flags: func(f *flagSet, c *Config) {
				g := &c.Generate
				logFlags(f, &c.Log)
				f.StringVar(&g.Out, "out", "", "folder to write the synthetic spreadsheets and mapping to")
				f.IntVar(&g.Rows, "rows", 10000, "payment rows (other tables scale with it)")
				f.Int64Var(&g.Seed, "seed", 1, "random seed: the same seed gives the same files")
				f.BoolVar(&g.PaymentsOnly, "payments-only", false, "write payments.csv alone")
				f.BoolVar(&g.Xref, "xref", false, "also write OUT/register: a second dataset recording some of the same parties differently, with truth.csv")
				f.check(func() error {
					if g.Out == "" || g.Rows < 1 {
						return fmt.Errorf("%w: casegraph generate needs --out DIR and --rows N (at least 1)", errUsage)
					}
					if g.Xref && g.PaymentsOnly {
						return fmt.Errorf("%w: casegraph generate --xref needs the whole case, not --payments-only", errUsage)
					}
					return nil
				})
			},
			run: func(_ context.Context, in invocation) error {
				return runGenerate(in.cfg.Generate, in.log, in.stdout)
			},
		},
		{
			name:  "migrate",
			usage: "[flags]",
			short: "apply the graph schema (constraints and indexes) and exit",
			flags: graphFlags,
			run: func(ctx context.Context, in invocation) error {
				return withGraph(ctx, in.cfg, in.log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
					return migrateAll(ctx, store)
				})
			},
		},
		{
			name:  "token",
			usage: "create|list|revoke",
			short: "create, list or revoke API tokens",
			long:  tokenHelp,
			actions: []*command{
				{
					name:  "create",
					usage: "--name NAME --role viewer|analyst|admin",
					short: "create an API token and print its secret, once",
					flags: func(f *flagSet, c *Config) {
						t := &c.Token
						graphFlags(f, c)
						f.StringVar(&t.Name, "name", "", "who or what the token is for")
						f.StringVar(&t.Role, "role", "", "the token's role: viewer (queries), analyst (also ingest) or admin")
						f.check(func() error {
							if strings.TrimSpace(t.Name) == "" || !casegraph.ValidRole(t.Role) {
								return fmt.Errorf("%w: casegraph token create needs --name NAME and --role viewer, analyst or admin", errUsage)
							}
							return nil
						})
					},
					run: withTokens(createToken),
				},
				{
					name:  "list",
					short: "list the API tokens",
					flags: graphFlags,
					run:   withTokens(listTokens),
				},
				{
					name:  "revoke",
					usage: "ID",
					short: "revoke an API token",
					flags: func(f *flagSet, c *Config) {
						graphFlags(f, c)
						f.oneArg(&c.Token.ID)
						f.check(func() error {
							if c.Token.ID == "" {
								return fmt.Errorf("%w: casegraph token revoke needs the token's id (see casegraph token list)", errUsage)
							}
							return nil
						})
					},
					run: withTokens(revokeToken),
				},
			},
		},
		{
			name:  "schema",
			short: "print the GraphQL schema",
			run: func(_ context.Context, in invocation) error {
				_, err := io.WriteString(in.stdout, api.Schema)
				return err
			},
		},
		{
			name:    "help",
			aliases: []string{"-h", "--help"},
			usage:   "[COMMAND]",
			short:   "print this list, or a command's flags",
			flags:   func(f *flagSet, c *Config) { f.args(&c.Help) },
			run: func(_ context.Context, in invocation) error {
				return help(in.stdout, in.stderr, in.cfg.Help)
			},
		},
	}
}

// find looks up the command args name, and its action when it has actions
// and args name one: the command, its full name ("token create") and the
// arguments after them. No such command: nil.
func find(args []string) (cmd *command, name string, rest []string) {
	cmd = lookup(commands(), args[0])
	if cmd == nil {
		return nil, "", nil
	}
	name, rest = cmd.name, args[1:]
	if len(cmd.actions) > 0 && len(rest) > 0 {
		if action := lookup(cmd.actions, rest[0]); action != nil {
			cmd, name, rest = action, name+" "+action.name, rest[1:]
		}
	}
	return cmd, name, rest
}

func lookup(table []*command, name string) *command {
	for _, c := range table {
		if c.name == name {
			return c
		}
		for _, alias := range c.aliases {
			if alias == name {
				return c
			}
		}
	}
	return nil
}

// usage is casegraph's usage text: every command of the table, one line each.
func usage() string {
	var b strings.Builder
	b.WriteString("casegraph — an investigation graph explorer on Neo4j\n\n" +
		"usage: casegraph <command> [flags]\n\ncommands:\n")
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, c := range commands() {
		short := c.short
		if len(c.actions) > 0 {
			var lines []string
			for _, a := range c.actions {
				lines = append(lines, strings.TrimSpace(a.name+" "+a.usage))
			}
			short += " (" + strings.Join(lines, "; ") + ")"
		}
		fmt.Fprintf(w, "  %s\t%s\n", c.name, short)
	}
	w.Flush()
	b.WriteString("\nRun \"casegraph <command> -h\" for a command's flags.\n")
	return b.String()
}

// writeUsage writes one command's usage: its actions, or its command line,
// what it does, and its flags (fs, which may be nil for a command with
// actions).
func writeUsage(w io.Writer, name string, cmd *command, fs *flag.FlagSet) {
	if len(cmd.actions) > 0 {
		fmt.Fprintln(w, "usage:")
		for _, a := range cmd.actions {
			fmt.Fprintf(w, "  %s\n", strings.TrimSpace("casegraph "+name+" "+a.name+" "+a.usage))
		}
	} else {
		fmt.Fprintf(w, "usage: %s\n\n%s\n", strings.TrimSpace("casegraph "+name+" "+cmd.usage), cmd.short)
	}
	if cmd.long != "" {
		fmt.Fprintf(w, "\n%s\n", cmd.long)
	}
	if fs != nil && hasFlags(fs) {
		fmt.Fprintln(w, "\nflags:")
		fs.PrintDefaults()
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	return has
}

// actionNames lists a command's actions for a sentence: "create, list or revoke".
func actionNames(cmd *command) string {
	var names []string
	for _, a := range cmd.actions {
		names = append(names, a.name)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// help writes the usage text, or that of the command (and action) topic
// names, to stdout.
func help(stdout, stderr io.Writer, topic []string) error {
	if len(topic) == 0 {
		_, err := io.WriteString(stdout, usage())
		return err
	}
	cmd, name, _ := find(topic)
	if cmd == nil {
		fmt.Fprint(stderr, usage())
		return fmt.Errorf("%w: unknown command %q", errUsage, topic[0])
	}
	f := newFlagSet(name, cmd, &Config{}, func(string) string { return "" })
	f.SetOutput(stdout)
	f.Usage()
	return nil
}
