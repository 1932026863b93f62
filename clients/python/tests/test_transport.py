"""Retries, timeouts and error answers, against small stand-in HTTP servers on
loopback (the failures a live casegraph cannot be made to produce on demand)."""

from __future__ import annotations

import email.utils
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import requests
import pytest

import casegraph
from casegraph import CasegraphError
from casegraph import client as client_module
from casegraph.ingest import INGEST_ROWS
from casegraph.transport import is_mutation


class Stub:
    """A loopback HTTP server answering each POST with the next of `answers`
    (status, body, delay[, headers]); the last one repeats. A status of None
    closes the connection without an answer."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                stub.requests.append({"headers": dict(self.headers), "body": json.loads(self.rfile.read(n))})
                i = min(len(stub.requests), len(stub.answers)) - 1
                status, body, delay, *extra = stub.answers[i]
                if delay:
                    time.sleep(delay)
                if status is None:
                    self.close_connection = True
                    return
                raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json" if not isinstance(body, str) else "text/html")
                    self.send_header("Content-Length", str(len(raw)))
                    self.send_header("X-Request-Id", f"req-{len(stub.requests)}")
                    for k, v in (extra[0] if extra else {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    made = []

    def make(*answers):
        s = Stub(answers)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_retried_then_reported():
    c = casegraph.Client(f"http://127.0.0.1:{closed_port()}", token="t", retries=2, backoff=0.01)
    calls = []
    post = c._session.post
    c._session.post = lambda *a, **kw: (calls.append(1), post(*a, **kw))[1]
    with pytest.raises(CasegraphError) as info:
        c.query("{ stats { nodes } }")
    assert len(calls) == 3
    assert info.value.code == "connection"
    assert info.value.status is None
    assert "could not connect" in str(info.value) and "tried 3 times" in str(info.value)


def test_unavailable_is_retried_until_it_answers(stub):
    s = stub((503, {"errors": [{"message": "Neo4j is not reachable", "extensions": {"code": "unavailable"}}]}, 0),
             (200, {"data": {"stats": {"nodes": 7}}}, 0))
    c = casegraph.Client(s.url, token="t", retries=3, backoff=0.01)
    assert c.query("{ stats { nodes } }") == {"stats": {"nodes": 7}}
    assert len(s.requests) == 2


def test_unavailable_after_every_retry_shows_the_servers_message(stub):
    s = stub((503, {"errors": [{"message": "Neo4j is not reachable", "extensions": {"code": "unavailable",
                                                                                    "requestId": "r1"}}]}, 0))
    c = casegraph.Client(s.url, token="t", retries=1, backoff=0.01)
    with pytest.raises(CasegraphError) as info:
        c.query("{ stats { nodes } }")
    assert len(s.requests) == 2
    assert info.value.status == 503 and info.value.code == "unavailable"
    assert "Neo4j is not reachable" in str(info.value) and "unavailable" in str(info.value)


def test_timeout_is_reported_and_not_retried(stub):
    s = stub((200, {"data": {}}, 1.5))
    c = casegraph.Client(s.url, token="t", timeout=0.3, retries=3, backoff=0.01)
    started = time.monotonic()
    with pytest.raises(CasegraphError) as info:
        c.query("{ stats { nodes } }")
    assert time.monotonic() - started < 1.4
    assert info.value.code == "timeout"
    assert "did not answer within 0.3 s" in str(info.value)
    assert len(s.requests) == 1


def test_per_call_timeout_overrides_the_clients(stub):
    s = stub((200, {"data": {"ok": True}}, 0.5))
    c = casegraph.Client(s.url, token="t", timeout=0.1, retries=0)
    assert c.query("{ ok }", timeout=5) == {"ok": True}


def test_a_page_that_is_not_json(stub):
    s = stub((502, "<html>Bad Gateway</html>", 0))
    c = casegraph.Client(s.url, token="t", retries=1, backoff=0.01)
    with pytest.raises(CasegraphError) as info:
        c.query("{ ok }")
    assert len(s.requests) == 2
    assert info.value.status == 502 and info.value.code == "protocol"
    assert "Bad Gateway" in str(info.value)


def test_401_mentions_authentication_and_sends_the_token(stub):
    s = stub((401, {"error": "the API token is not valid (unknown or revoked)", "code": "unauthenticated"}, 0))
    c = casegraph.Client(s.url, token="cg_secret", retries=3)
    with pytest.raises(CasegraphError) as info:
        c.query("{ ok }")
    assert len(s.requests) == 1  # a refused token is not retried
    assert s.requests[0]["headers"]["Authorization"] == "Bearer cg_secret"
    assert str(info.value).startswith("authentication failed (HTTP 401): the API token is not valid")
    assert info.value.code == "unauthenticated"
    assert "cg_secret" not in str(info.value) and "cg_secret" not in repr(c)


def test_403_is_permission_denied(stub):
    s = stub((403, {"error": "this needs the analyst role; the token \"nb\" has the viewer role",
                    "code": "forbidden"}, 0))
    with pytest.raises(CasegraphError) as info:
        casegraph.Client(s.url, token="t").query("mutation { x }")
    assert "permission denied" in str(info.value) and "analyst role" in str(info.value)
    assert info.value.code == "forbidden"


def test_every_graphql_error_is_kept(stub):
    errors = [{"message": "first problem", "path": ["a"], "extensions": {"code": "invalid", "requestId": "rq"}},
              {"message": "second problem", "extensions": {"code": "not_found", "requestId": "rq"}}]
    s = stub((200, {"data": {"a": None}, "errors": errors}, 0))
    with pytest.raises(CasegraphError) as info:
        casegraph.Client(s.url, token="t").query("{ a b }")
    err = info.value
    assert err.errors == errors
    assert err.messages == ["first problem", "second problem"]
    assert err.data == {"a": None}
    assert err.request_id == "rq"
    assert "first problem [invalid, at a]" in str(err) and "second problem [not_found]" in str(err)


def test_variables_and_url(stub):
    s = stub((200, {"data": {"ok": 1}}, 0))
    c = casegraph.Client(s.url + "/", token="")
    c.query("query($x: Int) { ok(x: $x) }", {"x": 3}, operation_name=None)
    assert c.url == s.url + "/graphql"
    body = s.requests[0]["body"]
    assert body == {"query": "query($x: Int) { ok(x: $x) }", "variables": {"x": 3}}
    assert "Authorization" not in s.requests[0]["headers"]
    assert casegraph.Client("localhost:8080/graphql").url == "http://localhost:8080/graphql"


def test_token_and_url_from_the_environment(monkeypatch):
    monkeypatch.setenv("CASEGRAPH_URL", "http://example.invalid:9999")
    monkeypatch.setenv("CASEGRAPH_TOKEN", "cg_env")
    c = casegraph.Client()
    assert c.url == "http://example.invalid:9999/graphql" and c.token == "cg_env"
    assert casegraph.Client(token="").token is None


def test_pagination_that_does_not_advance_is_an_error(stub):
    page = {"data": {"search": {"edges": [{"node": {"id": "a"}}],
                                "pageInfo": {"hasNextPage": True, "endCursor": "same"}}}}
    s = stub((200, page, 0))
    c = casegraph.Client(s.url, token="t")
    got = []
    with pytest.raises(CasegraphError, match="did not advance"):
        for item in c.paginate("query($first: Int, $after: String) { search { edges { node { id } } } }"):
            got.append(item)
    assert len(got) == 2 and len(s.requests) == 2
    assert s.requests[1]["body"]["variables"] == {"first": 100, "after": "same"}


# ------------------------------------------------ headers, Retry-After, mutations

MUTATION = "mutation M($x: Int) { bump(x: $x) }"


def refusal(code, message):
    """The server's answer to a request it refused before running it (a limit,
    the outage gate, the token check): no data."""
    return {"error": message, "code": code, "requestId": "rq",
            "errors": [{"message": message, "extensions": {"code": code, "requestId": "rq"}}]}


BUSY = refusal("too_much", 'the token "nb" already has 8 requests running; wait for one to finish')
DOWN = refusal("unavailable", "Neo4j is not reachable; try again shortly")


def test_every_request_says_it_sends_and_wants_json(stub):
    s = stub((200, {"data": {"ok": 1}}, 0))
    casegraph.Client(s.url, token="t").query("{ ok }")
    headers = s.requests[0]["headers"]
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith("casegraph-python/")


def test_429_is_retried_after_the_wait_the_server_asks(stub):
    s = stub((429, BUSY, 0, {"Retry-After": "1"}), (200, {"data": {"ok": 1}}, 0))
    c = casegraph.Client(s.url, token="t", retries=3, backoff=0.01)
    started = time.monotonic()
    assert c.query("{ ok }") == {"ok": 1}
    assert time.monotonic() - started >= 0.95  # Retry-After, not the 0.01 s backoff
    assert len(s.requests) == 2


def test_503_waits_its_retry_after_rather_than_the_backoff(stub):
    s = stub((503, DOWN, 0, {"Retry-After": "1"}), (200, {"data": {"ok": 1}}, 0))
    c = casegraph.Client(s.url, token="t", retries=3, backoff=0.01)
    started = time.monotonic()
    assert c.query("{ ok }") == {"ok": 1}
    assert time.monotonic() - started >= 0.95
    assert len(s.requests) == 2


def test_429_without_retry_after_is_not_retried(stub):
    s = stub((429, BUSY, 0))
    with pytest.raises(CasegraphError) as info:
        casegraph.Client(s.url, token="t", retries=3, backoff=0.01).query("{ ok }")
    assert len(s.requests) == 1
    assert info.value.status == 429 and info.value.code == "too_much" and info.value.retry_after is None


def test_a_wait_longer_than_max_wait_is_reported_not_made(stub):
    s = stub((429, BUSY, 0, {"Retry-After": "120"}))
    c = casegraph.Client(s.url, token="t", retries=3, max_wait=5)
    started = time.monotonic()
    with pytest.raises(CasegraphError) as info:
        c.query("{ ok }")
    assert time.monotonic() - started < 1
    assert len(s.requests) == 1
    err = info.value
    assert err.status == 429 and err.code == "too_much" and err.request_id == "rq"
    assert err.retry_after == 120
    assert "HTTP 429" in str(err) and "8 requests running" in str(err) and "wait 120 s" in str(err)


def test_the_waits_of_one_call_are_bounded_in_all(stub):
    s = stub((503, DOWN, 0, {"Retry-After": "1"}))
    c = casegraph.Client(s.url, token="t", retries=10, max_wait=2.5)
    started = time.monotonic()
    with pytest.raises(CasegraphError) as info:
        c.query("{ ok }")
    assert 1.9 <= time.monotonic() - started < 2.5 + 1
    assert len(s.requests) == 3  # waited 1 s twice; a third wait would pass 2.5 s
    assert info.value.code == "unavailable" and info.value.retry_after == 1


def test_retry_after_as_an_http_date(stub):
    when = email.utils.formatdate(time.time() + 1, usegmt=True)
    s = stub((503, DOWN, 0, {"Retry-After": when}), (200, {"data": {"ok": 1}}, 0))
    c = casegraph.Client(s.url, token="t", retries=1, backoff=0)
    assert c.query("{ ok }") == {"ok": 1}
    assert len(s.requests) == 2


@pytest.mark.parametrize("answer", [(429, BUSY, 0, {"Retry-After": "1"}), (503, DOWN, 0, {"Retry-After": "1"})],
                         ids=["too_much", "unavailable"])
def test_a_mutation_the_server_refused_before_running_is_sent_again(stub, answer):
    s = stub(answer, (200, {"data": {"bump": 1}}, 0))
    c = casegraph.Client(s.url, token="t", retries=3, backoff=0.01)
    assert c.query(MUTATION, {"x": 1}) == {"bump": 1}
    assert len(s.requests) == 2


@pytest.mark.parametrize("answer", [
    (503, {"data": {"bump": None}, "errors": [{"message": "Neo4j is not reachable", "path": ["bump"],
                                               "extensions": {"code": "unavailable", "requestId": "rq"}}]},
     0, {"Retry-After": "1"}),
    (503, {"data": None, "errors": [{"message": "Neo4j is not reachable",
                                     "extensions": {"code": "unavailable"}}]}, 0),
    (502, "<html>Bad Gateway</html>", 0),
    (504, "<html>Gateway Timeout</html>", 0),
], ids=["503-with-data", "503-data-null", "502", "504"])
def test_a_mutation_that_may_have_run_is_not_sent_again(stub, answer):
    s = stub(answer, (200, {"data": {"bump": 1}}, 0))
    c = casegraph.Client(s.url, token="t", retries=3, backoff=0.01)
    with pytest.raises(CasegraphError) as info:
        c.query(MUTATION, {"x": 1})
    assert len(s.requests) == 1
    assert info.value.status == answer[0]


def test_a_dropped_connection_is_retried_for_a_query_not_for_a_mutation(stub):
    s = stub((None, "", 0))
    c = casegraph.Client(s.url, token="t", retries=2, backoff=0.01)
    with pytest.raises(CasegraphError) as info:
        c.query("{ ok }")
    assert len(s.requests) == 3 and info.value.code == "connection"
    s.requests.clear()
    with pytest.raises(CasegraphError) as info:
        c.query(MUTATION)
    assert len(s.requests) == 1 and info.value.code == "connection"
    assert "after the request was sent" in str(info.value) and "not sent again" in str(info.value)


def test_a_mutation_is_sent_again_when_it_could_not_connect():
    c = casegraph.Client(f"http://127.0.0.1:{closed_port()}", token="t", retries=2, backoff=0.01)
    calls = []
    post = c._session.post
    c._session.post = lambda *a, **kw: (calls.append(1), post(*a, **kw))[1]
    with pytest.raises(CasegraphError, match="tried 3 times"):
        c.query(MUTATION)
    assert len(calls) == 3


def test_ingest_sends_a_batch_again_only_if_the_server_did_nothing(stub):
    done = {"data": {"ingestRows": {"jobId": "j1", "status": "done", "rowsRead": 1, "rowsLoaded": 1,
                                    "rowsRejected": 0, "errors": [], "preview": []}}}
    s = stub((429, BUSY, 0, {"Retry-After": "1"}), (200, done, 0))
    c = casegraph.Client(s.url, token="t", retries=3, backoff=0.01)
    report = c.ingest_dataframe(pd.DataFrame({"name": ["x"]}), "dataset: d\n")
    assert report.job_ids == ["j1"] and len(s.requests) == 2
    assert s.requests[0]["body"] == s.requests[1]["body"]

    s = stub((503, {"data": {"ingestRows": None}, "errors": [{"message": "Neo4j is not reachable",
                                                                "extensions": {"code": "unavailable"}}]},
              0, {"Retry-After": "1"}), (200, done, 0))
    c = casegraph.Client(s.url, token="t", retries=3, backoff=0.01)
    with pytest.raises(CasegraphError) as info:
        c.ingest_dataframe(pd.DataFrame({"name": ["x"]}), "dataset: d\n")
    assert len(s.requests) == 1 and info.value.code == "unavailable"


@pytest.mark.parametrize("gql, name, mutation", [
    ("{ a }", None, False),
    ("query Q { a }", None, False),
    ("query Q($x: In = {a: 1}) @cached(ttl: 5) { a(x: $x) { b } }", None, False),
    ("fragment F on T { a } query Q { ...F }", None, False),
    ("# mutation { drop }\nquery { a }", None, False),
    ('query { a(s: "mutation { b }", t: """ } mutation { """) }', None, False),
    ("mutation M { a }", None, True),
    ("  mutation{a}", None, True),
    ("subscription S { a }", None, True),
    ("query Q { a } mutation M { b }", "Q", False),
    ("query Q { a } mutation M { b }", "M", True),
    ("query Q { a } mutation M { b }", None, True),  # which one runs is the server's to say
    ("", None, True),  # unreadable: assume the worst
], ids=lambda v: repr(v))
def test_which_documents_are_mutations(gql, name, mutation):
    assert is_mutation(gql, name) is mutation


def test_the_ingest_mutation_is_one():
    assert is_mutation(INGEST_ROWS)
    assert not any(is_mutation(q) for q in (client_module.SEARCH, client_module.NEIGHBORHOOD,
                                            client_module.STATS, client_module.INGEST_JOBS))


def test_a_given_session_keeps_its_own_user_agent(stub):
    s = stub((200, {"data": {"ok": 1}}, 0))
    session = requests.Session()
    session.headers["User-Agent"] = "my-notebook/1"
    casegraph.Client(s.url, token="t", session=session).query("{ ok }")
    assert s.requests[0]["headers"]["User-Agent"] == "my-notebook/1"
