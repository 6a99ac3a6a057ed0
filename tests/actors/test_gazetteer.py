"""The gazetteer's data and look-ups (no spaCy model needed)."""

from __future__ import annotations

from datetime import date

import pytest

from polybius.actors.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_a_sitting_leader_is_named_by_a_distinctive_surname(gazetteer: Gazetteer) -> None:
    putin = gazetteer.sitting_leader("Putin", date(2022, 10, 20))
    assert putin is not None and putin.country == "RUS"


def test_a_surname_out_of_office_common_or_short_names_nobody(gazetteer: Gazetteer) -> None:
    assert gazetteer.sitting_leader("Putin", date(1995, 1, 1)) is None  # not yet in office
    assert "Johnson" in gazetteer.common_surnames
    assert gazetteer.sitting_leader("Johnson", date(2020, 1, 1)) is None
    assert gazetteer.sitting_leader("Key", date(2010, 1, 1)) is None  # too short to trust
    xi = gazetteer.sitting_leader("Xi", date(2022, 1, 1))  # family name first: short is usual
    assert xi is not None and xi.country == "CHN"
