package graph_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/internal/testenv"
)

// TestExportNamesSources: `casegraph export` (EachEntity and
// EachRelationship through the FtM writer, as cmd/casegraph runs them)
// names the sources of every entity and every link it writes as an
// entity, and the Source entities they point to are in the export with
// their titles, so every fact in the file can be traced to its document.
func TestExportNamesSources(t *testing.T) {
	s := testenv.Store(t)
	ctx := ctxT(t)
	p := testenv.Prefix(t)
	article, ledger := p+"article", p+"ledger"
	cite := func(ids ...string) []string { return ids }
	ents := []casegraph.Entity{
		{ID: article, Schema: casegraph.Source, Name: "The article", Properties: map[string]any{"title": "The article", "publisher": "Techdirt"}, SourceIDs: cite(article)},
		{ID: ledger, Schema: casegraph.Source, Name: "The ledger", Properties: map[string]any{"title": "The ledger"}, SourceIDs: cite(ledger)},
		{ID: p + "lacey", Schema: casegraph.Person, Name: "Michael Lacey", SourceIDs: cite(article)},
		{ID: p + "bank", Schema: casegraph.Company, Name: "Bank", SourceIDs: cite(article, ledger)},
		{ID: p + "pay", Schema: casegraph.Payment, Name: "Transfer", Properties: map[string]any{"amount": 16.5e6, "currency": "USD"}, SourceIDs: cite(ledger)},
	}
	rels := []casegraph.Relationship{
		{ID: p + "paid", Type: casegraph.Paid, SourceID: p + "lacey", TargetID: p + "pay", SourceIDs: cite(ledger)},
		{ID: p + "paidto", Type: casegraph.PaidTo, SourceID: p + "pay", TargetID: p + "bank", SourceIDs: cite(ledger)},
		{ID: p + "dir", Type: casegraph.Directorship, SourceID: p + "lacey", TargetID: p + "bank", Role: "founder", SourceIDs: cite(article)},
	}
	if err := s.WriteBatch(ctx, ents, rels); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	x := ingest.NewFTMExporter(&out)
	var nodeLinks []casegraph.RelType
	for _, rt := range casegraph.RelTypes {
		if ingest.IsNodeLink(rt) {
			nodeLinks = append(nodeLinks, rt)
		}
	}
	mine := func(id string) bool { return strings.HasPrefix(id, p) }
	if err := s.EachEntity(ctx, nodeLinks, func(e casegraph.Entity, links []casegraph.Relationship) error {
		if mine(e.ID) {
			x.Entity(e, links)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, rt := range casegraph.RelTypes {
		if ingest.IsNodeLink(rt) {
			continue
		}
		if err := s.EachRelationship(ctx, rt, func(r casegraph.Relationship) error {
			if mine(r.ID) {
				x.Relationship(r)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := x.Flush(); err != nil {
		t.Fatal(err)
	}

	type line struct {
		ID         string
		Schema     string
		Properties map[string][]string
	}
	byID := map[string]line{}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var e line
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		byID[e.ID] = e
	}
	want := map[string][]string{p + "lacey": {article}, p + "bank": {article, ledger}, p + "pay": {ledger}, p + "dir": {article}}
	for id, sources := range want {
		e, ok := byID[id]
		if !ok {
			t.Errorf("%s is not in the export", id)
			continue
		}
		if got := strings.Join(e.Properties["sourceIds"], ","); got != strings.Join(sources, ",") {
			t.Errorf("%s (%s) names sources %q, want %q", id, e.Schema, got, strings.Join(sources, ","))
		}
		for _, sid := range e.Properties["sourceIds"] {
			if title := byID[sid].Properties["title"]; len(title) == 0 {
				t.Errorf("%s cites %s, which the export has no title for", id, sid)
			}
		}
	}
	// The payment's payer and beneficiary are properties of the payment
	// (FtM's way), so the payment's sources cite them.
	if pay := byID[p+"pay"].Properties; len(pay["payer"]) != 1 || len(pay["beneficiary"]) != 1 {
		t.Errorf("the payment's ends are missing: %v", pay)
	}
}
