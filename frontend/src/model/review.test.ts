// The review queue's state machine and what a candidate shows, without a server.
import { describe, expect, it } from "vitest";
import {
  back,
  compareProperties,
  contribution,
  current,
  finished,
  holds,
  initialReview,
  judged,
  judging,
  keyAction,
  neighboursOf,
  pageLoaded,
  pairKey,
  progressText,
  refused,
  sharedNames,
  skip,
  strongestFirst,
  wantsMore,
  withNote,
  type ReviewState,
} from "./review";
import type { ApiEntity, Match, MatchPage } from "./types";

const rec = (id: string, name = id, extra: Partial<ApiEntity> = {}): ApiEntity => ({ id, schema: "Person", name, ...extra });
const pair = (a: string, b: string, score = 0.9): Match => ({ left: rec(a), right: rec(b), score, features: [], judgement: null });
const page = (matches: Match[], more: boolean, counts = { totalCount: 10, judgedCount: 0 }): MatchPage => ({
  matches,
  cursors: matches.map((_, i) => `c${i}`),
  hasNextPage: more,
  endCursor: matches.length ? `end-${matches[matches.length - 1].left.id}` : null,
  ...counts,
});
const verdict = (m: Match, judgement: Match["judgement"]): Match => ({ ...m, judgement, judgedBy: "ana", judgedAt: "2026-12-01T10:00:00Z" });

describe("keys", () => {
  const target = (tagName: string, isContentEditable = false) => ({ tagName, isContentEditable });
  it.each([
    ["s", { kind: "judge", judgement: "SAME" }],
    ["S", { kind: "judge", judgement: "SAME" }],
    ["d", { kind: "judge", judgement: "DIFFERENT" }],
    ["u", { kind: "judge", judgement: "UNSURE" }],
    ["n", { kind: "skip" }],
    ["ArrowRight", { kind: "skip" }],
    ["ArrowLeft", { kind: "back" }],
  ])("%s on the page is %o", (key, action) => {
    expect(keyAction({ key, target: target("BODY") })).toEqual(action);
    expect(keyAction({ key, target: target("BUTTON") })).toEqual(action);
  });

  it("leaves other keys alone", () => {
    for (const key of ["x", "Enter", " ", "ArrowUp", "Tab", "Escape"]) expect(keyAction({ key, target: target("BODY") })).toBeNull();
  });

  it("never acts while typing in the note (or any field), nor with a modifier held", () => {
    for (const tag of ["INPUT", "TEXTAREA", "SELECT", "input"]) expect(keyAction({ key: "s", target: target(tag) })).toBeNull();
    expect(keyAction({ key: "d", target: target("DIV", true) })).toBeNull();
    expect(keyAction({ key: "s", ctrlKey: true, target: target("BODY") })).toBeNull();
    expect(keyAction({ key: "d", metaKey: true, target: target("BODY") })).toBeNull();
    expect(keyAction({ key: "ArrowLeft", altKey: true, target: target("BODY") })).toBeNull();
    expect(keyAction({ key: "u", target: null })).toEqual({ kind: "judge", judgement: "UNSURE" });
  });
});

describe("paging", () => {
  it("adds pages in order, once each pair, and asks for more at the last candidate fetched", () => {
    let s = initialReview("register");
    expect(s.loading).toBe(true);
    expect(wantsMore(s)).toBe(false); // a page is on its way
    s = pageLoaded(s, page([pair("a", "b"), pair("c", "d")], true));
    expect(s.items.map((i) => i.match.left.id)).toEqual(["a", "c"]);
    expect(holds(s, pair("b", "a"))).toBe(true);
    expect(holds(s, pair("a", "c"))).toBe(false);
    expect(current(s)?.match.right.id).toBe("b");
    expect(wantsMore(s)).toBe(false);
    s = skip(s);
    expect(current(s)?.match.left.id).toBe("c");
    expect(wantsMore(s)).toBe(true);
    s = { ...s, loading: true };
    expect(wantsMore(s)).toBe(false);
    // the next page repeats a pair (the other way round): it is not shown twice
    s = pageLoaded(s, page([pair("d", "c"), pair("e", "f")], false));
    expect(s.items.map((i) => pairKey(i.match.left.id, i.match.right.id))).toEqual([pairKey("a", "b"), pairKey("c", "d"), pairKey("e", "f")]);
    expect(s.hasMore).toBe(false);
    s = skip(skip(s));
    expect(current(s)).toBeNull();
    expect(finished(s)).toBe(true);
    expect(skip(s).index).toBe(s.items.length); // no further than past the end
  });

  it("stops when a page brings nothing new, whatever it says", () => {
    let s = pageLoaded(initialReview(null), page([pair("a", "b")], true));
    s = pageLoaded(s, page([pair("a", "b")], true));
    expect(s.hasMore).toBe(false);
  });

  it("goes back to earlier candidates, judged or skipped, but not before the first", () => {
    let s = pageLoaded(initialReview(null), page([pair("a", "b"), pair("c", "d"), pair("e", "f")], false));
    s = skip(s);
    s = judged(judging(s), verdict(pair("c", "d"), "UNSURE"));
    expect(current(s)?.match.left.id).toBe("e");
    s = back(s);
    expect(current(s)?.match).toMatchObject({ left: { id: "c" }, judgement: "UNSURE" });
    s = back(back(back(s)));
    expect(s.index).toBe(0);
  });
});

describe("verdicts and progress", () => {
  const loaded = (): ReviewState =>
    pageLoaded(initialReview("register"), page([pair("a", "b"), pair("c", "d")], false, { totalCount: 38, judgedCount: 3 }));

  it("counts the queue as unjudged plus judged, and each verdict once", () => {
    let s = loaded();
    expect(progressText(s)).toBe("3 of 41 reviewed · 38 left");
    s = withNote(s, "same birth date");
    s = judged(judging(s), verdict(pair("a", "b"), "SAME"));
    expect(s.note).toBe("");
    expect(s.items[0].match.judgement).toBe("SAME");
    expect(current(s)?.match.left.id).toBe("c");
    expect(progressText(s)).toBe("4 of 41 reviewed · 37 left");
    // back, and judged again: a changed verdict, not one more
    s = judged(judging(back(s)), verdict(pair("a", "b"), "DIFFERENT"));
    expect(s.items[0].match.judgement).toBe("DIFFERENT");
    expect(progressText(s)).toBe("4 of 41 reviewed · 37 left");
  });

  it("keeps the candidate and the note when the server refuses, and says why", () => {
    let s = withNote(loaded(), "looks like him");
    s = judging(s);
    expect(s.judging).toBe(true);
    s = refused(s, "a and b were judged DIFFERENT; SAME would join them through a = x = b");
    expect(s).toMatchObject({ judging: false, index: 0, note: "looks like him", judged: 3 });
    expect(s.error).toBe("Not recorded: a and b were judged DIFFERENT; SAME would join them through a = x = b");
    expect(s.items[0].match.judgement).toBeNull();
    // the next verdict clears the message
    s = judged(judging(s), verdict(pair("a", "b"), "UNSURE"));
    expect(s.error).toBeNull();
  });

  it("ignores an answer about a pair it does not hold", () => {
    const s = judging(loaded());
    const out = judged(s, verdict(pair("x", "y"), "SAME"));
    expect(out).toMatchObject({ judging: false, index: 0, judged: 3 });
  });
});

describe("what a candidate shows", () => {
  it("lines up every property, differences first, with whether the records agree", () => {
    const left = rec("a", "Michael Lacey", { properties: { birthDate: "1948", nationality: ["us"], position: "founder", notes: "x" } });
    const right = rec("b", "Mike Lacy", { properties: { birthDate: "1948-03", nationality: ["US"], address: "Phoenix", name: "Mike Lacy" } });
    expect(compareProperties(left, right)).toEqual([
      { key: "birthDate", left: "1948", right: "1948-03", agreement: "differs" },
      { key: "address", left: "", right: "Phoenix", agreement: "right" },
      { key: "notes", left: "x", right: "", agreement: "left" },
      { key: "position", left: "founder", right: "", agreement: "left" },
      { key: "nationality", left: "us", right: "US", agreement: "same" },
    ]);
  });

  it("marks the names both records have, compared without case or accents", () => {
    const a = rec("a", "József Nagy", { aliases: ["J. Nagy"] });
    const b = rec("b", "Jozsef NAGY", { aliases: ["Joe"] });
    expect([...sharedNames(a, b)]).toEqual(["József Nagy"]);
    expect([...sharedNames(b, a)]).toEqual(["Jozsef NAGY"]);
  });

  it("writes a feature's share of the score with its sign, strongest first", () => {
    const fs = [
      { name: "country", score: 0.3, weight: 1, value: 0.3, detail: "" },
      { name: "birthDateConflict", score: -1.804, weight: -2, value: 0.9, detail: "" },
      { name: "name", score: 2.1, weight: 3, value: 0.7, detail: "" },
      { name: "none", score: 0.001, weight: 1, value: 0, detail: "" },
    ];
    expect(strongestFirst(fs).map((f) => f.name)).toEqual(["name", "birthDateConflict", "country", "none"]);
    expect(strongestFirst(fs).map(contribution)).toEqual(["+2.10", "−1.80", "+0.30", "0.00"]);
  });

  it("lists a record's neighbours from its own neighbourhood, either direction", () => {
    const sub = {
      nodes: [rec("a"), rec("bank", "Bank of X", { schema: "Company" }), rec("p", "Larkin")],
      edges: [
        { id: "e1", type: "HOLDS_ACCOUNT", source: "a", target: "bank" },
        { id: "e2", type: "ASSOCIATE", source: "p", target: "a", role: "partner" },
        { id: "e3", type: "ASSOCIATE", source: "p", target: "bank" },
      ],
    };
    expect(neighboursOf("a", sub)).toEqual([
      { link: "ASSOCIATE: partner", direction: "in", id: "p", name: "Larkin", schema: "Person" },
      { link: "HOLDS_ACCOUNT", direction: "out", id: "bank", name: "Bank of X", schema: "Company" },
    ]);
  });
});
