import { describe, expect, it } from "vitest";
import { mergeSubgraph, newGraph } from "./graph";
import { canvasTheme } from "../components/theme";
import { legendOf } from "./legend";
import { computeViewMetrics } from "./metrics";
import {
  applyStyle,
  communityColor,
  COMMUNITY_OTHER,
  COMMUNITY_PALETTE,
  DEFAULT_STYLE,
  edgeScale,
  formatMetric,
  sizeRange,
  usesViewMetrics,
  type NodeStyle,
} from "./style";
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

describe("styles by view-level metrics", () => {
  /** Two triangles (a, b) joined through a broker. */
  const bridged: Subgraph = {
    nodes: ["a0", "a1", "a2", "b0", "b1", "b2", "broker"].map((id) => ({ id, schema: "Person", name: id, properties: {} })),
    edges: [
      ["a0", "a1"],
      ["a1", "a2"],
      ["a0", "a2"],
      ["b0", "b1"],
      ["b1", "b2"],
      ["b0", "b2"],
      ["broker", "a0"],
      ["broker", "b0"],
    ].map(([s, t]) => ({ id: `${s}-${t}`, type: "ASSOCIATE", source: s, target: t })),
  };
  const styled = (style: Partial<NodeStyle>) => {
    const g = newGraph();
    mergeSubgraph(g, bridged);
    const full = { ...DEFAULT_STYLE, ...style };
    const summary = applyStyle(g, full, usesViewMetrics(full) ? computeViewMetrics(g) : null);
    return { g, summary };
  };

  it("size by betweenness draws the broker largest", () => {
    const { g, summary } = styled({ size: "betweenness" });
    const [lo, hi] = sizeRange(7);
    expect(g.getNodeAttribute("broker", "drawSize")).toBeCloseTo(hi);
    expect(g.getNodeAttribute("a1", "drawSize")).toBeCloseTo(lo);
    expect(summary.size).toMatchObject({ unit: "", digits: 2, money: false });
    // 9 of the 15 pairs of other entities (3 × 3 across the groups) meet only through the broker
    expect(summary.size!.max).toBeCloseTo(0.6);
  });

  it("colour by community paints the two groups in two colours of the palette and lists them in the legend", () => {
    const { g, summary } = styled({ color: "community" });
    const colorOf = (n: string) => decodeURIComponent(g.getNodeAttribute(n, "drawImage")!).match(/fill="(#[0-9a-f]{6})"/)![1];
    expect(colorOf("a1")).toBe(colorOf("a2"));
    expect(colorOf("b1")).toBe(colorOf("b2"));
    expect(colorOf("a1")).not.toBe(colorOf("b1"));
    expect(COMMUNITY_PALETTE).toContain(colorOf("a1"));
    expect(summary.color!.stops.map((s) => s.text)).toEqual(["community 1: 4 entities", "community 2: 3 entities"]);
    const legend = legendOf(g, summary);
    const computed = legend.find((s) => s.title === "Computed on view (visible subgraph only)");
    expect(computed?.entries[0].text).toContain("the 7 entities and 8 links drawn (the visible subgraph only); not stored, not facts from a source");
    expect(computed?.entries.map((e) => e.text).join(" ")).toContain("betweenness counts hops (unweighted)");
  });

  it("say nothing of view metrics when the style uses none, and that they are stale while recomputed", () => {
    expect(styled({ size: "links" }).summary.view).toBeNull();
    const g = newGraph();
    mergeSubgraph(g, bridged);
    const s = applyStyle(g, { ...DEFAULT_STYLE, size: "pagerank" }, computeViewMetrics(g), true);
    expect(legendOf(g, s).find((x) => x.title.startsWith("Computed on view"))?.entries.at(-1)?.text).toBe("the canvas changed: recomputing");
  });

  it("paint communities in colours readable under the white glyph and on the light and dark canvas (contrast ≥ 3:1)", () => {
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    for (const c of [...COMMUNITY_PALETTE, COMMUNITY_OTHER]) {
      expect(contrast(c, canvasTheme(false).background), `${c} on the light canvas and under the glyph`).toBeGreaterThanOrEqual(3);
      expect(contrast(c, canvasTheme(true).background), `${c} on the dark canvas`).toBeGreaterThanOrEqual(3);
    }
  });

  it("give communities past the tenth the shared grey", () => {
    expect(communityColor(1)).toBe(COMMUNITY_PALETTE[0]);
    expect(communityColor(11)).toBe(COMMUNITY_OTHER);
    expect(new Set(COMMUNITY_PALETTE).size).toBe(COMMUNITY_PALETTE.length);
  });

  it("format scores to significant digits and counts whole", () => {
    expect(formatMetric(0.123456, 2)).toBe("0.12");
    expect(formatMetric(1234.5, 0)).toBe("1,235");
    expect(formatMetric(0, 2)).toBe("0");
  });
});
