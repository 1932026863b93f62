// The mapping wizard's view of the spreadsheet: each column with its sample
// values, the type they look like (a date column with the format that fits
// the most values, which the user may change) and what the mapping makes of it.
import { useState } from "react";
import type { Column, MappingState, Table } from "../model/mapping";
import { dateFormatOf } from "../model/mapping";
import type { DateFormat } from "../model/mappingInfer";
import { dateFormatsFor, goLayout } from "../model/mappingInfer";
import { displayCell } from "../model/mappingTable";

const TYPE_LABEL: Record<string, string> = {
  string: "text",
  date: "date",
  amount: "amount",
  number: "number",
  integer: "whole number",
  bool: "yes/no",
  outcome: "charge outcome",
};

/** Where the mapping uses a column: "person.name", "EMPLOYMENT role" … */
export function usesOf(state: MappingState, column: string): string[] {
  const out: string[] = [];
  for (const e of state.entities) {
    if (e.keys.includes(column) || e.idColumn === column) out.push(`${e.key} key`);
    if (e.name.includes(column)) out.push(`${e.key}.name`);
    if (e.aliases?.column === column) out.push(`${e.key}.aliases`);
    for (const p of e.properties) if (p.column === column && p.literal === undefined) out.push(`${e.key}.${p.property}`);
  }
  for (const l of state.links) {
    if (l.role?.column === column) out.push(`${l.type} role`);
    if (l.startDate === column) out.push(`${l.type} start`);
    if (l.endDate === column) out.push(`${l.type} end`);
  }
  return out;
}

const ISO: DateFormat = { pattern: "yyyy-MM-dd", layout: "", builtin: true };

/** Whether the mapping reads a column as dates. */
export function usedAsDate(state: MappingState, column: string): boolean {
  return (
    state.entities.some((e) => e.properties.some((p) => p.column === column && p.type === "date" && p.literal === undefined)) ||
    state.links.some((l) => l.startDate === column || l.endDate === column)
  );
}

function FormatPicker({ column, state, columns, onChange }: { column: Column; state: MappingState; columns: Column[]; onChange: (f: DateFormat) => void }) {
  const [own, setOwn] = useState(false);
  const current = dateFormatOf(state, column.name, columns) ?? ISO;
  if (current.pattern === "Excel date") return null;
  const fits = dateFormatsFor(column.values);
  const options = [...fits.map((f) => f.format)];
  if (!options.some((o) => o.pattern === current.pattern)) options.unshift(current);
  const fitOf = (f: DateFormat) => fits.find((x) => x.format.pattern === f.pattern)?.fits ?? 0;
  if (own) {
    return (
      <input
        aria-label={`Date format of ${column.name}`}
        defaultValue={current.builtin ? "" : current.pattern}
        placeholder="d/M/yyyy, MMM d, yyyy, %d.%m.%Y …"
        autoFocus
        onBlur={(e) => {
          const typed = e.target.value.trim();
          if (typed) onChange({ pattern: typed, layout: goLayout(typed) });
          setOwn(false);
        }}
        onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
      />
    );
  }
  return (
    <label className="inline">
      <span className="sr-only">Date format of {column.name}</span>
      <select
        aria-label={`Date format of ${column.name}`}
        value={current.pattern}
        onChange={(e) => {
          const pattern = e.target.value;
          if (pattern === "__other") {
            setOwn(true);
            return;
          }
          const f = options.find((o) => o.pattern === pattern);
          if (f) onChange(f);
        }}
      >
        {options.map((o) => (
          <option key={o.pattern} value={o.pattern}>
            {o.pattern}
            {o.builtin ? " (ISO)" : ""} — fits {fitOf(o)} of {column.inference.filled}
          </option>
        ))}
        <option value="__other">another format…</option>
      </select>
    </label>
  );
}

export function WizardColumns({
  table,
  columns,
  state,
  onChange,
}: {
  table: Table;
  columns: Column[];
  state: MappingState;
  onChange: (s: MappingState) => void;
}) {
  return (
    <table className="wizard-columns" data-testid="wizard-columns">
      <caption>
        {table.file}
        {table.sheet ? ` / ${table.sheet}` : ""}: {columns.length} columns, the first {table.rows.length} rows
        {table.delimiter && table.delimiter !== "," ? ` (separated by ${table.delimiter === "\t" ? "tabs" : `"${table.delimiter}"`})` : ""}
        {table.encoding === "latin-1" ? " (Latin-1 text)" : ""}
      </caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Looks like</th>
          <th scope="col">Sample values</th>
          <th scope="col">Used as</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c, i) => {
          const inf = c.inference;
          const samples = [...new Set(c.values.map((v) => v.trim()).filter(Boolean))].slice(0, 4);
          const uses = usesOf(state, c.name);
          return (
            <tr key={c.name + i} data-column={c.name}>
              <th scope="row">{c.name || <span className="muted">(no name)</span>}</th>
              <td>
                {inf.empty ? (
                  <span className="muted">empty</span>
                ) : (
                  <>
                    <span className="col-type">{TYPE_LABEL[inf.type]}</span>
                    {inf.type !== "string" && (
                      <span className="muted">
                        {" "}
                        ({inf.fits} of {inf.filled})
                      </span>
                    )}
                    {inf.unique && inf.filled > 1 && <span className="muted"> · all different</span>}
                    {(inf.type === "date" || usedAsDate(state, c.name)) && (
                      <>
                        {" "}
                        <FormatPicker
                          column={c}
                          state={state}
                          columns={columns}
                          onChange={(f) => onChange({ ...state, dateFormats: { ...state.dateFormats, [c.name]: f } })}
                        />
                        {inf.format?.pattern === "Excel date" && <span className="muted"> stored as dates</span>}
                        {inf.ambiguous && !state.dateFormats[c.name] && (
                          <span className="warn" role="note">
                            {" "}
                            day or month first? no value tells: check the format
                          </span>
                        )}
                      </>
                    )}
                  </>
                )}
              </td>
              <td className="samples">
                {samples.map((s, k) => (
                  <code key={k}>{displayCell(table, i, s)}</code>
                ))}
              </td>
              <td>{uses.length ? uses.join(", ") : <span className="muted">not used</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
