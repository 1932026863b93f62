// The view state: what the person is doing with the data — selection, time
// window, the tools' results, what the server is busy with. Never the data
// itself, which is the graph model (graphData.ts). Replaced whole on every
// change, so React reads it with useSyncExternalStore.
import type { SavedViewInfo } from "../api";
import type { HubLinks } from "../model/hubLinks";
import type { ReviewState } from "../model/review";
import { EMPTY_START, type StartInfo } from "../model/start";
import { DEFAULT_STYLE, type NodeStyle } from "../model/style";
import type { TimeWindow } from "../model/time";
import type { MoneyFlow, PathResult } from "../model/types";

export type Selection = { kind: "node" | "edge"; id: string } | null;

export interface State {
  /** Goes up on every change, of the view state or of the graph model. */
  version: number;
  selection: Selection;
  window: TimeWindow;
  busy: string | null;
  error: string | null;
  needToken: boolean;
  paths: PathResult[] | null;
  activePath: number | null;
  flow: (MoneyFlow & { from: string; direction: string }) | null;
  /** Mirrors of the model's history, for the Undo and Redo buttons. */
  canUndo: boolean;
  canRedo: boolean;
  /** The last expansion left links out (hub protection). */
  truncated: boolean;
  /** A hub's links being drawn page by page ("Show all N links"), and how far it got. */
  hubLinks: HubLinks | null;
  /** The saved views the server listed (GET /api/views), newest first. */
  views: SavedViewInfo[] | null;
  /** The view just saved or opened, with its link. */
  currentView: { id: string; name: string; link: string } | null;
  /** "Merge judged records": every question asks with resolve, drawing a SAME cluster as one node. */
  resolve: boolean;
  /** The datasets the server has loaded (the review queue's picker), once asked. */
  datasets: string[] | null;
  /** The review queue, while one is open. */
  review: ReviewState | null;
  /** Parallel links drawn as one labelled edge per group (model/aggregate.ts). */
  groupLinks: boolean;
  /** The groups of parallel links opened link by link ("Show the N payments"), by key. */
  openGroups: string[];
  /** What node size and colour mean (model/style.ts). */
  style: NodeStyle;
  /** The start page: what is loaded and where to begin (model/start.ts). */
  start: StartInfo;
}

export function initialState(): State {
  return {
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
    hubLinks: null,
    views: null,
    currentView: null,
    resolve: true,
    datasets: null,
    review: null,
    groupLinks: true,
    openGroups: [],
    style: DEFAULT_STYLE,
    start: EMPTY_START,
  };
}
