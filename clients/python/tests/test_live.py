"""The client against a live casegraph serving the Backpage demo (see conftest.py).

The expected values are the facts in examples/backpage/FACTS.md.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import casegraph
from casegraph import CasegraphError

from conftest import ALLEN, DOJ, HUNGARIAN_BANK, LACEY, LARKIN, VIRGINIA_MEETING

# --------------------------------------------------------------------- errors


def test_wrong_token_is_a_clear_authentication_error(url):
    bad = casegraph.Client(url, token="cg_this-is-not-a-real-token", retries=0)
    with pytest.raises(CasegraphError) as info:
        bad.search("lacey")
    err = info.value
    assert "authentication" in str(err).lower()
    assert "token" in str(err).lower()
    assert err.status == 401
    assert err.code == "unauthenticated"
    assert err.request_id


def test_missing_token_says_how_to_give_one(url):
    anon = casegraph.Client(url, token="", retries=0)
    with pytest.raises(CasegraphError) as info:
        anon.stats()
    assert "authentication" in str(info.value).lower()
    assert "CASEGRAPH_TOKEN" in str(info.value)
    assert info.value.status == 401


def test_query_error_carries_the_servers_message(client):
    with pytest.raises(CasegraphError) as info:
        client.query("{ noSuchField }")
    err = info.value
    assert 'Cannot query field "noSuchField" on type "Query"' in str(err)
    assert err.messages == [err.errors[0]["message"]]
    assert err.code == "invalid"
    assert err.request_id and err.request_id in str(err)


def test_resolver_error_carries_the_servers_message(client):
    with pytest.raises(CasegraphError) as info:
        client.paths(LACEY, "backpage-no-such-entity")
    err = info.value
    assert 'no entity with id "backpage-no-such-entity"' in str(err)
    assert err.code == "not_found"
    assert err.errors[0]["path"] == ["paths"]


def test_server_limits_come_back_as_errors(client):
    with pytest.raises(CasegraphError) as info:
        client.query("query($f: Int) { search(query: \"lacey\", first: $f) { nodes { id } } }", {"f": 100000})
    assert "first must be between 1 and 100" in str(info.value)


# ------------------------------------------------------------------ questions


def test_search_finds_lacey(client):
    hits = client.search("Lacey")
    assert list(hits.columns[:5]) == ["id", "schema", "name", "aliases", "score"]
    lacey = hits[hits["id"] == LACEY]
    assert len(lacey) == 1
    assert lacey.iloc[0]["name"] == "Michael Lacey"
    assert lacey.iloc[0]["schema"] == "Person"
    assert hits["score"].is_monotonic_decreasing


def test_search_by_alias_and_schema(client):
    hits = client.search("Justice Department", schemata=["PublicBody"])
    assert DOJ in set(hits["id"])
    assert set(hits["schema"]) == {"PublicBody"}


def test_entity(client):
    bank = client.entity(HUNGARIAN_BANK)
    assert bank["schema"] == "Company"
    assert bank["jurisdiction"] == "HU"
    assert bank["source_titles"], "every fact cites a source"
    assert client.entity("backpage-no-such-entity") is None


def test_charges_and_outcomes_of_lacey(client):
    charges = client.charges(defendant=LACEY)
    assert len(charges) == 4
    assert charges["outcome"].value_counts().to_dict() == {
        "CONVICTED": 1, "ACQUITTED": 1, "HUNG_JURY": 1, "MISTRIAL": 1}
    assert set(charges["defendant_id"]) == {LACEY}
    assert set(charges["prosecutor_id"]) == {DOJ}
    by_id = charges.set_index("charge_id")
    mistrial = by_id.loc["backpage-lacey-2021-charges"]
    assert mistrial["outcome"] == "MISTRIAL"
    assert mistrial["case_id"] == "backpage-trial-2021"
    assert mistrial["outcome_date"] == "2021"
    assert by_id.loc["backpage-lacey-2023-money-laundering", "counts"] == 1
    assert pd.isna(by_id.loc["backpage-lacey-2023-remaining-counts", "counts"])
    assert (charges["reported_on"] == "2023-11-22").all()


def test_charges_filtered_by_case_and_outcome(client):
    convicted = client.charges(case="backpage-trial-2023", outcome="CONVICTED")
    assert set(convicted["outcome"]) == {"CONVICTED"}
    assert convicted["defendant_id"].value_counts().to_dict() == {
        "backpage-other-backpage-executives": 3, LACEY: 1}


def test_money_flow_reaches_the_hungarian_bank(client):
    mf = client.money_flow(LACEY)
    hungary = mf.flows[mf.flows["beneficiary"] == HUNGARIAN_BANK]
    assert len(hungary) == 1
    row = hungary.iloc[0]
    assert row["payer"] == LACEY
    assert row["total"] == 16_500_000
    assert row["currency"] == "USD"
    assert row["count"] == 1
    assert row["payment_ids"] == ["backpage-payment-hungary-16-5m"]
    assert mf.totals.set_index("currency").loc["USD", "total"] == 16_500_000
    chain = mf.chains.iloc[0]
    assert chain["parties"] == [LACEY, HUNGARIAN_BANK]
    assert chain["dates"] == [None]  # the article gives no date
    assert HUNGARIAN_BANK in set(mf.nodes["id"])

    incoming = client.money_flow(HUNGARIAN_BANK, direction="IN")
    assert incoming.flows.iloc[0][["payer", "total"]].tolist() == [LACEY, 16_500_000]


def test_money_flow_totals_do_not_depend_on_limit(client):
    full = client.money_flow(LACEY)
    one = client.money_flow(LACEY, limit=1)
    assert len(one.chains) == 1
    assert one.truncated == (len(full.chains) > 1)
    assert one.totals.equals(full.totals)
    assert one.flows.equals(full.flows)


def test_meetings_in_2011(client):
    met = client.meetings(participants=[LACEY], since="2011-01-01", until="2011-12-31")
    assert len(met) == 1
    m = met.iloc[0]
    assert m["event_id"] == VIRGINIA_MEETING
    assert m["date"] == "2011-03"  # partial, as the article gives it
    assert m["location"] == "Virginia"
    assert m["n_participants"] == 3
    assert set(m["participant_ids"]) == {LACEY, LARKIN, ALLEN}

    assert len(client.meetings(participants=[LACEY], since="2012")) == 0
    contacts = client.contacts(LACEY)
    assert {LARKIN, ALLEN} <= set(contacts["id"])


def test_path_to_the_doj(client):
    steps = client.paths(LACEY, DOJ)
    assert len(steps) > 0
    for _, path in steps.groupby("path"):
        path = path.sort_values("step")
        assert path["from_id"].iloc[0] == LACEY
        assert path["to_id"].iloc[-1] == DOJ
        assert len(path) == path["length"].iloc[0]
        assert path["to_id"].iloc[:-1].tolist() == path["from_id"].iloc[1:].tolist()
    assert steps["length"].min() == 2  # Lacey -PARTY_TO-> a trial -PROSECUTED_BY-> DOJ
    shortest = steps[steps["path"] == 0]
    assert shortest["type"].tolist() == ["PARTY_TO", "PROSECUTED_BY"]


def test_timeline(client):
    tl = client.timeline(LACEY)
    assert tl["date"].tolist() == sorted(tl["date"].tolist())
    event = tl[tl["entity_id"] == VIRGINIA_MEETING]
    assert event["kind"].tolist() == ["EVENT"]
    assert event["date"].tolist() == ["2011-03"]
    assert "CHARGE_OUTCOME" in set(tl["kind"])


def test_stats(client):
    s = client.stats()
    assert s["nodes"] >= 23 and s["relationships"] >= 35
    assert {"Person", "Charge", "Payment"} <= set(s["by_schema"]["key"])


# ------------------------------------------------------------------ pagination


def test_charges_page_by_page(client, count_posts):
    all_at_once = client.charges(defendant=LACEY)
    count_posts.clear()
    one_by_one = client.charges(defendant=LACEY, page_size=1)
    assert one_by_one["charge_id"].tolist() == all_at_once["charge_id"].tolist()
    assert len(count_posts) == 4  # four pages of one
    assert all(v["first"] == 1 for v in count_posts)
    cursors = [v.get("after") for v in count_posts]
    assert cursors[0] is None and len(set(cursors[1:])) == 3


def test_search_page_by_page(client, count_posts):
    whole = client.search("Lacey", limit=6)
    count_posts.clear()
    paged = client.search("Lacey", limit=6, page_size=1)
    assert len(count_posts) == 6
    assert paged["id"].tolist() == whole["id"].tolist()
    assert paged["id"].is_unique


def test_paginate_any_connection(client):
    gql = """
    query($defendant: ID, $first: Int, $after: String) {
      charges(defendant: $defendant, first: $first, after: $after) {
        nodes { charge { id } outcome }
        pageInfo { hasNextPage endCursor }
      }
    }"""
    items = list(client.paginate(gql, {"defendant": LACEY}, page_size=1))
    assert sorted(i["outcome"] for i in items) == ["ACQUITTED", "CONVICTED", "HUNG_JURY", "MISTRIAL"]
    assert len(list(client.paginate(gql, {"defendant": LACEY}, page_size=1, limit=2))) == 2


# -------------------------------------------------------------------- networkx


def test_neighborhood_frames_and_networkx(client):
    sg = client.neighborhood([LACEY], depth=2)
    nodes, edges = sg
    assert LACEY in set(nodes["id"])
    assert nodes["id"].is_unique and edges["id"].is_unique
    assert set(edges["source"]) | set(edges["target"]) <= set(nodes["id"])

    G = casegraph.to_networkx(sg)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == len(nodes)
    assert G.number_of_edges() == len(edges)
    assert set(G.nodes) == set(nodes["id"])
    assert {k for _, _, k in G.edges(keys=True)} == set(edges["id"])
    assert G.nodes[LACEY]["name"] == "Michael Lacey"
    assert G.nodes[LACEY]["schema"] == "Person"
    assert G.nodes[HUNGARIAN_BANK]["jurisdiction"] == "HU"
    types = {d["type"] for _, _, d in G.edges(data=True)}
    assert {"CHARGED_WITH", "ATTENDED", "PROSECUTED_BY"} <= types
    payments = [d for _, b, d in G.out_edges(LACEY, data=True) if d["type"] == "PAYMENT"]
    assert [(p["amount"], p["currency"]) for p in payments] == [(16_500_000, "USD")]
    assert all(not (isinstance(v, float) and v != v) for _, d in G.nodes(data=True) for v in d.values()), \
        "missing values are left out, not stored as NaN"


def test_money_flow_and_paths_to_networkx(client):
    G = client.money_flow(LACEY).to_networkx()
    assert G.has_edge(LACEY, HUNGARIAN_BANK)
    (data,) = G.get_edge_data(LACEY, HUNGARIAN_BANK).values()
    assert data["total"] == 16_500_000
    P = casegraph.to_networkx(client.paths(LACEY, DOJ))
    assert nx.has_path(P, LACEY, DOJ)
    assert P.nodes[DOJ]["name"] == "U.S. Department of Justice"


# ---------------------------------------------------------------------- ingest

MAPPING = """
dataset: pyclient
source:
  title: casegraph Python client tests
inputs:
  - name: people
    file: people.csv
    entities:
      person:
        schema: Person
        id: id
        required: [id, name]
        properties:
          name: name
          birthDate: {column: born, type: date}
          nationality: {column: nationality, split: ";"}
      employer:
        schema: Company
        id: employer_id
        properties:
          name: employer
    relationships:
      - {type: EMPLOYMENT, from: person, to: employer, role: role}
"""


def people(ids, bad=None):
    rows = []
    for i in ids:
        rows.append({
            "id": f"p-{i}",
            "name": f"Pytest Person {i}",
            "born": pd.Timestamp(f"1960-01-{int(i) % 28 + 1:02d}"),
            "nationality": ["us", "hu"] if int(i) % 2 else None,
            "employer_id": "acme" if int(i) % 2 else None,
            "employer": "Acme Pytest Ltd" if int(i) % 2 else None,
            "role": "clerk",
        })
    df = pd.DataFrame(rows, index=[f"r{i}" for i in ids])
    if bad is not None:
        df["born"] = df["born"].astype(object)
        df.loc[bad, "born"] = "the day after tomorrow"
    return df


def test_ingest_dataframe_is_idempotent(client):
    df = people(["1", "2", "3"])
    first = client.ingest_dataframe(df, MAPPING)
    again = client.ingest_dataframe(df, MAPPING)
    assert first.job_id and first.job_id == again.job_id
    assert first.job_ids == again.job_ids
    assert (first.rows_read, first.rows_loaded, first.rows_rejected) == (3, 3, 0)
    assert (again.rows_read, again.rows_loaded, again.rows_rejected) == (3, 3, 0)
    assert first.status == "done"
    assert len(first.rejects) == 0

    p1 = client.entity("pyclient-p-1")
    assert p1["name"] == "Pytest Person 1"
    assert p1["birth_date"] == "1960-01-02"  # a Timestamp goes as an ISO date
    assert sorted(p1["nationality"]) == ["hu", "us"]  # a list cell is a multi-valued property
    sg = client.neighborhood("pyclient-p-1")
    assert ("EMPLOYMENT", "pyclient-acme") in set(zip(sg.edges["type"], sg.edges["target"]))
    assert client.entity("pyclient-p-2")["name"] == "Pytest Person 2"  # no employer: no link, still loaded


def test_ingest_dataframe_returns_rejects(client):
    df = people(["11", "12", "13"], bad="r12")
    report = client.ingest_dataframe(df, MAPPING)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (3, 2, 1)
    rej = report.rejects
    assert rej.index.tolist() == ["r12"]
    r = rej.loc["r12"]
    assert r["column"] == "born"
    assert r["value"] == "the day after tomorrow"
    assert "date" in r["reason"]
    assert r["row"] == 3  # the header is row 1
    assert r["job_id"] == report.job_id
    assert df.loc[rej.index, "id"].tolist() == ["p-12"]
    assert client.entity("pyclient-p-12") is None
    assert client.entity("pyclient-p-13")["name"] == "Pytest Person 13"


def test_ingest_dataframe_in_batches(client):
    df = people(["21", "22", "23", "24", "25"], bad="r24")
    report = client.ingest_dataframe(df, MAPPING, batch_size=2)
    assert len(report.job_ids) == 3 and len(set(report.job_ids)) == 3
    assert report.job_id is None
    assert report.jobs["rows"].tolist() == [2, 2, 1]
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (5, 4, 1)
    assert report.rejects.index.tolist() == ["r24"]
    assert report.rejects.loc["r24", "batch"] == 1
    assert report.rejects.loc["r24", "row"] == 3
    again = client.ingest_dataframe(df, MAPPING, batch_size=2)
    assert again.job_ids == report.job_ids


def test_ingest_dataframe_dry_run_with_a_dict_mapping(client):
    mapping = {
        "dataset": "pyclient",
        "source": {"title": "casegraph Python client tests"},
        "inputs": [{
            "name": "dry",
            "file": "dry.csv",
            "entities": {"person": {"schema": "Person", "id": "id", "required": ["id", "name"],
                                    "properties": {"name": "name"}}},
        }],
    }
    df = pd.DataFrame({"id": ["dry-1", "dry-2"], "name": ["Dry Run One", None]})
    report = client.ingest_dataframe(df, mapping, dry_run=True)
    assert report.dry_run
    assert "pyclient-dry-1" in set(report.preview["id"])
    assert report.rows_rejected == 1
    assert report.rejects.index.tolist() == [1]
    assert report.rejects.loc[1, "column"] == "name"
    assert client.entity("pyclient-dry-1") is None  # a dry run writes nothing


def test_ingest_bad_mapping_is_an_error(client):
    with pytest.raises(CasegraphError) as info:
        client.ingest_dataframe(people(["31"]), "dataset: pyclient\ninputs: []\n")
    assert info.value.code == "invalid"


# ---------------------------------------------------------- cross-referencing

XREF_MAPPING = """
dataset: pyxref
source:
  title: casegraph Python client tests (cross-referencing)
inputs:
  - name: people
    file: people.csv
    entities:
      person:
        schema: Person
        id: id
        required: [id, name]
        properties:
          name: name
"""


def test_xref_judge_and_the_merged_view(client):
    df = pd.DataFrame([{"id": "lacey", "name": "LACEY, Michael"}, {"id": "larkin", "name": "James Larkin"}])
    assert client.ingest_dataframe(df, XREF_MAPPING).rows_loaded == 2

    pairs = client.xref("pyxref", limit=100)
    assert list(pairs.columns[:4]) == ["left_id", "left_name", "right_id", "right_name"]
    found = {frozenset((r.left_id, r.right_id)): r for r in pairs.itertuples()}
    lacey = found.get(frozenset((LACEY, "pyxref-lacey")))
    larkin = found.get(frozenset((LARKIN, "pyxref-larkin")))
    assert lacey is not None and lacey.score >= 0.5, pairs[["left_id", "right_id", "score"]]
    assert larkin is not None and larkin.score >= 0.5
    assert lacey.features and lacey.features[0]["name"] and "name" in lacey.explanation
    assert pairs["score"].is_monotonic_decreasing

    best = client.matches("pyxref-lacey")
    assert LACEY in set(best["left_id"]) | set(best["right_id"])

    try:
        row = client.judge("pyxref-lacey", LACEY, "same", note="pytest")
        assert row["judgement"] == "SAME" and row["judged_by"] == "python-tests" and row["note"] == "pytest"
        merged = client.neighborhood("pyxref-lacey")
        assert "pyxref-lacey" not in set(merged.nodes["id"]) and LACEY in set(merged.nodes["id"])
        assert "CHARGED_WITH" in set(merged.edges["type"])  # the court data's links, asked through the other record
        apart = client.neighborhood("pyxref-lacey", resolve=False)
        assert "CHARGED_WITH" not in set(apart.edges["type"])
        flow = client.money_flow("pyxref-lacey")
        assert flow.totals.set_index("currency")["total"].to_dict() == {"USD": 16_500_000}
        assert client.xref("pyxref", judged=False, limit=100).pipe(
            lambda f: not ((f.left_id == LACEY) & (f.right_id == "pyxref-lacey")).any())
    finally:
        # split again, so the demo stays as the other tests know it
        client.judge("pyxref-lacey", LACEY, "DIFFERENT", note="pytest cleanup")
    assert "pyxref-lacey" in set(client.neighborhood("pyxref-lacey").nodes["id"])


def test_introspection_as_graphql_tools_send_it(client):
    # the 13-deep document GraphiQL, Apollo, Insomnia and gql send; data queries stay capped at 12
    import pathlib
    doc = (pathlib.Path(__file__).parents[3] / "api" / "testdata" / "introspection.graphql").read_text()
    schema = client.query(doc)["__schema"]
    names = {t["name"] for t in schema["types"]}
    assert {"Query", "Mutation", "Person", "Match"} <= names
    person = next(t for t in schema["types"] if t["name"] == "Person")
    assert "canonicalId" in {f["name"] for f in person["fields"]}


def test_match_model(client):
    m = client.match_model()
    assert 0 < m["threshold"] < 1
    assert m["weights"]["name"] > 0 and m["weights"]["identifierConflict"] < 0
