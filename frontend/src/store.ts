// The one store: the graph model plus what the person is doing with it.
// Components read it through useStore(); the graph itself (graphology) is
// the single source of truth for what is drawn, tabled and exported.
import { useSyncExternalStore } from "react";
import { gql, Q, setUnauthorizedHandler } from "./api";
import {
  clearHighlight,
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

  /** Fetch a subgraph; Payment nodes at its rim get their payer and beneficiary so they draw as PAYMENT edges. */
  async fetchNeighborhood(ids: string[], opts: ExpandOptions = {}): Promise<Subgraph> {
    const vars = { ids, depth: 1, relationships: opts.relationships?.length ? opts.relationships : null,
      schemata: opts.schemata?.length ? opts.schemata : null, perNode: opts.perNode ?? 50 };
    const { neighborhood: sub } = await gql<{ neighborhood: Subgraph }>(Q.neighborhood, vars);
    const payments = sub.nodes.filter((n) => n.schema === "Payment").map((n) => n.id);
    if (payments.length) {
      const { neighborhood: more } = await gql<{ neighborhood: Subgraph }>(Q.neighborhood, {
        ids: payments, depth: 1, relationships: ["PAID", "PAID_TO"], perNode: 50 });
      const seen = new Set(sub.nodes.map((n) => n.id));
      const seenE = new Set(sub.edges.map((e) => e.id));
      return {
        nodes: sub.nodes.concat(more.nodes.filter((n) => !seen.has(n.id))),
        edges: sub.edges.concat(more.edges.filter((e) => !seenE.has(e.id))),
        degrees: sub.degrees,
        truncated: sub.truncated || more.truncated,
      };
    }
    return sub;
  }

  async expand(id: string, opts: ExpandOptions = {}) {
    await this.run(`Expanding ${this.graph.hasNode(id) ? this.graph.getNodeAttribute(id, "label") : id}`, async () => {
      const sub = await this.fetchNeighborhood([id], opts);
      this.history.record(this.graph);
      const added = mergeSubgraph(this.graph, sub, id);
      if (this.graph.hasNode(id)) this.graph.setNodeAttribute(id, "expanded", true);
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
    const added = mergeSubgraph(this.graph, { nodes: p.nodes, edges: p.edges }, p.nodes[0]?.id);
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
