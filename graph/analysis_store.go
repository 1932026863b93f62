package graph

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph"
)

// How a job's results are kept. One (:Metric) node per entity cost more
// than the algorithm on quick ones (a node and two index entries each), so
// a job's values are kept in buckets instead: (:MetricBlock {job, bucket,
// entities, scores|communities}) holds the values of the entities whose id
// hashes to its bucket, in two parallel lists. A job has a power of two of
// buckets (recorded on it as `buckets`), about blockSize values each; an
// entity's value is found by computing its bucket from its id (the hash is
// computed here and passed in) and reading one block. Blocks are indexed by
// (job, bucket); a job's blocks are read by that index's prefix.
const (
	blockLabel  = "MetricBlock"
	blockSize   = 512
	maxBuckets  = 1 << 16
	blocksPerTx = 128
)

// metricHash is the bucket key of an entity id: FNV-1a, kept to 62 bits so
// that Cypher's integer % reads the same bucket as bucketOf.
func metricHash(id string) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return int64(h.Sum64() >> 2)
}

// bucketsFor is how many buckets a job with n results gets.
func bucketsFor(n int) int64 {
	b := int64(1)
	for b*blockSize < int64(n) && b < maxBuckets {
		b <<= 1
	}
	return b
}

func bucketOf(id string, buckets int64) int64 { return metricHash(id) % buckets }

// hashedIDs is the $ids parameter the readers take: each id with its hash.
func hashedIDs(ids []string) []map[string]any {
	out := make([]map[string]any, len(ids))
	for i, id := range ids {
		out[i] = map[string]any{"id": id, "h": metricHash(id)}
	}
	return out
}

// streamCypher runs an algorithm in stream mode and names each value's
// entity by its id. The values come back in chunks of GDS's node ids (one
// row each: rows one by one cost several times what the algorithm and the
// store together cost on quick algorithms).
func streamCypher(c gdsCall) string {
	return fmt.Sprintf(`CALL %s($graph, $config) YIELD nodeId, %s AS value
WITH nodeId / 8192 AS chunk, gds.util.asNode(nodeId).id AS entity, value
RETURN chunk, collect(entity) AS entities, collect(value) AS values`, c.proc, c.yield)
}

const storeBlocksCypher = `UNWIND $blocks AS b
CREATE (m:MetricBlock {job: $job, bucket: b.bucket, entities: b.entities})
SET m.scores = b.scores, m.communities = b.communities`

// computeAndStore runs the job's algorithm, reads its values (every
// projected node has one) and writes them in blocks; it returns how many
// values and buckets it stored.
func (s *Store) computeAndStore(ctx context.Context, jobID string, call gdsCall, community bool, params map[string]any) (results, buckets int64, err error) {
	type value struct {
		entity string
		score  float64
		comm   int64
	}
	var values []value
	rows := func(rec *neo4j.Record) error {
		m := rec.AsMap()
		ids, _ := m["entities"].([]any)
		vals, _ := m["values"].([]any)
		if len(ids) != len(vals) {
			return fmt.Errorf("GDS returned %d values for %d entities", len(vals), len(ids))
		}
		for i, x := range ids {
			id, ok := x.(string)
			if !ok {
				return fmt.Errorf("a projected node has no id")
			}
			v := value{entity: id}
			switch x := vals[i].(type) {
			case float64:
				v.score = x
			case int64:
				v.comm, v.score = x, float64(x)
			}
			values = append(values, v)
		}
		return nil
	}
	if err := s.streamRows(ctx, streamCypher(call), params, rows); err != nil {
		return 0, 0, err
	}
	buckets = bucketsFor(len(values))
	entities := make([][]string, buckets)
	scores := make([][]float64, buckets)
	comms := make([][]int64, buckets)
	for _, v := range values {
		b := bucketOf(v.entity, buckets)
		entities[b] = append(entities[b], v.entity)
		if community {
			comms[b] = append(comms[b], v.comm)
		} else {
			scores[b] = append(scores[b], v.score)
		}
	}
	var batch []map[string]any
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
			_, err := tx.Run(ctx, storeBlocksCypher, map[string]any{"job": jobID, "blocks": batch})
			return true, err
		})
		batch = batch[:0]
		return err
	}
	for b := int64(0); b < buckets; b++ {
		if len(entities[b]) == 0 {
			continue
		}
		block := map[string]any{"bucket": b, "entities": entities[b], "scores": nil, "communities": nil}
		if community {
			block["communities"] = comms[b]
		} else {
			block["scores"] = scores[b]
		}
		if batch = append(batch, block); len(batch) == blocksPerTx {
			if err := flush(); err != nil {
				return 0, 0, err
			}
		}
	}
	if err := flush(); err != nil {
		return 0, 0, err
	}
	return int64(len(values)), buckets, nil
}

// streamRows runs one statement in an implicit transaction (GDS's
// procedures want one), bounded by analysisTimeout, and hands each row to
// each as it arrives.
func (s *Store) streamRows(ctx context.Context, cypher string, params map[string]any, each func(*neo4j.Record) error) error {
	if err := s.Unavailable(); err != nil {
		return err
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, cypher, params, neo4j.WithTxTimeout(analysisTimeout))
	if err != nil {
		return s.classify(err)
	}
	for res.Next(ctx) {
		if err := each(res.Record()); err != nil {
			return err
		}
	}
	return s.classify(res.Err())
}

// The readers. A block's entry of an entity is found by the id's position
// in the block's entities.

// metricsCypher reads the metrics of some entities from one job, or from
// the newest finished job of the algorithm when $job is null.
const metricsCypher = `CALL {
  MATCH (j:AnalysisJob {algorithm: $algorithm, status: 'done'})
  WHERE ($job IS NULL OR j.id = $job) AND j.buckets IS NOT NULL
  RETURN j ORDER BY j.startedAt DESC LIMIT 1
}
UNWIND $ids AS e
MATCH (b:MetricBlock {job: j.id, bucket: e.h % j.buckets})
WITH j, e, b, [i IN range(0, size(b.entities) - 1) WHERE b.entities[i] = e.id] AS at
WHERE size(at) > 0
RETURN e.id AS entity, j.id AS job, j.algorithm AS algorithm, b.scores[at[0]] AS score, b.communities[at[0]] AS community`

// entitiesMetricsCypher reads the metrics of some entities from finished
// jobs, newest first, at most $limit an entity.
const entitiesMetricsCypher = `CALL {
  MATCH (j:AnalysisJob {status: 'done'}) WHERE j.buckets IS NOT NULL
  RETURN j ORDER BY j.startedAt DESC
}
WITH collect(j) AS jobs
UNWIND $ids AS e
CALL {
  WITH e, jobs
  UNWIND range(0, size(jobs) - 1) AS k
  WITH e, k, jobs[k] AS j
  MATCH (b:MetricBlock {job: j.id, bucket: e.h % j.buckets})
  WITH k, j, b, [i IN range(0, size(b.entities) - 1) WHERE b.entities[i] = e.id] AS at
  WHERE size(at) > 0
  RETURN k, j, b.scores[at[0]] AS score, b.communities[at[0]] AS community ORDER BY k LIMIT $limit
}
RETURN e.id AS entity, j.id AS job, j.algorithm AS algorithm, score, community ORDER BY entity, k`

// topCypher reads the highest scores of one job.
const topCypher = `MATCH (j:AnalysisJob {id: $job})
MATCH (b:MetricBlock {job: $job}) WHERE b.bucket IS NOT NULL AND b.scores IS NOT NULL
UNWIND range(0, size(b.entities) - 1) AS i
WITH j, b.entities[i] AS entity, b.scores[i] AS score
RETURN entity, j.id AS job, j.algorithm AS algorithm, score, null AS community
ORDER BY score DESC, entity LIMIT $limit`

// Metrics reads the metrics of ids from job, or from the newest finished
// job of algorithm when job is "".
func (s *Store) Metrics(ctx context.Context, ids []string, algorithm casegraph.Algorithm, job string) ([]casegraph.Metric, error) {
	return s.readMetrics(ctx, metricsCypher, map[string]any{"ids": hashedIDs(ids), "algorithm": string(algorithm), "job": emptyToNil(job)})
}

// EntityMetrics reads every computed value of one entity, newest first.
func (s *Store) EntityMetrics(ctx context.Context, id string, limit int) ([]casegraph.Metric, error) {
	return s.readMetrics(ctx, entitiesMetricsCypher, map[string]any{"ids": hashedIDs([]string{id}), "limit": int64(limit)})
}

// EntitiesMetrics reads the computed values of many entities in one query,
// newest first and at most limit an entity, by entity id.
func (s *Store) EntitiesMetrics(ctx context.Context, ids []string, limit int) (map[string][]casegraph.Metric, error) {
	ms, err := s.readMetrics(ctx, entitiesMetricsCypher, map[string]any{"ids": hashedIDs(ids), "limit": int64(limit)})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]casegraph.Metric, len(ids))
	for _, m := range ms {
		out[m.Entity] = append(out[m.Entity], m)
	}
	return out, nil
}

// TopEntities reads the limit highest scores of job.
func (s *Store) TopEntities(ctx context.Context, job string, limit int) ([]casegraph.Metric, error) {
	return s.readMetrics(ctx, topCypher, map[string]any{"job": job, "limit": int64(limit)})
}

func (s *Store) readMetrics(ctx context.Context, cypher string, params map[string]any) ([]casegraph.Metric, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Metric, error) {
		return collect(ctx, tx, cypher, params, func(rec *neo4j.Record) (casegraph.Metric, error) {
			r := rec.AsMap()
			m := casegraph.Metric{}
			m.Entity, _ = r["entity"].(string)
			m.Job, _ = r["job"].(string)
			alg, _ := r["algorithm"].(string)
			m.Algorithm = casegraph.Algorithm(alg)
			if v, ok := r["score"].(float64); ok {
				m.Score = &v
			}
			if v, ok := r["community"].(int64); ok {
				m.Community = &v
			}
			return m, nil
		})
	})
}
