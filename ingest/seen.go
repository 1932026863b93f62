package ingest

import (
	"fmt"
	"hash/fnv"
	"sort"

	"github.com/casegraph/casegraph/graph"
)

// seenCache remembers, for entities and relationships this run has already
// committed, a hash of what was written. Writing the identical thing again
// would change nothing (writes are idempotent merges), so a payer named on
// ten thousand rows is sent to Neo4j once. Two generations of at most
// limit entries each keep memory flat however long the file is.
type seenCache struct {
	limit     int
	cur, prev map[string]uint64
}

func newSeenCache(limit int) *seenCache {
	return &seenCache{limit: limit, cur: map[string]uint64{}, prev: map[string]uint64{}}
}

func (c *seenCache) has(key string, sum uint64) bool {
	if v, ok := c.cur[key]; ok {
		return v == sum
	}
	v, ok := c.prev[key]
	return ok && v == sum
}

func (c *seenCache) add(key string, sum uint64) {
	if len(c.cur) >= c.limit {
		c.prev, c.cur = c.cur, make(map[string]uint64, c.limit)
	}
	c.cur[key] = sum
}

// entityKey and entitySum identify an entity write and its content.
func entityKey(e graph.Entity) string { return "n\x00" + e.ID }

func entitySum(e graph.Entity) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%q\x00%q\x00%q\x00", e.Schema, e.Name, e.Aliases, e.SourceIDs, e.JobIDs)
	writeProps(h, e.Properties)
	return h.Sum64()
}

func relKey(r graph.Relationship) string { return "r\x00" + string(r.Type) + "\x00" + r.ID }

func relSum(r graph.Relationship) uint64 {
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
