package casegraph

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strings"
	"time"
)

// API tokens: who may do what. The store keeps only a secret's SHA-256 (graph/token.go).

// Roles a token can have, weakest first: a viewer may query, an analyst may
// also ingest, an admin may do everything.
const (
	RoleViewer  = "viewer"
	RoleAnalyst = "analyst"
	RoleAdmin   = "admin"
)

// Roles lists the roles, weakest first.
var Roles = []string{RoleViewer, RoleAnalyst, RoleAdmin}

// ValidRole reports whether role is one of Roles.
func ValidRole(role string) bool { return slices.Contains(Roles, role) }

// TokenPrefix starts every secret, so that a leaked one is easy to recognise
// (and to search for in code and logs).
const TokenPrefix = "cg_"

// Token is an API token as stored: who it is for and what it may do, never
// its secret.
type Token struct {
	ID         string
	Name       string
	Role       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero when never used
	Revoked    bool
}

// HashToken is how a secret is stored and looked up: SHA-256, hex. Secrets
// are 256 random bits, so a plain hash (no salt, no stretching) is enough.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// tokenSecretLen is the length of a secret: the prefix and 32 bytes in
// unpadded base64url.
var tokenSecretLen = len(TokenPrefix) + base64.RawURLEncoding.EncodedLen(32)

// WellFormedToken says whether secret has the shape CreateToken gives every
// secret, so that a malformed one is refused without asking Neo4j.
func WellFormedToken(secret string) bool {
	if len(secret) != tokenSecretLen || !strings.HasPrefix(secret, TokenPrefix) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(secret[len(TokenPrefix):])
	return err == nil
}
