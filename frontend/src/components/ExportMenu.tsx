// The toolbar's exports: a picture to publish (PNG at 2×, or SVG) with a
// title, the legend and the sources, and the data (JSON, GraphML, CSV), each
// link with its sources. Pictures are drawn from the graph model
// (ExportImage.ts); if the browser cannot rasterise the SVG, the PNG is the
// canvas as sigma drew it.
import { useState } from "react";
import { download, edgesCSV, nodesCSV, toGraphML, toJSON } from "../model/export";
import { store, useStore } from "../store";
import { graphPNG, graphSVG, type ImageOptions } from "./ExportImage";
import { prefersDark } from "./theme";

function fileName(title: string, ext: string): string {
  const base = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return `${base || "casegraph"}.${ext}`;
}

/** The picture's options: the title typed, what is shown and when, the legend's summary. */
function imageOptions(title: string): ImageOptions {
  const { window: w, currentView } = store.state;
  const nodes = store.visibleNodes().length,
    links = store.visibleEdges().length;
  const when = w.since || w.until ? `, ${w.since ?? "…"} to ${w.until ?? "…"}` : "";
  return {
    title: title || currentView?.name || "casegraph",
    subtitle: `${nodes.toLocaleString("en-US")} entities and ${links.toLocaleString("en-US")} links${when} · exported ${new Date().toISOString().slice(0, 10)} from casegraph`,
    summary: store.data.styleSummary,
    dark: prefersDark(),
  };
}

export async function exportPNG(title = "") {
  const opts = imageOptions(title);
  let blob: Blob | undefined;
  try {
    blob = await graphPNG(store.graph, opts, 2);
  } catch {
    blob = await store.canvasImage();
  }
  if (blob) download(fileName(opts.title, "png"), blob);
}

export function exportSVG(title = "") {
  const opts = imageOptions(title);
  download(fileName(opts.title, "svg"), graphSVG(store.graph, opts), "image/svg+xml");
}

export function ExportMenu() {
  useStore();
  const [title, setTitle] = useState("");
  return (
    <span className="export-group" role="group" aria-label="Export">
      <span className="muted">Export</span>
      <button onClick={() => void exportPNG(title)} data-testid="export-png" title="A picture at twice the size, with the title, the legend and the sources">
        PNG
      </button>
      <button onClick={() => exportSVG(title)} data-testid="export-svg" title="The same picture as SVG">
        SVG
      </button>
      <details className="export-menu">
        <summary>More ▾</summary>
        <div className="menu">
          <label>
            Title of pictures
            <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={store.state.currentView?.name ?? "casegraph"} data-testid="export-title" />
          </label>
          <button onClick={() => download("casegraph.json", toJSON(store.graph), "application/json")}>JSON</button>
          <button onClick={() => download("casegraph.graphml", toGraphML(store.graph), "application/xml")}>GraphML</button>
          <button onClick={() => download("casegraph-nodes.csv", nodesCSV(store.graph), "text/csv")}>CSV nodes</button>
          <button onClick={() => download("casegraph-edges.csv", edgesCSV(store.graph), "text/csv")}>CSV links</button>
          <p className="muted small">Data exports list every link, each payment of a group, with its sources.</p>
        </div>
      </details>
    </span>
  );
}
