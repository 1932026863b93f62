// Where did the money go? GraphQL `moneyFlow`: flows drawn as edges sized
// by total, totals per currency, and the chains in time order. Totals and
// flows count every payment; only the chains are listed up to a limit.
import { useState } from "react";
import { formatAmount } from "../model/graph";
import { store, useStore } from "../store";

/** A flow's dates as a short range: "2011-03 – 2013-07", one date when both are the same, "not given" with none. */
export function dateRange(first?: string | null, last?: string | null): string {
  if (!first && !last) return "not given";
  if (first === last) return first!;
  return `${first ?? "?"} – ${last ?? "?"}`;
}

export function MoneyFlowView() {
  const { selection, flow } = useStore();
  const [direction, setDirection] = useState<"OUT" | "IN">("OUT");
  const [maxHops, setMaxHops] = useState(4);
  const [timeOrdered, setTimeOrdered] = useState(true);
  const from = selection?.kind === "node" ? selection.id : null;
  return (
    <section aria-label="Money flow" className="tool" data-testid="money-flow">
      <h2>Money flow</h2>
      <p>
        From: <strong>{from ? store.label(from) : "select a node"}</strong>
      </p>
      <label>
        Direction{" "}
        <select value={direction} onChange={(e) => setDirection(e.target.value as "OUT" | "IN")}>
          <option value="OUT">money out</option>
          <option value="IN">money in</option>
        </select>
      </label>{" "}
      <label>
        Max hops <input type="number" min={1} max={6} value={maxHops} onChange={(e) => setMaxHops(+e.target.value)} />
      </label>{" "}
      <label>
        <input type="checkbox" checked={timeOrdered} onChange={(e) => setTimeOrdered(e.target.checked)} /> time-ordered chains
      </label>{" "}
      <button disabled={!from} onClick={() => from && void store.moneyFlow(from, direction, maxHops, timeOrdered)}>
        Follow the money
      </button>
      {flow && (
        <div data-testid="flow-result">
          <h3>Totals ({flow.direction === "OUT" ? "paid out by" : "received by"} {store.label(flow.from)})</h3>
          {flow.totals.length === 0 ? (
            <p>No payments found.</p>
          ) : (
            <ul className="totals" data-testid="flow-totals">
              {flow.totals.map((t) => (
                <li key={t.currency}>{formatAmount(t.total, t.currency)}</li>
              ))}
            </ul>
          )}
          <p className="muted" data-testid="flow-note">
            On the canvas each flow is one green arrow labelled with its total and count; the payments it sums are not drawn again
            beside it (the table view and the exports still list each one).
          </p>
          <table data-testid="flow-table" className="fit">
            <caption>Flows between parties (every payment)</caption>
            <colgroup>
              <col style={{ width: "44%" }} />
              <col style={{ width: "30%" }} />
              <col style={{ width: "26%" }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Payer → beneficiary</th>
                <th scope="col">Total</th>
                <th scope="col">Dates</th>
              </tr>
            </thead>
            <tbody>
              {flow.flows.map((f) => (
                <tr key={`${f.payer}-${f.beneficiary}-${f.currency}`}>
                  <td>
                    {store.label(f.payer)} → {store.label(f.beneficiary)}
                  </td>
                  <td className="num">
                    {formatAmount(f.total, f.currency)}
                    <div className="muted">
                      {f.count} payment{f.count === 1 ? "" : "s"}
                    </div>
                  </td>
                  <td>{dateRange(f.firstDate, f.lastDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table data-testid="chain-table" className="fit">
            <caption>
              {flow.truncated
                ? `Chains: the first ${flow.chains.length} only, more were left out (totals and flows above count them all)`
                : "Chains"}
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Route</th>
                <th scope="col">Amounts</th>
                <th scope="col">Dates</th>
              </tr>
            </thead>
            <tbody>
              {flow.chains.map((c, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{c.parties.map((p) => store.label(p)).join(" → ")}</td>
                  <td>{c.amounts.map((a, j) => formatAmount(a, c.currencies[j])).join(" → ")}</td>
                  <td>{c.dates.map((d) => d || "?").join(" → ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
