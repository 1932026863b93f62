package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/xref"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Cross-referencing reads the records of the matchable schemata with what
// identifies them, and keeps the analysts' judgements. A judgement is a
// :Judgement node (not an :Entity: it is no fact from a source), appended
// for every verdict so the history stays; the newest of a pair counts. They
// name records by id only, so re-ingesting either dataset leaves them be.

// MatchableSchemata are the schemata cross-referencing compares.
var MatchableSchemata = []casegraph.Schema{casegraph.Person, casegraph.Company,
	casegraph.Organization, casegraph.PublicBody, casegraph.BankAccount}

// identifyingLinks are the links whose other end helps say who an entity is:
// the accounts it holds and their banks, the companies it directs or owns,
// its directors and owners, its employers, groups and family.
const identifyingLinks = "HOLDS_ACCOUNT|ACCOUNT_AT|DIRECTORSHIP|OWNERSHIP|EMPLOYMENT|MEMBERSHIP|FAMILY|ASSOCIATE"

// maxNeighbourKeys bounds the neighbours read per record: a hub's ten
// thousand accounts say no more about who it is than its first fifty.
const maxNeighbourKeys = 50

var xrefRecordsCypher = `MATCH (e:Entity) WHERE e.schema IN $schemata
  AND ($jobs IS NULL OR any(j IN e.jobIds WHERE j IN $jobs))
RETURN e, COLLECT {
  MATCH (e)-[:` + identifyingLinks + `]-(n:Entity)
  RETURN [n.schema, n.id, coalesce(n.name, ''), coalesce(n.iban, ''), coalesce(n.accountNumber, '')] AS k
  ORDER BY n.id LIMIT ` + fmt.Sprint(maxNeighbourKeys) + `
} AS neighbours`

const datasetJobsCypher = `MATCH (j:IngestJob) WHERE j.dataset IS NOT NULL RETURN j.id AS id, j.dataset AS dataset`

// XrefStamp changes whenever what cross-referencing reads may have changed:
// an ingest ran (jobs are written at the start and end of every load) or
// entities were added. Callers cache prepared records under it.
func (s *Store) XrefStamp(ctx context.Context) (string, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
		rows, err := collect(ctx, tx, `MATCH (j:IngestJob)
WITH count(j) AS jobs, max(coalesce(j.finishedAt, j.startedAt, '')) AS last
MATCH (e:Entity) RETURN jobs, last, count(e) AS entities`, nil,
			func(rec *neo4j.Record) (string, error) {
				return fmt.Sprint(rec.Values...), nil
			})
		if err != nil || len(rows) == 0 {
			return "", err
		}
		return rows[0], nil
	})
}

// Datasets lists the datasets loaded, by name.
func (s *Store) Datasets(ctx context.Context) ([]string, error) {
	byJob, err := s.jobDatasets(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	out := []string{}
	for _, d := range byJob {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out, nil
}

func (s *Store) jobDatasets(ctx context.Context) (map[string]string, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]string, error) {
		rows, err := collect(ctx, tx, datasetJobsCypher, nil, func(rec *neo4j.Record) ([2]string, error) {
			id, _, err := neo4j.GetRecordValue[string](rec, "id")
			if err != nil {
				return [2]string{}, err
			}
			d, _, err := neo4j.GetRecordValue[string](rec, "dataset")
			return [2]string{id, d}, err
		})
		if err != nil {
			return nil, err
		}
		out := make(map[string]string, len(rows))
		for _, r := range rows {
			out[r[0]] = r[1]
		}
		return out, nil
	})
}

// XrefRecords reads every record of the given schemata (all matchable ones
// if none), or only those a dataset's ingest jobs wrote, with their
// identifying neighbours. A record's Dataset is that of its first job.
func (s *Store) XrefRecords(ctx context.Context, schemata []casegraph.Schema, dataset string) ([]xref.Record, error) {
	if len(schemata) == 0 {
		schemata = MatchableSchemata
	}
	names := make([]string, 0, len(schemata))
	for _, sc := range schemata {
		if _, ok := xref.FamilyOf(sc); !ok {
			return nil, casegraph.Errorf(casegraph.EINVALID, "%s records are not cross-referenced; choose among Person, Company, Organization, PublicBody, BankAccount", sc)
		}
		names = append(names, string(sc))
	}
	byJob, err := s.jobDatasets(ctx)
	if err != nil {
		return nil, err
	}
	var jobs any
	if dataset != "" {
		list := []string{}
		for id, d := range byJob {
			if d == dataset {
				list = append(list, id)
			}
		}
		if len(list) == 0 {
			return nil, casegraph.Errorf(casegraph.ENOTFOUND, "no dataset %q has been loaded", dataset)
		}
		jobs = list
	}
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]xref.Record, error) {
		return collect(ctx, tx, xrefRecordsCypher, map[string]any{"schemata": names, "jobs": jobs},
			func(rec *neo4j.Record) (xref.Record, error) {
				node, _, err := neo4j.GetRecordValue[dbtype.Node](rec, "e")
				if err != nil {
					return xref.Record{}, err
				}
				e := entityFromNode(node)
				raw, _ := rec.Get("neighbours")
				list, _ := raw.([]any)
				return xref.FromEntity(e, datasetOf(e, byJob), neighbourKeys(list)), nil
			})
	})
}

// neighbourKeys turns the neighbours of a record into keys that can meet
// across datasets: the neighbour's id, and its schema with its normalised
// name or account number (ids differ between datasets, names and account
// numbers need not).
func neighbourKeys(list []any) []string {
	keys := make([]string, 0, 2*len(list))
	for _, item := range list {
		parts, _ := item.([]any)
		if len(parts) != 5 {
			continue
		}
		str := func(i int) string { s, _ := parts[i].(string); return s }
		schema := str(0)
		keys = append(keys, "id:"+str(1))
		if name := strings.Join(strings.Fields(strings.ToLower(str(2))), " "); name != "" {
			keys = append(keys, strings.ToLower(schema)+":"+name)
		}
		for _, number := range []string{str(3), str(4)} {
			if n := strings.ToUpper(strings.Join(strings.Fields(number), "")); n != "" {
				keys = append(keys, "account:"+n)
			}
		}
	}
	return keys
}

func datasetOf(e casegraph.Entity, byJob map[string]string) string {
	for _, j := range e.JobIDs {
		if d, ok := byJob[j]; ok {
			return d
		}
	}
	return ""
}

// SaveJudgement records a verdict. Saying again what the newest judgement
// of the pair already says (same verdict, same note) writes nothing, so a
// retried request is harmless; it reports whether it wrote.
func (s *Store) SaveJudgement(ctx context.Context, d xref.Decision) (bool, error) {
	d.Left, d.Right = xref.Pair(d.Left, d.Right)
	if d.Left == d.Right {
		return false, casegraph.Errorf(casegraph.EINVALID, "a record cannot be judged against itself")
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = time.Now().UTC()
	}
	return write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		rows, err := collect(ctx, tx, saveJudgementCypher, map[string]any{
			"pair": d.Left + "\x1f" + d.Right, "left": d.Left, "right": d.Right,
			"judgement": string(d.Judgement), "note": d.Note, "user": d.User, "score": d.Score,
			"createdAt": d.CreatedAt.UTC().Format(judgementTime),
		}, func(rec *neo4j.Record) (bool, error) {
			w, _, err := neo4j.GetRecordValue[bool](rec, "wrote")
			return w, err
		})
		if err != nil || len(rows) == 0 {
			return false, err
		}
		return rows[0], nil
	})
}

// The id of a judgement node is its pair and its time, so the same request
// run twice (a driver retry) cannot add two.
const saveJudgementCypher = `OPTIONAL MATCH (last:Judgement {pair: $pair})
WITH last ORDER BY last.createdAt DESC LIMIT 1
WITH last, last IS NULL OR last.judgement <> $judgement OR coalesce(last.note, '') <> $note AS changed
CALL (changed) {
  WITH changed WHERE changed
  MERGE (j:Judgement {id: $pair + '\u001f' + $createdAt})
  ON CREATE SET j.pair = $pair, j.left = $left, j.right = $right, j.judgement = $judgement,
    j.note = $note, j.user = $user, j.score = $score, j.createdAt = $createdAt
}
RETURN changed AS wrote`

// judgementTime writes a verdict's time with a fixed width, so that the
// strings sort as the times do.
const judgementTime = "2006-01-02T15:04:05.000000000Z07:00"

// Judgements reads every judgement, newest last; xref.NewClusters keeps the
// newest of each pair.
func (s *Store) Judgements(ctx context.Context) ([]xref.Decision, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]xref.Decision, error) {
		return collect(ctx, tx, `MATCH (j:Judgement)
RETURN j.left AS left, j.right AS right, j.judgement AS judgement, j.note AS note, j.user AS user,
  j.score AS score, j.createdAt AS createdAt ORDER BY j.createdAt, j.id`, nil, decisionFromRecord)
	})
}

// JudgementStamp is the number and newest time of the stored judgements: it
// changes whenever a judgement is added, by this process or another.
func (s *Store) JudgementStamp(ctx context.Context) (string, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
		rows, err := collect(ctx, tx, `MATCH (j:Judgement) RETURN count(j) AS n, max(j.createdAt) AS last`, nil,
			func(rec *neo4j.Record) (string, error) { return fmt.Sprint(rec.Values...), nil })
		if err != nil || len(rows) == 0 {
			return "", err
		}
		return rows[0], nil
	})
}

func decisionFromRecord(rec *neo4j.Record) (xref.Decision, error) {
	str := func(key string) string {
		v, _ := rec.Get(key)
		s, _ := v.(string)
		return s
	}
	d := xref.Decision{Left: str("left"), Right: str("right"), Judgement: xref.Judgement(str("judgement")),
		Note: str("note"), User: str("user")}
	if v, ok := rec.Get("score"); ok {
		d.Score, _ = v.(float64)
	}
	t, err := time.Parse(time.RFC3339Nano, str("createdAt"))
	if err != nil {
		return d, fmt.Errorf("judgement of %s and %s: bad createdAt %q: %w", d.Left, d.Right, str("createdAt"), err)
	}
	d.CreatedAt = t
	return d, nil
}

// Setting reads one of casegraph's own settings (a :Setting node, no
// entity): "" if it was never saved.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
		rows, err := collect(ctx, tx, `MATCH (v:Setting {id: $id}) RETURN v.value AS value`, map[string]any{"id": key},
			func(rec *neo4j.Record) (string, error) {
				v, _, err := neo4j.GetRecordValue[string](rec, "value")
				return v, err
			})
		if err != nil || len(rows) == 0 {
			return "", err
		}
		return rows[0], nil
	})
}

// SaveSetting writes one of casegraph's own settings.
func (s *Store) SaveSetting(ctx context.Context, key, value string) error {
	_, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := tx.Run(ctx, `MERGE (v:Setting {id: $id}) SET v.value = $value`, map[string]any{"id": key, "value": value})
		return struct{}{}, err
	})
	return err
}
