import { describe, expect, it } from "vitest";
import { mergeSubgraph, newGraph } from "./graph";
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
    expect(nodes[0]).toBe("id,schema,name,properties");
    expect(nodes[1]).toBe('lacey,Person,Michael Lacey,"{""position"":""founder, \\""editor\\""""}"');
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
    expect(nodesCSV(g).split("\n")[1]).toBe(`'=evil,Person,"'=HYPERLINK(""https://evil.example"")",{}`);
    expect(edgesCSV(g).split("\n")[1]).toBe("p,PAYMENT,'=evil,b,'+cmd,-5,USD,,,");
  });
});
