// What is known about the selected node or link: properties, the sources
// behind it, the ingest jobs that wrote it, for a person the charges and how
// each count ended, and for a node merged from records judged the same, its
// records and the judgements holding them together (MergedRecords).
import { useEffect, useState } from "react";
import { edgeProvenance, formatAmount } from "../model/graph";
import { HUB_BATCH, LINK_PAGE, MAX_NODES, MAX_PER_NODE, hubProgress } from "../model/hubLinks";
import { metricsMethod } from "../model/metrics";
import { outcomeStyle, schemaStyle } from "../model/schema";
import { communityColor, formatMetric } from "../model/style";
import type { ApiEntity, ChargeRecord, IngestJobInfo, SourceDoc } from "../model/types";
import { store, useStore } from "../store";
import { MergedRecords } from "./MergedRecords";
import { SchemaIcon } from "./SearchBox";

export function OutcomeBadge({ outcome }: { outcome: string | null }) {
  const s = outcomeStyle(outcome);
  return (
    <span className={`outcome outcome-${(outcome ?? "unknown").toLowerCase()}`} data-outcome={outcome ?? ""} style={{ borderColor: s.color, color: s.color }}>
      <span aria-hidden="true">{s.icon}</span> {s.label}
    </span>
  );
}

export function Sources({ sources }: { sources: SourceDoc[] | undefined }) {
  if (!sources?.length) return <p className="muted">No source cited.</p>;
  return (
    <ul className="sources">
      {sources.map((s, i) => (
        <li key={s.id ?? i}>
          {s.url ? (
            <a href={s.url} target="_blank" rel="noreferrer noopener">
              {s.title ?? s.url}
            </a>
          ) : (
            <cite>{s.title ?? "untitled"}</cite>
          )}
          {s.publisher && <> — {s.publisher}</>}
          {s.publishedAt && <>, {s.publishedAt}</>}
        </li>
      ))}
    </ul>
  );
}

function Props({ props }: { props: Record<string, unknown> }) {
  const entries = Object.entries(props).filter(([, v]) => v != null && v !== "");
  if (!entries.length) return null;
  return (
    <dl className="props">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * What a document supports: the entities citing it (CITED_IN links to the
 * Source, which its expansion draws) and the links between them it is a
 * source of, as drawn; before the expansion, how many entities cite it.
 */
function SourceFacts({ id }: { id: string }) {
  useStore();
  const g = store.graph;
  const a = g.getNodeAttributes(id);
  const entities = g.inEdges(id).filter((e) => g.getEdgeAttribute(e, "relType") === "CITED_IN").length;
  const links = g.filterEdges((_e, b) => b.relType !== "CITED_IN" && !b.derived && (b.sources ?? []).some((s) => s.id === id)).length;
  if (!a.expanded)
    return (
      <p data-testid="source-facts">
        {a.degree != null ? `${a.degree.toLocaleString("en-US")} entities cite this document. ` : ""}Expand draws them and the links between them it supports.
      </p>
    );
  return (
    <p data-testid="source-facts">
      {(entities + links).toLocaleString("en-US")} facts from this document on the canvas: {entities.toLocaleString("en-US")} entities (linked to it as
      CITED_IN) and {links.toLocaleString("en-US")} links between them.
    </p>
  );
}

/**
 * How far "Show all N links" got for this node: links shown of its total, a
 * bar, and "Load more" when it stopped after a batch; the server's limits
 * said where they bite.
 */
function HubProgress({ id }: { id: string }) {
  const { hubLinks: h } = useStore();
  if (!h || h.id !== id) return null;
  return (
    <div className="hub-progress" data-testid="hub-progress" role="status">
      <progress value={h.shown} max={Math.max(1, h.total)} aria-label="Links shown" />{" "}
      {hubProgress(h)}
      {h.running && " · loading…"}
      {!h.running && h.more && !h.error && (
        <>
          {" · "}
          <button className="link" onClick={() => void store.showAllLinks(id)}>
            load {Math.min(HUB_BATCH, h.total - h.shown).toLocaleString("en-US")} more
          </button>
        </>
      )}
      {h.error && <span className="error"> · stopped: {h.error}</span>}
      <div className="muted">
        An expansion brings at most {MAX_PER_NODE} links of a node and {MAX_NODES.toLocaleString("en-US")} nodes; the rest come{" "}
        {LINK_PAGE} at a time, {HUB_BATCH.toLocaleString("en-US")} a click.
      </div>
    </div>
  );
}

/** "3rd of 120": a node's rank by a score among the entities drawn (ties share the better rank). */
function rankOf(scores: Map<string, number>, id: string): string {
  const v = scores.get(id) ?? 0;
  let above = 0;
  for (const x of scores.values()) if (x > v) above++;
  const r = above + 1;
  const th = r % 100 >= 11 && r % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][r % 10] ?? "th");
  return `${r.toLocaleString("en-US")}${th} of ${scores.size.toLocaleString("en-US")}`;
}

/**
 * A node's view-level scores (model/metrics.ts), marked as computed on the
 * view: they describe the drawn graph, are stored nowhere, and change with
 * what is drawn. Computed on request when the style does not use them.
 */
function ViewScores({ id }: { id: string }) {
  useStore();
  const m = store.data.viewMetrics;
  const fresh = !!m && (store.data.metricsWanted || !!store.data.styleSummary?.view);
  if (!fresh || !m.degree.has(id))
    return (
      <p>
        <button onClick={() => store.computeViewMetrics()} data-testid="compute-view-scores">
          Scores on this view
        </button>{" "}
        <span className="muted">degree, betweenness, PageRank, community — computed on the entities drawn</span>
      </p>
    );
  const c = m.community.get(id) ?? 0;
  return (
    <>
      <h3>Computed on view</h3>
      <dl className="props" data-testid="view-scores">
        <div>
          <dt>degree</dt>
          <dd>
            {m.degree.get(id)} neighbours drawn ({rankOf(m.degree, id)})
          </dd>
        </div>
        <div>
          <dt>betweenness</dt>
          <dd>
            {formatMetric(m.betweenness.get(id) ?? 0, 3)} ({rankOf(m.betweenness, id)})
          </dd>
        </div>
        <div>
          <dt>PageRank</dt>
          <dd>
            {formatMetric(m.pagerank.get(id) ?? 0, 3)} ({rankOf(m.pagerank, id)})
          </dd>
        </div>
        <div>
          <dt>community</dt>
          <dd>
            <span className="legend-swatch" aria-hidden="true" style={{ background: communityColor(c) }} /> {c} of {m.communitySizes.length} (
            {m.communitySizes[c - 1]} entities)
          </dd>
        </div>
      </dl>
      <p className="muted" data-testid="view-scores-note">
        Computed on view: {metricsMethod(m).join("; ")}.{store.data.metricsDue ? " The canvas changed: recomputing." : ""}
      </p>
    </>
  );
}

function NodePanel({ id }: { id: string }) {
  const g = store.graph;
  const { resolve } = useStore();
  const [entity, setEntity] = useState<ApiEntity | null>(null);
  const [jobs, setJobs] = useState<IngestJobInfo[]>([]);
  const [charges, setCharges] = useState<ChargeRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const attrs = g.hasNode(id) ? g.getNodeAttributes(id) : null;

  useEffect(() => {
    let live = true;
    setEntity(null);
    setJobs([]);
    setCharges(null);
    setError(null);
    (async () => {
      try {
        const entity = await store.entity(id);
        if (!live) return;
        setEntity(entity);
        if (entity?.schema === "Person" || entity?.schema === "Organization" || entity?.schema === "Company") {
          const charges = await store.charges(id);
          if (live) setCharges(charges);
        }
        const jobs = await store.jobs(entity?.jobIds ?? []);
        if (live) setJobs(jobs);
      } catch (e) {
        if (live) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [id]);

  if (!attrs) return null;
  const schema = attrs.schema;
  return (
    <div data-testid="node-panel" data-id={id}>
      <h2>
        <SchemaIcon schema={schema} size={22} /> {attrs.label}
      </h2>
      <p className="muted">
        {schemaStyle(schema).label} · <code>{id}</code>
        {attrs.degree != null && (
          <>
            {" "}
            · {attrs.degree} links{attrs.hiddenLinks ? `, ${attrs.hiddenLinks} not shown (hub)` : ""}
          </>
        )}
      </p>
      <div className="actions">
        <button onClick={() => void store.expand(id)}>{schema === "Source" ? "Expand: the facts from this document" : "Expand"}</button>
        {attrs.hiddenLinks ? <button onClick={() => void store.showAllLinks(id)}>Show all {attrs.degree?.toLocaleString("en-US")} links</button> : null}
        <button onClick={() => store.togglePin(id)}>{attrs.pinned ? "Unpin" : "Pin"}</button>
        <button onClick={() => store.hide(id)}>Hide</button>
        <button onClick={() => void store.moneyFlow(id)}>Money flow</button>
      </div>
      {schema === "Source" && <SourceFacts id={id} />}
      <HubProgress id={id} />
      {error && <p className="error">{error}</p>}
      {attrs.aliases?.length ? <p>Also known as: {attrs.aliases.join(", ")}</p> : null}
      {(attrs.sameAs?.length || !resolve) && <MergedRecords id={id} sameAs={attrs.sameAs ?? []} />}
      <h3>Properties</h3>
      <Props props={entity?.properties ?? attrs.properties} />
      <ViewScores id={id} />
      {charges && (
        <>
          <h3>Charges ({charges.length})</h3>
          {charges.length === 0 ? (
            <p className="muted">No charges recorded.</p>
          ) : (
            <ul className="charges" data-testid="charges">
              {charges.map((c) => (
                <li key={c.charge.id} data-charge={c.charge.id} data-outcome={c.outcome ?? ""}>
                  <OutcomeBadge outcome={c.outcome} />
                  <div>
                    <strong>{c.charge.name ?? c.charge.id}</strong>
                    {c.charge.statute && <> · {c.charge.statute}</>}
                    {c.charge.description && <div className="muted">{c.charge.description}</div>}
                    <div className="muted">
                      {c.case?.name && <>Case: {c.case.name}</>}
                      {c.prosecutor?.name && <> · prosecuted by {c.prosecutor.name}</>}
                      {c.charge.outcomeDate && <> · outcome {c.charge.outcomeDate}</>}
                      {c.charge.properties?.numberOfCounts != null && <> · {String(c.charge.properties.numberOfCounts)} count(s)</>}
                    </div>
                    <div className="charge-sources" data-testid="charge-sources">
                      <Sources sources={c.sources} />
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3>Sources</h3>
      {entity ? <Sources sources={entity.sources} /> : <p className="muted">Loading…</p>}
      <h3>Ingest jobs</h3>
      {jobs.length === 0 ? (
        <p className="muted">{entity ? "None recorded." : "Loading…"}</p>
      ) : (
        <ul className="jobs">
          {jobs.map((j) => (
            <li key={j.id}>
              <code>{j.id}</code> {j.file ?? (j.properties?.file as string) ?? ""} {j.status ? `(${j.status})` : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function EdgePanel({ id }: { id: string }) {
  const g = store.graph;
  if (!g.hasEdge(id)) return null;
  const a = g.getEdgeAttributes(id);
  const src = g.source(id),
    dst = g.target(id);
  return (
    <div data-testid="edge-panel" data-id={id}>
      <h2>{a.relType}</h2>
      <p>
        <button className="link" onClick={() => store.select({ kind: "node", id: src })}>
          {store.label(src)}
        </button>{" "}
        →{" "}
        <button className="link" onClick={() => store.select({ kind: "node", id: dst })}>
          {store.label(dst)}
        </button>
      </p>
      <dl className="props">
        {a.role && (
          <div>
            <dt>role</dt>
            <dd>{a.role}</dd>
          </div>
        )}
        {a.amount != null && (
          <div>
            <dt>amount</dt>
            <dd>{formatAmount(a.amount, a.currency)}</dd>
          </div>
        )}
        {a.count != null && (
          <div>
            <dt>payments</dt>
            <dd>{a.count}</dd>
          </div>
        )}
        {(a.date || a.relType === "PAYMENT") && (
          <div>
            <dt>date</dt>
            <dd>{a.date ?? "not given"}</dd>
          </div>
        )}
        {(a.startDate || a.endDate) && (
          <div>
            <dt>period</dt>
            <dd>
              {a.startDate ?? "?"} – {a.endDate ?? "?"}
            </dd>
          </div>
        )}
        <div>
          <dt>id</dt>
          <dd>
            <code>{id}</code>
          </dd>
        </div>
      </dl>
      <h3>Sources</h3>
      <EdgeSources id={id} />
    </div>
  );
}

/** A stored link's sources; for a derived one, the payments it stands for and their sources. */
function EdgeSources({ id }: { id: string }) {
  const p = edgeProvenance(store.graph, id);
  if (!p.derived) return <Sources sources={p.sources} />;
  const n = p.derivedFrom.length;
  return (
    <div data-testid="derived-provenance">
      <p>
        Derived from {n} payment{n === 1 ? "" : "s"}
        {p.missing > 0 && <> ({p.missing} not on the canvas; their sources are not listed)</>}: not a payment of its own.
      </p>
      <ul className="derived-from">
        {p.derivedFrom.map((pid) => (
          <li key={pid}>
            <code>{pid}</code>
          </li>
        ))}
      </ul>
      <Sources sources={p.sources} />
    </div>
  );
}

export function SidePanel() {
  const { selection } = useStore();
  return (
    <aside className="side-panel" aria-label="Details">
      {!selection && <p className="muted">Select a node or a link to see its properties, sources and charges. Double-click a node to expand it; right-click for more.</p>}
      {selection?.kind === "node" && <NodePanel id={selection.id} />}
      {selection?.kind === "edge" && <EdgePanel id={selection.id} />}
    </aside>
  );
}
