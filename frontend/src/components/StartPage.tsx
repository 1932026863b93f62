// Over the empty canvas: what this casegraph holds (datasets, entities and
// links per kind) and the parties with most links, each a click from the
// canvas. It steps aside as soon as something is drawn.
import { useEffect } from "react";
import { paymentCount, schemaCounts } from "../model/start";
import { store, useStore } from "../store";
import { SchemaIcon } from "./SearchBox";
import "./realsize.css";

const n = (v: number) => v.toLocaleString("en-US");

export function StartPage() {
  const { start, version } = useStore();
  const empty = store.graph.order === 0;
  useEffect(() => {
    if (empty && !start.stats && !start.datasets) void store.loadStart();
    // asked once per page; a new visit to an empty canvas reuses the answer
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [empty]);
  if (!empty) return null;
  void version;
  const counts = start.stats ? schemaCounts(start.stats) : [];
  const payments = start.stats ? paymentCount(start.stats) : 0;
  return (
    <section className="start-page" aria-label="Start" data-testid="start-page">
      <h2>What is loaded</h2>
      {start.datasets === null && start.stats === null ? (
        <p className="muted">Asking the server…</p>
      ) : (
        <>
          <p data-testid="start-datasets">
            {start.datasets?.length ? (
              <>
                {start.datasets.length === 1 ? "Dataset" : `${start.datasets.length} datasets`}:{" "}
                {start.datasets.map((d, i) => (
                  <span key={d}>
                    {i ? ", " : ""}
                    <strong>{d}</strong>
                  </span>
                ))}
              </>
            ) : (
              <>No dataset loaded yet: load a spreadsheet on the “Load data” page.</>
            )}
          </p>
          {start.stats && (
            <ul className="start-counts" data-testid="start-counts">
              {counts
                .filter((c) => c.schema !== "Payment")
                .map((c) => (
                  <li key={c.schema} data-schema={c.schema}>
                    <SchemaIcon schema={c.schema} size={16} /> <span className="num">{n(c.count)}</span> {c.label}
                  </li>
                ))}
              {payments > 0 && (
                <li data-schema="Payment">
                  <span className="legend-line" aria-hidden="true" /> <span className="num">{n(payments)}</span> payments (drawn as links)
                </li>
              )}
              <li className="muted">{n(start.stats.relationships)} links stored in all</li>
            </ul>
          )}
        </>
      )}
      <h2>Start from</h2>
      {start.biggest?.length ? (
        <>
          <ol className="start-biggest" data-testid="start-biggest">
            {start.biggest.map((b) => (
              <li key={b.entity.id}>
                <button className="link" onClick={() => void store.start(b.entity)} data-id={b.entity.id}>
                  <SchemaIcon schema={b.entity.schema} size={16} /> {b.entity.name || b.entity.id}
                </button>{" "}
                <span className="muted">{n(b.degree)} counterparties and links</span>
              </li>
            ))}
          </ol>
          <p className="muted small">
            Links counted by a degree analysis (computed, payments between two parties counted once) of {new Date(start.biggest[0].computedAt).toLocaleString()}.
          </p>
        </>
      ) : start.job ? (
        <p aria-live="polite">
          Counting links ({start.job.stage}, {Math.round(start.job.progress * 100)}%)…
        </p>
      ) : start.note ? (
        <p className="muted">
          {start.note}{" "}
          <button onClick={() => void store.findBiggest()} data-testid="find-biggest">
            Find the parties with most links
          </button>
        </p>
      ) : null}
      <p>Or search a name above: it lands here, and a double-click shows its links.</p>
    </section>
  );
}
