package graph

import (
	"context"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// The ways into the charges: from the defendant, from the case, or all of
// them. Each is followed by chargesTail, which applies every filter again.
const (
	chargesOfDefendant = `MATCH (d0:Entity) WHERE d0.id IN $defendants MATCH (d0)-[:CHARGED_WITH]->(c:Charge)`
	chargesInCase      = `MATCH (c:Charge)-[:IN_CASE]->(:Entity {id: $case})`
	allCharges         = `MATCH (c:Charge)`
)

// chargesTail filters the charges, pairs each with its defendant, its case
// and the case's prosecutor, and orders them by when the case was filed (or
// closed), then by count number.
const chargesTail = `
WITH DISTINCT c
WHERE ($outcome IS NULL OR c.outcome = $outcome)
  AND ($defendants IS NULL OR EXISTS { MATCH (d1:Entity)-[:CHARGED_WITH]->(c) WHERE d1.id IN $defendants })
  AND ($case IS NULL OR EXISTS { MATCH (c)-[:IN_CASE]->(:Entity {id: $case}) })
WITH c,
  head(COLLECT { MATCH (d:Entity)-[:CHARGED_WITH]->(c) RETURN d ORDER BY d.id }) AS defendant,
  head(COLLECT { MATCH (c)-[:IN_CASE]->(k:CourtCase) RETURN k ORDER BY k.id }) AS courtCase
ORDER BY coalesce(courtCase.fileDate, courtCase.closeDate), c.count, c.id SKIP $skip LIMIT $limit
RETURN c AS n, defendant, courtCase,
  head(COLLECT { MATCH (courtCase)-[:PROSECUTED_BY]->(p:PublicBody) RETURN p ORDER BY p.id }) AS prosecutor,
  COLLECT { MATCH (s:Entity) WHERE s.id IN c.sourceIds AND s.schema = 'Source' RETURN s ORDER BY s.id } AS sources`

// Charges lists charges, filtered by defendant id, case id and outcome (each
// optional), each with its defendant, its case, the PublicBody that
// prosecuted the case, and its sources. They come in case order (file date,
// else close date), then by count number, then by id. Like Search it returns
// one row more than p.Limit when there is a next page.
func (s *Store) Charges(ctx context.Context, p casegraph.ChargeParams) ([]casegraph.ChargeRow, error) {
	p, err := p.WithDefaults()
	if err != nil {
		return nil, err
	}
	var defendants any
	if p.Defendant != "" {
		defendants = append([]string{p.Defendant}, p.Also...)
	}
	params := map[string]any{"defendants": defendants, "case": emptyToNil(p.Case),
		"outcome": emptyToNil(string(p.Outcome)), "skip": int64(p.Skip), "limit": int64(p.Limit + 1)}
	start := allCharges
	switch {
	case p.Defendant != "":
		start = chargesOfDefendant
	case p.Case != "":
		start = chargesInCase
	}
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.ChargeRow, error) {
		return collect(ctx, tx, start+chargesTail, params, func(rec *neo4j.Record) (casegraph.ChargeRow, error) {
			charge, err := sourcedFromRecord(rec)
			return casegraph.ChargeRow{
				Charge:     charge.Entity,
				Defendant:  optionalEntity(rec, "defendant"),
				Case:       optionalEntity(rec, "courtCase"),
				Prosecutor: optionalEntity(rec, "prosecutor"),
				Sources:    charge.Sources,
			}, err
		})
	})
}

// optionalEntity reads a node column that may be null.
func optionalEntity(rec *neo4j.Record, key string) *casegraph.Entity {
	v, _ := rec.Get(key)
	n, ok := v.(dbtype.Node)
	if !ok {
		return nil
	}
	e := entityFromNode(n)
	return &e
}
