// The review queue: candidate pairs of records that may be the same person,
// company or bank account, shown one at a time for an analyst to judge
// (SAME, DIFFERENT, UNSURE) or skip. This file is the queue's state machine
// and what it shows, with no server and no React: the store (store.ts) does
// the fetching and judging and moves the state through these functions; the
// page (components/ReviewPage.tsx) draws it and maps keys to actions.
import type { ApiEntity, Judgement, Match, MatchFeature, MatchPage, Subgraph } from "./types";

/** How many candidates a page of the queue asks for. */
export const PAGE_SIZE = 20;

export interface ReviewItem {
  match: Match;
  /** The server's cursor after this candidate. */
  cursor: string;
}

export interface ReviewState {
  /** The dataset whose records are reviewed against all others; null: every candidate. */
  dataset: string | null;
  /** The candidates fetched so far, in the server's order (best first). */
  items: ReviewItem[];
  /** The candidate shown; items.length when past the last one fetched. */
  index: number;
  /** Whether the server has unjudged candidates beyond those fetched. */
  hasMore: boolean;
  /** The candidates in the queue's scope, judged or not, and how many of them are judged. */
  total: number;
  judged: number;
  /** A page is on its way; a verdict is on its way. */
  loading: boolean;
  judging: boolean;
  /** The last failure, as the server said it (a refused verdict names the contradiction). */
  error: string | null;
  /** Why the queue waits (the server is still cross-referencing), while it asks again. */
  notice: string | null;
  /** The note that goes with the next verdict. */
  note: string;
}

export function initialReview(dataset: string | null): ReviewState {
  return { dataset, items: [], index: 0, hasMore: true, total: 0, judged: 0, loading: true, judging: false, error: null, notice: null, note: "" };
}

/** A pair's key, the same whichever way round it is given. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Whether the queue already holds a pair. */
export function holds(s: ReviewState, m: Match): boolean {
  const k = pairKey(m.left.id, m.right.id);
  return s.items.some((i) => pairKey(i.match.left.id, i.match.right.id) === k);
}

/**
 * A page of unjudged candidates arrived (xref with judged: false). The counts
 * are the queue's whole scope: totalCount counts the pairs the filter lets
 * through (the unjudged ones) and judgedCount those already judged, so the
 * queue holds their sum. A candidate already fetched is not added twice, and
 * a page that brings nothing new ends the queue, whatever it says.
 *
 * Pages are read in passes from the first (store.ts): a verdict takes its
 * pair (and pairs it joins) out of the unjudged list, so a cursor taken
 * before it may no longer point where it did.
 */
export function pageLoaded(s: ReviewState, page: MatchPage): ReviewState {
  const seen = new Set(s.items.map((i) => pairKey(i.match.left.id, i.match.right.id)));
  const fresh: ReviewItem[] = [];
  page.matches.forEach((match, i) => {
    const k = pairKey(match.left.id, match.right.id);
    if (seen.has(k)) return;
    seen.add(k);
    fresh.push({ match, cursor: page.cursors[i] ?? "" });
  });
  return {
    ...s,
    items: s.items.concat(fresh),
    hasMore: page.hasNextPage && fresh.length > 0,
    total: page.totalCount + page.judgedCount,
    judged: page.judgedCount,
    loading: false,
    error: null,
    notice: null,
  };
}

export function pageFailed(s: ReviewState, message: string): ReviewState {
  return { ...s, loading: false, notice: null, error: `Could not load the candidates: ${message}` };
}

/** The server is still cross-referencing: the queue says so and asks again. */
export function stillRunning(s: ReviewState, message: string): ReviewState {
  return { ...s, notice: message };
}

/** The candidate shown, or null past the end. */
export function current(s: ReviewState): ReviewItem | null {
  return s.items[s.index] ?? null;
}

/** The shown candidate is the last fetched (or none is left): time to fetch the next page. */
export function wantsMore(s: ReviewState): boolean {
  return s.hasMore && !s.loading && s.index >= s.items.length - 1;
}

/** Nothing left to show and nothing left to fetch. */
export function finished(s: ReviewState): boolean {
  return !s.loading && !s.hasMore && s.index >= s.items.length;
}

export function judging(s: ReviewState): ReviewState {
  return { ...s, judging: true, error: null };
}

/**
 * The server recorded a verdict on the shown candidate: it keeps the verdict,
 * counts it (once: judging again after going back changes no count) and the
 * next candidate shows, with an empty note.
 */
export function judged(s: ReviewState, answer: Match): ReviewState {
  const i = s.items.findIndex((it) => pairKey(it.match.left.id, it.match.right.id) === pairKey(answer.left.id, answer.right.id));
  if (i < 0) return { ...s, judging: false };
  const wasJudged = s.items[i].match.judgement != null;
  const items = s.items.slice();
  items[i] = { ...items[i], match: { ...items[i].match, judgement: answer.judgement, note: answer.note, judgedBy: answer.judgedBy, judgedAt: answer.judgedAt } };
  return {
    ...s,
    items,
    index: Math.min(i + 1, items.length),
    judged: wasJudged ? s.judged : s.judged + 1,
    judging: false,
    error: null,
    note: "",
  };
}

/** The server refused the verdict (or failed): the candidate stays, with its note, and the server's reason shows. */
export function refused(s: ReviewState, message: string): ReviewState {
  return { ...s, judging: false, error: `Not recorded: ${message}` };
}

/** On to the next candidate without a verdict. */
export function skip(s: ReviewState): ReviewState {
  return { ...s, index: Math.min(s.index + 1, s.items.length), error: null, note: "" };
}

/** Back to the previous candidate (judged or skipped), to see it again or change the verdict. */
export function back(s: ReviewState): ReviewState {
  return { ...s, index: Math.max(s.index - 1, 0), error: null, note: "" };
}

export function withNote(s: ReviewState, note: string): ReviewState {
  return { ...s, note };
}

/** "3 of 41 reviewed · 38 left" */
export function progressText(s: ReviewState): string {
  const left = Math.max(0, s.total - s.judged);
  return `${s.judged} of ${s.total} reviewed · ${left} left`;
}

// --- keys ---------------------------------------------------------------------------------

export type ReviewAction = { kind: "judge"; judgement: Judgement } | { kind: "skip" } | { kind: "back" };

/** What a key press means to the queue; null for keys it leaves alone. */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The element the key went to: typing in a field is never a verdict. */
  target?: { tagName?: string; isContentEditable?: boolean } | null;
}

const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

export function keyAction(e: KeyPress): ReviewAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const t = e.target;
  if (t && (t.isContentEditable || (t.tagName && TYPING.has(t.tagName.toUpperCase())))) return null;
  switch (e.key) {
    case "s":
    case "S":
      return { kind: "judge", judgement: "SAME" };
    case "d":
    case "D":
      return { kind: "judge", judgement: "DIFFERENT" };
    case "u":
    case "U":
      return { kind: "judge", judgement: "UNSURE" };
    case "n":
    case "N":
    case "ArrowRight":
      return { kind: "skip" };
    case "ArrowLeft":
      return { kind: "back" };
    default:
      return null;
  }
}

// --- what a candidate shows -----------------------------------------------------------------

export type Agreement = "same" | "differs" | "left" | "right";

export interface PropertyRow {
  key: string;
  left: string;
  right: string;
  /** same: both say the same; differs: both say something else; left/right: only that record says it. */
  agreement: Agreement;
}

/** A property's value as text, and as the set of normalised values compared. */
function values(v: unknown): string[] {
  if (v == null || v === "") return [];
  if (Array.isArray(v)) return v.flatMap(values);
  return [typeof v === "object" ? JSON.stringify(v) : String(v)];
}

export function normalise(s: string): string {
  return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/** Every property either record has, side by side, with whether they agree; differences first, then by name. */
export function compareProperties(left: ApiEntity, right: ApiEntity): PropertyRow[] {
  const lp = left.properties ?? {};
  const rp = right.properties ?? {};
  const keys = [...new Set([...Object.keys(lp), ...Object.keys(rp)])].filter((k) => k !== "name" && k !== "alias");
  const order: Record<Agreement, number> = { differs: 0, left: 1, right: 1, same: 2 };
  const rows: PropertyRow[] = [];
  for (const key of keys) {
    const l = values(lp[key]);
    const r = values(rp[key]);
    if (!l.length && !r.length) continue;
    let agreement: Agreement;
    if (!r.length) agreement = "left";
    else if (!l.length) agreement = "right";
    else {
      const ln = new Set(l.map(normalise));
      const rn = new Set(r.map(normalise));
      agreement = ln.size === rn.size && [...ln].every((x) => rn.has(x)) ? "same" : "differs";
    }
    rows.push({ key, left: l.join(", "), right: r.join(", "), agreement });
  }
  return rows.sort((a, b) => order[a.agreement] - order[b.agreement] || a.key.localeCompare(b.key));
}

/** A record's names: its name first, then its aliases, each once. */
export function names(e: ApiEntity): string[] {
  return [...new Set([e.name, ...(e.aliases ?? [])].filter((n): n is string => !!n))];
}

/** The names of one record that the other also has (compared normalised). */
export function sharedNames(a: ApiEntity, b: ApiEntity): Set<string> {
  const other = new Set(names(b).map(normalise));
  return new Set(names(a).filter((n) => other.has(normalise(n))));
}

/** A feature's contribution to the score as a signed number: "+2.10", "−0.80", "0.00". */
export function contribution(f: Pick<MatchFeature, "score">): string {
  const v = Math.round(f.score * 100) / 100;
  if (v === 0) return "0.00";
  return `${v > 0 ? "+" : "−"}${Math.abs(v).toFixed(2)}`;
}

/** The features strongest first (by the size of their contribution, for or against). */
export function strongestFirst(fs: MatchFeature[]): MatchFeature[] {
  return fs.slice().sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || a.name.localeCompare(b.name));
}

/** The score as a percentage, for a computed (not stated) value. */
export function scoreText(score: number): string {
  return `${Math.round(score * 100)}%`;
}

export interface Neighbour {
  /** The link's type (and role, if it has one). */
  link: string;
  /** out: this record → the neighbour; in: the neighbour → this record. */
  direction: "out" | "in";
  id: string;
  name: string;
  schema: string;
}

/** A record's neighbours in its own neighbourhood (neighborhood with resolve: false), by link type then name. */
export function neighboursOf(id: string, sub: Subgraph): Neighbour[] {
  const byId = new Map(sub.nodes.map((n) => [n.id, n]));
  const out: Neighbour[] = [];
  for (const e of sub.edges) {
    if (e.source !== id && e.target !== id) continue;
    const other = e.source === id ? e.target : e.source;
    if (other === id) continue;
    const n = byId.get(other);
    out.push({
      link: e.type + (e.role ? `: ${e.role}` : ""),
      direction: e.source === id ? "out" : "in",
      id: other,
      name: n?.name || other,
      schema: n?.schema ?? "",
    });
  }
  return out.sort((a, b) => a.link.localeCompare(b.link) || a.name.localeCompare(b.name));
}
