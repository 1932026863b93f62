"""Network analysis against the live server (its Neo4j has Graph Data Science:
the launcher ships it)."""

from __future__ import annotations


def test_analyze_waits_and_metrics_are_computed_by_their_job(client):
    job = client.analyze("degree", timeout=300)
    assert job["status"] == "done" and job["algorithm"] == "DEGREE" and job["nodes"] > 0 and job["results"] > 0
    top = client.top_entities("DEGREE", job=job["id"], limit=5)
    assert len(top) == 5
    assert top["computed"].all() and set(top["job"]) == {job["id"]}
    assert top["value"].is_monotonic_decreasing and top["value"].iloc[0] >= 1
    again = client.metrics(top["entity_id"].tolist(), "DEGREE", job=job["id"])
    assert sorted(again["value"]) == sorted(top["value"])
    assert client.analysis_job(job["id"])["parameters"] is not None


def test_communities_as_a_frame(client):
    job = client.analyze("wcc", relationships=["PAID", "OWNERSHIP", "DIRECTORSHIP", "EMPLOYMENT", "ASSOCIATE"],
                         weight="amount", timeout=300)
    df = client.communities(job["id"], members=5)
    assert len(df) > 0 and df["size"].is_monotonic_decreasing
    assert int(df["size"].sum()) == job["results"]
    assert df["computed"].all() and (df["members"].map(len) <= 5).all()
