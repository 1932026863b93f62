// Upload spreadsheets: choose a file, click its mapping together in the
// wizard (or write or upload the YAML), preview the graph its first rows
// make (the server's dry run: exactly what a load would do, with row
// errors), save the mapping, then load with live progress, a download of the
// rejected rows, and the loaded entities opened on the canvas.
import { useEffect, useMemo, useRef, useState } from "react";
import { download } from "../model/export";
import type { Column, MappingState, Table } from "../model/mapping";
import { columnsOf, slug, suggestMapping, toYaml } from "../model/mapping";
import type { DryRunJob, PreviewGraph } from "../model/mappingPreview";
import { goLayout } from "../model/mappingInfer";
import { previewGraph } from "../model/mappingPreview";
import { readTableFile, SAMPLE_ROWS, tableFormat } from "../model/mappingTable";
import type { JobReport, RunStatus } from "../model/types";
import { navigate } from "../nav";
import { store } from "../store";
import { Wizard } from "./Wizard";
import { RowErrorsTable } from "./RowErrorsTable";
import { WizardPreview } from "./WizardPreview";

/** How many entities (and links) the server's dry run lists at most (ingest.Options.PreviewLimit's default). */
const SERVER_PREVIEW_LIMIT = 20;

const EXAMPLE_MAPPING = `dataset: upload
source:
  title: "Uploaded spreadsheet"
  publisher: casegraph explorer
inputs:
  - name: people
    file: people.csv
    entities:
      person:
        schema: Person
        id: id
        required: [id, name]
        properties:
          name: name
          position: position
`;

function Jobs({ jobs }: { jobs: JobReport[] }) {
  return (
    <>
      {jobs.map((j) => (
        <article key={j.jobId + j.input} className="job" data-testid="ingest-job">
          <h3>
            {j.input} <span className="muted">({j.file}{j.sheet ? ` / ${j.sheet}` : ""})</span> — {j.status}
          </h3>
          <p>
            {j.rowsRead} rows read, {j.rowsLoaded} loaded, {j.rowsRejected} rejected
            {j.rowsFiltered ? `, ${j.rowsFiltered} filtered out` : ""}.
          </p>
          {(j.negativeAmounts || j.zeroAmounts) ? (
            <p data-testid="ingest-amounts">
              Kept, and counted apart: {j.negativeAmounts ?? 0} negative amount(s), {j.zeroAmounts ?? 0} zero amount(s).
            </p>
          ) : null}
          {(j.entitiesChanged || j.relationshipsChanged) ? (
            <p data-testid="ingest-changed">
              Changed what an earlier load wrote: {j.entitiesChanged ?? 0} entities and {j.relationshipsChanged ?? 0} links,{" "}
              {j.propertiesChanged ?? 0} values in all (the new values replace the old; other names become aliases).
            </p>
          ) : null}
          {j.error && <p className="error">{j.error}</p>}
          {j.rejectsUrl && j.rowsRejected > 0 && (
            <button
              onClick={async () => {
                download(`${j.jobId}-rejects.csv`, await store.download(j.rejectsUrl!));
              }}
            >
              Download rejected rows (CSV)
            </button>
          )}
          {j.errors.length > 0 && (
            <RowErrorsTable errors={j.errors} caption="Row errors" />
          )}
        </article>
      ))}
    </>
  );
}

/** A CSV cut to its header and the rows the wizard read, under its own name: what the preview sends. */
async function firstRowsOf(f: File, headerRow?: number): Promise<File> {
  if (tableFormat(f.name) !== "csv") return f;
  const head = await readTableFile(f, { headerRow });
  return head.headBytes !== undefined && head.headBytes < f.size ? new File([f.slice(0, head.headBytes)], f.name, { type: f.type }) : f;
}

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));

/** Opens the entities a load wrote on the explorer's canvas: the first few, the first (the most linked) expanded. */
async function openOnCanvas(ids: string[]) {
  navigate("/");
  await frame();
  await frame();
  let first: string | null = null;
  for (const id of ids.slice(0, 8)) {
    const e = await store.entity(id);
    if (!e) continue;
    store.addEntity(e);
    first ??= e.id;
  }
  if (first) await store.expand(first);
}

export function IngestPage() {
  const [mapping, setMapping] = useState(EXAMPLE_MAPPING);
  /** The YAML was typed or uploaded: the wizard no longer overwrites it. */
  const [handEdited, setHandEdited] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [table, setTable] = useState<Table | null>(null);
  const [tableError, setTableError] = useState<string | null>(null);
  const [wizard, setWizard] = useState<MappingState | null>(null);
  const [firstRows, setFirstRows] = useState(true);
  const [preview, setPreview] = useState<PreviewGraph | null>(null);
  const [run, setRun] = useState<RunStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const readSeq = useRef(0);

  const columns: Column[] = useMemo(() => (table ? columnsOf(table) : []), [table]);
  const generated = useMemo(() => (wizard ? toYaml(wizard, columns) : null), [wizard, columns]);
  useEffect(() => {
    if (generated !== null && !handEdited) setMapping(generated);
  }, [generated, handEdited]);

  const readSpreadsheet = async (f: File, opts: { sheet?: string; headerRow?: number } = {}) => {
    const seq = ++readSeq.current;
    setTableError(null);
    try {
      const t = await readTableFile(f, opts);
      if (seq !== readSeq.current) return;
      setTable(t);
      setWizard((w) => ({ ...suggestMapping(t), ...(w && w.input.file === t.file ? { dataset: w.dataset, source: w.source } : {}) }));
    } catch (e) {
      if (seq !== readSeq.current) return;
      setTable(null);
      setWizard(null);
      setTableError(e instanceof Error ? e.message : String(e));
    }
  };

  const chooseFiles = (list: File[]) => {
    setFiles(list);
    setPreview(null);
    setRun(null);
    const sheet = list.find((f) => tableFormat(f.name));
    if (sheet) void readSpreadsheet(sheet);
    else {
      readSeq.current++;
      setTable(null);
      setWizard(null);
    }
  };

  const form = async (dryRun: boolean) => {
    const f = new FormData();
    f.append("mapping", mapping);
    for (const file of files) f.append("files", dryRun && firstRows ? await firstRowsOf(file, file.name === table?.file ? table.headerRow : undefined) : file, file.name);
    if (dryRun) {
      f.append("dryRun", "true");
      f.append("previewLimit", "500"); // every entity of the first rows, not the first 20
    }
    return f;
  };

  const dryRun = async (): Promise<DryRunJob[] | null> => {
    const { ok, status, body } = await store.ingest(await form(true));
    if (!ok || body.error) setError(body.error ?? `The server answered ${status}.`);
    return (body.jobs as DryRunJob[] | undefined) ?? null;
  };

  const doPreview = async () => {
    setBusy(true);
    setError(null);
    setRun(null);
    try {
      const jobs = await dryRun();
      setPreview(jobs ? previewGraph(jobs) : null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const doLoad = async () => {
    setBusy(true);
    setError(null);
    try {
      const { ok, status, body } = await store.ingest(await form(false));
      if (!ok) throw new Error(body.error ?? `The server answered ${status}.`);
      setRun({ id: body.id!, status: body.status! });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  const doOpen = async () => {
    setBusy(true);
    setError(null);
    try {
      // the entities of the rows previewed; a load without a preview asks for one first
      const graph = preview ?? previewGraph((await dryRun()) ?? []);
      // the most linked first: expanding it draws the most of what was loaded
      const degree = new Map<string, number>();
      for (const l of graph.links) for (const id of [l.source, l.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
      const ids = [...graph.entities].sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0)).map((e) => e.id);
      await openOnCanvas(ids);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  // poll the run until it is done
  useEffect(() => {
    if (!run || run.status !== "running") return;
    const t = setTimeout(async () => {
      try {
        const body = await store.ingestRun(run.id);
        setRun(body);
        if (body.status !== "running") setBusy(false);
        if (body.error) setError(body.error);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
      }
    }, 400);
    return () => clearTimeout(t);
  }, [run]);

  const mappingFile = `${table ? slug(table.file) : "mapping"}.yml`;
  return (
    <main className="ingest-page" data-testid="ingest-page">
      <h1>Load spreadsheets</h1>
      <p>
        Choose a CSV or XLSX file and click its mapping together below, or write the mapping yourself (see <code>docs/mapping.md</code>); FollowTheMoney
        JSON-lines files need only a mapping that names them. Preview first: nothing is written until you load. Loading the same files again is safe.
      </p>
      <div className="ingest-form">
        <label className="block">
          Files{" "}
          <input
            type="file"
            aria-label="Files"
            multiple
            accept=".csv,.tsv,.txt,.xlsx,.json,.jsonl,.ndjson"
            onChange={(e) => chooseFiles(Array.from(e.target.files ?? []))}
          />
        </label>
        <p className="muted">{files.length ? files.map((f) => `${f.name} (${f.size} bytes)`).join(", ") : "No files chosen."}</p>
        {tableError && (
          <p className="error" role="alert">
            {tableError}
          </p>
        )}
        {files.length > 1 && table && (
          <p className="muted">The wizard maps one spreadsheet ({table.file}); a mapping of several files is written as YAML below.</p>
        )}
      </div>
      {table && wizard && (
        <Wizard
          table={table}
          columns={columns}
          state={wizard}
          onChange={(s) => {
            setWizard(s);
            setPreview(null);
          }}
          onReread={(opts) => {
            const f = files.find((x) => x.name === table.file);
            if (f) void readSpreadsheet(f, { sheet: table.sheet, headerRow: table.headerRow, ...opts });
          }}
        />
      )}
      <div className="ingest-form">
        <label className="block">
          Mapping (YAML)
          <textarea
            aria-label="Mapping"
            rows={16}
            value={mapping}
            onChange={(e) => {
              setMapping(e.target.value);
              setHandEdited(true);
            }}
            spellCheck={false}
          />
        </label>
        {handEdited && wizard && (
          <p className="muted" data-testid="hand-edited">
            You changed the YAML yourself, so the wizard no longer writes it.{" "}
            <button type="button" className="link" onClick={() => setHandEdited(false)}>
              Let the wizard write it again
            </button>
          </p>
        )}
        <label className="block">
          Or a mapping file{" "}
          <input
            type="file"
            aria-label="Mapping file"
            accept=".yml,.yaml"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) {
                setMapping(await f.text());
                setHandEdited(true);
              }
            }}
          />
        </label>
        <p>
          <button type="button" onClick={() => download(mappingFile, mapping, "application/yaml")}>
            Save the mapping (YAML)
          </button>{" "}
          <span className="muted">reusable with <code>casegraph ingest --mapping {mappingFile}</code></span>
        </p>
        <label className="block">
          <input type="checkbox" checked={firstRows} onChange={(e) => setFirstRows(e.target.checked)} /> Preview only the first {SAMPLE_ROWS} rows of a CSV
          (an XLSX is previewed whole)
        </label>
        <button onClick={doPreview} disabled={busy || !files.length}>
          Preview (dry run)
        </button>{" "}
        <button onClick={doLoad} disabled={busy || !files.length}>
          Load
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {preview && !run && (
        <section aria-label="Preview" data-testid="ingest-preview">
          <h2>Preview</h2>
          <WizardPreview
            graph={preview}
            serverLimit={SERVER_PREVIEW_LIMIT}
            onUseFormat={
              wizard && !handEdited
                ? (column, pattern) => {
                    if (!columns.some((c) => c.name === column)) return;
                    setWizard({ ...wizard, dateFormats: { ...wizard.dateFormats, [column]: { pattern, layout: goLayout(pattern) } } });
                    setPreview(null);
                  }
                : undefined
            }
          />
        </section>
      )}
      {run && (
        <section aria-label="Load" data-testid="ingest-run" data-status={run.status}>
          <h2>
            Load {run.id}: <span data-testid="run-status">{run.status}</span>
          </h2>
          {run.progress?.map((p) => (
            <div key={p.input}>
              {p.input}: {p.rowsRead} rows read, {p.rowsLoaded} loaded, {p.rowsRejected} rejected{" "}
              <progress max={p.bytesTotal || 1} value={p.bytesRead} aria-label={`${p.input} progress`} />
            </div>
          ))}
          {run.jobs && <Jobs jobs={run.jobs} />}
          {run.status === "done" && (
            <button type="button" onClick={doOpen} disabled={busy}>
              Open on canvas
            </button>
          )}
        </section>
      )}
    </main>
  );
}
