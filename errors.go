package casegraph

import (
	"context"
	"errors"
	"fmt"
)

// Error codes, in the spirit of Ben Johnson's wtf: domain code says what kind
// of failure happened; api/ decides how to show it.
const (
	EINVALID     = "invalid"     // the caller asked for something malformed
	ENOTFOUND    = "not_found"   // the thing asked for does not exist
	EUNAVAILABLE = "unavailable" // Neo4j cannot be reached or is not ready
	ETIMEOUT     = "timeout"     // the work took longer than it may and was stopped: ask for less
	ECANCELED    = "canceled"    // the caller went away (its request was cancelled) before the answer
	EINTERNAL    = "internal"    // anything else; details stay in the log

	EUNAUTHENTICATED = "unauthenticated" // no valid API token was given
	EFORBIDDEN       = "forbidden"       // the token's role does not allow this
	ETOOMUCH         = "too_much"        // over a rate, concurrency or cost limit: wait, or ask for less
)

// Error is a classified error. Message is safe to show to a user; Err (when
// present) carries the underlying cause for the log.
type Error struct {
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a classified error with a user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: that of the first classified error in
// its chain; ETIMEOUT or ECANCELED when a context's deadline or cancellation
// ended the work; the Code() of an error that classifies itself (a package's
// own error types, such as ingest's MappingError and FileError, whose text
// is safe to show); EINTERNAL for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	var self coded
	switch {
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, context.DeadlineExceeded):
		return ETIMEOUT
	case errors.Is(err, context.Canceled):
		return ECANCELED
	case errors.As(err, &self):
		return self.Code()
	}
	return EINTERNAL
}

// coded is an error that says its own code; its Error text is user-safe.
type coded interface {
	error
	Code() string
}

// ErrorMessage returns the user-safe message of err: the classified message,
// or a generic one for unclassified errors, whose text may hold Cypher.
func ErrorMessage(err error) string {
	var e *Error
	var self coded
	switch code := ErrorCode(err); {
	case errors.As(err, &e):
		return e.Message
	case code == ETIMEOUT:
		return "it took too long and was stopped"
	case code == ECANCELED:
		return "the request was cancelled"
	case errors.As(err, &self):
		return self.Error()
	}
	return "internal error"
}
