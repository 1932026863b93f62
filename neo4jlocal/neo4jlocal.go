// Package neo4jlocal runs a real Neo4j Community server as a child process:
// the small Java launcher in launcher/ (built with Maven from Maven Central
// artifacts) hosting Neo4j in its JVM with only Bolt, on loopback. It is
// casegraph's embedded default when no NEO4J_URI is given.
package neo4jlocal

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options configure one local Neo4j instance. Each instance needs its own Home.
type Options struct {
	Java        string // java executable; "" finds $JAVA_HOME/bin/java or java on PATH
	LauncherJar string // casegraph-neo4j.jar, with its lib/ folder beside it
	Home        string // data folder: databases, transaction logs, Neo4j's logs
	BoltAddr    string // loopback host:port for Bolt
	Heap        string // JVM heap, e.g. "1g" (initial = max, as Neo4j advises)
	PageCache   string // Neo4j page cache, e.g. "512m"
	ImportDir   string // optional folder LOAD CSV may read from
	// Restart relaunches Neo4j when it exits unexpectedly (serve mode).
	Restart bool
	// Output, when set, also receives the child's output (foreground mode).
	Output io.Writer
	Log    *slog.Logger
}

// StartTimeout bounds how long Neo4j may take to become ready.
const StartTimeout = 3 * time.Minute

// jvmFlags are the JVM options Neo4j 5's own neo4j.conf ships, minus the ones
// that only matter for diagnostics. The --add-opens lines are what Java 17
// needs for Neo4j's direct memory and native I/O access.
var jvmFlags = []string{
	"-XX:+UseG1GC",
	"-XX:-OmitStackTraceInFastThrow",
	"-XX:+UnlockExperimentalVMOptions",
	"-XX:+TrustFinalNonStaticFields",
	"-XX:+DisableExplicitGC",
	"-Djdk.nio.maxCachedBufferSize=1024",
	"-Dio.netty.tryReflectionSetAccessible=true",
	"-Dlog4j2.disable.jmx=true",
	"-Dfile.encoding=UTF-8",
	"--add-opens=java.base/java.nio=ALL-UNNAMED",
	"--add-opens=java.base/java.io=ALL-UNNAMED",
	"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
}

// Server is a running (or restarting) local Neo4j.
type Server struct {
	opts Options
	java string
	log  *slog.Logger

	mu       sync.Mutex
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	running  bool
	stopping bool
	lastErr  error      // why it is not running, when it is not
	exited   chan error // receives each child's exit
	tail     *ringLines
	done     chan struct{} // closed when the supervisor gives up or Stop finishes
	doneErr  error
}

// Start checks Java and the launcher, starts Neo4j and waits until Bolt
// answers. The returned Server keeps Neo4j running (restarting it if
// opts.Restart) until Stop.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	java, err := FindJava(opts.Java)
	if err != nil {
		return nil, err
	}
	if err := CheckLauncher(opts.LauncherJar); err != nil {
		return nil, err
	}
	if opts.Home == "" || opts.BoltAddr == "" {
		return nil, errors.New("local Neo4j needs a data folder and a Bolt address")
	}
	if err := checkLoopback(opts.BoltAddr); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(opts.Home, "logs"), 0o755); err != nil {
		return nil, fmt.Errorf("creating Neo4j data folder: %w", err)
	}
	if inUse(opts.BoltAddr) {
		return nil, fmt.Errorf("cannot start local Neo4j: %s is already in use (another Neo4j or casegraph?); "+
			"choose another address with --bolt-addr or point NEO4J_URI at the running server", opts.BoltAddr)
	}
	s := &Server{opts: opts, java: java, log: opts.Log, exited: make(chan error, 1),
		tail: newRingLines(40), done: make(chan struct{})}
	started := time.Now()
	if err := s.launch(ctx); err != nil {
		return nil, err
	}
	s.log.Info("local Neo4j ready", "bolt", s.URI(), "home", opts.Home, "took", time.Since(started).Round(time.Millisecond))
	go s.supervise()
	return s, nil
}

// URI is the Bolt URI clients use.
func (s *Server) URI() string { return "bolt://" + s.opts.BoltAddr }

// PIDFile is where the running child's process id is written.
func (s *Server) PIDFile() string { return filepath.Join(s.opts.Home, "casegraph-neo4j.pid") }

// Health is nil while Neo4j runs, else says why it does not, in words fit
// for a client (/readyz shows them): no address, no output of Neo4j's.
func (s *Server) Health() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		return nil
	}
	if s.lastErr != nil {
		return s.lastErr
	}
	return errors.New("local Neo4j is not running")
}

// Done is closed when Neo4j has stopped for good: after Stop, or when it
// exits and Restart is off. Err then says why.
func (s *Server) Done() <-chan struct{} { return s.done }

// Err is the reason the server stopped for good (nil after a clean Stop).
func (s *Server) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.doneErr
}

// launch starts one child and waits for its ready line and an open Bolt port.
func (s *Server) launch(ctx context.Context) error {
	args := append([]string{"-Xms" + s.opts.Heap, "-Xmx" + s.opts.Heap}, jvmFlags...)
	args = append(args, "-jar", s.opts.LauncherJar, "--home", s.opts.Home, "--bolt", s.opts.BoltAddr,
		"--pagecache", s.opts.PageCache, "--exit-on-stdin-eof")
	if s.opts.ImportDir != "" {
		args = append(args, "--import-dir", s.opts.ImportDir)
	}
	if dir := PluginsDir(s.opts.LauncherJar); dir != "" {
		args = append(args, "--plugins", dir)
	}
	cmd := exec.Command(s.java, args...)
	// Its own process group: a Ctrl-C in the terminal reaches casegraph, which
	// then stops Neo4j in order, after the HTTP server and the driver.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = cmd.Stdout // one stream, in order
	logFile, err := os.OpenFile(filepath.Join(s.opts.Home, "logs", "casegraph-neo4j.log"),
		os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("opening Neo4j log: %w", err)
	}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("starting %s: %w", s.java, err)
	}
	_ = os.WriteFile(s.PIDFile(), []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o644)

	ready := make(chan struct{})
	go s.pump(out, logFile, ready)
	exited := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		logFile.Close()
		exited <- err
	}()

	s.mu.Lock()
	s.cmd, s.stdin = cmd, stdin
	s.mu.Unlock()

	timer := time.NewTimer(StartTimeout)
	defer timer.Stop()
	select {
	case <-ready:
	case err := <-exited:
		return fmt.Errorf("local Neo4j exited while starting (%v); its last output:\n%s\n(full log: %s)",
			err, s.tail.String(), filepath.Join(s.opts.Home, "logs", "casegraph-neo4j.log"))
	case <-timer.C:
		s.kill(cmd)
		<-exited
		return fmt.Errorf("local Neo4j did not become ready within %s; its last output:\n%s", StartTimeout, s.tail.String())
	case <-ctx.Done():
		s.kill(cmd)
		<-exited
		return ctx.Err()
	}
	// The ready line comes after Bolt is bound; one dial confirms it.
	if err := waitForPort(ctx, s.opts.BoltAddr, 30*time.Second); err != nil {
		s.kill(cmd)
		<-exited
		return err
	}
	s.mu.Lock()
	s.running, s.lastErr = true, nil
	s.mu.Unlock()
	go func() { s.exited <- <-exited }()
	return nil
}

// pump copies the child's output to its log file (and Output), keeps the last
// lines for error messages, and signals the ready line.
func (s *Server) pump(r io.Reader, logFile io.Writer, ready chan<- struct{}) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	signalled := false
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(logFile, line)
		if s.opts.Output != nil {
			fmt.Fprintln(s.opts.Output, line)
		}
		s.tail.add(line)
		if !signalled && strings.HasPrefix(line, "casegraph-neo4j ready") {
			signalled = true
			s.log.Info("neo4j: " + strings.TrimPrefix(line, "casegraph-neo4j "))
			close(ready)
		}
	}
}

// supervise waits for the child to exit and, unless we are stopping,
// restarts it with backoff (or gives up, when Restart is off).
func (s *Server) supervise() {
	backoff := time.Second
	for {
		err := <-s.exited
		s.mu.Lock()
		s.running = false
		stopping := s.stopping
		if !stopping {
			s.lastErr = fmt.Errorf("local Neo4j exited unexpectedly (%v)", exitReason(err))
		}
		pid := s.cmd.Process.Pid
		s.mu.Unlock()
		s.removePIDFile(pid)
		if stopping {
			s.finish(nil)
			return
		}
		s.log.Error("local Neo4j exited", "err", exitReason(err), "last_output", s.tail.String())
		if !s.opts.Restart {
			s.finish(s.Health())
			return
		}
		for {
			s.log.Warn("restarting local Neo4j", "in", backoff)
			time.Sleep(backoff)
			backoff = min(backoff*2, 30*time.Second)
			s.mu.Lock()
			stopping = s.stopping
			if !stopping {
				s.lastErr = errors.New("local Neo4j exited unexpectedly and is restarting")
			}
			s.mu.Unlock()
			if stopping {
				s.finish(nil)
				return
			}
			if err := s.launch(context.Background()); err != nil {
				s.mu.Lock()
				// The cause (with the address and Neo4j's output) goes to the log only.
				s.lastErr = errors.New("local Neo4j could not be restarted; the server log says why")
				s.mu.Unlock()
				s.log.Error("restarting local Neo4j failed", "bolt", s.URI(), "err", err)
				continue
			}
			s.log.Info("local Neo4j is back", "bolt", s.URI())
			backoff = time.Second
			break
		}
	}
}

// removePIDFile removes the pid file if it still names pid (a newer
// instance on the same folder may have replaced it).
func (s *Server) removePIDFile(pid int) {
	if b, err := os.ReadFile(s.PIDFile()); err == nil && strings.TrimSpace(string(b)) == strconv.Itoa(pid) {
		_ = os.Remove(s.PIDFile())
	}
}

func (s *Server) finish(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
	default:
		s.doneErr = err
		close(s.done)
	}
}

// Stop shuts Neo4j down cleanly (SIGTERM, so it checkpoints and closes its
// stores), killing it if it has not exited when ctx ends.
func (s *Server) Stop(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	cmd, stdin := s.cmd, s.stdin
	s.mu.Unlock()
	if cmd != nil && cmd.Process != nil {
		s.log.Info("stopping local Neo4j", "pid", cmd.Process.Pid)
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = stdin.Close()
	}
	started := time.Now()
	select {
	case <-s.done:
		s.log.Info("local Neo4j stopped", "took", time.Since(started).Round(time.Millisecond))
		return nil
	case <-ctx.Done():
		if cmd != nil {
			s.kill(cmd)
		}
		<-s.done
		return fmt.Errorf("local Neo4j did not stop in time and was killed: %w", ctx.Err())
	}
}

func (s *Server) kill(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

func exitReason(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// FindJava returns a usable java executable of version 17 or newer, or an
// error that says what to install.
func FindJava(explicit string) (string, error) {
	java := explicit
	if java == "" {
		if home := os.Getenv("JAVA_HOME"); home != "" {
			java = filepath.Join(home, "bin", "java")
		} else if p, err := exec.LookPath("java"); err == nil {
			java = p
		}
	}
	if java == "" {
		return "", errors.New("java not found: the local Neo4j needs a Java 17 runtime; " +
			"install one (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) or set JAVA_HOME, " +
			"or use an existing Neo4j by setting NEO4J_URI")
	}
	out, err := exec.Command(java, "-version").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("running %s -version failed (%v): install a Java 17 runtime or set JAVA_HOME", java, err)
	}
	major, ok := javaMajor(string(out))
	if !ok {
		return "", fmt.Errorf("cannot tell the version of %s from %q", java, firstLine(string(out)))
	}
	if major < 17 {
		return "", fmt.Errorf("%s is Java %d; Neo4j 5.26 needs Java 17 or 21: install openjdk-17-jre-headless or set JAVA_HOME", java, major)
	}
	return java, nil
}

var javaVersionRE = regexp.MustCompile(`version "(\d+)(?:\.(\d+))?`)

// javaMajor reads the major version from `java -version` output
// ("1.8.0_392" is 8, "17.0.15" is 17).
func javaMajor(out string) (int, bool) {
	m := javaVersionRE.FindStringSubmatch(out)
	if m == nil {
		return 0, false
	}
	major, _ := strconv.Atoi(m[1])
	if major == 1 && m[2] != "" {
		major, _ = strconv.Atoi(m[2])
	}
	return major, true
}

// CheckLauncher says what to run when the launcher has not been built.
func CheckLauncher(jar string) error {
	if jar == "" {
		return errors.New("no Neo4j launcher configured: build it with `make launcher` (needs Java 17 and Maven) " +
			"and pass --neo4j-launcher, or set NEO4J_URI to use an existing Neo4j")
	}
	if _, err := os.Stat(jar); err != nil {
		return fmt.Errorf("Neo4j launcher not found at %s: build it with `make launcher` (needs Java 17 and Maven; "+
			"Debian/Ubuntu: apt-get install maven), or set NEO4J_URI to use an existing Neo4j", jar)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(jar), "lib")); err != nil {
		return fmt.Errorf("Neo4j launcher at %s has no lib/ folder beside it: rebuild it with `make launcher`", jar)
	}
	return nil
}

// PluginsDir is the launcher's plugins/ folder (Neo4j Graph Data Science,
// which `make launcher` puts beside the jar), or "" when it has none: that
// Neo4j then runs without GDS and graph-level analysis says so.
func PluginsDir(jar string) string {
	dir := filepath.Join(filepath.Dir(jar), "plugins")
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return ""
	}
	return dir
}

// DefaultLauncherJar looks for the built launcher next to the working
// directory and next to the casegraph executable.
func DefaultLauncherJar() string {
	const rel = "launcher/target/casegraph-neo4j.jar"
	candidates := []string{rel}
	if exe, err := os.Executable(); err == nil {
		dir := filepath.Dir(exe)
		candidates = append(candidates, filepath.Join(dir, rel), filepath.Join(dir, "..", rel),
			filepath.Join(dir, "casegraph-neo4j", "casegraph-neo4j.jar"))
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			abs, _ := filepath.Abs(c)
			return abs
		}
	}
	abs, _ := filepath.Abs(rel)
	return abs
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("bad Bolt address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("local Neo4j runs without authentication, so it only listens on loopback; %q is not a loopback address", addr)
	}
	return nil
}

func inUse(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

func waitForPort(ctx context.Context, addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		if inUse(addr) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("local Neo4j said it was ready but nothing answers on %s", addr)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// ringLines keeps the last n lines written to it.
type ringLines struct {
	mu    sync.Mutex
	lines []string
	n     int
}

func newRingLines(n int) *ringLines { return &ringLines{n: n} }

func (r *ringLines) add(line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, line)
	if len(r.lines) > r.n {
		r.lines = r.lines[len(r.lines)-r.n:]
	}
}

func (r *ringLines) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "\n")
}
