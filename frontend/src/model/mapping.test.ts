import { describe, expect, it } from "vitest";
import type { MappingState, Table } from "./mapping";
import {
  columnsOf,
  emptyState,
  newEntity,
  problems,
  propertyName,
  removeEntity,
  renameEntity,
  slug,
  suggestMapping,
  toYaml,
  words,
  yamlString,
} from "./mapping";

const table = (header: string[], rows: string[][] = [], extra: Partial<Table> = {}): Table => ({
  file: "people.csv",
  format: "csv",
  header,
  rows,
  delimiter: ",",
  encoding: "utf-8",
  ...extra,
});

/** The wizard's state for id,name,employer: a person, the company employing them, the link. */
function employment(): { t: Table; s: MappingState } {
  const t = table(["id", "name", "employer", "since"], [["1", "Ann Smith", "Acme Ltd", "25/03/2015"]]);
  let s = emptyState(t);
  const person = { ...newEntity(s, "Person"), keys: ["id"], name: ["name"] };
  s = { ...s, entities: [person] };
  const employer = { ...newEntity(s, "Company", "employer"), keys: ["employer"], name: ["employer"] };
  s = { ...s, entities: [person, employer] };
  s = { ...s, links: [{ type: "EMPLOYMENT", from: "person", to: "employer", role: { literal: "clerk" }, startDate: "since", endDate: null }] };
  return { t, s };
}

describe("YAML", () => {
  it("writes the mapping casegraph ingest reads", () => {
    const { t, s } = employment();
    expect(toYaml(s, columnsOf(t))).toBe(`# A casegraph mapping (docs/mapping.md), written by the explorer's mapping wizard.
# Load it again with: casegraph ingest --mapping people.yml people.csv
dataset: people
source:
  title: people.csv
inputs:
  - name: people
    file: people.csv
    format: csv
    entities:
      person:
        schema: Person
        keys: [id]
        properties:
          name: name
      employer:
        schema: Company
        keys: [employer]
        properties:
          name: employer
    relationships:
      - type: EMPLOYMENT
        from: person
        to: employer
        role: {literal: clerk}
        startDate: {column: since, type: date, formats: ["d/M/yyyy"]}
`);
  });

  it("types typed properties, writes date formats only where ISO is not enough, and quotes what YAML would misread", () => {
    const t = table(
      ["Full Name", "born", "amount", "yes", "when"],
      [
        ["Ann: the first", "1970-01-02", "$1,000", "x", "Mar 5, 2011"],
        ["Bob", "1971-05-06", "2,000", "y", "Apr 6, 2012"],
      ],
      { delimiter: ";", encoding: "latin-1", file: "Ledger 2011.csv" },
    );
    const s: MappingState = {
      ...emptyState(t),
      entities: [
        {
          ...newEntity(emptyState(t), "Person"),
          keys: ["Full Name", "born"],
          name: ["Full Name"],
          aliases: { column: "yes", split: ";" },
          properties: [
            { property: "birthDate", column: "born", type: "date" },
            { property: "nationality", column: "yes", type: "string" },
            { property: "seen", column: "when", type: "date" },
            { property: "note", column: "", literal: "from the ledger", type: "string" },
          ],
        },
      ],
    };
    const yaml = toYaml(s, columnsOf(t));
    expect(yaml).toContain("dataset: ledger-2011\n");
    expect(yaml).toContain('    file: "Ledger 2011.csv"\n    format: csv\n    delimiter: ";"\n    encoding: latin-1\n');
    expect(yaml).toContain('        keys: ["Full Name", born]\n');
    expect(yaml).toContain('          name: "Full Name"\n');
    expect(yaml).toContain('          aliases: {column: "yes", split: ";"}\n');
    expect(yaml).toContain("          birthDate: {column: born, type: date}\n"); // ISO: no format
    expect(yaml).toContain('          nationality: {column: "yes", split: ";"}\n'); // a list
    expect(yaml).toContain('          seen: {column: when, type: date, formats: ["MMM d, yyyy"]}\n');
    expect(yaml).toContain('          note: {literal: "from the ledger"}\n');
    expect(yaml).not.toContain("relationships:");
  });

  it("uses a date format the user chose over the inferred one", () => {
    const { t, s } = employment();
    const chosen = { ...s, dateFormats: { since: { pattern: "M/d/yyyy", layout: "1/2/2006" } } };
    expect(toYaml(chosen, columnsOf(t))).toContain('startDate: {column: since, type: date, formats: ["M/d/yyyy"]}');
  });

  it.each([
    ["name", "name"],
    ["Full Name", '"Full Name"'],
    ["yes", '"yes"'],
    ["No", '"No"'],
    ["null", '"null"'],
    ["a: b", '"a: b"'],
    ["#tag", '"#tag"'],
    ["1990", '"1990"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["tab\there", '"tab\\there"'],
    ["line\u2028break", '"line\\u2028break"'],
    ["Ügyfél", '"Ügyfél"'],
  ])("%j is written %s", (input, out) => {
    expect(yamlString(input)).toBe(out);
  });
});

describe("names", () => {
  it("splits column names into words", () => {
    expect(words("employerID")).toEqual(["employer", "id"]);
    expect(words("Date of birth")).toEqual(["date", "of", "birth"]);
    expect(words("payer_IBAN")).toEqual(["payer", "iban"]);
  });
  it("makes datasets and property names", () => {
    expect(slug("Bank statement (March).xlsx")).toBe("bank-statement-march");
    expect(slug("Ügyfelek.csv")).toBe("ugyfelek");
    expect(slug("...")).toBe("upload");
    expect(propertyName("Date of incorporation")).toBe("dateOfIncorporation");
    expect(propertyName("id")).toBe("idValue"); // casegraph's own
    expect(propertyName("2nd address")).toBe("column2ndAddress");
  });
});

describe("editing", () => {
  it("renames an entity and the links that name it, and removes links with an entity", () => {
    const { s } = employment();
    const renamed = renameEntity(s, "employer", "company");
    expect(renamed.entities.map((e) => e.key)).toEqual(["person", "company"]);
    expect(renamed.links[0]).toMatchObject({ from: "person", to: "company" });
    expect(renameEntity(s, "employer", "person").entities[1].key).toBe("person2"); // names stay unique
    const removed = removeEntity(s, "employer");
    expect(removed.entities.map((e) => e.key)).toEqual(["person"]);
    expect(removed.links).toEqual([]);
  });

  it("says what is missing before a preview", () => {
    const { t, s } = employment();
    expect(problems(s)).toEqual([]);
    const bare = { ...emptyState(t), dataset: " ", source: { title: "", url: "javascript:alert(1)", publisher: "", publishedAt: "" } };
    const p = problems(bare);
    expect(p.some((x) => x.includes("dataset"))).toBe(true);
    expect(p.some((x) => x.includes("http"))).toBe(true);
    expect(p.some((x) => x.includes("at least one entity"))).toBe(true);
    const noKey = { ...s, entities: [{ ...s.entities[0], keys: [] }, s.entities[1]] };
    expect(problems(noKey)).toEqual([expect.stringContaining("key column(s) of person")]);
    const reserved = { ...s, entities: [{ ...s.entities[0], properties: [{ property: "id", column: "id", type: "string" as const }] }, s.entities[1]] };
    expect(problems(reserved)).toEqual([expect.stringContaining('"id" is set by casegraph')]);
  });
});

describe("suggestions from column names", () => {
  const shape = (s: MappingState) => ({
    entities: s.entities.map((e) => ({
      key: e.key,
      schema: e.schema,
      keys: e.keys,
      name: e.name,
      props: Object.fromEntries(e.properties.map((p) => [p.property, `${p.column}:${p.type}`])),
    })),
    links: s.links.map((l) => `${l.from} ${l.type} ${l.to}${l.role?.column ? " role=" + l.role.column : ""}${l.startDate ? " start=" + l.startDate : ""}`),
  });

  it("a person per row and the company employing them", () => {
    const s = suggestMapping(table(["id", "name", "employer"], [["1", "Ann", "Acme"]]));
    expect(shape(s)).toEqual({
      entities: [
        { key: "person", schema: "Person", keys: ["id"], name: ["name"], props: {} },
        { key: "employer", schema: "Company", keys: ["employer"], name: ["employer"], props: {} },
      ],
      links: ["person EMPLOYMENT employer"],
    });
  });

  it("a payment per row between payer and beneficiary, with their accounts", () => {
    const s = suggestMapping(
      table(
        ["transaction_id", "date", "payer", "payer_iban", "beneficiary", "beneficiary_iban", "amount", "currency", "purpose"],
        [["t1", "2011-03-05", "Acme", "HU42117730161111101800000000", "Beta", "DE89370400440532013000", "1,000.00", "EUR", "fees"]],
      ),
    );
    const got = shape(s);
    expect(got.entities[0]).toEqual({
      key: "payment",
      schema: "Payment",
      keys: ["transaction_id"],
      name: [],
      props: { amount: "amount:amount", currency: "currency:string", date: "date:date", purpose: "purpose:string" },
    });
    expect(got.entities.map((e) => `${e.key}:${e.schema}:${e.keys.join("+")}`)).toEqual([
      "payment:Payment:transaction_id",
      "payer:Company:payer",
      "payer_account:BankAccount:payer_iban",
      "beneficiary:Company:beneficiary",
      "beneficiary_account:BankAccount:beneficiary_iban",
    ]);
    expect(got.links).toEqual([
      "payer PAID payment",
      "payment FROM_ACCOUNT payer_account",
      "payer HOLDS_ACCOUNT payer_account",
      "payment PAID_TO beneficiary",
      "payment TO_ACCOUNT beneficiary_account",
      "beneficiary HOLDS_ACCOUNT beneficiary_account",
    ]);
  });

  it("a payment without a reference is keyed by its parties, date and amount", () => {
    const s = suggestMapping(table(["sender", "recipient", "value_date", "Amount"], [["A", "B", "2011-01-01", "12"]]));
    expect(s.entities[0].keys).toEqual(["sender", "recipient", "value_date", "Amount"]);
  });

  it("a company register: registration numbers, jurisdictions, directors with their roles and dates", () => {
    const s = suggestMapping(
      table(["company_name", "company_number", "jurisdiction", "director", "role", "appointed_on", "incorporated"], [["Acme", "123", "GB", "Ann", "secretary", "2015-01-01", "2001"]]),
    );
    expect(shape(s)).toEqual({
      entities: [
        {
          key: "company",
          schema: "Company",
          keys: ["company_name"],
          name: ["company_name"],
          props: { jurisdiction: "jurisdiction:string", registrationNumber: "company_number:string", incorporated: "incorporated:string" },
        },
        { key: "director", schema: "Person", keys: ["director"], name: ["director"], props: {} },
      ],
      links: ["director DIRECTORSHIP company role=role start=appointed_on"],
    });
  });

  it("people with first and last names, birth dates, aliases and accounts", () => {
    const s = suggestMapping(table(["First Name", "Last Name", "Date of Birth", "aka", "IBAN", "bank"], [["Ann", "Smith", "02/01/1970", "Annie", "HU42", "OTP"]]));
    const got = shape(s);
    expect(got.entities[0]).toEqual({
      key: "person",
      schema: "Person",
      keys: ["First Name", "Last Name", "Date of Birth"],
      name: ["First Name", "Last Name"],
      props: { birthDate: "Date of Birth:date" },
    });
    expect(s.entities[0].aliases).toEqual({ column: "aka", split: ";" });
    expect(got.entities[1]).toEqual({ key: "account", schema: "BankAccount", keys: ["IBAN"], name: [], props: { iban: "IBAN:string", bankName: "bank:string" } });
    expect(got.links).toEqual(["person HOLDS_ACCOUNT account"]);
  });

  it("meeting attendees: a person per row and the meeting they attended", () => {
    const s = suggestMapping(table(["attendee_id", "name", "meeting", "meeting_date", "location"], [["1", "Ann", "Board", "2011-03-05", "Pécs"]]));
    expect(shape(s).entities.map((e) => `${e.key}:${e.schema}:${e.keys.join("+")}`)).toEqual(["person:Person:attendee_id", "event:Event:meeting+meeting_date"]);
    expect(s.entities[1].properties.map((p) => p.property)).toEqual(["date", "location"]);
    expect(shape(s).links).toEqual(["person ATTENDED event"]);
  });

  it("a docket: a charge per row, its defendant and its case (the demo's charges sheet)", () => {
    const header = ["charge_id", "defendant_id", "defendant_name", "case_id", "case_name", "charge", "description", "statute", "counts", "outcome", "outcome_date", "reported_on", "notes"];
    const row = ["c1", "lacey", "Michael Lacey", "trial-2023", "Backpage retrial", "money laundering", "Transfer", "18 USC 1956", "1", "Convicted", "2021", "45252", "n"];
    const s = suggestMapping(table(header, [row], { format: "xlsx", excelDates: header.map((h) => (h === "reported_on" ? 1 : 0)) }));
    expect(shape(s)).toEqual({
      entities: [
        {
          key: "charge",
          schema: "Charge",
          keys: ["charge_id"],
          name: ["charge"],
          props: {
            statute: "statute:string",
            description: "description:string",
            count: "counts:integer",
            outcome: "outcome:outcome",
            outcomeDate: "outcome_date:date",
            reportedOn: "reported_on:date",
            notes: "notes:string",
          },
        },
        { key: "defendant", schema: "Person", keys: ["defendant_id"], name: ["defendant_name"], props: {} },
        { key: "case", schema: "CourtCase", keys: ["case_id"], name: ["case_name"], props: {} },
      ],
      links: ["defendant CHARGED_WITH charge", "charge IN_CASE case"],
    });
  });

  it("types a left-over column as dates only when every value is one", () => {
    const s = suggestMapping(table(["id", "name", "incorporated", "ref"], [["1", "Ann", "2001-05-03", "2001"], ["2", "Bob", "2003-01-02", "x"]]));
    expect(s.entities[0].properties).toEqual([
      { property: "incorporated", column: "incorporated", type: "date" },
      { property: "ref", column: "ref", type: "string" },
    ]);
  });

  it("keeps the other columns as properties of the row's entity, and leaves empty columns out", () => {
    const s = suggestMapping(table(["id", "name", "Favourite colour", "notes"], [["1", "Ann", "blue", ""]]));
    expect(s.entities[0].properties).toEqual([{ property: "favouriteColour", column: "Favourite colour", type: "string" }]);
  });

  it("names the input, the dataset and the source after the file", () => {
    const s = suggestMapping(table(["id", "name"], [], { file: "Board members.xlsx", format: "xlsx", sheet: "2019", sheets: ["2018", "2019"], delimiter: undefined }));
    expect(s.dataset).toBe("board-members");
    expect(s.source.title).toBe("Board members.xlsx");
    expect(s.input).toEqual({ name: "board-members", file: "Board members.xlsx", format: "xlsx", sheet: "2019" });
  });
});
