import Graph from "graphology";
import graphologyBetweenness from "graphology-metrics/centrality/betweenness";
import { describe, expect, it } from "vitest";
import { mergeSubgraph, newGraph } from "./graph";
import { BETWEENNESS_BUDGET, betweenness, betweennessSample, communities, computeViewMetrics, metricsMethod, viewGraph, viewKey } from "./metrics";
import type { ApiEdge, Subgraph } from "./types";

const node = (id: string, schema = "Person") => ({ id, schema, name: id, properties: {} });
const link = (id: string, source: string, target: string, type = "ASSOCIATE"): ApiEdge => ({ id, type, source, target });

/** A star: a hub linked to n leaves. */
function star(n: number): Subgraph {
  return {
    nodes: [node("hub", "Company"), ...Array.from({ length: n }, (_, i) => node(`l${i}`))],
    edges: Array.from({ length: n }, (_, i) => link(`e${i}`, "hub", `l${i}`)),
  };
}

/** Two cliques of k (a0…, b0…) joined only through one broker linked to a0 and b0. */
function twoCliques(k: number): Subgraph {
  const nodes = [node("broker")];
  const edges: ApiEdge[] = [];
  for (const side of ["a", "b"]) {
    for (let i = 0; i < k; i++) nodes.push(node(`${side}${i}`));
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) edges.push(link(`${side}${i}-${j}`, `${side}${i}`, `${side}${j}`));
  }
  edges.push(link("ba", "broker", "a0"), link("bb", "broker", "b0"));
  return { nodes, edges };
}

const load = (sub: Subgraph) => {
  const g = newGraph();
  mergeSubgraph(g, sub);
  return g;
};

const argmax = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1])[0][0];

describe("view-level metrics, known answers", () => {
  it("a star's centre has the highest degree, PageRank and betweenness (1)", () => {
    const m = computeViewMetrics(load(star(8)));
    expect(m.nodes).toBe(9);
    expect(m.links).toBe(8);
    expect(m.degree.get("hub")).toBe(8);
    expect(m.degree.get("l3")).toBe(1);
    expect(argmax(m.pagerank)).toBe("hub");
    expect([...m.pagerank.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(m.betweenness.get("hub")).toBeCloseTo(1);
    expect(m.betweenness.get("l0")).toBe(0);
  });

  it("two cliques joined by a broker come out as two communities, the broker highest in betweenness", () => {
    const m = computeViewMetrics(load(twoCliques(6)));
    expect(argmax(m.betweenness)).toBe("broker");
    const a = new Set(Array.from({ length: 6 }, (_, i) => m.community.get(`a${i}`)));
    const b = new Set(Array.from({ length: 6 }, (_, i) => m.community.get(`b${i}`)));
    expect(a.size).toBe(1);
    expect(b.size).toBe(1);
    expect([...a][0]).not.toBe([...b][0]);
    // the broker joins one of them: two communities in all, numbered by size
    expect(m.communitySizes.length).toBe(2);
    expect(m.communitySizes).toEqual([7, 6]);
    expect(m.modularity).toBeGreaterThan(0.3);
  });

  it("the same canvas gives the same communities", () => {
    const g = load(twoCliques(5));
    expect([...computeViewMetrics(g).community]).toEqual([...computeViewMetrics(g).community]);
  });
});

describe("the graph the metrics are computed on", () => {
  it("is the drawn graph read both ways: parallel links one link weighing how many it stands for, a payment once", () => {
    const g = load({
      nodes: [node("a"), node("b"), node("c")],
      edges: [
        { id: "p1", type: "PAYMENT", source: "a", target: "b", paymentId: "p1", amount: 5, currency: "USD" },
        { id: "p2", type: "PAYMENT", source: "a", target: "b", paymentId: "p2", amount: 5, currency: "USD" },
        { id: "p2b", type: "PAYMENT", source: "a", target: "b", paymentId: "p2", amount: 5, currency: "USD" },
        { id: "p3", type: "PAYMENT", source: "b", target: "a", paymentId: "p3", amount: 1, currency: "USD" },
        link("x", "b", "c"),
        link("self", "c", "c"),
      ],
    });
    const v = viewGraph(g);
    expect(v.order).toBe(3);
    expect(v.size).toBe(2);
    expect(v.getEdgeAttribute(v.edge("a", "b")!, "weight")).toBe(3);
    expect(v.getEdgeAttribute(v.edge("b", "c")!, "weight")).toBe(1);
    const m = computeViewMetrics(g);
    expect(m.degree.get("b")).toBe(2);
    expect(m.betweenness.get("b")).toBeCloseTo(1);
  });

  it("leaves out what is hidden, and its key changes with what is drawn", () => {
    const g = load(star(4));
    const before = viewKey(g);
    g.setNodeAttribute("l0", "userHidden", true);
    expect(viewKey(g)).not.toBe(before);
    const m = computeViewMetrics(g);
    expect(m.nodes).toBe(4);
    expect(m.degree.has("l0")).toBe(false);
    expect(m.degree.get("hub")).toBe(3);
    g.setNodeAttribute("l0", "userHidden", false);
    expect(viewKey(g)).toBe(before);
  });

  it("gives an empty canvas and entities without links an answer", () => {
    expect(computeViewMetrics(newGraph()).nodes).toBe(0);
    const m = computeViewMetrics(load({ nodes: [node("a"), node("b")], edges: [] }));
    expect(m.communitySizes).toEqual([1, 1]);
    expect(m.pagerank.get("a")).toBeCloseTo(0.5);
    expect(m.betweenness.get("a")).toBe(0);
  });
});

describe("betweenness on typed arrays", () => {
  /** A random graph from a seed. */
  function random(n: number, m: number, seed: number): Graph {
    let s = seed;
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const v = new Graph({ type: "undirected" });
    for (let i = 0; i < n; i++) v.addNode(`n${i}`);
    while (v.size < m) {
      const a = Math.floor(rnd() * n),
        b = Math.floor(rnd() * n);
      if (a !== b && !v.hasEdge(`n${a}`, `n${b}`)) v.addEdge(`n${a}`, `n${b}`);
    }
    return v;
  }

  it("equals graphology-metrics' betweenness (normalised, unweighted)", () => {
    for (const seed of [1, 2, 3]) {
      const v = random(60, 120, seed);
      const ours = betweenness(v);
      const theirs = graphologyBetweenness(v, { getEdgeWeight: null, normalized: true });
      for (const n of v.nodes()) expect(ours.get(n)).toBeCloseTo(theirs[n], 9);
    }
  });

  it("sampled, ranks a broker first and stays close to the exact values", () => {
    const g = load(twoCliques(20));
    const v = viewGraph(g);
    const exact = betweenness(v);
    const est = betweenness(v, 20);
    expect(argmax(est)).toBe("broker");
    expect(est.get("broker")!).toBeGreaterThan(exact.get("broker")! * 0.5);
  });

  it("is exact while it fits the budget, sampled to fit beyond, and says so", () => {
    expect(betweennessSample(667, 1332)).toBeNull(); // 2,000 elements drawn
    const k = betweennessSample(3333, 6666)!; // 10,000
    expect(k).toBeGreaterThanOrEqual(100);
    expect(k * (3333 + 2 * 6666)).toBeLessThanOrEqual(BETWEENNESS_BUDGET);
    const star = computeViewMetrics(load({ nodes: Array.from({ length: 2100 }, (_, i) => node(`n${i}`)), edges: Array.from({ length: 2099 }, (_, i) => link(`e${i}`, "n0", `n${i + 1}`)) }));
    expect(star.betweennessSample).toBe(betweennessSample(2100, 2099));
    expect(metricsMethod(star).join(" ")).toContain(`estimated from ${star.betweennessSample} of 2,100 entities as path starts`);
    expect(argmax(star.betweenness)).toBe("n0");
    expect(star.betweenness.get("n0")).toBeCloseTo(1, 1);
  });

  it("numbers communities by size", () => {
    const v = viewGraph(load(twoCliques(4)));
    v.addNode("alone");
    const c = communities(v);
    expect(c.sizes[c.sizes.length - 1]).toBe(1);
    expect(c.community.get("alone")).toBe(c.sizes.length);
  });
});
