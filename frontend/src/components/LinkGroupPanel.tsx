// A group of parallel links, when its edge is selected: how many, how much per
// currency (exact), when, and "Show the N payments" to draw them one by one,
// or "Group the N payments" to draw them as one edge again (model/aggregate.ts).
import { groupOf } from "../model/aggregate";
import { formatDecimal } from "../model/money";
import { store, useStore } from "../store";

export function LinkGroupPanel() {
  const { selection, openGroups } = useStore();
  if (selection?.kind !== "edge") return null;
  const g = store.graph;
  const group = groupOf(g, selection.id);
  if (!group) return null;
  const open = openGroups.includes(group.key);
  const payments = group.relType === "PAYMENT";
  const what = payments ? `${group.count} payments` : `${group.count} ${group.relType} links`;
  return (
    <section className="link-group" aria-label="Parallel links" data-testid="link-group">
      <h3>
        {what}
        <span className="muted">
          {" "}
          {payments ? "from" : ""} {store.label(group.source)} → {store.label(group.target)}
        </span>
      </h3>
      {payments && (
        <table className="group-totals">
          <caption className="sr-only">Totals per currency</caption>
          <tbody>
            {group.totals.map((t) => (
              <tr key={t.currency ?? "?"} data-currency={t.currency ?? ""}>
                <th scope="row">{t.currency ?? "currency not stated"}</th>
                <td className="num" data-total={t.total}>
                  {formatDecimal(t.total)}
                </td>
                <td className="muted">
                  {t.count} payment{t.count === 1 ? "" : "s"}
                </td>
              </tr>
            ))}
            {group.withoutAmount > 0 && (
              <tr>
                <th scope="row">no amount</th>
                <td />
                <td className="muted">
                  {group.withoutAmount} payment{group.withoutAmount === 1 ? "" : "s"}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <p className="muted">
        {group.firstDate ? (group.firstDate === group.lastDate ? group.firstDate : `${group.firstDate} to ${group.lastDate}`) : "no dates"}
        {group.undated && group.firstDate ? ` · ${group.undated} undated` : ""}
        {" · over the links shown (time window)"}
      </p>
      <div className="row">
        {open ? (
          <button onClick={() => store.openGroup(group.key, false)}>Group the {what}</button>
        ) : (
          <button onClick={() => store.openGroup(group.key, true)} data-testid="open-group">
            Show the {what}
          </button>
        )}
        <button onClick={() => store.select(null)} aria-label="Close">
          ✕
        </button>
      </div>
    </section>
  );
}
