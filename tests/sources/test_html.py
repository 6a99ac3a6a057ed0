"""Tests for article extraction from saved HTML pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from polybius.errors import InputError
from polybius.sources.html import decode_html, extract_html

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"

ARTICLE = (
    "<p>Negotiators from Eastland and Westmark met in Norhaven on Monday for the first "
    "direct talks since the ceasefire. Both foreign ministers said the meeting was useful "
    "and that a second round was planned for April, when prisoners would be exchanged.</p>"
    "<p>Westmark rejected a demand to withdraw its naval patrols from the harbour but "
    "offered to share its patrol schedules with the Eastland coast guard.</p>"
)


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.fixture(scope="module")
def article() -> tuple[str, dict[str, str | None]]:
    return extract_html((DATA / "article.html").read_text(encoding="utf-8"), "article.html")


def test_body_has_the_article_paragraphs(article: tuple[str, dict[str, str | None]]) -> None:
    body, _ = article
    assert "Negotiators from Eastland and Westmark met" in body
    assert "withdraw its naval patrols" in body
    assert "exchange prisoners held since the clashes" in body


def test_body_leaves_out_navigation_sidebar_and_footer(
    article: tuple[str, dict[str, str | None]],
) -> None:
    body, _ = article
    for boilerplate in ("Subscribe today", "Sport pages", "baking contest", "Copyright", "Cookie"):
        assert boilerplate not in body


def test_paragraphs_are_separated_by_blank_lines(
    article: tuple[str, dict[str, str | None]],
) -> None:
    body, _ = article
    paragraphs = body.split("\n\n")
    assert len(paragraphs) >= 3
    assert all(paragraph.strip() and "\n" not in paragraph for paragraph in paragraphs)


def test_metadata_comes_from_the_page_head(article: tuple[str, dict[str, str | None]]) -> None:
    _, meta = article
    assert meta == {
        "title": "Harbour talks resume after ceasefire",
        "date": "2023-03-14",
        "url": "https://courier.example/world/harbour-talks-resume",
        "outlet": "The Northgate Courier",
    }


def test_copyright_year_in_footer_is_not_taken_for_the_date() -> None:
    html = _page("<title>Talks</title>", ARTICLE + "<footer>Copyright 2024 Example</footer>")
    _, meta = extract_html(html, "talks.html")
    assert meta["date"] is None


def test_missing_metadata_is_none() -> None:
    _, meta = extract_html(_page("", ARTICLE), "bare.html")
    assert meta["url"] is None and meta["outlet"] is None


def test_page_without_article_text_raises_input_error_naming_it() -> None:
    with pytest.raises(InputError, match=r"^empty\.html: no article text found$"):
        extract_html(_page("<title>Nothing</title>", ""), "empty.html")


def test_decode_html_uses_declared_charset_when_not_utf8() -> None:
    html = _page('<meta charset="windows-1252">', "<p>São Paulo – “talks”</p>")
    assert decode_html(html.encode("cp1252"), "p.html") == html


def test_decode_html_prefers_valid_utf8_over_declared_charset() -> None:
    html = _page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "é")
    assert decode_html(html.encode("utf-8"), "p.html") == html


def test_decode_html_ignores_unknown_declared_charset() -> None:
    html = _page('<meta charset="x-no-such-codec">', "<p>Café in Zürich</p>")
    assert "Zürich" in decode_html(html.encode("latin-1"), "p.html")


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


@pytest.mark.slow
def test_extracted_bodies_cover_the_human_gold_text() -> None:
    folder = SHARED / "data" / "html"
    if not folder.is_dir():
        pytest.skip("../shared/data/html is absent (fresh clone)")
    recalls = []
    for page in sorted(folder.glob("*.html")):
        gold = _tokens(page.with_name(page.stem + ".gold.txt").read_text(encoding="utf-8"))
        body, _ = extract_html(decode_html(page.read_bytes(), page.name), page.name)
        recalls.append(len(gold & _tokens(body)) / len(gold))
    assert recalls
    good = sum(recall >= 0.8 for recall in recalls)
    assert good >= 0.9 * len(recalls), recalls
    assert sum(recalls) / len(recalls) >= 0.9, recalls
