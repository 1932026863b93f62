// The links each row makes between its entities: the relationship type
// (with the direction it points), its two ends, and an optional role and
// start and end dates from columns.
import type { Column, LinkMap, MappingState } from "../model/mapping";
import { REL_TYPES, relTypeInfo } from "../model/mappingModel";

function ColumnSelect({ label, value, columns, onChange, none = "none" }: { label: string; value: string | null; columns: Column[]; onChange: (c: string | null) => void; none?: string }) {
  return (
    <select aria-label={label} value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">{none}</option>
      {columns.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

function LinkCard({ link, index, state, columns, onChange }: { link: LinkMap; index: number; state: MappingState; columns: Column[]; onChange: (s: MappingState) => void }) {
  const set = (patch: Partial<LinkMap>) => onChange({ ...state, links: state.links.map((l, i) => (i === index ? { ...l, ...patch } : l)) });
  const info = relTypeInfo(link.type);
  const ends = state.entities.map((e) => e.key);
  const roleMode = link.role?.literal !== undefined ? "literal" : "column";
  return (
    <fieldset className="wizard-link" aria-label={`Link ${index + 1}`} data-link={link.type}>
      <legend>
        {link.from} —{link.type}→ {link.to}
      </legend>
      {info && <p className="muted hint">{info.meaning}</p>}
      <div className="wizard-grid">
        <label>
          Type
          <select aria-label="Link type" value={link.type} onChange={(e) => set({ type: e.target.value })}>
            {REL_TYPES.map((r) => (
              <option key={r.type} value={r.type} title={r.meaning}>
                {r.type} ({r.from} → {r.to})
              </option>
            ))}
          </select>
        </label>
        <label>
          From {info ? <span className="muted">({info.from})</span> : null}
          <select aria-label="From" value={link.from} onChange={(e) => set({ from: e.target.value })}>
            {ends.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          To {info ? <span className="muted">({info.to})</span> : null}
          <select aria-label="To" value={link.to} onChange={(e) => set({ to: e.target.value })}>
            {ends.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button type="button" aria-label="Swap the ends" onClick={() => set({ from: link.to, to: link.from })}>
          ⇄ swap
        </button>
        <div>
          <span className="wizard-label">Role</span>
          <select
            aria-label="Role comes from"
            value={roleMode}
            onChange={(e) => set({ role: e.target.value === "literal" ? { literal: "" } : null })}
          >
            <option value="column">a column</option>
            <option value="literal">a fixed text</option>
          </select>{" "}
          {roleMode === "column" ? (
            <ColumnSelect label="Role column" value={link.role?.column ?? null} columns={columns} onChange={(c) => set({ role: c ? { column: c } : null })} />
          ) : (
            <input aria-label="Role text" value={link.role?.literal ?? ""} placeholder="director" onChange={(e) => set({ role: { literal: e.target.value } })} />
          )}
        </div>
        <label>
          Start date
          <ColumnSelect label="Start date column" value={link.startDate} columns={columns} onChange={(c) => set({ startDate: c })} />
        </label>
        <label>
          End date
          <ColumnSelect label="End date column" value={link.endDate} columns={columns} onChange={(c) => set({ endDate: c })} />
        </label>
      </div>
      <button type="button" onClick={() => onChange({ ...state, links: state.links.filter((_, i) => i !== index) })}>
        Remove this link
      </button>
    </fieldset>
  );
}

export function WizardLinks({ state, columns, onChange }: { state: MappingState; columns: Column[]; onChange: (s: MappingState) => void }) {
  const [a, b] = state.entities;
  return (
    <section aria-label="Links" className="wizard-section">
      <h3>Links between them</h3>
      {state.links.length === 0 && <p className="muted">{state.entities.length < 2 ? "Add a second entity to link it to the first." : "None yet."}</p>}
      {state.links.map((l, i) => (
        <LinkCard key={i} link={l} index={i} state={state} columns={columns} onChange={onChange} />
      ))}
      <button
        type="button"
        disabled={state.entities.length < 2}
        onClick={() =>
          onChange({ ...state, links: [...state.links, { type: "UNKNOWN_LINK", from: a.key, to: b.key, role: null, startDate: null, endDate: null }] })
        }
      >
        Add a link
      </button>
    </section>
  );
}
