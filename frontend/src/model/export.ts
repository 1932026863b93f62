// Exports of the visible subgraph: JSON, GraphML and CSV.
import { visibleEdges, visibleNodes, type CaseGraph } from "./graph";

export interface ExportedGraph {
  nodes: { id: string; schema: string; name: string; properties: Record<string, unknown> }[];
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
  }[];
}

export function exportVisible(g: CaseGraph): ExportedGraph {
  return {
    nodes: visibleNodes(g).map((id) => {
      const a = g.getNodeAttributes(id);
      return { id, schema: a.schema, name: a.label, properties: a.properties };
    }),
    edges: visibleEdges(g).map((id) => {
      const a = g.getEdgeAttributes(id);
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
      };
    }),
  };
}

export function toJSON(g: CaseGraph): string {
  return JSON.stringify(exportVisible(g), null, 2);
}

const xml = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

export function toGraphML(g: CaseGraph): string {
  const { nodes, edges } = exportVisible(g);
  const nodeKeys = ["schema", "name", "properties"];
  const edgeKeys = ["type", "role", "amount", "currency", "date", "startDate", "endDate"];
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">`,
    ...nodeKeys.map((k) => `  <key id="n_${k}" for="node" attr.name="${k}" attr.type="string"/>`),
    ...edgeKeys.map(
      (k) => `  <key id="e_${k}" for="edge" attr.name="${k}" attr.type="${k === "amount" ? "double" : "string"}"/>`,
    ),
    `  <graph id="casegraph" edgedefault="directed">`,
  ];
  for (const n of nodes) {
    out.push(`    <node id="${xml(n.id)}">`);
    out.push(`      <data key="n_schema">${xml(n.schema)}</data>`);
    out.push(`      <data key="n_name">${xml(n.name)}</data>`);
    out.push(`      <data key="n_properties">${xml(JSON.stringify(n.properties))}</data>`);
    out.push(`    </node>`);
  }
  for (const e of edges) {
    out.push(`    <edge id="${xml(e.id)}" source="${xml(e.source)}" target="${xml(e.target)}">`);
    for (const k of edgeKeys) {
      const v = (e as Record<string, unknown>)[k];
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

export function nodesCSV(g: CaseGraph): string {
  return csv(exportVisible(g).nodes as unknown as Record<string, unknown>[], ["id", "schema", "name", "properties"]);
}

export function edgesCSV(g: CaseGraph): string {
  return csv(exportVisible(g).edges as unknown as Record<string, unknown>[], [
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
  ]);
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
