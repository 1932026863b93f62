package api

import (
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/gin-gonic/gin"
)

// What a page on another site must not make this server do. Tokens travel
// in a header a browser never adds by itself, so with authentication on a
// foreign page cannot act as a user; with --no-auth (make demo) every
// request is the local admin's, and these checks are what stands between a
// page the user happens to open and the graph:
//
//   - the Host header must name this server (DNS rebinding: a foreign name
//     that resolves to 127.0.0.1 is refused);
//   - a write from a browser must come from this server's own origin;
//   - writes carry JSON (or multipart for uploads), which a cross-site form
//     or <img> cannot send without the browser asking first;
//   - mutations are never run from a GET (see graphqlHandler).
//
// Every answer carries headers that keep the explorer out of frames and
// its responses from being read as anything but what they are.

// contentSecurityPolicy lets the explorer load only its own files. Styles
// may be inline (the canvas library sets them), images and layout workers
// may be data:/blob: URLs the explorer makes itself (PNG export, ForceAtlas2).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders is middleware setting the headers every answer carries.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	c.Next()
}

// origins decides which Host headers and which browser origins this server
// answers.
type origins struct {
	// hosts are the names (and addresses) this server is reached by, without
	// ports; empty: any Host is answered (a server on 0.0.0.0 that was not
	// told its names).
	hosts map[string]bool
	// extra are browser origins allowed to write besides the server's own
	// (scheme://host[:port], e.g. a reverse proxy's public address).
	extra map[string]bool
}

func newOrigins(hosts, extra []string) *origins {
	o := &origins{extra: map[string]bool{}}
	if len(hosts) > 0 {
		o.hosts = map[string]bool{}
		for _, h := range hosts {
			o.hosts[strings.ToLower(hostOnly(h))] = true
		}
	}
	for _, e := range extra {
		o.extra[strings.ToLower(strings.TrimSuffix(e, "/"))] = true
	}
	return o
}

// hostOnly is a Host header (or host:port) without its port and brackets.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// check is middleware refusing requests for another host and browser writes
// from another origin.
func (o *origins) check(c *gin.Context) {
	switch c.Request.URL.Path {
	case "/healthz", "/readyz": // probes, which say nothing about the graph
		c.Next()
		return
	}
	if o.hosts != nil && !o.hosts[strings.ToLower(hostOnly(c.Request.Host))] {
		refuse(c, http.StatusMisdirectedRequest, casegraph.EFORBIDDEN,
			"this server does not answer for the host %q; reach it by one of its own names "+
				"(set --allowed-hosts to add a name it is reached by, e.g. behind a reverse proxy)", c.Request.Host)
		return
	}
	if !isWrite(c.Request.Method) {
		c.Next()
		return
	}
	if origin := c.GetHeader("Origin"); origin != "" && !o.sameOrAllowed(origin, c.Request.Host) {
		refuse(c, http.StatusForbidden, casegraph.EFORBIDDEN,
			"a write from the web page at %q is refused: only the explorer this server serves may write "+
				"(set --allowed-origins to allow another origin)", origin)
		return
	}
	if c.GetHeader("Origin") == "" && c.GetHeader("Sec-Fetch-Site") == "cross-site" {
		refuse(c, http.StatusForbidden, casegraph.EFORBIDDEN, "a write from another site is refused")
		return
	}
	c.Next()
}

// sameOrAllowed says whether a browser origin is this server's own (its
// host and port are the Host the request was sent to) or one allowed.
func (o *origins) sameOrAllowed(origin, host string) bool {
	if o.extra[strings.ToLower(origin)] {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false // "null" (a file:// page, a sandboxed frame) and anything odd
	}
	return strings.EqualFold(u.Host, host)
}

func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// requireType is middleware refusing a write whose body is not of one of
// the given media types: a cross-site form can send text/plain or
// urlencoded bodies without asking, never application/json.
func requireType(types ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
		for _, t := range types {
			if err == nil && mt == t {
				c.Next()
				return
			}
		}
		refuse(c, http.StatusUnsupportedMediaType, casegraph.EINVALID,
			"send the body as %s (Content-Type header), not %q", strings.Join(types, " or "), c.GetHeader("Content-Type"))
	}
}
