// The server as the store sees it: every call the explorer makes to casegraph,
// by what it asks rather than by URL. httpServer makes them over HTTP
// (api.ts); the store's tests hand the store a fake. Components never call
// the server: they call store actions, which call this.
import * as api from "../api";
import type { SavedView, SavedViewInfo } from "../api";
import type { LinkPage } from "../model/hubLinks";
import type {
  ApiEdge,
  ApiEntity,
  ChargeRecord,
  IngestAnswer,
  IngestJobInfo,
  Judgement,
  Match,
  MatchPage,
  MoneyFlow,
  PathResult,
  RunStatus,
  SearchHit,
  Subgraph,
} from "../model/types";
import type { AnalysisJobInfo, GraphStats, RankedEntity } from "../model/start";
import type { JobAlgorithm, JobScores } from "../model/style";

/**
 * GraphQL `neighborhood`'s arguments. Payments come collapsed (collapsePayments
 * defaults to true); resolve draws a SAME cluster as one entity.
 */
export interface NeighborhoodArgs {
  ids: string[];
  depth: number;
  relationships: string[] | null;
  schemata: string[] | null;
  perNode: number;
  limit: number;
  resolve: boolean;
}

/** GraphQL `xref`'s arguments as the review queue uses them (dataset null: every dataset). */
export interface XrefArgs {
  dataset: string | null;
  judged: boolean | null;
  first: number;
  after: string | null;
}

export interface Server {
  neighborhood(args: NeighborhoodArgs): Promise<Subgraph>;
  /** A page of one entity's links (at most LINK_PAGE), after a cursor; null when there is no such entity. */
  links(id: string, first: number, after: string | null): Promise<LinkPage | null>;
  entity(id: string): Promise<ApiEntity | null>;
  /** One node's records: itself with its sameAs and every record's judgements. */
  records(id: string): Promise<ApiEntity | null>;
  search(query: string, first: number, resolve: boolean): Promise<SearchHit[]>;
  charges(defendant: string, resolve: boolean): Promise<ChargeRecord[]>;
  jobs(ids: string[]): Promise<IngestJobInfo[]>;
  paths(args: { from: string; to: string; maxHops: number; limit: number; resolve: boolean }): Promise<PathResult[]>;
  moneyFlow(args: { from: string; direction: "OUT" | "IN"; maxHops: number; timeOrdered: boolean; resolve: boolean }): Promise<MoneyFlow>;

  /** The datasets loaded, for the review queue's picker and the start page. */
  datasets(): Promise<string[]>;
  /** What the graph holds: counts per schema and per relationship type (the start page). */
  stats(): Promise<GraphStats>;
  /**
   * The parties with most links, from the newest finished DEGREE analysis
   * (topEntities), with their entities; empty when none has run.
   */
  topByDegree(first: number): Promise<RankedEntity[]>;
  /** Starts a DEGREE analysis of the parties (analyst role; needs Graph Data Science on the server). */
  analyzeDegree(): Promise<AnalysisJobInfo>;
  analysisJob(id: string): Promise<AnalysisJobInfo | null>;
  /**
   * Scores the newest finished job of a scoring algorithm stored for these
   * entities (GraphQL metrics, at most 1,000 ids): by entity id, with the job.
   */
  jobScores(ids: string[], algorithm: JobAlgorithm): Promise<JobScores>;
  /** A page of candidate pairs, best first. */
  xref(args: XrefArgs): Promise<MatchPage>;
  /** An analyst's verdict on a pair; a refusal (a contradiction) rejects with the server's message. */
  judge(args: { left: string; right: string; judgement: Judgement; note: string | null }): Promise<Match>;

  listViews(): Promise<SavedViewInfo[]>;
  getView(id: string): Promise<SavedView>;
  saveView(name: string, state: unknown, shared: boolean): Promise<SavedViewInfo & { url: string }>;
  shareView(id: string, shared: boolean): Promise<SavedViewInfo>;
  deleteView(id: string): Promise<void>;

  ingest(form: FormData): Promise<{ ok: boolean; status: number; body: IngestAnswer }>;
  ingestRun(id: string): Promise<RunStatus>;
  blob(url: string): Promise<Blob>;
  graphiql(params: unknown): Promise<unknown>;

  setToken(token: string | null): void;
  /** Called when the server answers 401. */
  onUnauthorized(fn: () => void): void;
}

const { gql, Q } = api;

/** The schemata a "party" is: who pays, owns, directs or prosecutes. */
const PARTIES = ["Person", "Company", "Organization", "PublicBody"];

/** The start page's questions: what is loaded, and who has most links. */
const START = {
  stats: `query Stats { stats { nodes relationships bySchema { key count } byRelationship { key count } } }`,
  top: `query Top($first: Int) { topEntities(algorithm: DEGREE, first: $first) { entityId value computedAt job { id } } }`,
  entities: (ids: string[]) =>
    `query Entities { ${ids.map((id, i) => `e${i}: entity(id: ${JSON.stringify(id)}) { id schema name aliases properties canonicalId sameAs { id } }`).join("\n")} }`,
  analyze: `mutation Analyze($schemata: [String!]) { analyze(algorithm: DEGREE, projection: { schemata: $schemata }) { id status stage progress error } }`,
  job: `query Job($id: ID!) { analysisJob(id: $id) { id status stage progress error } }`,
  scores: `query Scores($ids: [ID!]!, $algorithm: Algorithm!) { metrics(ids: $ids, algorithm: $algorithm) { entityId value computedAt job { id } } }`,
};

interface XrefAnswer {
  edges: { cursor: string; node: Match }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  judgedCount: number;
}

export const httpServer: Server = {
  neighborhood: async (args) => (await gql<{ neighborhood: Subgraph }>(Q.neighborhood, { ...args })).neighborhood,
  links: async (id, first, after) => {
    type Answer = { links: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ApiEdge[] } } | null;
    const l = (await gql<{ entity: Answer }>(Q.links, { id, first, after })).entity?.links;
    return l ? { edges: l.nodes, total: l.totalCount, hasNext: l.pageInfo.hasNextPage, endCursor: l.pageInfo.endCursor } : null;
  },
  entity: async (id) => (await gql<{ entity: ApiEntity | null }>(Q.entity, { id })).entity,
  records: async (id) => (await gql<{ entity: ApiEntity | null }>(Q.records, { id })).entity,
  search: async (q, first, resolve) => (await gql<{ search: { edges: SearchHit[] } }>(Q.search, { q, first, resolve })).search.edges,
  charges: async (defendant, resolve) =>
    (await gql<{ charges: { nodes: ChargeRecord[] } }>(Q.charges, { defendant, resolve })).charges.nodes,
  jobs: async (ids) => Object.values(await gql<Record<string, IngestJobInfo | null>>(Q.jobs(ids))).filter(Boolean) as IngestJobInfo[],
  paths: async (args) => (await gql<{ paths: PathResult[] }>(Q.paths, { ...args })).paths,
  moneyFlow: async (args) => (await gql<{ moneyFlow: MoneyFlow }>(Q.moneyFlow, { ...args })).moneyFlow,
  datasets: async () => (await gql<{ datasets: string[] }>(Q.datasets)).datasets,
  stats: async () => (await gql<{ stats: GraphStats }>(START.stats)).stats,
  topByDegree: async (first) => {
    const { topEntities } = await gql<{ topEntities: { entityId: string; value: number | null; computedAt: string; job: { id: string } }[] }>(START.top, { first });
    if (!topEntities.length) return [];
    const found = await gql<Record<string, ApiEntity | null>>(START.entities(topEntities.map((m) => m.entityId)));
    return topEntities.flatMap((m, i) => {
      const entity = found[`e${i}`];
      return entity ? [{ entity, degree: m.value ?? 0, computedAt: m.computedAt, job: m.job.id }] : [];
    });
  },
  analyzeDegree: async () => (await gql<{ analyze: AnalysisJobInfo }>(START.analyze, { schemata: PARTIES })).analyze,
  analysisJob: async (id) => (await gql<{ analysisJob: AnalysisJobInfo | null }>(START.job, { id })).analysisJob,
  jobScores: async (ids, algorithm) => {
    const { metrics } = await gql<{ metrics: { entityId: string; value: number | null; computedAt: string | null; job: { id: string } }[] }>(START.scores, { ids, algorithm });
    const values: Record<string, number> = {};
    for (const m of metrics) if (m.value != null) values[m.entityId] = m.value;
    return { algorithm, job: metrics[0]?.job.id ?? null, computedAt: metrics[0]?.computedAt ?? null, values };
  },
  xref: async (args) => {
    const { xref } = await gql<{ xref: XrefAnswer }>(Q.xref, { ...args });
    return {
      matches: xref.edges.map((e) => e.node),
      cursors: xref.edges.map((e) => e.cursor),
      hasNextPage: xref.pageInfo.hasNextPage,
      endCursor: xref.pageInfo.endCursor ?? null,
      totalCount: xref.totalCount,
      judgedCount: xref.judgedCount,
    };
  },
  judge: async (args) => (await gql<{ judge: Match }>(Q.judge, { ...args })).judge,

  listViews: api.listViews,
  getView: api.getView,
  saveView: api.saveView,
  shareView: api.shareView,
  deleteView: api.deleteView,

  ingest: api.postIngest,
  ingestRun: api.getIngestRun,
  blob: api.getBlob,
  graphiql: api.graphiqlFetch,

  setToken: api.setToken,
  onUnauthorized: api.setUnauthorizedHandler,
};
