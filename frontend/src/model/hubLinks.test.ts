import { describe, expect, it } from "vitest";
import { hubProgress, pageEnds, pageSubgraph } from "./hubLinks";
import type { ApiEdge } from "./types";

const link = (id: string, type: string, source: string, target: string): ApiEdge => ({ id, type, source, target });
const entity = (id: string, schema = "Company", properties = {}) => ({ id, schema, name: id, properties });

describe("a page of a hub's links", () => {
  const page = [
    link("l1", "PAID", "hub", "pay1"),
    link("l2", "PAID_TO", "pay2", "hub"),
    link("l3", "DIRECTORSHIP", "boss", "hub"),
    link("l4", "PAID", "hub", "pay3"),
  ];

  it("tells the payments at the other end from the rest", () => {
    expect(pageEnds("hub", page)).toEqual({ payments: ["pay1", "pay2", "pay3"], others: ["boss"] });
  });

  it("draws each payment as a PAYMENT edge, keeps the other links, and leaves a payment with an unknown end a node", () => {
    const hood = {
      nodes: [
        entity("pay1", "Payment", { amount: 10, currency: "USD" }),
        entity("pay2", "Payment", { amount: 20, currency: "EUR", date: "2020-01-02" }),
        entity("pay3", "Payment", { amount: 30 }),
        entity("hub"),
        entity("b1"),
        entity("payer2"),
      ],
      edges: [
        link("l1", "PAID", "hub", "pay1"),
        link("x1", "PAID_TO", "pay1", "b1"),
        link("x2", "PAID", "payer2", "pay2"),
        link("l2", "PAID_TO", "pay2", "hub"),
        link("l4", "PAID", "hub", "pay3"), // pay3's beneficiary is not known
      ],
    };
    const sub = pageSubgraph("hub", page, hood, [entity("boss", "Person")]);
    const byId = Object.fromEntries(sub.edges.map((e) => [e.id, e]));
    expect(byId.pay1).toMatchObject({ type: "PAYMENT", source: "hub", target: "b1", amount: 10, currency: "USD" });
    expect(byId.pay2).toMatchObject({ type: "PAYMENT", source: "payer2", target: "hub", amount: 20, date: "2020-01-02" });
    expect(byId.l3).toMatchObject({ type: "DIRECTORSHIP", source: "boss", target: "hub" });
    expect(byId.l4).toMatchObject({ type: "PAID", target: "pay3" });
    expect(sub.nodes.map((n) => n.id).sort()).toEqual(["b1", "boss", "hub", "pay3", "payer2"]);
  });

  it("says what is shown of how many", () => {
    expect(hubProgress({ shown: 400, total: 1433 })).toBe("Showing 400 of 1,433 links");
  });
});
