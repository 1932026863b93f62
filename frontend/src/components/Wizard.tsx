// The mapping wizard: a spreadsheet's columns and sample values, then the
// entities each row makes, the links between them and the source they cite,
// clicked together. It holds no state of its own: the ingest page keeps the
// mapping and writes it as YAML (model/mapping.ts) for preview and load.
import type { Column, MappingState, Table } from "../model/mapping";
import { emptyState, problems, suggestMapping } from "../model/mapping";
import { WizardColumns } from "./WizardColumns";
import { WizardEntities } from "./WizardEntities";
import { WizardLinks } from "./WizardLinks";

function SourceForm({ state, onChange }: { state: MappingState; onChange: (s: MappingState) => void }) {
  const set = (k: keyof MappingState["source"], v: string) => onChange({ ...state, source: { ...state.source, [k]: v } });
  return (
    <section aria-label="Source" className="wizard-section">
      <h3>Where the data comes from</h3>
      <p className="muted hint">Every entity and link this file makes cites this source.</p>
      <div className="wizard-grid">
        <label>
          Dataset
          <input aria-label="Dataset" value={state.dataset} onChange={(e) => onChange({ ...state, dataset: e.target.value })} />
        </label>
        <label>
          Title
          <input aria-label="Source title" value={state.source.title} onChange={(e) => set("title", e.target.value)} />
        </label>
        <label>
          Web address
          <input aria-label="Source address" type="url" placeholder="https://…" value={state.source.url} onChange={(e) => set("url", e.target.value)} />
        </label>
        <label>
          Publisher
          <input aria-label="Source publisher" value={state.source.publisher} onChange={(e) => set("publisher", e.target.value)} />
        </label>
        <label>
          Published
          <input aria-label="Source date" placeholder="2024-05-01" value={state.source.publishedAt} onChange={(e) => set("publishedAt", e.target.value)} />
        </label>
      </div>
    </section>
  );
}

export function Wizard({
  table,
  columns,
  state,
  onChange,
  onReread,
}: {
  table: Table;
  columns: Column[];
  state: MappingState;
  onChange: (s: MappingState) => void;
  onReread: (opts: { sheet?: string; headerRow?: number }) => void;
}) {
  const todo = problems(state);
  return (
    <section className="wizard" aria-label="Mapping wizard" data-testid="wizard">
      <h2>Map the columns</h2>
      <div className="wizard-actions">
        {table.sheets && table.sheets.length > 1 && (
          <label>
            Sheet{" "}
            <select aria-label="Sheet" value={table.sheet} onChange={(e) => onReread({ sheet: e.target.value })}>
              {table.sheets.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          Column names are in row{" "}
          <input
            aria-label="Header row"
            type="number"
            min={1}
            max={100}
            size={3}
            value={table.headerRow ?? 1}
            onChange={(e) => {
              const n = Math.trunc(Number(e.target.value));
              if (n >= 1 && n <= 100) onReread({ headerRow: n });
            }}
          />
        </label>
      </div>
      <WizardColumns table={table} columns={columns} state={state} onChange={onChange} />
      <div className="wizard-actions">
        <button type="button" onClick={() => onChange({ ...suggestMapping(table), source: state.source, dataset: state.dataset })}>
          Suggest from the column names
        </button>
        <button type="button" onClick={() => onChange({ ...emptyState(table), source: state.source, dataset: state.dataset, dateFormats: state.dateFormats })}>
          Start from scratch
        </button>
      </div>
      <WizardEntities state={state} columns={columns} onChange={onChange} />
      <WizardLinks state={state} columns={columns} onChange={onChange} />
      <SourceForm state={state} onChange={onChange} />
      {todo.length > 0 && (
        <ul className="wizard-todo" aria-label="Still to do" data-testid="wizard-todo">
          {todo.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
