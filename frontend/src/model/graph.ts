// The graph model: one graphology MultiDirectedGraph that the canvas, the
// table, the side panel and the end-to-end tests all read. Everything that
// changes the picture goes through these functions.
import Graph from "graphology";
import type { SerializedGraph } from "graphology-types";
import { entityIcon, outcomeSuffix } from "./outcome";
import { edgeColor, schemaStyle } from "./schema";
import type { ApiEdge, ApiEntity, EdgeAttrs, Flow, NodeAttrs, SourceDoc, Subgraph } from "./types";

export type CaseGraph = Graph<NodeAttrs, EdgeAttrs>;

export function newGraph(): CaseGraph {
  return new Graph<NodeAttrs, EdgeAttrs>({ multi: true, type: "directed", allowSelfLoops: true });
}

/** One formatter for every amount: toLocaleString builds one per call, and a real case labels thousands of payments. */
const AMOUNT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });

export function formatAmount(amount: number | null | undefined, currency?: string | null): string {
  if (amount == null) return "";
  const abs = Math.abs(amount);
  const short =
    abs >= 1e9 ? `${+(amount / 1e9).toFixed(2)} billion` : abs >= 1e6 ? `${+(amount / 1e6).toFixed(2)} million` : AMOUNT.format(amount);
  return `${currency ? currency + " " : ""}${short}`;
}

/** Edge width grows with the logarithm of the amount: 1 unit → 2px, 1e9 → 12px. */
export function amountWidth(amount: number | null | undefined): number {
  if (!amount || amount <= 0) return 2;
  return Math.min(12, 2 + Math.log10(amount + 1) * (10 / 9));
}

/** The ids of the other records a node draws, as the server said (sameAs), or undefined when it did not say. */
function sameAsIds(e: ApiEntity): string[] | undefined {
  return e.sameAs?.map((r) => r.id);
}

function nodeAttrs(e: ApiEntity, x: number, y: number): NodeAttrs {
  const style = schemaStyle(e.schema);
  const sameAs = sameAsIds(e) ?? [];
  return {
    label: e.name || e.id,
    schema: e.schema,
    x,
    y,
    size: e.schema === "Person" ? 14 : 11,
    color: style.color,
    image: entityIcon(e, 1 + sameAs.length),
    properties: e.properties ?? {},
    aliases: e.aliases ?? [],
    sources: e.sources ?? [],
    canonicalId: e.canonicalId ?? e.id,
    sameAs,
  };
}

/** How many records a node draws: 1, or more for a SAME cluster drawn as one node. */
export function recordCount(a: Pick<NodeAttrs, "sameAs">): number {
  return 1 + (a.sameAs?.length ?? 0);
}

/** The ids of the records a node draws: its own first, then the others of its SAME cluster. */
export function recordIds(g: CaseGraph, id: string): string[] {
  return g.hasNode(id) ? [id, ...(g.getNodeAttribute(id, "sameAs") ?? [])] : [id];
}

/**
 * What the canvas writes under a node: a pin, the name, "×N records" for a
 * merged node (its ring and badge are in its picture), and the links hub
 * protection left out.
 */
export function nodeLabel(a: NodeAttrs): string {
  const n = recordCount(a);
  return `${a.pinned ? "📌 " : ""}${a.label}${outcomeSuffix(a)}${n > 1 ? ` ×${n} records` : ""}${a.hiddenLinks ? ` (+${a.hiddenLinks} hidden links)` : ""}`;
}

function edgeAttrs(e: ApiEdge): EdgeAttrs {
  const isPayment = e.type === "PAYMENT";
  const label = isPayment
    ? [formatAmount(e.amount, e.currency), e.date].filter(Boolean).join(" · ") || "PAYMENT"
    : e.type + (e.role ? `: ${e.role.length > 30 ? e.role.slice(0, 29) + "…" : e.role}` : "");
  return {
    label,
    type: "arrow",
    relType: e.type,
    size: isPayment ? amountWidth(e.amount) : 1.5,
    color: edgeColor(e.type),
    role: e.role ?? null,
    startDate: e.startDate ?? null,
    endDate: e.endDate ?? null,
    amount: e.amount ?? null,
    currency: e.currency ?? null,
    date: e.date ?? null,
    paymentId: e.paymentId ?? null,
    sources: e.sources ?? [],
  };
}

/**
 * Payments are nodes in Neo4j (payer -PAID-> Payment -PAID_TO-> beneficiary).
 * GraphQL `neighborhood` already draws each one as a PAYMENT edge, at every
 * depth (collapsePayments, on by default), so its answers are merged as they
 * come. `paths` does not: a path through a payment goes through this before
 * it is drawn. collapsePayments turns any Payment node whose payer and
 * beneficiary are both known into one PAYMENT edge (id = the payment's id,
 * as the server names it), and drops the Payment node and its links.
 * Payments with an end still unknown stay nodes.
 */
export function collapsePayments(sub: Subgraph): Subgraph {
  const payments = new Map(sub.nodes.filter((n) => n.schema === "Payment").map((n) => [n.id, n]));
  if (payments.size === 0) return sub;
  const dropNodes = new Set<string>();
  const dropEdges = new Set<string>();
  const added: ApiEdge[] = [];
  for (const [pid, p] of payments) {
    const paid = sub.edges.filter((e) => e.type === "PAID" && e.target === pid);
    const paidTo = sub.edges.filter((e) => e.type === "PAID_TO" && e.source === pid);
    if (paid.length === 0 || paidTo.length === 0) continue;
    const props = p.properties ?? {};
    for (const a of paid)
      for (const b of paidTo)
        added.push({
          id: paid.length * paidTo.length > 1 ? `${pid}:${a.source}:${b.target}` : pid,
          type: "PAYMENT",
          source: a.source,
          target: b.target,
          paymentId: pid,
          amount: typeof props.amount === "number" ? props.amount : Number(props.amount) || null,
          currency: (props.currency as string) ?? null,
          date: (props.date as string) ?? null,
          sources: p.sources ?? a.sources ?? [],
        });
    dropNodes.add(pid);
    for (const e of sub.edges) if (e.source === pid || e.target === pid) dropEdges.add(e.id);
  }
  return {
    ...sub,
    nodes: sub.nodes.filter((n) => !dropNodes.has(n.id)),
    edges: sub.edges.filter((e) => !dropEdges.has(e.id)).concat(added),
  };
}

/**
 * Merge a subgraph into the model. Nodes already drawn keep their position
 * (and pins); new nodes start on a small circle around `around` (the node
 * expanded), or around the centre, so the layout only has to place them.
 * The subgraph is drawn as given: payments are collapsed by the server.
 * Returns the ids of the nodes that are new.
 */
export function mergeSubgraph(g: CaseGraph, sub: Subgraph, around?: string): string[] {
  const added: string[] = [];
  let cx = 0,
    cy = 0;
  if (around && g.hasNode(around)) {
    cx = g.getNodeAttribute(around, "x");
    cy = g.getNodeAttribute(around, "y");
  } else if (g.order > 0) {
    g.forEachNode((_, a) => {
      cx += a.x / g.order;
      cy += a.y / g.order;
    });
  }
  const fresh = sub.nodes.filter((n) => !g.hasNode(n.id));
  fresh.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, fresh.length) + 0.3;
    const r = g.order === 0 && i === 0 ? 0 : 30 + 4 * Math.sqrt(fresh.length);
    g.addNode(n.id, nodeAttrs(n, cx + r * Math.cos(angle), cy + r * Math.sin(angle)));
    added.push(n.id);
  });
  for (const n of sub.nodes) {
    if (!fresh.includes(n)) {
      // refresh what the server said, keep position, pins and flags
      const sameAs = sameAsIds(n);
      g.mergeNodeAttributes(n.id, {
        label: n.name || n.id,
        properties: { ...g.getNodeAttribute(n.id, "properties"), ...(n.properties ?? {}) },
        ...(n.sources ? { sources: n.sources } : {}),
        ...(n.aliases ? { aliases: n.aliases } : {}),
        ...(n.canonicalId ? { canonicalId: n.canonicalId } : {}),
        ...(sameAs ? { sameAs, image: entityIcon({ schema: n.schema, properties: { ...g.getNodeAttribute(n.id, "properties"), ...(n.properties ?? {}) } }, 1 + sameAs.length) } : {}),
      });
    }
  }
  for (const e of sub.edges) {
    if (!g.hasNode(e.source) || !g.hasNode(e.target)) continue;
    if (g.hasEdge(e.id)) g.mergeEdgeAttributes(e.id, { ...edgeAttrs(e), highlighted: g.getEdgeAttribute(e.id, "highlighted") });
    else g.addDirectedEdgeWithKey(e.id, e.source, e.target, edgeAttrs(e));
  }
  for (const d of sub.degrees ?? []) {
    if (g.hasNode(d.id)) g.mergeNodeAttributes(d.id, { degree: d.degree, hiddenLinks: d.hidden });
  }
  return added;
}

/** Money flows drawn as one MONEY_FLOW edge per payer, beneficiary and currency, sized by total. */
export function mergeFlows(g: CaseGraph, nodes: ApiEntity[], flows: Flow[], around?: string): string[] {
  const added = mergeSubgraph(g, { nodes, edges: [] }, around);
  for (const f of flows) {
    const id = `flow:${f.payer}:${f.beneficiary}:${f.currency ?? ""}`;
    if (!g.hasNode(f.payer) || !g.hasNode(f.beneficiary)) continue;
    const attrs: EdgeAttrs = {
      label: `${formatAmount(f.total, f.currency)} (${f.count} payment${f.count === 1 ? "" : "s"})`,
      type: "arrow",
      relType: "MONEY_FLOW",
      size: amountWidth(f.total) + 1,
      color: edgeColor("MONEY_FLOW"),
      amount: f.total,
      currency: f.currency ?? null,
      date: f.firstDate ?? null,
      endDate: f.lastDate ?? null,
      count: f.count,
      derived: true,
      paymentIds: f.paymentIds,
      highlighted: true,
    };
    if (g.hasEdge(id)) g.replaceEdgeAttributes(id, attrs);
    else g.addDirectedEdgeWithKey(id, f.payer, f.beneficiary, attrs);
  }
  return added;
}

/**
 * Where a link's facts come from. A stored link cites its own sources. A
 * money flow is derived: it summarises payments and cites theirs (those of
 * its payments drawn as PAYMENT edges; `missing` counts the others). When one
 * payment is drawn as several PAYMENT edges (several payers or beneficiaries),
 * the first (by id) stands for the payment and the others are derived from it,
 * so each payment's amount is counted once.
 */
export function edgeProvenance(
  g: CaseGraph,
  id: string,
): { derived: boolean; derivedFrom: string[]; sources: SourceDoc[]; missing: number } {
  const a = g.getEdgeAttributes(id);
  if (a.derived || a.relType === "MONEY_FLOW") {
    const ids = a.paymentIds ?? [];
    const wanted = new Set(ids);
    const found = new Set<string>();
    const sources = new Map<string, SourceDoc>();
    for (const s of a.sources ?? []) sources.set(s.id ?? s.title ?? "", s);
    g.forEachEdge((_e, b) => {
      if (b.relType !== "PAYMENT" || !b.paymentId || !wanted.has(b.paymentId)) return;
      found.add(b.paymentId);
      for (const s of b.sources ?? []) sources.set(s.id ?? s.title ?? "", s);
    });
    return { derived: true, derivedFrom: ids, sources: [...sources.values()], missing: ids.length - found.size };
  }
  if (a.relType === "PAYMENT" && a.paymentId) {
    const first = g
      .filterEdges((_e, b) => b.relType === "PAYMENT" && b.paymentId === a.paymentId)
      .sort()[0];
    if (first !== id) return { derived: true, derivedFrom: [a.paymentId], sources: a.sources ?? [], missing: 0 };
  }
  return { derived: false, derivedFrom: [], sources: a.sources ?? [], missing: 0 };
}

export function clearHighlight(g: CaseGraph) {
  g.forEachNode((n) => g.setNodeAttribute(n, "highlighted", false));
  g.forEachEdge((e) => g.setEdgeAttribute(e, "highlighted", false));
}

export function highlight(g: CaseGraph, nodeIds: string[], edgeIds: string[]) {
  clearHighlight(g);
  for (const n of nodeIds) if (g.hasNode(n)) g.setNodeAttribute(n, "highlighted", true);
  for (const e of edgeIds) if (g.hasEdge(e)) g.setEdgeAttribute(e, "highlighted", true);
}

/** Undo/redo over whole-graph snapshots; the graphs an investigator draws are small. */
export class History {
  private past: SerializedGraph<NodeAttrs, EdgeAttrs>[] = [];
  private future: SerializedGraph<NodeAttrs, EdgeAttrs>[] = [];
  constructor(private limit = 100) {}
  record(g: CaseGraph) {
    this.past.push(g.export());
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }
  undo(g: CaseGraph): boolean {
    const prev = this.past.pop();
    if (!prev) return false;
    this.future.push(g.export());
    g.clear();
    g.import(prev);
    return true;
  }
  redo(g: CaseGraph): boolean {
    const next = this.future.pop();
    if (!next) return false;
    this.past.push(g.export());
    g.clear();
    g.import(next);
    return true;
  }
  get canUndo() {
    return this.past.length > 0;
  }
  get canRedo() {
    return this.future.length > 0;
  }
}

/** Nodes and edges a person sees: not hidden by hand nor by the time window. */
export function isNodeVisible(g: CaseGraph, n: string): boolean {
  const a = g.getNodeAttributes(n);
  return !a.userHidden && !a.timeHidden;
}

export function isEdgeVisible(g: CaseGraph, e: string): boolean {
  return !g.getEdgeAttribute(e, "timeHidden") && isNodeVisible(g, g.source(e)) && isNodeVisible(g, g.target(e));
}

export function visibleNodes(g: CaseGraph): string[] {
  return g.filterNodes((n) => isNodeVisible(g, n));
}

export function visibleEdges(g: CaseGraph): string[] {
  return g.filterEdges((e) => isEdgeVisible(g, e));
}

/**
 * Links between the same two nodes (DIRECTORSHIP and EMPLOYMENT, a payment
 * and its money flow) are drawn as curves bent apart so their labels stay
 * readable; a lone link stays straight. Links drawn by their group's
 * representative (aggregate.ts) are left out: only what is drawn is bent.
 */
export function curveParallelEdges(g: CaseGraph) {
  const groups = new Map<string, string[]>();
  g.forEachEdge((e, a, s, t) => {
    if (a.aggregatedInto) return; // drawn by its group's representative (aggregate.ts)
    if (a.coveredByFlow) return; // not drawn: a money flow stands for it (flowCover.ts)
    const k = s < t ? `${s}\u0000${t}` : `${t}\u0000${s}`;
    const list = groups.get(k);
    if (list) list.push(e);
    else groups.set(k, [e]);
  });
  // written only when it changes: every write is an event the canvas handles
  const bend = (e: string, type: string, curvature: number) => {
    const a = g.getEdgeAttributes(e);
    if (a.type !== type || a.curvature !== curvature) g.mergeEdgeAttributes(e, { type, curvature });
  };
  for (const edges of groups.values()) {
    if (edges.length === 1) {
      bend(edges[0], "arrow", 0);
      continue;
    }
    edges.sort();
    // a group opened link by link (aggregate.ts) may be large: the fan stays within ±0.8
    const step = Math.min(0.4, 1.6 / edges.length);
    edges.forEach((e, i) => {
      const flip = g.source(e) > g.target(e) ? -1 : 1;
      const c = (i - (edges.length - 1) / 2 || 0.5 / edges.length) * step * flip;
      bend(e, "curvedArrow", c);
    });
  }
}
