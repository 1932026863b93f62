package xref

import (
	"fmt"
	"sort"
	"strings"

	"github.com/casegraph/casegraph"
)

// Pair orders two ids: the smaller (byte order) first.
func Pair(a, b string) (left, right string) {
	if b < a {
		return b, a
	}
	return a, b
}

type pairKey struct{ l, r string }

// Clusters are the analysts' judgements read together: SAME decisions join
// records into clusters (transitively), each named by its smallest id.
// A Clusters is never changed once built; With returns a new one.
type Clusters struct {
	latest map[pairKey]Decision
	parent map[string]string   // union-find over SAME links
	member map[string][]string // root → sorted members
}

// NewClusters reads decisions; for each pair the latest one (by CreatedAt;
// on a tie, the later in ds) counts.
func NewClusters(ds []Decision) *Clusters {
	latest := map[pairKey]Decision{}
	for _, d := range ds {
		d.Left, d.Right = Pair(d.Left, d.Right)
		k := pairKey{d.Left, d.Right}
		if old, ok := latest[k]; ok && d.CreatedAt.Before(old.CreatedAt) {
			continue
		}
		latest[k] = d
	}
	return build(latest)
}

func build(latest map[pairKey]Decision) *Clusters {
	c := &Clusters{latest: latest, parent: map[string]string{}, member: map[string][]string{}}
	for k, d := range latest {
		if d.Judgement == Same && k.l != k.r {
			c.union(k.l, k.r)
		}
	}
	for id := range c.parent {
		root := c.find(id)
		c.member[root] = append(c.member[root], id)
	}
	for _, ms := range c.member {
		sort.Strings(ms)
	}
	return c
}

func (c *Clusters) find(id string) string {
	p, ok := c.parent[id]
	if !ok {
		return id
	}
	if p == id {
		return id
	}
	root := c.find(p)
	c.parent[id] = root
	return root
}

func (c *Clusters) union(a, b string) {
	if _, ok := c.parent[a]; !ok {
		c.parent[a] = a
	}
	if _, ok := c.parent[b]; !ok {
		c.parent[b] = b
	}
	ra, rb := c.find(a), c.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	c.parent[rb] = ra // the smaller id stays the root
}

// root finds id's root without changing the structure (safe for readers
// sharing one Clusters).
func (c *Clusters) root(id string) string {
	for {
		p, ok := c.parent[id]
		if !ok || p == id {
			return id
		}
		id = p
	}
}

// Canonical is the smallest id (byte order) of id's SAME cluster; id itself
// when no SAME judgement touches it.
func (c *Clusters) Canonical(id string) string {
	ms := c.member[c.root(id)]
	if len(ms) == 0 {
		return id
	}
	return ms[0]
}

// Members lists id's cluster, sorted, id included; [id] when alone.
func (c *Clusters) Members(id string) []string {
	ms := c.member[c.root(id)]
	if len(ms) == 0 {
		return []string{id}
	}
	return append([]string(nil), ms...)
}

// Expand lists every member of every given id's cluster once: the given
// ids in their order, then the members they bring.
func (c *Clusters) Expand(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range ids {
		for _, m := range c.member[c.root(id)] {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// Judgement is the decision stored for a pair, in either order.
func (c *Clusters) Judgement(a, b string) (Decision, bool) {
	l, r := Pair(a, b)
	d, ok := c.latest[pairKey{l, r}]
	return d, ok
}

// Decisions lists the latest decision of every pair, sorted by pair.
func (c *Clusters) Decisions() []Decision {
	out := make([]Decision, 0, len(c.latest))
	for _, d := range c.latest {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Left != out[j].Left {
			return out[i].Left < out[j].Left
		}
		return out[i].Right < out[j].Right
	})
	return out
}

// With is a copy of c with d recorded (replacing any decision of its pair).
func (c *Clusters) With(d Decision) *Clusters {
	d.Left, d.Right = Pair(d.Left, d.Right)
	latest := make(map[pairKey]Decision, len(c.latest)+1)
	for k, v := range c.latest {
		latest[k] = v
	}
	latest[pairKey{d.Left, d.Right}] = d
	return build(latest)
}

// ContradictionError says that a DIFFERENT judgement would sit inside one
// SAME cluster: Chain is the path of SAME judgements joining the two
// records judged DIFFERENT.
type ContradictionError struct {
	Different Decision
	Chain     []Decision
}

// Code classifies the error for api/: the request is refused as invalid.
func (e *ContradictionError) Code() string { return casegraph.EINVALID }

func (e *ContradictionError) Error() string {
	var b strings.Builder
	d := e.Different
	fmt.Fprintf(&b, "%s and %s would be both DIFFERENT (%s) and the same entity through these SAME judgements: ",
		d.Left, d.Right, who(d))
	for i, s := range e.Chain {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s = %s (%s)", s.Left, s.Right, who(s))
	}
	b.WriteString(". Judge one of these links DIFFERENT or UNSURE first, or judge the pair SAME")
	return b.String()
}

func who(d Decision) string {
	user := d.User
	if user == "" {
		user = "unknown user"
	}
	if d.CreatedAt.IsZero() {
		return "by " + user
	}
	return "by " + user + " on " + d.CreatedAt.UTC().Format("2006-01-02 15:04")
}

// Check says whether recording d (in place of any earlier decision of its
// pair) would leave a DIFFERENT pair inside one SAME cluster, either because
// d is DIFFERENT within a cluster or because d is SAME and joins two
// clusters holding a DIFFERENT pair. The error names the chain of SAME
// judgements and what to do. Splitting a cluster is always allowed.
func (c *Clusters) Check(d Decision) error {
	if d.Left == d.Right {
		return casegraph.Errorf(casegraph.EINVALID, "a record cannot be judged against itself (%s)", d.Left)
	}
	next := c.With(d)
	d.Left, d.Right = Pair(d.Left, d.Right)
	// the DIFFERENT pairs to look at: d itself, or those between the two
	// clusters d joins
	var suspects []Decision
	if d.Judgement == Different {
		suspects = append(suspects, d)
	} else if d.Judgement == Same {
		ca, cb := c.root(d.Left), c.root(d.Right)
		if ca == cb {
			return nil
		}
		for _, x := range c.latest {
			if x.Judgement != Different || (x.Left == d.Left && x.Right == d.Right) {
				continue
			}
			ra, rb := c.root(x.Left), c.root(x.Right)
			if (ra == ca && rb == cb) || (ra == cb && rb == ca) {
				suspects = append(suspects, x)
			}
		}
		sort.Slice(suspects, func(i, j int) bool {
			if suspects[i].Left != suspects[j].Left {
				return suspects[i].Left < suspects[j].Left
			}
			return suspects[i].Right < suspects[j].Right
		})
	}
	for _, x := range suspects {
		if x.Left == d.Left && x.Right == d.Right && d.Judgement == Same {
			continue // the pair is being re-judged
		}
		if next.root(x.Left) == next.root(x.Right) {
			return &ContradictionError{Different: x, Chain: next.sameChain(x.Left, x.Right)}
		}
	}
	return nil
}

// sameChain finds the shortest path of SAME decisions from a to b.
func (c *Clusters) sameChain(a, b string) []Decision {
	adj := map[string][]Decision{}
	root := c.root(a)
	for _, d := range c.latest {
		if d.Judgement == Same && c.root(d.Left) == root {
			adj[d.Left] = append(adj[d.Left], d)
			adj[d.Right] = append(adj[d.Right], d)
		}
	}
	for _, ds := range adj {
		sort.Slice(ds, func(i, j int) bool {
			if ds[i].Left != ds[j].Left {
				return ds[i].Left < ds[j].Left
			}
			return ds[i].Right < ds[j].Right
		})
	}
	via := map[string]Decision{}
	seen := map[string]bool{a: true}
	queue := []string{a}
	for len(queue) > 0 && !seen[b] {
		cur := queue[0]
		queue = queue[1:]
		for _, d := range adj[cur] {
			other := d.Left
			if other == cur {
				other = d.Right
			}
			if !seen[other] {
				seen[other] = true
				via[other] = d
				queue = append(queue, other)
			}
		}
	}
	var chain []Decision
	for cur := b; cur != a; {
		d, ok := via[cur]
		if !ok {
			return nil
		}
		chain = append(chain, d)
		if d.Left == cur {
			cur = d.Right
		} else {
			cur = d.Left
		}
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain
}
