// The explorer's store: the one object components talk to. It holds
//   - the data: the graph model and its history (GraphData, graphData.ts),
//     the single source of truth for what is drawn, tabled and exported;
//   - the view state (State, state.ts): selection, time window, tool results;
// and it is the only caller of the server (Server, server.ts) and of the
// canvas (CanvasPort, canvasPort.ts, attached by GraphCanvas). Actions fetch,
// then change the data and the view state, then ask the canvas to lay out.
// Every question asks with the view state's resolve ("Merge judged records").
import { regroup } from "../model/merged";
import * as review from "../model/review";
import type { TimeWindow } from "../model/time";
import type { ApiEntity, ChargeRecord, IngestJobInfo, Judgement, Match, RunStatus, SearchHit, Subgraph } from "../model/types";
import { chunks, parseView, serializeView, viewLink, viewSubgraph, type ViewState } from "../model/view";
import { HUB_BATCH, LINK_PAGE, MAX_NODES, MAX_SEEDS, pageEnds, pageSubgraph, type HubLinks } from "../model/hubLinks";
import type { AnalysisJobInfo, StartInfo } from "../model/start";
import { jobAlgorithms, type NodeStyle } from "../model/style";
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
  /** The review queue recorded a verdict that merges or splits records: the canvas is fetched again on leaving it. */
  private clustersChanged = false;

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

  /** Entities drawn whose job scores the style reads and were never asked for. */
  private jobScoresMissing(): boolean {
    if (this.jobFetching) return false;
    return jobAlgorithms(this.state.style).some((a) => {
      const asked = this.data.jobScores.get(a)?.asked;
      return this.visibleNodes().some((n) => !asked?.has(n));
    });
  }

  /** Milliseconds the view-level metrics wait after the drawn graph changes (one recomputation for a burst of changes). */
  metricsDelayMs = 250;
  private metricsTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * After every change to the graph: the derived rendering again, then
   * readers. View-level metrics made stale by the change are recomputed
   * once the canvas has been still for metricsDelayMs; `metricsNow`
   * recomputes them at once (a style chosen, the scores asked for).
   */
  private changed(patch: Partial<State> = {}, metricsNow = false) {
    const next = { ...this.state, ...patch };
    this.data.derive(next.window, next, metricsNow);
    this.set(patch);
    if (this.metricsTimer) clearTimeout(this.metricsTimer);
    this.metricsTimer = null;
    const due = this.data.metricsDue,
      missing = this.jobScoresMissing();
    if (due || missing)
      this.metricsTimer = setTimeout(() => {
        this.metricsTimer = null;
        if (missing) void this.fetchJobScores();
        if (due) this.changed({}, true);
      }, this.metricsDelayMs);
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

  /** Parallel links drawn as one labelled edge per group, or each apart (model/aggregate.ts). */
  setGroupLinks(on: boolean) {
    this.changed({ groupLinks: on, openGroups: [] });
  }

  /** A group of parallel links drawn link by link ("Show the N payments"), or as one edge again. */
  openGroup(key: string, open = true) {
    const rest = this.state.openGroups.filter((k) => k !== key);
    this.changed({ openGroups: open ? [...rest, key] : rest });
  }

  /** What node size and colour mean (model/style.ts). */
  setStyle(style: Partial<NodeStyle>) {
    this.changed({ style: { ...this.state.style, ...style } }, true);
    void this.fetchJobScores();
  }

  /** A question for job scores is on its way: no second one for the same entities. */
  private jobFetching = false;

  /**
   * The style reads scores of graph-level jobs: those of the entities drawn
   * that were never asked for are fetched (GraphQL metrics, 1,000 ids a
   * question), then the style is applied again. A server that refuses says
   * so in the status line; with no finished job the entities are drawn as 0
   * and the legend says there is no job.
   */
  private async fetchJobScores() {
    if (this.jobFetching) return;
    this.jobFetching = true;
    try {
      await this.fetchJobScoresNow();
    } finally {
      this.jobFetching = false;
    }
    if (this.jobScoresMissing()) this.changed();
  }

  private async fetchJobScoresNow() {
    for (const algorithm of jobAlgorithms(this.state.style)) {
      let known = this.data.jobScores.get(algorithm);
      const ids = this.visibleNodes().filter((n) => !known?.asked.has(n));
      if (!ids.length) continue;
      try {
        for (let i = 0; i < ids.length; i += 1000) {
          const part = ids.slice(i, i + 1000);
          const got = await this.server.jobScores(part, algorithm);
          known = this.data.jobScores.get(algorithm);
          if (!known || (got.job && known.job !== got.job)) known = { ...got, values: {}, asked: new Set() };
          Object.assign(known.values, got.values);
          part.forEach((n) => known!.asked.add(n));
          this.data.jobScores.set(algorithm, known);
        }
        this.changed();
      } catch (e) {
        const asked = new Set(known?.asked ?? []);
        ids.forEach((n) => asked.add(n));
        this.data.jobScores.set(algorithm, { algorithm, job: known?.job ?? null, computedAt: known?.computedAt ?? null, values: known?.values ?? {}, asked });
        this.changed({ error: `${algorithm} scores of the latest job: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
  }

  /** The view-level scores of the drawn graph (model/metrics.ts), for the side panel: computed now and kept up to date. */
  computeViewMetrics() {
    this.data.metricsWanted = true;
    this.changed({}, true);
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
    const added = this.data.addEntity(this.drawn({ nodes: [e], edges: [] }).nodes[0]);
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
    this.hubSeq++;
    this.changed({ selection: null, paths: null, flow: null, activePath: null, hubLinks: null });
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
  private async neighborhood(ids: string[], opts: ExpandOptions & { limit?: number } = {}): Promise<Subgraph> {
    return this.drawn(
      await this.server.neighborhood({
        ids,
        depth: 1,
        relationships: opts.relationships?.length ? opts.relationships : null,
        schemata: opts.schemata?.length ? opts.schemata : null,
        perNode: opts.perNode ?? 50,
        limit: opts.limit ?? 500,
        resolve: this.state.resolve,
      }),
    );
  }

  /**
   * Entities as the canvas draws them: with merging on, a node draws its
   * record and its sameAs; with merging off, every node draws one record,
   * whatever cluster the server says it belongs to.
   */
  private drawn<T extends { nodes: ApiEntity[] }>(answer: T): T {
    if (this.state.resolve) return answer;
    return { ...answer, nodes: answer.nodes.map((n) => (n.sameAs?.length ? { ...n, sameAs: [] } : n)) };
  }

  async expand(id: string, opts: ExpandOptions = {}) {
    await this.run(`Expanding ${this.data.label(id)}`, async () => {
      const sub = await this.neighborhood([id], opts);
      const added = this.data.expand(id, sub, opts);
      this.changed({ truncated: !!sub.truncated });
      this.layout(added);
    });
  }

  /** Goes up with every "Show all" started (and with a cleared canvas): pages for an older one are dropped. */
  private hubSeq = 0;

  /**
   * Every link of a node, past hub protection: its links a page at a time
   * (LINK_PAGE), each page's other ends fetched (MAX_SEEDS at a time) and
   * drawn, HUB_BATCH links per call; called again, it goes on where it
   * stopped. state.hubLinks says how far it got.
   */
  async showAllLinks(id: string) {
    const seq = ++this.hubSeq;
    const before = this.state.hubLinks;
    const a = this.graph.hasNode(id) ? this.graph.getNodeAttributes(id) : null;
    const drawnBefore = Math.max(0, (a?.degree ?? 0) - (a?.hiddenLinks ?? 0));
    let hub: HubLinks =
      before?.id === id && before.more && !before.error
        ? { ...before, running: true }
        : { id, label: this.data.label(id), shown: drawnBefore, total: a?.degree ?? 0, after: null, more: true, running: true, error: null };
    const mine = () => seq === this.hubSeq;
    this.set({ hubLinks: hub, busy: `Fetching the links of ${hub.label}`, error: null });
    let paged = hub.after ? hub.shown : 0;
    try {
      for (let fetched = 0, first = true; hub.more && fetched < HUB_BATCH; first = false) {
        const page = await this.server.links(id, LINK_PAGE, hub.after);
        if (!mine()) return;
        if (!page) throw new Error(`${hub.label} is no longer on the server.`);
        const { payments, others } = pageEnds(id, page.edges);
        const hood: Subgraph = { nodes: [], edges: [] };
        for (const ids of chunks(payments, MAX_SEEDS)) {
          const sub = await this.server.neighborhood({ ids, depth: 1, relationships: ["PAID", "PAID_TO"], schemata: null, perNode: 20, limit: MAX_NODES, resolve: this.state.resolve });
          hood.nodes.push(...sub.nodes);
          hood.edges.push(...sub.edges);
        }
        const ends: ApiEntity[] = [];
        for (const ids of chunks(others, MAX_SEEDS)) {
          const sub = await this.server.neighborhood({ ids, depth: 1, relationships: null, schemata: null, perNode: 1, limit: MAX_NODES, resolve: this.state.resolve });
          ends.push(...sub.nodes.filter((n) => ids.includes(n.id)));
        }
        if (!mine()) return;
        fetched += page.edges.length;
        paged += page.edges.length;
        const shown = Math.min(page.total, Math.max(drawnBefore, paged));
        const added = this.data.addLinks(id, this.drawn(pageSubgraph(id, page.edges, hood, ends)), first, page.total, page.total - shown);
        hub = { ...hub, shown, total: page.total, after: page.endCursor, more: page.hasNext && page.edges.length > 0 };
        this.changed({ hubLinks: hub });
        this.layout(added);
      }
      // every link drawn: the hub protection notice no longer holds
      this.set({ hubLinks: { ...hub, running: false }, busy: null, truncated: hub.more && this.state.truncated });
    } catch (e) {
      if (!mine()) return;
      const message = e instanceof Error ? e.message : String(e);
      this.set({ hubLinks: { ...hub, running: false, error: message }, busy: null, error: message });
    }
  }

  async findPaths(from: string, to: string, maxHops = 4) {
    await this.run("Finding paths", async () => {
      const paths = (await this.server.paths({ from, to, maxHops, limit: 5, resolve: this.state.resolve })).map((p) => this.drawn(p));
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
      const moneyFlow = this.drawn(await this.server.moneyFlow({ from, direction, maxHops, timeOrdered, resolve: this.state.resolve }));
      const added = this.data.addFlows(moneyFlow.nodes, moneyFlow.flows, from);
      this.changed({ flow: { ...moneyFlow, from, direction } });
      this.layout(added);
    });
  }

  // --- server calls whose answers the caller keeps (panels, pickers, the ingest page) ---------

  async search(query: string, first = 15): Promise<SearchHit[]> {
    const hits = await this.server.search(query, first, this.state.resolve);
    return hits.map((h) => ({ ...h, node: this.drawn({ nodes: [h.node] }).nodes[0] }));
  }

  entity(id: string): Promise<ApiEntity | null> {
    return this.server.entity(id);
  }

  charges(defendant: string): Promise<ChargeRecord[]> {
    return this.server.charges(defendant, this.state.resolve);
  }

  /** One record's own links and neighbours (never merged), for the review queue: at most 20. */
  recordNeighbours(id: string): Promise<Subgraph> {
    return this.server.neighborhood({ ids: [id], depth: 1, relationships: null, schemata: null, perNode: 20, limit: 20, resolve: false });
  }

  /** A node's records (itself and the others judged the same), their sources and judgements. */
  records(id: string): Promise<ApiEntity | null> {
    return this.server.records(id);
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
    return serializeView(this.graph, this.state.window, this.canvas?.camera(), this.state.resolve);
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
    if (view.resolve !== undefined && view.resolve !== this.state.resolve) this.set({ resolve: view.resolve });
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
      if (entity) extra.push(this.drawn({ nodes: [entity] }).nodes[0]);
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

  // --- merged records ------------------------------------------------------------------------------

  /** "Merge judged records" on or off: every question asks with it from now on, and the canvas is fetched again. */
  async setResolve(on: boolean) {
    if (on === this.state.resolve) return;
    this.set({ resolve: on });
    await this.reloadCanvas(on ? "Merging judged records" : "Showing every record apart");
  }

  /**
   * The canvas fetched again, for when records merged or came apart: the
   * neighbourhood of every record drawn, regrouped (model/merged.ts) so every
   * node stays where it was and a record split off starts next to its cluster.
   */
  async reloadCanvas(what = "Refreshing the canvas") {
    if (this.graph.order === 0) return;
    await this.run(what, async () => {
      const view = this.viewState();
      const drawn = new Map<string, string[]>();
      this.graph.forEachNode((id, a) => drawn.set(id, [id, ...(a.sameAs ?? [])]));
      const ids = [...new Set([...drawn.values()].flat())];
      const fetched: Subgraph = { nodes: [], edges: [], degrees: [] };
      for (const part of chunks(ids, 50)) {
        const sub = await this.neighborhood(part, { perNode: 200, limit: 2000 });
        fetched.nodes.push(...sub.nodes);
        fetched.edges.push(...sub.edges);
        fetched.degrees!.push(...(sub.degrees ?? []));
      }
      const next = regroup(view, drawn, fetched);
      const sel = this.state.selection;
      this.data.replace(next.sub, next.view);
      this.changed({
        selection: sel && (sel.kind === "node" ? this.graph.hasNode(sel.id) : this.graph.hasEdge(sel.id)) ? sel : null,
        paths: null,
        activePath: null,
      });
      this.layout(next.fresh);
    });
  }

  /**
   * Splits a record off a merged node: the SAME pair judged DIFFERENT, then
   * the canvas fetched again. A refusal is thrown with the server's reason.
   */
  async split(left: string, right: string, note: string | null = null): Promise<Match> {
    const answer = await this.server.judge({ left, right, judgement: "DIFFERENT", note });
    await this.reloadCanvas("Splitting the records");
    return answer;
  }

  // --- the start page ------------------------------------------------------------------------------

  /** How long the start page waits between looks at a degree analysis it started. */
  jobPollMs = 1000;

  private setStart(patch: Partial<StartInfo>) {
    this.set({ start: { ...this.state.start, ...patch } });
  }

  /**
   * What the server has loaded: datasets, counts per schema (stats) and the
   * parties with most links from the newest DEGREE analysis, each asked
   * once and apart, so one that fails (no analysis on this server) leaves
   * the others shown.
   */
  async loadStart() {
    const [datasets, stats, biggest] = await Promise.allSettled([this.server.datasets(), this.server.stats(), this.server.topByDegree(10)]);
    const why = (r: PromiseRejectedResult) => (r.reason instanceof Error ? r.reason.message : String(r.reason));
    this.setStart({
      datasets: datasets.status === "fulfilled" ? datasets.value : null,
      stats: stats.status === "fulfilled" ? stats.value : null,
      biggest: biggest.status === "fulfilled" ? biggest.value : [],
      // topEntities refuses when no DEGREE job has finished: the start page offers to run one
      note:
        biggest.status === "fulfilled" && biggest.value.length
          ? null
          : `The parties with most links come from a degree analysis, and none has finished on this server yet${biggest.status === "rejected" ? ` (${why(biggest)})` : ""}.`,
    });
  }

  /** Starts a DEGREE analysis of the parties, waits for it, then lists the parties with most links. */
  async findBiggest() {
    try {
      let job: AnalysisJobInfo | null = await this.server.analyzeDegree();
      this.setStart({ job, note: null });
      for (let i = 0; job && job.status !== "done" && job.status !== "failed" && i < 600; i++) {
        await new Promise((ok) => setTimeout(ok, this.jobPollMs));
        job = await this.server.analysisJob(job.id);
        this.setStart({ job });
      }
      if (!job || job.status !== "done") throw new Error(job?.error || "the analysis did not finish");
      this.setStart({ job: null, biggest: await this.server.topByDegree(10) });
    } catch (e) {
      this.setStart({ job: null, note: `The degree analysis could not run: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** A starting point put on the canvas and expanded. */
  async start(e: ApiEntity) {
    this.addEntity(e);
    await this.expand(e.id);
  }

  // --- the review queue ------------------------------------------------------------------------------

  private setReview(r: review.ReviewState) {
    this.set({ review: r });
  }

  async loadDatasets() {
    await this.run("Listing datasets", async () => {
      this.set({ datasets: await this.server.datasets() });
    });
  }

  /** Opens the queue on a dataset's candidates (null: every candidate), from the best. */
  async openReview(dataset: string | null) {
    this.reviewSeq++;
    this.setReview(review.initialReview(dataset));
    await this.reviewPage();
  }

  /** Goes up with every queue opened: a page that arrives for an older one is dropped. */
  private reviewSeq = 0;
  /** How long the review queue waits before asking again while the server is still cross-referencing. */
  retryDelayMs = 2000;

  /**
   * More unjudged candidates: a pass over xref(judged: false) from the first
   * page, up to the first page holding a candidate the queue has not
   * fetched. Each pass starts afresh because every verdict takes pairs out of
   * the unjudged list (a cursor taken before it may skip some); only the
   * candidates skipped come back, and they are passed over. While the server
   * is still cross-referencing (code "timeout"), it asks again.
   */
  private async reviewPage() {
    const r = this.state.review;
    if (!r) return;
    if (!r.loading) this.setReview({ ...r, loading: true });
    const seq = this.reviewSeq;
    const mine = () => this.reviewSeq === seq && !!this.state.review;
    let after: string | null = null;
    let waits = 0;
    for (let pages = 0; pages < 50; ) {
      let page;
      try {
        page = await this.server.xref({ dataset: r.dataset, judged: false, first: review.PAGE_SIZE, after });
      } catch (e) {
        if (!mine()) return;
        const message = e instanceof Error ? e.message : String(e);
        if ((e as { code?: string }).code === "timeout" && waits++ < 30) {
          this.setReview(review.stillRunning(this.state.review!, message));
          await new Promise((ok) => setTimeout(ok, this.retryDelayMs));
          if (!mine()) return;
          continue;
        }
        this.setReview(review.pageFailed(this.state.review!, message));
        return;
      }
      if (!mine()) return; // another queue was opened meanwhile
      const q = this.state.review!;
      if (!page.hasNextPage || !page.endCursor || page.matches.some((m) => !review.holds(q, m))) {
        this.setReview(review.pageLoaded(q, page));
        return;
      }
      after = page.endCursor;
      pages++;
    }
    // fifty pages of candidates already fetched (skipped): no further in this pass
    if (mine()) this.setReview({ ...this.state.review!, loading: false, hasMore: false, notice: null });
  }

  /** Fetches the next page when the candidate shown is the last one fetched. */
  private async reviewMore() {
    if (this.state.review && review.wantsMore(this.state.review)) await this.reviewPage();
  }

  /** The analyst's verdict on the candidate shown, with the note typed; a refusal stays on it and says why. */
  async reviewJudge(judgement: Judgement) {
    const r = this.state.review;
    const item = r && review.current(r);
    if (!r || !item || r.judging) return;
    this.setReview(review.judging(r));
    try {
      const answer = await this.server.judge({
        left: item.match.left.id,
        right: item.match.right.id,
        judgement,
        note: r.note.trim() || null,
      });
      if (judgement !== "UNSURE" || item.match.judgement === "SAME") this.clustersChanged = true;
      if (this.state.review) this.setReview(review.judged(this.state.review, answer));
    } catch (e) {
      if (this.state.review) this.setReview(review.refused(this.state.review, e instanceof Error ? e.message : String(e)));
      return;
    }
    await this.reviewMore();
  }

  async reviewSkip() {
    if (!this.state.review || this.state.review.judging) return;
    this.setReview(review.skip(this.state.review));
    await this.reviewMore();
  }

  reviewBack() {
    if (!this.state.review || this.state.review.judging) return;
    this.setReview(review.back(this.state.review));
  }

  setReviewNote(note: string) {
    if (this.state.review) this.setReview(review.withNote(this.state.review, note));
  }

  /** Leaving the queue: if verdicts merged or split records, the canvas is fetched again. */
  async closeReview() {
    this.reviewSeq++;
    this.set({ review: null });
    if (!this.clustersChanged) return;
    this.clustersChanged = false;
    await this.reloadCanvas();
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
