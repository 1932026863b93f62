// Pictures investigators can publish: the visible graph as drawn (groups of
// parallel links as one labelled edge, node sizes and colours by the style)
// with a title, the legend, and the list of sources every entity and link
// shown cites, as SVG, or as PNG at twice the size (the SVG rasterised). The
// picture is drawn from the graph model, not read off the screen, so it is
// the whole visible graph whatever the camera shows.
import { drawnEdges, edgeLook } from "../model/aggregate";
import { edgeProvenance, isEdgeVisible, isNodeVisible, nodeLabel, type CaseGraph } from "../model/graph";
import { legendOf, legendScope } from "../model/legend";
import type { StyleSummary } from "../model/style";
import { nodeLook } from "../model/style";
import type { EdgeAttrs, NodeAttrs, SourceDoc } from "../model/types";
import { canvasTheme } from "./theme";

export interface ImageOptions {
  title: string;
  /** A line under the title: what the picture shows (time window, when). */
  subtitle?: string;
  summary: StyleSummary | null;
  dark?: boolean;
  /** Width of the graph area, in CSS pixels (the PNG doubles every size). */
  width?: number;
}

/** Every source the visible entities and links cite (links through their payments for derived ones), by title. */
export function visibleSources(g: CaseGraph): SourceDoc[] {
  const all = new Map<string, SourceDoc>();
  const add = (list: SourceDoc[] | undefined) => {
    for (const s of list ?? []) {
      const k = s.id ?? s.title ?? s.url ?? "";
      if (k && !all.has(k)) all.set(k, s);
    }
  };
  g.forEachNode((n, a) => {
    if (isNodeVisible(g, n)) add(a.sources);
  });
  // every link shown, each of a group drawn as one edge too
  g.forEachEdge((e) => {
    if (isEdgeVisible(g, e)) add(edgeProvenance(g, e).sources);
  });
  return [...all.values()].sort((a, b) => (a.title ?? a.id ?? "").localeCompare(b.title ?? b.id ?? ""));
}

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

/** Text cut to a number of characters, with an ellipsis. */
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

/** Lines of at most n characters, broken at spaces. */
function wrap(s: string, n: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const w of s.split(/\s+/)) {
    if (line && (line + " " + w).length > n) {
      out.push(line);
      line = w;
    } else line = line ? line + " " + w : w;
  }
  if (line) out.push(line);
  return out;
}

/** At most this many labels of each kind are written; beyond, the largest nodes and the groups keep theirs. */
const MAX_NODE_LABELS = 400;
const MAX_EDGE_LABELS = 300;

/** The visible graph as an SVG document, with title, legend and sources. */
export function graphSVG(g: CaseGraph, opts: ImageOptions): string {
  const t = canvasTheme(!!opts.dark);
  const fg = t.label;
  const muted = opts.dark ? "#94a3b8" : "#475569";
  const W = opts.width ?? 1400;
  const legendW = 340;
  const pad = 40;
  const titleH = opts.subtitle ? 70 : 50;

  const nodes = g.filterNodes((n) => isNodeVisible(g, n));
  const edges = drawnEdges(g);
  // fit the graph's coordinates into the drawing area (graph y points up, as in sigma)
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (const n of nodes) {
    const { x, y } = g.getNodeAttributes(n);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const spanX = Math.max(maxX - minX, 1e-9),
    spanY = Math.max(maxY - minY, 1e-9);
  const areaW = W - 2 * pad;
  const areaH = nodes.length < 2 ? 200 : Math.max(300, Math.min(1400, (areaW * spanY) / spanX));
  const scale = nodes.length < 2 ? 1 : Math.min(areaW / spanX, areaH / spanY);
  const pos = new Map<string, { x: number; y: number; r: number }>();
  for (const n of nodes) {
    const a = g.getNodeAttributes(n) as NodeAttrs;
    const x = nodes.length < 2 ? W / 2 : pad + (a.x - minX) * scale + (areaW - spanX * scale) / 2;
    const y = nodes.length < 2 ? titleH + areaH / 2 : titleH + pad + (maxY - a.y) * scale;
    pos.set(n, { x, y, r: nodeLook(a).size });
  }
  const graphH = titleH + areaH + 2 * pad;

  const parts: string[] = [];
  const defs: string[] = [];
  const markers = new Map<string, string>();
  const marker = (color: string) => {
    let id = markers.get(color);
    if (!id) {
      id = `arrow${markers.size}`;
      markers.set(color, id);
      defs.push(`<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${esc(color)}"/></marker>`);
    }
    return id;
  };

  // links: straight, or bent as sigma bends parallel ones (control point off the middle, by curvature × length)
  const edgeSvg: string[] = [];
  const labelSvg: string[] = [];
  const labelled = edges.length <= MAX_EDGE_LABELS ? new Set(edges) : new Set(edges.filter((e) => g.getEdgeAttribute(e, "agg")).slice(0, MAX_EDGE_LABELS));
  for (const e of edges) {
    const a = g.getEdgeAttributes(e) as EdgeAttrs;
    const s = pos.get(g.source(e)),
      d = pos.get(g.target(e));
    if (!s || !d) continue;
    const look = edgeLook(a);
    const color = look.highlighted ? "#f59e0b" : a.color;
    const dx = d.x - s.x,
      dy = d.y - s.y;
    const len = Math.hypot(dx, dy) || 1;
    // stop at the target's rim, so the arrow shows
    const ex = d.x - (dx / len) * (d.r + 2),
      ey = d.y - (dy / len) * (d.r + 2);
    const c = a.type === "curvedArrow" ? (a.curvature ?? 0) : 0;
    const mx = (s.x + ex) / 2 - (dy / len) * c * len,
      my = (s.y + ey) / 2 + (dx / len) * c * len;
    const path = c ? `M${s.x.toFixed(1)},${s.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}` : `M${s.x.toFixed(1)},${s.y.toFixed(1)} L${ex.toFixed(1)},${ey.toFixed(1)}`;
    edgeSvg.push(
      `<path d="${path}" fill="none" stroke="${esc(color)}" stroke-opacity="0.85" stroke-width="${Math.max(1, look.size).toFixed(1)}"${a.derived ? ` stroke-dasharray="8 4"` : ""} marker-end="url(#${marker(color)})"/>`,
    );
    if (labelled.has(e) && look.label) {
      const lx = c ? (s.x + 2 * mx + ex) / 4 : (s.x + ex) / 2,
        ly = c ? (s.y + 2 * my + ey) / 4 : (s.y + ey) / 2;
      labelSvg.push(`<text x="${lx.toFixed(1)}" y="${(ly - 3).toFixed(1)}" font-size="10" text-anchor="middle" fill="${esc(a.color)}" paint-order="stroke" stroke="${t.background}" stroke-width="3">${esc(cut(look.label, 90))}</text>`);
    }
  }
  parts.push(`<g class="links">${edgeSvg.join("")}</g>`, `<g class="link-labels">${labelSvg.join("")}</g>`);

  // entities: their pictogram (the style's colour) and name; the largest keep their names when there are many
  const bySize = [...nodes].sort((x, y) => pos.get(y)!.r - pos.get(x)!.r);
  const named = new Set(bySize.slice(0, MAX_NODE_LABELS));
  const nodeSvg: string[] = [];
  for (const n of bySize.reverse()) {
    const a = g.getNodeAttributes(n) as NodeAttrs;
    const p = pos.get(n)!;
    const look = nodeLook(a);
    if (look.image) nodeSvg.push(`<image href="${esc(look.image)}" x="${(p.x - p.r).toFixed(1)}" y="${(p.y - p.r).toFixed(1)}" width="${(2 * p.r).toFixed(1)}" height="${(2 * p.r).toFixed(1)}"/>`);
    else nodeSvg.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${p.r.toFixed(1)}" fill="${esc(a.color)}"/>`);
    if (a.highlighted) nodeSvg.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${(p.r + 3).toFixed(1)}" fill="none" stroke="#f59e0b" stroke-width="3"/>`);
    if (named.has(n))
      nodeSvg.push(
        `<text x="${(p.x + p.r + 3).toFixed(1)}" y="${(p.y + 4).toFixed(1)}" font-size="12" fill="${fg}" paint-order="stroke" stroke="${t.background}" stroke-width="3">${esc(cut(nodeLabel(a), 60))}</text>`,
      );
  }
  parts.push(`<g class="entities">${nodeSvg.join("")}</g>`);

  // title
  parts.push(`<text x="${pad}" y="34" font-size="24" font-weight="bold" fill="${fg}">${esc(opts.title)}</text>`);
  if (opts.subtitle) parts.push(`<text x="${pad}" y="58" font-size="13" fill="${muted}">${esc(opts.subtitle)}</text>`);

  // legend, to the right of the graph
  const lx = W + 10;
  let ly = titleH + 10;
  const legend: string[] = [`<text x="${lx}" y="${ly}" font-size="15" font-weight="bold" fill="${fg}">Legend</text>`];
  ly += 8;
  for (const sec of legendOf(g, opts.summary)) {
    ly += 20;
    legend.push(`<text x="${lx}" y="${ly}" font-size="12" font-weight="bold" fill="${fg}">${esc(sec.title)}</text>`);
    for (const e of sec.entries) {
      const lines = wrap(e.text, 40);
      ly += 18;
      if (e.icon) legend.push(`<image href="${esc(e.icon)}" x="${lx}" y="${ly - 12}" width="14" height="14"/>`);
      if (e.line)
        legend.push(`<line x1="${lx}" y1="${ly - 5}" x2="${lx + 16}" y2="${ly - 5}" stroke="${esc(e.line.color)}" stroke-width="${e.line.width}"${e.line.dashed ? ` stroke-dasharray="4 2"` : ""}/>`);
      if (e.swatch === "small" || e.swatch === "large") legend.push(`<circle cx="${lx + 8}" cy="${ly - 5}" r="${e.swatch === "small" ? 4 : 8}" fill="#94a3b8"/>`);
      else if (e.swatch) legend.push(`<rect x="${lx}" y="${ly - 12}" width="14" height="14" fill="${esc(e.swatch)}" stroke="#64748b"/>`);
      lines.forEach((l, i) => legend.push(`<text x="${lx + 22}" y="${ly + i * 14}" font-size="11" fill="${fg}">${esc(l)}</text>`));
      ly += (lines.length - 1) * 14;
    }
  }
  const scope = legendScope(opts.summary);
  if (scope) {
    ly += 10;
    for (const l of wrap(scope, 46)) {
      ly += 14;
      legend.push(`<text x="${lx}" y="${ly}" font-size="10" fill="${muted}">${esc(l)}</text>`);
    }
  }
  parts.push(`<g class="legend">${legend.join("")}</g>`);

  // sources, under the graph
  const sources = visibleSources(g);
  let sy = Math.max(graphH, ly + 20) + 10;
  const src: string[] = [`<text x="${pad}" y="${sy}" font-size="14" font-weight="bold" fill="${fg}">Sources (${sources.length})</text>`];
  const shown = sources.slice(0, 80);
  for (const s of shown) {
    sy += 16;
    const line = [s.title || s.id, s.publisher, s.publishedAt, s.url].filter(Boolean).join(" — ");
    src.push(`<text x="${pad}" y="${sy}" font-size="11" fill="${fg}">${esc(cut(line, 200))}</text>`);
  }
  if (sources.length > shown.length) {
    sy += 16;
    src.push(`<text x="${pad}" y="${sy}" font-size="11" fill="${muted}">and ${sources.length - shown.length} more: every entity and link lists its sources in the JSON and CSV exports.</text>`);
  }
  if (!sources.length) {
    sy += 16;
    src.push(`<text x="${pad}" y="${sy}" font-size="11" fill="${muted}">The entities and links shown cite no source.</text>`);
  }
  parts.push(`<g class="sources">${src.join("")}</g>`);

  const totalW = W + legendW;
  const totalH = sy + 30;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalW}" height="${Math.ceil(totalH)}" viewBox="0 0 ${totalW} ${Math.ceil(totalH)}" font-family="Arial, Helvetica, sans-serif">` +
    `<title>${esc(opts.title)}</title><defs>${defs.join("")}</defs><rect width="100%" height="100%" fill="${t.background}"/>` +
    parts.join("") +
    `</svg>`
  );
}

/** The same picture as a PNG, `scale` times the size (2: for print and high-density screens). */
export async function graphPNG(g: CaseGraph, opts: ImageOptions, scale = 2): Promise<Blob> {
  const svg = graphSVG(g, opts);
  const w = Number(/width="(\d+)"/.exec(svg)![1]),
    h = Number(/height="(\d+)"/.exec(svg)![1]);
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.decoding = "sync";
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new Error("the picture could not be drawn"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext("2d")!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}
