package xref

import (
	"slices"
	"testing"
)

func TestVariants(t *testing.T) {
	cases := []struct {
		word string
		want []string // among the variants
		not  []string
	}{
		{"mike", []string{"michael"}, []string{"mike"}},
		{"jim", []string{"james"}, nil},
		{"dept", []string{"department"}, nil},
		{"lacey", nil, []string{"lacey"}},
	}
	for _, c := range cases {
		got := Variants(c.word)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("Variants(%q) = %v, lacks %q", c.word, got, w)
			}
		}
		for _, w := range c.not {
			if slices.Contains(got, w) {
				t.Errorf("Variants(%q) = %v, has %q", c.word, got, w)
			}
		}
		if len(got) > maxVariants {
			t.Errorf("Variants(%q): %d variants", c.word, len(got))
		}
	}
	if got := Variants("lacey"); len(got) != 0 {
		t.Errorf("a surname has no variants: %v", got)
	}
}
