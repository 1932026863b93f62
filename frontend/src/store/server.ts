// The server as the store sees it: every call the explorer makes to casegraph,
// by what it asks rather than by URL. httpServer makes them over HTTP
// (api.ts); the store's tests hand the store a fake. Components never call
// the server: they call store actions, which call this.
import * as api from "../api";
import type { SavedView, SavedViewInfo } from "../api";
import type {
  ApiEntity,
  ChargeRecord,
  IngestAnswer,
  IngestJobInfo,
  MoneyFlow,
  PathResult,
  RunStatus,
  SearchHit,
  Subgraph,
} from "../model/types";

/** GraphQL `neighborhood`'s arguments. Payments come collapsed (collapsePayments defaults to true). */
export interface NeighborhoodArgs {
  ids: string[];
  depth: number;
  relationships: string[] | null;
  schemata: string[] | null;
  perNode: number;
  limit: number;
}

export interface Server {
  neighborhood(args: NeighborhoodArgs): Promise<Subgraph>;
  entity(id: string): Promise<ApiEntity | null>;
  search(query: string, first: number): Promise<SearchHit[]>;
  charges(defendant: string): Promise<ChargeRecord[]>;
  jobs(ids: string[]): Promise<IngestJobInfo[]>;
  paths(args: { from: string; to: string; maxHops: number; limit: number }): Promise<PathResult[]>;
  moneyFlow(args: { from: string; direction: "OUT" | "IN"; maxHops: number; timeOrdered: boolean }): Promise<MoneyFlow>;

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

export const httpServer: Server = {
  neighborhood: async (args) => (await gql<{ neighborhood: Subgraph }>(Q.neighborhood, { ...args })).neighborhood,
  entity: async (id) => (await gql<{ entity: ApiEntity | null }>(Q.entity, { id })).entity,
  search: async (q, first) => (await gql<{ search: { edges: SearchHit[] } }>(Q.search, { q, first })).search.edges,
  charges: async (defendant) => (await gql<{ charges: { nodes: ChargeRecord[] } }>(Q.charges, { defendant })).charges.nodes,
  jobs: async (ids) => Object.values(await gql<Record<string, IngestJobInfo | null>>(Q.jobs(ids))).filter(Boolean) as IngestJobInfo[],
  paths: async (args) => (await gql<{ paths: PathResult[] }>(Q.paths, { ...args })).paths,
  moneyFlow: async (args) => (await gql<{ moneyFlow: MoneyFlow }>(Q.moneyFlow, { ...args })).moneyFlow,

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
