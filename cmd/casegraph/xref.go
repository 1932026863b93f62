package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/xref"
)

// XrefConfig is what xref and the judgements actions are told.
type XrefConfig struct {
	Dataset  string
	Within   bool
	MinScore float64
	Out      string // xref's matches, judgements export's file; - for standard output
	File     string // judgements import's file
	User     string // who an import's verdicts are recorded as, when the file says nobody
}

// runXref cross-references a dataset against the others (or within
// itself, or everything), with a progress line, and writes the pairs as
// JSON lines, best first: the large runs a request should not wait for.
func runXref(ctx context.Context, cfg XrefConfig, store *graph.Store, log *slog.Logger, stdout, stderr io.Writer) error {
	started := time.Now()
	left, err := store.XrefRecords(ctx, nil, cfg.Dataset)
	if err != nil {
		return err
	}
	var right []xref.Record
	if cfg.Dataset != "" && !cfg.Within {
		all, err := store.XrefRecords(ctx, nil, "")
		if err != nil {
			return err
		}
		right = []xref.Record{}
		for _, r := range all {
			if r.Dataset != cfg.Dataset {
				right = append(right, r)
			}
		}
	}
	read := time.Since(started)
	prep := func(rs []xref.Record) []*xref.Prepared {
		if rs == nil {
			return nil
		}
		out := make([]*xref.Prepared, len(rs))
		for i, r := range rs {
			out[i] = xref.Prepare(r)
		}
		return out
	}
	pl, pr := prep(left), prep(right)
	log.Info("cross-referencing", "records", len(left), "against", len(right), "read_in", read.Round(time.Millisecond))
	bar := newProgressBar(stderr, log)
	matches, err := xref.Run(ctx, pl, pr, xref.DefaultModel(), cfg.MinScore, xref.BlockOptions{}, func(done, total int) {
		bar.update(Progress{Input: "pairs", Rows: int64(done), BytesRead: int64(done), BytesTotal: int64(total), Done: done == total})
	})
	bar.finish()
	if err != nil {
		return err
	}
	out, closeOut, err := outFile(cfg.Out, stdout)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	for _, m := range matches {
		if err := enc.Encode(m); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%d pairs at or above %.2f among %d × %d records in %s (reading %s)\n",
		len(matches), cfg.MinScore, len(left), len(right), time.Since(started).Round(time.Millisecond), read.Round(time.Millisecond))
	return nil
}

func outFile(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// exportJudgements writes every stored verdict (the newest of each pair)
// in nomenklatura's resolver format.
func exportJudgements(ctx context.Context, cfg XrefConfig, store *graph.Store, stdout, stderr io.Writer) error {
	ds, err := store.Judgements(ctx)
	if err != nil {
		return err
	}
	latest := xref.NewClusters(ds).Decisions()
	out, closeOut, err := outFile(cfg.Out, stdout)
	if err != nil {
		return err
	}
	if err := xref.WriteResolverJSONL(out, latest); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%d judgements written\n", len(latest))
	return nil
}

// importJudgements records the verdicts of a resolver file, in order. A
// verdict that contradicts those already recorded is refused and reported
// with its line; the rest are recorded. Importing a file twice records
// nothing new.
func importJudgements(ctx context.Context, cfg XrefConfig, store *graph.Store, stdout io.Writer) error {
	f, err := os.Open(cfg.File)
	if err != nil {
		return err
	}
	defer f.Close()
	ds, err := xref.ReadResolverJSONL(f)
	if err != nil {
		return fmt.Errorf("%s: %w", cfg.File, err)
	}
	stored, err := store.Judgements(ctx)
	if err != nil {
		return err
	}
	clusters := xref.NewClusters(stored)
	var wrote, same int
	var refused []string
	for i, d := range ds {
		if d.User == "" {
			d.User = cfg.User
		}
		if d.CreatedAt.IsZero() {
			d.CreatedAt = time.Now().UTC()
		}
		if err := clusters.Check(d); err != nil {
			refused = append(refused, fmt.Sprintf("judgement %d (%s %s %s): %v", i+1, d.Left, d.Judgement, d.Right, err))
			continue
		}
		ok, err := store.SaveJudgement(ctx, d)
		if err != nil {
			return fmt.Errorf("judgement %d (%s %s %s): %w", i+1, d.Left, d.Judgement, d.Right, err)
		}
		if ok {
			wrote++
		} else {
			same++
		}
		clusters = clusters.With(d)
	}
	fmt.Fprintf(stdout, "%d judgements read: %d recorded, %d already recorded, %d refused\n", len(ds), wrote, same, len(refused))
	if len(refused) > 0 {
		return casegraph.Errorf(casegraph.EINVALID, "%d judgements contradict others and were not recorded:\n  %s",
			len(refused), strings.Join(refused, "\n  "))
	}
	return nil
}
