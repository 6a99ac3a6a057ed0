"""The command line (Contract 1): `polybius code` inputs and formats, bad input, `polybius eval`.

Commands run in-process through click's CliRunner with the session's engine
handed in as the context object, so the spaCy model loads once; one slow test
runs the installed console script to prove the entry point itself works.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from polybius.cli import FLAT_COLUMNS, main
from polybius.records import PLOVER_TYPES
from tests.contract import CONTRACT_2_KEYS

pytestmark = pytest.mark.model

DATA = Path(__file__).resolve().parent / "data" / "cli"
DOCS = DATA / "docs"
BAD = DATA / "bad"

ACTOR_KEYS = {"text", "name", "id", "country", "sector"}
ENGLISH_TEXT = (
    "TEST TEXT written by the Polybius team. The foreign ministers of France and Germany "
    "met in Berlin on Tuesday to discuss new sanctions against Iran."
)


def run(engine: Any, *args: str, stdin: str | bytes | None = None) -> Result:
    """Invoke ``polybius ARGS`` in-process with the shared engine; never re-raise."""
    runner = CliRunner()
    return runner.invoke(main, list(args), input=stdin, obj={"engine": engine})


def events_of(result: Result) -> list[dict[str, Any]]:
    """The JSON Lines on stdout, each parsed (fails the test on a line that is not JSON)."""
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def country(actor: dict[str, Any] | None) -> str | None:
    """An actor's country code, else its id (IGOs)."""
    if actor is None:
        return None
    return actor.get("country") or actor.get("id")


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---- inputs


def test_code_jsonl_writes_contract_2_records(engine: Any) -> None:
    result = run(engine, "code", str(DOCS / "articles.jsonl"))
    assert result.exit_code == 0, result.output
    events = events_of(result)
    assert events, "the test articles hold several events"
    for event in events:
        assert set(event) >= CONTRACT_2_KEYS
        assert event["doc_id"] in {"cli-1", "cli-2"}
        assert event["type"] in PLOVER_TYPES
        for side in ("actor", "recipient", "attributed_to"):
            assert event[side] is None or set(event[side]) >= ACTOR_KEYS
    assert ("RUS", "ASSAULT") in {(country(e["actor"]), e["type"]) for e in events}
    assert "coded 2 document(s)" in result.stderr


def test_code_txt_takes_the_file_name_as_doc_id(engine: Any) -> None:
    result = run(engine, "code", str(DOCS / "statement.txt"))
    assert result.exit_code == 0, result.output
    events = events_of(result)
    assert {e["doc_id"] for e in events} == {"statement"}
    aid = [e for e in events if e["type"] == "AID"]
    assert aid, "the hard-wrapped sentence is still coded as aid"
    assert country(aid[0]["actor"]) == "JPN"
    assert "\n" not in aid[0]["sentence"]


def test_code_html_reads_the_article_body(engine: Any) -> None:
    result = run(engine, "code", str(DOCS / "visit.html"))
    assert result.exit_code == 0, result.output
    events = events_of(result)
    assert events
    assert {e["doc_id"] for e in events} == {"visit"}
    assert not any("newsletter" in e["sentence"].lower() for e in events)
    assert any(e["type"] == "CONSULT" for e in events)


def test_code_directory_reads_every_supported_file(engine: Any) -> None:
    result = run(engine, "code", str(DOCS))
    assert result.exit_code == 0, result.output
    assert {e["doc_id"] for e in events_of(result)} == {"cli-1", "cli-2", "statement", "visit"}
    assert "coded 4 document(s)" in result.stderr


def test_code_stdin_json_lines(engine: Any) -> None:
    line = json.dumps({"id": "from-stdin", "published": "2023-03-15", "text": ENGLISH_TEXT})
    result = run(engine, "code", "-", stdin=line + "\n")
    assert result.exit_code == 0, result.output
    events = events_of(result)
    assert events
    assert {e["doc_id"] for e in events} == {"from-stdin"}


def test_code_stdin_plain_text(engine: Any) -> None:
    result = run(engine, "code", "-", stdin=ENGLISH_TEXT + "\n")
    assert result.exit_code == 0, result.output
    events = events_of(result)
    assert events
    assert {e["doc_id"] for e in events} == {"stdin"}


# ---- output formats


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_code_flat_formats_have_a_header_and_rows(engine: Any, fmt: str, delimiter: str) -> None:
    result = run(engine, "code", "--format", fmt, str(DOCS / "articles.jsonl"))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter))
    assert tuple(rows[0]) == FLAT_COLUMNS
    assert len(rows) > 1
    assert all(len(row) == len(FLAT_COLUMNS) for row in rows[1:])
    records = [dict(zip(FLAT_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert {r["doc_id"] for r in records} <= {"cli-1", "cli-2"}
    assert all(r["type"] in PLOVER_TYPES for r in records)


def test_code_plover_format_has_source_target_and_event(engine: Any) -> None:
    result = run(engine, "code", "--format", "plover", str(DOCS / "articles.jsonl"))
    assert result.exit_code == 0, result.output
    records = events_of(result)
    assert records
    for record in records:
        assert {"id", "source", "target", "event", "text"} <= set(record)
        assert record["event"] in PLOVER_TYPES
        assert isinstance(record["source"], list)
        assert isinstance(record["target"], list)
    sources = {side["code"] for r in records for side in r["source"]}
    assert "RUS" in sources


# ---- --published


def test_published_applies_to_documents_without_a_date(engine: Any) -> None:
    result = run(engine, "code", "--published", "2021-06-01", str(DOCS / "articles.jsonl"))
    assert result.exit_code == 0, result.output
    events = events_of(result)
    undated = [e for e in events if e["doc_id"] == "cli-2"]
    dated = [e for e in events if e["doc_id"] == "cli-1"]
    assert undated and dated
    assert all(e["date"] and e["date"]["start"] == "2021-06-01" for e in undated)
    # a document with its own date keeps it: "on Monday" before 14 March 2023
    assert all(e["date"] and e["date"]["start"].startswith("2023-03") for e in dated)


def test_without_published_undated_documents_have_no_date(engine: Any) -> None:
    result = run(engine, "code", str(DOCS / "articles.jsonl"))
    undated = [e for e in events_of(result) if e["doc_id"] == "cli-2"]
    assert undated
    assert all(e["date"] is None for e in undated)


def test_published_that_is_not_a_date_is_a_usage_error(engine: Any) -> None:
    result = run(engine, "code", "--published", "last week", str(DOCS / "articles.jsonl"))
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
    assert_no_traceback(result)


# ---- bad input: reported, skipped, never a traceback


def test_malformed_json_line_is_reported_with_file_and_line(engine: Any) -> None:
    path = BAD / "malformed.jsonl"
    result = run(engine, "code", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}:2:" in result.stderr
    assert "invalid JSON" in result.stderr
    assert {e["doc_id"] for e in events_of(result)} == {"ok-1", "ok-3"}
    assert_no_traceback(result)


@pytest.mark.parametrize(
    "name, message",
    [("missing_id.jsonl", "missing field 'id'"), ("missing_text.jsonl", "missing field 'text'")],
)
def test_record_without_required_field_is_skipped(engine: Any, name: str, message: str) -> None:
    path = BAD / name
    result = run(engine, "code", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}:1: {message}" in result.stderr
    assert {e["doc_id"] for e in events_of(result)} == {"ok-2"}
    assert_no_traceback(result)


def test_empty_file_is_reported_and_other_inputs_are_coded(engine: Any) -> None:
    empty = BAD / "empty.jsonl"
    result = run(engine, "code", str(empty), str(DOCS / "statement.txt"))
    assert result.exit_code == 0, result.output
    assert str(empty) in result.stderr
    assert "empty" in result.stderr
    assert {e["doc_id"] for e in events_of(result)} == {"statement"}
    assert_no_traceback(result)


def test_binary_file_is_reported_and_skipped(engine: Any, tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = run(engine, "code", str(binary), str(DOCS / "statement.txt"))
    assert result.exit_code == 0, result.output
    assert f"{binary}: binary file" in result.stderr
    assert {e["doc_id"] for e in events_of(result)} == {"statement"}
    assert_no_traceback(result)


def test_latin_1_text_file_is_decoded_and_coded(engine: Any, tmp_path: Path) -> None:
    text = (
        "TEST TEXT. Café owners in Montréal protested against the new taxes. "
        "The government of Japan said it would provide emergency aid to the Philippines "
        "after the typhoon destroyed thousands of homes; the Philippine président thanked Tokyo."
    )
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    result = run(engine, "code", str(path))
    assert result.exit_code == 0, result.output
    events = events_of(result)
    assert {e["doc_id"] for e in events} == {"latin"}
    assert any(e["type"] == "AID" for e in events)
    assert "\ufffd" not in result.stdout
    assert_no_traceback(result)


def test_non_english_text_is_skipped_with_a_message(engine: Any) -> None:
    path = BAD / "non_english.jsonl"
    result = run(engine, "code", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}:2: text does not look like English" in result.stderr
    assert {e["doc_id"] for e in events_of(result)} == {"english"}
    assert_no_traceback(result)


def test_nonexistent_path_is_reported_and_others_are_coded(engine: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.jsonl"
    result = run(engine, "code", str(missing), str(DOCS / "statement.txt"))
    assert result.exit_code == 0, result.output
    assert f"{missing}: no such file or directory" in result.stderr
    assert_no_traceback(result)


def test_nonexistent_path_alone_fails_with_a_clear_error(engine: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.jsonl"
    result = run(engine, "code", str(missing))
    assert result.exit_code == 1
    assert f"{missing}: no such file or directory" in result.stderr
    assert "Error: no document could be read" in result.stderr
    assert result.stdout == ""
    assert_no_traceback(result)


def test_nothing_readable_fails_with_a_clear_error(engine: Any, tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 64)
    result = run(engine, "code", str(BAD / "empty.jsonl"), str(binary), str(tmp_path / "no.txt"))
    assert result.exit_code == 1
    assert result.stderr.count("polybius: ") >= 3  # one line per unreadable input
    assert "Error: no document could be read" in result.stderr
    assert result.stdout == ""
    assert_no_traceback(result)


def test_empty_stdin_fails_with_a_clear_error(engine: Any) -> None:
    result = run(engine, "code", "-", stdin="")
    assert result.exit_code != 0
    assert "Error:" in result.stderr
    assert_no_traceback(result)


def test_code_without_paths_is_a_usage_error(engine: Any) -> None:
    result = run(engine, "code")
    assert result.exit_code == 2
    assert "Missing argument" in result.output
    assert_no_traceback(result)


# ---- polybius eval


def test_eval_plover_gold_prints_scores_and_confusion(engine: Any) -> None:
    result = run(engine, "eval", str(DATA / "plover_gold.json"))
    assert result.exit_code == 0, result.output
    assert "gold format: plover; texts: 4" in result.stdout
    assert "type        P " in result.stdout
    assert " R " in result.stdout and " F1 " in result.stdout
    assert "Confusion" in result.stdout
    assert "gold\\pred" in result.stdout
    assert "ASSAULT" in result.stdout


def test_eval_plover_gold_json_output(engine: Any) -> None:
    result = run(engine, "eval", "--json", str(DATA / "plover_gold.json"))
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert {"type", "actor_country_accuracy"} <= set(scores)
    assert {"precision", "recall", "f1"} <= set(scores["type"])
    assert scores["sentences"] == 4  # the DOCUMENT record is not a sentence
    assert scores["type"]["tp"] >= 2


def test_eval_claims_gold_reports_status_attribution_and_date(engine: Any) -> None:
    result = run(engine, "eval", str(DATA / "claims_gold.jsonl"))
    assert result.exit_code == 0, result.output
    assert "gold format: claims; texts: 3" in result.stdout
    for key in ("status_accuracy", "attribution_accuracy", "date_accuracy"):
        assert key in result.stdout


def test_eval_claims_gold_json_output(engine: Any) -> None:
    result = run(engine, "eval", "--json", str(DATA / "claims_gold.jsonl"))
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    for key in ("status_accuracy", "attribution_accuracy", "date_accuracy"):
        assert scores[key]["n"] >= 1
    assert scores["claims_matched_events"] >= 2


@pytest.mark.parametrize(
    "name, message",
    [
        ("malformed_gold.json", "invalid JSON"),
        ("malformed_claims.jsonl", "line 2: not a claim gold record"),
        ("no_such_gold.json", "cannot read gold file"),
    ],
)
def test_eval_bad_gold_file_gives_a_clear_error(engine: Any, name: str, message: str) -> None:
    result = run(engine, "eval", str(DATA / name))
    assert result.exit_code != 0
    assert "Error:" in result.stderr
    assert message in result.stderr
    assert_no_traceback(result)


# ---- the installed entry point


@pytest.mark.slow
def test_installed_console_script_codes_a_file() -> None:
    script = shutil.which("polybius") or Path(sys.executable).parent / "polybius"
    if not Path(script).is_file():
        pytest.skip("the polybius console script is not installed beside this Python")
    completed = subprocess.run(
        [str(script), "code", str(DOCS / "articles.jsonl")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    events = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    assert events
    assert all(set(event) >= CONTRACT_2_KEYS for event in events)
    assert "Traceback" not in completed.stderr
