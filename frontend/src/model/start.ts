// The start page's facts: what the server has loaded (datasets, entities
// and links per kind from `stats`) and the parties with most links (from a
// DEGREE analysis, topEntities), offered as places to start.
import { schemaStyle } from "./schema";
import type { ApiEntity } from "./types";

export interface GraphStats {
  nodes: number;
  relationships: number;
  bySchema: { key: string; count: number }[];
  byRelationship: { key: string; count: number }[];
}

/** A party and its links, as a DEGREE analysis counted them (a computed value, with its job). */
export interface RankedEntity {
  entity: ApiEntity;
  degree: number;
  computedAt: string;
  job: string;
}

export interface AnalysisJobInfo {
  id: string;
  status: string;
  stage: string;
  progress: number;
  error?: string | null;
}

export interface StartInfo {
  datasets: string[] | null;
  stats: GraphStats | null;
  /** Null until asked; [] when no degree analysis has run. */
  biggest: RankedEntity[] | null;
  /** Why the biggest parties are not listed (no analysis yet, the server cannot run one…). */
  note: string | null;
  /** A degree analysis started from the start page, while it runs. */
  job: AnalysisJobInfo | null;
}

export const EMPTY_START: StartInfo = { datasets: null, stats: null, biggest: null, note: null, job: null };

/** Schemata that are not what an investigator starts from: bookkeeping and computed nodes. */
const BOOKKEEPING = new Set(["IngestJob", "AnalysisJob", "Metric", "Judgement"]);

/** Counts per schema to show: the case's kinds of entity, most first, bookkeeping left out; payments are links. */
export function schemaCounts(stats: GraphStats): { schema: string; label: string; count: number }[] {
  return stats.bySchema
    .filter((c) => !BOOKKEEPING.has(c.key) && c.count > 0)
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .map((c) => ({ schema: c.key, label: schemaStyle(c.key).label, count: c.count }));
}

/** The payments, which the canvas draws as links, counted from the Payment entities. */
export function paymentCount(stats: GraphStats): number {
  return stats.bySchema.find((c) => c.key === "Payment")?.count ?? 0;
}
