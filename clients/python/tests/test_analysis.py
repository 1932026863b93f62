"""Network analysis frames and job waiting (no server)."""

from __future__ import annotations

import datetime as dt

import pytest

from casegraph import CasegraphError
from casegraph.analysis import communities_frame, job_dict, metrics_frame, projection_input, wait


def test_projection_input_sends_only_what_is_chosen():
    assert projection_input() is None
    assert projection_input(relationships=("PAID",), since=dt.date(2020, 1, 31), weight="amount") == {
        "relationships": ["PAID"], "since": "2020-01-31", "weight": "AMOUNT"}
    assert projection_input(dataset="leaks", until="2021") == {"dataset": "leaks", "until": "2021"}


def test_metrics_frame_marks_every_value_computed_with_its_job():
    df = metrics_frame([
        {"computed": True, "entityId": "a", "algorithm": "PAGERANK", "value": 0.7, "community": None,
         "computedAt": "2026-01-02T03:04:05Z", "parameters": {"dampingFactor": 0.85}, "job": {"id": "j1"}},
        {"computed": True, "entityId": "b", "algorithm": "LOUVAIN", "value": None, "community": "3",
         "computedAt": "2026-01-02T03:04:05Z", "parameters": {}, "job": {"id": "j2"}},
    ])
    assert list(df.columns[:8]) == ["entity_id", "algorithm", "value", "community", "computed", "job",
                                    "computed_at", "parameters"]
    assert df["computed"].tolist() == [True, True]
    assert df["job"].tolist() == ["j1", "j2"]
    assert df["value"].dtype == "float64" and df["value"][0] == 0.7 and df["value"].isna()[1]
    assert df["community"].isna()[0] and df["community"][1] == "3"
    assert metrics_frame([]).columns.tolist()[:3] == ["entity_id", "algorithm", "value"]


def test_communities_frame_has_sizes_and_internal_money():
    df = communities_frame([
        {"id": "8", "size": 6, "members": ["a", "b"], "payments": 2,
         "internalMoney": [{"currency": "EUR", "total": 200.0}, {"currency": "USD", "total": 5.0}]},
        {"id": "9", "size": 2, "members": ["c"], "payments": 0, "internalMoney": []},
    ], "j1")
    assert df["size"].tolist() == [6, 2] and str(df["size"].dtype) == "int64"
    assert df["internal_money"][0] == {"EUR": 200.0, "USD": 5.0} and df["internal_money"][1] == {}
    assert df["computed"].all() and set(df["job"]) == {"j1"}


def test_wait_returns_the_finished_job_and_raises_on_failure():
    states = iter(["queued", "running", "done"])
    got = wait(lambda _id: {"id": "j", "status": next(states), "stage": "x"}, "j", timeout=5, poll=0.01)
    assert got["status"] == "done"
    with pytest.raises(CasegraphError, match="failed: this Neo4j has no Graph Data Science library"):
        wait(lambda _id: {"status": "failed", "error": "this Neo4j has no Graph Data Science library: …"},
             "j", timeout=5, poll=0.01)
    with pytest.raises(CasegraphError, match="still running"):
        wait(lambda _id: {"status": "running", "stage": "computing"}, "j", timeout=0.05, poll=0.01)


def test_job_dict_counts_are_ints():
    j = job_dict({"id": "j", "nodes": 3.0, "links": None, "results": 3, "startedAt": "t"})
    assert (j["nodes"], j["links"], j["results"], j["started_at"]) == (3, 0, 3, "t")
