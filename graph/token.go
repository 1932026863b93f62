package graph

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// API tokens are nodes with the label ApiToken and no Entity label, so they
// never show up in search, stats or export. Only the SHA-256 of a token's
// secret is stored; the secret itself is shown once, when it is created.

// touchEvery bounds how often a token's lastUsedAt is written: at most once
// a minute per token, so that looking a token up stays a read.
const touchEvery = time.Minute

const tokenFields = `t.id AS id, t.name AS name, t.role AS role, t.createdAt AS createdAt,
       t.lastUsedAt AS lastUsedAt, t.revoked AS revoked`

// MERGE on the hash keeps the write idempotent when the driver retries it.
const createTokenCypher = `
MERGE (t:ApiToken {hash: $hash})
  ON CREATE SET t.id = $id, t.name = $name, t.role = $role, t.createdAt = $now, t.revoked = false
RETURN ` + tokenFields

const lookupTokenCypher = `
MATCH (t:ApiToken {hash: $hash})
WHERE t.revoked = false
RETURN ` + tokenFields

const touchTokenCypher = `
MATCH (t:ApiToken {id: $id})
WHERE t.lastUsedAt IS NULL OR t.lastUsedAt < $stale
SET t.lastUsedAt = $now`

const listTokensCypher = `
MATCH (t:ApiToken)
RETURN ` + tokenFields + `
ORDER BY t.createdAt, t.id`

const revokeTokenCypher = `
MATCH (t:ApiToken {id: $id})
SET t.revoked = true, t.revokedAt = coalesce(t.revokedAt, $now)
RETURN t.id AS id`

// tokenMigrations are the token constraints. They live here rather than in
// schema.go's list, and are applied by MigrateTokens.
var tokenMigrations = []migration{
	{"apitoken_hash", `CREATE CONSTRAINT apitoken_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.hash IS UNIQUE`},
	{"apitoken_id", `CREATE CONSTRAINT apitoken_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE`},
}

// MigrateTokens applies the token constraints (unique hash, unique id); the
// hash constraint is also the index tokens are looked up by. Like Migrate,
// it is idempotent; run it after Migrate.
func (s *Store) MigrateTokens(ctx context.Context) error {
	return s.apply(ctx, tokenMigrations)
}

// CreateToken makes a token for name with role and returns its secret, which
// is not stored anywhere and cannot be recovered: 32 random bytes, base64url,
// prefixed "cg_".
func (s *Store) CreateToken(ctx context.Context, name, role string) (string, casegraph.Token, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", casegraph.Token{}, casegraph.Errorf(casegraph.EINVALID, "a token needs a name (who or what it is for)")
	}
	if !casegraph.ValidRole(role) {
		return "", casegraph.Token{}, casegraph.Errorf(casegraph.EINVALID, "unknown role %q: use one of %s", role, strings.Join(casegraph.Roles, ", "))
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", casegraph.Token{}, fmt.Errorf("generating a token: %w", err)
	}
	secret := casegraph.TokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", casegraph.Token{}, fmt.Errorf("generating a token id: %w", err)
	}
	params := map[string]any{"hash": casegraph.HashToken(secret), "id": hex.EncodeToString(id[:]), "name": name,
		"role": role, "now": time.Now().UTC()}
	tok, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (casegraph.Token, error) {
		res, err := tx.Run(ctx, createTokenCypher, params)
		if err != nil {
			return casegraph.Token{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return casegraph.Token{}, err
		}
		return tokenFromRecord(rec)
	})
	if err != nil {
		return "", casegraph.Token{}, err
	}
	return secret, tok, nil
}

// LookupToken finds the token a secret belongs to. An unknown, malformed or
// revoked secret is ENOTFOUND; the message does not say which.
func (s *Store) LookupToken(ctx context.Context, secret string) (casegraph.Token, error) {
	notFound := casegraph.Errorf(casegraph.ENOTFOUND, "unknown or revoked API token")
	if !casegraph.WellFormedToken(secret) {
		return casegraph.Token{}, notFound
	}
	params := map[string]any{"hash": casegraph.HashToken(secret)}
	toks, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Token, error) {
		return collect(ctx, tx, lookupTokenCypher, params, tokenFromRecord)
	})
	if err != nil {
		return casegraph.Token{}, err
	}
	if len(toks) == 0 {
		return casegraph.Token{}, notFound
	}
	tok := toks[0]
	if now := time.Now().UTC(); tok.LastUsedAt.IsZero() || now.Sub(tok.LastUsedAt) > touchEvery {
		s.touchToken(ctx, tok.ID, now)
		tok.LastUsedAt = now
	}
	return tok, nil
}

// touchToken records that a token was used. It is bookkeeping: a failure is
// logged, never returned, so that a busy database does not refuse requests.
func (s *Store) touchToken(ctx context.Context, id string, now time.Time) {
	params := map[string]any{"id": id, "now": now, "stale": now.Add(-touchEvery)}
	_, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		res, err := tx.Run(ctx, touchTokenCypher, params)
		if err != nil {
			return false, err
		}
		_, err = res.Consume(ctx)
		return err == nil, err
	})
	if err != nil {
		s.log.Warn("could not record a token's last use", "token", id, "err", err)
	}
}

// ListTokens lists every token, revoked ones included, oldest first.
func (s *Store) ListTokens(ctx context.Context) ([]casegraph.Token, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Token, error) {
		return collect(ctx, tx, listTokensCypher, nil, tokenFromRecord)
	})
}

// RevokeToken revokes the token with id for good; revoking twice is fine.
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	params := map[string]any{"id": id, "now": time.Now().UTC()}
	found, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		res, err := tx.Run(ctx, revokeTokenCypher, params)
		if err != nil {
			return false, err
		}
		recs, err := res.Collect(ctx)
		return len(recs) > 0, err
	})
	if err != nil {
		return err
	}
	if !found {
		return casegraph.Errorf(casegraph.ENOTFOUND, "no API token with id %q", id)
	}
	return nil
}

// tokenFromRecord reads a row of tokenFields; it never fails.
func tokenFromRecord(rec *neo4j.Record) (casegraph.Token, error) {
	m := rec.AsMap()
	t := casegraph.Token{}
	t.ID, _ = m["id"].(string)
	t.Name, _ = m["name"].(string)
	t.Role, _ = m["role"].(string)
	t.CreatedAt, _ = m["createdAt"].(time.Time)
	t.LastUsedAt, _ = m["lastUsedAt"].(time.Time)
	t.Revoked, _ = m["revoked"].(bool)
	return t, nil
}
