package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/casegraph/casegraph"
)

// FollowTheMoney (FtM) entities are {"id", "schema", "properties": {name:
// [values]}}. Node schemata map to casegraph's by name; FtM's interval
// schemata become relationships; a few FtM properties that point at other
// entities (a payment's payer) become relationships too. casegraph's own
// extensions (Charge, Source, links FtM lacks) travel as extra properties, so
// an export imports back into the same graph.

// ftmEntity is one line of FtM JSON.
type ftmEntity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets,omitempty"`
}

// ftmInterval maps FtM interval schemata to relationships: the property
// naming the start node and the one naming the end node.
var ftmInterval = map[string]struct {
	rel      casegraph.RelType
	from, to string
}{
	"Ownership":      {casegraph.Ownership, "owner", "asset"},
	"Directorship":   {casegraph.Directorship, "director", "organization"},
	"Employment":     {casegraph.Employment, "employee", "employer"},
	"Membership":     {casegraph.Membership, "member", "organization"},
	"Associate":      {casegraph.Associate, "person", "associate"},
	"Family":         {casegraph.Family, "person", "relative"},
	"Representation": {casegraph.Representation, "agent", "client"},
	"UnknownLink":    {casegraph.UnknownLink, "subject", "object"},
	"CourtCaseParty": {casegraph.PartyTo, "party", "case"},
	"Documentation":  {casegraph.CitedIn, "entity", "document"},
}

// ftmRefs are properties on a node that name another entity, and the
// relationship each stands for. outgoing: the node is the start.
var ftmRefs = []struct {
	schema   casegraph.Schema
	prop     string
	rel      casegraph.RelType
	outgoing bool
}{
	{casegraph.Payment, "payer", casegraph.Paid, false},
	{casegraph.Payment, "beneficiary", casegraph.PaidTo, true},
	{casegraph.Payment, "payerAccount", casegraph.FromAccount, true},
	{casegraph.Payment, "beneficiaryAccount", casegraph.ToAccount, true},
	{casegraph.BankAccount, "holder", casegraph.HoldsAccount, false},
	{casegraph.BankAccount, "bank", casegraph.AccountAt, true},
	{casegraph.Event, "involved", casegraph.Attended, false},
	{casegraph.Charge, "defendant", casegraph.ChargedWith, false},
	{casegraph.Charge, "case", casegraph.InCase, true},
	{casegraph.CourtCase, "prosecutor", casegraph.ProsecutedBy, true},
}

var ftmNodeSchemata = map[string]casegraph.Schema{
	"Person": casegraph.Person, "Company": casegraph.Company, "Organization": casegraph.Organization,
	"LegalEntity": casegraph.Organization, "PublicBody": casegraph.PublicBody, "BankAccount": casegraph.BankAccount,
	"Payment": casegraph.Payment, "Event": casegraph.Event, "CourtCase": casegraph.CourtCase,
	"Charge": casegraph.Charge, "Source": casegraph.Source,
}

// Properties whose FtM text is a number in casegraph.
var ftmNumeric = map[string]string{"amount": "float", "amountUsd": "float", "amountEur": "float", "count": "int"}

// ftmSource reads FtM JSON lines in two passes: nodes first, then the
// links, so a link may name an entity that comes later in the file.
type ftmSource struct {
	m        *Mapping
	file     string
	first    io.Reader
	again    func() (io.Reader, error) // the file from its start, for the second pass
	sourceID string
	pass     int
	sc       *bufio.Scanner
	line     int
	seen     map[string]bool // ids of the nodes the first pass loaded
	rejected map[string]int  // ids of nodes the first pass rejected: their line
	bad      map[int]bool    // lines the first pass rejected: not read again
}

func newFTMSource(m *Mapping, file string, again func() (io.Reader, error), r io.Reader, sourceID string) *ftmSource {
	return &ftmSource{m: m, file: file, again: again, first: r, sourceID: sourceID, pass: 1,
		seen: map[string]bool{}, rejected: map[string]int{}, bad: map[int]bool{}}
}

func (f *ftmSource) Header() []string { return []string{"json"} }
func (f *ftmSource) Sheet() string    { return "" }

func (f *ftmSource) Close() error { return nil }

func (f *ftmSource) scanner() *bufio.Scanner {
	if f.sc == nil {
		f.sc = bufio.NewScanner(f.first)
		f.sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
	}
	return f.sc
}

func (f *ftmSource) Next() (*rowResult, []string, int, error) {
	for {
		sc := f.scanner()
		if !sc.Scan() {
			if err := sc.Err(); err != nil {
				if errors.Is(err, bufio.ErrTooLong) {
					return nil, nil, f.line + 1, &FileError{File: f.file, Reason: fmt.Sprintf(
						"line %d is longer than %d MB", f.line+1, MaxLineBytes>>20)}
				}
				return nil, nil, f.line, &FileError{File: f.file, Reason: err.Error()}
			}
			if f.pass == 2 {
				return nil, nil, 0, io.EOF
			}
			if err := f.rewind(); err != nil {
				return nil, nil, 0, err
			}
			continue
		}
		f.line++
		raw := sc.Bytes()
		if len(bytes.TrimSpace(raw)) == 0 || f.pass == 2 && f.bad[f.line] {
			continue // a line rejected in the first pass is rejected once
		}
		res, err := f.convert(raw)
		if err != nil {
			if f.pass == 1 {
				f.bad[f.line] = true
			}
			return nil, []string{string(raw)}, f.line, &RowError{Row: f.line, Reason: err.Error()}
		}
		if res == nil {
			continue // handled in the other pass
		}
		return res, []string{string(raw)}, f.line, nil
	}
}

// rewind starts the second pass by reading the file again.
func (f *ftmSource) rewind() error {
	r, err := f.again()
	if err != nil {
		return err
	}
	f.sc = bufio.NewScanner(r)
	f.sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
	f.pass, f.line = 2, 0
	return nil
}

// convert turns one FtM line into casegraph rows for the current pass; nil
// when the line belongs to the other pass.
func (f *ftmSource) convert(raw []byte) (*rowResult, error) {
	var e ftmEntity
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("not a FollowTheMoney entity: %v", jsonReason(err))
	}
	if e.ID == "" || e.Schema == "" {
		return nil, errors.New("an FtM entity needs an id and a schema")
	}
	for k, vs := range e.Properties {
		for _, v := range vs {
			if len(v) > MaxCellBytes {
				return nil, fmt.Errorf("property %s is larger than %d KB", k, MaxCellBytes>>10)
			}
		}
		if err := checkURLValues(k, vs); err != nil {
			return nil, err
		}
	}
	iv, isInterval := ftmInterval[e.Schema]
	schema, isNode := ftmNodeSchemata[e.Schema]
	if !isInterval && !isNode {
		return nil, fmt.Errorf("FtM schema %q is not one casegraph loads", e.Schema)
	}
	sources := e.Properties["sourceIds"]
	if len(sources) == 0 {
		sources = []string{f.sourceID}
	}
	if isNode {
		if f.pass == 1 {
			ent, err := ftmToEntity(e, schema, sources)
			if err != nil {
				if !f.seen[e.ID] {
					f.rejected[e.ID] = f.line
				}
				return nil, err
			}
			f.seen[e.ID] = true // only now: links to a rejected node would dangle
			delete(f.rejected, e.ID)
			return &rowResult{entities: []casegraph.Entity{ent}}, nil
		}
		// Second pass: the node's reference properties become links.
		var rels []casegraph.Relationship
		for _, ref := range ftmRefs {
			if ref.schema != schema {
				continue
			}
			for _, other := range e.Properties[ref.prop] {
				if !f.seen[other] {
					return nil, f.missing(ref.prop+" "+strconv.Quote(e.ID), other)
				}
				from, to := other, e.ID
				if ref.outgoing {
					from, to = e.ID, other
				}
				rels = append(rels, casegraph.Relationship{ID: hashID("ftm", string(ref.rel), from, to),
					Type: ref.rel, SourceID: from, TargetID: to, SourceIDs: sources})
			}
		}
		if len(rels) == 0 {
			return nil, nil
		}
		return &rowResult{rels: rels}, nil
	}
	if f.pass == 1 {
		return nil, nil
	}
	from, to := first(e.Properties[iv.from]), first(e.Properties[iv.to])
	if from == "" || to == "" {
		return nil, fmt.Errorf("%s %q needs both %s and %s", e.Schema, e.ID, iv.from, iv.to)
	}
	for _, id := range []string{from, to} {
		if !f.seen[id] {
			return nil, f.missing(e.Schema+" "+strconv.Quote(e.ID), id)
		}
	}
	r := casegraph.Relationship{ID: e.ID, Type: iv.rel, SourceID: from, TargetID: to, SourceIDs: sources,
		Role: first(e.Properties["role"]), StartDate: first(e.Properties["startDate"]),
		EndDate: first(e.Properties["endDate"]), Properties: map[string]any{}}
	for k, vs := range e.Properties {
		switch k {
		case iv.from, iv.to, "role", "startDate", "endDate", "sourceIds":
			continue
		}
		r.Properties[k] = ftmValue(k, vs)
	}
	return &rowResult{rels: []casegraph.Relationship{r}}, nil
}

// missing explains a link to an entity the first pass did not load.
func (f *ftmSource) missing(what, id string) error {
	if line, ok := f.rejected[id]; ok {
		return fmt.Errorf("%s names entity %q, which was rejected (line %d)", what, id, line)
	}
	return fmt.Errorf("%s names entity %q, which is not in this file", what, id)
}

func ftmToEntity(e ftmEntity, schema casegraph.Schema, sources []string) (casegraph.Entity, error) {
	ent := casegraph.Entity{ID: e.ID, Schema: schema, Properties: map[string]any{}, SourceIDs: sources}
	names := e.Properties["name"]
	if len(names) > 0 {
		ent.Name = names[0]
		ent.Aliases = append(ent.Aliases, names[1:]...)
	}
	for _, k := range []string{"alias", "weakAlias", "previousName"} {
		ent.Aliases = append(ent.Aliases, e.Properties[k]...)
	}
	for k, vs := range e.Properties {
		switch k {
		case "name", "alias", "weakAlias", "previousName", "sourceIds":
			continue
		}
		if isRef(schema, k) || len(vs) == 0 {
			continue
		}
		if kind, ok := ftmNumeric[k]; ok {
			v, err := ftmNumber(kind, vs[0])
			if err != nil {
				return ent, fmt.Errorf("property %s: %v", k, err)
			}
			ent.Properties[k] = v
			continue
		}
		if reserved[k] {
			continue
		}
		ent.Properties[k] = ftmValue(k, vs)
	}
	return ent, nil
}

func isRef(schema casegraph.Schema, prop string) bool {
	for _, r := range ftmRefs {
		if r.schema == schema && r.prop == prop {
			return true
		}
	}
	return false
}

func ftmNumber(kind, s string) (any, error) {
	if kind == "int" {
		return strconv.ParseInt(s, 10, 64)
	}
	return strconv.ParseFloat(s, 64)
}

// ftmValue keeps single values single and lists lists.
func ftmValue(_ string, vs []string) any {
	if len(vs) == 1 {
		return vs[0]
	}
	return vs
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)
	}
	return err.Error()
}

// FTMExporter writes the graph as FtM JSON lines.
type FTMExporter struct {
	w   *bufio.Writer
	n   int
	err error
}

// NewFTMExporter writes to w; call Flush at the end.
func NewFTMExporter(w io.Writer) *FTMExporter { return &FTMExporter{w: bufio.NewWriter(w)} }

// Entity writes one node; refs are its outgoing and incoming links that
// FtM keeps as properties of this node (a payment's payer and so on).
func (x *FTMExporter) Entity(e casegraph.Entity, links []casegraph.Relationship) {
	props := map[string][]string{}
	if e.Name != "" {
		props["name"] = []string{e.Name}
	}
	if len(e.Aliases) > 0 {
		props["alias"] = e.Aliases
	}
	if len(e.SourceIDs) > 0 {
		props["sourceIds"] = e.SourceIDs
	}
	for k, v := range e.Properties {
		props[k] = toStrings(v)
	}
	for _, r := range links {
		for _, ref := range ftmRefs {
			if ref.schema != e.Schema || ref.rel != r.Type {
				continue
			}
			if ref.outgoing && r.SourceID == e.ID {
				props[ref.prop] = append(props[ref.prop], r.TargetID)
			} else if !ref.outgoing && r.TargetID == e.ID {
				props[ref.prop] = append(props[ref.prop], r.SourceID)
			}
		}
	}
	for _, k := range []string{"payer", "beneficiary", "involved", "defendant"} {
		sort.Strings(props[k])
	}
	x.write(ftmEntity{ID: e.ID, Schema: string(e.Schema), Properties: props})
}

// Relationship writes a link that FtM models as an interval entity; links
// FtM keeps on nodes are skipped here (Entity wrote them).
func (x *FTMExporter) Relationship(r casegraph.Relationship) {
	for schema, iv := range ftmInterval {
		if iv.rel != r.Type || (schema == "UnknownLink") != (r.Type == casegraph.UnknownLink) {
			continue
		}
		props := map[string][]string{iv.from: {r.SourceID}, iv.to: {r.TargetID}}
		if r.Role != "" {
			props["role"] = []string{r.Role}
		}
		if r.StartDate != "" {
			props["startDate"] = []string{r.StartDate}
		}
		if r.EndDate != "" {
			props["endDate"] = []string{r.EndDate}
		}
		if len(r.SourceIDs) > 0 {
			props["sourceIds"] = r.SourceIDs
		}
		for k, v := range r.Properties {
			props[k] = toStrings(v)
		}
		x.write(ftmEntity{ID: r.ID, Schema: schema, Properties: props})
		return
	}
}

// IsNodeLink reports whether FtM keeps relationships of this type as a
// property of a node rather than as an entity of their own.
func IsNodeLink(t casegraph.RelType) bool {
	for _, ref := range ftmRefs {
		if ref.rel == t {
			return true
		}
	}
	return false
}

func (x *FTMExporter) write(e ftmEntity) {
	if x.err != nil {
		return
	}
	b, err := json.Marshal(e)
	if err == nil {
		b = append(b, '\n')
		_, err = x.w.Write(b)
	}
	x.err = err
	x.n++
}

// Flush finishes the output and returns the first error and the count.
func (x *FTMExporter) Flush() (int, error) {
	if x.err == nil {
		x.err = x.w.Flush()
	}
	return x.n, x.err
}

func toStrings(v any) []string {
	switch l := v.(type) {
	case []any:
		out := make([]string, 0, len(l))
		for _, it := range l {
			out = append(out, scalarString(it))
		}
		return out
	case []string:
		return l
	}
	return []string{scalarString(v)}
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}
