"""Scored withdrawal check-ins: the Subjective Opiate Withdrawal Scale (SOWS).

The check-in, History, the charts, the clinician summary, the FHIR record and
the command line all read the items, the answers and the total from here. The
total is a measurement: no severity bands are attached to it, because none of
the cited texts gives them (the journal measures, it does not diagnose).
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
#: The words of the scale's five answers, 0 to 4, as the scale prints them.
SOWS_ANSWERS = ("not at all", "a little", "moderately", "quite a bit", "extremely")
#: How the scale asks: about how the person feels now.
SOWS_INSTRUCTION = (
    "Rate each statement by how you feel now: 0 not at all, 1 a little, 2 moderately, "
    "3 quite a bit, 4 extremely."
)
#: The key of the scale's citation in resources/sources.json's `references`.
SOWS_REFERENCE = "sows-1987"


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


def parse_answers(texts: Sequence[str]) -> tuple[int, ...]:
    """The 16 answers as typed ("0".."4" each, in item order); InvalidInput("items") says what is wrong."""
    if len(texts) != len(SOWS_ITEMS):
        raise InvalidInput(
            "items",
            f"The withdrawal scale (SOWS) needs {len(SOWS_ITEMS)} answers, one per item, each 0 to "
            f"{SOWS_TOP}; {len(texts)} given.",
        )
    answers: list[int] = []
    for n, raw in enumerate(texts, 1):
        word = raw.strip()
        if len(word) != 1 or word not in "01234":
            raise InvalidInput(
                "items",
                f"Answer {n} ({SOWS_ITEMS[n - 1]}) must be a whole number from 0 to {SOWS_TOP}, not {raw!r}.",
            )
        answers.append(int(word))
    return tuple(answers)


def answers_text(items: Sequence[int], sep: str = "; ") -> str:
    """Every item with its answer ("I feel anxious: 2 (moderately); ..."), for History and the CLI."""
    return sep.join(f"{SOWS_ITEMS[n]}: {v} ({SOWS_ANSWERS[v]})" for n, v in enumerate(items))


def trend_text(scores: Sequence[WithdrawalScore], last: int = 5) -> str:
    """The latest totals, oldest first: "31 → 24 → 18 (of 64)". Numbers only, no judgement."""
    shown = sorted(scores, key=lambda s: s.at.utc)[-last:]
    return " → ".join(str(s.total) for s in shown) + f" (of {SOWS_MAX})" if shown else ""


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
