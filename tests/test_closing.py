"""The shared context-manager protocol closes what it wraps, also when the body raises."""

from __future__ import annotations

import pytest

from polybius.closing import ClosesOnExit


class Resource(ClosesOnExit):
    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_leaving_the_block_closes_once() -> None:
    with Resource() as resource:
        assert resource.closed == 0
    assert resource.closed == 1


def test_an_error_in_the_block_still_closes_and_propagates() -> None:
    resource = Resource()
    with pytest.raises(ValueError), resource:
        raise ValueError("boom")
    assert resource.closed == 1
