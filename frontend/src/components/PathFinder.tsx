// How are two parties connected? GraphQL `paths`, drawn and highlighted.
import { useEffect, useState } from "react";
import type { ApiEntity } from "../model/types";
import { store, useStore } from "../store";
import { SearchBox } from "./SearchBox";

export function PathFinder() {
  const { selection, paths, activePath } = useStore();
  const [from, setFrom] = useState<{ id: string; name: string } | null>(null);
  const [to, setTo] = useState<{ id: string; name: string } | null>(null);
  const [maxHops, setMaxHops] = useState(4);

  // default "from" to the selected node
  useEffect(() => {
    if (selection?.kind === "node" && !from) setFrom({ id: selection.id, name: store.label(selection.id) });
  }, [selection, from]);

  const pick = (set: typeof setFrom) => (e: ApiEntity) => set({ id: e.id, name: e.name ?? e.id });
  return (
    <section aria-label="Path finder" className="tool" data-testid="path-finder">
      <h2>Path finder</h2>
      <p>
        From: <strong data-testid="path-from">{from?.name ?? "—"}</strong>{" "}
        {selection?.kind === "node" && (
          <button onClick={() => setFrom({ id: selection.id, name: store.label(selection.id) })}>use selected</button>
        )}
      </p>
      <SearchBox label="Path from" placeholder="From…" onPick={pick(setFrom)} testId="path-from-search" />
      <SearchBox label="Path to" placeholder="To…" onPick={pick(setTo)} testId="path-to-search" />
      <label>
        Max hops <input type="number" min={1} max={6} value={maxHops} onChange={(e) => setMaxHops(+e.target.value)} />
      </label>
      <button disabled={!from || !to} onClick={() => from && to && void store.findPaths(from.id, to.id, maxHops)}>
        Find paths
      </button>
      {paths && (
        <ol className="paths" data-testid="paths">
          {paths.length === 0 && <li>No path within {maxHops} hops.</li>}
          {paths.map((p, i) => (
            <li key={i} className={i === activePath ? "active" : ""}>
              <button onClick={() => store.showPath(i)} aria-pressed={i === activePath}>
                {p.length} hop{p.length === 1 ? "" : "s"}:
              </button>{" "}
              {p.nodes.map((n, j) => (
                <span key={n.id}>
                  {j > 0 && <em> —{p.edges[j - 1]?.type}→ </em>}
                  {n.name ?? n.id}
                </span>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
