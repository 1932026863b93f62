"""casegraph answers as networkx graphs."""

from __future__ import annotations

import math
from typing import Any, Mapping, Optional, Tuple

import networkx as nx
import pandas as pd

from . import frames


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return False


def _clean(row: Mapping[str, Any], drop: Tuple[str, ...]) -> dict:
    out = {}
    for k, v in row.items():
        if k in drop or _missing(v):
            continue
        if hasattr(v, "item") and not isinstance(v, (list, tuple, dict)):
            try:  # numpy scalars -> Python values (GraphML/JSON writers like those)
                v = v.item()
            except (TypeError, ValueError):
                pass
        out[k] = v
    return out


def _frames_of(subgraph: Any) -> Tuple[Optional[pd.DataFrame], pd.DataFrame, bool]:
    """(nodes, edges, truncated) from whatever the caller has."""
    if isinstance(subgraph, pd.DataFrame):
        return None, subgraph, False
    if isinstance(subgraph, tuple) and len(subgraph) == 2:
        return subgraph[0], subgraph[1], False
    if isinstance(subgraph, Mapping):  # a raw Subgraph / Path answer from Client.query
        nodes, edges = frames.subgraph_frames(subgraph)
        return nodes, edges, bool(subgraph.get("truncated", False))
    if hasattr(subgraph, "edges") and hasattr(subgraph, "nodes"):  # Subgraph, MoneyFlow
        return subgraph.nodes, subgraph.edges, bool(getattr(subgraph, "truncated", False))
    raise TypeError(
        "to_networkx takes a Subgraph or MoneyFlow from the client, a (nodes, edges) pair of "
        f"DataFrames, an edges DataFrame, or a raw subgraph dict; got {type(subgraph).__name__}")


def to_networkx(subgraph: Any) -> nx.MultiDiGraph:
    """Build a ``networkx.MultiDiGraph`` from a casegraph answer.

    Takes a ``Subgraph`` (``Client.neighborhood``), a ``MoneyFlow``
    (``Client.money_flow``: one PAYMENT link per payer, beneficiary and
    currency), a ``(nodes, edges)`` pair of frames, an edges frame alone (such
    as ``Client.paths``), or a raw ``{"nodes": [...], "edges": [...]}`` dict
    from ``Client.query``.

    Nodes are keyed by entity id and carry the node frame's columns as
    attributes (name, schema, aliases, degree, properties...). Links are keyed
    by their id (parallel links between the same two entities stay separate)
    and carry type, role, dates, amount, currency, source ids... Missing values
    are left out rather than stored as NaN. ``G.graph["truncated"]`` says
    whether the server left anything out.
    """
    nodes, edges, truncated = _frames_of(subgraph)
    G = nx.MultiDiGraph()
    G.graph["truncated"] = truncated
    if nodes is not None:
        for row in nodes.to_dict("records"):
            G.add_node(row["id"], **_clean(row, ("id",)))
    src = "source" if "source" in edges.columns else "from_id"
    dst = "target" if "target" in edges.columns else "to_id"
    key_col = "id" if "id" in edges.columns else ("edge_id" if "edge_id" in edges.columns else None)
    for i, row in enumerate(edges.to_dict("records")):
        a, b = row[src], row[dst]
        if nodes is None:  # an edges-only frame: name the ends from it
            for end, name_col in ((a, f"{src}_name"), (b, f"{dst}_name")):
                if end not in G and not _missing(row.get(name_col)):
                    G.add_node(end, name=row[name_col])
        key = row.get(key_col) if key_col else i
        if _missing(key):
            key = i
        attrs = _clean(row, (src, dst, "source_name", "target_name"))
        attrs.setdefault("id", key)
        G.add_edge(a, b, key=key, **attrs)
    return G
