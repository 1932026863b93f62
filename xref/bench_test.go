package xref

import (
	"fmt"
	"testing"

	"github.com/casegraph/casegraph"
)

// BenchmarkCompare scores typical pairs: persons with a birth date and a
// country, companies with a registration number, accounts by IBAN.
func BenchmarkCompare(b *testing.B) {
	mk := func(id string, s casegraph.Schema, name string, ids []Identifier, born string) *Prepared {
		r := Record{ID: id, Schema: s, Names: []string{name}, Identifiers: ids, Countries: []string{"de"}}
		if born != "" {
			r.BirthDates = []string{born}
		}
		return Prepare(r)
	}
	pairs := [][2]*Prepared{
		{mk("a", casegraph.Person, "LACEY, Michael G.", nil, "1962-05-01"), mk("b", casegraph.Person, "Mike Lacey", nil, "1962")},
		{mk("c", casegraph.Person, "Владимир Владимирович Путин", nil, "1952-10-07"), mk("d", casegraph.Person, "Vladimir Putin", nil, "1952-10-07")},
		{mk("e", casegraph.Company, "Medalist Holdings, Inc.", []Identifier{{"registrationNumber", "HRB 12345"}}, ""), mk("f", casegraph.Company, "MEDALIST HOLDINGS INCORPORATED", []Identifier{{"registrationNumber", "HRB12345"}}, "")},
		{mk("g", casegraph.Person, "Olaf Scholz", nil, ""), mk("h", casegraph.Person, "Octavian Scholz", nil, "")},
		{mk("i", casegraph.BankAccount, "", []Identifier{{"iban", "DE89 3704 0044 0532 0130 00"}}, ""), mk("j", casegraph.BankAccount, "", []Identifier{{"accountNumber", "0532013000"}}, "")},
	}
	m := DefaultModel()
	w := m.weightVector()
	b.Run("score", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := pairs[i%len(pairs)]
			m.score(p[0], p[1], w)
		}
	})
	b.Run("explained", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := pairs[i%len(pairs)]
			m.Compare(p[0], p[1])
		}
	})
}

// BenchmarkPrepare normalises one record.
func BenchmarkPrepare(b *testing.B) {
	r := Record{ID: "x", Schema: casegraph.Person, Names: []string{"LACEY, Michael G.", "Михаил Лейси"}, BirthDates: []string{"1962-05-01"}, Countries: []string{"United States"}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Prepare(r)
	}
}

// BenchmarkCandidates blocks n records against n: the time per record
// should stay flat from 10k to 100k (near-linear growth).
func BenchmarkCandidates(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		left, right, _ := syntheticRecords(3, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			pairs := 0
			for i := 0; i < b.N; i++ {
				pairs = len(Candidates(left, right, BlockOptions{}))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*n), "ns/record")
			b.ReportMetric(float64(pairs)/float64(2*n), "pairs/record")
		})
	}
}

// BenchmarkLevenshtein is the word distance Compare calls most; compare
// with adrg/strutil's Levenshtein (≈300 ns, 2 allocations) and go-edlib's
// OSA distance (≈440 ns, 4 allocations) on the same words.
func BenchmarkLevenshtein(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		levenshtein("schulze", "scholz")
	}
}
