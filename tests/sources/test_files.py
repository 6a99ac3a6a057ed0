"""Tests for reading documents from files, directories and stdin."""

from __future__ import annotations

import gzip
import io
import json
import logging
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polybius.records import Document, Problem
from polybius.sources.files import (
    ReadOptions,
    parse_published,
    read_documents,
    truncation_point,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"

ENGLISH = (
    "The foreign minister said on Monday that the government would not accept the "
    "proposal unless the rebels withdrew from the border towns. Talks are expected to "
    "resume in Geneva next week, according to a statement released by the ministry."
)
SPANISH = (
    "El ministro de Asuntos Exteriores dijo el lunes que el gobierno no aceptaría la "
    "propuesta a menos que los rebeldes se retiraran de las ciudades fronterizas. Se espera "
    "que las conversaciones se reanuden en Ginebra la próxima semana."
)


def read(
    paths: Sequence[str | Path], stdin: Any = None, **options: Any
) -> tuple[list[Document], list[Problem]]:
    """Read ``paths`` and return the documents and the problems reported on the way."""
    problems: list[Problem] = []
    documents = list(
        read_documents(
            [str(path) for path in paths],
            options=ReadOptions(**options),
            stdin=stdin,
            on_problem=problems.append,
        )
    )
    return documents, problems


def jsonl(path: Path, *records: Any) -> Path:
    """Write records (dicts, or raw strings written as they are) one per line."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def messages(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


# JSON Lines


def test_jsonl_documents_keep_all_their_fields(tmp_path: Path) -> None:
    record = {
        "id": "a1",
        "text": ENGLISH,
        "title": "Talks",
        "published": "2020-05-01",
        "url": "https://news.example/a1",
        "outlet": "Example News",
    }
    documents, problems = read([jsonl(tmp_path / "news.jsonl", record)])
    assert problems == []
    assert documents == [
        Document(
            "a1", ENGLISH, "Talks", date(2020, 5, 1), "https://news.example/a1", "Example News"
        )
    ]


def test_malformed_json_line_is_reported_with_its_number_and_other_lines_are_read(
    tmp_path: Path,
) -> None:
    path = jsonl(
        tmp_path / "news.jsonl",
        {"id": "1", "text": ENGLISH},
        '{"id": "2", "text": ',
        {"id": "3", "text": ENGLISH},
    )
    documents, problems = read([path])
    assert [d.id for d in documents] == ["1", "3"]
    assert len(problems) == 1
    assert problems[0].source == str(path) and problems[0].line == 2
    assert problems[0].message.startswith("invalid JSON: ")
    assert str(problems[0]).startswith(f"{path}:2: invalid JSON")


def test_blank_lines_in_jsonl_are_ignored_and_line_numbers_stay_true(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "news.jsonl", "", {"id": "1", "text": ENGLISH}, "   ", "[1, 2]")
    documents, problems = read([path])
    assert [d.id for d in documents] == ["1"]
    assert [(p.line, p.message) for p in problems] == [
        (4, "expected a JSON object with 'id' and 'text', got an array, skipped")
    ]


def test_missing_id_is_reported_and_the_record_skipped(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "news.jsonl", {"text": ENGLISH}, {"id": "", "text": ENGLISH})
    documents, problems = read([path])
    assert documents == []
    assert [(p.line, p.message) for p in problems] == [
        (1, "missing field 'id', skipped"),
        (2, "empty field 'id', skipped"),
    ]


def test_integer_id_becomes_a_string(tmp_path: Path) -> None:
    documents, _ = read([jsonl(tmp_path / "news.jsonl", {"id": 7, "text": ENGLISH})])
    assert documents[0].id == "7"


def test_id_of_another_type_is_reported(tmp_path: Path) -> None:
    _, problems = read([jsonl(tmp_path / "news.jsonl", {"id": 1.5, "text": ENGLISH})])
    assert problems[0].message == "field 'id' must be a string or an integer, got a number, skipped"


def test_missing_text_is_reported_and_the_record_skipped(tmp_path: Path) -> None:
    documents, problems = read([jsonl(tmp_path / "news.jsonl", {"id": "x"})])
    assert documents == []
    assert messages(problems) == [f"{tmp_path / 'news.jsonl'}:1: missing field 'text', skipped"]


def test_text_that_is_not_a_string_is_reported(tmp_path: Path) -> None:
    documents, problems = read([jsonl(tmp_path / "n.jsonl", {"id": "x", "text": ["a"]})])
    assert documents == []
    assert problems[0].message == "field 'text' must be a string, got an array, skipped"


def test_empty_text_field_is_reported(tmp_path: Path) -> None:
    documents, problems = read([jsonl(tmp_path / "n.jsonl", {"id": "x", "text": " \n\t "})])
    assert documents == []
    assert problems[0].message == "empty field 'text', skipped"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-01-04", date(2019, 1, 4)),
        ("2019-01-04T23:30:00Z", date(2019, 1, 4)),
        ("2019-01-04T23:30:00+05:00", date(2019, 1, 4)),
        ("2019-01-04 08:00:00", date(2019, 1, 4)),
        ("yesterday", None),
        ("04/01/2019", None),
    ],
)
def test_published_accepts_iso_dates_and_datetimes(value: str, expected: date | None) -> None:
    assert parse_published(value) == expected


def test_unparsable_published_is_reported_and_the_document_kept(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "n.jsonl", {"id": "x", "text": ENGLISH, "published": "last week"})
    documents, problems = read([path])
    assert [d.published for d in documents] == [None]
    assert problems[0].line == 1
    assert "field 'published' is not an ISO date or datetime: 'last week'" in problems[0].message


def test_document_published_wins_over_the_default_date(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "n.jsonl",
        {"id": "own", "text": ENGLISH, "published": "2020-01-02T10:00:00Z"},
        {"id": "none", "text": ENGLISH},
    )
    documents, _ = read([path], published=date(2021, 6, 1))
    assert [d.published for d in documents] == [date(2020, 1, 2), date(2021, 6, 1)]


def test_optional_field_of_wrong_type_is_reported_and_dropped(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "n.jsonl", {"id": "x", "text": ENGLISH, "title": 3, "outlet": ""})
    documents, problems = read([path])
    assert documents[0].title is None and documents[0].outlet is None
    assert [p.message for p in problems] == [
        "field 'title' must be a string, got a number; ignored"
    ]


def test_json_nested_too_deeply_is_reported_not_raised(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "n.jsonl", "[" * 100_000, {"id": "ok", "text": "x"})
    documents, problems = read([path])
    assert [d.id for d in documents] == ["ok"]
    assert [(p.line, p.message) for p in problems] == [(1, "invalid JSON: nested too deeply")]


def test_lone_surrogate_escape_becomes_replacement_character(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "n.jsonl", '{"id": "s", "text": "a\\ud800b"}')
    documents, _ = read([path])
    assert [d.text for d in documents] == ["a\ufffdb"]


def test_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"id": "z", "text": ENGLISH}).encode() + b"\n"))
    documents, problems = read([path])
    assert [d.id for d in documents] == ["z"] and problems == []


def test_corrupt_gzip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "z", "text": "x"}\n' * 50)[:30])
    documents, problems = read([path])
    assert documents == []
    assert problems[0].source == str(path) and problems[0].message.startswith("cannot read")


def test_json_line_longer_than_the_sniffed_head_is_read_whole(tmp_path: Path) -> None:
    long_text = " ".join([ENGLISH] * 60)  # > 8 KB, so the line spans the first read
    path = jsonl(tmp_path / "n.jsonl", {"id": "long", "text": long_text}, {"id": "b", "text": "x"})
    documents, problems = read([path])
    assert problems == []
    assert [(d.id, d.text) for d in documents] == [("long", long_text), ("b", "x")]


def test_jsonl_line_that_is_not_utf8_is_read_as_windows_1252_and_reported_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "n.jsonl"
    lines = [json.dumps({"id": str(i), "text": "Café in Zürich"}, ensure_ascii=False) for i in "12"]
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    documents, problems = read([path])
    assert [d.text for d in documents] == ["Café in Zürich", "Café in Zürich"]
    assert [p.line for p in problems] == [1]
    assert "not valid UTF-8" in problems[0].message


def test_utf16_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_bytes(json.dumps({"id": "u", "text": "Zürich talks"}).encode("utf-16"))
    documents, problems = read([path])
    assert [d.text for d in documents] == ["Zürich talks"] and problems == []


def test_json_file_with_an_array_of_documents_is_read(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(json.dumps([{"id": "a", "text": ENGLISH}, {"id": "b"}], indent=2))
    documents, problems = read([path])
    assert [d.id for d in documents] == ["a"]
    assert [p.message for p in problems] == ["item 2: missing field 'text', skipped"]


def test_json_file_with_json_lines_is_read(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "news.json", {"id": "a", "text": ENGLISH}, {"id": "b", "text": "x"})
    documents, _ = read([path])
    assert [d.id for d in documents] == ["a", "b"]


# Plain text and HTML files


def test_txt_file_id_is_the_file_name_without_extension(tmp_path: Path) -> None:
    (tmp_path / "seed-1.txt").write_text(ENGLISH, encoding="utf-8")
    documents, problems = read([tmp_path / "seed-1.txt"], published=date(2022, 7, 11))
    assert problems == []
    assert documents == [Document("seed-1", ENGLISH, None, date(2022, 7, 11))]


def test_hard_wrapped_text_is_unwrapped_with_offsets_preserved(tmp_path: Path) -> None:
    raw = (
        "Russian forces shelled the town of\r\nKramatorsk on Tuesday, officials said.\r\n"
        "\r\nThe governor called the attack\r\na war crime.\r\n"
    )
    path = tmp_path / "wrapped.txt"
    path.write_bytes(raw.encode("utf-8"))
    (document,), _ = read([path])
    assert len(document.text) == len(raw)
    assert "the town of  Kramatorsk on Tuesday" in document.text
    assert "said. \n \nThe governor" in document.text
    start = raw.index("Kramatorsk")
    assert document.text[start : start + len("Kramatorsk")] == "Kramatorsk"


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.html"])
def test_empty_file_is_reported_and_skipped(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("  \n\n ", encoding="utf-8")
    documents, problems = read([tmp_path / name])
    assert documents == []
    assert messages(problems) == [f"{tmp_path / name}: empty file, skipped"]


@pytest.mark.parametrize("name", ["scan.txt", "scan.jsonl", "scan.html"])
def test_binary_file_is_reported(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    documents, problems = read([tmp_path / name])
    assert documents == []
    assert [p.message for p in problems] == ["binary file, not text"]


def test_latin1_txt_is_decoded(tmp_path: Path) -> None:
    text = "The café in Zürich was closed, said Señor Müller on Monday."
    (tmp_path / "old.txt").write_bytes(text.encode("latin-1"))
    documents, problems = read([tmp_path / "old.txt"])
    assert [d.text for d in documents] == [text] and problems == []


def test_utf16_txt_with_bom_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "win.txt").write_bytes(ENGLISH.encode("utf-16"))
    documents, _ = read([tmp_path / "win.txt"])
    assert [d.text for d in documents] == [ENGLISH]


def test_html_file_becomes_a_document_with_page_metadata(tmp_path: Path) -> None:
    documents, problems = read([DATA / "article.html"], published=date(2000, 1, 1))
    assert problems == []
    (document,) = documents
    assert document.id == "article"
    assert document.title == "Harbour talks resume after ceasefire"
    assert document.published == date(2023, 3, 14)
    assert document.url == "https://courier.example/world/harbour-talks-resume"
    assert document.outlet == "The Northgate Courier"
    assert "Westmark rejected the demand" in document.text
    assert "Subscribe today" not in document.text


def test_html_without_article_text_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "menu.htm"
    path.write_text("<html><body><nav></nav></body></html>", encoding="utf-8")
    documents, problems = read([path])
    assert documents == []
    assert messages(problems) == [f"{path}: no article text found"]


# Document checks


def test_huge_document_is_truncated_at_a_paragraph_break(tmp_path: Path) -> None:
    paragraph = ENGLISH + "\n\n"
    (tmp_path / "big.txt").write_text(paragraph * 10, encoding="utf-8")
    limit = len(paragraph) * 3 + 20
    documents, problems = read([tmp_path / "big.txt"], max_chars=limit)
    (document,) = documents
    assert document.text == (paragraph * 3).rstrip("\n")
    assert len(problems) == 1
    expected = f"truncated from {len(paragraph) * 10:,} to {len(document.text):,} characters"
    assert f"{expected} at a paragraph break (max_chars is {limit:,})" in problems[0].message


@pytest.mark.parametrize(
    ("text", "limit", "cut", "where"),
    [
        ("One line\nanother line", 15, 8, "a line break"),
        ("First sentence. Second one goes on", 25, 15, "a sentence end"),
        ("He said “Stop.” Then he left", 20, 15, "a sentence end"),
        ("words without any stop at all", 12, 5, "a space"),
        ("unbrokenwordwithoutspaces", 10, 10, "the character limit"),
    ],
)
def test_truncation_falls_back_to_smaller_breaks(
    text: str, limit: int, cut: int, where: str
) -> None:
    assert truncation_point(text, limit) == (cut, where)


def test_non_english_text_is_skipped_with_its_score(tmp_path: Path) -> None:
    (tmp_path / "es.txt").write_text(SPANISH, encoding="utf-8")
    documents, problems = read([tmp_path / "es.txt"])
    assert documents == []
    assert messages(problems) == [
        f"{tmp_path / 'es.txt'}: text does not look like English (score 0.00); skipped"
    ]


def test_non_english_text_is_kept_when_the_check_is_off(tmp_path: Path) -> None:
    (tmp_path / "es.txt").write_text(SPANISH, encoding="utf-8")
    documents, problems = read([tmp_path / "es.txt"], skip_non_english=False)
    assert len(documents) == 1 and problems == []


def test_duplicate_ids_are_reported_and_skipped(tmp_path: Path) -> None:
    first = jsonl(tmp_path / "a.jsonl", {"id": "dup", "text": "First."})
    second = jsonl(tmp_path / "b.jsonl", {"id": "other", "text": "x"}, {"id": "dup", "text": "2"})
    documents, problems = read([first, second])
    assert [d.text for d in documents] == ["First.", "x"]
    assert messages(problems) == [
        f"{second}:2: duplicate document id dup (first seen in {first}:1), skipped"
    ]


def test_identical_text_under_different_ids_is_kept(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "a.jsonl", {"id": "1", "text": ENGLISH}, {"id": "2", "text": ENGLISH})
    documents, problems = read([path])
    assert [d.id for d in documents] == ["1", "2"] and problems == []


def test_skipped_document_does_not_claim_its_id(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "a.jsonl", {"id": "1", "text": SPANISH}, {"id": "1", "text": "Yes."})
    documents, problems = read([path])
    assert [d.text for d in documents] == ["Yes."]
    assert len(problems) == 1 and "English" in problems[0].message


# Stdin, directories and paths


def test_stdin_jsonl_is_read_when_it_starts_with_a_brace() -> None:
    stdin = io.BytesIO(b'\n  {"id": "s1", "text": "Peace talks."}\n{"id": "s2", "text": "More."}')
    documents, problems = read(["-"], stdin=stdin)
    assert [d.id for d in documents] == ["s1", "s2"] and problems == []


def test_stdin_plain_text_is_one_document_named_stdin() -> None:
    stdin = io.BytesIO(b"\nTroops crossed\nthe border.\n\nTalks failed.\n")
    documents, problems = read(["-"], stdin=stdin)
    assert documents == [Document("stdin", " Troops crossed the border.\n\nTalks failed. ")]
    assert problems == []


def test_stdin_text_stream_is_accepted() -> None:
    documents, _ = read(["-"], stdin=io.StringIO('{"id": "t", "text": "Zürich talks."}\n'))
    assert [d.text for d in documents] == ["Zürich talks."]


def test_stdin_problems_name_stdin() -> None:
    _, problems = read(["-"], stdin=io.BytesIO(b'{"id": "s"}\n'))
    assert messages(problems) == ["<stdin>:1: missing field 'text', skipped"]


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / "b" / "deep" / "c.txt").write_text("Third.", encoding="utf-8")
    (tmp_path / "b" / "a.text").write_text("Second.", encoding="utf-8")
    jsonl(tmp_path / "a.jsonl", {"id": "first", "text": "First."})
    jsonl(tmp_path / "b" / "more.ndjson", {"id": "more", "text": "More."})
    (tmp_path / "z.html").write_bytes((DATA / "article.html").read_bytes())
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    documents, problems = read([tmp_path])
    assert [d.id for d in documents] == ["first", "a", "c", "more", "z"]
    assert messages(problems) == [f"{tmp_path}: 2 files skipped (unsupported type: .pdf, .png)"]


def test_missing_path_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Fine.", encoding="utf-8")
    documents, problems = read([tmp_path / "nope.jsonl", tmp_path / "ok.txt"])
    assert [d.id for d in documents] == ["ok"]
    assert messages(problems) == [f"{tmp_path / 'nope.jsonl'}: no such file or directory"]


def test_unsupported_suffix_is_reported_with_the_supported_ones(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    _, problems = read([tmp_path / "report.pdf"])
    message = problems[0].message
    assert message.startswith("unsupported file type '.pdf'; supported: .jsonl.gz")
    assert ".txt" in message and ".html" in message


def test_problems_are_logged_when_there_is_no_handler(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="polybius.sources.files"):
        assert list(read_documents([str(tmp_path / "gone.txt")])) == []
    assert "gone.txt: no such file or directory" in caplog.text


def test_a_single_string_for_paths_is_a_programmer_error() -> None:
    with pytest.raises(TypeError):
        list(read_documents("news.jsonl"))


def test_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        ReadOptions(max_chars=0)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200), st.sampled_from([".jsonl", ".json", ".txt", ".jsonl.gz"]))
def test_reading_arbitrary_bytes_never_raises(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "input" + suffix)
        path.write_bytes(data)
        documents, _ = read([path])
        stdin_documents, _ = read(["-"], stdin=io.BytesIO(data))
    assert all(d.text.strip() for d in documents + stdin_documents)


@pytest.mark.slow
def test_shared_news_file_reads_without_problems() -> None:
    news = SHARED / "data" / "news" / "wikinews.jsonl"
    if not news.is_file():
        pytest.skip("../shared/data/news is absent (fresh clone)")
    documents, problems = read([news])
    assert problems == []
    assert len(documents) == 287
    assert all(d.published is not None for d in documents)
