// Package casegraph is the domain: the FollowTheMoney-aligned model
// (schemata, relationship types, entities), the questions asked of it and
// their answers (query.go), their argument checks (args.go), dates
// (window.go), tokens, saved views and the error codes every layer uses. It
// imports no driver and no HTTP library: graph/ stores it in Neo4j, api/
// serves it, ingest/ builds it from files. Labels and relationship types
// come from the fixed allow-lists in this file; user input only ever reaches
// Neo4j as query parameters.
package casegraph

// Schema is a node's FollowTheMoney-aligned schema; it doubles as the node's
// second label (every node also carries the label Entity).
type Schema string

// The schemata casegraph knows. Charge is a casegraph extension to FtM;
// IngestJob is bookkeeping and is not an investigation entity.
const (
	Person       Schema = "Person"
	Company      Schema = "Company"
	Organization Schema = "Organization"
	PublicBody   Schema = "PublicBody"
	BankAccount  Schema = "BankAccount"
	Payment      Schema = "Payment"
	Event        Schema = "Event"
	CourtCase    Schema = "CourtCase"
	Charge       Schema = "Charge"
	Source       Schema = "Source"
	IngestJob    Schema = "IngestJob"
)

// Schemata lists every schema in a stable order.
var Schemata = []Schema{Person, Company, Organization, PublicBody, BankAccount,
	Payment, Event, CourtCase, Charge, Source, IngestJob}

// Valid reports whether s is one of the allow-listed schemata.
func (s Schema) Valid() bool {
	for _, known := range Schemata {
		if s == known {
			return true
		}
	}
	return false
}

// ParseSchema turns user input into a Schema or an EINVALID error.
func ParseSchema(s string) (Schema, error) {
	if Schema(s).Valid() {
		return Schema(s), nil
	}
	return "", Errorf(EINVALID, "unknown schema %q", s)
}

// RelType is a relationship type. FtM's interval schemata (Ownership,
// Directorship, …) become relationships; so do the links around payments,
// accounts, meetings, charges and sources.
type RelType string

// The relationship types casegraph knows, with their direction.
const (
	Ownership      RelType = "OWNERSHIP"      // (owner)-[]->(asset)
	Directorship   RelType = "DIRECTORSHIP"   // (director)-[]->(organization)
	Employment     RelType = "EMPLOYMENT"     // (employee)-[]->(employer)
	Membership     RelType = "MEMBERSHIP"     // (member)-[]->(organization)
	Associate      RelType = "ASSOCIATE"      // (person)-[]->(associate)
	Family         RelType = "FAMILY"         // (person)-[]->(relative)
	Representation RelType = "REPRESENTATION" // (agent)-[]->(client)
	UnknownLink    RelType = "UNKNOWN_LINK"   // (subject)-[]->(object)
	Paid           RelType = "PAID"           // (payer)-[]->(Payment)
	PaidTo         RelType = "PAID_TO"        // (Payment)-[]->(beneficiary)
	FromAccount    RelType = "FROM_ACCOUNT"   // (Payment)-[]->(payer's BankAccount)
	ToAccount      RelType = "TO_ACCOUNT"     // (Payment)-[]->(beneficiary's BankAccount)
	HoldsAccount   RelType = "HOLDS_ACCOUNT"  // (holder)-[]->(BankAccount)
	AccountAt      RelType = "ACCOUNT_AT"     // (BankAccount)-[]->(bank)
	Attended       RelType = "ATTENDED"       // (participant)-[]->(Event)
	ChargedWith    RelType = "CHARGED_WITH"   // (defendant)-[]->(Charge)
	InCase         RelType = "IN_CASE"        // (Charge)-[]->(CourtCase)
	ProsecutedBy   RelType = "PROSECUTED_BY"  // (CourtCase)-[]->(PublicBody)
	PartyTo        RelType = "PARTY_TO"       // (party)-[]->(CourtCase), role says which side
	CitedIn        RelType = "CITED_IN"       // (entity)-[]->(Source)
)

// RelTypes lists every relationship type in a stable order.
var RelTypes = []RelType{Ownership, Directorship, Employment, Membership,
	Associate, Family, Representation, UnknownLink, Paid, PaidTo, FromAccount,
	ToAccount, HoldsAccount, AccountAt, Attended, ChargedWith, InCase,
	ProsecutedBy, PartyTo, CitedIn}

// Valid reports whether t is one of the allow-listed relationship types.
func (t RelType) Valid() bool {
	for _, known := range RelTypes {
		if t == known {
			return true
		}
	}
	return false
}

// ParseRelType turns user input into a RelType or an EINVALID error.
func ParseRelType(s string) (RelType, error) {
	if RelType(s).Valid() {
		return RelType(s), nil
	}
	return "", Errorf(EINVALID, "unknown relationship type %q", s)
}

// ChargeOutcome is how a criminal count ended. A hung jury and a mistrial are
// not acquittals, and a guilty plea is recorded apart from a conviction at trial.
type ChargeOutcome string

// The charge outcomes.
const (
	Pending       ChargeOutcome = "PENDING"
	Convicted     ChargeOutcome = "CONVICTED"
	Acquitted     ChargeOutcome = "ACQUITTED"
	HungJury      ChargeOutcome = "HUNG_JURY"
	Mistrial      ChargeOutcome = "MISTRIAL"
	Dismissed     ChargeOutcome = "DISMISSED"
	PleadedGuilty ChargeOutcome = "PLEADED_GUILTY"
)

// ChargeOutcomes lists every outcome.
var ChargeOutcomes = []ChargeOutcome{Pending, Convicted, Acquitted, HungJury,
	Mistrial, Dismissed, PleadedGuilty}

// Entity is one node: the common fields every schema has, plus the
// schema-specific properties (birthDate, amount, outcome, …) in Properties.
// Dates are kept as ISO strings (YYYY-MM-DD) so partial precision survives.
type Entity struct {
	ID         string
	Schema     Schema
	Name       string
	Aliases    []string
	Properties map[string]any
	SourceIDs  []string
	JobIDs     []string
}

// Relationship is one edge between two entities, with provenance.
type Relationship struct {
	ID         string
	Type       RelType
	SourceID   string // the start node's id
	TargetID   string // the end node's id
	Role       string
	StartDate  string
	EndDate    string
	Properties map[string]any
	SourceIDs  []string
	JobIDs     []string
}

// Stats counts what the graph holds.
type Stats struct {
	Nodes         int64
	Relationships int64
	BySchema      map[Schema]int64
	ByRelType     map[RelType]int64
}

// SearchHit is one full-text match.
type SearchHit struct {
	Entity Entity
	Score  float64
}
