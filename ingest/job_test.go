package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/internal/testenv"
)

// failData is a Writer that fails every batch of rows and passes the
// source and the job records on to w.
type failData struct{ w ingest.Writer }

func (f failData) WriteBatch(ctx context.Context, es []casegraph.Entity, rels []casegraph.Relationship) error {
	for _, e := range es {
		if e.Schema != casegraph.Source && e.Schema != casegraph.IngestJob {
			return errors.New("the database went away")
		}
	}
	if len(rels) > 0 {
		return errors.New("the database went away")
	}
	return f.w.WriteBatch(ctx, es, rels)
}

// TestRepairedJobHasNoError: a job that failed, run again to the end, is
// done and says no error (the graph's merge used to keep the old one).
func TestRepairedJobHasNoError(t *testing.T) {
	s := testenv.Store(t)
	dir := t.TempDir()
	dataset := strings.TrimSuffix(testenv.Prefix(t), "-")
	writeLedger(t, dir, 50, 0)
	m := loadMapping(t, writeMapping(t, dir, dataset))
	// The source and the job records are written, the rows fail.
	reps, err := ingest.Run(ctxT(t), failData{w: s}, m, ingest.Options{BatchSize: 10})
	if err == nil || reps[0].Status != ingest.StatusFailed {
		t.Fatalf("the first run should fail: %v", err)
	}
	job := func() map[string]any {
		rows := testenv.Cypher(t, `MATCH (j:IngestJob {id: $id}) RETURN j.status AS status, j.error AS error`,
			map[string]any{"id": reps[0].JobID})
		if len(rows) != 1 {
			t.Fatalf("job %s: %v", reps[0].JobID, rows)
		}
		return rows[0]
	}
	if j := job(); j["status"] != ingest.StatusFailed || !strings.Contains(fmt.Sprint(j["error"]), "went away") {
		t.Fatalf("the failed job: %v", j)
	}
	run(t, s, m, ingest.Options{BatchSize: 10})
	if j := job(); j["status"] != ingest.StatusDone || (j["error"] != nil && j["error"] != "") {
		t.Fatalf("the repaired job still reports an error: %v", j)
	}
}
