import { describe, expect, it } from "vitest";
import { mergeSubgraph, newGraph } from "./graph";
import { applyStyle, edgeScale, sizeRange } from "./style";
import type { Subgraph } from "./types";

/** A star: a hub linked to n leaves. */
function star(n: number): Subgraph {
  return {
    nodes: [{ id: "hub", schema: "Company", name: "Hub", properties: {} }, ...Array.from({ length: n }, (_, i) => ({ id: `l${i}`, schema: "Person", name: `L${i}`, properties: {} }))],
    edges: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, type: "ASSOCIATE", source: "hub", target: `l${i}` })),
  };
}

describe("sizes on a crowded canvas", () => {
  it("narrow the size range as nodes grow in number, never below legible", () => {
    const [lo150, hi150] = sizeRange(150);
    const [lo3k, hi3k] = sizeRange(3333);
    expect(hi3k).toBeLessThan(hi150);
    expect(lo3k).toBeLessThanOrEqual(lo150);
    expect(hi3k).toBeGreaterThanOrEqual(12);
    expect(lo3k).toBeGreaterThanOrEqual(4);
    expect(sizeRange(40)).toEqual(sizeRange(150));
  });

  it("draw the hub at the top of the range and a leaf at the bottom", () => {
    for (const n of [20, 1000]) {
      const g = newGraph();
      mergeSubgraph(g, star(n));
      applyStyle(g, { size: "links", color: "type", currency: null });
      const [lo, hi] = sizeRange(n + 1);
      expect(g.getNodeAttribute("hub", "drawSize")).toBeCloseTo(hi);
      expect(g.getNodeAttribute("l0", "drawSize")).toBeCloseTo(lo + (hi - lo) * Math.sqrt(1 / n));
    }
  });

  it("thin the links where thousands cross", () => {
    expect(edgeScale(100)).toBe(1);
    expect(edgeScale(1200)).toBeCloseTo(0.5);
    expect(edgeScale(100000)).toBe(0.3);
  });
});
