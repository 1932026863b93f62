package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"time"

	"github.com/casegraph/casegraph/neo4jlocal"
)

// Config is what casegraph was told for one command, filled in one place,
// parseCommand, from flags and environment (flags win, then environment,
// then defaults). Each command declares the flags it reads (commands.go),
// so only its own parts are filled.
type Config struct {
	// DataDir holds the local Neo4j's data and casegraph's own files: the
	// audit log, uploads, rejected rows.
	DataDir string
	Log     LogConfig
	Neo4j   Neo4jConfig

	Serve    ServeConfig
	Ingest   IngestConfig
	Export   ExportConfig
	Generate GenerateConfig
	Token    TokenConfig
	Xref     XrefConfig
	// Help is the command (and action) help describes; none: all of them.
	Help []string
}

// LogConfig is how a command logs.
type LogConfig struct {
	Format string // text or json
	Level  string // debug, info, warn or error
}

// Neo4jConfig is the graph a command works on: an existing Neo4j, or, with
// no URI, the local one that casegraph starts itself.
type Neo4jConfig struct {
	// An existing Neo4j. Empty URI: start the local one.
	URI      string
	User     string
	Password string
	Database string
	// RequestTimeout bounds every Neo4j transaction, and for serve every
	// GraphQL request.
	RequestTimeout time.Duration

	// The local Neo4j (its data is in Config.DataDir).
	BoltAddr    string
	Heap        string
	PageCache   string
	LauncherJar string
	Java        string
}

// ServeConfig is what serve alone is told.
type ServeConfig struct {
	HTTPAddr     string
	MaxBodyBytes int64
	// NoAuth turns token authentication off (loopback only).
	NoAuth bool
	// The names the server is reached by (Host), other web origins that
	// may write, and the proxies whose X-Forwarded-For is believed; see
	// docs/security.md. AllowedHosts defaults to the listen address's names.
	AllowedHosts   []string
	AllowedOrigins []string
	TrustedProxies []string
	// FrontendDir is the built web explorer (frontend/dist), read from disk
	// at runtime so the Go build never depends on the npm build.
	FrontendDir string
	// The garbage collector's target (GOGC) and soft memory limit; 0
	// leaves Go's setting, which GOGC and GOMEMLIMIT in the environment make.
	GCPercent   int
	MemoryLimit int64
	// Load is a mapping loaded before serving.
	Load string
}

// IngestConfig is what ingest is told.
type IngestConfig struct {
	// Server is the casegraph the files are sent to (unless Neo4j.URI
	// names a Neo4j to load straight into), with Token.
	Server     string
	Token      string
	Mapping    string
	DryRun     bool
	BatchSize  int
	Parallel   int
	RejectsDir string
	// Files replace the mapping's inputs of the same name.
	Files []string
	// MaxFileBytes is the largest input file ingest reads.
	MaxFileBytes int64
	// Bulk loads into an empty local data folder through Neo4j's
	// offline importer (bulk.go).
	Bulk bool
}

// ExportConfig is what export is told.
type ExportConfig struct {
	Format string
	Out    string
}

// GenerateConfig is what generate is told.
type GenerateConfig struct {
	Out          string
	Rows         int
	Seed         int64
	PaymentsOnly bool
	Xref         bool // also write the register (OUT/register) that overlaps the case, with truth.csv
}

// TokenConfig is what the token actions are told: create's name and role,
// revoke's id.
type TokenConfig struct {
	Name string
	Role string
	ID   string
}

// envVars names every environment variable casegraph reads, with the flag it
// stands in for. The docker-compose test checks the file against this list.
var envVars = map[string]string{
	"CASEGRAPH_HTTP_ADDR":       "http-addr",
	"CASEGRAPH_REQUEST_TIMEOUT": "request-timeout",
	"NEO4J_URI":                 "neo4j-uri",
	"NEO4J_USER":                "neo4j-user",
	"NEO4J_PASSWORD":            "neo4j-password",
	"NEO4J_DATABASE":            "neo4j-database",
	"CASEGRAPH_DATA_DIR":        "data-dir",
	"CASEGRAPH_BOLT_ADDR":       "bolt-addr",
	"CASEGRAPH_NEO4J_HEAP":      "neo4j-heap",
	"CASEGRAPH_NEO4J_PAGECACHE": "neo4j-pagecache",
	"CASEGRAPH_NEO4J_LAUNCHER":  "neo4j-launcher",
	"CASEGRAPH_JAVA":            "java",
	"CASEGRAPH_LOG_FORMAT":      "log-format",
	"CASEGRAPH_LOG_LEVEL":       "log-level",
	"CASEGRAPH_NO_AUTH":         "no-auth",
	"CASEGRAPH_FRONTEND_DIR":    "frontend-dir",
	"CASEGRAPH_ALLOWED_HOSTS":   "allowed-hosts",
	"CASEGRAPH_ALLOWED_ORIGINS": "allowed-origins",
	"CASEGRAPH_TRUSTED_PROXIES": "trusted-proxies",
	"CASEGRAPH_URL":             "server",
	"CASEGRAPH_TOKEN":           "token",
}

// Defaults, sized for a 2-core / 24 GiB machine running casegraph and Neo4j
// side by side: Neo4j gets a 1 GiB heap and a 1 GiB page cache.
const (
	defaultHTTPAddr  = "127.0.0.1:8080"
	defaultBoltAddr  = "127.0.0.1:7687"
	defaultHeap      = "1g"
	defaultPageCache = "1g"
	defaultDataDir   = ".casegraph"
)

// errUsage marks errors in how casegraph was called (exit status 2).
var errUsage = errors.New("usage")

// parseCommand finds the command that args name (and its action: token
// create) and fills its configuration from its flags over the environment.
// When args name no command it writes the usage to stderr.
func parseCommand(args []string, getenv func(string) string, stderr io.Writer) (*command, Config, error) {
	var c Config
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return nil, c, fmt.Errorf("%w: no command given", errUsage)
	}
	cmd, name, rest := find(args)
	switch {
	case cmd == nil:
		fmt.Fprint(stderr, usage())
		return nil, c, fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	case len(cmd.actions) > 0:
		writeUsage(stderr, name, cmd, nil)
		return nil, c, fmt.Errorf("%w: casegraph %s needs an action: %s", errUsage, name, actionNames(cmd))
	}
	f := newFlagSet(name, cmd, &c, getenv)
	f.SetOutput(stderr)
	if err := f.parse(rest); err != nil {
		return nil, c, err
	}
	return cmd, c, nil
}

// flagSet is one command's command line as its table entry declares it:
// its flags, the arguments it takes after them, and the checks its values
// get once parsed.
type flagSet struct {
	*flag.FlagSet
	getenv func(string) string
	arg    *string   // the one argument, which flags may follow too
	rest   *[]string // any number of arguments after the flags
	checks []func() error
}

func newFlagSet(name string, cmd *command, c *Config, getenv func(string) string) *flagSet {
	f := &flagSet{FlagSet: flag.NewFlagSet("casegraph "+name, flag.ContinueOnError), getenv: getenv}
	if cmd.flags != nil {
		cmd.flags(f, c)
	}
	f.Usage = func() { writeUsage(f.Output(), name, cmd, f.FlagSet) }
	return f
}

// list declares a flag holding a comma-separated list.
func (f *flagSet) list(p *[]string, name, usage string) {
	f.Func(name, usage, func(v string) error {
		*p = nil
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				*p = append(*p, item)
			}
		}
		return nil
	})
}

// oneArg declares that the command takes one argument, which flags may
// follow too (token revoke ID --log-level warn).
func (f *flagSet) oneArg(p *string) { f.arg = p }

// args declares that the command takes any number of arguments after its
// flags; without it, it takes none.
func (f *flagSet) args(p *[]string) { f.rest = p }

// check adds a check (or completion) of the parsed values; checks run in
// the order they were declared.
func (f *flagSet) check(fn func() error) { f.checks = append(f.checks, fn) }

// parse sets the flags from the environment, then from args, takes the
// arguments, and runs the checks.
func (f *flagSet) parse(args []string) error {
	// Environment first, as the flags' values; explicit flags then override.
	for env, name := range envVars {
		if f.Lookup(name) == nil {
			continue // a setting of another command
		}
		if v := f.getenv(env); v != "" {
			if err := f.Set(name, v); err != nil {
				return fmt.Errorf("%w: environment %s=%q: %v", errUsage, env, v, err)
			}
		}
	}
	if err := f.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if f.arg != nil && f.NArg() > 0 { // the argument, then perhaps more flags
		*f.arg = f.Arg(0)
		if err := f.Parse(f.Args()[1:]); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	switch {
	case f.rest != nil:
		*f.rest = f.Args()
	case f.NArg() > 0:
		return fmt.Errorf("%w: %s takes no arguments, got %q", errUsage, f.Name(), f.Args())
	}
	for _, check := range f.checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// The flags several commands share. Each command's table entry calls the
// helpers for the groups it reads.

// logFlags declares how a command logs.
func logFlags(f *flagSet, c *LogConfig) {
	f.StringVar(&c.Format, "log-format", "text", "log format: text or json")
	f.StringVar(&c.Level, "log-level", "info", "log level: debug, info, warn, error")
	f.check(func() error {
		switch c.Format {
		case "text", "json":
		default:
			return fmt.Errorf("%w: --log-format must be text or json, got %q", errUsage, c.Format)
		}
		_, err := parseLevel(c.Level)
		return err
	})
}

// localNeo4jFlags declares the data folder and how the local Neo4j runs:
// for neo4j, and for every command that starts it when given no URI.
func localNeo4jFlags(f *flagSet, c *Config) {
	n := &c.Neo4j
	f.StringVar(&c.DataDir, "data-dir", defaultDataDir, "folder for the local Neo4j's data and casegraph's files")
	f.StringVar(&n.BoltAddr, "bolt-addr", defaultBoltAddr, "loopback address of the local Neo4j's Bolt port")
	f.StringVar(&n.Heap, "neo4j-heap", defaultHeap, "local Neo4j JVM heap")
	f.StringVar(&n.PageCache, "neo4j-pagecache", defaultPageCache, "local Neo4j page cache")
	f.StringVar(&n.LauncherJar, "neo4j-launcher", "", "path of casegraph-neo4j.jar (default: launcher/target/)")
	f.StringVar(&n.Java, "java", "", "java executable for the local Neo4j (default: $JAVA_HOME/bin/java or java on PATH)")
	f.check(func() error {
		if n.LauncherJar == "" {
			n.LauncherJar = neo4jlocal.DefaultLauncherJar()
		}
		return nil
	})
}

// graphFlags declares the flags of a command that works on the graph: the
// Neo4j to use (or the local one to start), the data folder, and logging.
func graphFlags(f *flagSet, c *Config) {
	n := &c.Neo4j
	f.DurationVar(&n.RequestTimeout, "request-timeout", 30*time.Second, "longest a GraphQL request, or a Neo4j transaction, may run")
	f.StringVar(&n.URI, "neo4j-uri", "", "use this Neo4j (bolt://, neo4j://, +s variants) instead of starting one")
	f.StringVar(&n.User, "neo4j-user", "neo4j", "Neo4j user (with --neo4j-uri)")
	f.StringVar(&n.Password, "neo4j-password", "", "Neo4j password (with --neo4j-uri)")
	f.StringVar(&n.Database, "neo4j-database", "neo4j", "Neo4j database name")
	localNeo4jFlags(f, c)
	logFlags(f, &c.Log)
	f.check(func() error {
		if n.URI == "" {
			n.User, n.Password = "", "" // the local Neo4j runs without auth, on loopback
		}
		if n.RequestTimeout <= 0 {
			return fmt.Errorf("%w: --request-timeout must be positive", errUsage)
		}
		return nil
	})
}

// isLoopback reports whether a listen address accepts connections from this
// machine only.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostsOf is the names a server listening on addr is reached by: its own
// host, and the loopback names when it listens on loopback. A server
// listening on all addresses is reached by names it cannot know: nil.
func hostsOf(addr string) []string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return nil
	}
	hosts := []string{host}
	if isLoopback(addr) {
		hosts = append(hosts, "localhost", "127.0.0.1", "::1")
	}
	return hosts
}

// Neo4jHome is the local Neo4j's data folder.
func (c Config) Neo4jHome() string { return filepath.Join(c.DataDir, "neo4j") }

func (c Config) localNeo4j(log *slog.Logger, output io.Writer, restart bool) neo4jlocal.Options {
	home, _ := filepath.Abs(c.Neo4jHome())
	return neo4jlocal.Options{Java: c.Neo4j.Java, LauncherJar: c.Neo4j.LauncherJar, Home: home,
		BoltAddr: c.Neo4j.BoltAddr, Heap: c.Neo4j.Heap, PageCache: c.Neo4j.PageCache,
		ImportDir: filepath.Join(home, "import"), Restart: restart, Output: output, Log: log}
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(s))); err != nil {
		return l, fmt.Errorf("%w: --log-level must be debug, info, warn or error, got %q", errUsage, s)
	}
	return l, nil
}

// logger logs to w as c says; a command without log flags logs text at info.
func (c LogConfig) logger(w io.Writer) *slog.Logger {
	level, _ := parseLevel(c.Level)
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// exitCode maps an error from run to a process exit status.
func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}
