// Style by meaning: what a node's size and colour say. Size can follow the
// links a node has on the canvas, or the money it received, paid, or both,
// from the payments drawn; colour can follow its type (shape and colour, the
// default), its links, or whether money mostly came in or went out. Both can
// follow a view-level metric (metrics.ts: degree, betweenness, PageRank) and
// colour can follow Louvain communities, computed on the drawn graph.
// Everything here describes the subgraph on the canvas (what is visible), not
// the whole graph: the legend says so. Charges keep their outcome colour.
//
// Money metrics count one currency, the one chosen or else the most common
// among the payments shown; payments in other currencies are counted apart
// and named in the legend, never converted.
import { isEdgeVisible, isNodeVisible, type CaseGraph } from "./graph";
import { metricsMethod, type ViewMetricName, type ViewMetrics } from "./metrics";
import { schemaIcon } from "./schema";
import type { NodeAttrs } from "./types";

/** Scores stored on the server by a graph-level analysis job (GraphQL metrics), over the whole graph. */
export type JobMetric = "jobPagerank" | "jobBetweenness" | "jobDegree";
export type JobAlgorithm = "PAGERANK" | "BETWEENNESS" | "DEGREE";
export const JOB_ALGORITHM: Record<JobMetric, JobAlgorithm> = { jobPagerank: "PAGERANK", jobBetweenness: "BETWEENNESS", jobDegree: "DEGREE" };

/** A job's scores for the entities asked (by id), and which job computed them; job null: none has finished. */
export interface JobScores {
  algorithm: JobAlgorithm;
  job: string | null;
  computedAt: string | null;
  values: Record<string, number>;
}

export type SizeBy = "type" | "links" | "degree" | "betweenness" | "pagerank" | JobMetric | "moneyIn" | "moneyOut" | "money";
export type ColorBy = "type" | "links" | "degree" | "betweenness" | "pagerank" | "community" | JobMetric | "moneyIn" | "moneyOut" | "net";

export interface NodeStyle {
  size: SizeBy;
  color: ColorBy;
  /** The currency money metrics count; null: the most common among the payments shown. */
  currency: string | null;
}

export const DEFAULT_STYLE: NodeStyle = { size: "links", color: "type", currency: null };

export const SIZE_CHOICES: Record<SizeBy, string> = {
  type: "Type (people larger)",
  links: "Links on the canvas",
  degree: "Degree: neighbours drawn (computed on view)",
  betweenness: "Betweenness: between others (computed on view)",
  pagerank: "PageRank (computed on view)",
  jobPagerank: "PageRank, latest job (whole graph)",
  jobBetweenness: "Betweenness, latest job (whole graph)",
  jobDegree: "Degree, latest job (whole graph)",
  moneyIn: "Money received",
  moneyOut: "Money paid",
  money: "Money received + paid",
};

export const COLOR_CHOICES: Record<ColorBy, string> = {
  type: "Type",
  links: "Links on the canvas",
  degree: "Degree: neighbours drawn (computed on view)",
  betweenness: "Betweenness: between others (computed on view)",
  pagerank: "PageRank (computed on view)",
  community: "Community, Louvain (computed on view)",
  jobPagerank: "PageRank, latest job (whole graph)",
  jobBetweenness: "Betweenness, latest job (whole graph)",
  jobDegree: "Degree, latest job (whole graph)",
  moneyIn: "Money received",
  moneyOut: "Money paid",
  net: "Money in vs out",
};

const VIEW_METRICS = new Set<string>(["degree", "betweenness", "pagerank", "community"]);

/** The job algorithms a style reads scores of (size first). */
export function jobAlgorithms(style: NodeStyle): JobAlgorithm[] {
  const out = new Set<JobAlgorithm>();
  for (const by of [style.size, style.color]) if (by in JOB_ALGORITHM) out.add(JOB_ALGORITHM[by as JobMetric]);
  return [...out];
}

/** Whether a style sizes or colours by a metric computed on the drawn graph (metrics.ts). */
export function usesViewMetrics(style: NodeStyle): boolean {
  return VIEW_METRICS.has(style.size) || VIEW_METRICS.has(style.color);
}

/** The smallest and largest node drawn by a metric, in pixels, on a small canvas. */
export const MIN_SIZE = 8;
export const MAX_SIZE = 34;

/**
 * The sizes a metric spans for n visible nodes: the full range up to 150
 * nodes, narrower beyond (by the square root of the crowding), so that
 * thousands of nodes do not cover each other, nor the canvas.
 */
export function sizeRange(n: number): [number, number] {
  if (n <= 150) return [MIN_SIZE, MAX_SIZE];
  const k = Math.sqrt(150 / n);
  return [Math.max(4, MIN_SIZE * Math.sqrt(k)), Math.max(12, MAX_SIZE * k)];
}

/** How much link widths are scaled for a number of drawn links: 1 up to 300, down to 0.3 (thin lines where thousands cross). */
export function edgeScale(drawnLinks: number): number {
  return drawnLinks <= 300 ? 1 : Math.max(0.3, Math.sqrt(300 / drawnLinks));
}

/** Elements drawn (entities + drawn links) from which links and labels are hidden while the view moves. */
export const LARGE_CANVAS = 5000;

/** Sequential (few → many links) and diverging (pays out → receives) colours, in steps a reader can tell apart. */
export const LINK_RAMP = ["#bfdbfe", "#93c5fd", "#60a5fa", "#3b82f6", "#1d4ed8", "#1e3a8a"];
export const NET_RAMP = ["#b91c1c", "#f87171", "#fecaca", "#94a3b8", "#bbf7d0", "#4ade80", "#15803d"];
/**
 * Communities 1 to 10 (the largest), in hues told apart, each dark enough
 * for the pictogram's white glyph and light enough to stand out on the dark
 * canvas; smaller communities share the grey.
 */
export const COMMUNITY_PALETTE = ["#2563eb", "#ea580c", "#16a34a", "#db2777", "#7c3aed", "#0891b2", "#c026d3", "#dc2626", "#65a30d", "#a16207"];
export const COMMUNITY_OTHER = "#78716c";

/** A community's colour (1 the largest). */
export function communityColor(c: number): string {
  return COMMUNITY_PALETTE[c - 1] ?? COMMUNITY_OTHER;
}

/** What the legend says about sizes and colours, for the nodes on the canvas. */
export interface StyleSummary {
  style: NodeStyle;
  /** The visible nodes and links the metrics were computed over. */
  nodes: number;
  links: number;
  /** unit: what the numbers count ("links", a currency, "" for a score); digits: significant digits of a score, 0 for counts. */
  size: { label: string; min: number; max: number; unit: string; digits: number; money: boolean } | null;
  color: { label: string; stops: { color: string; text: string }[] } | null;
  /** The currency money metrics counted, and the other currencies of the payments shown (not counted). */
  currency: string | null;
  otherCurrencies: string[];
  /** A view-level metric is used: what it was computed on and how; stale while the canvas changed and it is recomputed. */
  view: { nodes: number; links: number; method: string[]; stale: boolean } | null;
  /** Scores read from graph-level jobs: which job, when, and how many entities drawn it gave none. */
  jobs: { algorithm: JobAlgorithm; job: string | null; computedAt: string | null; missing: number }[];
}

/** A metric's value for the legend: counts whole, scores to `digits` significant digits. */
export function formatMetric(v: number, digits: number): string {
  if (!digits) return v.toLocaleString("en-US", { maximumFractionDigits: 0 });
  return v === 0 ? "0" : v.toLocaleString("en-US", { maximumSignificantDigits: digits });
}

interface Metrics {
  links: Map<string, number>;
  /** Visible stored links in all. */
  total: number;
  moneyIn: Map<string, number>;
  moneyOut: Map<string, number>;
  currency: string | null;
  otherCurrencies: string[];
}

/** The currencies of the payments shown, most common first. */
function currenciesShown(g: CaseGraph): string[] {
  const n = new Map<string, number>();
  g.forEachEdge((e, a) => {
    if (a.relType !== "PAYMENT" || a.derived || !a.currency || a.amount == null || !isEdgeVisible(g, e)) return;
    n.set(a.currency, (n.get(a.currency) ?? 0) + 1);
  });
  return [...n].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([c]) => c);
}

/** Links per visible node (every stored link shown, grouped or not), and money in and out in one currency. */
export function nodeMetrics(g: CaseGraph, currency: string | null): Metrics {
  const shown = currenciesShown(g);
  const cur = currency ?? shown[0] ?? null;
  const links = new Map<string, number>();
  const moneyIn = new Map<string, number>();
  const moneyOut = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  // a payment drawn as several edges counts once for each party
  const seen = new Set<string>();
  let total = 0;
  g.forEachEdge((e, a, s, t) => {
    if (a.derived || a.relType === "MONEY_FLOW" || !isEdgeVisible(g, e)) return;
    total++;
    add(links, s, 1);
    if (t !== s) add(links, t, 1);
    if (a.relType !== "PAYMENT" || a.amount == null || !cur || a.currency !== cur) return;
    const id = a.paymentId ?? e;
    if (!seen.has(`${id}\u0000out\u0000${s}`)) {
      seen.add(`${id}\u0000out\u0000${s}`);
      add(moneyOut, s, a.amount);
    }
    if (!seen.has(`${id}\u0000in\u0000${t}`)) {
      seen.add(`${id}\u0000in\u0000${t}`);
      add(moneyIn, t, a.amount);
    }
  });
  return { links, total, moneyIn, moneyOut, currency: cur, otherCurrencies: shown.filter((c) => c !== cur) };
}

/** A value's size in a range (by default MIN_SIZE to MAX_SIZE), by area (square root), over [0, max]. */
export function sizeFor(v: number, max: number, [lo, hi]: [number, number] = [MIN_SIZE, MAX_SIZE]): number {
  if (!(max > 0) || !(v > 0)) return lo;
  return lo + (hi - lo) * Math.sqrt(Math.min(v, max) / max);
}

function step(ramp: string[], t: number): string {
  return ramp[Math.max(0, Math.min(ramp.length - 1, Math.floor(t * ramp.length)))];
}

const icons = new Map<string, string>();
/** The schema's pictogram in another colour, cached: a ramp has few steps, so the canvas loads few pictures. */
function icon(schema: string, color: string, records: number): string {
  const k = `${schema}|${color}|${records}`;
  let url = icons.get(k);
  if (!url) icons.set(k, (url = schemaIcon(schema, color, records)));
  return url;
}

const money = (v: number, cur: string | null) => `${cur ?? ""} ${v.toLocaleString("en-US", { maximumFractionDigits: 0 })}`.trim();

/**
 * Writes each node's drawn size and picture (drawSize, drawImage; null: its
 * own) for a style, over the visible subgraph, only where they change.
 * Returns what the legend says.
 */
export function applyStyle(
  g: CaseGraph,
  style: NodeStyle,
  view: ViewMetrics | null = null,
  stale = false,
  jobs: ReadonlyMap<JobAlgorithm, JobScores> = new Map(),
): StyleSummary {
  const m = nodeMetrics(g, style.currency);
  const visible = g.filterNodes((n) => isNodeVisible(g, n));
  const value = (by: SizeBy | ColorBy, n: string): number => {
    switch (by) {
      case "links":
        return m.links.get(n) ?? 0;
      case "degree":
      case "betweenness":
      case "pagerank":
      case "community":
        return view?.[by as ViewMetricName].get(n) ?? 0;
      case "jobPagerank":
      case "jobBetweenness":
      case "jobDegree":
        return jobs.get(JOB_ALGORITHM[by])?.values[n] ?? 0;
      case "moneyIn":
        return m.moneyIn.get(n) ?? 0;
      case "moneyOut":
        return m.moneyOut.get(n) ?? 0;
      case "money":
        return (m.moneyIn.get(n) ?? 0) + (m.moneyOut.get(n) ?? 0);
      case "net":
        return (m.moneyIn.get(n) ?? 0) - (m.moneyOut.get(n) ?? 0);
      default:
        return 0;
    }
  };
  const isMoney = (by: string) => by.startsWith("money");
  const unitOf = (by: string) => (isMoney(by) ? (m.currency ?? "") : by === "links" ? "links" : by === "degree" ? "neighbours" : "");
  const digitsOf = (by: string) => (by === "betweenness" || by === "pagerank" || by === "jobPagerank" || by === "jobBetweenness" ? 2 : 0);
  const maxOf = (by: SizeBy | ColorBy) => visible.reduce((mx, n) => Math.max(mx, Math.abs(value(by, n))), 0);

  let size: StyleSummary["size"] = null;
  const sizeMax = style.size === "type" ? 0 : maxOf(style.size);
  if (style.size !== "type") {
    const min = visible.reduce((mn, n) => Math.min(mn, value(style.size, n)), Infinity);
    size = {
      label: SIZE_CHOICES[style.size],
      min: Number.isFinite(min) ? min : 0,
      max: sizeMax,
      unit: unitOf(style.size),
      digits: digitsOf(style.size),
      money: isMoney(style.size),
    };
  }

  let color: StyleSummary["color"] = null;
  const colorMax = style.color === "type" || style.color === "community" ? 0 : maxOf(style.color);
  if (style.color === "links" || style.color === "degree" || style.color === "jobDegree") {
    color = {
      label: COLOR_CHOICES[style.color],
      stops: LINK_RAMP.map((c, i) => ({ color: c, text: `${Math.ceil((i / LINK_RAMP.length) * colorMax)}–${Math.floor(((i + 1) / LINK_RAMP.length) * colorMax)}` })),
    };
  } else if (["betweenness", "pagerank", "jobPagerank", "jobBetweenness", "moneyIn", "moneyOut"].includes(style.color)) {
    const d = digitsOf(style.color) || 3;
    const unit = isMoney(style.color) && m.currency ? ` ${m.currency}` : "";
    color = {
      label: `${COLOR_CHOICES[style.color]}${unit ? ` (${m.currency})` : ""}`,
      stops: LINK_RAMP.map((c, i) => ({ color: c, text: `${formatMetric((i / LINK_RAMP.length) * colorMax, d)}–${formatMetric(((i + 1) / LINK_RAMP.length) * colorMax, d)}${unit}` })),
    };
  } else if (style.color === "community") {
    const sizes = view?.communitySizes ?? [];
    const rest = sizes.slice(COMMUNITY_PALETTE.length);
    color = {
      label: COLOR_CHOICES.community,
      stops: [
        ...sizes.slice(0, COMMUNITY_PALETTE.length).map((k, i) => ({ color: COMMUNITY_PALETTE[i], text: `community ${i + 1}: ${k.toLocaleString("en-US")} ${k === 1 ? "entity" : "entities"}` })),
        ...(rest.length
          ? [{ color: COMMUNITY_OTHER, text: `${rest.length.toLocaleString("en-US")} smaller communities (${rest.reduce((a, b) => a + b, 0).toLocaleString("en-US")} entities)` }]
          : []),
      ],
    };
  } else if (style.color === "net") {
    color = {
      label: `${COLOR_CHOICES.net}${m.currency ? ` (${m.currency})` : ""}`,
      stops: [
        { color: NET_RAMP[0], text: `pays out most (−${money(colorMax, m.currency)})` },
        { color: NET_RAMP[3], text: "balanced or no payments" },
        { color: NET_RAMP[6], text: `receives most (+${money(colorMax, m.currency)})` },
      ],
    };
  }

  const range = sizeRange(visible.length);
  g.forEachNode((n, a) => {
    const shown = isNodeVisible(g, n);
    const drawSize = style.size === "type" || !shown ? null : sizeFor(value(style.size, n), sizeMax, range);
    let drawImage: string | null = null;
    if (shown && style.color !== "type" && a.schema !== "Charge") {
      const v = value(style.color, n);
      const c =
        style.color === "community"
          ? communityColor(v)
          : style.color !== "net"
            ? step(LINK_RAMP, colorMax > 0 ? v / colorMax - 1e-9 : 0)
            : v === 0 || colorMax === 0
              ? NET_RAMP[3]
              : step(NET_RAMP, (v / colorMax + 1) / 2 - 1e-9);
      drawImage = icon(a.schema, c, 1 + (a.sameAs?.length ?? 0));
    }
    setNode(g, n, a, "drawSize", drawSize);
    setNode(g, n, a, "drawImage", drawImage);
  });

  const viewUsed = usesViewMetrics(style) && view ? { nodes: view.nodes, links: view.links, method: metricsMethod(view), stale } : null;
  const jobsUsed = jobAlgorithms(style).map((algorithm) => {
    const s = jobs.get(algorithm);
    return { algorithm, job: s?.job ?? null, computedAt: s?.computedAt ?? null, missing: visible.filter((n) => s?.values[n] == null).length };
  });
  return { style, nodes: visible.length, links: m.total, size, color, currency: m.currency, otherCurrencies: m.otherCurrencies, view: viewUsed, jobs: jobsUsed };
}

function setNode<K extends keyof NodeAttrs>(g: CaseGraph, n: string, a: NodeAttrs, k: K, v: NodeAttrs[K]) {
  if ((a[k] ?? null) !== (v ?? null)) g.setNodeAttribute(n, k, v);
}

/** How a node is drawn: its style's size and picture, else its own. */
export function nodeLook(a: NodeAttrs): { size: number; image: string | undefined } {
  return { size: a.drawSize ?? a.size, image: a.drawImage ?? a.image };
}
