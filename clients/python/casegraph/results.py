"""Answers that hold more than one frame."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

import pandas as pd


@dataclass
class Subgraph:
    """What ``Client.neighborhood`` returns: the nodes and links a canvas draws.

    ``nodes``: one row per entity (id, schema, name, aliases, degree, hidden,
    then its properties). ``edges``: one row per link (id, type, source,
    target, role, dates, and amount/currency/date for a payment drawn as one
    PAYMENT link). ``truncated`` is True when the server left nodes or links
    out (its limit or per-node cap).

    Unpacks as ``nodes, edges = client.neighborhood([...])``.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    truncated: bool = False

    def __iter__(self):
        yield self.nodes
        yield self.edges

    def to_networkx(self):
        """This subgraph as a ``networkx.MultiDiGraph`` (see ``casegraph.to_networkx``)."""
        from .graphs import to_networkx

        return to_networkx(self)

    def __repr__(self) -> str:
        more = ", truncated" if self.truncated else ""
        return f"<Subgraph: {len(self.nodes)} nodes, {len(self.edges)} edges{more}>"


@dataclass
class MoneyFlow:
    """What ``Client.money_flow`` returns.

    ``flows``: every payment money can take within the hops, added up per
    payer, beneficiary and currency (total, count, first and last date; at
    most 1000 payment ids a flow, ``count`` counts them all). ``chains``: each
    chain of payments, in time order, with its route, at most ``limit`` of
    them. ``totals``: what left (or reached) the entity asked about, per
    currency. Flows and totals are complete whatever ``limit`` says;
    ``truncated`` means only that chains were left out. ``nodes``: the
    entity and every party on the chains.
    """

    flows: pd.DataFrame
    chains: pd.DataFrame
    totals: pd.DataFrame
    nodes: pd.DataFrame
    truncated: bool = False

    @property
    def edges(self) -> pd.DataFrame:
        """The flows as links (source = payer, target = beneficiary, type
        PAYMENT), for ``to_networkx``."""
        e = self.flows.rename(columns={
            "payer": "source", "payer_name": "source_name",
            "beneficiary": "target", "beneficiary_name": "target_name",
        }).copy()
        e.insert(0, "type", "PAYMENT")
        e.insert(0, "id", [f"{s}→{t}:{c}" for s, t, c in zip(e["source"], e["target"], e["currency"])])
        return e

    def to_networkx(self):
        from .graphs import to_networkx

        return to_networkx(self)

    def __repr__(self) -> str:
        more = ", truncated" if self.truncated else ""
        return f"<MoneyFlow: {len(self.flows)} flows, {len(self.chains)} chains{more}>"


@dataclass
class IngestReport:
    """What ``Client.ingest_dataframe`` returns.

    ``jobs``: one row per batch sent (job_id, status, rows_read, rows_loaded,
    rows_rejected). ``rejects``: one row per rejected row, indexed by the
    rejected row's label in the DataFrame given, with the batch, the row
    number the server reports (header = row 1), column, value, reason and
    message; ``df.loc[report.rejects.index]`` gives the rows themselves.
    ``preview``: with ``dry_run=True``, the first entities the rows would
    become. The same rows through the same mapping give the same job ids,
    so sending them again is safe.
    """

    jobs: pd.DataFrame
    rejects: pd.DataFrame
    preview: pd.DataFrame
    dry_run: bool = False
    rejects_truncated: bool = False
    job_ids: List[str] = field(default_factory=list)

    @property
    def job_id(self) -> Optional[str]:
        """The job's id when the rows went in one batch; None with several
        (see ``job_ids``)."""
        return self.job_ids[0] if len(self.job_ids) == 1 else None

    @property
    def rows_read(self) -> int:
        return int(self.jobs["rows_read"].sum()) if len(self.jobs) else 0

    @property
    def rows_loaded(self) -> int:
        return int(self.jobs["rows_loaded"].sum()) if len(self.jobs) else 0

    @property
    def rows_rejected(self) -> int:
        return int(self.jobs["rows_rejected"].sum()) if len(self.jobs) else 0

    @property
    def status(self) -> str:
        """The batches' status if they agree (e.g. ``done``), else the distinct
        statuses joined with "/"."""
        seen = list(dict.fromkeys(self.jobs["status"].tolist()))
        return "/".join(str(s) for s in seen)

    def __repr__(self) -> str:
        what = "dry run" if self.dry_run else "ingest"
        return (f"<IngestReport {what}: {len(self.job_ids)} job(s), read {self.rows_read}, "
                f"loaded {self.rows_loaded}, rejected {self.rows_rejected}>")
