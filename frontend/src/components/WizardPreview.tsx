// The dry run's graph, drawn: each entity once (its aliases beside its name),
// the links between them, and the rows the load would reject, with tables of
// the same for reading and for screen readers. It has its own small sigma
// and graphology graph: a preview is not part of the investigation's canvas.
import { useEffect, useRef } from "react";
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import { createNodeImageProgram } from "@sigma/node-image";
import { EdgeArrowProgram } from "sigma/rendering";
import type { DateColumnReport, PreviewGraph } from "../model/mappingPreview";
import { previewLabel, suggestedPattern, summaryLine } from "../model/mappingPreview";
import { schemaIcon, schemaStyle } from "../model/schema";
import { RowErrorsTable } from "./RowErrorsTable";
import { SchemaIcon } from "./SearchBox";

const NodeProgram = createNodeImageProgram({ keepWithinCircle: false, drawingMode: "background", padding: 0, size: { mode: "force", value: 64 }, objectFit: "contain" });

function PreviewCanvas({ graph }: { graph: PreviewGraph }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const g = new Graph({ multi: true, type: "directed" });
    const n = graph.entities.length;
    graph.entities.forEach((e, i) => {
      const a = (2 * Math.PI * i) / Math.max(n, 1);
      g.addNode(e.id, {
        x: Math.cos(a) * 10,
        y: Math.sin(a) * 10,
        size: 12,
        label: previewLabel(e) + (e.aliases.length ? ` (also ${e.aliases.join(", ")})` : ""),
        image: schemaIcon(e.schema),
        color: "rgba(255,255,255,0)",
        type: "image",
      });
    });
    for (const l of graph.links) g.addEdgeWithKey(l.id, l.source, l.target, { label: l.type, size: 2, color: "#64748b", type: "arrow" });
    if (n > 1) forceAtlas2.assign(g, { iterations: 300, settings: { ...forceAtlas2.inferSettings(g), scalingRatio: 20, adjustSizes: true } });
    const sigma = new Sigma(g, box.current!, {
      nodeProgramClasses: { image: NodeProgram },
      edgeProgramClasses: { arrow: EdgeArrowProgram },
      defaultNodeType: "image",
      defaultEdgeType: "arrow",
      renderEdgeLabels: true,
      labelRenderedSizeThreshold: 0,
      labelSize: 12,
      edgeLabelSize: 11,
      allowInvalidContainer: true,
    });
    return () => sigma.kill();
  }, [graph]);
  return (
    <div
      ref={box}
      className="wizard-canvas"
      role="img"
      data-testid="wizard-preview-canvas"
      aria-label={`Preview: ${graph.entities.length} entities and ${graph.links.length} links (tables below)`}
    />
  );
}

function value(v: unknown): string {
  if (Array.isArray(v)) return v.join("; ");
  return typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
}

/** How the server read each date column, with its guess at the pattern of the values, and a button to use it. */
function DatesRead({ dates, onUseFormat }: { dates: DateColumnReport[]; onUseFormat?: (column: string, pattern: string) => void }) {
  return (
    <table data-testid="preview-dates">
      <caption>Dates: how the server read them, and what their values look like</caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Read with</th>
          <th scope="col">Values</th>
          <th scope="col">They look like</th>
          <th scope="col">
            <span className="sr-only">Use</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {dates.map((d) => {
          const g = d.guess;
          const use = suggestedPattern(d);
          return (
            <tr key={d.column} data-column={d.column}>
              <td>{d.column}</td>
              <td>{d.formats?.length ? d.formats.join(", ") : <span className="muted">ISO only (yyyy-MM-dd)</span>}</td>
              <td className={d.failed ? "warn" : undefined}>
                {d.values - d.failed} of {d.values} read{d.failed ? `, ${d.failed} not` : ""}
              </td>
              <td>
                {g.patterns?.map((p) => (
                  <div key={p.pattern}>
                    <code>{p.pattern}</code> <span className="muted">({p.language})</span> fits {p.fits} of {g.sampled} sampled, as {JSON.stringify(p.example)}
                  </div>
                ))}
                {g.serials ? <div className="muted">{g.serials} Excel day numbers</div> : null}
                {g.ambiguous?.length ? <div className="warn">or {g.ambiguous.join(", ")}: no day above 12 tells which; choose the format above</div> : null}
                {g.unfit?.length ? <div className="muted">fits none: {g.unfit.map((u) => JSON.stringify(u)).join(", ")}</div> : null}
              </td>
              <td>
                {use && onUseFormat && !d.column.includes(" + ") && (
                  <button type="button" onClick={() => onUseFormat(d.column, use)}>
                    Read {d.column} as {use}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function WizardPreview({
  graph,
  serverLimit,
  onUseFormat,
}: {
  graph: PreviewGraph;
  serverLimit: number;
  onUseFormat?: (column: string, pattern: string) => void;
}) {
  const names = new Map(graph.entities.map((e) => [e.id, e]));
  const capped = graph.entityRows >= serverLimit || graph.linkRows >= serverLimit;
  return (
    <div className="wizard-preview" data-testid="wizard-preview">
      <p data-testid="preview-summary">
        {graph.rowsRead} rows read: {graph.rowsLoaded} would load, {graph.rowsRejected} rejected
        {graph.rowsFiltered ? `, ${graph.rowsFiltered} filtered out` : ""}. They make {graph.entities.length} entities
        {graph.entityRows > graph.entities.length ? ` (named ${graph.entityRows} times: the same id is one entity)` : ""} and {graph.links.length} links.
      </p>
      {capped && (
        <p className="muted" role="note">
          The server's preview lists the first {serverLimit} entities and links the rows make; the load writes them all.
          {graph.dangling ? ` ${graph.dangling} link(s) to entities past that are not drawn.` : ""}
        </p>
      )}
      {graph.failures.map((f, i) => (
        <p key={i} className="error">
          {f}
        </p>
      ))}
      {graph.summaries.length > 0 && (
        <ul className="error" aria-label="Row errors by column" data-testid="error-summaries">
          {graph.summaries.map((x, i) => (
            <li key={i}>{summaryLine(x)}</li>
          ))}
        </ul>
      )}
      {graph.dates.length > 0 && <DatesRead dates={graph.dates} onUseFormat={onUseFormat} />}
      {graph.entities.length > 0 && <PreviewCanvas graph={graph} />}
      {graph.errors.length > 0 && (
        <RowErrorsTable errors={graph.errors} caption="Rows the load would reject" />
      )}
      {graph.entities.length > 0 && (
        <table data-testid="preview">
          <caption>Entities</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Name</th>
              <th scope="col">Also named</th>
              <th scope="col">Properties</th>
              <th scope="col">Rows</th>
              <th scope="col">Id</th>
            </tr>
          </thead>
          <tbody>
            {graph.entities.map((e) => (
              <tr key={e.id} data-id={e.id} data-schema={e.schema}>
                <td>
                  <SchemaIcon schema={e.schema} size={16} /> {schemaStyle(e.schema).label}
                </td>
                <td>{e.name || <span className="muted">(no name: {previewLabel(e)})</span>}</td>
                <td data-testid="aliases">{e.aliases.join("; ")}</td>
                <td>
                  {Object.entries(e.properties).map(([k, v]) => (
                    <div key={k}>
                      <span className="muted">{k}:</span> {value(v)}
                    </div>
                  ))}
                </td>
                <td className="num">{e.rows}</td>
                <td>
                  <code>{e.id}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {graph.links.length > 0 && (
        <table data-testid="preview-links">
          <caption>Links</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Link</th>
              <th scope="col">To</th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {graph.links.map((l) => (
              <tr key={l.id} data-type={l.type}>
                <td>{previewLabel(names.get(l.source)!)}</td>
                <td>{l.type}</td>
                <td>{previewLabel(names.get(l.target)!)}</td>
                <td className="num">{l.rows}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
