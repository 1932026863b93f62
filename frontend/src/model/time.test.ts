import { describe, expect, it } from "vitest";
import { mergeSubgraph, newGraph, visibleEdges, visibleNodes } from "./graph";
import shared from "../../../testdata/intervals.json";
import { applyTimeWindow, dateRange, edgeSpan, inWindow, monthEnd, monthsBetween, nodeSpan, timeDomain } from "./time";

interface IntervalCase {
  name: string;
  schema?: string;
  properties?: Record<string, unknown>;
  relationship?: { type: string; startDate?: string; endDate?: string };
  interval: [string, string | null] | null;
  windows: { since?: string; until?: string; in: boolean }[];
}

// The interval rule's cases, shared with the Go rule (window_test.go) and the
// API's Cypher (graph/window_test.go): the slider hides what the API's windows leave out.
describe("the interval rule (testdata/intervals.json)", () => {
  it.each((shared.cases as IntervalCase[]).map((c) => [c.name, c] as const))("%s", (_, c) => {
    const s = c.relationship
      ? edgeSpan({ relType: c.relationship.type, startDate: c.relationship.startDate, endDate: c.relationship.endDate })
      : nodeSpan({ schema: c.schema!, properties: c.properties ?? {} });
    expect(s).toEqual(c.interval);
    for (const w of c.windows) expect([w, inWindow(s, w)]).toEqual([w, w.in]);
  });
});

describe("dateRange", () => {
  it.each([
    ["2011", ["2011-01-01", "2011-12-31"]],
    ["2011-03", ["2011-03-01", "2011-03-31"]],
    ["2012-02", ["2012-02-01", "2012-02-29"]],
    ["2023-11-22", ["2023-11-22", "2023-11-22"]],
  ])("%s stands for %j", (s, want) => expect(dateRange(s)).toEqual(want));
  it("is null for no date", () => {
    expect(dateRange(null)).toBeNull();
    expect(dateRange("soon")).toBeNull();
  });
});

describe("inWindow", () => {
  it("keeps undated items and those whose span meets the window", () => {
    expect(inWindow(null, { until: "2010-12-31" })).toBe(true);
    expect(inWindow(["2011-03-01", "2011-03-31"], { until: "2010-12-31" })).toBe(false);
    expect(inWindow(["2011-03-01", "2011-03-31"], { until: "2011-03-10" })).toBe(true); // a partial month overlaps
    expect(inWindow(["2011-03-01", "2011-03-31"], { since: "2011-04-01" })).toBe(false);
    expect(inWindow(["2015-12-31", "2015-12-31"], { since: "2016-01-01" })).toBe(false); // ended before
    expect(inWindow(["2020-01-01", null], { until: "2019-12-31" })).toBe(false); // started after
    expect(inWindow(["2020-01-01", null], { since: "2030-01-01" })).toBe(true); // still running
  });
});

describe("applyTimeWindow", () => {
  const g = newGraph();
  mergeSubgraph(g, {
    nodes: [
      { id: "lacey", schema: "Person", name: "Lacey", properties: {} },
      { id: "larkin", schema: "Person", name: "Larkin", properties: {} },
      { id: "meeting", schema: "Event", name: "Meeting", properties: { date: "2011-03" } },
      { id: "charge", schema: "Charge", name: "2021 counts", properties: { outcome: "MISTRIAL", outcomeDate: "2021" } },
      { id: "bank", schema: "Company", name: "Bank", properties: {} },
    ],
    edges: [
      { id: "att", type: "ATTENDED", source: "lacey", target: "meeting" },
      { id: "ch", type: "CHARGED_WITH", source: "lacey", target: "charge" },
      { id: "pay", type: "PAYMENT", source: "lacey", target: "bank", amount: 5, currency: "USD", date: "2017-06-01" },
      { id: "dir", type: "DIRECTORSHIP", source: "larkin", target: "bank", startDate: "2004", endDate: "2018-04" },
    ],
  });

  it("hides the 2011 meeting before 2011, and its links, in the same model the table reads", () => {
    applyTimeWindow(g, { until: "2010-12-31" });
    expect(visibleNodes(g).sort()).toEqual(["bank", "lacey", "larkin"]);
    expect(visibleEdges(g)).toEqual(["dir"]);
  });
  it("filters payments by date and relationships by their period", () => {
    applyTimeWindow(g, { since: "2018-05-01" });
    expect(visibleEdges(g)).toContain("ch");
    expect(visibleEdges(g)).not.toContain("pay");
    expect(visibleEdges(g)).not.toContain("dir");
  });
  it("shows everything again with no window", () => {
    expect(applyTimeWindow(g, {})).toBe(0);
    expect(visibleNodes(g)).toHaveLength(5);
  });
  it("spans the dated items month by month", () => {
    const d = timeDomain(g);
    expect(d[0]).toBe("2004-01");
    expect(d[d.length - 1]).toBe("2021-12");
  });
});

describe("months", () => {
  it("counts months across years", () => {
    expect(monthsBetween("2010-11-05", "2011-02-01")).toEqual(["2010-11", "2010-12", "2011-01", "2011-02"]);
    expect(monthEnd("2010-12")).toBe("2010-12-31");
  });
});
