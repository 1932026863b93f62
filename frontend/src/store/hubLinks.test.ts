// "Show all N links" against a fake server: a hub of 260 payments to 130
// companies, served a page of links at a time.
import { describe, expect, it, vi } from "vitest";
import type { LinkPage } from "../model/hubLinks";
import type { ApiEdge, ApiEntity, Subgraph } from "../model/types";
import type { CanvasPort } from "./canvasPort";
import type { NeighborhoodArgs, Server } from "./server";
import { Store } from "./store";

const N = 260;
const company = (id: string): ApiEntity => ({ id, schema: "Company", name: id, properties: {} });
const payment = (i: number): ApiEntity => ({ id: `pay${i}`, schema: "Payment", name: `payment ${i}`, properties: { amount: 1000 + i, currency: "USD" } });
const beneficiary = (i: number) => `b${i % 130}`;
/** The hub's links in the server's order (type, then id), as Entity.links pages them. */
const hubLinks: ApiEdge[] = Array.from({ length: N }, (_, i) => ({ id: `paid${String(i).padStart(3, "0")}`, type: "PAID", source: "hub", target: `pay${i}` })).sort((a, b) => (a.id < b.id ? -1 : 1));

function fakeServer() {
  const links = vi.fn(async (id: string, first: number, after: string | null): Promise<LinkPage> => {
    expect(id).toBe("hub");
    expect(first).toBeLessThanOrEqual(100);
    const from = after ? Number(after) : 0;
    const edges = hubLinks.slice(from, from + first);
    return { edges, total: N, hasNext: from + edges.length < N, endCursor: String(from + edges.length) };
  });
  const neighborhood = vi.fn(async (args: NeighborhoodArgs): Promise<Subgraph> => {
    expect(args.ids.length).toBeLessThanOrEqual(50);
    expect(args.perNode).toBeLessThanOrEqual(200);
    const pays = args.ids.map((id) => Number(id.slice(3)));
    return {
      nodes: [...pays.map(payment), company("hub"), ...pays.map((i) => company(beneficiary(i)))],
      edges: pays.flatMap((i) => [
        { id: `paid${String(i).padStart(3, "0")}`, type: "PAID", source: "hub", target: `pay${i}` },
        { id: `to${i}`, type: "PAID_TO", source: `pay${i}`, target: beneficiary(i) },
      ]),
      // degrees as the server counts them from these seeds: not the hub's own
      degrees: [{ id: "hub", degree: 2, hidden: 0 }],
    };
  });
  const server = { links, neighborhood, onUnauthorized: vi.fn(), setToken: vi.fn() } as unknown as Server;
  return { server, links, neighborhood };
}

const canvas = (): CanvasPort => ({
  layout: vi.fn(),
  fit: vi.fn(),
  camera: vi.fn(() => ({ x: 0.5, y: 0.5, ratio: 1, angle: 0 })),
  setCamera: vi.fn(),
  image: vi.fn(async () => new Blob([])),
  nextRender: vi.fn(async () => {}),
});

describe("every link of a hub", () => {
  it("draws all 260 payments, page by page, and says so", async () => {
    const { server, links, neighborhood } = fakeServer();
    const store = new Store(server, () => "https://casegraph.example");
    store.attachCanvas(canvas());
    store.addEntity(company("hub"));
    store.graph.mergeNodeAttributes("hub", { degree: N, hiddenLinks: N - 50 });
    const seen: string[] = [];
    store.subscribe(() => {
      const h = store.state.hubLinks;
      if (h) seen.push(`${h.shown}/${h.total}`);
    });
    await store.showAllLinks("hub");
    const g = store.graph;
    const payments = g.edges("hub").filter((e) => g.getEdgeAttribute(e, "relType") === "PAYMENT");
    expect(payments.length).toBe(N);
    expect(g.neighbors("hub").length).toBe(130);
    expect(payments.reduce((s, e) => s + (g.getEdgeAttribute(e, "amount") ?? 0), 0)).toBe(N * 1000 + (N * (N - 1)) / 2);
    expect(g.getNodeAttributes("hub")).toMatchObject({ degree: N, hiddenLinks: 0 });
    expect(store.state.hubLinks).toMatchObject({ shown: N, total: N, more: false, running: false, error: null });
    expect(store.state.error).toBeNull();
    expect(links).toHaveBeenCalledTimes(3);
    expect(neighborhood).toHaveBeenCalledTimes(6); // 50 seeds at most: two calls a page of 100
    expect(seen).toContain("100/260");
    expect(seen).toContain("200/260");
    // one undo takes the whole "Show all" back
    store.undo();
    expect(g.edges("hub").length).toBe(0);
  });

  it("stops after a batch and goes on where it stopped", async () => {
    const { server, links } = fakeServer();
    const store = new Store(server, () => "https://casegraph.example");
    store.addEntity(company("hub"));
    const batch = await import("../model/hubLinks");
    expect(batch.HUB_BATCH).toBeGreaterThanOrEqual(200);
    // a hub past one batch: the server says 2,600 links; each call fetches HUB_BATCH of them
    links.mockImplementation(async (_id: string, first: number, after: string | null) => {
      const from = after ? Number(after) : 0;
      const edges = Array.from({ length: Math.min(first, 2600 - from) }, (_, k) => ({ ...hubLinks[(from + k) % N], id: `link${from + k}` }));
      return { edges, total: 2600, hasNext: from + edges.length < 2600, endCursor: String(from + edges.length) };
    });
    await store.showAllLinks("hub");
    expect(store.state.hubLinks).toMatchObject({ shown: batch.HUB_BATCH, total: 2600, more: true, running: false });
    await store.showAllLinks("hub");
    expect(store.state.hubLinks).toMatchObject({ shown: 2 * batch.HUB_BATCH, total: 2600, more: true });
  });
});
