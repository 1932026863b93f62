package api

import (
	"github.com/gin-gonic/gin"

	"github.com/casegraph/casegraph"
)

// routes is the server's route table: every route with the middleware it
// runs through, in order, then its handler.
//
// Every request first passes the chain of r.Use: security headers, a
// request id, the access log and metrics, panic recovery, the Host/Origin
// check (guard.go) and, while Neo4j is known to be down, an immediate 503
// with Retry-After (outage.go). Then, per route: the audit line (audit.go),
// the token's role (auth.go), the body's media type (guard.go), and the
// token's turn among its requests in flight (limits.go).
func (s *server) routes(r *gin.Engine, m *metrics, up *uploads) {
	opts := s.opts
	obs := &observer{metrics: m, audit: &auditLog{w: opts.AuditLog, log: opts.Log}, maxBody: opts.MaxBodyBytes}
	auth := newAuthenticator(opts.Tokens, opts.NoAuth, opts.Log)
	viewer, analyst := auth.require(casegraph.RoleViewer), auth.require(casegraph.RoleAnalyst)
	turns := newInFlight(maxInFlightPerToken, inFlightWait)
	jsonBody, multipartBody := requireType("application/json"), requireType("multipart/form-data")
	upload := func(c *gin.Context) { up.post(c, opts.MaxUploadBytes) }
	views, viewsAudit := viewHandlers{v: opts.Graph, log: opts.Log}, obs.request("views")

	r.Use(securityHeaders, s.requestID, s.accessLog, m.observeHTTP, s.recover,
		newOrigins(opts.AllowedHosts, opts.AllowedOrigins).check, outageGate(opts))

	// Probes and metrics: no token.
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(m.handler()))

	// GraphQL: mutations check their role in their resolvers.
	r.POST("/graphql", obs.graphql, viewer, jsonBody, turns.perToken, s.graphqlHandler)
	r.GET("/graphql", obs.graphql, viewer, turns.perToken, s.graphqlHandler)

	// Uploads (ingest.go).
	r.POST("/api/ingest", obs.upload, analyst, multipartBody, turns.perToken, upload)
	r.GET("/api/ingest/:id", obs.request("ingest-status"), analyst, up.get)
	r.GET("/api/ingest/:id/rejects/:job", obs.request("rejects"), analyst, up.rejects)

	// Saved views (views.go).
	r.POST("/api/views", viewsAudit, viewer, jsonBody, views.save)
	r.GET("/api/views", viewsAudit, viewer, views.list)
	r.GET("/api/views/:id", viewsAudit, viewer, views.get)
	r.PATCH("/api/views/:id", viewsAudit, viewer, jsonBody, views.share)
	r.DELETE("/api/views/:id", viewsAudit, viewer, views.remove)

	// The explorer (frontend.go), and a JSON 404 for any other API path.
	r.GET("/", s.frontend)
	r.NoRoute(s.frontend)
}
