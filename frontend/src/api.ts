// The explorer talks to casegraph only over HTTP: GraphQL at /graphql, saved
// views at /api/views and uploads at /api/ingest. Only the store calls these
// (through store/server.ts); a 401 asks the store for a token.

import type { IngestAnswer, RunStatus } from "./model/types";

const TOKEN_KEY = "casegraph.token";

export class AuthError extends Error {}

/** A GraphQL error answer: the server's message (safe to show) and its code (EINVALID, ETIMEOUT, …). */
export class ServerError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

export function authHeaders(): Record<string, string> {
  const t = getToken();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

export async function http(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { ...init, headers: { ...authHeaders(), ...(init.headers ?? {}) } });
  if (res.status === 401) {
    onUnauthorized();
    throw new AuthError("The server wants a token: sign in with an API token.");
  }
  return res;
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await http("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await res.json();
  } catch {
    throw new Error(`The server answered ${res.status} without a GraphQL response.`);
  }
  if (body.errors?.length) throw new ServerError(body.errors.map((e) => e.message).join("; "), body.errors[0].extensions?.code ?? null);
  if (!body.data) throw new Error(`The server answered ${res.status} with no data.`);
  return body.data;
}

const SOURCE = "id title url publisher publishedAt";
const EDGE = `id type source target role startDate endDate sourceIds paymentId amount currency date sources { ${SOURCE} }`;
/** An entity as the canvas draws it; sameAs names the other records of a node merged from a SAME cluster. */
const ENTITY = "id schema name aliases properties canonicalId sameAs { id }";
/** A record as the review queue shows it: everything a person compares. */
const RECORD = `id schema name aliases properties jobIds sources { ${SOURCE} }`;
const MATCH = `left { ${RECORD} } right { ${RECORD} } score features { name score weight value detail } judgement note judgedBy judgedAt`;
/** A judged pair in a panel: the two records by id and name. */
const JUDGED = "left { id name } right { id name } score judgement note judgedBy judgedAt";

// Every relationship question takes resolve: with it (the default) the records
// of a SAME cluster come back as one entity under its canonical id; without
// it every record stands apart. The explorer always says which it wants.
export const Q = {
  search: `query Search($q: String!, $first: Int, $resolve: Boolean) {
    search(query: $q, first: $first, resolve: $resolve) { edges { score node { ${ENTITY} } } }
  }`,
  neighborhood: `query Neighborhood($ids: [ID!]!, $depth: Int, $relationships: [String!], $schemata: [String!], $perNode: Int, $limit: Int, $since: Date, $until: Date, $resolve: Boolean) {
    neighborhood(ids: $ids, depth: $depth, relationships: $relationships, schemata: $schemata, perNode: $perNode, limit: $limit, since: $since, until: $until, resolve: $resolve) {
      nodes { ${ENTITY} sources { ${SOURCE} } } edges { ${EDGE} } degrees { id degree hidden } truncated
    }
  }`,
  entity: `query Entity($id: ID!) {
    entity(id: $id) { ${ENTITY} jobIds sources { ${SOURCE} } }
  }`,
  /** One node's records (itself and its sameAs) with their sources, jobs and judgements, for the side panel. */
  records: `query Records($id: ID!) {
    entity(id: $id) {
      ${RECORD} canonicalId judgements { ${JUDGED} }
      sameAs { ${RECORD} judgements { ${JUDGED} } }
    }
  }`,
  jobs: (ids: string[]) =>
    `query Jobs { ${ids
      .map((id, i) => `j${i}: entity(id: ${JSON.stringify(id)}) { id name properties ... on IngestJob { status file sha256 } }`)
      .join("\n")} }`,
  charges: `query Charges($defendant: ID!, $resolve: Boolean) {
    charges(defendant: $defendant, first: 100, resolve: $resolve) { nodes {
      outcome
      charge { id name statute description count outcomeDate properties }
      case { id name properties }
      prosecutor { id name }
      sources { ${SOURCE} }
    } }
  }`,
  paths: `query Paths($from: ID!, $to: ID!, $maxHops: Int, $limit: Int, $resolve: Boolean) {
    paths(from: $from, to: $to, maxHops: $maxHops, limit: $limit, resolve: $resolve) { length nodes { ${ENTITY} } edges { ${EDGE} } }
  }`,
  moneyFlow: `query MoneyFlow($from: ID!, $direction: FlowDirection, $maxHops: Int, $timeOrdered: Boolean, $resolve: Boolean) {
    moneyFlow(from: $from, direction: $direction, maxHops: $maxHops, timeOrdered: $timeOrdered, resolve: $resolve) {
      nodes { ${ENTITY} }
      flows { payer beneficiary currency total count firstDate lastDate paymentIds }
      chains { paymentIds parties amounts currencies dates }
      totals { currency total }
      truncated
    }
  }`,
  datasets: `query Datasets { datasets }`,
  /** A page of one entity's links (CITED_IN aside), by type then id: every link of a hub, past hub protection. */
  links: `query Links($id: ID!, $first: Int, $after: String) {
    entity(id: $id) { id links(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${EDGE} } } }
  }`,
  /** The review queue's page: candidate pairs, best first. */
  xref: `query Xref($dataset: String, $judged: Boolean, $first: Int, $after: String) {
    xref(dataset: $dataset, judged: $judged, first: $first, after: $after) {
      edges { cursor node { ${MATCH} } }
      pageInfo { hasNextPage endCursor }
      totalCount judgedCount
    }
  }`,
  judge: `mutation Judge($left: ID!, $right: ID!, $judgement: Judgement!, $note: String) {
    judge(left: $left, right: $right, judgement: $judgement, note: $note) { ${MATCH} }
  }`,
};

// --- saved views (/api/views) -------------------------------------------------------

export interface SavedViewInfo {
  id: string;
  name: string;
  createdAt: string;
  url?: string;
  /** The name of the token that saved it. */
  owner?: string;
  /** Shared views are readable by every token; others only by their owner (and admins). */
  shared?: boolean;
  /** The asking token saved it, so it may share or delete it. */
  mine?: boolean;
}

export interface SavedView extends SavedViewInfo {
  state: unknown;
}

async function viewsCall<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await http(url, init);
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* no JSON body */
  }
  if (!res.ok) {
    const msg = (body as { error?: string } | null)?.error;
    throw new Error(msg ? `Views: ${msg}` : res.status === 404 ? "That saved view does not exist." : `Views: the server answered ${res.status}.`);
  }
  return body as T;
}

/** A write to /api/views: always JSON, as the server wants of every write. */
function viewsWrite<T>(method: "POST" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<T> {
  return viewsCall(url, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function saveView(name: string, state: unknown, shared = false): Promise<SavedViewInfo & { url: string }> {
  return viewsWrite("POST", "/api/views", { name, state, shared });
}

/** Shares a view of one's own with every token, or makes it private again. */
export function shareView(id: string, shared: boolean): Promise<SavedViewInfo> {
  return viewsWrite("PATCH", `/api/views/${encodeURIComponent(id)}`, { shared });
}

export function deleteView(id: string): Promise<void> {
  return viewsWrite("DELETE", `/api/views/${encodeURIComponent(id)}`);
}

export function listViews(): Promise<SavedViewInfo[]> {
  return viewsCall("/api/views");
}

export function getView(id: string): Promise<SavedView> {
  return viewsCall(`/api/views/${encodeURIComponent(id)}`);
}

// --- uploads (/api/ingest) ------------------------------------------------------------

/** POST /api/ingest: the status and the JSON answer, whatever the status (a dry run reports errors in it). */
export async function postIngest(form: FormData): Promise<{ ok: boolean; status: number; body: IngestAnswer }> {
  const res = await http("/api/ingest", { method: "POST", body: form });
  return { ok: res.ok, status: res.status, body: await res.json() };
}

/** GET /api/ingest/<id>: where a load is. */
export async function getIngestRun(id: string): Promise<RunStatus> {
  const res = await http(`/api/ingest/${id}`);
  return res.json();
}

/** A file the server offers (the rejected rows of a job), with the token. */
export async function getBlob(url: string): Promise<Blob> {
  const res = await http(url);
  return res.blob();
}

// --- GraphiQL ---------------------------------------------------------------------------

/** GraphiQL's fetcher: the request as typed, the answer as it comes (errors included, no sign-in box). */
export async function graphiqlFetch(params: unknown): Promise<unknown> {
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...authHeaders() },
    body: JSON.stringify(params),
  });
  return res.json();
}
