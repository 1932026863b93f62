package parse

import "testing"

// BenchmarkDateCompiled reads a cell with patterns compiled once, as a
// mapping's columns do; BenchmarkDateEachCall compiles them for every
// cell, as Date does (and as every cell did before patterns were compiled).
func BenchmarkDateCompiled(b *testing.B) {
	p, err := NewDateParser(mappingFormats)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Parse("03/25/2015"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDateEachCall(b *testing.B) {
	for b.Loop() {
		if _, err := Date("03/25/2015", mappingFormats); err != nil {
			b.Fatal(err)
		}
	}
}
