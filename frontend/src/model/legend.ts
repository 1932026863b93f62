// What the legend says, as data: the Legend component draws it beside the
// canvas, the image exports (ExportImage.ts) draw it into the picture. Only
// what is on the canvas is listed (the types, outcomes and kinds of link
// shown), with what size and colour mean for the style chosen.
import { isEdgeVisible, isNodeVisible, type CaseGraph } from "./graph";
import { edgeColor, OUTCOME_STYLES, schemaIcon, schemaStyle, type Outcome } from "./schema";
import { drawnEdges } from "./aggregate";
import { edgeScale, formatMetric, LARGE_CANVAS, type StyleSummary } from "./style";

export interface LegendEntry {
  /** A pictogram (data URL) or a line of a colour. */
  icon?: string;
  line?: { color: string; width: number; dashed?: boolean };
  swatch?: string;
  text: string;
}

export interface LegendSection {
  title: string;
  entries: LegendEntry[];
}

/** The legend of what is on the canvas, for a style summary (model/style.ts). */
export function legendOf(g: CaseGraph, summary: StyleSummary | null): LegendSection[] {
  const schemata = new Map<string, number>();
  const outcomes = new Map<string, number>();
  let merged = 0;
  g.forEachNode((n, a) => {
    if (!isNodeVisible(g, n)) return;
    schemata.set(a.schema, (schemata.get(a.schema) ?? 0) + 1);
    if (a.schema === "Charge") {
      const o = String(a.properties?.outcome ?? "").toUpperCase();
      if (o) outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
    }
    if ((a.sameAs?.length ?? 0) > 0) merged++;
  });
  const kinds = new Set<string>();
  let grouped = 0,
    derived = 0,
    highlighted = 0;
  g.forEachEdge((e, a) => {
    if (!isEdgeVisible(g, e)) return;
    kinds.add(a.relType);
    if (a.agg) grouped++;
    if (a.derived) derived++;
    if (a.highlighted) highlighted++;
  });

  const sections: LegendSection[] = [];
  const byType = !summary || summary.style.color === "type";
  sections.push({
    title: byType ? "Type (shape and colour)" : "Type (shape)",
    entries: [...schemata.keys()].sort().map((s) => ({ icon: schemaIcon(s, byType ? undefined : "#64748b"), text: `${schemaStyle(s).label} (${schemata.get(s)})` })),
  });
  if (outcomes.size)
    sections.push({
      title: "Charge outcome (colour)",
      entries: (Object.keys(OUTCOME_STYLES) as Outcome[])
        .filter((o) => outcomes.has(o))
        .map((o) => ({ icon: schemaIcon("Charge", OUTCOME_STYLES[o].color), text: `${OUTCOME_STYLES[o].icon} ${OUTCOME_STYLES[o].label} (${outcomes.get(o)})` })),
    });
  if (summary?.size) {
    const { money, digits } = summary.size;
    const unit = summary.size.unit ? ` ${summary.size.unit}` : "";
    sections.push({
      title: `Size: ${summary.size.label.toLowerCase()}`,
      entries: [
        { swatch: "small", text: `smallest: ${formatMetric(summary.size.min, digits)}${unit}` },
        { swatch: "large", text: `largest: ${formatMetric(summary.size.max, digits)}${unit}` },
        ...(money && summary.otherCurrencies.length ? [{ text: `payments in ${summary.otherCurrencies.join(", ")} not counted (no conversion)` }] : []),
      ],
    });
  } else {
    sections.push({ title: "Size", entries: [{ text: "people drawn larger than other entities" }] });
  }
  if (summary?.color) sections.push({ title: `Colour: ${summary.color.label.toLowerCase()}`, entries: summary.color.stops.map((s) => ({ swatch: s.color, text: s.text })) });
  for (const j of summary?.jobs ?? [])
    sections.push({
      title: j.job ? `Computed by job ${j.job} (whole graph)` : `${j.algorithm}: no job`,
      entries: j.job
        ? [
            { text: `${j.algorithm.toLowerCase()} scores stored by analysis job ${j.job}${j.computedAt ? ` (${j.computedAt.slice(0, 10)})` : ""} over the graph it projected, not the view; computed values, not facts from a source` },
            ...(j.missing ? [{ text: `${j.missing.toLocaleString("en-US")} ${j.missing === 1 ? "entity drawn has" : "entities drawn have"} no score from it (drawn as 0)` }] : []),
          ]
        : [{ text: `no finished ${j.algorithm} job on the server (an analyst runs one: GraphQL analyze); every entity drawn as 0` }],
    });
  if (summary?.view)
    sections.push({
      title: "Computed on view (visible subgraph only)",
      entries: [...summary.view.method, ...(summary.view.stale ? ["the canvas changed: recomputing"] : [])].map((text) => ({ text })),
    });

  const links: LegendEntry[] = [];
  if (kinds.has("PAYMENT")) links.push({ line: { color: edgeColor("PAYMENT"), width: 4 }, text: "payment: width grows with the amount" });
  if (grouped)
    links.push({
      line: { color: edgeColor("PAYMENT"), width: 7 },
      text: `${grouped} group${grouped === 1 ? "" : "s"} of parallel links drawn as one: “N payments · totals per currency · dates” (width: largest total); click one to show its links`,
    });
  if (derived || kinds.has("MONEY_FLOW")) links.push({ line: { color: edgeColor("MONEY_FLOW"), width: 5, dashed: true }, text: "money flow (derived from payments, counted once)" });
  const others = [...kinds].filter((k) => k !== "PAYMENT" && k !== "MONEY_FLOW").sort();
  if (others.length) links.push({ line: { color: edgeColor(others[0]), width: 2 }, text: `other links, labelled by type: ${others.join(", ").toLowerCase()}` });
  if (highlighted) links.push({ line: { color: "#f59e0b", width: 4 }, text: "on the path or money flow shown" });
  const drawn = drawnEdges(g).length;
  if (edgeScale(drawn) < 1) links.push({ text: `${drawn.toLocaleString("en-US")} links drawn: widths scaled by ${edgeScale(drawn).toFixed(2)} so they stay apart` });
  if (drawn + (summary?.nodes ?? 0) > LARGE_CANVAS) links.push({ text: "a large canvas: links and labels are hidden while the view moves" });
  if (links.length) sections.push({ title: "Links", entries: links });
  if (merged) sections.push({ title: "Merged", entries: [{ icon: schemaIcon("Person", undefined, 2), text: "records judged the same, drawn as one (×N records)" }] });
  return sections;
}

/** The sentence every legend ends with: the metrics describe what is shown, not the whole graph. */
export function legendScope(summary: StyleSummary | null): string {
  if (!summary) return "";
  return `Sizes and colours describe the ${summary.nodes.toLocaleString("en-US")} entities and ${summary.links.toLocaleString("en-US")} links on the canvas (time window applied), not the whole graph.`;
}
