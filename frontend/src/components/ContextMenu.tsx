// Right-click on a node: expand (with filters and hub paging), hide, pin, remove, follow the money.
import { useState } from "react";
import { MAX_PER_NODE } from "../model/hubLinks";
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
  const [perNode, setPerNode] = useState(Math.min(MAX_PER_NODE, last?.perNode ?? 50));
  if (!g.hasNode(id)) return null;
  const a = g.getNodeAttributes(id);
  const act = (fn: () => void) => () => {
    fn();
    onClose();
  };
  const toggle = (list: string[], set: (l: string[]) => void, v: string) =>
    set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  return (
    <div
      className="context-menu"
      role="menu"
      aria-label={`Actions for ${a.label}`}
      style={{ left: x, top: y }}
      onKeyDown={(e) => e.key === "Escape" && onClose()}
    >
      <strong>{a.label}</strong>
      {a.hiddenLinks ? (
        <p className="hub">
          Hub: {a.degree?.toLocaleString("en-US")} links, {a.hiddenLinks.toLocaleString("en-US")} not shown. An expansion brings at most{" "}
          {MAX_PER_NODE} links of a node; “Show all” fetches the rest 100 at a time.
        </p>
      ) : null}
      <button role="menuitem" onClick={act(() => void store.expand(id))}>
        Expand
      </button>
      {a.hiddenLinks ? (
        <button role="menuitem" onClick={act(() => void store.showAllLinks(id))}>
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
            Links per node (at most {MAX_PER_NODE}){" "}
            <input
              type="number"
              min={1}
              max={MAX_PER_NODE}
              value={perNode}
              onChange={(e) => setPerNode(Math.max(1, Math.min(MAX_PER_NODE, Math.round(+e.target.value) || 1)))}
            />
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
