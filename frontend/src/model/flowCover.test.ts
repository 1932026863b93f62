import { describe, expect, it } from "vitest";
import { aggregateLinks } from "./aggregate";
import { mergeFlows, mergeSubgraph, newGraph } from "./graph";
import { isCoveredByFlow, markFlowCover } from "./flowCover";

const pay = (id: string, source: string, target: string, amount: number) => ({ id, type: "PAYMENT", source, target, paymentId: id, amount, currency: "USD", date: "2011-01-01" });

function graph() {
  const g = newGraph();
  mergeSubgraph(g, {
    nodes: ["lacey", "bank", "other"].map((id) => ({ id, schema: "Company", name: id })),
    edges: [pay("p1", "lacey", "bank", 16.5e6), pay("p2", "lacey", "bank", 1), pay("p3", "lacey", "other", 5)],
  });
  return g;
}

describe("a money flow drawn alone over its payments", () => {
  it("marks the payments a flow sums between its payer and beneficiary, and only those", () => {
    const g = graph();
    mergeFlows(g, [], [{ payer: "lacey", beneficiary: "bank", currency: "USD", total: 16.5e6, count: 1, paymentIds: ["p1"] }]);
    markFlowCover(g);
    expect(g.filterEdges((e, a) => !!a.coveredByFlow)).toEqual(["p1"]);
    expect(g.getEdgeAttribute("p1", "coveredByFlow")).toBe("flow:lacey:bank:USD");
    // the flow itself is drawn; the payments stay in the model
    expect(isCoveredByFlow(g, g.getEdgeAttributes("flow:lacey:bank:USD"))).toBe(false);
    expect(g.hasEdge("p1")).toBe(true);
  });

  it("clears the mark when the flow goes (undo, remove) and hides a group only when all of it is covered", () => {
    const g = graph();
    mergeFlows(g, [], [{ payer: "lacey", beneficiary: "bank", currency: "USD", total: 16.5e6, count: 1, paymentIds: ["p1"] }]);
    aggregateLinks(g, { on: true, open: new Set() });
    markFlowCover(g);
    const rep = g.filterEdges((e, a) => !!a.agg && a.relType === "PAYMENT" && g.source(e) === "lacey" && g.target(e) === "bank")[0];
    expect(rep).toBeDefined();
    expect(isCoveredByFlow(g, { ...g.getEdgeAttributes(rep), coveredByFlow: null })).toBe(false); // p2 is not in the flow
    g.mergeEdgeAttributes("flow:lacey:bank:USD", { paymentIds: ["p1", "p2"] });
    markFlowCover(g);
    expect(isCoveredByFlow(g, { ...g.getEdgeAttributes(rep), coveredByFlow: null })).toBe(true);
    g.dropEdge("flow:lacey:bank:USD");
    markFlowCover(g);
    expect(g.filterEdges((e, a) => !!a.coveredByFlow)).toEqual([]);
  });
});
