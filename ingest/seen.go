package ingest

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/casegraph/casegraph"
)

// seenCache remembers, for entities and relationships this run has already
// committed, a hash of what was written. Writing the identical thing again
// would change nothing (writes are idempotent merges), so a payer named on
// ten thousand rows is sent to Neo4j once. Two generations of at most
// limit entries each keep memory flat however long the file is.
//
// Only what repeats is worth remembering. Items come in classes (an entity
// schema, a relationship type), and a class whose items have not come back
// once in the first classTrial lookups (a payment, its PAID link: one per
// row) is no longer admitted: otherwise a million one-off payments would
// push the payers and accounts that do repeat out of both generations.
type seenCache struct {
	limit     int
	cur, prev map[string]uint64
	classes   map[string]*classStats
}

type classStats struct{ lookups, hits int }

// classTrial is how many lookups a class gets before its hit rate decides
// whether it is remembered; classMinHits is the share (1 in N) it must
// reach.
const (
	classTrial   = 5000
	classMinHits = 100
)

func newSeenCache(limit int) *seenCache {
	return &seenCache{limit: limit, cur: map[string]uint64{}, prev: map[string]uint64{},
		classes: map[string]*classStats{}}
}

func (c *seenCache) has(class, key string, sum uint64) bool {
	st := c.classes[class]
	if st == nil {
		st = &classStats{}
		c.classes[class] = st
	}
	st.lookups++
	hit := false
	if v, ok := c.cur[key]; ok {
		hit = v == sum
	} else if v, ok := c.prev[key]; ok {
		hit = v == sum
	}
	if hit {
		st.hits++
	}
	return hit
}

// admits says whether items of the class are worth remembering.
func (c *seenCache) admits(class string) bool {
	st := c.classes[class]
	return st == nil || st.lookups < classTrial || st.hits*classMinHits >= st.lookups
}

func (c *seenCache) add(class, key string, sum uint64) {
	if !c.admits(class) {
		return
	}
	if len(c.cur) >= c.limit {
		c.prev, c.cur = c.cur, make(map[string]uint64, c.limit)
	}
	c.cur[key] = sum
}

// entityKey and entitySum identify an entity write and its content;
// entityClass is the class it is counted in.
func entityKey(e casegraph.Entity) string   { return "n\x00" + e.ID }
func entityClass(e casegraph.Entity) string { return "n\x00" + string(e.Schema) }
func relClass(r casegraph.Relationship) string {
	return "r\x00" + string(r.Type)
}

func entitySum(e casegraph.Entity) uint64 {
	h := newSummer()
	h.str(string(e.Schema))
	h.str(e.Name)
	h.strs(e.Aliases)
	h.strs(e.SourceIDs)
	h.strs(e.JobIDs)
	h.props(e.Properties)
	return uint64(h)
}

func relKey(r casegraph.Relationship) string { return "r\x00" + string(r.Type) + "\x00" + r.ID }

func relSum(r casegraph.Relationship) uint64 {
	h := newSummer()
	for _, v := range []string{r.SourceID, r.TargetID, r.Role, r.StartDate, r.EndDate} {
		h.str(v)
	}
	h.strs(r.SourceIDs)
	h.strs(r.JobIDs)
	h.props(r.Properties)
	return uint64(h)
}

// summer is the FNV-1a hash (fnvAdd's) of the content of a write. Every
// string goes in with its length first, so that no two different contents
// hash the same bytes. It runs on every entity and link of a load, so it
// takes no interface, no fmt and no allocation for the common value types.
type summer uint64

func newSummer() summer { return fnvOffset }

func (h *summer) bytes(b []byte) {
	for _, c := range b {
		*h = summer(fnvByte(uint64(*h), c))
	}
}

func (h *summer) num(n uint64) {
	var b [binary.MaxVarintLen64]byte
	h.bytes(b[:binary.PutUvarint(b[:], n)])
}

func (h *summer) str(v string) {
	h.num(uint64(len(v)))
	*h = summer(fnvAdd(uint64(*h), v))
}

func (h *summer) strs(vs []string) {
	h.num(uint64(len(vs)))
	for _, v := range vs {
		h.str(v)
	}
}

func (h *summer) props(props map[string]any) {
	var keys [16]string
	ks := keys[:0]
	for k := range props {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	var buf [32]byte
	for _, k := range ks {
		h.str(k)
		switch v := props[k].(type) {
		case string:
			h.str("s")
			h.str(v)
		case float64:
			h.str("f")
			h.num(math.Float64bits(v))
		case int64:
			h.str("i")
			h.num(uint64(v))
		case bool:
			h.str("b")
			h.bytes(strconv.AppendBool(buf[:0], v))
		case []string:
			h.str("l")
			h.strs(v)
		default:
			h.str(fmt.Sprintf("%T", v))
			h.str(fmt.Sprintf("%#v", v))
		}
	}
}
