// One candidate of the review queue: the two records side by side (names,
// schema, every property with differences marked, sources, a few
// neighbours), the features that drove the score and the score itself,
// marked as computed.
import { useEffect, useState } from "react";
import {
  compareProperties,
  contribution,
  names,
  neighboursOf,
  scoreText,
  sharedNames,
  strongestFirst,
  type Agreement,
  type Neighbour,
  type ReviewItem,
} from "../model/review";
import { schemaStyle } from "../model/schema";
import type { ApiEntity } from "../model/types";
import { store } from "../store";
import { SchemaIcon } from "./SearchBox";
import { Sources } from "./SidePanel";

const AGREEMENT: Record<Agreement, { mark: string; text: string }> = {
  same: { mark: "=", text: "the same" },
  differs: { mark: "≠", text: "different" },
  left: { mark: "◧", text: "only the left record says" },
  right: { mark: "◨", text: "only the right record says" },
};

function Names({ e, other }: { e: ApiEntity; other: ApiEntity }) {
  const shared = sharedNames(e, other);
  return (
    <ul className="review-names">
      {names(e).map((n) => (
        <li key={n} className={shared.has(n) ? "shared" : ""}>
          {n}
          {shared.has(n) && <span className="muted"> (both)</span>}
        </li>
      ))}
    </ul>
  );
}

/** A record's neighbours, fetched apart (resolve: false), the first few shown. */
function useNeighbours(id: string): Neighbour[] | string | null {
  const [out, setOut] = useState<Neighbour[] | string | null>(null);
  useEffect(() => {
    let live = true;
    setOut(null);
    store.recordNeighbours(id).then(
      (sub) => live && setOut(neighboursOf(id, sub)),
      (e) => live && setOut(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return out;
}

function Neighbours({ list }: { list: Neighbour[] | string | null }) {
  if (list == null) return <span className="muted">Loading…</span>;
  if (typeof list === "string") return <span className="error">{list}</span>;
  if (!list.length) return <span className="muted">No links.</span>;
  return (
    <ul className="review-neighbours">
      {list.slice(0, 8).map((n, i) => (
        <li key={`${n.id}-${i}`}>
          <span className="muted">{n.direction === "out" ? `${n.link} →` : `← ${n.link}`}</span> {n.name}
          {n.schema && <span className="muted"> ({schemaStyle(n.schema).label})</span>}
        </li>
      ))}
      {list.length > 8 && <li className="muted">and {list.length - 8} more</li>}
    </ul>
  );
}

export function ReviewCandidate({ item, position }: { item: ReviewItem; position: number }) {
  const { left, right, score, features, judgement, judgedBy, judgedAt, note } = item.match;
  const rows = compareProperties(left, right);
  const leftNeighbours = useNeighbours(left.id);
  const rightNeighbours = useNeighbours(right.id);
  const sameSchema = left.schema === right.schema;
  return (
    <section className="review-candidate" data-testid="review-candidate" data-left={left.id} data-right={right.id} aria-label={`Candidate ${position}`}>
      <p className="review-score" data-testid="review-score">
        Candidate {position} · match score <strong>{scoreText(score)}</strong>{" "}
        <span className="computed" title="Computed by casegraph from the features below; not a fact.">
          computed
        </span>
        {judgement && (
          <span className={`judged judged-${judgement.toLowerCase()}`} data-testid="review-judged">
            {" "}
            · judged {judgement}
            {judgedBy ? ` by ${judgedBy}` : ""}
            {judgedAt ? ` on ${judgedAt.slice(0, 10)}` : ""}
            {note ? ` — “${note}”` : ""}
          </span>
        )}
      </p>
      <table className="review-compare">
        <caption className="sr-only">The two records side by side</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" className="side">
              <SchemaIcon schema={left.schema} size={20} /> {left.name ?? left.id}
            </th>
            <th scope="col" className="side">
              <SchemaIcon schema={right.schema} size={20} /> {right.name ?? right.id}
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">id</th>
            <td>
              <code>{left.id}</code>
            </td>
            <td>
              <code>{right.id}</code>
            </td>
          </tr>
          <tr className={sameSchema ? "agree-same" : "agree-differs"}>
            <th scope="row">
              schema <span className="mark">{sameSchema ? "=" : "≠"}</span>
            </th>
            <td>{schemaStyle(left.schema).label}</td>
            <td>{schemaStyle(right.schema).label}</td>
          </tr>
          <tr>
            <th scope="row">names</th>
            <td>
              <Names e={left} other={right} />
            </td>
            <td>
              <Names e={right} other={left} />
            </td>
          </tr>
          {rows.map((r) => (
            <tr key={r.key} className={`agree-${r.agreement}`} data-agreement={r.agreement}>
              <th scope="row">
                {r.key}{" "}
                <span className="mark" title={AGREEMENT[r.agreement].text} aria-label={AGREEMENT[r.agreement].text}>
                  {AGREEMENT[r.agreement].mark}
                </span>
              </th>
              <td>{r.left || <span className="muted">—</span>}</td>
              <td>{r.right || <span className="muted">—</span>}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">sources</th>
            <td>
              <Sources sources={left.sources} />
            </td>
            <td>
              <Sources sources={right.sources} />
            </td>
          </tr>
          <tr>
            <th scope="row">neighbours</th>
            <td>
              <Neighbours list={leftNeighbours} />
            </td>
            <td>
              <Neighbours list={rightNeighbours} />
            </td>
          </tr>
        </tbody>
      </table>
      <table className="review-features" data-testid="review-features">
        <caption>Why this score: the features that counted (positive for, negative against)</caption>
        <thead>
          <tr>
            <th scope="col">feature</th>
            <th scope="col">contribution</th>
            <th scope="col">detail</th>
          </tr>
        </thead>
        <tbody>
          {strongestFirst(features).map((f) => (
            <tr key={f.name} className={f.score < 0 ? "against" : "for"}>
              <td>{f.name}</td>
              <td className="num" title={`value ${f.value.toFixed(2)} × weight ${f.weight.toFixed(2)}`}>
                {contribution(f)}
              </td>
              <td>{f.detail}</td>
            </tr>
          ))}
          {!features.length && (
            <tr>
              <td colSpan={3} className="muted">
                No feature listed.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
