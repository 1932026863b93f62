package casegraph

import (
	"encoding/json"
	"time"
)

// View is one saved view.
type View struct {
	ID        string
	Name      string
	State     json.RawMessage
	CreatedAt time.Time
	CreatedBy string // the owner's token name, shown as the owner
	OwnerID   string // the owner's token id; "" for views saved before owners were kept
	Shared    bool
	Mine      bool // the token that asked owns the view (set by Get, List, Share)
}

// MaxViewState bounds the size of a view's state.
const MaxViewState = 1 << 20

// MaxViewsPerOwner bounds how many views one token may keep.
const MaxViewsPerOwner = 500
