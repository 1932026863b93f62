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

/** An SVG pictogram (shape filled with the schema colour, glyph in white) as a data URL. */
export function schemaIcon(schema: string | undefined, color?: string): string {
  const s = schemaStyle(schema);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><g fill="${color ?? s.color}" stroke="#fff" stroke-width="2">${shapePath(s.shape)}</g><text x="32" y="${s.shape === "triangle" ? 48 : 42}" font-family="Arial,sans-serif" font-size="26" font-weight="bold" text-anchor="middle" fill="#fff">${s.glyph}</text></svg>`;
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
