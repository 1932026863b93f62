package graph_test

import (
	"slices"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
	"github.com/casegraph/casegraph/xref"
)

func deleteJudgements(t *testing.T, prefix string) {
	testenv.Cypher(t, `MATCH (j:Judgement) WHERE j.left STARTS WITH $p DETACH DELETE j`, map[string]any{"p": prefix})
}

func judgementsOf(t *testing.T, s *graph.Store, prefix string) []xref.Decision {
	t.Helper()
	all, err := s.Judgements(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	var out []xref.Decision
	for _, d := range all {
		if len(d.Left) >= len(prefix) && d.Left[:len(prefix)] == prefix {
			out = append(out, d)
		}
	}
	return out
}

// Verdicts are appended, never rewritten: the history stays and the newest
// counts; the same verdict said twice (a retried request) writes nothing.
func TestJudgementsKeepTheirHistory(t *testing.T) {
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	t.Cleanup(func() { deleteJudgements(t, p) })
	stamp0, err := s.JudgementStamp(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	d := xref.Decision{Left: p + "b", Right: p + "a", Judgement: xref.Same, Note: "same birth date", User: "alice", Score: 0.8, CreatedAt: at}
	for i, want := range []bool{true, false} {
		wrote, err := s.SaveJudgement(ctxT(t), d)
		if err != nil || wrote != want {
			t.Fatalf("save %d: wrote %v, %v; want %v", i, wrote, err, want)
		}
		d.CreatedAt = d.CreatedAt.Add(time.Minute)
	}
	d.Judgement, d.User, d.Note = xref.Different, "bob", ""
	if wrote, err := s.SaveJudgement(ctxT(t), d); err != nil || !wrote {
		t.Fatalf("a new verdict is written: %v %v", wrote, err)
	}
	got := judgementsOf(t, s, p)
	if len(got) != 2 || got[0].Judgement != xref.Same || got[1].Judgement != xref.Different {
		t.Fatalf("history: %+v", got)
	}
	if got[0].Left != p+"a" || got[0].Right != p+"b" || got[0].User != "alice" || got[0].Note != "same birth date" ||
		got[0].Score != 0.8 || !got[0].CreatedAt.Equal(at) {
		t.Errorf("first verdict read back: %+v", got[0])
	}
	if c := xref.NewClusters(got); c.Canonical(p+"b") != p+"b" {
		t.Errorf("the newest verdict (DIFFERENT) counts: %s", c.Canonical(p+"b"))
	}
	stamp1, err := s.JudgementStamp(ctxT(t))
	if err != nil || stamp1 == stamp0 {
		t.Errorf("the stamp must change with a new verdict: %q → %q (%v)", stamp0, stamp1, err)
	}
	if _, err := s.SaveJudgement(ctxT(t), xref.Decision{Left: p + "a", Right: p + "a", Judgement: xref.Same}); casegraph.ErrorCode(err) != casegraph.EINVALID {
		t.Errorf("a record against itself: %v", err)
	}
}

// Records are read with their dataset (from their ingest jobs), their
// identifiers and the neighbours that identify them.
func TestXrefRecordsReadWhatIdentifiesThem(t *testing.T) {
	s := testenv.Store(t)
	p := testenv.Prefix(t)
	t.Cleanup(func() { testenv.DeleteByPrefix(t, p) })
	job := func(id, dataset string) casegraph.Entity {
		return casegraph.Entity{ID: p + id, Schema: casegraph.IngestJob, Name: id, Properties: map[string]any{"dataset": p + dataset, "status": "done"}}
	}
	ents := []casegraph.Entity{
		job("job1", "court"), job("job2", "register"),
		{ID: p + "lacey", Schema: casegraph.Person, Name: "Michael Lacey", Aliases: []string{"Mike Lacey"}, JobIDs: []string{p + "job1"},
			Properties: map[string]any{"birthDate": "1948-03-01", "nationality": []string{"US"}}},
		{ID: p + "lacey2", Schema: casegraph.Person, Name: "LACEY, Michael", JobIDs: []string{p + "job2"}},
		{ID: p + "acct", Schema: casegraph.BankAccount, Name: "Account", JobIDs: []string{p + "job2"}, Properties: map[string]any{"iban": "HU42 1177 3016 1111 1018 0000 0000"}},
		{ID: p + "pay", Schema: casegraph.Payment, Name: "p", JobIDs: []string{p + "job2"}},
	}
	rels := []casegraph.Relationship{{ID: p + "h", Type: casegraph.HoldsAccount, SourceID: p + "lacey2", TargetID: p + "acct"}}
	if err := s.WriteBatch(ctxT(t), ents, rels); err != nil {
		t.Fatal(err)
	}
	recs, err := s.XrefRecords(ctxT(t), nil, p+"register")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]xref.Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	if len(recs) != 2 || byID[p+"pay"].ID != "" {
		t.Fatalf("the register's matchable records only: %+v", recs)
	}
	l2 := byID[p+"lacey2"]
	if l2.Dataset != p+"register" || !slices.Contains(l2.Neighbours, "id:"+p+"acct") || !slices.Contains(l2.Neighbours, "account:HU42117730161111101800000000") {
		t.Errorf("lacey2: %+v", l2)
	}
	all, err := s.XrefRecords(ctxT(t), []casegraph.Schema{casegraph.Person}, "")
	if err != nil {
		t.Fatal(err)
	}
	var l1 xref.Record
	for _, r := range all {
		if r.ID == p+"lacey" {
			l1 = r
		}
	}
	if l1.Dataset != p+"court" || !slices.Equal(l1.Names, []string{"Michael Lacey", "Mike Lacey"}) ||
		!slices.Contains(l1.BirthDates, "1948-03-01") || !slices.Contains(l1.Countries, "US") {
		t.Errorf("lacey: %+v", l1)
	}
	if _, err := s.XrefRecords(ctxT(t), []casegraph.Schema{casegraph.Payment}, ""); casegraph.ErrorCode(err) != casegraph.EINVALID {
		t.Errorf("payments are not cross-referenced: %v", err)
	}
	if _, err := s.XrefRecords(ctxT(t), nil, p+"nothing"); casegraph.ErrorCode(err) != casegraph.ENOTFOUND {
		t.Errorf("an unknown dataset: %v", err)
	}
	ds, err := s.Datasets(ctxT(t))
	if err != nil || !slices.Contains(ds, p+"court") || !slices.Contains(ds, p+"register") {
		t.Errorf("datasets: %v %v", ds, err)
	}
}

// With a resolution, money is followed through every record of a cluster as
// through one entity, and a payment reached through two records of the
// payer is one payment.
func TestMoneyFlowFollowsClusters(t *testing.T) {
	s := testenv.Store(t)
	g := newFlowGraph(t)
	g.pay("p1", "a1", "x1", 100, "USD", "2020-01-01")
	g.link(casegraph.Paid, "a2", "p1") // a messy record: the payer's other record also paid it
	g.pay("p2", "x2", "y", 40, "USD", "2020-02-01")
	g.pay("p3", "a2", "z", 7, "USD", "2020-01-05")
	g.party("a2", "x2")
	g.write(t, s)
	r := resolution{}
	r.join(g.id("a1"), g.id("a2"))
	r.join(g.id("x1"), g.id("x2"))

	plain, err := s.MoneyFlow(ctxT(t), casegraph.MoneyFlowParams{From: g.id("a1"), Direction: casegraph.Outgoing, MaxHops: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := g.flows(plain); !slices.Equal(got, []string{"a1>x1 USD 100 x1 2020-01-01..2020-01-01 [p1]"}) {
		t.Fatalf("records apart: %v", got)
	}
	mf, err := s.MoneyFlow(ctxT(t), casegraph.MoneyFlowParams{From: g.id("a1"), Direction: casegraph.Outgoing, MaxHops: 3, Resolve: r})
	if err != nil {
		t.Fatal(err)
	}
	merged := casegraph.ResolveMoneyFlow(mf, r, casegraph.Merged{}, g.id("a1"), casegraph.Outgoing)
	got := g.flows(merged)
	slices.Sort(got)
	want := []string{"a1>x1 USD 100 x1 2020-01-01..2020-01-01 [p1]", "a1>z USD 7 x1 2020-01-05..2020-01-05 [p3]", "x1>y USD 40 x1 2020-02-01..2020-02-01 [p2]"}
	if !slices.Equal(got, want) {
		t.Fatalf("merged flows:\n got %v\nwant %v", got, want)
	}
	if merged.Totals["USD"] != 107 {
		t.Errorf("totals: p1 once, p3 from the other record: %v", merged.Totals)
	}
}

// resolution is a Resolution of pairs joined by hand.
type resolution map[string][]string

func (r resolution) join(a, b string) {
	g := []string{a, b}
	slices.Sort(g)
	r[a], r[b] = g, g
}
func (r resolution) Canonical(id string) string { return r.Members(id)[0] }
func (r resolution) Members(id string) []string {
	if g, ok := r[id]; ok {
		return g
	}
	return []string{id}
}
