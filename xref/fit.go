package xref

import (
	"maps"
	"math"
)

// Example is one labelled pair for learning and evaluation.
type Example struct {
	A, B *Prepared
	Same bool
}

// Fit learns weights from judged pairs: L2-regularised logistic regression
// over the same features, by full-batch gradient descent starting from
// base (so few examples move the model little). The result is
// deterministic; Threshold is kept.
func Fit(base Model, ex []Example) Model {
	out := Model{Bias: base.Bias, Weights: maps.Clone(base.Weights), Threshold: base.Threshold}
	if out.Weights == nil {
		out.Weights = map[string]float64{}
	}
	if len(ex) == 0 {
		return out
	}
	xs := make([][nFeatures]float64, len(ex))
	for i, e := range ex {
		var fv featureVector
		a, b := e.A, e.B
		if b.ID < a.ID {
			a, b = b, a
		}
		extract(a, b, &fv, false)
		xs[i] = fv.v
	}
	w := *base.weightVector()
	prior := w
	bias := base.Bias
	const (
		lambda = 0.01 // pull towards base per example
		rounds = 3000
	)
	n := float64(len(ex))
	// threshold-aware target: the model's cut is Threshold, so learn the
	// log-odds relative to it
	shift := logit(base.Threshold)
	rate := 1.0
	for r := 0; r < rounds; r++ {
		var g [nFeatures]float64
		gb := 0.0
		for i, x := range xs {
			z := bias - shift
			for k := range x {
				z += w[k] * x[k]
			}
			y := 0.0
			if ex[i].Same {
				y = 1
			}
			d := sigmoid(z) - y
			gb += d
			for k := range x {
				g[k] += d * x[k]
			}
		}
		bias -= rate * gb / n
		for k := range w {
			w[k] -= rate * (g[k]/n + lambda*(w[k]-prior[k]))
		}
	}
	out.Bias = bias
	for k, name := range featureNames {
		out.Weights[name] = w[k]
	}
	return out
}

func logit(p float64) float64 {
	if p <= 0 || p >= 1 {
		return 0
	}
	return math.Log(p / (1 - p))
}

// Evaluate scores every example with m and counts those at or above
// m.Threshold as predicted matches.
func Evaluate(m Model, ex []Example) (precision, recall, f1 float64) {
	w := m.weightVector()
	var tp, fp, fn float64
	for _, e := range ex {
		pred := m.score(e.A, e.B, w) >= m.Threshold
		switch {
		case pred && e.Same:
			tp++
		case pred && !e.Same:
			fp++
		case !pred && e.Same:
			fn++
		}
	}
	if tp+fp > 0 {
		precision = tp / (tp + fp)
	}
	if tp+fn > 0 {
		recall = tp / (tp + fn)
	}
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	return
}
