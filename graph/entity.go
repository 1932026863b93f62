package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/xref"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// reservedProps are the common fields; they are written from Entity's own
// fields and may not be overwritten through Properties.
var reservedProps = map[string]bool{
	"id": true, "schema": true, "name": true, "aliases": true, "aliasText": true,
	"sourceIds": true, "jobIds": true,
}

// UpsertEntities writes entities in one transaction: merged by id,
// properties overwritten by the newer value, provenance lists accumulated.
// It returns how many were written. Running it again with the same input
// leaves the graph as it was.
func (s *Store) UpsertEntities(ctx context.Context, entities []casegraph.Entity) (int, error) {
	if err := s.WriteBatch(ctx, entities, nil); err != nil {
		return 0, err
	}
	return len(entities), nil
}

func entityRow(e casegraph.Entity) (map[string]any, error) {
	if e.ID == "" {
		return nil, casegraph.Errorf(casegraph.EINVALID, "entity has no id")
	}
	if !e.Schema.Valid() {
		return nil, casegraph.Errorf(casegraph.EINVALID, "entity %s has unknown schema %q", e.ID, e.Schema)
	}
	props, err := cleanProps(e.Properties)
	if err != nil {
		return nil, fmt.Errorf("entity %s: %w", e.ID, err)
	}
	var name any
	if e.Name != "" {
		name = e.Name
	}
	return map[string]any{
		"id":        e.ID,
		"schema":    string(e.Schema),
		"name":      name,
		"aliases":   nonNil(e.Aliases),
		"props":     props,
		"sourceIds": nonNil(e.SourceIDs),
		"jobIds":    nonNil(e.JobIDs),
	}, nil
}

// cleanProps keeps the property values Neo4j can store and refuses the rest,
// along with any attempt to overwrite a common field.
func cleanProps(in map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(in))
	for k, v := range in {
		if reservedProps[k] {
			return nil, casegraph.Errorf(casegraph.EINVALID, "property %q is reserved", k)
		}
		switch v := v.(type) {
		case nil:
			continue
		case string, bool, int64, float64, []string, []int64, []float64:
			out[k] = v
		case int:
			out[k] = int64(v)
		default:
			return nil, casegraph.Errorf(casegraph.EINVALID, "property %q has unsupported type %T", k, v)
		}
	}
	return out, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// entityFromNode reads a node back into an Entity.
func entityFromNode(n dbtype.Node) casegraph.Entity {
	e := casegraph.Entity{Properties: map[string]any{}}
	for k, v := range n.Props {
		switch k {
		case "id":
			e.ID, _ = v.(string)
		case "schema":
			e.Schema = casegraph.Schema(fmt.Sprint(v))
		case "name":
			e.Name, _ = v.(string)
		case "aliases":
			e.Aliases = stringList(v)
		case "sourceIds":
			e.SourceIDs = stringList(v)
		case "jobIds":
			e.JobIDs = stringList(v)
		case "aliasText":
			// derived for the full-text index
		default:
			e.Properties[k] = v
		}
	}
	return e
}

func stringList(v any) []string {
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

const getEntityCypher = `MATCH (n:Entity {id: $id})
RETURN n, COLLECT {
  MATCH (s:Entity) WHERE s.id IN n.sourceIds AND s.schema = 'Source' RETURN s ORDER BY s.id
} AS sources`

// GetEntity returns the entity with the given id and its sources, or an
// ENOTFOUND error.
func (s *Store) GetEntity(ctx context.Context, id string) (casegraph.Sourced, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (casegraph.Sourced, error) {
		found, err := collect(ctx, tx, getEntityCypher, map[string]any{"id": id}, sourcedFromRecord)
		if err != nil {
			return casegraph.Sourced{}, err
		}
		if len(found) == 0 {
			return casegraph.Sourced{}, casegraph.Errorf(casegraph.ENOTFOUND, "no entity with id %q", id)
		}
		return found[0], nil
	})
}

// collect runs a statement and decodes every row it returns with decode,
// through the driver's collect helper.
func collect[T any](ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, decode func(*neo4j.Record) (T, error)) ([]T, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return neo4j.CollectTWithContext(ctx, res, decode)
}

func sourcedFromRecord(rec *neo4j.Record) (casegraph.Sourced, error) {
	node, _, err := neo4j.GetRecordValue[dbtype.Node](rec, "n")
	if err != nil {
		return casegraph.Sourced{}, err
	}
	out := casegraph.Sourced{Entity: entityFromNode(node)}
	raw, _ := rec.Get("sources")
	for _, v := range raw.([]any) {
		if n, ok := v.(dbtype.Node); ok {
			out.Sources = append(out.Sources, entityFromNode(n))
		}
	}
	if score, ok := rec.Get("score"); ok {
		out.Score, _ = score.(float64)
	}
	if degree, ok := rec.Get("degree"); ok {
		out.Degree, _ = degree.(int64)
	}
	return out, nil
}

const searchCypher = `CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
WHERE ($schemata IS NULL OR node.schema IN $schemata) AND node.schema <> 'IngestJob'
WITH node AS n, score ORDER BY CASE n.schema WHEN 'Source' THEN 1 ELSE 0 END, score DESC, n.id SKIP $skip LIMIT $limit
RETURN n, score, COUNT { (n)--() } - COUNT { (n)-[:CITED_IN]-() } AS degree, COLLECT {
  MATCH (s:Entity) WHERE s.id IN n.sourceIds AND s.schema = 'Source' RETURN s ORDER BY s.id
} AS sources`

// Search finds entities whose name or aliases match query, best first. It
// asks for one more row than Limit; the caller learns from the length of the
// result whether another page exists.
func (s *Store) Search(ctx context.Context, p casegraph.SearchParams) ([]casegraph.Sourced, error) {
	lucene, err := FulltextQuery(p.Query)
	if err != nil {
		return nil, err
	}
	var schemata any
	if len(p.Schemata) > 0 {
		names := make([]string, len(p.Schemata))
		for i, sc := range p.Schemata {
			names[i] = string(sc)
		}
		schemata = names
	}
	params := map[string]any{"index": FulltextIndex, "query": lucene, "schemata": schemata,
		"skip": int64(p.Skip), "limit": int64(p.Limit + 1)}
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Sourced, error) {
		return collect(ctx, tx, searchCypher, params, sourcedFromRecord)
	})
}

// luceneSpecial are the characters Lucene's query parser gives meaning to.
const luceneSpecial = `+-&|!(){}[]^"~*?:\/`

// FulltextQuery turns what a person typed into a Lucene query: every word
// must match, exactly (boosted), as a prefix, or (for longer words) with one
// or two typos, or as another way of writing it: its stem ("hungarian"
// finds "Hungary"), the formal name of a nickname ("mike" finds
// "Michael"), the long form of an abbreviation ("dept" finds
// "Department"); an initial ("M.") is a prefix. Operators typed by the user
// are escaped, not obeyed.
func FulltextQuery(input string) (string, error) {
	words := strings.FieldsFunc(strings.ToLower(input), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == ',' || r == ';'
	})
	var clauses []string
	for _, w := range words {
		for _, possessive := range []string{"'s", "’s"} {
			w = strings.TrimSuffix(w, possessive) // "Lacey's" is Lacey
		}
		if trimmed := strings.Trim(w, ".'’"); trimmed != "" {
			w = trimmed // "M." is an initial
		}
		t := luceneEscape(w)
		if strings.Trim(t, `\`+luceneSpecial) == "" {
			continue // punctuation alone matches nothing useful
		}
		clause := []string{t + "^3", t + "*"}
		switch n := len([]rune(w)); {
		case n >= 7:
			clause = append(clause, t+"~2")
		case n >= 4:
			clause = append(clause, t+"~1")
		}
		if stem := searchStem(w); stem != "" {
			clause = append(clause, luceneEscape(stem)+"*")
		}
		for _, v := range xref.Variants(w) {
			clause = append(clause, luceneEscape(v)+"^2")
		}
		clauses = append(clauses, "("+strings.Join(clause, " OR ")+")")
	}
	if len(clauses) == 0 {
		return "", casegraph.Errorf(casegraph.EINVALID, "search query %q has no words to look for", input)
	}
	return strings.Join(clauses, " AND "), nil
}

func luceneEscape(w string) string {
	var b strings.Builder
	for _, r := range w {
		if strings.ContainsRune(luceneSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// searchSuffixes are endings a search drops to find a word's other forms:
// nationalities and languages (hungarian → hungar*: Hungary), plurals and
// verb forms.
var searchSuffixes = []string{"ians", "ian", "ese", "ish", "ean", "ern", "ing", "ed", "es", "s"}

// searchStem is w without its ending, or "" when it has none or too little
// would be left.
func searchStem(w string) string {
	for _, suf := range searchSuffixes {
		if stem, ok := strings.CutSuffix(w, suf); ok && len([]rune(stem)) >= 4 {
			return stem
		}
	}
	return ""
}

// Stats counts nodes per schema and relationships per type, from Neo4j's
// count store (constant time, whatever the graph's size).
func (s *Store) Stats(ctx context.Context) (casegraph.Stats, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (casegraph.Stats, error) {
		st := casegraph.Stats{BySchema: map[casegraph.Schema]int64{}, ByRelType: map[casegraph.RelType]int64{}}
		res, err := tx.Run(ctx, statsCypher, nil)
		if err != nil {
			return st, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return st, err
		}
		for _, r := range recs {
			kind, _ := r.Get("kind")
			key, _ := r.Get("key")
			n, _ := r.Get("n")
			count := n.(int64)
			switch kind {
			case "node":
				if key == "" {
					st.Nodes = count
				} else if count > 0 {
					st.BySchema[casegraph.Schema(key.(string))] = count
				}
			case "rel":
				if key == "" {
					st.Relationships = count
				} else if count > 0 {
					st.ByRelType[casegraph.RelType(key.(string))] = count
				}
			}
		}
		return st, nil
	})
}

// statsCypher is built from the allow-lists: one count-store lookup per label
// and per relationship type.
var statsCypher = buildStatsCypher()

func buildStatsCypher() string {
	parts := []string{
		`MATCH (n:Entity) RETURN 'node' AS kind, '' AS key, count(n) AS n`,
		`MATCH ()-[r]->() RETURN 'rel' AS kind, '' AS key, count(r) AS n`,
	}
	for _, sc := range casegraph.Schemata {
		parts = append(parts, fmt.Sprintf(`MATCH (n:%s) RETURN 'node' AS kind, '%s' AS key, count(n) AS n`, sc, sc))
	}
	for _, t := range casegraph.RelTypes {
		parts = append(parts, fmt.Sprintf(`MATCH ()-[r:%s]->() RETURN 'rel' AS kind, '%s' AS key, count(r) AS n`, t, t))
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

// JobStatus returns the recorded status of an ingest job, or "" if there is
// no such job.
func (s *Store) JobStatus(ctx context.Context, jobID string) (string, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
		res, err := tx.Run(ctx, `MATCH (j:Entity {id: $id}) WHERE j.schema = 'IngestJob' RETURN j.status AS status`,
			map[string]any{"id": jobID})
		if err != nil {
			return "", err
		}
		recs, err := res.Collect(ctx)
		if err != nil || len(recs) == 0 {
			return "", err
		}
		status, _, _ := neo4j.GetRecordValue[string](recs[0], "status")
		return status, nil
	})
}

const ingestJobsCypher = `MATCH (j:IngestJob)
WITH j ORDER BY j.startedAt DESC, j.id SKIP $skip LIMIT $limit
RETURN j AS n, [] AS sources`

// IngestJobs lists ingest jobs, newest first; like Search it returns one
// row more than limit when there is a next page.
func (s *Store) IngestJobs(ctx context.Context, skip, limit int) ([]casegraph.Entity, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Entity, error) {
		return collect(ctx, tx, ingestJobsCypher, map[string]any{"skip": int64(skip), "limit": int64(limit + 1)},
			func(rec *neo4j.Record) (casegraph.Entity, error) {
				job, err := sourcedFromRecord(rec)
				return job.Entity, err
			})
	})
}

// EntitiesByID fetches several entities at once (for example the sources
// cited by the edges of a subgraph); missing ids are simply absent.
func (s *Store) EntitiesByID(ctx context.Context, ids []string) (map[string]casegraph.Entity, error) {
	out := map[string]casegraph.Entity{}
	if len(ids) == 0 {
		return out, nil
	}
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]casegraph.Entity, error) {
		found, err := collect(ctx, tx, `UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n`, map[string]any{"ids": ids},
			func(rec *neo4j.Record) (casegraph.Entity, error) {
				node, _, err := neo4j.GetRecordValue[dbtype.Node](rec, "n")
				return entityFromNode(node), err
			})
		if err != nil {
			return nil, err
		}
		for _, e := range found {
			out[e.ID] = e
		}
		return out, nil
	})
}
