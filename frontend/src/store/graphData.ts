// The data: the graph model (one graphology graph that the canvas, the table,
// the exports and the end-to-end tests all read) and its undo history. Every
// change a person can undo records the graph first; what the store's view
// state holds (selection, window, tool results) never lands here, except the
// rendering derived from it (derive).
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
} from "../model/graph";
import { aggregateLinks, drawnEdges } from "../model/aggregate";
import { applyStyle, DEFAULT_STYLE, edgeScale, usesViewMetrics, type JobAlgorithm, type JobScores, type NodeStyle, type StyleSummary } from "../model/style";
import { computeViewMetrics, viewKey, type ViewMetrics } from "../model/metrics";
import { markFlowCover } from "../model/flowCover";
import { applyTimeWindow, type TimeWindow } from "../model/time";
import type { ApiEntity, ExpandFilters, Flow, PathResult, Subgraph } from "../model/types";
import { applyView, type ViewState } from "../model/view";

export class GraphData {
  readonly graph: CaseGraph = newGraph();
  private history = new History();

  get canUndo() {
    return this.history.canUndo;
  }
  get canRedo() {
    return this.history.canRedo;
  }

  /** One undoable change: the graph as it was goes on the history first. Returns what fn returns. */
  private edit<T>(fn: (g: CaseGraph) => T): T {
    this.history.record(this.graph);
    return fn(this.graph);
  }

  undo(): boolean {
    return this.history.undo(this.graph);
  }
  redo(): boolean {
    return this.history.redo(this.graph);
  }

  /** What the legend says about node sizes and colours, as last derived. */
  styleSummary: StyleSummary | null = null;
  /** What the canvas draws, as last derived: entities, and links (a group of parallel links counts one). */
  drawn = { nodes: 0, links: 0 };
  /** The view-level metrics (model/metrics.ts) as last computed, on the drawn graph of their key. */
  viewMetrics: ViewMetrics | null = null;
  /** The drawn graph changed since viewMetrics were computed, and they are wanted: the store recomputes them, debounced. */
  metricsDue = false;
  /** The side panel asked for the view's scores: they are kept up to date from then on, whatever the style. */
  metricsWanted = false;
  /** Scores read from graph-level jobs (GraphQL metrics), by algorithm; ids asked and given none are remembered as asked. */
  jobScores = new Map<JobAlgorithm, JobScores & { asked: Set<string> }>();

  /**
   * The rendering derived from the view state: the time window's hidden
   * flags, parallel links grouped (those not opened), what is drawn bent
   * apart, node sizes and colours by the style. View-level metrics, where
   * wanted, are computed now with `metricsNow` or when there are none yet;
   * otherwise the last ones are used and metricsDue says they are stale.
   */
  derive(
    window: TimeWindow,
    view: { groupLinks: boolean; openGroups: string[]; style: NodeStyle } = { groupLinks: true, openGroups: [], style: DEFAULT_STYLE },
    metricsNow = false,
  ) {
    applyTimeWindow(this.graph, window);
    aggregateLinks(this.graph, { on: view.groupLinks, open: new Set(view.openGroups) });
    markFlowCover(this.graph);
    curveParallelEdges(this.graph);
    this.metricsDue = false;
    if (this.metricsWanted || usesViewMetrics(view.style)) {
      const key = viewKey(this.graph);
      if (key !== this.viewMetrics?.key) {
        if (metricsNow || !this.viewMetrics) this.viewMetrics = computeViewMetrics(this.graph);
        else this.metricsDue = true;
      }
    }
    this.styleSummary = applyStyle(this.graph, view.style, this.viewMetrics, this.metricsDue, this.jobScores);
    this.drawn = { nodes: this.styleSummary.nodes, links: drawnEdges(this.graph).length };
    // thinner links where thousands cross (the canvas scales widths by it)
    const scale = edgeScale(this.drawn.links);
    if (this.graph.getAttribute("edgeScale") !== scale) this.graph.setAttribute("edgeScale", scale);
  }

  /** A search result put on the canvas. Returns the ids of the new nodes. */
  addEntity(e: ApiEntity): string[] {
    return this.edit((g) => mergeSubgraph(g, { nodes: [e], edges: [] }));
  }

  /**
   * A node's neighbourhood merged in, as the server drew it (payments
   * already PAYMENT edges), and the node marked expanded with the filters
   * used, if any. Returns the ids of the new nodes.
   */
  expand(id: string, sub: Subgraph, opts: ExpandFilters): string[] {
    return this.edit((g) => {
      const added = mergeSubgraph(g, sub, id);
      if (g.hasNode(id)) {
        g.setNodeAttribute(id, "expanded", true);
        const filtered = !!(opts.relationships?.length || opts.schemata?.length || opts.perNode);
        g.setNodeAttribute(id, "expandFilters", filtered ? { ...opts } : undefined);
      }
      return added;
    });
  }

  /**
   * A page of a hub's links merged in (hubLinks.ts), the hub told its
   * degree and how many links are still not drawn. The first page of a
   * "Show all" is one undoable change with the pages after it.
   */
  addLinks(id: string, sub: Subgraph, first: boolean, degree: number, hidden: number): string[] {
    const add = (g: CaseGraph) => {
      const added = mergeSubgraph(g, sub, id);
      if (g.hasNode(id)) g.mergeNodeAttributes(id, { degree, hiddenLinks: hidden, expanded: true });
      return added;
    };
    return first ? this.edit(add) : add(this.graph);
  }

  /**
   * A path drawn and highlighted. GraphQL `paths` returns payments as nodes
   * (only `neighborhood` collapses them), so a path through a payment is
   * collapsed here to look like the rest of the canvas.
   */
  showPath(p: PathResult): string[] {
    return this.edit((g) => {
      const added = mergeSubgraph(g, collapsePayments({ nodes: p.nodes, edges: p.edges }), p.nodes[0]?.id);
      highlight(g, p.nodes.map((n) => n.id), p.edges.map((e) => e.id));
      return added;
    });
  }

  /** Money flows drawn as highlighted MONEY_FLOW edges from `from`. */
  addFlows(nodes: ApiEntity[], flows: Flow[], from: string): string[] {
    return this.edit((g) => {
      clearHighlight(g);
      return mergeFlows(g, nodes, flows, from);
    });
  }

  hide(id: string) {
    this.edit((g) => g.setNodeAttribute(id, "userHidden", true));
  }

  showAll() {
    this.edit((g) => g.forEachNode((n) => g.setNodeAttribute(n, "userHidden", false)));
  }

  remove(id: string) {
    this.edit((g) => g.dropNode(id));
  }

  togglePin(id: string) {
    this.edit((g) => {
      const pinned = !g.getNodeAttribute(id, "pinned");
      g.mergeNodeAttributes(id, { pinned, fixed: pinned });
    });
  }

  clear() {
    this.edit((g) => g.clear());
  }

  /** A saved view's nodes and links instead of what is drawn, with its positions and flags. */
  replace(sub: Subgraph, view: ViewState) {
    this.edit((g) => {
      g.clear();
      mergeSubgraph(g, sub);
      applyView(g, view);
    });
  }

  /** Not undoable: the highlight is a reading aid. */
  clearHighlight() {
    clearHighlight(this.graph);
  }

  /** A node dragged: it stays where it is dropped (pinned). Not undoable. */
  moveNode(id: string, x: number, y: number) {
    this.graph.mergeNodeAttributes(id, { x, y, pinned: true, fixed: true });
  }

  /** Benchmarks only: a subgraph instead of what is drawn, not undoable. */
  load(sub: Subgraph): string[] {
    this.graph.clear();
    return mergeSubgraph(this.graph, sub);
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
