import { describe, expect, it } from "vitest";
import { curveParallelEdges, collapsePayments, History, isNodeVisible, mergeFlows, mergeSubgraph, newGraph, visibleEdges, visibleNodes, amountWidth, formatAmount } from "./graph";
import type { Subgraph } from "./types";

const person = (id: string, name = id) => ({ id, schema: "Person", name, properties: {} });
const company = (id: string) => ({ id, schema: "Company", name: id, properties: {} });

// Lacey at depth 1: the payment is a node whose beneficiary is one hop further.
const laceyDepth1: Subgraph = {
  nodes: [person("lacey"), person("larkin"), { id: "pay-1", schema: "Payment", name: "transfer", properties: { amount: 16500000, currency: "USD", date: "2017-05" } }],
  edges: [
    { id: "assoc", type: "ASSOCIATE", source: "lacey", target: "larkin", role: "business partner" },
    { id: "paid", type: "PAID", source: "lacey", target: "pay-1" },
  ],
  degrees: [{ id: "lacey", degree: 80, hidden: 30 }],
};
// The same neighbourhood as the server answers it: the payment followed to the bank and collapsed.
const laceyServed: Subgraph = {
  nodes: [person("lacey"), person("larkin"), company("bank")],
  edges: [
    { id: "assoc", type: "ASSOCIATE", source: "lacey", target: "larkin", role: "business partner" },
    { id: "pay-1", type: "PAYMENT", source: "lacey", target: "bank", paymentId: "pay-1", amount: 16500000, currency: "USD", date: "2017-05" },
  ],
  degrees: [{ id: "lacey", degree: 80, hidden: 30 }],
};
const paymentEnds: Subgraph = {
  nodes: [{ id: "pay-1", schema: "Payment", name: "transfer", properties: { amount: 16500000, currency: "USD", date: "2017-05" } }, person("lacey"), company("bank")],
  edges: [
    { id: "paid", type: "PAID", source: "lacey", target: "pay-1" },
    { id: "paid-to", type: "PAID_TO", source: "pay-1", target: "bank" },
  ],
};

describe("collapsePayments", () => {
  it("turns a Payment node with both ends into one PAYMENT edge named after the payment", () => {
    const out = collapsePayments({ nodes: [...laceyDepth1.nodes, company("bank")], edges: [...laceyDepth1.edges, paymentEnds.edges[1]] });
    expect(out.nodes.map((n) => n.id).sort()).toEqual(["bank", "lacey", "larkin"]);
    const pay = out.edges.find((e) => e.type === "PAYMENT")!;
    expect(pay).toMatchObject({ id: "pay-1", source: "lacey", target: "bank", amount: 16500000, currency: "USD", date: "2017-05", paymentId: "pay-1" });
    expect(out.edges.some((e) => e.type === "PAID" || e.type === "PAID_TO")).toBe(false);
  });
  it("keeps a Payment node whose beneficiary is not known yet", () => {
    const out = collapsePayments(laceyDepth1);
    expect(out.nodes.some((n) => n.id === "pay-1")).toBe(true);
  });
});

describe("mergeSubgraph (expand)", () => {
  it("adds new nodes around the expanded one and keeps existing positions, pins and flags", () => {
    const g = newGraph();
    mergeSubgraph(g, { nodes: [person("lacey", "Michael Lacey")], edges: [] });
    g.mergeNodeAttributes("lacey", { x: 100, y: 50, pinned: true });
    const added = mergeSubgraph(g, laceyServed, "lacey");
    expect(added.sort()).toEqual(["bank", "larkin"]);
    expect(g.getNodeAttributes("lacey")).toMatchObject({ x: 100, y: 50, pinned: true, degree: 80, hiddenLinks: 30, label: "lacey" });
    for (const id of added) {
      const a = g.getNodeAttributes(id);
      expect(Math.hypot(a.x - 100, a.y - 50)).toBeLessThan(80);
    }
    expect(g.getEdgeAttributes("pay-1")).toMatchObject({ relType: "PAYMENT", type: "arrow", amount: 16500000 });
    expect(g.getEdgeAttribute("pay-1", "label")).toBe("USD 16.5 million · 2017-05");
    expect(g.getEdgeAttribute("assoc", "label")).toBe("ASSOCIATE: business partner");
  });
  it("is idempotent: merging the same subgraph twice adds nothing", () => {
    const g = newGraph();
    mergeSubgraph(g, laceyDepth1);
    const [n, e] = [g.order, g.size];
    expect(mergeSubgraph(g, laceyDepth1)).toEqual([]);
    expect([g.order, g.size]).toEqual([n, e]);
  });
  it("draws a payment node as it comes: collapsing is the server's job", () => {
    const g = newGraph();
    mergeSubgraph(g, { nodes: paymentEnds.nodes, edges: paymentEnds.edges });
    expect(g.hasNode("pay-1")).toBe(true);
    expect(g.edges().sort()).toEqual(["paid", "paid-to"]);
  });
  it("skips edges whose ends are not drawn", () => {
    const g = newGraph();
    mergeSubgraph(g, { nodes: [person("a")], edges: [{ id: "x", type: "ASSOCIATE", source: "a", target: "zz" }] });
    expect(g.size).toBe(0);
  });
});

describe("payment widths", () => {
  it("grow with the amount and stay within bounds", () => {
    expect(amountWidth(null)).toBe(2);
    expect(amountWidth(1000)).toBeLessThan(amountWidth(16_500_000));
    expect(amountWidth(1e15)).toBe(12);
    expect(formatAmount(16_500_000, "USD")).toBe("USD 16.5 million");
  });
});

describe("mergeFlows", () => {
  it("draws one MONEY_FLOW edge per payer, beneficiary and currency", () => {
    const g = newGraph();
    mergeFlows(g, [person("lacey"), company("bank")], [
      { payer: "lacey", beneficiary: "bank", currency: "USD", total: 16500000, count: 1, paymentIds: ["p"] },
      { payer: "lacey", beneficiary: "bank", currency: "EUR", total: 10, count: 2, paymentIds: ["q", "r"] },
    ]);
    expect(g.filterEdges((_, a) => a.relType === "MONEY_FLOW")).toHaveLength(2);
    expect(g.getEdgeAttributes("flow:lacey:bank:USD").size).toBeGreaterThan(g.getEdgeAttributes("flow:lacey:bank:EUR").size);
  });
});

describe("History", () => {
  it("undoes and redoes whole changes", () => {
    const g = newGraph();
    const h = new History();
    h.record(g);
    mergeSubgraph(g, laceyDepth1);
    const n = g.order;
    expect(h.undo(g)).toBe(true);
    expect(g.order).toBe(0);
    expect(h.redo(g)).toBe(true);
    expect(g.order).toBe(n);
    expect(h.redo(g)).toBe(false);
  });
});

describe("visibility", () => {
  it("hides nodes hidden by hand or by time, and their links", () => {
    const g = newGraph();
    mergeSubgraph(g, laceyDepth1);
    g.setNodeAttribute("larkin", "userHidden", true);
    expect(isNodeVisible(g, "larkin")).toBe(false);
    expect(visibleNodes(g)).not.toContain("larkin");
    expect(visibleEdges(g)).not.toContain("assoc");
  });
});

describe("curveParallelEdges", () => {
  it("bends links between the same two nodes apart and leaves lone links straight", () => {
    const g = newGraph();
    mergeSubgraph(g, {
      nodes: [person("lacey"), company("backpage"), person("larkin")],
      edges: [
        { id: "dir", type: "DIRECTORSHIP", source: "lacey", target: "backpage" },
        { id: "emp", type: "EMPLOYMENT", source: "lacey", target: "backpage" },
        { id: "assoc", type: "ASSOCIATE", source: "lacey", target: "larkin" },
      ],
    });
    curveParallelEdges(g);
    expect(g.getEdgeAttributes("assoc")).toMatchObject({ type: "arrow", curvature: 0 });
    const [a, b] = [g.getEdgeAttributes("dir"), g.getEdgeAttributes("emp")];
    expect(a.type).toBe("curvedArrow");
    expect(b.type).toBe("curvedArrow");
    expect(Math.sign(a.curvature!)).not.toBe(Math.sign(b.curvature!));
  });
});
