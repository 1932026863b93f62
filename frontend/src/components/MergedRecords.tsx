// The side panel's part for a node drawn from several records judged the
// same: each record (id, name, the jobs that loaded it, its sources), the
// judgements that hold them together, and a way to split a record off (the
// SAME pair judged DIFFERENT, after a confirmation; the canvas then refreshes).
import { useEffect, useState } from "react";
import { clusterJudgements, clusterRecords } from "../model/merged";
import { pairKey } from "../model/review";
import type { ApiEntity, IngestJobInfo } from "../model/types";
import { store, useStore } from "../store";
import { Sources } from "./SidePanel";

function RecordJobs({ ids }: { ids: string[] }) {
  const [jobs, setJobs] = useState<IngestJobInfo[] | null>(null);
  const key = ids.join(",");
  useEffect(() => {
    let live = true;
    store.jobs(ids).then(
      (j) => live && setJobs(j),
      () => live && setJobs([]),
    );
    return () => {
      live = false;
    };
  }, [key]);
  if (!ids.length) return <span className="muted">no ingest job recorded</span>;
  if (!jobs) return <span className="muted">…</span>;
  const text = (j: IngestJobInfo) => [(j.properties?.dataset as string) ?? "", j.file ?? (j.properties?.file as string) ?? j.name ?? j.id].filter(Boolean).join(": ");
  return <span>{jobs.length ? [...new Set(jobs.map(text))].join("; ") : ids.join(", ")}</span>;
}

export function MergedRecords({ id, sameAs }: { id: string; sameAs: string[] }) {
  const { resolve } = useStore();
  const [entity, setEntity] = useState<ApiEntity | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [splitting, setSplitting] = useState(false);
  const members = sameAs.join(",");

  useEffect(() => {
    let live = true;
    setEntity(null);
    setError(null);
    setConfirming(null);
    store.records(id).then(
      (e) => live && setEntity(e),
      (e) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [id, members]);

  if (error && !entity) return <p className="error">{error}</p>;
  if (!entity) return sameAs.length ? <p className="muted">Loading its records…</p> : null;
  const records = clusterRecords(entity);
  if (records.length < 2) return null;
  const judgements = clusterJudgements(entity);

  const split = async (left: string, right: string) => {
    setSplitting(true);
    setError(null);
    try {
      await store.split(left, right);
      setConfirming(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSplitting(false);
    }
  };

  return (
    <section className="merged-records" data-testid="merged-records" aria-label="Records judged the same">
      <h3>
        Records ({records.length}){" "}
        <span className="merged-badge" title="Records an analyst judged to be the same">
          ×{records.length} merged
        </span>
      </h3>
      {!resolve && <p className="muted">“Merge judged records” is off: this record is drawn apart from the others.</p>}
      <ul className="records" data-testid="records">
        {records.map((r) => (
          <li key={r.id} data-record={r.id}>
            <strong>{r.name ?? r.id}</strong> {r.id === entity.canonicalId && <span className="muted">(stands for the cluster)</span>}
            <div>
              <code>{r.id}</code>
            </div>
            <div className="muted">
              Loaded by: <RecordJobs ids={r.jobIds ?? []} />
            </div>
            <Sources sources={r.sources} />
          </li>
        ))}
      </ul>
      <h4>Judgements holding them together</h4>
      {error && (
        <p className="error" role="alert" data-testid="split-error">
          {error}
        </p>
      )}
      <ul className="cluster-judgements" data-testid="cluster-judgements">
        {judgements.map((j) => {
          const k = pairKey(j.left.id, j.right.id);
          return (
            <li key={k} data-judgement={j.judgement ?? ""}>
              <span className={`judged judged-${(j.judgement ?? "none").toLowerCase()}`}>{j.judgement}</span>{" "}
              {j.left.name ?? j.left.id} ↔ {j.right.name ?? j.right.id}
              <div className="muted">
                {j.judgedBy ? `by ${j.judgedBy}` : ""}
                {j.judgedAt ? ` on ${j.judgedAt.slice(0, 10)}` : ""}
                {j.note ? ` — “${j.note}”` : ""}
              </div>
              {j.judgement === "SAME" &&
                (confirming === k ? (
                  <div className="confirm" role="group" aria-label="Confirm split">
                    Record {j.left.name ?? j.left.id} and {j.right.name ?? j.right.id} as different?{" "}
                    <button onClick={() => void split(j.left.id, j.right.id)} disabled={splitting}>
                      Yes, split
                    </button>{" "}
                    <button onClick={() => setConfirming(null)} disabled={splitting}>
                      Cancel
                    </button>
                  </div>
                ) : (
                  <button onClick={() => setConfirming(k)}>Split…</button>
                ))}
            </li>
          );
        })}
        {!judgements.length && <li className="muted">No judgement between these records is listed.</li>}
      </ul>
    </section>
  );
}
