"""`polybius dyad`, `network`, `claims`, `actors` and `export`, in-process on a small store."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from polybius.cli import main
from polybius.store.database import open_store
from polybius.store.ingest import ingest
from tests.graph.conftest import corpus
from tests.store.conftest import LineCoder


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "world.db")
    with open_store(path) as store:
        ingest(store, corpus(), LineCoder())
    return path


def test_dyad_prints_a_table_and_json(db: str) -> None:
    table = run("dyad", "RUS", "UKR", "--db", db)
    assert table.exit_code == 0, table.output
    header, january, february, march, note = table.stdout.splitlines()
    assert header.split() == ["period", "RUS>UKR", "score", "UKR>RUS", "score", "total",
                              "CONSULT", "ACCUSE", "ASSAULT"]  # fmt: skip
    assert january.split() == ["2022-01", "1", "-10.0", "1", "0.5", "-9.5", "0/1", "1/0"]
    assert note == "(1 undated event(s) in no period)"
    found = json.loads(run("dyad", "rus", "ukr", "--by", "year", "--json", "--db", db).stdout)
    assert (found["by"], [p["score"] for p in found["periods"]]) == ("year", [-21.5])
    window = run("dyad", "RUS", "UKR", "--from", "2022-02-01", "--to", "2022-02-28", "--db", db)
    assert [line.split()[0] for line in window.stdout.splitlines()[1:]] == ["2022-02"]


def test_network_prints_nodes_and_edges(db: str) -> None:
    result = run("network", "--from", "2022-01-01", "--to", "2022-03-31", "--db", db)
    assert result.exit_code == 0, result.output
    nodes, edges = result.stdout.split("\n\n")
    assert nodes.splitlines()[1].split()[:3] == ["RUS", "Russia", "6"]
    assert edges.splitlines()[1].split() == ["RUS", "UKR", "2", "2.0", "-20.0", "-10.0",
                                             "ASSAULT", "2"]  # fmt: skip
    found = json.loads(run("network", "--min-events", "2", "--json", "--db", db).stdout)
    assert [(e["source"], e["target"]) for e in found["edges"]] == [("RUS", "UKR"),
                                                                    ("UKR", "RUS")]  # fmt: skip


def test_claims_shows_each_report(db: str) -> None:
    result = run("claims", "IRN", "RUS", "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("#") and "AID IRN > RUS  contested" in lines[0]
    assert "asserted by: USA  denied by: IRN" in lines[0]
    assert lines[2].split() == ["2022-02-15", "Wire", "USA", "occurred"]
    assert lines[3].split() == ["2022-02-16", "Gazette", "IRN", "denied"]
    found = [json.loads(line) for line in run("claims", "USA", "--json", "--db", db).stdout
             .splitlines()]  # fmt: skip
    assert [(c["type"], c["state"]) for c in found] == [("SANCTION", "reported"),
                                                        ("AID", "denied")]  # fmt: skip
    assert run("claims", "CHN", "--db", db).stdout == ""


def test_actors_ranks_the_most_active(db: str) -> None:
    result = run("actors", "--limit", "2", "--db", db)
    assert result.exit_code == 0, result.output
    assert [line.split() for line in result.stdout.splitlines()] == [
        ["rank", "actor", "name", "as", "actor", "as", "recipient", "total"],
        ["1", "RUS", "Russia", "5", "5", "10"],
        ["2", "UKR", "Ukraine", "2", "4", "6"],
    ]
    found = [json.loads(line) for line in run("actors", "--json", "--db", db).stdout.splitlines()]
    assert found[-1] == {"code": "USA", "name": "United States", "country": "USA",
                         "as_actor": 1, "as_recipient": 0, "total": 1}  # fmt: skip


def test_export_writes_every_format(db: str, tmp_path: Path) -> None:
    result = run("export", "--format", "csv", "--actor", "RUS", "--db", db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5 and {r["actor_code"] for r in rows} == {"RUS"}
    assert "exported 5 event(s) as csv" in result.stderr
    parquet = tmp_path / "e.parquet"
    assert run("export", "--format", "parquet", "--out", str(parquet), "--db", db).exit_code == 0
    assert pq.read_table(parquet).num_rows == 11
    plover = run("export", "--format", "plover", "--type", "aid", "--db", db).stdout
    assert [json.loads(line)["event"] for line in plover.splitlines()] == ["AID", "AID"]
    gdelt = tmp_path / "e.tsv"
    run("export", "--format", "gdelt", "--out", str(gdelt), "--limit", "3", "--db", db)
    assert [len(line.split("\t")) for line in gdelt.read_text().splitlines()] == [61, 61, 61]
    graph = run("export", "--format", "graphml", "--min-events", "2", "--db", db)
    assert graph.exit_code == 0, graph.output
    root = ET.fromstring(graph.stdout_bytes)
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == 2
    assert "exported 2 node(s) and 2 edge(s) as graphml" in graph.stderr


def test_bad_graph_commands_are_one_line(db: str, tmp_path: Path) -> None:
    same = run("dyad", "RUS", "rus", "--db", db)
    assert (same.exit_code, "two different actors" in same.stderr) == (2, True)
    assert run("dyad", "RUS", "UKR", "--by", "day", "--db", db).exit_code == 2
    assert "is not a date" in run("network", "--from", "soon", "--db", db).stderr
    parquet = run("export", "--format", "parquet", "--db", db)
    assert (parquet.exit_code, "parquet needs --out" in parquet.stderr) == (2, True)
    graph = run("export", "--format", "graphml", "--actor", "RUS", "--db", db)
    assert (graph.exit_code, "only --from, --to and --min-events" in graph.stderr) == (2, True)
    missing = run("actors", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1
    assert missing.stderr.strip().endswith("run 'polybius ingest' first")
    assert not (tmp_path / "none.db").exists()
