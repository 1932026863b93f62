package api

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/gin-gonic/gin"
)

// The limits that keep one client from taking the server from the others.
// Each refusal is a clear error with the code "too_much" (HTTP 429 and a
// Retry-After header where waiting helps):
//
//   - a token has at most maxInFlightPerToken requests running at once;
//     more wait up to inFlightWait for a turn;
//   - a GraphQL request spends at most requestBudget cost units on its
//     expensive fields (neighbourhoods, paths, money flows…), each charged
//     by what its arguments may make Neo4j do (fieldCost);
//   - an address that sent maxAuthFailures invalid tokens within
//     authFailureWindow is refused until the window ends.
const (
	maxInFlightPerToken = 8
	inFlightWait        = 2 * time.Second
	requestBudget       = 100
	maxAuthFailures     = 30
	authFailureWindow   = time.Minute
)

// retryError is an error after which the client may try again later.
type retryError struct {
	after time.Duration
	err   error
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// seconds is a wait in whole seconds, at least 1, as Retry-After has it.
func seconds(d time.Duration) int { return max(1, int(math.Ceil(d.Seconds()))) }

// failureLimiter counts failures per client address in fixed windows.
type failureLimiter struct {
	limit  int
	window time.Duration

	mu   sync.Mutex
	seen map[string]*failures
}

type failures struct {
	since   time.Time
	count   int
	refused int // requests refused in this window
}

const maxFailureAddresses = 10_000

func newFailureLimiter(limit int, window time.Duration) *failureLimiter {
	return &failureLimiter{limit: limit, window: window, seen: map[string]*failures{}}
}

// blocked says whether client is over the limit, how long until it may try
// again, and whether this is the first request refused in the window.
func (l *failureLimiter) blocked(client string) (wait time.Duration, first, over bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.seen[client]
	now := time.Now()
	if f == nil || now.Sub(f.since) >= l.window || f.count < l.limit {
		return 0, false, false
	}
	f.refused++
	return f.since.Add(l.window).Sub(now), f.refused == 1, true
}

// add counts one failure of client.
func (l *failureLimiter) add(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	f := l.seen[client]
	if f == nil || now.Sub(f.since) >= l.window {
		if len(l.seen) >= maxFailureAddresses {
			l.forgetOld(now)
		}
		f = &failures{since: now}
		l.seen[client] = f
	}
	f.count++
}

// forgetOld drops the windows that are over, or all of them if none is
// (a flood from more addresses than the map holds).
func (l *failureLimiter) forgetOld(now time.Time) {
	for k, f := range l.seen {
		if now.Sub(f.since) >= l.window {
			delete(l.seen, k)
		}
	}
	if len(l.seen) >= maxFailureAddresses {
		clear(l.seen)
	}
}

// inFlight limits how many requests each token has running at once.
type inFlight struct {
	limit int
	wait  time.Duration

	mu    sync.Mutex
	slots map[string]chan struct{}
}

func newInFlight(limit int, wait time.Duration) *inFlight {
	return &inFlight{limit: limit, wait: wait, slots: map[string]chan struct{}{}}
}

// perToken is middleware (after authentication) that holds one of the
// token's slots while the request runs.
func (f *inFlight) perToken(c *gin.Context) {
	tok, _ := TokenFrom(c.Request.Context())
	f.mu.Lock()
	slots := f.slots[tok.ID]
	if slots == nil {
		slots = make(chan struct{}, f.limit)
		f.slots[tok.ID] = slots
	}
	f.mu.Unlock()
	timer := time.NewTimer(f.wait)
	defer timer.Stop()
	select {
	case slots <- struct{}{}:
	case <-timer.C:
		c.Header("Retry-After", strconv.Itoa(seconds(f.wait)))
		refuse(c, http.StatusTooManyRequests, casegraph.ETOOMUCH,
			"the token %q already has %d requests running; wait for one to finish", tok.Name, f.limit)
		return
	case <-c.Request.Context().Done():
		fail(c, c.Request.Context().Err()) // the client went away while waiting: a 499
		return
	}
	defer func() { <-slots }()
	c.Next()
}

// budget is what a GraphQL request may still spend, in cost units.
type budget struct {
	mu    sync.Mutex
	left  int
	spent []string // what was charged, for the error message
}

const budgetKey ctxKey = 102

func withBudget(ctx context.Context, units int) context.Context {
	return context.WithValue(ctx, budgetKey, &budget{left: units})
}

// charge takes what field costs with args (fieldCost) from the request's
// budget before the field runs, or refuses the field when the budget cannot
// pay for it. A request without a budget (a test calling a resolver) is not
// limited.
func charge(ctx context.Context, field string, args map[string]int) error {
	b, ok := ctx.Value(budgetKey).(*budget)
	if !ok {
		return nil
	}
	units := fieldCost(field, args)
	b.mu.Lock()
	defer b.mu.Unlock()
	if units > b.left {
		return casegraph.Errorf(casegraph.ETOOMUCH,
			"this request asks for more than one request may: %s costs %d units and %d of the %d are left "+
				"(spent on %d fields before it); ask for less (smaller limit, depth, maxHops or perNode) "+
				"or send the fields in separate requests", field, units, b.left, requestBudget, len(b.spent))
	}
	b.left -= units
	b.spent = append(b.spent, field)
	return nil
}

// fieldCost estimates what an expensive field may make Neo4j do, in units of
// about a hundred nodes or rows touched, at least 1. The estimates only need
// to rank requests: a depth-1 neighbourhood costs 1, a depth-3 one of 500
// nodes 16, so a request may hold about six of those.
func fieldCost(field string, args map[string]int) int {
	var rows int
	switch field {
	case "neighborhood":
		depth, perNode := args["depth"], args["perNode"]
		reach := args["ids"]
		for i := 0; i < depth && reach < args["limit"]; i++ {
			reach *= max(perNode, 1)
		}
		rows = depth * min(reach, args["limit"])
	case "paths":
		rows = args["maxHops"] * args["limit"] * 10
	case "moneyFlow":
		rows = args["maxHops"] * args["limit"]
	case "timeline":
		rows = args["ids"] * args["limit"]
	case "xref", "matches":
		rows = 1000 // blocking and scoring many records (once per state of the graph; pages read it)
	}
	return 1 + rows/100
}
