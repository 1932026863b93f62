package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// maxOpLabel bounds the operation names the audit log keeps.
const maxOpLabel = 64

// metrics are the handler's Prometheus metrics, on a registry of its own
// (no global registry), served at /metrics.
type metrics struct {
	reg          *prometheus.Registry
	gqlRequests  *prometheus.CounterVec
	gqlDuration  *prometheus.HistogramVec
	httpRequests *prometheus.CounterVec
	errors       *prometheus.CounterVec

	// fields are the schema's root fields: the only operation labels, so
	// that /metrics shows nothing a client chose and its series stay few.
	fields map[string]bool
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		gqlRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "casegraph_graphql_requests_total",
			Help: "GraphQL requests by root field (the first one the operation selects) and outcome (ok, or the first error's code).",
		}, []string{"operation", "status"}),
		gqlDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "casegraph_graphql_request_duration_seconds",
			Help:    "Time to answer a GraphQL request, by root field.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation"}),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "casegraph_http_requests_total",
			Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "casegraph_errors_total",
			Help: "Errors returned to clients, by code (invalid, not_found, unauthenticated, forbidden, unavailable, internal).",
		}, []string{"code"}),
		fields: map[string]bool{},
	}
	m.reg.MustRegister(m.gqlRequests, m.gqlDuration, m.httpRequests, m.errors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// observeHTTP is middleware counting every request by route and status,
// and every error answer by code. It also gives the request an exchange,
// in which handlers note the codes of the errors they answer with.
func (m *metrics) observeHTTP(c *gin.Context) {
	x := &exchange{}
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), exchangeKey, x))
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	m.httpRequests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	codes := x.codes
	if len(codes) == 0 && status >= 400 {
		codes = []string{codeForStatus(status)}
	}
	for _, code := range codes {
		m.errors.WithLabelValues(code).Inc()
	}
}

// observeGraphQL records one GraphQL request by the root field it starts
// with.
func (m *metrics) observeGraphQL(op operation, status string, took time.Duration) {
	label := m.fieldLabel(op.Field)
	m.gqlRequests.WithLabelValues(label, status).Inc()
	m.gqlDuration.WithLabelValues(label).Observe(took.Seconds())
}

// fieldLabel is a root field's name if the schema has it, "introspection"
// for __schema and __type, and "other" for anything else.
func (m *metrics) fieldLabel(field string) string {
	switch {
	case m.fields[field]:
		return field
	case field == "__schema" || field == "__type" || field == "__typename":
		return "introspection"
	}
	return "other"
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// exchange is what is learnt about one request while it is handled: the
// codes of the errors it was answered with, first to last; the token it
// came with, even when that token may not do what was asked; and whether
// the audit log may leave it out (one of a flood already recorded).
type exchange struct {
	codes []string
	token *casegraph.Token
	quiet bool
}

const exchangeKey ctxKey = 101

// noteError records that the request in ctx was answered with an error of
// code, for the metrics and the audit log.
func noteError(ctx context.Context, code string) {
	if x, ok := ctx.Value(exchangeKey).(*exchange); ok {
		x.codes = append(x.codes, code)
	}
}

// noteToken records the token the request in ctx was made with.
func noteToken(ctx context.Context, t casegraph.Token) {
	if x, ok := ctx.Value(exchangeKey).(*exchange); ok {
		x.token = &t
	}
}

// quiet marks the request in ctx as one the audit log may leave out.
func quiet(ctx context.Context) {
	if x, ok := ctx.Value(exchangeKey).(*exchange); ok {
		x.quiet = true
	}
}

// outcome is how a request went: "ok", or the code of its first error.
func outcome(c *gin.Context) string {
	if x, ok := c.Request.Context().Value(exchangeKey).(*exchange); ok && len(x.codes) > 0 {
		return x.codes[0]
	}
	if status := c.Writer.Status(); status >= 400 {
		return codeForStatus(status)
	}
	return "ok"
}
