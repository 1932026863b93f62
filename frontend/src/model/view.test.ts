import { describe, expect, it } from "vitest";
import { mergeFlows, mergeSubgraph, newGraph } from "./graph";
import { applyTimeWindow } from "./time";
import type { Subgraph } from "./types";
import { applyView, chunks, parseView, serializeView, viewLink, viewSubgraph, type ViewState } from "./view";

const person = (id: string) => ({ id, schema: "Person", name: id, properties: {} });
const company = (id: string) => ({ id, schema: "Company", name: id, properties: {} });
const payment = { id: "pay-1", type: "PAYMENT", source: "lacey", target: "bank", paymentId: "pay-1", amount: 16500000, currency: "USD", date: "2017-05" };

// What the server answers for the neighbourhood of lacey and bank (depth 1): the payment drawn as a
// PAYMENT edge named after it, and neighbours that were never on the canvas.
const fetched: Subgraph = {
  nodes: [person("lacey"), person("larkin"), company("bank"), person("stranger")],
  edges: [
    { id: "assoc", type: "ASSOCIATE", source: "lacey", target: "larkin" },
    payment,
    { id: "other", type: "ASSOCIATE", source: "lacey", target: "stranger" },
    { id: "late", type: "EMPLOYMENT", source: "larkin", target: "bank" }, // appeared after the view was saved
  ],
};

function canvas() {
  const g = newGraph();
  mergeSubgraph(g, {
    nodes: [person("lacey"), person("larkin"), company("bank")],
    edges: fetched.edges.slice(0, 2),
  });
  g.mergeNodeAttributes("lacey", { x: 10.25, y: -3.5, expanded: true, expandFilters: { relationships: ["ASSOCIATE"], perNode: 20 } });
  g.mergeNodeAttributes("larkin", { x: 44, y: 12.125, pinned: true, fixed: true });
  g.mergeNodeAttributes("bank", { x: -7, y: 99, userHidden: true });
  mergeFlows(g, [], [{ payer: "lacey", beneficiary: "bank", currency: "USD", total: 16500000, count: 1, paymentIds: ["pay-1"], firstDate: "2017-05" }]);
  return g;
}

describe("serializeView", () => {
  it("keeps ids, positions, flags, filters, the time window and the camera, and no entity data", () => {
    const s = serializeView(canvas(), { since: "2010-01-01", until: null }, { x: 0.4, y: 0.6, ratio: 2, angle: 0 });
    expect(s.version).toBe(1);
    expect(s.nodes).toEqual([
      { id: "lacey", x: 10.25, y: -3.5, expanded: true },
      { id: "larkin", x: 44, y: 12.125, pinned: true },
      { id: "bank", x: -7, y: 99, hidden: true },
    ]);
    expect(s.edges.sort()).toEqual(["assoc", "pay-1"]); // the payment is one PAYMENT edge named after it
    expect(s.flows).toHaveLength(1);
    expect(s.flows[0]).toMatchObject({ id: "flow:lacey:bank:USD", source: "lacey", target: "bank", attrs: { relType: "MONEY_FLOW", amount: 16500000 } });
    expect(s.filters).toEqual({ lacey: { relationships: ["ASSOCIATE"], perNode: 20 } });
    expect(s.window).toEqual({ since: "2010-01-01" });
    expect(s.camera).toEqual({ x: 0.4, y: 0.6, ratio: 2, angle: 0 });
    expect(JSON.stringify(s)).not.toContain("properties");
  });
  it("survives JSON (what the server stores) unchanged", () => {
    const s = serializeView(canvas(), {});
    expect(parseView(JSON.parse(JSON.stringify(s)))).toEqual({ ...s, camera: undefined });
  });
});

describe("restoring a view", () => {
  it("takes only the view's nodes and links from what the server returns, and puts everything back", () => {
    const g0 = canvas();
    const state: ViewState = parseView(JSON.parse(JSON.stringify(serializeView(g0, { until: "2016-12-31" }))));
    const { sub, missingNodes, missingEdges } = viewSubgraph(state, fetched);
    expect(sub.nodes.map((n) => n.id).sort()).toEqual(["bank", "lacey", "larkin"]);
    expect(sub.edges.map((e) => e.id).sort()).toEqual(["assoc", "pay-1"]);
    expect(missingNodes).toEqual([]);
    expect(missingEdges).toEqual([]);

    const g = newGraph();
    mergeSubgraph(g, sub);
    applyView(g, state);
    applyTimeWindow(g, state.window);
    expect(g.nodes().sort()).toEqual(g0.nodes().sort());
    expect(g.edges().sort()).toEqual(g0.edges().sort());
    for (const n of g0.nodes()) {
      expect([g.getNodeAttribute(n, "x"), g.getNodeAttribute(n, "y")]).toEqual([g0.getNodeAttribute(n, "x"), g0.getNodeAttribute(n, "y")]);
      expect(!!g.getNodeAttribute(n, "pinned")).toBe(!!g0.getNodeAttribute(n, "pinned"));
      expect(!!g.getNodeAttribute(n, "userHidden")).toBe(!!g0.getNodeAttribute(n, "userHidden"));
      expect(!!g.getNodeAttribute(n, "expanded")).toBe(!!g0.getNodeAttribute(n, "expanded"));
    }
    expect(g.getNodeAttribute("larkin", "fixed")).toBe(true);
    expect(g.getNodeAttribute("lacey", "expandFilters")).toEqual({ relationships: ["ASSOCIATE"], perNode: 20 });
    expect(g.getEdgeAttribute("flow:lacey:bank:USD", "amount")).toBe(16500000);
    // the window hides the 2017 payment again
    expect(g.getEdgeAttribute("pay-1", "timeHidden")).toBe(true);
  });
  it("says what the server no longer has", () => {
    const state = serializeView(canvas(), {});
    const { missingNodes, missingEdges } = viewSubgraph(state, {
      nodes: [person("lacey"), company("bank")],
      edges: [],
    });
    expect(missingNodes).toEqual(["larkin"]);
    expect(missingEdges.sort()).toEqual(["assoc", "pay-1"]);
  });
  it("refuses what is not a view, and a newer format", () => {
    expect(() => parseView(null)).toThrow(/no nodes/);
    expect(() => parseView({ nodes: "x" })).toThrow(/no nodes/);
    expect(() => parseView({ version: 99, nodes: [] })).toThrow(/newer/);
    expect(parseView({ nodes: [{ id: "a", x: 1, y: 2 }, { id: "b" }, null] }).nodes).toEqual([{ id: "a", x: 1, y: 2 }]);
  });
});

describe("helpers", () => {
  it("chunks ids for the 50-seed neighbourhood limit", () => {
    const ids = Array.from({ length: 120 }, (_, i) => `n${i}`);
    expect(chunks(ids, 50).map((c) => c.length)).toEqual([50, 50, 20]);
    expect(chunks([], 50)).toEqual([]);
  });
  it("builds the link", () => {
    expect(viewLink("v 1", "http://h:8080")).toBe("http://h:8080/?view=v%201");
  });
});
