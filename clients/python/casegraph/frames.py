"""Turning GraphQL answers into pandas DataFrames.

Every frame has a fixed set of columns, even when it is empty, so code such as
``df["outcome"].value_counts()`` works on any answer. Dates stay strings:
casegraph keeps partial dates as given ("2011", "2011-03"), which a datetime
column cannot hold. Column names are snake_case; entity properties stored in
camelCase (``numberOfCounts``) become snake_case columns (``number_of_counts``).
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

import pandas as pd

ENTITY_COLUMNS = ["id", "schema", "name", "aliases"]

EDGE_COLUMNS = [
    "id", "type", "source", "source_name", "target", "target_name", "role",
    "start_date", "end_date", "amount", "currency", "date", "payment_id",
    "source_ids", "source_titles",
]

PATH_COLUMNS = [
    "path", "length", "step", "from_id", "from_name", "type", "to_id", "to_name",
    "edge_id", "source", "source_name", "target", "target_name", "role", "amount",
    "currency", "date",
]

CHARGE_COLUMNS = [
    "charge_id", "charge", "outcome", "counts", "statute", "description",
    "outcome_date", "reported_on", "defendant_id", "defendant", "case_id", "case",
    "case_status", "case_close_date", "prosecutor_id", "prosecutor", "source_titles",
]

MEETING_COLUMNS = [
    "event_id", "name", "date", "location", "participant_ids", "participants",
    "n_participants", "source_titles",
]

CONTACT_COLUMNS = ["id", "name", "schema", "count", "first_date", "last_date", "event_ids"]

TIMELINE_COLUMNS = ["date", "kind", "title", "entity_id", "related", "source_ids"]

FLOW_COLUMNS = [
    "payer", "payer_name", "beneficiary", "beneficiary_name", "currency", "total",
    "count", "first_date", "last_date", "payment_ids",
]

CHAIN_COLUMNS = [
    "chain", "hops", "route", "parties", "party_names", "amounts", "currencies",
    "dates", "payment_ids",
]

TOTAL_COLUMNS = ["currency", "total"]

# Properties that are bookkeeping rather than facts; left out of entity rows.
_SKIP_PROPERTIES = {"jobIds", "job_ids"}

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(name: str) -> str:
    """``numberOfCounts`` -> ``number_of_counts``."""
    return _CAMEL.sub(r"_\1", name).lower()


def frame(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` first (even when there are no rows),
    followed by any other keys the rows have, in the order first seen."""
    rows = list(rows)
    extra: List[str] = []
    known = set(columns)
    for r in rows:
        for k in r:
            if k not in known:
                known.add(k)
                extra.append(k)
    cols = list(columns) + extra
    return pd.DataFrame([[r.get(c) for c in cols] for r in rows], columns=cols)


def entity_row(e: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """One entity as a flat dict: id, schema, name, aliases, then its stored
    properties (snake_case)."""
    if not e:
        return {}
    row: Dict[str, Any] = {
        "id": e.get("id"),
        "schema": e.get("schema"),
        "name": e.get("name"),
        "aliases": list(e.get("aliases") or []),
    }
    for k, v in (e.get("properties") or {}).items():
        if k in _SKIP_PROPERTIES:
            continue
        col = snake(k)
        if col not in row:
            row[col] = v
    return row


def entities_frame(entities: Iterable[Mapping[str, Any]], extra: Sequence[str] = ()) -> pd.DataFrame:
    return frame((entity_row(e) for e in entities), ENTITY_COLUMNS + list(extra))


def _titles(sources: Optional[Iterable[Mapping[str, Any]]]) -> List[str]:
    out = []
    for s in sources or []:
        out.append(s.get("title") or s.get("name") or s.get("id"))
    return out


def _blank(v: Any) -> Any:
    """casegraph sends "" for a missing date inside lists; make it None."""
    return None if v == "" else v


def edge_row(e: Mapping[str, Any], names: Mapping[str, Any]) -> Dict[str, Any]:
    return {
        "id": e.get("id"),
        "type": e.get("type"),
        "source": e.get("source"),
        "source_name": names.get(e.get("source")),
        "target": e.get("target"),
        "target_name": names.get(e.get("target")),
        "role": e.get("role"),
        "start_date": e.get("startDate"),
        "end_date": e.get("endDate"),
        "amount": e.get("amount"),
        "currency": e.get("currency"),
        "date": e.get("date"),
        "payment_id": e.get("paymentId"),
        "source_ids": list(e.get("sourceIds") or []),
        "source_titles": _titles(e.get("sources")),
    }


def subgraph_frames(sg: Mapping[str, Any]):
    """nodes and edges frames of a Subgraph answer; node rows carry degree and
    hidden (links that hub protection left out)."""
    degrees = {d["id"]: d for d in sg.get("degrees") or []}
    rows = []
    for n in sg.get("nodes") or []:
        row = entity_row(n)
        d = degrees.get(row["id"])
        row["degree"] = d.get("degree") if d else None
        row["hidden"] = d.get("hidden") if d else None
        rows.append(row)
    nodes = frame(rows, ENTITY_COLUMNS + ["degree", "hidden"])
    names = {n.get("id"): n.get("name") for n in sg.get("nodes") or []}
    edges = frame((edge_row(e, names) for e in sg.get("edges") or []), EDGE_COLUMNS)
    return nodes, edges


def paths_frame(paths: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per step of each path, in walking order: from_id -> to_id. The
    link's own direction is in source -> target (a step may walk a link
    backwards)."""
    rows = []
    for i, p in enumerate(paths):
        nodes = p.get("nodes") or []
        names = {n.get("id"): n.get("name") for n in nodes}
        for k, e in enumerate(p.get("edges") or []):
            a = nodes[k].get("id") if k < len(nodes) else e.get("source")
            b = nodes[k + 1].get("id") if k + 1 < len(nodes) else e.get("target")
            rows.append({
                "path": i,
                "length": p.get("length"),
                "step": k,
                "from_id": a,
                "from_name": names.get(a),
                "type": e.get("type"),
                "to_id": b,
                "to_name": names.get(b),
                "edge_id": e.get("id"),
                "source": e.get("source"),
                "target": e.get("target"),
                "role": e.get("role"),
                "amount": e.get("amount"),
                "currency": e.get("currency"),
                "date": e.get("date"),
                "source_name": names.get(e.get("source")),
                "target_name": names.get(e.get("target")),
            })
    return frame(rows, PATH_COLUMNS)


def charge_row(rec: Mapping[str, Any]) -> Dict[str, Any]:
    ch = rec.get("charge") or {}
    props = ch.get("properties") or {}
    counts = ch.get("count")
    if counts is None:
        counts = props.get("numberOfCounts", props.get("count"))
    defendant = rec.get("defendant") or {}
    case = rec.get("case") or {}
    prosecutor = rec.get("prosecutor") or {}
    return {
        "charge_id": ch.get("id"),
        "charge": ch.get("name"),
        "outcome": rec.get("outcome") or ch.get("outcome"),
        "counts": counts,
        "statute": ch.get("statute"),
        "description": ch.get("description"),
        "outcome_date": ch.get("outcomeDate"),
        "reported_on": props.get("reportedOn"),
        "defendant_id": defendant.get("id"),
        "defendant": defendant.get("name"),
        "case_id": case.get("id"),
        "case": case.get("name"),
        "case_status": case.get("status"),
        "case_close_date": case.get("closeDate"),
        "prosecutor_id": prosecutor.get("id"),
        "prosecutor": prosecutor.get("name"),
        "source_titles": _titles(rec.get("sources")),
    }


def charges_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    df = frame((charge_row(r) for r in records), CHARGE_COLUMNS)
    df["counts"] = df["counts"].astype("Int64")
    return df


def meeting_row(m: Mapping[str, Any]) -> Dict[str, Any]:
    ev = m.get("event") or {}
    people = m.get("participants") or []
    return {
        "event_id": ev.get("id"),
        "name": ev.get("name"),
        "date": ev.get("date"),
        "location": ev.get("location"),
        "participant_ids": [p.get("id") for p in people],
        "participants": [p.get("name") for p in people],
        "n_participants": len(people),
        "source_titles": _titles(m.get("sources")),
    }


def meetings_frame(meetings: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    return frame((meeting_row(m) for m in meetings), MEETING_COLUMNS)


def contacts_frame(contacts: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    rows = []
    for c in contacts:
        e = c.get("entity") or {}
        rows.append({
            "id": e.get("id"),
            "name": e.get("name"),
            "schema": e.get("schema"),
            "count": c.get("count"),
            "first_date": c.get("firstDate"),
            "last_date": c.get("lastDate"),
            "event_ids": list(c.get("eventIds") or []),
        })
    return frame(rows, CONTACT_COLUMNS)


def timeline_frame(items: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    rows = [{
        "date": t.get("date"),
        "kind": t.get("kind"),
        "title": t.get("title"),
        "entity_id": t.get("entityId"),
        "related": list(t.get("related") or []),
        "source_ids": list(t.get("sourceIds") or []),
    } for t in items]
    return frame(rows, TIMELINE_COLUMNS)


def money_flow_frames(mf: Mapping[str, Any]):
    """flows, chains, totals and nodes frames of a MoneyFlow answer."""
    names = {n.get("id"): n.get("name") for n in mf.get("nodes") or []}
    flows = frame(({
        "payer": f.get("payer"),
        "payer_name": names.get(f.get("payer")),
        "beneficiary": f.get("beneficiary"),
        "beneficiary_name": names.get(f.get("beneficiary")),
        "currency": f.get("currency"),
        "total": f.get("total"),
        "count": f.get("count"),
        "first_date": f.get("firstDate"),
        "last_date": f.get("lastDate"),
        "payment_ids": list(f.get("paymentIds") or []),
    } for f in mf.get("flows") or []), FLOW_COLUMNS)
    chains = []
    for i, c in enumerate(mf.get("chains") or []):
        parties = list(c.get("parties") or [])
        party_names = [names.get(p) or p for p in parties]
        chains.append({
            "chain": i,
            "hops": len(c.get("paymentIds") or []),
            "route": " → ".join(str(n) for n in party_names),
            "parties": parties,
            "party_names": party_names,
            "amounts": list(c.get("amounts") or []),
            "currencies": [_blank(x) for x in c.get("currencies") or []],
            "dates": [_blank(x) for x in c.get("dates") or []],
            "payment_ids": list(c.get("paymentIds") or []),
        })
    totals = frame(({"currency": t.get("currency"), "total": t.get("total")}
                    for t in mf.get("totals") or []), TOTAL_COLUMNS)
    nodes = entities_frame(mf.get("nodes") or [])
    return flows, frame(chains, CHAIN_COLUMNS), totals, nodes


MATCH_COLUMNS = ["left_id", "left_name", "right_id", "right_name", "left_schema", "right_schema",
                 "score", "judgement", "note", "judged_by", "judged_at", "explanation", "features"]


def match_row(m: Mapping[str, Any]) -> Dict[str, Any]:
    """One candidate pair as a flat dict (see Client.xref)."""
    left, right = m.get("left") or {}, m.get("right") or {}
    features = [dict(f) for f in m.get("features") or []]
    return {
        "left_id": left.get("id"), "left_name": left.get("name"), "left_schema": left.get("schema"),
        "right_id": right.get("id"), "right_name": right.get("name"), "right_schema": right.get("schema"),
        "score": m.get("score"), "judgement": m.get("judgement"), "note": m.get("note"),
        "judged_by": m.get("judgedBy"), "judged_at": m.get("judgedAt"),
        "explanation": "; ".join(f"{f.get('name')} {f.get('score'):+.2f}: {f.get('detail')}" for f in features),
        "features": features,
    }


def matches_frame(matches: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    return frame((match_row(m) for m in matches), MATCH_COLUMNS)
