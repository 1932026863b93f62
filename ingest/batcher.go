package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// batcher collects mapped rows into batches and writes them, up to
// `parallel` transactions at a time (Neo4j then uses more than one core).
//
// Correctness does not depend on the order in which concurrent batches
// commit: every write is an idempotent merge, identical writes commute, and
// a batch holding a different version of something an in-flight batch is
// writing waits for that batch first. Batches complete, and are counted, in
// submission order. Within a run, what was committed unchanged is not sent
// again (seenCache).
type batcher struct {
	ctx      context.Context
	w        Writer
	log      *slog.Logger
	size     int
	parallel int
	jobID    string

	cur      rowResult
	curRows  int
	curItems []pending
	seen     *seenCache
	inflight []*flight
	pendingK map[string]uint64 // keys written by in-flight batches
	// Completed counts, updated as batches commit in order.
	loaded, entities, rels int64
	// What the committed batches changed (a ChangeCounter says).
	changedEnts, changedRels, changedProps int64
	lastRow                                int64 // row count at the last submitted batch, for errors
}

type pending struct {
	class, key string
	sum        uint64
}

type flight struct {
	done       chan error
	changes    [3]int64 // entities, relationships, properties changed
	items      []pending
	rows       int
	ents, rels int
	upToRow    int64
}

func newBatcher(ctx context.Context, w Writer, log *slog.Logger, size, parallel int, jobID string) *batcher {
	return &batcher{ctx: ctx, w: w, log: log, size: size, parallel: max(parallel, 1), jobID: jobID,
		seen: newSeenCache(seenCacheSize), pendingK: map[string]uint64{}}
}

// add queues one row's writes; row is the count of rows read so far.
func (b *batcher) add(res *rowResult, row int64) error {
	conflict := false
	for _, e := range res.entities {
		e.JobIDs = []string{b.jobID}
		class, key, sum := entityClass(e), entityKey(e), entitySum(e)
		if b.seen.has(class, key, sum) {
			continue // committed unchanged earlier in this run
		}
		if s, ok := b.pendingK[key]; ok && s != sum {
			conflict = true
		}
		b.cur.entities = append(b.cur.entities, e)
		b.curItems = append(b.curItems, pending{class, key, sum})
	}
	for _, r := range res.rels {
		r.JobIDs = []string{b.jobID}
		class, key, sum := relClass(r), relKey(r), relSum(r)
		if b.seen.has(class, key, sum) {
			continue
		}
		if s, ok := b.pendingK[key]; ok && s != sum {
			conflict = true
		}
		b.cur.rels = append(b.cur.rels, r)
		b.curItems = append(b.curItems, pending{class, key, sum})
	}
	b.curRows++
	if conflict { // a newer version of something in flight: let that land first
		if err := b.drain(); err != nil {
			return err
		}
	}
	if b.curRows >= b.size {
		return b.submit(row)
	}
	return nil
}

// submit sends the current batch, first waiting for a free slot.
func (b *batcher) submit(row int64) error {
	if b.curRows == 0 {
		return nil
	}
	for len(b.inflight) >= b.parallel {
		if err := b.completeOldest(); err != nil {
			return err
		}
	}
	f := &flight{done: make(chan error, 1), items: b.curItems, rows: b.curRows,
		ents: len(b.cur.entities), rels: len(b.cur.rels), upToRow: row}
	for _, it := range f.items {
		b.pendingK[it.key] = it.sum
	}
	ents, rels := b.cur.entities, b.cur.rels
	go func() {
		started := time.Now()
		var err error
		if cc, ok := b.w.(ChangeCounter); ok {
			f.changes[0], f.changes[1], f.changes[2], err = cc.WriteBatchCounted(b.ctx, ents, rels)
		} else {
			err = b.w.WriteBatch(b.ctx, ents, rels)
		}
		b.log.Debug("batch written", "rows", f.rows, "entities", f.ents, "relationships", f.rels,
			"took", time.Since(started).Round(time.Millisecond), "err", err)
		f.done <- err
	}()
	b.inflight = append(b.inflight, f)
	b.cur, b.curRows, b.curItems = rowResult{}, 0, nil
	return nil
}

func (b *batcher) completeOldest() error {
	f := b.inflight[0]
	b.inflight = b.inflight[1:]
	if err := <-f.done; err != nil {
		return fmt.Errorf("writing rows up to %d: %w", f.upToRow, err)
	}
	for _, it := range f.items {
		b.seen.add(it.class, it.key, it.sum)
		if b.pendingK[it.key] == it.sum {
			delete(b.pendingK, it.key)
		}
	}
	b.loaded += int64(f.rows)
	b.entities += int64(f.ents)
	b.rels += int64(f.rels)
	b.changedEnts += f.changes[0]
	b.changedRels += f.changes[1]
	b.changedProps += f.changes[2]
	return nil
}

// drain waits for every in-flight batch.
func (b *batcher) drain() error {
	var first error
	for len(b.inflight) > 0 {
		if err := b.completeOldest(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// finish writes what is left and waits for everything.
func (b *batcher) finish(row int64) error {
	if err := b.submit(row); err != nil {
		b.drain()
		return err
	}
	return b.drain()
}
