"""The casegraph GraphQL client."""

from __future__ import annotations

import os
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Union

import pandas as pd
import requests

from . import frames
from .errors import CasegraphError
from .results import IngestReport, MoneyFlow, Subgraph
from .transport import Transport

__all__ = ["Client", "DEFAULT_URL"]

DEFAULT_URL = "http://localhost:8080"
MAX_PAGE_SIZE = 100  # the server's largest `first`

_ENTITY = "fragment E on Entity { id schema name aliases properties }"
_SOURCE = "sources { id name ... on Source { title url } }"
_EDGE = ("id type source target role startDate endDate amount currency date paymentId sourceIds "
         + _SOURCE)

SEARCH = """
query Search($query: String!, $schemata: [String!], $first: Int, $after: String) {
  search(query: $query, schemata: $schemata, first: $first, after: $after) {
    edges { score node { ...E } }
    pageInfo { hasNextPage endCursor }
  }
}
""" + _ENTITY

ENTITY = """
query Entity($id: ID!) {
  entity(id: $id) { ...E %s }
}
""" % _SOURCE + _ENTITY

NEIGHBORHOOD = """
query Neighborhood($ids: [ID!]!, $depth: Int, $relationships: [String!], $schemata: [String!],
                   $since: Date, $until: Date, $limit: Int, $perNode: Int, $collapsePayments: Boolean,
                   $resolve: Boolean = true) {
  neighborhood(ids: $ids, depth: $depth, relationships: $relationships, schemata: $schemata,
               since: $since, until: $until, limit: $limit, perNode: $perNode,
               collapsePayments: $collapsePayments, resolve: $resolve) {
    nodes { ...E }
    edges { %s }
    degrees { id degree hidden }
    truncated
  }
}
""" % _EDGE + _ENTITY

PATHS = """
query Paths($from: ID!, $to: ID!, $maxHops: Int, $limit: Int, $relationships: [String!],
            $since: Date, $until: Date) {
  paths(from: $from, to: $to, maxHops: $maxHops, limit: $limit, relationships: $relationships,
        since: $since, until: $until) {
    length
    nodes { id schema name }
    edges { id type source target role startDate endDate amount currency date paymentId sourceIds }
  }
}
"""

MONEY_FLOW = """
query MoneyFlow($from: ID!, $direction: FlowDirection, $maxHops: Int, $since: Date, $until: Date,
                $minAmount: Float, $timeOrdered: Boolean, $limit: Int, $resolve: Boolean = true) {
  moneyFlow(from: $from, direction: $direction, maxHops: $maxHops, since: $since, until: $until,
            minAmount: $minAmount, timeOrdered: $timeOrdered, limit: $limit, resolve: $resolve) {
    nodes { ...E }
    flows { payer beneficiary currency total count firstDate lastDate paymentIds }
    chains { paymentIds parties amounts currencies dates }
    totals { currency total }
    truncated
  }
}
""" + _ENTITY

CHARGES = """
query Charges($defendant: ID, $case: ID, $outcome: ChargeOutcome, $first: Int, $after: String) {
  charges(defendant: $defendant, case: $case, outcome: $outcome, first: $first, after: $after) {
    edges {
      node {
        outcome
        charge { id name properties ... on Charge { statute description count outcome outcomeDate } }
        defendant { id name schema }
        case { id name ... on CourtCase { status closeDate } }
        prosecutor { id name }
        sources { id name ... on Source { title url } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""

MEETINGS = """
query Meetings($participants: [ID!], $since: Date, $until: Date, $first: Int, $after: String) {
  meetings(participants: $participants, since: $since, until: $until, first: $first, after: $after) {
    edges {
      node {
        event { id name ... on Event { date location } }
        participants { id name schema }
        sources { id name ... on Source { title url } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""

CONTACTS = """
query Contacts($id: ID!, $since: Date, $until: Date) {
  contacts(id: $id, since: $since, until: $until) {
    entity { id name schema } count firstDate lastDate eventIds
  }
}
"""

TIMELINE = """
query Timeline($ids: [ID!]!, $since: Date, $until: Date, $limit: Int) {
  timeline(ids: $ids, since: $since, until: $until, limit: $limit) {
    date kind title entityId related sourceIds
  }
}
"""

STATS = """
query Stats {
  stats { nodes relationships bySchema { key count } byRelationship { key count } }
}
"""

INGEST_JOBS = """
query IngestJobs($first: Int, $after: String) {
  ingestJobs(first: $first, after: $after) {
    edges { node { ...E ... on IngestJob { status file sha256 } } }
    pageInfo { hasNextPage endCursor }
  }
}
""" + _ENTITY

_MATCH = ("left { id schema name } right { id schema name } score judgement note judgedBy judgedAt "
          "features { name score weight value detail }")

XREF = """
query Xref($dataset: String, $schemata: [String!], $minScore: Float = 0.5, $within: Boolean = false,
           $judged: Boolean, $first: Int, $after: String) {
  xref(dataset: $dataset, schemata: $schemata, minScore: $minScore, within: $within, judged: $judged,
       first: $first, after: $after) {
    nodes { %s }
    pageInfo { hasNextPage endCursor }
  }
}
""" % _MATCH

MATCHES = """
query Matches($id: ID!, $first: Int) {
  matches(id: $id, first: $first) { nodes { %s } }
}
""" % _MATCH

JUDGE = """
mutation Judge($left: ID!, $right: ID!, $judgement: Judgement!, $note: String) {
  judge(left: $left, right: $right, judgement: $judgement, note: $note) { %s }
}
""" % _MATCH

_MODEL = ("bias threshold fitted weights { name weight } "
          "lastFit { at by examples adopted summary before { precision recall f1 } after { precision recall f1 } }")

MATCH_MODEL = "query MatchModel { matchModel { %s } }" % _MODEL
REFIT_MATCH_MODEL = "mutation Refit { refitMatchModel { %s } }" % _MODEL

IDs = Union[str, Sequence[str]]


def _ids(ids: IDs) -> List[str]:
    if isinstance(ids, str):
        return [ids]
    if isinstance(ids, pd.Series):
        return [str(i) for i in ids.tolist()]
    return [str(i) for i in ids]


def _vars(**kw: Any) -> Dict[str, Any]:
    """Variables without the ones not given, so the server's defaults apply."""
    return {k: v for k, v in kw.items() if v is not None}


def _date(d: Any) -> Any:
    """Dates may be given as text ("2011", "2011-03", "2011-03-05") or as
    date/datetime/Timestamp objects."""
    if d is None or isinstance(d, str):
        return d
    if hasattr(d, "date") and callable(d.date):
        d = d.date()
    return d.isoformat()


def _setting(name: str, doc: str) -> property:
    """A Client attribute that is its transport's setting of the same name."""
    return property(lambda self: getattr(self._transport, name),
                    lambda self, value: setattr(self._transport, name, value), doc=doc)


class Client:
    """A connection to a casegraph server.

    >>> cg = Client("http://localhost:8080", token="cg_...")
    >>> cg.search("lacey").head()

    Args:
        url: the server (``http://host:8080``) or its GraphQL endpoint
            (``.../graphql``). Default: ``$CASEGRAPH_URL``, else
            http://localhost:8080.
        token: an API token (``casegraph token create --role viewer|analyst``),
            sent as ``Authorization: Bearer <token>``. Default:
            ``$CASEGRAPH_TOKEN``; ``""`` sends none (a ``--no-auth`` server).
        timeout: seconds to wait for an answer (connecting takes at most
            10 s of it). A timeout is not retried.
        retries: how many more times to try when the server cannot be
            reached, the connection drops, or it answers 502/503/504 (a
            Neo4j that is away answers 503 until it is back) or 429 with a
            Retry-After. Mutations are tried again only when the server
            says it did nothing (transport.py has the rules).
        backoff: seconds before the first retry when the server does not
            say how long to wait (Retry-After); doubled each time.
        max_wait: the most seconds one call spends waiting between tries,
            in all; a longer Retry-After is reported instead of waited for.
    """

    def __init__(
        self,
        url: Optional[str] = None,
        token: Optional[str] = None,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        session: Optional[requests.Session] = None,
    ) -> None:
        if url is None:
            url = os.environ.get("CASEGRAPH_URL") or DEFAULT_URL
        if token is None:
            token = os.environ.get("CASEGRAPH_TOKEN")
        self._transport = Transport(url, token, timeout=timeout, retries=retries, backoff=backoff,
                                    max_wait=max_wait, session=session)

    url = _setting("url", "the GraphQL endpoint")
    token = _setting("token", "the API token, or None")
    timeout = _setting("timeout", "seconds to wait for an answer")
    retries = _setting("retries", "how many more times to try")
    backoff = _setting("backoff", "seconds before the first retry")
    max_wait = _setting("max_wait", "the most seconds spent waiting between tries of one call")

    @property
    def _session(self) -> requests.Session:
        return self._transport.session

    def __repr__(self) -> str:
        return f"Client({self.url!r}, token={'***' if self.token else None})"

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def query(
        self,
        gql: str,
        variables: Optional[Mapping[str, Any]] = None,
        *,
        operation_name: Optional[str] = None,
        timeout: Optional[float] = None,
    ) -> Dict[str, Any]:
        """Run a GraphQL query or mutation and return its ``data``.

        Raises ``CasegraphError`` when the server answers with errors (their
        messages, codes and request id are in the exception), refuses the
        token (HTTP 401, "authentication failed ..."), or cannot be reached
        after the retries, or does not answer within the timeout.
        """
        return self._transport.graphql(gql, variables, operation_name=operation_name, timeout=timeout)

    # ---------------------------------------------------------------- pagination

    def paginate(
        self,
        gql: str,
        variables: Optional[Mapping[str, Any]] = None,
        *,
        path: Optional[str] = None,
        page_size: int = MAX_PAGE_SIZE,
        limit: Optional[int] = None,
        timeout: Optional[float] = None,
    ) -> Iterator[Dict[str, Any]]:
        """Iterate over every item of a connection, page after page.

        ``gql`` declares ``$first: Int`` and ``$after: String``, passes them to
        the connection field, and selects ``pageInfo { hasNextPage endCursor }``
        with ``edges { ... }`` (or ``nodes { ... }``). ``path`` is where the
        connection sits in ``data`` ("search", or dotted "a.b"); by default the
        only top-level field. Yields each edge (or node) as a dict; stops after
        ``limit`` items when given.
        """
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")
        if limit is not None and limit <= 0:
            return
        vars_ = dict(variables or {})
        after = vars_.pop("after", None)
        seen = set()
        n = 0
        while True:
            vars_["first"] = page_size if limit is None else min(page_size, limit - n)
            if after is None:
                vars_.pop("after", None)
            else:
                vars_["after"] = after
            data = self.query(gql, vars_, timeout=timeout)
            conn = _dig(data, path)
            if "edges" in conn:
                items = conn["edges"] or []
            elif "nodes" in conn:
                items = conn["nodes"] or []
            else:
                raise ValueError("the query must select edges { ... } or nodes { ... } of the connection")
            if "pageInfo" not in conn:
                raise ValueError("the query must select pageInfo { hasNextPage endCursor } to page through it")
            for item in items:
                yield item
                n += 1
                if limit is not None and n >= limit:
                    return
            page = conn["pageInfo"] or {}
            if not page.get("hasNextPage") or not items:
                return
            after = page.get("endCursor")
            if not after or after in seen:
                raise CasegraphError(f"the server's pagination did not advance (endCursor {after!r})",
                                     code="protocol")
            seen.add(after)

    # ------------------------------------------------------------------- helpers

    def search(
        self,
        query: str,
        schemata: Optional[Sequence[str]] = None,
        *,
        limit: Optional[int] = 100,
        page_size: int = MAX_PAGE_SIZE,
    ) -> pd.DataFrame:
        """Full-text search over names and aliases, best first: id, schema,
        name, aliases, score, then each entity's properties. ``limit=None``
        reads every page."""
        hits = self.paginate(SEARCH, _vars(query=query, schemata=_opt_list(schemata)),
                             path="search", page_size=page_size, limit=limit)
        rows = []
        for h in hits:
            row = frames.entity_row(h["node"])
            row["score"] = h.get("score")
            rows.append(row)
        return frames.frame(rows, frames.ENTITY_COLUMNS + ["score"])

    def entity(self, id: str) -> Optional[Dict[str, Any]]:
        """One entity as a flat dict (id, schema, name, aliases, its
        properties, and source_titles), or None if there is none."""
        e = self.query(ENTITY, {"id": id})["entity"]
        if e is None:
            return None
        row = frames.entity_row(e)
        row["source_titles"] = [s.get("title") or s.get("name") for s in e.get("sources") or []]
        return row

    def neighborhood(
        self,
        ids: IDs,
        depth: int = 1,
        *,
        relationships: Optional[Sequence[str]] = None,
        schemata: Optional[Sequence[str]] = None,
        since: Any = None,
        until: Any = None,
        limit: int = 500,
        per_node: int = 50,
        collapse_payments: bool = True,
        resolve: bool = True,
    ) -> Subgraph:
        """The links around some entities (depth 1-3). Returns a Subgraph with
        ``nodes`` and ``edges`` frames (``nodes, edges = ...`` unpacks it).
        Records judged the same are one node unless ``resolve=False``."""
        sg = self.query(NEIGHBORHOOD, _vars(
            ids=_ids(ids), depth=depth, relationships=_opt_list(relationships),
            schemata=_opt_list(schemata), since=_date(since), until=_date(until), limit=limit,
            perNode=per_node, collapsePayments=collapse_payments, resolve=resolve))["neighborhood"]
        nodes, edges = frames.subgraph_frames(sg)
        return Subgraph(nodes=nodes, edges=edges, truncated=bool(sg.get("truncated")))

    def paths(
        self,
        from_id: str,
        to_id: str,
        *,
        max_hops: int = 4,
        limit: int = 5,
        relationships: Optional[Sequence[str]] = None,
        since: Any = None,
        until: Any = None,
    ) -> pd.DataFrame:
        """The shortest paths between two entities, one row per step: path
        number, length, step, from_id/from_name -> to_id/to_name in walking
        order, the link's type, id, own direction (source -> target), role,
        and amount/currency/date for payments."""
        data = self.query(PATHS, _vars(
            **{"from": from_id, "to": to_id}, maxHops=max_hops, limit=limit,
            relationships=_opt_list(relationships), since=_date(since), until=_date(until)))
        return frames.paths_frame(data["paths"])

    def money_flow(
        self,
        from_id: str,
        *,
        direction: str = "OUT",
        max_hops: int = 4,
        since: Any = None,
        until: Any = None,
        min_amount: Optional[float] = None,
        time_ordered: bool = True,
        limit: int = 100,
        resolve: bool = True,
    ) -> MoneyFlow:
        """Where money went from an entity (``direction="OUT"``) or came from
        (``"IN"``), across chains of payments. Returns a MoneyFlow with
        ``flows`` (per payer, beneficiary and currency), ``chains``,
        ``totals`` and ``nodes`` frames. ``limit`` bounds only the chains
        listed: ``flows`` and ``totals`` count every payment, and
        ``truncated`` says that chains were left out."""
        mf = self.query(MONEY_FLOW, _vars(
            **{"from": from_id}, direction=direction.upper(), maxHops=max_hops, since=_date(since),
            until=_date(until), minAmount=min_amount, timeOrdered=time_ordered, limit=limit,
            resolve=resolve))["moneyFlow"]
        flows, chains, totals, nodes = frames.money_flow_frames(mf)
        return MoneyFlow(flows=flows, chains=chains, totals=totals, nodes=nodes,
                         truncated=bool(mf.get("truncated")))

    def charges(
        self,
        defendant: Optional[str] = None,
        *,
        case: Optional[str] = None,
        outcome: Optional[str] = None,
        limit: Optional[int] = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> pd.DataFrame:
        """Criminal counts by defendant, case and/or outcome (all pages): the
        charge, its outcome (CONVICTED, ACQUITTED, HUNG_JURY, MISTRIAL, ...),
        number of counts when known, statute, defendant, case, prosecutor."""
        recs = self.paginate(CHARGES, _vars(defendant=defendant, case=case,
                                            outcome=outcome.upper() if outcome else None),
                             path="charges", page_size=page_size, limit=limit)
        return frames.charges_frame(e["node"] for e in recs)

    def meetings(
        self,
        participants: Optional[IDs] = None,
        *,
        since: Any = None,
        until: Any = None,
        limit: Optional[int] = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> pd.DataFrame:
        """Events attended by all the given participants (or all events),
        newest first, every page: event id, name, date, location, and who
        attended."""
        recs = self.paginate(MEETINGS, _vars(
            participants=_ids(participants) if participants is not None else None,
            since=_date(since), until=_date(until)), path="meetings", page_size=page_size, limit=limit)
        return frames.meetings_frame(e["node"] for e in recs)

    def contacts(self, id: str, *, since: Any = None, until: Any = None) -> pd.DataFrame:
        """Who met this entity: one row per contact, with the number of
        events attended together and their first and last dates."""
        data = self.query(CONTACTS, _vars(id=id, since=_date(since), until=_date(until)))
        return frames.contacts_frame(data["contacts"])

    def timeline(self, ids: IDs, *, since: Any = None, until: Any = None, limit: int = 500) -> pd.DataFrame:
        """Dated items about these entities, in order: payments, meetings,
        charges and outcomes, cases, links starting and ending."""
        data = self.query(TIMELINE, _vars(ids=_ids(ids), since=_date(since), until=_date(until),
                                          limit=limit))
        return frames.timeline_frame(data["timeline"])

    # ---------------------------------------------------------- cross-referencing

    def xref(
        self,
        dataset: Optional[str] = None,
        *,
        schemata: Optional[Sequence[str]] = None,
        min_score: float = 0.5,
        within: bool = False,
        judged: Optional[bool] = None,
        limit: Optional[int] = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> pd.DataFrame:
        """Candidate pairs of records that may be the same person, organisation
        or bank account, best first (all pages unless ``limit``): a dataset
        against the others (``within=True``: against itself), or everything.
        One row per pair: left_id, left_name, right_id, right_name, schemata,
        score (computed by casegraph's matcher, 0-1), judgement (None if not
        judged), explanation (each feature's detail), and ``features`` as a
        list of dicts. ``judged=False`` keeps the pairs still to review."""
        rows = self.paginate(XREF, _vars(dataset=dataset, schemata=_opt_list(schemata), minScore=min_score,
                                         within=within, judged=judged),
                             path="xref", page_size=page_size, limit=limit)
        return frames.matches_frame(rows)

    def matches(self, id: str, *, limit: int = 20) -> pd.DataFrame:
        """The likely matches of one record, best first, as ``xref`` frames them."""
        return frames.matches_frame(self.query(MATCHES, {"id": id, "first": limit})["matches"]["nodes"])

    def judge(self, left: str, right: str, judgement: str, note: Optional[str] = None) -> Dict[str, Any]:
        """Record a verdict on two records: ``"SAME"``, ``"DIFFERENT"`` or
        ``"UNSURE"`` (analyst role). Returns the pair as one ``xref`` row.
        A verdict that contradicts others (two records judged DIFFERENT in
        one cluster) raises CasegraphError naming the SAME verdicts at fault."""
        m = self.query(JUDGE, _vars(left=left, right=right, judgement=judgement.upper(), note=note))["judge"]
        return frames.match_row(m)

    def match_model(self) -> Dict[str, Any]:
        """The matching model in use: ``weights`` (a Series by feature), bias,
        threshold, whether it was ``fitted`` to verdicts, and ``last_fit``
        (precision/recall/F1 before and after, cross-validated)."""
        return _model(self.query(MATCH_MODEL)["matchModel"])

    def refit_match_model(self) -> Dict[str, Any]:
        """Fit the weights to the SAME and DIFFERENT verdicts given so far
        (analyst role, at least 10 of both kinds); adopted only if no worse.
        Returns the model as ``match_model`` does."""
        return _model(self.query(REFIT_MATCH_MODEL)["refitMatchModel"])

    # ---------------------------------------------------------- network analysis

    def analyze(
        self,
        algorithm: str,
        *,
        schemata: Optional[Sequence[str]] = None,
        relationships: Optional[Sequence[str]] = None,
        dataset: Optional[str] = None,
        since: Any = None,
        until: Any = None,
        weight: Optional[str] = None,
        sampling_size: Optional[int] = None,
        max_iterations: Optional[int] = None,
        wait: bool = True,
        timeout: Optional[float] = None,
        poll: float = 2.0,
    ) -> Dict[str, Any]:
        """Run a graph-level analysis on the server with Neo4j Graph Data
        Science (analyst role): ``"PAGERANK"``, ``"DEGREE"``,
        ``"BETWEENNESS"`` (sampled on large graphs: ``sampling_size``),
        ``"WCC"`` or ``"LOUVAIN"``, on the entities of ``schemata`` (from
        ``dataset``) and the links of ``relationships`` between them dated
        from ``since`` to ``until``; ``"PAID"`` is payments collapsed to
        payer→beneficiary links, weighing ``weight`` (``"NONE"``,
        ``"AMOUNT"`` or ``"COUNT"``). With ``wait`` (the default) it returns
        once the job is done (raising CasegraphError if it failed), else at
        once; either way the job as a dict (``id``, ``status``, ``nodes``,
        ``parameters`` …). A Neo4j without GDS raises CasegraphError saying so."""
        from . import analysis

        alg = algorithm.upper()
        if alg not in analysis.ALGORITHMS:
            raise ValueError(f"algorithm must be one of {', '.join(analysis.ALGORITHMS)}, got {algorithm!r}")
        proj = analysis.projection_input(schemata, relationships, dataset, since, until, weight)
        j = self.query(analysis.ANALYZE, _vars(algorithm=alg, projection=proj, samplingSize=sampling_size,
                                               maxIterations=max_iterations))["analyze"]
        if wait:
            return self.wait_analysis(j["id"], timeout=timeout, poll=poll)
        return analysis.job_dict(j)

    def analysis_job(self, id: str) -> Optional[Dict[str, Any]]:
        """One analysis job as a dict, or None if there is none."""
        from . import analysis

        j = self.query(analysis.ANALYSIS_JOB, {"id": id})["analysisJob"]
        return analysis.job_dict(j) if j else None

    def analysis_jobs(self, *, limit: int = 20) -> pd.DataFrame:
        """Analysis jobs, newest first."""
        from . import analysis

        jobs = self.query(analysis.ANALYSIS_JOBS, {"first": limit})["analysisJobs"]
        return frames.frame((analysis.job_dict(j) for j in jobs), ["id", "algorithm", "status", "stage", "progress"])

    def wait_analysis(self, id: str, *, timeout: Optional[float] = None, poll: float = 2.0) -> Dict[str, Any]:
        """Wait until the analysis job is done and return it; raises
        CasegraphError if it failed or is still running after ``timeout`` s."""
        from . import analysis

        return analysis.wait(self.analysis_job, id, timeout=timeout, poll=poll)

    def metrics(self, ids: IDs, algorithm: str, *, job: Optional[str] = None) -> pd.DataFrame:
        """The computed values of some entities from ``job``, or from the
        newest finished job of ``algorithm``: one row per entity (see
        ``casegraph.analysis.metrics_frame``); every row is ``computed``."""
        from . import analysis

        data = self.query(analysis.METRICS, _vars(ids=_ids(ids), algorithm=algorithm.upper(), job=job))
        return analysis.metrics_frame(data["metrics"])

    def top_entities(self, algorithm: str, *, limit: int = 20, job: Optional[str] = None) -> pd.DataFrame:
        """The highest scores of ``job`` or of the newest finished job of a
        scoring algorithm, as ``metrics`` frames them."""
        from . import analysis

        data = self.query(analysis.TOP_ENTITIES, _vars(algorithm=algorithm.upper(), first=limit, job=job))
        return analysis.metrics_frame(data["topEntities"])

    def communities(self, job: str, *, members: int = 10, limit: Optional[int] = None,
                    page_size: int = MAX_PAGE_SIZE) -> pd.DataFrame:
        """The communities a WCC or LOUVAIN job found, largest first (every
        page unless ``limit``), with up to ``members`` member ids each and the
        money paid between members (see ``casegraph.analysis.communities_frame``)."""
        from . import analysis

        nodes: List[Dict[str, Any]] = []
        after = None
        while limit is None or len(nodes) < limit:
            first = page_size if limit is None else min(page_size, limit - len(nodes))
            c = self.query(analysis.COMMUNITIES, _vars(job=job, first=first, after=after, members=members))["communities"]
            nodes.extend(c["nodes"])
            if not c["pageInfo"]["hasNextPage"]:
                break
            after = c["pageInfo"]["endCursor"]
        return analysis.communities_frame(nodes, job)

    def projection_links(
        self,
        *,
        schemata: Optional[Sequence[str]] = None,
        relationships: Optional[Sequence[str]] = None,
        dataset: Optional[str] = None,
        since: Any = None,
        until: Any = None,
        weight: Optional[str] = None,
        page_size: int = 1000,
        per_node: int = 1000,
    ) -> Iterator[Dict[str, Any]]:
        """Pages of the links an ``analyze`` job on this projection would
        see (the arguments are ``analyze``'s), ``page_size`` source entities
        a page (at most 5,000), each with at most ``per_node`` links (at most
        10,000; a page's ``hidden`` counts the rest). A generator: it asks
        for the next page only when the caller wants it."""
        from . import analysis

        if not 1 <= page_size <= analysis.MAX_PROJECTION_SOURCES:
            raise ValueError(f"page_size must be between 1 and {analysis.MAX_PROJECTION_SOURCES}, got {page_size}")
        if not 1 <= per_node <= analysis.MAX_PROJECTION_PER_NODE:
            raise ValueError(f"per_node must be between 1 and {analysis.MAX_PROJECTION_PER_NODE}, got {per_node}")
        proj = analysis.projection_input(schemata, relationships, dataset, since, until, weight)
        after = None
        while True:
            page = self.query(analysis.PROJECTION_LINKS, _vars(projection=proj, first=page_size, after=after,
                                                               perNode=per_node))["projectionLinks"]
            yield page
            if not page["pageInfo"]["hasNextPage"]:
                return
            after = page["pageInfo"]["endCursor"]

    def projection_graph(
        self,
        *,
        schemata: Optional[Sequence[str]] = None,
        relationships: Optional[Sequence[str]] = None,
        dataset: Optional[str] = None,
        since: Any = None,
        until: Any = None,
        weight: Optional[str] = None,
        max_links: Optional[int] = None,
        page_size: int = 1000,
        per_node: int = 1000,
    ):
        """The projection an ``analyze`` job would run on, exported page by
        page into an undirected ``networkx.Graph`` keyed by entity id, with
        ``weight`` on every edge (see ``casegraph.analysis.projection_graph``).
        The export stops after ``max_links`` links if given; ``G.graph``
        says whether anything was left out (``truncated``, ``hidden``,
        ``stopped``)."""
        from . import analysis

        pages = self.projection_links(schemata=schemata, relationships=relationships, dataset=dataset, since=since,
                                      until=until, weight=weight, page_size=page_size, per_node=per_node)
        try:
            return analysis.projection_graph(pages, max_links=max_links)
        finally:
            pages.close()

    def stats(self) -> Dict[str, Any]:
        """What the graph holds: node and relationship counts, and frames of
        counts by schema and by relationship type."""
        s = self.query(STATS)["stats"]

        def counts(items):
            df = frames.frame(items or [], ["key", "count"])
            df["count"] = df["count"].astype("int64")
            return df.sort_values("count", ascending=False, ignore_index=True)

        return {"nodes": int(s["nodes"]), "relationships": int(s["relationships"]),
                "by_schema": counts(s["bySchema"]), "by_relationship": counts(s["byRelationship"])}

    def ingest_jobs(self, *, limit: Optional[int] = None, page_size: int = MAX_PAGE_SIZE) -> pd.DataFrame:
        """Ingest jobs, newest first (every page unless ``limit``)."""
        recs = self.paginate(INGEST_JOBS, {}, path="ingestJobs", page_size=page_size, limit=limit)
        return frames.entities_frame(e["node"] for e in recs)

    def ingest_dataframe(
        self,
        df: pd.DataFrame,
        mapping: Union[str, "os.PathLike[str]", Mapping[str, Any]],
        *,
        batch_size: int = 1000,
        dry_run: bool = False,
        max_batch_bytes: Optional[int] = None,
        timeout: Optional[float] = None,
    ) -> IngestReport:
        """Load a DataFrame's rows through a mapping (one input; see
        docs/mapping.md): YAML text, a path to a .yml file, or a dict.

        Rows go in batches of at most ``batch_size`` rows (and about 512 KiB)
        through the ``ingestRows`` mutation; each batch is one ingest job.
        Columns are the mapping's column names; missing values are empty
        cells; timestamps become ISO dates. The same rows through the same
        mapping are the same job, so running it again is safe. Needs an
        analyst token. Returns an IngestReport: ``job_ids``, ``jobs`` (counts
        per batch), ``rejects`` (indexed by the rejected rows' labels in
        ``df``, with column, value and reason) and, for a dry run, ``preview``.
        """
        from .ingest import DEFAULT_MAX_BATCH_BYTES, ingest_dataframe

        return ingest_dataframe(self, df, mapping, batch_size=batch_size, dry_run=dry_run,
                                max_batch_bytes=max_batch_bytes or DEFAULT_MAX_BATCH_BYTES,
                                timeout=timeout)


def _opt_list(v: Optional[Sequence[str]]) -> Optional[List[str]]:
    if v is None:
        return None
    return [v] if isinstance(v, str) else list(v)


def _dig(data: Mapping[str, Any], path: Optional[str]) -> Mapping[str, Any]:
    if path is None:
        if len(data) != 1:
            raise ValueError(f"the answer has fields {sorted(data)}: say which is the connection with path=")
        return next(iter(data.values()))
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise ValueError(f"no {path!r} in the answer (fields: {sorted(data)})")
        node = node[part]
    if not isinstance(node, Mapping):
        raise ValueError(f"{path!r} in the answer is not a connection")
    return node


def _model(m: Mapping[str, Any]) -> Dict[str, Any]:
    return {
        "bias": m["bias"], "threshold": m["threshold"], "fitted": m["fitted"],
        "weights": pd.Series({w["name"]: w["weight"] for w in m["weights"]}, dtype=float),
        "last_fit": m.get("lastFit"),
    }
