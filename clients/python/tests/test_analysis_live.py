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


def test_projection_graph_is_what_the_jobs_run_on(client, count_posts):
    job = client.analyze("degree", dataset="backpage", timeout=300)
    G = client.projection_graph(dataset="backpage", page_size=3)
    pages = len(count_posts) - 2  # the analyze mutation and at least one wait poll came first
    assert not G.graph["truncated"] and G.graph["hidden"] == 0 and not G.graph["stopped"]
    assert G.number_of_nodes() == job["nodes"]
    # GDS counts each undirected link both ways; the export lists each once
    assert 2 * G.graph["links"] == job["links"]
    assert G.graph["pages"] >= 2 and pages >= G.graph["pages"]
    assert all(d["weight"] > 0 for _, _, d in G.edges(data=True))
    degree = client.metrics(list(G.nodes), "DEGREE", job=job["id"]).set_index("entity_id")["value"]
    for n in G.nodes:  # degree counts links, and parallel links were summed into one edge
        assert degree[n] == sum(d["links"] for _, _, d in G.edges(n, data=True)), n


def test_projection_graph_says_when_it_stopped_short(client):
    G = client.projection_graph(dataset="backpage", max_links=5, page_size=2)
    assert G.graph["stopped"] and G.graph["truncated"] and G.graph["links"] == 5
    hub = client.projection_graph(dataset="backpage", per_node=1)
    assert hub.graph["hidden"] > 0 and hub.graph["truncated"]
