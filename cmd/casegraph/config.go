package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/neo4jlocal"
)

// Config is everything casegraph can be told, filled in one place from flags
// and environment (flags win, then environment, then defaults).
type Config struct {
	HTTPAddr       string
	RequestTimeout time.Duration
	MaxBodyBytes   int64
	// NoAuth turns token authentication off (serve, loopback only).
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
	// The garbage collector's target (GOGC) and soft memory limit for
	// serve; 0 leaves Go's setting, which GOGC and GOMEMLIMIT in the
	// environment make.
	GCPercent   int
	MemoryLimit int64

	// An existing Neo4j. Empty URI: start the local one.
	Neo4jURI      string
	Neo4jUser     string
	Neo4jPassword string
	Neo4jDatabase string

	// The local Neo4j.
	DataDir        string
	BoltAddr       string
	Neo4jHeap      string
	Neo4jPageCache string
	LauncherJar    string
	Java           string

	LogFormat string
	LogLevel  string

	// ingest (and serve --load)
	Mapping    string
	Load       string
	DryRun     bool
	BatchSize  int
	Parallel   int
	RejectsDir string
	Files      []string
	// MaxFileBytes is the largest input file ingest reads.
	MaxFileBytes int64

	// export and generate
	Format       string
	Out          string
	Rows         int
	Seed         int64
	PaymentsOnly bool

	// token: the action (create, list, revoke) and its arguments
	TokenAction string
	TokenName   string
	TokenRole   string
	TokenID     string
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

// parseConfig reads the flags of one subcommand over the environment.
func parseConfig(cmd string, args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	var c Config
	if cmd == "token" {
		if len(args) == 0 || !slices.Contains([]string{"create", "list", "revoke"}, args[0]) {
			fmt.Fprint(stderr, tokenUsage)
			return c, fmt.Errorf("%w: casegraph token needs an action: create, list or revoke", errUsage)
		}
		c.TokenAction, args = args[0], args[1:]
		cmd += " " + c.TokenAction
	}
	fs := flag.NewFlagSet("casegraph "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	str := func(p *string, name, def, usage string) { fs.StringVar(p, name, def, usage) }
	list := func(p *[]string, name, usage string) {
		fs.Func(name, usage, func(v string) error {
			*p = nil
			for _, item := range strings.Split(v, ",") {
				if item = strings.TrimSpace(item); item != "" {
					*p = append(*p, item)
				}
			}
			return nil
		})
	}
	str(&c.HTTPAddr, "http-addr", defaultHTTPAddr, "address the HTTP server listens on")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", 30*time.Second, "longest a GraphQL request may run")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", 1<<20, "largest GraphQL request body accepted")
	str(&c.Neo4jURI, "neo4j-uri", "", "use this Neo4j (bolt://, neo4j://, +s variants) instead of starting one")
	str(&c.Neo4jUser, "neo4j-user", "neo4j", "Neo4j user (with --neo4j-uri)")
	str(&c.Neo4jPassword, "neo4j-password", "", "Neo4j password (with --neo4j-uri)")
	str(&c.Neo4jDatabase, "neo4j-database", "neo4j", "Neo4j database name")
	str(&c.DataDir, "data-dir", defaultDataDir, "folder for the local Neo4j's data and casegraph's files")
	str(&c.BoltAddr, "bolt-addr", defaultBoltAddr, "loopback address of the local Neo4j's Bolt port")
	str(&c.Neo4jHeap, "neo4j-heap", defaultHeap, "local Neo4j JVM heap")
	str(&c.Neo4jPageCache, "neo4j-pagecache", defaultPageCache, "local Neo4j page cache")
	str(&c.LauncherJar, "neo4j-launcher", "", "path of casegraph-neo4j.jar (default: launcher/target/)")
	str(&c.Java, "java", "", "java executable for the local Neo4j (default: $JAVA_HOME/bin/java or java on PATH)")
	str(&c.LogFormat, "log-format", "text", "log format: text or json")
	str(&c.LogLevel, "log-level", "info", "log level: debug, info, warn, error")

	switch cmd {
	case "serve":
		str(&c.Load, "load", "", "a mapping file to load before serving (skipped when already loaded)")
		str(&c.FrontendDir, "frontend-dir", "frontend/dist", "folder of the built web explorer served at / (make frontend builds it)")
		fs.BoolVar(&c.NoAuth, "no-auth", false, "turn token authentication off: every request is an admin's (only with a loopback --http-addr)")
		list(&c.AllowedHosts, "allowed-hosts", "names the server is reached by, comma-separated (default: those of --http-addr; any when it listens on all addresses)")
		list(&c.AllowedOrigins, "allowed-origins", "web origins besides the server's own that may write, e.g. https://casegraph.example.org")
		list(&c.TrustedProxies, "trusted-proxies", "addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed")
		// A request allocates much that dies with it: the heap may grow to
		// five times what is live between collections (Go's default is
		// twice) under a 1 GiB soft limit, unless the environment says.
		if getenv("GOGC") == "" {
			c.GCPercent = 400
		}
		if getenv("GOMEMLIMIT") == "" {
			c.MemoryLimit = 1 << 30
		}
	case "token create":
		str(&c.TokenName, "name", "", "who or what the token is for")
		str(&c.TokenRole, "role", "", "the token's role: viewer (queries), analyst (also ingest) or admin")
	case "ingest":
		str(&c.Mapping, "mapping", "", "the mapping file (YAML; see docs/mapping.md)")
		fs.BoolVar(&c.DryRun, "dry-run", false, "map and validate, show a preview and every error; write nothing")
		fs.IntVar(&c.BatchSize, "batch-size", 0, "rows per write transaction (default: tuned)")
		fs.IntVar(&c.Parallel, "parallel", 0, "write transactions in flight at once (default 1; more helps on servers with many cores)")
		str(&c.RejectsDir, "rejects-dir", "", "where rejected rows are written as CSV (default: <data-dir>/rejects)")
		fs.Int64Var(&c.MaxFileBytes, "max-file-size", ingest.DefaultMaxFileBytes, "largest input file read, in bytes")
	case "export":
		str(&c.Format, "format", "ftm", "export format: ftm (FollowTheMoney JSON lines)")
		str(&c.Out, "out", "-", "output file, - for standard output")
	case "generate":
		str(&c.Out, "out", "", "folder to write the synthetic spreadsheets and mapping to")
		fs.IntVar(&c.Rows, "rows", 10000, "payment rows (other tables scale with it)")
		fs.Int64Var(&c.Seed, "seed", 1, "random seed: the same seed gives the same files")
		fs.BoolVar(&c.PaymentsOnly, "payments-only", false, "write payments.csv alone")
	}
	// Environment first, as the flags' values; explicit flags then override.
	for env, name := range envVars {
		if fs.Lookup(name) == nil {
			continue // a setting of another command
		}
		if v := getenv(env); v != "" {
			if err := fs.Set(name, v); err != nil {
				return c, fmt.Errorf("%w: environment %s=%q: %v", errUsage, env, v, err)
			}
		}
	}
	if err := fs.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %v", errUsage, err)
	}
	if cmd == "token revoke" && fs.NArg() > 0 { // the id, then perhaps more flags
		c.TokenID = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return c, fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	if fs.NArg() > 0 && cmd != "ingest" {
		return c, fmt.Errorf("%w: casegraph %s takes no arguments, got %q", errUsage, cmd, fs.Args())
	}
	c.Files = fs.Args()
	switch {
	case cmd == "ingest" && c.Mapping == "":
		return c, fmt.Errorf("%w: casegraph ingest needs --mapping FILE", errUsage)
	case cmd == "ingest" && c.MaxFileBytes <= 0:
		return c, fmt.Errorf("%w: --max-file-size must be a positive number of bytes", errUsage)
	case cmd == "export" && c.Format != "ftm":
		return c, fmt.Errorf("%w: --format must be ftm, got %q", errUsage, c.Format)
	case cmd == "generate" && (c.Out == "" || c.Rows < 1):
		return c, fmt.Errorf("%w: casegraph generate needs --out DIR and --rows N (at least 1)", errUsage)
	case cmd == "token create" && (strings.TrimSpace(c.TokenName) == "" || !casegraph.ValidRole(c.TokenRole)):
		return c, fmt.Errorf("%w: casegraph token create needs --name NAME and --role viewer, analyst or admin", errUsage)
	case cmd == "token revoke" && c.TokenID == "":
		return c, fmt.Errorf("%w: casegraph token revoke needs the token's id (see casegraph token list)", errUsage)
	case c.NoAuth && !isLoopback(c.HTTPAddr):
		return c, fmt.Errorf("%w: --no-auth (or CASEGRAPH_NO_AUTH) turns authentication off, so it is only allowed "+
			"when the HTTP server listens on loopback (127.0.0.1, ::1 or localhost), not on %q; "+
			"listen on loopback, or keep authentication on and create tokens with `casegraph token create`", errUsage, c.HTTPAddr)
	}
	if cmd == "serve" && len(c.AllowedHosts) == 0 {
		c.AllowedHosts = hostsOf(c.HTTPAddr)
	}
	if c.RejectsDir == "" {
		c.RejectsDir = filepath.Join(c.DataDir, "rejects")
	}
	if c.Neo4jURI == "" {
		c.Neo4jUser, c.Neo4jPassword = "", "" // the local Neo4j runs without auth, on loopback
	}
	if c.LauncherJar == "" {
		c.LauncherJar = neo4jlocal.DefaultLauncherJar()
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return c, fmt.Errorf("%w: --log-format must be text or json, got %q", errUsage, c.LogFormat)
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return c, err
	}
	if c.RequestTimeout <= 0 {
		return c, fmt.Errorf("%w: --request-timeout must be positive", errUsage)
	}
	return c, nil
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
	return neo4jlocal.Options{Java: c.Java, LauncherJar: c.LauncherJar, Home: home, BoltAddr: c.BoltAddr,
		Heap: c.Neo4jHeap, PageCache: c.Neo4jPageCache, ImportDir: filepath.Join(home, "import"),
		Restart: restart, Output: output, Log: log}
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(s))); err != nil {
		return l, fmt.Errorf("%w: --log-level must be debug, info, warn or error, got %q", errUsage, s)
	}
	return l, nil
}

func (c Config) logger(w io.Writer) *slog.Logger {
	level, _ := parseLevel(c.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
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
