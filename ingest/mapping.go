package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest/parse"
	"gopkg.in/yaml.v3"
)

// Mapping is a parsed, validated mapping file (see docs/mapping.md).
type Mapping struct {
	Dataset string       `yaml:"dataset"`
	Source  SourceSpec   `yaml:"source"`
	Options ParseOptions `yaml:"options"`
	Inputs  []*Input     `yaml:"inputs"`

	Name   string `yaml:"-"` // file name, for errors and the job record
	Dir    string `yaml:"-"` // folder that input files are relative to
	SHA256 string `yaml:"-"` // of the mapping's bytes: part of the job id
}

// SourceSpec is the document everything in the mapping is known from.
type SourceSpec struct {
	ID          string `yaml:"id"`
	Title       string `yaml:"title"`
	URL         string `yaml:"url"`
	Publisher   string `yaml:"publisher"`
	PublishedAt string `yaml:"publishedAt"`
}

// ParseOptions are parsing defaults; an input's own options override them.
type ParseOptions struct {
	// DateFormats are date patterns tried in order, each a Unicode
	// pattern (dd/MM/yyyy), a strftime pattern (%d.%m.%Y) or a Go layout
	// (02/01/2006): see parse.ParseDateFormat.
	DateFormats  []string `yaml:"dateFormats"`
	DecimalComma *bool    `yaml:"decimalComma"`
	Separator    string   `yaml:"separator"`
	line         int
}

// Input is one file (or sheet) and what its rows become.
type Input struct {
	Name          string      `yaml:"name"`
	File          string      `yaml:"file"`
	Format        string      `yaml:"format"`
	Delimiter     string      `yaml:"delimiter"`
	Encoding      string      `yaml:"encoding"`
	Sheet         string      `yaml:"sheet"`
	HeaderRow     int         `yaml:"headerRow"`
	Filter        []Condition `yaml:"filter"`
	Entities      EntitySpecs `yaml:"entities"`
	Relationships []*RelSpec  `yaml:"relationships"`
	// RowSource names one of the entities (of schema Source) as each
	// row's own source: everything the row makes cites it too.
	RowSource string        `yaml:"rowSource"`
	Options   *ParseOptions `yaml:"options"`
	line      int
}

// Condition keeps a row only if it holds.
type Condition struct {
	Column   string   `yaml:"column"`
	NotEmpty bool     `yaml:"notEmpty"`
	Equals   *string  `yaml:"equals"`
	In       []string `yaml:"in"`
	Prefix   string   `yaml:"prefix"`
	line     int
}

// EntitySpec says how a row makes one entity.
type EntitySpec struct {
	Name       string
	Schema     string      `yaml:"schema"`
	Keys       []string    `yaml:"keys"`
	ID         string      `yaml:"id"`
	RawID      bool        `yaml:"rawId"`
	Required   []string    `yaml:"required"`
	When       []Condition `yaml:"when"`
	Properties ValueSpecs  `yaml:"properties"`
	line       int
}

// EntitySpecs keeps entities in the order the file lists them.
type EntitySpecs []*EntitySpec

// RelSpec says how a row makes one relationship between two of its entities.
type RelSpec struct {
	Type       string     `yaml:"type"`
	From       string     `yaml:"from"`
	To         string     `yaml:"to"`
	Role       *ValueSpec `yaml:"role"`
	StartDate  *ValueSpec `yaml:"startDate"`
	EndDate    *ValueSpec `yaml:"endDate"`
	Properties ValueSpecs `yaml:"properties"`
	line       int
}

// ValueSpec says where a value comes from and how to parse it.
type ValueSpec struct {
	Property string    `yaml:"-"`
	Column   string    `yaml:"column"`
	Columns  []string  `yaml:"columns"`
	Join     *string   `yaml:"join"`
	Literal  *string   `yaml:"literal"`
	Type     string    `yaml:"type"`
	Split    splitSpec `yaml:"split"`
	Formats  []string  `yaml:"formats"`
	Required bool      `yaml:"required"`
	line     int
}

// ValueSpecs keeps properties in the order the file lists them.
type ValueSpecs []*ValueSpec

// MappingError is a problem in the mapping file, with the line it is on.
type MappingError struct {
	File string
	Line int
	Msg  string
}

func (e *MappingError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Code classifies the error for casegraph.ErrorCode: the mapping is the
// sender's to fix.
func (e *MappingError) Code() string { return casegraph.EINVALID }

// LoadMapping reads and validates a mapping file.
func LoadMapping(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading mapping: %w", err)
	}
	abs, _ := filepath.Abs(path)
	return ParseMapping(data, filepath.Base(path), filepath.Dir(abs))
}

// Limits on a mapping. Real mappings are a few KB with a few hundred
// nodes (examples/backpage: 11 KB); these leave a hundredfold room.
const (
	MaxMappingBytes = 1 << 20
	// MaxAliasNodes bounds how many nodes aliases (*name) add to the
	// mapping once expanded: the custom decoders below decode each part
	// with a decoder of its own, out of reach of yaml.v3's guard against
	// alias bombs ("billion laughs").
	MaxAliasNodes = 100_000
)

// ParseMapping parses and validates a mapping; name is used in errors and
// dir is the folder relative input files are looked for in.
func ParseMapping(data []byte, name, dir string) (*Mapping, error) {
	if len(data) > MaxMappingBytes {
		return nil, &MappingError{File: name, Msg: fmt.Sprintf("the mapping is larger than %d KB, the most a mapping may be: is it the right file?",
			MaxMappingBytes>>10)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if line, loop, ok := aliasesWithin(&root, MaxAliasNodes); loop {
		return nil, &MappingError{File: name, Line: line, Msg: "this alias (*name) is inside the node it names, which would repeat it forever"}
	} else if !ok {
		return nil, &MappingError{File: name, Line: line, Msg: fmt.Sprintf(
			"the aliases (*name) in the mapping add more than %d nodes to it once expanded; write it out without aliases, or with fewer",
			MaxAliasNodes)}
	}
	m := &Mapping{Name: name, Dir: dir}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(m); err != nil {
		return nil, yamlError(name, err)
	}
	sum := sha256.Sum256(data)
	m.SHA256 = hex.EncodeToString(sum[:])
	if err := m.validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// aliasesWithin says whether expanding root's aliases adds at most limit
// nodes and none of them names a node it is in (yaml.v3 builds such a loop
// as it is), and if not the line of the alias at fault. Each anchored
// node's size is counted once and remembered, and the count saturates at
// the limit, so refusing a bomb costs no more than reading a small mapping.
func aliasesWithin(root *yaml.Node, limit int) (line int, loop, ok bool) {
	const inProgress = -1
	sizes := map[*yaml.Node]int{} // expanded size of anchored nodes
	added := 0
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if s, ok := sizes[n]; ok {
			return s
		}
		if n.Anchor != "" {
			sizes[n] = inProgress
		}
		total := 1
		for _, c := range n.Content {
			total = min(total+size(c), limit+1)
			if added > limit {
				return limit + 1
			}
		}
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			s := size(n.Alias)
			if s == inProgress {
				s, loop = limit+1, true // infinite
			}
			added += s
			if added > limit {
				line = n.Line
				return limit + 1
			}
			total = min(total+s, limit+1)
		}
		if n.Anchor != "" {
			sizes[n] = total
		}
		return total
	}
	size(root)
	return line, loop, added <= limit
}

// yamlError turns yaml.v3's messages ("yaml: line 7: …") into file:line form.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) {
		msg = strings.Join(te.Errors, "; ")
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		if yamlParserErrors[msg] {
			// yaml.v3 gives these the 0-based line of the block or list
			// they are in; its scanner's errors are 1-based.
			line++
			msg += " (in the block or list that starts on this line)"
		}
	} else if msg == "EOF" {
		msg = "the mapping file is empty"
	}
	return &MappingError{File: name, Line: line, Msg: msg}
}

// yamlParserErrors are the yaml.v3 parser's (not scanner's) messages that
// come with a line: see yaml.v3 parserc.go and (*parser).fail.
var yamlParserErrors = map[string]bool{
	"did not find expected node content":  true,
	"did not find expected '-' indicator": true,
	"did not find expected key":           true,
	"did not find expected ',' or ']'":    true,
	"did not find expected ',' or '}'":    true,
	"found undefined tag handle":          true,
}

func (s *EntitySpecs) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: entities must be a map from a name to an entity", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		spec := &EntitySpec{Name: k.Value, line: k.Line}
		if err := checkKeys(v, spec); err != nil {
			return err
		}
		if err := v.Decode((*entitySpecFields)(spec)); err != nil {
			return err
		}
		*s = append(*s, spec)
	}
	return nil
}

// entitySpecFields decodes an EntitySpec's own fields.
type entitySpecFields EntitySpec

func (s *ValueSpecs) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: properties must be a map from a property name to a value", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		spec := &ValueSpec{}
		if err := v.Decode(spec); err != nil {
			return err
		}
		spec.Property = k.Value
		*s = append(*s, spec)
	}
	return nil
}

// UnmarshalYAML accepts a bare column name or a full spec.
func (v *ValueSpec) UnmarshalYAML(n *yaml.Node) error {
	v.line = n.Line
	if n.Kind == yaml.ScalarNode {
		v.Column = n.Value
		return nil
	}
	if err := checkKeys(n, v); err != nil {
		return err
	}
	type fields ValueSpec
	return n.Decode((*fields)(v))
}

// UnmarshalYAML refuses unknown keys: an input's own options are decoded
// out of reach of KnownFields.
func (o *ParseOptions) UnmarshalYAML(n *yaml.Node) error {
	if err := checkKeys(n, o); err != nil {
		return err
	}
	type fields ParseOptions
	o.line = n.Line
	return n.Decode((*fields)(o))
}

func (in *Input) UnmarshalYAML(n *yaml.Node) error {
	if err := checkKeys(n, in); err != nil {
		return err
	}
	type fields Input
	if err := n.Decode((*fields)(in)); err != nil {
		return err
	}
	in.line = n.Line
	return nil
}

func (c *Condition) UnmarshalYAML(n *yaml.Node) error {
	if err := checkKeys(n, c); err != nil {
		return err
	}
	type fields Condition
	if err := n.Decode((*fields)(c)); err != nil {
		return err
	}
	c.line = n.Line
	return nil
}

func (r *RelSpec) UnmarshalYAML(n *yaml.Node) error {
	if err := checkKeys(n, r); err != nil {
		return err
	}
	type fields RelSpec
	if err := n.Decode((*fields)(r)); err != nil {
		return err
	}
	r.line = n.Line
	return nil
}

// checkKeys refuses keys that v's struct does not know. yaml.v3's
// KnownFields does not reach into custom unmarshalers, so they call this.
func checkKeys(n *yaml.Node, v any) error {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	t := reflect.TypeOf(v).Elem()
	known := map[string]bool{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag != "" && tag != "-" {
			known[tag] = true
			names = append(names, tag)
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !known[k.Value] {
			return fmt.Errorf("line %d: unknown field %q (known here: %s)", k.Line, k.Value, strings.Join(names, ", "))
		}
	}
	return nil
}

// splitSpec is a value's separator: a string, or true for the default one.
type splitSpec string

const defaultSplit splitSpec = "\x00default"

func (s *splitSpec) UnmarshalYAML(n *yaml.Node) error {
	switch {
	case n.Tag == "!!bool" && n.Value == "true":
		*s = defaultSplit
	case n.Tag == "!!bool":
		*s = ""
	default:
		*s = splitSpec(n.Value)
	}
	return nil
}

var valueTypes = map[string]bool{"": true, "string": true, "date": true, "amount": true,
	"number": true, "integer": true, "bool": true, "outcome": true}

var formats = map[string]bool{"": true, "csv": true, "xlsx": true, "ftm": true}

// validate checks everything that can be checked before reading a row.
func (m *Mapping) validate() error {
	fail := func(line int, format string, args ...any) error {
		return &MappingError{File: m.Name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(m.Dataset) == "" {
		return fail(0, "dataset is required (a short name such as \"backpage\"; it namespaces the ids)")
	}
	if m.Source.Title == "" && m.Source.URL == "" {
		return fail(0, "source needs at least a title or a url: every fact must cite where it comes from")
	}
	if m.Source.URL != "" {
		if err := checkWebURL(m.Source.URL); err != nil {
			return fail(0, "source url: %v", err)
		}
	}
	if len(m.Inputs) == 0 {
		return fail(0, "inputs is empty: name at least one file")
	}
	if err := m.checkDateFormats(m.Options.line, "options.dateFormats", m.Options.DateFormats); err != nil {
		return err
	}
	for _, in := range m.Inputs {
		if in.File == "" && in.Name == "" {
			return fail(in.line, "an input needs a file")
		}
		if in.Name == "" {
			in.Name = filepath.Base(in.File)
		}
		if in.Options != nil {
			if err := m.checkDateFormats(in.Options.line, fmt.Sprintf("input %q options.dateFormats", in.Name), in.Options.DateFormats); err != nil {
				return err
			}
		}
		in.Format = strings.ToLower(in.Format)
		if !formats[in.Format] {
			return fail(in.line, "input %q: format must be csv, xlsx or ftm, not %q", in.Name, in.Format)
		}
		if in.Format == "" {
			in.Format = formatOf(in.File)
		}
		switch strings.ToLower(in.Encoding) {
		case "", "utf-8", "utf8", "latin-1", "latin1", "iso-8859-1":
		default:
			return fail(in.line, "input %q: encoding must be utf-8 or latin-1, not %q", in.Name, in.Encoding)
		}
		if len([]rune(in.Delimiter)) > 1 && in.Delimiter != `\t` {
			return fail(in.line, "input %q: delimiter must be one character", in.Name)
		}
		if in.HeaderRow < 0 {
			return fail(in.line, "input %q: headerRow is 1-based", in.Name)
		}
		for _, c := range in.Filter {
			if c.Column == "" {
				return fail(c.line, "input %q: a filter condition needs a column", in.Name)
			}
		}
		for _, e := range in.Entities {
			for _, c := range e.When {
				if c.Column == "" {
					return fail(c.line, "entity %q: a when condition needs a column", e.Name)
				}
			}
		}
		if in.Format == "ftm" {
			if len(in.Entities) > 0 || len(in.Relationships) > 0 {
				return fail(in.line, "input %q: FollowTheMoney input maps itself; remove entities and relationships", in.Name)
			}
			continue
		}
		if len(in.Entities) == 0 {
			return fail(in.line, "input %q has no entities", in.Name)
		}
		names := map[string]bool{}
		for _, e := range in.Entities {
			if names[e.Name] {
				return fail(e.line, "input %q: entity %q is defined twice", in.Name, e.Name)
			}
			names[e.Name] = true
			sc := casegraph.Schema(e.Schema)
			if !sc.Valid() || sc == casegraph.IngestJob {
				return fail(e.line, "entity %q: unknown schema %q (use one of %s)", e.Name, e.Schema, schemaList())
			}
			if len(e.Keys) == 0 && e.ID == "" {
				return fail(e.line, "entity %q needs keys (columns that identify it) or an id column", e.Name)
			}
			if len(e.Keys) > 0 && e.ID != "" {
				return fail(e.line, "entity %q has both keys and id; use one", e.Name)
			}
			for _, p := range e.Properties {
				if err := m.checkValue(p, "entity "+e.Name+" property "+p.Property); err != nil {
					return err
				}
				if reserved[p.Property] {
					return fail(p.line, "entity %q: property %q is set by casegraph, not by a mapping", e.Name, p.Property)
				}
			}
		}
		if in.RowSource != "" {
			e := in.entity(in.RowSource)
			switch {
			case e == nil:
				return fail(in.line, "input %q: rowSource %q names no entity of this input", in.Name, in.RowSource)
			case casegraph.Schema(e.Schema) != casegraph.Source:
				return fail(e.line, "input %q: rowSource %q is a %s; a row's source must be of schema Source", in.Name, in.RowSource, e.Schema)
			}
		}
		for _, r := range in.Relationships {
			if !casegraph.RelType(r.Type).Valid() {
				return fail(r.line, "relationship: unknown type %q (use one of %s)", r.Type, relTypeList())
			}
			if !names[r.From] || !names[r.To] {
				return fail(r.line, "relationship %s: from %q and to %q must name entities of input %q", r.Type, r.From, r.To, in.Name)
			}
			for _, v := range []*ValueSpec{r.Role, r.StartDate, r.EndDate} {
				if v != nil {
					if err := m.checkValue(v, "relationship "+r.Type); err != nil {
						return err
					}
				}
			}
			for _, p := range r.Properties {
				if err := m.checkValue(p, "relationship "+r.Type+" property "+p.Property); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// entity is the input's entity spec of that name, or nil.
func (in *Input) entity(name string) *EntitySpec {
	for _, e := range in.Entities {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// reserved are the properties casegraph writes itself.
var reserved = map[string]bool{"id": true, "schema": true, "sourceIds": true, "jobIds": true, "aliasText": true}

func (m *Mapping) checkValue(v *ValueSpec, what string) error {
	fail := func(format string, args ...any) error {
		return &MappingError{File: m.Name, Line: v.line, Msg: what + ": " + fmt.Sprintf(format, args...)}
	}
	set := 0
	if v.Column != "" {
		set++
	}
	if len(v.Columns) > 0 {
		set++
	}
	if v.Literal != nil {
		set++
	}
	if set != 1 {
		return fail("give exactly one of column, columns or literal")
	}
	if !valueTypes[v.Type] {
		return fail("unknown type %q (use string, date, amount, number, integer, bool or outcome)", v.Type)
	}
	return m.checkDateFormats(v.line, what+": formats", v.Formats)
}

// checkDateFormats refuses a date pattern that cannot be read, naming it
// and the pattern languages accepted.
func (m *Mapping) checkDateFormats(line int, what string, formats []string) error {
	if _, err := parse.NewDateParser(formats); err != nil {
		return &MappingError{File: m.Name, Line: line, Msg: what + ": " + err.Error()}
	}
	return nil
}

func formatOf(file string) string {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".json", ".jsonl", ".ftm", ".ndjson":
		return "ftm"
	default:
		return "csv"
	}
}

func schemaList() string {
	var names []string
	for _, s := range casegraph.Schemata {
		if s != casegraph.IngestJob {
			names = append(names, string(s))
		}
	}
	return strings.Join(names, ", ")
}

func relTypeList() string {
	var names []string
	for _, t := range casegraph.RelTypes {
		names = append(names, string(t))
	}
	return strings.Join(names, ", ")
}

// options merges an input's options over the mapping's, with defaults.
func (m *Mapping) options(in *Input) (formats []string, decimalComma bool, sep string) {
	o := m.Options
	if in.Options != nil {
		if len(in.Options.DateFormats) > 0 {
			o.DateFormats = in.Options.DateFormats
		}
		if in.Options.DecimalComma != nil {
			o.DecimalComma = in.Options.DecimalComma
		}
		if in.Options.Separator != "" {
			o.Separator = in.Options.Separator
		}
	}
	if o.DecimalComma != nil {
		decimalComma = *o.DecimalComma
	}
	sep = o.Separator
	if sep == "" {
		sep = ";"
	}
	return o.DateFormats, decimalComma, sep
}
