package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/casegraph/casegraph"
)

// The error edge. Domain code and the store return classified errors
// (casegraph.ErrorCode); here, and only here, a code becomes an HTTP status
// (httpStatus) and an answer. Every error answer of the server is JSON
//
//	{"error": "what went wrong, safe to show", "code": "invalid", "requestId": "…"}
//
// written by fail (or failStatus, for a status more precise than the code's:
// 405, 413, 415, 421, 422), and on /graphql it also carries the usual
// GraphQL "errors" list. A GraphQL response from the schema keeps its own
// shape (maskErrors) and takes its status from the same map.

// statusClientClosed is nginx's 499: the client went away before the
// answer. Nobody reads it; the access log and the metrics do.
const statusClientClosed = 499

// statusOf is the one map from an error code to its HTTP status.
var statusOf = map[string]int{
	casegraph.EINVALID:         http.StatusBadRequest,
	casegraph.ENOTFOUND:        http.StatusNotFound,
	casegraph.EUNAUTHENTICATED: http.StatusUnauthorized,
	casegraph.EFORBIDDEN:       http.StatusForbidden,
	casegraph.ETOOMUCH:         http.StatusTooManyRequests,
	casegraph.EUNAVAILABLE:     http.StatusServiceUnavailable,
	casegraph.ETIMEOUT:         http.StatusGatewayTimeout,
	casegraph.ECANCELED:        statusClientClosed,
	casegraph.EINTERNAL:        http.StatusInternalServerError,
}

// httpStatus is the HTTP status for an error code (500 for one not known).
func httpStatus(code string) int {
	if status, ok := statusOf[code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// codeForStatus is the error code an HTTP error status stands for, for the
// metrics and the audit log of answers that noted no code (a 404 of gin's):
// statusOf read backwards, any other 5xx internal, any other 4xx invalid.
func codeForStatus(status int) string {
	for code, s := range statusOf {
		if s == status {
			return code
		}
	}
	if status >= 500 {
		return casegraph.EINTERNAL
	}
	return casegraph.EINVALID
}

// timeoutMessage is what a request stopped by its deadline is told.
const timeoutMessage = "the request took longer than the server allows (its --request-timeout) and was stopped: " +
	"ask for less (a smaller page, fewer hops, a shorter time window), or ask an admin to raise --request-timeout"

// errorMessage is what an answer says of err: its user-safe message, and
// for a timeout what to do about it.
func errorMessage(err error) string {
	if casegraph.ErrorCode(err) == casegraph.ETIMEOUT {
		return timeoutMessage
	}
	return casegraph.ErrorMessage(err)
}

// fail answers the request with err, at the status its code maps to, and
// stops it. Callers log what the log should keep (internal errors).
func fail(c *gin.Context, err error) {
	failStatus(c, httpStatus(casegraph.ErrorCode(err)), err)
}

// failStatus is fail at a status more precise than the code's.
func failStatus(c *gin.Context, status int, err error) {
	writeError(c, status, err, nil)
}

// refuse is fail with a message made here.
func refuse(c *gin.Context, status int, code, format string, args ...any) {
	failStatus(c, status, casegraph.Errorf(code, format, args...))
}

// writeError is the one writer of error answers: "error", "code" and
// "requestId", plus the fields of also (an upload's preview), and for
// GraphQL clients the "errors" list. It notes the code for the metrics and
// the audit log.
func writeError(c *gin.Context, status int, err error, also gin.H) {
	code, msg := casegraph.ErrorCode(err), errorMessage(err)
	reqID := requestIDFrom(c.Request.Context())
	body := gin.H{}
	for k, v := range also {
		body[k] = v
	}
	body["error"], body["code"], body["requestId"] = msg, code, reqID
	if strings.HasPrefix(c.Request.URL.Path, "/graphql") {
		body["errors"] = []gqlError{{Message: msg, Extensions: map[string]any{"code": code, "requestId": reqID}}}
	}
	noteError(c.Request.Context(), code)
	c.AbortWithStatusJSON(status, body)
}
