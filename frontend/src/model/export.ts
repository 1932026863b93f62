// Exports of the visible subgraph: JSON, GraphML and CSV. Every node and link
// carries its sources (ids and titles); links the explorer derived (money
// flows) say so and name the payments they summarise, so that summing
// `amount` over the links that are not derived counts each payment once.
// A node that draws several records judged the same keeps who it stands for:
// canonicalId (the record it is drawn under) and sameAs (the other records).
import { edgeProvenance, visibleEdges, visibleNodes, type CaseGraph } from "./graph";
import type { SourceDoc } from "./types";

/** A source as exports name it. */
export interface SourceRef {
  id: string | null;
  title: string | null;
}

export interface ExportedGraph {
  nodes: {
    id: string;
    schema: string;
    name: string;
    properties: Record<string, unknown>;
    sources: SourceRef[];
    /** The record this node is drawn under (its own id unless merged). */
    canonicalId: string;
    /** The other records of its SAME cluster, drawn as this node. */
    sameAs: string[];
  }[];
  edges: {
    id: string;
    type: string;
    source: string;
    target: string;
    role?: string | null;
    amount?: number | null;
    currency?: string | null;
    date?: string | null;
    startDate?: string | null;
    endDate?: string | null;
    /** The Payment a PAYMENT link draws. */
    paymentId?: string | null;
    /** True for a link the explorer derived: its amount repeats payments counted elsewhere. */
    derived: boolean;
    /** The payments a derived link summarises or repeats. */
    derivedFrom: string[];
    sources: SourceRef[];
  }[];
}

const refs = (sources: SourceDoc[] | undefined): SourceRef[] =>
  (sources ?? []).map((s) => ({ id: s.id ?? null, title: s.title ?? null }));

export function exportVisible(g: CaseGraph): ExportedGraph {
  return {
    nodes: visibleNodes(g).map((id) => {
      const a = g.getNodeAttributes(id);
      return {
        id,
        schema: a.schema,
        name: a.label,
        properties: a.properties,
        sources: refs(a.sources),
        canonicalId: a.canonicalId ?? id,
        sameAs: a.sameAs ?? [],
      };
    }),
    edges: visibleEdges(g).map((id) => {
      const a = g.getEdgeAttributes(id);
      const p = edgeProvenance(g, id);
      return {
        id,
        type: a.relType,
        source: g.source(id),
        target: g.target(id),
        role: a.role ?? null,
        amount: a.amount ?? null,
        currency: a.currency ?? null,
        date: a.date ?? null,
        startDate: a.startDate ?? null,
        endDate: a.endDate ?? null,
        paymentId: a.paymentId ?? null,
        derived: p.derived,
        derivedFrom: p.derivedFrom,
        sources: refs(p.sources),
      };
    }),
  };
}

export function toJSON(g: CaseGraph): string {
  return JSON.stringify(exportVisible(g), null, 2);
}

/** The flat columns CSV and GraphML write for a row's sources and derivation. */
function flat(r: { sources: SourceRef[]; derivedFrom?: string[]; sameAs?: string[] }) {
  return {
    sourceIds: r.sources.map((s) => s.id ?? "").join("; "),
    sourceTitles: r.sources.map((s) => s.title ?? "").join("; "),
    ...(r.derivedFrom ? { derivedFrom: r.derivedFrom.join("; ") } : {}),
    ...(r.sameAs ? { sameAs: r.sameAs.join("; ") } : {}),
  };
}

const xml = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

export function toGraphML(g: CaseGraph): string {
  const { nodes, edges } = exportVisible(g);
  const nodeKeys = NODE_COLUMNS.slice(1);
  const edgeKeys = [...EDGE_COLUMNS.slice(4)];
  const keyType = (k: string) => (k === "amount" ? "double" : k === "derived" ? "boolean" : "string");
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">`,
    ...nodeKeys.map((k) => `  <key id="n_${k}" for="node" attr.name="${k}" attr.type="string"/>`),
    ...edgeKeys.map(
      (k) => `  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="${keyType(k)}"/>`,
    ),
    `  <graph id="casegraph" edgedefault="directed">`,
  ];
  for (const n of nodes) {
    out.push(`    <node id="${xml(n.id)}">`);
    out.push(`      <data key="n_schema">${xml(n.schema)}</data>`);
    out.push(`      <data key="n_name">${xml(n.name)}</data>`);
    out.push(`      <data key="n_properties">${xml(JSON.stringify(n.properties))}</data>`);
    out.push(`      <data key="n_canonicalId">${xml(n.canonicalId)}</data>`);
    for (const [k, v] of Object.entries(flat(n))) if (v) out.push(`      <data key="n_${k}">${xml(v)}</data>`);
    out.push(`    </node>`);
  }
  for (const e of edges) {
    out.push(`    <edge id="${xml(e.id)}" source="${xml(e.source)}" target="${xml(e.target)}">`);
    const row: Record<string, unknown> = { ...e, ...flat(e) };
    for (const k of edgeKeys) {
      const v = row[k];
      if (v != null && v !== "") out.push(`      <data key="e_${k}">${xml(v)}</data>`);
    }
    out.push(`    </edge>`);
  }
  out.push(`  </graph>`, `</graphml>`, "");
  return out.join("\n");
}

/**
 * Neutralises CSV (formula) injection, per OWASP's CSV-injection guidance: a
 * cell that a spreadsheet would read as a formula (first character = + - @,
 * tab or CR) gets a leading single quote, and so does a cell that already
 * starts with one, so that the rule is reversible: a reader strips exactly one
 * leading quote from a cell that starts with one. The server's rejects CSV
 * follows the same rule.
 */
export function defuseCell(s: string): string {
  return /^[=+\-@\t\r']/.test(s) ? `'${s}` : s;
}

/**
 * One CSV cell, for every CSV the explorer writes: numbers as they are (a
 * number cannot hold a formula, and -5 must stay a number), text defused,
 * objects as defused JSON; then quoted if needed (RFC 4180).
 */
export function csvCell(v: unknown): string {
  const s =
    typeof v === "number" ? String(v) : defuseCell(v == null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: Record<string, unknown>[], cols: string[]): string {
  return [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
}

/** The node columns of the CSV (and, after the first, GraphML's node attributes). */
const NODE_COLUMNS = ["id", "schema", "name", "properties", "sourceIds", "sourceTitles", "canonicalId", "sameAs"];

export function nodesCSV(g: CaseGraph): string {
  const rows = exportVisible(g).nodes.map((n) => ({ ...n, ...flat(n) }));
  return csv(rows, NODE_COLUMNS);
}

/** The link columns of the CSV (and, after the first four, GraphML's link attributes). */
const EDGE_COLUMNS = [
  "id",
  "type",
  "source",
  "target",
  "role",
  "amount",
  "currency",
  "date",
  "startDate",
  "endDate",
  "paymentId",
  "derived",
  "derivedFrom",
  "sourceIds",
  "sourceTitles",
] as const;

/** One row per link; sum `amount` where `derived` is false to count each payment once. */
export function edgesCSV(g: CaseGraph): string {
  const rows = exportVisible(g).edges.map((e) => ({ ...e, ...flat(e) }));
  return csv(rows, [...EDGE_COLUMNS]);
}

export function download(name: string, data: string | Blob, type = "text/plain") {
  const blob = typeof data === "string" ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
