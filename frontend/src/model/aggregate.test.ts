import { describe, expect, it } from "vitest";
import { aggregateLinks, drawnEdges, edgeLook, groupKey, groupOf } from "./aggregate";
import { exportVisible } from "./export";
import { curveParallelEdges, mergeSubgraph, newGraph, visibleEdges, type CaseGraph } from "./graph";
import { sumExact, decimalString, toDecimal } from "./money";
import { applyTimeWindow } from "./time";
import type { ApiEdge, Subgraph } from "./types";

const CURRENCIES = ["USD", "EUR", "HUF", "GBP"];

/** A deterministic bank with `payments` payments to and from `parties` counterparties, amounts in whole cents. */
function bank(payments: number, parties: number, seed = 7): { sub: Subgraph; cents: Map<string, Map<string, bigint>> } {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const nodes = [{ id: "bank", schema: "Company", name: "Bank", properties: {} }];
  for (let i = 0; i < parties; i++) nodes.push({ id: `p${i}`, schema: "Person", name: `Party ${i}`, properties: {} });
  const edges: ApiEdge[] = [];
  // expected totals per drawn group and currency, kept in integer cents, apart from the code under test
  const cents = new Map<string, Map<string, bigint>>();
  for (let i = 0; i < payments; i++) {
    const other = `p${i % parties}`;
    const out = rnd() < 0.5;
    const [source, target] = out ? ["bank", other] : [other, "bank"];
    const c = BigInt(Math.floor(rnd() * 1e10));
    const currency = CURRENCIES[Math.floor(rnd() * CURRENCIES.length)];
    edges.push({
      id: `pay-${i}`,
      type: "PAYMENT",
      source,
      target,
      paymentId: `pay-${i}`,
      amount: Number(c) / 100,
      currency,
      date: `20${10 + (i % 9)}-0${1 + (i % 9)}-1${i % 10}`,
    });
    const k = groupKey("PAYMENT", source, target);
    const m = cents.get(k) ?? new Map<string, bigint>();
    m.set(currency, (m.get(currency) ?? 0n) + c);
    cents.set(k, m);
  }
  return { sub: { nodes, edges }, cents };
}

function load(sub: Subgraph): CaseGraph {
  const g = newGraph();
  mergeSubgraph(g, sub);
  return g;
}

const centsText = (c: bigint) => decimalString({ units: c, scale: 2 });

describe("money sums exactly", () => {
  it("adds decimals as decimals", () => {
    expect(decimalString(sumExact([0.1, 0.2]))).toBe("0.3");
    expect(0.1 + 0.2).not.toBe(0.3); // the reason for it
    expect(decimalString(sumExact([415100.34, 114205000, -0.34]))).toBe("114620100");
    expect(decimalString(sumExact([1e21, 1]))).toBe("1000000000000000000001");
    expect(toDecimal(1.5e-7)).toEqual({ units: 15n, scale: 8 });
  });
});

describe("aggregateLinks", () => {
  it("draws a 156-payment bank as one labelled edge per party and direction, totals exact per currency", () => {
    const { sub, cents } = bank(156, 30);
    const g = load(sub);
    const groups = aggregateLinks(g, { on: true, open: new Set() });
    const drawn = drawnEdges(g);
    // every payment is one of the groups or drawn alone; directions make at most 2 per party
    const pairs = new Set(sub.edges.map((e) => `${e.source}>${e.target}`));
    expect(drawn.length).toBe(pairs.size);
    expect(drawn.length).toBeLessThanOrEqual(60);
    expect(groups.length).toBeGreaterThan(20);
    // the model keeps every payment: tables and exports list them all
    expect(visibleEdges(g).length).toBe(156);
    expect(exportVisible(g).edges.length).toBe(156);
    let counted = 0;
    for (const grp of groups) {
      const want = cents.get(grp.key)!;
      expect(grp.totals.map((t) => t.currency).sort()).toEqual([...want.keys()].sort());
      for (const t of grp.totals) expect(t.total).toBe(centsText(want.get(t.currency!)!));
      expect(grp.totals.reduce((n, t) => n + t.count, 0)).toBe(grp.count);
      expect(grp.label).toMatch(new RegExp(`^${grp.count} payments · `));
      for (const t of grp.totals) expect(grp.label).toContain(t.currency!);
      counted += grp.count;
    }
    const alone = drawn.filter((e) => !g.getEdgeAttribute(e, "agg")).length;
    expect(counted + alone).toBe(156);
  });

  it("draws the group's label and width on its representative; the others are not drawn", () => {
    const { sub } = bank(12, 1);
    const g = load(sub);
    aggregateLinks(g, { on: true, open: new Set() });
    const out = g.filterEdges((_e, a) => a.relType === "PAYMENT" && g.source(_e) === "bank").sort();
    const [rep, ...rest] = out;
    const look = edgeLook(g.getEdgeAttributes(rep));
    expect(look.label).toBe(g.getEdgeAttribute(rep, "agg")!.label);
    expect(look.label).toMatch(new RegExp(`^${out.length} payments`));
    for (const e of rest) expect(g.getEdgeAttribute(e, "aggregatedInto")).toBe(rep);
    // its own label is kept for the table and for when the group is opened
    expect(g.getEdgeAttribute(rep, "label")).not.toBe(look.label);
  });

  it("opens a group link by link and closes it again", () => {
    const { sub } = bank(10, 1);
    const g = load(sub);
    aggregateLinks(g, { on: true, open: new Set() });
    expect(drawnEdges(g).length).toBe(2);
    const key = groupKey("PAYMENT", "bank", "p0");
    aggregateLinks(g, { on: true, open: new Set([key]) });
    const out = sub.edges.filter((e) => e.source === "bank").length;
    expect(drawnEdges(g).length).toBe(1 + out);
    // an opened link still knows its group, to close it from its menu
    const member = g.filterEdges((e) => g.source(e) === "bank")[0];
    expect(groupOf(g, member)?.count).toBe(out);
    aggregateLinks(g, { on: false, open: new Set() });
    expect(drawnEdges(g).length).toBe(10);
    aggregateLinks(g, { on: true, open: new Set() });
    expect(drawnEdges(g).length).toBe(2);
  });

  it("counts payments without amount, currency or date, and a payment drawn twice once", () => {
    const g = load({
      nodes: [
        { id: "a", schema: "Person", name: "A", properties: {} },
        { id: "b", schema: "Company", name: "B", properties: {} },
      ],
      edges: [
        { id: "t1", type: "PAYMENT", source: "a", target: "b", paymentId: "t1", amount: 100.1, currency: "USD", date: "2011-03-02" },
        { id: "t2", type: "PAYMENT", source: "a", target: "b", paymentId: "t2", amount: 0.2, currency: "USD", date: "2012" },
        { id: "t3", type: "PAYMENT", source: "a", target: "b", paymentId: "t3", amount: 50, currency: null, date: null },
        { id: "t4", type: "PAYMENT", source: "a", target: "b", paymentId: "t4", amount: null, currency: "EUR", date: "2010-01" },
        // one payment with two beneficiary accounts of b, drawn twice between the same parties
        { id: "t5:a:b", type: "PAYMENT", source: "a", target: "b", paymentId: "t5", amount: 7, currency: "EUR", date: "2013-12-31" },
        { id: "t5:a:b2", type: "PAYMENT", source: "a", target: "b", paymentId: "t5", amount: 7, currency: "EUR", date: "2013-12-31" },
      ],
    });
    const [grp] = aggregateLinks(g, { on: true, open: new Set() });
    expect(grp.count).toBe(5);
    expect(grp.totals).toEqual([
      { currency: "USD", total: "100.3", amount: 100.3, count: 2 },
      { currency: "EUR", total: "7", amount: 7, count: 1 },
      { currency: null, total: "50", amount: 50, count: 1 },
    ]);
    expect(grp.withoutAmount).toBe(1);
    expect(grp.undated).toBe(1);
    expect([grp.firstDate, grp.lastDate]).toEqual(["2010-01", "2013-12-31"]);
    expect(grp.label).toBe("5 payments · USD 100.3 + EUR 7 + 50 (currency not stated) + 1 without amount · 2010-01 – 2013-12 · 1 undated");
  });

  it("groups repeated links of any type, and sums only what the time window shows", () => {
    const g = load({
      nodes: [
        { id: "p", schema: "Person", name: "P", properties: {} },
        { id: "c", schema: "Company", name: "C", properties: {} },
      ],
      edges: [
        { id: "e1", type: "EMPLOYMENT", source: "p", target: "c", startDate: "2001", endDate: "2003" },
        { id: "e2", type: "EMPLOYMENT", source: "p", target: "c", startDate: "2005", endDate: "2006" },
        { id: "e3", type: "EMPLOYMENT", source: "p", target: "c", startDate: "2008", endDate: "2009" },
        { id: "d1", type: "DIRECTORSHIP", source: "p", target: "c", startDate: "2004" },
      ],
    });
    let [grp] = aggregateLinks(g, { on: true, open: new Set() });
    expect(grp.label).toBe("3 × EMPLOYMENT · 2001 – 2009");
    expect(drawnEdges(g).sort()).toEqual(["d1", "e1"]);
    // the directorship and the group are bent apart; the links drawn by the group are not bent
    curveParallelEdges(g);
    expect(g.getEdgeAttribute("e1", "type")).toBe("curvedArrow");
    expect(g.getEdgeAttribute("d1", "type")).toBe("curvedArrow");
    applyTimeWindow(g, { until: "2006-12-31" });
    [grp] = aggregateLinks(g, { on: true, open: new Set() });
    expect(grp.count).toBe(2);
    expect(grp.label).toBe("2 × EMPLOYMENT · 2001 – 2006");
    applyTimeWindow(g, { until: "2003-12-31" });
    expect(aggregateLinks(g, { on: true, open: new Set() })).toEqual([]);
    expect(drawnEdges(g).sort()).toEqual(["e1"]);
    expect(g.getEdgeAttribute("e1", "agg")).toBeFalsy();
  });

  it("leaves money flows alone: they summarise payments already", () => {
    const { sub } = bank(4, 1);
    const g = load(sub);
    g.addDirectedEdgeWithKey("flow:bank:p0:USD", "bank", "p0", { label: "", type: "arrow", relType: "MONEY_FLOW", size: 3, color: "#000", derived: true });
    g.addDirectedEdgeWithKey("flow:bank:p0:EUR", "bank", "p0", { label: "", type: "arrow", relType: "MONEY_FLOW", size: 3, color: "#000", derived: true });
    aggregateLinks(g, { on: true, open: new Set() });
    expect(g.getEdgeAttribute("flow:bank:p0:USD", "aggregatedInto")).toBeFalsy();
    expect(g.getEdgeAttribute("flow:bank:p0:EUR", "aggregatedInto")).toBeFalsy();
    expect(drawnEdges(g)).toContain("flow:bank:p0:EUR");
  });

  it("writes nothing when nothing changed", () => {
    const { sub } = bank(40, 5);
    const g = load(sub);
    aggregateLinks(g, { on: true, open: new Set() });
    curveParallelEdges(g);
    let events = 0;
    g.on("edgeAttributesUpdated", () => events++);
    aggregateLinks(g, { on: true, open: new Set() });
    curveParallelEdges(g);
    expect(events).toBe(0);
    // and something when something did
    g.setEdgeAttribute("pay-0", "amount", 1);
    events = 0;
    aggregateLinks(g, { on: true, open: new Set() });
    expect(events).toBe(1);
  });
});
