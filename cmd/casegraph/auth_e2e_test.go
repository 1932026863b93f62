package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/internal/testenv"
)

func TestParseConfigAuthAndTokenFlags(t *testing.T) {
	cases := []struct {
		name string
		cmd  string
		args []string
		env  map[string]string
		ok   bool
		want string // in the error, or a check on the config
	}{
		{"no-auth on 127.0.0.1", "serve", []string{"--no-auth", "--http-addr", "127.0.0.1:8080"}, nil, true, ""},
		{"no-auth on localhost", "serve", []string{"--no-auth", "--http-addr", "localhost:8080"}, nil, true, ""},
		{"no-auth on ::1", "serve", []string{"--no-auth", "--http-addr", "[::1]:8080"}, nil, true, ""},
		{"no-auth on all interfaces", "serve", []string{"--no-auth", "--http-addr", "0.0.0.0:8080"}, nil, false, "loopback"},
		{"no-auth on an empty host", "serve", []string{"--no-auth", "--http-addr", ":8080"}, nil, false, "loopback"},
		{"no-auth from the environment, off loopback", "serve", nil,
			map[string]string{"CASEGRAPH_NO_AUTH": "true", "CASEGRAPH_HTTP_ADDR": "0.0.0.0:9000"}, false, "loopback"},
		{"no-auth from the environment", "serve", nil, map[string]string{"CASEGRAPH_NO_AUTH": "true"}, true, ""},
		{"CASEGRAPH_NO_AUTH does not bother other commands", "migrate", nil, map[string]string{"CASEGRAPH_NO_AUTH": "true"}, true, ""},
		{"token create", "token", []string{"create", "--name", "alice", "--role", "analyst"}, nil, true, ""},
		{"token create without a role", "token", []string{"create", "--name", "alice"}, nil, false, "--role"},
		{"token create with a made-up role", "token", []string{"create", "--name", "alice", "--role", "root"}, nil, false, "--role"},
		{"token create without a name", "token", []string{"create", "--role", "viewer"}, nil, false, "--name"},
		{"token list", "token", []string{"list"}, nil, true, ""},
		{"token list with an argument", "token", []string{"list", "x"}, nil, false, "no arguments"},
		{"token revoke", "token", []string{"revoke", "abc123", "--log-level", "warn"}, nil, true, ""},
		{"token revoke without an id", "token", []string{"revoke"}, nil, false, "id"},
		{"token without an action", "token", nil, nil, false, "create, list or revoke"},
		{"token with an unknown action", "token", []string{"delete"}, nil, false, "create, list or revoke"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := parseConfig(c.cmd, c.args, envOf(c.env), io.Discard)
			if c.ok {
				if err != nil {
					t.Fatal(err)
				}
				if c.cmd == "token" && c.args[0] == "revoke" && (cfg.Token.ID != "abc123" || cfg.Log.Level != "warn") {
					t.Fatalf("revoke parsed as %+v", cfg)
				}
				return
			}
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want a usage error mentioning %q", err, c.want)
			}
		})
	}
}

// TestServeRefusesNoAuthOffLoopback: --no-auth on a non-loopback address
// stops serve before it starts anything.
func TestServeRefusesNoAuthOffLoopback(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := run(ctx, []string{"serve", "--no-auth", "--http-addr", "0.0.0.0:0", "--data-dir", t.TempDir()},
		envOf(nil), io.Discard, io.Discard)
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("got %v, want a usage error about loopback", err)
	}
}

// TestServeWithTokenAuth: serve without --no-auth wants a token on
// /graphql and /api/ingest, keeps health and metrics open, and writes the
// audit log.
func TestServeWithTokenAuth(t *testing.T) {
	store := testenv.Store(t)
	ctx := context.Background()
	if err := store.MigrateTokens(ctx); err != nil {
		t.Fatal(err)
	}
	p := testenv.Prefix(t)
	t.Cleanup(func() {
		testenv.Cypher(t, `MATCH (t:ApiToken) WHERE t.name STARTS WITH $p DELETE t`, map[string]any{"p": p})
	})
	secret, tok, err := store.CreateToken(ctx, p+"viewer", casegraph.RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	base, stop := startServeAuth(t, []string{"--data-dir", dataDir},
		map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()

	query := func(secret string) (int, map[string]any) {
		body, _ := json.Marshal(map[string]any{"query": `{ stats { nodes } }`})
		req, _ := http.NewRequest("POST", base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("Authorization", "Bearer "+secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if code, out := query(secret); code != 200 || out["errors"] != nil {
		t.Fatalf("with a token: %d %v", code, out)
	}
	code, out := query("")
	if code != http.StatusUnauthorized || !strings.Contains(out["error"].(string), "casegraph token create") {
		t.Fatalf("without a token: %d %v", code, out)
	}
	if code, _ := query(secret + "x"); code != http.StatusUnauthorized {
		t.Fatalf("with a wrong token: %d", code)
	}
	body, ctype := multipartBody(t, map[string]string{"mapping": uploadMapping(p + "ds"), "dryRun": "true"},
		map[string]string{"people.csv": "id,name,born\n1,Ada,\n"})
	req, _ := http.NewRequest("POST", base+"/api/ingest", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a viewer's upload: %d, want 403", resp.StatusCode)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if code, _ := get(base + path); code != 200 {
			t.Errorf("%s: %d without a token", path, code)
		}
	}
	if _, metrics := get(base + "/metrics"); !strings.Contains(metrics, `casegraph_graphql_requests_total{operation="stats",status="ok"} 1`) {
		t.Errorf("/metrics does not count the query:\n%s", metrics)
	}

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dataDir, "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), secret) {
		t.Fatal("the audit log holds a token's secret")
	}
	if !strings.Contains(string(raw), `"tokenId":"`+tok.ID+`"`) || !strings.Contains(string(raw), `"status":"unauthenticated"`) {
		t.Fatalf("audit log does not record the requests:\n%s", raw)
	}
	if fi, err := os.Stat(filepath.Join(dataDir, "audit.log")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("audit log mode %v, want 0600", fi.Mode())
	}
}

// TestTokenCommand: casegraph token create prints the secret once, list
// shows the token, revoke makes it unusable.
func TestTokenCommand(t *testing.T) {
	env := envOf(map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	store := testenv.Store(t)
	p := testenv.Prefix(t)
	t.Cleanup(func() {
		testenv.Cypher(t, `MATCH (t:ApiToken) WHERE t.name STARTS WITH $p DELETE t`, map[string]any{"p": p})
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	var stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"token", "create", "--name", p + "alice", "--role", "analyst"}, env, &stdout, &stderr); err != nil {
		t.Fatalf("token create: %v\n%s", err, stderr.String())
	}
	secret := strings.TrimSpace(stdout.String())
	if !strings.HasPrefix(secret, casegraph.TokenPrefix) || strings.Contains(secret, "\n") {
		t.Fatalf("stdout should be the secret alone, got %q", stdout.String())
	}
	if !strings.Contains(stderr.String(), "will not be shown again") {
		t.Fatalf("create does not say the secret is shown once: %q", stderr.String())
	}
	tok, err := store.LookupToken(ctx, secret)
	if err != nil || tok.Role != casegraph.RoleAnalyst || tok.Name != p+"alice" {
		t.Fatalf("lookup of the printed secret: %+v %v", tok, err)
	}

	stdout.Reset()
	if err := run(ctx, []string{"token", "list"}, env, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), tok.ID) || !strings.Contains(stdout.String(), p+"alice") ||
		strings.Contains(stdout.String(), secret) {
		t.Fatalf("token list:\n%s", stdout.String())
	}

	stdout.Reset()
	if err := run(ctx, []string{"token", "revoke", tok.ID}, env, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := store.LookupToken(ctx, secret); casegraph.ErrorCode(err) != casegraph.ENOTFOUND {
		t.Fatalf("revoked token still found: %v", err)
	}
	stdout.Reset()
	if err := run(ctx, []string{"token", "list"}, env, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.HasPrefix(line, tok.ID) && !strings.Contains(line, "revoked") {
			t.Fatalf("list does not show the token revoked: %q", line)
		}
	}
	err = run(ctx, []string{"token", "revoke", p + "missing"}, env, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "token list") {
		t.Fatalf("revoking an unknown id: %v", err)
	}
}
