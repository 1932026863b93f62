package ingest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// BulkArrayDelimiter separates the items of a list in the importer's CSV
// files (the importer's --array-delimiter=U+001F): a control character,
// which no value read through parse.Text can hold; a value that does is
// refused.
const BulkArrayDelimiter = '\x1f'

// BulkArrayDelimiterFlag is BulkArrayDelimiter as the importer's option.
const BulkArrayDelimiterFlag = "U+001F"

// csvFiles writes the importer's CSV files: one file per shape (labels and
// property columns with their types for nodes; type and property columns
// for relationships), each with its header on the first line, so a file
// never needs a column it lacks a value for. Strings are always quoted (a
// quoted empty string is an empty string; an empty field is no property).
type csvFiles struct {
	dir       string
	prefix    string
	files     map[string]*csvFile
	order     []string
	multiline bool
	rows      int64
}

type csvFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
	cols []propCol
}

type propCol struct{ name, typ string }

func newCSVFiles(dir, prefix string) *csvFiles {
	return &csvFiles{dir: dir, prefix: prefix, files: map[string]*csvFile{}}
}

// propName is what a property name may be in a bulk load: the importer's
// header syntax gives ':' and ',' meanings, so only plain names pass.
var propName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// propColumns are the properties' columns, sorted by name, with the
// importer's type of each value.
func propColumns(props map[string]any) ([]propCol, error) {
	cols := make([]propCol, 0, len(props))
	for k, v := range props {
		if !propName.MatchString(k) {
			return nil, fmt.Errorf("property %q: a bulk load takes property names of letters, digits and _ only; use normal ingest", k)
		}
		var typ string
		switch l := v.(type) {
		case string:
			typ = "string"
		case float64:
			typ = "double"
		case int64:
			typ = "long"
		case bool:
			typ = "boolean"
		case []string:
			typ = "string[]"
			if len(l) == 0 {
				return nil, emptyListError(k)
			}
		case []float64:
			typ = "double[]"
			if len(l) == 0 {
				return nil, emptyListError(k)
			}
		case []int64:
			typ = "long[]"
			if len(l) == 0 {
				return nil, emptyListError(k)
			}
		default:
			return nil, fmt.Errorf("property %q has unsupported type %T", k, v)
		}
		cols = append(cols, propCol{k, typ})
	}
	slices.SortFunc(cols, func(a, b propCol) int { return strings.Compare(a.name, b.name) })
	return cols, nil
}

func emptyListError(k string) error {
	return fmt.Errorf("property %q is an empty list, which Neo4j's importer cannot store; use normal ingest", k)
}

// file is the open file for a shape, created with its header.
func (c *csvFiles) file(shape string, header []string, cols []propCol) (*csvFile, error) {
	if f, ok := c.files[shape]; ok {
		return f, nil
	}
	path := filepath.Join(c.dir, c.prefix+"-"+strconv.Itoa(len(c.order))+".csv")
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bulk: creating %s: %w", path, err)
	}
	cf := &csvFile{path: path, f: f, w: bufio.NewWriterSize(f, 64<<10), cols: cols}
	for _, col := range cols {
		h := col.name
		if col.typ != "string" {
			h += ":" + col.typ
		}
		header = append(header, h)
	}
	cf.w.WriteString(strings.Join(header, ",") + "\n")
	c.files[shape] = cf
	c.order = append(c.order, shape)
	return cf, nil
}

func (c *csvFiles) paths() []string {
	out := make([]string, 0, len(c.order))
	for _, s := range c.order {
		out = append(out, c.files[s].path)
	}
	return out
}

func (c *csvFiles) close() error {
	var first error
	for _, s := range c.order {
		f := c.files[s]
		if err := f.w.Flush(); err != nil && first == nil {
			first = err
		}
		if err := f.f.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// The fixed columns of the node and relationship files.
var (
	nodeHeader = []string{"id:ID(Entity)", ":LABEL", "schema", "name", "aliases:string[]", "aliasText",
		"sourceIds:string[]", "jobIds:string[]"}
	relHeader = []string{":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "id", "role", "startDate", "endDate",
		"sourceIds:string[]", "jobIds:string[]"}
)

// writeNode writes one folded node. aliases and jobIds that are empty
// lists are left out (the importer cannot write an empty list); the caller
// sets them afterwards on the nodes that lack them.
func (c *csvFiles) writeNode(n *nodeState) error {
	cols, err := propColumns(n.props)
	if err != nil {
		return fmt.Errorf("entity %s: %w", n.id, err)
	}
	labels := make([]string, 0, len(n.labels)+1)
	labels = append(labels, "Entity")
	for _, l := range n.labels {
		labels = append(labels, string(l))
	}
	shape := strings.Join(labels, ":") + "|" + shapeOf(cols)
	f, err := c.file(shape, slices.Clone(nodeHeader), cols)
	if err != nil {
		return err
	}
	aliasText := ""
	for _, a := range n.aliases {
		aliasText += a + " "
	}
	w := &rowWriter{w: f.w, files: c}
	w.quoted(n.id)
	w.list(labels)
	w.quoted(string(n.schema))
	w.optional(n.name)
	w.list(n.aliases)
	w.quoted(aliasText)
	w.list(n.sourceIDs)
	w.list(n.jobIDs)
	for _, col := range cols {
		w.value(n.props[col.name])
	}
	c.rows++
	return w.end()
}

func (c *csvFiles) writeRel(r *relState) error {
	cols, err := propColumns(r.props)
	if err != nil {
		return fmt.Errorf("relationship %s: %w", r.id, err)
	}
	f, err := c.file(string(r.typ)+"|"+shapeOf(cols), slices.Clone(relHeader), cols)
	if err != nil {
		return err
	}
	w := &rowWriter{w: f.w, files: c}
	w.quoted(r.source)
	w.quoted(r.target)
	w.quoted(string(r.typ))
	w.quoted(r.id)
	w.optional(r.role)
	w.optional(r.startDate)
	w.optional(r.endDate)
	w.list(r.sourceIDs)
	w.list(r.jobIDs)
	for _, col := range cols {
		w.value(r.props[col.name])
	}
	c.rows++
	return w.end()
}

func shapeOf(cols []propCol) string {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(c.name + ":" + c.typ + ",")
	}
	return b.String()
}

// rowWriter writes the fields of one CSV line.
type rowWriter struct {
	w     *bufio.Writer
	files *csvFiles
	n     int
	err   error
}

func (r *rowWriter) sep() {
	if r.n > 0 {
		r.w.WriteByte(',')
	}
	r.n++
}

func (r *rowWriter) raw(s string) {
	if strings.ContainsRune(s, BulkArrayDelimiter) && r.err == nil {
		r.err = fmt.Errorf("the value %q holds the control character U+001F, which a bulk load uses to separate list items; use normal ingest", s)
	}
	if strings.ContainsAny(s, "\r\n") {
		r.files.multiline = true
	}
	if !strings.Contains(s, `"`) {
		r.w.WriteString(s)
		return
	}
	r.w.WriteString(strings.ReplaceAll(s, `"`, `""`))
}

func (r *rowWriter) quoted(s string) {
	r.sep()
	r.w.WriteByte('"')
	r.raw(s)
	r.w.WriteByte('"')
}

// optional writes "" as no property.
func (r *rowWriter) optional(s string) {
	if s == "" {
		r.sep()
		return
	}
	r.quoted(s)
}

func (r *rowWriter) list(l []string) {
	if len(l) == 0 {
		r.sep()
		return
	}
	r.sep()
	r.w.WriteByte('"')
	for i, s := range l {
		if i > 0 {
			r.w.WriteRune(BulkArrayDelimiter)
		}
		r.raw(s)
	}
	r.w.WriteByte('"')
}

func (r *rowWriter) value(v any) {
	switch v := v.(type) {
	case string:
		r.quoted(v)
	case []string:
		r.list(v)
	case float64:
		r.sep()
		r.w.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	case int64:
		r.sep()
		r.w.WriteString(strconv.FormatInt(v, 10))
	case bool:
		r.sep()
		r.w.WriteString(strconv.FormatBool(v))
	case []float64:
		r.sep()
		for i, f := range v {
			if i > 0 {
				r.w.WriteRune(BulkArrayDelimiter)
			}
			r.w.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
		}
	case []int64:
		r.sep()
		for i, n := range v {
			if i > 0 {
				r.w.WriteRune(BulkArrayDelimiter)
			}
			r.w.WriteString(strconv.FormatInt(n, 10))
		}
	default:
		r.sep()
	}
}

func (r *rowWriter) end() error {
	r.w.WriteByte('\n')
	return r.err
}
