package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/ingest"
)

// runIngest loads (or, with --dry-run, checks) files through a mapping.
func runIngest(ctx context.Context, cfg IngestConfig, log *slog.Logger, store *graph.Store, stdout, stderr io.Writer) error {
	m, err := ingest.LoadMapping(cfg.Mapping)
	if err != nil {
		return err
	}
	files := map[string]string{}
	for _, f := range cfg.Files {
		files[filepath.Base(f)] = f
	}
	bar := newProgressBar(stderr, log)
	opts := ingest.Options{DryRun: cfg.DryRun, BatchSize: cfg.BatchSize, Parallel: cfg.Parallel, Files: files,
		RejectsDir: cfg.RejectsDir, MaxFileBytes: cfg.MaxFileBytes, Progress: bar.update, Log: log}
	reports, err := ingest.Run(ctx, store, m, opts)
	bar.finish()
	printReports(stdout, reports, cfg.DryRun)
	if err != nil {
		return err
	}
	return nil
}

func printReports(w io.Writer, reports []*ingest.JobReport, dryRun bool) {
	for _, r := range reports {
		fmt.Fprintf(w, "%s (%s): %s — %d rows read, %d loaded, %d rejected, %d filtered out",
			r.Input, r.File, r.Status, r.Read, r.Loaded, r.Rejected, r.Filtered)
		if !r.Finished.IsZero() {
			fmt.Fprintf(w, " in %s", r.Finished.Sub(r.Started).Round(time.Millisecond))
		}
		fmt.Fprintf(w, "\n  job %s\n", r.JobID)
		if r.NegativeAmounts > 0 || r.ZeroAmounts > 0 {
			fmt.Fprintf(w, "  amounts below zero: %d, zero: %d (loaded; a refund or a reversal is a payment too)\n",
				r.NegativeAmounts, r.ZeroAmounts)
		}
		if r.EntitiesChanged > 0 || r.RelsChanged > 0 {
			fmt.Fprintf(w, "  changed what the graph held: %d entities, %d relationships, %d properties replaced\n",
				r.EntitiesChanged, r.RelsChanged, r.PropertiesChanged)
		}
		if r.Err != nil {
			fmt.Fprintf(w, "  error: %v\n", r.Err)
		}
		if errors.Is(r.Err, ingest.ErrTooLarge) {
			fmt.Fprintf(w, "  raise the limit with --max-file-size BYTES, or split the file into parts: each part loads as a job of its own\n")
		}
		printRowFindings(w, r.ErrorSummaries, r.Errors, r.Dates, dryRun)
		if r.RejectsFile != "" {
			fmt.Fprintf(w, "  rejected rows written to %s\n", r.RejectsFile)
		}
		if dryRun {
			for _, e := range r.Preview {
				fmt.Fprintf(w, "  would write %s %s %q %v\n", e.Schema, e.ID, e.Name, e.Properties)
			}
			for _, rel := range r.PreviewRels {
				fmt.Fprintf(w, "  would link (%s)-[%s]->(%s)\n", rel.SourceID, rel.Type, rel.TargetID)
			}
		}
	}
}

// rowExamples is how many rejected rows are shown under each summary.
const rowExamples = 3

// printRowFindings prints rejected rows as one line per column and reason
// (how many, which rows, and for dates what they look like), each with a
// few of its rows, then, on a dry run, how each date column was read and
// the pattern its values fit. A run that comes back from the server as
// JSON prints through here too.
func printRowFindings(w io.Writer, summaries []*ingest.ErrorSummary, errs []*ingest.RowError, dates []*ingest.DateColumn, dryRun bool) {
	for _, s := range summaries {
		fmt.Fprintf(w, "  rejected: %s\n", s)
		shown := 0
		for _, e := range errs {
			if shown == rowExamples || !s.Has(e) {
				continue
			}
			shown++
			fmt.Fprintf(w, "    row %d: %q", e.Row, e.Value)
			if s.Varied {
				fmt.Fprintf(w, " — %s", e.Reason)
			}
			fmt.Fprintln(w)
		}
	}
	if len(summaries) == 0 { // a report without summaries (an older server)
		for _, e := range errs {
			fmt.Fprintf(w, "  rejected: %v\n", e)
		}
	}
	if dryRun {
		for _, d := range dates {
			fmt.Fprintf(w, "  %s\n", d)
		}
	}
}

// progressBar draws a bar with rows/s and ETA on a terminal, and logs a
// line every few seconds otherwise.
type progressBar struct {
	w        io.Writer
	log      *slog.Logger
	tty      bool
	started  time.Time
	lastLog  time.Time
	drawn    bool
	lastDraw Progress
}

// Progress is an alias for brevity.
type Progress = ingest.Progress

func newProgressBar(w io.Writer, log *slog.Logger) *progressBar {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progressBar{w: w, log: log, tty: tty, started: time.Now(), lastLog: time.Now()}
}

func (b *progressBar) update(p Progress) {
	elapsed := time.Since(b.started).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.Rows) / elapsed
	}
	frac := 0.0
	if p.BytesTotal > 0 {
		frac = min(float64(p.BytesRead)/float64(p.BytesTotal), 1)
	}
	eta := "?"
	if frac > 0.01 && !p.Done {
		eta = (time.Duration(elapsed*(1-frac)/frac) * time.Second).Round(time.Second).String()
	}
	if b.tty {
		const width = 30
		fill := int(frac * width)
		fmt.Fprintf(b.w, "\r%-14s [%s%s] %3.0f%% %9d rows %8.0f rows/s  %4d rejected  ETA %s ",
			truncate(p.Input, 14), strings.Repeat("=", fill), strings.Repeat(" ", width-fill), frac*100,
			p.Rows, rate, p.Rejected, eta)
		b.drawn = true
		if p.Done {
			fmt.Fprintln(b.w)
			b.drawn = false
		}
		return
	}
	if time.Since(b.lastLog) > 5*time.Second || p.Done {
		b.log.Info("ingest progress", "input", p.Input, "rows", p.Rows, "rejected", p.Rejected,
			"percent", fmt.Sprintf("%.0f", frac*100), "rows_per_s", fmt.Sprintf("%.0f", rate), "eta", eta)
		b.lastLog = time.Now()
	}
}

func (b *progressBar) finish() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// runExport writes the graph as FollowTheMoney JSON lines.
func runExport(ctx context.Context, cfg ExportConfig, store *graph.Store, stdout io.Writer) error {
	out := stdout
	if cfg.Out != "-" && cfg.Out != "" {
		f, err := os.Create(cfg.Out)
		if err != nil {
			return err
		}
		defer f.Close()
		out = f
	}
	x := ingest.NewFTMExporter(out)
	var nodeLinks []casegraph.RelType
	for _, t := range casegraph.RelTypes {
		if ingest.IsNodeLink(t) {
			nodeLinks = append(nodeLinks, t)
		}
	}
	if err := store.EachEntity(ctx, nodeLinks, func(e casegraph.Entity, links []casegraph.Relationship) error {
		x.Entity(e, links)
		return nil
	}); err != nil {
		return err
	}
	for _, t := range casegraph.RelTypes {
		if ingest.IsNodeLink(t) {
			continue
		}
		if err := store.EachRelationship(ctx, t, func(r casegraph.Relationship) error {
			x.Relationship(r)
			return nil
		}); err != nil {
			return err
		}
	}
	_, err := x.Flush()
	return err
}
