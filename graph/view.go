package graph

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Saved views are what an investigator had on the canvas (nodes, positions,
// filters, time window), stored so a colleague can open it by link. They are
// nodes labelled SavedView, not Entity: they never appear in search or
// export. The state is the explorer's JSON, kept as text.
//
// A view belongs to the token that saved it (its id, since names may repeat)
// and is private to it unless its owner shares it. Who may do what:
//   - its owner: read, list, share or unshare, delete;
//   - anyone, once it is shared: read and list;
//   - an admin: everything, on every view;
//   - anyone else: nothing, and the view looks missing (ENOTFOUND), so that
//     an id does not confirm that a private view exists.
//
// Views saved before owners were kept have no ownerId: they belong to a token
// whose name is the one recorded (createdBy), and otherwise to admins only.

// viewMine is the Cypher test of "the asking token owns v". viewVisible says
// who may read v, given mine. Every statement below uses these two, so the
// rule is written once.
const (
	viewMine    = `coalesce(v.ownerId = $tokenId OR (v.ownerId IS NULL AND v.createdBy = $tokenName), false)`
	viewVisible = `$admin OR mine OR coalesce(v.shared, false)`
)

// viewFields is the row a list or lookup returns, decoded by views.
const viewFields = `v {.id, .name, .createdAt, .createdBy, .ownerId, .shared, mine: mine}`

// saveViewCypher writes a view unless its owner already has the maximum;
// no row back means the owner is at the cap. MERGE on the fresh id keeps a
// retried transaction from writing twice.
const saveViewCypher = `
OPTIONAL MATCH (o:SavedView {ownerId: $tokenId})
WITH count(o) AS owned
WHERE owned < $max
MERGE (v:SavedView {id: $id})
  ON CREATE SET v.name = $name, v.state = $state, v.createdAt = $createdAt,
                v.createdBy = $tokenName, v.ownerId = $tokenId, v.shared = $shared
RETURN owned`

const getViewCypher = `
MATCH (v:SavedView {id: $id})
WITH v, ` + viewMine + ` AS mine
WHERE ` + viewVisible + `
RETURN ` + viewFields + ` AS v, v.state AS state`

const listViewsCypher = `
MATCH (v:SavedView)
WITH v, ` + viewMine + ` AS mine
WHERE ` + viewVisible + `
RETURN ` + viewFields + ` AS v, null AS state
ORDER BY v.createdAt DESC, v.id
LIMIT $limit`

const shareViewCypher = `
MATCH (v:SavedView {id: $id})
SET v.shared = $shared`

const deleteViewCypher = `
MATCH (v:SavedView {id: $id})
DELETE v`

// whoParams are the parameters viewMine and viewVisible read.
func whoParams(who casegraph.Token, more map[string]any) map[string]any {
	more["tokenId"] = who.ID
	more["tokenName"] = who.Name
	more["admin"] = who.Role == casegraph.RoleAdmin
	return more
}

// SaveView stores a new view owned by owner and returns it with its id.
func (s *Store) SaveView(ctx context.Context, name string, state json.RawMessage, shared bool, owner casegraph.Token) (casegraph.View, error) {
	if name == "" || len(name) > 200 {
		return casegraph.View{}, casegraph.Errorf(casegraph.EINVALID, "a view needs a name of 1 to 200 characters")
	}
	if len(state) > casegraph.MaxViewState || !json.Valid(state) {
		return casegraph.View{}, casegraph.Errorf(casegraph.EINVALID, "a view's state must be JSON of at most %d KB", casegraph.MaxViewState>>10)
	}
	if owner.ID == "" {
		return casegraph.View{}, casegraph.Errorf(casegraph.EINVALID, "a view needs an owner")
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	v := casegraph.View{ID: hex.EncodeToString(b[:]), Name: name, State: state, CreatedAt: time.Now().UTC().Truncate(time.Second),
		CreatedBy: owner.Name, OwnerID: owner.ID, Shared: shared, Mine: true}
	_, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		res, err := tx.Run(ctx, saveViewCypher, whoParams(owner, map[string]any{"id": v.ID, "name": v.Name,
			"state": string(state), "createdAt": v.CreatedAt.Format(time.RFC3339), "shared": shared,
			"max": int64(casegraph.MaxViewsPerOwner)}))
		if err != nil {
			return false, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return false, err
		}
		if len(recs) == 0 {
			return false, casegraph.Errorf(casegraph.EINVALID, "%q already has %d saved views, the most one token may keep: delete some first",
				owner.Name, casegraph.MaxViewsPerOwner)
		}
		return true, nil
	})
	if err != nil {
		return casegraph.View{}, err
	}
	return v, nil
}

// GetView returns one view the token who may read, or ENOTFOUND.
func (s *Store) GetView(ctx context.Context, id string, who casegraph.Token) (casegraph.View, error) {
	views, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.View, error) {
		return readViews(ctx, tx, getViewCypher, whoParams(who, map[string]any{"id": id}))
	})
	if err != nil {
		return casegraph.View{}, err
	}
	if len(views) == 0 {
		return casegraph.View{}, notFoundView(id)
	}
	return views[0], nil
}

// ListViews lists, newest first and without their state, the views who may
// read: its own and the shared ones (an admin's: all).
func (s *Store) ListViews(ctx context.Context, who casegraph.Token, limit int) ([]casegraph.View, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.View, error) {
		return readViews(ctx, tx, listViewsCypher, whoParams(who, map[string]any{"limit": int64(limit)}))
	})
}

// ShareView shares a view (or makes it private again) and returns it. Only
// its owner or an admin may; others get ENOTFOUND, or EFORBIDDEN when the
// view is shared and so visible to them.
func (s *Store) ShareView(ctx context.Context, id string, shared bool, who casegraph.Token) (casegraph.View, error) {
	return write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (casegraph.View, error) {
		if _, err := changeableView(ctx, tx, id, who); err != nil {
			return casegraph.View{}, err
		}
		res, err := tx.Run(ctx, shareViewCypher, map[string]any{"id": id, "shared": shared})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return casegraph.View{}, err
		}
		return changeableView(ctx, tx, id, who)
	})
}

// DeleteView deletes a view. Only its owner or an admin may; others get
// ENOTFOUND, or EFORBIDDEN when the view is shared and so visible to them.
func (s *Store) DeleteView(ctx context.Context, id string, who casegraph.Token) error {
	_, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		if _, err := changeableView(ctx, tx, id, who); err != nil {
			return false, err
		}
		res, err := tx.Run(ctx, deleteViewCypher, map[string]any{"id": id})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		return err == nil, err
	})
	return err
}

// changeableView returns the view id if who may change it.
func changeableView(ctx context.Context, tx neo4j.ManagedTransaction, id string, who casegraph.Token) (casegraph.View, error) {
	views, err := readViews(ctx, tx, getViewCypher, whoParams(who, map[string]any{"id": id}))
	switch {
	case err != nil:
		return casegraph.View{}, err
	case len(views) == 0:
		return casegraph.View{}, notFoundView(id)
	case !views[0].Mine && who.Role != casegraph.RoleAdmin:
		return casegraph.View{}, casegraph.Errorf(casegraph.EFORBIDDEN, "only the owner of a saved view (or an admin) may change or delete it")
	}
	return views[0], nil
}

func notFoundView(id string) error {
	return casegraph.Errorf(casegraph.ENOTFOUND, "no saved view with id %q", id)
}

// readViews runs a statement that returns views (see viewFromRecord).
func readViews(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]casegraph.View, error) {
	return collect(ctx, tx, cypher, params, viewFromRecord)
}

// viewFromRecord decodes a row of viewFields (as v) and the state (as state).
func viewFromRecord(rec *neo4j.Record) (casegraph.View, error) {
	props, _, err := neo4j.GetRecordValue[map[string]any](rec, "v")
	if err != nil {
		return casegraph.View{}, err
	}
	view := casegraph.View{}
	view.ID, _ = props["id"].(string)
	view.Name, _ = props["name"].(string)
	view.CreatedBy, _ = props["createdBy"].(string)
	view.OwnerID, _ = props["ownerId"].(string)
	view.Shared, _ = props["shared"].(bool)
	view.Mine, _ = props["mine"].(bool)
	if at, ok := props["createdAt"].(string); ok {
		view.CreatedAt, _ = time.Parse(time.RFC3339, at)
	}
	if st, isNil, _ := neo4j.GetRecordValue[string](rec, "state"); !isNil {
		view.State = json.RawMessage(st)
	}
	return view, nil
}
