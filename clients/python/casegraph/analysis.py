"""Graph-level network analysis: jobs run by Neo4j Graph Data Science on the
server, their computed values as DataFrames.

Every row these frames hold is computed by casegraph, not read from a source:
each carries ``computed`` (always True), the ``job`` that made it, the
``algorithm``, its ``parameters`` and ``computed_at``.
"""

from __future__ import annotations

import time
from typing import Any, Dict, Iterable, Mapping, Optional, Sequence

import pandas as pd

from .errors import CasegraphError
from .frames import frame

__all__ = ["ALGORITHMS", "JOB_FIELDS", "metrics_frame", "communities_frame", "job_dict", "projection_input",
           "projection_graph"]

ALGORITHMS = ("PAGERANK", "DEGREE", "WCC", "LOUVAIN", "BETWEENNESS")

JOB_FIELDS = ("id algorithm status stage progress error parameters sampled nodes links results by startedAt "
              "finishedAt projection { schemata relationships dataset since until weight }")

_METRIC = "computed entityId algorithm value community computedAt parameters job { id }"

ANALYZE = """
mutation Analyze($algorithm: Algorithm!, $projection: ProjectionInput, $samplingSize: Int, $maxIterations: Int) {
  analyze(algorithm: $algorithm, projection: $projection, samplingSize: $samplingSize,
          maxIterations: $maxIterations) { %s }
}
""" % JOB_FIELDS

ANALYSIS_JOB = "query AnalysisJob($id: ID!) { analysisJob(id: $id) { %s } }" % JOB_FIELDS

ANALYSIS_JOBS = "query AnalysisJobs($first: Int) { analysisJobs(first: $first) { %s } }" % JOB_FIELDS

METRICS = """
query Metrics($ids: [ID!]!, $algorithm: Algorithm!, $job: ID) {
  metrics(ids: $ids, algorithm: $algorithm, job: $job) { %s }
}
""" % _METRIC

TOP_ENTITIES = """
query TopEntities($algorithm: Algorithm!, $first: Int, $job: ID) {
  topEntities(algorithm: $algorithm, first: $first, job: $job) { %s }
}
""" % _METRIC

COMMUNITIES = """
query Communities($job: ID!, $first: Int, $after: String, $members: Int) {
  communities(job: $job, first: $first, after: $after, members: $members) {
    nodes { id size members payments internalMoney { currency total } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}
"""

PROJECTION_LINKS = """
query ProjectionLinks($projection: ProjectionInput, $first: Int, $after: String, $perNode: Int) {
  projectionLinks(projection: $projection, first: $first, after: $after, perNode: $perNode) {
    links { source target type weight derived payments }
    sources hidden truncated
    pageInfo { hasNextPage endCursor }
  }
}
"""

MAX_PROJECTION_SOURCES = 5000  # the server's largest page of source entities
MAX_PROJECTION_PER_NODE = 10000  # and its most links a source entity

METRIC_COLUMNS = ["entity_id", "algorithm", "value", "community", "computed", "job", "computed_at", "parameters"]
COMMUNITY_COLUMNS = ["community", "size", "members", "payments", "internal_money", "computed", "job"]


def projection_input(
    schemata: Optional[Sequence[str]] = None,
    relationships: Optional[Sequence[str]] = None,
    dataset: Optional[str] = None,
    since: Any = None,
    until: Any = None,
    weight: Optional[str] = None,
) -> Optional[Dict[str, Any]]:
    """The ProjectionInput the server reads; None when nothing is chosen."""
    p: Dict[str, Any] = {}
    if schemata is not None:
        p["schemata"] = list(schemata)
    if relationships is not None:
        p["relationships"] = list(relationships)
    if dataset is not None:
        p["dataset"] = dataset
    for k, v in (("since", since), ("until", until)):
        if v is not None:
            p[k] = v.isoformat()[:10] if hasattr(v, "isoformat") else str(v)
    if weight is not None:
        p["weight"] = weight.upper()
    return p or None


def job_dict(j: Mapping[str, Any]) -> Dict[str, Any]:
    """A job as a dict with snake_case keys (counts as ints)."""
    out = {
        "id": j.get("id"), "algorithm": j.get("algorithm"), "status": j.get("status"), "stage": j.get("stage"),
        "progress": j.get("progress"), "error": j.get("error"), "parameters": j.get("parameters"),
        "sampled": j.get("sampled"), "by": j.get("by"), "started_at": j.get("startedAt"),
        "finished_at": j.get("finishedAt"), "projection": j.get("projection"),
    }
    for k in ("nodes", "links", "results"):
        out[k] = int(j.get(k) or 0)
    return out


def metric_row(m: Mapping[str, Any]) -> Dict[str, Any]:
    return {
        "entity_id": m.get("entityId"),
        "algorithm": m.get("algorithm"),
        "value": m.get("value"),
        "community": m.get("community"),
        "computed": bool(m.get("computed")),
        "job": (m.get("job") or {}).get("id"),
        "computed_at": m.get("computedAt"),
        "parameters": m.get("parameters"),
    }


def metrics_frame(metrics: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per computed value: entity_id, algorithm, value (a score, or
    NaN for community algorithms), community (or None), computed (True),
    job, computed_at, parameters."""
    df = frame((metric_row(m) for m in metrics), METRIC_COLUMNS)
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype("float64")
    return df


def communities_frame(communities: Iterable[Mapping[str, Any]], job: str) -> pd.DataFrame:
    """One row per community: community, size, members (the first ids),
    payments between members, internal_money ({currency: total}), computed
    (True) and job."""
    rows = []
    for c in communities:
        rows.append({
            "community": c.get("id"),
            "size": int(c.get("size") or 0),
            "members": list(c.get("members") or []),
            "payments": int(c.get("payments") or 0),
            "internal_money": {t["currency"]: t["total"] for t in c.get("internalMoney") or []},
            "computed": True,
            "job": job,
        })
    df = frame(rows, COMMUNITY_COLUMNS)
    df["size"] = df["size"].astype("int64")
    df["payments"] = df["payments"].astype("int64")
    return df


def wait(fetch, job_id: str, *, timeout: Optional[float], poll: float) -> Dict[str, Any]:
    """Polls fetch(job_id) until the job is done, and returns it; raises
    CasegraphError when it failed, vanished or outlasted timeout."""
    deadline = None if timeout is None else time.monotonic() + timeout
    delay = min(poll, 0.2)
    while True:
        j = fetch(job_id)
        if j is None:
            raise CasegraphError(f"analysis job {job_id} is not on the server")
        if j["status"] == "done":
            return j
        if j["status"] == "failed":
            raise CasegraphError(f"analysis job {job_id} failed: {j.get('error')}")
        if deadline is not None and time.monotonic() > deadline:
            raise CasegraphError(f"analysis job {job_id} is still {j['status']} ({j.get('stage')}) after {timeout} s")
        time.sleep(delay)
        delay = min(delay * 2, poll)


def projection_graph(pages: Iterable[Mapping[str, Any]], *, max_links: Optional[int] = None):
    """A ``networkx.Graph`` from pages of ``projectionLinks``, read until the
    last page or until ``max_links`` links are in: undirected, as analysis
    jobs see the projection; links between the same two entities (both
    ways, or of several types) add up their weights into one edge (``links``
    counts them, ``derived`` says whether any was collapsed payments).
    ``G.graph`` says what was left out: ``hidden`` (links past the server's
    per-entity cap), ``stopped`` (True when max_links cut the export short)
    and ``truncated`` (either); ``pages`` and ``links`` count what was read."""
    import networkx as nx

    G = nx.Graph()
    hidden = read = pages_read = 0
    stopped = False
    for page in pages:
        pages_read += 1
        hidden += int(page.get("hidden") or 0)
        for link in page["links"]:
            if max_links is not None and read >= max_links:
                stopped = True
                break
            read += 1
            a, b, w = link["source"], link["target"], float(link["weight"])
            if G.has_edge(a, b):
                e = G[a][b]
                e["weight"] += w
                e["links"] += 1
                e["derived"] = e["derived"] or bool(link["derived"])
            else:
                G.add_edge(a, b, weight=w, links=1, derived=bool(link["derived"]))
        if stopped:
            break
    G.graph.update(hidden=hidden, stopped=stopped, truncated=stopped or hidden > 0, pages=pages_read, links=read)
    return G
