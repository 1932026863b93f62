package main

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/ingest/synth"
	"github.com/casegraph/casegraph/internal/testenv"
)

// TestMoneyFlowTotalsMatchTheGeneratorsRows: on a generated case, the money
// moneyFlow says left a party directly (maxHops 1) equals, per currency, the
// sum of that party's rows in payments.csv, computed here independently.
func TestMoneyFlowTotalsMatchTheGeneratorsRows(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Generate(dir, synth.Scaled(3000, 11)); err != nil {
		t.Fatal(err)
	}
	m, err := ingest.LoadMapping(filepath.Join(dir, "mapping.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(context.Background(), testenv.Store(t), m, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	// Independently: sum the CSV.
	f, err := os.Open(filepath.Join(dir, "payments.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	want := map[string]map[string]float64{} // payer -> currency -> total
	var payers []string
	for _, r := range rows[1:] {
		payer := r[col["payer_id"]]
		amount, err := strconv.ParseFloat(r[col["amount"]], 64)
		if err != nil {
			t.Fatalf("amount %q: %v", r[col["amount"]], err)
		}
		if want[payer] == nil {
			want[payer] = map[string]float64{}
			payers = append(payers, payer)
		}
		want[payer][r[col["currency"]]] += amount
	}

	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	checked := 0
	for i := 0; i < len(payers) && checked < 25; i += len(payers)/25 + 1 {
		payer := payers[i]
		d := data(t, base, `query($id: ID!) { moneyFlow(from: $id, maxHops: 1, limit: 500) { truncated totals { currency total } } }`,
			map[string]any{"id": "synth-" + payer})
		mf := obj(d["moneyFlow"])
		if mf["truncated"] == true {
			continue
		}
		got := map[string]float64{}
		for _, tot := range list(mf["totals"]) {
			got[obj(tot)["currency"].(string)] = obj(tot)["total"].(float64)
		}
		if len(got) != len(want[payer]) {
			t.Fatalf("%s: currencies %v, want %v", payer, got, want[payer])
		}
		for cur, w := range want[payer] {
			if math.Abs(got[cur]-w) > 1e-6*math.Max(1, w) {
				t.Fatalf("%s %s: moneyFlow total %.2f, the CSV says %.2f", payer, cur, got[cur], w)
			}
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d payers checked", checked)
	}
}
