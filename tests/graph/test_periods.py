"""Calendar periods: ISO weeks, months, years, and every period between two days."""

from __future__ import annotations

from datetime import date

import pytest

from polybius.graph.periods import Period, period_of, periods_between


def test_a_day_falls_in_its_iso_week_month_and_year() -> None:
    day = date(2021, 1, 3)  # a Sunday: ISO week 53 of 2020
    assert period_of(day, "week") == Period(date(2020, 12, 28), date(2021, 1, 3), "2020-W53")
    assert period_of(day, "month") == Period(date(2021, 1, 1), date(2021, 1, 31), "2021-01")
    assert period_of(date(2024, 2, 10), "month").end == date(2024, 2, 29)
    assert period_of(day, "year") == Period(date(2021, 1, 1), date(2021, 12, 31), "2021")
    with pytest.raises(ValueError, match="unknown period 'day'"):
        period_of(day, "day")


def test_periods_between_two_days_include_both_ends_and_the_empty_middle() -> None:
    months = [p.label for p in periods_between(date(2021, 11, 30), date(2022, 2, 1), "month")]
    assert months == ["2021-11", "2021-12", "2022-01", "2022-02"]
    weeks = list(periods_between(date(2022, 1, 1), date(2022, 1, 10), "week"))
    assert [w.label for w in weeks] == ["2021-W52", "2022-W01", "2022-W02"]
    assert list(periods_between(date(2022, 1, 2), date(2022, 1, 1), "year")) == []
