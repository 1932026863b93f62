// Parallel links drawn as one. Between two parties, N payments (or N links of
// any one type, say three EMPLOYMENT links) are one drawn edge labelled with
// the count, the total per currency and the date range, its width growing
// with the total. It is a view over the graph model: every link stays in the
// model (the table, the exports and the tests read them all, with their
// sources); the group is drawn by one of its links, its representative, which
// carries the group (attribute `agg`), while the others say which link draws
// them (`aggregatedInto`) and are not drawn. A group the person opens
// ("Show the N payments") is drawn link by link again.
//
// Groups are directed (payer → beneficiary, or a link's own direction) and
// made of the links that are visible (time window, hidden nodes): what is
// summed is what the canvas shows. Money is summed exactly (money.ts), per
// currency; a payment drawn as several edges between the same two parties
// counts once; payments without an amount, a currency or a date are counted
// and said so.
import { amountWidth, formatAmount, isEdgeVisible, type CaseGraph } from "./graph";
import { decimalNumber, decimalString, sumExact } from "./money";
import type { EdgeAttrs } from "./types";

/** The total of one currency in a group; currency null: payments that do not say theirs. */
export interface CurrencyTotal {
  currency: string | null;
  /** Exact, as a decimal string ("1234.56"). */
  total: string;
  /** The same as a number, for drawing. */
  amount: number;
  /** How many payments it sums. */
  count: number;
}

/** A group of parallel links as drawn: who, how many, how much, when. */
export interface LinkGroup {
  key: string;
  relType: string;
  source: string;
  target: string;
  /** The visible links of the group, by id. */
  edges: string[];
  /** Distinct links: a payment drawn by several edges counts once. */
  count: number;
  /** Payments only: per currency, the most common first. */
  totals: CurrencyTotal[];
  /** Payments whose amount is unknown (counted in `count`, in no total). */
  withoutAmount: number;
  /** The earliest and latest date among the links (YYYY-MM-DD or partial), null if none is dated. */
  firstDate: string | null;
  lastDate: string | null;
  /** Links with no date at all. */
  undated: number;
  /** One of the links is highlighted (on a path or a money flow). */
  highlighted: boolean;
  label: string;
  width: number;
  /** Changes whenever what is drawn changes: the canvas is told only then. */
  sig: string;
}

export interface AggregateOptions {
  /** Group parallel links at all (the toolbar's "Group parallel links"). */
  on: boolean;
  /** Groups drawn link by link (their keys). */
  open: ReadonlySet<string>;
}

const SEP = "\u0000";

/** The key of the group a link belongs to: its type and its two ends, in its direction. */
export function groupKey(relType: string, source: string, target: string): string {
  return `${relType}${SEP}${source}${SEP}${target}`;
}

/** Links that can be grouped: stored links the canvas shows. Derived ones (money flows) are summaries already. */
function groupable(g: CaseGraph, e: string, a: EdgeAttrs): boolean {
  return !a.derived && a.relType !== "MONEY_FLOW" && isEdgeVisible(g, e);
}

/** Every group of two links or more among the links shown, by key; members sorted by id. */
export function parallelGroups(g: CaseGraph): Map<string, string[]> {
  const all = new Map<string, string[]>();
  g.forEachEdge((e, a, s, t) => {
    if (!groupable(g, e, a)) return;
    const k = groupKey(a.relType, s, t);
    const list = all.get(k);
    if (list) list.push(e);
    else all.set(k, [e]);
  });
  for (const [k, list] of all) {
    if (list.length < 2) all.delete(k);
    else list.sort();
  }
  return all;
}

/** The month a date falls in, or the date itself when it is a year: "2006-03-24" → "2006-03". */
function month(d: string): string {
  return d.length > 7 ? d.slice(0, 7) : d;
}

export function dateRangeText(first: string | null, last: string | null): string {
  if (!first || !last) return "";
  const a = month(first),
    b = month(last);
  return a === b ? a : `${a} – ${b}`;
}

/** "USD 1.2 million + EUR 300,000", with the payments that say no currency or no amount. */
export function totalsText(totals: CurrencyTotal[], withoutAmount = 0): string {
  const parts = totals.map((t) => (t.currency ? formatAmount(t.amount, t.currency) : `${formatAmount(t.amount)} (currency not stated)`));
  if (withoutAmount) parts.push(`${withoutAmount} without amount`);
  return parts.join(" + ");
}

/** Describes a group of links (the ids given, all between the same two ends, of one type). */
export function describeGroup(g: CaseGraph, key: string, edges: string[]): LinkGroup {
  const first = edges[0];
  const relType = g.getEdgeAttribute(first, "relType");
  const payments = relType === "PAYMENT";
  const seen = new Set<string>();
  const byCurrency = new Map<string | null, number[]>();
  let count = 0,
    withoutAmount = 0,
    undated = 0,
    highlighted = false;
  let firstDate: string | null = null,
    lastDate: string | null = null;
  for (const e of edges) {
    const a = g.getEdgeAttributes(e);
    highlighted ||= !!a.highlighted;
    // one payment drawn as several edges between the same two parties counts once
    const id = payments && a.paymentId ? a.paymentId : e;
    if (seen.has(id)) continue;
    seen.add(id);
    count++;
    if (payments) {
      if (a.amount == null || !Number.isFinite(a.amount)) withoutAmount++;
      else {
        const c = a.currency || null;
        const list = byCurrency.get(c);
        if (list) list.push(a.amount);
        else byCurrency.set(c, [a.amount]);
      }
    }
    const start = payments ? a.date : (a.startDate ?? a.endDate);
    const end = payments ? a.date : (a.endDate ?? a.startDate);
    if (!start && !end) undated++;
    if (start && (!firstDate || start < firstDate)) firstDate = start;
    if (end && (!lastDate || end > lastDate)) lastDate = end;
  }
  const totals: CurrencyTotal[] = [...byCurrency].map(([currency, amounts]) => {
    const sum = sumExact(amounts);
    return { currency, total: decimalString(sum), amount: decimalNumber(sum), count: amounts.length };
  });
  // the most common currency first, unstated last
  totals.sort((x, y) => (x.currency === null ? 1 : 0) - (y.currency === null ? 1 : 0) || y.count - x.count || (x.currency ?? "").localeCompare(y.currency ?? ""));
  const when = dateRangeText(firstDate, lastDate);
  const label = payments
    ? [`${count} payments`, totalsText(totals, withoutAmount), when, undated ? `${undated} undated` : ""].filter(Boolean).join(" · ")
    : [`${count} × ${relType}`, when, undated && firstDate ? `${undated} undated` : ""].filter(Boolean).join(" · ");
  const width = payments ? amountWidth(Math.max(0, ...totals.map((t) => t.amount))) : Math.min(6, 1.5 + Math.log2(count));
  const [, source, target] = key.split(SEP);
  return {
    key,
    relType,
    source,
    target,
    edges,
    count,
    totals,
    withoutAmount,
    firstDate,
    lastDate,
    undated,
    highlighted,
    label,
    width,
    sig: `${edges.join(",")}|${label}|${highlighted}`,
  };
}

function set<K extends keyof EdgeAttrs>(g: CaseGraph, e: string, k: K, v: EdgeAttrs[K]) {
  if ((g.getEdgeAttribute(e, k) ?? null) !== (v ?? null)) g.setEdgeAttribute(e, k, v);
}

/**
 * Marks the model for drawing: each group of parallel links shown (not
 * opened) gets a representative (its first link by id) carrying `agg`, the
 * others `aggregatedInto` it; every link of a group of two or more has its
 * `groupKey`. Attributes are written only when they change, so the canvas
 * redraws only what moved. Returns the groups drawn as one edge.
 */
export function aggregateLinks(g: CaseGraph, opts: AggregateOptions): LinkGroup[] {
  const groups = parallelGroups(g);
  const drawn: LinkGroup[] = [];
  const rep = new Map<string, string>(); // member → its representative
  const key = new Map<string, string>(); // member → its group
  const agg = new Map<string, LinkGroup>(); // representative → group
  for (const [k, edges] of groups) {
    for (const e of edges) key.set(e, k);
    if (!opts.on || opts.open.has(k)) continue;
    const group = describeGroup(g, k, edges);
    drawn.push(group);
    agg.set(edges[0], group);
    for (const e of edges.slice(1)) rep.set(e, edges[0]);
  }
  g.forEachEdge((e, a) => {
    set(g, e, "groupKey", key.get(e) ?? null);
    set(g, e, "aggregatedInto", rep.get(e) ?? null);
    const group = agg.get(e) ?? null;
    if ((a.agg?.sig ?? null) !== (group?.sig ?? null)) g.setEdgeAttribute(e, "agg", group);
  });
  return drawn;
}

/** Whether the canvas draws this edge: shown, and not drawn by its group's representative. */
export function isEdgeDrawn(g: CaseGraph, e: string): boolean {
  return !g.getEdgeAttribute(e, "aggregatedInto") && isEdgeVisible(g, e);
}

/** The edges the canvas draws (one per group of parallel links). */
export function drawnEdges(g: CaseGraph): string[] {
  return g.filterEdges((e) => isEdgeDrawn(g, e));
}

/** How an edge is drawn: a group's label, width and highlight on its representative, else its own. */
export function edgeLook(a: EdgeAttrs): { label: string; size: number; highlighted: boolean } {
  if (a.agg) return { label: a.agg.label, size: a.agg.width, highlighted: a.agg.highlighted };
  return { label: a.label, size: a.size, highlighted: !!a.highlighted };
}

/**
 * The group an edge stands for or belongs to, described over the links shown
 * now: for the side panel and the edge's menu. Null for a link drawn alone.
 */
export function groupOf(g: CaseGraph, e: string): LinkGroup | null {
  if (!g.hasEdge(e)) return null;
  const a = g.getEdgeAttributes(e);
  if (a.agg) return a.agg;
  if (a.aggregatedInto && g.hasEdge(a.aggregatedInto)) return g.getEdgeAttribute(a.aggregatedInto, "agg") ?? null;
  const k = a.groupKey;
  if (!k) return null;
  const edges = g.filterEdges((x, b) => b.groupKey === k && isEdgeVisible(g, x)).sort();
  return edges.length > 1 ? describeGroup(g, k, edges) : null;
}
