package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/casegraph/casegraph/graph"
)

// TokenLookup finds the API token a secret belongs to; an unknown or revoked
// secret is a graph.ENOTFOUND error. graph.Store implements it.
type TokenLookup interface {
	LookupToken(ctx context.Context, secret string) (graph.Token, error)
}

// localToken is who every request is in no-auth mode.
var localToken = graph.Token{ID: "local", Name: "local", Role: graph.RoleAdmin}

// roleRank orders the roles: each may do what the ones below it may.
var roleRank = map[string]int{graph.RoleViewer: 1, graph.RoleAnalyst: 2, graph.RoleAdmin: 3}

func roleAllows(have, need string) bool {
	return roleRank[have] > 0 && roleRank[have] >= roleRank[need]
}

const tokenKey ctxKey = 100

func withToken(ctx context.Context, t graph.Token) context.Context {
	return context.WithValue(ctx, tokenKey, t)
}

// TokenFrom returns the token a request was authenticated with.
func TokenFrom(ctx context.Context) (graph.Token, bool) {
	t, ok := ctx.Value(tokenKey).(graph.Token)
	return t, ok
}

// howToGetAToken ends every 401, so that nobody is left guessing.
const howToGetAToken = "send the header `Authorization: Bearer <token>`; an admin creates a token with " +
	"`casegraph token create --name NAME --role viewer|analyst|admin` (the secret is shown once)"

// RequireRole returns nil when the request in ctx was authenticated with a
// token whose role is role or stronger, and otherwise a classified error
// (graph.EUNAUTHENTICATED or graph.EFORBIDDEN) that the API shows as 401/403
// and as the GraphQL extension code "unauthenticated"/"forbidden".
// Resolvers that write call it first.
func RequireRole(ctx context.Context, role string) error {
	t, ok := TokenFrom(ctx)
	if !ok {
		return graph.Errorf(graph.EUNAUTHENTICATED, "authentication required: %s", howToGetAToken)
	}
	if !roleAllows(t.Role, role) {
		return graph.Errorf(graph.EFORBIDDEN, "this needs the %s role; the token %q has the %s role", role, t.Name, t.Role)
	}
	return nil
}

// authenticator checks bearer tokens. Lookups are cached briefly (by the
// secret's hash), so a busy client costs Neo4j one read per TokenCacheTTL, not
// one per request; a revoked token is therefore refused within TokenCacheTTL.
type authenticator struct {
	tokens TokenLookup
	noAuth bool
	log    *slog.Logger

	mu    sync.Mutex
	cache map[string]cachedToken
}

type cachedToken struct {
	token   graph.Token
	expires time.Time
}

const (
	TokenCacheTTL = 15 * time.Second
	cacheEntries  = 1024
)

func newAuthenticator(tokens TokenLookup, noAuth bool, log *slog.Logger) *authenticator {
	return &authenticator{tokens: tokens, noAuth: noAuth, log: log, cache: map[string]cachedToken{}}
}

// require is middleware that lets a request through only with a valid token
// of role or stronger, and puts the token in the request's ctx.
func (a *authenticator) require(role string) gin.HandlerFunc {
	return func(c *gin.Context) {
		t, err := a.authenticate(c.Request.Context(), c.GetHeader("Authorization"))
		if err == nil {
			err = RequireRole(withToken(c.Request.Context(), t), role)
		}
		if err != nil {
			a.refuse(c, err)
			return
		}
		c.Request = c.Request.WithContext(withToken(c.Request.Context(), t))
		c.Next()
	}
}

// authenticate returns the token an Authorization header carries.
func (a *authenticator) authenticate(ctx context.Context, header string) (graph.Token, error) {
	if a.noAuth {
		return localToken, nil
	}
	if header == "" {
		return graph.Token{}, graph.Errorf(graph.EUNAUTHENTICATED, "authentication required: %s", howToGetAToken)
	}
	scheme, secret, _ := strings.Cut(header, " ")
	secret = strings.TrimSpace(secret)
	if !strings.EqualFold(scheme, "Bearer") || secret == "" {
		return graph.Token{}, graph.Errorf(graph.EUNAUTHENTICATED,
			"the Authorization header is not a bearer token: %s", howToGetAToken)
	}
	if a.tokens == nil {
		return graph.Token{}, graph.Errorf(graph.EUNAUTHENTICATED, "this server has no token store: %s", howToGetAToken)
	}
	key := graph.HashToken(secret)
	now := time.Now()
	a.mu.Lock()
	hit, ok := a.cache[key]
	a.mu.Unlock()
	if ok && now.Before(hit.expires) {
		return hit.token, nil
	}
	t, err := a.tokens.LookupToken(ctx, secret)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return graph.Token{}, graph.Errorf(graph.EUNAUTHENTICATED,
			"the API token is not valid (unknown or revoked): %s", howToGetAToken)
	}
	if err != nil {
		return graph.Token{}, err
	}
	a.mu.Lock()
	if len(a.cache) >= cacheEntries {
		clear(a.cache)
	}
	a.cache[key] = cachedToken{token: t, expires: now.Add(TokenCacheTTL)}
	a.mu.Unlock()
	return t, nil
}

// refuse answers a request that may not go on: 401 or 403, or 503 when the
// tokens cannot be checked because Neo4j is away. GraphQL clients also get
// the error in the usual "errors" list.
func (a *authenticator) refuse(c *gin.Context, err error) {
	code := graph.ErrorCode(err)
	status := httpStatus(code)
	msg := graph.ErrorMessage(err)
	reqID := requestIDFrom(c.Request.Context())
	switch code {
	case graph.EUNAUTHENTICATED:
		c.Header("WWW-Authenticate", `Bearer realm="casegraph"`)
	case graph.EFORBIDDEN:
	case graph.EUNAVAILABLE:
		msg = "cannot check the API token: " + msg
	default:
		a.log.Error("checking an API token", "err", err, "request_id", reqID)
	}
	body := gin.H{"error": msg, "code": code, "requestId": reqID}
	if strings.HasPrefix(c.FullPath(), "/graphql") {
		body["errors"] = []gqlError{{Message: msg, Extensions: map[string]any{"code": code, "requestId": reqID}}}
	}
	noteError(c.Request.Context(), code)
	c.AbortWithStatusJSON(status, body)
}

// httpStatus is the HTTP status for an error code.
func httpStatus(code string) int {
	switch code {
	case graph.EINVALID:
		return http.StatusBadRequest
	case graph.ENOTFOUND:
		return http.StatusNotFound
	case graph.EUNAUTHENTICATED:
		return http.StatusUnauthorized
	case graph.EFORBIDDEN:
		return http.StatusForbidden
	case graph.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// codeForStatus is the error code an HTTP error status stands for, for
// answers that carry no code of their own (uploads, unknown routes).
func codeForStatus(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return graph.EUNAUTHENTICATED
	case status == http.StatusForbidden:
		return graph.EFORBIDDEN
	case status == http.StatusNotFound:
		return graph.ENOTFOUND
	case status == http.StatusServiceUnavailable:
		return graph.EUNAVAILABLE
	case status >= 500:
		return graph.EINTERNAL
	}
	return graph.EINVALID
}
