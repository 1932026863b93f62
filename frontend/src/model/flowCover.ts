// A money flow drawn over payments already on the canvas would show the same
// money twice (Lacey's $16.5M as a payment and again as a flow). The flow is
// drawn alone: each PAYMENT edge a drawn flow sums, between the same payer
// and beneficiary, is marked as covered (coveredByFlow: the flow's edge id)
// and not drawn. A derived rendering, like the time window's flags: the
// model keeps every payment, and the table and the exports list them.
import { isEdgeVisible, type CaseGraph } from "./graph";
import type { EdgeAttrs } from "./types";

/** Marks the PAYMENT edges each visible money flow sums; clears the mark everywhere else. */
export function markFlowCover(g: CaseGraph) {
  const cover = new Map<string, string>();
  g.forEachEdge((f, a, s, t) => {
    if (a.relType !== "MONEY_FLOW" || !a.paymentIds?.length || !isEdgeVisible(g, f)) return;
    const sums = new Set(a.paymentIds);
    for (const e of g.outEdges(s, t)) {
      const b = g.getEdgeAttributes(e);
      if (b.relType === "PAYMENT" && b.paymentId && sums.has(b.paymentId)) cover.set(e, f);
    }
  });
  g.forEachEdge((e, a) => {
    const by = cover.get(e) ?? null;
    if ((a.coveredByFlow ?? null) !== by) g.setEdgeAttribute(e, "coveredByFlow", by);
  });
}

/**
 * A link the canvas leaves out because a money flow stands for it: a
 * covered payment, or the one drawing a group of parallel payments
 * (aggregate.ts) that are all covered.
 */
export function isCoveredByFlow(g: CaseGraph, a: EdgeAttrs): boolean {
  if (a.coveredByFlow) return true;
  const group = a.agg?.edges;
  return !!group?.length && group.every((e) => g.hasEdge(e) && !!g.getEdgeAttribute(e, "coveredByFlow"));
}
