// The review queue (/review): candidate pairs of records that may be the same
// person, company or bank account, one at a time, best first, for an analyst
// to judge SAME, DIFFERENT or UNSURE, or to skip. Keys: s, d, u, n or →
// (skip), ← (back); never while typing in a field. The queue's state lives in
// the store (state.review); its transitions are in model/review.ts.
import { useEffect } from "react";
import { current, finished, keyAction, progressText, type ReviewAction } from "../model/review";
import type { Judgement } from "../model/types";
import { navigate } from "../nav";
import { store, useStore } from "../store";
import { ReviewCandidate } from "./ReviewCandidate";

const VERDICTS: { judgement: Judgement; label: string; key: string }[] = [
  { judgement: "SAME", label: "Same", key: "s" },
  { judgement: "DIFFERENT", label: "Different", key: "d" },
  { judgement: "UNSURE", label: "Unsure", key: "u" },
];

function act(a: ReviewAction) {
  if (a.kind === "judge") void store.reviewJudge(a.judgement);
  else if (a.kind === "skip") void store.reviewSkip();
  else store.reviewBack();
}

export function ReviewPage() {
  const { review, datasets } = useStore();

  useEffect(() => {
    if (!store.state.datasets) void store.loadDatasets();
    if (!store.state.review) void store.openReview(null);
    const onKey = (e: KeyboardEvent) => {
      const a = keyAction({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, target: e.target as HTMLElement | null });
      if (!a) return;
      e.preventDefault();
      act(a);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      void store.closeReview();
    };
  }, []);

  const item = review && current(review);
  const done = review && finished(review);
  return (
    <main className="review-page" data-testid="review-page" aria-label="Review matches">
      <div className="review-head">
        <h1>Review matches</h1>
        <label>
          Dataset{" "}
          <select
            aria-label="Dataset"
            value={review?.dataset ?? ""}
            onChange={(e) => void store.openReview(e.target.value || null)}
            data-testid="review-dataset"
          >
            <option value="">All datasets</option>
            {(datasets ?? []).map((d) => (
              <option key={d} value={d}>
                {d} against the others
              </option>
            ))}
          </select>
        </label>
        {review && (
          <span className="review-progress" data-testid="review-progress" aria-live="polite">
            {progressText(review)}
          </span>
        )}
        <button className="link" onClick={() => navigate("/")}>
          Back to the explorer
        </button>
      </div>
      <p className="muted review-keys">
        Keys: <kbd>s</kbd> same · <kbd>d</kbd> different · <kbd>u</kbd> unsure · <kbd>n</kbd> or <kbd>→</kbd> skip · <kbd>←</kbd> back.
        Scores are computed by casegraph from the features listed: a hint, not a fact.
      </p>
      {review?.notice && (
        <p className="muted" role="status" data-testid="review-notice">
          {review.notice}. Asking again…
        </p>
      )}
      {review?.error && (
        <div className="review-error" role="alert" data-testid="review-error">
          {review.error}
        </div>
      )}
      {item ? (
        <>
          <div className="review-actions" role="group" aria-label="Verdict">
            {VERDICTS.map((v) => (
              <button
                key={v.judgement}
                className={`verdict verdict-${v.judgement.toLowerCase()}`}
                onClick={() => void store.reviewJudge(v.judgement)}
                disabled={review.judging}
                aria-keyshortcuts={v.key}
                aria-pressed={item.match.judgement === v.judgement}
              >
                {v.label} <kbd>{v.key}</kbd>
              </button>
            ))}
            <button onClick={() => store.reviewBack()} disabled={review.judging || review.index === 0} aria-keyshortcuts="ArrowLeft">
              ← Back
            </button>
            <button onClick={() => void store.reviewSkip()} disabled={review.judging} aria-keyshortcuts="n ArrowRight">
              Skip <kbd>n</kbd> →
            </button>
            <label className="review-note">
              Note{" "}
              <input
                type="text"
                aria-label="Note"
                placeholder="optional, kept with the verdict"
                value={review.note}
                onChange={(e) => store.setReviewNote(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Escape") e.currentTarget.blur();
                }}
                maxLength={1000}
              />
            </label>
          </div>
          {review.judging && <p className="muted">Recording the verdict…</p>}
          <ReviewCandidate item={item} position={review.index + 1} />
        </>
      ) : done ? (
        <p data-testid="review-done">
          No candidate left to review{review.dataset ? ` for ${review.dataset}` : ""}.{" "}
          <button className="link" onClick={() => navigate("/")}>
            Back to the explorer
          </button>
        </p>
      ) : (
        <p className="muted">{review?.loading ? "Loading candidates…" : ""}</p>
      )}
    </main>
  );
}
