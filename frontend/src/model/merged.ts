// Merged nodes: with "Merge judged records" on (GraphQL resolve: true), the
// records an analyst judged SAME come back as one entity under the cluster's
// canonical id, with sameAs naming the others. This file holds what the
// explorer does with that, apart from the server and React:
//   - regroup: the canvas fetched again after merging was turned on or off,
//     or after a judgement merged or split records, with every node kept
//     where it was (a split-off record starts where its cluster was drawn);
//   - clusterRecords / clusterJudgements: what the side panel lists for a
//     merged node.
import { pairKey } from "./review";
import type { ApiEntity, Match, Subgraph } from "./types";
import type { ViewNode, ViewState } from "./view";

/** The ids of the records an entity stands for: its own, then its sameAs. */
export function entityRecords(e: ApiEntity): string[] {
  return [e.id, ...(e.sameAs ?? []).map((r) => r.id)];
}

export interface Regrouped {
  /** The nodes and links to draw. */
  sub: Subgraph;
  /** The view to put on them: positions, flags, filters and money flows carried over. */
  view: ViewState;
  /** Nodes whose records changed (merged, split, or split off): their links are all drawn. */
  changed: string[];
  /** Nodes new to the canvas (split off): the layout places them. */
  fresh: string[];
}

/**
 * What the canvas becomes when the entities it drew are fetched again
 * (`fetched`: the neighbourhood of every record drawn) and records may have
 * merged or come apart. `drawn` maps each node of the view to the records it
 * drew. A fetched entity is kept when it stands for a record that was drawn;
 * it takes the place (position, pin, flags, filters) of the node that drew
 * its own id, else of the first node that drew one of its records. Links kept
 * are those the view had, plus every fetched link between kept nodes that
 * touches a node whose records changed. Money flows follow their ends.
 */
export function regroup(view: ViewState, drawn: Map<string, string[]>, fetched: Subgraph): Regrouped {
  const oldOf = new Map<string, string>(); // record → the node that drew it
  for (const n of view.nodes) for (const r of drawn.get(n.id) ?? [n.id]) if (!oldOf.has(r)) oldOf.set(r, n.id);
  const oldNode = new Map(view.nodes.map((n) => [n.id, n]));
  const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

  const nodes: ApiEntity[] = [];
  const newOf = new Map<string, string>(); // old node → the kept node that took its place first
  const recordNode = new Map<string, string>(); // record → the kept node drawing it
  const viewNodes: ViewNode[] = [];
  const changed: string[] = [];
  const fresh: string[] = [];
  const placed = new Map<string, number>(); // old node → how many kept nodes sit on its place
  // entities drawn under the same id as before take their places first
  const order = [...fetched.nodes.filter((e) => oldNode.has(e.id)), ...fetched.nodes.filter((e) => !oldNode.has(e.id))];
  for (const e of order) {
    if (nodes.some((n) => n.id === e.id)) continue;
    const recs = entityRecords(e);
    const from = oldNode.has(e.id) ? e.id : recs.map((r) => oldOf.get(r)).find((o) => o != null);
    if (from == null) continue;
    nodes.push(e);
    for (const r of recs) recordNode.set(r, e.id);
    if (!newOf.has(from)) newOf.set(from, e.id);
    const o = oldNode.get(from)!;
    const k = placed.get(from) ?? 0;
    placed.set(from, k + 1);
    const n: ViewNode = { ...o, id: e.id };
    if (k > 0) {
      // a record split off: next to where its cluster was drawn, for the layout to place
      const a = 0.9 + (2 * Math.PI * k) / 6;
      n.x = o.x + 25 * Math.cos(a);
      n.y = o.y + 25 * Math.sin(a);
      n.pinned = false;
      n.expanded = false;
    }
    viewNodes.push(n);
    if (e.id !== from || !sameSet(recs, drawn.get(from) ?? [from])) changed.push(e.id);
    if (!oldNode.has(e.id) && k > 0) fresh.push(e.id);
  }

  const kept = new Set(nodes.map((n) => n.id));
  const had = new Set(view.edges);
  const touched = new Set(changed);
  const edges = [];
  const seenE = new Set<string>();
  for (const e of fetched.edges) {
    if (seenE.has(e.id) || !kept.has(e.source) || !kept.has(e.target)) continue;
    if (!had.has(e.id) && !touched.has(e.source) && !touched.has(e.target)) continue;
    seenE.add(e.id);
    edges.push(e);
  }

  // where an old node (or a record it drew) is drawn now: the node that took its place, else the one drawing its records
  const follow = (old: string): string | null =>
    newOf.get(old) ?? recordNode.get(old) ?? (drawn.get(old) ?? []).map((r) => recordNode.get(r)).find((n) => n != null) ?? null;
  const flows = [];
  for (const f of view.flows) {
    const source = follow(f.source);
    const target = follow(f.target);
    if (source && target) flows.push({ ...f, source, target });
  }
  // an expansion's filters follow the node; a node's own come before those of records merged into it
  const filters: ViewState["filters"] = {};
  for (const [id, f] of Object.entries(view.filters)) {
    const to = follow(id);
    if (to && (!(to in filters) || to === id)) filters[to] = f;
  }
  return {
    sub: { nodes, edges, degrees: (fetched.degrees ?? []).filter((d) => kept.has(d.id)) },
    view: { ...view, nodes: viewNodes, edges: edges.map((e) => e.id), flows, filters },
    changed,
    fresh,
  };
}

/** A merged node's records: the entity asked for first, then the others of its cluster. */
export function clusterRecords(e: ApiEntity): ApiEntity[] {
  return [e, ...(e.sameAs ?? [])];
}

/**
 * The judgements made among a cluster's records (each pair once, newest
 * first): the SAME ones hold it together; others (UNSURE) are shown too.
 */
export function clusterJudgements(e: ApiEntity): Match[] {
  const records = clusterRecords(e);
  const inside = new Set(records.map((r) => r.id));
  const seen = new Set<string>();
  const out: Match[] = [];
  for (const r of records)
    for (const j of r.judgements ?? []) {
      if (!inside.has(j.left.id) || !inside.has(j.right.id)) continue;
      const k = pairKey(j.left.id, j.right.id);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(j);
    }
  return out.sort((a, b) => (b.judgedAt ?? "").localeCompare(a.judgedAt ?? ""));
}
