package api

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/casegraph/casegraph"
)

// The web explorer is read from Options.FrontendDir at runtime (not embedded),
// so `go build ./...` works on a fresh clone before `make frontend` has run.

// apiPrefixes are paths that belong to the server, never to the explorer: an
// unknown path under them is a 404, not the explorer's index.html.
var apiPrefixes = []string{"/graphql", "/api/", "/healthz", "/readyz", "/metrics"}

const noFrontendPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>casegraph</title></head>
<body>
<h1>casegraph</h1>
<p>The web explorer is not built. Run <code>make frontend</code> (or <code>make build</code>) and reload,
or point <code>--frontend-dir</code> / <code>CASEGRAPH_FRONTEND_DIR</code> at a built <code>frontend/dist</code>.</p>
<ul>
<li><code>POST /graphql</code> GraphQL API (schema: <code>casegraph schema</code>)</li>
<li><code>POST /api/ingest</code> upload files and a mapping</li>
<li><code>GET /readyz</code> readiness, <code>GET /healthz</code> liveness, <code>GET /metrics</code> Prometheus metrics</li>
</ul>
</body></html>
`

// frontend serves GET / and every path no route claims: a file of the built
// explorer when one exists, else index.html so the explorer's client-side
// routes (/graphiql, /ingest) load on reload.
func (s *server) frontend(c *gin.Context) {
	p := c.Request.URL.Path
	for _, pre := range apiPrefixes {
		if p == strings.TrimSuffix(pre, "/") || strings.HasPrefix(p, pre) {
			fail(c, casegraph.Errorf(casegraph.ENOTFOUND, "no such endpoint: %s %s", c.Request.Method, p))
			return
		}
	}
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		fail(c, casegraph.Errorf(casegraph.ENOTFOUND, "no such endpoint: %s %s", c.Request.Method, p))
		return
	}
	dir := s.opts.FrontendDir
	index := filepath.Join(dir, "index.html")
	if dir == "" || !isFile(index) {
		status := http.StatusOK
		if p != "/" { // without the explorer there are no client-side routes
			status = http.StatusNotFound
		}
		c.Data(status, "text/html; charset=utf-8", []byte(noFrontendPage))
		return
	}
	// path.Clean of a rooted path never climbs above the root.
	rel := strings.TrimPrefix(path.Clean("/"+p), "/")
	if rel != "" {
		file := filepath.Join(dir, filepath.FromSlash(rel))
		if isFile(file) {
			if strings.HasPrefix(rel, "assets/") { // hashed names: safe to cache for good
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			}
			c.File(file)
			return
		}
		if path.Ext(rel) != "" { // a missing asset, not a client-side route
			fail(c, casegraph.Errorf(casegraph.ENOTFOUND, "no such file: %s", p))
			return
		}
	}
	c.Header("Cache-Control", "no-cache")
	c.File(index)
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
