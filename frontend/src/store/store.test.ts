// The store on its own: a fake server (no HTTP) and a fake canvas port (no sigma).
import { describe, expect, it, vi } from "vitest";
import { legendOf } from "../model/legend";
import type { ApiEdge, ApiEntity, Subgraph } from "../model/types";
import type { Camera, CanvasPort } from "./canvasPort";
import type { Server } from "./server";
import { Store } from "./store";

const person = (id: string): ApiEntity => ({ id, schema: "Person", name: id, properties: {} });
const company = (id: string): ApiEntity => ({ id, schema: "Company", name: id, properties: {} });
const link = (id: string, source: string, target: string, type = "ASSOCIATE"): ApiEdge => ({ id, type, source, target });
const paymentNode: ApiEntity = { id: "pay-1", schema: "Payment", name: "transfer", properties: { amount: 16500000, currency: "USD", date: "2017-05" } };

// Lacey's neighbourhood as the server answers it: the payment already one PAYMENT edge.
const laceyHood: Subgraph = {
  nodes: [person("lacey"), person("larkin"), company("bank")],
  edges: [
    link("assoc", "lacey", "larkin"),
    { id: "pay-1", type: "PAYMENT", source: "lacey", target: "bank", paymentId: "pay-1", amount: 16500000, currency: "USD", date: "2017-05" },
  ],
  degrees: [{ id: "lacey", degree: 3, hidden: 0 }],
};
// Larkin's: Lacey and their link again, and one new neighbour.
const larkinHood: Subgraph = {
  nodes: [person("larkin"), person("lacey"), company("backpage")],
  edges: [link("assoc", "lacey", "larkin"), link("owns", "larkin", "backpage", "OWNERSHIP")],
};

/** A server that answers only what a test gives it; anything else fails the test. */
function fakeServer(answers: Partial<Server> = {}) {
  const unexpected = (name: string) => () => {
    throw new Error(`unexpected server call: ${name}`);
  };
  let unauthorized = () => {};
  const server = {
    neighborhood: vi.fn(unexpected("neighborhood")),
    entity: vi.fn(unexpected("entity")),
    search: vi.fn(unexpected("search")),
    charges: vi.fn(unexpected("charges")),
    jobs: vi.fn(unexpected("jobs")),
    paths: vi.fn(unexpected("paths")),
    moneyFlow: vi.fn(unexpected("moneyFlow")),
    listViews: vi.fn(async () => []),
    getView: vi.fn(unexpected("getView")),
    saveView: vi.fn(unexpected("saveView")),
    shareView: vi.fn(unexpected("shareView")),
    deleteView: vi.fn(unexpected("deleteView")),
    ingest: vi.fn(unexpected("ingest")),
    ingestRun: vi.fn(unexpected("ingestRun")),
    blob: vi.fn(unexpected("blob")),
    graphiql: vi.fn(unexpected("graphiql")),
    setToken: vi.fn(),
    onUnauthorized: vi.fn((fn: () => void) => {
      unauthorized = fn;
    }),
    ...answers,
  } as unknown as { [K in keyof Server]: Server[K] & ReturnType<typeof vi.fn> };
  return { server, unauthorized: () => unauthorized() };
}

function fakeCanvas(): CanvasPort & { cam: Camera; calls: string[] } {
  const port = {
    cam: { x: 0.5, y: 0.5, ratio: 1, angle: 0 },
    calls: [] as string[],
    layout: vi.fn((fresh: string[]) => void port.calls.push(`layout ${[...fresh].sort().join(",")}`)),
    fit: vi.fn(() => void port.calls.push("fit")),
    camera: vi.fn(() => ({ ...port.cam })),
    setCamera: vi.fn((c: Camera) => {
      port.cam = { ...c };
      port.calls.push("setCamera");
    }),
    image: vi.fn(async () => new Blob(["png"])),
    nextRender: vi.fn(async () => {}),
  };
  return port;
}

function neighborhoods(byId: Record<string, Subgraph>) {
  return vi.fn(async ({ ids }: { ids: string[] }) => byId[ids[0]]);
}

const snapshot = (s: Store) => JSON.stringify(s.graph.export());
const ORIGIN = () => "https://casegraph.example";

describe("expanding", () => {
  it("merges the server's subgraph into the one model, without duplicates, and lays out only the new nodes", async () => {
    const { server } = fakeServer({ neighborhood: neighborhoods({ lacey: laceyHood, larkin: larkinHood }) });
    const store = new Store(server, ORIGIN);
    const canvas = fakeCanvas();
    store.attachCanvas(canvas);
    store.addEntity(person("lacey"));
    await store.expand("lacey");
    await store.expand("larkin");
    await store.expand("lacey"); // again: nothing new

    expect(store.graph.nodes().sort()).toEqual(["backpage", "bank", "lacey", "larkin"]);
    expect(store.graph.edges().sort()).toEqual(["assoc", "owns", "pay-1"]);
    expect(store.graph.getEdgeAttributes("pay-1")).toMatchObject({ relType: "PAYMENT", amount: 16500000 });
    expect(store.graph.getNodeAttribute("lacey", "expanded")).toBe(true);
    expect(canvas.calls).toEqual(["layout lacey", "layout bank,larkin", "layout backpage", "layout "]);
    expect(store.state).toMatchObject({ busy: null, error: null, canUndo: true });
  });

  it("asks the server once, with its defaults or the filters given, and keeps payments as the server drew them", async () => {
    const withPaymentNode: Subgraph = { nodes: [person("lacey"), paymentNode], edges: [link("paid", "lacey", "pay-1", "PAID")] };
    const { server } = fakeServer({ neighborhood: vi.fn(async () => withPaymentNode) });
    const store = new Store(server, ORIGIN);
    store.addEntity(person("lacey"));
    await store.expand("lacey");
    await store.expand("lacey", { relationships: ["PAID"], schemata: [], perNode: 10 });

    expect(server.neighborhood).toHaveBeenCalledTimes(2); // no second fetch for payments at the rim
    expect(server.neighborhood.mock.calls[0][0]).toEqual({ ids: ["lacey"], depth: 1, relationships: null, schemata: null, perNode: 50, limit: 500, resolve: true });
    expect(server.neighborhood.mock.calls[1][0]).toEqual({ ids: ["lacey"], depth: 1, relationships: ["PAID"], schemata: null, perNode: 10, limit: 500, resolve: true });
    // a payment the server left a node (one end unknown) stays a node
    expect(store.graph.hasNode("pay-1")).toBe(true);
    expect(store.graph.getNodeAttribute("lacey", "expandFilters")).toEqual({ relationships: ["PAID"], schemata: [], perNode: 10 });
  });

  it("leaves the model alone and says why when the server fails", async () => {
    const { server } = fakeServer({ neighborhood: vi.fn(async () => Promise.reject(new Error("Neo4j is down"))) });
    const store = new Store(server, ORIGIN);
    store.addEntity(person("lacey"));
    const before = snapshot(store);
    await store.expand("lacey");
    expect(snapshot(store)).toBe(before);
    expect(store.state).toMatchObject({ busy: null, error: "Neo4j is down" });
  });
});

describe("view state apart from the data", () => {
  it("selection, time window and sign-in change the view state, not the model or its history", () => {
    const { server } = fakeServer();
    const store = new Store(server, ORIGIN);
    store.addEntity(person("lacey"));
    store.addEntity({ id: "meeting", schema: "Event", name: "meeting", properties: { date: "2011-03" } });
    const nodes = () => store.graph.nodes().map((n) => {
      const { timeHidden: _t, ...a } = store.graph.getNodeAttributes(n);
      return [n, a];
    });
    const before = { nodes: JSON.stringify(nodes()), edges: store.graph.size, canUndo: store.state.canUndo };
    const version = store.state.version;

    store.select({ kind: "node", id: "lacey" });
    store.setWindow({ until: "2010-12-31" });
    expect(store.visibleNodes()).toEqual(["lacey"]); // the window is rendering derived from the model
    store.signIn("cg_token");
    store.select(null);
    store.setWindow({});

    expect(JSON.stringify(nodes())).toBe(before.nodes);
    expect(store.graph.size).toBe(before.edges);
    expect(store.state.canUndo).toBe(before.canUndo);
    store.undo(); // the last change to the data, not to the view state
    expect(store.graph.nodes()).toEqual(["lacey"]);
    expect(store.state.version).toBeGreaterThan(version + 4);
    expect(server.setToken).toHaveBeenCalledWith("cg_token");
  });

  it("a 401 asks for a token; signing in or cancelling closes the box", () => {
    const { server, unauthorized } = fakeServer();
    const store = new Store(server, ORIGIN);
    unauthorized();
    expect(store.state.needToken).toBe(true);
    store.cancelSignIn();
    expect(store.state.needToken).toBe(false);
    unauthorized();
    store.signIn("cg_x");
    expect(store.state).toMatchObject({ needToken: false, error: null });
  });
});

describe("the canvas port", () => {
  it("gets the store's layout, fit and camera calls while attached, and none after", () => {
    const { server } = fakeServer();
    const store = new Store(server, ORIGIN);
    const canvas = fakeCanvas();
    const detach = store.attachCanvas(canvas);
    store.addEntity(person("lacey"));
    store.relayout();
    store.fit();
    canvas.cam = { x: 0.25, y: 0.75, ratio: 2, angle: 0 };
    expect(store.viewState().camera).toEqual({ x: 0.25, y: 0.75, ratio: 2, angle: 0 });
    expect(canvas.calls).toEqual(["layout lacey", "layout lacey", "fit"]);

    detach();
    store.fit();
    store.relayout();
    expect(canvas.calls).toHaveLength(3);
    expect(store.viewState().camera).toBeUndefined();
    expect(store.canvasImage()).toBeUndefined();
  });

  it("a detached port does not detach its successor (StrictMode mounts twice)", () => {
    const store = new Store(fakeServer().server, ORIGIN);
    const first = fakeCanvas(), second = fakeCanvas();
    const detachFirst = store.attachCanvas(first);
    store.attachCanvas(second);
    detachFirst();
    store.fit();
    expect(second.fit).toHaveBeenCalledTimes(1);
    expect(first.fit).not.toHaveBeenCalled();
  });

  const saved = {
    id: "v1",
    name: "Lacey",
    createdAt: "2026-01-01T00:00:00Z",
    state: {
      version: 1,
      nodes: [{ id: "lacey", x: 1, y: 2, expanded: true }, { id: "bank", x: 3, y: 4, pinned: true }],
      edges: ["pay-1"],
      flows: [],
      filters: {},
      window: { until: "2016-12-31" },
      camera: { x: 0.1, y: 0.2, ratio: 3, angle: 0 },
    },
  };

  it("a saved view puts its camera back through the port, even when the canvas attaches later", async () => {
    const { server } = fakeServer({
      getView: vi.fn(async () => saved),
      neighborhood: vi.fn(async () => laceyHood),
    });
    const store = new Store(server, ORIGIN);
    await store.openView("v1"); // no canvas yet: no ordering between components needed
    expect(store.state).toMatchObject({ error: null, busy: null, window: { until: "2016-12-31" } });
    expect(store.state.currentView).toEqual({ id: "v1", name: "Lacey", link: "https://casegraph.example/?view=v1" });
    expect(store.graph.nodes().sort()).toEqual(["bank", "lacey"]);
    expect(store.graph.edges()).toEqual(["pay-1"]);
    expect(store.graph.getNodeAttributes("bank")).toMatchObject({ x: 3, y: 4, pinned: true });
    expect(store.graph.getEdgeAttribute("pay-1", "timeHidden")).toBe(true); // 2017 payment, window until 2016

    const canvas = fakeCanvas();
    store.attachCanvas(canvas);
    expect(canvas.setCamera).toHaveBeenCalledWith({ x: 0.1, y: 0.2, ratio: 3, angle: 0 });
    expect(canvas.layout).not.toHaveBeenCalled(); // a view keeps its positions

    await store.openView("v1"); // with a canvas: at once
    expect(canvas.setCamera).toHaveBeenCalledTimes(2);
  });

  it("saving a view sends the model and the port's camera, and makes an absolute link", async () => {
    const { server } = fakeServer({
      neighborhood: neighborhoods({ lacey: laceyHood }),
      saveView: vi.fn(async (name: string) => ({ id: "v2", name, createdAt: "", url: "/?view=v2" })),
    });
    const store = new Store(server, ORIGIN);
    const canvas = fakeCanvas();
    store.attachCanvas(canvas);
    store.addEntity(person("lacey"));
    await store.expand("lacey");
    canvas.cam = { x: 0.3, y: 0.3, ratio: 0.5, angle: 0 };
    await store.saveView("mine", true);
    const [name, state, shared] = server.saveView.mock.calls[0];
    expect([name, shared]).toEqual(["mine", true]);
    expect(state).toMatchObject({ edges: ["assoc", "pay-1"], camera: { x: 0.3, y: 0.3, ratio: 0.5, angle: 0 } });
    expect(store.state.currentView).toEqual({ id: "v2", name: "mine", link: "https://casegraph.example/?view=v2" });
  });
});

describe("history", () => {
  it("undo restores the model as it was before the last change, redo puts the change back", async () => {
    const { server } = fakeServer({ neighborhood: neighborhoods({ lacey: laceyHood }) });
    const store = new Store(server, ORIGIN);
    store.addEntity(person("lacey"));
    const justLacey = snapshot(store);
    await store.expand("lacey");
    const expanded = snapshot(store);
    store.hide("larkin");
    store.togglePin("bank");

    store.undo();
    store.undo();
    expect(snapshot(store)).toBe(expanded);
    store.undo();
    expect(snapshot(store)).toBe(justLacey);
    expect(store.state).toMatchObject({ canUndo: true, canRedo: true, selection: null });
    store.redo();
    expect(snapshot(store)).toBe(expanded);
    store.clear();
    expect(store.graph.order).toBe(0);
    store.undo();
    expect(snapshot(store)).toBe(expanded);
  });
});

describe("paths and money", () => {
  it("a path through a payment is drawn as the neighbourhood draws it (GraphQL paths does not collapse)", async () => {
    const { server } = fakeServer({
      paths: vi.fn(async () => [
        {
          length: 2,
          nodes: [person("lacey"), paymentNode, company("bank")],
          edges: [link("paid", "lacey", "pay-1", "PAID"), link("paid-to", "pay-1", "bank", "PAID_TO")],
        },
      ]),
    });
    const store = new Store(server, ORIGIN);
    await store.findPaths("lacey", "bank");
    expect(store.graph.nodes().sort()).toEqual(["bank", "lacey"]);
    expect(store.graph.edges()).toEqual(["pay-1"]);
    expect(store.graph.getNodeAttribute("bank", "highlighted")).toBe(true);
    expect(store.state.activePath).toBe(0);
    store.clearHighlight();
    expect(store.graph.getNodeAttribute("bank", "highlighted")).toBe(false);
  });

  it("money flows land in the model as MONEY_FLOW edges and in the view state as the table's rows", async () => {
    const flow = { payer: "lacey", beneficiary: "bank", currency: "USD", total: 16500000, count: 1, paymentIds: ["pay-1"] };
    const { server } = fakeServer({
      moneyFlow: vi.fn(async () => ({ nodes: [person("lacey"), company("bank")], flows: [flow], chains: [], totals: [{ currency: "USD", total: 16500000 }], truncated: false })),
    });
    const store = new Store(server, ORIGIN);
    await store.moneyFlow("lacey");
    expect(server.moneyFlow).toHaveBeenCalledWith({ from: "lacey", direction: "OUT", maxHops: 4, timeOrdered: true, resolve: true });
    expect(store.graph.getEdgeAttributes("flow:lacey:bank:USD")).toMatchObject({ relType: "MONEY_FLOW", amount: 16500000 });
    expect(store.state.flow).toMatchObject({ from: "lacey", direction: "OUT", flows: [flow] });
  });
});

describe("view-level metrics", () => {
  it("are computed at once when a style asks for them, and again only after the canvas has been still", () => {
    vi.useFakeTimers();
    try {
      const { server } = fakeServer();
      const store = new Store(server, ORIGIN);
      store.loadSubgraph(laceyHood);
      expect(store.data.viewMetrics).toBeNull(); // the default style needs none
      store.setStyle({ size: "betweenness" });
      expect(store.data.viewMetrics?.betweenness.get("lacey")).toBeCloseTo(1);
      expect(store.data.styleSummary?.view).toMatchObject({ nodes: 3, links: 2, stale: false });

      store.hide("bank");
      store.hide("larkin");
      // stale until the canvas has been still for metricsDelayMs
      expect(store.data.viewMetrics?.nodes).toBe(3);
      expect(store.data.styleSummary?.view?.stale).toBe(true);
      vi.advanceTimersByTime(store.metricsDelayMs - 1);
      expect(store.data.viewMetrics?.nodes).toBe(3);
      vi.advanceTimersByTime(1);
      expect(store.data.viewMetrics?.nodes).toBe(1);
      expect(store.data.styleSummary?.view?.stale).toBe(false);
      expect(store.data.metricsDue).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("are kept up to date once the side panel asks, whatever the style", () => {
    vi.useFakeTimers();
    try {
      const { server } = fakeServer();
      const store = new Store(server, ORIGIN);
      store.loadSubgraph(laceyHood);
      store.computeViewMetrics();
      expect(store.data.viewMetrics?.degree.get("lacey")).toBe(2);
      store.hide("bank");
      vi.runAllTimers();
      expect(store.data.viewMetrics?.degree.get("lacey")).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("scores of graph-level jobs", () => {
  it("are read for the entities drawn, once, and the legend names the job that computed them", async () => {
    const jobScores = vi.fn(async (ids: string[], algorithm: string) => ({
      algorithm: algorithm as "PAGERANK",
      job: "job-7",
      computedAt: "2026-12-01T10:00:00Z",
      values: Object.fromEntries(ids.filter((id) => id !== "bank").map((id) => [id, id === "larkin" ? 0.5 : 0.1])),
    }));
    const { server } = fakeServer({ jobScores });
    const store = new Store(server, ORIGIN);
    store.loadSubgraph(laceyHood);
    store.setStyle({ size: "jobPagerank" });
    await vi.waitFor(() => expect(store.data.styleSummary?.jobs[0]?.job).toBe("job-7"));
    expect(jobScores).toHaveBeenCalledTimes(1);
    expect(jobScores.mock.calls[0][1]).toBe("PAGERANK");
    expect([...jobScores.mock.calls[0][0]].sort()).toEqual(["bank", "lacey", "larkin"]);
    const size = (n: string) => store.graph.getNodeAttribute(n, "drawSize")!;
    expect(size("larkin")).toBeGreaterThan(size("lacey"));
    expect(size("lacey")).toBeGreaterThan(size("bank"));
    const legend = legendOf(store.graph, store.data.styleSummary);
    const section = legend.find((s) => s.title === "Computed by job job-7 (whole graph)");
    expect(section?.entries.map((e) => e.text)).toEqual([
      "pagerank scores stored by analysis job job-7 (2026-12-01) over the graph it projected, not the view; computed values, not facts from a source",
      "1 entity drawn has no score from it (drawn as 0)",
    ]);
    // the same entities are not asked again
    store.setStyle({ color: "jobPagerank" });
    await new Promise((r) => setTimeout(r, 10));
    expect(jobScores).toHaveBeenCalledTimes(1);
  });

  it("a server without a job (or without Graph Data Science) says so, and the view metrics still work", async () => {
    const jobScores = vi.fn(async () => Promise.reject(new Error("this Neo4j has no Graph Data Science library")));
    const { server } = fakeServer({ jobScores });
    const store = new Store(server, ORIGIN);
    store.loadSubgraph(laceyHood);
    store.setStyle({ size: "jobBetweenness", color: "community" });
    await vi.waitFor(() => expect(store.state.error).toMatch(/BETWEENNESS scores of the latest job: this Neo4j has no Graph Data Science library/));
    expect(legendOf(store.graph, store.data.styleSummary).find((s) => s.title === "BETWEENNESS: no job")).toBeTruthy();
    expect(store.data.viewMetrics?.communitySizes).toEqual([3]);
    store.setStyle({ size: "betweenness" });
    expect(store.data.viewMetrics?.betweenness.get("lacey")).toBeCloseTo(1);
    expect(jobScores).toHaveBeenCalledTimes(1);
  });
});
