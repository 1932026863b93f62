package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// auditRecord is one line of the audit log: who ran what, when, and how it
// went. It never holds a token's secret, nor a request's variables (which
// may name the people under investigation): only the SHA-256 of the
// variables, enough to tell whether two requests asked the same thing.
type auditRecord struct {
	Time      string `json:"time"`
	Kind      string `json:"kind"`      // "graphql", "ingest", "ingest-status", "rejects" or "views"
	RequestID string `json:"requestId"` // the server's own
	// ClientRequestID is the X-Request-Id the client sent, if any.
	ClientRequestID string `json:"clientRequestId,omitempty"`
	// The token the request was made with; "local" in no-auth mode, empty
	// when the request was refused for want of a valid token.
	TokenID   string `json:"tokenId"`
	TokenName string `json:"tokenName"`
	Role      string `json:"role"`
	// Operation is the GraphQL operationName, else the operation's declared
	// name, else its first field ("upload" for POST /api/ingest, the method
	// and route for other requests, e.g. "DELETE /api/views/:id").
	Operation string `json:"operation"`
	// Path is what a non-GraphQL request named (e.g. /api/views/ab12).
	Path          string `json:"path,omitempty"`
	OperationType string `json:"operationType,omitempty"` // query, mutation, subscription
	DryRun        bool   `json:"dryRun,omitempty"`        // uploads only
	// VariablesSHA256 is the SHA-256 of the variables as canonical JSON
	// (keys sorted, no spaces); an absent variables object counts as {}.
	// It is left out when the request was refused before it was read.
	VariablesSHA256 string  `json:"variablesSha256,omitempty"`
	DurationMs      float64 `json:"durationMs"`
	ResultBytes     int     `json:"resultBytes"`
	HTTPStatus      int     `json:"httpStatus"`
	Status          string  `json:"status"` // "ok", or the code of the first error

	quiet bool // one of a flood of refusals already recorded: not written
}

// auditLog writes records as JSON lines, one Write per line, so that lines
// from concurrent requests never interleave.
type auditLog struct {
	w   io.Writer // nil: no audit log
	log *slog.Logger

	mu sync.Mutex
}

func (a *auditLog) write(r auditRecord) {
	if a.w == nil || r.quiet {
		return
	}
	line, err := json.Marshal(r)
	if err != nil {
		a.log.Error("encoding an audit record", "err", err)
		return
	}
	line = append(line, '\n')
	a.mu.Lock()
	_, err = a.w.Write(line)
	a.mu.Unlock()
	if err != nil {
		a.log.Error("writing the audit log", "err", err, "request_id", r.RequestID)
	}
}

// observer is middleware that records GraphQL requests and uploads in the
// metrics and the audit log. It runs before authentication, so refused
// requests are recorded too.
type observer struct {
	metrics *metrics
	audit   *auditLog
	maxBody int64
}

// graphql observes a GraphQL request. The body is not read here: a copy of
// what the handler reads is kept (up to the body limit) and looked at after.
func (o *observer) graphql(c *gin.Context) {
	start := time.Now()
	var body *capture
	if c.Request.Method == http.MethodPost && c.Request.Body != nil {
		body = &capture{limit: o.maxBody}
		c.Request.Body = readCloser{io.TeeReader(c.Request.Body, body), c.Request.Body}
	}
	c.Next()
	took := time.Since(start)

	// The request is known if it was a GET or its body was read whole (a
	// request refused before the handler ran is not).
	var query, opName string
	var vars json.RawMessage
	known := body == nil
	if body == nil {
		query, opName = c.Query("query"), c.Query("operationName")
		if v := c.Query("variables"); v != "" {
			vars = json.RawMessage(v)
		}
	} else if !body.over {
		var req struct {
			Query         string          `json:"query"`
			OperationName string          `json:"operationName"`
			Variables     json.RawMessage `json:"variables"`
		}
		if json.Unmarshal(body.buf.Bytes(), &req) == nil {
			query, opName, vars = req.Query, req.OperationName, req.Variables
			known = true
		}
	}
	op := describeOperation(query, opName)
	status := outcome(c)
	o.metrics.observeGraphQL(op, status, took)
	rec := o.record(c, "graphql", start, took, status)
	rec.Operation = truncate(op.Name, maxOpLabel)
	if rec.Operation == "" {
		rec.Operation = "anonymous"
	}
	rec.OperationType = op.Type
	if known {
		rec.VariablesSHA256 = variablesHash(vars)
	}
	o.audit.write(rec)
}

// upload observes POST /api/ingest.
func (o *observer) upload(c *gin.Context) {
	start := time.Now()
	c.Next()
	took := time.Since(start)
	rec := o.record(c, "ingest", start, took, outcome(c))
	rec.Operation = "upload"
	if f := c.Request.MultipartForm; f != nil && len(f.Value["dryRun"]) > 0 {
		rec.DryRun = f.Value["dryRun"][0] == "true"
	}
	o.audit.write(rec)
}

// request observes any other request of kind: who asked for what.
func (o *observer) request(kind string) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		rec := o.record(c, kind, start, time.Since(start), outcome(c))
		rec.Operation = c.Request.Method + " " + c.FullPath()
		rec.Path = truncate(c.Request.URL.Path, 256)
		o.audit.write(rec)
	}
}

func (o *observer) record(c *gin.Context, kind string, start time.Time, took time.Duration, status string) auditRecord {
	ctx := c.Request.Context()
	tok, ok := TokenFrom(ctx)
	x, _ := ctx.Value(exchangeKey).(*exchange)
	if !ok && x != nil && x.token != nil { // a token that may not do what it asked
		tok = *x.token
	}
	return auditRecord{
		Time:            start.UTC().Format(time.RFC3339Nano),
		Kind:            kind,
		RequestID:       requestIDFrom(ctx),
		ClientRequestID: clientRequestIDFrom(ctx),
		quiet:           x != nil && x.quiet,
		TokenID:         tok.ID,
		TokenName:       tok.Name,
		Role:            tok.Role,
		DurationMs:      float64(took.Microseconds()) / 1000,
		ResultBytes:     max(c.Writer.Size(), 0),
		HTTPStatus:      c.Writer.Status(),
		Status:          status,
	}
}

// variablesHash is the SHA-256 (hex) of the variables as canonical JSON:
// object keys sorted, no insignificant space, numbers as written. Variables
// that are not JSON hash as they were sent.
func variablesHash(raw json.RawMessage) string {
	canonical := []byte("{}")
	if len(bytes.TrimSpace(raw)) > 0 && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		canonical = raw
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if enc.Encode(v) == nil {
				canonical = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
			}
		}
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// capture keeps a copy of what is written to it, up to limit bytes; past
// that it keeps nothing and says so.
type capture struct {
	buf   bytes.Buffer
	limit int64
	over  bool
}

func (w *capture) Write(p []byte) (int, error) {
	if !w.over {
		if int64(w.buf.Len()+len(p)) > w.limit {
			w.over = true
			w.buf = bytes.Buffer{}
		} else {
			w.buf.Write(p)
		}
	}
	return len(p), nil
}

type readCloser struct {
	io.Reader
	io.Closer
}
