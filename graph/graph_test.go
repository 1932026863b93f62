package graph_test

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestMigrateIsIdempotent(t *testing.T) {
	s := testenv.Store(t) // applies the schema once
	ctx := ctxT(t)
	before, err := s.SchemaObjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("second migration: %v", err)
	}
	after, err := s.SchemaObjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("schema changed on the second run:\nbefore %v\nafter  %v", before, after)
	}
	missing, err := s.MissingSchema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Fatalf("schema objects missing after migration: %v", missing)
	}
	names := map[string]string{}
	for _, o := range after {
		names[o.Name] = o.Kind
	}
	for name, kind := range map[string]string{"entity_id": "CONSTRAINT", graph.FulltextIndex: "FULLTEXT",
		"payment_date": "RANGE", "payment_amount": "RANGE", "rel_id_PAID": "CONSTRAINT"} {
		if names[name] != kind {
			t.Errorf("%s: want a %s, have %q", name, kind, names[name])
		}
	}
}

// sampleProps gives each schema the typed properties it is known by.
var sampleProps = map[casegraph.Schema]map[string]any{
	casegraph.Person:       {"birthDate": "1948-10-04", "nationality": []string{"us"}, "position": "co-founder"},
	casegraph.Company:      {"jurisdiction": "us", "registrationNumber": "C-123"},
	casegraph.Organization: {"jurisdiction": "us"},
	casegraph.PublicBody:   {"jurisdiction": "us"},
	casegraph.BankAccount:  {"iban": "HU42117730161111101800000000", "bankName": "K&H Bank"},
	casegraph.Payment:      {"amount": 16500000.0, "currency": "USD", "date": "2016-08-30", "purpose": "transfer"},
	casegraph.Event:        {"date": "2011-06-01", "location": "Virginia"},
	casegraph.CourtCase:    {"caseNumber": "2:18-cr-00422", "court": "D. Ariz.", "status": "closed", "fileDate": "2018-03-28"},
	casegraph.Charge:       {"statute": "18 U.S.C. § 1956(h)", "count": int64(52), "outcome": "CONVICTED", "outcomeDate": "2023-11-16"},
	casegraph.Source:       {"title": "An article", "url": "https://example.org/a", "publisher": "Example", "publishedAt": "2023-11-22"},
	casegraph.IngestJob:    {"file": "payments.csv", "sha256": "ab12", "status": "done"},
}

func TestEntityRoundTripEverySchema(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	src := casegraph.Entity{ID: p + "source", Schema: casegraph.Source, Name: "Source doc",
		Properties: sampleProps[casegraph.Source]}
	if _, err := s.UpsertEntities(ctx, []casegraph.Entity{src}); err != nil {
		t.Fatal(err)
	}
	for _, schema := range casegraph.Schemata {
		t.Run(string(schema), func(t *testing.T) {
			in := casegraph.Entity{ID: p + string(schema), Schema: schema, Name: "Name of " + string(schema),
				Aliases: []string{"alias one"}, Properties: sampleProps[schema],
				SourceIDs: []string{src.ID}, JobIDs: []string{p + "job1"}}
			n, err := s.UpsertEntities(ctx, []casegraph.Entity{in})
			if err != nil || n != 1 {
				t.Fatalf("upsert: n=%d err=%v", n, err)
			}
			got, err := s.GetEntity(ctx, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != in.ID || got.Schema != schema || got.Name != in.Name {
				t.Fatalf("got %+v", got.Entity)
			}
			if !reflect.DeepEqual(got.Aliases, in.Aliases) || !reflect.DeepEqual(got.SourceIDs, in.SourceIDs) ||
				!reflect.DeepEqual(got.JobIDs, in.JobIDs) {
				t.Fatalf("lists: got aliases %v sources %v jobs %v", got.Aliases, got.SourceIDs, got.JobIDs)
			}
			for k, want := range in.Properties {
				have := got.Properties[k]
				if ws, ok := want.([]string); ok { // lists come back as []any
					want = toAny(ws)
				}
				if !reflect.DeepEqual(have, want) {
					t.Errorf("property %s: got %#v, want %#v", k, have, want)
				}
			}
			if len(got.Sources) != 1 || got.Sources[0].ID != src.ID {
				t.Errorf("sources: got %+v", got.Sources)
			}
		})
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestUpsertIsIdempotentAndAccumulatesProvenance(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	e := casegraph.Entity{ID: p + "lacey", Schema: casegraph.Person, Name: "Michael Lacey",
		Aliases: []string{"Mike Lacey"}, SourceIDs: []string{p + "s1"}, JobIDs: []string{p + "j1"}}
	for i := 0; i < 2; i++ {
		if _, err := s.UpsertEntities(ctx, []casegraph.Entity{e}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.GetEntity(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.SourceIDs, []string{p + "s1"}) || !slices.Equal(got.Aliases, []string{"Mike Lacey"}) {
		t.Fatalf("a second identical load changed the lists: %+v", got.Entity)
	}
	// A second source adds to the lists without dropping the first.
	e2 := e
	e2.Aliases, e2.SourceIDs, e2.JobIDs = []string{"M. Lacey", "Mike Lacey"}, []string{p + "s2"}, []string{p + "j2"}
	if _, err := s.UpsertEntities(ctx, []casegraph.Entity{e2}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetEntity(ctx, e.ID)
	if !slices.Equal(got.SourceIDs, []string{p + "s1", p + "s2"}) ||
		!slices.Equal(got.JobIDs, []string{p + "j1", p + "j2"}) ||
		!slices.Equal(got.Aliases, []string{"Mike Lacey", "M. Lacey"}) {
		t.Fatalf("provenance not accumulated: %+v", got.Entity)
	}
}

func TestUpsertRefusesBadInput(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	cases := []struct {
		name string
		e    casegraph.Entity
		want string
	}{
		{"no id", casegraph.Entity{Schema: casegraph.Person}, "no id"},
		{"label injection", casegraph.Entity{ID: "x", Schema: "Person) DETACH DELETE (n"}, "unknown schema"},
		{"reserved property", casegraph.Entity{ID: "x", Schema: casegraph.Person, Properties: map[string]any{"id": "y"}}, "reserved"},
		{"unstorable value", casegraph.Entity{ID: "x", Schema: casegraph.Person, Properties: map[string]any{"m": map[string]any{}}}, "unsupported type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.UpsertEntities(ctx, []casegraph.Entity{c.e})
			if casegraph.ErrorCode(err) != casegraph.EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an invalid error mentioning %q", err, c.want)
			}
		})
	}
	if _, err := casegraph.ParseRelType("PAID]->() DELETE r //"); casegraph.ErrorCode(err) != casegraph.EINVALID {
		t.Fatalf("relationship type outside the allow-list accepted: %v", err)
	}
}

func TestRelationshipsRoundTripAndRollBackOnMissingEnds(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	ents := []casegraph.Entity{
		{ID: p + "a", Schema: casegraph.Person, Name: "A"},
		{ID: p + "pay", Schema: casegraph.Payment, Name: "payment", Properties: map[string]any{"amount": 10.5}},
		{ID: p + "b", Schema: casegraph.Company, Name: "B"},
	}
	if _, err := s.UpsertEntities(ctx, ents); err != nil {
		t.Fatal(err)
	}
	rels := []casegraph.Relationship{
		{ID: p + "r1", Type: casegraph.Paid, SourceID: p + "a", TargetID: p + "pay", SourceIDs: []string{p + "s"}},
		{ID: p + "r2", Type: casegraph.PaidTo, SourceID: p + "pay", TargetID: p + "b", SourceIDs: []string{p + "s"}},
		{ID: p + "r3", Type: casegraph.Directorship, SourceID: p + "a", TargetID: p + "b", Role: "director",
			StartDate: "2004", EndDate: "2018-04", SourceIDs: []string{p + "s"}},
	}
	for i := 0; i < 2; i++ { // twice: same graph
		if n, err := s.UpsertRelationships(ctx, rels); err != nil || n != 3 {
			t.Fatalf("n=%d err=%v", n, err)
		}
	}
	got, err := s.RelationshipsOf(ctx, p+"a", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("want 2 relationships of a, got %+v", got)
	}
	var dir casegraph.Relationship
	for _, r := range got {
		if r.Type == casegraph.Directorship {
			dir = r
		}
	}
	if dir.ID != p+"r3" || dir.SourceID != p+"a" || dir.TargetID != p+"b" || dir.Role != "director" ||
		dir.StartDate != "2004" || dir.EndDate != "2018-04" || !slices.Equal(dir.SourceIDs, []string{p + "s"}) {
		t.Fatalf("directorship came back as %+v", dir)
	}

	// One row with a missing end: the whole batch of that type is refused.
	bad := []casegraph.Relationship{
		{ID: p + "r4", Type: casegraph.Associate, SourceID: p + "a", TargetID: p + "b"},
		{ID: p + "r5", Type: casegraph.Associate, SourceID: p + "a", TargetID: p + "missing"},
	}
	_, err = s.UpsertRelationships(ctx, bad)
	if casegraph.ErrorCode(err) != casegraph.EINVALID || !strings.Contains(err.Error(), "1 of 2") {
		t.Fatalf("want an invalid error about 1 of 2 rows, got %v", err)
	}
	got, _ = s.RelationshipsOf(ctx, p+"a", 10)
	if len(got) != 2 {
		t.Fatalf("a failed batch left relationships behind: %+v", got)
	}
}

// A batch's relationships name their ends by position in one list that
// mixes the nodes the batch writes (of several schemas) with nodes written
// earlier and only looked up: every relationship must still join the right
// pair, and the provenance each row carries must land on that row only.
func TestWriteBatchJoinsWrittenAndExistingEnds(t *testing.T) {
	s := testenv.Store(t)
	ctx := context.Background()
	p := testenv.Prefix(t)
	old := []casegraph.Entity{
		{ID: p + "zed", Schema: casegraph.Person, Name: "Zed", SourceIDs: []string{p + "s1"}},
		{ID: p + "acme", Schema: casegraph.Company, Name: "Acme", SourceIDs: []string{p + "s1"}},
	}
	if err := s.WriteBatch(ctx, old, nil); err != nil {
		t.Fatal(err)
	}
	ents := []casegraph.Entity{
		{ID: p + "pay", Schema: casegraph.Payment, Name: "P-1", SourceIDs: []string{p + "s2"}},
		{ID: p + "amy", Schema: casegraph.Person, Name: "Amy", SourceIDs: []string{p + "s2"}},
		{ID: p + "acct", Schema: casegraph.BankAccount, Name: "ACCT", SourceIDs: []string{p + "s3"}},
	}
	rels := []casegraph.Relationship{
		{ID: p + "r1", Type: casegraph.Paid, SourceID: p + "zed", TargetID: p + "pay", SourceIDs: []string{p + "s2"}},
		{ID: p + "r2", Type: casegraph.PaidTo, SourceID: p + "pay", TargetID: p + "acme", SourceIDs: []string{p + "s3"}},
		{ID: p + "r3", Type: casegraph.Paid, SourceID: p + "amy", TargetID: p + "pay", SourceIDs: []string{p + "s2"}},
		{ID: p + "r4", Type: casegraph.HoldsAccount, SourceID: p + "acme", TargetID: p + "acct", SourceIDs: []string{p + "s3"}},
		{ID: p + "r5", Type: casegraph.FromAccount, SourceID: p + "pay", TargetID: p + "acct", SourceIDs: []string{p + "s2"}},
	}
	for i := 0; i < 2; i++ {
		if err := s.WriteBatch(ctx, ents, rels); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][3]string{}
	for _, r := range rels {
		want[r.ID] = [3]string{r.SourceID, r.TargetID, r.SourceIDs[0]}
	}
	got := map[string][3]string{}
	for _, id := range []string{p + "pay", p + "acct"} {
		rs, err := s.RelationshipsOf(ctx, id, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if len(r.SourceIDs) != 1 {
				t.Fatalf("%s has sources %v, want one", r.ID, r.SourceIDs)
			}
			got[r.ID] = [3]string{r.SourceID, r.TargetID, r.SourceIDs[0]}
		}
	}
	if !maps.Equal(got, want) {
		t.Fatalf("relationships came back as %v, want %v", got, want)
	}
}

func TestSearch(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	// A made-up surname keeps this test's hits apart from other tests' data.
	tag := "zq" + strings.TrimSuffix(strings.TrimPrefix(p, "t-"), "-")
	ents := []casegraph.Entity{
		{ID: p + "1", Schema: casegraph.Person, Name: "Michael " + tag},
		{ID: p + "2", Schema: casegraph.Person, Name: "James " + tag, Aliases: []string{"Jim " + tag}},
		{ID: p + "3", Schema: casegraph.Company, Name: tag + " Holdings"},
	}
	if _, err := s.UpsertEntities(ctx, ents); err != nil {
		t.Fatal(err)
	}
	ids := func(hits []casegraph.Sourced) []string {
		var out []string
		for _, h := range hits {
			out = append(out, strings.TrimPrefix(h.ID, p))
		}
		slices.Sort(out)
		return out
	}
	cases := []struct {
		name     string
		params   casegraph.SearchParams
		want     []string
		wantMore bool
	}{
		{"all three", casegraph.SearchParams{Query: tag, Limit: 10}, []string{"1", "2", "3"}, false},
		{"alias", casegraph.SearchParams{Query: "jim " + tag, Limit: 10}, []string{"2"}, false},
		{"typo", casegraph.SearchParams{Query: "Michal " + tag, Limit: 10}, []string{"1"}, false},
		{"prefix", casegraph.SearchParams{Query: "hold " + tag, Limit: 10}, []string{"3"}, false},
		{"schema filter", casegraph.SearchParams{Query: tag, Schemata: []casegraph.Schema{casegraph.Company}, Limit: 10}, []string{"3"}, false},
		{"page 1", casegraph.SearchParams{Query: tag, Limit: 2}, nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hits, err := s.Search(ctx, c.params)
			if err != nil {
				t.Fatal(err)
			}
			if c.wantMore {
				if len(hits) != c.params.Limit+1 {
					t.Fatalf("want %d rows (one extra to signal a next page), got %d", c.params.Limit+1, len(hits))
				}
				return
			}
			if got := ids(hits); !slices.Equal(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
	if _, err := s.Search(ctx, casegraph.SearchParams{Query: " !! ", Limit: 5}); casegraph.ErrorCode(err) != casegraph.EINVALID {
		t.Fatalf("punctuation-only query: want invalid, got %v", err)
	}
	// Lucene syntax typed by a user is escaped, not obeyed, and never fails.
	if _, err := s.Search(ctx, casegraph.SearchParams{Query: `name:"x" AND (y OR`, Limit: 5}); err != nil {
		t.Fatalf("query with Lucene syntax failed: %v", err)
	}
}

func TestStatsCountsPerSchema(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := testenv.Prefix(t)
	if _, err := s.UpsertEntities(ctx, []casegraph.Entity{{ID: p + "e", Schema: casegraph.Event, Name: "meeting"}}); err != nil {
		t.Fatal(err)
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Other tests write concurrently, so counts only ever grow by at least ours.
	if after.BySchema[casegraph.Event] < before.BySchema[casegraph.Event]+1 || after.Nodes < before.Nodes+1 {
		t.Fatalf("event count did not grow: before %+v after %+v", before, after)
	}
}

func TestFulltextQuery(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Lacey", `(lacey^3 OR lacey* OR lacey~1)`},
		{"Jim  Larkin", `(jim^3 OR jim* OR james^2 OR jamie^2 OR jem^2 OR jimmie^2 OR jimmy^2) AND (larkin^3 OR larkin* OR larkin~1)`},
		{"hungarian banks", `(hungarian^3 OR hungarian* OR hungarian~2 OR hungar*) AND (banks^3 OR banks* OR banks~1 OR bank*)`},
		{"justice dept", `(justice^3 OR justice* OR justice~2) AND (dept^3 OR dept* OR dept~1 OR department^2)`},
		{"M. Lacey's", `(m^3 OR m*) AND (lacey^3 OR lacey* OR lacey~1)`},
		{"Backpage", `(backpage^3 OR backpage* OR backpage~2)`},
		{`a:b`, `(a\:b^3 OR a\:b*)`},
		{`(x) OR`, `(\(x\)^3 OR \(x\)*) AND (or^3 OR or*)`},
	}
	for _, c := range cases {
		got, err := graph.FulltextQuery(c.in)
		if err != nil || got != c.want {
			t.Errorf("FulltextQuery(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := graph.FulltextQuery("  "); casegraph.ErrorCode(err) != casegraph.EINVALID {
		t.Errorf("empty query: want invalid, got %v", err)
	}
}

// TestDeadlineStopsASlowStatement: a request's deadline reaches Neo4j as
// the transaction's timeout, so a statement that would run for minutes is
// stopped there, soon after the deadline, with a clear error (a timeout,
// not an outage); the store keeps working.
func TestDeadlineStopsASlowStatement(t *testing.T) {
	s := testenv.Store(t)
	slow := `UNWIND range(1, 4000000000) AS x WITH x WHERE x % 7919 = 7920 RETURN count(x) AS n`

	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := graph.RunRead(ctx, s, slow)
	took := time.Since(start)
	if casegraph.ErrorCode(err) != casegraph.ETIMEOUT || !strings.Contains(casegraph.ErrorMessage(err), "too long") {
		t.Fatalf("got %v (code %s), want ETIMEOUT: took too long", err, casegraph.ErrorCode(err))
	}
	if took > 5*time.Second {
		t.Errorf("the statement was stopped %s after it started, for a deadline of 400ms", took)
	}

	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	if err := graph.RunRead(expired, s, `RETURN 1`); casegraph.ErrorCode(err) != casegraph.ETIMEOUT {
		t.Errorf("a deadline already past: got %v, want ETIMEOUT", err)
	}
	// A caller that went away is neither a timeout nor an outage.
	gone, cancel3 := context.WithCancel(context.Background())
	cancel3()
	if err := graph.RunRead(gone, s, `RETURN 1`); casegraph.ErrorCode(err) != casegraph.ECANCELED {
		t.Errorf("a cancelled request: got %v, want ECANCELED", err)
	}
	if err := s.Unavailable(); err != nil {
		t.Errorf("a timeout or a cancelled request marked Neo4j down: %v", err)
	}
	if err := graph.RunRead(ctxT(t), s, `RETURN 1`); err != nil {
		t.Errorf("after the stopped statement: %v", err)
	}
}
