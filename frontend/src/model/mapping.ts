// The mapping wizard's model: what the user clicked together (which entities
// each row makes, the links between them, the source), written out as the
// YAML mapping that `casegraph ingest --mapping` and POST /api/ingest read
// (docs/mapping.md). YAML stays the format; the wizard only writes it.
import type { DateFormat, Inference, ValueType } from "./mappingInfer";
import { inferColumn } from "./mappingInfer";
import { RESERVED_PROPERTIES, typedProperty } from "./mappingModel";

/** A spreadsheet as the wizard read it: its header and first rows. */
export interface Table {
  file: string;
  format: "csv" | "xlsx";
  header: string[];
  /** The first rows after the header (at most 50), each as long as the header. */
  rows: string[][];
  /** CSV: the delimiter and the encoding it was read with. */
  delimiter?: string;
  encoding?: "utf-8" | "latin-1";
  /** XLSX: the sheet read, every sheet of the workbook (the first is the default), and per column how many cells are stored as dates. */
  sheet?: string;
  sheets?: string[];
  excelDates?: number[];
  /** The 1-based row holding the column names, when not the first (rows above it are titles). */
  headerRow?: number;
  /** XLSX: the workbook counts days from 1904 (old Mac Excel), not 1900. */
  date1904?: boolean;
}

export interface Column {
  name: string;
  /** The column's values in the rows read. */
  values: string[];
  inference: Inference;
}

export function columnsOf(t: Table): Column[] {
  return t.header.map((name, i) => {
    const values = t.rows.map((r) => r[i] ?? "");
    return { name, values, inference: inferColumn(name, values, { excelDates: t.excelDates?.[i] }) };
  });
}

/** One property of an entity: from a column, or a fixed value. */
export interface PropertyMap {
  property: string;
  column: string;
  literal?: string;
  type: ValueType;
}

/** One entity each row makes. */
export interface EntityMap {
  /** Its name in the mapping, which links use (person, employer …). */
  key: string;
  schema: string;
  /** Columns whose values make its stable id; with idColumn instead, the data's own ids. */
  keys: string[];
  idColumn: string | null;
  /** Columns whose values, joined by a space, are its name. */
  name: string[];
  /** A column of other names, split on a separator. */
  aliases: { column: string; split: string } | null;
  properties: PropertyMap[];
}

/** A role or date of a link: a column, or a fixed text. */
export interface LinkValue {
  column?: string;
  literal?: string;
}

export interface LinkMap {
  type: string;
  from: string;
  to: string;
  role: LinkValue | null;
  startDate: string | null;
  endDate: string | null;
}

export interface SourceMap {
  title: string;
  url: string;
  publisher: string;
  publishedAt: string;
}

export interface MappingState {
  dataset: string;
  source: SourceMap;
  input: { name: string; file: string; format: "csv" | "xlsx"; sheet?: string; headerRow?: number; delimiter?: string; encoding?: "utf-8" | "latin-1" };
  entities: EntityMap[];
  links: LinkMap[];
  /** Date formats chosen for columns, over the inferred ones. */
  dateFormats: Record<string, DateFormat>;
}

// --- names ------------------------------------------------------------------------------

/** The words of a column name, lower case: "employerID" → employer id, "Date of birth" → date of birth. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A short name for ids and mappings: "Bank statement (March).xlsx" → bank-statement-march. */
export function slug(name: string): string {
  const s = name
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return s || "upload";
}

/** A property name from a column name: "Date of incorporation" → dateOfIncorporation. */
export function propertyName(column: string): string {
  const w = words(column).map((x) => x.replace(/[^a-z0-9]/g, "")).filter(Boolean);
  let out = w.map((x, i) => (i ? x[0].toUpperCase() + x.slice(1) : x)).join("");
  if (!out || /^\d/.test(out)) out = "column" + (out ? out[0].toUpperCase() + out.slice(1) : "");
  return RESERVED_PROPERTIES.has(out) || out === "name" || out === "aliases" ? out + "Value" : out;
}

/** An entity name not yet used in the mapping: person, person2 … */
export function freshKey(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const root =
    base
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .replace(/^[^a-z]+|_+$/g, "") || "entity";
  if (!used.has(root)) return root;
  for (let i = 2; ; i++) if (!used.has(root + i)) return root + i;
}

// --- editing ------------------------------------------------------------------------------

export function emptyState(t: Table): MappingState {
  return {
    dataset: slug(t.file),
    source: { title: t.file, url: "", publisher: "", publishedAt: "" },
    input: {
      name: slug(t.file),
      file: t.file,
      format: t.format,
      ...(t.format === "xlsx" && t.sheet && t.sheets && t.sheet !== t.sheets[0] ? { sheet: t.sheet } : {}),
      ...(t.headerRow && t.headerRow > 1 ? { headerRow: t.headerRow } : {}),
      ...(t.delimiter && t.delimiter !== "," ? { delimiter: t.delimiter } : {}),
      ...(t.encoding === "latin-1" ? { encoding: "latin-1" as const } : {}),
    },
    entities: [],
    links: [],
    dateFormats: {},
  };
}

export function newEntity(state: MappingState, schema: string, base = schema): EntityMap {
  return { key: freshKey(base, state.entities.map((e) => e.key)), schema, keys: [], idColumn: null, name: [], aliases: null, properties: [] };
}

/** The type a property is written with: its typed property's, else the column's inferred type (text for lists and codes). */
export function propertyType(schema: string, property: string, inferred?: Inference): ValueType {
  const typed = typedProperty(schema, property);
  if (typed) return typed.type;
  if (!inferred) return "string";
  return inferred.type === "date" && inferred.fits === inferred.filled ? "date" : inferred.type === "date" ? "string" : inferred.type;
}

/** Renames an entity and the links that name it. */
export function renameEntity(state: MappingState, from: string, to: string): MappingState {
  const key = freshKey(to, state.entities.filter((e) => e.key !== from).map((e) => e.key));
  return {
    ...state,
    entities: state.entities.map((e) => (e.key === from ? { ...e, key } : e)),
    links: state.links.map((l) => ({ ...l, from: l.from === from ? key : l.from, to: l.to === from ? key : l.to })),
  };
}

/** Removes an entity and every link to or from it. */
export function removeEntity(state: MappingState, key: string): MappingState {
  return { ...state, entities: state.entities.filter((e) => e.key !== key), links: state.links.filter((l) => l.from !== key && l.to !== key) };
}

/** What keeps the mapping from being read, in words a user can act on; empty when it is complete. */
export function problems(state: MappingState): string[] {
  const out: string[] = [];
  if (!state.dataset.trim()) out.push("Name the dataset: a short name that keeps these ids apart from other loads.");
  if (!state.source.title.trim() && !state.source.url.trim()) out.push("Name the source (a title or a web address): every fact cites where it comes from.");
  if (state.source.url.trim() && !/^https?:\/\/[^/\s]+/i.test(state.source.url.trim())) out.push("The source's address must start with http:// or https://.");
  if (!state.entities.length) out.push("Add at least one entity that each row makes.");
  for (const e of state.entities) {
    if (!e.keys.length && !e.idColumn) out.push(`Choose the key column(s) of ${e.key} (${e.schema}): the values that tell one ${e.schema} from another.`);
    for (const p of e.properties) {
      if (!p.property.trim()) out.push(`A property of ${e.key} has no name.`);
      else if (RESERVED_PROPERTIES.has(p.property)) out.push(`${e.key}: "${p.property}" is set by casegraph; choose another property name.`);
      if (!p.column && p.literal === undefined) out.push(`${e.key}.${p.property || "?"}: choose a column.`);
    }
  }
  const keys = new Set(state.entities.map((e) => e.key));
  for (const l of state.links) {
    if (!keys.has(l.from) || !keys.has(l.to)) out.push(`The ${l.type} link needs an entity at both ends.`);
    else if (l.from === l.to) out.push(`The ${l.type} link goes from ${l.from} to itself.`);
  }
  return out;
}

// --- YAML --------------------------------------------------------------------------------

const PLAIN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const KEYWORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/** A YAML scalar: plain when that is unambiguous, else double-quoted (JSON's escapes are YAML's). */
export function yamlString(s: string): string {
  if (PLAIN.test(s) && !KEYWORDS.test(s)) return s;
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function flow(items: string[]): string {
  return `[${items.map(yamlString).join(", ")}]`;
}

/**
 * How a date format is written in a mapping: as the pattern people read
 * (`d/M/yyyy`, `MMM d, yyyy`), which casegraph reads as a Unicode pattern;
 * an ISO or Excel date needs none.
 */
export function formatForYaml(f: DateFormat): string | null {
  return f.builtin ? null : f.pattern;
}

/** The date format a column's values are read with: the one chosen, else the inferred one. */
export function dateFormatOf(state: MappingState, column: string, columns: Column[]): DateFormat | undefined {
  return state.dateFormats[column] ?? columns.find((c) => c.name === column)?.inference.format;
}

function valueYaml(state: MappingState, columns: Column[], column: string, type: ValueType): string {
  const fmt = type === "date" ? dateFormatOf(state, column, columns) : undefined;
  const layout = fmt ? formatForYaml(fmt) : null;
  if (type === "string") return yamlString(column);
  return `{column: ${yamlString(column)}, type: ${type}${layout ? `, formats: ${flow([layout])}` : ""}}`;
}

function linkValueYaml(state: MappingState, columns: Column[], v: LinkValue, date: boolean): string | null {
  if (v.literal !== undefined) return v.literal.trim() ? `{literal: ${yamlString(v.literal.trim())}}` : null;
  if (!v.column) return null;
  return date ? valueYaml(state, columns, v.column, "date") : yamlString(v.column);
}

/** The mapping as YAML, as `casegraph ingest --mapping` reads it. */
export function toYaml(state: MappingState, columns: Column[]): string {
  const L: string[] = [];
  const fileName = state.input.file;
  L.push("# A casegraph mapping (docs/mapping.md), written by the explorer's mapping wizard.");
  L.push(`# Load it again with: casegraph ingest --mapping ${slug(fileName)}.yml ${/^[\w.-]+$/.test(fileName) ? fileName : JSON.stringify(fileName)}`);
  L.push(`dataset: ${yamlString(state.dataset.trim())}`);
  L.push("source:");
  const s = state.source;
  if (s.title.trim()) L.push(`  title: ${yamlString(s.title.trim())}`);
  if (s.url.trim()) L.push(`  url: ${yamlString(s.url.trim())}`);
  if (s.publisher.trim()) L.push(`  publisher: ${yamlString(s.publisher.trim())}`);
  if (s.publishedAt.trim()) L.push(`  publishedAt: ${yamlString(s.publishedAt.trim())}`);
  L.push("inputs:");
  const inp = state.input;
  L.push(`  - name: ${yamlString(inp.name)}`);
  L.push(`    file: ${yamlString(inp.file)}`);
  L.push(`    format: ${inp.format}`);
  if (inp.sheet) L.push(`    sheet: ${yamlString(inp.sheet)}`);
  if (inp.headerRow) L.push(`    headerRow: ${inp.headerRow}`);
  if (inp.delimiter) L.push(`    delimiter: ${yamlString(inp.delimiter)}`);
  if (inp.encoding) L.push(`    encoding: ${inp.encoding}`);
  L.push("    entities:");
  for (const e of state.entities) {
    L.push(`      ${yamlString(e.key)}:`);
    L.push(`        schema: ${e.schema}`);
    if (e.idColumn) L.push(`        id: ${yamlString(e.idColumn)}`);
    else L.push(`        keys: ${flow(e.keys)}`);
    const props: string[] = [];
    if (e.name.length === 1) props.push(`name: ${yamlString(e.name[0])}`);
    else if (e.name.length > 1) props.push(`name: {columns: ${flow(e.name)}, join: " "}`);
    if (e.aliases) props.push(`aliases: {column: ${yamlString(e.aliases.column)}, split: ${JSON.stringify(e.aliases.split || ";")}}`);
    for (const p of e.properties) {
      if (!p.property.trim()) continue;
      if (p.literal !== undefined) props.push(`${yamlString(p.property.trim())}: {literal: ${yamlString(p.literal)}}`);
      else if (p.column && typedProperty(e.schema, p.property)?.list) props.push(`${yamlString(p.property.trim())}: {column: ${yamlString(p.column)}, split: ";"}`);
      else if (p.column) props.push(`${yamlString(p.property.trim())}: ${valueYaml(state, columns, p.column, p.type)}`);
    }
    if (props.length) {
      L.push("        properties:");
      for (const line of props) L.push(`          ${line}`);
    }
  }
  if (state.links.length) {
    L.push("    relationships:");
    for (const l of state.links) {
      L.push(`      - type: ${l.type}`);
      L.push(`        from: ${yamlString(l.from)}`);
      L.push(`        to: ${yamlString(l.to)}`);
      const role = l.role && linkValueYaml(state, columns, l.role, false);
      if (role) L.push(`        role: ${role}`);
      if (l.startDate) L.push(`        startDate: ${valueYaml(state, columns, l.startDate, "date")}`);
      if (l.endDate) L.push(`        endDate: ${valueYaml(state, columns, l.endDate, "date")}`);
    }
  }
  return L.join("\n") + "\n";
}

// --- suggestions ----------------------------------------------------------------------------

/** Column names that say which typed property a column is, by schema-free property name. */
const PROPERTY_HINTS: [string, RegExp][] = [
  ["birthDate", /^(birth_?date|date_of_birth|dob|born|born_on|birthday|birth)$/],
  ["deathDate", /^(death_?date|date_of_death|died|died_on|death)$/],
  ["nationality", /^(nationality|nationalities|citizenship|citizen_of)$/],
  ["jurisdiction", /^(jurisdiction|country|country_code|incorporation_country|country_of_incorporation|registered_in)$/],
  ["registrationNumber", /^(registration_?(number|no|nr|id)?|reg_?(no|nr|number)|company_(number|no|nr)|regno|crn|registry_number)$/],
  ["iban", /(^|_)iban$/],
  ["accountNumber", /^(account_?(number|no|nr)?|acct_?(no|number)?)$/],
  ["bankName", /^(bank|bank_name|bank_of_account)$/],
  ["amount", /^(amount|sum|value|total|paid|amount_(paid|usd|eur|huf|gbp)|transfer_amount|payment_amount)$/],
  ["currency", /^(currency|ccy|cur|currency_code)$/],
  ["date", /^(date|(payment|transaction|transfer|value|booking|event|meeting)_date|date_of_(payment|transfer|meeting|event))$/],
  ["purpose", /^(purpose|memo|narrative|details|remittance(_info)?|payment_reference|description)$/],
  ["location", /^(location|place|venue|city|where)$/],
  ["caseNumber", /^(case_?(number|no|nr|id)|docket(_(number|no))?)$/],
  ["court", /^(court|court_name)$/],
  ["status", /^(status|case_status)$/],
  ["fileDate", /^(file_date|filed|filed_on|filing_date|date_filed)$/],
  ["closeDate", /^(close_date|closed|closed_on|date_closed)$/],
  ["statute", /^(statute|law|section|offence_code|offense_code)$/],
  ["count", /^(count|count_number|counts)$/],
  ["outcome", /^(outcome|verdict|disposition|result)$/],
  ["outcomeDate", /^(outcome_date|verdict_date|disposition_date|sentenced_on)$/],
  ["reportedOn", /^(reported_on|reported|as_of|reported_date)$/],
  ["description", /^(description|charge_description|particulars|details)$/],
  ["position", /^(position|job|job_title|occupation|title|role|function)$/],
];

const ROLE = /^(position|job|job_title|occupation|title|role|function|capacity)$/;
const START = /^(start|start_date|since|from|from_date|begin|begin_date|appointed|appointed_on|date_from|valid_from|joined)$/;
const END = /^(end|end_date|until|to_date|date_to|resigned|resigned_on|left|valid_to|ceased)$/;
const ID = /^(id|ref|reference|uuid|key|no|number|nr|record_id|row_id)$/;
const NAME = /^(name|full_name|fullname|person|person_name|individual|entity|entity_name|subject|party|defendant)$/;
const COMPANY_NAME = /^(company|company_name|organisation|organization|organisation_name|organization_name|firm|business|business_name|legal_name)$/;
const FIRST = /^(first_name|firstname|given_name|forename|first)$/;
const LAST = /^(last_name|lastname|surname|family_name|last)$/;
const ALIASES = /^(aliases|alias|aka|also_known_as|other_names|alternative_names)$/;
const EMPLOYER = /^(employer|employer_name|works_for|workplace|company|organisation|organization|firm|agency|department)$/;
const DIRECTOR = /^(director|directors|officer|ceo|manager|managing_director|board_member)$/;
const OWNER = /^(owner|owners|shareholder|shareholders|beneficial_owner|ubo)$/;
const PAYER = /^(payer|payer_name|sender|sender_name|from|debtor|originator|ordering_party|remitter|from_name|paid_by)$/;
const PAYEE = /^(beneficiary|beneficiary_name|recipient|recipient_name|payee|payee_name|to|creditor|receiver|to_name|paid_to)$/;
const EVENT = /^(event|meeting|event_name|meeting_name|occasion)$/;
const CASE = /^(case|case_name|case_title|lawsuit)$/;
const CHARGE = /^(charge|charges|offence|offense|count_description|charge_description|charge_name)$/;
const DEFENDANT = /^(defendant|defendant_name|accused|accused_name)$/;

const norm = (c: string) => words(c).join("_");

/**
 * A first mapping from the column names alone, for the user to correct: a
 * payment per row when there are payer, beneficiary and amount columns;
 * otherwise a person or company per row, with employers, directors, owners,
 * accounts, meetings and cases from the columns that name them, typed
 * properties from the columns that name those, and the rest kept as
 * properties of the row's main entity.
 */
export function suggestMapping(t: Table): MappingState {
  const columns = columnsOf(t);
  let state = emptyState(t);
  const used = new Set<string>();
  const find = (re: RegExp, skip = used) => columns.find((c) => !skip.has(c.name) && re.test(norm(c.name)))?.name;
  const add = (e: EntityMap) => {
    state = { ...state, entities: [...state.entities, e] };
    return e;
  };
  const link = (type: string, from: EntityMap, to: EntityMap, extra: Partial<LinkMap> = {}) => {
    state = { ...state, links: [...state.links, { type, from: from.key, to: to.key, role: null, startDate: null, endDate: null, ...extra }] };
  };
  const inf = (c: string) => columns.find((x) => x.name === c)?.inference;
  const prop = (e: EntityMap, property: string, column: string) => {
    e.properties.push({ property, column, type: propertyType(e.schema, property, inf(column)) });
    used.add(column);
  };
  /** The typed properties of schema whose columns are still free. */
  const typedProps = (e: EntityMap, only?: string[]) => {
    for (const [property, re] of PROPERTY_HINTS) {
      if (!typedProperty(e.schema, property) || (only && !only.includes(property))) continue;
      if (e.properties.some((x) => x.property === property)) continue;
      const c = find(re);
      if (c) prop(e, property, c);
    }
  };
  /** An entity named by one column, keyed by "<column>_id" when there is one. */
  const named = (schema: string, column: string, base: string) => {
    const e = newEntity(state, schema, base);
    const idCol = columns.find((c) => !used.has(c.name) && norm(c.name) === norm(column) + "_id")?.name;
    e.keys = [idCol ?? column];
    e.name = [column];
    used.add(column);
    if (idCol) used.add(idCol);
    return add(e);
  };

  const amount = find(PROPERTY_HINTS.find(([k]) => k === "amount")![1]);
  const payer = find(PAYER);
  const payee = find(PAYEE);
  // a docket: one charge per row, against a defendant, in a case
  const chargeCol = find(CHARGE);
  const chargeId = find(/^(charge_?id|count_?id)$/);
  const defendant = find(DEFENDANT);
  const caseName = find(CASE);
  const caseId = find(/^(case_?id|case_?(number|no|nr)|docket(_(number|no|id))?)$/);
  let main: EntityMap | null = null;

  if (amount && (payer || payee)) {
    // one payment per row, between its payer and its beneficiary
    const pay = newEntity(state, "Payment", "payment");
    const ref = find(/^(id|ref|reference|uuid|(transaction|payment|transfer|tx)_(id|ref|reference|no|number))$/);
    if (ref) {
      pay.keys = [ref];
      used.add(ref);
    }
    add(pay);
    typedProps(pay);
    if (!ref) pay.keys = [payer, payee, pay.properties.find((x) => x.property === "date")?.column, amount].filter((x): x is string => !!x);
    pay.name = [];
    const side = (column: string | undefined, rel: "PAID" | "PAID_TO", base: string, acctRe: RegExp, acctRel: "FROM_ACCOUNT" | "TO_ACCOUNT") => {
      if (!column) return;
      const party = named(/person|individual/.test(norm(column)) ? "Person" : "Company", column, base);
      if (rel === "PAID") link("PAID", party, pay);
      else link("PAID_TO", pay, party);
      const acct = find(acctRe);
      if (acct) {
        const a = named("BankAccount", acct, base + "_account");
        a.name = [];
        a.properties.push({ property: /iban/.test(norm(acct)) ? "iban" : "accountNumber", column: acct, type: "string" });
        link(acctRel, pay, a);
        link("HOLDS_ACCOUNT", party, a);
      }
    };
    side(payer, "PAID", "payer", /^(payer|sender|from|debtor|originator|remitter)_(iban|account|account_number|account_no)$/, "FROM_ACCOUNT");
    side(payee, "PAID_TO", "beneficiary", /^(beneficiary|recipient|payee|to|creditor|receiver)_(iban|account|account_number|account_no)$/, "TO_ACCOUNT");
    main = pay;
  } else if ((chargeCol || chargeId) && (defendant || caseName || caseId)) {
    const charge = newEntity(state, "Charge", "charge");
    if (chargeCol) {
      charge.name = [chargeCol];
      used.add(chargeCol);
    }
    add(charge);
    if (chargeId) used.add(chargeId);
    typedProps(charge);
    let person: EntityMap | null = null;
    if (defendant) {
      const defendantId = find(/^(defendant_?id|person_?id)$/);
      person = named("Person", defendant, "defendant");
      if (defendantId) {
        person.keys = [defendantId];
        used.add(defendantId);
      }
      link("CHARGED_WITH", person, charge);
    }
    let court: EntityMap | null = null;
    if (caseName || caseId) {
      court = newEntity(state, "CourtCase", "case");
      court.keys = [caseId ?? caseName!];
      if (caseName) court.name = [caseName];
      [caseId, caseName].forEach((c) => c && used.add(c));
      add(court);
      if (caseId && /number|no|nr|docket/.test(norm(caseId))) court.properties.push({ property: "caseNumber", column: caseId, type: "string" });
      typedProps(court, ["court", "fileDate", "closeDate", "status"]);
      link("IN_CASE", charge, court);
      const prosecutor = find(/^(prosecutor|prosecuted_by|prosecution|prosecuting_office)$/);
      if (prosecutor) link("PROSECUTED_BY", court, named("PublicBody", prosecutor, "prosecutor"));
    }
    // a charge is one count against one defendant in one case: its own id, else those three
    charge.keys = chargeId ? [chargeId] : [person?.keys[0], court?.keys[0], chargeCol, charge.properties.find((x) => x.property === "count")?.column].filter((x): x is string => !!x);
    main = charge;
  } else {
    const companyName = find(COMPANY_NAME);
    const personName = find(NAME);
    const first = find(FIRST);
    const last = find(LAST);
    const caseCol = !personName && !companyName ? find(CASE) ?? find(/^(case_?(number|no|nr)|docket(_(number|no))?)$/) : undefined;
    const eventCol = !personName && !companyName && !caseCol ? find(EVENT) : undefined;
    const looksCompany =
      !!companyName && !personName && !first && !find(/^(birth_?date|date_of_birth|dob|nationality|first_name|last_name|surname)$/);
    let schema = looksCompany ? "Company" : personName || first || last ? "Person" : caseCol ? "CourtCase" : eventCol ? "Event" : null;
    if (!schema && find(PROPERTY_HINTS.find(([k]) => k === "iban")![1])) schema = "BankAccount";
    if (!schema && find(/^(company|organisation|organization|firm)/)) schema = "Company";
    if (schema) {
      const e = newEntity(state, schema, schema === "CourtCase" ? "case" : schema === "BankAccount" ? "account" : schema.toLowerCase());
      const nameCol = looksCompany ? companyName : schema === "Person" ? personName : (caseCol ?? eventCol);
      if (nameCol) {
        e.name = [nameCol];
        used.add(nameCol);
      } else if (first || last) {
        e.name = [first, last].filter((x): x is string => !!x);
        e.name.forEach((c) => used.add(c));
      }
      const own = find(new RegExp(`^(${schema.toLowerCase()}|${e.key})_id$`));
      // else an id column, or an "x_id" column when no column "x" claims it (attendee_id, not employer_id beside employer)
      const names = new Set(columns.map((c) => norm(c.name)));
      const idCol = own ?? find(ID) ?? columns.find((c) => !used.has(c.name) && /_id$/.test(norm(c.name)) && !names.has(norm(c.name).slice(0, -3)))?.name;
      if (idCol) {
        e.keys = [idCol];
        used.add(idCol);
      }
      add(e);
      // a role column belongs to the employment link when there is an employer
      const employer = schema === "Person" ? find(EMPLOYER) : undefined;
      typedProps(e, employer ? hinted(schema).filter((x) => x !== "position") : undefined);
      if (!e.keys.length) {
        const birth = e.properties.find((x) => x.property === "birthDate")?.column;
        e.keys = [...e.name, ...(birth ? [birth] : [])];
        if (!e.keys.length) {
          const iban = e.properties.find((x) => x.property === "iban" || x.property === "caseNumber")?.column;
          if (iban) e.keys = [iban];
        }
      }
      const al = find(ALIASES);
      if (al) {
        e.aliases = { column: al, split: ";" };
        used.add(al);
      }
      main = e;
      if (employer) {
        const co = named("Company", employer, "employer");
        const role = find(ROLE);
        const start = find(START);
        const end = find(END);
        [role, start, end].forEach((c) => c && used.add(c));
        link("EMPLOYMENT", e, co, { role: role ? { column: role } : null, startDate: start ?? null, endDate: end ?? null });
      }
      if (schema === "Company" || schema === "Organization") {
        for (const [re, rel, base] of [
          [DIRECTOR, "DIRECTORSHIP", "director"],
          [OWNER, "OWNERSHIP", "owner"],
        ] as const) {
          const c = find(re);
          if (!c) continue;
          const person = named("Person", c, base);
          const role = rel === "DIRECTORSHIP" ? find(ROLE) : undefined;
          const start = find(START);
          const end = find(END);
          [role, start, end].forEach((x) => x && used.add(x));
          link(rel, person, e, { role: role ? { column: role } : null, startDate: start ?? null, endDate: end ?? null });
        }
      }
      if (schema === "Person" || schema === "Company" || schema === "Organization") {
        const iban = find(/(^|_)iban$/) ?? find(/^(account_?(number|no|nr)?|bank_account)$/);
        if (iban) {
          const a = named("BankAccount", iban, "account");
          a.name = [];
          a.properties.push({ property: /iban/.test(norm(iban)) ? "iban" : "accountNumber", column: iban, type: "string" });
          const bank = find(/^(bank|bank_name)$/);
          if (bank) prop(a, "bankName", bank);
          link("HOLDS_ACCOUNT", e, a);
        }
        const ev = find(EVENT);
        if (ev) {
          const event = named("Event", ev, "event");
          const date = find(/^(date|event_date|meeting_date|date_of_(meeting|event))$/);
          if (date) {
            prop(event, "date", date);
            event.keys.push(date);
          }
          const where = find(/^(location|place|venue|city|where)$/);
          if (where) prop(event, "location", where);
          link("ATTENDED", e, event);
        }
        const cs = find(CASE) ?? find(/^(case_?(number|no|nr)|docket(_(number|no))?)$/);
        if (cs) {
          const c = named("CourtCase", cs, "case");
          typedProps(c);
          const role = find(/^(side|party_role|role_in_case|capacity)$/);
          if (role) used.add(role);
          link("PARTY_TO", e, c, { role: role ? { column: role } : null });
        }
      }
    }
  }
  // the other columns stay with the row's main entity, as they are
  if (main) {
    for (const c of columns) {
      if (used.has(c.name) || c.inference.empty) continue;
      const property = propertyName(c.name);
      if (main.properties.some((x) => x.property === property)) continue;
      // as text unless every value is a date (an Excel date cell is a day number otherwise)
      const type = typedProperty(main.schema, property)?.type ?? (c.inference.type === "date" && c.inference.fits === c.inference.filled ? "date" : "string");
      main.properties.push({ property, column: c.name, type });
      used.add(c.name);
    }
  }
  return state;
}

/** The typed properties of a schema that column names can suggest. */
function hinted(schema: string): string[] {
  return PROPERTY_HINTS.map(([k]) => k).filter((k) => !!typedProperty(schema, k));
}
