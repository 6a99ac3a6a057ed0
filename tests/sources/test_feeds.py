"""Feed lists (plain text, OPML) and feed documents (RSS, Atom, JSON Feed)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polybius.errors import InputError
from polybius.records import Problem
from polybius.sources.feeds import is_web_url, parse_feed, read_feed_list

FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"
BASE = "http://news.example"


def fixture(name: str) -> bytes:
    return (FEEDS / name).read_bytes().replace(b"http://HOST", BASE.encode())


def test_plain_list_skips_comments_blanks_and_repeats_and_reports_bad_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text(
        "# my feeds\n\nhttps://a.example/rss\nftp://b.example/feed\nnot a url\n"
        "https://a.example/rss\n  https://c.example/atom  \n"
    )
    problems: list[Problem] = []
    assert read_feed_list(path, problems.append) == [
        "https://a.example/rss",
        "https://c.example/atom",
    ]
    assert [str(p) for p in problems] == [
        f"{path}:4: not an http(s) URL, skipped: 'ftp://b.example/feed'",
        f"{path}:5: not an http(s) URL, skipped: 'not a url'",
    ]


def test_opml_outlines_with_feed_urls_are_read_at_any_depth() -> None:
    urls = read_feed_list(FEEDS / "feeds.opml")
    assert urls == [
        "http://HOST/feeds/world.rss",
        "http://HOST/feeds/europe.atom",
        "http://HOST/feeds/asia.json",
    ]


def test_bad_opml_and_empty_lists_are_clear_errors(tmp_path: Path) -> None:
    broken = tmp_path / "subs.opml"
    broken.write_text("<opml><body><outline xmlUrl='https://a.example/rss'></body>")
    with pytest.raises(InputError, match=r"subs.opml: not a valid OPML file \(mismatched tag"):
        read_feed_list(broken)
    other = tmp_path / "other.xml"
    other.write_text("<rss><channel/></rss>")
    with pytest.raises(InputError, match=r"an XML file but not OPML \(its root is <rss>\)"):
        read_feed_list(other)
    empty = tmp_path / "feeds.txt"
    empty.write_text("# nothing yet\n\n")
    with pytest.raises(InputError, match="feeds.txt: no feed URLs found; write one http"):
        read_feed_list(empty)
    with pytest.raises(InputError, match="missing.txt: cannot read the feed list"):
        read_feed_list(tmp_path / "missing.txt")


def test_rss_items_carry_url_title_date_and_outlet() -> None:
    items = parse_feed(fixture("world.rss"), f"{BASE}/feeds/world.rss", "application/rss+xml")
    assert [item.url for item in items] == [
        f"{BASE}/pages/strike.html",
        f"{BASE}/pages/talks.html",
        f"{BASE}/pages/gallery.html",
    ]
    first = items[0]
    assert (first.title, first.published, first.outlet) == (
        "Drones strike the port city",
        date(2022, 10, 18),
        "The Example Courier: World",
    )
    assert first.feed == f"{BASE}/feeds/world.rss"


def test_atom_entries_use_the_published_date_else_the_updated_one() -> None:
    items = parse_feed(fixture("europe.atom"), f"{BASE}/feeds/europe.atom")
    assert [(item.url, item.published) for item in items] == [
        (f"{BASE}/pages/sanctions.html", date(2022, 10, 21)),
        (f"{BASE}/pages/strike.html", date(2022, 10, 18)),
    ]


def test_json_feed_items_keep_the_outlet_date_and_skip_entries_without_a_url() -> None:
    items = parse_feed(fixture("asia.json"), f"{BASE}/feeds/asia.json", "application/feed+json")
    assert [(i.url, i.title, i.published, i.outlet) for i in items] == [
        (
            f"{BASE}/pages/visit.html",
            "Minister to visit the capital",
            date(2022, 10, 20),
            "The Example Courier: Asia",
        )
    ]


def test_relative_links_are_resolved_against_the_feed_address() -> None:
    rss = b"<rss version='2.0'><channel><title>T</title><item><link>/a.html</link></item>" \
        b"</channel></rss>"  # fmt: skip
    assert [i.url for i in parse_feed(rss, f"{BASE}/feeds/x.rss")] == [f"{BASE}/a.html"]


@pytest.mark.parametrize(
    ("content", "content_type", "message"),
    [
        (b"<html><body>Not a feed</body></html>", "text/html", "not an RSS, Atom or JSON feed"),
        (b"plain words", None, "not an RSS, Atom or JSON feed"),
        (b'{"items": []}', "application/json", "JSON, but not a JSON Feed"),
        (b"{broken", "application/json", "not a valid JSON feed"),
    ],
)
def test_what_is_not_a_feed_is_an_input_error(
    content: bytes, content_type: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=f"^{BASE}/f: {message}"):
        parse_feed(content, f"{BASE}/f", content_type)


def test_web_urls_need_http_and_a_host() -> None:
    assert is_web_url("https://a.example/x")
    assert not is_web_url("file:///etc/passwd")
    assert not is_web_url("http:///nohost")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([None, "application/rss+xml", "application/json"]))
def test_any_bytes_give_items_or_an_input_error(content: bytes, content_type: str | None) -> None:
    try:
        items = parse_feed(content, f"{BASE}/f", content_type)
    except InputError as e:
        assert str(e).startswith(f"{BASE}/f: ")
    else:
        assert all(is_web_url(item.url) or item.url.startswith(BASE) for item in items)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["feeds.txt", "feeds.opml"]))
def test_any_feed_list_gives_web_urls_or_an_input_error(text: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8", errors="replace")
        try:
            urls = read_feed_list(path)
        except InputError as e:
            assert str(e).startswith(str(path))
        else:
            assert urls and all(is_web_url(url) for url in urls)
