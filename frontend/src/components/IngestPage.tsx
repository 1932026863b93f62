// Upload spreadsheets with a mapping: preview (dry run) with row errors,
// then load with live progress and a download of the rejected rows.
import { useEffect, useState } from "react";
import { download } from "../model/export";
import type { JobReport, RunStatus } from "../model/types";
import { store } from "../store";
import { SchemaIcon } from "./SearchBox";

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

function Jobs({ jobs, preview }: { jobs: JobReport[]; preview: boolean }) {
  return (
    <>
      {jobs.map((j) => (
        <article key={j.jobId + j.input} className="job" data-testid="ingest-job">
          <h3>
            {j.input} <span className="muted">({j.file}{j.sheet ? ` / ${j.sheet}` : ""})</span> — {j.status}
          </h3>
          <p>
            {j.rowsRead} rows read, {j.rowsLoaded} {preview ? "would load" : "loaded"}, {j.rowsRejected} rejected
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
          {j.rejectsUrl && !preview && j.rowsRejected > 0 && (
            <button
              onClick={async () => {
                download(`${j.jobId}-rejects.csv`, await store.download(j.rejectsUrl!));
              }}
            >
              Download rejected rows (CSV)
            </button>
          )}
          {j.errors.length > 0 && (
            <table className="errors" data-testid="row-errors">
              <caption>Row errors</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Value</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {j.errors.map((e, i) => (
                  <tr key={i}>
                    <td className="num">{e.row}</td>
                    <td>{e.column}</td>
                    <td>
                      <code>{e.value}</code>
                    </td>
                    <td>{e.message || e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview && j.preview?.entities && j.preview.entities.length > 0 && (
            <table data-testid="preview">
              <caption>Preview: the first entities</caption>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Name</th>
                  <th scope="col">Id</th>
                  <th scope="col">Properties</th>
                </tr>
              </thead>
              <tbody>
                {j.preview.entities.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <SchemaIcon schema={e.schema} size={16} /> {e.schema}
                    </td>
                    <td>{e.name}</td>
                    <td>
                      <code>{e.id}</code>
                    </td>
                    <td>{JSON.stringify(e.properties)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </article>
      ))}
    </>
  );
}

export function IngestPage() {
  const [mapping, setMapping] = useState(EXAMPLE_MAPPING);
  const [files, setFiles] = useState<File[]>([]);
  const [preview, setPreview] = useState<JobReport[] | null>(null);
  const [run, setRun] = useState<RunStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const form = (dryRun: boolean) => {
    const f = new FormData();
    f.append("mapping", mapping);
    for (const file of files) f.append("files", file, file.name);
    if (dryRun) f.append("dryRun", "true");
    return f;
  };

  const doPreview = async () => {
    setBusy(true);
    setError(null);
    setRun(null);
    try {
      const { ok, status, body } = await store.ingest(form(true));
      setPreview(body.jobs ?? []);
      if (!ok || body.error) setError(body.error ?? `The server answered ${status}.`);
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
      const { ok, status, body } = await store.ingest(form(false));
      if (!ok) throw new Error(body.error ?? `The server answered ${status}.`);
      setRun({ id: body.id!, status: body.status! });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
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

  return (
    <main className="ingest-page" data-testid="ingest-page">
      <h1>Load spreadsheets</h1>
      <p>
        Upload CSV, XLSX or FollowTheMoney JSON-lines files with a mapping (see <code>docs/mapping.md</code>). Preview first: nothing is written
        until you load. Loading the same files again is safe.
      </p>
      <div className="ingest-form">
        <label className="block">
          Mapping (YAML)
          <textarea aria-label="Mapping" rows={16} value={mapping} onChange={(e) => setMapping(e.target.value)} spellCheck={false} />
        </label>
        <label className="block">
          Or a mapping file{" "}
          <input
            type="file"
            aria-label="Mapping file"
            accept=".yml,.yaml"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) setMapping(await f.text());
            }}
          />
        </label>
        <label className="block">
          Files{" "}
          <input
            type="file"
            aria-label="Files"
            multiple
            accept=".csv,.xlsx,.json,.jsonl,.ndjson,.tsv"
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
          />
        </label>
        <p className="muted">{files.length ? files.map((f) => `${f.name} (${f.size} bytes)`).join(", ") : "No files chosen."}</p>
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
          <Jobs jobs={preview} preview />
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
          {run.jobs && <Jobs jobs={run.jobs} preview={false} />}
        </section>
      )}
    </main>
  );
}
