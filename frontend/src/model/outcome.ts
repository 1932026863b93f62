// A charge's outcome, on the canvas as in the side panel: the Charge
// pictogram in the outcome's colour (OUTCOME_STYLES in schema.ts, which the
// legend shows too) and the outcome's word after its name, so it reads
// without a click and never by colour alone.
import { outcomeStyle, schemaIcon } from "./schema";

/** A charge's outcome as stored (CONVICTED, ACQUITTED, …), or null for anything else or none given. */
export function chargeOutcome(a: { schema: string; properties?: Record<string, unknown> | null }): string | null {
  if (a.schema !== "Charge") return null;
  const o = a.properties?.outcome;
  return typeof o === "string" && o ? o.toUpperCase() : null;
}

/** A node's picture: its schema's pictogram, a charge's in the colour of its outcome. */
export function entityIcon(a: { schema: string; properties?: Record<string, unknown> | null }, records = 1): string {
  const o = chargeOutcome(a);
  return schemaIcon(a.schema, o ? outcomeStyle(o).color : undefined, records);
}

/** What the canvas adds to a charge's name: " · Convicted"; "" for other nodes and charges without an outcome. */
export function outcomeSuffix(a: { schema: string; properties?: Record<string, unknown> | null }): string {
  const o = chargeOutcome(a);
  return o ? ` · ${outcomeStyle(o).label}` : "";
}
