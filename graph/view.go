package graph

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Saved views are what an investigator had on the canvas (nodes, positions,
// filters, time window), stored so a colleague can open it by link. They are
// nodes labelled SavedView, not Entity: they never appear in search or
// export. The state is the explorer's JSON, kept as text.

// View is one saved view.
type View struct {
	ID        string
	Name      string
	State     json.RawMessage
	CreatedAt time.Time
	CreatedBy string
}

// MaxViewState bounds the size of a view's state.
const MaxViewState = 1 << 20

// SaveView stores a new view and returns it with its id.
func (s *Store) SaveView(ctx context.Context, name string, state json.RawMessage, by string) (View, error) {
	if name == "" || len(name) > 200 {
		return View{}, Errorf(EINVALID, "a view needs a name of 1 to 200 characters")
	}
	if len(state) > MaxViewState || !json.Valid(state) {
		return View{}, Errorf(EINVALID, "a view's state must be JSON of at most %d KB", MaxViewState>>10)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	v := View{ID: hex.EncodeToString(b[:]), Name: name, State: state, CreatedAt: time.Now().UTC().Truncate(time.Second), CreatedBy: by}
	_, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		res, err := tx.Run(ctx, `MERGE (v:SavedView {id: $id})
SET v.name = $name, v.state = $state, v.createdAt = $createdAt, v.createdBy = $by`,
			map[string]any{"id": v.ID, "name": v.Name, "state": string(state), "createdAt": v.CreatedAt.Format(time.RFC3339), "by": by})
		if err != nil {
			return false, err
		}
		_, err = res.Consume(ctx)
		return err == nil, err
	})
	return v, err
}

// GetView returns one view, or ENOTFOUND.
func (s *Store) GetView(ctx context.Context, id string) (View, error) {
	views, err := s.views(ctx, `MATCH (v:SavedView {id: $id}) RETURN v`, map[string]any{"id": id})
	if err != nil {
		return View{}, err
	}
	if len(views) == 0 {
		return View{}, Errorf(ENOTFOUND, "no saved view with id %q", id)
	}
	return views[0], nil
}

// ListViews lists saved views, newest first, without their state.
func (s *Store) ListViews(ctx context.Context, limit int) ([]View, error) {
	views, err := s.views(ctx, `MATCH (v:SavedView) RETURN v {.id, .name, .createdAt, .createdBy} AS v
ORDER BY v.createdAt DESC, v.id LIMIT $limit`, map[string]any{"limit": int64(limit)})
	return views, err
}

func (s *Store) views(ctx context.Context, cypher string, params map[string]any) ([]View, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]View, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		var out []View
		for res.Next(ctx) {
			raw, _ := res.Record().Get("v")
			var props map[string]any
			switch v := raw.(type) {
			case map[string]any:
				props = v
			case neo4j.Node:
				props = v.Props
			}
			view := View{}
			view.ID, _ = props["id"].(string)
			view.Name, _ = props["name"].(string)
			view.CreatedBy, _ = props["createdBy"].(string)
			if st, ok := props["state"].(string); ok {
				view.State = json.RawMessage(st)
			}
			if at, ok := props["createdAt"].(string); ok {
				view.CreatedAt, _ = time.Parse(time.RFC3339, at)
			}
			out = append(out, view)
		}
		return out, res.Err()
	})
}
