package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/casegraph/casegraph/ingest/synth"
	"github.com/casegraph/casegraph/xref"
)

// evalOptions sizes the generated evaluation case.
func evalOptions(cfg config) synth.Options {
	n := cfg.people
	return synth.Options{Seed: cfg.seed, People: n, Companies: n / 2, Agencies: 6, Banks: 24, Accounts: n * 3 / 2}
}

// prep writes pairs.jsonl (every set), prep.json (what was kept) and
// decisions_casegraph.jsonl (judgements for the interop check).
func prep(ctx context.Context, cfg config, stdout io.Writer) error {
	st := prepStats{Pairs: map[string]int{}, Skipped: map[string]int{}}
	names, err := readNameBench(filepath.Join(cfg.testdata, "cases.csv"), &st)
	if err != nil {
		return err
	}
	checks, err := readChecks(filepath.Join(cfg.testdata, "checks.yml"), &st)
	if err != nil {
		return err
	}
	donations, err := readDonations(filepath.Join(cfg.testdata, "donations.ijson"), filepath.Join(cfg.testdata, "donations_labels.csv"))
	if err != nil {
		return err
	}
	g, err := generate(ctx, filepath.Join(cfg.out, "gen"), evalOptions(cfg), synth.DefaultRegister())
	if err != nil {
		return err
	}
	gen := generatedPairs(g)
	var all []pair
	for _, ps := range [][]pair{names, checks, donations, gen} {
		all = append(all, ps...)
		for _, p := range ps {
			st.Pairs[p.Set]++
		}
	}
	if err := writePairs(filepath.Join(cfg.out, "pairs.jsonl"), all); err != nil {
		return err
	}
	data, _ := json.MarshalIndent(st, "", "  ")
	if err := os.WriteFile(filepath.Join(cfg.out, "prep.json"), data, 0o644); err != nil {
		return err
	}
	if err := writeDecisions(filepath.Join(cfg.out, "decisions_casegraph.jsonl"), interopDecisions(g)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "pairs: %v (left out, schemata casegraph does not hold: %v) -> %s\n", st.Pairs, st.Skipped, filepath.Join(cfg.out, "pairs.jsonl"))
	return nil
}

// interopDecisions are judgements as an analyst would leave them on the
// generated case: every truth pair (SAME or DIFFERENT), some UNSURE, with
// scores, users and times, and ids of the shapes nomenklatura treats
// specially (its own NK- ids and Wikidata QIDs sort above others).
func interopDecisions(g *generated) []xref.Decision {
	at := time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)
	var ds []xref.Decision
	for k, t := range g.truth {
		d := xref.Decision{Left: t.Left, Right: t.Right, Judgement: xref.Different, User: "analyst", CreatedAt: at.Add(time.Duration(k) * time.Minute)}
		if t.Same {
			d.Judgement = xref.Same
		}
		switch k % 10 {
		case 0:
			d.Judgement = xref.Unsure
		case 1:
			d.Score = 0.875
		case 2:
			d.User = ""
		case 3:
			d.CreatedAt = d.CreatedAt.Add(123456 * time.Microsecond)
		}
		ds = append(ds, d)
	}
	ds = append(ds,
		xref.Decision{Left: "NK-2Xb5uNLgm6oWSxYTz8JQmE", Right: "synth-p000001", Judgement: xref.Same, User: "analyst", CreatedAt: at},
		xref.Decision{Left: "Q7747", Right: "register-rp000001", Judgement: xref.Different, Score: 0.25, User: "analyst", CreatedAt: at},
		xref.Decision{Left: "Q7747", Right: "NK-2Xb5uNLgm6oWSxYTz8JQmE", Judgement: xref.Unsure, CreatedAt: at},
	)
	return ds
}

func writeDecisions(path string, ds []xref.Decision) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := xref.WriteResolverJSONL(f, ds); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
