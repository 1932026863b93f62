// The graph a dry run says a mapping makes, for the wizard's preview. The
// server's preview lists what each row wrote, in row order, so an entity
// named on many rows comes back many times: here each id is one entity
// (its first name, every other spelling among its aliases, as a load keeps
// them) and each link id one link.
import type { JobReport, RowError } from "./types";

/** An entity of a dry run's preview, as POST /api/ingest answers it. */
export interface DryRunEntity {
  id: string;
  schema: string;
  name: string;
  aliases?: string[] | null;
  properties?: Record<string, unknown> | null;
}

export interface DryRunLink {
  id: string;
  type: string;
  source: string;
  target: string;
}

/** The server's guess at a date column's pattern from a sample of its values (ingest.DateGuess). */
export interface DateGuess {
  patterns: { pattern: string; language: string; fits: number; example: string }[] | null;
  sampled: number;
  fits: number;
  serials: number;
  unfit: string[] | null;
  /** Other patterns that read as many values as other dates (dd/MM or MM/dd): a person must choose. */
  ambiguous: string[] | null;
}

/** How a column was read as dates in a run (ingest.DateColumn). */
export interface DateColumnReport {
  column: string;
  formats: string[] | null;
  values: number;
  failed: number;
  guess: DateGuess;
}

/** Every rejected row of one column for one reason (ingest.ErrorSummary). */
export interface ErrorSummary {
  column: string;
  kind: string;
  reason: string;
  count: number;
  rows: number[] | null;
  values: string[] | null;
  tried?: string[] | null;
  guess?: DateGuess | null;
}

/** A dry run's job report with its preview (entities with their aliases), and how its dates were read. */
export type DryRunJob = Omit<JobReport, "preview"> & {
  preview?: { entities: DryRunEntity[] | null; relationships: DryRunLink[] | null };
  dates?: DateColumnReport[] | null;
  errorSummaries?: ErrorSummary[] | null;
};

export interface PreviewEntity {
  id: string;
  schema: string;
  name: string;
  aliases: string[];
  properties: Record<string, unknown>;
  /** How many rows of the preview name it. */
  rows: number;
}

export interface PreviewLink extends DryRunLink {
  rows: number;
}

export interface PreviewGraph {
  entities: PreviewEntity[];
  links: PreviewLink[];
  /** Links whose other end is past what the preview lists: not drawn. */
  dangling: number;
  /** The server lists this many entity rows (and link rows) at most: more may follow. */
  entityRows: number;
  linkRows: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsFiltered: number;
  errors: RowError[];
  /** A job's own error (a file that could not be read). */
  failures: string[];
  /** The date columns read, each with the server's guess at its pattern. */
  dates: DateColumnReport[];
  /** Row errors, one per column and reason. */
  summaries: ErrorSummary[];
}

export function previewGraph(jobs: DryRunJob[]): PreviewGraph {
  const byId = new Map<string, PreviewEntity>();
  const links = new Map<string, PreviewLink>();
  const g: PreviewGraph = {
    entities: [],
    links: [],
    dangling: 0,
    entityRows: 0,
    linkRows: 0,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsFiltered: 0,
    errors: [],
    failures: [],
    dates: [],
    summaries: [],
  };
  for (const j of jobs) {
    g.rowsRead += j.rowsRead ?? 0;
    g.rowsLoaded += j.rowsLoaded ?? 0;
    g.rowsRejected += j.rowsRejected ?? 0;
    g.rowsFiltered += j.rowsFiltered ?? 0;
    g.errors.push(...(j.errors ?? []));
    if (j.error) g.failures.push(j.error);
    g.dates.push(...(j.dates ?? []));
    g.summaries.push(...(j.errorSummaries ?? []));
    for (const e of j.preview?.entities ?? []) {
      g.entityRows++;
      let have = byId.get(e.id);
      if (!have) {
        have = { id: e.id, schema: e.schema, name: "", aliases: [], properties: {}, rows: 0 };
        byId.set(e.id, have);
      }
      have.rows++;
      for (const n of [e.name, ...(e.aliases ?? [])]) {
        const name = (n ?? "").trim();
        if (!name) continue;
        if (!have.name) have.name = name;
        else if (name !== have.name && !have.aliases.includes(name)) have.aliases.push(name);
      }
      for (const [k, v] of Object.entries(e.properties ?? {})) {
        if (v !== null && v !== undefined && v !== "" && !(k in have.properties)) have.properties[k] = v;
      }
    }
    for (const r of j.preview?.relationships ?? []) {
      g.linkRows++;
      const have = links.get(r.id);
      if (have) have.rows++;
      else links.set(r.id, { ...r, rows: 1 });
    }
  }
  g.entities = [...byId.values()];
  for (const l of links.values()) {
    if (byId.has(l.source) && byId.has(l.target)) g.links.push(l);
    else g.dangling++;
  }
  return g;
}

/** An entity's label in the preview: its name, else what tells it apart (an account's IBAN, a payment's amount and date), else its id. */
export function previewLabel(e: PreviewEntity): string {
  if (e.name) return e.name;
  const p = e.properties;
  const text = (k: string) => (p[k] === undefined || p[k] === null ? "" : String(p[k]));
  const told = text("iban") || text("accountNumber") || text("caseNumber") || [text("amount"), text("currency"), text("date")].filter(Boolean).join(" ");
  return told || e.id;
}

/** The pattern the server guesses for a date column some of whose values did not parse, unless it is unsure (day or month first) or the mapping has it. */
export function suggestedPattern(d: DateColumnReport): string | null {
  const best = d.guess.patterns?.[0];
  if (!best || d.guess.ambiguous?.length) return null;
  if (!d.failed || d.formats?.includes(best.pattern)) return null;
  return best.pattern;
}

function quote(s: string): string {
  return `"${s}"`;
}

/** A row error summary in one line: "3 values in born did not parse as dates; they look like "25/03/1970" → try dd/MM/yyyy (rows 2, 3, 4)". */
export function summaryLine(s: ErrorSummary): string {
  const n = s.count.toLocaleString("en");
  const where = s.column ? ` in ${quote(s.column)}` : "";
  let line =
    s.kind === "date"
      ? `${n} ${s.count === 1 ? "value" : "values"}${where} did not parse as dates (${s.tried?.length ? "patterns tried: " + s.tried.join(", ") + ", then ISO" : "no pattern given, so ISO yyyy-MM-dd only"})`
      : `${n} ${s.count === 1 ? "row" : "rows"}${where}: ${s.reason}`;
  const best = s.guess?.patterns?.[0];
  if (best) line += `; they look like ${quote(best.example)} → try ${best.pattern}`;
  if (s.guess?.ambiguous?.length) line += ` (or ${s.guess.ambiguous.join(", ")}: no day above 12 tells)`;
  if (s.rows?.length) line += ` (rows ${s.rows.join(", ")}${s.count > s.rows.length ? " …" : ""})`;
  return line;
}
