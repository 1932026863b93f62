import { describe, expect, it } from "vitest";
import type { DryRunJob } from "./mappingPreview";
import { previewGraph, previewLabel, suggestedPattern, summaryLine } from "./mappingPreview";

type Preview = NonNullable<DryRunJob["preview"]>;
const job = (entities: Preview["entities"], relationships: Preview["relationships"], extra: Partial<DryRunJob> = {}): DryRunJob => ({
  jobId: "j",
  input: "people",
  file: "people.csv",
  status: "dry-run",
  rowsRead: 4,
  rowsLoaded: 3,
  rowsRejected: 1,
  errors: [{ file: "people.csv", row: 5, column: "id", value: "", reason: "required", message: "row 5: id is required" } as never],
  error: null,
  preview: { entities, relationships },
  ...extra,
});

describe("the dry run's graph", () => {
  // what the server answers for id,name,employer where row 4 names person 3 again with another spelling
  const answer = job(
    [
      { id: "t-person-1", schema: "Person", name: "Ann Smith", aliases: null, properties: {} },
      { id: "t-company-a", schema: "Company", name: "Acme Ltd", aliases: null, properties: { jurisdiction: "GB" } },
      { id: "t-person-2", schema: "Person", name: "Bob Jones", aliases: null, properties: {} },
      { id: "t-company-a", schema: "Company", name: "Acme Ltd", aliases: null, properties: {} },
      { id: "t-person-3", schema: "Person", name: "Ann Smith-Jones", aliases: null, properties: {} },
      { id: "t-person-3", schema: "Person", name: "", aliases: ["Ann Smith"], properties: {} },
      { id: "t-company-a", schema: "Company", name: "ACME Limited", aliases: ["Acme"], properties: { jurisdiction: "UK" } },
    ],
    [
      { id: "e1", type: "EMPLOYMENT", source: "t-person-1", target: "t-company-a" },
      { id: "e2", type: "EMPLOYMENT", source: "t-person-2", target: "t-company-a" },
      { id: "e1", type: "EMPLOYMENT", source: "t-person-1", target: "t-company-a" },
      { id: "e9", type: "EMPLOYMENT", source: "t-person-3", target: "t-company-past-the-limit" },
    ],
  );

  it("draws each id once, with its first name and every other spelling as an alias", () => {
    const g = previewGraph([answer]);
    expect(g.entities.map((e) => [e.id, e.name, e.aliases, e.rows])).toEqual([
      ["t-person-1", "Ann Smith", [], 1],
      ["t-company-a", "Acme Ltd", ["ACME Limited", "Acme"], 3],
      ["t-person-2", "Bob Jones", [], 1],
      ["t-person-3", "Ann Smith-Jones", ["Ann Smith"], 2],
    ]);
    // the first value of a property stays (a later one would have been a conflict the server rejects)
    expect(g.entities[1].properties).toEqual({ jurisdiction: "GB" });
    expect(g.entityRows).toBe(7);
  });

  it("draws each link once, and counts the ones whose end the preview does not list", () => {
    const g = previewGraph([answer]);
    expect(g.links.map((l) => [l.id, l.rows])).toEqual([
      ["e1", 2],
      ["e2", 1],
    ]);
    expect(g.dangling).toBe(1);
    expect(g.linkRows).toBe(4);
  });

  it("adds up the rows and errors of every job, and keeps a job's own error", () => {
    const g = previewGraph([answer, job([], null, { input: "other", rowsRead: 2, rowsLoaded: 2, rowsRejected: 0, errors: [], error: "cannot read other.csv" })]);
    expect([g.rowsRead, g.rowsLoaded, g.rowsRejected]).toEqual([6, 5, 1]);
    expect(g.errors.map((e) => e.row)).toEqual([5]);
    expect(g.failures).toEqual(["cannot read other.csv"]);
  });

  it("labels an entity without a name by what tells it apart, else by its id", () => {
    const g = previewGraph([
      job(
        [
          { id: "t-account-1", schema: "BankAccount", name: "", properties: { iban: "HU42" } },
          { id: "t-payment-1", schema: "Payment", name: "", properties: { amount: 16500000, currency: "USD", date: "2011-03-05", purpose: "loan" } },
          { id: "t-event-1", schema: "Event", name: "", properties: { location: "Pécs" } },
        ],
        null,
      ),
    ]);
    expect(g.entities.map(previewLabel)).toEqual(["HU42", "16500000 USD 2011-03-05", "t-event-1"]);
  });

  // what the server answers for a birth-date column written dd/MM/yyyy, mapped without formats
  const guess = {
    patterns: [{ pattern: "dd/MM/yyyy", language: "Unicode", fits: 2, example: "25/03/1970" }],
    sampled: 3,
    fits: 2,
    serials: 0,
    unfit: ["not a date"],
    ambiguous: null,
  };
  const dated = job([], null, {
    dates: [{ column: "born", formats: null, values: 3, failed: 3, guess }],
    errorSummaries: [
      {
        column: "born",
        kind: "date",
        reason: "not a date in ISO (yyyy-MM-dd, yyyy-MM, yyyy); no date patterns were given",
        count: 3,
        rows: [2, 3, 4],
        values: ["25/03/1970", "01/04/1971", "not a date"],
        guess,
      },
      { column: "amount", kind: "not an amount", reason: "not an amount: \"lots\"", count: 1200, rows: [7, 9], values: ["lots"] },
    ],
  });

  it("keeps how the server read each date column, and says which pattern to use", () => {
    const g = previewGraph([dated]);
    expect(g.dates.map((d) => [d.column, suggestedPattern(d)])).toEqual([["born", "dd/MM/yyyy"]]);
    // nothing to suggest when every value was read, when the mapping has the pattern, or when day and month could be either way
    expect(suggestedPattern({ ...g.dates[0], failed: 0 })).toBeNull();
    expect(suggestedPattern({ ...g.dates[0], formats: ["dd/MM/yyyy"] })).toBeNull();
    expect(suggestedPattern({ ...g.dates[0], guess: { ...guess, ambiguous: ["MM/dd/yyyy"] } })).toBeNull();
  });

  it("says each column's row errors in one line", () => {
    const lines = previewGraph([dated]).summaries.map(summaryLine);
    expect(lines).toEqual([
      '3 values in "born" did not parse as dates (no pattern given, so ISO yyyy-MM-dd only); they look like "25/03/1970" → try dd/MM/yyyy (rows 2, 3, 4)',
      '1,200 rows in "amount": not an amount: "lots" (rows 7, 9 …)',
    ]);
  });
});
