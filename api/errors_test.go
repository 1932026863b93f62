package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
)

func TestErrorCodesMapToHTTP(t *testing.T) {
	for code, want := range map[string]int{casegraph.EUNAUTHENTICATED: 401, casegraph.EFORBIDDEN: 403,
		casegraph.ENOTFOUND: 404, casegraph.EUNAVAILABLE: 503, casegraph.EINVALID: 400, casegraph.EINTERNAL: 500,
		casegraph.ETOOMUCH: 429, casegraph.ETIMEOUT: 504, casegraph.ECANCELED: 499} {
		if got := httpStatus(code); got != want {
			t.Errorf("%s: %d, want %d", code, got, want)
		}
		if code != casegraph.EINTERNAL && codeForStatus(want) != code {
			t.Errorf("%d maps back to %s, want %s", want, codeForStatus(want), code)
		}
	}
}

// TestIngestErrorsCarryTheirCode: the ingest package's errors say what
// kind they are where they arise.
func TestIngestErrorsCarryTheirCode(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		wantCode string
		wantMsg  string
	}{
		{"a mapping error", &ingest.MappingError{File: "m.yml", Line: 3, Msg: "dataset is required"},
			casegraph.EINVALID, "m.yml:3: dataset is required"},
		{"a file error", fmt.Errorf("job x: %w", &ingest.FileError{File: "a.csv", Reason: "the file has no header row"}),
			casegraph.EINVALID, "a.csv: the file has no header row"},
		{"a file read its request's deadline stopped", &ingest.FileError{File: "a.csv", Reason: "stopped", Err: context.DeadlineExceeded},
			casegraph.ETIMEOUT, "it took too long and was stopped"},
		{"a file read whose client went away", &ingest.FileError{File: "a.csv", Reason: "stopped", Err: context.Canceled},
			casegraph.ECANCELED, "the request was cancelled"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code, msg := casegraph.ErrorCode(c.err), casegraph.ErrorMessage(c.err); code != c.wantCode || msg != c.wantMsg {
				t.Fatalf("got %s %q, want %s %q", code, msg, c.wantCode, c.wantMsg)
			}
		})
	}
}

// stuckGraph answers like failingGraph, and with Block set waits for the
// request's context to end and answers with its error, as the store does.
type stuckGraph struct {
	failingGraph
	block bool
}

func (g stuckGraph) Stats(ctx context.Context) (casegraph.Stats, error) {
	if g.block {
		<-ctx.Done()
		return casegraph.Stats{}, fmt.Errorf("reading: %w", ctx.Err())
	}
	return casegraph.Stats{}, g.err
}

func (g stuckGraph) ListViews(context.Context, casegraph.Token, int) ([]casegraph.View, error) {
	return nil, g.err
}

// TestCancelledAndTimedOutAreNotUnavailable: a request that ran out of time
// is a 504 that says to ask for less, one whose client went away a 499;
// neither is a 503 "Neo4j unavailable", in GraphQL or elsewhere.
func TestCancelledAndTimedOutAreNotUnavailable(t *testing.T) {
	timeout := &casegraph.Error{Code: casegraph.ETIMEOUT, Message: "the query took too long and was stopped", Err: context.DeadlineExceeded}
	canceled := &casegraph.Error{Code: casegraph.ECANCELED, Message: "the request was cancelled", Err: context.Canceled}
	cases := []struct {
		name       string
		err        error
		path       string
		wantStatus int
		wantCode   string
		wantMsg    string
	}{
		{"a store timeout", timeout, "/graphql", 504, casegraph.ETIMEOUT, "--request-timeout"},
		{"a bare deadline", fmt.Errorf("driver: %w", context.DeadlineExceeded), "/graphql", 504, casegraph.ETIMEOUT, "ask for less"},
		{"a store cancellation", canceled, "/graphql", 499, casegraph.ECANCELED, "cancelled"},
		{"a bare cancellation", context.Canceled, "/graphql", 499, casegraph.ECANCELED, "cancelled"},
		{"a views timeout", timeout, "/api/views", 504, casegraph.ETIMEOUT, "--request-timeout"},
		{"a views cancellation", canceled, "/api/views", 499, casegraph.ECANCELED, "cancelled"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := handler(t, stuckGraph{failingGraph: failingGraph{err: c.err}}, nil)
			var rec *httptest.ResponseRecorder
			var out map[string]any
			if c.path == "/graphql" {
				rec, out = do(h, "POST", "/graphql", `{"query":"{ stats { nodes } }"}`)
				out = out["errors"].([]any)[0].(map[string]any)
				out["error"], out["code"] = out["message"], out["extensions"].(map[string]any)["code"]
			} else {
				rec, out = do(h, "GET", c.path, "")
			}
			if rec.Code != c.wantStatus || out["code"] != c.wantCode || !strings.Contains(fmt.Sprint(out["error"]), c.wantMsg) {
				t.Fatalf("got %d %s; want %d %s mentioning %q", rec.Code, rec.Body.String(), c.wantStatus, c.wantCode, c.wantMsg)
			}
		})
	}

	// End to end through the handler: the request's own deadline, and a
	// client that goes away.
	h, err := NewHandler(Options{Graph: stuckGraph{block: true}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		NoAuth: true, RequestTimeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if rec, _ := do(h, "POST", "/graphql", `{"query":"{ stats { nodes } }"}`); rec.Code != 504 || !strings.Contains(rec.Body.String(), "--request-timeout") {
		t.Errorf("past the request timeout: got %d %s", rec.Code, rec.Body.String())
	}
	h, err = NewHandler(Options{Graph: stuckGraph{block: true}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		NoAuth: true, RequestTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ stats { nodes } }"}`)).WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	time.AfterFunc(5*time.Millisecond, cancel)
	h.ServeHTTP(rec, req)
	if rec.Code != 499 || !strings.Contains(rec.Body.String(), casegraph.ECANCELED) {
		t.Errorf("a client gone: got %d %s", rec.Code, rec.Body.String())
	}
}

// TestEveryErrorAnswerHasCodeAndRequestID: whoever writes it, an error
// answer is {"error", "code", "requestId"}, the id the X-Request-Id header
// has; on /graphql it is also a GraphQL "errors" list.
func TestEveryErrorAnswerHasCodeAndRequestID(t *testing.T) {
	h, _ := authHandler(t, Options{})
	noFiles := func() request {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("mapping", peopleMapping)
		w.Close()
		return request{method: "POST", path: "/api/ingest", secret: analystSecret, ctype: w.FormDataContentType(), body: &buf}
	}
	json := func(method, path, body string) request {
		return request{method: method, path: path, secret: analystSecret, ctype: "application/json", body: strings.NewReader(body)}
	}
	cases := []struct {
		name       string
		req        request
		wantStatus int
		wantCode   string
	}{
		{"no token", request{method: "GET", path: "/api/views"}, 401, casegraph.EUNAUTHENTICATED},
		{"too weak a token", upload(t, viewerSecret), 403, casegraph.EFORBIDDEN},
		{"an unknown endpoint", json("GET", "/api/nothing", ""), 404, casegraph.ENOTFOUND},
		{"a view that is not JSON", json("POST", "/api/views", "{"), 400, casegraph.EINVALID},
		{"a view as a form", request{method: "POST", path: "/api/views", secret: analystSecret,
			ctype: "text/plain", body: strings.NewReader("x")}, 415, casegraph.EINVALID},
		{"an upload without files", noFiles(), 400, casegraph.EINVALID},
		{"an upload with a bad mapping", uploadWith(t, "dataset: [", true), 400, casegraph.EINVALID},
		{"an unknown upload", json("GET", "/api/ingest/nope", ""), 404, casegraph.ENOTFOUND},
		{"an unknown rejects file", json("GET", "/api/ingest/nope/rejects/x", ""), 404, casegraph.ENOTFOUND},
		{"GraphQL that is not JSON", json("POST", "/graphql", "query { stats }"), 400, casegraph.EINVALID},
		{"a mutation by GET", request{method: "GET", secret: analystSecret,
			path: "/graphql?query=" + "mutation%7BdeleteView(id:%22x%22)%7D"}, 405, casegraph.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, out := send(h, c.req)
			if rec.Code != c.wantStatus || out["code"] != c.wantCode || out["error"] == "" || out["error"] == nil {
				t.Fatalf("got %d %s; want %d with code %s", rec.Code, rec.Body.String(), c.wantStatus, c.wantCode)
			}
			if id := rec.Header().Get("X-Request-Id"); id == "" || out["requestId"] != id {
				t.Fatalf("requestId %v, X-Request-Id %q", out["requestId"], id)
			}
			if strings.HasPrefix(c.req.path, "/graphql") {
				errs, _ := out["errors"].([]any)
				if len(errs) != 1 || errs[0].(map[string]any)["extensions"].(map[string]any)["code"] != c.wantCode {
					t.Fatalf("no GraphQL errors list: %s", rec.Body.String())
				}
			}
		})
	}
	// readyz answers in the same shape, with its status.
	rec, out := do(handler(t, failingGraph{err: casegraph.Errorf(casegraph.EUNAVAILABLE, "Neo4j is not reachable")}, nil), "GET", "/readyz", "")
	if rec.Code != 503 || out["status"] != "unavailable" || out["code"] != casegraph.EUNAVAILABLE || out["requestId"] == "" {
		t.Fatalf("readyz: %d %s", rec.Code, rec.Body.String())
	}
}
