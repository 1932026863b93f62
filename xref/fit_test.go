package xref

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// syntheticExamples pairs planted duplicates (Same) with records of the
// same family that are other parties.
func syntheticExamples(seed uint64, n int) []Example {
	left, right, truth := syntheticRecords(seed, n)
	r := rand.New(rand.NewPCG(seed, 11))
	var ex []Example
	for _, p := range truth {
		ex = append(ex, Example{A: left[p[0]], B: right[p[1]], Same: true})
		// a different party of the same family
		for {
			j := r.IntN(len(right))
			if j != p[1] && right[j].family == left[p[0]].family && right[j].ID[1:] != left[p[0]].ID[1:] {
				ex = append(ex, Example{A: left[p[0]], B: right[j], Same: false})
				break
			}
		}
	}
	return ex
}

func TestFitImprovesABadModel(t *testing.T) {
	train, test := syntheticExamples(5, 600), syntheticExamples(6, 600)
	bad := DefaultModel()
	bad.Weights[FeatName], bad.Weights[FeatNameMismatch] = -2, 2 // names count backwards
	bad.Weights[FeatBirthDate] = -3
	bad.Bias = 1
	_, _, before := Evaluate(bad, test)
	fitted := Fit(bad, train)
	p, r, after := Evaluate(fitted, test)
	t.Logf("F1 on held-out pairs: bad model %.3f, fitted %.3f (precision %.3f recall %.3f); weights %v bias %.2f", before, after, p, r, fitted.Weights, fitted.Bias)
	if after < 0.95 || after <= before+0.2 {
		t.Errorf("Fit took F1 from %.3f to %.3f, want ≥ 0.95", before, after)
	}
	if fitted.Weights[FeatName] <= 0 {
		t.Errorf("the name weight stayed negative: %v", fitted.Weights[FeatName])
	}
	if again := Fit(bad, train); !reflect.DeepEqual(again, fitted) {
		t.Error("Fit is not deterministic")
	}
	if bad.Weights[FeatName] != -2 {
		t.Error("Fit changed the base model's weights")
	}
}

func TestEvaluate(t *testing.T) {
	ex := syntheticExamples(7, 300)
	p, r, f := Evaluate(DefaultModel(), ex)
	if p < 0.95 || r < 0.9 || f < 0.9 {
		t.Errorf("default model on planted duplicates: precision %.3f recall %.3f F1 %.3f", p, r, f)
	}
	never := DefaultModel()
	never.Threshold = 1.1
	if p, r, f := Evaluate(never, ex); p != 0 || r != 0 || f != 0 {
		t.Errorf("a model that never matches: %v %v %v", p, r, f)
	}
}
