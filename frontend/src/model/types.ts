// Shapes of the GraphQL answers the explorer uses (see api/schema.graphql).
import type { LinkGroup } from "./aggregate";

export interface SourceDoc {
  id?: string;
  title?: string | null;
  url?: string | null;
  publisher?: string | null;
  publishedAt?: string | null;
}

export interface ApiEntity {
  id: string;
  schema: string;
  name?: string | null;
  aliases?: string[];
  properties?: Record<string, unknown>;
  sources?: SourceDoc[];
  jobIds?: string[];
  /** The record that stands for this entity's SAME cluster (its own id if none). */
  canonicalId?: string;
  /** The other records of its SAME cluster (empty if none). */
  sameAs?: ApiEntity[];
  /** The judged pairs this record is part of, newest first. */
  judgements?: Match[];
}

// --- cross-referencing (xref, matches, judge) -------------------------------------------

export type Judgement = "SAME" | "DIFFERENT" | "UNSURE";

/** One piece of evidence about a pair: score is its signed share of the log-odds (value × weight). */
export interface MatchFeature {
  name: string;
  score: number;
  weight: number;
  value: number;
  detail: string;
}

/** A candidate pair: score is computed (0..1), not a fact; judgement is null until an analyst judges it. */
export interface Match {
  left: ApiEntity;
  right: ApiEntity;
  score: number;
  features: MatchFeature[];
  judgement: Judgement | null;
  note?: string | null;
  judgedBy?: string | null;
  judgedAt?: string | null;
}

export interface MatchPage {
  matches: Match[];
  /** The cursor after each match, in order. */
  cursors: string[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
  judgedCount: number;
}

export interface ApiEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  role?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  sourceIds?: string[];
  sources?: SourceDoc[];
  paymentId?: string | null;
  amount?: number | null;
  currency?: string | null;
  date?: string | null;
}

export interface NodeDegree {
  id: string;
  degree: number;
  hidden: number;
}

export interface Subgraph {
  nodes: ApiEntity[];
  edges: ApiEdge[];
  degrees?: NodeDegree[];
  truncated?: boolean;
}

export interface Flow {
  payer: string;
  beneficiary: string;
  currency?: string | null;
  total: number;
  count: number;
  firstDate?: string | null;
  lastDate?: string | null;
  paymentIds: string[];
}

export interface Chain {
  paymentIds: string[];
  parties: string[];
  amounts: number[];
  currencies: string[];
  dates: string[];
}

export interface MoneyFlow {
  nodes: ApiEntity[];
  flows: Flow[];
  chains: Chain[];
  totals: { currency: string; total: number }[];
  truncated: boolean;
}

export interface PathResult {
  length: number;
  nodes: ApiEntity[];
  edges: ApiEdge[];
}

export interface NodeAttrs {
  label: string;
  schema: string;
  x: number;
  y: number;
  size: number;
  color: string;
  image?: string;
  properties: Record<string, unknown>;
  aliases: string[];
  /** The documents the server cites for this entity. */
  sources?: SourceDoc[];
  /** The record standing for the SAME cluster this node draws (its own id if none). */
  canonicalId?: string;
  /** The ids of the other records this node draws (judged SAME); empty for a single record. */
  sameAs?: string[];
  degree?: number;
  hiddenLinks?: number;
  pinned?: boolean;
  userHidden?: boolean;
  timeHidden?: boolean;
  highlighted?: boolean;
  expanded?: boolean;
  hidden?: boolean;
  fixed?: boolean;
  /** The filters the last "Expand with filters…" on this node used (kept in saved views). */
  expandFilters?: ExpandFilters;
  /** Drawn by the node style (style.ts): its size and picture, when they say more than its type. */
  drawSize?: number | null;
  drawImage?: string | null;
}

/** The options an expansion used: relationship types, schemata, links per node. */
export interface ExpandFilters {
  relationships?: string[];
  schemata?: string[];
  perNode?: number;
}

export interface EdgeAttrs {
  label: string;
  type: string; // sigma's edge program: "arrow" or "curvedArrow"
  curvature?: number;
  relType: string;
  size: number;
  color: string;
  role?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  amount?: number | null;
  currency?: string | null;
  date?: string | null;
  paymentId?: string | null;
  sources?: SourceDoc[];
  /** A link the explorer drew, not one stored: a money flow summarising the payments paymentIds. */
  derived?: boolean;
  paymentIds?: string[];
  count?: number;
  timeHidden?: boolean;
  highlighted?: boolean;
  hidden?: boolean;
  /** Drawn for parallel links (aggregate.ts): the group this link draws, on its representative. */
  agg?: LinkGroup | null;
  /** The representative that draws this link with its group (it is not drawn itself). */
  aggregatedInto?: string | null;
  /** The group of parallel links this link is one of, when there are two or more. */
  groupKey?: string | null;
  /** A payment a drawn money flow sums (flowCover.ts): the flow's edge id; the canvas draws the flow alone. */
  coveredByFlow?: string | null;
}

// --- the side panel's extra answers ---------------------------------------------------

export interface ChargeRecord {
  outcome: string | null;
  charge: { id: string; name: string | null; statute: string | null; description: string | null; count: number | null; outcomeDate: string | null; properties: Record<string, unknown> };
  case: { id: string; name: string | null } | null;
  prosecutor: { id: string; name: string | null } | null;
  sources: SourceDoc[];
}

export interface IngestJobInfo {
  id: string;
  name?: string | null;
  status?: string | null;
  file?: string | null;
  properties?: Record<string, unknown>;
}

export interface SearchHit {
  node: ApiEntity;
  score: number;
}

// --- uploads (POST /api/ingest) ---------------------------------------------------------

export interface RowError {
  file?: string;
  sheet?: string;
  row: number;
  column?: string;
  value?: string;
  reason: string;
  message: string;
}

export interface JobReport {
  jobId: string;
  input: string;
  file: string;
  sheet?: string;
  status: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsFiltered?: number;
  /** Amounts below zero (refunds, reversals) and of zero, each entity once: kept, counted apart. */
  negativeAmounts?: number;
  zeroAmounts?: number;
  /** What this load changed in entities and links an earlier load wrote. */
  entitiesChanged?: number;
  relationshipsChanged?: number;
  propertiesChanged?: number;
  errors: RowError[];
  error: string | null;
  rejectsUrl?: string;
  preview?: {
    entities: { id: string; schema: string; name: string; properties: Record<string, unknown> }[] | null;
    relationships: { id: string; type: string; source: string; target: string }[] | null;
  };
}

export interface IngestProgress {
  input: string;
  jobId: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface RunStatus {
  id: string;
  status: string;
  jobs?: JobReport[];
  progress?: IngestProgress[];
  error?: string | null;
}

/** What POST /api/ingest answers: a dry run's jobs, or a load's id and status; an error either way. */
export interface IngestAnswer {
  id?: string;
  status?: string;
  jobs?: JobReport[];
  error?: string | null;
}
