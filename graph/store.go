// Package graph is casegraph's Neo4j adapter: the schema migrations, every
// Cypher statement (each next to the Go that runs it, one file per kind of
// question), and the decoding of their rows into the domain types of the
// casegraph package. Labels and relationship types come from the domain's
// fixed allow-lists; user input only ever reaches Neo4j as query parameters.
package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Config says which Neo4j to talk to. URI may be bolt://, neo4j:// (cluster
// routing) or their +s/+ssc variants. An empty User means no authentication.
type Config struct {
	URI      string
	User     string
	Password string
	Database string
	// TxTimeout bounds every transaction on the server side too; zero keeps
	// the server's default.
	TxTimeout time.Duration
}

// Store is casegraph's only door to Neo4j. It is safe for concurrent use.
type Store struct {
	driver neo4j.DriverWithContext
	cfg    Config
	log    *slog.Logger
	// bookmarks chains this process's sessions: on a cluster, a read
	// follows every write this process has made (bookmark.go does the
	// same across processes).
	bookmarks neo4j.BookmarkManager

	mu       sync.Mutex
	migrated bool // schema applied since the last time Neo4j was seen unreachable

	health    *health // known down or not; see health.go
	closeOnce sync.Once
}

// Open creates a driver for cfg. It does not contact Neo4j; call Ready or
// Migrate for that.
func Open(cfg Config, log *slog.Logger) (*Store, error) {
	if cfg.URI == "" {
		return nil, casegraph.Errorf(casegraph.EINVALID, "no Neo4j URI given")
	}
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxConnectionPoolSize = 64
		c.ConnectionAcquisitionTimeout = 10 * time.Second
		c.SocketConnectTimeout = 5 * time.Second
		c.MaxTransactionRetryTime = 15 * time.Second
	})
	if err != nil {
		return nil, &casegraph.Error{Code: casegraph.EINVALID, Message: fmt.Sprintf("bad Neo4j URI %q", cfg.URI), Err: err}
	}
	return &Store{driver: driver, cfg: cfg, log: log, health: newHealth(),
		bookmarks: neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{})}, nil
}

// Close stops the health probe and releases the driver's connections.
func (s *Store) Close(ctx context.Context) error {
	s.closeOnce.Do(func() { close(s.health.closed) })
	return s.driver.Close(ctx)
}

// URI is the address this store talks to (no credentials in it).
func (s *Store) URI() string { return s.cfg.URI }

// Ping checks that Neo4j answers a query on the configured database. It
// does not retry: a probe must answer quickly either way. It is also what
// marks the store down (Neo4j cannot be reached) and up again.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, `RETURN 1 AS ok`, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err == nil {
		s.markUp()
		return nil
	}
	s.mu.Lock()
	s.migrated = false // whatever comes back may be a fresh database
	s.mu.Unlock()
	if errors.Is(ctxCause(err), context.DeadlineExceeded) {
		return &casegraph.Error{Code: casegraph.EUNAVAILABLE, Message: "Neo4j did not answer within 3s", Err: fmt.Errorf("%s: %w", s.cfg.URI, err)}
	}
	err = s.classify(err)
	if outage(err) {
		s.MarkDown(err)
	}
	return err
}

// Ready reports nil when Neo4j answers and casegraph's schema is in place,
// applying the schema first if this store has not done so since Neo4j was
// last unreachable. It is what /readyz asks.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	done := s.migrated
	s.mu.Unlock()
	if done {
		return nil
	}
	return s.Migrate(ctx)
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode,
		BookmarkManager: s.bookmarks, Bookmarks: trailFrom(ctx).start()}) // see bookmark.go
}

// txConfig is a transaction's timeout: the store's TxTimeout or the time
// left before ctx's deadline, whichever is shorter, so that Neo4j itself
// stops a statement that runs past the caller's deadline (the driver gives
// up on it too, but that alone leaves the statement running until Neo4j
// notices the connection is gone).
func (s *Store) txConfig(ctx context.Context) ([]func(*neo4j.TransactionConfig), error) {
	timeout := s.cfg.TxTimeout
	if d, ok := ctx.Deadline(); ok {
		left := time.Until(d)
		if left <= 0 {
			return nil, context.DeadlineExceeded
		}
		if timeout <= 0 || left < timeout {
			timeout = max(left, time.Millisecond) // Neo4j counts whole milliseconds; 0 would mean none
		}
	}
	if timeout <= 0 {
		return nil, nil
	}
	return []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(timeout)}, nil
}

type txWork[T any] func(ctx context.Context, tx neo4j.ManagedTransaction) (T, error)

// read runs work in a read transaction, so that a cluster routes it to a
// follower; the driver retries it on transient failures.
func read[T any](ctx context.Context, s *Store, work txWork[T]) (T, error) {
	return transact(ctx, s, neo4j.AccessModeRead, work)
}

// write runs work in a write transaction, retried on transient failures
// (deadlocks, leader switches); work must therefore be idempotent.
func write[T any](ctx context.Context, s *Store, work txWork[T]) (T, error) {
	return transact(ctx, s, neo4j.AccessModeWrite, work)
}

// While Neo4j is known to be down it fails at once (see health.go); when it
// goes down during the transaction, the transaction is cut off at once
// instead of waiting out the driver's retries.
func transact[T any](ctx context.Context, s *Store, mode neo4j.AccessMode, work txWork[T]) (T, error) {
	var v T
	if err := s.Unavailable(); err != nil {
		return v, err
	}
	cfg, err := s.txConfig(ctx)
	if err != nil {
		return v, s.classify(err)
	}
	ctx, arm, disarm, stop := s.watch(ctx)
	defer stop()
	trail := trailFrom(ctx)
	started := trail.start()
	sess := s.session(ctx, mode)
	defer sess.Close(context.WithoutCancel(ctx))
	run := func(tx neo4j.ManagedTransaction) (T, error) {
		disarm()
		v, err := work(ctx, tx)
		if err != nil {
			arm() // the driver may now retry: watch for an outage again
		}
		return v, err
	}
	if mode == neo4j.AccessModeWrite {
		v, err = neo4j.ExecuteWrite(ctx, sess, run, cfg...)
		if err == nil {
			trail.written(started, sess.LastBookmarks())
		}
	} else {
		v, err = neo4j.ExecuteRead(ctx, sess, run, cfg...)
	}
	if err != nil && cutOff(ctx) {
		if down := s.Unavailable(); down != nil {
			return v, down
		}
		// Neo4j is back already; the outage, not the caller, ended this one.
		return v, &casegraph.Error{Code: casegraph.EUNAVAILABLE, Message: "Neo4j went away during the query; try again", Err: err}
	}
	if outage(err) {
		s.MarkDown(s.classify(err))
	}
	if err != nil && ctx.Err() != nil {
		// Whatever the driver made of it (a broken read, a timed-out
		// transaction), the caller's deadline or cancellation is the cause.
		err = fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	return v, s.classify(err)
}

// classify turns driver errors into casegraph's error codes. Cypher and
// server messages stay in Err, for the log only.
func (s *Store) classify(err error) error {
	if err == nil {
		return nil
	}
	var known *casegraph.Error
	var conn *neo4j.ConnectivityError
	var limit *neo4j.TransactionExecutionLimit
	switch {
	case errors.As(err, &known):
		return err
	case errors.Is(ctxCause(err), context.DeadlineExceeded),
		neo4jCode(err) == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
		// The caller's deadline, or the transaction timeout Neo4j was given
		// from it (see txConfig): the query asked too much, Neo4j is fine.
		return &casegraph.Error{Code: casegraph.ETIMEOUT, Message: "the query took too long and was stopped", Err: err}
	case strings.HasPrefix(neo4jCode(err), "Neo.ClientError.Transaction.InvalidBookmark"):
		// A token that decoded (bookmark.go) but holds what Neo4j does not know.
		return &casegraph.Error{Code: casegraph.EINVALID, Message: "the bookmark sent is not one this database gave; send none, or one from an earlier answer", Err: err}
	case errors.Is(ctxCause(err), context.Canceled):
		return &casegraph.Error{Code: casegraph.ECANCELED, Message: "the request was cancelled", Err: err}
	case errors.As(err, &conn), errors.As(err, &limit), isUnavailable(err):
		// The driver gives up with TransactionExecutionLimit after retrying
		// transient failures, which in practice means Neo4j is away.
		// The address stays in Err, for the log: answers to clients never name it.
		return &casegraph.Error{Code: casegraph.EUNAVAILABLE, Message: "Neo4j is not reachable", Err: fmt.Errorf("%s: %w", s.cfg.URI, err)}
	}
	return &casegraph.Error{Code: casegraph.EINTERNAL, Message: "database error", Err: err}
}

// ctxCause is the context error inside err, also where the driver keeps it
// without unwrapping (a ConnectivityError's Inner, the last attempt of a
// TransactionExecutionLimit); err itself otherwise.
func ctxCause(err error) error {
	var conn *neo4j.ConnectivityError
	var limit *neo4j.TransactionExecutionLimit
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.As(err, &conn) && conn.Inner != nil:
		return ctxCause(conn.Inner)
	case errors.As(err, &limit) && len(limit.Errors) > 0:
		return ctxCause(limit.Errors[len(limit.Errors)-1])
	}
	return err
}

// neo4jCode is the status code of a Neo4j error; "" for other errors.
func neo4jCode(err error) string {
	var n4 *neo4j.Neo4jError
	if !errors.As(err, &n4) {
		return ""
	}
	return n4.Code
}

func isUnavailable(err error) bool {
	switch neo4jCode(err) {
	case "Neo.TransientError.General.DatabaseUnavailable",
		"Neo.ClientError.Database.DatabaseNotFound":
		return true
	}
	return false
}

// single runs a statement expected to return one row and returns one column.
func single[T neo4j.RecordValue](ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, key string) (T, error) {
	var zero T
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return zero, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return zero, err
	}
	v, _, err := neo4j.GetRecordValue[T](rec, key)
	return v, err
}
