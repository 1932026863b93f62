package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/casegraph/casegraph/graph"
)

// Views is what the API needs to keep saved views.
type Views interface {
	SaveView(ctx context.Context, name string, state json.RawMessage, by string) (graph.View, error)
	GetView(ctx context.Context, id string) (graph.View, error)
	ListViews(ctx context.Context, limit int) ([]graph.View, error)
}

const maxViewsListed = 200

type viewHandlers struct {
	v   Views
	log interface {
		Error(msg string, args ...any)
	}
}

func viewJSON(v graph.View, withState bool) gin.H {
	out := gin.H{"id": v.ID, "name": v.Name, "createdAt": v.CreatedAt.Format(time.RFC3339), "url": "/?view=" + v.ID}
	if withState {
		out["state"] = v.State
	}
	return out
}

// save handles POST /api/views {"name", "state"}.
func (h viewHandlers) save(c *gin.Context) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, graph.MaxViewState+4096))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": "a view may be at most 1 MB"})
		return
	}
	var req struct {
		Name  string          `json:"name"`
		State json.RawMessage `json:"state"`
	}
	if err != nil || json.Unmarshal(body, &req) != nil || len(req.State) == 0 {
		c.JSON(http.StatusBadRequest, gin.H{"error": `send JSON {"name": "...", "state": {...}}`})
		return
	}
	by := "local"
	if t, ok := TokenFrom(c.Request.Context()); ok {
		by = t.Name
	}
	v, err := h.v.SaveView(c.Request.Context(), req.Name, req.State, by)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, viewJSON(v, false))
}

// list handles GET /api/views.
func (h viewHandlers) list(c *gin.Context) {
	views, err := h.v.ListViews(c.Request.Context(), maxViewsListed)
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

// get handles GET /api/views/{id}.
func (h viewHandlers) get(c *gin.Context) {
	v, err := h.v.GetView(c.Request.Context(), c.Param("id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, viewJSON(v, true))
}

func (h viewHandlers) fail(c *gin.Context, err error) {
	status := http.StatusInternalServerError
	switch graph.ErrorCode(err) {
	case graph.EINVALID:
		status = http.StatusBadRequest
	case graph.ENOTFOUND:
		status = http.StatusNotFound
	case graph.EUNAVAILABLE:
		status = http.StatusServiceUnavailable
	default:
		h.log.Error("saved views", "err", err, "request_id", requestIDFrom(c.Request.Context()))
	}
	c.JSON(status, gin.H{"error": graph.ErrorMessage(err), "requestId": requestIDFrom(c.Request.Context())})
}
