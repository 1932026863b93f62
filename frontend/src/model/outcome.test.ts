import { describe, expect, it } from "vitest";
import { mergeSubgraph, newGraph, nodeLabel } from "./graph";
import { chargeOutcome, entityIcon, outcomeSuffix } from "./outcome";
import { OUTCOME_STYLES, schemaIcon } from "./schema";

const charge = (id: string, outcome?: string) => ({ id, schema: "Charge", name: `count ${id}`, properties: outcome ? { outcome } : {} });

describe("a charge's outcome on the canvas", () => {
  it("colours the charge pictogram by outcome and names the outcome after the charge", () => {
    const g = newGraph();
    mergeSubgraph(g, { nodes: [charge("a", "CONVICTED"), charge("b", "ACQUITTED"), charge("c"), { id: "p", schema: "Person", name: "P", properties: { outcome: "CONVICTED" } }], edges: [] });
    const a = g.getNodeAttributes("a"), b = g.getNodeAttributes("b"), c = g.getNodeAttributes("c"), p = g.getNodeAttributes("p");
    expect(nodeLabel(a)).toBe("count a · Convicted");
    expect(nodeLabel(b)).toBe("count b · Acquitted");
    expect(nodeLabel(c)).toBe("count c");
    expect(nodeLabel(p)).toBe("P");
    expect(a.image).not.toBe(b.image);
    expect(decodeURIComponent(a.image!)).toContain(OUTCOME_STYLES.CONVICTED.color);
    expect(decodeURIComponent(b.image!)).toContain(OUTCOME_STYLES.ACQUITTED.color);
    expect(c.image).toBe(schemaIcon("Charge"));
    expect(p.image).toBe(schemaIcon("Person"));
  });

  it("reads outcomes as stored, in any case, and nothing else", () => {
    expect(chargeOutcome({ schema: "Charge", properties: { outcome: "hung_jury" } })).toBe("HUNG_JURY");
    expect(chargeOutcome({ schema: "Charge", properties: { outcome: "" } })).toBeNull();
    expect(chargeOutcome({ schema: "Charge", properties: { outcome: 3 } })).toBeNull();
    expect(outcomeSuffix({ schema: "Charge", properties: { outcome: "MISTRIAL" } })).toBe(" · Mistrial");
    expect(entityIcon({ schema: "Charge", properties: { outcome: "PENDING" } }, 2)).toBe(schemaIcon("Charge", OUTCOME_STYLES.PENDING.color, 2));
  });
});
