// Package api is casegraph's HTTP surface: GraphQL at /graphql, uploads and
// saved views under /api/, health probes and metrics, and the built web
// explorer (Options.FrontendDir) at / and its client-side routes. It talks
// to Neo4j only through the small Graph interface it declares.
package api

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/graph-gophers/graphql-go"
	"github.com/graph-gophers/graphql-go/ast"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/xref"
)

// Schema is the GraphQL schema, also printed by `casegraph schema`.
//
//go:embed schema.graphql
var Schema string

// Graph is what the API needs from the graph store.
type Graph interface {
	Ready(ctx context.Context) error
	GetEntity(ctx context.Context, id string) (casegraph.Sourced, error)
	Search(ctx context.Context, p casegraph.SearchParams) ([]casegraph.Sourced, error)
	Stats(ctx context.Context) (casegraph.Stats, error)
	IngestJobs(ctx context.Context, skip, limit int) ([]casegraph.Entity, error)
	EntitiesByID(ctx context.Context, ids []string) (map[string]casegraph.Entity, error)
	Neighborhood(ctx context.Context, p casegraph.NeighborhoodParams) (casegraph.Subgraph, error)
	SourceFacts(ctx context.Context, ids []string, perNode int) (casegraph.Subgraph, error)
	Paths(ctx context.Context, p casegraph.PathParams) ([]casegraph.Path, error)
	MoneyFlow(ctx context.Context, p casegraph.MoneyFlowParams) (casegraph.MoneyFlow, error)
	Meetings(ctx context.Context, p casegraph.MeetingParams) ([]casegraph.Meeting, error)
	Contacts(ctx context.Context, id string, w casegraph.Window) ([]casegraph.Contact, error)
	Charges(ctx context.Context, p casegraph.ChargeParams) ([]casegraph.ChargeRow, error)
	Timeline(ctx context.Context, p casegraph.TimelineParams) ([]casegraph.TimelineItem, error)
	LinksOf(ctx context.Context, p casegraph.LinksParams) (map[string]casegraph.Links, error)
	Views
	ingest.Writer
}

// Options wire the API.
type Options struct {
	Graph Graph
	Log   *slog.Logger
	// Backend, when set, reports problems with a Neo4j this process manages
	// (the local child); /readyz shows its message first.
	Backend func() error
	// MaxBodyBytes caps a request body; RequestTimeout caps a GraphQL request,
	// and reaches the Neo4j transaction through ctx.
	MaxBodyBytes   int64
	RequestTimeout time.Duration
	// Uploads: where uploaded files wait while they load, the size limit,
	// and the context background loads run under (cancelled at shutdown).
	UploadDir      string
	MaxUploadBytes int64
	BaseCtx        context.Context
	// Background, when set, counts the uploads loading in the background:
	// Add(1) as each load is started, Done() once it has ended and its
	// outcome is recorded. Its owner Waits before closing the store;
	// cancelling BaseCtx first makes the loads end soon, as cancelled.
	Background *sync.WaitGroup
	// Tokens checks the bearer token of every request to /graphql and
	// /api/ingest. NoAuth instead treats every request as an admin's (serve
	// allows that on loopback only). One of the two is required.
	Tokens TokenLookup
	NoAuth bool
	// AuditLog receives one JSON line per GraphQL request and per upload;
	// nil keeps no audit log.
	AuditLog io.Writer
	// AllowedHosts are the names this server is reached by (Host header);
	// empty answers any. AllowedOrigins are web origins besides the
	// server's own that may write (a reverse proxy's public address).
	// TrustedProxies may set X-Forwarded-For. See docs/security.md.
	AllowedHosts   []string
	AllowedOrigins []string
	TrustedProxies []string
	// FrontendDir holds the built web explorer, served at / and, for the
	// explorer's own routes, as index.html. Empty or missing: GET / says how
	// to build it.
	FrontendDir string
}

// Limits on a GraphQL document, against abuse (OWASP GraphQL cheat sheet).
const (
	maxQueryDepth  = 12
	maxQueryLength = 20_000
	maxSelections  = 400
)

// NewHandler builds the HTTP handler.
func NewHandler(opts Options) (http.Handler, error) {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 30 * time.Second
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = defaultMaxUpload
	}
	if opts.BaseCtx == nil {
		opts.BaseCtx = context.Background()
	}
	if opts.Tokens == nil && !opts.NoAuth {
		return nil, errors.New("api: Options.Tokens is required unless NoAuth is set")
	}
	if opts.UploadDir == "" {
		opts.UploadDir = filepath.Join(os.TempDir(), "casegraph-uploads")
	}
	up := &uploads{w: opts.Graph, dir: opts.UploadDir, log: opts.Log, baseCtx: opts.BaseCtx,
		background: opts.Background, runs: map[string]*uploadRun{}}
	res := &resolver{graph: opts.Graph, uploads: up, baseCtx: opts.BaseCtx, model: xref.DefaultModel()}
	res.xg, _ = opts.Graph.(XrefGraph) // a store without it serves no cross-referencing
	schema, err := graphql.ParseSchema(Schema, res,
		graphql.UseStringDescriptions(),
		graphql.UseFieldResolvers(),
		graphql.MaxDepth(maxQueryDepth),
		graphql.MaxQueryLength(maxQueryLength),
		graphql.MaxSelections(maxSelections),
		// Items of a list resolve concurrently up to this many (the batch
		// loaders no longer depend on it: lists register what they need).
		graphql.MaxParallelism(maxFirst+28),
		graphql.PanicHandler(panicHandler{opts.Log}),
	)
	if err != nil {
		return nil, fmt.Errorf("parsing GraphQL schema: %w", err)
	}
	// The standard introspection query nests deeper than data queries may
	// (introspection.go says which documents this clone serves).
	introspect, err := schema.Clone(res, graphql.MaxDepth(introspectionDepth),
		graphql.MaxSelections(maxSelections)) // Clone does not copy this one
	if err != nil {
		return nil, fmt.Errorf("cloning the GraphQL schema for introspection: %w", err)
	}
	s := &server{opts: opts, schema: schema, introspect: introspect, log: opts.Log, res: res}

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// Client addresses (for the limits on failed logins) come from the
	// connection, or from X-Forwarded-For only when a trusted proxy sent it.
	if err := r.SetTrustedProxies(opts.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	m := newMetrics()
	for _, root := range schema.ASTSchema().RootOperationTypes {
		if t, ok := root.(*ast.ObjectTypeDefinition); ok {
			for _, f := range t.Fields {
				m.fields[f.Name] = true
			}
		}
	}
	s.routes(r, m, up)
	return r, nil
}

type server struct {
	opts       Options
	schema     *graphql.Schema
	introspect *graphql.Schema
	log        *slog.Logger
	res        *resolver
}

type ctxKey int

const requestIDKey ctxKey = 0

// requestID tags each request with an id of the server's own, echoed in
// X-Request-Id, carried in ctx and in every log and audit line, so a user's
// error can be found in the log. An X-Request-Id the client sent is kept
// beside it (clientRequestId), never instead of it: a client cannot make
// two requests share an id in the audit log.
func (s *server) requestID(c *gin.Context) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	c.Header("X-Request-Id", id)
	ctx := context.WithValue(c.Request.Context(), requestIDKey, id)
	if client := c.GetHeader("X-Request-Id"); client != "" {
		ctx = context.WithValue(ctx, clientRequestIDKey, cleanRequestID(client))
	}
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

const clientRequestIDKey ctxKey = 1

// cleanRequestID keeps at most 64 characters of a client's request id, and
// of those only letters, digits and - _ . : (an id is not a place for text).
func cleanRequestID(id string) string {
	out := make([]byte, 0, min(len(id), 64))
	for i := 0; i < len(id) && len(out) < 64; i++ {
		ch := id[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("-_.:", ch) >= 0 {
			out = append(out, ch)
		}
	}
	return string(out)
}

func clientRequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(clientRequestIDKey).(string)
	return id
}

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func (s *server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	if c.Request.URL.Path == "/healthz" {
		return
	}
	s.log.Info("request", "method", c.Request.Method, "path", c.Request.URL.Path,
		"status", c.Writer.Status(), "took", time.Since(start).Round(time.Microsecond),
		"request_id", requestIDFrom(c.Request.Context()), "client_request_id", clientRequestIDFrom(c.Request.Context()))
}

func (s *server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic", "value", v, "request_id", requestIDFrom(c.Request.Context()))
			fail(c, errors.New("panic")) // shown as a 500 "internal error"
		}
	}()
	c.Next()
}

// healthz says the process is up; it never touches Neo4j.
func (s *server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz says whether requests can be served: Neo4j answers and the schema
// is in place. A 503 says why not, in words (whatever the error's code: a
// probe asks whether the server is ready, not what went wrong).
func (s *server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 5*time.Second)
	defer cancel()
	if s.opts.Backend != nil {
		if err := s.opts.Backend(); err != nil { // its message is for the operator
			writeError(c, http.StatusServiceUnavailable, casegraph.Errorf(casegraph.EUNAVAILABLE, "%v", err), notReady)
			return
		}
	}
	if err := s.opts.Graph.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		writeError(c, http.StatusServiceUnavailable, err, notReady)
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

var notReady = gin.H{"status": "unavailable"}

type gqlRequest struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    struct {
		Bookmark string `json:"bookmark"` // see BookmarkHeader
	} `json:"extensions"`
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data,omitempty"`
	Errors []gqlError      `json:"errors,omitempty"`
	// Bookmark, after a request that wrote, is written as
	// extensions.bookmark (see BookmarkHeader).
	Bookmark string `json:"-"`
}

type gqlError struct {
	Message    string               `json:"message"`
	Path       []any                `json:"path,omitempty"`
	Locations  []gqlerrors.Location `json:"locations,omitempty"`
	Extensions map[string]any       `json:"extensions,omitempty"`
}

func (s *server) graphqlHandler(c *gin.Context) {
	req, status, err := s.readGraphQLRequest(c)
	if err != nil {
		refuse(c, status, casegraph.EINVALID, "%v", err)
		return
	}
	if c.Request.Method == http.MethodGet && describeOperation(req.Query, req.OperationName).Type != "query" {
		// A link or an <img> can make a browser send a GET; only POST
		// (with a JSON body, which a foreign page cannot send unasked) writes.
		c.Header("Allow", "POST")
		refuse(c, http.StatusMethodNotAllowed, casegraph.EINVALID,
			"only queries may be sent with GET; send mutations with POST and a JSON body")
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.opts.RequestTimeout)
	defer cancel()
	bookmark := c.GetHeader(BookmarkHeader)
	if bookmark == "" {
		bookmark = req.Extensions.Bookmark
	}
	ctx, bookmarkAfter, err := startFrom(ctx, s.opts.Graph, bookmark)
	if err != nil {
		fail(c, err)
		return
	}
	ctx = withBudget(withLoaders(ctx, s.opts.Graph, s.res), requestBudget)
	schema := s.schema
	if only, small := introspectionOnly(req.Query, req.OperationName); only {
		if !small {
			refuse(c, http.StatusBadRequest, casegraph.EINVALID,
				"introspection lists may nest at most %d deep (types → fields → args); ask for less at once", introspectionLists)
			return
		}
		schema = s.introspect
	}
	resp := schema.Exec(ctx, req.Query, req.OperationName, req.Variables)
	out, status := s.maskErrors(ctx, resp)
	out.Bookmark = bookmarkAfter()
	writeGraphQL(c, status, out)
}

// writeGraphQL writes a response with the data as graphql-go encoded it:
// passing it through encoding/json again (as gin's c.JSON would) validates
// and copies every byte of what is already valid JSON.
func writeGraphQL(c *gin.Context, status int, out gqlResponse) {
	b := make([]byte, 0, len(out.Data)+64)
	b = append(b, '{')
	if len(out.Data) > 0 {
		b = append(b, `"data":`...)
		b = append(b, out.Data...)
	}
	if len(out.Errors) > 0 {
		errs, err := json.Marshal(out.Errors)
		if err != nil { // only plain strings, numbers and maps of them: cannot happen
			errs = []byte(`[{"message":"internal error"}]`)
		}
		if len(out.Data) > 0 {
			b = append(b, ',')
		}
		b = append(b, `"errors":`...)
		b = append(b, errs...)
	}
	if out.Bookmark != "" {
		bm, _ := json.Marshal(out.Bookmark) // a string: cannot fail
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, `"extensions":{"bookmark":`...)
		b = append(b, bm...)
		b = append(b, '}')
	}
	b = append(b, '}')
	c.Data(status, "application/json; charset=utf-8", b)
}

func (s *server) readGraphQLRequest(c *gin.Context) (gqlRequest, int, error) {
	var req gqlRequest
	if c.Request.Method == http.MethodGet {
		req.Query = c.Query("query")
		req.OperationName = c.Query("operationName")
		if v := c.Query("extensions"); v != "" {
			if err := json.Unmarshal([]byte(v), &req.Extensions); err != nil {
				return req, http.StatusBadRequest, fmt.Errorf("extensions is not a JSON object: %v", err)
			}
		}
		if v := c.Query("variables"); v != "" {
			if err := json.Unmarshal([]byte(v), &req.Variables); err != nil {
				return req, http.StatusBadRequest, fmt.Errorf("variables is not a JSON object: %v", err)
			}
		}
	} else {
		body := http.MaxBytesReader(c.Writer, c.Request.Body, s.opts.MaxBodyBytes)
		raw, err := io.ReadAll(body)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return req, http.StatusRequestEntityTooLarge,
				fmt.Errorf("request body is larger than the %d-byte limit", s.opts.MaxBodyBytes)
		}
		if err != nil {
			return req, http.StatusBadRequest, fmt.Errorf("reading request body: %v", err)
		}
		if err := json.Unmarshal(raw, &req); err != nil {
			return req, http.StatusBadRequest, fmt.Errorf("request body is not a GraphQL JSON request: %v", err)
		}
	}
	if req.Query == "" {
		return req, http.StatusBadRequest, errors.New(`no query given: send {"query": "..."}`)
	}
	return req, http.StatusOK, nil
}

// maskErrors turns resolver errors into messages safe for users: classified
// errors keep their message and code; anything else is logged with the
// request id and shown as "internal error". Errors that fail the request as
// a whole (wholeRequest) set the HTTP status, by the one map (httpStatus),
// so that clients and load balancers can tell; any other leaves it 200.
func (s *server) maskErrors(ctx context.Context, resp *graphql.Response) (gqlResponse, int) {
	out := gqlResponse{Data: resp.Data}
	status, rank := http.StatusOK, len(wholeRequest)
	reqID := requestIDFrom(ctx)
	for _, qe := range resp.Errors {
		e := gqlError{Message: qe.Message, Locations: qe.Locations, Extensions: map[string]any{}}
		if len(qe.Path) > 0 {
			e.Path = qe.Path
		}
		code := casegraph.EINVALID // validation and argument errors from graphql-go
		cause := qe.ResolverError
		if cause == nil && ctx.Err() != nil {
			// Once the request's context has ended, graphql-go answers
			// with the context's error alone, as a message.
			cause = ctx.Err()
		}
		if cause != nil {
			code = casegraph.ErrorCode(cause)
			e.Message = errorMessage(cause)
			if code == casegraph.EINTERNAL || code == casegraph.EUNAVAILABLE {
				s.log.Error("graphql resolver failed", "err", cause, "path", qe.Path, "request_id", reqID)
			}
		}
		if r := slices.Index(wholeRequest, code); r >= 0 && r < rank {
			status, rank = httpStatus(code), r
		}
		noteError(ctx, code)
		e.Extensions["code"] = code
		e.Extensions["requestId"] = reqID
		out.Errors = append(out.Errors, e)
	}
	return out, status
}

// wholeRequest are the codes that fail a GraphQL request as a whole, first
// the one that sets the status when several are found: Neo4j away, the
// request's deadline, the client gone, then who may ask.
var wholeRequest = []string{casegraph.EUNAVAILABLE, casegraph.ETIMEOUT, casegraph.ECANCELED,
	casegraph.EUNAUTHENTICATED, casegraph.EFORBIDDEN}

type panicHandler struct{ log *slog.Logger }

func (h panicHandler) MakePanicError(ctx context.Context, value any) *gqlerrors.QueryError {
	h.log.Error("graphql resolver panicked", "value", value, "request_id", requestIDFrom(ctx))
	return &gqlerrors.QueryError{Message: "internal error", ResolverError: errors.New("panic")}
}
