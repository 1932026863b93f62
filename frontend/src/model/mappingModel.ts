// What the mapping wizard offers: the schemata a row may make with their
// typed properties, and the relationship types with what they link. Written
// from docs/model.md (which a Go test keeps in step with the code); a
// mapping may also name any other property, stored as it is.
import type { ValueType } from "./mappingInfer";

export interface PropertyInfo {
  name: string;
  type: ValueType;
  /** What it is, in a few words, for the picker. */
  label: string;
  /** A list: the mapping splits the cell (on ";"). */
  list?: boolean;
}

export interface SchemaInfo {
  schema: string;
  label: string;
  properties: PropertyInfo[];
}

const p = (name: string, type: ValueType, label: string): PropertyInfo => ({ name, type, label });
const JURISDICTION = p("jurisdiction", "string", "country or state of registration");
const REGISTRATION = p("registrationNumber", "string", "registration number");

/** The schemata a spreadsheet row may make (docs/model.md), in the order the picker shows them. */
export const SCHEMATA: SchemaInfo[] = [
  {
    schema: "Person",
    label: "a human being",
    properties: [
      p("birthDate", "date", "date of birth"),
      p("deathDate", "date", "date of death"),
      { ...p("nationality", "string", "nationalities (a list: split on ;)"), list: true },
      p("position", "string", "position or occupation"),
    ],
  },
  { schema: "Company", label: "a company", properties: [JURISDICTION, REGISTRATION] },
  { schema: "Organization", label: "any other organisation or group", properties: [JURISDICTION, REGISTRATION] },
  { schema: "PublicBody", label: "an agency, a prosecutor's office, a court", properties: [JURISDICTION] },
  {
    schema: "BankAccount",
    label: "a bank account",
    properties: [p("iban", "string", "IBAN"), p("accountNumber", "string", "account number"), p("bankName", "string", "the bank's name")],
  },
  {
    schema: "Payment",
    label: "one transfer of money: payer → payment → beneficiary",
    properties: [
      p("amount", "amount", "amount"),
      p("currency", "string", "currency (EUR, USD …)"),
      p("date", "date", "date of the payment"),
      p("purpose", "string", "purpose or reference"),
    ],
  },
  { schema: "Event", label: "a meeting or other dated happening", properties: [p("date", "date", "date"), p("location", "string", "where")] },
  {
    schema: "CourtCase",
    label: "a case before a court",
    properties: [
      p("caseNumber", "string", "case or docket number"),
      p("court", "string", "court"),
      p("status", "string", "status"),
      p("fileDate", "date", "date filed"),
      p("closeDate", "date", "date closed"),
    ],
  },
  {
    schema: "Charge",
    label: "one count against one defendant",
    properties: [
      p("statute", "string", "statute"),
      p("description", "string", "what the charge says"),
      p("count", "integer", "count number"),
      p("outcome", "outcome", "outcome (convicted, acquitted, hung jury …)"),
      p("outcomeDate", "date", "date of the outcome"),
      p("reportedOn", "date", "day the outcome was reported"),
    ],
  },
];

export const SCHEMA_NAMES = SCHEMATA.map((s) => s.schema);

export function schemaInfo(schema: string): SchemaInfo | undefined {
  return SCHEMATA.find((s) => s.schema === schema);
}

/** The typed property of a schema by name, if it is one. */
export function typedProperty(schema: string, property: string): PropertyInfo | undefined {
  return schemaInfo(schema)?.properties.find((x) => x.name === property);
}

export interface RelTypeInfo {
  type: string;
  /** What the link's two ends are, in the order it points. */
  from: string;
  to: string;
  meaning: string;
}

const rel = (type: string, from: string, to: string, meaning: string): RelTypeInfo => ({ type, from, to, meaning });

/** The relationship types a mapping may write (docs/model.md), with their direction, the likeliest first. */
export const REL_TYPES: RelTypeInfo[] = [
  rel("EMPLOYMENT", "employee", "employer", "works for"),
  rel("DIRECTORSHIP", "director", "organization", "a director, board member or manager of an organisation"),
  rel("OWNERSHIP", "owner", "asset", "holds shares in (or owns) the asset"),
  rel("MEMBERSHIP", "member", "organization", "a member of a party, an association, a network"),
  rel("ASSOCIATE", "person", "associate", "a known business or personal associate"),
  rel("FAMILY", "person", "relative", "kin; role says how"),
  rel("REPRESENTATION", "agent", "client", "acts for: a lawyer, a nominee, a proxy"),
  rel("UNKNOWN_LINK", "subject", "object", "any other link; role says how"),
  rel("PAID", "payer", "Payment", "who paid"),
  rel("PAID_TO", "Payment", "beneficiary", "who was paid"),
  rel("FROM_ACCOUNT", "Payment", "payer's BankAccount", "the account the money left"),
  rel("TO_ACCOUNT", "Payment", "beneficiary's BankAccount", "the account it reached"),
  rel("HOLDS_ACCOUNT", "holder", "BankAccount", "whose account it is"),
  rel("ACCOUNT_AT", "BankAccount", "bank", "the bank that keeps it"),
  rel("ATTENDED", "participant", "Event", "was at a meeting; role says as what"),
  rel("CHARGED_WITH", "defendant", "Charge", "the defendant of a count"),
  rel("IN_CASE", "Charge", "CourtCase", "the case a count is in"),
  rel("PROSECUTED_BY", "CourtCase", "PublicBody", "who brings the case"),
  rel("PARTY_TO", "party", "CourtCase", "a party to a case; role says which side"),
];

export function relTypeInfo(type: string): RelTypeInfo | undefined {
  return REL_TYPES.find((r) => r.type === type);
}

/** Properties casegraph sets itself: a mapping may not name them. */
export const RESERVED_PROPERTIES = new Set(["id", "schema", "sourceIds", "jobIds", "aliasText"]);
