import { describe, expect, it, vi } from "vitest";
import { newGraph, type CaseGraph } from "./graph";
import { CLEARANCE, GAP, placeFresh, segmentDistance } from "./placement";
import type { NodeAttrs } from "./types";

function node(x: number, y: number): NodeAttrs {
  return { label: "", schema: "Company", x, y, size: 11, color: "#000", properties: {}, aliases: [] };
}

function link(g: CaseGraph, s: string, t: string) {
  g.addDirectedEdgeWithKey(`${s}->${t}`, s, t, { label: "", type: "arrow", relType: "PAYMENT", size: 1, color: "#000" });
}

/** Every rule placement keeps, checked on the whole graph for the nodes given: the ways it is broken. */
function broken(g: CaseGraph, fresh: string[], rho: number): string[] {
  const out: string[] = [];
  const at = (n: string) => ({ x: g.getNodeAttribute(n, "x"), y: g.getNodeAttribute(n, "y") });
  const isFresh = new Set(fresh);
  for (const n of fresh)
    for (const m of g.nodes())
      if (m !== n && Math.hypot(at(n).x - at(m).x, at(n).y - at(m).y) < GAP * rho - 1e-9) out.push(`${n} overlaps ${m}`);
  g.forEachEdge((e, _a, s, t) => {
    for (const n of g.nodes()) {
      if (n === s || n === t || !(isFresh.has(n) || isFresh.has(s) || isFresh.has(t))) continue;
      if (segmentDistance(at(n), at(s), at(t)) < CLEARANCE * rho - 1e-9) out.push(`${e} runs through ${n}`);
    }
  });
  return out;
}

/** How round a cloud of points is: the ratio of its short axis to its long one (0: a line). */
function roundness(pts: { x: number; y: number }[]): number {
  const mx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const my = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  let sxx = 0, syy = 0, sxy = 0;
  for (const p of pts) {
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  const tr = sxx + syy, d = Math.sqrt(Math.max(0, (tr * tr) / 4 - (sxx * syy - sxy * sxy)));
  return Math.sqrt((tr / 2 - d) / (tr / 2 + d));
}

/** A hub with n companies on a ring around it, every one linked to it. */
function hubRing(n: number, r = 10): CaseGraph {
  const g = newGraph();
  g.addNode("hub", node(0, 0));
  for (let i = 0; i < n; i++) {
    g.addNode(`b${i}`, node(r * Math.cos((2 * Math.PI * i) / n), r * Math.sin((2 * Math.PI * i) / n)));
    link(g, "hub", `b${i}`);
  }
  return g;
}

describe("placeFresh", () => {
  it("puts a star's new leaves around their node, apart, their links clear of every node", () => {
    const g = newGraph();
    g.addNode("a", node(0, 0));
    const fresh = Array.from({ length: 30 }, (_, i) => `n${i}`);
    for (const n of fresh) {
      g.addNode(n, node(0, 0)); // where mergeSubgraph may have put them: all on one spot
      link(g, "a", n);
    }
    expect(placeFresh(g, fresh, { radius: 1 })).toBe(0);
    expect(broken(g, fresh, 1)).toEqual([]);
    expect(g.getNodeAttributes("a")).toMatchObject({ x: 0, y: 0 });
    expect(roundness(fresh.map((n) => g.getNodeAttributes(n)))).toBeGreaterThan(0.5);
  });

  it("sends a rim node's new leaves outwards, off the hub's ring, and moves no node drawn before", () => {
    const g = hubRing(20);
    const before = g.nodes().map((n) => [n, g.getNodeAttribute(n, "x"), g.getNodeAttribute(n, "y")]);
    const fresh = Array.from({ length: 12 }, (_, i) => `sub${i}`);
    for (const n of fresh) {
      g.addNode(n, node(10, 0));
      link(g, "b0", n);
    }
    expect(placeFresh(g, fresh, { radius: 0.6 })).toBe(0);
    expect(broken(g, fresh, 0.6)).toEqual([]);
    expect(before.map(([n]) => [n, g.getNodeAttribute(n as string, "x"), g.getNodeAttribute(n as string, "y")])).toEqual(before);
    // every leaf is further from the hub than the rim node it hangs from
    for (const n of fresh) expect(Math.hypot(g.getNodeAttribute(n, "x"), g.getNodeAttribute(n, "y"))).toBeGreaterThan(10);
    expect(roundness(fresh.map((n) => g.getNodeAttributes(n)))).toBeGreaterThan(0.3);
  });

  it("puts a node linked to two drawn nodes between them, on a spot its two links keep clear", () => {
    const g = newGraph();
    g.addNode("lacey", node(0, 0));
    g.addNode("doj", node(12, 0));
    g.addNode("mid", node(6, 0)); // a node drawn before, right between them
    link(g, "lacey", "mid");
    g.addNode("case", node(0, 0));
    link(g, "lacey", "case");
    link(g, "case", "doj");
    expect(placeFresh(g, ["case"], { radius: 1 })).toBe(0);
    expect(broken(g, ["case"], 1)).toEqual([]);
    const c = g.getNodeAttributes("case");
    expect(Math.abs(c.x - 6)).toBeLessThan(6); // between the two
  });

  it("places the same nodes on the same spots every time", () => {
    const spots = () => {
      const g = hubRing(8);
      for (let i = 0; i < 5; i++) {
        g.addNode(`n${i}`, node(0, 0));
        link(g, "b3", `n${i}`);
      }
      placeFresh(g, ["n0", "n1", "n2", "n3", "n4"], { radius: 0.8 });
      return g.nodes().map((n) => [g.getNodeAttribute(n, "x"), g.getNodeAttribute(n, "y")]);
    };
    expect(spots()).toEqual(spots());
  });

  it("places the same way however slow the machine: its budget is counted, not timed", () => {
    const place = () => {
      const g = hubRing(20);
      // leaves of one rim node, and nodes linked to two (each searched for spot by spot)
      const fresh = Array.from({ length: 12 }, (_, i) => `sub${i}`);
      for (const n of fresh) {
        g.addNode(n, node(10, 0));
        link(g, "b0", n);
      }
      for (let i = 0; i < 4; i++) {
        g.addNode(`both${i}`, node(10, 0));
        link(g, "b0", `both${i}`);
        link(g, "b1", `both${i}`);
        fresh.push(`both${i}`);
      }
      const conflicts = placeFresh(g, fresh, { radius: 0.6 });
      return { conflicts, broken: broken(g, fresh, 0.6), spots: fresh.map((n) => [g.getNodeAttribute(n, "x"), g.getNodeAttribute(n, "y")]) };
    };
    const quiet = place();
    // a machine so busy that a second passes between any two looks at the clock
    let t = Date.now();
    const clock = vi.spyOn(Date, "now").mockImplementation(() => (t += 1000));
    const busy = place();
    clock.mockRestore();
    expect(busy).toEqual(quiet);
    expect(busy.broken).toEqual([]);
    // and a budget used up places every node all the same, saying where it could not keep the rules
    const g = hubRing(20);
    for (let i = 0; i < 12; i++) {
      g.addNode(`sub${i}`, node(10, 0));
      link(g, "b0", `sub${i}`);
    }
    const left = placeFresh(g, Array.from({ length: 12 }, (_, i) => `sub${i}`), { radius: 0.6, budget: 0 });
    expect(left).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < 12; i++) expect(Number.isFinite(g.getNodeAttribute(`sub${i}`, "x"))).toBe(true);
  });

  it("says how many it could only put where something is in the way", () => {
    // a hub ringed so tightly that nothing fits near it, and the search allowed two spots only
    const g = hubRing(40, 1);
    g.addNode("x", node(0, 0));
    link(g, "hub", "x");
    expect(placeFresh(g, ["x"], { radius: 1, maxCandidates: 2 })).toBe(1);
  });
});
