package casegraph

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

// manyIDs is n distinct ids.
func manyIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("id-%d", i)
	}
	return out
}

var badWindow = Window{Since: "2012", Until: "2011"}

func TestNeighborhoodParams(t *testing.T) {
	tests := []paramCase[NeighborhoodParams]{
		{"defaults", NeighborhoodParams{IDs: []string{"a"}},
			NeighborhoodParams{IDs: []string{"a"}, Depth: 1, Limit: DefaultLimit, PerNode: DefaultPerNode}, ""},
		{"repeated ids dropped, first kept", NeighborhoodParams{IDs: []string{"b", "a", "b", "a"}, Depth: 2, Limit: 9, PerNode: 3},
			NeighborhoodParams{IDs: []string{"b", "a"}, Depth: 2, Limit: 9, PerNode: 3}, ""},
		{"the caps themselves", NeighborhoodParams{IDs: manyIDs(MaxSeeds), Depth: MaxDepth, Limit: MaxLimit, PerNode: MaxPerNode},
			NeighborhoodParams{IDs: manyIDs(MaxSeeds), Depth: MaxDepth, Limit: MaxLimit, PerNode: MaxPerNode}, ""},
		{"no ids", NeighborhoodParams{}, NeighborhoodParams{}, "neighborhood needs at least one id"},
		{"too many ids", NeighborhoodParams{IDs: manyIDs(MaxSeeds + 1)}, NeighborhoodParams{}, "neighborhood takes at most 50 ids, got 51"},
		{"an empty id", NeighborhoodParams{IDs: []string{"a", ""}}, NeighborhoodParams{}, "neighborhood was given an empty id"},
		{"depth over the cap", NeighborhoodParams{IDs: []string{"a"}, Depth: MaxDepth + 1}, NeighborhoodParams{}, "depth 4 is out of range: use 1 to 3"},
		{"negative depth", NeighborhoodParams{IDs: []string{"a"}, Depth: -1}, NeighborhoodParams{}, "depth -1 is out of range: use 1 to 3"},
		{"limit over the cap", NeighborhoodParams{IDs: []string{"a"}, Limit: MaxLimit + 1}, NeighborhoodParams{}, "limit 2001 is out of range: use 1 to 2000 nodes"},
		{"limit under the ids", NeighborhoodParams{IDs: []string{"a", "b", "c"}, Limit: 2}, NeighborhoodParams{}, "limit 2 is smaller than the 3 ids asked for"},
		{"perNode over the cap", NeighborhoodParams{IDs: []string{"a"}, PerNode: MaxPerNode + 1}, NeighborhoodParams{}, "perNode 201 is out of range: use 1 to 200 links per node"},
		{"unknown schema", NeighborhoodParams{IDs: []string{"a"}, Schemata: []Schema{"Planet"}}, NeighborhoodParams{}, `unknown schema "Planet"`},
		{"bad window", NeighborhoodParams{IDs: []string{"a"}, Window: badWindow}, NeighborhoodParams{}, "since 2012 is after until 2011"},
	}
	runParamCases(t, tests)
}

func TestPathParams(t *testing.T) {
	tests := []paramCase[PathParams]{
		{"defaults", PathParams{From: "a", To: "b"}, PathParams{From: "a", To: "b", MaxHops: DefaultHops, Limit: DefaultPaths}, ""},
		{"the caps themselves", PathParams{From: "a", To: "b", MaxHops: MaxHops, Limit: MaxPaths},
			PathParams{From: "a", To: "b", MaxHops: MaxHops, Limit: MaxPaths}, ""},
		{"no from", PathParams{To: "b"}, PathParams{}, "paths needs both a from and a to id"},
		{"no to", PathParams{From: "a"}, PathParams{}, "paths needs both a from and a to id"},
		{"the same entity twice", PathParams{From: "a", To: "a"}, PathParams{}, `paths needs two different entities, got "a" twice`},
		{"too many hops", PathParams{From: "a", To: "b", MaxHops: MaxHops + 1}, PathParams{}, "maxHops 7 is out of range: use 1 to 6"},
		{"too many paths", PathParams{From: "a", To: "b", Limit: MaxPaths + 1}, PathParams{}, "limit 21 is out of range: use 1 to 20 paths"},
		{"negative limit", PathParams{From: "a", To: "b", Limit: -1}, PathParams{}, "limit -1 is out of range: use 1 to 20 paths"},
		{"bad window", PathParams{From: "a", To: "b", Window: Window{Since: "2011-02-31"}}, PathParams{}, `since "2011-02-31" is not a date`},
	}
	runParamCases(t, tests)
}

func TestMoneyFlowParams(t *testing.T) {
	tests := []paramCase[MoneyFlowParams]{
		{"defaults", MoneyFlowParams{From: "a"},
			MoneyFlowParams{From: "a", Direction: Outgoing, MaxHops: DefaultMoneyHops, Limit: DefaultMoneyChains}, ""},
		{"the caps themselves", MoneyFlowParams{From: "a", Direction: Incoming, MaxHops: MaxMoneyHops, Limit: MaxMoneyChains, MinAmount: 10},
			MoneyFlowParams{From: "a", Direction: Incoming, MaxHops: MaxMoneyHops, Limit: MaxMoneyChains, MinAmount: 10}, ""},
		{"no origin", MoneyFlowParams{}, MoneyFlowParams{}, "moneyFlow needs the id of the entity to start from"},
		{"unknown direction", MoneyFlowParams{From: "a", Direction: "UP"}, MoneyFlowParams{}, `direction must be OUT or IN, not "UP"`},
		{"too many hops", MoneyFlowParams{From: "a", MaxHops: MaxMoneyHops + 1}, MoneyFlowParams{}, "maxHops must be between 1 and 8, not 9"},
		{"negative hops", MoneyFlowParams{From: "a", MaxHops: -1}, MoneyFlowParams{}, "maxHops must be between 1 and 8, not -1"},
		{"too many chains", MoneyFlowParams{From: "a", Limit: MaxMoneyChains + 1}, MoneyFlowParams{}, "limit must be between 1 and 500 chains, not 501"},
		{"negative amount", MoneyFlowParams{From: "a", MinAmount: -1}, MoneyFlowParams{}, "minAmount must be a number of at least 0, not -1"},
		{"NaN amount", MoneyFlowParams{From: "a", MinAmount: math.NaN()}, MoneyFlowParams{}, "minAmount must be a number of at least 0, not NaN"},
		{"infinite amount", MoneyFlowParams{From: "a", MinAmount: math.Inf(1)}, MoneyFlowParams{}, "minAmount must be a number of at least 0, not +Inf"},
		{"bad window", MoneyFlowParams{From: "a", Window: badWindow}, MoneyFlowParams{}, "since 2012 is after until 2011"},
	}
	runParamCases(t, tests)
}

func TestMeetingParams(t *testing.T) {
	tests := []paramCase[MeetingParams]{
		{"no participants: every event", MeetingParams{Limit: 10}, MeetingParams{Participants: []string{}, Limit: 10}, ""},
		{"repeated participants dropped", MeetingParams{Participants: []string{"a", "b", "a"}, Skip: 5, Limit: MaxPageSize},
			MeetingParams{Participants: []string{"a", "b"}, Skip: 5, Limit: MaxPageSize}, ""},
		{"the most participants, once repeats are dropped", MeetingParams{Participants: append(manyIDs(MaxMeetingsFilter), "id-0"), Limit: 1},
			MeetingParams{Participants: manyIDs(MaxMeetingsFilter), Limit: 1}, ""},
		{"no page size", MeetingParams{}, MeetingParams{}, "page size must be between 1 and 100, not 0"},
		{"page too big", MeetingParams{Limit: MaxPageSize + 1}, MeetingParams{}, "page size must be between 1 and 100, not 101"},
		{"negative skip", MeetingParams{Skip: -1, Limit: 10}, MeetingParams{}, "cannot skip a negative number of rows (-1)"},
		{"an empty participant", MeetingParams{Participants: []string{""}, Limit: 10}, MeetingParams{}, "an empty participant id was given"},
		{"too many participants", MeetingParams{Participants: manyIDs(MaxMeetingsFilter + 1), Limit: 10}, MeetingParams{}, "at most 50 participant ids may be given, not 51"},
		{"bad window", MeetingParams{Limit: 10, Window: Window{Until: "2011-13"}}, MeetingParams{}, `until "2011-13" is not a date`},
	}
	runParamCases(t, tests)
}

func TestChargeParams(t *testing.T) {
	tests := []paramCase[ChargeParams]{
		{"no filter", ChargeParams{Limit: 20}, ChargeParams{Limit: 20}, ""},
		{"every filter", ChargeParams{Defendant: "d", Case: "c", Outcome: Convicted, Skip: 40, Limit: 20},
			ChargeParams{Defendant: "d", Case: "c", Outcome: Convicted, Skip: 40, Limit: 20}, ""},
		{"no page size", ChargeParams{}, ChargeParams{}, "page size must be between 1 and 100, not 0"},
		{"page too big", ChargeParams{Limit: MaxPageSize + 1}, ChargeParams{}, "page size must be between 1 and 100, not 101"},
		{"negative skip", ChargeParams{Skip: -3, Limit: 1}, ChargeParams{}, "cannot skip a negative number of rows (-3)"},
		{"unknown outcome", ChargeParams{Outcome: "PARDONED", Limit: 1}, ChargeParams{}, `unknown charge outcome "PARDONED"`},
	}
	runParamCases(t, tests)
}

func TestChargeOutcomeValid(t *testing.T) {
	for _, o := range ChargeOutcomes {
		if !o.Valid() {
			t.Errorf("%s is one of ChargeOutcomes but not Valid", o)
		}
	}
	for _, o := range []ChargeOutcome{"", "convicted", "PARDONED"} {
		if o.Valid() {
			t.Errorf("%q is Valid", o)
		}
	}
}

func TestTimelineParams(t *testing.T) {
	tests := []paramCase[TimelineParams]{
		{"defaults", TimelineParams{IDs: []string{"a"}}, TimelineParams{IDs: []string{"a"}, Limit: DefaultLimit}, ""},
		{"repeated ids dropped", TimelineParams{IDs: []string{"a", "a", "b"}, Limit: 3}, TimelineParams{IDs: []string{"a", "b"}, Limit: 3}, ""},
		{"the caps themselves", TimelineParams{IDs: manyIDs(MaxTimelineIDs), Limit: MaxTimelineItems},
			TimelineParams{IDs: manyIDs(MaxTimelineIDs), Limit: MaxTimelineItems}, ""},
		{"no ids", TimelineParams{}, TimelineParams{}, "between 1 and 50 entity ids must be given, not 0"},
		{"too many ids", TimelineParams{IDs: manyIDs(MaxTimelineIDs + 1)}, TimelineParams{}, "between 1 and 50 entity ids must be given, not 51"},
		{"an empty id", TimelineParams{IDs: []string{"a", ""}}, TimelineParams{}, "an empty entity id was given"},
		{"negative limit", TimelineParams{IDs: []string{"a"}, Limit: -1}, TimelineParams{}, "a timeline holds between 1 and 1000 items, not -1"},
		{"limit over the cap", TimelineParams{IDs: []string{"a"}, Limit: MaxTimelineItems + 1}, TimelineParams{}, "a timeline holds between 1 and 1000 items, not 1001"},
		{"bad window", TimelineParams{IDs: []string{"a"}, Window: Window{Since: "yesterday"}}, TimelineParams{}, `since "yesterday" is not a date`},
	}
	runParamCases(t, tests)
}

func TestLinksParams(t *testing.T) {
	tests := []struct {
		name    string
		in      LinksParams
		wantErr string
	}{
		{"all types", LinksParams{IDs: []string{"a"}, Limit: 10}, ""},
		{"some types", LinksParams{IDs: []string{"a"}, Types: []RelType{Ownership, Paid}, Limit: 10}, ""},
		{"unknown type", LinksParams{IDs: []string{"a"}, Types: []RelType{Ownership, "LIKES"}, Limit: 10}, `unknown relationship type "LIKES"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.WithDefaults()
			checkErr(t, err, tc.wantErr)
			if tc.wantErr == "" && !reflect.DeepEqual(got, tc.in) {
				t.Errorf("got %+v, want it unchanged", got)
			}
		})
	}
}

// paramCase is one row of a params table: what goes in, and either what
// WithDefaults gives back or the start of its error.
type paramCase[T any] struct {
	name    string
	in      T
	want    T
	wantErr string
}

// runParamCases runs a params table through WithDefaults.
func runParamCases[T interface{ WithDefaults() (T, error) }](t *testing.T, cases []paramCase[T]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.WithDefaults()
			checkErr(t, err, tc.wantErr)
			if tc.wantErr == "" && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
