package graph

import (
	"context"
	"errors"
	"io"
	"sync"
	"syscall"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// ProbeInterval is how often the store asks a Neo4j it knows to be down
// whether it is back: requests fail fast in between, and recovery is seen
// within about this long of Neo4j answering again.
const ProbeInterval = time.Second

// stallAfter is how long a transaction may wait for a connection before the
// store probes Neo4j: the driver's own retries sleep seconds between
// attempts, so without a probe a request sent just before an outage would
// wait out those sleeps.
const stallAfter = 300 * time.Millisecond

// errDown cancels transactions in flight when Neo4j is found to be down.
var errDown = errors.New("Neo4j went down")

// health is what the store knows about Neo4j's reachability: up, or known
// down since a time for a reason. While down, store calls fail at once and
// one background probe per ProbeInterval looks for Neo4j's return.
type health struct {
	mu      sync.Mutex
	down    bool
	since   time.Time
	lastErr error
	probing bool      // a probe loop is running
	lastTry time.Time // when a stall probe last ran
	// downCtx is cancelled when Neo4j is marked down, and replaced when it
	// comes back; transactions in flight hang off it.
	downCtx    context.Context
	markedDown context.CancelFunc
	closed     chan struct{}
}

func newHealth() *health {
	h := &health{closed: make(chan struct{})}
	h.downCtx, h.markedDown = context.WithCancel(context.Background())
	return h
}

// Unavailable is nil while Neo4j is believed reachable; while it is known to
// be down it returns an EUNAVAILABLE error at once, without touching the
// driver. The message names no address, so it may be shown to a client.
func (s *Store) Unavailable() error {
	h := s.health
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.down {
		return nil
	}
	return &casegraph.Error{Code: casegraph.EUNAVAILABLE, Message: "Neo4j is not reachable; try again shortly", Err: h.lastErr}
}

// MarkDown records that Neo4j cannot be reached (for instance because the
// local Neo4j this process supervises has exited): transactions in flight
// are cancelled, new ones fail at once, and a background probe watches for
// Neo4j's return.
func (s *Store) MarkDown(cause error) {
	h := s.health
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lastErr = cause
	if h.down {
		return
	}
	h.down, h.since = true, time.Now()
	h.markedDown()
	s.log.Warn("Neo4j is down: failing requests fast until it answers again", "err", cause)
	if !h.probing {
		h.probing = true
		go s.probeUntilUp()
	}
}

// markUp records that Neo4j answered.
func (s *Store) markUp() {
	h := s.health
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.down {
		return
	}
	s.log.Info("Neo4j is reachable again", "down_for", time.Since(h.since).Round(time.Millisecond))
	h.down, h.lastErr = false, nil
	h.downCtx, h.markedDown = context.WithCancel(context.Background())
}

// probeUntilUp asks Neo4j once per ProbeInterval whether it is back (Ready
// marks the store up when it is), until it is or the store is closed.
func (s *Store) probeUntilUp() {
	h := s.health
	t := time.NewTicker(ProbeInterval)
	defer t.Stop()
	for {
		select {
		case <-h.closed:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*ProbeInterval)
		_ = s.Ready(ctx)
		cancel()
		h.mu.Lock()
		if !h.down {
			h.probing = false
			h.mu.Unlock()
			return
		}
		h.mu.Unlock()
	}
}

// stalled runs when a transaction has waited stallAfter without reaching
// its work: one Ping (at most one per ProbeInterval across the store) tells
// an outage, which Ping then marks, from a busy pool, which it does not.
func (s *Store) stalled() {
	h := s.health
	h.mu.Lock()
	if h.down || time.Since(h.lastTry) < ProbeInterval {
		h.mu.Unlock()
		return
	}
	h.lastTry = time.Now()
	h.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), ProbeInterval)
	defer cancel()
	_ = s.Ping(ctx)
}

// watch derives a context for one transaction that is cancelled (with cause
// errDown) when Neo4j is marked down, and a watchdog that calls stalled every
// stallAfter while the transaction waits for a connection. arm starts the
// watchdog (it starts armed), disarm stops it; stop releases both.
func (s *Store) watch(ctx context.Context) (_ context.Context, arm, disarm, stop func()) {
	h := s.health
	h.mu.Lock()
	downCtx := h.downCtx
	h.mu.Unlock()
	ctx, cancel := context.WithCancelCause(ctx)
	unhook := context.AfterFunc(downCtx, func() { cancel(errDown) })
	var mu sync.Mutex
	armed := true
	var dog *time.Timer
	mu.Lock()
	dog = time.AfterFunc(stallAfter, func() {
		s.stalled()
		mu.Lock()
		if armed {
			dog.Reset(stallAfter)
		}
		mu.Unlock()
	})
	mu.Unlock()
	set := func(on bool) {
		mu.Lock()
		armed = on
		if on {
			dog.Reset(stallAfter)
		} else {
			dog.Stop()
		}
		mu.Unlock()
	}
	arm, disarm = func() { set(true) }, func() { set(false) }
	stop = func() {
		disarm()
		unhook()
		cancel(nil)
	}
	return ctx, arm, disarm, stop
}

// cutOff reports whether a transaction ended because Neo4j was marked down
// while it ran.
func cutOff(ctx context.Context) bool { return errors.Is(context.Cause(ctx), errDown) }

// outage reports whether err means Neo4j itself cannot be reached: the
// connection was refused, reset or closed, or the database is not available.
// A busy pool, a read that ran past its deadline or a cancelled request are
// not outages, although the driver calls them connectivity errors too.
func outage(err error) bool {
	if err == nil {
		return false
	}
	if isUnavailable(err) {
		return true
	}
	var conn *neo4j.ConnectivityError
	if errors.As(err, &conn) {
		return refused(conn.Inner)
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		for _, e := range limit.Errors {
			if outage(e) {
				return true
			}
		}
		return false
	}
	return refused(err)
}

// refused: the network said no (the driver's errors do not all unwrap, so
// ConnectivityError's Inner is looked at by outage).
func refused(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
