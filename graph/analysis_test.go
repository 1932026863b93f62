package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// plantNetwork writes a small case as dataset prefix: a star (centre
// "c", leaves "l1".."l8") and two groups of six people each linked to
// every other ("a1".."a6", "b1".."b6") joined only through the broker
// "k", who knows a1, a2, b1 and b2; a1 paid a2 twice, 100 EUR each.
func plantNetwork(t *testing.T) (prefix, dataset string) {
	prefix = testenv.Prefix(t)
	dataset = strings.TrimSuffix(prefix, "-")
	var links [][2]string
	for i := 1; i <= 8; i++ {
		links = append(links, [2]string{"c", fmt.Sprintf("l%d", i)})
	}
	for _, g := range []string{"a", "b"} {
		for i := 1; i <= 6; i++ {
			for j := i + 1; j <= 6; j++ {
				links = append(links, [2]string{fmt.Sprintf("%s%d", g, i), fmt.Sprintf("%s%d", g, j)})
			}
		}
	}
	links = append(links, [2]string{"k", "a1"}, [2]string{"k", "a2"}, [2]string{"k", "b1"}, [2]string{"k", "b2"})
	var rows []map[string]any
	for i, l := range links {
		rows = append(rows, map[string]any{"id": fmt.Sprintf("%sr%d", prefix, i), "s": prefix + l[0], "t": prefix + l[1]})
	}
	job := prefix + "ingest"
	testenv.Cypher(t, `CREATE (:Entity:IngestJob {id: $job, schema: 'IngestJob', dataset: $dataset})
WITH 1 AS one
UNWIND $rows AS row
MERGE (s:Entity:Person {id: row.s}) ON CREATE SET s.schema = 'Person', s.name = row.s, s.jobIds = [$job]
MERGE (t:Entity:Person {id: row.t}) ON CREATE SET t.schema = 'Person', t.name = row.t, t.jobIds = [$job]
CREATE (s)-[:ASSOCIATE {id: row.id}]->(t)`, map[string]any{"job": job, "dataset": dataset, "rows": rows})
	testenv.Cypher(t, `MATCH (a1:Person {id: $p + 'a1'}), (a2:Person {id: $p + 'a2'})
UNWIND [1, 2] AS i
CREATE (a1)-[:PAID {id: $p + 'paid' + i}]->(:Entity:Payment {id: $p + 'pay' + i, schema: 'Payment', amount: 100.0,
  currency: 'EUR', date: '2020-01-0' + i, jobIds: [$job]})-[:PAID_TO {id: $p + 'to' + i}]->(a2)`,
		map[string]any{"p": prefix, "job": job})
	return prefix, dataset
}

func analyse(t *testing.T, s *graph.Store, id string, params casegraph.AnalysisParams) casegraph.AnalysisJob {
	t.Helper()
	ctx := ctxT(t)
	job := casegraph.AnalysisJob{ID: id, Params: params, By: "test", StartedAt: time.Now()}
	if err := s.CreateAnalysisJob(ctx, job); err != nil {
		t.Fatal(err)
	}
	if err := s.RunAnalysis(ctx, job); err != nil {
		t.Fatalf("%s: %v", params.Algorithm, err)
	}
	got, err := s.AnalysisJob(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != casegraph.AnalysisDone || got.Nodes != 22 {
		t.Fatalf("%s job: status %q, %d nodes, error %q; want done on 22 nodes", params.Algorithm, got.Status, got.Nodes, got.Error)
	}
	return got
}

func TestAnalysisKnownAnswers(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	prefix, dataset := plantNetwork(t)
	proj := casegraph.Projection{Dataset: dataset}
	top := func(alg casegraph.Algorithm) []casegraph.Metric {
		job := analyse(t, s, prefix+strings.ToLower(string(alg)), casegraph.AnalysisParams{Algorithm: alg, Projection: proj})
		ms, err := s.TopEntities(ctx, job.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 3 {
			t.Fatalf("%s: %d top entities, want 3", alg, len(ms))
		}
		for _, m := range ms {
			if m.Job != job.ID || m.Algorithm != alg || m.Score == nil {
				t.Fatalf("%s: metric %+v does not name its job and algorithm, or has no score", alg, m)
			}
		}
		return ms
	}
	for _, c := range []struct {
		alg  casegraph.Algorithm
		want string
	}{{casegraph.Degree, "c"}, {casegraph.PageRank, "c"}, {casegraph.Betweenness, "k"}} {
		ms := top(c.alg)
		if ms[0].Entity != prefix+c.want || *ms[1].Score >= *ms[0].Score {
			t.Errorf("%s: top is %s (%v) then %s (%v), want %s alone first", c.alg,
				ms[0].Entity, *ms[0].Score, ms[1].Entity, *ms[1].Score, prefix+c.want)
		}
	}

	communityOf := func(alg casegraph.Algorithm) (map[string]int64, casegraph.AnalysisJob) {
		job := analyse(t, s, prefix+strings.ToLower(string(alg)), casegraph.AnalysisParams{Algorithm: alg, Projection: proj})
		var ids []string
		for _, n := range []string{"c", "l1", "a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4", "b5", "a6", "b6"} {
			ids = append(ids, prefix+n)
		}
		ms, err := s.Metrics(ctx, ids, alg, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int64{}
		for _, m := range ms {
			if m.Community == nil || m.Score != nil {
				t.Fatalf("%s metric %+v: want a community and no score", alg, m)
			}
			out[strings.TrimPrefix(m.Entity, prefix)] = *m.Community
		}
		if len(out) != len(ids) {
			t.Fatalf("%s: %d metrics for %d entities", alg, len(out), len(ids))
		}
		return out, job
	}
	wcc, _ := communityOf(casegraph.WCC)
	if wcc["c"] != wcc["l1"] || wcc["a1"] != wcc["b5"] || wcc["c"] == wcc["a1"] {
		t.Errorf("components %v: want the star apart from the groups", wcc)
	}
	louvain, job := communityOf(casegraph.Louvain)
	for _, g := range []string{"a", "b"} {
		for i := 2; i <= 6; i++ {
			if louvain[fmt.Sprintf("%s%d", g, i)] != louvain[g+"1"] {
				t.Errorf("louvain %v: group %s split", louvain, g)
			}
		}
	}
	if louvain["a1"] == louvain["b1"] {
		t.Errorf("louvain %v: the two groups are one community", louvain)
	}
	page, total, err := s.Communities(ctx, job, 0, 10, 3)
	if err != nil {
		t.Fatal(err)
	}
	if total < 3 || int64(len(page)) != total {
		t.Fatalf("%d communities on the page, %d in all; want the same, at least 3", len(page), total)
	}
	money := 0.0
	for _, c := range page {
		if c.ID == louvain["a1"] {
			money = c.InternalMoney["EUR"]
			if c.Payments != 2 || c.Size < 5 || len(c.Members) != 3 {
				t.Errorf("group a's community: %+v; want 2 payments, 5+ members, 3 listed", c)
			}
		}
	}
	if money != 200 {
		t.Errorf("group a's internal money %v EUR, want 200", money)
	}

	// Every value is read back as computed by its job, never as a property
	// of the entity.
	e, err := s.GetEntity(ctx, prefix+"k")
	if err != nil {
		t.Fatal(err)
	}
	for k := range e.Entity.Properties {
		if k == "score" || k == "community" || strings.Contains(strings.ToLower(k), "pagerank") {
			t.Errorf("entity k has a computed property %q", k)
		}
	}
	mine, err := s.EntityMetrics(ctx, prefix+"k", 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 5 {
		t.Errorf("k has %d metrics, want one per algorithm (5)", len(mine))
	}

	// Many entities' metrics in one read: each its own, every algorithm.
	byEntity, err := s.EntitiesMetrics(ctx, []string{prefix + "k", prefix + "c", prefix + "l1", prefix + "nobody"}, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(byEntity[prefix+"nobody"]) != 0 || len(byEntity) != 3 {
		t.Errorf("metrics of k, c, l1 and nobody: %d entities have some; want 3", len(byEntity))
	}
	for _, n := range []string{"k", "c", "l1"} {
		algs := map[casegraph.Algorithm]bool{}
		for _, m := range byEntity[prefix+n] {
			if m.Entity != prefix+n || m.Job == "" {
				t.Errorf("%s: metric %+v of another entity or no job", n, m)
			}
			algs[m.Algorithm] = true
		}
		if len(algs) != 5 {
			t.Errorf("%s: metrics of %d algorithms (%v), want 5", n, len(algs), algs)
		}
	}
}

// A job whose server died stays queued or running in the database with a
// heartbeat nobody renews: listing the jobs (or reading it) marks it
// failed, interrupted; a job a live server runs is left alone.
func TestAnalysisJobOfADeadServerIsMarkedInterrupted(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	prefix := testenv.Prefix(t)
	params := casegraph.AnalysisParams{Algorithm: casegraph.PageRank}
	for _, id := range []string{"dead", "queued-dead", "alive"} {
		if err := s.CreateAnalysisJob(ctx, casegraph.AnalysisJob{ID: prefix + id, Params: params, By: "test", StartedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-10 * time.Minute).UTC().Format(time.RFC3339Nano)
	testenv.Cypher(t, `MATCH (j:AnalysisJob {id: $dead}) SET j.status = 'running', j.stage = 'computing', j.heartbeatAt = $long`,
		map[string]any{"dead": prefix + "dead", "long": long})
	testenv.Cypher(t, `MATCH (j:AnalysisJob {id: $dead}) SET j.startedAt = $long, j.heartbeatAt = $long`,
		map[string]any{"dead": prefix + "queued-dead", "long": long})
	testenv.Cypher(t, `MATCH (j:AnalysisJob {id: $alive}) SET j.status = 'running', j.heartbeatAt = $now`,
		map[string]any{"alive": prefix + "alive", "now": time.Now().UTC().Format(time.RFC3339Nano)})
	t.Cleanup(func() {
		testenv.Cypher(t, `MATCH (j:AnalysisJob) WHERE j.id STARTS WITH $p SET j.status = 'failed'`, map[string]any{"p": prefix})
	})

	jobs, err := s.AnalysisJobs(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]casegraph.AnalysisJob{}
	for _, j := range jobs {
		status[strings.TrimPrefix(j.ID, prefix)] = j
	}
	for _, id := range []string{"dead", "queued-dead"} {
		if j := status[id]; j.Status != casegraph.AnalysisFailed || j.Error != casegraph.AnalysisInterrupted || j.FinishedAt.IsZero() {
			t.Errorf("%s job after listing: %q, %q, finished %v; want failed, %q, with a finish time", id, j.Status, j.Error, j.FinishedAt, casegraph.AnalysisInterrupted)
		}
	}
	if j := status["alive"]; j.Status != casegraph.AnalysisRunning || j.Error != "" {
		t.Errorf("a job with a fresh heartbeat: %q, %q; want still running", j.Status, j.Error)
	}

	// reading one job marks it too, without a listing
	testenv.Cypher(t, `MATCH (j:AnalysisJob {id: $alive}) SET j.heartbeatAt = $long`, map[string]any{"alive": prefix + "alive", "long": long})
	j, err := s.AnalysisJob(ctx, prefix+"alive")
	if err != nil || j.Status != casegraph.AnalysisFailed || j.Error != casegraph.AnalysisInterrupted {
		t.Fatalf("job whose heartbeat stopped, read alone: %+v (%v); want failed, interrupted", j, err)
	}
}

// A finished job says how long it projected and computed, and its
// parameters leave out GDS's jobId (no parameter of the algorithm).
func TestAnalysisJobRecordsItsStageTimes(t *testing.T) {
	s := testenv.Store(t)
	prefix, dataset := plantNetwork(t)
	job := analyse(t, s, prefix+"timed", casegraph.AnalysisParams{Algorithm: casegraph.PageRank, Projection: casegraph.Projection{Dataset: dataset}})
	if job.ProjectionTime <= 0 || job.ComputeTime <= 0 || job.Results != 22 {
		t.Fatalf("job %+v: want projection and compute times and 22 results", job)
	}
	if strings.Contains(job.Parameters, "jobId") {
		t.Fatalf("parameters %s name GDS's jobId", job.Parameters)
	}
}

func TestAnalysisRefusesEmptyProjectionAndUnknownDataset(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	prefix := testenv.Prefix(t)
	for _, c := range []struct {
		name string
		proj casegraph.Projection
		code string
	}{
		{"unknown dataset", casegraph.Projection{Dataset: prefix + "none"}, casegraph.ENOTFOUND},
		{"bad schema", casegraph.Projection{Schemata: []casegraph.Schema{"Payment"}}, casegraph.EINVALID},
	} {
		t.Run(c.name, func(t *testing.T) {
			job := casegraph.AnalysisJob{ID: prefix + strings.ReplaceAll(c.name, " ", "-"), By: "test", StartedAt: time.Now(),
				Params: casegraph.AnalysisParams{Algorithm: casegraph.Degree, Projection: c.proj}}
			if err := s.CreateAnalysisJob(ctx, job); err != nil {
				t.Fatal(err)
			}
			err := s.RunAnalysis(ctx, job)
			if casegraph.ErrorCode(err) != c.code {
				t.Fatalf("error %v, want %s", err, c.code)
			}
			got, err := s.AnalysisJob(ctx, job.ID)
			if err != nil || got.Status != casegraph.AnalysisFailed || got.Error == "" {
				t.Fatalf("job %+v (%v): want failed, with its reason", got, err)
			}
		})
	}
}

func TestAnalysisSaysWhenNeo4jHasNoGDS(t *testing.T) {
	s := testenv.Store(t)
	_, err := s.ProbeGDS(ctxT(t), "gds.notInAnyNeo4j")
	if casegraph.ErrorCode(err) != casegraph.EUNAVAILABLE || !strings.HasPrefix(casegraph.ErrorMessage(err), "this Neo4j has no Graph Data Science library: ") {
		t.Fatalf("error %v: want EUNAVAILABLE saying the library is missing", err)
	}
	if v, err := s.GDSVersion(ctxT(t)); err != nil || !strings.HasPrefix(v, "2.") {
		t.Fatalf("GDS version %q (%v): the test Neo4j (the launcher's) ships GDS 2.x", v, err)
	}
}

// The projection's links, paged by source entity, are the projection's:
// every link once, payments collapsed and derived, a hub's links beyond
// perNode counted as hidden.
func TestProjectionLinksPageThroughTheProjection(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	prefix, dataset := plantNetwork(t)
	proj := casegraph.Projection{Dataset: dataset, Weight: casegraph.WeightAmount}
	seen := map[string]casegraph.ProjectionLink{}
	nodes := map[string]bool{}
	after, pages := "", 0
	for {
		page, err := s.ProjectionLinks(ctx, proj, after, 5, 100)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if page.Sources > 5 || page.Hidden != 0 {
			t.Fatalf("page %d: %d sources, %d hidden; want at most 5 and none hidden", pages, page.Sources, page.Hidden)
		}
		for _, l := range page.Links {
			key := l.Source + ">" + l.Target + ">" + l.Type
			if _, dup := seen[key]; dup {
				t.Fatalf("link %s on two pages", key)
			}
			seen[key] = l
			nodes[l.Source], nodes[l.Target] = true, true
		}
		if !page.HasNextPage {
			break
		}
		after = page.EndCursor
	}
	if len(seen) != 8+2*15+4+1 || len(nodes) != 22 || pages < 5 {
		t.Fatalf("%d links between %d entities in %d pages; want 43 between 22 in 5 or more", len(seen), len(nodes), pages)
	}
	pay := seen[prefix+"a1>"+prefix+"a2>PAYMENT"]
	if !pay.Derived || pay.Payments != 2 || pay.Weight != 200 {
		t.Fatalf("a1's payments to a2: %+v; want one derived link of 2 payments weighing 200", pay)
	}
	if l := seen[prefix+"k>"+prefix+"a1>ASSOCIATE"]; l.Derived || l.Weight != 1 {
		t.Fatalf("k-a1: %+v; want a plain link weighing 1", l)
	}

	// the star's centre has 8 links: with perNode 3, five are hidden
	page, err := s.ProjectionLinks(ctx, proj, prefix+"b6", 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if page.EndCursor != prefix+"c" || len(page.Links) != 3 || page.Hidden != 5 || !page.HasNextPage {
		t.Fatalf("page after b6: %+v; want c with 3 links shown and 5 hidden, more to come", page)
	}
	if _, err := s.ProjectionLinks(ctx, proj, "", 0, 3); casegraph.ErrorCode(err) != casegraph.EINVALID {
		t.Fatalf("first 0: %v, want EINVALID", err)
	}
}

// A derived payment link cites the sources of every payment it stands for,
// however many: twelve payments from b1 to b2, each from its own document.
func TestProjectionLinksCiteEveryPayment(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	prefix, dataset := plantNetwork(t)
	testenv.Cypher(t, `MATCH (b1:Person {id: $p + 'b1'}), (b2:Person {id: $p + 'b2'})
UNWIND range(1, 12) AS i
CREATE (b1)-[:PAID {id: $p + 'bpaid' + i}]->(:Entity:Payment {id: $p + 'bpay' + i, schema: 'Payment', amount: 1.0,
  currency: 'EUR', sourceIds: [$p + 'doc' + i], jobIds: [$p + 'ingest']})-[:PAID_TO {id: $p + 'bto' + i}]->(b2)`,
		map[string]any{"p": prefix})
	page, err := s.ProjectionLinks(ctx, casegraph.Projection{Dataset: dataset}, prefix+"b0", 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range page.Links {
		if l.Target != prefix+"b2" || l.Type != "PAYMENT" {
			continue
		}
		if l.Payments != 12 || len(l.SourceIDs) != 12 {
			t.Fatalf("b1's payments to b2: %d payments citing %d documents %v; want 12 and 12", l.Payments, len(l.SourceIDs), l.SourceIDs)
		}
		return
	}
	t.Fatalf("no payment link from b1 to b2 on the page after b0: %+v", page)
}

// A job over thousands of entities keeps its values in many blocks; every
// entity's value is read back from its own, and the top and the
// communities count every value once.
func TestAnalysisValuesOfEveryEntityAtSize(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	prefix := testenv.Prefix(t)
	dataset := strings.TrimSuffix(prefix, "-")
	const leaves = 3000
	job := prefix + "ingest"
	testenv.Cypher(t, `CREATE (:Entity:IngestJob {id: $job, schema: 'IngestJob', dataset: $dataset})
CREATE (c:Entity:Person {id: $p + 'hub', schema: 'Person', name: 'hub', jobIds: [$job]})
WITH c
UNWIND range(1, $n) AS i
CREATE (c)-[:ASSOCIATE {id: $p + 'r' + i}]->(:Entity:Person {id: $p + 'leaf' + i, schema: 'Person', name: 'leaf', jobIds: [$job]})`,
		map[string]any{"job": job, "dataset": dataset, "p": prefix, "n": leaves})
	params, err := casegraph.AnalysisParams{Algorithm: casegraph.Degree, Projection: casegraph.Projection{Dataset: dataset}}.WithDefaults()
	if err != nil {
		t.Fatal(err)
	}
	run := func(id string, p casegraph.AnalysisParams) casegraph.AnalysisJob {
		j := casegraph.AnalysisJob{ID: id, Params: p, By: "test", StartedAt: time.Now()}
		if err := s.CreateAnalysisJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		if err := s.RunAnalysis(ctx, j); err != nil {
			t.Fatal(err)
		}
		got, err := s.AnalysisJob(ctx, id)
		if err != nil || got.Status != casegraph.AnalysisDone || got.Results != leaves+1 {
			t.Fatalf("job %s: %+v, %v; want done with %d results", id, got, err, leaves+1)
		}
		return got
	}
	deg := run(prefix+"degree", params)
	blocks := testenv.Cypher(t, `MATCH (b:MetricBlock {job: $job}) RETURN count(b) AS n, sum(size(b.entities)) AS values`,
		map[string]any{"job": deg.ID})
	if n := blocks[0]["n"].(int64); n < 4 || blocks[0]["values"].(int64) != leaves+1 {
		t.Fatalf("blocks of the degree job: %v; want several holding %d values", blocks[0], leaves+1)
	}
	ids := []string{prefix + "hub", prefix + "nobody"}
	for i := 1; i <= leaves; i++ {
		ids = append(ids, fmt.Sprintf("%sleaf%d", prefix, i))
	}
	ms, err := s.Metrics(ctx, ids, casegraph.Degree, deg.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]float64{}
	for _, m := range ms {
		if _, twice := seen[m.Entity]; twice || m.Score == nil || m.Job != deg.ID {
			t.Fatalf("metric %+v: read twice, without a score or of another job", m)
		}
		seen[m.Entity] = *m.Score
	}
	if len(seen) != leaves+1 || seen[prefix+"hub"] != leaves || seen[prefix+"leaf1777"] != 1 {
		t.Fatalf("%d entities with a degree (hub %v, leaf1777 %v); want %d, %d and 1", len(seen), seen[prefix+"hub"],
			seen[prefix+"leaf1777"], leaves+1, leaves)
	}
	top, err := s.TopEntities(ctx, deg.ID, 2)
	if err != nil || len(top) != 2 || top[0].Entity != prefix+"hub" || *top[1].Score != 1 {
		t.Fatalf("top 2: %+v, %v; want the hub then a leaf", top, err)
	}
	byEntity, err := s.EntitiesMetrics(ctx, []string{prefix + "leaf2999", prefix + "hub"}, 10)
	if err != nil || len(byEntity[prefix+"leaf2999"]) != 1 || *byEntity[prefix+"hub"][0].Score != leaves {
		t.Fatalf("metrics of a leaf and the hub: %+v, %v", byEntity, err)
	}

	params.Algorithm = casegraph.WCC
	wcc := run(prefix+"wcc", params)
	page, total, err := s.Communities(ctx, wcc, 0, 5, 3)
	if err != nil || total != 1 || len(page) != 1 || page[0].Size != leaves+1 || len(page[0].Members) != 3 {
		t.Fatalf("components of a star: %+v (of %d), %v; want one of %d with 3 members shown", page, total, err, leaves+1)
	}
}

// Jobs whose values an earlier version kept as one (:Metric) node each are
// marked failed with the reason when the schema is applied, and their
// values removed: none reads as done with no values.
func TestAnalysisJobsOfEarlierVersionsAreMarked(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	prefix := testenv.Prefix(t)
	testenv.Cypher(t, `CREATE (:AnalysisJob {id: $p + 'old', algorithm: 'DEGREE', status: 'done', startedAt: '2026-01-01T00:00:00Z'})
CREATE (:Metric {job: $p + 'old', entity: $p + 'x', score: 1.0})`, map[string]any{"p": prefix})
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := s.AnalysisJob(ctx, prefix+"old")
	if err != nil || got.Status != casegraph.AnalysisFailed || !strings.Contains(got.Error, "run the job again") {
		t.Fatalf("old job: %+v, %v; want failed, saying to run it again", got, err)
	}
	if left := testenv.Cypher(t, `MATCH (m:Metric {job: $p + 'old'}) RETURN count(m) AS n`, map[string]any{"p": prefix}); left[0]["n"].(int64) != 0 {
		t.Fatalf("%d old metrics left", left[0]["n"])
	}
	testenv.Cypher(t, `MATCH (j:AnalysisJob {id: $p + 'old'}) DELETE j`, map[string]any{"p": prefix})
}
