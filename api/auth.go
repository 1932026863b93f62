package api

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/gin-gonic/gin"
)

// TokenLookup finds the API token a secret belongs to; an unknown or revoked
// secret is a casegraph.ENOTFOUND error. graph.Store implements it.
type TokenLookup interface {
	LookupToken(ctx context.Context, secret string) (casegraph.Token, error)
}

// localToken is who every request is in no-auth mode.
var localToken = casegraph.Token{ID: "local", Name: "local", Role: casegraph.RoleAdmin}

// roleRank orders the roles: each may do what the ones below it may.
var roleRank = map[string]int{casegraph.RoleViewer: 1, casegraph.RoleAnalyst: 2, casegraph.RoleAdmin: 3}

func roleAllows(have, need string) bool {
	return roleRank[have] > 0 && roleRank[have] >= roleRank[need]
}

const tokenKey ctxKey = 100

func withToken(ctx context.Context, t casegraph.Token) context.Context {
	return context.WithValue(ctx, tokenKey, t)
}

// TokenFrom returns the token a request was authenticated with.
func TokenFrom(ctx context.Context) (casegraph.Token, bool) {
	t, ok := ctx.Value(tokenKey).(casegraph.Token)
	return t, ok
}

// howToGetAToken ends every 401, so that nobody is left guessing.
const howToGetAToken = "send the header `Authorization: Bearer <token>`; an admin creates a token with " +
	"`casegraph token create --name NAME --role viewer|analyst|admin` (the secret is shown once)"

// RequireRole returns nil when the request in ctx was authenticated with a
// token whose role is role or stronger, and otherwise a classified error
// (casegraph.EUNAUTHENTICATED or casegraph.EFORBIDDEN) that the API shows as 401/403
// and as the GraphQL extension code "unauthenticated"/"forbidden".
// Resolvers that write call it first.
func RequireRole(ctx context.Context, role string) error {
	t, ok := TokenFrom(ctx)
	if !ok {
		return casegraph.Errorf(casegraph.EUNAUTHENTICATED, "authentication required: %s", howToGetAToken)
	}
	if !roleAllows(t.Role, role) {
		return casegraph.Errorf(casegraph.EFORBIDDEN, "this needs the %s role; the token %q has the %s role", role, t.Name, t.Role)
	}
	return nil
}

// authenticator checks bearer tokens. Lookups are cached briefly (by the
// secret's hash), so a busy client costs Neo4j one read per TokenCacheTTL, not
// one per request; a revoked token is therefore refused within TokenCacheTTL.
// Secrets found not to be tokens are cached as such for as long, malformed
// ones are refused without a lookup, and a client address that keeps failing
// is refused for a while before any of that (see failureLimiter).
type authenticator struct {
	tokens   TokenLookup
	noAuth   bool
	log      *slog.Logger
	failures *failureLimiter

	mu    sync.Mutex
	cache map[string]cachedToken
}

// cachedToken is what a lookup of one secret found: a token, or (valid
// false) that the secret is no token.
type cachedToken struct {
	token   casegraph.Token
	valid   bool
	expires time.Time
}

const (
	TokenCacheTTL = 15 * time.Second
	cacheEntries  = 4096
)

func newAuthenticator(tokens TokenLookup, noAuth bool, log *slog.Logger) *authenticator {
	return &authenticator{tokens: tokens, noAuth: noAuth, log: log, cache: map[string]cachedToken{},
		failures: newFailureLimiter(maxAuthFailures, authFailureWindow)}
}

// require is middleware that lets a request through only with a valid token
// of role or stronger, and puts the token in the request's ctx.
func (a *authenticator) require(role string) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		t, err := a.authenticate(ctx, c.GetHeader("Authorization"), c.ClientIP())
		if err == nil {
			noteToken(ctx, t)
			err = RequireRole(withToken(ctx, t), role)
		}
		if err != nil {
			a.refuse(c, err)
			return
		}
		c.Request = c.Request.WithContext(withToken(ctx, t))
		c.Next()
	}
}

// authenticate returns the token an Authorization header carries; client
// is the address the request came from.
func (a *authenticator) authenticate(ctx context.Context, header, client string) (casegraph.Token, error) {
	if a.noAuth {
		return localToken, nil
	}
	if header == "" {
		return casegraph.Token{}, casegraph.Errorf(casegraph.EUNAUTHENTICATED, "authentication required: %s", howToGetAToken)
	}
	scheme, secret, _ := strings.Cut(header, " ")
	secret = strings.TrimSpace(secret)
	key := casegraph.HashToken(secret)
	hit, cached := a.cached(key)
	if cached && hit.valid {
		return hit.token, nil
	}
	if wait, first, blocked := a.failures.blocked(client); blocked {
		if !first {
			quiet(ctx) // one audit line per address and window, not one per request
		}
		return casegraph.Token{}, &retryError{after: wait, err: casegraph.Errorf(casegraph.ETOOMUCH,
			"too many requests with invalid API tokens from this address; try again in %d s", seconds(wait))}
	}
	fail := func(format string) (casegraph.Token, error) {
		a.failures.add(client)
		return casegraph.Token{}, casegraph.Errorf(casegraph.EUNAUTHENTICATED, format, howToGetAToken)
	}
	switch {
	case !strings.EqualFold(scheme, "Bearer") || secret == "":
		return fail("the Authorization header is not a bearer token: %s")
	case !casegraph.WellFormedToken(secret) || cached: // cached here means known to be no token
		return fail("the API token is not valid (unknown or revoked): %s")
	case a.tokens == nil:
		return casegraph.Token{}, casegraph.Errorf(casegraph.EUNAUTHENTICATED, "this server has no token store: %s", howToGetAToken)
	}
	t, err := a.tokens.LookupToken(ctx, secret)
	if casegraph.ErrorCode(err) == casegraph.ENOTFOUND {
		a.remember(key, cachedToken{})
		return fail("the API token is not valid (unknown or revoked): %s")
	}
	if err != nil {
		return casegraph.Token{}, err
	}
	a.remember(key, cachedToken{token: t, valid: true})
	return t, nil
}

func (a *authenticator) cached(key string) (cachedToken, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	hit, ok := a.cache[key]
	if !ok || time.Now().After(hit.expires) {
		return cachedToken{}, false
	}
	return hit, true
}

func (a *authenticator) remember(key string, t cachedToken) {
	t.expires = time.Now().Add(TokenCacheTTL)
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.cache) >= cacheEntries {
		clear(a.cache)
	}
	a.cache[key] = t
}

// refuse answers a request that may not go on: 401 or 403, or 503 when the
// tokens cannot be checked because Neo4j is away (fail: GraphQL clients
// also get the error in the usual "errors" list).
func (a *authenticator) refuse(c *gin.Context, err error) {
	code := casegraph.ErrorCode(err)
	switch code {
	case casegraph.EUNAUTHENTICATED:
		c.Header("WWW-Authenticate", `Bearer realm="casegraph"`)
	case casegraph.EFORBIDDEN, casegraph.ETOOMUCH, casegraph.ECANCELED:
	case casegraph.EUNAVAILABLE, casegraph.ETIMEOUT:
		// A token check asks little: one that runs out of time finds the
		// token store not answering, not a request asking too much.
		err = casegraph.Errorf(casegraph.EUNAVAILABLE, "cannot check the API token: %s", casegraph.ErrorMessage(err))
	default:
		a.log.Error("checking an API token", "err", err, "request_id", requestIDFrom(c.Request.Context()))
	}
	var retry *retryError
	if errors.As(err, &retry) {
		c.Header("Retry-After", strconv.Itoa(seconds(retry.after)))
	}
	fail(c, err)
}
