// The store at real size: parallel links grouped as the canvas draws them,
// opened and closed, undo keeping the grouping derived, and node styles.
import { describe, expect, it, vi } from "vitest";
import { drawnEdges } from "../model/aggregate";
import { toJSON } from "../model/export";
import { schemaCounts } from "../model/start";
import type { ApiEdge, Subgraph } from "../model/types";
import type { Server } from "./server";
import { Store } from "./store";

/** A hub paying and paid by `parties` parties, `payments` payments in all, in two currencies. */
function hub(payments: number, parties: number): Subgraph {
  const nodes = [{ id: "hub", schema: "Company", name: "Hub", properties: {} }];
  for (let i = 0; i < parties; i++) nodes.push({ id: `p${i}`, schema: i % 2 ? "Person" : "Company", name: `P${i}`, properties: {} });
  const edges: ApiEdge[] = [];
  for (let i = 0; i < payments; i++) {
    const other = `p${i % parties}`;
    const out = i % 3 !== 0;
    edges.push({
      id: `t${i}`,
      type: "PAYMENT",
      source: out ? "hub" : other,
      target: out ? other : "hub",
      paymentId: `t${i}`,
      amount: 1000 + i,
      currency: i % 4 ? "USD" : "EUR",
      date: `2010-${String(1 + (i % 12)).padStart(2, "0")}-01`,
    });
  }
  return { nodes, edges, degrees: [{ id: "hub", degree: payments, hidden: 0 }] };
}

function storeWith(sub: Subgraph) {
  const server = { neighborhood: vi.fn(async () => sub), onUnauthorized: vi.fn() } as unknown as Server;
  return new Store(server, () => "http://x");
}

describe("the store draws parallel links grouped", () => {
  it("groups a hub's payments per party and direction, opens one group, undoes and keeps the grouping", async () => {
    const sub = hub(156, 45);
    const s = storeWith(sub);
    await s.expand("hub");
    const directions = new Set(sub.edges.map((e) => `${e.source}>${e.target}`)).size;
    expect(drawnEdges(s.graph).length).toBe(directions);
    expect(s.visibleEdges().length).toBe(156);
    // exports list every payment, never the groups
    expect(JSON.parse(toJSON(s.graph)).edges.length).toBe(156);

    const rep = drawnEdges(s.graph).find((e) => s.graph.getEdgeAttribute(e, "agg"))!;
    const group = s.graph.getEdgeAttribute(rep, "agg")!;
    s.openGroup(group.key);
    expect(drawnEdges(s.graph).length).toBe(directions - 1 + group.count);
    s.openGroup(group.key, false);
    expect(drawnEdges(s.graph).length).toBe(directions);

    s.setGroupLinks(false);
    expect(drawnEdges(s.graph).length).toBe(156);
    s.setGroupLinks(true);
    s.clear();
    s.undo();
    expect(drawnEdges(s.graph).length).toBe(directions);
  });

  it("sizes nodes by money received and says so for the legend", async () => {
    const s = storeWith(hub(30, 3));
    await s.expand("hub");
    s.setStyle({ size: "moneyIn", color: "net" });
    const sum = s.data.styleSummary!;
    expect(sum.currency).toBe("USD");
    expect(sum.otherCurrencies).toEqual(["EUR"]);
    expect(sum.nodes).toBe(4);
    // the node that received most is drawn largest
    const got = new Map<string, number>();
    for (const e of s.graph.edges()) {
      const a = s.graph.getEdgeAttributes(e);
      if (a.currency === "USD") got.set(s.graph.target(e), (got.get(s.graph.target(e)) ?? 0) + a.amount!);
    }
    const top = [...got].sort((x, y) => y[1] - x[1])[0][0];
    const sizes = s.graph.mapNodes((n, a) => [n, a.drawSize!] as const).sort((x, y) => y[1] - x[1]);
    expect(sizes[0][0]).toBe(top);
    expect(sum.size?.max).toBe(got.get(top));
    // the hub pays out more than it receives: the paying end of the ramp
    expect(s.graph.getNodeAttribute("hub", "drawImage")).toContain(encodeURIComponent("#b91c1c"));
    s.setStyle({ size: "type", color: "type" });
    expect(s.graph.getNodeAttribute("hub", "drawSize")).toBeNull();
    expect(s.graph.getNodeAttribute("hub", "drawImage")).toBeNull();
  });
});

describe("the start page", () => {
  const stats = {
    nodes: 100,
    relationships: 300,
    bySchema: [
      { key: "IngestJob", count: 3 },
      { key: "Person", count: 40 },
      { key: "Payment", count: 50 },
      { key: "Company", count: 7 },
    ],
    byRelationship: [],
  };
  const bank = { id: "bank", schema: "Company", name: "Bank", properties: {} };

  function startStore(answers: Partial<Server>) {
    const server = {
      onUnauthorized: vi.fn(),
      datasets: vi.fn(async () => ["synth"]),
      stats: vi.fn(async () => stats),
      topByDegree: vi.fn(async () => []),
      neighborhood: vi.fn(async () => ({ nodes: [bank], edges: [] })),
      ...answers,
    } as unknown as Server;
    const s = new Store(server, () => "http://x");
    s.jobPollMs = 0;
    return { s, server };
  }

  it("says what is loaded, and offers a degree analysis when none has run", async () => {
    const { s } = startStore({ topByDegree: vi.fn(async () => Promise.reject(new Error("no DEGREE job has finished yet"))) });
    await s.loadStart();
    expect(s.state.start.datasets).toEqual(["synth"]);
    expect(schemaCounts(s.state.start.stats!).map((c) => [c.schema, c.count])).toEqual([
      ["Payment", 50],
      ["Person", 40],
      ["Company", 7],
    ]);
    expect(s.state.start.biggest).toEqual([]);
    expect(s.state.start.note).toMatch(/degree analysis.*none has finished.*no DEGREE job/);
  });

  it("runs the analysis, waits for it, lists the parties with most links, and puts one on the canvas expanded", async () => {
    const ranked = [{ entity: bank, degree: 45, computedAt: "2026-12-01T00:00:00Z", job: "j1" }];
    const job = vi.fn().mockResolvedValueOnce({ id: "j1", status: "running", stage: "computing", progress: 0.5 }).mockResolvedValueOnce({ id: "j1", status: "done", stage: "done", progress: 1 });
    const top = vi.fn().mockResolvedValueOnce([]).mockResolvedValueOnce(ranked);
    const { s, server } = startStore({ analyzeDegree: vi.fn(async () => ({ id: "j1", status: "queued", stage: "queued", progress: 0 })), analysisJob: job, topByDegree: top });
    await s.loadStart();
    await s.findBiggest();
    expect(job).toHaveBeenCalledTimes(2);
    expect(s.state.start.biggest).toEqual(ranked);
    expect(s.state.start.job).toBeNull();
    await s.start(bank);
    expect(s.graph.hasNode("bank")).toBe(true);
    expect(s.graph.getNodeAttribute("bank", "expanded")).toBe(true);
    expect(server.neighborhood).toHaveBeenCalledTimes(1);
  });

  it("says why when the server cannot run the analysis", async () => {
    const { s } = startStore({ analyzeDegree: vi.fn(async () => Promise.reject(new Error("this Neo4j has no Graph Data Science library"))) });
    await s.findBiggest();
    expect(s.state.start.note).toBe("The degree analysis could not run: this Neo4j has no Graph Data Science library");
  });
});
