package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
)

// chargeLine is a ChargeRow reduced to ids and the outcome, for comparing.
type chargeLine struct {
	charge, outcome, defendant, courtCase, prosecutor string
}

func chargeLines(rows []casegraph.ChargeRow) []chargeLine {
	id := func(e *casegraph.Entity) string {
		if e == nil {
			return ""
		}
		return e.ID
	}
	out := make([]chargeLine, len(rows))
	for i, r := range rows {
		outcome, _ := r.Charge.Properties["outcome"].(string)
		out[i] = chargeLine{r.Charge.ID, outcome, id(r.Defendant), id(r.Case), id(r.Prosecutor)}
	}
	return out
}

func TestCharges(t *testing.T) {
	f := seedQueryFixture(t)
	lacey, others, allen := f.id("michael-lacey"), f.id("other-executives"), f.id("allen")
	t2021, t2023, doj := f.id("trial-2021"), f.id("trial-2023"), f.id("doj")
	mistrial := chargeLine{f.id("lacey-2021-charges"), "MISTRIAL", lacey, t2021, doj}
	acquitted := chargeLine{f.id("lacey-2023-acquitted-count"), "ACQUITTED", lacey, t2023, doj}
	convicted := chargeLine{f.id("lacey-2023-money-laundering"), "CONVICTED", lacey, t2023, doj}
	hung := chargeLine{f.id("lacey-2023-remaining-counts"), "HUNG_JURY", lacey, t2023, doj}
	facilitation := chargeLine{f.id("other-2023-facilitation"), "CONVICTED", others, t2023, doj}
	laundering := chargeLine{f.id("other-2023-money-laundering"), "CONVICTED", others, t2023, doj}
	travel := chargeLine{f.id("other-2023-travel-act"), "CONVICTED", others, t2023, doj}
	tests := []struct {
		name              string
		defendant, caseID string
		outcome           casegraph.ChargeOutcome
		skip, limit       int
		want              []chargeLine
	}{
		// The 2021 case closed first; within a case by count number, then id.
		{"Lacey's four charges", lacey, "", "", 0, 20, []chargeLine{mistrial, acquitted, convicted, hung}},
		{"Lacey, hung jury only", lacey, "", casegraph.HungJury, 0, 20, []chargeLine{hung}},
		{"Lacey, acquitted only", lacey, "", casegraph.Acquitted, 0, 20, []chargeLine{acquitted}},
		{"Lacey, mistrial only", lacey, "", casegraph.Mistrial, 0, 20, []chargeLine{mistrial}},
		{"Lacey, convicted only", lacey, "", casegraph.Convicted, 0, 20, []chargeLine{convicted}},
		{"Lacey, nothing pleaded", lacey, "", casegraph.PleadedGuilty, 0, 20, nil},
		{"the other executives", others, "", "", 0, 20, []chargeLine{facilitation, laundering, travel}},
		{"the 2023 case", "", t2023, "", 0, 20, []chargeLine{acquitted, convicted, hung, facilitation, laundering, travel}},
		{"the 2023 case, convictions", "", t2023, casegraph.Convicted, 0, 20, []chargeLine{convicted, facilitation, laundering, travel}},
		{"Lacey in the 2021 case", lacey, t2021, "", 0, 20, []chargeLine{mistrial}},
		{"the executives in the 2021 case", others, t2021, "", 0, 20, nil},
		{"a charge without a case", allen, "", "", 0, 20, []chargeLine{{f.id("allen-uncharged-count"), "DISMISSED", allen, "", ""}}},
		{"an unknown defendant", f.id("nobody"), "", "", 0, 20, nil},
		{"first page has one extra row", lacey, "", "", 0, 2, []chargeLine{mistrial, acquitted, convicted}},
		{"second page", lacey, "", "", 2, 2, []chargeLine{convicted, hung}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.s.Charges(ctxT(t), casegraph.ChargeParams{Defendant: tc.defendant, Case: tc.caseID, Outcome: tc.outcome, Skip: tc.skip, Limit: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			if lines := chargeLines(got); !slices.Equal(lines, tc.want) {
				t.Fatalf("got  %v\nwant %v", lines, tc.want)
			}
		})
	}

	t.Run("a row carries the entities and sources", func(t *testing.T) {
		got, err := f.s.Charges(ctxT(t), casegraph.ChargeParams{Defendant: lacey, Case: t2021, Limit: 20})
		if err != nil || len(got) != 1 {
			t.Fatalf("got %d rows, err %v", len(got), err)
		}
		r := got[0]
		if r.Charge.Properties["outcomeDate"] != "2021" || r.Case.Properties["status"] != "mistrial" ||
			r.Prosecutor.Name != "U.S. Department of Justice" || r.Defendant.Name != "Michael Lacey" {
			t.Errorf("row: charge %v, case %v, prosecutor %v, defendant %v",
				r.Charge.Properties, r.Case.Properties, r.Prosecutor.Name, r.Defendant.Name)
		}
		if ids := entityIDs(r.Sources); !slices.Equal(ids, f.ids("source")) {
			t.Errorf("sources %v", ids)
		}
	})

	// Filtering by outcome alone reads every test's charges; page through
	// them all and keep this fixture's.
	outcomes := []struct {
		outcome casegraph.ChargeOutcome
		want    []chargeLine
	}{
		{casegraph.HungJury, []chargeLine{hung}},
		{casegraph.Mistrial, []chargeLine{mistrial}},
		{casegraph.Acquitted, []chargeLine{acquitted}},
		{casegraph.Dismissed, []chargeLine{{f.id("allen-uncharged-count"), "DISMISSED", allen, "", ""}}},
	}
	for _, tc := range outcomes {
		t.Run("every charge with outcome "+string(tc.outcome), func(t *testing.T) {
			var mine []chargeLine
			for skip := 0; ; skip += casegraph.MaxPageSize {
				page, err := f.s.Charges(ctxT(t), casegraph.ChargeParams{Outcome: tc.outcome, Skip: skip, Limit: casegraph.MaxPageSize})
				if err != nil {
					t.Fatal(err)
				}
				for i, l := range chargeLines(page) {
					if l.outcome != string(tc.outcome) {
						t.Fatalf("row %d has outcome %s", skip+i, l.outcome)
					}
					if strings.HasPrefix(l.charge, f.p) && i < casegraph.MaxPageSize {
						mine = append(mine, l)
					}
				}
				if len(page) <= casegraph.MaxPageSize {
					break
				}
			}
			if !slices.Equal(mine, tc.want) {
				t.Fatalf("got %v, want %v", mine, tc.want)
			}
		})
	}
}

func TestChargesRefusesBadInput(t *testing.T) {
	f := seedQueryFixture(t)
	tests := []struct {
		name        string
		outcome     casegraph.ChargeOutcome
		skip, limit int
	}{
		{"unknown outcome", "GUILTY", 0, 20},
		{"lower-case outcome", "hung_jury", 0, 20},
		{"limit zero", "", 0, 0},
		{"limit over the maximum", "", 0, casegraph.MaxPageSize + 1},
		{"negative skip", "", -5, 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.Charges(ctxT(t), casegraph.ChargeParams{Defendant: f.id("michael-lacey"), Outcome: tc.outcome, Skip: tc.skip, Limit: tc.limit})
			if code := casegraph.ErrorCode(err); code != casegraph.EINVALID {
				t.Fatalf("got %v (code %q), want an %s error", err, code, casegraph.EINVALID)
			}
		})
	}
}
