package graph

import (
	"context"
	"strings"
	"text/template"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph"
)

// A projection's links, paged for export (to networkx, say): the same
// entities and links a job's projection holds, a page of source entities
// at a time in id order, so that each link comes exactly once, from the
// entity it leaves.

// projectionLinksCypher pages the projection's source entities by id and
// lists each one's links, at most $perNode (the rest counted in hidden).
// Node predicates and link types come from projectionParts, as in the
// projection itself.
var projectionLinksCypher = template.Must(template.New("projection-links").Parse(`MATCH (s:Entity)
WHERE s.id > $after AND {{.Node "s"}}
WITH s ORDER BY s.id LIMIT $first
CALL {
  WITH s
  CALL {
    WITH s
{{- if .Links}}
    MATCH (s)-[r:{{.Links}}]->(t:Entity)
    WHERE {{.Node "t"}}{{with .RelWindow}} AND {{.}}{{end}}
    RETURN t.id AS target, type(r) AS type, 1.0 AS weight, false AS derived, 0 AS payments,
      coalesce(r.sourceIds, []) AS sourceIds
{{- end}}
{{- if and .Links .Payments}}
    UNION ALL
    WITH s
{{- end}}
{{- if .Payments}}
    MATCH (s)-[:PAID]->(p:Payment)-[:PAID_TO]->(t:Entity)
    WHERE s <> t AND {{.Node "t"}}{{with .PayWindow}} AND {{.}}{{end}}
    WITH t, count(p) AS payments, sum(coalesce(p.amount, 0.0)) AS amount, collect(DISTINCT p.sourceIds) AS cited
    RETURN t.id AS target, 'PAYMENT' AS type, {{.PaymentWeight}} AS weight, true AS derived, payments,
      reduce(a = [], ids IN cited | a + [i IN coalesce(ids, []) WHERE NOT i IN a]) AS sourceIds
{{- end}}
  }
  WITH target, type, weight, derived, payments, sourceIds ORDER BY target, type
  WITH collect({target: target, type: type, weight: weight, derived: derived, payments: payments, sourceIds: sourceIds}) AS links
  RETURN links[..$perNode] AS links, size(links) - size(links[..$perNode]) AS hidden
}
RETURN s.id AS source, links, hidden`))

// Caps of one page of projection links.
const (
	MaxProjectionSources = 5_000
	MaxProjectionPerNode = 10_000
)

// ProjectionLinks reads one page of the links a job on p would project:
// first source entities after the id after (in id order), each with at most
// perNode links. An empty page with HasNextPage false is the end.
func (s *Store) ProjectionLinks(ctx context.Context, p casegraph.Projection, after string, first, perNode int) (casegraph.ProjectionPage, error) {
	if first < 1 || first > MaxProjectionSources {
		return casegraph.ProjectionPage{}, casegraph.Errorf(casegraph.EINVALID, "first must be between 1 and %d source entities, got %d", MaxProjectionSources, first)
	}
	if perNode < 1 || perNode > MaxProjectionPerNode {
		return casegraph.ProjectionPage{}, casegraph.Errorf(casegraph.EINVALID, "perNode must be between 1 and %d, got %d", MaxProjectionPerNode, perNode)
	}
	p, err := p.WithDefaults()
	if err != nil {
		return casegraph.ProjectionPage{}, err
	}
	params := map[string]any{"after": after, "first": int64(first + 1), "perNode": int64(perNode), "jobs": nil}
	if p.Dataset != "" {
		if params["jobs"], err = s.datasetJobs(ctx, p.Dataset); err != nil {
			return casegraph.ProjectionPage{}, err
		}
	}
	windowParams(params, p.Window)
	var b strings.Builder
	if err := projectionLinksCypher.Execute(&b, projectionParts{p}); err != nil {
		return casegraph.ProjectionPage{}, err
	}
	page, err := read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (casegraph.ProjectionPage, error) {
		var page casegraph.ProjectionPage
		_, err := collect(ctx, tx, b.String(), params, func(rec *neo4j.Record) (bool, error) {
			if page.Sources == first {
				page.HasNextPage = true
				return true, nil
			}
			m := rec.AsMap()
			source, _ := m["source"].(string)
			page.Sources++
			page.EndCursor = source
			hidden, _ := m["hidden"].(int64)
			page.Hidden += hidden
			for _, l := range m["links"].([]any) {
				lm := l.(map[string]any)
				pl := casegraph.ProjectionLink{Source: source}
				pl.Target, _ = lm["target"].(string)
				pl.Type, _ = lm["type"].(string)
				pl.Weight, _ = lm["weight"].(float64)
				pl.Derived, _ = lm["derived"].(bool)
				pl.Payments, _ = lm["payments"].(int64)
				for _, id := range lm["sourceIds"].([]any) {
					if str, ok := id.(string); ok {
						pl.SourceIDs = append(pl.SourceIDs, str)
					}
				}
				page.Links = append(page.Links, pl)
			}
			return true, nil
		})
		return page, err
	})
	return page, err
}

// datasetJobs are the ingest jobs that loaded a dataset; ENOTFOUND when
// none did.
func (s *Store) datasetJobs(ctx context.Context, dataset string) ([]string, error) {
	byJob, err := s.jobDatasets(ctx)
	if err != nil {
		return nil, err
	}
	jobs := []string{}
	for id, d := range byJob {
		if d == dataset {
			jobs = append(jobs, id)
		}
	}
	if len(jobs) == 0 {
		return nil, casegraph.Errorf(casegraph.ENOTFOUND, "no dataset %q has been loaded", dataset)
	}
	return jobs, nil
}
