"""A fetched web page waiting to become a document: from a WARC archive or a live feed.

Both the WARC reader and the feed watcher produce ``Page`` records; the
files reader turns them into ``Document``s with the same HTML extraction and
checks as a saved ``.html`` file (``polybius.sources.files.read_pages``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Page:
    """The raw bytes of one HTML page and what is known about it before extraction.

    ``id`` becomes the document id; ``source`` names the page in problem
    messages ("crawl.warc.gz: https://..."). ``title``, ``published`` and
    ``outlet`` are fallbacks (from a feed entry, say) used when the page's own
    metadata lacks them.
    """

    id: str
    url: str | None
    body: bytes
    source: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
