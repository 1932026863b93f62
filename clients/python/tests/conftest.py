"""Fixtures for the tests against a live casegraph.

The live tests need a running ``casegraph serve`` with authentication on and
the Backpage demo loaded (``--load examples/backpage/mapping.yml``), named by

    CASEGRAPH_URL    e.g. http://127.0.0.1:18091
    CASEGRAPH_TOKEN  an analyst token (casegraph token create --role analyst ...)

scripts/test-python.sh (run by ``make test``) starts one and sets both. When
they are missing the live tests fail, and say so; they never skip.
"""

from __future__ import annotations

import os

import pytest

import casegraph

LACEY = "backpage-michael-lacey"
LARKIN = "backpage-jim-larkin"
ALLEN = "backpage-allen"
DOJ = "backpage-doj"
HUNGARIAN_BANK = "backpage-hungarian-bank"
VIRGINIA_MEETING = "backpage-meeting-2011-03-virginia"


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(
            f"{name} is not set: these tests need a running `casegraph serve` (auth on, demo loaded) "
            "and an analyst token; run scripts/test-python.sh (make test), which starts one",
            pytrace=False)
    return value


@pytest.fixture(scope="session")
def url() -> str:
    return _required("CASEGRAPH_URL")


@pytest.fixture(scope="session")
def token() -> str:
    return _required("CASEGRAPH_TOKEN")


@pytest.fixture(scope="session")
def client(url: str, token: str) -> casegraph.Client:
    c = casegraph.Client(url, token, timeout=60)
    yield c
    c.close()


@pytest.fixture
def count_posts(client, monkeypatch):
    """Records the variables of every request the client sends."""
    sent = []
    post = client._session.post

    def counting(*args, **kwargs):
        sent.append((kwargs.get("json") or {}).get("variables") or {})
        return post(*args, **kwargs)

    monkeypatch.setattr(client._session, "post", counting)
    return sent
