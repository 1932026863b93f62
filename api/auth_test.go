package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/casegraph/casegraph"
)

// tokenMap is a TokenLookup over a map from secret to token.
type tokenMap map[string]casegraph.Token

func (m tokenMap) LookupToken(_ context.Context, secret string) (casegraph.Token, error) {
	if t, ok := m[secret]; ok {
		return t, nil
	}
	return casegraph.Token{}, casegraph.Errorf(casegraph.ENOTFOUND, "unknown or revoked API token")
}

const (
	// Secrets of the shape casegraph makes (casegraph.WellFormedToken).
	viewerSecret  = "cg_viewer-secret-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	analystSecret = "cg_analyst-secret-bbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	adminSecret   = "cg_admin-secret-cccccccccccccccccccccccccccccc"
)

var testTokens = tokenMap{
	viewerSecret:  {ID: "tok-viewer", Name: "vera", Role: casegraph.RoleViewer},
	analystSecret: {ID: "tok-analyst", Name: "alice", Role: casegraph.RoleAnalyst},
	adminSecret:   {ID: "tok-admin", Name: "root", Role: casegraph.RoleAdmin},
}

// authHandler builds a handler with tokens (unless opts says otherwise) and
// an audit log kept in the returned buffer.
func authHandler(t *testing.T, opts Options) (http.Handler, *bytes.Buffer) {
	t.Helper()
	var audit bytes.Buffer
	if opts.Graph == nil {
		opts.Graph = failingGraph{}
	}
	if opts.Tokens == nil && !opts.NoAuth {
		opts.Tokens = testTokens
	}
	opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	opts.UploadDir = t.TempDir()
	opts.AuditLog = &audit
	h, err := NewHandler(opts)
	if err != nil {
		t.Fatal(err)
	}
	return h, &audit
}

type request struct {
	method, path, secret, ctype string
	body                        io.Reader
	// Optional: the Origin, Host, X-Forwarded-For and X-Request-Id headers
	// and the client's address.
	origin, host, forwardedFor, requestID, remote string
}

func send(h http.Handler, r request) (*httptest.ResponseRecorder, map[string]any) {
	req := httptest.NewRequest(r.method, r.path, r.body)
	for k, v := range map[string]string{"Origin": r.origin, "X-Forwarded-For": r.forwardedFor, "X-Request-Id": r.requestID} {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	if r.host != "" {
		req.Host = r.host
	}
	if r.remote != "" {
		req.RemoteAddr = r.remote
	}
	if r.secret != "" {
		req.Header.Set("Authorization", "Bearer "+r.secret)
	}
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec, out
}

func gql(secret, query string, vars map[string]any) request {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return request{method: "POST", path: "/graphql", secret: secret, ctype: "application/json", body: bytes.NewReader(body)}
}

const statsQuery = `{ stats { nodes } }`

const ingestRowsMutation = `mutation($m: String!, $rows: [JSON!]!) {
	ingestRows(mapping: $m, rows: $rows, dryRun: true) { status rowsRead rowsLoaded } }`

const peopleMapping = `dataset: authtest
source: {title: "Auth test", publisher: casegraph tests}
inputs:
  - file: people.csv
    entities:
      person:
        schema: Person
        id: id
        required: [id]
        properties:
          name: name
`

func ingestRows(secret string) request {
	return gql(secret, ingestRowsMutation, map[string]any{"m": peopleMapping,
		"rows": []map[string]any{{"id": "1", "name": "Private Row Person"}}})
}

// upload is a dry-run POST /api/ingest.
func upload(t *testing.T, secret string) request {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("mapping", peopleMapping)
	_ = w.WriteField("dryRun", "true")
	fw, err := w.CreateFormFile("files", "people.csv")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fw, "id,name\n1,Ada\n")
	w.Close()
	return request{method: "POST", path: "/api/ingest", secret: secret, ctype: w.FormDataContentType(), body: &buf}
}

func errorCode(out map[string]any) string {
	errs, _ := out["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	code, _ := ext["code"].(string)
	return code
}

func TestAuthRefusesRequestsWithoutAValidToken(t *testing.T) {
	h, _ := authHandler(t, Options{})
	cases := []struct {
		name    string
		req     request
		header  string // Authorization, when not a bearer secret
		wantMsg string
	}{
		{"no token", gql("", statsQuery, nil), "", "authentication required"},
		{"unknown token", gql("cg_not-a-real-token", statsQuery, nil), "", "not valid"},
		{"not a bearer token", gql("", statsQuery, nil), "Basic YWxpY2U6c2VjcmV0", "not a bearer token"},
		{"empty bearer", gql("", statsQuery, nil), "Bearer ", "not a bearer token"},
		{"upload without a token", upload(t, ""), "", "authentication required"},
		{"ingest status without a token", request{method: "GET", path: "/api/ingest/abc"}, "", "authentication required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.req.method, c.req.path, c.req.body)
			if c.req.secret != "" {
				req.Header.Set("Authorization", "Bearer "+c.req.secret)
			}
			if c.header != "" {
				req.Header.Set("Authorization", c.header)
			}
			req.Header.Set("Content-Type", c.req.ctype)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var out map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatalf("401 body is not JSON: %q", rec.Body.String())
			}
			msg, _ := out["error"].(string)
			if rec.Code != http.StatusUnauthorized || !strings.Contains(msg, c.wantMsg) {
				t.Fatalf("got %d %s; want 401 saying %q", rec.Code, rec.Body.String(), c.wantMsg)
			}
			// The message says how to get in.
			if !strings.Contains(msg, "Authorization: Bearer") || !strings.Contains(msg, "casegraph token create") {
				t.Fatalf("401 does not say how to get a token: %q", msg)
			}
			if rec.Header().Get("WWW-Authenticate") == "" {
				t.Fatal("401 without WWW-Authenticate")
			}
			if c.req.path == "/graphql" && errorCode(out) != casegraph.EUNAUTHENTICATED {
				t.Fatalf("GraphQL clients get no errors[].extensions.code: %v", out)
			}
		})
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if rec, _ := send(h, request{method: "GET", path: path}); rec.Code != http.StatusOK {
			t.Errorf("%s needs no token, got %d", path, rec.Code)
		}
	}
}

func TestRolesGateIngest(t *testing.T) {
	h, _ := authHandler(t, Options{})
	cases := []struct {
		name     string
		req      func() request
		want     int
		wantCode string // GraphQL error code, "" for none
	}{
		{"viewer may query", func() request { return gql(viewerSecret, statsQuery, nil) }, 200, ""},
		{"viewer may not upload", func() request { return upload(t, viewerSecret) }, 403, ""},
		{"viewer may not see uploads", func() request { return request{method: "GET", path: "/api/ingest/x", secret: viewerSecret} }, 403, ""},
		{"viewer may not ingestRows", func() request { return ingestRows(viewerSecret) }, 403, casegraph.EFORBIDDEN},
		{"analyst may query", func() request { return gql(analystSecret, statsQuery, nil) }, 200, ""},
		{"analyst may upload", func() request { return upload(t, analystSecret) }, 200, ""},
		{"analyst may ingestRows", func() request { return ingestRows(analystSecret) }, 200, ""},
		{"admin may upload", func() request { return upload(t, adminSecret) }, 200, ""},
		{"admin may ingestRows", func() request { return ingestRows(adminSecret) }, 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, out := send(h, c.req())
			if rec.Code != c.want || errorCode(out) != c.wantCode {
				t.Fatalf("got %d %s; want %d with error code %q", rec.Code, rec.Body.String(), c.want, c.wantCode)
			}
			if rec.Code == 403 {
				msg, _ := out["error"].(string)
				if errs, ok := out["errors"].([]any); ok {
					msg, _ = errs[0].(map[string]any)["message"].(string)
				}
				if !strings.Contains(msg, "analyst") || !strings.Contains(msg, "viewer") {
					t.Fatalf("403 does not say which role is needed and which is held: %q", msg)
				}
			}
		})
	}
}

func TestRequireRole(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		ctx  context.Context
		need string
		want string
	}{
		{"no token", ctx, casegraph.RoleViewer, casegraph.EUNAUTHENTICATED},
		{"viewer for viewer", withToken(ctx, testTokens[viewerSecret]), casegraph.RoleViewer, ""},
		{"viewer for analyst", withToken(ctx, testTokens[viewerSecret]), casegraph.RoleAnalyst, casegraph.EFORBIDDEN},
		{"analyst for analyst", withToken(ctx, testTokens[analystSecret]), casegraph.RoleAnalyst, ""},
		{"analyst for admin", withToken(ctx, testTokens[analystSecret]), casegraph.RoleAdmin, casegraph.EFORBIDDEN},
		{"admin for analyst", withToken(ctx, testTokens[adminSecret]), casegraph.RoleAnalyst, ""},
		{"unknown role", withToken(ctx, casegraph.Token{Role: "superuser"}), casegraph.RoleViewer, casegraph.EFORBIDDEN},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := casegraph.ErrorCode(RequireRole(c.ctx, c.need)); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestNoAuthModeTreatsEveryoneAsAdmin(t *testing.T) {
	h, audit := authHandler(t, Options{NoAuth: true})
	for name, req := range map[string]request{
		"query":                  gql("", statsQuery, nil),
		"query with a bad token": gql("cg_whatever", statsQuery, nil),
		"ingestRows":             ingestRows(""),
		"upload":                 upload(t, ""),
	} {
		rec, out := send(h, req)
		if rec.Code != 200 || out["errors"] != nil {
			t.Errorf("%s in no-auth mode: %d %s", name, rec.Code, rec.Body.String())
		}
	}
	for _, line := range auditLines(t, audit) {
		if line["tokenId"] != "local" || line["tokenName"] != "local" || line["role"] != casegraph.RoleAdmin {
			t.Errorf("no-auth audit line does not say local: %v", line)
		}
	}
	if _, err := NewHandler(Options{Graph: failingGraph{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}); err == nil {
		t.Fatal("NewHandler accepted neither Tokens nor NoAuth")
	}
}

// countingLookup counts lookups and can fail.
type countingLookup struct {
	n   atomic.Int32
	err error
}

func (c *countingLookup) LookupToken(ctx context.Context, secret string) (casegraph.Token, error) {
	c.n.Add(1)
	if c.err != nil {
		return casegraph.Token{}, c.err
	}
	return testTokens.LookupToken(ctx, secret)
}

func TestTokenLookups(t *testing.T) {
	t.Run("cached", func(t *testing.T) {
		lookups := &countingLookup{}
		h, _ := authHandler(t, Options{Tokens: lookups})
		for range 3 {
			if rec, _ := send(h, gql(viewerSecret, statsQuery, nil)); rec.Code != 200 {
				t.Fatalf("got %d", rec.Code)
			}
		}
		if n := lookups.n.Load(); n != 1 {
			t.Fatalf("%d lookups for 3 requests with one token, want 1", n)
		}
	})
	t.Run("Neo4j away is a 503", func(t *testing.T) {
		lookups := &countingLookup{err: casegraph.Errorf(casegraph.EUNAVAILABLE, "Neo4j at bolt://x is not reachable")}
		h, _ := authHandler(t, Options{Tokens: lookups})
		rec, out := send(h, gql(viewerSecret, statsQuery, nil))
		if rec.Code != 503 || !strings.Contains(out["error"].(string), "cannot check the API token") {
			t.Fatalf("got %d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("other failures are masked", func(t *testing.T) {
		lookups := &countingLookup{err: &casegraph.Error{Code: casegraph.EINTERNAL, Message: "database error",
			Err: casegraph.Errorf(casegraph.EINTERNAL, "Neo.ClientError MATCH (t:ApiToken)")}}
		h, _ := authHandler(t, Options{Tokens: lookups})
		rec, _ := send(h, gql(viewerSecret, statsQuery, nil))
		if rec.Code != 500 || strings.Contains(rec.Body.String(), "MATCH") {
			t.Fatalf("got %d %s", rec.Code, rec.Body.String())
		}
	})
}
