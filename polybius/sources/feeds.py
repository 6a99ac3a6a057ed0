"""News feeds: lists of feeds (plain text or OPML) and their entries (RSS, Atom, JSON Feed).

RSS and Atom are parsed with feedparser, which copes with the malformed
feeds found in the wild; JSON Feed (jsonfeed.org), which feedparser does not
read, is parsed here. A feed entry becomes a ``FeedItem``: the article's URL
(resolved against the feed's address), its title and publication date, and
the feed's title as the outlet.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from polybius.errors import InputError
from polybius.records import Problem
from polybius.sources.files import parse_published

ProblemHandler = Callable[[Problem], None]


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: the page to fetch and what the feed says about it."""

    url: str
    feed: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None


def read_feed_list(path: Path, on_problem: ProblemHandler | None = None) -> list[str]:
    """The feed URLs in ``path``: an OPML file, or plain text with one URL per line.

    In plain text, blank lines and lines starting with ``#`` are ignored; a
    line that is not an http(s) URL is reported and skipped. Raises
    ``InputError`` when the file cannot be read or names no feed.
    """
    report = on_problem or (lambda _problem: None)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read the feed list: {e.strerror or e}") from e
    text = data.decode("utf-8-sig", errors="replace")
    if path.suffix.lower() in (".opml", ".xml") or text.lstrip().startswith("<"):
        urls = _opml_urls(text, str(path), report)
    else:
        urls = _text_urls(text, str(path), report)
    if not urls:
        raise InputError(
            f"{path}: no feed URLs found; write one http(s) URL per line, or give an OPML "
            "file with <outline xmlUrl=...> entries"
        )
    return list(dict.fromkeys(urls))  # the first of repeated URLs


def _text_urls(text: str, source: str, report: ProblemHandler) -> list[str]:
    urls = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if is_web_url(line):
            urls.append(line)
        else:
            report(Problem(source, f"not an http(s) URL, skipped: {line[:80]!r}", number))
    return urls


def _opml_urls(text: str, source: str, report: ProblemHandler) -> list[str]:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as e:
        raise InputError(f"{source}: not a valid OPML file ({e}); fix the XML or give a "
                         "plain list of feed URLs, one per line") from e  # fmt: skip
    if root.tag.lower() != "opml":
        raise InputError(f"{source}: an XML file but not OPML (its root is <{root.tag}>)")
    urls = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue  # a folder of outlines, or a link that is not a feed
        if is_web_url(url):
            urls.append(url)
        else:
            report(Problem(source, f"outline with an xmlUrl that is not http(s), skipped: {url!r}"))
    return urls


def is_web_url(value: str) -> bool:
    """True for an absolute http or https URL with a host."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def parse_feed(content: bytes, url: str, content_type: str | None = None) -> list[FeedItem]:
    """The entries of a feed document fetched from ``url``; raises ``InputError`` when the
    content is not an RSS, Atom or JSON feed."""
    if _looks_json(content, content_type):
        return _json_feed_items(content, url)
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(content, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no feed elements"
        raise InputError(f"{url}: not an RSS, Atom or JSON feed ({reason})")
    outlet = _text(parsed.feed.get("title"))
    items = (_entry_item(entry, url, outlet) for entry in parsed.entries)
    return [item for item in items if item is not None]


def _entry_item(entry: Any, feed: str, outlet: str | None) -> FeedItem | None:
    link = _text(entry.get("link"))
    if link is None:
        return None
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = date(*when[:3]) if when else None
    return FeedItem(urljoin(feed, link), feed, _text(entry.get("title")), published, outlet)


def _looks_json(content: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type.lower():
        return True
    return content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _json_feed_items(content: bytes, url: str) -> list[FeedItem]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise InputError(f"{url}: not a valid JSON feed ({e})") from e
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or "jsonfeed.org" not in version:
        raise InputError(f"{url}: JSON, but not a JSON Feed (no jsonfeed.org version)")
    outlet = _text(data.get("title"))
    entries = data.get("items")
    return [item for item in _json_items(entries, url, outlet) if item is not None]


def _json_items(entries: Any, feed: str, outlet: str | None) -> Iterable[FeedItem | None]:
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        link = _text(entry.get("url")) or _text(entry.get("external_url"))
        if link is None:
            yield None
            continue
        published = _text(entry.get("date_published"))
        day = parse_published(published) if published else None
        yield FeedItem(urljoin(feed, link), feed, _text(entry.get("title")), day, outlet)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
