// Package xref finds entities that are the same person, company or bank
// account across (or within) datasets, explains why, and keeps the
// analyst's judgements: candidates come from blocking (never all pairs),
// each pair is scored by named features (names normalised and transliterated,
// identifiers, birth dates, countries, addresses, shared neighbours) whose
// weighted sum is a log-odds, and SAME judgements form clusters with one
// canonical id. It imports no driver: graph/ loads Records from Neo4j and
// stores Decisions; api/ serves them.
package xref

import (
	"time"

	"github.com/casegraph/casegraph"
)

// Family groups the schemata whose entities can be the same thing.
type Family string

// The families cross-referencing knows.
const (
	FamilyPerson       Family = "person"       // Person
	FamilyOrganization Family = "organization" // Company, Organization, PublicBody
	FamilyAccount      Family = "account"      // BankAccount
)

// Record is what matching reads of one entity.
type Record struct {
	ID      string
	Dataset string
	Schema  casegraph.Schema
	// Names holds the name first, then every alias.
	Names       []string
	Identifiers []Identifier
	BirthDates  []string // ISO, possibly partial: 1962, 1962-05, 1962-05-01
	Countries   []string // jurisdiction, nationality, country: ISO codes or names
	Addresses   []string
	// LastNames are a person's family names when the source gives them
	// apart from the name (FollowTheMoney's lastName).
	LastNames []string
	// Neighbours are the ids of linked entities that help identify this one:
	// accounts held, banks, directors and owners, companies directed or owned.
	Neighbours []string
}

// Identifier is one identifying number; Kind is the property it came from
// (iban, accountNumber, registrationNumber, leiCode, taxNumber,
// passportNumber, idNumber, swiftBic, innCode, ogrnCode, vatCode, …).
type Identifier struct {
	Kind, Value string
}

// Feature is one piece of evidence about a pair.
type Feature struct {
	Name   string  // name, identifier, identifierConflict, birthDate, birthDateConflict, country, countryConflict, address, sharedNeighbours, …
	Value  float64 // the feature's raw value, 0..1
	Weight float64 // the model's weight for it
	Score  float64 // Value × Weight: its share of the log-odds; negative is counter-evidence
	Detail string  // what an analyst reads
}

// Match is one scored pair; Left < Right.
type Match struct {
	Left, Right string
	Score       float64   // 0..1
	Features    []Feature // the ones that counted, strongest first
}

// Judgement is an analyst's verdict on a pair.
type Judgement string

// The verdicts.
const (
	Same      Judgement = "SAME"
	Different Judgement = "DIFFERENT"
	Unsure    Judgement = "UNSURE"
)

// Decision is one stored judgement of a pair; Left < Right.
type Decision struct {
	Left, Right string
	Judgement   Judgement
	Note        string
	User        string
	Score       float64 // the match score when judged; 0 if none
	CreatedAt   time.Time
}
