// Merged nodes: how they are drawn (marker, label, table flag, exports) and
// how the canvas is regrouped when records merge or come apart.
import { describe, expect, it } from "vitest";
import { exportVisible, nodesCSV, toGraphML } from "./export";
import { mergeSubgraph, newGraph, nodeLabel, recordCount, recordIds } from "./graph";
import { clusterJudgements, clusterRecords, regroup } from "./merged";
import { schemaIcon } from "./schema";
import type { ApiEntity, Match, Subgraph } from "./types";
import type { ViewState } from "./view";

const rec = (id: string, name = id, extra: Partial<ApiEntity> = {}): ApiEntity => ({ id, schema: "Person", name, properties: {}, ...extra });
// Lacey as the demo has him, merged with the register's "Mike Lacy" (judged SAME)
const merged = rec("lacey", "Michael Lacey", { canonicalId: "lacey", aliases: ["Mike Lacy"], sameAs: [{ id: "reg-lacy", schema: "Person" }] });
const svg = (dataUrl: string) => decodeURIComponent(dataUrl.split(",")[1]);

describe("a merged node on the canvas", () => {
  it("carries its records, and its picture and label say how many", () => {
    const g = newGraph();
    mergeSubgraph(g, { nodes: [merged, rec("larkin", "Jim Larkin")], edges: [] });
    const a = g.getNodeAttributes("lacey");
    expect(a).toMatchObject({ canonicalId: "lacey", sameAs: ["reg-lacy"], aliases: ["Mike Lacy"] });
    expect(recordCount(a)).toBe(2);
    expect(recordIds(g, "lacey")).toEqual(["lacey", "reg-lacy"]);
    expect(nodeLabel(a)).toBe("Michael Lacey ×2 records");
    expect(a.image).toBe(schemaIcon("Person", undefined, 2));
    // the marker: a double ring and a badge with the count, which a single record has not
    expect(svg(a.image!)).toMatch(/stroke="#0f172a"[^]*>2<\/text>/);
    const single = g.getNodeAttributes("larkin");
    expect(recordCount(single)).toBe(1);
    expect(nodeLabel(single)).toBe("Jim Larkin");
    expect(svg(single.image!)).not.toContain("#0f172a");
    expect(nodeLabel({ ...a, pinned: true, hiddenLinks: 3 })).toBe("📌 Michael Lacey ×2 records (+3 hidden links)");
  });

  it("gains or loses the marker when the server says its cluster changed", () => {
    const g = newGraph();
    mergeSubgraph(g, { nodes: [rec("lacey", "Michael Lacey")], edges: [] });
    expect(recordCount(g.getNodeAttributes("lacey"))).toBe(1);
    mergeSubgraph(g, { nodes: [merged], edges: [] });
    expect(g.getNodeAttributes("lacey")).toMatchObject({ sameAs: ["reg-lacy"], image: schemaIcon("Person", undefined, 2) });
    mergeSubgraph(g, { nodes: [{ ...merged, sameAs: [], aliases: [] }], edges: [] });
    expect(g.getNodeAttributes("lacey")).toMatchObject({ sameAs: [], aliases: [], image: schemaIcon("Person", undefined, 1) });
    // an answer that does not say (no sameAs asked) leaves it alone
    mergeSubgraph(g, { nodes: [merged], edges: [] });
    mergeSubgraph(g, { nodes: [{ id: "lacey", schema: "Person", name: "Michael Lacey" }], edges: [] });
    expect(g.getNodeAttribute("lacey", "sameAs")).toEqual(["reg-lacy"]);
  });

  it("keeps canonicalId and sameAs in every export", () => {
    const g = newGraph();
    mergeSubgraph(g, { nodes: [merged, rec("larkin")], edges: [] });
    expect(exportVisible(g).nodes.map((n) => [n.id, n.canonicalId, n.sameAs])).toEqual([
      ["lacey", "lacey", ["reg-lacy"]],
      ["larkin", "larkin", []],
    ]);
    const csv = nodesCSV(g).trim().split("\n");
    expect(csv[0].split(",").slice(-2)).toEqual(["canonicalId", "sameAs"]);
    expect(csv[1].endsWith(",lacey,reg-lacy")).toBe(true);
    const xml = toGraphML(g);
    expect(xml).toContain('<key id="n_sameAs" for="node" attr.name="sameAs" attr.type="string"/>');
    expect(xml).toMatch(/<node id="lacey">[^]*?<data key="n_canonicalId">lacey<\/data>[^]*?<data key="n_sameAs">reg-lacy<\/data>/);
  });
});

describe("regrouping the canvas", () => {
  const view = (nodes: { id: string; x: number; y: number; pinned?: boolean; expanded?: boolean }[], edges: string[], extra: Partial<ViewState> = {}): ViewState => ({
    version: 1,
    nodes,
    edges,
    flows: [],
    filters: {},
    window: {},
    ...extra,
  });
  const link = (id: string, source: string, target: string) => ({ id, type: "ASSOCIATE", source, target });

  it("merges two drawn records into the node of the canonical one, keeping its place and drawing the merged node's links", () => {
    const before = view(
      [
        { id: "lacey", x: 10, y: 20, pinned: true },
        { id: "reg-lacy", x: 90, y: 90 },
        { id: "larkin", x: 0, y: 0 },
        { id: "village", x: 5, y: 5 },
      ],
      ["e-lacey-larkin", "flow-x"],
      { filters: { "reg-lacy": { perNode: 5 } } },
    );
    const drawn = new Map(before.nodes.map((n) => [n.id, [n.id]]));
    const fetched: Subgraph = {
      nodes: [merged, rec("larkin"), rec("village"), rec("other")],
      edges: [link("e-lacey-larkin", "lacey", "larkin"), link("e-reg-village", "lacey", "village"), link("e-larkin-village", "larkin", "village"), link("e-other", "lacey", "other")],
    };
    const out = regroup(before, drawn, fetched);
    expect(out.sub.nodes.map((n) => n.id)).toEqual(["lacey", "larkin", "village"]); // "other" was never drawn
    expect(out.view.nodes.find((n) => n.id === "lacey")).toEqual({ id: "lacey", x: 10, y: 20, pinned: true });
    expect(out.changed).toEqual(["lacey"]);
    expect(out.fresh).toEqual([]);
    // the link the register record had now ends at the merged node; links between untouched nodes stay as they were
    expect(out.view.edges.sort()).toEqual(["e-lacey-larkin", "e-reg-village"]);
    expect(out.view.filters).toEqual({ lacey: { perNode: 5 } });
  });

  it("splits a merged node: the canonical record keeps its place, the other starts beside it, unpinned, for the layout", () => {
    const before = view([{ id: "lacey", x: 10, y: 20, pinned: true, expanded: true }, { id: "larkin", x: 0, y: 0 }], ["e-lacey-larkin"]);
    const drawn = new Map([
      ["lacey", ["lacey", "reg-lacy"]],
      ["larkin", ["larkin"]],
    ]);
    // the answer lists the split-off record first: it must not take the canonical one's place
    const fetched: Subgraph = {
      nodes: [rec("reg-lacy", "Mike Lacy"), rec("lacey", "Michael Lacey", { sameAs: [] }), rec("larkin")],
      edges: [link("e-lacey-larkin", "lacey", "larkin"), link("e-reg", "reg-lacy", "larkin")],
    };
    const out = regroup(before, drawn, fetched);
    expect(out.view.nodes.find((n) => n.id === "lacey")).toEqual({ id: "lacey", x: 10, y: 20, pinned: true, expanded: true });
    const split = out.view.nodes.find((n) => n.id === "reg-lacy")!;
    expect(split).toMatchObject({ pinned: false, expanded: false });
    expect(Math.hypot(split.x - 10, split.y - 20)).toBeCloseTo(25);
    expect(out.fresh).toEqual(["reg-lacy"]);
    expect(out.changed.sort()).toEqual(["lacey", "reg-lacy"]);
    expect(out.view.edges.sort()).toEqual(["e-lacey-larkin", "e-reg"]);
  });

  it("moves money flows to the node now drawing their ends", () => {
    const attrs = { label: "USD 1", type: "arrow", relType: "MONEY_FLOW", size: 3, color: "#16a34a" };
    const before = view([{ id: "reg-lacy", x: 0, y: 0 }, { id: "bank", x: 1, y: 1 }], [], {
      flows: [{ id: "flow:reg-lacy:bank:USD", source: "reg-lacy", target: "bank", attrs }],
    });
    const drawn = new Map([
      ["reg-lacy", ["reg-lacy"]],
      ["bank", ["bank"]],
    ]);
    const out = regroup(before, drawn, { nodes: [merged, rec("bank")], edges: [] });
    expect(out.view.flows).toEqual([{ id: "flow:reg-lacy:bank:USD", source: "lacey", target: "bank", attrs }]);
    expect(out.view.nodes.map((n) => [n.id, n.x])).toEqual([
      ["bank", 1],
      ["lacey", 0],
    ]);
  });
});

describe("a merged node's records in the side panel", () => {
  const j = (left: string, right: string, judgement: Match["judgement"], judgedAt: string): Match => ({
    left: { id: left, schema: "Person", name: left },
    right: { id: right, schema: "Person", name: right },
    score: 0.9,
    features: [],
    judgement,
    judgedAt,
  });

  it("lists each record once and the judgements among them, newest first, each pair once", () => {
    const e: ApiEntity = {
      ...rec("lacey"),
      judgements: [j("lacey", "reg-lacy", "SAME", "2026-12-01T10:00"), j("lacey", "larkin", "DIFFERENT", "2026-12-01T12:00")],
      sameAs: [
        { ...rec("reg-lacy"), judgements: [j("lacey", "reg-lacy", "SAME", "2026-12-01T10:00"), j("reg-lacy", "reg-lacey-2", "SAME", "2026-12-01T11:00")] },
        { ...rec("reg-lacey-2"), judgements: [j("reg-lacy", "reg-lacey-2", "SAME", "2026-12-01T11:00")] },
      ],
    };
    expect(clusterRecords(e).map((r) => r.id)).toEqual(["lacey", "reg-lacy", "reg-lacey-2"]);
    expect(clusterJudgements(e).map((m) => `${m.left.id}-${m.right.id} ${m.judgement}`)).toEqual([
      "reg-lacy-reg-lacey-2 SAME",
      "lacey-reg-lacy SAME",
    ]); // lacey–larkin is not inside the cluster
  });
});
