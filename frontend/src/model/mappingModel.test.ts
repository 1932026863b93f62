import { describe, expect, it } from "vitest";
import doc from "../../../docs/model.md?raw";
import { REL_TYPES, SCHEMATA } from "./mappingModel";

// The wizard's lists are written from docs/model.md, which a Go test keeps in
// step with the code: this keeps the wizard in step with the document.

/** The tables of the section under a heading, each as rows of cells (without the header rule). */
function tables(heading: string): string[][][] {
  const lines = doc.split("\n");
  const start = lines.findIndex((l) => l.trim() === heading);
  expect(start, `docs/model.md has "${heading}"`).toBeGreaterThanOrEqual(0);
  const out: string[][][] = [];
  let table: string[][] | null = null;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("#")) break;
    if (line.startsWith("|")) {
      if (!table) out.push((table = []));
      if (!/^\|\s*-/.test(line)) table.push(line.split("|").slice(1, -1).map((c) => c.trim()));
    } else table = null;
  }
  return out;
}

const ticked = (cell: string) => /`([A-Za-z_]+)`/.exec(cell)?.[1] ?? "";
/** The wizard's type for the document's mapping type. */
const TYPE: Record<string, string> = { date: "date", amount: "amount", integer: "integer", outcome: "outcome", string: "string", "string list": "string" };

describe("the wizard's model against docs/model.md", () => {
  const schemata = tables("## Entities")[0]
    .slice(1)
    .map((r) => ticked(r[0]))
    .filter((s) => s !== "Source" && s !== "IngestJob");

  it("offers every schema a mapping may make", () => {
    expect(schemata.length).toBeGreaterThan(5);
    expect(SCHEMATA.map((s) => s.schema).sort()).toEqual([...schemata].sort());
  });

  it("offers each schema's typed properties with the type the document gives them", () => {
    for (const schema of schemata) {
      const [head, ...rows] = tables(`### ${schema}`)[0];
      expect(head.slice(0, 2)).toEqual(["property", "type"]);
      const documented = rows.map((r) => [ticked(r[0]), TYPE[r[1]] ?? `unknown type ${r[1]}`, r[1] === "string list"]);
      const ours = SCHEMATA.find((s) => s.schema === schema)!.properties.map((p) => [p.name, p.type, !!p.list]);
      expect(ours, schema).toEqual(documented);
    }
  });

  it("offers every relationship type a mapping may write, pointing the way the document says", () => {
    const types = tables("## Relationships").find((t) => t[0][0] === "type")!;
    const documented = types
      .slice(1)
      .map((r) => [ticked(r[0]), r[1]])
      .filter(([t]) => t !== "CITED_IN");
    expect(documented.length).toBeGreaterThan(10);
    const byType = (a: string[], b: string[]) => a[0].localeCompare(b[0]);
    expect(REL_TYPES.map((r) => [r.type, `${r.from} → ${r.to}`]).sort(byType)).toEqual(documented.sort(byType));
  });
});
