import { describe, expect, it } from "vitest";
import { aggregateLinks, drawnEdges } from "../model/aggregate";
import { mergeSubgraph, newGraph } from "../model/graph";
import { legendOf, legendScope } from "../model/legend";
import { applyStyle, DEFAULT_STYLE } from "../model/style";
import { applyTimeWindow } from "../model/time";
import type { ApiEdge, Subgraph } from "../model/types";
import { graphSVG, visibleSources } from "./ExportImage";

const SRC_A = { id: "src-a", title: "Court filing A", publisher: "PACER", url: "https://example.org/a" };
const SRC_B = { id: "src-b", title: "Bank records B" };
const SRC_C = { id: "src-c", title: "Register extract C" };

function caseGraph() {
  const edges: ApiEdge[] = [];
  for (let i = 0; i < 9; i++)
    edges.push({ id: `t${i}`, type: "PAYMENT", source: "bank", target: "co", paymentId: `t${i}`, amount: 100 * (i + 1), currency: "EUR", date: `2015-0${1 + i}-01`, sources: [SRC_B] });
  edges.push({ id: "own", type: "OWNERSHIP", source: "p", target: "co", sources: [SRC_C] });
  edges.push({ id: "late", type: "PAYMENT", source: "p", target: "bank", paymentId: "late", amount: 5, currency: "USD", date: "2020-01-01", sources: [{ id: "src-late", title: "Only in 2020" }] });
  const sub: Subgraph = {
    nodes: [
      { id: "bank", schema: "Company", name: "Bank & Trust <Ltd>", properties: {}, sources: [SRC_A] },
      { id: "co", schema: "Company", name: "Shell Co", properties: {}, sources: [SRC_A] },
      { id: "p", schema: "Person", name: "Pat", properties: {}, sources: [] },
      { id: "ch", schema: "Charge", name: "Wire fraud", properties: { outcome: "CONVICTED" }, sources: [] },
    ],
    edges,
  };
  const g = newGraph();
  mergeSubgraph(g, sub);
  applyTimeWindow(g, { until: "2019-12-31" });
  aggregateLinks(g, { on: true, open: new Set() });
  const summary = applyStyle(g, DEFAULT_STYLE);
  return { g, summary };
}

describe("image exports", () => {
  it("list every source the visible entities and links cite, once, and none of what the time window hides", () => {
    const { g } = caseGraph();
    expect(visibleSources(g).map((s) => s.id)).toEqual(["src-b", "src-a", "src-c"]);
  });

  it("draw the graph as shown, with the title, the legend and the sources", () => {
    const { g, summary } = caseGraph();
    const svg = graphSVG(g, { title: "Bank & Co: payments", subtitle: "as of today", summary });
    expect(svg.startsWith("<?xml")).toBe(true);
    expect(svg).toContain("<title>Bank &amp; Co: payments</title>");
    // one path per drawn edge: the nine payments are one group
    expect((svg.match(/marker-end=/g) ?? []).length).toBe(drawnEdges(g).length);
    expect(drawnEdges(g).length).toBe(2);
    expect(svg).toContain("9 payments · EUR 4,500");
    // names escaped, every entity drawn
    expect(svg).toContain("Bank &amp; Trust &lt;Ltd&gt;");
    expect((svg.match(/<image href=/g) ?? []).length).toBeGreaterThanOrEqual(4);
    // legend: what size means and its scope; the outcome of the charge
    expect(svg).toContain("Size: links on the canvas");
    expect(svg).toContain("Convicted (1)");
    expect(svg).toContain(legendScope(summary).slice(0, 40));
    // sources, with their publishers and addresses
    expect(svg).toContain("Sources (3)");
    expect(svg).toContain("Court filing A — PACER — https://example.org/a");
    expect(svg).not.toContain("Only in 2020");
    // a well-formed document
    expect(new DOMParserLike(svg).ok).toBe(true);
  });

  it("say in the legend which types, outcomes and kinds of link are shown", () => {
    const { g, summary } = caseGraph();
    const titles = legendOf(g, summary).map((s) => s.title);
    expect(titles).toEqual(["Type (shape and colour)", "Charge outcome (colour)", "Size: links on the canvas", "Links"]);
    const links = legendOf(g, summary).find((s) => s.title === "Links")!.entries.map((e) => e.text);
    expect(links.some((t) => t.startsWith("1 group of parallel links drawn as one"))).toBe(true);
    expect(legendScope(summary)).toBe(
      "Sizes and colours describe the 4 entities and 10 links on the canvas (time window applied), not the whole graph.",
    );
  });
});

/** A minimal well-formedness check: tags open and close in order (the test environment has no DOMParser). */
class DOMParserLike {
  ok = true;
  constructor(xml: string) {
    const stack: string[] = [];
    for (const m of xml.replace(/<\?xml[^>]*\?>/, "").matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
      const [, close, name, self] = m;
      if (self) continue;
      if (close) {
        if (stack.pop() !== name) this.ok = false;
      } else stack.push(name);
    }
    if (stack.length) this.ok = false;
  }
}
