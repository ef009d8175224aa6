"""Scored withdrawal check-ins: the Subjective Opiate Withdrawal Scale (SOWS).

The check-in that records them comes with a later issue; the clinician summary
and the FHIR export already take them, so both read the same values from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from journal.domain.errors import InvalidInput
from journal.domain.times import Moment

#: The 16 statements of the Subjective Opiate Withdrawal Scale (Handelsman et al. 1987), each rated
#: 0 (not at all) to 4 (extremely).
SOWS_ITEMS = (
    "I feel anxious",
    "I feel like yawning",
    "I am perspiring",
    "My eyes are tearing",
    "My nose is running",
    "I have goose flesh",
    "I am shaking",
    "I have hot flushes",
    "I have cold flushes",
    "My bones and muscles ache",
    "I feel restless",
    "I feel nauseous",
    "I feel like vomiting",
    "My muscles twitch",
    "I have stomach cramps",
    "I feel like using now",
)
SOWS_TOP = 4
SOWS_MAX = len(SOWS_ITEMS) * SOWS_TOP


@dataclass(frozen=True, slots=True)
class WithdrawalScore:
    """One scored withdrawal check-in: the 16 SOWS ratings (0-4) in `SOWS_ITEMS` order, and when."""

    at: Moment
    items: tuple[int, ...]
    id: int | None = None
    created: datetime | None = None

    def __post_init__(self) -> None:
        if len(self.items) != len(SOWS_ITEMS):
            raise InvalidInput("items", f"The withdrawal scale has {len(SOWS_ITEMS)} items.")
        if any(not 0 <= v <= SOWS_TOP for v in self.items):
            raise InvalidInput("items", f"Each withdrawal item is rated 0 to {SOWS_TOP}.")

    @property
    def total(self) -> int:
        """The SOWS total: the sum of the 16 ratings, 0 to 64."""
        return sum(self.items)


@dataclass(frozen=True, slots=True)
class WithdrawalSummary:
    """A period's scored check-ins: how many, the first and last totals, and the highest."""

    count: int
    first: WithdrawalScore
    last: WithdrawalScore
    highest: WithdrawalScore


def withdrawal_summary(scores: Sequence[WithdrawalScore]) -> WithdrawalSummary | None:
    """The first, last and highest totals of a period's scored check-ins (None when there are none)."""
    if not scores:
        return None
    ordered = sorted(scores, key=lambda s: s.at.utc)
    highest = max(ordered, key=lambda s: s.total)
    return WithdrawalSummary(len(ordered), ordered[0], ordered[-1], highest)
