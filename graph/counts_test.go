package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// bigHubCase loads a company "hub" with more than 2,000 links: 1,200
// employees and 1,100 events it attended, each with "friend" and one of 600
// guests (guest j at events j and j+600), under a fresh prefix.
func bigHubCase(t *testing.T) (*graph.Store, func(string) string) {
	t.Helper()
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	t.Cleanup(func() { testenv.DeleteByPrefix(t, p) })
	id := func(name string) string { return p + name }
	ents := []casegraph.Entity{{ID: id("hub"), Schema: casegraph.Company, Name: "Hub Inc"},
		{ID: id("friend"), Schema: casegraph.Person, Name: "A Friend"}}
	var rels []casegraph.Relationship
	rel := func(t casegraph.RelType, from, to string) {
		rels = append(rels, casegraph.Relationship{ID: fmt.Sprintf("%s-%s-%s", from, t, to), Type: t, SourceID: from, TargetID: to})
	}
	for i := range 1200 {
		e := id(fmt.Sprintf("emp%04d", i))
		ents = append(ents, casegraph.Entity{ID: e, Schema: casegraph.Person, Name: fmt.Sprintf("Employee %04d", i)})
		rel(casegraph.Employment, e, id("hub"))
	}
	for j := range 600 {
		ents = append(ents, casegraph.Entity{ID: id(fmt.Sprintf("guest%03d", j)), Schema: casegraph.Person, Name: fmt.Sprintf("Guest %03d", j)})
	}
	for i := range 1100 {
		ev := id(fmt.Sprintf("event%04d", i))
		ents = append(ents, casegraph.Entity{ID: ev, Schema: casegraph.Event, Name: fmt.Sprintf("Meeting %04d", i),
			Properties: map[string]any{"date": fmt.Sprintf("2015-%02d-%02d", i%12+1, i%28+1)}})
		rel(casegraph.Attended, id("hub"), ev)
		rel(casegraph.Attended, id("friend"), ev)
		rel(casegraph.Attended, id(fmt.Sprintf("guest%03d", i%600)), ev)
	}
	for chunk := range slices.Chunk(ents, 2000) {
		if err := s.WriteBatch(ctxT(t), chunk, nil); err != nil {
			t.Fatal(err)
		}
	}
	for chunk := range slices.Chunk(rels, 2000) {
		if err := s.WriteBatch(ctxT(t), nil, chunk); err != nil {
			t.Fatal(err)
		}
	}
	return s, id
}

// TestCountsAreCompleteWhenListsAreCut: every count the API reports next to
// a list it cuts (a node's degree and hidden links, a contact's meetings, a
// node's links' totalCount) counts everything, not the part listed.
func TestCountsAreCompleteWhenListsAreCut(t *testing.T) {
	s, id := bigHubCase(t)
	const hubLinks = 1200 + 1100

	t.Run("neighbourhood degree and hidden", func(t *testing.T) {
		sg, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{id("hub")}, PerNode: 5, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		hub := sg.Nodes[0]
		if hub.ID != id("hub") || hub.Degree != hubLinks || hub.Hidden != hubLinks-5 || len(sg.Edges) != 5 || !sg.Truncated {
			t.Errorf("hub %s: degree %d hidden %d with %d edges, truncated %v; want degree %d hidden %d, 5 edges, truncated",
				hub.ID, hub.Degree, hub.Hidden, len(sg.Edges), sg.Truncated, hubLinks, hubLinks-5)
		}
	})
	t.Run("a hub reached at depth 2 has its whole degree", func(t *testing.T) {
		sg, err := s.Neighborhood(ctxT(t), casegraph.NeighborhoodParams{IDs: []string{id("friend")}, Depth: 2, PerNode: 3, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var friend, hub *casegraph.Node
		for i, n := range sg.Nodes {
			switch n.ID {
			case id("friend"):
				friend = &sg.Nodes[i]
			case id("hub"):
				hub = &sg.Nodes[i]
			}
		}
		if friend == nil || friend.Degree != 1100 || friend.Hidden != 1100-3 {
			t.Errorf("friend: %+v, want degree 1100 hidden 1097", friend)
		}
		if hub == nil || hub.Degree != hubLinks {
			t.Errorf("hub: %+v, want degree %d", hub, hubLinks)
		}
	})
	t.Run("contacts' counts when the list is cut", func(t *testing.T) {
		contacts, err := s.Contacts(ctxT(t), id("hub"), casegraph.Window{})
		if err != nil {
			t.Fatal(err)
		}
		if len(contacts) != graph.MaxContacts {
			t.Fatalf("%d contacts, want the list cut at %d", len(contacts), graph.MaxContacts)
		}
		if c := contacts[0]; c.Entity.ID != id("friend") || c.Count != 1100 || len(c.EventIDs) != 1100 {
			t.Errorf("first contact %s: %d meetings, %d event ids; want friend with 1100 and 1100", c.Entity.ID, c.Count, len(c.EventIDs))
		}
		for _, c := range contacts[1:] {
			if c.Count != 2 || len(c.EventIDs) != 2 {
				t.Errorf("%s: %d meetings, %d event ids; want 2 and 2", c.Entity.ID, c.Count, len(c.EventIDs))
				break
			}
		}
	})
	t.Run("links totalCount", func(t *testing.T) {
		for _, tc := range []struct {
			types []casegraph.RelType
			total int64
		}{{nil, hubLinks}, {[]casegraph.RelType{casegraph.Employment}, 1200}} {
			links, err := s.LinksOf(ctxT(t), casegraph.LinksParams{IDs: []string{id("hub")}, Types: tc.types, Skip: 1000, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			if l := links[id("hub")]; l.Total != tc.total || len(l.Edges) != 3 {
				t.Errorf("types %v: total %d with %d links, want %d with 3", tc.types, l.Total, len(l.Edges), tc.total)
			}
		}
	})
}
