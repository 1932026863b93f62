// Command xref measures casegraph's cross-referencing (package xref) against
// labelled pairs, beside the same pairs scored by Aleph's compare,
// nomenklatura's matchers and Splink (bench/xref/anchors.py). make bench-xref
// runs it in three steps:
//
//	go run ./bench/xref prep   -out DIR   # pairs.jsonl, the generated case, decisions for the interop check
//	python bench/xref/anchors.py --out DIR  # anchors.json, nomenklatura's copy of the decisions
//	go run ./bench/xref report -out DIR   # casegraph's rows, blocking, scale, interop, the table
//
// The sets: nomenklatura's name bench (826 name pairs), its entity bench
// (228 checks), every pair of donors in its donations fixture labelled by
// hand (testdata/xref/nomenklatura), and a generated case with the register
// that records some of its parties again (ingest/synth). See
// docs/benchmarks.md, "Cross-referencing".
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench/xref:", err)
		os.Exit(1)
	}
}

// config is what the steps are told.
type config struct {
	out      string
	testdata string
	seed     int64
	people   int    // the generated evaluation case's people (companies and accounts in proportion)
	big      bool   // scale up to 1,000,000 records a side
	scale    string // records a side of the scale runs, comma-separated; "" for none
	runs     int    // timing runs; the median is reported
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: xref prep|report [-out DIR] [-big]")
	}
	var cfg config
	fs := flag.NewFlagSet("xref "+args[0], flag.ContinueOnError)
	fs.StringVar(&cfg.out, "out", ".casegraph/bench-xref", "working folder")
	fs.StringVar(&cfg.testdata, "testdata", "testdata/xref/nomenklatura", "the vendored nomenklatura sets")
	fs.Int64Var(&cfg.seed, "seed", 7, "seed of the generated case and register")
	fs.IntVar(&cfg.people, "people", 3000, "people in the generated evaluation case")
	fs.BoolVar(&cfg.big, "big", false, "add a scale run of 1,000,000 records a side")
	fs.StringVar(&cfg.scale, "scale", "10000,100000", "records a side of the scale runs (comma-separated; empty: none)")
	fs.IntVar(&cfg.runs, "runs", 5, "timing runs (median reported)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return err
	}
	switch args[0] {
	case "prep":
		return prep(ctx, cfg, stdout)
	case "report":
		return report(ctx, cfg, stdout)
	}
	return fmt.Errorf("unknown step %q: prep or report", args[0])
}
