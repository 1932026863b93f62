"""Turning answers into frames and graphs, and DataFrames into rows (no server)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd

import casegraph
from casegraph import frames
from casegraph.ingest import batches, cell, dataframe_rows, mapping_text


def test_cells_become_json_values_the_server_reads_as_csv_cells():
    assert cell(None) is None
    assert cell(float("nan")) is None
    assert cell(np.float64("nan")) is None
    assert cell(pd.NA) is None
    assert cell(pd.NaT) is None
    assert cell(np.int64(7)) == 7 and type(cell(np.int64(7))) is int
    assert cell(np.bool_(True)) is True
    assert cell(16.5) == 16.5
    assert cell(2 ** 60) == str(2 ** 60)  # past float64's exact integers
    assert cell(pd.Timestamp("2011-03-05")) == "2011-03-05"
    assert cell(np.datetime64("2011-03-05")) == "2011-03-05"
    assert cell(pd.Timestamp("2011-03-05 14:30")) == "2011-03-05T14:30:00"
    assert cell(dt.date(2011, 3, 5)) == "2011-03-05"
    assert cell(["a", np.int64(2), None]) == ["a", 2, None]
    assert cell(np.array([1, 2])) == [1, 2]
    assert cell("  kept as is ") == "  kept as is "


def test_dataframe_rows():
    df = pd.DataFrame({"id": [1, 2], "when": pd.to_datetime(["2020-01-01", None]), 3: ["x", None]})
    assert dataframe_rows(df) == [{"id": 1, "when": "2020-01-01", "3": "x"},
                                  {"id": 2, "when": None, "3": None}]
    json.dumps(dataframe_rows(df))


def test_batches_respect_rows_and_bytes():
    rows = [{"v": "x" * 100} for _ in range(10)]
    assert batches(rows, 4, 10**6) == [(0, 4), (4, 8), (8, 10)]
    small = batches(rows, 100, 250)  # about two rows a batch
    assert small[0] == (0, 2) and small[-1][1] == 10
    assert batches([{"v": "x" * 1000}], 10, 10) == [(0, 1)]  # a row larger than the budget still goes


def test_mapping_text(tmp_path):
    assert mapping_text("dataset: x\ninputs: []\n") == "dataset: x\ninputs: []\n"
    assert json.loads(mapping_text({"dataset": "x"})) == {"dataset": "x"}
    p = tmp_path / "m.yml"
    p.write_text("dataset: y\n")
    assert mapping_text(p) == "dataset: y\n"
    assert mapping_text(str(p)) == "dataset: y\n"


def test_entity_rows_are_flat_and_snake_case():
    row = frames.entity_row({"id": "a", "schema": "Charge", "name": "A", "aliases": None,
                             "properties": {"numberOfCounts": 2, "outcomeDate": "2021", "jobIds": ["j"]}})
    assert row == {"id": "a", "schema": "Charge", "name": "A", "aliases": [],
                   "number_of_counts": 2, "outcome_date": "2021"}


def test_empty_answers_still_have_their_columns():
    assert list(frames.charges_frame([]).columns) == frames.CHARGE_COLUMNS
    assert list(frames.meetings_frame([]).columns) == frames.MEETING_COLUMNS
    assert list(frames.paths_frame([]).columns) == frames.PATH_COLUMNS
    nodes, edges = frames.subgraph_frames({"nodes": [], "edges": []})
    assert "id" in nodes.columns and list(edges.columns) == frames.EDGE_COLUMNS


def test_to_networkx_from_a_raw_answer():
    sg = {
        "nodes": [{"id": "a", "schema": "Person", "name": "A", "aliases": [], "properties": {}},
                  {"id": "b", "schema": "Company", "name": "B", "aliases": [], "properties": {"jurisdiction": "HU"}}],
        "edges": [{"id": "e1", "type": "PAYMENT", "source": "a", "target": "b", "amount": 5.0, "currency": "USD"},
                  {"id": "e2", "type": "PAYMENT", "source": "a", "target": "b", "amount": 7.0, "currency": "USD"},
                  {"id": "e3", "type": "OWNERSHIP", "source": "b", "target": "a", "role": "owner"}],
        "truncated": True,
    }
    G = casegraph.to_networkx(sg)
    assert G.number_of_nodes() == 2 and G.number_of_edges() == 3
    assert G.graph["truncated"] is True
    assert sorted(d["amount"] for d in G.get_edge_data("a", "b").values()) == [5.0, 7.0]
    assert G.nodes["b"]["jurisdiction"] == "HU"
    assert "jurisdiction" not in G.nodes["a"]  # missing values are left out
    assert "role" not in G.edges["a", "b", "e1"]
    assert G.edges["b", "a", "e3"]["role"] == "owner"
