// View-level network metrics: who is central and which groups form, computed
// in the browser on what the canvas draws, written nowhere. They describe the
// visible subgraph only (the entities shown and the links between them, time
// window applied), not the whole graph and not a fact from a source; the
// legend and the side panel say so.
//
// They are computed on the graph the canvas draws, read both ways: one
// undirected link per pair of visible entities that any visible link joins
// (parallel links — ten payments between the same two parties, or a payment
// each way — are one link), self-links left out. Each such link weighs the
// number of distinct stored links it stands for (a payment drawn as several
// edges counts once). Then:
//   - degree: the neighbours an entity has on the canvas (unweighted);
//   - betweenness: the share of shortest paths between other entities that go
//     through it, counting hops (unweighted, Brandes' algorithm on typed
//     arrays); where the exact sums would take more than BETWEENNESS_BUDGET
//     steps (about 2,500 elements drawn) it is estimated from a sample of
//     source entities that fits the budget, and the legend says so;
//   - PageRank (graphology-metrics), weighted by the links each link stands for;
//   - communities (Louvain, graphology-communities-louvain), same weights,
//     numbered by size (1 the largest), with a fixed seed so that the same
//     canvas gives the same groups.
import Graph from "graphology";
import louvain from "graphology-communities-louvain";
import pagerank from "graphology-metrics/centrality/pagerank";
import { isEdgeVisible, isNodeVisible, type CaseGraph } from "./graph";

export type ViewMetricName = "degree" | "betweenness" | "pagerank" | "community";

/**
 * Steps (sources × (entities + 2 × links)) betweenness may take on the page's
 * thread: past it, sources are sampled to fit, never fewer than
 * BETWEENNESS_MIN_SAMPLE. Exact up to about 2,500 elements drawn.
 */
export const BETWEENNESS_BUDGET = 4_000_000;
export const BETWEENNESS_MIN_SAMPLE = 100;

/** How many source entities betweenness starts from for a graph of n entities and m links; null: all (exact). */
export function betweennessSample(n: number, m: number): number | null {
  const perSource = n + 2 * m;
  if (n * perSource <= BETWEENNESS_BUDGET) return null;
  return Math.min(n, Math.max(BETWEENNESS_MIN_SAMPLE, Math.floor(BETWEENNESS_BUDGET / perSource)));
}

export interface ViewMetrics {
  /** The drawn graph they were computed on (viewKey): stale when the canvas's differs. */
  key: string;
  /** Entities and links (pairs joined) of the graph computed on. */
  nodes: number;
  links: number;
  degree: Map<string, number>;
  /** Normalised to [0, 1]: 1 is the centre of a star. */
  betweenness: Map<string, number>;
  /** Sums to 1 over the entities. */
  pagerank: Map<string, number>;
  /** Community number, 1 the largest. */
  community: Map<string, number>;
  /** Entities per community, index 0 is community 1. */
  communitySizes: number[];
  modularity: number;
  /** Betweenness estimated from this many source entities; null: exact. */
  betweennessSample: number | null;
  /** Milliseconds each took, for the benchmark. */
  ms: { graph: number; degree: number; betweenness: number; pagerank: number; community: number; total: number };
}

const SEP = "\u0000";

/** The visible entities, and per unordered pair of them the distinct visible links joining them. */
function drawnPairs(g: CaseGraph): { nodes: string[]; pairs: Map<string, { s: string; t: string; links: Set<string> }> } {
  const nodes = g.filterNodes((n) => isNodeVisible(g, n));
  const pairs = new Map<string, { s: string; t: string; links: Set<string> }>();
  g.forEachEdge((e, a, s, t) => {
    if (s === t || !isEdgeVisible(g, e)) return;
    const [x, y] = s < t ? [s, t] : [t, s];
    const k = x + SEP + y;
    let p = pairs.get(k);
    if (!p) pairs.set(k, (p = { s: x, t: y, links: new Set() }));
    // a money flow summarises payments: it stands for one link unless its payments are drawn too
    p.links.add(a.derived || a.relType === "MONEY_FLOW" ? `flow${SEP}${e}` : (a.paymentId ?? e));
  });
  for (const p of pairs.values()) {
    const stored = [...p.links].filter((l) => !l.startsWith(`flow${SEP}`));
    if (stored.length) p.links = new Set(stored);
  }
  return { nodes, pairs };
}

/** A short signature of the drawn graph (entities, pairs and their weights): metrics are recomputed when it changes. */
export function viewKey(g: CaseGraph): string {
  const { nodes, pairs } = drawnPairs(g);
  return keyOf(nodes, pairs);
}

function keyOf(nodes: string[], pairs: ReturnType<typeof drawnPairs>["pairs"]): string {
  // FNV-1a over the ids and weights: two canvases that differ differ here (a 32-bit hash plus the counts)
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    h = Math.imul(h ^ 10, 16777619);
  };
  for (const n of nodes) mix(n);
  for (const [k, p] of pairs) mix(k + SEP + p.links.size);
  return `${nodes.length}:${pairs.size}:${(h >>> 0).toString(36)}`;
}

/** The drawn graph as an undirected graphology graph: one edge per pair, `weight` the links it stands for. */
export function viewGraph(g: CaseGraph): Graph {
  const { nodes, pairs } = drawnPairs(g);
  return graphOf(nodes, pairs);
}

function graphOf(nodes: string[], pairs: ReturnType<typeof drawnPairs>["pairs"]): Graph {
  const v = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  for (const n of nodes) v.addNode(n);
  for (const p of pairs.values()) v.addEdge(p.s, p.t, { weight: p.links.size });
  return v;
}

/** A seeded generator (LCG), so that Louvain and the betweenness sample give the same answer for the same canvas. */
function seeded(seed = 42): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Betweenness centrality of an undirected unweighted graph (Brandes 2001) on
 * typed arrays, normalised to [0, 1] (shortest paths between other pairs
 * through the node, over (n−1)(n−2)/2). With `sample` < n, the sums run from
 * that many source nodes drawn at random (seeded) and are scaled by n/sample
 * (Brandes & Pich 2007).
 */
export function betweenness(v: Graph, sample?: number): Map<string, number> {
  const ids = v.nodes();
  const n = ids.length;
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  // compressed adjacency
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + v.degree(ids[i]);
  const adj = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  v.forEachEdge((_e, _a, s, t) => {
    const i = index.get(s)!,
      j = index.get(t)!;
    adj[fill[i]++] = j;
    adj[fill[j]++] = i;
  });

  let sources: Int32Array;
  if (sample != null && sample < n) {
    // a partial Fisher–Yates shuffle: `sample` distinct sources
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const rnd = seeded();
    for (let i = 0; i < sample; i++) {
      const j = i + Math.floor(rnd() * (n - i));
      const x = all[i];
      all[i] = all[j];
      all[j] = x;
    }
    sources = all.subarray(0, sample);
  } else sources = Int32Array.from({ length: n }, (_, i) => i);

  const cb = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n); // the BFS queue, read backwards for the accumulation
  dist.fill(-1);
  let reached = 0;
  for (let k = 0; k < sources.length; k++) {
    const s = sources[k];
    // undo only what the last search reached
    for (let q = 0; q < reached; q++) {
      const x = order[q];
      sigma[x] = 0;
      dist[x] = -1;
      delta[x] = 0;
    }
    sigma[s] = 1;
    dist[s] = 0;
    order[0] = s;
    let head = 0,
      tail = 1;
    while (head < tail) {
      const x = order[head++];
      const dx = dist[x] + 1;
      for (let p = start[x]; p < start[x + 1]; p++) {
        const y = adj[p];
        if (dist[y] < 0) {
          dist[y] = dx;
          order[tail++] = y;
        }
        if (dist[y] === dx) sigma[y] += sigma[x];
      }
    }
    // predecessors of y are its neighbours one hop nearer the source
    for (let q = tail - 1; q > 0; q--) {
      const y = order[q];
      const c = (1 + delta[y]) / sigma[y];
      for (let p = start[y]; p < start[y + 1]; p++) {
        const x = adj[p];
        if (dist[x] === dist[y] - 1) delta[x] += sigma[x] * c;
      }
      cb[y] += delta[y];
    }
    reached = tail;
  }
  // each unordered pair is counted from both ends: pairs (n−1)(n−2)/2, sums twice that
  const scale = (n > 2 ? 1 / ((n - 1) * (n - 2)) : 0) * (n / sources.length || 0);
  const out = new Map<string, number>();
  for (let i = 0; i < n; i++) out.set(ids[i], cb[i] * scale);
  return out;
}

/** Community per node from Louvain (seeded), renumbered by size: 1 the largest, ties by the first member's id. */
export function communities(v: Graph): { community: Map<string, number>; sizes: number[]; modularity: number } {
  if (v.order === 0) return { community: new Map(), sizes: [], modularity: 0 };
  let raw: Record<string, number>;
  let modularity = 0;
  if (v.size === 0) {
    // Louvain needs a link; each entity alone is its own community
    raw = Object.fromEntries(v.nodes().map((n, i) => [n, i]));
  } else {
    const d = louvain.detailed(v, { getEdgeWeight: "weight", rng: seeded() });
    raw = d.communities;
    modularity = d.modularity;
  }
  const members = new Map<number, string[]>();
  for (const n of v.nodes()) {
    const c = raw[n];
    const list = members.get(c);
    if (list) list.push(n);
    else members.set(c, [n]);
  }
  const ranked = [...members.values()]
    .map((m) => m.sort())
    .sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const community = new Map<string, number>();
  ranked.forEach((m, i) => m.forEach((n) => community.set(n, i + 1)));
  return { community, sizes: ranked.map((m) => m.length), modularity };
}

/** Every view-level metric of the drawn graph. */
export function computeViewMetrics(g: CaseGraph): ViewMetrics {
  const t0 = performance.now();
  const { nodes, pairs } = drawnPairs(g);
  const key = keyOf(nodes, pairs);
  const v = graphOf(nodes, pairs);
  const t1 = performance.now();
  const degree = new Map<string, number>();
  v.forEachNode((n) => degree.set(n, v.degree(n)));
  const t2 = performance.now();
  const sample = betweennessSample(v.order, v.size);
  const btw = betweenness(v, sample ?? undefined);
  const t3 = performance.now();
  const pr = new Map<string, number>();
  if (v.order) {
    const ranks = v.size ? pagerank(v, { getEdgeWeight: "weight" }) : Object.fromEntries(v.nodes().map((n) => [n, 1 / v.order]));
    for (const [n, r] of Object.entries(ranks)) pr.set(n, r);
  }
  const t4 = performance.now();
  const c = communities(v);
  const t5 = performance.now();
  return {
    key,
    nodes: v.order,
    links: v.size,
    degree,
    betweenness: btw,
    pagerank: pr,
    community: c.community,
    communitySizes: c.sizes,
    modularity: c.modularity,
    betweennessSample: sample,
    ms: { graph: t1 - t0, degree: t2 - t1, betweenness: t3 - t2, pagerank: t4 - t3, community: t5 - t4, total: t5 - t0 },
  };
}

/** How the metrics were computed, in words, for the legend and the side panel. */
export function metricsMethod(m: ViewMetrics): string[] {
  return [
    `computed in this browser on the ${m.nodes.toLocaleString("en-US")} entities and ${m.links.toLocaleString("en-US")} links drawn (the visible subgraph only); not stored, not facts from a source`,
    "parallel links between two entities count as one link, read both ways",
    m.betweennessSample
      ? `betweenness counts hops (unweighted), estimated from ${m.betweennessSample.toLocaleString("en-US")} of ${m.nodes.toLocaleString("en-US")} entities as path starts`
      : "betweenness counts hops (unweighted)",
    "PageRank and communities (Louvain) weigh a link by the links it stands for",
  ];
}
