"""WHEN: find the date expression that belongs to an event and resolve it to a window.

Two layers. ``parse_date_expression`` is a pure, fast parser for the date
expressions news actually uses ("on Tuesday", "last week", "since August
2021", "three weeks ago"); it knows which way relative expressions point from
the event's tense. ``DateResolver`` walks the dependency parse to pick the
expression that belongs to the trigger's own clause, falls back to the
reporting verb (past tense only) and then to the publication date, and hands
leftovers it cannot parse itself to dateparser, caching every result on the
instance because the same few expressions recur in millions of articles.

Conventions, documented here because consumers depend on them:

* Windows are inclusive ``start..end``; weeks run Monday..Sunday.
* A past (or past-directed) expression never ends after the publication date:
  "this week" in a past-tense sentence ends on the publication date. A future
  expression likewise never starts before it.
* "early", "mid" and "late" narrow a month to days 1-10, 11-20 and 21-end and
  a year to January-April, May-August and September-December; precision stays
  that of the month or year they narrow.
* Seasons are meteorological (spring = March-May, winter = December-February)
  with precision "month".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from spacy.tokens import Span, Token

from polybius.records import EventDate, Precision

Tense = Literal["past", "present", "future"]
Resolved = tuple[date, date, Precision]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2,
    "wed": 2, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4,
    "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
# Full weekday names only: the abbreviations ("sun", "sat", "wed") are words.
FULL_WEEKDAYS = frozenset(name for name in WEEKDAYS if len(name) > 4)
SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "couple": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
# Vague counts ("a few days ago") become a range of multiples of the unit.
VAGUE_COUNTS: dict[str, tuple[int, int]] = {"few": (2, 6), "several": (2, 6)}
UNITS: dict[str, str] = {
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
}  # fmt: skip
# Windows for plural units without a count ("in recent weeks", "in the coming days").
VAGUE_WINDOW_DAYS: dict[str, int] = {"hour": 1, "day": 7, "week": 28, "month": 90, "year": 730}
VAGUE_WINDOW_PRECISION: dict[str, Precision] = {
    "hour": "day",
    "day": "week",
    "week": "week",
    "month": "month",
    "year": "year",
}
COARSER: dict[Precision, Precision] = {
    "day": "week",
    "week": "month",
    "month": "year",
    "year": "year",
}
TIME_OF_DAY = frozenset(
    {"morning", "afternoon", "evening", "night", "noon", "midday", "dawn", "dusk", "midnight"}
)
THIRDS = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}
RANGE_WORDS = frozenset({"to", "and", "through", "until", "till"})
# Words that carry no date information once the structure words are read.
FILLER = frozenset({
    "the", "of", "on", "in", "at", "during", "over", "around", "about", "as", "sometime",
    "approximately", "roughly", "circa", "local", "time",
})  # fmt: skip
# Words that, besides numbers and names, make an expression worth handing to dateparser.
_DATEPARSER_WORTHY = re.compile(
    r"\b(?:" + "|".join(sorted(set(MONTHS) | set(WEEKDAYS), key=len, reverse=True)) + r")\b"
    r"|\d{1,2}/\d{1,2}/\d{2,4}"
)
# Ages and durations are not dates: "62-year-old", "a 10-year deal", "75 years old".
_DURATION = re.compile(r"\d+\s*-\s*(?:year|month|week|day|hour)|\byears?\s*-?\s*old\b|\baged\b")
_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\b\.?|p\.?m\b\.?)|\b\d{1,2}:\d{2}\b|o'clock")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_WORD = re.compile(r"[a-z]+|\d+")
_YEAR_TOKEN = re.compile(r"^(?:18|19|20|21)\d\d$")
# Multi-word fixed phrases normalised before tokenising, so "the past week"
# (a seven-day window) is not confused with "last week" (the calendar week).
_PHRASES = (
    (re.compile(r"\b(?:over |in |during )?the (?:past|last)\b"), " past "),
    (re.compile(r"\b(?:in |over |during )?the (?:coming|next)\b"), " coming "),
    (re.compile(r"\bthe day before yesterday\b"), " daybeforeyesterday "),
    (re.compile(r"\bthe day after tomorrow\b"), " dayaftertomorrow "),
    (re.compile(r"\b(?:the )?early hours\b"), " "),
)
MIN_YEAR, MAX_YEAR = 1800, 2200
DEFAULT_CACHE_SIZE = 200_000


@dataclass(frozen=True)
class _Window:
    start: date
    end: date
    precision: Precision


class _Anchor:
    """The publication date and direction, recording whether the parse needed the date.

    The parser is written once against an anchor; when no publication date is
    known the resolver parses against a stand-in and keeps the result only if
    the anchor was never read (the expression was absolute).
    """

    __slots__ = ("_published", "future", "used")

    def __init__(self, published: date, tense: Tense) -> None:
        self._published = published
        self.future = tense == "future"
        self.used = False

    @property
    def today(self) -> date:
        self.used = True
        return self._published


# ---------------------------------------------------------------- calendar helpers


def _month_window(year: int, month: int) -> _Window:
    last = calendar.monthrange(year, month)[1]
    return _Window(date(year, month, 1), date(year, month, last), "month")


def _year_window(year: int) -> _Window:
    return _Window(date(year, 1, 1), date(year, 12, 31), "year")


def _week_window(day: date) -> _Window:
    monday = day - timedelta(days=day.weekday())
    return _Window(monday, monday + timedelta(days=6), "week")


def _day(day: date) -> _Window:
    return _Window(day, day, "day")


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _count(words: list[str]) -> tuple[int, int] | None:
    """Read "three", "a couple", "a few", "24" as a (low, high) count; None if not a count."""
    words = [w for w in words if w not in ("a", "an")] or words
    if len(words) != 1:
        return None
    word = words[0]
    if word in VAGUE_COUNTS:
        return VAGUE_COUNTS[word]
    value = _number(word)
    return (value, value) if value is not None else None


def _back(today: date, unit: str, amount: int) -> date:
    """The date ``amount`` units before ``today`` (negative amounts go forward)."""
    if unit in ("hour", "day", "week"):
        days = {"hour": amount // 24, "day": amount, "week": 7 * amount}[unit]
        return today - timedelta(days=days)
    months = amount if unit == "month" else 12 * amount
    year, month = _shift_month(today.year, today.month, -months)
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _unit_window(day: date, unit: str) -> _Window:
    """The calendar unit containing ``day`` (an hour or a day gives the day)."""
    if unit == "week":
        return _week_window(day)
    if unit == "month":
        return _month_window(day.year, day.month)
    if unit == "year":
        return _year_window(day.year)
    return _day(day)


# ---------------------------------------------------------------- single words


def _weekday(wd: int, anchor: _Anchor, mode: str) -> _Window:
    """Resolve a weekday; mode is "" (by tense), "last", "next" or "this"."""
    today = anchor.today
    back = (today.weekday() - wd) % 7
    ahead = (wd - today.weekday()) % 7
    if mode == "last":
        return _day(today - timedelta(days=back or 7))
    if mode == "next" or (anchor.future and mode in ("", "this")):
        # A future "on Tuesday" said on a Tuesday means next week's Tuesday.
        return _day(today + timedelta(days=ahead or 7))
    return _day(today - timedelta(days=back))


def _month_by_direction(month: int, anchor: _Anchor, mode: str) -> _Window:
    """Resolve a month name without a year ("in January", "last July")."""
    today = anchor.today
    year = today.year
    if mode == "last":
        year -= 0 if month < today.month else 1
    elif mode == "next":
        year += 0 if month > today.month else 1
    elif mode == "" and anchor.future:
        year += 0 if month >= today.month else 1
    elif mode == "":
        year -= 0 if month <= today.month else 1
    return _month_window(year, month)


def _month_day_by_direction(month: int, day: int, anchor: _Anchor) -> _Window | None:
    """Resolve "July 11" without a year: the nearest such date on the tense's side."""
    today = anchor.today
    step = 1 if anchor.future else -1
    # Eight years covers the gap between two 29 Februaries.
    for offset in range(0, 9):
        year = today.year + step * offset
        if day > calendar.monthrange(year, month)[1]:
            continue
        candidate = date(year, month, day)
        if (candidate >= today) if anchor.future else (candidate <= today):
            return _day(candidate)
    return None


def _season(start_month: int, year: int) -> _Window:
    end_year, end_month = _shift_month(year, start_month, 2)
    return _Window(date(year, start_month, 1), _month_window(end_year, end_month).end, "month")


def _season_by_direction(start_month: int, anchor: _Anchor, mode: str) -> _Window:
    """Resolve "summer", "last winter": "last" is the latest season already over."""
    today = anchor.today
    this = _season(start_month, today.year)
    if start_month == 12 and today.month <= 2:
        this = _season(12, today.year - 1)  # January's winter began last December
    if mode == "last" or (mode == "" and not anchor.future):
        over = this.end < today if mode == "last" else this.start <= today
        return this if over else _season(start_month, this.start.year - 1)
    if mode == "next" or mode == "":
        ahead = this.start > today if mode == "next" else this.end >= today
        return this if ahead else _season(start_month, this.start.year + 1)
    return this


def _weekend(anchor: _Anchor, mode: str) -> _Window:
    today = anchor.today
    saturday = today - timedelta(days=(today.weekday() - 5) % 7)  # latest Saturday <= today
    if mode == "next" or (anchor.future and mode in ("", "this") and today.weekday() < 5):
        saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    elif mode == "last" and today.weekday() >= 5:
        saturday -= timedelta(days=7)
    return _Window(saturday, saturday + timedelta(days=1), "week")


def _single(word: str, anchor: _Anchor) -> _Window | None:
    """One-word expressions: "today", "yesterday", "Tuesday", "July", "2019"."""
    if word in ("today", "tonight", "now"):
        return _day(anchor.today)
    if word in ("yesterday", "daybeforeyesterday"):
        return _day(anchor.today - timedelta(days=1 if word == "yesterday" else 2))
    if word in ("tomorrow", "dayaftertomorrow"):
        return _day(anchor.today + timedelta(days=1 if word == "tomorrow" else 2))
    if word == "overnight":
        return _Window(anchor.today - timedelta(days=1), anchor.today, "day")
    if word in WEEKDAYS:
        return _weekday(WEEKDAYS[word], anchor, "")
    if word in MONTHS:
        return _month_by_direction(MONTHS[word], anchor, "")
    if word in SEASONS:
        return _season_by_direction(SEASONS[word], anchor, "")
    if word == "weekend":
        return _weekend(anchor, "")
    if word.isdigit() and len(word) == 4 and MIN_YEAR <= int(word) <= MAX_YEAR:
        return _year_window(int(word))
    return None


# ---------------------------------------------------------------- relative phrases


def _this_last_next(mode: str, rest: list[str], anchor: _Anchor) -> _Window | None:
    """ "this/last/next week|month|year|weekend|<weekday>|<month>|<season>"."""
    if len(rest) != 1:
        return None
    word = rest[0]
    if word in WEEKDAYS:
        return _weekday(WEEKDAYS[word], anchor, mode)
    if word in MONTHS:
        return _month_by_direction(MONTHS[word], anchor, mode)
    if word in SEASONS:
        return _season_by_direction(SEASONS[word], anchor, mode)
    if word == "weekend":
        return _weekend(anchor, mode)
    if word in ("night", "evening") and mode == "last":
        return _day(anchor.today - timedelta(days=1))
    if word in TIME_OF_DAY and mode == "this":
        return _day(anchor.today)
    unit = UNITS.get(word)
    if unit not in ("week", "month", "year"):
        return None
    assert unit is not None
    step = {"this": 0, "last": 1, "next": -1}[mode]
    return _unit_window(_back(anchor.today, unit, step), unit)


def _window(direction: str, rest: list[str], anchor: _Anchor) -> _Window | None:
    """ "past three weeks", "coming days", "recent months": a window beside the anchor."""
    if not rest or rest[-1] not in UNITS:
        return None
    unit = UNITS[rest[-1]]
    plural = rest[-1].endswith("s")
    count = _count(rest[:-1]) if rest[:-1] else ((0, 0) if plural else (1, 1))
    if count is None:
        return None
    if count == (0, 0):  # no number: "recent weeks"
        days = VAGUE_WINDOW_DAYS[unit]
        precision = VAGUE_WINDOW_PRECISION[unit]
    else:
        today = anchor.today
        days = (today - _back(today, unit, count[1])).days
        precision = (
            "day"
            if unit == "hour" or (unit == "day" and count[1] == 1)
            else (VAGUE_WINDOW_PRECISION[unit])
        )
    today = anchor.today
    if direction == "forward":
        return _Window(today + timedelta(days=1), today + timedelta(days=max(days, 1)), precision)
    return _Window(today - timedelta(days=days), today, precision)


def _ago(rest: list[str], anchor: _Anchor) -> _Window | None:
    """ "two days ago", "three weeks ago", "a few months ago"."""
    if len(rest) < 2 or rest[-1] not in UNITS:
        return None
    count = _count(rest[:-1])
    if count is None:
        return None
    unit = UNITS[rest[-1]]
    newest = _unit_window(_back(anchor.today, unit, count[0]), unit)
    oldest = _unit_window(_back(anchor.today, unit, count[1]), unit)
    # A vague count ("a few days ago") spans several units: one step coarser.
    precision = newest.precision if count[0] == count[1] else COARSER[newest.precision]
    return _Window(oldest.start, newest.end, precision)


# ---------------------------------------------------------------- calendar phrases


def _year_of(word: str) -> int | None:
    if word.isdigit() and len(word) == 4 and MIN_YEAR <= int(word) <= MAX_YEAR:
        return int(word)
    return None


def _day_of(word: str) -> int | None:
    if word.isdigit() and len(word) <= 2 and 1 <= int(word) <= 31:
        return int(word)
    return None


def _calendar(words: list[str], anchor: _Anchor) -> _Window | None:
    """Month/day/year combinations in either order: "July 11, 2022", "11 July", "July 2022"."""
    if words and words[0] in WEEKDAYS and len(words) > 1:
        words = words[1:]  # "Monday, July 11": the date decides
    months = [i for i, w in enumerate(words) if w in MONTHS]
    if len(months) != 1:
        return _decade_or_season(words, anchor)
    month = MONTHS[words[months[0]]]
    others = words[: months[0]] + words[months[0] + 1 :]
    years = [y for y in (_year_of(w) for w in others) if y is not None]
    days = [d for d in (_day_of(w) for w in others) if d is not None]
    if len(years) + len(days) != len(others) or len(years) > 1 or len(days) > 2:
        return None
    year = years[0] if years else None
    if not days:
        return _month_window(year, month) if year else _month_by_direction(month, anchor, "")
    return _calendar_days(month, days, year, anchor)


def _calendar_days(
    month: int, days: list[int], year: int | None, anchor: _Anchor
) -> _Window | None:
    """One day ("July 11") or a range of days within a month ("July 11-12")."""
    first = _dated(month, days[0], year, anchor)
    if first is None or len(days) == 1:
        return first
    if days[1] <= days[0] or days[1] > calendar.monthrange(first.start.year, month)[1]:
        return None
    return _Window(first.start, date(first.start.year, month, days[1]), "day")


def _dated(month: int, day: int, year: int | None, anchor: _Anchor) -> _Window | None:
    if year is None:
        return _month_day_by_direction(month, day, anchor)
    if day > calendar.monthrange(year, month)[1]:
        return None
    return _day(date(year, month, day))


def _decade_or_season(words: list[str], anchor: _Anchor) -> _Window | None:
    """ "the 1990s", "summer 2022", "2019"."""
    if len(words) == 2 and words[1] == "s" and (year := _year_of(words[0])) and year % 10 == 0:
        return _Window(date(year, 1, 1), date(year + 9, 12, 31), "year")
    if len(words) == 2 and words[0] in SEASONS and (year := _year_of(words[1])):
        return _season(SEASONS[words[0]], year)
    if len(words) == 1:
        return _single(words[0], anchor)
    return None


# ---------------------------------------------------------------- modifiers


def _is_calendar_year(window: _Window) -> bool:
    return window.start == date(window.start.year, 1, 1) and window.end == date(
        window.start.year, 12, 31
    )


def _is_calendar_month(window: _Window) -> bool:
    return window == _month_window(window.start.year, window.start.month)


def _third(window: _Window, index: int) -> _Window:
    """Narrow a window to its early (0), middle (1) or late (2) third.

    Years split into four-month thirds and months into 1-10, 11-20, 21-end;
    other windows split by day count. A single day stays as it is.
    """
    start, end = window.start, window.end
    if _is_calendar_year(window):
        first = 1 + 4 * index
        return _Window(date(start.year, first, 1), _month_window(start.year, first + 3).end, "year")
    if _is_calendar_month(window):
        lo, hi = ((1, 10), (11, 20), (21, end.day))[index]
        return _Window(start.replace(day=lo), start.replace(day=hi), window.precision)
    span = (end - start).days + 1
    if span < 3:
        return window
    size = span // 3
    lo_day = start + timedelta(days=size * index)
    hi_day = end if index == 2 else lo_day + timedelta(days=size - 1)
    return _Window(lo_day, hi_day, window.precision)


def _narrowed(index: int, words: list[str], anchor: _Anchor) -> _Window | None:
    """ "mid-March", "late last year": a third of the period, on the tense's side.

    A bare month is re-chosen when its third falls on the wrong side of the
    anchor: "mid-October" said in the past on October 5 is last year's.
    """
    inner = _core(_period_words(words), anchor)
    if inner is None:
        return None
    narrowed = _third(inner, index)
    if len(words) != 1 or words[0] not in MONTHS:
        return narrowed
    today = anchor.today
    if not anchor.future and narrowed.start > today:
        return _third(_month_window(inner.start.year - 1, inner.start.month), index)
    if anchor.future and narrowed.end < today:
        return _third(_month_window(inner.start.year + 1, inner.start.month), index)
    return narrowed


def _period_words(words: list[str]) -> list[str]:
    """A bare unit after "earlier", "end of" ("earlier in the week") means the current one."""
    if len(words) == 1 and words[0] in ("week", "month", "year"):
        return ["this", *words]
    return words


def _earlier_later(word: str, rest: list[str], anchor: _Anchor) -> _Window | None:
    """ "earlier this year" runs from the period's start to the anchor; "later" the other way."""
    inner = _core(_period_words(rest), anchor)
    if inner is None:
        return None
    today = anchor.today
    if not inner.start <= today <= inner.end:
        return inner
    if word == "earlier":
        return _Window(inner.start, today, inner.precision)
    return _Window(today, inner.end, inner.precision)


def _range(words: list[str], split: int, anchor: _Anchor) -> _Window | None:
    """ "from July 11 to July 15", "between March 1 and 5"."""
    left = _core(words[:split], anchor)
    right_words = words[split + 1 :]
    if left is None or not right_words:
        return None
    right_day = _day_of(right_words[0]) if len(right_words) == 1 else None
    if right_day is not None and left.precision == "day":
        try:
            right: _Window | None = _day(left.start.replace(day=right_day))
        except ValueError:
            return None
    else:
        right = _core(right_words, anchor)
    if right is None or right.end < left.start:
        return None
    order: tuple[Precision, ...] = ("day", "week", "month", "year")
    precision = max(left.precision, right.precision, key=order.index)
    return _Window(left.start, right.end, precision)


# ---------------------------------------------------------------- grammar


def _strip_time_of_day(words: list[str]) -> list[str]:
    """Drop "night", "morning" around a day: "Monday night", "the night of July 11"."""
    if len(words) > 1 and words[0] in TIME_OF_DAY:
        words = words[1:]
    if len(words) > 1 and words[-1] in TIME_OF_DAY and words[0] not in ("last", "this"):
        words = words[:-1]
    return words


def _core(words: list[str], anchor: _Anchor) -> _Window | None:
    """Expressions without a leading operator (since/within/by/early/...)."""
    words = _strip_time_of_day(words)
    if not words:
        return None
    head = words[0]
    for i, word in enumerate(words[1:], start=1):
        if word in RANGE_WORDS:
            return _range(words, i, anchor)
    if head in THIRDS and len(words) > 1:
        return _narrowed(THIRDS[head], words[1:], anchor)
    if head in ("earlier", "later"):
        return _earlier_later(head, words[1:], anchor)
    if head in ("this", "last", "next"):
        return _this_last_next(head, words[1:], anchor)
    if head in ("past", "recent"):
        return _window("back", words[1:], anchor)
    if head == "coming":
        return _window("forward", words[1:], anchor)
    if words[-1] == "ago":
        return _ago(words[:-1], anchor)
    return _calendar(words, anchor)


def _since(words: list[str], anchor: _Anchor) -> _Window | None:
    inner = _core(words, anchor)
    if inner is None or inner.start > anchor.today:
        return None
    return _Window(inner.start, anchor.today, inner.precision)


def _within(words: list[str], anchor: _Anchor) -> _Window | None:
    """ "within weeks (of X)", "within two days": a window on the tense's side of the anchor."""
    if words and words[0] in ("past", "coming"):
        return _core(words, anchor)
    # "within weeks of the invasion": the window is measured from the report.
    units = [i for i, w in enumerate(words) if w in UNITS]
    if not units:
        return None
    return _window("forward" if anchor.future else "back", words[: units[0] + 1], anchor)


def _by(words: list[str], anchor: _Anchor) -> _Window | None:
    """ "by the end of the year": from now until then when the event is still to come."""
    inner = _core(words, anchor)
    if inner is None or not anchor.future or inner.end < anchor.today:
        return inner
    return _Window(anchor.today, inner.end, inner.precision)


OPERATORS: dict[str, Callable[[list[str], _Anchor], _Window | None]] = {
    "since": _since,
    "within": _within,
    "by": _by,
    "until": _by,
    "till": _by,
}


def _normalise(text: str) -> list[str] | None:
    """Lower-case words of a date expression, or None when it is an age or a duration."""
    lowered = text.lower().replace("\u2019", "'")
    if _DURATION.search(lowered):
        return None
    lowered = _CLOCK.sub(" ", lowered)
    lowered = _ORDINAL.sub(r"\1", lowered)
    for pattern, replacement in _PHRASES:
        lowered = pattern.sub(replacement, lowered)
    return [w for w in _WORD.findall(lowered) if w not in FILLER]


def _parse(text: str, anchor: _Anchor) -> _Window | None:
    iso = _ISO.match(text)
    if iso:
        try:
            return _day(date(int(iso[1]), int(iso[2]), int(iso[3])))
        except ValueError:
            return None
    words = _normalise(text)
    if not words:
        return None
    if words[0] in ("before", "after"):
        return None  # relative to another event, not a date
    if words[0] in ("from", "between"):
        words = words[1:]
    operator = OPERATORS.get(words[0])
    try:
        if operator is not None:
            return operator(words[1:], anchor)
        return _core(words, anchor)
    except (ValueError, OverflowError):
        return None  # arithmetic past year 1 or 9999


def _clamp(window: _Window, published: date, tense: Tense) -> _Window:
    """Past events end by publication; future ones start no earlier than it."""
    if tense == "past" and window.start <= published < window.end:
        return _Window(window.start, published, window.precision)
    if tense == "future" and window.start < published <= window.end:
        return _Window(published, window.end, window.precision)
    return window


def parse_date_expression(text: str, published: date, *, tense: Tense) -> Resolved | None:
    """Resolve a date expression against the publication date, or None if it is not one.

    ``tense`` sets the direction of bare expressions ("Tuesday", "in January",
    "July 11"): past and present look back from ``published``, future looks
    ahead. Pure and cheap; dateparser is not consulted here.
    """
    window = _parse(text, _Anchor(published, tense))
    if window is None:
        return None
    window = _clamp(window, published, tense)
    return window.start, window.end, window.precision


def parse_absolute_expression(text: str) -> Resolved | None:
    """Resolve an expression that needs no anchor ("July 11, 2022", "in 2019"), else None."""
    anchor = _Anchor(date(2000, 1, 1), "past")
    window = _parse(text, anchor)
    if window is None or anchor.used:
        return None
    return window.start, window.end, window.precision


# ---------------------------------------------------------------- finding the expression

TIME_WORDS = frozenset({"yesterday", "today", "tonight", "tomorrow", "overnight"})
PERIOD_WORDS = frozenset({"week", "month", "year", "weekend"})
PERIOD_MODIFIERS = frozenset({"last", "next", "this", "past", "coming", "earlier", "later"})
# Prepositions whose meaning changes the window; they become part of the expression.
KEPT_PREPOSITIONS = frozenset({"since", "within", "by", "until", "till"})
# Prepositions that put a date in front of a month name ("in March") for the missed-word scan.
MONTH_CUES = frozenset(
    {"in", "since", "last", "next", "early", "late", "mid", "by", "until", "of", "this", "during"}
)
VERBAL = frozenset({"VERB", "AUX"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
MAX_WALK = 40


@dataclass(frozen=True)
class _Candidate:
    start: int  # doc-level token index of the first token of the expression
    end: int  # one past the last token
    root: Token


def _candidate_spans(sent: Span) -> list[_Candidate]:
    """DATE entities, TIME entities that name a day, and time words the NER missed."""
    found: list[_Candidate] = []
    covered: set[int] = set()
    for start, end, dated in _entity_spans(sent):
        span = sent.doc[start:end]
        if dated or _names_a_day(span):
            found.append(_Candidate(start, end, span.root))
            covered.update(range(start, end))
    for token in sent:
        if token.i in covered:
            continue
        candidate = _missed_time_word(token)
        if candidate is not None and not covered.intersection(
            range(candidate.start, candidate.end)
        ):
            found.append(candidate)
            covered.update(range(candidate.start, candidate.end))
    return found


def _entity_spans(sent: Span) -> list[tuple[int, int, bool]]:
    """DATE/TIME entities as (start, end, has a DATE part), repaired where the NER splits one
    expression: touching entities merge ("the evening of" + "March 3rd", "Between 2014 and" +
    "2016") and a trailing ", 2023" joins the date before it ("April 15, 2023")."""
    doc = sent.doc
    spans: list[tuple[int, int, bool]] = []
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        dated = ent.label_ == "DATE"
        if spans and spans[-1][1] == ent.start:
            spans[-1] = (spans[-1][0], ent.end, spans[-1][2] or dated)
        else:
            spans.append((ent.start, ent.end, dated))
    for index, (start, end, dated) in enumerate(spans):
        if end + 1 < sent.end and doc[end].text == "," and _YEAR_TOKEN.match(doc[end + 1].text):
            spans[index] = (start, end + 2, dated)
    return spans


def _names_a_day(ent: Span) -> bool:
    words = ent.text.lower().split()
    return any(w in TIME_WORDS or w in FULL_WEEKDAYS or w.rstrip(".") in MONTHS for w in words) or (
        "last night" in ent.text.lower()
    )


def _missed_time_word(token: Token) -> _Candidate | None:
    lower = token.lower_
    if lower in TIME_WORDS or (lower in FULL_WEEKDAYS and token.text[0].isupper()):
        return _Candidate(token.i, token.i + 1, token)
    if lower in PERIOD_WORDS:
        mods = [c for c in token.lefts if c.lower_ in PERIOD_MODIFIERS]
        if mods:
            return _Candidate(mods[0].i, token.i + 1, token)
    if lower in MONTHS and len(lower) > 3 and token.text[0].isupper() and token.tag_ == "NNP":
        return _month_candidate(token)
    return None


def _month_candidate(token: Token) -> _Candidate | None:
    """A month name the NER missed, with a following day/year number if any."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    prev = doc[token.i - 1] if token.i > 0 else None
    if nxt is not None and nxt.like_num:
        return _Candidate(token.i, token.i + 2, token)
    if prev is not None and prev.lower_ in MONTH_CUES:
        return _Candidate(token.i, token.i + 1, token)
    return None


def _first_verb_above(token: Token) -> Token | None:
    """The nearest verb or auxiliary above ``token`` in the parse (not the token itself)."""
    node = token
    for _ in range(MAX_WALK):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in VERBAL:
            return node
    return None


def _distance_to(start: Token, target: Token) -> int | None:
    """Steps up the head chain from ``start`` to ``target``, or None if another verb (or the
    root) comes first: a date belongs to the clause whose verb it reaches first."""
    node = start
    for steps in range(MAX_WALK):
        if node.i == target.i:
            return steps
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in VERBAL and node.i != target.i:
            return None
    return None


def _anchor_verbs(trigger: Token, tense: Tense) -> list[Token]:
    """The heads a date may attach to, best first.

    The trigger itself; for a nominal trigger ("launched an attack") also the
    verb that governs it, which states the same event; and, in the past tense
    only, the verb governing the trigger's clause ("said Thursday that ...").
    """
    anchors = [trigger]
    if trigger.pos_ not in VERBAL:
        governor = _first_verb_above(trigger)
        if governor is not None:
            anchors.append(governor)
    if tense == "past":
        outer = _first_verb_above(anchors[-1])
        if outer is not None and not _is_future(outer):
            anchors.append(outer)
    return anchors


def _is_future(verb: Token) -> bool:
    """ "will say on Thursday": a future report does not date a past event."""
    return any(child.dep_ == "aux" and child.lower_ in FUTURE_AUX for child in verb.children)


class DateResolver:
    """Attach WHEN to an event; parse results are cached on the instance."""

    def __init__(self, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        # lru_cache bound per instance: the cache lives and dies with the resolver.
        self._cached = lru_cache(maxsize=cache_size)(self._resolve_text)
        self._dateparsers: dict[tuple[date, str], Any] = {}

    def resolve(
        self, sent: Span, trigger: Token, published: date | None, *, tense: Tense
    ) -> EventDate | None:
        """The event's date: from its own clause, the reporting verb (past), or publication."""
        candidates = _candidate_spans(sent)
        if candidates:
            found = self._from_text(sent, trigger, candidates, published, tense)
            if found is not None:
                return found
        if published is None:
            return None
        return EventDate(published, published, "day", None, "published")

    def parse(self, text: str, published: date | None, tense: Tense) -> Resolved | None:
        """Resolve one expression (own parser, then dateparser), cached per (text, date, tense)."""
        return self._cached(text, published, tense)

    def _from_text(
        self,
        sent: Span,
        trigger: Token,
        candidates: list[_Candidate],
        published: date | None,
        tense: Tense,
    ) -> EventDate | None:
        for anchor in _anchor_verbs(trigger, tense):
            ranked = sorted(
                (
                    (dist, abs(c.root.i - trigger.i), c)
                    for c in candidates
                    if not c.start <= trigger.i < c.end
                    and (dist := _distance_to(c.root, anchor)) is not None
                ),
                key=lambda item: (item[0], item[1]),
            )
            for _, _, candidate in ranked:
                text = _expression_text(sent, candidate)
                resolved = self.parse(text, published, tense)
                if resolved is not None:
                    start, end, precision = resolved
                    return EventDate(start, end, precision, text, "text")
        return None

    def _resolve_text(self, text: str, published: date | None, tense: Tense) -> Resolved | None:
        if published is None:
            return parse_absolute_expression(text)
        resolved = parse_date_expression(text, published, tense=tense)
        if resolved is None and _worth_dateparser(text):
            resolved = self._dateparser(text, published, tense)
        return resolved

    def _dateparser(self, text: str, published: date, tense: Tense) -> Resolved | None:
        """Last resort for expressions outside our grammar ("10/3/2022", "Monday the 3rd")."""
        parser = self._dateparser_for(published, tense)
        data = parser.get_date_data(text)
        if data is None or data.date_obj is None:
            return None
        day = data.date_obj.date()
        period = data.period if data.period in ("day", "week", "month", "year") else "day"
        window = _unit_window(day, period)
        window = _clamp(window, published, tense)
        return window.start, window.end, window.precision

    def _dateparser_for(self, published: date, tense: Tense) -> Any:
        direction = "future" if tense == "future" else "past"
        key = (published, direction)
        parser = self._dateparsers.get(key)
        if parser is None:
            # Imported lazily: dateparser is slow to import and rarely needed.
            from dateparser.date import DateDataParser

            if len(self._dateparsers) > 64:
                self._dateparsers.clear()
            parser = DateDataParser(
                languages=["en"],
                settings={
                    "RELATIVE_BASE": datetime(published.year, published.month, published.day),
                    "PREFER_DATES_FROM": direction,
                    "RETURN_AS_TIMEZONE_AWARE": False,
                },
            )
            self._dateparsers[key] = parser
        return parser


def _worth_dateparser(text: str) -> bool:
    """Only expressions naming a month or weekday, or a numeric date, go to dateparser:
    it reads bare durations ("three years") and numbers ("24") as dates."""
    lowered = text.lower()
    return not _DURATION.search(lowered) and bool(_DATEPARSER_WORTHY.search(lowered))


def _expression_text(sent: Span, candidate: _Candidate) -> str:
    """The expression as written, with a meaning-bearing preposition ("since August 2021")."""
    doc = sent.doc
    start = candidate.start
    root = candidate.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in KEPT_PREPOSITIONS and head.i == start - 1:
        start = head.i
    return doc[start : candidate.end].text
