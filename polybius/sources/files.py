"""Read documents from files, directories and stdin (Contract 1's PATH arguments).

``read_documents`` turns paths into ``Document``s and never stops on bad
input: each problem (a missing file, a malformed line, a binary file, a
duplicate id) goes to ``on_problem`` and reading goes on with the rest.

Supported inputs: JSON Lines (``.jsonl``, ``.ndjson``, ``.json``, and the
same gzipped), plain text (``.txt``, ``.text``), saved HTML pages (``.html``,
``.htm``), web archives (``.warc``, ``.warc.gz``: one document per HTML page),
directories of them, and ``-`` for stdin (JSON Lines when it starts
with ``{``, otherwise one plain-text document with id ``stdin``).
"""

from __future__ import annotations

import codecs
import gzip
import itertools
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from polybius.errors import InputError
from polybius.records import Document, Problem
from polybius.sources.html import decode_html, extract_html
from polybius.sources.pages import Page
from polybius.sources.text import (
    decode_bytes,
    english_score,
    is_probably_english,
    looks_binary,
    unwrap_lines,
)

logger = logging.getLogger(__name__)

ProblemHandler = Callable[[Problem], None]

# Longest first, so "x.jsonl.gz" is not taken for a ".gz" file.
_KINDS: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl.gz"),
    (".ndjson.gz", "jsonl.gz"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "json"),
    (".txt", "text"),
    (".text", "text"),
    (".html", "html"),
    (".htm", "html"),
    (".warc.gz", "warc"),
    (".warc", "warc"),
)
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(suffix for suffix, _ in _KINDS)

STDIN_SOURCE = "<stdin>"
STDIN_ID = "stdin"

_SNIFF_BYTES = 8192
# The language test reads the start of a document: enough words, bounded cost.
_LANGUAGE_SAMPLE = 20_000
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
# JSON may carry "\ud800" escapes that no output encoding can write; each becomes U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]?\s")


@dataclass(frozen=True)
class ReadOptions:
    """How to read documents.

    ``published`` is the date for documents that do not carry their own;
    ``max_chars`` caps one document's length (longer ones are cut at a
    paragraph break); ``skip_non_english`` skips texts that do not look English.
    """

    published: date | None = None
    max_chars: int = 2_000_000
    skip_non_english: bool = True

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise ValueError(
                f"max_chars must be a positive number of characters, not {self.max_chars}"
            )


def read_documents(
    paths: Sequence[str],
    *,
    options: ReadOptions | None = None,
    stdin: TextIO | BinaryIO | None = None,
    on_problem: ProblemHandler | None = None,
) -> Iterator[Document]:
    """Yield the documents found in ``paths``, in order, reporting problems as they come.

    ``"-"`` reads ``stdin`` (``sys.stdin.buffer`` when None). Problems go to
    ``on_problem`` (or the module logger when None); bad input never raises.
    Every text has had its hard-wrapped lines unwrapped (same length), so
    character offsets refer to the returned ``Document.text``.

    Example: ``list(read_documents(["news.jsonl", "notes/"], on_problem=problems.append))``.
    """
    if isinstance(paths, str | bytes):
        raise TypeError("paths must be a list of paths, not a single string")
    reader = _Reader(options or ReadOptions(), stdin, on_problem or _log_problem)
    for path in paths:
        yield from reader.read_path(os.fspath(path))


def read_pages(
    pages: Iterable[Page],
    *,
    options: ReadOptions | None = None,
    on_problem: ProblemHandler | None = None,
) -> Iterator[Document]:
    """Documents from fetched web pages (WARC records, feed items), with the checks of
    ``read_documents``: a page without article text, not English or with a repeated id
    is reported and skipped."""
    reader = _Reader(options or ReadOptions(), None, on_problem or _log_problem)
    for page in pages:
        yield from reader.read_page(page)


def _log_problem(problem: Problem) -> None:
    logger.warning("%s", problem)


def file_kind(path: Path) -> str | None:
    """The reader for ``path`` by suffix ("jsonl", "jsonl.gz", "json", "text", "html",
    "warc"), or None."""
    name = path.name.lower()
    for suffix, kind in _KINDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


class _Reader:
    """One ``read_documents`` call: its options, problem handler and the ids seen so far."""

    def __init__(
        self, options: ReadOptions, stdin: TextIO | BinaryIO | None, on_problem: ProblemHandler
    ) -> None:
        self.options = options
        self.stdin = stdin
        self.on_problem = on_problem
        self.seen: dict[str, str] = {}  # document id -> where it was first read

    def report(self, source: str, message: str, line: int | None = None) -> None:
        self.on_problem(Problem(source, message, line))

    def read_path(self, path: str) -> Iterator[Document]:
        """Documents from one PATH argument: stdin, a directory or a file."""
        if path == "-":
            yield from self.read_stdin()
            return
        if not path:
            self.report(path, "empty path: name a file, a directory or - for stdin")
            return
        target = Path(path)
        try:
            is_dir, exists = target.is_dir(), target.exists()
        except OSError as e:  # a name too long, a permission denied on a parent folder
            self.report(path, f"cannot read: {_os_reason(e)}")
            return
        if is_dir:
            yield from self.read_directory(target)
        elif not exists:
            self.report(path, "no such file or directory")
        elif (kind := file_kind(target)) is None:
            self.report(path, _unsupported_message(target))
        else:
            yield from self.read_file(target, kind)

    def read_directory(self, root: Path) -> Iterator[Document]:
        """Every supported file under ``root``, recursively, in sorted order."""
        files, skipped = _walk(root, lambda e: self.report(str(root), f"cannot list: {e}"))
        if skipped:
            self.report(str(root), _skipped_message(skipped))
        for path, kind in files:
            yield from self.read_file(path, kind)

    def read_file(self, path: Path, kind: str) -> Iterator[Document]:
        """Documents from one file; a file that cannot be read is reported and skipped."""
        source = str(path)
        try:
            if kind in ("jsonl", "jsonl.gz"):
                yield from self.read_json_lines_file(path, source, gzipped=kind == "jsonl.gz")
            elif kind == "json":
                yield from self.read_json_file(path, source)
            elif kind == "html":
                yield from self.read_html(path.read_bytes(), _file_id(path), source)
            elif kind == "warc":
                yield from self.read_warc(path, source)
            else:
                yield from self.read_text(path.read_bytes(), _file_id(path), source)
        except InputError as e:
            self.report(source, _reason(e, source))
        except (OSError, EOFError, zlib.error) as e:
            self.report(source, f"cannot read: {_os_reason(e)}")

    def read_stdin(self) -> Iterator[Document]:
        """JSON Lines when the first non-blank character is ``{``, else one plain-text document."""
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        lines: Iterator[bytes | str] = iter(stream)
        head = _lines_through_first_non_blank(lines)
        rest = itertools.chain(head, lines)
        try:
            if head and _starts_json_object(head[-1]):
                records = iter_json_lines(rest, STDIN_SOURCE, self.on_problem)
                yield from self.read_records(records, STDIN_SOURCE)
            else:
                text = _plain_text(list(rest), STDIN_SOURCE)
                document = Document(id=STDIN_ID, text=text)
                yield from self.finish(document, STDIN_SOURCE, None, "empty input")
        except InputError as e:
            self.report(STDIN_SOURCE, _reason(e, STDIN_SOURCE))

    def read_text(self, data: bytes, doc_id: str, source: str) -> Iterator[Document]:
        """One plain-text document from a file's bytes."""
        text = decode_bytes(data, source)
        yield from self.finish(Document(id=doc_id, text=text), source, None, "empty file")

    def read_html(self, data: bytes, doc_id: str, source: str) -> Iterator[Document]:
        """One document from a saved web page: its article body and metadata."""
        if not data.strip():
            self.report(source, "empty file, skipped")
            return
        body, meta = extract_html(decode_html(data, source), source)
        document = Document(
            id=doc_id,
            text=body,
            title=meta.get("title"),
            published=_page_date(meta.get("date")),
            url=meta.get("url"),
            outlet=meta.get("outlet"),
        )
        yield from self.finish(document, source, None, "empty file")

    def read_warc(self, path: Path, source: str) -> Iterator[Document]:
        """One document per HTML page in a WARC archive; a bad page is reported and skipped."""
        from polybius.sources.warc import iter_warc_pages

        pages = 0
        for page in iter_warc_pages(path, source):
            pages += 1
            yield from self.read_page(page)
        if pages == 0:
            self.report(source, "no HTML pages (2xx text/html response records) in this WARC file")

    def read_page(self, page: Page) -> Iterator[Document]:
        """One document from a fetched page; the page's own metadata wins over the fallbacks."""
        try:
            body, meta = extract_html(decode_html(page.body, page.source), page.source)
        except InputError as e:
            self.report(page.source, _reason(e, page.source) + ", skipped")
            return
        document = Document(
            id=page.id,
            text=body,
            title=meta.get("title") or page.title,
            published=_page_date(meta.get("date")) or page.published,
            url=page.url or meta.get("url"),
            outlet=meta.get("outlet") or page.outlet,
        )
        yield from self.finish(document, page.source, None, "empty page")

    def read_json_lines_file(self, path: Path, source: str, *, gzipped: bool) -> Iterator[Document]:
        """Documents from a JSON Lines file, plain or gzipped, streamed line by line."""
        with gzip.open(path, "rb") if gzipped else path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
            if looks_binary(head):
                self.report(source, "binary file, not text")
                return
            if not head.strip() and len(head) < _SNIFF_BYTES:
                self.report(source, "empty file, skipped")
                return
            lines = _file_lines(head, stream, source)
            yield from self.read_records(iter_json_lines(lines, source, self.on_problem), source)

    def read_json_file(self, path: Path, source: str) -> Iterator[Document]:
        """A ``.json`` file: one JSON object, an array of them, or JSON Lines."""
        data = path.read_bytes()
        if looks_binary(data):
            self.report(source, "binary file, not text")
            return
        text = decode_bytes(data, source)
        if not text.strip():
            self.report(source, "empty file, skipped")
            return
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            records = iter_json_lines(text.split("\n"), source, self.on_problem)
            yield from self.read_records(records, source)
            return
        items = value if isinstance(value, list) else [value]
        for number, item in enumerate(items, start=1):
            label = f"item {number}: " if isinstance(value, list) else ""
            yield from self.read_record(item, source, None, label)

    def read_records(self, records: Iterable[tuple[int, Any]], source: str) -> Iterator[Document]:
        """Documents from the (line number, parsed JSON value) pairs of one source."""
        for line, value in records:
            yield from self.read_record(value, source, line, "")

    def read_record(
        self, value: Any, source: str, line: int | None, label: str
    ) -> Iterator[Document]:
        """One document from a parsed JSON record; ``label`` prefixes its problems."""
        problems: list[str] = []
        document = document_from_record(value, self.options, problems.append)
        for message in problems:
            self.report(source, label + message, line)
        if document is not None:
            yield from self.finish(document, source, line, label + "empty field 'text'")

    def finish(
        self, document: Document, source: str, line: int | None, empty: str
    ) -> Iterator[Document]:
        """The checks every document goes through, then the document itself when it passes.

        Order matters: a skipped document (empty, not English) does not claim
        its id, so a later good document with the same id is still read.
        """
        text = _LONE_SURROGATE.sub("\ufffd", unwrap_lines(document.text))
        if not text.strip():
            self.report(source, f"{empty}, skipped", line)
            return
        if self.options.skip_non_english and not is_probably_english(text[:_LANGUAGE_SAMPLE]):
            score = english_score(text[:_LANGUAGE_SAMPLE])
            self.report(
                source, f"text does not look like English (score {score:.2f}); skipped", line
            )
            return
        where = f"{source}:{line}" if line is not None else source
        first = self.seen.get(document.id)
        if first is not None:
            message = f"duplicate document id {document.id} (first seen in {first}), skipped"
            self.report(source, message, line)
            return
        self.seen[document.id] = where
        text = self.truncate(text, source, line)
        yield replace(document, text=text, published=document.published or self.options.published)

    def truncate(self, text: str, source: str, line: int | None) -> str:
        """Cut ``text`` to ``max_chars`` at the last paragraph break, reporting the cut."""
        limit = self.options.max_chars
        if len(text) <= limit:
            return text
        cut, where = truncation_point(text, limit)
        self.report(
            source,
            f"text truncated from {len(text):,} to {cut:,} characters at {where} "
            f"(max_chars is {limit:,})",
            line,
        )
        return text[:cut]


class _JsonLines:
    """Parsed JSON values of one stream of lines, with their 1-based line numbers.

    Blank lines are skipped; a line that is not valid JSON is reported with its
    number and skipped. Lines that are not UTF-8 are read as Windows-1252, the
    usual culprit, and reported once per source.
    """

    def __init__(
        self, lines: Iterable[bytes | str], source: str, on_problem: ProblemHandler
    ) -> None:
        self.lines = lines
        self.source = source
        self.on_problem = on_problem
        self.warned_encoding = False

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        for number, raw in enumerate(self.lines, start=1):
            text = self.decode(raw, number)
            if number == 1:
                text = text.removeprefix("\ufeff")
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as e:
                self.on_problem(Problem(self.source, f"invalid JSON: {_json_error(e)}", number))
                continue
            yield number, value

    def decode(self, raw: bytes | str, number: int) -> str:
        if isinstance(raw, str):
            return raw
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if not self.warned_encoding:
                self.warned_encoding = True
                message = (
                    "not valid UTF-8; read this and any other such lines as Windows-1252: "
                    "re-save the file as UTF-8"
                )
                self.on_problem(Problem(self.source, message, number))
            return raw.decode("cp1252", errors="replace")


def iter_json_lines(
    lines: Iterable[bytes | str], source: str, on_problem: ProblemHandler
) -> Iterable[tuple[int, Any]]:
    """(line number, JSON value) for each non-blank line; bad lines go to ``on_problem``."""
    return _JsonLines(lines, source, on_problem)


def document_from_record(
    value: Any, options: ReadOptions, on_problem: Callable[[str], None]
) -> Document | None:
    """A ``Document`` from one JSON record, or None when ``id`` or ``text`` is unusable.

    Problems are passed as messages. A bad optional field (``published``,
    ``title``, ``url``, ``outlet``) is reported and dropped; the document is kept.
    The text is returned as given; emptiness is checked later with the rest.
    """
    if not isinstance(value, dict):
        on_problem(f"expected a JSON object with 'id' and 'text', got {_json_type(value)}, skipped")
        return None
    doc_id = _record_id(value, on_problem)
    text = _record_text(value, on_problem)
    if doc_id is None or text is None:
        return None
    return Document(
        id=doc_id,
        text=text,
        title=_optional_string(value, "title", on_problem),
        published=_record_published(value, options, on_problem),
        url=_optional_string(value, "url", on_problem),
        outlet=_optional_string(value, "outlet", on_problem),
    )


def _record_id(record: dict[str, Any], on_problem: Callable[[str], None]) -> str | None:
    value = record.get("id")
    if value is None:
        on_problem("missing field 'id', skipped")
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        on_problem(f"field 'id' must be a string or an integer, got {_json_type(value)}, skipped")
        return None
    if not value.strip():
        on_problem("empty field 'id', skipped")
        return None
    return value


def _record_text(record: dict[str, Any], on_problem: Callable[[str], None]) -> str | None:
    value = record.get("text")
    if value is None:
        on_problem("missing field 'text', skipped")
        return None
    if not isinstance(value, str):
        on_problem(f"field 'text' must be a string, got {_json_type(value)}, skipped")
        return None
    return value


def _record_published(
    record: dict[str, Any], options: ReadOptions, on_problem: Callable[[str], None]
) -> date | None:
    value = record.get("published")
    if value is None or value == "":
        return None
    parsed = parse_published(value) if isinstance(value, str) else None
    if parsed is None:
        fallback = options.published.isoformat() if options.published else "no date"
        on_problem(
            f"field 'published' is not an ISO date or datetime: {value!r}; "
            f"kept the document with {fallback}"
        )
    return parsed


def parse_published(value: str) -> date | None:
    """The date of an ISO 8601 date or datetime string ("2019-01-04", "...T10:00:00Z").

    A datetime with an offset keeps its own calendar date (the date the outlet
    printed), not the UTC one. None when the string is not ISO 8601.
    """
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _optional_string(
    record: dict[str, Any], field: str, on_problem: Callable[[str], None]
) -> str | None:
    value = record.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        on_problem(f"field {field!r} must be a string, got {_json_type(value)}; ignored")
        return None
    return value.strip() or None


def truncation_point(text: str, limit: int) -> tuple[int, str]:
    """Where to cut ``text`` to at most ``limit`` characters, and what kind of break it is.

    The last paragraph break before the limit, else the last line break, else
    the last sentence end, else the last space, else the limit itself.
    """
    head = text[:limit]
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(head) if m.start() > 0]
    if breaks:
        return breaks[-1], "a paragraph break"
    newline = head.rfind("\n")
    if newline > 0:
        return newline, "a line break"
    sentences = [m.end() - 1 for m in _SENTENCE_END.finditer(head)]
    if sentences:
        return sentences[-1], "a sentence end"
    space = head.rfind(" ")
    if space > 0:
        return space, "a space"
    return limit, "the character limit"


def _walk(
    root: Path, on_error: Callable[[OSError], None]
) -> tuple[list[tuple[Path, str]], list[Path]]:
    """Supported files under ``root`` (sorted, with their kind) and the unsupported ones.

    Hidden files and folders (".git", ".DS_Store") are neither read nor
    counted; symbolic links to folders are not followed, so a loop cannot trap us.
    """
    found: list[tuple[Path, str]] = []
    skipped: list[Path] = []
    for folder, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(folder, name)
            kind = file_kind(path)
            if kind is None:
                skipped.append(path)
            else:
                found.append((path, kind))
    found.sort(key=lambda item: item[0].relative_to(root).parts)
    return found, skipped


def _skipped_message(skipped: list[Path]) -> str:
    suffixes = sorted({path.suffix.lower() or "(no suffix)" for path in skipped})
    shown = ", ".join(suffixes[:5]) + (", ..." if len(suffixes) > 5 else "")
    noun = "file" if len(skipped) == 1 else "files"
    return f"{len(skipped)} {noun} skipped (unsupported type: {shown})"


def _unsupported_message(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".gz" and len(path.suffixes) > 1:
        suffix = "".join(path.suffixes[-2:]).lower()
    named = f"file type {suffix!r}" if suffix else "file with no suffix"
    return f"unsupported {named}; supported: {', '.join(SUPPORTED_SUFFIXES)}"


def _file_id(path: Path) -> str:
    """A .txt or .html document's id: the file name without its extension (Contract 1)."""
    return path.stem


def _page_date(value: str | None) -> date | None:
    """The page's publication date from trafilatura's ISO string, or None."""
    return parse_published(value) if value else None


def _lines_through_first_non_blank(lines: Iterator[bytes | str]) -> list[bytes | str]:
    """Consume ``lines`` up to and including the first one that is not blank."""
    head: list[bytes | str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    return head


def _starts_json_object(line: bytes | str) -> bool:
    """True when the line's first character, after a byte-order mark and spaces, is "{"."""
    if isinstance(line, bytes):
        return line.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{")
    return line.removeprefix("\ufeff").lstrip().startswith("{")


def _plain_text(chunks: list[bytes | str], source: str) -> str:
    """The text of a whole stream: joined as it is when it was text, else decoded."""
    texts = [chunk for chunk in chunks if isinstance(chunk, str)]
    if texts:
        return "".join(texts)
    return decode_bytes(b"".join(chunk for chunk in chunks if isinstance(chunk, bytes)), source)


def _file_lines(head: bytes, rest: Iterable[bytes], source: str) -> Iterator[bytes | str]:
    """The lines of a file whose first bytes, ``head``, were read already; ``rest`` has the others.

    A file with a UTF-16 byte-order mark is decoded whole (JSON Lines should be
    UTF-8, but some Windows tools write UTF-16).
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from decode_bytes(head + b"".join(rest), source).split("\n")
        return
    *complete, carry = head.split(b"\n")  # carry: the start of a line that goes on in rest
    for line in complete:
        yield line + b"\n"
    for line in rest:
        yield carry + line
        carry = b""
    if carry:
        yield carry


def _json_error(error: Exception) -> str:
    """A short reason for a JSON parse failure."""
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} (column {error.colno})"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "a number"


def _reason(error: InputError, source: str) -> str:
    """An InputError's message without the leading "source: ", which Problem adds back."""
    return str(error).removeprefix(f"{source}: ")


def _os_reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__
