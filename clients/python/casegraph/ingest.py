"""Pushing a DataFrame through a mapping with the ingestRows mutation.

The rows are sent through the client's Transport (transport.py), as a
mutation: a batch is sent again only when the server says it did nothing
with it."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import math
import os
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union

import numpy as np
import pandas as pd

from .frames import entities_frame, frame
from .results import IngestReport

if TYPE_CHECKING:  # pragma: no cover
    from .client import Client

INGEST_ROWS = """
mutation IngestRows($mapping: String!, $rows: [JSON!]!, $dryRun: Boolean) {
  ingestRows(mapping: $mapping, rows: $rows, dryRun: $dryRun) {
    jobId status rowsRead rowsLoaded rowsRejected
    errors { row column value reason message }
    preview { id schema name aliases properties }
  }
}
"""

MAX_ROWS_PER_CALL = 10_000  # the server's limit
# The server refuses request bodies over 1 MiB by default; stay well under.
DEFAULT_MAX_BATCH_BYTES = 512 * 1024
# Integers past this lose precision as JSON numbers (the server reads float64).
_SAFE_INT = 2 ** 53

# A batch may take a while to write; its timeout is at least this many seconds.
MIN_TIMEOUT = 300.0

JOB_COLUMNS = ["batch", "job_id", "status", "rows", "rows_read", "rows_loaded", "rows_rejected"]
REJECT_COLUMNS = ["batch", "job_id", "row", "column", "value", "reason", "message"]


def mapping_text(mapping: Union[str, os.PathLike, Mapping[str, Any]]) -> str:
    """The mapping as YAML text: given as text, as a path to a .yml file, or
    as a dict (sent as JSON, which YAML parsers read as it is)."""
    if isinstance(mapping, Mapping):
        return json.dumps(mapping, default=str)
    if isinstance(mapping, os.PathLike):
        with open(mapping, encoding="utf-8") as f:
            return f.read()
    if isinstance(mapping, str):
        if "\n" not in mapping and mapping.lower().endswith((".yml", ".yaml", ".json")):
            if not os.path.exists(mapping):
                raise FileNotFoundError(f"mapping file {mapping!r} does not exist")
            with open(mapping, encoding="utf-8") as f:
                return f.read()
        return mapping
    raise TypeError(f"mapping must be YAML text, a path or a dict, not {type(mapping).__name__}")


def cell(v: Any) -> Any:
    """One DataFrame cell as a JSON value the server turns into a CSV cell:
    missing values (None, NaN, NaT, pd.NA) are empty cells, timestamps at
    midnight are ISO dates, lists stay lists (the server joins them with ";")."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (list, tuple, set)):
        return [cell(x) for x in v]
    if isinstance(v, np.datetime64):
        v = pd.Timestamp(v)
        if v is pd.NaT:
            return None
    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)) and getattr(v, "ndim", 0) > 0:
        return [cell(x) for x in v.tolist()]  # numpy arrays
    if hasattr(v, "item") and not isinstance(v, (str, bytes, _dt.date)):
        try:
            v = v.item()  # numpy scalars
        except (TypeError, ValueError):
            pass
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if isinstance(v, int):
        return v if -_SAFE_INT < v < _SAFE_INT else str(v)
    if isinstance(v, str):
        return v
    if isinstance(v, _dt.datetime):  # pandas Timestamp is one
        if v.tzinfo is None and (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
            return v.date().isoformat()
        return v.isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, bytes):
        return v.decode("utf-8")
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def dataframe_rows(df: pd.DataFrame) -> List[Dict[str, Any]]:
    cols = [str(c) for c in df.columns]
    if len(set(cols)) != len(cols):
        raise ValueError(f"the DataFrame has repeated column names: {cols}")
    return [{c: cell(v) for c, v in zip(cols, values)} for values in df.itertuples(index=False, name=None)]


def batches(rows: List[Dict[str, Any]], batch_size: int, max_bytes: int) -> List[Tuple[int, int]]:
    """[start, end) ranges of rows: at most batch_size rows and, where rows
    allow it, at most max_bytes of JSON each."""
    out = []
    start, size = 0, 0
    for i, r in enumerate(rows):
        n = len(json.dumps(r, ensure_ascii=False).encode("utf-8")) + 1
        if i > start and (i - start >= batch_size or size + n > max_bytes):
            out.append((start, i))
            start, size = i, 0
        size += n
    if start < len(rows):
        out.append((start, len(rows)))
    return out


def ingest_dataframe(
    client: "Client",
    df: pd.DataFrame,
    mapping: Union[str, os.PathLike, Mapping[str, Any]],
    *,
    batch_size: int = 1000,
    dry_run: bool = False,
    max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES,
    timeout: Optional[float] = None,
) -> IngestReport:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, not {type(df).__name__}")
    if len(df) == 0:
        raise ValueError("the DataFrame has no rows to ingest")
    if not 1 <= batch_size <= MAX_ROWS_PER_CALL:
        raise ValueError(f"batch_size must be between 1 and {MAX_ROWS_PER_CALL}, got {batch_size}")
    text = mapping_text(mapping)
    rows = dataframe_rows(df)
    budget = max(1024, max_batch_bytes - len(text.encode("utf-8")))
    transport = client._transport
    if timeout is None:
        timeout = max(transport.timeout, MIN_TIMEOUT)

    jobs, rejects, reject_index, previews = [], [], [], []
    truncated = False
    for b, (start, end) in enumerate(batches(rows, batch_size, budget)):
        data = transport.graphql(INGEST_ROWS, {"mapping": text, "rows": rows[start:end], "dryRun": dry_run},
                                 timeout=timeout, idempotent=False)
        r = data["ingestRows"]
        jobs.append({
            "batch": b, "job_id": r["jobId"], "status": r["status"], "rows": end - start,
            "rows_read": r["rowsRead"], "rows_loaded": r["rowsLoaded"], "rows_rejected": r["rowsRejected"],
        })
        errs = r.get("errors") or []
        if len(errs) < r["rowsRejected"]:
            truncated = True
        for e in errs:
            pos = start + int(e["row"]) - 2  # the server numbers rows with the header as row 1
            reject_index.append(df.index[pos] if start <= pos < end else None)
            rejects.append({"batch": b, "job_id": r["jobId"], "row": e["row"], "column": e.get("column"),
                            "value": e.get("value"), "reason": e.get("reason"), "message": e.get("message")})
        previews.extend(r.get("preview") or [])

    rej = frame(rejects, REJECT_COLUMNS)
    rej.index = pd.Index(reject_index, name=df.index.name)
    return IngestReport(
        jobs=frame(jobs, JOB_COLUMNS),
        rejects=rej,
        preview=entities_frame(previews),
        dry_run=dry_run,
        rejects_truncated=truncated,
        job_ids=[j["job_id"] for j in jobs],
    )
