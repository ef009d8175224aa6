"""How a period went from its start to its end: the figures the clinician summary leads with.

A period is compared by its first and last stretch of the same length (a
quarter of a long period, 30 days of a medium one, halves of a short one),
so a trend is said in numbers ("5.3 g a day in the first quarter, 6.9 g in the
last") and drawn as a line of weekly means. Plain values in and out, so the PDF
and the tests read the same figures.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from journal.domain.periods import Period
from journal.domain.stats import DayTotal

#: Periods at least this long are compared by quarters; from MONTHS_FROM days by 30 days; from
#: HALVES_FROM days by halves; shorter ones have no trend.
QUARTERS_FROM = 180
MONTHS_FROM = 60
HALVES_FROM = 14
MONTH_DAYS = 30
#: Mean severities (0-4) closer than this are "about the same".
SYMPTOM_CHANGE = Decimal("0.5")
_TENTH = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class Segments:
    """The first and last stretch of a period that a trend compares, and what they are called."""

    first: Period
    last: Period
    first_label: str  # "first quarter", "first 30 days", "first half"
    last_label: str


def segments(period: Period) -> Segments | None:
    """The stretches a trend compares, or None for a period too short for one (under 14 days)."""
    n = period.days
    if n >= QUARTERS_FROM:
        size, first, last = n // 4, "first quarter", "last quarter"
    elif n >= MONTHS_FROM:
        size, first, last = MONTH_DAYS, "first 30 days", "last 30 days"
    elif n >= HALVES_FROM:
        size, first, last = n // 2, "first half", "second half"
    else:
        return None
    span = timedelta(days=size - 1)
    return Segments(
        Period(period.start, period.start + span), Period(period.end - span, period.end), first, last
    )


@dataclass(frozen=True, slots=True)
class UseFigures:
    """Use over a stretch of days: how often and how much."""

    days: int
    use_days: int
    intakes: int
    mean_mg: int | None  # mean daily amount over days with counted use
    days_over: int  # days on which a rolling 24-hour window ending that day went over the limit

    @property
    def intakes_per_week(self) -> Decimal:
        return _tenth(Decimal(self.intakes * 7) / self.days) if self.days else Decimal(0)

    @property
    def use_share(self) -> int:
        """Days with use, in percent of the days."""
        return round(100 * self.use_days / self.days) if self.days else 0


def use_figures(
    totals: Mapping[date, DayTotal], max_rolling: Mapping[date, int], period: Period, over_mg: int
) -> UseFigures:
    """Use over the days of `period`, from daily totals and each day's highest rolling total."""
    days = [t for d, t in totals.items() if period.contains(d)]
    counted = [t.mg for t in days if t.uncounted < t.intakes]
    over = sum(mg > over_mg for d, mg in max_rolling.items() if period.contains(d))
    return UseFigures(
        period.days,
        len(days),
        sum(t.intakes for t in days),
        round(statistics.fmean(counted)) if counted else None,
        over,
    )


@dataclass(frozen=True, slots=True)
class Frequency:
    """How often: intakes per day of use (mean and median) and per week."""

    per_use_day_mean: Decimal | None
    per_use_day_median: Decimal | None
    per_week: Decimal


def frequency(totals: Mapping[date, DayTotal], period: Period) -> Frequency:
    """Intakes per day of use and per week over the days of `period`."""
    counts = [t.intakes for d, t in totals.items() if period.contains(d)]
    per_week = _tenth(Decimal(sum(counts) * 7) / period.days)
    if not counts:
        return Frequency(None, None, per_week)
    mean = _tenth(Decimal(sum(counts)) / len(counts))
    median = _tenth(Decimal(str(statistics.median(counts))))
    return Frequency(mean, median, per_week)


def weekly_means(totals: Mapping[date, DayTotal], period: Period) -> list[float]:
    """Mean grams a day in each 7-day stretch from the period's start (days without use count as 0).

    The last stretch may be shorter; its mean is over its own days.
    """
    out = []
    start = period.start
    while start <= period.end:
        end = min(start + timedelta(days=6), period.end)
        days = (end - start).days + 1
        mg = sum(t.mg for d, t in totals.items() if start <= d <= end)
        out.append(mg / days / 1000)
        start = end + timedelta(days=1)
    return out


def percent_change(first: Decimal | int | None, last: Decimal | int | None) -> int | None:
    """The change from `first` to `last` in whole percent (None when either is missing or first is 0)."""
    if first is None or last is None or first == 0:
        return None
    return int((Decimal(last - first) * 100 / Decimal(first)).to_integral_value(ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class ScaleChange:
    """A 0-10 scale at the start and end of a period: mean of each stretch, how many ratings."""

    first: Decimal | None
    last: Decimal | None
    first_n: int
    last_n: int
    total_n: int

    @property
    def percent(self) -> int | None:
        return percent_change(self.first, self.last)


def scale_change(values: Iterable[tuple[date, Decimal | int]], segs: Segments | None) -> ScaleChange:
    """Means of a rating over the first and last stretch (`values`: journal day and rating, in time order).

    A period too short for stretches compares its first and last rating.
    """
    rows = list(values)
    if segs is None:
        if not rows:
            return ScaleChange(None, None, 0, 0, 0)
        return ScaleChange(Decimal(rows[0][1]), Decimal(rows[-1][1]), 1, 1, len(rows))
    first = [Decimal(v) for d, v in rows if segs.first.contains(d)]
    last = [Decimal(v) for d, v in rows if segs.last.contains(d)]
    return ScaleChange(_mean(first), _mean(last), len(first), len(last), len(rows))


@dataclass(frozen=True, slots=True)
class SymptomChange:
    """One symptom's mean daily worst rating (0-4, "none" counted) in the first and last stretch."""

    first: Decimal | None
    last: Decimal | None

    @property
    def word(self) -> str:
        """ "worse", "better", "about the same" or "too few ratings" (a pattern, not a diagnosis)."""
        if self.first is None or self.last is None:
            return "too few ratings"
        diff = self.last - self.first
        if diff >= SYMPTOM_CHANGE:
            return "worse"
        if diff <= -SYMPTOM_CHANGE:
            return "better"
        return "about the same"


def symptom_changes(
    ratings: Iterable[tuple[str, date, int]], segs: Segments | None
) -> dict[str, SymptomChange]:
    """Per symptom key, its change between the stretches, from (key, journal day, rating) triples.

    Each day counts once, by its worst rating; a day rated "none" counts as 0,
    so a symptom that shows up on more of the days it is asked about reads as worse.
    """
    worst: dict[str, dict[date, int]] = defaultdict(dict)
    for key, day, value in ratings:
        days = worst[key]
        days[day] = max(days.get(day, 0), value)
    out = {}
    for key, days in worst.items():
        if segs is None:
            out[key] = SymptomChange(None, None)
            continue
        first = [Decimal(v) for d, v in days.items() if segs.first.contains(d)]
        last = [Decimal(v) for d, v in days.items() if segs.last.contains(d)]
        out[key] = SymptomChange(_mean(first), _mean(last))
    return out


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    return _tenth(sum(values, Decimal(0)) / len(values)) if values else None


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, ROUND_HALF_UP)
