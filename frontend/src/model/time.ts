// The time slider's logic: which nodes and links fall inside a date window.
// Dates may be partial ("2011", "2011-03"); a partial date stands for the
// whole year or month, so "2011-03" is inside a window ending 2011-03-10.
import type { CaseGraph } from "./graph";
import type { EdgeAttrs, NodeAttrs } from "./types";

export interface TimeWindow {
  since?: string | null; // YYYY-MM-DD (or a partial date: its first day), inclusive
  until?: string | null; // YYYY-MM-DD (or a partial date: its last day), inclusive
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysIn(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Dates already read: a real case's thousands of payments share a few thousand dates, read on every change. */
const ranges = new Map<string, [string, string] | null>();

/** The first and last day a (partial) date stands for, or null if it is no date. */
export function dateRange(s: unknown): [string, string] | null {
  if (typeof s !== "string") return null;
  let r = ranges.get(s);
  if (r === undefined) {
    r = readRange(s);
    if (ranges.size > 50_000) ranges.clear();
    ranges.set(s, r);
  }
  return r;
}

function readRange(s: string): [string, string] | null {
  const m = DATE.exec(s);
  if (!m) return null;
  const y = m[1];
  if (m[2] && (+m[2] < 1 || +m[2] > 12)) return null;
  if (m[3] && (+m[3] < 1 || +m[3] > daysIn(+y, +m[2]))) return null;
  if (!m[2]) return [`${y}-01-01`, `${y}-12-31`];
  if (!m[3]) return [`${y}-${m[2]}-01`, `${y}-${m[2]}-${String(daysIn(+y, +m[2])).padStart(2, "0")}`];
  const d = `${y}-${m[2]}-${m[3]}`;
  return [d, d];
}

/**
 * The span of an item: [first day, last day], the last null while it is still
 * running; null when the item has no date at all. This is casegraph's interval
 * rule (window.go's SpanOf, graph/window.go's Cypher, docs/model.md), tested on
 * the same cases (testdata/intervals.json):
 * - a partial date stands for every day of it;
 * - only an end date: that date alone (a case known by the year it closed is
 *   not open since the beginning of time);
 * - only a start date: still running;
 * - neither: undated, never hidden by a window.
 */
export type Span = [string, string | null] | null;

export function span(start: unknown, end: unknown): Span {
  const a = dateRange(start);
  const b = dateRange(end);
  if (!a && !b) return null;
  return [(a ?? b)![0], b ? b[1] : null];
}

/** Which properties date a schema's entities: the first set of `start`, the first set of `end` (window.go's Datings). */
export const DATINGS: Record<string, { start: string[]; end: string[] }> = {
  Payment: { start: ["date"], end: ["date"] },
  Event: { start: ["date"], end: ["date"] },
  CourtCase: { start: ["fileDate"], end: ["closeDate"] },
  // a charge is placed at its outcome's date or, without one, at the date its state was reported
  Charge: { start: ["outcomeDate", "reportedOn"], end: ["outcomeDate", "reportedOn"] },
};

function firstDate(p: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (dateRange(p[k])) return p[k];
  return null;
}

export function nodeSpan(a: Pick<NodeAttrs, "schema" | "properties">): Span {
  const d = DATINGS[a.schema];
  if (!d) return null; // people, companies, accounts are not events in time
  const p = a.properties ?? {};
  return span(firstDate(p, d.start), firstDate(p, d.end));
}

/** A collapsed payment is its payment's date; a money flow runs from its first payment to its last. */
export function edgeSpan(a: Pick<EdgeAttrs, "relType" | "date" | "startDate" | "endDate">): Span {
  if (a.relType === "PAYMENT") return span(a.date, a.date);
  if (a.relType === "MONEY_FLOW") return span(a.date, a.endDate ?? a.date);
  return span(a.startDate, a.endDate);
}

/** Undated items are always inside; dated ones when their span meets the window (a partial bound stands for all its days). */
export function inWindow(s: Span, w: TimeWindow): boolean {
  if (!s) return true;
  const [start, end] = s;
  const until = dateRange(w.until)?.[1];
  const since = dateRange(w.since)?.[0];
  if (until && start > until) return false;
  if (since && end && end < since) return false;
  return true;
}

/** Set timeHidden on every node and edge; returns how many items the window hides. */
export function applyTimeWindow(g: CaseGraph, w: TimeWindow): number {
  let hidden = 0;
  g.forEachNode((n, a) => {
    const out = !inWindow(nodeSpan(a), w);
    if (out) hidden++;
    if (!!a.timeHidden !== out) g.setNodeAttribute(n, "timeHidden", out);
  });
  g.forEachEdge((e, a) => {
    const out = !inWindow(edgeSpan(a), w);
    if (out) hidden++;
    if (!!a.timeHidden !== out) g.setEdgeAttribute(e, "timeHidden", out);
  });
  return hidden;
}

/** The months (YYYY-MM) the slider runs over: from the earliest to the latest date in the graph. */
export function timeDomain(g: CaseGraph): string[] {
  let min: string | null = null,
    max: string | null = null;
  const see = (s: Span) => {
    if (!s) return;
    for (const d of s) {
      if (!d) continue;
      if (!min || d < min) min = d;
      if (!max || d > max) max = d;
    }
  };
  g.forEachNode((_, a) => see(nodeSpan(a)));
  g.forEachEdge((_, a) => see(edgeSpan(a)));
  if (!min || !max) return [];
  return monthsBetween(min, max);
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = +from.slice(0, 4),
    m = +from.slice(5, 7) || 1;
  const ey = +to.slice(0, 4),
    em = +to.slice(5, 7) || 12;
  while (y < ey || (y === ey && m <= em)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 2400) break; // 200 years is enough
  }
  return out;
}

/** First and last day of a YYYY-MM month, for the window's bounds. */
export function monthStart(month: string): string {
  return `${month}-01`;
}
export function monthEnd(month: string): string {
  return dateRange(month)![1];
}
