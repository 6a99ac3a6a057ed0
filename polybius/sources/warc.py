"""Web pages from WARC archives (``.warc``, ``.warc.gz``), read with warcio.

Only records that hold an HTML page are kept: ``response`` records with a
2xx HTTP status (and ``resource`` records) whose content type is HTML.
Requests, metadata, redirects, images and other records are passed over.
Each page's document id is its URL (the record's ``WARC-Target-URI``), so
a later crawl of the same URL updates the stored document instead of adding
a second one; a record without a URL falls back to its ``WARC-Record-ID``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from polybius.errors import InputError
from polybius.sources.pages import Page

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# A page larger than this is not a news article; skipping it bounds memory per record.
MAX_PAGE_BYTES = 20_000_000
_SNIFF_BYTES = 512
_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"


def iter_warc_pages(path: Path, source: str | None = None) -> Iterator[Page]:
    """Yield the HTML pages stored in the WARC file at ``path``, in file order.

    Raises ``InputError`` naming the file (and the byte offset reached) when
    it is not a WARC file or is cut off; pages read before that point have
    been yielded already.
    """
    source = source or str(path)
    with path.open("rb") as stream:
        _check_start(stream.read(_SNIFF_BYTES), source, path)
        stream.seek(0)
        records = _CheckedIterator(stream)
        try:
            for record in records:
                page = _page(record, source)
                if page is not None:
                    yield page
        except (ArchiveLoadFailed, EOFError, zlib.error, ValueError) as e:
            raise InputError(
                f"{source}: not a readable WARC file{_offset(records)}: {_reason(e)}; "
                "check that it is a complete .warc or .warc.gz archive"
            ) from e
        if records.truncated:
            raise InputError(
                f"{source}: the archive is cut off (its last gzip member is "
                "incomplete); the pages before the cut were read"
            )


class _CheckedIterator(ArchiveIterator):
    """warcio's iterator, noting whether the gzip stream ended inside a member (a cut file),
    which warcio itself passes over in silence."""

    truncated = False

    def close(self) -> None:
        decompressor = getattr(self.reader, "decompressor", None) if self.reader else None
        if decompressor is not None and not getattr(decompressor, "eof", True):
            self.truncated = True
        super().close()


def _check_start(head: bytes, source: str, path: Path) -> None:
    """Refuse a file that is neither gzip-compressed WARC nor plain WARC, before warcio
    tries to read it as something else."""
    if head.startswith(_GZIP_MAGIC):
        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error as e:
            raise InputError(f"{source}: corrupt gzip data ({e}); not a readable WARC file") from e
        if start and not start.startswith(_WARC_MAGIC):
            raise InputError(
                f"{source}: gzip-compressed, but not a WARC file inside "
                f"(it starts with {start[:20]!r}, not 'WARC/')"
            )
        return
    if head.startswith(_WARC_MAGIC):
        return
    if not head:
        raise InputError(f"{source}: empty file, not a WARC archive")
    kind = "not gzip-compressed and " if path.name.lower().endswith(".gz") else ""
    raise InputError(
        f"{source}: {kind}not a WARC file (it starts with {head[:20]!r}, "
        "not 'WARC/'); give a .warc or .warc.gz web archive"
    )


def _page(record: Any, source: str) -> Page | None:
    """The page in one WARC record, or None when the record holds no HTML page."""
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or not _ok(headers.get_statuscode()):
            return None
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type.lower().split(";")[0].strip() not in _HTML_TYPES:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(body) > MAX_PAGE_BYTES:
        return None
    if getattr(record.raw_stream, "limit", 0) > 0:  # the file ended inside this record
        raise InputError(
            f"{source}: the archive is cut off inside the record for {url or record_id}; "
            "the pages before it were read"
        )
    doc_id = url or record_id or f"record-{id(record)}"
    return Page(id=doc_id, url=url, body=body, source=f"{source}: {url or record_id}")


def _ok(status: str | None) -> bool:
    return bool(status) and str(status).startswith("2")


def _offset(records: Any) -> str:
    try:
        return f" (at byte {int(records.get_record_offset())})"
    except (AttributeError, TypeError, ValueError):
        return ""


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]
