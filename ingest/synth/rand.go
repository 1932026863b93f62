package synth

import "strconv"

// rng is SplitMix64: tiny, fast, and fully specified here, so a seed gives the
// same bytes on every Go version and architecture. No floating point is used
// anywhere in the generator for the same reason.
type rng struct{ s uint64 }

func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a number in [0, n); n must be positive. The modulo bias is
// below 2^-40 for the sizes used here.
func (r *rng) intn(n int) int { return int(r.next() >> 1 % uint64(n)) }

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true pct times in a hundred.
func (r *rng) chance(pct int) bool { return r.intn(100) < pct }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weighted returns an index into weights with probability proportional to it.
func weighted(r *rng, weights []int) int {
	sum := 0
	for _, w := range weights {
		sum += w
	}
	x := r.intn(sum)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// weightedBy picks an element of xs with probability proportional to weight.
func weightedBy[T any](r *rng, xs []T, weight func(*T) int) *T {
	sum := 0
	for i := range xs {
		sum += weight(&xs[i])
	}
	x := r.intn(sum)
	for i := range xs {
		if x -= weight(&xs[i]); x < 0 {
			return &xs[i]
		}
	}
	return &xs[len(xs)-1]
}

// Streams: every row of every table draws from its own stream, derived from
// the seed, the table and the row index, so a row can be rebuilt from its
// index alone (a payment's payer name, a charge's case) without keeping rows.
const (
	tagPerson uint64 = iota + 1
	tagPersonExtra
	tagCompany
	tagCompanyExtra
	tagAgency
	tagBank
	tagAccount
	tagHolders
	tagPayments
	tagMeeting
	tagCase
	tagCharge
)

func stream(seed int64, tag uint64, i int) rng {
	return rng{s: mix64(uint64(seed)^0x5851f42d4c957f2d) ^ mix64(tag<<40^uint64(i))}
}

// ident makes ids like p000123: a prefix and the 1-based index, zero-padded
// to width digits (more when the index needs them).
func ident(prefix string, i, width int) string {
	var num [20]byte
	digits := strconv.AppendInt(num[:0], int64(i+1), 10)
	var buf [32]byte
	b := append(buf[:0], prefix...)
	for pad := width - len(digits); pad > 0; pad-- {
		b = append(b, '0')
	}
	return string(append(b, digits...))
}

// formatCents writes an amount with two decimals: 123456 -> "1234.56".
func formatCents(c int64) string {
	var buf [24]byte
	b := strconv.AppendInt(buf[:0], c/100, 10)
	return string(append(b, '.', byte('0'+c%100/10), byte('0'+c%10)))
}
