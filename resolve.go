package casegraph

import (
	"math/big"
	"slices"
	"sort"
)

// Resolution says which records analysts judged to be one entity (SAME
// judgements, transitively). The records themselves are never changed: a
// resolved answer is the same answer with every record of a cluster drawn
// as one entity under the cluster's canonical id.
type Resolution interface {
	// Canonical is the id that stands for id's cluster (id itself if none).
	Canonical(id string) string
	// Members lists id's cluster, sorted; just id if it has none.
	Members(id string) []string
}

// Merged is the entity a cluster is drawn as, keyed by canonical id; a
// cluster missing from it is drawn as whichever of its records the answer
// holds, under the canonical id.
type Merged map[string]Entity

// MergeRecords draws the records of one cluster as one entity: the canonical
// record's id, schema and name (the first record's if the canonical one is
// missing); every other name as an alias; every source and ingest job; each
// property as the canonical record has it, else as the first record that has
// it (list properties are joined). The records stay readable on their own.
func MergeRecords(canonical string, records []Entity) Entity {
	if len(records) == 0 {
		return Entity{ID: canonical}
	}
	sorted := slices.Clone(records)
	sort.SliceStable(sorted, func(i, j int) bool {
		if (sorted[i].ID == canonical) != (sorted[j].ID == canonical) {
			return sorted[i].ID == canonical
		}
		return sorted[i].ID < sorted[j].ID
	})
	head := sorted[0]
	out := Entity{ID: canonical, Schema: head.Schema, Name: head.Name, Properties: map[string]any{}}
	names := map[string]bool{head.Name: true}
	addName := func(n string) {
		if n != "" && !names[n] {
			names[n] = true
			out.Aliases = append(out.Aliases, n)
		}
	}
	for _, r := range sorted {
		addName(r.Name)
		for _, a := range r.Aliases {
			addName(a)
		}
		out.SourceIDs = union(out.SourceIDs, r.SourceIDs)
		out.JobIDs = union(out.JobIDs, r.JobIDs)
		for k, v := range r.Properties {
			prev, has := out.Properties[k]
			switch {
			case !has:
				out.Properties[k] = v
			default:
				if a, ok := prev.([]any); ok {
					if b, ok := v.([]any); ok {
						out.Properties[k] = unionAny(a, b)
					}
				}
			}
		}
	}
	return out
}

func union(a, b []string) []string {
	for _, s := range b {
		if !slices.Contains(a, s) {
			a = append(a, s)
		}
	}
	return a
}

func unionAny(a, b []any) []any {
	out := slices.Clone(a)
	for _, v := range b {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Clustered lists the canonical ids of the clusters with more than one
// record among ids: the entities a caller must fetch (every member) to draw
// merged.
func Clustered(r Resolution, ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if len(r.Members(id)) < 2 {
			continue
		}
		c := r.Canonical(id)
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// entityAs is e drawn resolved.
func (m Merged) entityAs(r Resolution, e Entity) Entity {
	c := r.Canonical(e.ID)
	if c == e.ID && len(r.Members(e.ID)) < 2 {
		return e
	}
	if merged, ok := m[c]; ok {
		return merged
	}
	e.ID = c
	return e
}

// ResolveSubgraph draws a subgraph with each cluster as one node: edges point
// at canonical ids, a merged node's links are all its records' links (each
// once: edges keep their own ids), its degree and hidden counts are summed.
func ResolveSubgraph(sg Subgraph, r Resolution, m Merged) Subgraph {
	out := Subgraph{Truncated: sg.Truncated}
	at := map[string]int{}
	for _, n := range sg.Nodes {
		e := m.entityAs(r, n.Entity)
		if i, ok := at[e.ID]; ok {
			out.Nodes[i].Degree += n.Degree
			out.Nodes[i].Hidden += n.Hidden
			continue
		}
		at[e.ID] = len(out.Nodes)
		out.Nodes = append(out.Nodes, Node{Entity: e, Degree: n.Degree, Hidden: n.Hidden})
	}
	seen := map[string]bool{}
	for _, e := range sg.Edges {
		key := e.Type + "\x00" + e.ID
		if seen[key] {
			continue
		}
		seen[key] = true
		e.Source, e.Target = r.Canonical(e.Source), r.Canonical(e.Target)
		out.Edges = append(out.Edges, e)
	}
	return out
}

// ResolvePaths draws paths with clusters merged: a path that passes twice
// through one entity once merged is no shortest path and is dropped, as is a
// path that repeats another; the shortest come first, at most limit.
func ResolvePaths(paths []Path, r Resolution, m Merged, limit int) []Path {
	var out []Path
	seen := map[string]bool{}
	for _, p := range paths {
		q := Path{}
		visited := map[string]bool{}
		simple := true
		key := ""
		for _, n := range p.Nodes {
			e := m.entityAs(r, n.Entity)
			if visited[e.ID] {
				simple = false
				break
			}
			visited[e.ID] = true
			q.Nodes = append(q.Nodes, Node{Entity: e, Degree: n.Degree, Hidden: n.Hidden})
		}
		if !simple {
			continue
		}
		for _, e := range p.Edges {
			e.Source, e.Target = r.Canonical(e.Source), r.Canonical(e.Target)
			q.Edges = append(q.Edges, e)
			key += e.Type + "\x00" + e.ID + "\x01"
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, q)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Edges) < len(out[j].Edges) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// ResolveMoneyFlow merges the flows between the same two entities once
// clusters are merged (each payment once: the graph layer lists a payment
// once however many records reach it), and recomputes the totals at the
// origin exactly. Money a cluster moved between its own records is a flow
// from the entity to itself and is not part of the totals.
func ResolveMoneyFlow(mf MoneyFlow, r Resolution, m Merged, origin string, dir FlowDirection) MoneyFlow {
	out := MoneyFlow{Truncated: mf.Truncated, Totals: map[string]float64{}}
	origin = r.Canonical(origin)
	type key struct{ payer, beneficiary, currency string }
	at := map[key]int{}
	sums := []*big.Float{}
	for _, f := range mf.Flows {
		f.Payer, f.Beneficiary = r.Canonical(f.Payer), r.Canonical(f.Beneficiary)
		k := key{f.Payer, f.Beneficiary, f.Currency}
		i, ok := at[k]
		if !ok {
			at[k] = len(out.Flows)
			f.PaymentIDs = slices.Clone(f.PaymentIDs)
			out.Flows = append(out.Flows, f)
			sums = append(sums, exactSum(f.Total))
			continue
		}
		g := &out.Flows[i]
		sums[i].Add(sums[i], exactSum(f.Total))
		g.Count += f.Count
		if f.FirstDate != "" && (g.FirstDate == "" || f.FirstDate < g.FirstDate) {
			g.FirstDate = f.FirstDate
		}
		if f.LastDate > g.LastDate {
			g.LastDate = f.LastDate
		}
		g.PaymentIDs = union(g.PaymentIDs, f.PaymentIDs)
		slices.Sort(g.PaymentIDs)
		if len(g.PaymentIDs) > MaxFlowPaymentIDs {
			g.PaymentIDs = slices.Clip(g.PaymentIDs[:MaxFlowPaymentIDs])
		}
	}
	totals := map[string]*big.Float{}
	for i := range out.Flows {
		f := &out.Flows[i]
		f.Total, _ = sums[i].Float64()
		end, other := f.Payer, f.Beneficiary
		if dir == Incoming {
			end, other = f.Beneficiary, f.Payer
		}
		if end != origin || other == origin {
			continue
		}
		if totals[f.Currency] == nil {
			totals[f.Currency] = exactSum(0)
		}
		totals[f.Currency].Add(totals[f.Currency], sums[i])
	}
	for c, t := range totals {
		out.Totals[c], _ = t.Float64()
	}
	for _, c := range mf.Chains {
		c.Parties = slices.Clone(c.Parties)
		for i, p := range c.Parties {
			c.Parties[i] = r.Canonical(p)
		}
		out.Chains = append(out.Chains, c)
	}
	seen := map[string]bool{}
	for _, n := range mf.Nodes {
		e := m.entityAs(r, n.Entity)
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		out.Nodes = append(out.Nodes, Node{Entity: e, Degree: n.Degree, Hidden: n.Hidden})
	}
	return out
}

func exactSum(f float64) *big.Float {
	return new(big.Float).SetPrec(256).SetFloat64(f)
}

// ResolveContacts merges the contacts lists of a cluster's records: one row
// per entity met, its events counted once each; the cluster's own records
// are not its contacts.
func ResolveContacts(lists [][]Contact, r Resolution, m Merged, self string) []Contact {
	self = r.Canonical(self)
	at := map[string]int{}
	var out []Contact
	for _, list := range lists {
		for _, c := range list {
			e := m.entityAs(r, c.Entity)
			if e.ID == self {
				continue
			}
			i, ok := at[e.ID]
			if !ok {
				at[e.ID] = len(out)
				c.Entity, c.EventIDs = e, slices.Clone(c.EventIDs)
				out = append(out, c)
				continue
			}
			g := &out[i]
			g.EventIDs = union(g.EventIDs, c.EventIDs)
			if c.FirstDate != "" && (g.FirstDate == "" || c.FirstDate < g.FirstDate) {
				g.FirstDate = c.FirstDate
			}
			if c.LastDate > g.LastDate {
				g.LastDate = c.LastDate
			}
		}
	}
	for i := range out {
		out[i].Count = int64(len(out[i].EventIDs))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		if out[i].Entity.Name != out[j].Entity.Name {
			return out[i].Entity.Name < out[j].Entity.Name
		}
		return out[i].Entity.ID < out[j].Entity.ID
	})
	return out
}

// ResolveTimeline points each item's related entities at canonical ids.
func ResolveTimeline(items []TimelineItem, r Resolution) []TimelineItem {
	out := make([]TimelineItem, len(items))
	for i, it := range items {
		it.Related = slices.Clone(it.Related)
		for j, id := range it.Related {
			it.Related[j] = r.Canonical(id)
		}
		out[i] = it
	}
	return out
}

// ResolveCharges draws each charge's defendant, case and prosecutor merged.
func ResolveCharges(rows []ChargeRow, r Resolution, m Merged) []ChargeRow {
	out := make([]ChargeRow, len(rows))
	for i, row := range rows {
		for _, p := range []**Entity{&row.Defendant, &row.Case, &row.Prosecutor} {
			if *p != nil {
				e := m.entityAs(r, **p)
				*p = &e
			}
		}
		out[i] = row
	}
	return out
}

// ResolveHits keeps the best hit of each cluster, drawn merged.
func ResolveHits(hits []Sourced, r Resolution, m Merged) []Sourced {
	seen := map[string]bool{}
	var out []Sourced
	for _, h := range hits {
		e := m.entityAs(r, h.Entity)
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		h.Entity = e
		out = append(out, h)
	}
	return out
}
