"""Reading web archives: one document per HTML page, clear messages for broken archives.

The archives are written in each test with warcio's own writer; the pages
are example texts written by the team.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from polybius.cli import main
from polybius.records import Document, Problem
from polybius.sources.files import read_documents
from tests.store.conftest import LineCoder

STORY = (
    "Negotiators from both governments met in the port city on Monday for the first "
    "direct talks since the ceasefire took hold. The foreign ministers said the meeting "
    "had been frank and useful, and that their teams would meet again next week."
)


def page(title: str, *paragraphs: str, published: str = "2023-03-14") -> bytes:
    """A small news page in the shape of a real one (header, article, footer)."""
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<meta property='article:published_time' content='{published}T08:00:00Z'>"
        "<meta property='og:site_name' content='The Example Courier'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright the Example Courier</footer></body></html>"
    ).encode()


def write_warc(path: Path, records: list[tuple[str, str, str, bytes]], *, gz: bool) -> Path:
    """records: (url, record type, "status content-type", payload)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for url, kind, head, payload in records:
            code, reason, content_type = head.split(" ")
            http = None
            if kind == "response":
                headers = [("Content-Type", content_type)]
                http = StatusAndHeaders(f"{code} {reason}", headers, protocol="HTTP/1.1")
            # With the length given, warcio needs no temporary file to measure the payload.
            record = writer.create_warc_record(
                url, kind, payload=io.BytesIO(payload), length=len(payload), http_headers=http
            )
            writer.write_record(record)
    return path


ARCHIVE = [
    ("https://news.example/a", "response", "200 OK text/html", page("Talks resume", STORY)),
    ("https://news.example/logo.png", "response", "200 OK image/png", b"\x89PNG\r\n\x1a\n"),
    ("https://news.example/gone", "response", "404 Missing text/html", page("Gone", STORY)),
    ("https://news.example/empty", "response", "200 OK text/html", b"<html><body></body></html>"),
    (
        "https://news.example/b",
        "response",
        "200 OK text/html",
        page("Second visit", STORY.replace("Monday", "Tuesday"), published="2023-03-15"),
    ),
]


def read(*paths: Path) -> tuple[list[Document], list[Problem]]:
    problems: list[Problem] = []
    documents = list(read_documents([str(p) for p in paths], on_problem=problems.append))
    return documents, problems


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_each_html_response_becomes_a_document_with_its_url_as_id(tmp_path: Path, gz: bool) -> None:
    name = "crawl.warc.gz" if gz else "crawl.warc"
    documents, problems = read(write_warc(tmp_path / name, ARCHIVE, gz=gz))
    assert [d.id for d in documents] == ["https://news.example/a", "https://news.example/b"]
    first = documents[0]
    assert (first.title, first.published.isoformat() if first.published else None) == (
        "Talks resume",
        "2023-03-14",
    )
    assert first.url == "https://news.example/a"
    assert first.outlet == "The Example Courier"
    assert "first direct talks" in first.text
    # The image and the 404 are passed over silently; the empty page is reported.
    assert [str(p) for p in problems] == [
        f"{tmp_path / name}: https://news.example/empty: no article text found, skipped"
    ]


def test_a_warc_in_a_directory_is_read_with_the_other_files(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl.warc.gz", ARCHIVE[:1], gz=True)
    (tmp_path / "notes.jsonl").write_text(json.dumps({"id": "n1", "text": STORY}) + "\n")
    documents, _ = read(tmp_path)
    assert [d.id for d in documents] == ["https://news.example/a", "n1"]


def test_gzip_that_is_not_gzip_is_reported_by_name(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_text("this is a plain text file, not an archive\n" * 5)
    documents, problems = read(path)
    assert documents == []
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith(f"{path}: not gzip-compressed and not a WARC file")
    assert "give a .warc or .warc.gz web archive" in message


def test_gzipped_file_that_is_not_a_warc_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(b'{"id": "x", "text": "not a warc"}\n'))
    _, problems = read(path)
    assert [p.message for p in problems] == [
        "gzip-compressed, but not a WARC file inside (it starts with "
        'b\'{"id": "x", "text": \', not \'WARC/\')'
    ]


def test_cut_off_archive_keeps_the_pages_before_the_cut(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", [ARCHIVE[0], ARCHIVE[4]], gz=True).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 300])
    documents, problems = read(cut)
    assert [d.id for d in documents] == ["https://news.example/a"]
    assert len(problems) == 1
    assert problems[0].message.startswith("the archive is cut off")
    assert problems[0].message.endswith("were read")


def test_cut_off_plain_archive_is_reported_at_the_record(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "whole.warc", [ARCHIVE[0]], gz=False).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[:900])
    documents, problems = read(cut)
    assert documents == []
    assert "cut off inside the record for https://news.example/a" in str(problems[0])


def test_empty_and_pageless_archives_are_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    images = write_warc(tmp_path / "images.warc.gz", ARCHIVE[1:3], gz=True)
    documents, problems = read(empty, images)
    assert documents == []
    assert [p.message for p in problems] == [
        "empty file, not a WARC archive",
        "no HTML pages (2xx text/html response records) in this WARC file",
    ]


def test_ingest_stores_pages_from_a_warc_and_documents_from_jsonl_gz(tmp_path: Path) -> None:
    line = "ASSAULT RUS UKR 2023-03-13 occurred - Russia struck the port city with drones."
    archive = [
        ("https://news.example/c", "response", "200 OK text/html", page("Strike", line, STORY))
    ]
    warc = write_warc(tmp_path / "crawl.warc.gz", archive, gz=True)
    packed = tmp_path / "more.jsonl.gz"
    record = {"id": "j1", "text": "SANCTION EU IRN 2023-03-10 occurred - The EU imposed sanctions."}
    packed.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    db = str(tmp_path / "x.db")
    runner = CliRunner()
    args = ["ingest", str(warc), str(packed), "--db", db]
    result = runner.invoke(main, args, obj={"engine": LineCoder()})
    assert result.exit_code == 0, result.output
    assert "2 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed document(s)" in result.stderr
    assert "2 event mention(s) stored" in result.stderr
    again = runner.invoke(main, args, obj={"engine": LineCoder()})
    assert "0 new, 0 updated, 2 unchanged" in again.stderr


def test_archive_missing_its_gzip_trailer_is_reported_as_cut(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", ARCHIVE[:1], gz=True).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[:-4])  # the record is whole; the member's length field is not
    documents, problems = read(cut)
    assert [d.id for d in documents] == ["https://news.example/a"]
    assert [p.message for p in problems] == [
        "the archive is cut off (its last gzip member is incomplete); the pages before the "
        "cut were read"
    ]
