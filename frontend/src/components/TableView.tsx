// The canvas as tables: every visible node and link, readable by a screen
// reader and sortable by eye. Reads the same graphology model as the canvas.
import { useState } from "react";
import { formatAmount, recordCount } from "../model/graph";
import { schemaStyle } from "../model/schema";
import { store, useStore } from "../store";
import { SchemaIcon } from "./SearchBox";

/** Rows drawn at first per table: a real case has thousands, and the page stays quick; "Show more" adds a page. */
export const TABLE_PAGE = 200;

function More({ shown, total, onMore }: { shown: number; total: number; onMore: () => void }) {
  if (shown >= total) return null;
  return (
    <p className="muted">
      {shown.toLocaleString("en-US")} of {total.toLocaleString("en-US")} shown.{" "}
      <button onClick={onMore}>Show {Math.min(TABLE_PAGE * 5, total - shown).toLocaleString("en-US")} more</button>
    </p>
  );
}

export function TableView() {
  const { selection } = useStore();
  const [nodeRows, setNodeRows] = useState(TABLE_PAGE);
  const [edgeRows, setEdgeRows] = useState(TABLE_PAGE);
  const g = store.graph;
  const allNodes = store.visibleNodes();
  const allEdges = store.visibleEdges();
  // the selected entity or link is always listed, even beyond the rows shown
  const cap = (all: string[], n: number) => {
    const rows = all.slice(0, n);
    if (selection && all.length > n && !rows.includes(selection.id) && all.includes(selection.id)) rows.push(selection.id);
    return rows;
  };
  const nodes = cap(allNodes, nodeRows);
  const edges = cap(allEdges, edgeRows);
  return (
    <section className="table-view" aria-label="Table view" data-testid="table-view">
      <div>
        <table data-testid="node-table">
          <caption>Entities on the canvas ({allNodes.length})</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Name</th>
              <th scope="col">Links</th>
              <th scope="col">Flags</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => {
              const a = g.getNodeAttributes(n);
              return (
                <tr key={n} data-id={n} aria-selected={selection?.id === n} className={selection?.id === n ? "selected" : ""}>
                  <td>
                    <SchemaIcon schema={a.schema} size={16} /> {schemaStyle(a.schema).label}
                  </td>
                  <td>
                    <button className="link" onClick={() => store.select({ kind: "node", id: n })}>
                      {a.label}
                    </button>
                  </td>
                  <td className="num">
                    {g.degree(n)}
                    {a.hiddenLinks ? ` (+${a.hiddenLinks} hidden)` : ""}
                  </td>
                  <td>
                    {[recordCount(a) > 1 && `merged: ×${recordCount(a)} records`, a.pinned && "pinned", a.highlighted && "on path", a.expanded && "expanded"]
                      .filter(Boolean)
                      .join(", ")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <More shown={nodes.length} total={allNodes.length} onMore={() => setNodeRows(nodeRows + TABLE_PAGE * 5)} />
      </div>
      <div>
        <table data-testid="edge-table">
          <caption>Links on the canvas ({allEdges.length})</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {edges.map((e) => {
              const a = g.getEdgeAttributes(e);
              return (
                <tr key={e} data-id={e} className={selection?.id === e ? "selected" : ""}>
                  <td>
                    <button className="link" onClick={() => store.select({ kind: "edge", id: e })}>
                      {a.relType}
                    </button>
                  </td>
                  <td>{store.label(g.source(e))}</td>
                  <td>{store.label(g.target(e))}</td>
                  <td>
                    {[a.role, a.amount != null && formatAmount(a.amount, a.currency), a.date, (a.startDate || a.endDate) && `${a.startDate ?? "?"}–${a.endDate ?? "?"}`]
                      .filter(Boolean)
                      .join(" · ")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <More shown={edges.length} total={allEdges.length} onMore={() => setEdgeRows(edgeRows + TABLE_PAGE * 5)} />
      </div>
    </section>
  );
}
