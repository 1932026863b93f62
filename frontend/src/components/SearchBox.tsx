// Type-ahead search over names and aliases (GraphQL `search`). Picking a
// result puts it on the canvas, or, as a picker, hands it to the caller.
import { useEffect, useId, useRef, useState } from "react";
import { schemaIcon, schemaStyle } from "../model/schema";
import type { ApiEntity, SearchHit } from "../model/types";
import { store } from "../store";

export function snippet(e: ApiEntity): string {
  const p = e.properties ?? {};
  const parts = [
    e.aliases?.length ? `aka ${e.aliases.join(", ")}` : "",
    ...["position", "jurisdiction", "date", "location", "outcome", "status", "description", "notes"].map((k) =>
      p[k] != null ? String(p[k]) : "",
    ),
  ].filter(Boolean);
  const s = parts.join(" · ");
  return s.length > 120 ? s.slice(0, 119) + "…" : s;
}

export function SchemaIcon({ schema, size = 18 }: { schema: string; size?: number }) {
  return <img src={schemaIcon(schema)} width={size} height={size} alt={schemaStyle(schema).label} title={schemaStyle(schema).label} />;
}

interface Props {
  label?: string;
  placeholder?: string;
  onPick?: (e: ApiEntity) => void;
  testId?: string;
}

export function SearchBox({ label = "Search", placeholder = "Search a name…", onPick, testId = "search" }: Props) {
  const [q, setQ] = useState("");
  const [results, setResults] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const seq = useRef(0);
  const root = useRef<HTMLDivElement>(null);
  /** The text a pick wrote into the box: it is not searched again (the list stays closed). */
  const picked = useRef<string | null>(null);

  useEffect(() => {
    const query = q.trim();
    if (query.length < 2 || q === picked.current) {
      seq.current++;
      setResults([]);
      setOpen(false);
      return;
    }
    picked.current = null;
    const my = ++seq.current;
    const t = setTimeout(async () => {
      try {
        const hits = await store.search(query, 15);
        if (my === seq.current) {
          setResults(hits);
          setActive(0);
          setOpen(true);
          setError(null);
        }
      } catch (e) {
        if (my === seq.current) {
          setResults([]);
          setError(e instanceof Error ? e.message : String(e));
          setOpen(true);
        }
      }
    }, 200);
    return () => clearTimeout(t);
  }, [q]);

  // a press anywhere else closes the list
  useEffect(() => {
    if (!open) return;
    const away = (ev: MouseEvent) => {
      if (!root.current?.contains(ev.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);

  const pick = (e: ApiEntity) => {
    setOpen(false);
    if (onPick) {
      onPick(e);
      picked.current = e.name ?? e.id;
      setQ(picked.current);
    } else {
      store.addEntity(e);
      setQ("");
    }
  };

  return (
    <div className="search" data-testid={testId} ref={root}>
      <label>
        <span className="sr-only">{label}</span>
        <input
          type="search"
          role="combobox"
          aria-label={label}
          aria-expanded={open && results.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          placeholder={placeholder}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onFocus={() => results.length > 0 && setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, results.length - 1));
            else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
            else if (e.key === "Enter" && results[active]) pick(results[active].node);
            else if (e.key === "Escape") setOpen(false);
          }}
        />
      </label>
      {open && results.length > 0 && (
        <ul id={listId} role="listbox" className="results" aria-label={`${label} results`} onMouseDown={(ev) => ev.preventDefault()}>
          {results.map(({ node }, i) => (
            <li
              key={node.id}
              role="option"
              aria-selected={i === active}
              data-id={node.id}
              className={i === active ? "active" : ""}
              onMouseDown={(ev) => {
                ev.preventDefault();
                pick(node);
              }}
            >
              <SchemaIcon schema={node.schema} />
              <span className="name">{node.name ?? node.id}</span>
              <span className="schema">{schemaStyle(node.schema).label}</span>
              <span className="snippet">{snippet(node)}</span>
              <span className="id">{node.id}</span>
            </li>
          ))}
        </ul>
      )}
      {/* said in the dropdown's place, over the page: the header keeps its height */}
      {open && results.length === 0 && (
        <p className={`results empty${error ? " error" : ""}`} role="status">
          {error ?? "No matches."}
        </p>
      )}
    </div>
  );
}
