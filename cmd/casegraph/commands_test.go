package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
)

// everyCommand is the full name of every command and action of the table.
func everyCommand() []string {
	var names []string
	for _, c := range commands() {
		if len(c.actions) == 0 {
			names = append(names, c.name)
		}
		for _, a := range c.actions {
			names = append(names, c.name+" "+a.name)
		}
	}
	return names
}

// flagsOf declares a command's flags, as parseCommand does, and returns them.
func flagsOf(t *testing.T, name string) *flagSet {
	t.Helper()
	cmd, full, _ := find(strings.Fields(name))
	if cmd == nil || full != name {
		t.Fatalf("no command %q in the table", name)
	}
	return newFlagSet(full, cmd, &Config{}, envOf(nil))
}

func TestUsageIsTheCommandTable(t *testing.T) {
	text := usage()
	for _, c := range commands() {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(c.name) + ` +` + regexp.QuoteMeta(c.short)).MatchString(text) {
			t.Errorf("usage has no line for %s:\n%s", c.name, text)
		}
	}
	if !strings.Contains(text, "create --name NAME --role viewer|analyst|admin; list; revoke ID") {
		t.Errorf("usage does not list token's actions:\n%s", text)
	}

	cases := []struct {
		name       string
		args       []string
		ok         bool
		out, err   string // where the usage text goes
		errMessage string
	}{
		{"no command", nil, false, "", text, "no command given"},
		{"unknown command", []string{"frobnicate"}, false, "", text, `unknown command "frobnicate"`},
		{"help", []string{"help"}, true, text, "", ""},
		{"-h", []string{"-h"}, true, text, "", ""},
		{"--help", []string{"--help"}, true, text, "", ""},
		{"help for an unknown command", []string{"help", "frobnicate"}, false, "", text, `unknown command "frobnicate"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), c.args, envOf(nil), &stdout, &stderr)
			if c.ok != (err == nil) || (err != nil && (exitCode(err) != 2 || !strings.Contains(err.Error(), c.errMessage))) {
				t.Fatalf("got %v", err)
			}
			if stdout.String() != c.out || stderr.String() != c.err {
				t.Fatalf("stdout %q, stderr %q", stdout.String(), stderr.String())
			}
		})
	}
}

// TestEveryCommandHasItsUsage: `casegraph NAME -h` (a usage error, as
// before) and `casegraph help NAME` (not an error) show the same text.
func TestEveryCommandHasItsUsage(t *testing.T) {
	for _, name := range append(everyCommand(), "token") {
		t.Run(name, func(t *testing.T) {
			var helpOut bytes.Buffer
			if err := run(context.Background(), append([]string{"help"}, strings.Fields(name)...), envOf(nil), &helpOut, io.Discard); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(helpOut.String(), "usage:") || !strings.Contains(helpOut.String(), "casegraph "+name) {
				t.Fatalf("help %s says %q", name, helpOut.String())
			}
			var stderr bytes.Buffer
			err := run(context.Background(), append(strings.Fields(name), "-h"), envOf(nil), io.Discard, &stderr)
			if !errors.Is(err, errUsage) || (name != "token" && !strings.Contains(err.Error(), "help requested")) {
				t.Fatalf("got %v, want a usage error", err)
			}
			if stderr.String() != helpOut.String() {
				t.Fatalf("-h says\n%s\nhelp says\n%s", stderr.String(), helpOut.String())
			}
		})
	}
}

// TestTokenWithoutAnActionShowsTheActions: scripts/test-python.sh looks for
// "token create" in what `casegraph token --help` prints.
func TestTokenWithoutAnActionShowsTheActions(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"token", "--help"}, envOf(nil), io.Discard, &stderr)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "create, list or revoke") {
		t.Fatalf("got %v", err)
	}
	for _, want := range []string{"casegraph token create --name NAME --role viewer|analyst|admin",
		"casegraph token list", "casegraph token revoke ID", "Roles:"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("no %q in\n%s", want, stderr.String())
		}
	}
}

// TestCommandsTakeTheFlagsTheyRead: the shared groups go with the commands
// that read them, and only those.
func TestCommandsTakeTheFlagsTheyRead(t *testing.T) {
	graph := []string{"neo4j-uri", "neo4j-user", "neo4j-password", "neo4j-database", "request-timeout"}
	local := []string{"data-dir", "bolt-addr", "neo4j-heap", "neo4j-pagecache", "neo4j-launcher", "java"}
	logging := []string{"log-format", "log-level"}
	all := func(groups ...[]string) []string {
		var names []string
		for _, g := range groups {
			names = append(names, g...)
		}
		return names
	}
	cases := []struct {
		name      string
		has, lack []string
	}{
		{"serve", all(graph, local, logging, []string{"http-addr", "max-body-bytes", "no-auth", "load", "frontend-dir",
			"allowed-hosts", "allowed-origins", "trusted-proxies"}), []string{"mapping"}},
		{"neo4j", all(local, logging), all(graph, []string{"http-addr"})},
		{"ingest", all(graph, local, logging, []string{"mapping", "dry-run", "batch-size", "parallel", "rejects-dir",
			"max-file-size"}), []string{"http-addr", "no-auth"}},
		{"export", all(graph, local, logging, []string{"format", "out"}), []string{"http-addr", "no-auth"}},
		{"generate", all(logging, []string{"out", "rows", "seed", "payments-only"}), all(graph, local)},
		{"migrate", all(graph, local, logging), []string{"http-addr", "no-auth"}},
		{"token create", all(graph, local, logging, []string{"name", "role"}), []string{"http-addr", "no-auth"}},
		{"token list", all(graph, local, logging), []string{"name", "role", "http-addr"}},
		{"token revoke", all(graph, local, logging), []string{"name", "role", "http-addr"}},
		{"schema", nil, logging},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := flagsOf(t, c.name)
			for _, name := range c.has {
				if f.Lookup(name) == nil {
					t.Errorf("no --%s", name)
				}
			}
			for _, name := range c.lack {
				if f.Lookup(name) != nil {
					t.Errorf("--%s, which it does not read", name)
				}
			}
		})
	}
}

// TestEveryEnvironmentVariableHasItsFlag: each name in envVars stands for a
// flag some command declares.
func TestEveryEnvironmentVariableHasItsFlag(t *testing.T) {
	declared := map[string]bool{}
	for _, name := range everyCommand() {
		flagsOf(t, name).VisitAll(func(f *flag.Flag) { declared[f.Name] = true })
	}
	for env, name := range envVars {
		if !declared[name] {
			t.Errorf("%s stands for --%s, which no command declares", env, name)
		}
	}
}

// readmeCommands is README's section "Commands and configuration".
func readmeCommands(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(raw), "\n## Commands and configuration\n")
	if !ok {
		t.Fatal(`README.md has no section "Commands and configuration"`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}

// TestREADMEListsEveryCommand: README's command list names every command of
// the table and no other, and its flags table every environment variable.
func TestREADMEListsEveryCommand(t *testing.T) {
	section := readmeCommands(t)
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^casegraph ([a-z0-9-]+) ").FindAllStringSubmatch(section, -1) {
		listed[m[1]] = true
	}
	for _, c := range commands() {
		if !listed[c.name] {
			t.Errorf("README's command list lacks %s", c.name)
		}
		delete(listed, c.name)
	}
	for name := range listed {
		t.Errorf("README lists %s, which is not a command", name)
	}
	for env, name := range envVars {
		row := regexp.MustCompile("(?m)^\\|.*`--" + regexp.QuoteMeta(name) + "`.*\\|.*`" + regexp.QuoteMeta(env) + "`.*\\|")
		if !row.MatchString(section) {
			t.Errorf("README's flags table has no row for --%s and %s", name, env)
		}
	}
}
