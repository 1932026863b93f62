// Right-click on a node: expand (with filters and hub paging), hide, pin, remove, follow the money.
import { useState } from "react";
import { store } from "../store";

const RELS = ["ASSOCIATE", "ATTENDED", "CHARGED_WITH", "DIRECTORSHIP", "EMPLOYMENT", "FAMILY", "IN_CASE", "MEMBERSHIP",
  "OWNERSHIP", "PAID", "PAID_TO", "PARTY_TO", "PROSECUTED_BY", "REPRESENTATION", "UNKNOWN_LINK", "HOLDS_ACCOUNT",
  "ACCOUNT_AT", "FROM_ACCOUNT", "TO_ACCOUNT"];
const SCHEMATA = ["Person", "Company", "Organization", "PublicBody", "BankAccount", "Payment", "Event", "CourtCase", "Charge"];

export function ContextMenu({ id, x, y, onClose }: { id: string; x: number; y: number; onClose: () => void }) {
  const g = store.graph;
  const last = g.hasNode(id) ? g.getNodeAttribute(id, "expandFilters") : undefined;
  const [filters, setFilters] = useState(false);
  const [rels, setRels] = useState<string[]>(last?.relationships ?? []);
  const [schemata, setSchemata] = useState<string[]>(last?.schemata ?? []);
  const [perNode, setPerNode] = useState(last?.perNode ?? 50);
  if (!g.hasNode(id)) return null;
  const a = g.getNodeAttributes(id);
  const act = (fn: () => void) => () => {
    fn();
    onClose();
  };
  const toggle = (list: string[], set: (l: string[]) => void, v: string) =>
    set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  return (
    <div className="context-menu" role="menu" aria-label={`Actions for ${a.label}`} style={{ left: x, top: y }}>
      <strong>{a.label}</strong>
      {a.hiddenLinks ? (
        <p className="hub">
          Hub: {a.degree} links, {a.hiddenLinks} not shown.
        </p>
      ) : null}
      <button role="menuitem" onClick={act(() => void store.expand(id))}>
        Expand
      </button>
      {a.hiddenLinks ? (
        <button role="menuitem" onClick={act(() => void store.expand(id, { perNode: (a.degree ?? 50) + 10 }))}>
          Show all {a.degree} links
        </button>
      ) : null}
      <button role="menuitem" onClick={() => setFilters(!filters)} aria-expanded={filters}>
        Expand with filters…
      </button>
      {filters && (
        <div className="filters">
          <fieldset>
            <legend>Relationship types</legend>
            {RELS.map((r) => (
              <label key={r}>
                <input type="checkbox" checked={rels.includes(r)} onChange={() => toggle(rels, setRels, r)} /> {r}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Schemata</legend>
            {SCHEMATA.map((s) => (
              <label key={s}>
                <input type="checkbox" checked={schemata.includes(s)} onChange={() => toggle(schemata, setSchemata, s)} /> {s}
              </label>
            ))}
          </fieldset>
          <label>
            Links per node <input type="number" min={1} max={1000} value={perNode} onChange={(e) => setPerNode(+e.target.value)} />
          </label>
          <button onClick={act(() => void store.expand(id, { relationships: rels, schemata, perNode }))}>Expand filtered</button>
        </div>
      )}
      <button role="menuitem" onClick={act(() => store.togglePin(id))}>
        {a.pinned ? "Unpin" : "Pin"}
      </button>
      <button role="menuitem" onClick={act(() => store.hide(id))}>
        Hide
      </button>
      <button role="menuitem" onClick={act(() => store.remove(id))}>
        Remove
      </button>
      <button role="menuitem" onClick={act(() => void store.moneyFlow(id))}>
        Follow the money from here
      </button>
      <button role="menuitem" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
