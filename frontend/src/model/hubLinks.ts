// Every link of a hub, past what one expansion brings. The server keeps an
// expansion to at most MAX_PER_NODE links per node (hub protection) and hands
// a node's links out a page at a time (Entity.links, LINK_PAGE each); the
// explorer reads the pages in turn, fetches the other ends of each page
// (payments with their payer and beneficiary, drawn as PAYMENT edges like
// every expansion), and draws them as they come, HUB_BATCH links per
// request of the person, with what is shown and what is left said.
import { collapsePayments } from "./graph";
import type { ApiEdge, ApiEntity, Subgraph } from "./types";

/** The server's caps, as its errors state them (query.go, args.go): links in one page… */
export const LINK_PAGE = 100;
/** …links per node in one neighbourhood… */
export const MAX_PER_NODE = 200;
/** …nodes in one neighbourhood, and the entities one may start from. */
export const MAX_NODES = 2000;
export const MAX_SEEDS = 50;
/** How many links one "Show all" (or "Load more") fetches before asking again. */
export const HUB_BATCH = 1000;

/** A hub's links being drawn page by page: the progress the side panel shows. */
export interface HubLinks {
  id: string;
  label: string;
  /** Links drawn of the node's total. */
  shown: number;
  total: number;
  /** Where the next page starts (null: the first). */
  after: string | null;
  /** Pages are left to fetch. */
  more: boolean;
  running: boolean;
  error: string | null;
}

/** One page of a node's links (Entity.links). */
export interface LinkPage {
  edges: ApiEdge[];
  total: number;
  hasNext: boolean;
  endCursor: string | null;
}

/** Link types whose other end, seen from a party or an account, is a Payment node. */
const TO_PAYMENT = new Set(["PAID", "PAID_TO", "FROM_ACCOUNT", "TO_ACCOUNT"]);

/** The other ends of a page of the hub's links: the payments (drawn as edges, once their ends are known) and the rest. */
export function pageEnds(hub: string, edges: ApiEdge[]): { payments: string[]; others: string[] } {
  const payments = new Set<string>();
  const others = new Set<string>();
  for (const e of edges) {
    const other = e.source === hub ? e.target : e.source;
    if (other === hub) continue;
    (TO_PAYMENT.has(e.type) ? payments : others).add(other);
  }
  return { payments: [...payments], others: [...others] };
}

/**
 * A page as the canvas draws it: its payments collapsed into PAYMENT edges
 * from payer to beneficiary (from the payments' neighbourhood, PAID and
 * PAID_TO), its other links as they are, with their other ends. A payment
 * whose payer or beneficiary is unknown stays a node, as in an expansion.
 */
export function pageSubgraph(hub: string, edges: ApiEdge[], paymentHood: Subgraph, others: ApiEntity[]): Subgraph {
  const { payments } = pageEnds(hub, edges);
  const wanted = new Set(payments);
  const hood = collapsePayments({
    nodes: paymentHood.nodes,
    edges: paymentHood.edges.filter((e) => wanted.has(e.source) || wanted.has(e.target)),
  });
  const otherIds = new Set(others.map((n) => n.id));
  const nodes = new Map<string, ApiEntity>();
  for (const n of [...hood.nodes, ...others]) nodes.set(n.id, n);
  const plain = edges.filter((e) => !TO_PAYMENT.has(e.type) && (e.source === hub || otherIds.has(e.source)) && (e.target === hub || otherIds.has(e.target)));
  return { nodes: [...nodes.values()], edges: [...hood.edges, ...plain] };
}

/** "Showing 400 of 1,433 links". */
export function hubProgress(h: Pick<HubLinks, "shown" | "total">): string {
  return `Showing ${h.shown.toLocaleString("en-US")} of ${h.total.toLocaleString("en-US")} links`;
}
