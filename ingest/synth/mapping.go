package synth

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/casegraph/casegraph"
)

// The mapping is built as data and rendered as YAML (docs/mapping.md), so the
// tests can check every column it names against the files' headers.

type value struct {
	column  string
	columns []string
	join    string
	literal string
	typ     string // date, amount, outcome, …; "" is string
	split   string
}

func col(c string) value          { return value{column: c} }
func typed(c, typ string) value   { return value{column: c, typ: typ} }
func splitOn(c, sep string) value { return value{column: c, split: sep} }
func literal(s string) value      { return value{literal: s} }

type property struct {
	name  string
	value value
}

type entitySpec struct {
	name   string
	schema casegraph.Schema
	id     string // the column holding the id
	props  []property
}

type relSpec struct {
	typ      casegraph.RelType
	from, to string
	role     value
}

type inputSpec struct {
	comment    string // written above the input
	name, file string
	filterCol  string // rows whose filterCol is one of filterIn; none when ""
	filterIn   []string
	entities   []entitySpec
	rels       []relSpec
}

type mapping struct {
	dataset     string
	title       string
	url         string
	publisher   string
	dateFormats []string
	separator   string
	inputs      []inputSpec
}

func buildMapping(seed int64) mapping {
	m := mapping{
		dataset:     "synth",
		title:       "Synthetic investigation data (casegraph generate, seed " + strconv.FormatInt(seed, 10) + ")",
		url:         "https://github.com/casegraph/casegraph/tree/main/ingest/synth",
		publisher:   "casegraph synthetic data generator",
		dateFormats: []string{"2006-01-02", "Jan 2, 2006", "01/02/2006"},
		separator:   ";",
	}
	m.inputs = append(m.inputs,
		inputSpec{name: "people", file: "people.csv", entities: []entitySpec{
			{name: "person", schema: casegraph.Person, id: "person_id", props: []property{
				{"name", col("name")},
				{"aliases", splitOn("aliases", ";")},
				{"birthDate", typed("birth_date", "date")},
				{"nationality", splitOn("nationality", ";")},
				{"position", col("position")},
			}},
		}},
		inputSpec{name: "companies", file: "companies.csv",
			entities: []entitySpec{
				{name: "company", schema: casegraph.Company, id: "company_id", props: []property{
					{"name", col("name")},
					{"jurisdiction", col("jurisdiction")},
					{"registrationNumber", col("registration_number")},
				}},
				{name: "director", schema: casegraph.Person, id: "director_id"},
				{name: "owner", schema: casegraph.Person, id: "owner_id"},
			},
			rels: []relSpec{
				{typ: casegraph.Directorship, from: "director", to: "company", role: literal("director")},
				{typ: casegraph.Ownership, from: "owner", to: "company", role: literal("shareholder")},
			}},
		inputSpec{name: "agencies", file: "agencies.csv", entities: []entitySpec{
			{name: "agency", schema: casegraph.PublicBody, id: "agency_id", props: []property{
				{"name", col("name")},
				{"jurisdiction", col("jurisdiction")},
			}},
		}},
		inputSpec{name: "banks", file: "banks.csv", entities: []entitySpec{
			{name: "bank", schema: casegraph.Company, id: "bank_id", props: []property{
				{"name", col("name")},
				{"jurisdiction", col("country")},
			}},
		}},
		inputSpec{name: "accounts", file: "accounts.csv",
			comment: "Who holds an account is loaded from the payments below: a holder may be a\n" +
				"Person or a Company, and an entity spec has one schema.",
			entities: []entitySpec{
				{name: "account", schema: casegraph.BankAccount, id: "account_id", props: []property{
					{"name", col("iban")},
					{"iban", col("iban")},
					{"currency", col("currency")},
					{"openingDate", typed("opened", "date")},
				}},
				{name: "bank", schema: casegraph.Company, id: "bank_id"},
			},
			rels: []relSpec{{typ: casegraph.AccountAt, from: "account", to: "bank"}}},
	)
	// See purposes for why payments.csv is read four times.
	kinds := [2]string{"person", "company"}
	schemata := [2]casegraph.Schema{casegraph.Person, casegraph.Company}
	for payerCo := range 2 {
		for payeeCo := range 2 {
			var comment string
			if payerCo == 0 && payeeCo == 0 {
				comment = "payments.csv is read four times, once per kind of payer and beneficiary,\n" +
					"which the generator tells apart by purpose: each row passes one filter."
			}
			m.inputs = append(m.inputs, inputSpec{
				comment:   comment,
				name:      "payments from " + kinds[payerCo] + " to " + kinds[payeeCo],
				file:      "payments.csv",
				filterCol: "purpose",
				filterIn:  purposes[payerCo][payeeCo],
				entities: []entitySpec{
					{name: "payment", schema: casegraph.Payment, id: "ref", props: []property{
						{"name", value{columns: []string{"payer_name", "beneficiary_name"}, join: " → "}},
						{"amount", typed("amount", "amount")},
						{"currency", col("currency")},
						{"date", typed("date", "date")},
						{"purpose", col("purpose")},
					}},
					{name: "payer", schema: schemata[payerCo], id: "payer_id", props: []property{{"name", col("payer_name")}}},
					{name: "payer_account", schema: casegraph.BankAccount, id: "payer_account"},
					{name: "beneficiary", schema: schemata[payeeCo], id: "beneficiary_id", props: []property{{"name", col("beneficiary_name")}}},
					{name: "beneficiary_account", schema: casegraph.BankAccount, id: "beneficiary_account"},
				},
				rels: []relSpec{
					{typ: casegraph.Paid, from: "payer", to: "payment"},
					{typ: casegraph.PaidTo, from: "payment", to: "beneficiary"},
					{typ: casegraph.FromAccount, from: "payment", to: "payer_account"},
					{typ: casegraph.ToAccount, from: "payment", to: "beneficiary_account"},
					{typ: casegraph.HoldsAccount, from: "payer", to: "payer_account"},
					{typ: casegraph.HoldsAccount, from: "beneficiary", to: "beneficiary_account"},
				},
			})
		}
	}
	m.inputs = append(m.inputs,
		inputSpec{name: "meetings", file: "meetings.csv", entities: []entitySpec{
			{name: "meeting", schema: casegraph.Event, id: "meeting_id", props: []property{
				{"name", col("summary")},
				{"date", typed("date", "date")},
				{"location", col("location")},
				{"summary", col("summary")},
			}},
		}},
		inputSpec{name: "attendance", file: "attendance.csv",
			entities: []entitySpec{
				{name: "meeting", schema: casegraph.Event, id: "meeting_id"},
				{name: "participant", schema: casegraph.Person, id: "person_id"},
			},
			rels: []relSpec{{typ: casegraph.Attended, from: "participant", to: "meeting"}}},
		inputSpec{name: "cases", file: "cases.csv",
			entities: []entitySpec{
				{name: "case", schema: casegraph.CourtCase, id: "case_id", props: []property{
					{"name", col("case_number")},
					{"caseNumber", col("case_number")},
					{"court", col("court")},
					{"status", col("status")},
					{"fileDate", typed("file_date", "date")},
					{"closeDate", typed("close_date", "date")},
				}},
				{name: "prosecutor", schema: casegraph.PublicBody, id: "prosecutor_id"},
			},
			rels: []relSpec{{typ: casegraph.ProsecutedBy, from: "case", to: "prosecutor"}}},
		inputSpec{name: "charges", file: "charges.csv",
			entities: []entitySpec{
				{name: "charge", schema: casegraph.Charge, id: "charge_id", props: []property{
					{"name", value{columns: []string{"statute", "description"}, join: " – "}},
					{"statute", col("statute")},
					{"description", col("description")},
					{"count", typed("count", "integer")},
					{"outcome", typed("outcome", "outcome")},
					{"outcomeDate", typed("outcome_date", "date")},
				}},
				{name: "case", schema: casegraph.CourtCase, id: "case_id"},
				{name: "defendant", schema: casegraph.Person, id: "defendant_id"},
			},
			rels: []relSpec{
				{typ: casegraph.ChargedWith, from: "defendant", to: "charge"},
				{typ: casegraph.InCase, from: "charge", to: "case"},
			}},
	)
	return m
}

// render writes the mapping as YAML. Every free-text scalar is double-quoted.
func (m mapping) render(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Loads the files casegraph's synthetic generator (ingest/synth) wrote beside it:\n")
	fmt.Fprintf(&b, "#   casegraph ingest --mapping mapping.yml\n")
	fmt.Fprintf(&b, "dataset: %s\n", m.dataset)
	fmt.Fprintf(&b, "source:\n  title: %s\n  url: %s\n  publisher: %s\n", q(m.title), q(m.url), q(m.publisher))
	fmt.Fprintf(&b, "options:\n  dateFormats: %s\n  separator: %s\n", qlist(m.dateFormats), q(m.separator))
	b.WriteString("\ninputs:\n")
	for _, in := range m.inputs {
		for _, line := range strings.Split(in.comment, "\n") {
			if line != "" {
				fmt.Fprintf(&b, "  # %s\n", line)
			}
		}
		fmt.Fprintf(&b, "  - name: %s\n    file: %s\n", q(in.name), in.file)
		if in.filterCol != "" {
			fmt.Fprintf(&b, "    filter:\n      - column: %s\n        in: %s\n", in.filterCol, qlist(in.filterIn))
		}
		b.WriteString("    entities:\n")
		for _, e := range in.entities {
			fmt.Fprintf(&b, "      %s:\n        schema: %s\n        id: %s\n", e.name, e.schema, e.id)
			if len(e.props) > 0 {
				b.WriteString("        properties:\n")
				for _, p := range e.props {
					fmt.Fprintf(&b, "          %s: %s\n", p.name, p.value.yaml())
				}
			}
		}
		if len(in.rels) > 0 {
			b.WriteString("    relationships:\n")
			for _, r := range in.rels {
				fmt.Fprintf(&b, "      - {type: %s, from: %s, to: %s", r.typ, r.from, r.to)
				if r.role.literal != "" || r.role.column != "" {
					fmt.Fprintf(&b, ", role: %s", r.role.yaml())
				}
				b.WriteString("}\n")
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (v value) yaml() string {
	if v.literal != "" {
		return "{literal: " + q(v.literal) + "}"
	}
	if v.typ == "" && v.split == "" && v.columns == nil {
		return v.column
	}
	var parts []string
	if v.columns != nil {
		parts = append(parts, "columns: ["+strings.Join(v.columns, ", ")+"]", "join: "+q(v.join))
	} else {
		parts = append(parts, "column: "+v.column)
	}
	if v.typ != "" {
		parts = append(parts, "type: "+v.typ)
	}
	if v.split != "" {
		parts = append(parts, "split: "+q(v.split))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// q quotes a YAML scalar; Go's escapes are a subset of YAML's double-quoted ones.
func q(s string) string { return strconv.Quote(s) }

func qlist(xs []string) string {
	quoted := make([]string, len(xs))
	for i, x := range xs {
		quoted[i] = q(x)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
