// How each schema and each charge outcome looks. Type is always shown by
// shape (a pictogram) AND colour AND a text label, never by colour alone.

export type Shape = "circle" | "square" | "diamond" | "triangle" | "hexagon" | "star" | "pentagon" | "octagon" | "cross";

export interface SchemaStyle {
  color: string;
  shape: Shape;
  glyph: string; // a one-character letter drawn in the shape, also used in lists
  label: string;
}

export const SCHEMA_STYLES: Record<string, SchemaStyle> = {
  Person: { color: "#2563eb", shape: "circle", glyph: "P", label: "Person" },
  Company: { color: "#d97706", shape: "square", glyph: "C", label: "Company" },
  Organization: { color: "#a16207", shape: "pentagon", glyph: "O", label: "Organization" },
  PublicBody: { color: "#7c3aed", shape: "hexagon", glyph: "G", label: "Public body" },
  BankAccount: { color: "#059669", shape: "diamond", glyph: "$", label: "Bank account" },
  Payment: { color: "#16a34a", shape: "octagon", glyph: "₽", label: "Payment" },
  Event: { color: "#db2777", shape: "star", glyph: "E", label: "Event" },
  CourtCase: { color: "#475569", shape: "triangle", glyph: "§", label: "Court case" },
  Charge: { color: "#dc2626", shape: "cross", glyph: "!", label: "Charge" },
  Source: { color: "#0891b2", shape: "square", glyph: "S", label: "Source" },
  IngestJob: { color: "#64748b", shape: "square", glyph: "J", label: "Ingest job" },
};

const FALLBACK: SchemaStyle = { color: "#6b7280", shape: "circle", glyph: "?", label: "Entity" };

export function schemaStyle(schema: string | undefined): SchemaStyle {
  return (schema && SCHEMA_STYLES[schema]) || { ...FALLBACK, label: schema || FALLBACK.label };
}

function shapePath(shape: Shape): string {
  const poly = (n: number, r: number, rot = -Math.PI / 2) =>
    Array.from({ length: n }, (_, i) => {
      const a = rot + (i * 2 * Math.PI) / n;
      return `${(32 + r * Math.cos(a)).toFixed(1)},${(32 + r * Math.sin(a)).toFixed(1)}`;
    }).join(" ");
  switch (shape) {
    case "circle":
      return `<circle cx="32" cy="32" r="29"/>`;
    case "square":
      return `<rect x="5" y="5" width="54" height="54" rx="4"/>`;
    case "diamond":
      return `<polygon points="32,2 62,32 32,62 2,32"/>`;
    case "triangle":
      return `<polygon points="32,3 62,58 2,58"/>`;
    case "hexagon":
      return `<polygon points="${poly(6, 30, 0)}"/>`;
    case "pentagon":
      return `<polygon points="${poly(5, 30)}"/>`;
    case "octagon":
      return `<polygon points="${poly(8, 30, Math.PI / 8)}"/>`;
    case "star":
      return `<polygon points="${Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const r = i % 2 ? 14 : 30;
        return `${(32 + r * Math.cos(a)).toFixed(1)},${(32 + r * Math.sin(a)).toFixed(1)}`;
      }).join(" ")}"/>`;
    case "cross":
      return `<polygon points="22,3 42,3 42,22 61,22 61,42 42,42 42,61 22,61 22,42 3,42 3,22 22,22"/>`;
  }
}

/**
 * An SVG pictogram (shape filled with the schema colour, glyph in white) as a
 * data URL. A node that draws several records judged the same (records > 1)
 * gets the merged marker: the shape drawn smaller inside a dark double ring,
 * and a badge with the number of records.
 */
export function schemaIcon(schema: string | undefined, color?: string, records = 1): string {
  const s = schemaStyle(schema);
  const glyph = `<g fill="${color ?? s.color}" stroke="#fff" stroke-width="2">${shapePath(s.shape)}</g><text x="32" y="${s.shape === "triangle" ? 48 : 42}" font-family="Arial,sans-serif" font-size="26" font-weight="bold" text-anchor="middle" fill="#fff">${s.glyph}</text>`;
  const body =
    records > 1
      ? `<circle cx="32" cy="32" r="30" fill="#fff" stroke="#0f172a" stroke-width="3"/><circle cx="32" cy="32" r="25.5" fill="none" stroke="#0f172a" stroke-width="1.5"/>` +
        `<g transform="translate(32 32) scale(0.7) translate(-32 -32)">${glyph}</g>` +
        `<circle cx="52" cy="12" r="11" fill="#0f172a" stroke="#fff" stroke-width="1.5"/>` +
        `<text x="52" y="17" font-family="Arial,sans-serif" font-size="${records > 9 ? 11 : 14}" font-weight="bold" text-anchor="middle" fill="#fff">${records > 99 ? "99+" : records}</text>`
      : glyph;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">${body}</svg>`;
  return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
}

export type Outcome = "PENDING" | "CONVICTED" | "ACQUITTED" | "HUNG_JURY" | "MISTRIAL" | "DISMISSED" | "PLEADED_GUILTY";

export const OUTCOME_STYLES: Record<Outcome, { color: string; icon: string; label: string }> = {
  CONVICTED: { color: "#b91c1c", icon: "■", label: "Convicted" },
  PLEADED_GUILTY: { color: "#9a3412", icon: "▲", label: "Pleaded guilty" },
  ACQUITTED: { color: "#15803d", icon: "✓", label: "Acquitted" },
  DISMISSED: { color: "#0f766e", icon: "○", label: "Dismissed" },
  HUNG_JURY: { color: "#a16207", icon: "≈", label: "Hung jury" },
  MISTRIAL: { color: "#7e22ce", icon: "⊘", label: "Mistrial" },
  PENDING: { color: "#475569", icon: "…", label: "Pending" },
};

export function outcomeStyle(o: string | null | undefined) {
  return (o && OUTCOME_STYLES[o as Outcome]) || { color: "#6b7280", icon: "?", label: o || "Unknown" };
}

/** Edge colours by relationship type; PAYMENT and money flows stand out. */
export function edgeColor(type: string): string {
  switch (type) {
    case "PAYMENT":
    case "MONEY_FLOW":
      return "#16a34a";
    case "CHARGED_WITH":
    case "IN_CASE":
      return "#dc2626";
    case "ATTENDED":
      return "#db2777";
    case "PROSECUTED_BY":
    case "PARTY_TO":
      return "#7c3aed";
    default:
      return "#94a3b8";
  }
}
