// The store at real size: parallel links grouped as the canvas draws them,
// opened and closed, undo keeping the grouping derived, and node styles.
import { describe, expect, it, vi } from "vitest";
import { drawnEdges } from "../model/aggregate";
import { toJSON } from "../model/export";
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
