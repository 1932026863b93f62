package ingest

// docs/model.md is checked against the code here, both ways, so that it
// cannot drift: its schemata, their typed properties and what dates them,
// the relationship types with their direction and FtM form, and every
// worked example, whose mapping is run over its spreadsheet and must make
// the graph the page shows.

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
)

const modelDoc = "../docs/model.md"

// docSection is the text under one heading of a markdown page.
type docSection struct {
	level   int // 2 for ##, 3 for ###
	heading string
	body    []string
}

// docSections splits a page at its ## and ### headings (not inside code).
func docSections(text string) []docSection {
	var out []docSection
	cur := docSection{}
	inFence := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if !inFence && (strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "### ")) {
			out = append(out, cur)
			level := strings.Index(line, " ")
			cur = docSection{level: level, heading: strings.TrimSpace(line[level:])}
			continue
		}
		cur.body = append(cur.body, line)
	}
	return append(out, cur)
}

// under is the sections from the ## heading named to the next ## heading.
func under(secs []docSection, heading string) []docSection {
	for i, s := range secs {
		if s.level == 2 && s.heading == heading {
			end := i + 1
			for end < len(secs) && secs[end].level > 2 {
				end++
			}
			return secs[i:end]
		}
	}
	return nil
}

// docTables are the pipe tables of a section's text, as rows of cells by
// column name (backticks kept).
func docTables(body []string) [][]map[string]string {
	var tables [][]map[string]string
	var header []string
	var rows []map[string]string
	cells := func(line string) []string {
		line = strings.TrimSpace(line)
		line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
		parts := strings.Split(line, "|")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		return parts
	}
	flush := func() {
		if header != nil {
			tables = append(tables, rows)
		}
		header, rows = nil, nil
	}
	for _, line := range body {
		if !strings.HasPrefix(strings.TrimSpace(line), "|") {
			flush()
			continue
		}
		c := cells(line)
		switch {
		case header == nil:
			header = c
		case strings.Trim(strings.Join(c, ""), "- :") == "":
			// the separator row
		default:
			row := map[string]string{}
			for i, h := range header {
				if i < len(c) {
					row[h] = c[i]
				}
			}
			rows = append(rows, row)
		}
	}
	flush()
	return tables
}

// docFences are a section's fenced code blocks by their language.
func docFences(body []string) map[string][]string {
	out := map[string][]string{}
	lang, text, in := "", []string{}, false
	for _, line := range body {
		switch {
		case !in && strings.HasPrefix(line, "```"):
			in, lang, text = true, strings.TrimPrefix(line, "```"), nil
		case in && strings.HasPrefix(line, "```"):
			in = false
			out[lang] = append(out[lang], strings.Join(text, "\n")+"\n")
		case in:
			text = append(text, line)
		}
	}
	return out
}

var backticked = regexp.MustCompile("`([^`]+)`")

// unquote is a cell's text without backticks.
func unquote(cell string) string { return strings.ReplaceAll(cell, "`", "") }

// graphqlTypes reads api/schema.graphql: each object type's and
// interface's fields with their types.
func graphqlTypes(t *testing.T) map[string]map[string]string {
	t.Helper()
	data, err := os.ReadFile("../api/schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	var cur map[string]string
	inDoc := false
	head := regexp.MustCompile(`^(?:type|interface) (\w+)`)
	field := regexp.MustCompile(`^\s+(\w+)(?:\([^)]*\))?: (.+)$`)
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Count(line, `"""`) == 1 {
			inDoc = !inDoc
			continue
		}
		if inDoc {
			continue
		}
		if m := head.FindStringSubmatch(line); m != nil {
			cur = map[string]string{}
			out[m[1]] = cur
			continue
		}
		if strings.HasPrefix(line, "}") {
			cur = nil
			continue
		}
		if m := field.FindStringSubmatch(line); m != nil && cur != nil {
			cur[m[1]] = strings.TrimSpace(m[2])
		}
	}
	return out
}

// docTypeOf is the model page's name for a GraphQL field type: the type a
// mapping reads it with.
var docTypeOf = map[string]string{
	"String": "string", "Date": "date", "Float": "amount", "Int": "integer",
	"[String!]!": "string list", "ChargeOutcome": "outcome",
}

// typedProperties are the typed fields of a schema's GraphQL type: its
// fields less those every entity has.
func typedProperties(t *testing.T, gql map[string]map[string]string, schema string) map[string]string {
	t.Helper()
	fields, ok := gql[schema]
	if !ok {
		t.Fatalf("api/schema.graphql has no type %s", schema)
	}
	out := map[string]string{}
	for name, typ := range fields {
		if _, common := gql["Entity"][name]; common {
			continue
		}
		doc, ok := docTypeOf[typ]
		if !ok {
			t.Errorf("%s.%s: GraphQL type %s has no name on the model page (docTypeOf)", schema, name, typ)
		}
		out[name] = doc
	}
	return out
}

func readModelDoc(t *testing.T) []docSection {
	t.Helper()
	data, err := os.ReadFile(modelDoc)
	if err != nil {
		t.Fatal(err)
	}
	return docSections(string(data))
}

// TestModelDocSchemata: the page lists every schema and no other, what
// dates each (Datings), and each schema's typed properties as the GraphQL
// schema has them, with a type a mapping can read them with.
func TestModelDocSchemata(t *testing.T) {
	secs := under(readModelDoc(t), "Entities")
	if len(secs) == 0 {
		t.Fatal("docs/model.md has no ## Entities")
	}
	tables := docTables(secs[0].body)
	if len(tables) == 0 {
		t.Fatal("## Entities has no table of schemata")
	}
	gql := graphqlTypes(t)
	listed := map[casegraph.Schema]bool{}
	for _, row := range tables[0] {
		s := casegraph.Schema(unquote(row["schema"]))
		if !s.Valid() {
			t.Errorf("the table of schemata lists %q, which is not in casegraph.Schemata", row["schema"])
			continue
		}
		listed[s] = true
		var want []string
		if d, dated := casegraph.Datings[s]; dated {
			want = slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(d.Start), d.End...))))
		}
		var got []string
		for _, m := range backticked.FindAllStringSubmatch(row["dated by"], -1) {
			got = append(got, m[1])
		}
		got = slices.Compact(slices.Sorted(slices.Values(got)))
		if !slices.Equal(got, want) || (len(want) == 0) != (row["dated by"] == "undated") {
			t.Errorf("%s is dated by %q on the page, but by %q in casegraph.Datings", s, row["dated by"], want)
		}
	}
	subsections := map[string]docSection{}
	for _, sec := range secs[1:] {
		subsections[sec.heading] = sec
		if !casegraph.Schema(sec.heading).Valid() {
			t.Errorf("### %s under ## Entities is not a schema", sec.heading)
		}
	}
	for _, s := range casegraph.Schemata {
		if !listed[s] {
			t.Errorf("the table of schemata lacks %s", s)
		}
		sec, ok := subsections[string(s)]
		if !ok {
			t.Errorf("docs/model.md has no ### %s", s)
			continue
		}
		props := docTables(sec.body)
		if len(props) == 0 {
			t.Errorf("### %s has no table of properties", s)
			continue
		}
		got := map[string]string{}
		for _, row := range props[0] {
			got[unquote(row["property"])] = row["type"]
			if row["meaning"] == "" {
				t.Errorf("%s.%s: say what it means", s, unquote(row["property"]))
			}
			if typ := row["type"]; typ != "string list" && (typ == "" || !valueTypes[typ]) {
				t.Errorf("%s.%s: %q is not a type a mapping can give", s, unquote(row["property"]), typ)
			}
		}
		if want := typedProperties(t, gql, string(s)); !maps.Equal(got, want) {
			t.Errorf("%s: the page lists the typed properties\n  %v\nbut api/schema.graphql has\n  %v", s, got, want)
		}
	}
}

// relEnds reads model.go's comments on the RelType constants: "(owner)-[]->(asset)".
func relEnds(t *testing.T) map[casegraph.RelType]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../model.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	ends := regexp.MustCompile(`^\((.+?)\)-\[\]->\((.+?)\)`)
	out := map[casegraph.RelType]string{}
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "RelType" || v.Comment == nil || len(v.Values) != 1 {
				continue
			}
			lit, ok := v.Values[0].(*ast.BasicLit)
			if !ok {
				continue
			}
			name, _ := strconv.Unquote(lit.Value)
			if m := ends.FindStringSubmatch(strings.TrimSpace(v.Comment.Text())); m != nil {
				out[casegraph.RelType(name)] = m[1] + " → " + m[2]
			}
		}
	}
	return out
}

// ftmForms is how FtM writes each relationship type (ftm.go).
func ftmForms() map[casegraph.RelType]string {
	out := map[casegraph.RelType]string{}
	for schema, iv := range ftmInterval {
		out[iv.rel] = schema
	}
	for _, r := range ftmRefs {
		out[r.rel] = string(r.schema) + "." + r.prop
	}
	return out
}

// TestModelDocRelationships: the page lists every relationship type and no
// other, with model.go's direction and ftm.go's FtM form, and the
// properties every relationship has as the mapping and GraphQL know them.
func TestModelDocRelationships(t *testing.T) {
	secs := under(readModelDoc(t), "Relationships")
	if len(secs) == 0 {
		t.Fatal("docs/model.md has no ## Relationships")
	}
	tables := docTables(secs[0].body)
	if len(tables) != 2 {
		t.Fatalf("## Relationships has %d tables, want 2 (properties, types)", len(tables))
	}
	// The properties every relationship has: RelSpec's value fields.
	want := map[string]string{}
	edge := graphqlTypes(t)["Edge"]
	rt := reflect.TypeFor[RelSpec]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.Type != reflect.TypeFor[*ValueSpec]() {
			continue
		}
		want[tag] = docTypeOf[edge[tag]]
		if edge[tag] == "" {
			t.Errorf("relationship property %s is not a field of GraphQL's Edge", tag)
		}
	}
	got := map[string]string{}
	for _, row := range tables[0] {
		got[unquote(row["property"])] = row["type"]
	}
	if !maps.Equal(got, want) {
		t.Errorf("the page says every relationship has\n  %v\nthe mapping and GraphQL know\n  %v", got, want)
	}

	ends, forms := relEnds(t), ftmForms()
	listed := map[casegraph.RelType]bool{}
	for _, row := range tables[1] {
		rel := casegraph.RelType(unquote(row["type"]))
		if !rel.Valid() {
			t.Errorf("the page lists %q, which is not in casegraph.RelTypes", row["type"])
			continue
		}
		listed[rel] = true
		if got := unquote(row["from → to"]); got != ends[rel] {
			t.Errorf("%s: the page says %q, model.go says %q", rel, got, ends[rel])
		}
		if got := unquote(row["FtM"]); got != forms[rel] {
			t.Errorf("%s: the page's FtM form is %q, ftm.go's is %q", rel, got, forms[rel])
		}
		if row["meaning"] == "" {
			t.Errorf("%s: say what it means", rel)
		}
	}
	for _, rel := range casegraph.RelTypes {
		if !listed[rel] {
			t.Errorf("the page does not list %s", rel)
		}
	}
}

// TestModelDocExamples runs every worked example's mapping over its
// spreadsheet and compares the graph it makes with the page's.
func TestModelDocExamples(t *testing.T) {
	secs := under(readModelDoc(t), "Worked examples")
	if len(secs) < 6 {
		t.Fatalf("## Worked examples has %d examples, want 5", len(secs)-1)
	}
	gql := graphqlTypes(t)
	for _, sec := range secs[1:] {
		t.Run(sec.heading, func(t *testing.T) {
			fences := docFences(sec.body)
			if len(fences["csv"]) != 1 || len(fences["yaml"]) != 1 || len(fences["text"]) != 1 {
				t.Fatalf("want one csv, one yaml and one text block; have %d, %d, %d",
					len(fences["csv"]), len(fences["yaml"]), len(fences["text"]))
			}
			dir := t.TempDir()
			m, err := ParseMapping([]byte(fences["yaml"][0]), "example.yml", dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Inputs) != 1 {
				t.Fatalf("the example's mapping has %d inputs, want 1", len(m.Inputs))
			}
			checkTypedProperties(t, gql, m)
			if err := os.WriteFile(filepath.Join(dir, m.Inputs[0].File), []byte(fences["csv"][0]), 0o644); err != nil {
				t.Fatal(err)
			}
			reps, err := Run(context.Background(), refuseWrites{t}, m, Options{DryRun: true, PreviewLimit: 10_000})
			if err != nil {
				t.Fatal(err)
			}
			if r := reps[0]; r.Rejected > 0 || r.Loaded == 0 {
				t.Fatalf("loaded %d rows, rejected %d: %v", r.Loaded, r.Rejected, r.Errors)
			}
			if got, want := renderGraph(reps[0].Preview, reps[0].PreviewRels), fences["text"][0]; got != want {
				t.Errorf("the mapping makes\n%s\nthe page shows\n%s", got, want)
			}
		})
	}
}

// checkTypedProperties: an example reads each typed property of a schema
// with its type, so that the page teaches the right mapping.
func checkTypedProperties(t *testing.T, gql map[string]map[string]string, m *Mapping) {
	t.Helper()
	for _, e := range m.Inputs[0].Entities {
		typed := typedProperties(t, gql, e.Schema)
		for _, p := range e.Properties {
			want, ok := typed[p.Property]
			if !ok || want == "string" || want == "string list" {
				continue
			}
			if p.Type != want {
				t.Errorf("entity %s: %s.%s is read with type %q; write type: %s", e.Name, e.Schema, p.Property, p.Type, want)
			}
		}
	}
}

// refuseWrites is a Writer for dry runs, which write nothing.
type refuseWrites struct{ t *testing.T }

func (w refuseWrites) WriteBatch(context.Context, []casegraph.Entity, []casegraph.Relationship) error {
	w.t.Error("a dry run wrote to the graph")
	return nil
}

// renderGraph writes entities once each, in the order the rows make them,
// then links: `Company "OTP Bank Nyrt." {swift: OTPVHUHB}` and
// `BankAccount "HU42 …" -[ACCOUNT_AT]-> Company "OTP Bank Nyrt."`.
func renderGraph(ents []casegraph.Entity, rels []casegraph.Relationship) string {
	var b strings.Builder
	label := map[string]string{}
	for _, e := range ents {
		if _, seen := label[e.ID]; seen {
			continue
		}
		label[e.ID] = fmt.Sprintf("%s %q", e.Schema, e.Name)
		b.WriteString(label[e.ID])
		if len(e.Aliases) > 0 {
			fmt.Fprintf(&b, " aka %q", e.Aliases)
		}
		b.WriteString(renderProps(nil, e.Properties))
		b.WriteString("\n")
	}
	seen := map[string]bool{}
	for _, r := range rels {
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		var first []string
		for _, kv := range [][2]string{{"role", r.Role}, {"startDate", r.StartDate}, {"endDate", r.EndDate}} {
			if kv[1] != "" {
				first = append(first, kv[0]+": "+kv[1])
			}
		}
		attrs := strings.TrimPrefix(renderProps(first, r.Properties), " ")
		if attrs != "" {
			attrs = " " + attrs
		}
		fmt.Fprintf(&b, "%s -[%s%s]-> %s\n", label[r.SourceID], r.Type, attrs, label[r.TargetID])
	}
	return b.String()
}

// renderProps is " {key: value, …}": first as given, then props by key.
func renderProps(first []string, props map[string]any) string {
	parts := slices.Clone(first)
	keys := slices.Collect(maps.Keys(props))
	sort.Strings(keys)
	for _, k := range keys {
		var v string
		switch x := props[k].(type) {
		case float64:
			v = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			v = fmt.Sprint(x)
		}
		parts = append(parts, k+": "+v)
	}
	if len(parts) == 0 {
		return ""
	}
	return " {" + strings.Join(parts, ", ") + "}"
}
