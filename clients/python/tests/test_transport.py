"""Retries, timeouts and error answers, against small stand-in HTTP servers on
loopback (the failures a live casegraph cannot be made to produce on demand)."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import casegraph
from casegraph import CasegraphError


class Stub:
    """A loopback HTTP server answering each POST with the next of `answers`
    (status, body, delay); the last one repeats."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                stub.requests.append({"headers": dict(self.headers), "body": json.loads(self.rfile.read(n))})
                i = min(len(stub.requests), len(stub.answers)) - 1
                status, body, delay = stub.answers[i]
                if delay:
                    time.sleep(delay)
                raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json" if not isinstance(body, str) else "text/html")
                    self.send_header("Content-Length", str(len(raw)))
                    self.send_header("X-Request-Id", f"req-{len(stub.requests)}")
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
