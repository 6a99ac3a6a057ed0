"""The claim summary of a merged event: who asserts it, who denies it, and what that makes it.

Each mention carries the claim layer's ``status`` and ``attributed_to``. A
mention with status occurred, planned or possible asserts the event; its voice
is ``attributed_to`` ("according to the White House"), or the outlet when the
writer speaks in their own voice. A denied mention denies it, in the voice of
the denier; a negated one ("neither country has imposed sanctions") says the
event did not happen, so it counts as a denial too, in the same way.

The state:

- ``contested``: asserted and denied;
- ``denied``: only denied;
- ``corroborated``: asserted, never denied, reported by two or more independent
  outlets (distinct outlets, or web hosts when the outlet is unknown);
- ``reported``: anything else that is asserted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ASSERTING = frozenset({"occurred", "planned", "possible"})
DENYING = frozenset({"denied", "negated"})
STATES: tuple[str, ...] = ("reported", "corroborated", "contested", "denied")
UNKNOWN_OUTLET = "unknown outlet"


@dataclass(frozen=True)
class Voice:
    """One mention as the claim summary sees it."""

    status: str
    attributed: str | None
    outlet: str | None


@dataclass(frozen=True)
class ClaimSummary:
    """Who asserts and who denies a merged event, and the state that follows."""

    asserted_by: tuple[str, ...]
    denied_by: tuple[str, ...]
    state: str


def claim_summary(voices: Iterable[Voice]) -> ClaimSummary:
    """The claim summary of a merged event's mentions (order does not matter)."""
    asserted: set[str] = set()
    denied: set[str] = set()
    outlets: set[str] = set()
    asserting = denying = False
    for voice in voices:
        speaker = voice.attributed or voice.outlet or UNKNOWN_OUTLET
        if voice.status in ASSERTING:
            asserting = True
            asserted.add(speaker)
            if voice.outlet:
                outlets.add(voice.outlet.casefold())
        elif voice.status in DENYING:
            denying = True
            denied.add(speaker)
    return ClaimSummary(
        tuple(sorted(asserted)), tuple(sorted(denied)), _state(asserting, denying, len(outlets))
    )


def _state(asserting: bool, denying: bool, outlets: int) -> str:
    if asserting and denying:
        return "contested"
    if denying:
        return "denied"
    return "corroborated" if outlets >= 2 else "reported"
