"""A dyad over time: both directions per period, scored, denied events left out."""

from __future__ import annotations

from datetime import date

import pytest

from polybius.graph.dyads import dyad
from polybius.store.database import Store


def test_a_dyad_counts_both_directions_per_month_with_scores(world: Store) -> None:
    series = dyad(world, "RUS", "UKR", by="month")
    assert [p.period.label for p in series.periods] == ["2022-01", "2022-02", "2022-03"]
    january, february, march = series.periods
    assert (january.forward.events, january.forward.score) == (1, -10.0)
    assert dict(january.backward.types) == {"CONSULT": 1}
    assert (january.backward.volume, january.backward.score) == (0.5, 0.5)  # planned: half
    assert january.score == -9.5
    assert (february.forward.events, dict(february.backward.types)) == (0, {"ACCUSE": 1})
    assert (march.forward.score, march.backward.events, march.score) == (-10.0, 0, -10.0)
    assert series.undated == 1  # the undated ASSAULT is in no period
    assert (series.forward.events, series.backward.events) == (2, 2)


def test_the_order_of_the_two_actors_only_swaps_the_directions(world: Store) -> None:
    forward = dyad(world, "rus", "ukr")
    backward = dyad(world, "UKR", "RUS")
    assert (forward.a, forward.b) == ("RUS", "UKR")
    for one, other in zip(forward.periods, backward.periods, strict=True):
        assert (one.forward, one.backward) == (other.backward, other.forward)


def test_a_window_bounds_the_series_fills_empty_periods_and_drops_undated_events(
    world: Store,
) -> None:
    series = dyad(world, "RUS", "UKR", by="week", date_from=date(2022, 1, 1),
                  date_to=date(2022, 1, 31))  # fmt: skip
    assert series.periods[0].period.label == "2021-W52"
    assert len(series.periods) == 6
    assert [p.forward.events + p.backward.events for p in series.periods] == [0, 2, 0, 0, 0, 0]
    assert series.undated == 0
    by_year = dyad(world, "RUS", "UKR", by="year")
    assert [(p.period.label, p.score) for p in by_year.periods] == [("2022", -21.5)]


def test_denied_events_are_not_counted_and_contested_ones_are(world: Store) -> None:
    assert dyad(world, "USA", "UKR").periods == ()  # only denied
    aid = dyad(world, "IRN", "RUS").periods[0]
    assert (aid.forward.events, aid.forward.score) == (1, 7.0)


def test_a_dyad_as_json_names_its_scale(world: Store) -> None:
    record = dyad(world, "RUS", "UKR", by="month").to_dict()
    assert record["periods"][0] == {
        "period": "2022-01", "start": "2022-01-01", "end": "2022-01-31",
        "a_to_b": {"events": 1, "volume": 1.0, "score": -10.0, "mean": -10.0,
                   "types": {"ASSAULT": 1}},
        "b_to_a": {"events": 1, "volume": 0.5, "score": 0.5, "mean": 1.0,
                   "types": {"CONSULT": 1}},
        "score": -9.5,
    }  # fmt: skip
    assert record["scale"]["weights"]["ASSAULT"] == -10.0
    assert record["scale"]["status_factors"]["planned"] == 0.5
    assert record["undated"] == 1


def test_bad_dyads_are_refused(world: Store) -> None:
    with pytest.raises(ValueError, match="two different actors"):
        dyad(world, "RUS", "rus")
    with pytest.raises(ValueError, match="unknown period"):
        dyad(world, "RUS", "UKR", by="day")
    with pytest.raises(ValueError, match="before its start"):
        dyad(world, "RUS", "UKR", date_from=date(2022, 2, 1), date_to=date(2022, 1, 1))
    assert dyad(world, "RUS", "CHN").periods == ()
