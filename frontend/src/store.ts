// The one store: the graph model plus what the person is doing with it.
// Components read it through useStore(); the graph itself (graphology) is
// the single source of truth for what is drawn, tabled and exported.
import { useSyncExternalStore } from "react";
import { deleteView, getView, gql, listViews, Q, saveView, setUnauthorizedHandler, shareView, type SavedViewInfo } from "./api";
import {
  clearHighlight,
  collapsePayments,
  curveParallelEdges,
  highlight,
  History,
  isNodeVisible,
  mergeFlows,
  mergeSubgraph,
  newGraph,
  visibleEdges,
  visibleNodes,
  type CaseGraph,
} from "./model/graph";
import { applyTimeWindow, type TimeWindow } from "./model/time";
import { applyView, chunks, parseView, serializeView, viewLink, viewSubgraph, type ViewState } from "./model/view";
import type { ApiEntity, MoneyFlow, PathResult, Subgraph } from "./model/types";

export type Selection = { kind: "node" | "edge"; id: string } | null;

export interface ExpandOptions {
  relationships?: string[];
  schemata?: string[];
  perNode?: number;
}

export interface State {
  version: number;
  selection: Selection;
  window: TimeWindow;
  busy: string | null;
  error: string | null;
  needToken: boolean;
  paths: PathResult[] | null;
  activePath: number | null;
  flow: (MoneyFlow & { from: string; direction: string }) | null;
  canUndo: boolean;
  canRedo: boolean;
  truncated: boolean;
  /** The saved views the server listed (GET /api/views), newest first. */
  views: SavedViewInfo[] | null;
  /** The view just saved or opened, with its link. */
  currentView: { id: string; name: string; link: string } | null;
}

type Camera = { x: number; y: number; ratio: number; angle: number };
interface CameraLike {
  getState(): Camera;
  setState(s: Partial<Camera>): void;
}

type Layouter = (newNodes: string[]) => void;

export class Store {
  readonly graph: CaseGraph = newGraph();
  private history = new History();
  private listeners = new Set<() => void>();
  private layouter: Layouter = () => {};
  state: State = {
    version: 0,
    selection: null,
    window: {},
    busy: null,
    error: null,
    needToken: false,
    paths: null,
    activePath: null,
    flow: null,
    canUndo: false,
    canRedo: false,
    truncated: false,
    views: null,
    currentView: null,
  };

  constructor() {
    setUnauthorizedHandler(() => this.set({ needToken: true }));
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getState = () => this.state;

  set(patch: Partial<State>) {
    this.state = {
      ...this.state,
      ...patch,
      version: this.state.version + 1,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
    };
    this.listeners.forEach((l) => l());
  }

  /** Called after every change to the graph: re-applies the time window and tells readers. */
  changed(patch: Partial<State> = {}) {
    applyTimeWindow(this.graph, this.state.window);
    curveParallelEdges(this.graph);
    this.set(patch);
  }

  setLayouter(fn: Layouter) {
    this.layouter = fn;
  }

  private async run<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    this.set({ busy: what, error: null });
    try {
      const out = await fn();
      this.set({ busy: null });
      return out;
    } catch (e) {
      this.set({ busy: null, error: e instanceof Error ? e.message : String(e) });
      return undefined;
    }
  }

  addEntity(e: ApiEntity) {
    this.history.record(this.graph);
    const added = mergeSubgraph(this.graph, { nodes: [e], edges: [] });
    this.changed({ selection: { kind: "node", id: e.id } });
    this.layouter(added);
  }

  /**
   * GraphQL `neighborhood`: the server draws each payment as one PAYMENT edge
   * from payer to beneficiary (collapsePayments, on by default), following a
   * payment at the rim one step to its other end, so nothing is fetched again here.
   */
  async fetchNeighborhood(ids: string[], opts: ExpandOptions & { limit?: number } = {}): Promise<Subgraph> {
    const vars = { ids, depth: 1, relationships: opts.relationships?.length ? opts.relationships : null,
      schemata: opts.schemata?.length ? opts.schemata : null, perNode: opts.perNode ?? 50, limit: opts.limit ?? 500 };
    const { neighborhood } = await gql<{ neighborhood: Subgraph }>(Q.neighborhood, vars);
    return neighborhood;
  }

  async expand(id: string, opts: ExpandOptions = {}) {
    await this.run(`Expanding ${this.graph.hasNode(id) ? this.graph.getNodeAttribute(id, "label") : id}`, async () => {
      const sub = await this.fetchNeighborhood([id], opts);
      this.history.record(this.graph);
      const added = mergeSubgraph(this.graph, sub, id);
      if (this.graph.hasNode(id)) {
        this.graph.setNodeAttribute(id, "expanded", true);
        const filtered = !!(opts.relationships?.length || opts.schemata?.length || opts.perNode);
        this.graph.setNodeAttribute(id, "expandFilters", filtered ? { ...opts } : undefined);
      }
      this.changed({ truncated: !!sub.truncated });
      this.layouter(added);
    });
  }

  select(sel: Selection) {
    this.set({ selection: sel });
  }

  hide(id: string) {
    this.history.record(this.graph);
    this.graph.setNodeAttribute(id, "userHidden", true);
    this.changed({ selection: null });
  }

  showAll() {
    this.history.record(this.graph);
    this.graph.forEachNode((n) => this.graph.setNodeAttribute(n, "userHidden", false));
    this.changed();
  }

  remove(id: string) {
    this.history.record(this.graph);
    this.graph.dropNode(id);
    this.changed({ selection: null });
  }

  togglePin(id: string) {
    this.history.record(this.graph);
    const pinned = !this.graph.getNodeAttribute(id, "pinned");
    this.graph.mergeNodeAttributes(id, { pinned, fixed: pinned });
    this.changed();
  }

  clear() {
    this.history.record(this.graph);
    this.graph.clear();
    this.changed({ selection: null, paths: null, flow: null, activePath: null });
  }

  undo() {
    if (this.history.undo(this.graph)) this.changed({ selection: null });
  }

  redo() {
    if (this.history.redo(this.graph)) this.changed({ selection: null });
  }

  relayout() {
    this.layouter(this.graph.nodes());
  }

  setWindow(w: TimeWindow) {
    this.state.window = w;
    this.changed({ window: w });
  }

  async findPaths(from: string, to: string, maxHops = 4) {
    await this.run("Finding paths", async () => {
      const { paths } = await gql<{ paths: PathResult[] }>(Q.paths, { from, to, maxHops, limit: 5 });
      this.set({ paths, activePath: null });
      if (paths.length) this.showPath(0, paths);
    });
  }

  showPath(i: number, paths = this.state.paths) {
    const p = paths?.[i];
    if (!p) return;
    this.history.record(this.graph);
    // GraphQL `paths` returns payments as nodes (only `neighborhood` collapses them)
    const added = mergeSubgraph(this.graph, collapsePayments({ nodes: p.nodes, edges: p.edges }), p.nodes[0]?.id);
    highlight(this.graph, p.nodes.map((n) => n.id), p.edges.map((e) => e.id));
    this.changed({ activePath: i });
    this.layouter(added);
  }

  async moneyFlow(from: string, direction: "OUT" | "IN" = "OUT", maxHops = 4, timeOrdered = true) {
    await this.run("Following the money", async () => {
      const { moneyFlow } = await gql<{ moneyFlow: MoneyFlow }>(Q.moneyFlow, { from, direction, maxHops, timeOrdered });
      this.history.record(this.graph);
      clearHighlight(this.graph);
      const added = mergeFlows(this.graph, moneyFlow.nodes, moneyFlow.flows, from);
      this.changed({ flow: { ...moneyFlow, from, direction } });
      this.layouter(added);
    });
  }

  clearHighlight() {
    clearHighlight(this.graph);
    this.changed({ activePath: null });
  }

  private camera(): CameraLike | undefined {
    const s = typeof window !== "undefined" ? (window.__casegraph?.sigma as { getCamera(): CameraLike } | undefined) : undefined;
    return s?.getCamera();
  }

  /** The canvas as a saved view's state (ids, positions, flags, filters, time window, camera). */
  viewState(): ViewState {
    return serializeView(this.graph, this.state.window, this.camera()?.getState());
  }

  /** POST /api/views (private unless shared); the link to it lands in state.currentView. */
  async saveView(name: string, shared = false) {
    return this.run("Saving the view", async () => {
      const saved = await saveView(name, this.viewState(), shared);
      const link = new URL(saved.url || `/?view=${encodeURIComponent(saved.id)}`, window.location.origin).toString();
      this.set({ currentView: { id: saved.id, name: saved.name, link } });
      void this.loadViews();
      return saved;
    });
  }

  async loadViews() {
    await this.run("Listing saved views", async () => {
      this.set({ views: await listViews() });
    });
  }

  /** PATCH /api/views/<id>: shares one's own view with every token, or makes it private again. */
  async shareView(id: string, shared: boolean) {
    await this.run(shared ? "Sharing the view" : "Making the view private", async () => {
      const changed = await shareView(id, shared);
      this.set({ views: (this.state.views ?? []).map((v) => (v.id === id ? { ...v, shared: changed.shared } : v)) });
    });
  }

  /** DELETE /api/views/<id>; a link to it no longer opens anything. */
  async deleteView(id: string) {
    await this.run("Deleting the view", async () => {
      await deleteView(id);
      this.set({
        views: (this.state.views ?? []).filter((v) => v.id !== id),
        currentView: this.state.currentView?.id === id ? null : this.state.currentView,
      });
    });
  }

  /** GET /api/views/<id>, then the entities by id through GraphQL, then the saved positions. */
  async openView(id: string) {
    await this.run("Opening the saved view", async () => {
      const saved = await getView(id);
      const view = parseView(saved.state);
      const missing = await this.restore(view);
      this.set({ currentView: { id: saved.id, name: saved.name, link: viewLink(saved.id, window.location.origin) } });
      if (missing) throw new Error(`Opened “${saved.name}”, but ${missing} no longer found on the server.`);
    });
  }

  /** Replaces the canvas with a view's nodes and links; returns what could not be found, in words, or "". */
  async restore(view: ViewState): Promise<string> {
    const ids = view.nodes.map((n) => n.id);
    const fetched: Subgraph = { nodes: [], edges: [] };
    for (const part of chunks(ids, 50)) {
      const sub = await this.fetchNeighborhood(part, { perNode: 200, limit: 2000 });
      fetched.nodes.push(...sub.nodes);
      fetched.edges.push(...sub.edges);
    }
    let { sub, missingNodes, missingEdges } = viewSubgraph(view, fetched);
    // seeds the neighbourhood did not return (e.g. left out by a limit): one by one
    const extra: ApiEntity[] = [];
    for (const id of missingNodes) {
      const { entity } = await gql<{ entity: ApiEntity | null }>(Q.entity, { id });
      if (entity) extra.push(entity);
    }
    if (extra.length) ({ sub, missingNodes, missingEdges } = viewSubgraph(view, { nodes: fetched.nodes.concat(extra), edges: fetched.edges }));
    this.history.record(this.graph);
    this.graph.clear();
    mergeSubgraph(this.graph, sub);
    applyView(this.graph, view);
    this.state.window = view.window ?? {};
    this.changed({ window: this.state.window, selection: null, paths: null, flow: null, activePath: null, truncated: false });
    const cam = this.camera();
    if (cam) cam.setState(view.camera ?? { x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    const parts = [];
    if (missingNodes.length) parts.push(`${missingNodes.length} entit${missingNodes.length === 1 ? "y was" : "ies were"}`);
    if (missingEdges.length) parts.push(`${missingEdges.length} link${missingEdges.length === 1 ? " was" : "s were"}`);
    return parts.join(" and ");
  }

  /**
   * Benchmarks and tests only (see bench/ui-bench.mjs): put a subgraph on the
   * canvas with no server, as an expansion would, without starting the layout.
   */
  loadSubgraph(sub: Subgraph): string[] {
    this.graph.clear();
    const added = mergeSubgraph(this.graph, sub);
    this.changed({ selection: null });
    return added;
  }

  label(id: string): string {
    return this.graph.hasNode(id) ? this.graph.getNodeAttribute(id, "label") : id;
  }

  visibleNodes() {
    return visibleNodes(this.graph);
  }
  visibleEdges() {
    return visibleEdges(this.graph);
  }
  isVisible(id: string) {
    return this.graph.hasNode(id) && isNodeVisible(this.graph, id);
  }
}

export const store = new Store();

declare global {
  interface Window {
    __casegraph: {
      graph: CaseGraph;
      store: Store;
      visibleNodes: () => string[];
      visibleEdges: () => string[];
      sigma?: unknown;
      /** benchmark hooks, in VITE_CASEGRAPH_TEST_HOOKS builds only (src/benchHooks.ts) */
      bench?: unknown;
    };
  }
}

if (typeof window !== "undefined") {
  window.__casegraph = {
    graph: store.graph,
    store,
    visibleNodes: () => store.visibleNodes(),
    visibleEdges: () => store.visibleEdges(),
  };
}

export function useStore(): State {
  return useSyncExternalStore(store.subscribe, store.getState);
}
