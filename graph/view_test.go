package graph_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// deleteViews removes the views a test made: their owners' ids or names
// start with prefix.
func deleteViews(t *testing.T, prefix string) {
	t.Cleanup(func() {
		testenv.Cypher(t, `MATCH (v:SavedView) WHERE v.ownerId STARTS WITH $p OR v.createdBy STARTS WITH $p DELETE v`,
			map[string]any{"p": prefix})
	})
}

func viewIDs(views []casegraph.View) []string {
	ids := make([]string, len(views))
	for i, v := range views {
		ids[i] = v.ID
	}
	return ids
}

// TestViewsArePrivateUnlessShared: a view is its owner's (by token id, not
// name) until shared; others cannot list, read, share or delete it, and a
// private view looks missing to them; admins see and may delete everything.
func TestViewsArePrivateUnlessShared(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	deleteViews(t, p)
	alice := casegraph.Token{ID: p + "id-alice", Name: p + "alice", Role: casegraph.RoleAnalyst}
	bob := casegraph.Token{ID: p + "id-bob", Name: p + "bob", Role: casegraph.RoleViewer}
	alias := casegraph.Token{ID: p + "id-alias", Name: alice.Name, Role: casegraph.RoleAnalyst} // same name, another token
	admin := casegraph.Token{ID: p + "id-root", Name: p + "root", Role: casegraph.RoleAdmin}
	state := json.RawMessage(`{"nodes":[]}`)

	private, err := s.SaveView(ctx, "private", state, false, alice)
	if err != nil {
		t.Fatal(err)
	}
	shared, err := s.SaveView(ctx, "shared", state, true, alice)
	if err != nil {
		t.Fatal(err)
	}
	if private.OwnerID != alice.ID || private.CreatedBy != alice.Name || private.Shared || !shared.Shared {
		t.Fatalf("saved %+v and %+v", private, shared)
	}

	got, err := s.GetView(ctx, private.ID, alice)
	if err != nil || !got.Mine || got.Shared || got.CreatedBy != alice.Name || string(got.State) != string(state) {
		t.Fatalf("owner reads its private view: %+v %v", got, err)
	}
	for _, other := range []casegraph.Token{bob, alias} {
		if _, err := s.GetView(ctx, private.ID, other); casegraph.ErrorCode(err) != casegraph.ENOTFOUND {
			t.Errorf("%s reads a private view: %v, want not found", other.ID, err)
		}
		if _, err := s.ShareView(ctx, private.ID, true, other); casegraph.ErrorCode(err) != casegraph.ENOTFOUND {
			t.Errorf("%s shares a private view: %v, want not found", other.ID, err)
		}
		if err := s.DeleteView(ctx, private.ID, other); casegraph.ErrorCode(err) != casegraph.ENOTFOUND {
			t.Errorf("%s deletes a private view: %v, want not found", other.ID, err)
		}
		if err := s.DeleteView(ctx, shared.ID, other); casegraph.ErrorCode(err) != casegraph.EFORBIDDEN {
			t.Errorf("%s deletes a shared view: %v, want forbidden", other.ID, err)
		}
		if got, err := s.GetView(ctx, shared.ID, other); err != nil || got.Mine || !got.Shared {
			t.Errorf("%s reads a shared view: %+v %v", other.ID, got, err)
		}
		listed, err := s.ListViews(ctx, other, 200)
		if err != nil {
			t.Fatal(err)
		}
		if ids := viewIDs(listed); slices.Contains(ids, private.ID) || !slices.Contains(ids, shared.ID) {
			t.Errorf("%s lists %v; want %s (shared) and not %s (private)", other.ID, ids, shared.ID, private.ID)
		}
	}
	listed, err := s.ListViews(ctx, alice, 200)
	if err != nil {
		t.Fatal(err)
	}
	if ids := viewIDs(listed); !slices.Contains(ids, private.ID) || !slices.Contains(ids, shared.ID) {
		t.Fatalf("the owner lists %v", ids)
	}
	listed, err = s.ListViews(ctx, admin, 200)
	if err != nil {
		t.Fatal(err)
	}
	if ids := viewIDs(listed); !slices.Contains(ids, private.ID) {
		t.Fatalf("an admin lists %v, without %s", ids, private.ID)
	}

	// Sharing, then making private again.
	if v, err := s.ShareView(ctx, private.ID, true, alice); err != nil || !v.Shared || !v.Mine {
		t.Fatalf("owner shares: %+v %v", v, err)
	}
	if _, err := s.GetView(ctx, private.ID, bob); err != nil {
		t.Fatalf("reading a view once shared: %v", err)
	}
	if v, err := s.ShareView(ctx, private.ID, false, alice); err != nil || v.Shared {
		t.Fatalf("owner unshares: %+v %v", v, err)
	}
	if _, err := s.GetView(ctx, private.ID, bob); casegraph.ErrorCode(err) != casegraph.ENOTFOUND {
		t.Fatalf("reading a view made private again: %v", err)
	}

	// Deleting: the owner, and an admin anyone's.
	if err := s.DeleteView(ctx, private.ID, alice); err != nil {
		t.Fatalf("owner deletes: %v", err)
	}
	if _, err := s.GetView(ctx, private.ID, alice); casegraph.ErrorCode(err) != casegraph.ENOTFOUND {
		t.Fatalf("a deleted view is still there: %v", err)
	}
	if err := s.DeleteView(ctx, private.ID, alice); casegraph.ErrorCode(err) != casegraph.ENOTFOUND {
		t.Fatalf("deleting twice: %v", err)
	}
	if err := s.DeleteView(ctx, shared.ID, admin); err != nil {
		t.Fatalf("an admin deletes another's view: %v", err)
	}
}

// TestViewsSavedBeforeOwners: a view with no owner id belongs to a token of
// the name it records, and otherwise only admins see it.
func TestViewsSavedBeforeOwners(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	deleteViews(t, p)
	id := p + "old-view"
	testenv.Cypher(t, `CREATE (:SavedView {id: $id, name: 'old', state: '{}', createdAt: '2024-01-01T00:00:00Z', createdBy: $by})`,
		map[string]any{"id": id, "by": p + "alice"})
	cases := []struct {
		who      casegraph.Token
		wantErr  string
		wantMine bool
	}{
		{casegraph.Token{ID: p + "x", Name: p + "alice", Role: casegraph.RoleViewer}, "", true},
		{casegraph.Token{ID: p + "y", Name: p + "bob", Role: casegraph.RoleAnalyst}, casegraph.ENOTFOUND, false},
		{casegraph.Token{ID: p + "z", Name: p + "root", Role: casegraph.RoleAdmin}, "", false},
	}
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.who.Name, p), func(t *testing.T) {
			v, err := s.GetView(ctx, id, c.who)
			if casegraph.ErrorCode(err) != c.wantErr || (err == nil && v.Mine != c.wantMine) {
				t.Fatalf("got %+v %v; want error %q, mine %v", v, err, c.wantErr, c.wantMine)
			}
		})
	}
}

// TestViewsCapPerOwner: a token may keep MaxViewsPerOwner views; the next
// save is refused with a message that says to delete some, others' saves are
// not affected, and deleting one makes room.
func TestViewsCapPerOwner(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	deleteViews(t, p)
	alice := casegraph.Token{ID: p + "id-alice", Name: p + "alice", Role: casegraph.RoleAnalyst}
	bob := casegraph.Token{ID: p + "id-bob", Name: p + "bob", Role: casegraph.RoleAnalyst}
	testenv.Cypher(t, `UNWIND range(1, $n) AS i
CREATE (:SavedView {id: $p + 'filler-' + i, name: 'filler', state: '{}', createdAt: '2000-01-01T00:00:00Z',
                    createdBy: $name, ownerId: $owner, shared: false})`,
		map[string]any{"n": casegraph.MaxViewsPerOwner - 1, "p": p, "name": alice.Name, "owner": alice.ID})
	state := json.RawMessage(`{}`)
	last, err := s.SaveView(ctx, "the last one", state, false, alice)
	if err != nil {
		t.Fatalf("view number %d: %v", casegraph.MaxViewsPerOwner, err)
	}
	_, err = s.SaveView(ctx, "one too many", state, false, alice)
	if casegraph.ErrorCode(err) != casegraph.EINVALID || !strings.Contains(casegraph.ErrorMessage(err), "delete some") {
		t.Fatalf("view number %d: %v, want refused with advice to delete some", casegraph.MaxViewsPerOwner+1, err)
	}
	if _, err := s.SaveView(ctx, "bob's", state, false, bob); err != nil {
		t.Fatalf("another owner's save: %v", err)
	}
	if err := s.DeleteView(ctx, last.ID, alice); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveView(ctx, "after a delete", state, false, alice); err != nil {
		t.Fatalf("saving after a delete: %v", err)
	}
}
