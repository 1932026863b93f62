package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// pathsGraph loads, under prefix p:
//
//	a -OWNERSHIP-> b <-ASSOCIATE- c -FAMILY-> d           3 hops
//	a -MEMBERSHIP-> e -MEMBERSHIP-> f -MEMBERSHIP-> g -MEMBERSHIP-> d   4 hops
//	b -ASSOCIATE-> t1 -ASSOCIATE-> t2 -ASSOCIATE-> b       a loop off the way
//	a -UNKNOWN_LINK-> doc (a Source) -UNKNOWN_LINK-> d     never a path
//	a -UNKNOWN_LINK-> job (an IngestJob) -UNKNOWN_LINK-> d never a path
//	a, d -CITED_IN-> doc                                   never a path
//	x1 -ATTENDED-> meeting (2011-06-01) <-ATTENDED- x2     2 hops, dated by the meeting
//	x1 -ASSOCIATE(2015..)-> y -ASSOCIATE-> z -ASSOCIATE-> x2   3 hops, dated by the first link
//	lonely                                                 no links
func pathsGraph(t *testing.T, s *graph.Store, p string) {
	t.Helper()
	t.Cleanup(func() { testenv.DeleteByPrefix(t, p) })
	var ents []graph.Entity
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "t1", "t2", "x1", "x2", "y", "z", "lonely"} {
		ents = append(ents, graph.Entity{ID: p + id, Schema: graph.Person, Name: strings.ToUpper(id)})
	}
	ents = append(ents,
		graph.Entity{ID: p + "doc", Schema: graph.Source, Name: "A document"},
		graph.Entity{ID: p + "job", Schema: graph.IngestJob, Name: "A load"},
		graph.Entity{ID: p + "meeting", Schema: graph.Event, Name: "Meeting", Properties: map[string]any{"date": "2011-06-01"}},
	)
	rel := func(id string, typ graph.RelType, from, to, start string) graph.Relationship {
		return graph.Relationship{ID: p + id, Type: typ, SourceID: p + from, TargetID: p + to, StartDate: start}
	}
	rels := []graph.Relationship{
		rel("ab", graph.Ownership, "a", "b", ""),
		rel("cb", graph.Associate, "c", "b", ""),
		rel("cd", graph.Family, "c", "d", ""),
		rel("ae", graph.Membership, "a", "e", ""),
		rel("ef", graph.Membership, "e", "f", ""),
		rel("fg", graph.Membership, "f", "g", ""),
		rel("gd", graph.Membership, "g", "d", ""),
		rel("bt1", graph.Associate, "b", "t1", ""),
		rel("t1t2", graph.Associate, "t1", "t2", ""),
		rel("t2b", graph.Associate, "t2", "b", ""),
		rel("adoc", graph.UnknownLink, "a", "doc", ""),
		rel("docd", graph.UnknownLink, "doc", "d", ""),
		rel("ajob", graph.UnknownLink, "a", "job", ""),
		rel("jobd", graph.UnknownLink, "job", "d", ""),
		rel("acite", graph.CitedIn, "a", "doc", ""),
		rel("dcite", graph.CitedIn, "d", "doc", ""),
		rel("x1m", graph.Attended, "x1", "meeting", ""),
		rel("x2m", graph.Attended, "x2", "meeting", ""),
		rel("x1y", graph.Associate, "x1", "y", "2015"),
		rel("yz", graph.Associate, "y", "z", ""),
		rel("zx2", graph.Associate, "z", "x2", ""),
	}
	if err := s.WriteBatch(ctxT(t), ents, rels); err != nil {
		t.Fatal(err)
	}
}

// pathsShape writes each path as "a b c d | ab cb cd", prefix removed.
func pathsShape(paths []graph.Path, p string) []string {
	var out []string
	for _, path := range paths {
		var nodes, edges []string
		for _, n := range path.Nodes {
			nodes = append(nodes, strings.TrimPrefix(n.ID, p))
		}
		for _, e := range path.Edges {
			edges = append(edges, strings.TrimPrefix(e.ID, p))
		}
		out = append(out, strings.Join(nodes, " ")+" | "+strings.Join(edges, " "))
	}
	return out
}

func TestPaths(t *testing.T) {
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	pathsGraph(t, s, p)

	const chain, long = "a b c d | ab cb cd", "a e f g d | ae ef fg gd"
	tests := []struct {
		name   string
		params graph.PathParams
		want   []string
	}{
		{"shortest", graph.PathParams{From: p + "a", To: p + "d", Limit: 1}, []string{chain}},
		{"the other way round", graph.PathParams{From: p + "d", To: p + "a", Limit: 1}, []string{"d c b a | cd cb ab"}},
		{"two alternatives, shortest first", graph.PathParams{From: p + "a", To: p + "d", Limit: 2}, []string{chain, long}},
		{"defaults find every path there is", graph.PathParams{From: p + "a", To: p + "d"}, []string{chain, long}},
		{"no detours round a loop", graph.PathParams{From: p + "a", To: p + "d", MaxHops: graph.MaxHops, Limit: graph.MaxPaths},
			[]string{chain, long}},
		{"too few hops", graph.PathParams{From: p + "a", To: p + "d", MaxHops: 2}, nil},
		{"just enough hops", graph.PathParams{From: p + "a", To: p + "d", MaxHops: 3}, []string{chain}},
		{"type filter leaves the long way", graph.PathParams{From: p + "a", To: p + "d",
			RelTypes: []graph.RelType{graph.Membership}}, []string{long}},
		{"type filter breaks every path", graph.PathParams{From: p + "a", To: p + "d",
			RelTypes: []graph.RelType{graph.Ownership, graph.Associate}}, nil},
		{"no sources or jobs in between even when asked for their link type", graph.PathParams{From: p + "a", To: p + "d",
			RelTypes: []graph.RelType{graph.UnknownLink}}, nil},
		{"not connected", graph.PathParams{From: p + "a", To: p + "lonely"}, nil},
		{"no window", graph.PathParams{From: p + "x1", To: p + "x2"},
			[]string{"x1 meeting x2 | x1m x2m", "x1 y z x2 | x1y yz zx2"}},
		{"since 2012 passes the meeting by", graph.PathParams{From: p + "x1", To: p + "x2", Window: graph.Window{Since: "2012"}},
			[]string{"x1 y z x2 | x1y yz zx2"}},
		{"until 2011 keeps the meeting, not the 2015 link", graph.PathParams{From: p + "x1", To: p + "x2", Window: graph.Window{Until: "2011"}},
			[]string{"x1 meeting x2 | x1m x2m"}},
		{"until 2010 leaves nothing", graph.PathParams{From: p + "x1", To: p + "x2", Window: graph.Window{Until: "2010-12"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			paths, err := s.Paths(ctxT(t), tc.params)
			if err != nil {
				t.Fatal(err)
			}
			if got := pathsShape(paths, p); !slices.Equal(got, tc.want) {
				t.Errorf("paths\n got %q\nwant %q", got, tc.want)
			}
		})
	}

	t.Run("edges keep their stored direction", func(t *testing.T) {
		paths, err := s.Paths(ctxT(t), graph.PathParams{From: p + "a", To: p + "d", Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) != 1 {
			t.Fatalf("want one path, got %d", len(paths))
		}
		var got []string
		for _, e := range paths[0].Edges {
			got = append(got, fmt.Sprintf("%s %s->%s", e.Type, strings.TrimPrefix(e.Source, p), strings.TrimPrefix(e.Target, p)))
		}
		want := []string{"OWNERSHIP a->b", "ASSOCIATE c->b", "FAMILY c->d"}
		if !slices.Equal(got, want) {
			t.Errorf("edges %v, want %v", got, want)
		}
		// d's CITED_IN link is not counted; its two UNKNOWN_LINKs are.
		d := paths[0].Nodes[3]
		if d.Name != "D" || d.Schema != graph.Person || d.Degree != 4 {
			t.Errorf("d came back as %+v degree %d, want degree 4", d.Entity, d.Degree)
		}
	})
}

func TestPathsRefusesBadInput(t *testing.T) {
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	pathsGraph(t, s, p)
	a, d := p+"a", p+"d"

	tests := []struct {
		name    string
		params  graph.PathParams
		code    string
		message string
	}{
		{"no from", graph.PathParams{To: d}, graph.EINVALID, "both a from and a to"},
		{"no to", graph.PathParams{From: a}, graph.EINVALID, "both a from and a to"},
		{"same ends", graph.PathParams{From: a, To: a}, graph.EINVALID, "two different entities"},
		{"too many hops", graph.PathParams{From: a, To: d, MaxHops: graph.MaxHops + 1}, graph.EINVALID, "maxHops 7 is out of range: use 1 to 6"},
		{"negative hops", graph.PathParams{From: a, To: d, MaxHops: -1}, graph.EINVALID, "maxHops -1 is out of range"},
		{"too many paths", graph.PathParams{From: a, To: d, Limit: graph.MaxPaths + 1}, graph.EINVALID, "limit 21 is out of range: use 1 to 20"},
		{"negative limit", graph.PathParams{From: a, To: d, Limit: -1}, graph.EINVALID, "limit -1 is out of range"},
		{"unknown relationship type", graph.PathParams{From: a, To: d, RelTypes: []graph.RelType{"KNOWS"}}, graph.EINVALID, `unknown relationship type "KNOWS"`},
		{"source links", graph.PathParams{From: a, To: d, RelTypes: []graph.RelType{graph.CitedIn}}, graph.EINVALID, "CITED_IN"},
		{"bad date", graph.PathParams{From: a, To: d, Window: graph.Window{Since: "2011-02-30x"}}, graph.EINVALID, "is not a date"},
		{"unknown from", graph.PathParams{From: p + "nobody", To: d}, graph.ENOTFOUND, fmt.Sprintf("no entity with id %q", p+"nobody")},
		{"unknown to", graph.PathParams{From: a, To: p + "nobody"}, graph.ENOTFOUND, fmt.Sprintf("no entity with id %q", p+"nobody")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			paths, err := s.Paths(ctxT(t), tc.params)
			if graph.ErrorCode(err) != tc.code || !strings.Contains(graph.ErrorMessage(err), tc.message) {
				t.Fatalf("got %v (%s) and %d paths, want %s containing %q", err, graph.ErrorCode(err), len(paths), tc.code, tc.message)
			}
		})
	}
}
