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

/** A dry run's job report with its preview (entities with their aliases). */
export type DryRunJob = Omit<JobReport, "preview"> & {
  preview?: { entities: DryRunEntity[] | null; relationships: DryRunLink[] | null };
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
  };
  for (const j of jobs) {
    g.rowsRead += j.rowsRead ?? 0;
    g.rowsLoaded += j.rowsLoaded ?? 0;
    g.rowsRejected += j.rowsRejected ?? 0;
    g.rowsFiltered += j.rowsFiltered ?? 0;
    g.errors.push(...(j.errors ?? []));
    if (j.error) g.failures.push(j.error);
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
