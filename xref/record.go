package xref

import (
	"fmt"
	"strings"

	"github.com/casegraph/casegraph"
)

// FamilyOf says which family a schema's entities belong to; false for the
// schemata that are never cross-referenced (payments, events, cases …).
func FamilyOf(s casegraph.Schema) (Family, bool) {
	switch s {
	case casegraph.Person:
		return FamilyPerson, true
	case casegraph.Company, casegraph.Organization, casegraph.PublicBody:
		return FamilyOrganization, true
	case casegraph.BankAccount:
		return FamilyAccount, true
	}
	return "", false
}

// IdentifierProps are the entity properties read as identifiers, by their
// FollowTheMoney names. swiftBic names the bank, not the account, so it is
// read but never taken as evidence that two accounts are one.
var IdentifierProps = []string{
	"iban", "accountNumber", "registrationNumber", "leiCode", "taxNumber",
	"passportNumber", "idNumber", "swiftBic", "innCode", "ogrnCode",
	"vatCode", "okpoCode", "dunsCode", "bicCode", "npiCode", "uniqueEntityId",
	"imoNumber", "socialSecurityNumber", "permId", "wikidataId",
}

// countryProps are the properties read as countries.
var countryProps = []string{"jurisdiction", "nationality", "country", "citizenship", "mainCountry"}

// FromEntity reads what matching needs of one entity: its name then its
// aliases, its identifiers, birth dates, countries and addresses. Property
// values may be a string, a []string or a []any of strings.
func FromEntity(e casegraph.Entity, dataset string, neighbours []string) Record {
	r := Record{ID: e.ID, Dataset: dataset, Schema: e.Schema}
	seen := map[string]bool{}
	addName := func(n string) {
		n = strings.TrimSpace(n)
		if n != "" && !seen[n] {
			seen[n] = true
			r.Names = append(r.Names, n)
		}
	}
	addName(e.Name)
	for _, a := range e.Aliases {
		addName(a)
	}
	for _, p := range []string{"name", "alias", "previousName", "weakAlias"} {
		for _, v := range propStrings(e.Properties[p]) {
			addName(v)
		}
	}
	for _, p := range IdentifierProps {
		for _, v := range propStrings(e.Properties[p]) {
			r.Identifiers = append(r.Identifiers, Identifier{Kind: p, Value: v})
		}
	}
	r.BirthDates = propStrings(e.Properties["birthDate"])
	for _, p := range countryProps {
		r.Countries = append(r.Countries, propStrings(e.Properties[p])...)
	}
	r.LastNames = propStrings(e.Properties["lastName"])
	for _, p := range []string{"address", "addressFull"} {
		r.Addresses = append(r.Addresses, propStrings(e.Properties[p])...)
	}
	if len(neighbours) > 0 {
		r.Neighbours = append([]string(nil), neighbours...)
	}
	return r
}

// propStrings reads a property value as strings, leaving out empty ones.
func propStrings(v any) []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	switch x := v.(type) {
	case nil:
	case string:
		add(x)
	case []string:
		for _, s := range x {
			add(s)
		}
	case []any:
		for _, s := range x {
			if s != nil {
				add(fmt.Sprint(s))
			}
		}
	default:
		add(fmt.Sprint(x))
	}
	return out
}
