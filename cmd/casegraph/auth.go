package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/api"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/rotate"
	"github.com/casegraph/casegraph/neo4jlocal"
)

// tokenHelp follows the token actions' usage lines in `casegraph token -h`.
const tokenHelp = `Roles: a viewer may run GraphQL queries; an analyst may also ingest
(POST /api/ingest, the ingestRows mutation); an admin may do everything.
Clients send the secret as "Authorization: Bearer <secret>". The secret is
printed once, on standard output; casegraph keeps only its SHA-256.

With no NEO4J_URI these commands start the local Neo4j, as ingest does; while
"casegraph serve" runs it, point NEO4J_URI at it instead (bolt://127.0.0.1:7687).`

// migrateAll applies the graph schema and the API token constraints.
func migrateAll(ctx context.Context, store *graph.Store) error {
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	return store.MigrateTokens(ctx)
}

// tokenAction is one of the token command's actions, on a graph whose
// token constraints are applied.
type tokenAction func(ctx context.Context, store *graph.Store, t TokenConfig, stdout, stderr io.Writer) error

// withTokens runs a token action on the configured graph.
func withTokens(action tokenAction) func(context.Context, invocation) error {
	return func(ctx context.Context, in invocation) error {
		return withGraph(ctx, in.cfg, in.log, func(ctx context.Context, store *graph.Store, _ *neo4jlocal.Server) error {
			if err := migrateAll(ctx, store); err != nil {
				return err
			}
			return action(ctx, store, in.cfg.Token, in.stdout, in.stderr)
		})
	}
}

// createToken creates an API token and prints its secret, once.
func createToken(ctx context.Context, store *graph.Store, t TokenConfig, stdout, stderr io.Writer) error {
	secret, tok, err := store.CreateToken(ctx, t.Name, t.Role)
	if err != nil {
		return err
	}
	// The explanation goes to stderr and the secret alone to stdout,
	// so that TOKEN=$(casegraph token create ...) works.
	fmt.Fprintf(stderr, "Created token %s for %q with the %s role.\n"+
		"The secret below is shown only now and will not be shown again; store it safely.\n"+
		"Clients send it as the header: Authorization: Bearer <secret>\n", tok.ID, tok.Name, tok.Role)
	_, err = fmt.Fprintln(stdout, secret)
	return err
}

// listTokens prints every API token, revoked ones too.
func listTokens(ctx context.Context, store *graph.Store, _ TokenConfig, stdout, _ io.Writer) error {
	toks, err := store.ListTokens(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tROLE\tCREATED\tLAST USED\tSTATUS")
	for _, t := range toks {
		status := "active"
		if t.Revoked {
			status = "revoked"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, when(t.CreatedAt), when(t.LastUsedAt), status)
	}
	return w.Flush()
}

// revokeToken revokes the API token t.ID.
func revokeToken(ctx context.Context, store *graph.Store, t TokenConfig, stdout, _ io.Writer) error {
	if err := store.RevokeToken(ctx, t.ID); err != nil {
		if casegraph.ErrorCode(err) == casegraph.ENOTFOUND {
			return fmt.Errorf("%w (casegraph token list shows the ids)", err)
		}
		return err
	}
	_, err := fmt.Fprintf(stdout, "Revoked token %s; running servers refuse it within %s.\n", t.ID, api.TokenCacheTTL)
	return err
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// Audit log rotation: audit.log starts afresh past auditLogMaxBytes, and
// the auditLogKeep files before it are kept (audit.log.1 the newest).
const (
	auditLogMaxBytes = 100 << 20
	auditLogKeep     = 5
)

// openAuditLog opens <data-dir>/audit.log for appending, creating it (and
// the folder) when needed. Only the owner may read it: it says who looked
// at what.
func openAuditLog(dataDir string) (*rotate.File, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the data folder for the audit log: %w", err)
	}
	path := filepath.Join(dataDir, "audit.log")
	f, err := rotate.Open(path, auditLogMaxBytes, auditLogKeep)
	if err != nil {
		return nil, fmt.Errorf("opening the audit log %s (set --data-dir to a writable folder): %w", path, err)
	}
	return f, nil
}
