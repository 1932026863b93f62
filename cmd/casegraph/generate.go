package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/casegraph/casegraph/ingest/synth"
)

// runGenerate writes a synthetic case: spreadsheets plus their mapping, or
// (--payments-only) one payments.csv, deterministic from --seed.
func runGenerate(cfg GenerateConfig, log *slog.Logger, stdout io.Writer) error {
	o := synth.Scaled(cfg.Rows, cfg.Seed)
	started := time.Now()
	last := time.Now()
	o.Progress = func(done, total int64) {
		if time.Since(last) > 2*time.Second {
			log.Info("generating", "rows", done, "of", total)
			last = time.Now()
		}
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return err
	}
	if cfg.PaymentsOnly {
		path := filepath.Join(cfg.Out, "payments.csv")
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := synth.WritePayments(f, o); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s (%d payments) in %s\n", path, o.Payments, time.Since(started).Round(time.Millisecond))
		return nil
	}
	if err := synth.Generate(cfg.Out, o); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a synthetic case to %s (%d payments, %d people, %d companies) in %s; load it with\n"+
		"  casegraph ingest --mapping %s\n", cfg.Out, o.Payments, o.People, o.Companies,
		time.Since(started).Round(time.Millisecond), filepath.Join(cfg.Out, "mapping.yml"))
	if cfg.Xref {
		return generateRegister(cfg, o, stdout)
	}
	return nil
}

// generateRegister writes the register beside the case (--xref).
func generateRegister(cfg GenerateConfig, o synth.Options, stdout io.Writer) error {
	dir := filepath.Join(cfg.Out, "register")
	sum, err := synth.GenerateRegister(dir, cfg.Out, o, synth.DefaultRegister())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a register of %d people, %d companies and %d accounts to %s, overlapping the case: "+
		"%d pairs are the same party, %d planted look-alikes are not (truth.csv); load it after the case with\n"+
		"  casegraph ingest --mapping %s\n", sum.People, sum.Companies, sum.Accounts, dir, sum.Same, sum.Different,
		filepath.Join(dir, "mapping.yml"))
	return nil
}
