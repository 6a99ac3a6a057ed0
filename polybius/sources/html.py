"""Article text and metadata from a saved HTML news page, with trafilatura (no network).

Navigation, footers, comments and other boilerplate are dropped; what is left
is the article body, one block (paragraph, heading, list item) per paragraph,
with a blank line between blocks so later stages see real paragraph breaks.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import trafilatura

from polybius.errors import InputError
from polybius.sources.text import decode_bytes, looks_binary

# A charset declared in the page head: <meta charset="..."> or the http-equiv form.
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_HEAD_BYTES = 4096

# Dates from the page's metadata only, and the first publication rather than the
# last update. The extensive search scans the visible text and turns a footer's
# "Copyright 2024" into 2024-01-01, a wrong anchor for "last Monday".
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def decode_html(data: bytes, source: str) -> str:
    """Decode a page's bytes: BOM, then UTF-8, then the charset the page declares, then a guess.

    Valid UTF-8 wins over a declared charset because pages often declare
    ISO-8859-1 while serving UTF-8; the declaration is used only when UTF-8
    fails. Raises ``InputError`` as ``decode_bytes`` does.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, source)
    if looks_binary(data):
        raise InputError(f"{source}: binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return decode_bytes(data, source)


def _declared_charset(data: bytes) -> str | None:
    """The codec named by the page's meta charset, or None when absent or unknown to Python."""
    match = _META_CHARSET.search(data[:_HEAD_BYTES])
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def extract_html(html: str, source: str) -> tuple[str, dict[str, str | None]]:
    """Return the article body of ``html`` and its metadata.

    The metadata has ``title``, ``date`` (an ISO ``YYYY-MM-DD`` string), ``url``
    and ``outlet`` (the site name), each None when the page does not give it.
    Raises ``InputError`` naming ``source`` when no article text is found.
    """
    result = _bare_extraction(html, source)
    body = _paragraphs(result.get("text"))
    if not body:
        raise InputError(f"{source}: no article text found")
    metadata = {
        "title": _clean(result.get("title")),
        "date": _clean(result.get("date")),
        "url": _clean(result.get("url")),
        "outlet": _clean(result.get("sitename")),
    }
    return body, metadata


def _bare_extraction(html: str, source: str) -> dict[str, Any]:
    """Run trafilatura once for both body and metadata; an empty dict when it finds nothing."""
    try:
        result = trafilatura.bare_extraction(
            html,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except Warning:
        raise  # a warning turned into an error (as in the tests) is news for us, not the page
    # trafilatura and lxml raise many unrelated types on malformed pages; any of
    # them means this one page cannot be read, which the caller reports.
    except Exception as e:
        raise InputError(f"{source}: cannot parse HTML: {e}") from e
    if result is None:
        return {}
    return result if isinstance(result, dict) else result.as_dict()


def _paragraphs(text: Any) -> str:
    """One block per paragraph, blank lines between, surrounding whitespace dropped."""
    if not isinstance(text, str):
        return ""
    blocks = (line.strip() for line in text.splitlines())
    return "\n\n".join(block for block in blocks if block)


def _clean(value: Any) -> str | None:
    """A non-empty stripped string, or None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
