// The entities each row makes, one card each: the schema, the columns that
// identify it (keys, or the data's own ids), its name, other names, and its
// properties (the schema's typed ones first, or any other name).
import type { Column, EntityMap, MappingState, PropertyMap } from "../model/mapping";
import { freshKey, newEntity, propertyName, propertyType, removeEntity, renameEntity } from "../model/mapping";
import type { ValueType } from "../model/mappingInfer";
import { SCHEMATA, schemaInfo, typedProperty } from "../model/mappingModel";
import { SchemaIcon } from "./SearchBox";

const TYPES: ValueType[] = ["string", "date", "amount", "number", "integer", "bool", "outcome"];

/** Columns picked one at a time, shown as removable chips. */
function ColumnChips({
  label,
  chosen,
  columns,
  onChange,
}: {
  label: string;
  chosen: string[];
  columns: Column[];
  onChange: (cols: string[]) => void;
}) {
  const free = columns.filter((c) => !chosen.includes(c.name));
  return (
    <span className="chips">
      {chosen.map((c) => (
        <button key={c} type="button" className="chip" aria-label={`Remove ${c} from ${label}`} onClick={() => onChange(chosen.filter((x) => x !== c))}>
          {c} ×
        </button>
      ))}
      <select aria-label={`Add to ${label}`} value="" onChange={(e) => e.target.value && onChange([...chosen, e.target.value])}>
        <option value="">{chosen.length ? "and…" : "choose a column…"}</option>
        {free.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
    </span>
  );
}

function PropertyRow({
  entity,
  prop,
  columns,
  onChange,
  onRemove,
}: {
  entity: EntityMap;
  prop: PropertyMap;
  columns: Column[];
  onChange: (p: PropertyMap) => void;
  onRemove: () => void;
}) {
  const typed = typedProperty(entity.schema, prop.property);
  const info = schemaInfo(entity.schema);
  const inferred = (c: string) => columns.find((x) => x.name === c)?.inference;
  const isOther = !typed;
  return (
    <tr data-property={prop.property}>
      <td>
        <select
          aria-label="Property"
          value={isOther ? "__other" : prop.property}
          onChange={(e) => {
            const v = e.target.value;
            if (v === "__other") onChange({ ...prop, property: prop.column ? propertyName(prop.column) : "", type: propertyType(entity.schema, "", inferred(prop.column)) });
            else onChange({ ...prop, property: v, type: propertyType(entity.schema, v, inferred(prop.column)) });
          }}
        >
          {info?.properties.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} — {p.label}
            </option>
          ))}
          <option value="__other">another property…</option>
        </select>
        {isOther && <input aria-label="Property name" value={prop.property} placeholder="propertyName" onChange={(e) => onChange({ ...prop, property: e.target.value })} />}
      </td>
      <td>
        <select
          aria-label="Column"
          value={prop.column}
          onChange={(e) => onChange({ ...prop, column: e.target.value, type: typed ? typed.type : propertyType(entity.schema, prop.property, inferred(e.target.value)) })}
        >
          <option value="">choose a column…</option>
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select aria-label="Read as" value={prop.type} disabled={!!typed} onChange={(e) => onChange({ ...prop, type: e.target.value as ValueType })}>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </td>
      <td>
        <button type="button" aria-label={`Remove property ${prop.property || "(unnamed)"}`} onClick={onRemove}>
          ×
        </button>
      </td>
    </tr>
  );
}

function EntityCard({
  entity,
  state,
  columns,
  onChange,
}: {
  entity: EntityMap;
  state: MappingState;
  columns: Column[];
  onChange: (s: MappingState) => void;
}) {
  const set = (patch: Partial<EntityMap>) => onChange({ ...state, entities: state.entities.map((e) => (e.key === entity.key ? { ...e, ...patch } : e)) });
  const keyMode = entity.idColumn !== null ? "id" : "keys";
  return (
    <fieldset className="wizard-entity" aria-label={`Entity ${entity.key}`} data-entity={entity.key}>
      <legend>
        <SchemaIcon schema={entity.schema} size={16} /> {entity.key}
      </legend>
      <div className="wizard-grid">
        <label>
          Schema
          <select
            aria-label="Schema"
            value={entity.schema}
            onChange={(e) => {
              const schema = e.target.value;
              // an entity still named after its schema follows the new one
              let next = state;
              if (new RegExp(`^${entity.schema.toLowerCase()}\\d*$`).test(entity.key)) {
                next = renameEntity(state, entity.key, freshKey(schema.toLowerCase(), state.entities.filter((x) => x.key !== entity.key).map((x) => x.key)));
              }
              const key = next.entities[state.entities.indexOf(entity)].key;
              onChange({
                ...next,
                entities: next.entities.map((x) =>
                  x.key === key
                    ? { ...x, schema, properties: x.properties.map((p) => ({ ...p, type: typedProperty(schema, p.property)?.type ?? (typedProperty(entity.schema, p.property) ? "string" : p.type) })) }
                    : x,
                ),
              });
            }}
          >
            {SCHEMATA.map((s) => (
              <option key={s.schema} value={s.schema}>
                {s.schema} — {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name in the mapping
          <input aria-label="Name in the mapping" defaultValue={entity.key} key={entity.key} onBlur={(e) => e.target.value.trim() && e.target.value !== entity.key && onChange(renameEntity(state, entity.key, e.target.value.trim()))} />
        </label>
        <div>
          <span className="wizard-label">Identified by</span>
          <label className="inline">
            <input type="radio" name={`idmode-${entity.key}`} checked={keyMode === "keys"} onChange={() => set({ idColumn: null })} /> key columns
          </label>{" "}
          <label className="inline">
            <input
              type="radio"
              name={`idmode-${entity.key}`}
              checked={keyMode === "id"}
              onChange={() => set({ idColumn: entity.keys[0] ?? columns[0]?.name ?? "", keys: [] })}
            />{" "}
            the data's own ids
          </label>
          <div>
            {keyMode === "keys" ? (
              <ColumnChips label={`${entity.key} key columns`} chosen={entity.keys} columns={columns} onChange={(keys) => set({ keys })} />
            ) : (
              <select aria-label={`${entity.key} id column`} value={entity.idColumn ?? ""} onChange={(e) => set({ idColumn: e.target.value })}>
                {columns.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </div>
          <p className="muted hint">
            {keyMode === "keys"
              ? "Rows with the same values in these columns are one entity (its id is made from them), in this file and every later load."
              : "The column's values are used as ids, prefixed with the dataset."}
          </p>
        </div>
        <div>
          <span className="wizard-label">Name</span>
          <ColumnChips label={`${entity.key} name`} chosen={entity.name} columns={columns} onChange={(name) => set({ name })} />
          <p className="muted hint">Several columns are joined with a space (first and last name). A later row's other spelling becomes an alias.</p>
        </div>
        <div>
          <span className="wizard-label">Other names</span>
          <select
            aria-label={`${entity.key} aliases column`}
            value={entity.aliases?.column ?? ""}
            onChange={(e) => set({ aliases: e.target.value ? { column: e.target.value, split: entity.aliases?.split ?? ";" } : null })}
          >
            <option value="">none</option>
            {columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
          {entity.aliases && (
            <label className="inline">
              {" "}
              split on{" "}
              <input aria-label={`${entity.key} aliases separator`} size={2} value={entity.aliases.split} onChange={(e) => set({ aliases: { ...entity.aliases!, split: e.target.value } })} />
            </label>
          )}
        </div>
      </div>
      <table className="wizard-props">
        <caption>Properties</caption>
        <thead>
          <tr>
            <th scope="col">Property</th>
            <th scope="col">From column</th>
            <th scope="col">Read as</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entity.properties.map((p, i) => (
            <PropertyRow
              key={i}
              entity={entity}
              prop={p}
              columns={columns}
              onChange={(np) => set({ properties: entity.properties.map((x, k) => (k === i ? np : x)) })}
              onRemove={() => set({ properties: entity.properties.filter((_, k) => k !== i) })}
            />
          ))}
        </tbody>
      </table>
      <div className="wizard-actions">
        <button
          type="button"
          onClick={() => {
            const first = schemaInfo(entity.schema)?.properties.find((p) => !entity.properties.some((x) => x.property === p.name));
            set({ properties: [...entity.properties, first ? { property: first.name, column: "", type: first.type } : { property: "", column: "", type: "string" }] });
          }}
        >
          Add a property
        </button>
        <button type="button" onClick={() => onChange(removeEntity(state, entity.key))}>
          Remove {entity.key}
        </button>
      </div>
    </fieldset>
  );
}

export function WizardEntities({ state, columns, onChange }: { state: MappingState; columns: Column[]; onChange: (s: MappingState) => void }) {
  return (
    <section aria-label="Entities" className="wizard-section">
      <h3>Entities each row makes</h3>
      {state.entities.length === 0 && <p className="muted">None yet: add the people, companies, accounts or payments a row names.</p>}
      {state.entities.map((e) => (
        <EntityCard key={e.key} entity={e} state={state} columns={columns} onChange={onChange} />
      ))}
      <button type="button" onClick={() => onChange({ ...state, entities: [...state.entities, newEntity(state, "Person", "person")] })}>
        Add an entity
      </button>
    </section>
  );
}
