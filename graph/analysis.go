package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/casegraph/casegraph"
)

// Network analysis with Neo4j Graph Data Science: a job projects part of
// the graph into GDS's memory (a Cypher projection, payments collapsed to
// payer→beneficiary links), reads one algorithm's results and keeps them in
// (:MetricBlock) nodes of its job (analysis_store.go), and drops the
// projection. Metrics are not entities and never properties of one: each
// names its job, whose (:AnalysisJob) node keeps the algorithm, its
// parameters, the projection and the times.

// analysisTimeout bounds one job's statements: a job is an analyst's
// deliberate run, so it may take far longer than a query.
const analysisTimeout = 2 * time.Hour

// analysisSchema is what the analysis reads by; every statement is
// idempotent and runs with the schema (Migrate). Blocks are indexed by job and
// bucket (one entity's value, and by the prefix all of a job's).
var analysisSchema = []string{
	`CREATE CONSTRAINT analysisjob_id IF NOT EXISTS FOR (j:AnalysisJob) REQUIRE j.id IS UNIQUE`,
	`CREATE INDEX analysisjob_started IF NOT EXISTS FOR (j:AnalysisJob) ON (j.startedAt)`,
	`CREATE INDEX metricblock_job_bucket IF NOT EXISTS FOR (b:MetricBlock) ON (b.job, b.bucket)`,
	// versions before blocks kept one (:Metric) node per value: their jobs
	// are marked failed with the reason, so none reads as done with no values
	`MATCH (j:AnalysisJob) WHERE j.status = 'done' AND j.buckets IS NULL
SET j.status = 'failed', j.error = 'its values were stored by an earlier casegraph and were removed: run the job again'`,
	`MATCH (m:Metric) CALL { WITH m DELETE m } IN TRANSACTIONS OF 10000 ROWS`,
	`DROP INDEX metric_entity IF EXISTS`,
	`DROP INDEX metric_job_entity IF EXISTS`,
	`DROP INDEX metric_job_community IF EXISTS`,
	`DROP INDEX metric_job_score IF EXISTS`,
}

// NoGDS is the message of the error every graph-level job gets from a Neo4j
// without the Graph Data Science library.
const NoGDS = "this Neo4j has no Graph Data Science library: graph-level analysis needs it " +
	"(the local Neo4j that `make launcher` builds ships it; on the official image set " +
	`NEO4J_PLUGINS='["graph-data-science"]' and dbms.security.procedures.unrestricted=gds.*); ` +
	"the explorer's view-level metrics work without it"

const gdsProbeCypher = `SHOW FUNCTIONS YIELD name WHERE name = $fn RETURN count(*) AS n`

// GDSVersion is the version of the Graph Data Science library in this
// Neo4j, or an EUNAVAILABLE error saying it has none.
func (s *Store) GDSVersion(ctx context.Context) (string, error) {
	return s.gdsVersion(ctx, "gds.version")
}

// gdsVersion probes for the function fn (gds.version; tests name one no
// Neo4j has to see the answer of a Neo4j without GDS).
func (s *Store) gdsVersion(ctx context.Context, fn string) (string, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
		n, err := single[int64](ctx, tx, gdsProbeCypher, map[string]any{"fn": fn}, "n")
		if err != nil {
			return "", err
		}
		if n == 0 {
			return "", casegraph.Errorf(casegraph.EUNAVAILABLE, "%s", NoGDS)
		}
		return single[string](ctx, tx, `RETURN gds.version() AS v`, nil, "v")
	})
}

// projectionCypher projects the entities of the chosen schemata (and
// dataset) and the links between them into GDS, undirected: the chosen
// link types dated in the window, and payments as one link from payer to
// beneficiary weighing what the projection says. Labels and types are
// rendered from the allow-lists only.
var projectionCypher = template.Must(template.New("projection").Parse(`CALL {
{{- if .Links}}
  MATCH (s:Entity)-[r:{{.Links}}]->(t:Entity)
  WHERE {{.Node "s"}} AND {{.Node "t"}}{{with .RelWindow}} AND {{.}}{{end}}
  RETURN s, t, 1.0 AS weight
{{- end}}
{{- if and .Links .Payments}}
  UNION ALL
{{- end}}
{{- if .Payments}}
  MATCH (s:Entity)-[:PAID]->(p:Payment)-[:PAID_TO]->(t:Entity)
  WHERE s <> t AND {{.Node "s"}} AND {{.Node "t"}}{{with .PayWindow}} AND {{.}}{{end}}
  WITH s, t, count(p) AS payments, sum(coalesce(p.amount, 0.0)) AS amount
  RETURN s, t, {{.PaymentWeight}} AS weight
{{- end}}
}
WITH gds.graph.project($graph, s, t, {relationshipProperties: {weight: weight}},
  {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS links`))

type projectionParts struct {
	p casegraph.Projection
}

func (pp projectionParts) Links() string {
	var types []string
	for _, t := range pp.p.Relationships {
		if t != casegraph.Paid {
			types = append(types, string(t))
		}
	}
	return strings.Join(types, "|")
}

func (pp projectionParts) Payments() bool { return pp.p.Payments() }

// Node is the predicate "node v is of the chosen schemata (and dataset)".
func (pp projectionParts) Node(v string) string {
	labels := make([]string, len(pp.p.Schemata))
	for i, sc := range pp.p.Schemata {
		labels[i] = v + ":" + string(sc)
	}
	pred := "(" + strings.Join(labels, " OR ") + ")"
	if pp.p.Dataset != "" {
		pred += fmt.Sprintf(" AND any(j IN %s.jobIds WHERE j IN $jobs)", v)
	}
	return pred
}

func (pp projectionParts) RelWindow() string { return windowRel(pp.p.Window, "r") }
func (pp projectionParts) PayWindow() string { return windowDate(pp.p.Window, "p.date", undatedOut) }

func (pp projectionParts) PaymentWeight() string {
	switch pp.p.Weight {
	case casegraph.WeightAmount:
		return "toFloat(amount)"
	case casegraph.WeightCount:
		return "toFloat(payments)"
	}
	return "1.0"
}

// renderProjection is the projection statement for p (already checked by
// WithDefaults).
func renderProjection(p casegraph.Projection) (string, error) {
	var b strings.Builder
	if err := projectionCypher.Execute(&b, projectionParts{p}); err != nil {
		return "", err
	}
	return b.String(), nil
}

// gdsCall is how one algorithm is called in stream mode: its procedure and
// what its rows name the node's value.
type gdsCall struct {
	proc  string // a constant: never from input
	yield string // score or community column
}

var gdsCalls = map[casegraph.Algorithm]gdsCall{
	casegraph.PageRank:    {"gds.pageRank.stream", "score"},
	casegraph.Degree:      {"gds.degree.stream", "score"},
	casegraph.Betweenness: {"gds.betweenness.stream", "score"},
	casegraph.WCC:         {"gds.wcc.stream", "componentId"},
	casegraph.Louvain:     {"gds.louvain.stream", "communityId"},
}

// algorithmConfig is the configuration GDS gets for a job on a projection
// of nodes nodes.
func algorithmConfig(p casegraph.AnalysisParams, nodes int64) (cfg map[string]any, sampled bool) {
	cfg = map[string]any{}
	weighted := p.Projection.Weight != casegraph.WeightNone
	switch p.Algorithm {
	case casegraph.PageRank:
		cfg["maxIterations"] = int64(p.MaxIterations)
		cfg["dampingFactor"] = 0.85
	case casegraph.Louvain:
		cfg["maxIterations"] = int64(p.MaxIterations)
	case casegraph.WCC:
		weighted = false // components do not depend on weights
	case casegraph.Betweenness:
		weighted = false // GDS would read weights as distances: money is not one
		size := int64(p.SamplingSize)
		if size == 0 {
			size = casegraph.DefaultSamplingSize
		}
		if nodes > size {
			cfg["samplingSize"] = size
			cfg["samplingSeed"] = int64(42)
			sampled = true
		}
	}
	if weighted {
		cfg["relationshipWeightProperty"] = "weight"
	}
	return cfg, sampled
}

const createJobCypher = `CREATE (j:AnalysisJob {id: $id, algorithm: $algorithm, params: $params, by: $by,
  status: $status, stage: 'queued', progress: 0.0, startedAt: $startedAt, heartbeatAt: $startedAt})`

const updateJobCypher = `MATCH (j:AnalysisJob {id: $id}) SET j += $set`

// CreateAnalysisJob records a queued job. Its id must be new. What jobs
// read by (analysisSchema) is applied with the rest of the schema (Migrate).
func (s *Store) CreateAnalysisJob(ctx context.Context, job casegraph.AnalysisJob) error {
	params, err := json.Marshal(job.Params)
	if err != nil {
		return err
	}
	_, err = write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		_, err := tx.Run(ctx, createJobCypher, map[string]any{"id": job.ID, "algorithm": string(job.Params.Algorithm),
			"params": string(params), "by": job.By, "status": casegraph.AnalysisQueued,
			"startedAt": job.StartedAt.UTC().Format(time.RFC3339Nano)})
		return true, err
	})
	return err
}

// applyAnalysisSchema runs analysisSchema, each statement on its own (the
// removal of earlier versions' metrics commits in batches).
func (s *Store) applyAnalysisSchema(ctx context.Context) error {
	for _, stmt := range analysisSchema {
		if _, err := s.autoCommit(ctx, stmt, nil); err != nil && !alreadyThere(err) {
			return err
		}
	}
	return nil
}

func (s *Store) updateJob(ctx context.Context, id string, set map[string]any) error {
	_, err := write(context.WithoutCancel(ctx), s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		_, err := tx.Run(ctx, updateJobCypher, map[string]any{"id": id, "set": set})
		return true, err
	})
	return err
}

// RunAnalysis runs a job CreateAnalysisJob recorded: it projects, computes
// and stores, recording each stage on the job, and always drops its
// projection. The job ends done or failed (with the error's message).
// While it runs, the job's heartbeat is renewed (and, while GDS computes,
// its progress read from gds.listProgress), so that a job whose process
// died is seen as interrupted (InterruptAnalysisJobs).
func (s *Store) RunAnalysis(ctx context.Context, job casegraph.AnalysisJob) error {
	beat, stop := context.WithCancel(ctx)
	beating := make(chan struct{})
	go func() {
		defer close(beating)
		s.heartbeat(beat, job.ID)
	}()
	set := map[string]any{}
	err := s.runAnalysis(ctx, job, set)
	stop()
	<-beating
	set["finishedAt"] = time.Now().UTC().Format(time.RFC3339Nano)
	if err != nil {
		set["status"], set["error"] = casegraph.AnalysisFailed, casegraph.ErrorMessage(err)
	} else {
		set["status"], set["stage"], set["progress"] = casegraph.AnalysisDone, "done", 1.0
	}
	if uerr := s.updateJob(ctx, job.ID, set); uerr != nil && err == nil {
		err = uerr
	}
	return err
}

// A running job's heartbeat is renewed every heartbeatEvery; a job whose
// heartbeat is older than heartbeatStale is no longer run by anyone.
const (
	heartbeatEvery = 5 * time.Second
	heartbeatStale = 60 * time.Second
)

// progressCypher reads how far GDS is with the job's algorithm: its root
// task's progress, as GDS writes it ("42.5%", or "n/a" before it knows).
const progressCypher = `CALL gds.listProgress($jobId) YIELD taskName, progress
RETURN progress LIMIT 1`

// heartbeatCypher renews a running job's heartbeat and, when GDS says how
// far it is ($progress not null), its progress during the computing stage.
const heartbeatCypher = `MATCH (j:AnalysisJob {id: $id}) WHERE j.status IN ['queued', 'running']
SET j.heartbeatAt = $now
WITH j WHERE $progress IS NOT NULL AND j.stage = 'computing'
SET j.progress = $progress`

// heartbeat keeps the job's heartbeat fresh until ctx ends.
func (s *Store) heartbeat(ctx context.Context, id string) {
	tick := time.NewTicker(heartbeatEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		var progress any
		if f, ok := s.gdsProgress(ctx, id); ok {
			progress = computeFrom + f*(computeTo-computeFrom)
		}
		_, _ = write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
			_, err := tx.Run(ctx, heartbeatCypher, map[string]any{"id": id,
				"now": time.Now().UTC().Format(time.RFC3339Nano), "progress": progress})
			return true, err
		})
	}
}

// The share of a job's progress the computing stage spans.
const computeFrom, computeTo = 0.3, 0.95

// gdsProgress is how far GDS is with the job's algorithm (0..1), if it says.
func (s *Store) gdsProgress(ctx context.Context, id string) (float64, bool) {
	p, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
		res, err := tx.Run(ctx, progressCypher, map[string]any{"jobId": id})
		if err != nil {
			return "", err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return "", err
		}
		v, _ := rec.Get("progress")
		str, _ := v.(string)
		return str, nil
	})
	if err != nil {
		return 0, false
	}
	return parseGDSProgress(p)
}

// parseGDSProgress reads GDS's "42.5%" as 0.425; "n/a" and the like say
// nothing.
func parseGDSProgress(p string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(p), "%"), 64)
	if err != nil || !strings.HasSuffix(strings.TrimSpace(p), "%") || f < 0 || f > 100 {
		return 0, false
	}
	return f / 100, true
}

// interruptCypher fails every job that should be running but whose
// heartbeat stopped: the process that ran it is gone.
const interruptCypher = `MATCH (j:AnalysisJob) WHERE j.status IN ['queued', 'running']
  AND coalesce(j.heartbeatAt, j.startedAt) < $stale
SET j.status = 'failed', j.error = $error, j.finishedAt = $now
RETURN count(j) AS n`

// InterruptAnalysisJobs marks failed, with casegraph.AnalysisInterrupted,
// every queued or running job whose heartbeat is older than heartbeatStale
// (its server stopped or died), and says how many it marked. Jobs a live
// server runs keep their heartbeat fresh and are left alone, so every
// server sharing the database may call it, at start and when listing.
func (s *Store) InterruptAnalysisJobs(ctx context.Context) (int64, error) {
	return s.interruptJobs(ctx, time.Now().Add(-heartbeatStale))
}

func (s *Store) interruptJobs(ctx context.Context, stale time.Time) (int64, error) {
	return write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
		return single[int64](ctx, tx, interruptCypher, map[string]any{
			"stale": stale.UTC().Format(time.RFC3339Nano), "error": casegraph.AnalysisInterrupted,
			"now": time.Now().UTC().Format(time.RFC3339Nano)}, "n")
	})
}

// runAnalysis does the job's work; what it leaves in done is recorded
// with the job's end, in the same write.
func (s *Store) runAnalysis(ctx context.Context, job casegraph.AnalysisJob, done map[string]any) error {
	p, err := job.Params.WithDefaults()
	if err != nil {
		return err
	}
	params := map[string]any{"graph": "casegraph-" + job.ID, "jobs": nil}
	if p.Projection.Dataset != "" {
		if params["jobs"], err = s.datasetJobs(ctx, p.Projection.Dataset); err != nil {
			return err
		}
	}
	windowParams(params, p.Projection.Window)
	cypher, err := renderProjection(p.Projection)
	if err != nil {
		return err
	}
	if err := s.updateJob(ctx, job.ID, map[string]any{"status": casegraph.AnalysisRunning, "stage": "projecting", "progress": 0.05}); err != nil {
		return err
	}
	defer s.autoCommit(context.WithoutCancel(ctx), `CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName`,
		map[string]any{"graph": params["graph"]})
	projecting := time.Now()
	rows, err := s.autoCommit(ctx, cypher, params)
	if err != nil {
		// a Neo4j without GDS is told apart here, not probed before every job
		if _, gdsErr := s.GDSVersion(ctx); gdsErr != nil {
			return gdsErr
		}
		return err
	}
	projected := time.Since(projecting)
	nodes, links := int64(0), int64(0)
	if len(rows) == 1 {
		nodes, _ = rows[0].AsMap()["nodes"].(int64)
		links, _ = rows[0].AsMap()["links"].(int64)
	}
	if nodes == 0 {
		return casegraph.Errorf(casegraph.EINVALID, "the projection is empty: no links of the chosen types between entities of the chosen schemata")
	}
	cfg, sampled := algorithmConfig(p, nodes)
	cfgJSON, _ := json.Marshal(cfg)
	if err := s.updateJob(ctx, job.ID, map[string]any{"stage": "computing", "progress": computeFrom, "nodes": nodes, "links": links,
		"parameters": string(cfgJSON), "sampled": sampled, "projectionMs": projected.Milliseconds()}); err != nil {
		return err
	}
	// GDS's jobId names the run in gds.listProgress; it is no parameter
	// of the algorithm, so the job's parameters leave it out
	cfg["jobId"] = job.ID
	computing := time.Now()
	results, buckets, err := s.computeAndStore(ctx, job.ID, gdsCalls[p.Algorithm], p.Algorithm.Communities(),
		map[string]any{"graph": params["graph"], "config": cfg})
	if err != nil {
		return err
	}
	done["results"], done["buckets"], done["computeMs"] = results, buckets, time.Since(computing).Milliseconds()
	return nil
}

// autoCommit runs one statement in an implicit transaction (GDS's
// projection and CALL … IN TRANSACTIONS want one), bounded by
// analysisTimeout, and returns its rows.
func (s *Store) autoCommit(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	if err := s.Unavailable(); err != nil {
		return nil, err
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, cypher, params, neo4j.WithTxTimeout(analysisTimeout))
	if err != nil {
		return nil, s.classify(err)
	}
	rows, err := res.Collect(ctx)
	return rows, s.classify(err)
}

const analysisJobCypher = `MATCH (j:AnalysisJob {id: $id}) RETURN j`

const analysisJobsCypher = `MATCH (j:AnalysisJob) RETURN j ORDER BY j.startedAt DESC, j.id SKIP $skip LIMIT $limit`

// AnalysisJob reads one job; ENOTFOUND when there is none.
func (s *Store) AnalysisJob(ctx context.Context, id string) (casegraph.AnalysisJob, error) {
	jobs, err := s.readJobs(ctx, analysisJobCypher, map[string]any{"id": id})
	if err != nil {
		return casegraph.AnalysisJob{}, err
	}
	if len(jobs) == 0 {
		return casegraph.AnalysisJob{}, casegraph.Errorf(casegraph.ENOTFOUND, "no analysis job %q", id)
	}
	if st := jobs[0].Status; st == casegraph.AnalysisQueued || st == casegraph.AnalysisRunning {
		// one that stopped beating is marked interrupted before anyone waits on it
		if n, err := s.InterruptAnalysisJobs(ctx); err != nil || n == 0 {
			return jobs[0], err
		}
		return s.AnalysisJob(ctx, id)
	}
	return jobs[0], nil
}

// AnalysisJobs lists jobs, newest first, after marking those whose server
// stopped as interrupted.
func (s *Store) AnalysisJobs(ctx context.Context, skip, limit int) ([]casegraph.AnalysisJob, error) {
	if _, err := s.InterruptAnalysisJobs(ctx); err != nil {
		return nil, err
	}
	return s.readJobs(ctx, analysisJobsCypher, map[string]any{"skip": int64(skip), "limit": int64(limit)})
}

func (s *Store) readJobs(ctx context.Context, cypher string, params map[string]any) ([]casegraph.AnalysisJob, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.AnalysisJob, error) {
		return collect(ctx, tx, cypher, params, func(rec *neo4j.Record) (casegraph.AnalysisJob, error) {
			n, _, err := neo4j.GetRecordValue[dbtype.Node](rec, "j")
			if err != nil {
				return casegraph.AnalysisJob{}, err
			}
			return jobFromNode(n), nil
		})
	})
}

func jobFromNode(n dbtype.Node) casegraph.AnalysisJob {
	str := func(k string) string { v, _ := n.Props[k].(string); return v }
	num := func(k string) int64 { v, _ := n.Props[k].(int64); return v }
	when := func(k string) time.Time { t, _ := time.Parse(time.RFC3339Nano, str(k)); return t }
	j := casegraph.AnalysisJob{ID: str("id"), By: str("by"), Status: str("status"), Stage: str("stage"),
		Error: str("error"), Parameters: str("parameters"), StartedAt: when("startedAt"), FinishedAt: when("finishedAt"),
		Nodes: num("nodes"), Links: num("links"), Results: num("results"),
		ProjectionTime: time.Duration(num("projectionMs")) * time.Millisecond,
		ComputeTime:    time.Duration(num("computeMs")) * time.Millisecond}
	j.Progress, _ = n.Props["progress"].(float64)
	j.Sampled, _ = n.Props["sampled"].(bool)
	_ = json.Unmarshal([]byte(str("params")), &j.Params)
	if j.Params.Algorithm == "" {
		j.Params.Algorithm = casegraph.Algorithm(str("algorithm"))
	}
	return j
}

// communitiesCypher pages a job's communities, largest first, with their
// first members and the payments between members (in the job's window).
// It reads the job's blocks twice (sizes, then the page's members).
var communitiesCypher = template.Must(template.New("communities").Parse(`MATCH (b:MetricBlock {job: $job})
WHERE b.bucket IS NOT NULL AND b.communities IS NOT NULL
UNWIND b.communities AS community
WITH community, count(*) AS size
ORDER BY size DESC, community SKIP $skip LIMIT $limit
WITH collect({community: community, size: size}) AS page
MATCH (b:MetricBlock {job: $job})
WHERE b.bucket IS NOT NULL AND b.communities IS NOT NULL
UNWIND range(0, size(b.entities) - 1) AS i
WITH page, b.communities[i] AS community, b.entities[i] AS id
WHERE community IN [c IN page | c.community]
WITH page, community, id ORDER BY id
WITH page, community, collect(id) AS ids
WITH community, [c IN page WHERE c.community = community][0].size AS size, ids
CALL {
  WITH ids
  UNWIND ids AS id
  MATCH (:Entity {id: id})-[:PAID]->(p:Payment)-[:PAID_TO]->(t:Entity)
  WHERE t.id IN ids{{with .}} AND {{.}}{{end}}
  WITH coalesce(p.currency, '') AS currency, sum(coalesce(p.amount, 0.0)) AS amount, count(p) AS payments
  RETURN collect([currency, amount]) AS money, sum(payments) AS payments
}
RETURN community, size, ids[..$members] AS members, money, payments
ORDER BY size DESC, community`))

const communityCountCypher = `MATCH (b:MetricBlock {job: $job})
WHERE b.bucket IS NOT NULL AND b.communities IS NOT NULL
UNWIND b.communities AS community
RETURN count(DISTINCT community) AS n`

// Communities pages the communities job found, largest first, with up to
// members members each and their internal money; total counts them all.
func (s *Store) Communities(ctx context.Context, job casegraph.AnalysisJob, skip, limit, members int) (page []casegraph.Community, total int64, err error) {
	p, err := job.Params.Projection.WithDefaults()
	if err != nil {
		return nil, 0, err
	}
	var b strings.Builder
	if err := communitiesCypher.Execute(&b, windowDate(p.Window, "p.date", undatedOut)); err != nil {
		return nil, 0, err
	}
	params := windowParams(map[string]any{"job": job.ID, "skip": int64(skip), "limit": int64(limit), "members": int64(members)}, p.Window)
	type result struct {
		page  []casegraph.Community
		total int64
	}
	r, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (result, error) {
		total, err := single[int64](ctx, tx, communityCountCypher, map[string]any{"job": job.ID}, "n")
		if err != nil {
			return result{}, err
		}
		page, err := collect(ctx, tx, b.String(), params, func(rec *neo4j.Record) (casegraph.Community, error) {
			m := rec.AsMap()
			c := casegraph.Community{InternalMoney: map[string]float64{}}
			c.ID, _ = m["community"].(int64)
			c.Size, _ = m["size"].(int64)
			c.Payments, _ = m["payments"].(int64)
			for _, id := range m["members"].([]any) {
				c.Members = append(c.Members, id.(string))
			}
			for _, pair := range m["money"].([]any) {
				cur, _ := pair.([]any)[0].(string)
				c.InternalMoney[cur] += moneyAmount(pair.([]any)[1])
			}
			return c, nil
		})
		return result{page, total}, err
	})
	return r.page, r.total, err
}

// ProjectionStatement is the projection statement a job on p runs (p
// checked by WithDefaults), for benchmarks that issue it directly; its
// parameters are $graph, $jobs (the dataset's ingest job ids, or null),
// $since and $until.
func ProjectionStatement(p casegraph.Projection) (string, error) { return renderProjection(p) }

// GDSWriteProcedure is the write-mode procedure of the algorithm a job of
// a streams, for benchmarks that compare with GDS persisting its own
// results.
func GDSWriteProcedure(a casegraph.Algorithm) string {
	return strings.TrimSuffix(gdsCalls[a].proc, ".stream") + ".write"
}

// GDSProcedure is the stream procedure a job of algorithm a calls, and the
// column its rows name the value.
func GDSProcedure(a casegraph.Algorithm) (proc, column string) {
	c := gdsCalls[a]
	return c.proc, c.yield
}
