// The store's review queue and merged records against a fake server: what it
// asks (xref pages, judge, resolve on every question) and what it does with
// the answers and refusals.
import { describe, expect, it, vi } from "vitest";
import type { ApiEntity, Judgement, Match, MatchPage, Subgraph } from "../model/types";
import type { Server, XrefArgs } from "./server";
import { Store } from "./store";

const rec = (id: string, name = id, extra: Partial<ApiEntity> = {}): ApiEntity => ({ id, schema: "Person", name, properties: {}, ...extra });
const pair = (a: string, b: string): Match => ({ left: rec(a), right: rec(b), score: 0.8, features: [], judgement: null });

/** A server with the review queue's calls; anything else it is not given fails the test. */
function fakeServer(answers: Partial<Server>) {
  const unexpected = (name: string) => () => {
    throw new Error(`unexpected server call: ${name}`);
  };
  const names: (keyof Server)[] = ["neighborhood", "entity", "records", "search", "charges", "jobs", "paths", "moneyFlow", "datasets", "xref", "judge"];
  const server: Record<string, unknown> = { setToken: vi.fn(), onUnauthorized: vi.fn() };
  for (const n of names) server[n] = vi.fn(unexpected(n));
  Object.assign(server, answers);
  return server as unknown as { [K in keyof Server]: Server[K] & ReturnType<typeof vi.fn> };
}

/**
 * xref answering from a list of pairs, two at a time, the cursor being the
 * index after the page; judgedNow says how many verdicts the server holds
 * (counted in judgedCount, out of totalCount, which counts the unjudged).
 */
function pagedXref(all: Match[], judgedNow: () => number = () => 0) {
  return vi.fn(async (args: XrefArgs): Promise<MatchPage> => {
    const from = args.after ? Number(args.after) : 0;
    const matches = all.slice(from, from + 2);
    return {
      matches,
      cursors: matches.map((_, i) => String(from + i + 1)),
      hasNextPage: from + 2 < all.length,
      endCursor: String(from + matches.length),
      totalCount: all.length - judgedNow(),
      judgedCount: judgedNow(),
    };
  });
}

const judgeOk = () =>
  vi.fn(async (a: { left: string; right: string; judgement: Judgement; note: string | null }): Promise<Match> => ({
    ...pair(a.left, a.right),
    judgement: a.judgement,
    note: a.note,
    judgedBy: "analyst",
    judgedAt: "2026-12-01T10:00:00Z",
  }));

describe("the review queue", () => {
  const five = [pair("a", "b"), pair("c", "d"), pair("e", "f"), pair("g", "h"), pair("i", "j")];

  /**
   * A server like casegraph's: xref(judged: false) pages the pairs nobody
   * judged, two at a time, its cursor an offset into that list, so every
   * verdict moves the pairs after it up.
   */
  function offsetServer(all: Match[]) {
    const judgedPairs = new Set<string>();
    const key = (m: { left: { id: string }; right: { id: string } }) => `${m.left.id}|${m.right.id}`;
    const xref = vi.fn(async (args: XrefArgs): Promise<MatchPage> => {
      const open = all.filter((m) => !judgedPairs.has(key(m)));
      const from = args.after ? Number(args.after) : 0;
      const matches = open.slice(from, from + 2);
      return {
        matches,
        cursors: matches.map((_, i) => String(from + i + 1)),
        hasNextPage: from + 2 < open.length,
        endCursor: String(from + matches.length),
        totalCount: open.length,
        judgedCount: judgedPairs.size,
      };
    });
    const judge = vi.fn(async (a: { left: string; right: string; judgement: Judgement; note: string | null }) => {
      judgedPairs.add(`${a.left}|${a.right}`);
      return { ...pair(a.left, a.right), judgement: a.judgement };
    });
    return { xref, judge };
  }

  it("reads unjudged candidates a page at a time, in passes from the first, so no verdict makes it skip one", async () => {
    const server = fakeServer(offsetServer(five));
    const store = new Store(server);
    await store.openReview("register");
    expect(server.xref).toHaveBeenCalledWith({ dataset: "register", judged: false, first: 20, after: null });
    expect(store.state.review).toMatchObject({ index: 0, loading: false, hasMore: true, total: 5, judged: 0 });
    expect(store.state.review!.items).toHaveLength(2);

    await store.reviewJudge("UNSURE"); // a–b judged; c–d, the last fetched, shows: more are fetched
    // the unjudged list is now c, e, g, i: the pass from the first takes e from page one
    expect(server.xref.mock.calls.slice(1).map((c) => c[0].after)).toEqual([null]);
    expect(store.state.review!.items.map((i) => i.match.left.id)).toEqual(["a", "c", "e"]);
    await store.reviewSkip(); // c skipped (it stays unjudged); e, the last fetched, shows
    // page one (c, e) holds nothing new; page two (g, i) does, and is the last
    expect(server.xref.mock.calls.slice(2).map((c) => c[0].after)).toEqual([null, "2"]);
    expect(store.state.review!.items.map((i) => i.match.left.id)).toEqual(["a", "c", "e", "g", "i"]);
    expect(store.state.review).toMatchObject({ hasMore: false, total: 5, judged: 1 });
    await store.reviewJudge("DIFFERENT");
    expect(store.state.review).toMatchObject({ index: 3, total: 5, judged: 2 });
    await store.reviewSkip();
    await store.reviewSkip();
    expect(store.state.review!.index).toBe(5);
    expect(server.xref).toHaveBeenCalledTimes(4);
    // every candidate was shown once, in the server's order
    expect(store.state.review!.items.map((i) => i.match.left.id)).toEqual(five.map((m) => m.left.id));
  });

  it("asks again while the server is still cross-referencing, saying so", async () => {
    const still = Object.assign(new Error("cross-referencing is still running (3 of 9 candidate pairs scored)"), { code: "timeout" });
    const answers = offsetServer(five);
    const xref = vi.fn().mockRejectedValueOnce(still).mockImplementation(answers.xref);
    const store = new Store(fakeServer({ xref }));
    store.retryDelayMs = 0;
    const notices: (string | null)[] = [];
    store.subscribe(() => notices.push(store.state.review?.notice ?? null));
    await store.openReview(null);
    expect(xref).toHaveBeenCalledTimes(2);
    expect(notices).toContain("cross-referencing is still running (3 of 9 candidate pairs scored)");
    expect(store.state.review).toMatchObject({ notice: null, error: null, loading: false });
    expect(store.state.review!.items).toHaveLength(2);
  });

  it("sends the verdict with the note typed, counts it and shows the next candidate", async () => {
    const judge = judgeOk();
    // two pairs judged before (not among these five), and every verdict given here
    const server = fakeServer({ xref: pagedXref([...five, pair("y", "z"), pair("w", "z")], () => judge.mock.calls.length + 2), judge });
    const store = new Store(server);
    await store.openReview(null);
    store.setReviewNote("  same birth date  ");
    await store.reviewJudge("SAME");
    expect(server.judge).toHaveBeenCalledWith({ left: "a", right: "b", judgement: "SAME", note: "same birth date" });
    const r = store.state.review!;
    expect(r.items[0].match.judgement).toBe("SAME");
    expect(r.index).toBe(1);
    expect(r.note).toBe("");
    expect(r.judged).toBe(3);
    expect(r.total).toBe(7);
    // an empty note is sent as none
    await store.reviewJudge("DIFFERENT");
    expect(server.judge.mock.calls[1][0]).toEqual({ left: "c", right: "d", judgement: "DIFFERENT", note: null });
  });

  it("shows a refusal as the server worded it, stays on the candidate, and takes one verdict at a time", async () => {
    let refuse!: (e: Error) => void;
    const judge = vi.fn(() => new Promise<Match>((_, reject) => (refuse = reject)));
    const server = fakeServer({ xref: pagedXref(five), judge });
    const store = new Store(server);
    await store.openReview(null);
    store.setReviewNote("check");
    const first = store.reviewJudge("SAME");
    void store.reviewJudge("DIFFERENT"); // while the first is on its way: ignored
    await store.reviewSkip(); // ignored too
    expect(judge).toHaveBeenCalledTimes(1);
    expect(store.state.review!.judging).toBe(true);
    refuse(new Error("a and b cannot be the same: a and x were judged DIFFERENT (a SAME b SAME x)"));
    await first;
    expect(store.state.review).toMatchObject({
      index: 0,
      judging: false,
      note: "check",
      judged: 0,
      error: "Not recorded: a and b cannot be the same: a and x were judged DIFFERENT (a SAME b SAME x)",
    });
    expect(store.state.review!.items[0].match.judgement).toBeNull();
  });

  it("says when a page fails", async () => {
    const server = fakeServer({ xref: vi.fn(async () => Promise.reject(new Error("Neo4j is down"))) });
    const store = new Store(server);
    await store.openReview(null);
    expect(store.state.review).toMatchObject({ loading: false, error: "Could not load the candidates: Neo4j is down" });
  });
});

describe("merged records on the canvas", () => {
  const lacey = rec("lacey", "Michael Lacey");
  const mergedLacey = rec("lacey", "Michael Lacey", { canonicalId: "lacey", aliases: ["Mike Lacy"], sameAs: [{ id: "reg-lacy", schema: "Person" }] });
  const regLacy = rec("reg-lacy", "Mike Lacy", { canonicalId: "lacey", sameAs: [{ id: "lacey", schema: "Person" }] });
  const larkin = rec("larkin", "Jim Larkin");
  const assoc = (id: string, s: string, t: string) => ({ id, type: "ASSOCIATE", source: s, target: t });

  it("asks every question with resolve, and turning merging off fetches every record apart", async () => {
    const neighborhood = vi.fn(async (a: { ids: string[]; resolve: boolean }): Promise<Subgraph> =>
      a.resolve
        ? { nodes: [mergedLacey, larkin], edges: [assoc("e1", "lacey", "larkin"), assoc("e2", "lacey", "larkin")] }
        : // resolve off: the server still names the cluster; the canvas draws one record a node
          { nodes: [{ ...lacey, sameAs: [{ id: "reg-lacy", schema: "Person" }] }, regLacy, larkin], edges: [assoc("e1", "lacey", "larkin"), assoc("e2", "reg-lacy", "larkin")] },
    );
    const server = fakeServer({
      neighborhood,
      search: vi.fn(async () => [{ node: mergedLacey, score: 1 }]),
      paths: vi.fn(async () => []),
      moneyFlow: vi.fn(async () => ({ nodes: [], flows: [], chains: [], totals: [], truncated: false })),
      charges: vi.fn(async () => []),
    });
    const store = new Store(server);
    await store.search("Lacey");
    expect(server.search).toHaveBeenCalledWith("Lacey", 15, true);
    store.addEntity(mergedLacey);
    await store.expand("lacey");
    expect(neighborhood.mock.calls[0][0]).toMatchObject({ ids: ["lacey"], resolve: true });
    expect(store.graph.nodes().sort()).toEqual(["lacey", "larkin"]);
    expect(store.graph.getNodeAttribute("lacey", "sameAs")).toEqual(["reg-lacy"]);

    await store.setResolve(false);
    expect(store.state.resolve).toBe(false);
    const reload = neighborhood.mock.calls[1][0];
    expect(reload).toMatchObject({ resolve: false });
    expect(reload.ids.sort()).toEqual(["lacey", "larkin", "reg-lacy"]);
    expect(store.graph.nodes().sort()).toEqual(["lacey", "larkin", "reg-lacy"]);
    expect(store.graph.getNodeAttribute("lacey", "sameAs")).toEqual([]); // no marker: it draws one record
    expect(store.graph.edges().sort()).toEqual(["e1", "e2"]);
    expect(store.graph.source("e2")).toBe("reg-lacy");

    await store.findPaths("lacey", "larkin");
    await store.moneyFlow("lacey");
    await store.charges("lacey");
    expect(server.paths.mock.calls[0][0]).toMatchObject({ resolve: false });
    expect(server.moneyFlow.mock.calls[0][0]).toMatchObject({ resolve: false });
    expect(server.charges).toHaveBeenCalledWith("lacey", false);
    expect(store.viewState().resolve).toBe(false);

    await store.setResolve(true);
    expect(store.graph.nodes().sort()).toEqual(["lacey", "larkin"]);
    expect(store.graph.getNodeAttribute("lacey", "sameAs")).toEqual(["reg-lacy"]);
    expect(store.graph.source("e2")).toBe("lacey");
  });

  it("splits a record off with a DIFFERENT verdict, then fetches the canvas again", async () => {
    let split = false;
    const neighborhood = vi.fn(async (): Promise<Subgraph> =>
      split ? { nodes: [lacey, regLacy, larkin].map((n) => ({ ...n, sameAs: [] })), edges: [assoc("e1", "lacey", "larkin")] } : { nodes: [mergedLacey, larkin], edges: [assoc("e1", "lacey", "larkin")] },
    );
    const judge = vi.fn(async (a: { left: string; right: string; judgement: Judgement }) => {
      split = true;
      return { ...pair(a.left, a.right), judgement: a.judgement };
    });
    const store = new Store(fakeServer({ neighborhood, judge }));
    store.addEntity(mergedLacey);
    await store.expand("lacey");
    await store.split("lacey", "reg-lacy");
    expect(judge).toHaveBeenCalledWith({ left: "lacey", right: "reg-lacy", judgement: "DIFFERENT", note: null });
    expect(store.graph.nodes().sort()).toEqual(["lacey", "larkin", "reg-lacy"]);
    expect(store.graph.getNodeAttribute("lacey", "sameAs")).toEqual([]);
  });

  it("a refused split changes nothing and says why", async () => {
    const neighborhood = vi.fn(async (): Promise<Subgraph> => ({ nodes: [mergedLacey], edges: [] }));
    const judge = vi.fn(async () => Promise.reject(new Error("you may not judge: analyst role needed")));
    const store = new Store(fakeServer({ neighborhood, judge }));
    store.addEntity(mergedLacey);
    await expect(store.split("lacey", "reg-lacy")).rejects.toThrow(/analyst role/);
    expect(neighborhood).not.toHaveBeenCalled();
    expect(store.graph.getNodeAttribute("lacey", "sameAs")).toEqual(["reg-lacy"]);
  });

  it("fetches the canvas again on leaving the queue only when a verdict merged or split records", async () => {
    const neighborhood = vi.fn(async (): Promise<Subgraph> => ({ nodes: [mergedLacey], edges: [] }));
    const server = fakeServer({ neighborhood, xref: pagedXref([pair("lacey", "reg-lacy"), pair("x", "y")]), judge: judgeOk() });
    const store = new Store(server);
    store.addEntity(lacey);
    await store.openReview(null);
    await store.reviewJudge("UNSURE");
    await store.closeReview();
    expect(neighborhood).not.toHaveBeenCalled();
    await store.openReview(null);
    await store.reviewJudge("SAME");
    await store.closeReview();
    expect(store.state.review).toBeNull();
    expect(neighborhood).toHaveBeenCalledTimes(1);
    expect(store.graph.getNodeAttribute("lacey", "sameAs")).toEqual(["reg-lacy"]);
  });
});
