package main

import (
	"errors"
	"io"
	"slices"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// parseConfig is parseCommand for tests that look at the configuration only.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	_, c, err := parseCommand(append([]string{name}, args...), getenv, stderr)
	return c, err
}

func TestParseConfig(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		env   map[string]string
		check func(t *testing.T, c Config)
	}{
		{"defaults: local Neo4j, loopback HTTP", nil, nil, func(t *testing.T, c Config) {
			if c.Serve.HTTPAddr != defaultHTTPAddr || c.Neo4j.BoltAddr != defaultBoltAddr || c.Neo4j.URI != "" {
				t.Fatalf("got %+v", c)
			}
			if c.Neo4j.User != "" || c.Neo4j.Database != "neo4j" || c.Neo4j.Heap != "1g" {
				t.Fatalf("got %+v", c)
			}
			if c.Neo4j.LauncherJar == "" {
				t.Fatal("no default launcher path")
			}
		}},
		{"environment names an existing Neo4j", nil, map[string]string{
			"NEO4J_URI": "neo4j://db.example:7687", "NEO4J_USER": "alice", "NEO4J_PASSWORD": "s3cret",
			"NEO4J_DATABASE": "cases", "CASEGRAPH_HTTP_ADDR": "0.0.0.0:9000",
		}, func(t *testing.T, c Config) {
			if c.Neo4j.URI != "neo4j://db.example:7687" || c.Neo4j.User != "alice" || c.Neo4j.Password != "s3cret" ||
				c.Neo4j.Database != "cases" || c.Serve.HTTPAddr != "0.0.0.0:9000" {
				t.Fatalf("got %+v", c)
			}
		}},
		{"flags win over environment", []string{"--http-addr", "127.0.0.1:1", "--request-timeout", "5s"},
			map[string]string{"CASEGRAPH_HTTP_ADDR": "0.0.0.0:9000"}, func(t *testing.T, c Config) {
				if c.Serve.HTTPAddr != "127.0.0.1:1" || c.Neo4j.RequestTimeout != 5*time.Second {
					t.Fatalf("got %+v", c)
				}
			}},
		{"credentials are dropped for the local Neo4j", nil, map[string]string{"NEO4J_PASSWORD": "x"},
			func(t *testing.T, c Config) {
				if c.Neo4j.Password != "" {
					t.Fatal("password kept without NEO4J_URI")
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := parseConfig("serve", c.args, envOf(c.env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, cfg)
		})
	}
}

func TestParseConfigRefusesBadValues(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"unknown flag", []string{"--nope"}, nil},
		{"bad duration in environment", nil, map[string]string{"CASEGRAPH_REQUEST_TIMEOUT": "soon"}},
		{"bad log format", []string{"--log-format", "xml"}, nil},
		{"bad log level", []string{"--log-level", "loud"}, nil},
		{"stray argument", []string{"extra"}, nil},
		{"zero timeout", []string{"--request-timeout", "0s"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseConfig("serve", c.args, envOf(c.env), io.Discard)
			if !errors.Is(err, errUsage) {
				t.Fatalf("want a usage error, got %v", err)
			}
			if exitCode(err) != 2 {
				t.Fatalf("usage errors exit 2, got %d", exitCode(err))
			}
		})
	}
}

func TestServeAnswersOnlyItsOwnHostNames(t *testing.T) {
	cases := []struct {
		addr  string
		flags []string
		want  []string
	}{
		{"127.0.0.1:8080", nil, []string{"127.0.0.1", "localhost", "127.0.0.1", "::1"}},
		{"localhost:8080", nil, []string{"localhost", "localhost", "127.0.0.1", "::1"}},
		{"10.1.2.3:8080", nil, []string{"10.1.2.3"}},
		{"0.0.0.0:8080", nil, nil},
		{":8080", nil, nil},
		{"0.0.0.0:8080", []string{"--allowed-hosts", "casegraph.example.org, 10.0.0.5"}, []string{"casegraph.example.org", "10.0.0.5"}},
	}
	for _, c := range cases {
		t.Run(c.addr, func(t *testing.T) {
			args := append([]string{"--http-addr", c.addr}, c.flags...)
			cfg, err := parseConfig("serve", args, func(string) string { return "" }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cfg.Serve.AllowedHosts, c.want) {
				t.Fatalf("allowed hosts %q, want %q", cfg.Serve.AllowedHosts, c.want)
			}
		})
	}
}
