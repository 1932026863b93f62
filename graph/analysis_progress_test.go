package graph

import "testing"

func TestParseGDSProgress(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"42.5%", 0.425, true}, {"100%", 1, true}, {"0%", 0, true},
		{"n/a", 0, false}, {"", 0, false}, {"42", 0, false}, {"150%", 0, false},
	} {
		got, ok := parseGDSProgress(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseGDSProgress(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
