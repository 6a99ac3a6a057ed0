"""The cooperation–conflict scale: weights per type, factors per status, flows."""

from __future__ import annotations

import pytest

from polybius.graph.weights import DEFAULT_SCALE, WEIGHTS, Count, Flow, Scale, flow
from polybius.records import PLOVER_TYPES


def test_every_plover_type_has_a_weight_from_plus_seven_to_minus_ten() -> None:
    assert set(WEIGHTS) == set(PLOVER_TYPES)
    assert max(WEIGHTS.values()) == WEIGHTS["AID"] == 7
    assert min(WEIGHTS.values()) == WEIGHTS["ASSAULT"] == -10
    cooperation = PLOVER_TYPES[:7]  # AGREE ... RETREAT
    assert all(WEIGHTS[t] > 0 for t in cooperation)
    assert all(WEIGHTS[t] < 0 for t in PLOVER_TYPES[7:])


@pytest.mark.parametrize(
    ("type_", "status", "score"),
    [
        ("ASSAULT", "occurred", -10.0),
        ("AID", "planned", 3.5),
        ("THREATEN", "possible", -3.0),
        ("SANCTION", "denied", 0.0),
        ("AGREE", "negated", 0.0),
        ("AGREE", "rumoured", 0.0),
        ("BOMB", "occurred", 0.0),
    ],
)
def test_a_score_is_the_type_weight_times_the_status_factor(
    type_: str, status: str, score: float
) -> None:
    assert DEFAULT_SCALE.score(type_, status) == score


def test_a_flow_sums_events_volume_score_and_types_in_plover_order() -> None:
    counted = flow([
        Count("ASSAULT", "occurred", 2),
        Count("CONSULT", "planned", 1),
        Count("ACCUSE", "occurred", 1),
    ])  # fmt: skip
    assert (counted.events, counted.volume, counted.score) == (4, 3.5, -21.5)
    assert list(counted.types.items()) == [("CONSULT", 1), ("ACCUSE", 1), ("ASSAULT", 2)]
    assert counted.mean == pytest.approx(-21.5 / 3.5)
    assert counted.to_dict()["mean"] == round(-21.5 / 3.5, 4)


def test_an_empty_flow_has_no_mean_and_flows_add_up() -> None:
    assert Flow().mean is None
    assert Flow().to_dict() == {"events": 0, "volume": 0.0, "score": 0.0, "mean": None,
                                "types": {}}  # fmt: skip
    total = flow([Count("AID", "occurred", 1)]) + flow([Count("AID", "planned", 2)])
    assert (total.events, total.volume, total.score, dict(total.types)) == (3, 2.0, 14.0,
                                                                           {"AID": 3})  # fmt: skip


def test_a_scale_of_ones_own_changes_the_scores() -> None:
    equal = Scale(status_factors={"occurred": 1.0, "planned": 1.0, "possible": 1.0})
    assert equal.score("AID", "planned") == 7.0
    assert flow([Count("AID", "planned", 2)], equal).score == 14.0
    assert equal.to_dict()["weights"]["ASSAULT"] == -10.0
