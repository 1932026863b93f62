// The explorer's store: the one object components talk to. It holds
//   - the data: the graph model and its history (GraphData, graphData.ts),
//     the single source of truth for what is drawn, tabled and exported;
//   - the view state (State, state.ts): selection, time window, tool results;
// and it is the only caller of the server (Server, server.ts) and of the
// canvas (CanvasPort, canvasPort.ts, attached by GraphCanvas). Actions fetch,
// then change the data and the view state, then ask the canvas to lay out.
import type { TimeWindow } from "../model/time";
import type { ApiEntity, ChargeRecord, IngestJobInfo, RunStatus, SearchHit, Subgraph } from "../model/types";
import { chunks, parseView, serializeView, viewLink, viewSubgraph, type ViewState } from "../model/view";
import { HOME_CAMERA, type Camera, type CanvasPort } from "./canvasPort";
import { GraphData } from "./graphData";
import type { Server } from "./server";
import { initialState, type Selection, type State } from "./state";

export interface ExpandOptions {
  relationships?: string[];
  schemata?: string[];
  perNode?: number;
}

export class Store {
  readonly data = new GraphData();
  state: State = initialState();
  private listeners = new Set<() => void>();
  private canvas: CanvasPort | null = null;
  /** A saved view's camera that arrived before any canvas did. */
  private pendingCamera: Camera | null = null;

  constructor(
    private server: Server,
    private origin: () => string = () => window.location.origin,
  ) {
    server.onUnauthorized(() => this.set({ needToken: true }));
  }

  /** The graph model (graphology). */
  get graph() {
    return this.data.graph;
  }

  // --- subscription (useStore) ------------------------------------------------------

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getState = () => this.state;

  /** A new view state; readers re-render. */
  private set(patch: Partial<State>) {
    this.state = {
      ...this.state,
      ...patch,
      version: this.state.version + 1,
      canUndo: this.data.canUndo,
      canRedo: this.data.canRedo,
    };
    this.listeners.forEach((l) => l());
  }

  /** After every change to the graph: the derived rendering again, then readers. */
  private changed(patch: Partial<State> = {}) {
    this.data.derive(patch.window ?? this.state.window);
    this.set(patch);
  }

  /** Runs a server call with "busy" shown; a failure lands in state.error. */
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

  // --- the canvas port ------------------------------------------------------------------

  /** GraphCanvas attaches its port on mount; call the returned function on unmount. */
  attachCanvas(port: CanvasPort): () => void {
    this.canvas = port;
    if (this.pendingCamera) {
      port.setCamera(this.pendingCamera);
      this.pendingCamera = null;
    }
    return () => {
      if (this.canvas === port) this.canvas = null;
    };
  }

  private layout(fresh: string[]) {
    this.canvas?.layout(fresh);
  }

  private setCamera(c: Camera) {
    if (this.canvas) this.canvas.setCamera(c);
    else this.pendingCamera = c;
  }

  relayout() {
    this.layout(this.graph.nodes());
  }

  fit() {
    this.canvas?.fit();
  }

  /** The canvas as a PNG, or undefined with no canvas. */
  canvasImage(): Promise<Blob> | undefined {
    return this.canvas?.image();
  }

  /** Resolves after the canvas next draws: ask before a change to time its drawing (benchHooks.ts). */
  canvasRendered(): Promise<void> {
    return this.canvas?.nextRender() ?? Promise.reject(new Error("the canvas is not up yet"));
  }

  /** The canvas moved nodes (a layout ended): readers re-render. */
  positionsChanged() {
    this.set({});
  }

  /** A node dragged to (x, y), pinned there. The canvas redraws from the model; finishMove tells the rest. */
  moveNode(id: string, x: number, y: number) {
    this.data.moveNode(id, x, y);
  }

  finishMove() {
    this.changed();
  }

  // --- view state only --------------------------------------------------------------------

  select(sel: Selection) {
    this.set({ selection: sel });
  }

  setWindow(w: TimeWindow) {
    this.changed({ window: w });
  }

  signIn(token: string) {
    this.server.setToken(token);
    this.set({ needToken: false, error: null });
  }

  cancelSignIn() {
    this.set({ needToken: false });
  }

  // --- changes to the data ------------------------------------------------------------------

  addEntity(e: ApiEntity) {
    const added = this.data.addEntity(e);
    this.changed({ selection: { kind: "node", id: e.id } });
    this.layout(added);
  }

  hide(id: string) {
    this.data.hide(id);
    this.changed({ selection: null });
  }

  showAll() {
    this.data.showAll();
    this.changed();
  }

  remove(id: string) {
    this.data.remove(id);
    this.changed({ selection: null });
  }

  togglePin(id: string) {
    this.data.togglePin(id);
    this.changed();
  }

  clear() {
    this.data.clear();
    this.changed({ selection: null, paths: null, flow: null, activePath: null });
  }

  undo() {
    if (this.data.undo()) this.changed({ selection: null });
  }

  redo() {
    if (this.data.redo()) this.changed({ selection: null });
  }

  clearHighlight() {
    this.data.clearHighlight();
    this.changed({ activePath: null });
  }

  /** Benchmarks only (benchHooks.ts): a subgraph on the canvas with no server and no layout. */
  loadSubgraph(sub: Subgraph): string[] {
    const added = this.data.load(sub);
    this.changed({ selection: null });
    return added;
  }

  // --- server calls that change the data ------------------------------------------------------

  /**
   * GraphQL `neighborhood`: the server draws each payment as one PAYMENT edge
   * from payer to beneficiary (collapsePayments, on by default), following a
   * payment at the rim one step to its other end, so nothing is fetched again here.
   */
  private neighborhood(ids: string[], opts: ExpandOptions & { limit?: number } = {}): Promise<Subgraph> {
    return this.server.neighborhood({
      ids,
      depth: 1,
      relationships: opts.relationships?.length ? opts.relationships : null,
      schemata: opts.schemata?.length ? opts.schemata : null,
      perNode: opts.perNode ?? 50,
      limit: opts.limit ?? 500,
    });
  }

  async expand(id: string, opts: ExpandOptions = {}) {
    await this.run(`Expanding ${this.data.label(id)}`, async () => {
      const sub = await this.neighborhood([id], opts);
      const added = this.data.expand(id, sub, opts);
      this.changed({ truncated: !!sub.truncated });
      this.layout(added);
    });
  }

  async findPaths(from: string, to: string, maxHops = 4) {
    await this.run("Finding paths", async () => {
      const paths = await this.server.paths({ from, to, maxHops, limit: 5 });
      this.set({ paths, activePath: null });
      if (paths.length) this.showPath(0, paths);
    });
  }

  showPath(i: number, paths = this.state.paths) {
    const p = paths?.[i];
    if (!p) return;
    const added = this.data.showPath(p);
    this.changed({ activePath: i });
    this.layout(added);
  }

  async moneyFlow(from: string, direction: "OUT" | "IN" = "OUT", maxHops = 4, timeOrdered = true) {
    await this.run("Following the money", async () => {
      const moneyFlow = await this.server.moneyFlow({ from, direction, maxHops, timeOrdered });
      const added = this.data.addFlows(moneyFlow.nodes, moneyFlow.flows, from);
      this.changed({ flow: { ...moneyFlow, from, direction } });
      this.layout(added);
    });
  }

  // --- server calls whose answers the caller keeps (panels, pickers, the ingest page) ---------

  search(query: string, first = 15): Promise<SearchHit[]> {
    return this.server.search(query, first);
  }

  entity(id: string): Promise<ApiEntity | null> {
    return this.server.entity(id);
  }

  charges(defendant: string): Promise<ChargeRecord[]> {
    return this.server.charges(defendant);
  }

  /** The ingest jobs that wrote an entity (the first 20 ids). */
  jobs(ids: string[]): Promise<IngestJobInfo[]> {
    const some = ids.slice(0, 20);
    return some.length ? this.server.jobs(some) : Promise.resolve([]);
  }

  ingest(form: FormData) {
    return this.server.ingest(form);
  }

  ingestRun(id: string): Promise<RunStatus> {
    return this.server.ingestRun(id);
  }

  download(url: string): Promise<Blob> {
    return this.server.blob(url);
  }

  graphiql(params: unknown): Promise<unknown> {
    return this.server.graphiql(params);
  }

  // --- saved views ----------------------------------------------------------------------------

  /** The canvas as a saved view's state (ids, positions, flags, filters, time window, camera). */
  viewState(): ViewState {
    return serializeView(this.graph, this.state.window, this.canvas?.camera());
  }

  /** POST /api/views (private unless shared); the link to it lands in state.currentView. */
  async saveView(name: string, shared = false) {
    return this.run("Saving the view", async () => {
      const saved = await this.server.saveView(name, this.viewState(), shared);
      const link = new URL(saved.url || `/?view=${encodeURIComponent(saved.id)}`, this.origin()).toString();
      this.set({ currentView: { id: saved.id, name: saved.name, link } });
      void this.loadViews();
      return saved;
    });
  }

  async loadViews() {
    await this.run("Listing saved views", async () => {
      this.set({ views: await this.server.listViews() });
    });
  }

  /** PATCH /api/views/<id>: shares one's own view with every token, or makes it private again. */
  async shareView(id: string, shared: boolean) {
    await this.run(shared ? "Sharing the view" : "Making the view private", async () => {
      const changed = await this.server.shareView(id, shared);
      this.set({ views: (this.state.views ?? []).map((v) => (v.id === id ? { ...v, shared: changed.shared } : v)) });
    });
  }

  /** DELETE /api/views/<id>; a link to it no longer opens anything. */
  async deleteView(id: string) {
    await this.run("Deleting the view", async () => {
      await this.server.deleteView(id);
      this.set({
        views: (this.state.views ?? []).filter((v) => v.id !== id),
        currentView: this.state.currentView?.id === id ? null : this.state.currentView,
      });
    });
  }

  /** GET /api/views/<id>, then the entities by id through GraphQL, then the saved positions and camera. */
  async openView(id: string) {
    await this.run("Opening the saved view", async () => {
      const saved = await this.server.getView(id);
      const missing = await this.restore(parseView(saved.state));
      this.set({ currentView: { id: saved.id, name: saved.name, link: viewLink(saved.id, this.origin()) } });
      if (missing) throw new Error(`Opened “${saved.name}”, but ${missing} no longer found on the server.`);
    });
  }

  /** Replaces the canvas with a view's nodes and links; returns what could not be found, in words, or "". */
  private async restore(view: ViewState): Promise<string> {
    const fetched: Subgraph = { nodes: [], edges: [] };
    for (const part of chunks(view.nodes.map((n) => n.id), 50)) {
      const sub = await this.neighborhood(part, { perNode: 200, limit: 2000 });
      fetched.nodes.push(...sub.nodes);
      fetched.edges.push(...sub.edges);
    }
    let { sub, missingNodes, missingEdges } = viewSubgraph(view, fetched);
    // seeds the neighbourhood did not return (e.g. left out by a limit): one by one
    const extra: ApiEntity[] = [];
    for (const id of missingNodes) {
      const entity = await this.server.entity(id);
      if (entity) extra.push(entity);
    }
    if (extra.length) ({ sub, missingNodes, missingEdges } = viewSubgraph(view, { nodes: fetched.nodes.concat(extra), edges: fetched.edges }));
    this.data.replace(sub, view);
    this.changed({ window: view.window ?? {}, selection: null, paths: null, flow: null, activePath: null, truncated: false });
    this.setCamera(view.camera ?? HOME_CAMERA);
    const parts = [];
    if (missingNodes.length) parts.push(`${missingNodes.length} entit${missingNodes.length === 1 ? "y was" : "ies were"}`);
    if (missingEdges.length) parts.push(`${missingEdges.length} link${missingEdges.length === 1 ? " was" : "s were"}`);
    return parts.join(" and ");
  }

  // --- reads --------------------------------------------------------------------------------------

  label(id: string): string {
    return this.data.label(id);
  }
  visibleNodes() {
    return this.data.visibleNodes();
  }
  visibleEdges() {
    return this.data.visibleEdges();
  }
  isVisible(id: string) {
    return this.data.isVisible(id);
  }
}
