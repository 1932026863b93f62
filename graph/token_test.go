package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// deleteTokens removes the tokens a test made; their names start with prefix.
func deleteTokens(t *testing.T, prefix string) {
	t.Cleanup(func() {
		testenv.Cypher(t, `MATCH (t:ApiToken) WHERE t.name STARTS WITH $p DELETE t`, map[string]any{"p": prefix})
	})
}

func TestTokenCreateLookupRevoke(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	if err := s.MigrateTokens(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.MigrateTokens(ctx); err != nil {
		t.Fatalf("second token migration: %v", err)
	}
	p := testenv.Prefix(t)
	deleteTokens(t, p)

	secret, tok, err := s.CreateToken(ctx, p+"alice", casegraph.RoleAnalyst)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, casegraph.TokenPrefix) || len(secret) != len(casegraph.TokenPrefix)+43 {
		t.Fatalf("secret %q is not cg_ + 32 bytes base64url", secret)
	}
	if tok.ID == "" || tok.Name != p+"alice" || tok.Role != casegraph.RoleAnalyst || tok.CreatedAt.IsZero() || tok.Revoked {
		t.Fatalf("created %+v", tok)
	}

	got, err := s.LookupToken(ctx, secret)
	if err != nil {
		t.Fatalf("lookup by secret: %v", err)
	}
	if got.ID != tok.ID || got.Role != casegraph.RoleAnalyst || got.LastUsedAt.IsZero() {
		t.Fatalf("looked up %+v, want %+v with lastUsedAt set", got, tok)
	}

	// What Neo4j holds: the hash, never the secret, and no Entity label.
	rows := testenv.Cypher(t, `MATCH (t:ApiToken {id: $id}) RETURN labels(t) AS labels, properties(t) AS props`,
		map[string]any{"id": tok.ID})
	if len(rows) != 1 {
		t.Fatalf("want one ApiToken node, got %v", rows)
	}
	if labels := fmt.Sprint(rows[0]["labels"]); labels != "[ApiToken]" {
		t.Errorf("token node labels %s, want only ApiToken", labels)
	}
	props := rows[0]["props"].(map[string]any)
	if props["hash"] != casegraph.HashToken(secret) {
		t.Errorf("stored hash %v, want the SHA-256 of the secret", props["hash"])
	}
	for k, v := range props {
		if s, ok := v.(string); ok && strings.Contains(s, strings.TrimPrefix(secret, casegraph.TokenPrefix)) {
			t.Errorf("property %s holds the secret", k)
		}
	}
	for _, k := range []string{"id", "name", "role", "createdAt", "lastUsedAt", "revoked"} {
		if _, ok := props[k]; !ok {
			t.Errorf("token node has no %s", k)
		}
	}

	list, err := s.ListTokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !hasToken(list, tok.ID, false) {
		t.Fatalf("ListTokens does not show %s: %+v", tok.ID, list)
	}

	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatalf("revoking twice: %v", err)
	}
	if _, err := s.LookupToken(ctx, secret); casegraph.ErrorCode(err) != casegraph.ENOTFOUND {
		t.Fatalf("lookup of a revoked token: %v, want not found", err)
	}
	list, err = s.ListTokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !hasToken(list, tok.ID, true) {
		t.Fatalf("ListTokens does not show %s as revoked: %+v", tok.ID, list)
	}
}

func TestTokenRefusals(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	deleteTokens(t, p)
	cases := []struct {
		name string
		err  func() error
		code string
	}{
		{"unknown role", func() error { _, _, err := s.CreateToken(ctx, p+"x", "superuser"); return err }, casegraph.EINVALID},
		{"no name", func() error { _, _, err := s.CreateToken(ctx, " ", casegraph.RoleViewer); return err }, casegraph.EINVALID},
		{"unknown secret", func() error { _, err := s.LookupToken(ctx, casegraph.TokenPrefix+"nope"); return err }, casegraph.ENOTFOUND},
		{"not a casegraph secret", func() error { _, err := s.LookupToken(ctx, "hunter2"); return err }, casegraph.ENOTFOUND},
		{"empty secret", func() error { _, err := s.LookupToken(ctx, ""); return err }, casegraph.ENOTFOUND},
		{"revoke unknown id", func() error { return s.RevokeToken(ctx, p+"missing") }, casegraph.ENOTFOUND},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.err(); casegraph.ErrorCode(err) != c.code {
				t.Fatalf("got %v, want a %s error", err, c.code)
			}
		})
	}
}

func hasToken(list []casegraph.Token, id string, revoked bool) bool {
	for _, t := range list {
		if t.ID == id {
			return t.Revoked == revoked
		}
	}
	return false
}
