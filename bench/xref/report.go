package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest/synth"
	"github.com/casegraph/casegraph/xref"
)

// metrics is one tool's result on one set (Schema "*") or one set's schema.
type metrics struct {
	Set       string  `json:"set"`
	Schema    string  `json:"schema"`
	N         int     `json:"n"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	TN        int     `json:"tn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	MsPerPair float64 `json:"ms_per_pair"`
}

// toolResult is one row of the table: a tool at its default threshold.
type toolResult struct {
	Tool      string    `json:"tool"`
	Threshold float64   `json:"threshold"`
	Note      string    `json:"note,omitempty"`
	Rows      []metrics `json:"rows"`
	Errors    []string  `json:"errors,omitempty"`
}

// tally turns predictions into metrics per set and per set and schema.
func tally(ps []pair, predicted []bool, ms map[[2]string]float64) []metrics {
	byKey := map[[2]string]*metrics{}
	get := func(set, schema string) *metrics {
		k := [2]string{set, schema}
		if byKey[k] == nil {
			byKey[k] = &metrics{Set: set, Schema: schema}
		}
		return byKey[k]
	}
	for i, p := range ps {
		for _, m := range []*metrics{get(p.Set, "*"), get(p.Set, p.Schema)} {
			m.N++
			switch {
			case p.Match && predicted[i]:
				m.TP++
			case p.Match:
				m.FN++
			case predicted[i]:
				m.FP++
			default:
				m.TN++
			}
		}
	}
	var out []metrics
	for k, m := range byKey {
		m.Precision, m.Recall, m.F1 = prf(m.TP, m.FP, m.FN)
		m.MsPerPair = ms[k]
		out = append(out, *m)
	}
	sortMetrics(out)
	return out
}

func prf(tp, fp, fn int) (p, r, f float64) {
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func sortMetrics(ms []metrics) {
	order := func(set string) int { return slices.Index(sets, set) }
	slices.SortFunc(ms, func(a, b metrics) int {
		if c := cmp.Compare(order(a.Set), order(b.Set)); c != 0 {
			return c
		}
		if (a.Schema == "*") != (b.Schema == "*") {
			if a.Schema == "*" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Schema, b.Schema)
	})
}

// entityOf reads an FtM entity of a pair as casegraph holds entities: the
// first name as Name, the other names and aliases as Aliases.
func entityOf(e ftmEntity, schema casegraph.Schema) casegraph.Entity {
	out := casegraph.Entity{ID: e.ID, Schema: schema, Properties: map[string]any{}}
	names := append(slices.Clone(e.Properties["name"]), e.Properties["alias"]...)
	if len(names) > 0 {
		out.Name, out.Aliases = names[0], names[1:]
	}
	for k, vs := range e.Properties {
		if k != "name" && k != "alias" {
			out.Properties[k] = vs
		}
	}
	return out
}

func prepare(p pair) (*xref.Prepared, *xref.Prepared) {
	s := casegraph.Schema(p.Schema)
	ls, rs := s, s
	if cg, ok := casegraphSchema(p.Left.Schema); ok {
		ls = cg
	}
	if cg, ok := casegraphSchema(p.Right.Schema); ok {
		rs = cg
	}
	a := xref.Prepare(xref.FromEntity(entityOf(p.Left, ls), "left", nil))
	b := xref.Prepare(xref.FromEntity(entityOf(p.Right, rs), "right", nil))
	return a, b
}

// groups indexes pairs by set and by set and schema.
func groups(ps []pair) map[[2]string][]int {
	out := map[[2]string][]int{}
	for i, p := range ps {
		out[[2]string{p.Set, p.Schema}] = append(out[[2]string{p.Set, p.Schema}], i)
	}
	return out
}

// timePairs is the median over runs of the time to score each group's
// pairs from their FtM entities (read, prepare both, compare), per pair;
// a set's figure is its groups' total over its pairs.
func timePairs(ps []pair, m xref.Model, runs int) map[[2]string]float64 {
	out := map[[2]string]float64{}
	setTotal := map[string]float64{}
	setN := map[string]int{}
	for k, idx := range groups(ps) {
		var ts []float64
		for range runs {
			start := time.Now()
			for _, i := range idx {
				a, b := prepare(ps[i])
				_ = m.Compare(a, b)
			}
			ts = append(ts, float64(time.Since(start).Nanoseconds()))
		}
		med := median(ts)
		out[k] = med / 1e6 / float64(len(idx))
		setTotal[k[0]] += med
		setN[k[0]] += len(idx)
	}
	for s, t := range setTotal {
		out[[2]string{s, "*"}] = t / 1e6 / float64(setN[s])
	}
	return out
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// crossValidated fits the default model on four fifths of each set and
// predicts the fifth left out, five times over: no pair is predicted by a
// model that saw it.
func crossValidated(ps []pair, prepared [][2]*xref.Prepared) ([]bool, map[string]xref.Model) {
	predicted := make([]bool, len(ps))
	models := map[string]xref.Model{}
	bySet := map[string][]int{}
	for i, p := range ps {
		bySet[p.Set] = append(bySet[p.Set], i)
	}
	for set, idx := range bySet {
		fold := func(i int) int { return int(fnv32(ps[i].Left.ID+"|"+ps[i].Right.ID) % 5) }
		for f := range 5 {
			var train []xref.Example
			for _, i := range idx {
				if fold(i) != f {
					train = append(train, xref.Example{A: prepared[i][0], B: prepared[i][1], Same: ps[i].Match})
				}
			}
			m := xref.Fit(xref.DefaultModel(), train)
			if f == 0 {
				models[set] = m
			}
			for _, i := range idx {
				if fold(i) == f {
					predicted[i] = m.Compare(prepared[i][0], prepared[i][1]).Score >= m.Threshold
				}
			}
		}
	}
	return predicted, models
}

// blocking says how many of the truth's same-party pairs blocking proposes,
// and how many candidates each record gets.
type blocking struct {
	CaseRecords, RegisterRecords int
	TruePairs, Found             int
	Recall                       float64
	Candidates                   int
	MeanPerCaseRecord            float64
	MaxPerCaseRecord             int
	MeanPerRegisterRecord        float64
	MaxPerRegisterRecord         int
	AllPairs                     float64 // case × register records of one family
	Missed                       []string
}

// endToEnd is Run (blocking and scoring) on the generated case and register.
type endToEnd struct {
	Matches, TP, FP, FN       int
	Precision, Recall, F1     float64
	FalseLookAlikes           int // planted look-alikes taken for the same party
	Seconds                   float64
	MissedByKind, FoundByKind map[string]int
	FalseExamples             []string
	MissedExamples            []string
}

func preparedOf(es []casegraph.Entity, dataset string) []*xref.Prepared {
	out := make([]*xref.Prepared, len(es))
	for i, e := range es {
		out[i] = xref.Prepare(xref.FromEntity(e, dataset, nil))
	}
	return out
}

func measureBlocking(g *generated, left, right []*xref.Prepared) blocking {
	pos := map[[2]string]bool{}
	for _, t := range g.truth {
		if t.Same {
			pos[[2]string{t.Left, t.Right}] = true
		}
	}
	cands := xref.Candidates(left, right, xref.BlockOptions{})
	perL := make([]int, len(left))
	perR := make([]int, len(right))
	found := map[[2]string]bool{}
	for _, c := range cands {
		perL[c[0]]++
		perR[c[1]]++
		k := [2]string{left[c[0]].ID, right[c[1]].ID}
		if pos[k] {
			found[k] = true
		}
	}
	b := blocking{CaseRecords: len(left), RegisterRecords: len(right), TruePairs: len(pos), Found: len(found), Candidates: len(cands)}
	b.Recall = float64(b.Found) / float64(max(b.TruePairs, 1))
	b.MeanPerCaseRecord = float64(len(cands)) / float64(max(len(left), 1))
	b.MeanPerRegisterRecord = float64(len(cands)) / float64(max(len(right), 1))
	b.MaxPerCaseRecord = slices.Max(append(perL, 0))
	b.MaxPerRegisterRecord = slices.Max(append(perR, 0))
	fam := map[string][2]int{}
	for _, p := range left {
		f, _ := xref.FamilyOf(p.Schema)
		c := fam[string(f)]
		c[0]++
		fam[string(f)] = c
	}
	for _, p := range right {
		f, _ := xref.FamilyOf(p.Schema)
		c := fam[string(f)]
		c[1]++
		fam[string(f)] = c
	}
	for _, c := range fam {
		b.AllPairs += float64(c[0]) * float64(c[1])
	}
	for _, t := range g.truth {
		if t.Same && !found[[2]string{t.Left, t.Right}] && len(b.Missed) < 12 {
			b.Missed = append(b.Missed, t.Left+" ~ "+t.Right+" ("+t.Variation+")")
		}
	}
	return b
}

func measureEndToEnd(ctx context.Context, g *generated, left, right []*xref.Prepared) (endToEnd, error) {
	m := xref.DefaultModel()
	start := time.Now()
	matches, err := xref.Run(ctx, left, right, m, m.Threshold, xref.BlockOptions{}, nil)
	if err != nil {
		return endToEnd{}, err
	}
	e := endToEnd{Matches: len(matches), Seconds: time.Since(start).Seconds(), MissedByKind: map[string]int{}, FoundByKind: map[string]int{}}
	truth := map[[2]string]truthPair{}
	for _, t := range g.truth {
		truth[[2]string{t.Left, t.Right}] = t
	}
	names := map[string]string{}
	for _, p := range append(slices.Clone(left), right...) {
		if len(p.Names) > 0 {
			names[p.ID] = p.Names[0]
		}
	}
	got := map[[2]string]bool{}
	for _, mt := range matches {
		k := [2]string{mt.Left, mt.Right}
		if strings.HasPrefix(mt.Left, synth.RegisterDataset+"-") {
			k = [2]string{mt.Right, mt.Left}
		}
		got[k] = true
		t, ok := truth[k]
		switch {
		case ok && t.Same:
			e.TP++
			e.FoundByKind[kindOf(t)]++
		default:
			e.FP++
			if ok {
				e.FalseLookAlikes++
			}
			if len(e.FalseExamples) < 10 {
				e.FalseExamples = append(e.FalseExamples, fmt.Sprintf("%q ~ %q score %.2f (%s)", names[k[0]], names[k[1]], mt.Score, t.Variation))
			}
		}
	}
	perSchema := map[casegraph.Schema]int{}
	for _, t := range g.truth {
		if t.Same && !got[[2]string{t.Left, t.Right}] {
			e.FN++
			e.MissedByKind[kindOf(t)]++
			if perSchema[t.Schema] < 4 {
				perSchema[t.Schema]++
				e.MissedExamples = append(e.MissedExamples, fmt.Sprintf("%q ~ %q (%s)", names[t.Left], names[t.Right], t.Variation))
			}
		}
	}
	e.Precision, e.Recall, e.F1 = prf(e.TP, e.FP, e.FN)
	return e, nil
}

// kindOf is a truth pair's schema and name variation.
func kindOf(t truthPair) string {
	v := t.Variation
	if i := strings.Index(v, " birthDate:"); i > 0 {
		v = v[:i]
	}
	if i := strings.Index(v, " registrationNumber:"); i > 0 {
		v = v[:i]
	}
	return string(t.Schema) + " " + v
}

// scaleRun is Run on a generated case against its register of about the
// same size.
type scaleRun struct {
	Records        int     `json:"records_per_side"`
	Left, Right    int     `json:"-"`
	PrepareSeconds float64 `json:"prepare_seconds"`
	RunSeconds     float64 `json:"run_seconds"`
	CandidatePairs int     `json:"candidate_pairs"`
	Matches        int     `json:"matches"`
	PeakHeapMB     float64 `json:"peak_heap_mb"`
	GrowthFromLast float64 `json:"growth_from_previous"`
	PairsPerSecond float64 `json:"pairs_per_second"`
	RecordsHeapMB  float64 `json:"records_heap_mb"`
}

func scaleOptions(n int, seed int64) (synth.Options, synth.Register) {
	return synth.Options{Seed: seed, People: n * 30 / 100, Companies: n * 15 / 100, Agencies: 6, Banks: 24, Accounts: n * 55 / 100},
		synth.Register{Share: 30, LookAlikes: 10, Fresh: 90}
}

func measureScale(ctx context.Context, cfg config, n int) (scaleRun, error) {
	o, reg := scaleOptions(n, cfg.seed)
	dir := filepath.Join(cfg.out, fmt.Sprintf("scale-%d", n))
	defer os.RemoveAll(dir)
	g, err := generate(ctx, dir, o, reg)
	if err != nil {
		return scaleRun{}, err
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	left := preparedOf(g.caseEntities, "synth")
	right := preparedOf(g.regEntities, synth.RegisterDataset)
	s := scaleRun{Records: n, Left: len(left), Right: len(right), PrepareSeconds: time.Since(start).Seconds()}
	g.caseEntities, g.regEntities = nil, nil
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	s.RecordsHeapMB = float64(after.HeapAlloc) / 1e6
	peak := uint64(0)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	m := xref.DefaultModel()
	start = time.Now()
	matches, err := xref.Run(ctx, left, right, m, m.Threshold, xref.BlockOptions{}, func(_, total int) { s.CandidatePairs = total })
	s.RunSeconds = time.Since(start).Seconds()
	close(stop)
	<-done
	if err != nil {
		return s, err
	}
	s.Matches = len(matches)
	s.PeakHeapMB = float64(peak) / 1e6
	s.PairsPerSecond = float64(s.CandidatePairs) / s.RunSeconds
	runtime.KeepAlive(left)
	runtime.KeepAlive(right)
	return s, nil
}

// interop is the resolver-file round trip with nomenklatura.
type interop struct {
	Written, ReadBack, Equal int
	Refused                  int // edges nomenklatura's resolver would not load
	RefusedReason            string
	ScoresDropped            int // judged edges whose score nomenklatura dropped (by design)
	Differences              []string
	NativeEdges, NativeRead  int
	NativeEqual              int
	NativeDifferences        []string
	NativeError              string
	Ran                      bool
}

func decisionKey(d xref.Decision) string {
	l, r := xref.Pair(d.Left, d.Right)
	return l + "|" + r
}

func sameDecision(a, b xref.Decision) bool {
	return decisionKey(a) == decisionKey(b) && a.Judgement == b.Judgement && math.Abs(a.Score-b.Score) < 1e-12 &&
		a.User == b.User && a.CreatedAt.Equal(b.CreatedAt)
}

// sameJudgement is sameDecision without the score: nomenklatura's resolver
// keeps scores on suggestions only and drops them from judged edges.
func sameJudgement(a, b xref.Decision) bool {
	b.Score = a.Score
	return sameDecision(a, b)
}

func readDecisions(path string) ([]xref.Decision, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return xref.ReadResolverJSONL(f)
}

// checkInterop compares what casegraph wrote with what nomenklatura read
// and wrote back, and what nomenklatura wrote natively with what casegraph
// reads of it (the Python side's own reading, interop_native.json).
func checkInterop(out string) (interop, error) {
	var io interop
	mine, err := readDecisions(filepath.Join(out, "decisions_casegraph.jsonl"))
	if err != nil {
		return io, err
	}
	io.Written = len(mine)
	back, err := readDecisions(filepath.Join(out, "decisions_nomenklatura_roundtrip.jsonl"))
	if os.IsNotExist(err) {
		return io, nil
	}
	if err != nil {
		return io, err
	}
	io.Ran = true
	io.ReadBack = len(back)
	byKey := map[string]xref.Decision{}
	for _, d := range back {
		byKey[decisionKey(d)] = d
	}
	var rt struct {
		Refused       int    `json:"refused"`
		RefusedReason string `json:"refused_reason"`
	}
	if data, err := os.ReadFile(filepath.Join(out, "interop_roundtrip.json")); err == nil {
		_ = json.Unmarshal(data, &rt)
	}
	io.Refused, io.RefusedReason = rt.Refused, rt.RefusedReason
	for _, d := range mine {
		b, ok := byKey[decisionKey(d)]
		switch {
		case ok && sameJudgement(d, b):
			io.Equal++
			if d.Score != 0 && b.Score == 0 {
				io.ScoresDropped++
			}
		case ok && len(io.Differences) < 5:
			io.Differences = append(io.Differences, fmt.Sprintf("wrote %+v, got back %+v", d, b))
		}
	}
	native, err := readDecisions(filepath.Join(out, "decisions_nomenklatura_native.jsonl"))
	if err != nil {
		io.NativeError = err.Error() // a finding, not a failure of the benchmark
	}
	io.NativeRead = len(native)
	var expect []struct {
		Target, Source, Judgement, User, CreatedAt string
		Score                                      *float64
	}
	data, err := os.ReadFile(filepath.Join(out, "interop_native.json"))
	if err != nil {
		return io, err
	}
	if err := json.Unmarshal(data, &expect); err != nil {
		return io, err
	}
	io.NativeEdges = len(expect)
	got := map[string]xref.Decision{}
	for _, d := range native {
		got[decisionKey(d)] = d
	}
	judgement := map[string]xref.Judgement{"positive": xref.Same, "negative": xref.Different, "unsure": xref.Unsure}
	for _, e := range expect {
		want := xref.Decision{Left: e.Source, Right: e.Target, Judgement: judgement[e.Judgement], User: e.User}
		if e.Score != nil {
			want.Score = *e.Score
		}
		// nomenklatura writes UTC times cut to 28 characters
		// ("2024-05-17T09:30:00.123456+0"): the zone is UTC.
		if t, err := time.Parse("2006-01-02T15:04:05.999999", strings.TrimSuffix(e.CreatedAt, "+0")); err == nil {
			want.CreatedAt = t
		}
		d, ok := got[decisionKey(want)]
		if ok && sameDecision(want, d) {
			io.NativeEqual++
		} else if len(io.NativeDifferences) < 5 {
			io.NativeDifferences = append(io.NativeDifferences, fmt.Sprintf("nomenklatura has %+v, casegraph read %+v", e, d))
		}
	}
	return io, nil
}

// results is everything report measured, written to results.json.
type results struct {
	Pairs    map[string]int        `json:"pairs"`
	Tools    []toolResult          `json:"tools"`
	Blocking blocking              `json:"blocking"`
	EndToEnd endToEnd              `json:"end_to_end"`
	Scale    []scaleRun            `json:"scale"`
	Interop  interop               `json:"interop"`
	Learned  map[string]xref.Model `json:"learned_models"`
	Anchors  json.RawMessage       `json:"anchors,omitempty"`
}

func report(ctx context.Context, cfg config, stdout io.Writer) error {
	ps, err := readPairs(filepath.Join(cfg.out, "pairs.jsonl"))
	if err != nil {
		return fmt.Errorf("%w (run the prep step first)", err)
	}
	var res results
	res.Pairs = map[string]int{}
	for _, p := range ps {
		res.Pairs[p.Set]++
	}
	m := xref.DefaultModel()
	prepared := make([][2]*xref.Prepared, len(ps))
	def := make([]bool, len(ps))
	for i, p := range ps {
		a, b := prepare(p)
		prepared[i] = [2]*xref.Prepared{a, b}
		def[i] = m.Compare(a, b).Score >= m.Threshold
	}
	fmt.Fprintf(stdout, "timing casegraph on %d pairs (%d runs)…\n", len(ps), cfg.runs)
	ms := timePairs(ps, m, cfg.runs)
	res.Tools = append(res.Tools, toolResult{Tool: "casegraph", Threshold: m.Threshold, Note: "DefaultModel", Rows: tally(ps, def, ms)})
	learned, models := crossValidated(ps, prepared)
	res.Learned = models
	res.Tools = append(res.Tools, toolResult{Tool: "casegraph learned (5-fold CV)", Threshold: m.Threshold,
		Note: "Fit on 4/5 of each set from DefaultModel, predicted on the 1/5 left out", Rows: tally(ps, learned, ms)})

	g, err := generate(ctx, filepath.Join(cfg.out, "gen"), evalOptions(cfg), synth.DefaultRegister())
	if err != nil {
		return err
	}
	left, right := preparedOf(g.caseEntities, "synth"), preparedOf(g.regEntities, synth.RegisterDataset)
	res.Blocking = measureBlocking(g, left, right)
	if res.EndToEnd, err = measureEndToEnd(ctx, g, left, right); err != nil {
		return err
	}

	var sizes []int
	for _, f := range strings.Split(cfg.scale, ",") {
		if f = strings.TrimSpace(f); f != "" {
			n, err := strconv.Atoi(f)
			if err != nil || n < 100 {
				return fmt.Errorf("-scale: %q is not a size of at least 100", f)
			}
			sizes = append(sizes, n)
		}
	}
	if cfg.big {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		fmt.Fprintf(stdout, "scale: %d records a side…\n", n)
		s, err := measureScale(ctx, cfg, n)
		if err != nil {
			return err
		}
		if k := len(res.Scale); k > 0 {
			s.GrowthFromLast = s.RunSeconds / res.Scale[k-1].RunSeconds
		}
		res.Scale = append(res.Scale, s)
	}
	if res.Interop, err = checkInterop(cfg.out); err != nil {
		return err
	}
	if data, err := os.ReadFile(filepath.Join(cfg.out, "anchors.json")); err == nil {
		var a struct {
			Tools []toolResult `json:"tools"`
		}
		if err := json.Unmarshal(data, &a); err != nil {
			return fmt.Errorf("anchors.json: %w", err)
		}
		res.Tools = append(res.Tools, a.Tools...)
		res.Anchors = data
	} else {
		fmt.Fprintln(stdout, "(no anchors.json: run bench/xref/anchors.py for the other tools' rows)")
	}
	printReport(stdout, res)
	data, _ := json.MarshalIndent(res, "", "  ")
	return os.WriteFile(filepath.Join(cfg.out, "results.json"), data, 0o644)
}

func find(rows []metrics, set, schema string) (metrics, bool) {
	for _, r := range rows {
		if r.Set == set && r.Schema == schema {
			return r, true
		}
	}
	return metrics{}, false
}

func printReport(w io.Writer, res results) {
	fmt.Fprintf(w, "\nCross-referencing: precision/recall/F1 at each tool's default threshold; ms per pair from parsed entities to score\n")
	fmt.Fprintf(w, "pairs: %v\n\n", res.Pairs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "tool\tthreshold\t")
	for _, s := range sets {
		fmt.Fprintf(tw, "%s P/R/F1\tms/pair\t", s)
	}
	fmt.Fprintln(tw)
	for _, t := range res.Tools {
		fmt.Fprintf(tw, "%s\t%.2f\t", t.Tool, t.Threshold)
		for _, s := range sets {
			if r, ok := find(t.Rows, s, "*"); ok {
				fmt.Fprintf(tw, "%.2f/%.2f/%.2f\t%.3f\t", r.Precision, r.Recall, r.F1, r.MsPerPair)
			} else {
				fmt.Fprint(tw, "–\t–\t")
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nBy schema (P/R/F1):\n")
	var keys [][2]string
	for _, r := range res.Tools[0].Rows {
		if r.Schema != "*" {
			keys = append(keys, [2]string{r.Set, r.Schema})
		}
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "set/schema\tpairs (same)\t")
	for _, t := range res.Tools {
		fmt.Fprintf(tw, "%s\t", t.Tool)
	}
	fmt.Fprintln(tw)
	for _, k := range keys {
		r0, _ := find(res.Tools[0].Rows, k[0], k[1])
		fmt.Fprintf(tw, "%s/%s\t%d (%d)\t", k[0], k[1], r0.N, r0.TP+r0.FN)
		for _, t := range res.Tools {
			if r, ok := find(t.Rows, k[0], k[1]); ok {
				fmt.Fprintf(tw, "%.2f/%.2f/%.2f\t", r.Precision, r.Recall, r.F1)
			} else {
				fmt.Fprint(tw, "–\t")
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

	b := res.Blocking
	fmt.Fprintf(w, "\nBlocking (generated case %d records × register %d): %d candidate pairs of %.0f possible (%.4f %%); "+
		"found %d of %d same-party pairs (recall %.3f); candidates per case record mean %.1f max %d, per register record mean %.1f max %d\n",
		b.CaseRecords, b.RegisterRecords, b.Candidates, b.AllPairs, 100*float64(b.Candidates)/max(b.AllPairs, 1),
		b.Found, b.TruePairs, b.Recall, b.MeanPerCaseRecord, b.MaxPerCaseRecord, b.MeanPerRegisterRecord, b.MaxPerRegisterRecord)
	for _, m := range b.Missed {
		fmt.Fprintf(w, "  not proposed: %s\n", m)
	}
	e := res.EndToEnd
	fmt.Fprintf(w, "\nEnd to end (Run: blocking + DefaultModel at its threshold, case × register): %d matches, P %.3f R %.3f F1 %.3f "+
		"(%d planted look-alikes taken for the same party) in %.2f s\n", e.Matches, e.Precision, e.Recall, e.F1, e.FalseLookAlikes, e.Seconds)
	for _, k := range sortedKeys(e.MissedByKind) {
		fmt.Fprintf(w, "  missed %-55s %d of %d\n", k, e.MissedByKind[k], e.MissedByKind[k]+e.FoundByKind[k])
	}
	for _, x := range e.FalseExamples {
		fmt.Fprintf(w, "  false match: %s\n", x)
	}
	for _, x := range e.MissedExamples {
		fmt.Fprintf(w, "  missed: %s\n", x)
	}

	fmt.Fprintf(w, "\nScale (Run, case × register of about the same size, GOMAXPROCS=%d):\n", runtime.GOMAXPROCS(0))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "records a side\tleft × right\tprepare s\tRun s\tcandidate pairs\tpairs/s\tmatches\trecords heap MB\tpeak heap MB\tRun time ×\t")
	for _, s := range res.Scale {
		growth := "–"
		if s.GrowthFromLast > 0 {
			growth = fmt.Sprintf("%.1f", s.GrowthFromLast)
		}
		fmt.Fprintf(tw, "%d\t%d × %d\t%.2f\t%.2f\t%d\t%.0f\t%d\t%.0f\t%.0f\t%s\t\n", s.Records, s.Left, s.Right, s.PrepareSeconds, s.RunSeconds,
			s.CandidatePairs, s.PairsPerSecond, s.Matches, s.RecordsHeapMB, s.PeakHeapMB, growth)
	}
	tw.Flush()

	io := res.Interop
	if io.Ran {
		fmt.Fprintf(w, "\nInterop (nomenklatura resolver files): casegraph wrote %d decisions; nomenklatura's Resolver refused %d (%s), "+
			"loaded and dumped %d; %d came back identical in pair, judgement, user and time (%.1f %% of those written; "+
			"nomenklatura dropped the score of %d judged edges, as it does for its own)\n"+
			"nomenklatura wrote %d edges (positive ones through its NK- ids), casegraph read %d, %d identical (%.1f %%)\n",
			io.Written, io.Refused, io.RefusedReason, io.ReadBack, io.Equal, 100*float64(io.Equal)/float64(max(io.Written, 1)), io.ScoresDropped,
			io.NativeEdges, io.NativeRead, io.NativeEqual, 100*float64(io.NativeEqual)/float64(max(io.NativeEdges, 1)))
		if io.NativeError != "" {
			fmt.Fprintf(w, "  casegraph could not read nomenklatura's own file: %s\n", io.NativeError)
		}
		for _, d := range append(io.Differences, io.NativeDifferences...) {
			fmt.Fprintf(w, "  %s\n", d)
		}
	} else {
		fmt.Fprintln(w, "\nInterop: not run (anchors.py writes nomenklatura's side)")
	}
}

func sortedKeys(m map[string]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
