package ingest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest/parse"
)

// RowError is one rejected row: where, which value, and why.
type RowError struct {
	File   string
	Sheet  string
	Row    int
	Column string
	Value  string
	Reason string
	// cause is the error Reason is the text of, when there is one (a
	// *parse.DateError for a date no pattern read): the summary per
	// column reads it.
	cause error
}

// Unwrap is the error that made the row fail, if it is known.
func (e *RowError) Unwrap() error { return e.cause }

func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(" sheet " + e.Sheet)
	}
	fmt.Fprintf(&b, " row %d", e.Row)
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	if e.Value != "" {
		v := e.Value
		if len(v) > 80 {
			v = v[:77] + "..."
		}
		fmt.Fprintf(&b, ", value %q", v)
	}
	return b.String() + ": " + e.Reason
}

// compiled is an input bound to a header: every column resolved to an index.
type compiled struct {
	m        *Mapping
	in       *Input
	header   []string
	filters  []compiledFilter
	entities []compiledEntity
	rels     []compiledRel
	sourceID string
	// rowSource is the entity (an index into entities) that is each
	// row's own source, or -1.
	rowSource int
	xlsx      bool
	// parse options
	dates        *parse.DateParser // options.dateFormats
	decimalComma bool
	separator    string
	// dateCols samples every column read as dates (see infer.go).
	dateCols []*dateSampler
}

type compiledFilter struct {
	col  int
	cond *Condition
}

type compiledEntity struct {
	spec     *EntitySpec
	when     []compiledFilter
	schema   casegraph.Schema
	keys     []int
	idCol    int
	required []int
	props    []compiledValue
}

type compiledValue struct {
	spec *ValueSpec
	cols []int
	// dates reads the value when it is a date: its own formats, else the
	// options' (nil for other types); sample records what it read.
	dates  *parse.DateParser
	sample *dateSampler
}

type compiledRel struct {
	spec      *RelSpec
	from, to  int // indexes into entities
	role      *compiledValue
	startDate *compiledValue
	endDate   *compiledValue
	props     []compiledValue
}

// compile resolves the input's columns against header, failing before any
// row is read if the mapping names a column the file does not have.
func compile(m *Mapping, in *Input, header []string, sourceID string) (*compiled, error) {
	c := &compiled{m: m, in: in, header: header, sourceID: sourceID, xlsx: in.Format == "xlsx", rowSource: -1}
	var dateFormats []string
	dateFormats, c.decimalComma, c.separator = m.options(in)
	var err error
	if c.dates, err = parse.NewDateParser(dateFormats); err != nil {
		// validate checked them; this is a mapping built in code
		return nil, &MappingError{File: m.Name, Line: in.line, Msg: "dateFormats: " + err.Error()}
	}
	samplers := map[string]*dateSampler{}
	index := map[string]int{}
	dups := map[string][]string{} // 1-based positions of names the header repeats
	for i, h := range header {
		key := normColumn(h)
		if first, dup := index[key]; !dup {
			index[key] = i
		} else {
			if len(dups[key]) == 0 {
				dups[key] = []string{strconv.Itoa(first + 1)}
			}
			dups[key] = append(dups[key], strconv.Itoa(i+1))
		}
	}
	col := func(name string, line int, what string) (int, error) {
		if i, ok := index[normColumn(name)]; ok {
			if d := dups[normColumn(name)]; len(d) > 0 {
				return 0, &MappingError{File: m.Name, Line: line, Msg: fmt.Sprintf(
					"%s: column %q is in the header of %s more than once (columns %s): rename them so the mapping can tell them apart",
					what, name, in.Name, strings.Join(d, " and "))}
			}
			return i, nil
		}
		return 0, &MappingError{File: m.Name, Line: line, Msg: fmt.Sprintf(
			"%s: column %q is not in %s (its columns are: %s)", what, name, in.Name, strings.Join(header, ", "))}
	}
	value := func(v *ValueSpec, what string) (compiledValue, error) {
		cv := compiledValue{spec: v}
		names := v.Columns
		if v.Column != "" {
			names = []string{v.Column}
		}
		for _, n := range names {
			i, err := col(n, v.line, what)
			if err != nil {
				return cv, err
			}
			cv.cols = append(cv.cols, i)
		}
		if v.Type == "date" {
			cv.dates = c.dates
			formats := dateFormats
			if len(v.Formats) > 0 {
				formats = v.Formats
				if cv.dates, err = parse.NewDateParser(v.Formats); err != nil {
					return cv, &MappingError{File: m.Name, Line: v.line, Msg: what + ": formats: " + err.Error()}
				}
			}
			if v.Literal == nil {
				cv.sample = c.sampler(samplers, names, formats)
			}
		}
		return cv, nil
	}
	conditions := func(conds []Condition, what string) ([]compiledFilter, error) {
		var out []compiledFilter
		for i := range conds {
			f := &conds[i]
			col, err := col(f.Column, f.line, what)
			if err != nil {
				return nil, err
			}
			out = append(out, compiledFilter{col, f})
		}
		return out, nil
	}
	if c.filters, err = conditions(in.Filter, "filter"); err != nil {
		return nil, err
	}
	byName := map[string]int{}
	for _, e := range in.Entities {
		ce := compiledEntity{spec: e, schema: casegraph.Schema(e.Schema), idCol: -1}
		what := "entity " + e.Name
		if ce.when, err = conditions(e.When, what+" when"); err != nil {
			return nil, err
		}
		for _, k := range e.Keys {
			i, err := col(k, e.line, what+" keys")
			if err != nil {
				return nil, err
			}
			ce.keys = append(ce.keys, i)
		}
		if e.ID != "" {
			i, err := col(e.ID, e.line, what+" id")
			if err != nil {
				return nil, err
			}
			ce.idCol = i
		}
		for _, r := range e.Required {
			i, err := col(r, e.line, what+" required")
			if err != nil {
				return nil, err
			}
			ce.required = append(ce.required, i)
		}
		for _, p := range e.Properties {
			cv, err := value(p, what+" property "+p.Property)
			if err != nil {
				return nil, err
			}
			ce.props = append(ce.props, cv)
		}
		byName[e.Name] = len(c.entities)
		if e.Name == in.RowSource {
			c.rowSource = len(c.entities)
		}
		c.entities = append(c.entities, ce)
	}
	for _, r := range in.Relationships {
		cr := compiledRel{spec: r, from: byName[r.From], to: byName[r.To]}
		what := "relationship " + r.Type
		for _, pair := range []struct {
			spec *ValueSpec
			dst  **compiledValue
		}{{r.Role, &cr.role}, {r.StartDate, &cr.startDate}, {r.EndDate, &cr.endDate}} {
			if pair.spec == nil {
				continue
			}
			spec := pair.spec
			if dst := pair.dst; (dst == &cr.startDate || dst == &cr.endDate) && spec.Type == "" {
				// a relationship's dates are dates unless typed otherwise
				dated := *spec
				dated.Type = "date"
				spec = &dated
			}
			cv, err := value(spec, what)
			if err != nil {
				return nil, err
			}
			*pair.dst = &cv
		}
		for _, p := range r.Properties {
			cv, err := value(p, what+" property "+p.Property)
			if err != nil {
				return nil, err
			}
			cr.props = append(cr.props, cv)
		}
		c.rels = append(c.rels, cr)
	}
	return c, nil
}

func normColumn(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(s, "\ufeff")), " "))
}

// keep applies the input's filter.
func (c *compiled) keep(row []string) bool { return holds(c.filters, row) }

// holds reports whether every condition holds for the row.
func holds(conds []compiledFilter, row []string) bool {
	for _, f := range conds {
		v := cleanCell(cell(row, f.col))
		switch {
		case f.cond.NotEmpty && v == "":
			return false
		case f.cond.Equals != nil && !strings.EqualFold(v, *f.cond.Equals):
			return false
		case len(f.cond.In) > 0 && !containsFold(f.cond.In, v):
			return false
		case f.cond.Prefix != "" && !strings.HasPrefix(strings.ToLower(v), strings.ToLower(f.cond.Prefix)):
			return false
		}
	}
	return true
}

// cleanCell is a cell as text (see parse.Text: trimmed, control characters
// removed), so that a cell of nothing else is empty everywhere; a cell
// that is not UTF-8 is only trimmed.
func cleanCell(s string) string {
	t, err := parse.Text(s)
	if err != nil {
		return strings.TrimSpace(s)
	}
	return t
}

func containsFold(list []string, v string) bool {
	for _, s := range list {
		if strings.EqualFold(strings.TrimSpace(s), v) {
			return true
		}
	}
	return false
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// rowResult is what one good row becomes.
type rowResult struct {
	entities []casegraph.Entity
	rels     []casegraph.Relationship
}

// apply maps one row. A bad value rejects the whole row: half a row would
// be a graph that says less than the sheet, silently.
func (c *compiled) apply(row []string, rowNum int) (rowResult, *RowError) {
	var out rowResult
	fail := func(col int, cause error) (rowResult, *RowError) {
		e := &RowError{Row: rowNum, Reason: cause.Error(), cause: cause}
		if col >= 0 {
			e.Column = cell(c.header, col)
			e.Value = cell(row, col)
		}
		return rowResult{}, e
	}
	ids := make([]string, len(c.entities))
	for ei, ce := range c.entities {
		if !holds(ce.when, row) {
			continue // this row does not make that entity; its links are skipped too
		}
		for _, r := range ce.required {
			if cleanCell(cell(row, r)) == "" {
				return fail(r, fmt.Errorf("required for %s is empty", ce.spec.Name))
			}
		}
		id, col, err := c.entityID(ce, row)
		if err != nil {
			return fail(col, err)
		}
		if id == "" {
			continue // no key values: this row does not mention that entity
		}
		ids[ei] = id
		e := casegraph.Entity{ID: id, Schema: ce.schema, Properties: map[string]any{},
			SourceIDs: []string{c.sourceID}}
		var foundCurrency string
		for _, p := range ce.props {
			v, cur, col, err := c.value(p, row)
			if err != nil {
				return fail(col, err)
			}
			if cur != "" {
				foundCurrency = cur
			}
			if v == nil {
				continue
			}
			switch p.spec.Property {
			case "name":
				e.Name = fmt.Sprint(firstOf(v))
			case "aliases":
				e.Aliases = append(e.Aliases, asStrings(v)...)
			default:
				if err := checkURLValues(p.spec.Property, v); err != nil {
					return fail(col, err)
				}
				e.Properties[p.spec.Property] = v
			}
		}
		if _, has := e.Properties["currency"]; !has && foundCurrency != "" {
			e.Properties["currency"] = foundCurrency
		}
		out.entities = append(out.entities, e)
	}
	for _, cr := range c.rels {
		from, to := ids[cr.from], ids[cr.to]
		if from == "" || to == "" {
			continue
		}
		r := casegraph.Relationship{Type: casegraph.RelType(cr.spec.Type), SourceID: from, TargetID: to,
			Properties: map[string]any{}, SourceIDs: []string{c.sourceID}}
		r.ID = hashID(c.m.Dataset, strings.ToLower(cr.spec.Type), from, to)
		for _, pair := range []struct {
			v   *compiledValue
			dst *string
		}{{cr.role, &r.Role}, {cr.startDate, &r.StartDate}, {cr.endDate, &r.EndDate}} {
			if pair.v == nil {
				continue
			}
			v, _, col, err := c.value(*pair.v, row)
			if err != nil {
				return fail(col, err)
			}
			if v != nil {
				*pair.dst = fmt.Sprint(firstOf(v))
			}
		}
		for _, p := range cr.props {
			v, _, col, err := c.value(p, row)
			if err != nil {
				return fail(col, err)
			}
			if v != nil {
				r.Properties[p.spec.Property] = v
			}
		}
		out.rels = append(out.rels, r)
	}
	// The row's own source, when it names one, is cited by everything else
	// the row makes, after the mapping's source.
	if c.rowSource >= 0 && ids[c.rowSource] != "" {
		rs := ids[c.rowSource]
		for i := range out.entities {
			if out.entities[i].ID != rs {
				out.entities[i].SourceIDs = append(out.entities[i].SourceIDs, rs)
			}
		}
		for i := range out.rels {
			out.rels[i].SourceIDs = append(out.rels[i].SourceIDs, rs)
		}
	}
	return out, nil
}

// entityID derives the stable id: from the id column, or by hashing the
// dataset, schema and normalised key values. "" means no key values.
func (c *compiled) entityID(ce compiledEntity, row []string) (string, int, error) {
	if ce.idCol >= 0 {
		raw, err := parse.Text(cell(row, ce.idCol))
		if err != nil {
			return "", ce.idCol, err
		}
		if raw == "" {
			return "", -1, nil
		}
		if ce.spec.RawID {
			return raw, -1, nil
		}
		return c.m.Dataset + "-" + raw, -1, nil
	}
	parts := make([]string, 0, len(ce.keys)+2)
	parts = append(parts, c.m.Dataset, string(ce.schema))
	empty := true
	for _, k := range ce.keys {
		v, err := parse.Text(cell(row, k))
		if err != nil {
			return "", k, err
		}
		if v != "" {
			empty = false
		}
		parts = append(parts, strings.ToLower(v))
	}
	if empty {
		return "", -1, nil
	}
	return hashID(c.m.Dataset, strings.ToLower(string(ce.schema)), parts[2:]...), -1, nil
}

// hashID makes "<dataset>-<kind>-<16 hex>" from the parts.
func hashID(dataset, kind string, parts ...string) string {
	h := sha1.New()
	h.Write([]byte(dataset + "\x1f" + kind))
	for _, p := range parts {
		h.Write([]byte{0x1f})
		h.Write([]byte(p))
	}
	return dataset + "-" + kind + "-" + hex.EncodeToString(h.Sum(nil))[:16]
}

// value reads and parses one value spec. It returns nil for an absent
// value, the currency an amount carried, and the column to blame on error.
func (c *compiled) value(v compiledValue, row []string) (any, string, int, error) {
	spec := v.spec
	if spec.Literal != nil {
		out, cur, err := c.typed(&v, *spec.Literal)
		return out, cur, -1, err
	}
	var raw string
	blame := -1
	if len(v.cols) == 1 {
		blame = v.cols[0]
		raw = cell(row, blame)
	} else {
		join := " "
		if spec.Join != nil {
			join = *spec.Join
		}
		var parts []string
		for _, i := range v.cols {
			t, err := parse.Text(cell(row, i))
			if err != nil {
				return nil, "", i, err
			}
			if t != "" {
				parts = append(parts, t)
			}
		}
		raw = strings.Join(parts, join)
	}
	if len(raw) > MaxCellBytes {
		return nil, "", blame, fmt.Errorf("the cell is larger than %d KB", MaxCellBytes>>10)
	}
	sep := string(spec.Split)
	if spec.Split == defaultSplit {
		sep = c.separator
	}
	if sep != "" {
		var list []any
		var cur string
		for _, piece := range strings.Split(raw, sep) {
			out, cc, err := c.typed(&v, piece)
			if err != nil {
				return nil, "", blame, err
			}
			if cc != "" {
				cur = cc
			}
			if out != nil {
				list = append(list, out)
			}
		}
		if len(list) == 0 {
			if spec.Required {
				return nil, "", blame, fmt.Errorf("a value is required")
			}
			return nil, "", blame, nil
		}
		return homogeneous(list), cur, blame, nil
	}
	out, cur, err := c.typed(&v, raw)
	if err == nil && out == nil && spec.Required {
		err = fmt.Errorf("a value is required")
	}
	return out, cur, blame, err
}

// typed parses one raw string by the spec's type; nil means empty.
func (c *compiled) typed(v *compiledValue, raw string) (any, string, error) {
	spec := v.spec
	text, err := parse.Text(raw)
	if err != nil {
		return nil, "", err
	}
	if text == "" {
		return nil, "", nil
	}
	switch spec.Type {
	case "", "string":
		return text, "", nil
	case "date":
		dates := v.dates
		if dates == nil { // a date spec compiled without its parser
			dates = c.dates
		}
		d, err := dates.Parse(text)
		if err != nil && c.xlsx {
			// An XLSX date cell arrives as its serial number. Text comes
			// first so that a text cell "2021" stays the year 2021.
			if f, ferr := strconv.ParseFloat(text, 64); ferr == nil {
				return parseSerial(f)
			}
		}
		v.sample.record(text, err == nil)
		return d, "", err
	case "amount":
		v, cur, err := parse.Amount(text, c.decimalComma)
		return v, cur, err
	case "number":
		v, err := parse.Number(text, c.decimalComma)
		return v, "", err
	case "integer":
		v, err := parse.Integer(text)
		return v, "", err
	case "bool":
		v, err := parse.Bool(text)
		return v, "", err
	case "outcome":
		v, err := parse.Outcome(text)
		return v, "", err
	}
	return nil, "", fmt.Errorf("unknown type %q", spec.Type)
}

func parseSerial(f float64) (any, string, error) {
	d, err := parse.ExcelSerial(f)
	return d, "", err
}

// homogeneous turns a parsed list into the typed slice Neo4j stores.
func homogeneous(list []any) any {
	switch list[0].(type) {
	case string:
		out := make([]string, 0, len(list))
		for _, v := range list {
			out = append(out, fmt.Sprint(v))
		}
		return out
	case float64:
		out := make([]float64, 0, len(list))
		for _, v := range list {
			f, _ := v.(float64)
			out = append(out, f)
		}
		return out
	case int64:
		out := make([]int64, 0, len(list))
		for _, v := range list {
			n, _ := v.(int64)
			out = append(out, n)
		}
		return out
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

func firstOf(v any) any {
	switch l := v.(type) {
	case []string:
		return l[0]
	case []float64:
		return l[0]
	case []int64:
		return l[0]
	}
	return v
}

func asStrings(v any) []string {
	switch l := v.(type) {
	case []string:
		return l
	case string:
		return []string{l}
	}
	return []string{fmt.Sprint(v)}
}
