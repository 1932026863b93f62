package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
)

// The GraphQL side asks for what a client draws (the fields of the Python
// client's queries), leaving out the edges' `sources`, which costs a second
// statement the graph-layer side does not run. Arguments left out take the
// schema's defaults, which the graph-layer side passes explicitly.
const (
	neighborhoodQuery = `query Neighborhood($ids: [ID!]!, $depth: Int) {
  neighborhood(ids: $ids, depth: $depth) {
    nodes { id schema name aliases properties }
    edges { id type source target role startDate endDate amount currency date paymentId sourceIds }
    degrees { id degree hidden }
    truncated
  }
}`
	pathsQuery = `query Paths($from: ID!, $to: ID!, $maxHops: Int) {
  paths(from: $from, to: $to, maxHops: $maxHops) {
    length
    nodes { id schema name }
    edges { id type source target role startDate endDate amount currency date paymentId sourceIds }
  }
}`
	moneyFlowQuery = `query MoneyFlow($from: ID!, $maxHops: Int) {
  moneyFlow(from: $from, maxHops: $maxHops) {
    nodes { id schema name aliases properties }
    flows { payer beneficiary currency total count firstDate lastDate paymentIds }
    chains { paymentIds parties amounts currencies dates }
    totals { currency total }
    truncated
  }
}`
)

// shape is what two answers to one question must agree on: counts of their
// main lists.
type shape [2]int

// qkind is one query kind of the latency comparison.
type qkind struct {
	name   string
	target time.Duration // p95 target on a 1M-node graph
	shapes string        // what the shape counts
	query  string
	// vars are the GraphQL variables for a seed; nil skips the seed.
	vars func(s seed) map[string]any
	// direct runs the same question through graph.Store.
	direct func(ctx context.Context, st *graph.Store, s seed) (shape, error)
	// parse reads the shape of a GraphQL answer.
	parse func(body []byte) (shape, error)
}

// leanNeighborhoodQuery asks for ids and names only: against
// neighborhoodQuery it shows what the fields cost to resolve and encode.
const leanNeighborhoodQuery = `query Neighborhood($ids: [ID!]!, $depth: Int) {
  neighborhood(ids: $ids, depth: $depth) {
    nodes { id schema name }
    edges { id type source target }
    truncated
  }
}`

func hoodKind(depth int, lean bool) qkind {
	name, query := fmt.Sprintf("neighborhood depth %d", depth), neighborhoodQuery
	if lean {
		name, query = name+", ids and names only", leanNeighborhoodQuery
	}
	return hoodKindFrom(name, depth, lean, query, func(s seed) string { return s.id })
}

// hubKind starts from the best-connected entities instead of the seeds, so
// that hub protection (perNode, limit) is what bounds the answer.
func hubKind(depth int) qkind {
	return hoodKindFrom(fmt.Sprintf("neighborhood depth %d from a hub", depth), depth, false, neighborhoodQuery,
		func(s seed) string { return s.hub })
}

func hoodKindFrom(name string, depth int, lean bool, query string, from func(seed) string) qkind {
	return qkind{
		name: name, target: 50 * time.Millisecond, shapes: "nodes/edges",
		query: query,
		vars: func(s seed) map[string]any {
			if from(s) == "" {
				return nil
			}
			return map[string]any{"ids": []string{from(s)}, "depth": depth}
		},
		direct: func(ctx context.Context, st *graph.Store, s seed) (shape, error) {
			sg, err := st.Neighborhood(ctx, casegraph.NeighborhoodParams{IDs: []string{from(s)}, Depth: depth,
				Limit: casegraph.DefaultLimit, PerNode: casegraph.DefaultPerNode, CollapsePayments: true,
				NoDegrees: lean, Slim: lean}) // what the resolver asks for when the query selects no more
			return shape{len(sg.Nodes), len(sg.Edges)}, err
		},
		parse: func(body []byte) (shape, error) {
			var r struct {
				Data struct {
					Neighborhood struct {
						Nodes []json.RawMessage
						Edges []json.RawMessage
					}
				}
			}
			err := json.Unmarshal(body, &r)
			return shape{len(r.Data.Neighborhood.Nodes), len(r.Data.Neighborhood.Edges)}, err
		},
	}
}

func pathsKind(name string, to func(seed) string) qkind {
	return qkind{
		name: name, target: 150 * time.Millisecond, shapes: "paths/edges",
		query: pathsQuery,
		vars: func(s seed) map[string]any {
			t := to(s)
			if t == "" || t == s.id {
				return nil
			}
			return map[string]any{"from": s.id, "to": t, "maxHops": 4}
		},
		direct: func(ctx context.Context, st *graph.Store, s seed) (shape, error) {
			ps, err := st.Paths(ctx, casegraph.PathParams{From: s.id, To: to(s), MaxHops: 4, Limit: casegraph.DefaultPaths})
			sh := shape{len(ps), 0}
			for _, p := range ps {
				sh[1] += len(p.Edges)
			}
			return sh, err
		},
		parse: func(body []byte) (shape, error) {
			var r struct {
				Data struct {
					Paths []struct{ Edges []json.RawMessage }
				}
			}
			err := json.Unmarshal(body, &r)
			sh := shape{len(r.Data.Paths), 0}
			for _, p := range r.Data.Paths {
				sh[1] += len(p.Edges)
			}
			return sh, err
		},
	}
}

func moneyKind() qkind {
	return qkind{
		name: "moneyFlow maxHops 4", target: 250 * time.Millisecond, shapes: "chains/flows",
		query: moneyFlowQuery,
		vars:  func(s seed) map[string]any { return map[string]any{"from": s.id, "maxHops": 4} },
		direct: func(ctx context.Context, st *graph.Store, s seed) (shape, error) {
			mf, err := st.MoneyFlow(ctx, casegraph.MoneyFlowParams{From: s.id, Direction: casegraph.Outgoing, MaxHops: 4,
				TimeOrdered: true, Limit: casegraph.DefaultMoneyChains})
			return shape{len(mf.Chains), len(mf.Flows)}, err
		},
		parse: func(body []byte) (shape, error) {
			var r struct {
				Data struct {
					MoneyFlow struct {
						Chains []json.RawMessage
						Flows  []json.RawMessage
					}
				}
			}
			err := json.Unmarshal(body, &r)
			return shape{len(r.Data.MoneyFlow.Chains), len(r.Data.MoneyFlow.Flows)}, err
		},
	}
}

// searchKind searches for each seed's name, as a person typing it would.
func searchKind() qkind {
	return qkind{
		name: "search (the seed's name)", target: 50 * time.Millisecond, shapes: "hits/-",
		query: `query Search($q: String!) { search(query: $q, first: 20) { nodes { id schema name } pageInfo { hasNextPage } } }`,
		vars:  func(s seed) map[string]any { return map[string]any{"q": s.name} },
		direct: func(ctx context.Context, st *graph.Store, s seed) (shape, error) {
			hits, err := st.Search(ctx, casegraph.SearchParams{Query: s.name, Limit: 20})
			return shape{min(len(hits), 20), 0}, err
		},
		parse: func(body []byte) (shape, error) {
			var r struct {
				Data struct {
					Search struct{ Nodes []json.RawMessage }
				}
			}
			err := json.Unmarshal(body, &r)
			return shape{len(r.Data.Search.Nodes), 0}, err
		},
	}
}

// chargesKind lists the charges of a defendant (most seeds have none: the
// cost of asking).
func chargesKind() qkind {
	return qkind{
		name: "charges by defendant", target: 50 * time.Millisecond, shapes: "charges/-",
		query: `query Charges($d: ID!) { charges(defendant: $d, first: 20) { nodes { outcome charge { id name } case { id } prosecutor { id } } } }`,
		vars:  func(s seed) map[string]any { return map[string]any{"d": s.id} },
		direct: func(ctx context.Context, st *graph.Store, s seed) (shape, error) {
			rows, err := st.Charges(ctx, casegraph.ChargeParams{Defendant: s.id, Limit: 20})
			return shape{min(len(rows), 20), 0}, err
		},
		parse: func(body []byte) (shape, error) {
			var r struct {
				Data struct {
					Charges struct{ Nodes []json.RawMessage }
				}
			}
			err := json.Unmarshal(body, &r)
			return shape{len(r.Data.Charges.Nodes), 0}, err
		},
	}
}

func allKinds() []qkind {
	return []qkind{
		hoodKind(1, false),
		hoodKind(2, false),
		hoodKind(2, true),
		hubKind(1),
		hubKind(2),
		pathsKind("paths maxHops 4, connected pair", func(s seed) string { return s.near }),
		pathsKind("paths maxHops 4, random pair", func(s seed) string { return s.far }),
		moneyKind(),
		searchKind(),
		chargesKind(),
	}
}

// kindResult is one kind's measurements.
type kindResult struct {
	kind            qkind
	gql, direct     []time.Duration
	gqlErr, dirErr  int
	firstErr        string
	agree, disagree int
	firstDiff       string
	sum             shape // of the graph-layer answers, for the mean size
	bytes           int64 // GraphQL response bytes
}

// latencyBench runs every kind over the seeds: an untimed warm-up of all
// kinds, then, kind by kind, each seed once per side and pass, the side
// that goes first alternating from seed to seed and pass to pass (ABBA…),
// so that neither side is always the one that finds Neo4j's caches warm.
func latencyBench(ctx context.Context, o *options, st *graph.Store, gc *gqlClient, seeds []seed) ([]kindResult, error) {
	if err := warmPageCache(ctx, st.URI()); err != nil {
		return nil, err
	}
	var want map[string]bool
	if o.kinds != "" {
		want = map[string]bool{}
		for _, k := range strings.Split(o.kinds, ",") {
			want[strings.TrimSpace(k)] = true
		}
	}
	// The floor: a GraphQL request that touches no data, i.e. what HTTP,
	// the middleware (request id, access and audit log, metrics) and
	// GraphQL parsing cost on their own.
	floor := request(`{ __typename }`, nil)
	var floorLat []time.Duration
	for i := range 200 {
		start := time.Now()
		if _, err := gc.post(ctx, floor); err != nil {
			return nil, fmt.Errorf("GraphQL { __typename }: %w", err)
		}
		if i >= 20 {
			floorLat = append(floorLat, time.Since(start))
		}
	}
	fmt.Printf("GraphQL floor ({ __typename }, no Neo4j): p50 %.2f ms, p95 %.2f ms\n", ms(pct(floorLat, 50)), ms(pct(floorLat, 95)))
	type job struct {
		s    seed
		body []byte
	}
	type plan struct {
		r    *kindResult
		jobs []job
	}
	var plans []plan
	for _, k := range allKinds() {
		if want != nil && !want[k.name] && !want[strings.Fields(k.name)[0]] {
			continue
		}
		p := plan{r: &kindResult{kind: k}}
		for _, s := range seeds {
			if v := k.vars(s); v != nil {
				p.jobs = append(p.jobs, job{s, request(k.query, v)})
			}
		}
		plans = append(plans, p)
	}
	one := func(r *kindResult, j job, gqlSide bool, timed bool) {
		if gqlSide {
			start := time.Now()
			body, err := gc.post(ctx, j.body)
			d := time.Since(start)
			if err != nil {
				r.gqlErr++
				if r.firstErr == "" {
					r.firstErr = "GraphQL " + j.s.id + ": " + err.Error()
				}
				return
			}
			if timed {
				r.gql = append(r.gql, d)
				r.bytes += int64(len(body))
			}
			return
		}
		start := time.Now()
		_, err := r.kind.direct(ctx, st, j.s)
		d := time.Since(start)
		if err != nil {
			r.dirErr++
			if r.firstErr == "" {
				r.firstErr = "graph layer " + j.s.id + ": " + err.Error()
			}
			return
		}
		if timed {
			r.direct = append(r.direct, d)
		}
	}

	// Warm-up: every kind on both sides (Neo4j plans and JIT-compiles
	// each statement, the Go code paths warm up) before any is measured.
	started := time.Now()
	for _, p := range plans {
		for _, j := range p.jobs[:min(o.warmup, len(p.jobs))] {
			one(p.r, j, true, false)
			one(p.r, j, false, false)
		}
	}
	fmt.Printf("warm-up: %d seeds per query kind on both sides in %.0f s\n", o.warmup, time.Since(started).Seconds())

	var out []kindResult
	for _, p := range plans {
		r, k, jobs := p.r, p.r.kind, p.jobs
		started := time.Now()
		// Each seed o.passes times per side, the passes one after the other
		// so that a seed's repeat does not find the caches its first run
		// warmed a moment before.
		for pass := range max(o.passes, 1) {
			for i, j := range jobs {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				one(r, j, (i+pass)%2 == 0, true)
				one(r, j, (i+pass)%2 != 0, true)
			}
		}
		// Both sides must give the same answer: compared after the clock,
		// one more call each.
		for _, j := range jobs {
			body, err := gc.post(ctx, j.body)
			if err != nil {
				continue
			}
			a, err := k.parse(body)
			if err != nil {
				continue
			}
			b, err := k.direct(ctx, st, j.s)
			if err != nil {
				continue
			}
			r.sum[0] += b[0]
			r.sum[1] += b[1]
			if a == b {
				r.agree++
			} else {
				r.disagree++
				if r.firstDiff == "" {
					r.firstDiff = fmt.Sprintf("%s: GraphQL %v, graph layer %v", j.s.id, a, b)
				}
			}
		}
		fmt.Printf("%s: %d seeds in %.0f s (GraphQL p50 %.1f ms, graph layer p50 %.1f ms)\n", k.name, len(jobs),
			time.Since(started).Seconds(), ms(pct(r.gql, 50)), ms(pct(r.direct, 50)))
		if r.firstErr != "" {
			fmt.Fprintf(os.Stderr, "  errors: GraphQL %d, graph layer %d; first: %s\n", r.gqlErr, r.dirErr, r.firstErr)
		}
		out = append(out, *r)
	}
	return out, nil
}

// warmPageCache reads every node's and relationship's properties once, so
// that the first queries do not pay for disk reads the later ones skip.
func warmPageCache(ctx context.Context, uri string) error {
	start := time.Now()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	for _, q := range []string{
		`MATCH (n) RETURN count(n.id) + count(n.name) AS c`,
		`MATCH ()-[r]->() RETURN count(r.id) AS c`,
	} {
		if _, err := neo4j.ExecuteQuery(ctx, driver, q, nil, neo4j.EagerResultTransformer); err != nil {
			return err
		}
	}
	fmt.Printf("warmed Neo4j's page cache in %.1f s\n", time.Since(start).Seconds())
	return nil
}

// pct is the p-th percentile (nearest rank) of ds.
func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func reportLatency(m marker, res []kindResult, env string) {
	fmt.Printf("\nAPI latency: GraphQL over HTTP (casegraph serve --no-auth) vs casegraph's graph layer "+
		"(graph.Store, the same Cypher through the Go driver), one request at a time, interleaved, every seed once per side and pass; %s\n\n", env)
	fmt.Println("| query | requests per side | GraphQL p50 / p95 / p99 ms | graph layer p50 / p95 / p99 ms | ratio p50 | ratio p95 | p95 target (1M nodes) | mean answer | answers agree | errors |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: |")
	for _, r := range res {
		n := max(len(r.gql), len(r.direct))
		gp95, dp95 := pct(r.gql, 95), pct(r.direct, 95)
		meets := "met"
		if gp95 >= r.kind.target {
			meets = "**not met**"
		}
		agree := "yes"
		if r.disagree > 0 {
			agree = fmt.Sprintf("%d of %d differ (%s)", r.disagree, r.agree+r.disagree, r.firstDiff)
		}
		mean := "-"
		if c := r.agree + r.disagree; c > 0 {
			mean = fmt.Sprintf("%.1f / %.1f %s, %.1f KB", float64(r.sum[0])/float64(c), float64(r.sum[1])/float64(c),
				r.kind.shapes, float64(r.bytes)/float64(max(len(r.gql), 1))/1024)
		}
		fmt.Printf("| %s | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.2f | %.2f | < %d ms: %.1f ms, %s | %s | %s | %d |\n",
			r.kind.name, n,
			ms(pct(r.gql, 50)), ms(gp95), ms(pct(r.gql, 99)),
			ms(pct(r.direct, 50)), ms(dp95), ms(pct(r.direct, 99)),
			ratio(pct(r.gql, 50), pct(r.direct, 50)), ratio(gp95, dp95),
			r.kind.target.Milliseconds(), ms(gp95), meets, mean, agree, r.gqlErr+r.dirErr)
	}
	fmt.Printf("\nratio = GraphQL / graph layer; the target is ≤ 1.15 at p50 and p95. The p95 targets are for a 1M-node graph; this one has %d nodes.\n",
		m.LoadedNodes)
}
