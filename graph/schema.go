package graph

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// FulltextIndex is the full-text index over entity names and aliases.
const FulltextIndex = "entity_names"

// migration is one idempotent schema statement and the name of the
// constraint or index it creates, so that readiness can check it is there.
type migration struct {
	name   string
	cypher string
}

// migrations builds the schema: every statement says IF NOT EXISTS, so
// running them again changes nothing. Labels and types come from the model's
// constants only.
func migrations() []migration {
	m := []migration{
		{"entity_id", `CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE`},
		{"entity_name", `CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)`},
		{"entity_schema", `CREATE INDEX entity_schema IF NOT EXISTS FOR (n:Entity) ON (n.schema)`},
		{FulltextIndex, `CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliasText]`},
		{"payment_date", `CREATE INDEX payment_date IF NOT EXISTS FOR (n:Payment) ON (n.date)`},
		{"payment_amount", `CREATE INDEX payment_amount IF NOT EXISTS FOR (n:Payment) ON (n.amount)`},
		{"event_date", `CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date)`},
		{"charge_outcome", `CREATE INDEX charge_outcome IF NOT EXISTS FOR (n:Charge) ON (n.outcome)`},
		{"courtcase_number", `CREATE INDEX courtcase_number IF NOT EXISTS FOR (n:CourtCase) ON (n.caseNumber)`},
		{"bankaccount_iban", `CREATE INDEX bankaccount_iban IF NOT EXISTS FOR (n:BankAccount) ON (n.iban)`},
		{"ingestjob_started", `CREATE INDEX ingestjob_started IF NOT EXISTS FOR (n:IngestJob) ON (n.startedAt)`},
		{"savedview_id", `CREATE CONSTRAINT savedview_id IF NOT EXISTS FOR (v:SavedView) REQUIRE v.id IS UNIQUE`},
		{"judgement_id", `CREATE CONSTRAINT judgement_id IF NOT EXISTS FOR (j:Judgement) REQUIRE j.id IS UNIQUE`},
		{"judgement_pair", `CREATE INDEX judgement_pair IF NOT EXISTS FOR (j:Judgement) ON (j.pair)`},
		{"setting_id", `CREATE CONSTRAINT setting_id IF NOT EXISTS FOR (v:Setting) REQUIRE v.id IS UNIQUE`},
	}
	// Relationship ids are unique per type, and dated links are indexed by
	// start date for the time slider.
	for _, t := range casegraph.RelTypes {
		name := "rel_id_" + string(t)
		m = append(m, migration{name, fmt.Sprintf(
			"CREATE CONSTRAINT %s IF NOT EXISTS FOR ()-[r:%s]-() REQUIRE r.id IS UNIQUE", name, t)})
	}
	for _, t := range []casegraph.RelType{casegraph.Ownership, casegraph.Directorship, casegraph.Employment, casegraph.Membership, casegraph.Associate, casegraph.Family, casegraph.Representation, casegraph.UnknownLink} {
		name := "rel_start_" + string(t)
		m = append(m, migration{name, fmt.Sprintf(
			"CREATE INDEX %s IF NOT EXISTS FOR ()-[r:%s]-() ON (r.startDate)", name, t)})
	}
	return m
}

// Migrate applies the schema and waits until every index is online. It is
// safe to run on every start and from several processes at once.
func (s *Store) Migrate(ctx context.Context) error {
	started := time.Now()
	if err := s.apply(ctx, migrations()); err != nil {
		return err
	}
	if err := s.applyAnalysisSchema(ctx); err != nil {
		return fmt.Errorf("schema migration of analysis results: %w", err)
	}
	if err := s.awaitIndexes(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	s.migrated = true
	s.mu.Unlock()
	s.log.Info("schema applied", "statements", len(migrations()), "took", time.Since(started).Round(time.Millisecond))
	return nil
}

// apply runs schema statements, one transaction each (Neo4j allows no
// schema change beside other work in a transaction).
func (s *Store) apply(ctx context.Context, ms []migration) error {
	for _, m := range ms {
		_, err := write(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
			res, err := tx.Run(ctx, m.cypher, nil)
			if err != nil {
				return false, err
			}
			_, err = res.Consume(ctx)
			return err == nil, err
		})
		if err != nil && !alreadyThere(err) {
			return fmt.Errorf("schema migration %s: %w", m.name, err)
		}
	}
	return nil
}

// alreadyThere reports the error Neo4j gives when another process created
// the same index or constraint between our IF NOT EXISTS check and our
// CREATE: the schema is as wanted, so it is not a failure.
func alreadyThere(err error) bool {
	switch neo4jCode(err) {
	case "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
		"Neo.ClientError.Schema.IndexAlreadyExists",
		"Neo.ClientError.Schema.ConstraintAlreadyExists":
		return true
	}
	return false
}

func (s *Store) awaitIndexes(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, `CALL db.awaitIndexes($seconds)`, map[string]any{"seconds": 300})
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("waiting for indexes: %w", s.classify(err))
	}
	return nil
}

// SchemaObject is one constraint or index as Neo4j reports it.
type SchemaObject struct {
	Name  string
	Kind  string // "CONSTRAINT" or the index type (RANGE, FULLTEXT, …)
	State string // index state; "" for constraints
}

// SchemaObjects lists the constraints and indexes in the database, sorted by
// name, leaving out Neo4j's own token lookup indexes.
func (s *Store) SchemaObjects(ctx context.Context) ([]SchemaObject, error) {
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]SchemaObject, error) {
		constraints, err := collect(ctx, tx, `SHOW CONSTRAINTS YIELD name RETURN name, 'CONSTRAINT' AS type, '' AS state`, nil, schemaObjectFromRecord)
		if err != nil {
			return nil, err
		}
		indexes, err := collect(ctx, tx, `SHOW INDEXES YIELD name, type, state, owningConstraint
			WHERE type <> 'LOOKUP' AND owningConstraint IS NULL
			RETURN name, type, state`, nil, schemaObjectFromRecord)
		if err != nil {
			return nil, err
		}
		out := append(constraints, indexes...)
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		return out, nil
	})
}

// schemaObjectFromRecord reads a row of name, type and state.
func schemaObjectFromRecord(rec *neo4j.Record) (SchemaObject, error) {
	var o SchemaObject
	var err error
	if o.Name, _, err = neo4j.GetRecordValue[string](rec, "name"); err != nil {
		return o, err
	}
	if o.Kind, _, err = neo4j.GetRecordValue[string](rec, "type"); err != nil {
		return o, err
	}
	o.State, _, err = neo4j.GetRecordValue[string](rec, "state")
	return o, err
}

// MissingSchema names the constraints and indexes casegraph expects that are
// absent or not yet online.
func (s *Store) MissingSchema(ctx context.Context) ([]string, error) {
	objs, err := s.SchemaObjects(ctx)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, o := range objs {
		have[o.Name] = o.Kind == "CONSTRAINT" || o.State == "ONLINE"
	}
	var missing []string
	for _, m := range migrations() {
		if !have[m.name] {
			missing = append(missing, m.name)
		}
	}
	return missing, nil
}
