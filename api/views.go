package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/gin-gonic/gin"
)

// Views is what the API needs to keep saved views. Each call says which
// token asks; graph decides what that token may see and change (see
// graph/view.go): its own views and shared ones, all of them for an admin.
type Views interface {
	SaveView(ctx context.Context, name string, state json.RawMessage, shared bool, owner casegraph.Token) (casegraph.View, error)
	GetView(ctx context.Context, id string, who casegraph.Token) (casegraph.View, error)
	ListViews(ctx context.Context, who casegraph.Token, limit int) ([]casegraph.View, error)
	ShareView(ctx context.Context, id string, shared bool, who casegraph.Token) (casegraph.View, error)
	DeleteView(ctx context.Context, id string, who casegraph.Token) error
}

const maxViewsListed = 200

type viewHandlers struct {
	v   Views
	log interface {
		Error(msg string, args ...any)
	}
}

func viewJSON(v casegraph.View, withState bool) gin.H {
	out := gin.H{"id": v.ID, "name": v.Name, "createdAt": v.CreatedAt.Format(time.RFC3339), "url": "/?view=" + v.ID,
		"owner": v.CreatedBy, "shared": v.Shared, "mine": v.Mine}
	if withState {
		out["state"] = v.State
	}
	return out
}

// who is the token the request came with; the viewer middleware has put it
// in ctx (in no-auth mode, the admin "local" token).
func who(c *gin.Context) (casegraph.Token, bool) {
	t, ok := TokenFrom(c.Request.Context())
	if !ok {
		fail(c, RequireRole(c.Request.Context(), casegraph.RoleViewer))
	}
	return t, ok
}

// save handles POST /api/views {"name", "state", "shared"}; shared is
// optional and false by default.
func (h viewHandlers) save(c *gin.Context) {
	t, ok := who(c)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, casegraph.MaxViewState+4096))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		refuse(c, http.StatusRequestEntityTooLarge, casegraph.EINVALID, "a view may be at most 1 MB")
		return
	}
	var req struct {
		Name   string          `json:"name"`
		State  json.RawMessage `json:"state"`
		Shared bool            `json:"shared"`
	}
	if err != nil || json.Unmarshal(body, &req) != nil || len(req.State) == 0 {
		fail(c, casegraph.Errorf(casegraph.EINVALID, `send JSON {"name": "...", "state": {...}, "shared": false}`))
		return
	}
	v, err := h.v.SaveView(c.Request.Context(), req.Name, req.State, req.Shared, t)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, viewJSON(v, false))
}

// list handles GET /api/views: one's own views and shared ones (an admin's:
// all), with their owner and whether they are shared.
func (h viewHandlers) list(c *gin.Context) {
	t, ok := who(c)
	if !ok {
		return
	}
	views, err := h.v.ListViews(c.Request.Context(), t, maxViewsListed)
	if err != nil {
		h.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, v := range views {
		out = append(out, viewJSON(v, false))
	}
	c.JSON(http.StatusOK, out)
}

// get handles GET /api/views/{id}; another token's private view is a 404.
func (h viewHandlers) get(c *gin.Context) {
	t, ok := who(c)
	if !ok {
		return
	}
	v, err := h.v.GetView(c.Request.Context(), c.Param("id"), t)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, viewJSON(v, true))
}

// share handles PATCH /api/views/{id} {"shared": true|false}, by the view's
// owner or an admin.
func (h viewHandlers) share(c *gin.Context) {
	t, ok := who(c)
	if !ok {
		return
	}
	var req struct {
		Shared *bool `json:"shared"`
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, 4096))
	if err != nil || json.Unmarshal(body, &req) != nil || req.Shared == nil {
		fail(c, casegraph.Errorf(casegraph.EINVALID, `send JSON {"shared": true} or {"shared": false}`))
		return
	}
	v, err := h.v.ShareView(c.Request.Context(), c.Param("id"), *req.Shared, t)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, viewJSON(v, false))
}

// remove handles DELETE /api/views/{id}, by the view's owner or an admin.
func (h viewHandlers) remove(c *gin.Context) {
	t, ok := who(c)
	if !ok {
		return
	}
	if err := h.v.DeleteView(c.Request.Context(), c.Param("id"), t); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// fail answers with a store's error (the one writer), logging internal ones.
func (h viewHandlers) fail(c *gin.Context, err error) {
	if casegraph.ErrorCode(err) == casegraph.EINTERNAL {
		h.log.Error("saved views", "err", err, "request_id", requestIDFrom(c.Request.Context()))
	}
	fail(c, err)
}
