// Saved views: what is on the canvas, as ids and positions, so a view can be
// stored on the server (POST /api/views) and reopened from /?view=<id>.
// Entity data is not saved: opening a view fetches the entities again through
// GraphQL (so the reader sees today's data, and only what they may see), then
// puts every node back where it was. Money flows are drawn by the explorer
// (not links in the database), so they are saved whole.
import type { CaseGraph } from "./graph";
import type { TimeWindow } from "./time";
import type { EdgeAttrs, ExpandFilters, Subgraph } from "./types";

export type { ExpandFilters };
export const VIEW_VERSION = 1;

export interface ViewNode {
  id: string;
  x: number;
  y: number;
  pinned?: boolean;
  hidden?: boolean;
  expanded?: boolean;
  highlighted?: boolean;
}

export interface ViewFlow {
  id: string;
  source: string;
  target: string;
  attrs: EdgeAttrs;
}

export interface ViewState {
  version: number;
  nodes: ViewNode[];
  /** Ids of the links drawn (server link ids; a PAYMENT edge's id is its payment's). */
  edges: string[];
  flows: ViewFlow[];
  /** Per node, the filters its last expansion used. */
  filters: Record<string, ExpandFilters>;
  window: TimeWindow;
  camera?: { x: number; y: number; ratio: number; angle: number };
  /** Whether records judged the same were drawn as one node ("Merge judged records"); absent in older views. */
  resolve?: boolean;
}

/** The canvas as a saved view's state. */
export function serializeView(g: CaseGraph, window: TimeWindow, camera?: ViewState["camera"], resolve?: boolean): ViewState {
  const nodes: ViewNode[] = [];
  const filters: Record<string, ExpandFilters> = {};
  g.forEachNode((id, a) => {
    const n: ViewNode = { id, x: a.x, y: a.y };
    if (a.pinned) n.pinned = true;
    if (a.userHidden) n.hidden = true;
    if (a.expanded) n.expanded = true;
    if (a.highlighted) n.highlighted = true;
    nodes.push(n);
    if (a.expandFilters) filters[id] = a.expandFilters;
  });
  const edges: string[] = [];
  const flows: ViewFlow[] = [];
  g.forEachEdge((id, a, source, target) => {
    if (a.relType === "MONEY_FLOW") {
      const { timeHidden: _t, hidden: _h, ...attrs } = a;
      flows.push({ id, source, target, attrs });
    } else edges.push(id);
  });
  const w: TimeWindow = {};
  if (window.since) w.since = window.since;
  if (window.until) w.until = window.until;
  const out: ViewState = { version: VIEW_VERSION, nodes, edges, flows, filters, window: w };
  if (camera) out.camera = { x: camera.x, y: camera.y, ratio: camera.ratio, angle: camera.angle };
  if (resolve !== undefined) out.resolve = resolve;
  return out;
}

/** Checks a state read back from the server; throws with a reason when it is not a view. */
export function parseView(raw: unknown): ViewState {
  const s = raw as Partial<ViewState> | null;
  if (!s || typeof s !== "object" || !Array.isArray(s.nodes)) throw new Error("This saved view has no nodes list.");
  if (typeof s.version === "number" && s.version > VIEW_VERSION)
    throw new Error(`This view was saved by a newer explorer (format ${s.version}); reload the page.`);
  const nodes = s.nodes.filter(
    (n): n is ViewNode => !!n && typeof n.id === "string" && Number.isFinite(n.x) && Number.isFinite(n.y),
  );
  return {
    version: s.version ?? VIEW_VERSION,
    nodes,
    edges: Array.isArray(s.edges) ? s.edges.filter((e) => typeof e === "string") : [],
    flows: Array.isArray(s.flows) ? s.flows.filter((f) => f && typeof f.id === "string") : [],
    filters: s.filters && typeof s.filters === "object" ? s.filters : {},
    window: s.window && typeof s.window === "object" ? s.window : {},
    camera: s.camera,
    ...(typeof s.resolve === "boolean" ? { resolve: s.resolve } : {}),
  };
}

/**
 * The part of fetched subgraphs a view shows: its nodes, and its links between
 * them (the server sends a payment as a PAYMENT edge named after it, as saved).
 * `missing` lists the view's nodes and links the server no longer returned.
 */
export function viewSubgraph(state: ViewState, sub: Subgraph): { sub: Subgraph; missingNodes: string[]; missingEdges: string[] } {
  const wantN = new Set(state.nodes.map((n) => n.id));
  const wantE = new Set(state.edges);
  const nodes = [];
  const seenN = new Set<string>();
  for (const n of sub.nodes)
    if (wantN.has(n.id) && !seenN.has(n.id)) {
      seenN.add(n.id);
      nodes.push(n);
    }
  const edges = [];
  const seenE = new Set<string>();
  for (const e of sub.edges)
    if (wantE.has(e.id) && !seenE.has(e.id) && seenN.has(e.source) && seenN.has(e.target)) {
      seenE.add(e.id);
      edges.push(e);
    }
  return {
    sub: { nodes, edges, degrees: (sub.degrees ?? []).filter((d) => seenN.has(d.id)) },
    missingNodes: [...wantN].filter((id) => !seenN.has(id)),
    missingEdges: [...wantE].filter((id) => !seenE.has(id)),
  };
}

/** Puts a view's positions, flags, filters and money flows onto a graph that already has its entities. */
export function applyView(g: CaseGraph, state: ViewState) {
  for (const n of state.nodes) {
    if (!g.hasNode(n.id)) continue;
    g.mergeNodeAttributes(n.id, {
      x: n.x,
      y: n.y,
      pinned: !!n.pinned,
      fixed: !!n.pinned,
      userHidden: !!n.hidden,
      expanded: !!n.expanded,
      highlighted: !!n.highlighted,
      expandFilters: state.filters[n.id],
    });
  }
  for (const f of state.flows) {
    if (!g.hasNode(f.source) || !g.hasNode(f.target)) continue;
    if (g.hasEdge(f.id)) g.replaceEdgeAttributes(f.id, f.attrs);
    else g.addDirectedEdgeWithKey(f.id, f.source, f.target, f.attrs);
  }
}

/** Splits ids into groups the neighborhood query accepts (at most 50 seeds). */
export function chunks<T>(xs: T[], size = 50): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** The explorer's address for a saved view. */
export function viewLink(id: string, origin: string): string {
  return `${origin}/?view=${encodeURIComponent(id)}`;
}
