import { describe, expect, it } from "vitest";
import doc from "../../../docs/model.md?raw";
import { REL_TYPES, SCHEMATA } from "./mappingModel";

// The wizard's lists are written from docs/model.md, which a Go test keeps in
// step with the code: this keeps the wizard in step with the document.

/** The rows of the first table under a heading whose title starts with `title`. */
function table(title: string): string[][] {
  const start = doc.search(new RegExp(`^#+ ${title}`, "m"));
  expect(start, `docs/model.md has a section "${title}"`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  let seen = false;
  for (const line of doc.slice(start).split("\n").slice(1)) {
    if (line.startsWith("#")) break;
    if (line.startsWith("|")) {
      seen = true;
      rows.push(line.split("|").slice(1, -1).map((c) => c.trim()));
    } else if (seen) break;
  }
  return rows.slice(2); // the header and its rule
}

const ticked = (cell: string) => [...cell.matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1]);

describe("the wizard's model against docs/model.md", () => {
  it("offers every schema a mapping may make, with the typed properties the document lists", () => {
    const rows = table("Entities").filter((r) => !["Source", "IngestJob"].includes(ticked(r[0])[0]));
    const documented = Object.fromEntries(rows.map((r) => [ticked(r[0])[0], ticked(r[r.length - 1]).filter((p) => /^[a-z]/.test(p))]));
    const ours = Object.fromEntries(SCHEMATA.map((s) => [s.schema, s.properties.map((p) => p.name)]));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(documented).sort());
    for (const [schema, props] of Object.entries(documented)) expect(ours[schema].sort(), schema).toEqual([...new Set(props)].sort());
  });

  it("types dates as dates and amounts as amounts, as the document says", () => {
    const rows = table("Entities");
    for (const s of SCHEMATA) {
      const cell = rows.find((r) => ticked(r[0])[0] === s.schema)![2];
      for (const p of s.properties) {
        const said = new RegExp("`" + p.name + "` \\((date|number|integer)").exec(cell)?.[1];
        if (said === "date") expect(p.type, `${s.schema}.${p.name}`).toBe("date");
        if (said === "number") expect(p.type, `${s.schema}.${p.name}`).toBe("amount");
        if (said === "integer") expect(p.type, `${s.schema}.${p.name}`).toBe("integer");
        if (p.type === "date") expect(said, `${s.schema}.${p.name} is a date in docs/model.md`).toBe("date");
      }
    }
  });

  it("offers every relationship type a mapping may write", () => {
    const documented = table("Relationships").map((r) => ticked(r[0])[0]).filter((t) => t !== "CITED_IN");
    expect(REL_TYPES.map((r) => r.type).sort()).toEqual(documented.sort());
  });
});
