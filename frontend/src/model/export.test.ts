import { describe, expect, it } from "vitest";
import { mergeFlows, mergeSubgraph, newGraph } from "./graph";
import { csvCell, defuseCell, edgesCSV, exportVisible, nodesCSV, toGraphML, toJSON } from "./export";

function sample() {
  const g = newGraph();
  mergeSubgraph(g, {
    nodes: [
      { id: "lacey", schema: "Person", name: "Michael Lacey", properties: { position: 'founder, "editor"' } },
      { id: "bank", schema: "Company", name: "Bank <HU> & Co", properties: {} },
      { id: "hidden", schema: "Person", name: "Hidden", properties: {} },
    ],
    edges: [
      { id: "pay", type: "PAYMENT", source: "lacey", target: "bank", amount: 16500000, currency: "USD" },
      { id: "x", type: "ASSOCIATE", source: "lacey", target: "hidden" },
    ],
  });
  g.setNodeAttribute("hidden", "userHidden", true);
  return g;
}

describe("exports of the visible subgraph", () => {
  it("JSON has only what is visible", () => {
    const out = JSON.parse(toJSON(sample()));
    expect(out.nodes.map((n: { id: string }) => n.id)).toEqual(["lacey", "bank"]);
    expect(out.edges).toEqual([expect.objectContaining({ id: "pay", type: "PAYMENT", amount: 16500000, currency: "USD" })]);
    expect(exportVisible(sample()).edges).toHaveLength(1);
  });
  it("GraphML is well-formed and escaped", () => {
    const xml = toGraphML(sample());
    expect(xml).toContain('<graph id="casegraph" edgedefault="directed">');
    expect(xml).toContain("Bank &lt;HU&gt; &amp; Co");
    expect(xml).toContain('<edge id="pay" source="lacey" target="bank">');
    expect(xml).toContain('<data key="e_amount">16500000</data>');
    expect(xml).not.toContain("hidden");
  });
  it("CSV quotes commas and quotes", () => {
    const nodes = nodesCSV(sample()).trim().split("\n");
    expect(nodes[0]).toBe("id,schema,name,properties,sourceIds,sourceTitles,canonicalId,sameAs");
    expect(nodes[1]).toBe('lacey,Person,Michael Lacey,"{""position"":""founder, \\""editor\\""""}",,,lacey,');
    const edges = edgesCSV(sample()).trim().split("\n");
    expect(edges).toHaveLength(2);
    expect(edges[1].startsWith("pay,PAYMENT,lacey,bank,,16500000,USD")).toBe(true);
  });
});

describe("CSV cells are defused against formula injection (OWASP)", () => {
  // [value, the cell written]
  const cases: [unknown, string][] = [
    ['=HYPERLINK("https://evil.example","click")', `"'=HYPERLINK(""https://evil.example"",""click"")"`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", `"'\r=1+1"`],
    ["'quoted already", "''quoted already"],
    ["plain text", "plain text"],
    ["a=b, c", '"a=b, c"'],
    ["", ""],
    [null, ""],
    [undefined, ""],
    [-16500000, "-16500000"],
    [16500000, "16500000"],
    [{ formula: "=1+1" }, '"{""formula"":""=1+1""}"'],
  ];
  it.each(cases)("%j is written as %s", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
  it("is reversible: a reader strips exactly one leading quote", () => {
    for (const s of ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "'x", "''x", "x", ""]) {
      const d = defuseCell(s);
      expect(d.startsWith("'") ? d.slice(1) : d).toBe(s);
    }
  });
  it("applies to the node and link exports", () => {
    const g = newGraph();
    mergeSubgraph(g, {
      nodes: [
        { id: "=evil", schema: "Person", name: '=HYPERLINK("https://evil.example")', properties: {} },
        { id: "b", schema: "Company", name: "@B", properties: {} },
      ],
      edges: [{ id: "p", type: "PAYMENT", source: "=evil", target: "b", role: "+cmd", amount: -5, currency: "USD" }],
    });
    expect(nodesCSV(g).split("\n")[1]).toBe(`'=evil,Person,"'=HYPERLINK(""https://evil.example"")",{},,,'=evil,`);
    expect(edgesCSV(g).split("\n")[1]).toBe("p,PAYMENT,'=evil,b,'+cmd,-5,USD,,,,,false,,,");
  });
});

describe("exports keep the record", () => {
  const article = { id: "src-techdirt", title: "Once Again, DOJ Fails To Convict Backpage Boss" };
  const ledger = { id: "src-ledger", title: "Bank ledger" };
  // Two payments from Lacey to the bank, then "Follow the money" draws their summary beside them.
  function followed() {
    const g = newGraph();
    mergeSubgraph(g, {
      nodes: [
        { id: "lacey", schema: "Person", name: "Michael Lacey", properties: {}, sources: [article] },
        { id: "bank", schema: "Company", name: "Bank in Hungary", properties: {}, sources: [article] },
        { id: "larkin", schema: "Person", name: "Jim Larkin", properties: {}, sources: [] },
      ],
      edges: [
        { id: "p1", type: "PAYMENT", source: "lacey", target: "bank", paymentId: "p1", amount: 16500000, currency: "USD", sources: [article] },
        { id: "p2", type: "PAYMENT", source: "lacey", target: "bank", paymentId: "p2", amount: 500000, currency: "USD", sources: [ledger] },
        { id: "a", type: "ASSOCIATE", source: "lacey", target: "larkin", sources: [article] },
      ],
    });
    mergeFlows(g, [], [{ payer: "lacey", beneficiary: "bank", currency: "USD", total: 17000000, count: 2, paymentIds: ["p1", "p2"] }]);
    return g;
  }
  const paymentsTotal = 16500000 + 500000;

  it("JSON: summing the amounts of links that are not derived gives the payments' total once", () => {
    const { edges, nodes } = JSON.parse(toJSON(followed()));
    const sum = edges.filter((e: { derived: boolean }) => !e.derived).reduce((t: number, e: { amount: number | null }) => t + (e.amount ?? 0), 0);
    expect(sum).toBe(paymentsTotal);
    const flow = edges.find((e: { type: string }) => e.type === "MONEY_FLOW");
    expect(flow).toMatchObject({ derived: true, derivedFrom: ["p1", "p2"], amount: 17000000 });
    expect(flow.sources).toEqual([article, ledger]);
    expect(nodes.find((n: { id: string }) => n.id === "lacey").sources).toEqual([article]);
    expect(edges.find((e: { id: string }) => e.id === "a")).toMatchObject({ derived: false, sources: [article] });
  });

  it("CSV: the same sum over the rows whose derived column is false", () => {
    const [head, ...rows] = edgesCSV(followed()).trim().split("\n").map((l) => l.split(","));
    const col = (n: string) => head.indexOf(n);
    const sum = rows.filter((r) => r[col("derived")] === "false").reduce((t, r) => t + Number(r[col("amount")] || 0), 0);
    expect(sum).toBe(paymentsTotal);
    const flow = rows.find((r) => r[col("type")] === "MONEY_FLOW")!;
    expect(flow[col("derived")]).toBe("true");
    expect(flow[col("derivedFrom")]).toBe("p1; p2");
    expect(flow[col("sourceIds")]).toBe("src-techdirt; src-ledger");
    const nodes = nodesCSV(followed()).split("\n");
    expect(nodes[1]).toBe("lacey,Person,Michael Lacey,{},src-techdirt,\"Once Again, DOJ Fails To Convict Backpage Boss\",lacey,");
  });

  it("GraphML: sources and the derived flag on every link", () => {
    const xml = toGraphML(followed());
    expect(xml).toContain('<key id="e_derived" for="edge" attr.name="derived" attr.type="boolean"/>');
    expect(xml).toMatch(/<edge id="flow:lacey:bank:USD"[^]*?<data key="e_derived">true<\/data>[^]*?<data key="e_derivedFrom">p1; p2<\/data>/);
    expect(xml).toMatch(/<edge id="p1"[^]*?<data key="e_derived">false<\/data>[^]*?<data key="e_sourceIds">src-techdirt<\/data>/);
    expect(xml).toContain('<data key="n_sourceTitles">Once Again, DOJ Fails To Convict Backpage Boss</data>');
  });

  it("a payment drawn as several links is counted once", () => {
    const g = newGraph();
    mergeSubgraph(g, {
      nodes: ["a", "b", "c"].map((id) => ({ id, schema: "Person", name: id, properties: {} })),
      edges: [
        { id: "p:a:b", type: "PAYMENT", source: "a", target: "b", paymentId: "p", amount: 10, currency: "USD" },
        { id: "p:a:c", type: "PAYMENT", source: "a", target: "c", paymentId: "p", amount: 10, currency: "USD" },
      ],
    });
    const edges = exportVisible(g).edges;
    expect(edges.filter((e) => !e.derived).reduce((t, e) => t + (e.amount ?? 0), 0)).toBe(10);
    expect(edges.find((e) => e.id === "p:a:c")).toMatchObject({ derived: true, derivedFrom: ["p"] });
  });
});
