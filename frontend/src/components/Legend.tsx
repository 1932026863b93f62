// The legend, over the canvas's corner: what node size and colour mean (and
// the choice of it), the types and charge outcomes shown, the kinds of link,
// and that these describe the visible subgraph only (model/legend.ts).
import { legendOf, legendScope } from "../model/legend";
import { COLOR_CHOICES, SIZE_CHOICES, type ColorBy, type SizeBy } from "../model/style";
import { store, useStore } from "../store";
import "./realsize.css";

export function Legend() {
  const { style } = useStore();
  const summary = store.data.styleSummary;
  const sections = legendOf(store.graph, summary);
  const money = style.size.startsWith("money") || style.color.startsWith("money") || style.color === "net";
  const currencies = summary ? [summary.currency, ...summary.otherCurrencies].filter((c): c is string => !!c) : [];
  return (
    <details className="legend-panel" open aria-label="Legend" data-testid="legend">
      <summary>Legend</summary>
      <div className="style-choice">
        <label>
          Size{" "}
          <select value={style.size} onChange={(e) => store.setStyle({ size: e.target.value as SizeBy })} data-testid="size-by">
            {Object.entries(SIZE_CHOICES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Colour{" "}
          <select value={style.color} onChange={(e) => store.setStyle({ color: e.target.value as ColorBy })} data-testid="color-by">
            {Object.entries(COLOR_CHOICES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        {money && currencies.length > 1 && (
          <label>
            Currency{" "}
            <select value={style.currency ?? ""} onChange={(e) => store.setStyle({ currency: e.target.value || null })}>
              <option value="">most common ({summary?.currency})</option>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {sections.filter((s) => s.entries.length).map((s) => (
        <section key={s.title}>
          <h4>{s.title}</h4>
          <ul>
            {s.entries.map((e, i) => (
              <li key={i}>
                {e.icon && <img src={e.icon} width={16} height={16} alt="" />}
                {e.line && (
                  <span
                    className="legend-line"
                    aria-hidden="true"
                    style={{ borderTop: `${e.line.width}px ${e.line.dashed ? "dashed" : "solid"} ${e.line.color}` }}
                  />
                )}
                {e.swatch === "small" || e.swatch === "large" ? (
                  <span className={`legend-dot ${e.swatch}`} aria-hidden="true" />
                ) : e.swatch ? (
                  <span className="legend-swatch" aria-hidden="true" style={{ background: e.swatch }} />
                ) : null}
                <span>{e.text}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {summary && summary.nodes > 0 && <p className="legend-scope">{legendScope(summary)}</p>}
    </details>
  );
}
