package ingest

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"

	"github.com/casegraph/casegraph"
)

// firstSights remembers, for every entity and relationship id a load has
// accepted, the row it first came from and its single-valued properties,
// so that a later row giving the same id another value is rejected rather
// than silently overwriting it (a payment of 56,898,523.47 loaded as 1).
//
// Memory is per distinct id that has a value to compare (an id with no
// single-valued property and no name, such as most links, is not kept),
// not per row, and small: the id is kept as a
// 64-bit hash; the properties as one compact string of records (a property
// number, then the value's text if it is short, else a 64-bit hash of it),
// so the error can name both values. A row that repeats an id with the
// same values (a payer on every payment row) costs a hash, a map lookup
// and a comparison of two short strings, and allocates nothing.
//
// Single-valued is every property except the name and lists: a split
// value, aliases and provenance are multi-valued. A name is multi-valued
// too, the FollowTheMoney way: another spelling than the first becomes an
// alias (the entity is given it in Aliases and no Name). A value absent
// from one row and present in another is not a conflict: the graph keeps
// the one there is.
type firstSights struct {
	ids   map[uint64]sighting
	props map[string]uint16 // property name -> its number in records
	names []string          // and back
	buf   []byte            // the records being built
	tmp   []byte            // and sorted
	offs  []int             // where each record in buf starts
}

type sighting struct {
	row     int64
	records string
}

// Record kinds: the value's text follows (a number, a word), a quoted
// string's text follows, or only a 64-bit hash of a longer value.
const (
	recPlain byte = iota
	recQuoted
	recHashed
)

// maxKeptValue is the longest value a record keeps as text; a longer one
// (a description) is kept as a hash, and the error says it differs.
const maxKeptValue = 40

// nameProp numbers the name: it sorts last and never conflicts.
const nameProp = 0xFFFF

func newFirstSights() *firstSights {
	return &firstSights{ids: map[uint64]sighting{}, props: map[string]uint16{}}
}

// pendingSight is what check found for one item of a row, applied by
// commit once the whole row is accepted.
type pendingSight struct {
	key     uint64
	records string // "" when nothing new is to be remembered
	isNew   bool
}

// check compares a row's entities and relationships with what earlier rows
// gave for the same ids. It returns the conflict to reject the row with,
// or what to remember; it turns a name other than the first into an alias
// in res.
func (f *firstSights) check(res *rowResult, row int64) (*RowError, []pendingSight) {
	pend := make([]pendingSight, 0, len(res.entities)+len(res.rels))
	for i := range res.entities {
		e := &res.entities[i]
		f.buf = f.buf[:0]
		f.addProps(e.Properties)
		if e.Name != "" {
			f.addHashed(nameProp, e.Name)
		}
		p, conflict, otherName := f.compare(fnvAdd(fnvAdd(fnvOffset, "n"), e.ID))
		if conflict != "" {
			return &RowError{Row: int(row), Reason: conflict + " (" + string(e.Schema) + " " + e.ID + ")"}, nil
		}
		if otherName {
			if !slices.Contains(e.Aliases, e.Name) {
				e.Aliases = append(slices.Clip(e.Aliases), e.Name)
			}
			e.Name = ""
		}
		pend = append(pend, p)
	}
	for i := range res.rels {
		r := &res.rels[i]
		f.buf = f.buf[:0]
		f.addProps(r.Properties)
		for _, v := range []struct{ name, value string }{{"role", r.Role}, {"startDate", r.StartDate}, {"endDate", r.EndDate}} {
			if v.value != "" {
				f.addRecord(f.prop(v.name), v.value)
			}
		}
		p, conflict, _ := f.compare(fnvAdd(fnvAdd(fnvAdd(fnvOffset, "r"), string(r.Type)), r.ID))
		if conflict != "" {
			return &RowError{Row: int(row), Reason: conflict + " (" + string(r.Type) + " " + r.ID + ")"}, nil
		}
		pend = append(pend, p)
	}
	return nil, pend
}

// commit remembers an accepted row's items.
func (f *firstSights) commit(pend []pendingSight, row int64) {
	for _, p := range pend {
		switch {
		case p.isNew:
			f.ids[p.key] = sighting{row: row, records: p.records}
		case p.records != "":
			s := f.ids[p.key]
			s.records = p.records
			f.ids[p.key] = s
		}
	}
}

// compare checks the records built in buf against the first sighting of
// the item whose id hashes to key.
func (f *firstSights) compare(key uint64) (p pendingSight, conflict string, otherName bool) {
	recs := f.sortRecords()
	p.key = key
	s, ok := f.ids[key]
	if !ok {
		if len(recs) == 0 {
			// nothing to compare a later row with (a link with no
			// property): not remembered, so such ids cost nothing; the
			// first row that gives the id a value is remembered instead
			return p, "", false
		}
		p.isNew, p.records = true, string(recs)
		return p, "", false
	}
	if s.records == string(recs) {
		return p, "", false // the hot path: the same values again
	}
	// Merge: a property both have must agree; one only the new row has
	// is remembered from now on.
	old := splitRecords(s.records)
	merged := make([][]byte, 0, len(old)+4)
	added := false
	for _, nr := range splitRecords(string(recs)) {
		num := recordProp(nr)
		j := slices.IndexFunc(old, func(o []byte) bool { return recordProp(o) == num })
		switch {
		case j < 0:
			merged, added = append(merged, nr), true
		case string(old[j]) == string(nr):
		case num == nameProp:
			otherName = true
		default:
			return p, fmt.Sprintf("conflicts with row %d: %s %s vs %s", s.row, f.names[num],
				recordText(old[j]), recordText(nr)), false
		}
	}
	if added {
		merged = append(merged, old...)
		slices.SortFunc(merged, func(a, b []byte) int { return int(recordProp(a)) - int(recordProp(b)) })
		var b []byte
		for _, r := range merged {
			b = append(b, r...)
		}
		p.records = string(b)
	}
	return p, "", otherName
}

// addProps adds the single-valued properties (lists are multi-valued).
func (f *firstSights) addProps(props map[string]any) {
	for k, v := range props {
		switch v := v.(type) {
		case string:
			f.addRecord(f.prop(k), v)
		case float64:
			f.addPlain(f.prop(k), strconv.FormatFloat(v, 'f', -1, 64))
		case int64:
			f.addPlain(f.prop(k), strconv.FormatInt(v, 10))
		case int:
			f.addPlain(f.prop(k), strconv.Itoa(v))
		case bool:
			f.addPlain(f.prop(k), strconv.FormatBool(v))
		}
	}
}

func (f *firstSights) prop(name string) uint16 {
	n, ok := f.props[name]
	if !ok {
		// Property names come from the mapping or an FtM schema: a few
		// dozen. Past 65,534 they share the last number rather than grow.
		n = uint16(min(len(f.names), nameProp-1))
		if len(f.names) < nameProp-1 {
			f.props[name] = n
			f.names = append(f.names, name)
		}
	}
	return n
}

// A record: property number (2 bytes), kind, length (1 byte), the value's
// text or its 8-byte hash.
func (f *firstSights) addRecord(num uint16, v string) {
	if len(v) > maxKeptValue {
		f.addHashed(num, v)
		return
	}
	f.buf = binary.BigEndian.AppendUint16(f.buf, num)
	f.buf = append(f.buf, recQuoted, byte(len(v)))
	f.buf = append(f.buf, v...)
}

func (f *firstSights) addPlain(num uint16, v string) {
	f.buf = binary.BigEndian.AppendUint16(f.buf, num)
	f.buf = append(f.buf, recPlain, byte(len(v)))
	f.buf = append(f.buf, v...)
}

func (f *firstSights) addHashed(num uint16, v string) {
	f.buf = binary.BigEndian.AppendUint16(f.buf, num)
	f.buf = append(f.buf, recHashed, 8)
	f.buf = binary.BigEndian.AppendUint64(f.buf, fnvAdd(fnvOffset, v))
}

// FNV-1a, 64 bits, over strings without copying them.
const fnvOffset, fnvPrime = 14695981039346656037, 1099511628211

func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = fnvByte(h, s[i])
	}
	return fnvByte(h, 0xff) // a separator, so "ab"+"c" is not "a"+"bc"
}

func recordProp(r []byte) uint16 { return binary.BigEndian.Uint16(r) }

func recordText(r []byte) string {
	switch r[2] {
	case recPlain:
		return string(r[4:])
	case recQuoted:
		return strconv.Quote(string(r[4:]))
	}
	return "(a longer value)"
}

func splitRecords(s string) [][]byte {
	var out [][]byte
	b := []byte(s)
	for len(b) >= 4 {
		n := 4 + int(b[3])
		out = append(out, b[:n:n])
		b = b[n:]
	}
	return out
}

// sortRecords returns buf's records ordered by property number: map order
// is random, and equal items must make equal strings. It reuses its
// buffers, so it allocates nothing once they have grown.
func (f *firstSights) sortRecords() []byte {
	f.offs = f.offs[:0]
	for i := 0; i+4 <= len(f.buf); i += 4 + int(f.buf[i+3]) {
		f.offs = append(f.offs, i)
	}
	byProp := func(x, y int) int {
		return int(binary.BigEndian.Uint16(f.buf[x:])) - int(binary.BigEndian.Uint16(f.buf[y:]))
	}
	if slices.IsSortedFunc(f.offs, byProp) {
		return f.buf
	}
	slices.SortFunc(f.offs, byProp)
	f.tmp = f.tmp[:0]
	for _, o := range f.offs {
		f.tmp = append(f.tmp, f.buf[o:o+4+int(f.buf[o+3])]...)
	}
	f.buf, f.tmp = f.tmp, f.buf
	return f.buf
}

// amountSign says whether an entity's amount is negative (-1), zero (0) or
// positive or absent (1), for the counts a dry run shows.
func amountSign(e casegraph.Entity) int {
	switch v := e.Properties["amount"].(type) {
	case float64:
		return cmpZero(v)
	case int64:
		return cmpZero(float64(v))
	}
	return 1
}

func cmpZero(v float64) int {
	switch {
	case v < 0:
		return -1
	case v == 0:
		return 0
	}
	return 1
}
