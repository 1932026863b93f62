package api

import (
	"context"

	"github.com/casegraph/casegraph"
)

// entityResolver serves every type that implements Entity. It has the typed
// fields of all schemata; GraphQL only asks each type for its own. The
// common fields are plain struct fields, which graphql-go reads directly
// (UseFieldResolvers) instead of calling a method by reflection: a
// neighbourhood answer reads thousands of them.
type entityResolver struct {
	ID         ID
	Schema     string
	Name       *string
	Aliases    []string
	JobIds     []string
	Properties JSON

	e       casegraph.Entity
	sourced bool // sources came with the entity
	sources []casegraph.Entity
}

// newEntityResolver serves an entity whose sources, if asked for, come
// from the request's source loader.
func newEntityResolver(e casegraph.Entity) *entityResolver {
	return &entityResolver{ID: ID(e.ID), Schema: string(e.Schema), Name: optional(e.Name),
		Aliases: orEmpty(e.Aliases), JobIds: orEmpty(e.JobIDs), Properties: JSON(e.Properties), e: e}
}

// sourcedResolver serves an entity whose query brought its sources.
func sourcedResolver(e casegraph.Entity, sources []casegraph.Entity) *entityResolver {
	r := newEntityResolver(e)
	r.sourced, r.sources = true, sources
	return r
}

// Sources are the documents the entity cites: those its query brought, or
// else those its sourceIds name, through the request's source loader.
func (r *entityResolver) Sources(ctx context.Context) ([]*entityResolver, error) {
	if !r.sourced {
		return sourcesOf(ctx, r.e.SourceIDs)
	}
	out := make([]*entityResolver, len(r.sources))
	for i, s := range r.sources {
		out[i] = newEntityResolver(s)
	}
	return out, nil
}

// Type assertions for the Entity interface.

func (r *entityResolver) is(s casegraph.Schema) (*entityResolver, bool) { return r, r.e.Schema == s }

func (r *entityResolver) ToPerson() (*entityResolver, bool)  { return r.is(casegraph.Person) }
func (r *entityResolver) ToCompany() (*entityResolver, bool) { return r.is(casegraph.Company) }
func (r *entityResolver) ToOrganization() (*entityResolver, bool) {
	return r.is(casegraph.Organization)
}
func (r *entityResolver) ToPublicBody() (*entityResolver, bool)  { return r.is(casegraph.PublicBody) }
func (r *entityResolver) ToBankAccount() (*entityResolver, bool) { return r.is(casegraph.BankAccount) }
func (r *entityResolver) ToPayment() (*entityResolver, bool)     { return r.is(casegraph.Payment) }
func (r *entityResolver) ToEvent() (*entityResolver, bool)       { return r.is(casegraph.Event) }
func (r *entityResolver) ToCourtCase() (*entityResolver, bool)   { return r.is(casegraph.CourtCase) }
func (r *entityResolver) ToCharge() (*entityResolver, bool)      { return r.is(casegraph.Charge) }
func (r *entityResolver) ToSource() (*entityResolver, bool)      { return r.is(casegraph.Source) }
func (r *entityResolver) ToIngestJob() (*entityResolver, bool)   { return r.is(casegraph.IngestJob) }

// Typed fields, read from the stored properties.

func (r *entityResolver) BirthDate() *Date            { return r.date("birthDate") }
func (r *entityResolver) DeathDate() *Date            { return r.date("deathDate") }
func (r *entityResolver) Nationality() []string       { return r.strings("nationality") }
func (r *entityResolver) Position() *string           { return r.str("position") }
func (r *entityResolver) Jurisdiction() *string       { return r.str("jurisdiction") }
func (r *entityResolver) RegistrationNumber() *string { return r.str("registrationNumber") }
func (r *entityResolver) Iban() *string               { return r.str("iban") }
func (r *entityResolver) AccountNumber() *string      { return r.str("accountNumber") }
func (r *entityResolver) BankName() *string           { return r.str("bankName") }
func (r *entityResolver) Amount() *float64            { return r.float("amount") }
func (r *entityResolver) Currency() *string           { return r.str("currency") }
func (r *entityResolver) Date() *Date                 { return r.date("date") }
func (r *entityResolver) Purpose() *string            { return r.str("purpose") }
func (r *entityResolver) Location() *string           { return r.str("location") }
func (r *entityResolver) CaseNumber() *string         { return r.str("caseNumber") }
func (r *entityResolver) Court() *string              { return r.str("court") }
func (r *entityResolver) Status() *string             { return r.str("status") }
func (r *entityResolver) FileDate() *Date             { return r.date("fileDate") }
func (r *entityResolver) CloseDate() *Date            { return r.date("closeDate") }
func (r *entityResolver) Statute() *string            { return r.str("statute") }
func (r *entityResolver) Description() *string        { return r.str("description") }
func (r *entityResolver) OutcomeDate() *Date          { return r.date("outcomeDate") }
func (r *entityResolver) ReportedOn() *Date           { return r.date("reportedOn") }
func (r *entityResolver) Title() *string              { return r.str("title") }
func (r *entityResolver) Url() *string                { return r.str("url") }
func (r *entityResolver) Publisher() *string          { return r.str("publisher") }
func (r *entityResolver) PublishedAt() *Date          { return r.date("publishedAt") }
func (r *entityResolver) File() *string               { return r.str("file") }
func (r *entityResolver) Sha256() *string             { return r.str("sha256") }

func (r *entityResolver) Count() *int32 {
	if v, ok := r.e.Properties["count"].(int64); ok {
		n := int32(v)
		return &n
	}
	return nil
}

// Outcome is an enum: a stored value outside ChargeOutcome reads as null
// rather than failing the whole response.
func (r *entityResolver) Outcome() *string {
	s := r.str("outcome")
	if s == nil || !casegraph.ChargeOutcome(*s).Valid() {
		return nil
	}
	return s
}

func (r *entityResolver) str(key string) *string {
	if s, ok := r.e.Properties[key].(string); ok && s != "" {
		return &s
	}
	return nil
}

func (r *entityResolver) date(key string) *Date {
	if s := r.str(key); s != nil {
		d := Date(*s)
		return &d
	}
	return nil
}

func (r *entityResolver) float(key string) *float64 {
	switch v := r.e.Properties[key].(type) {
	case float64:
		return &v
	case int64:
		f := float64(v)
		return &f
	}
	return nil
}

// strings reads a multi-valued property; a single string is a list of one.
func (r *entityResolver) strings(key string) []string {
	switch v := r.e.Properties[key].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, it := range v {
			if s, ok := it.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return []string{}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// validDate is what the Date scalar accepts: a calendar date written YYYY,
// YYYY-MM or YYYY-MM-DD, by the domain's one rule (so not 2011-02-31).
func validDate(s string) bool { return casegraph.ValidDate(s) }
