// Canvas actions: undo/redo, show hidden, re-layout, fit, clear, saved views,
// merging judged records on or off, the review queue, exports.
import { navigate } from "../nav";
import { store, useStore } from "../store";
import { ExportMenu } from "./ExportMenu";
import { SavedViews } from "./SavedViews";

export function Toolbar() {
  const { canUndo, canRedo, busy, error, truncated, resolve, groupLinks } = useStore();
  const hiddenByHand = store.graph.filterNodes((_, a) => !!a.userHidden).length;
  return (
    <div className="toolbar" role="toolbar" aria-label="Canvas tools">
      <button onClick={() => store.undo()} disabled={!canUndo} title="Undo (Ctrl+Z)">
        ↶ Undo
      </button>
      <button onClick={() => store.redo()} disabled={!canRedo} title="Redo (Ctrl+Y)">
        ↷ Redo
      </button>
      <button onClick={() => store.showAll()} disabled={!hiddenByHand}>
        Show hidden ({hiddenByHand})
      </button>
      <button onClick={() => store.relayout()}>Re-layout</button>
      <button onClick={() => store.fit()}>Fit to view</button>
      <button onClick={() => store.clearHighlight()}>Clear highlight</button>
      <button onClick={() => store.clear()}>Clear canvas</button>
      <span className="sep" />
      <SavedViews />
      <span className="sep" />
      <label title="Draw records an analyst judged the same as one node (GraphQL resolve)">
        <input type="checkbox" checked={resolve} onChange={(e) => void store.setResolve(e.target.checked)} data-testid="merge-toggle" /> Merge judged
        records
      </label>
      <button onClick={() => navigate("/review")}>Review matches…</button>
      <label title="Draw the payments (or links of one type) between two parties as one edge with their count, totals and dates">
        <input type="checkbox" checked={groupLinks} onChange={(e) => store.setGroupLinks(e.target.checked)} data-testid="group-links" /> Group
        parallel links
      </label>
      <span className="sep" />
      <ExportMenu />
      <span className="status" aria-live="polite" data-testid="status">
        {busy ? `${busy}…` : error ? <span className="error">{error}</span> : truncated ? "Some links were left out (hub protection): expand with filters to see them." : ""}
      </span>
    </div>
  );
}
