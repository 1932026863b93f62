package neo4jlocal

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/casegraph/casegraph/internal/testenv"
)

func TestJavaMajor(t *testing.T) {
	cases := []struct {
		out  string
		want int
	}{
		{`openjdk version "17.0.15" 2025-04-15`, 17},
		{`openjdk version "25" 2025-09-16`, 25},
		{`java version "1.8.0_392"`, 8},
		{`openjdk version "21.0.2" 2024-01-16 LTS`, 21},
	}
	for _, c := range cases {
		got, ok := javaMajor(c.out)
		if !ok || got != c.want {
			t.Errorf("javaMajor(%q) = %d, %v; want %d", c.out, got, ok, c.want)
		}
	}
	if _, ok := javaMajor("no version here"); ok {
		t.Error("javaMajor accepted output without a version")
	}
}

func TestFindJavaSaysWhatToInstall(t *testing.T) {
	_, err := FindJava(filepath.Join(t.TempDir(), "no-such-java"))
	if err == nil || !strings.Contains(err.Error(), "Java 17") {
		t.Fatalf("want an error naming Java 17, got %v", err)
	}
}

func TestCheckLauncherSaysWhatToRun(t *testing.T) {
	err := CheckLauncher(filepath.Join(t.TempDir(), "casegraph-neo4j.jar"))
	if err == nil || !strings.Contains(err.Error(), "make launcher") {
		t.Fatalf("want an error naming `make launcher`, got %v", err)
	}
	// A jar without its lib/ folder is as good as missing.
	dir := t.TempDir()
	jar := filepath.Join(dir, "casegraph-neo4j.jar")
	if err := os.WriteFile(jar, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CheckLauncher(jar); err == nil || !strings.Contains(err.Error(), "lib/") {
		t.Fatalf("want an error about lib/, got %v", err)
	}
}

func TestRefusesNonLoopbackBolt(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:7687": true, "localhost:7687": true, "[::1]:7687": true,
		"0.0.0.0:7687": false, "10.1.2.3:7687": false, "7687": false} {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("checkLoopback(%q) = %v, want ok=%v", addr, err, ok)
		}
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func launcherJar(t *testing.T) string {
	jar, _ := filepath.Abs("../launcher/target/casegraph-neo4j.jar")
	if err := CheckLauncher(jar); err != nil {
		t.Fatal(err) // `make test` builds it first
	}
	return jar
}

// TestServerRestartsAfterKillAndStopsCleanly runs a real Neo4j, kills it
// with SIGKILL, watches Health report it and the supervisor bring it back,
// then stops it with SIGTERM.
func TestServerRestartsAfterKillAndStopsCleanly(t *testing.T) {
	testenv.Neo4jURI(t) // integration test: only under `make test`
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	opts := Options{LauncherJar: launcherJar(t), Home: t.TempDir(), BoltAddr: freeAddr(t),
		Heap: "512m", PageCache: "64m", Restart: true, Log: testenv.Logger(t)}
	s, err := Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop(context.Background())
	if err := s.Health(); err != nil {
		t.Fatalf("healthy server reports %v", err)
	}
	if !inUse(opts.BoltAddr) {
		t.Fatal("Bolt port is not open after Start")
	}
	checkAdvertised(t, opts.BoltAddr) // a random port, never the default 7687
	// A second instance on the same address is refused with a clear reason.
	opts2 := opts
	opts2.Home = t.TempDir()
	if _, err := Start(ctx, opts2); err == nil || !strings.Contains(err.Error(), "already in use") {
		t.Fatalf("second instance on a busy port: got %v", err)
	}

	pidBytes, err := os.ReadFile(s.PIDFile())
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(pidBytes)))
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	sawDown := waitFor(t, 20*time.Second, func() bool {
		err := s.Health()
		return err != nil && strings.Contains(err.Error(), "exited unexpectedly")
	})
	if !sawDown {
		t.Fatal("Health never reported the killed Neo4j")
	}
	if !waitFor(t, 2*time.Minute, func() bool { return s.Health() == nil && inUse(opts.BoltAddr) }) {
		t.Fatalf("Neo4j was not restarted: %v", s.Health())
	}

	stopCtx, stopCancel := context.WithTimeout(context.Background(), time.Minute)
	defer stopCancel()
	if err := s.Stop(stopCtx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if inUse(opts.BoltAddr) {
		t.Fatal("Bolt port still open after Stop")
	}
	if _, err := os.Stat(s.PIDFile()); !os.IsNotExist(err) {
		t.Fatalf("pid file left behind after Stop: %v", err)
	}
	log, _ := os.ReadFile(filepath.Join(opts.Home, "logs", "casegraph-neo4j.log"))
	if !strings.Contains(string(log), "casegraph-neo4j stopped") {
		t.Fatalf("Neo4j did not shut down cleanly; its log ends:\n%s", tail(string(log), 10))
	}
}

func waitFor(t *testing.T, limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func TestPluginsDirIsTheFolderBesideTheJar(t *testing.T) {
	dir := t.TempDir()
	jar := filepath.Join(dir, "casegraph-neo4j.jar")
	if got := PluginsDir(jar); got != "" {
		t.Fatalf("no plugins folder: got %q, want \"\" (Neo4j then runs without GDS)", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "plugins"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := PluginsDir(jar); got != "" {
		t.Fatalf("a file named plugins: got %q, want \"\"", got)
	}
	os.Remove(filepath.Join(dir, "plugins"))
	if err := os.Mkdir(filepath.Join(dir, "plugins"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := PluginsDir(jar); got != filepath.Join(dir, "plugins") {
		t.Fatalf("got %q, want the plugins folder beside the jar", got)
	}
}
