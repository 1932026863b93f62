"""Every HTTP exchange with a casegraph server, in one place.

A ``Transport`` sends a GraphQL document to ``/graphql`` and gives back the
answer's ``data``, or raises ``CasegraphError``. It owns what every request
shares: the headers (the token, ``Content-Type: application/json`` — the
server refuses other bodies on writes —, ``Accept``), the timeouts, the
retries and the decoding of error answers into a CasegraphError carrying the
server's code and request id. ``Client`` (the queries) and ``ingest`` (the
``ingestRows`` mutation) both go through it.

When it tries again (``Transport.retry_wait``):

- A query may be sent again: it changes nothing. It is retried when the
  server cannot be reached or the connection drops, on 502 and 504, on 503
  (Neo4j away), and on 429 (``too_much``) when the answer says how long to
  wait. It waits what the server's ``Retry-After`` asks, else ``backoff``
  seconds doubled at each try.
- A mutation is sent again only when the server says it did nothing: the
  connection was never made, or a 429 or 503 refused the request before it
  ran (such a refusal has no ``data``, as GraphQL answers do when execution
  never began). Any other failure of a mutation is reported at once, since
  the server may have done part of it.
- At most ``retries`` more tries, and at most ``max_wait`` seconds of
  waiting between them in all: a wait that would pass it is not made, and
  the last answer is reported (with ``retry_after`` set when the server
  asked for a wait).
- A timeout is never retried: a request that took too long would again.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any, Dict, List, Mapping, Optional, Tuple

import requests

from .errors import CasegraphError

__all__ = ["Transport", "graphql_url", "is_mutation"]

CONNECT_TIMEOUT = 10.0  # seconds; at most this much of a request's timeout goes to connecting
MAX_BACKOFF = 30.0  # the longest wait the backoff alone makes
RETRY_STATUSES = (429, 502, 503, 504)


def graphql_url(url: str) -> str:
    """The GraphQL endpoint of a server given as ``host:port``, ``http://host``
    or its ``/graphql`` URL."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    return url if url.endswith("/graphql") else url + "/graphql"


class Transport:
    """Sends GraphQL requests to one casegraph server.

    Args mean what ``Client``'s do; ``max_wait`` bounds the seconds spent
    waiting between tries of one request (not the requests themselves).
    """

    def __init__(
        self,
        url: str,
        token: Optional[str],
        *,
        timeout: float,
        retries: int,
        backoff: float,
        max_wait: float,
        session: Optional[requests.Session] = None,
    ) -> None:
        self.url = graphql_url(url)
        self.token = token.strip() if token else None
        self.timeout = float(timeout)
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))
        self.max_wait = max(0.0, float(max_wait))
        self.session = session or requests.Session()
        if self.session.headers.get("User-Agent") in (None, requests.utils.default_user_agent()):
            from . import __version__

            self.session.headers["User-Agent"] = f"casegraph-python/{__version__}"

    def close(self) -> None:
        self.session.close()

    def headers(self) -> Dict[str, str]:
        """The headers of every request."""
        h = {"Accept": "application/json", "Content-Type": "application/json"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def graphql(
        self,
        gql: str,
        variables: Optional[Mapping[str, Any]] = None,
        *,
        operation_name: Optional[str] = None,
        timeout: Optional[float] = None,
        idempotent: Optional[bool] = None,
    ) -> Dict[str, Any]:
        """Run a GraphQL document and return its ``data``. ``idempotent``
        says whether it may be sent again after a failure that leaves unknown
        whether the server ran it; by default, unless it is a mutation."""
        payload: Dict[str, Any] = {"query": gql}
        if variables:
            payload["variables"] = dict(variables)
        if operation_name:
            payload["operationName"] = operation_name
        if idempotent is None:
            idempotent = not is_mutation(gql, operation_name)
        read_timeout = self.timeout if timeout is None else float(timeout)
        return self._answer(self._post(payload, read_timeout, idempotent))

    # ---------------------------------------------------------------- sending

    def _post(self, payload: Dict[str, Any], read_timeout: float, idempotent: bool) -> requests.Response:
        """The last answer to payload, after the retries the rules allow."""
        timeouts = (min(CONNECT_TIMEOUT, read_timeout), read_timeout)
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            try:
                resp = self.session.post(self.url, json=payload, headers=self.headers(), timeout=timeouts)
            except requests.exceptions.ConnectionError as exc:  # refused, reset, DNS, connect timeout
                sent = not _never_connected(exc)
                wait = self._backoff(attempt)
                if (idempotent or not sent) and self._may_wait(attempt, waited, wait):
                    time.sleep(wait)
                    waited += wait
                    continue
                if sent and not idempotent:
                    raise CasegraphError(
                        f"the connection to casegraph at {self.url} failed after the request was sent: {exc}; "
                        "a mutation is not sent again, since the server may have run it", code="connection") from exc
                raise CasegraphError(
                    f"could not connect to casegraph at {self.url} (tried {attempt} times): {exc}",
                    code="connection") from exc
            except requests.exceptions.Timeout as exc:
                raise CasegraphError(
                    f"casegraph at {self.url} did not answer within {read_timeout:g} s (timeout); "
                    "narrow the query or pass a larger timeout", code="timeout") from exc
            except requests.exceptions.RequestException as exc:
                raise CasegraphError(f"request to casegraph at {self.url} failed: {exc}",
                                     code="connection") from exc
            wait = self.retry_wait(resp, attempt, idempotent)
            if wait is not None and self._may_wait(attempt, waited, wait):
                resp.close()
                time.sleep(wait)
                waited += wait
                continue
            return resp

    def retry_wait(self, resp: requests.Response, attempt: int, idempotent: bool) -> Optional[float]:
        """Seconds to wait before sending again after resp (the answer to try
        number ``attempt``), or None if it is not to be sent again."""
        status = resp.status_code
        if status not in RETRY_STATUSES:
            return None
        if not idempotent and not (status in (429, 503) and _refused_before_running(resp)):
            return None
        after = retry_after(resp)
        if status == 429:
            return after  # a limit with no Retry-After is not one that waiting lifts
        return self._backoff(attempt) if after is None else after

    def _backoff(self, attempt: int) -> float:
        return min(self.backoff * (2 ** (attempt - 1)), MAX_BACKOFF)

    def _may_wait(self, attempt: int, waited: float, wait: float) -> bool:
        return attempt <= self.retries and waited + wait <= self.max_wait

    # --------------------------------------------------------------- decoding

    def _answer(self, resp: requests.Response) -> Dict[str, Any]:
        """The data of an answer, or the CasegraphError it stands for."""
        status = resp.status_code
        request_id = resp.headers.get("X-Request-Id")
        after = retry_after(resp)
        try:
            body = resp.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            snippet = (resp.text or "").strip().replace("\n", " ")[:200]
            raise CasegraphError(
                f"casegraph at {self.url} answered HTTP {status} without a GraphQL JSON body: {snippet!r}",
                status=status, code="protocol", request_id=request_id, retry_after=after)
        errors = body.get("errors") or []
        first = errors[0] if errors else {}
        ext = first.get("extensions") or {}
        code = ext.get("code") or body.get("code")
        request_id = ext.get("requestId") or body.get("requestId") or request_id
        detail = body.get("error") or first.get("message") or f"HTTP {status}"

        if status == 401:
            hint = ("no token was sent: pass Client(url, token=...) or set CASEGRAPH_TOKEN"
                    if not self.token else "the token sent was refused")
            raise CasegraphError(f"authentication failed (HTTP 401): {detail} ({hint})",
                                 errors=errors, status=status, code=code or "unauthenticated",
                                 request_id=request_id, retry_after=after)
        if status == 403:
            raise CasegraphError(f"permission denied (HTTP 403): {detail}", errors=errors, status=status,
                                 code=code or "forbidden", request_id=request_id)
        if errors:
            if len(errors) == 1:
                msg = describe(first)
            else:
                msg = f"{len(errors)} errors: " + "; ".join(describe(e) for e in errors)
            if status == 503:
                msg = f"casegraph is unavailable (HTTP 503): {msg}"
            elif status == 429:
                msg = f"casegraph refused the request for now (HTTP 429): {msg}"
            if after is not None and status in (429, 503):
                msg += f"; the server asks to wait {after:g} s"
            if request_id:
                msg += f" (request {request_id})"
            raise CasegraphError(msg, errors=errors, status=status, code=code, request_id=request_id,
                                 data=body.get("data"), retry_after=after)
        if status != 200:
            raise CasegraphError(f"casegraph answered HTTP {status}: {detail}", status=status,
                                 code=code, request_id=request_id, retry_after=after)
        if "data" not in body or body["data"] is None:
            raise CasegraphError("casegraph answered without data or errors", status=status,
                                 code="protocol", request_id=request_id)
        return body["data"]


def describe(err: Mapping[str, Any]) -> str:
    """One GraphQL error in words: its message, code and path."""
    msg = str(err.get("message", "")).strip() or "(no message)"
    ext = err.get("extensions") or {}
    bits = []
    if ext.get("code"):
        bits.append(str(ext["code"]))
    if err.get("path"):
        bits.append("at " + ".".join(str(p) for p in err["path"]))
    return f"{msg} [{', '.join(bits)}]" if bits else msg


def retry_after(resp: requests.Response) -> Optional[float]:
    """The wait a Retry-After header asks for, in seconds (given as seconds
    or as an HTTP date), or None when there is none or it cannot be read."""
    value = (resp.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _refused_before_running(resp: requests.Response) -> bool:
    """Whether casegraph says it did nothing with the request: its refusals
    made before a request runs (limits, the outage gate, the token check)
    are JSON with an error and no ``data``; a GraphQL answer whose execution
    began has ``data``, even null."""
    try:
        body = resp.json()
    except ValueError:
        return False
    return isinstance(body, dict) and "data" not in body and bool(body.get("errors") or body.get("error"))


def _never_connected(exc: requests.exceptions.ConnectionError) -> bool:
    """Whether a connection error happened before any byte of the request
    was sent (refused, no such host, connect timeout)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    from urllib3.exceptions import ConnectTimeoutError  # NewConnectionError is one

    cause = exc.args[0] if exc.args else None
    return isinstance(getattr(cause, "reason", cause), ConnectTimeoutError)


# ----------------------------------------------------------- operation types

def is_mutation(gql: str, operation_name: Optional[str] = None) -> bool:
    """Whether the operation a document runs may change the graph: a
    mutation, or (when the document cannot be read, or has several
    operations and none is named) possibly one."""
    ops = operations(gql)
    if operation_name:
        ops = [op for op in ops if op[1] == operation_name]
    if not ops:
        return True
    return any(kind != "query" for kind, _ in ops)


def operations(gql: str) -> List[Tuple[str, Optional[str]]]:
    """The (type, name) of each operation of a GraphQL document, in order;
    fragments are left out. Reads only what sits outside selection sets,
    variable definitions, strings and comments."""
    ops: List[Tuple[str, Optional[str]]] = []
    words: List[str] = []
    depth = parens = 0
    i, n = 0, len(gql)
    while i < n:
        c = gql[i]
        if c == "#":
            end = gql.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if gql.startswith('"""', i):
            end = gql.find('"""', i + 3)
            while end > 0 and gql[end - 1] == "\\":
                end = gql.find('"""', end + 3)
            i = n if end < 0 else end + 3
            continue
        if c == '"':
            i += 1
            while i < n and gql[i] not in '"\n':
                i += 2 if gql[i] == "\\" else 1
            i += 1
            continue
        if c == "(":
            parens += 1
        elif c == ")":
            parens = max(0, parens - 1)
        elif c == "{" and parens == 0:
            if depth == 0:
                if not words:
                    ops.append(("query", None))  # the shorthand { ... }
                elif words[0] in ("query", "mutation", "subscription"):
                    ops.append((words[0], words[1] if len(words) > 1 and words[1] != "@" else None))
                words = []
            depth += 1
        elif c == "}" and parens == 0:
            depth = max(0, depth - 1)
        elif depth == 0 and parens == 0 and (c.isalpha() or c == "_" or c == "@"):
            j = i + 1
            while j < n and (gql[j].isalnum() or gql[j] == "_"):
                j += 1
            words.append("@" if c == "@" else gql[i:j])
            i = j
            continue
        i += 1
    return ops
