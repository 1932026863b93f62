package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
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
	var ents []casegraph.Entity
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "t1", "t2", "x1", "x2", "y", "z", "lonely"} {
		ents = append(ents, casegraph.Entity{ID: p + id, Schema: casegraph.Person, Name: strings.ToUpper(id)})
	}
	ents = append(ents,
		casegraph.Entity{ID: p + "doc", Schema: casegraph.Source, Name: "A document"},
		casegraph.Entity{ID: p + "job", Schema: casegraph.IngestJob, Name: "A load"},
		casegraph.Entity{ID: p + "meeting", Schema: casegraph.Event, Name: "Meeting", Properties: map[string]any{"date": "2011-06-01"}},
	)
	rel := func(id string, typ casegraph.RelType, from, to, start string) casegraph.Relationship {
		return casegraph.Relationship{ID: p + id, Type: typ, SourceID: p + from, TargetID: p + to, StartDate: start}
	}
	rels := []casegraph.Relationship{
		rel("ab", casegraph.Ownership, "a", "b", ""),
		rel("cb", casegraph.Associate, "c", "b", ""),
		rel("cd", casegraph.Family, "c", "d", ""),
		rel("ae", casegraph.Membership, "a", "e", ""),
		rel("ef", casegraph.Membership, "e", "f", ""),
		rel("fg", casegraph.Membership, "f", "g", ""),
		rel("gd", casegraph.Membership, "g", "d", ""),
		rel("bt1", casegraph.Associate, "b", "t1", ""),
		rel("t1t2", casegraph.Associate, "t1", "t2", ""),
		rel("t2b", casegraph.Associate, "t2", "b", ""),
		rel("adoc", casegraph.UnknownLink, "a", "doc", ""),
		rel("docd", casegraph.UnknownLink, "doc", "d", ""),
		rel("ajob", casegraph.UnknownLink, "a", "job", ""),
		rel("jobd", casegraph.UnknownLink, "job", "d", ""),
		rel("acite", casegraph.CitedIn, "a", "doc", ""),
		rel("dcite", casegraph.CitedIn, "d", "doc", ""),
		rel("x1m", casegraph.Attended, "x1", "meeting", ""),
		rel("x2m", casegraph.Attended, "x2", "meeting", ""),
		rel("x1y", casegraph.Associate, "x1", "y", "2015"),
		rel("yz", casegraph.Associate, "y", "z", ""),
		rel("zx2", casegraph.Associate, "z", "x2", ""),
	}
	if err := s.WriteBatch(ctxT(t), ents, rels); err != nil {
		t.Fatal(err)
	}
}

// pathsShape writes each path as "a b c d | ab cb cd", prefix removed.
func pathsShape(paths []casegraph.Path, p string) []string {
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
		params casegraph.PathParams
		want   []string
	}{
		{"shortest", casegraph.PathParams{From: p + "a", To: p + "d", Limit: 1}, []string{chain}},
		{"the other way round", casegraph.PathParams{From: p + "d", To: p + "a", Limit: 1}, []string{"d c b a | cd cb ab"}},
		{"two alternatives, shortest first", casegraph.PathParams{From: p + "a", To: p + "d", Limit: 2}, []string{chain, long}},
		{"defaults find every path there is", casegraph.PathParams{From: p + "a", To: p + "d"}, []string{chain, long}},
		{"no detours round a loop", casegraph.PathParams{From: p + "a", To: p + "d", MaxHops: casegraph.MaxHops, Limit: casegraph.MaxPaths},
			[]string{chain, long}},
		{"too few hops", casegraph.PathParams{From: p + "a", To: p + "d", MaxHops: 2}, nil},
		{"just enough hops", casegraph.PathParams{From: p + "a", To: p + "d", MaxHops: 3}, []string{chain}},
		{"type filter leaves the long way", casegraph.PathParams{From: p + "a", To: p + "d",
			RelTypes: []casegraph.RelType{casegraph.Membership}}, []string{long}},
		{"type filter breaks every path", casegraph.PathParams{From: p + "a", To: p + "d",
			RelTypes: []casegraph.RelType{casegraph.Ownership, casegraph.Associate}}, nil},
		{"no sources or jobs in between even when asked for their link type", casegraph.PathParams{From: p + "a", To: p + "d",
			RelTypes: []casegraph.RelType{casegraph.UnknownLink}}, nil},
		{"not connected", casegraph.PathParams{From: p + "a", To: p + "lonely"}, nil},
		{"no window", casegraph.PathParams{From: p + "x1", To: p + "x2"},
			[]string{"x1 meeting x2 | x1m x2m", "x1 y z x2 | x1y yz zx2"}},
		{"since 2012 passes the meeting by", casegraph.PathParams{From: p + "x1", To: p + "x2", Window: casegraph.Window{Since: "2012"}},
			[]string{"x1 y z x2 | x1y yz zx2"}},
		{"until 2011 keeps the meeting, not the 2015 link", casegraph.PathParams{From: p + "x1", To: p + "x2", Window: casegraph.Window{Until: "2011"}},
			[]string{"x1 meeting x2 | x1m x2m"}},
		{"until 2010 leaves nothing", casegraph.PathParams{From: p + "x1", To: p + "x2", Window: casegraph.Window{Until: "2010-12"}}, nil},
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
		paths, err := s.Paths(ctxT(t), casegraph.PathParams{From: p + "a", To: p + "d", Limit: 1})
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
		if d.Name != "D" || d.Schema != casegraph.Person || d.Degree != 4 {
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
		params  casegraph.PathParams
		code    string
		message string
	}{
		{"no from", casegraph.PathParams{To: d}, casegraph.EINVALID, "both a from and a to"},
		{"no to", casegraph.PathParams{From: a}, casegraph.EINVALID, "both a from and a to"},
		{"same ends", casegraph.PathParams{From: a, To: a}, casegraph.EINVALID, "two different entities"},
		{"too many hops", casegraph.PathParams{From: a, To: d, MaxHops: casegraph.MaxHops + 1}, casegraph.EINVALID, "maxHops 7 is out of range: use 1 to 6"},
		{"negative hops", casegraph.PathParams{From: a, To: d, MaxHops: -1}, casegraph.EINVALID, "maxHops -1 is out of range"},
		{"too many paths", casegraph.PathParams{From: a, To: d, Limit: casegraph.MaxPaths + 1}, casegraph.EINVALID, "limit 21 is out of range: use 1 to 20"},
		{"negative limit", casegraph.PathParams{From: a, To: d, Limit: -1}, casegraph.EINVALID, "limit -1 is out of range"},
		{"unknown relationship type", casegraph.PathParams{From: a, To: d, RelTypes: []casegraph.RelType{"KNOWS"}}, casegraph.EINVALID, `unknown relationship type "KNOWS"`},
		{"source links", casegraph.PathParams{From: a, To: d, RelTypes: []casegraph.RelType{casegraph.CitedIn}}, casegraph.EINVALID, "CITED_IN"},
		{"bad date", casegraph.PathParams{From: a, To: d, Window: casegraph.Window{Since: "2011-02-30x"}}, casegraph.EINVALID, "is not a date"},
		{"unknown from", casegraph.PathParams{From: p + "nobody", To: d}, casegraph.ENOTFOUND, fmt.Sprintf("no entity with id %q", p+"nobody")},
		{"unknown to", casegraph.PathParams{From: a, To: p + "nobody"}, casegraph.ENOTFOUND, fmt.Sprintf("no entity with id %q", p+"nobody")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			paths, err := s.Paths(ctxT(t), tc.params)
			if casegraph.ErrorCode(err) != tc.code || !strings.Contains(casegraph.ErrorMessage(err), tc.message) {
				t.Fatalf("got %v (%s) and %d paths, want %s containing %q", err, casegraph.ErrorCode(err), len(paths), tc.code, tc.message)
			}
		})
	}
}
