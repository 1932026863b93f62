package synth

import "encoding/csv"

// payments writes the payments table one pattern at a time: an ordinary
// transfer, a layering chain, a fan-out, a fan-in or a cycle. A pattern's
// rows are written as they are made; nothing but the counters is kept.
type payments struct {
	g   *gen
	w   *csv.Writer
	r   rng
	n   int // rows written
	rec []string

	// Ordinary payments walk the accounts in a shuffled order (start + k·stride
	// mod the number of accounts, stride coprime to it), so once there are as
	// many ordinary payments as accounts every account has paid at least once:
	// the mapping learns who holds an account from the payments it makes.
	ordinary, start, stride int
}

// Pattern kinds and how often each is chosen after the first few.
const (
	single = iota
	chain
	fanOut
	fanIn
	cycle
)

var patternWeights = []int{single: 85, chain: 5, fanOut: 3, fanIn: 3, cycle: 4}

func (g *gen) writePayments(w *csv.Writer) error {
	if g.o.Payments == 0 {
		return nil
	}
	p := &payments{g: g, w: w, r: stream(g.o.Seed, tagPayments, 0), rec: make([]string, len(paymentsHeader))}
	n := len(g.accounts)
	p.start = p.r.intn(n)
	p.stride = 1 + p.r.intn(n)
	for gcd(p.stride, n) != 1 {
		p.stride++
	}
	for k := 0; p.n < g.o.Payments; k++ {
		kind := k // one of each shape first, so even a small file has them
		if k > cycle {
			kind = weighted(&p.r, patternWeights)
		}
		var err error
		switch kind {
		case single:
			err = p.single()
		case chain:
			err = p.chain()
		case fanOut:
			err = p.fanOut()
		case fanIn:
			err = p.fanIn()
		case cycle:
			err = p.cycle()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func (p *payments) single() error {
	from := int32((p.start + p.ordinary*p.stride) % len(p.g.accounts))
	p.ordinary++
	to := p.account(false, p.holder(from), -1)
	cur := p.currency(from)
	return p.emit(p.date(0), p.amount(cur), cur, from, to)
}

// chain is layering: A pays B, B pays C some days later, C pays D later
// still, each passing on a little less, mostly through companies.
func (p *payments) chain() error {
	hops := p.r.between(3, 6)
	from := p.account(false, -1, -1)
	origin := p.holder(from)
	cur := p.currency(from)
	amount := p.amount(cur) * 5
	d := p.date(hops * 20)
	for range hops {
		to := p.account(true, p.holder(from), origin)
		if to < 0 {
			return nil
		}
		if err := p.emit(d, amount, cur, from, to); err != nil {
			return err
		}
		from = to
		d += p.r.between(1, 20)
		amount = amount * int64(p.r.between(950, 990)) / 1000
	}
	return nil
}

// cycle is a chain whose last hop pays back into the account it started from.
func (p *payments) cycle() error {
	hops := p.r.between(3, 5)
	origin := p.account(false, -1, -1)
	cur := p.currency(origin)
	amount := p.amount(cur) * 5
	d := p.date(hops * 20)
	from := origin
	for k := range hops {
		to := origin
		if k < hops-1 {
			if to = p.account(true, p.holder(from), p.holder(origin)); to < 0 {
				return nil
			}
		}
		if err := p.emit(d, amount, cur, from, to); err != nil {
			return err
		}
		from = to
		d += p.r.between(1, 20)
		amount = amount * int64(p.r.between(950, 990)) / 1000
	}
	return nil
}

// fanOut is one payer sending similar sums to many beneficiaries within a month.
func (p *payments) fanOut() error {
	from := p.account(true, -1, -1)
	cur := p.currency(from)
	base := p.amount(cur)
	d := p.date(30)
	for range p.r.between(4, 12) {
		to := p.account(false, p.holder(from), -1)
		if err := p.emit(d+p.r.intn(31), base*int64(p.r.between(70, 130))/100, cur, from, to); err != nil {
			return err
		}
	}
	return nil
}

// fanIn is many payers sending sums just under 10,000 to one beneficiary
// within a month: structuring.
func (p *payments) fanIn() error {
	to := p.account(true, -1, -1)
	cur := p.currency(to)
	d := p.date(30)
	for range p.r.between(4, 12) {
		from := p.account(false, p.holder(to), -1)
		cents := int64(p.r.between(9000, 9990))*100 + int64(p.r.intn(100))
		if cur == huf {
			cents = int64(p.r.between(9000, 9990)) * 350 * 100
		}
		if err := p.emit(d+p.r.intn(31), cents, cur, from, to); err != nil {
			return err
		}
	}
	return nil
}

func (p *payments) holder(a int32) int32 { return p.g.accounts[a].holder }
func (p *payments) currency(a int32) int { return int(p.g.accounts[a].currency) }

// account picks an account whose holder is neither avoid1 nor avoid2 (-1
// for none), mostly a company's when shell is set; -1 if there is none.
func (p *payments) account(shell bool, avoid1, avoid2 int32) int32 {
	n := len(p.g.accounts)
	ok := func(a int32) bool { h := p.holder(a); return h != avoid1 && h != avoid2 }
	for range 16 {
		a := int32(p.r.intn(n))
		if shell && len(p.g.companyAccounts) > 0 && p.r.chance(75) {
			a = pick(&p.r, p.g.companyAccounts)
		}
		if ok(a) {
			return a
		}
	}
	start := p.r.intn(n) // only tiny data sets get here
	for k := range n {
		if a := int32((start + k) % n); ok(a) {
			return a
		}
	}
	return -1
}

// date returns a day between 2005 and 2023 that leaves room for span more days.
func (p *payments) date(span int) int {
	return paymentsFrom + p.r.intn(max(paymentsTo-paymentsFrom-span, 0)+1)
}

var pow10 = [...]int64{1, 10, 100}

// amount returns cents: from 100 to about a million units, log-uniform-ish,
// a third of them round sums; forints are worth about 1/350 of a euro.
func (p *payments) amount(cur int) int64 {
	units := int64(p.r.between(100, 9999)) * pow10[p.r.intn(len(pow10))]
	cents := units*100 + int64(p.r.intn(100))
	if p.r.chance(30) {
		cents = max(units/100, 1) * 100 * 100
	}
	if cur == huf {
		cents = cents / 100 * 350 * 100
	}
	return cents
}

func (p *payments) emit(day int, cents int64, cur int, from, to int32) error {
	if p.n >= p.g.o.Payments {
		return nil
	}
	payer, payee := int(p.holder(from)), int(p.holder(to))
	g := p.g
	rec := p.rec
	rec[0] = ident("t", p.n, 7)
	rec[1] = iso(day)
	rec[2] = formatCents(cents)
	rec[3] = currencies[cur]
	rec[4], rec[5], rec[6] = g.partyID(payer), g.names[payer], ident("a", int(from), 6)
	rec[7], rec[8], rec[9] = g.partyID(payee), g.names[payee], ident("a", int(to), 6)
	rec[10] = pick(&p.r, purposes[b2i(g.isCompany(payer))][b2i(g.isCompany(payee))])
	if err := p.w.Write(rec); err != nil {
		return err
	}
	p.n++
	g.progress.row()
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
