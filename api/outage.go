package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
)

// retryAfter is the Retry-After, in seconds, of every 503: the store probes
// a Neo4j it knows to be down once a second (graph.ProbeInterval), so a
// client that waits this long sees the recovery.
var retryAfter = strconv.Itoa(int(2 * graph.ProbeInterval.Seconds()))

// healthReporter is what the outage gate needs from the graph store: whether
// Neo4j is known to be down, at no cost, and a way to tell it so. The Graph
// given to NewHandler may lack it (fakes in tests); then only Backend counts.
type healthReporter interface {
	Unavailable() error
	MarkDown(cause error)
}

// outageGate is middleware that fails fast while Neo4j is known to be down:
// a request that needs Neo4j gets a 503 with Retry-After at once instead of
// waiting on the driver until Neo4j comes back. Neo4j is down when the local
// Neo4j this process supervises is not running (Options.Backend, which also
// tells the store, so transactions in flight stop too) or when the store has
// seen it refuse connections. The store's own probe brings it back.
//
// Every 503 of the server, whoever writes it (GraphQL, token checks,
// /readyz), carries Retry-After.
func outageGate(opts Options) gin.HandlerFunc {
	health, _ := opts.Graph.(healthReporter)
	return func(c *gin.Context) {
		c.Writer = retryAfterWriter{c.Writer}
		if !needsNeo4j(c) {
			c.Next()
			return
		}
		var down error
		if opts.Backend != nil {
			if err := opts.Backend(); err != nil {
				if health != nil {
					health.MarkDown(err)
				}
				down = casegraph.Errorf(casegraph.EUNAVAILABLE, "the local Neo4j is not running; try again shortly")
			}
		}
		if down == nil && health != nil {
			down = health.Unavailable()
		}
		if down == nil {
			c.Next()
			return
		}
		fail(c, down) // EUNAVAILABLE: a 503
	}
}

// needsNeo4j: GraphQL and the /api/ routes, except an upload's status and
// rejects, which the server keeps in memory. Probes, metrics and the
// explorer's files are served whatever Neo4j's state.
func needsNeo4j(c *gin.Context) bool {
	p := c.FullPath()
	return p == "/graphql" || (strings.HasPrefix(p, "/api/") && !strings.HasPrefix(p, "/api/ingest/"))
}

// retryAfterWriter adds Retry-After to a 503 that has none.
type retryAfterWriter struct{ gin.ResponseWriter }

func (w retryAfterWriter) WriteHeader(code int) {
	if code == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.ResponseWriter.WriteHeader(code)
}
