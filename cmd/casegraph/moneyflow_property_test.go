package main

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"testing"

	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/ingest/synth"
	"github.com/casegraph/casegraph/internal/testenv"
)

// TestMoneyFlowTotalsMatchTheGeneratorsRows: on a generated case, the money
// the default moneyFlow call says left a party directly equals, per
// currency, the sum of that party's rows in payments.csv, computed here
// independently, however many chains the call lists; and flowPage pages
// through the same flows as flows.
func TestMoneyFlowTotalsMatchTheGeneratorsRows(t *testing.T) {
	dir := loadGeneratedCase(t)
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
	rowsOf := map[string]int{}
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
		rowsOf[payer]++
	}

	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	// The payers with the most rows first: they are the ones whose chains
	// are cut.
	sort.SliceStable(payers, func(i, j int) bool { return rowsOf[payers[i]] > rowsOf[payers[j]] })
	checked := 0
	for i := 0; i < len(payers) && checked < 25; i += len(payers)/25 + 1 {
		payer := payers[i]
		d := data(t, base, `query($id: ID!) { moneyFlow(from: $id) { truncated totals { currency total }
			flows { payer beneficiary currency total count } flowPage(first: 3) { totalCount pageInfo { hasNextPage endCursor } } } }`,
			map[string]any{"id": "synth-" + payer})
		mf := obj(d["moneyFlow"])
		flows := list(mf["flows"])
		page := obj(mf["flowPage"])
		if n := page["totalCount"].(float64); int(n) != len(flows) {
			t.Fatalf("%s: flowPage counts %v flows, flows lists %d", payer, n, len(flows))
		}
		if cursor := obj(page["pageInfo"])["endCursor"]; len(flows) > 3 && cursor != nil {
			next := data(t, base, `query($id: ID!, $after: String) { moneyFlow(from: $id) { flowPage(first: 3, after: $after) {
				nodes { payer beneficiary currency total count } } } }`, map[string]any{"id": "synth-" + payer, "after": cursor})
			got := list(obj(obj(next["moneyFlow"])["flowPage"])["nodes"])
			if len(got) == 0 || !reflect.DeepEqual(got[0], flows[3]) {
				t.Fatalf("%s: the second page of flowPage starts with %v, flows has %v fourth", payer, got, flows[3])
			}
		}
		// Asked for the totals alone (no flows: a cheaper statement), the
		// same totals.
		alone := data(t, base, `query($id: ID!) { moneyFlow(from: $id) { totals { currency total } } }`,
			map[string]any{"id": "synth-" + payer})
		if a, b := obj(alone["moneyFlow"])["totals"], mf["totals"]; !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: totals alone %v, with flows %v", payer, a, b)
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

// loadGeneratedCase writes the synthetic case the end-to-end tests share
// (3,000 payment rows, seed 11) and loads it into the test Neo4j; it returns
// the folder of its spreadsheets, for tests that check answers against them.
func loadGeneratedCase(t *testing.T) string {
	t.Helper()
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
	return dir
}
