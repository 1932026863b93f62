package ingest

import (
	"fmt"
	"hash/fnv"
	"sort"

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
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%q\x00%q\x00%q\x00", e.Schema, e.Name, e.Aliases, e.SourceIDs, e.JobIDs)
	writeProps(h, e.Properties)
	return h.Sum64()
}

func relKey(r casegraph.Relationship) string { return "r\x00" + string(r.Type) + "\x00" + r.ID }

func relSum(r casegraph.Relationship) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%q\x00%q\x00", r.SourceID, r.TargetID, r.Role, r.StartDate, r.EndDate, r.SourceIDs, r.JobIDs)
	writeProps(h, r.Properties)
	return h.Sum64()
}

func writeProps(h interface{ Write([]byte) (int, error) }, props map[string]any) {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%#v\x00", k, props[k])
	}
}
