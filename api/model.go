package api

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/xref"
)

// The matching model: the default weights until an analyst refits them to
// the verdicts given (refitMatchModel), after which the fitted model, with
// the quality before and after, is kept in the store for every process.

const modelSetting = "xref.model"

// fittedModel is the stored model and how it came to be.
type fittedModel struct {
	Model    xref.Model `json:"model"`
	FittedAt time.Time  `json:"fittedAt"`
	FittedBy string     `json:"fittedBy"`
	Examples int        `json:"examples"`
	Before   quality    `json:"before"`
	After    quality    `json:"after"`
	Adopted  bool       `json:"adopted"`
}

type quality struct {
	Precision, Recall, F1 float64
}

// models caches the stored model, asked for again after modelFresh.
type models struct {
	mu      sync.Mutex
	current *fittedModel // nil: the default
	checked time.Time
}

const modelFresh = 5 * time.Second

// ModelStore is where the fitted model is kept (graph.Store has it).
type ModelStore interface {
	Setting(ctx context.Context, key string) (string, error)
	SaveSetting(ctx context.Context, key, value string) error
}

// matchModel is the model in use and a fingerprint that changes with it.
func (r *resolver) matchModel(ctx context.Context) (xref.Model, string, error) {
	f, err := r.fitted(ctx)
	if err != nil || f == nil || !f.Adopted {
		return r.model, "default", err
	}
	return f.Model, f.FittedAt.Format(time.RFC3339Nano), nil
}

func (r *resolver) fitted(ctx context.Context) (*fittedModel, error) {
	ms, ok := r.graph.(ModelStore)
	if !ok {
		return nil, nil
	}
	r.models.mu.Lock()
	defer r.models.mu.Unlock()
	if time.Since(r.models.checked) < modelFresh {
		return r.models.current, nil
	}
	raw, err := ms.Setting(ctx, modelSetting)
	if err != nil {
		return nil, err
	}
	r.models.current = nil
	if raw != "" {
		var f fittedModel
		if err := json.Unmarshal([]byte(raw), &f); err != nil {
			return nil, casegraph.Errorf(casegraph.EINTERNAL, "the stored matching model cannot be read: %v", err)
		}
		r.models.current = &f
	}
	r.models.checked = time.Now()
	return r.models.current, nil
}

// minExamples is the fewest SAME and DIFFERENT verdicts a refit learns from.
const minExamples = 10

// RefitMatchModel fits the features' weights to the analysts' SAME and
// DIFFERENT verdicts (UNSURE ones teach nothing). Quality before and after
// is measured by 5-fold cross-validation, so the "after" figures are on
// verdicts the fit did not see; the fitted model is adopted only if its F1
// is no worse than the model in use.
func (r *resolver) RefitMatchModel(ctx context.Context) (*modelResolver, error) {
	if err := RequireRole(ctx, casegraph.RoleAnalyst); err != nil {
		return nil, err
	}
	ms, ok := r.graph.(ModelStore)
	if !ok {
		return nil, casegraph.Errorf(casegraph.EUNAVAILABLE, "this server's store keeps no matching model")
	}
	clusters, err := r.judged.get(ctx, r.xref())
	if err != nil {
		return nil, err
	}
	var ds []xref.Decision
	var ids []string
	for _, d := range clusters.Decisions() {
		if d.Judgement == xref.Same || d.Judgement == xref.Different {
			ds = append(ds, d)
			ids = append(ids, d.Left, d.Right)
		}
	}
	records, err := r.graph.EntitiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	prepared := map[string]*xref.Prepared{}
	var ex []xref.Example
	same := 0
	for _, d := range ds {
		a, aok := records[d.Left]
		b, bok := records[d.Right]
		if !aok || !bok {
			continue
		}
		for _, e := range []casegraph.Entity{a, b} {
			if prepared[e.ID] == nil {
				prepared[e.ID] = xref.Prepare(xref.FromEntity(e, "", nil))
			}
		}
		ex = append(ex, xref.Example{A: prepared[d.Left], B: prepared[d.Right], Same: d.Judgement == xref.Same})
		if d.Judgement == xref.Same {
			same++
		}
	}
	if len(ex) < minExamples || same == 0 || same == len(ex) {
		return nil, casegraph.Errorf(casegraph.EINVALID, "a refit needs at least %d verdicts, some SAME and some DIFFERENT; there are %d (%d SAME)",
			minExamples, len(ex), same)
	}
	current, _, err := r.matchModel(ctx)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(ex, func(i, j int) bool { return ex[i].A.ID+ex[i].B.ID < ex[j].A.ID+ex[j].B.ID })
	before, after := crossValidate(current, ex, 5)
	user := "local"
	if t, ok := TokenFrom(ctx); ok {
		user = t.Name
	}
	f := fittedModel{Model: xref.Fit(current, ex), FittedAt: time.Now().UTC(), FittedBy: user, Examples: len(ex),
		Before: before, After: after, Adopted: after.F1 >= before.F1}
	if !f.Adopted {
		f.Model = current
	}
	raw, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	if err := ms.SaveSetting(ctx, modelSetting, string(raw)); err != nil {
		return nil, err
	}
	r.models.mu.Lock()
	r.models.current, r.models.checked = &f, time.Now()
	r.models.mu.Unlock()
	return &modelResolver{m: f.Model, f: &f}, nil
}

// crossValidate measures a model as it is and refitted, each fold fitted on
// the others and measured on itself.
func crossValidate(base xref.Model, ex []xref.Example, folds int) (before, after quality) {
	var predBefore, predAfter []bool
	var truth []bool
	for k := 0; k < folds; k++ {
		var train, test []xref.Example
		for i, e := range ex {
			if i%folds == k {
				test = append(test, e)
			} else {
				train = append(train, e)
			}
		}
		fit := xref.Fit(base, train)
		for _, e := range test {
			predBefore = append(predBefore, base.Compare(e.A, e.B).Score >= base.Threshold)
			predAfter = append(predAfter, fit.Compare(e.A, e.B).Score >= fit.Threshold)
			truth = append(truth, e.Same)
		}
	}
	return score(predBefore, truth), score(predAfter, truth)
}

func score(pred, truth []bool) quality {
	var tp, fp, fn float64
	for i := range pred {
		switch {
		case pred[i] && truth[i]:
			tp++
		case pred[i]:
			fp++
		case truth[i]:
			fn++
		}
	}
	q := quality{}
	if tp+fp > 0 {
		q.Precision = tp / (tp + fp)
	}
	if tp+fn > 0 {
		q.Recall = tp / (tp + fn)
	}
	if q.Precision+q.Recall > 0 {
		q.F1 = 2 * q.Precision * q.Recall / (q.Precision + q.Recall)
	}
	return q
}

// MatchModel is the model in use.
func (r *resolver) MatchModel(ctx context.Context) (*modelResolver, error) {
	f, err := r.fitted(ctx)
	if err != nil {
		return nil, err
	}
	m, _, err := r.matchModel(ctx)
	return &modelResolver{m: m, f: f}, err
}

type modelResolver struct {
	m xref.Model
	f *fittedModel // nil: never refitted
}

func (m *modelResolver) Bias() float64      { return m.m.Bias }
func (m *modelResolver) Threshold() float64 { return m.m.Threshold }
func (m *modelResolver) Fitted() bool       { return m.f != nil && m.f.Adopted }
func (m *modelResolver) Weights() []*weightResolver {
	names := make([]string, 0, len(m.m.Weights))
	for n := range m.m.Weights {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*weightResolver, len(names))
	for i, n := range names {
		out[i] = &weightResolver{Name: n, Weight: m.m.Weights[n]}
	}
	return out
}
func (m *modelResolver) LastFit() *fitResolver {
	if m.f == nil {
		return nil
	}
	return &fitResolver{m.f}
}

type weightResolver struct {
	Name   string
	Weight float64
}

type fitResolver struct{ f *fittedModel }

func (f *fitResolver) At() string       { return f.f.FittedAt.Format(time.RFC3339) }
func (f *fitResolver) By() string       { return f.f.FittedBy }
func (f *fitResolver) Examples() int32  { return int32(f.f.Examples) }
func (f *fitResolver) Adopted() bool    { return f.f.Adopted }
func (f *fitResolver) Before() *quality { return &f.f.Before }
func (f *fitResolver) After() *quality  { return &f.f.After }
func (f *fitResolver) Summary() string {
	verb := "adopted"
	if !f.f.Adopted {
		verb = "not adopted (it did worse)"
	}
	return fmt.Sprintf("fitted to %d verdicts: precision %.3f → %.3f, recall %.3f → %.3f, F1 %.3f → %.3f (5-fold cross-validated); %s",
		f.f.Examples, f.f.Before.Precision, f.f.After.Precision, f.f.Before.Recall, f.f.After.Recall, f.f.Before.F1, f.f.After.F1, verb)
}
