"""The use-against-symptom chart's data: a symptom's worst rating per day beside the 7- and
30-day average amount per day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from journal.charts.data.common import SEVERITY_WORDS, days_text, grams
from journal.charts.data.symptoms import Rating, SymptomInfo, ratings, symptom_infos
from journal.domain.periods import Period, day_text
from journal.service.journal import Journal


@dataclass(frozen=True, slots=True)
class UseData:
    """A symptom's worst rating per day beside the 7- and 30-day average amount per day."""

    period: Period
    symptom: SymptomInfo | None
    choices: tuple[SymptomInfo, ...]
    days: tuple[date, ...]
    avg7_mg: tuple[float | None, ...]
    avg30_mg: tuple[float | None, ...]
    severity: tuple[int | None, ...]

    @property
    def empty(self) -> bool:
        """Nothing to draw: no intakes in reach and no rating of the symptom."""
        no_use = all(v is None or v == 0 for v in self.avg30_mg)
        return no_use and all(v is None for v in self.severity)

    @property
    def summary(self) -> str:
        if self.empty:
            return f"No intakes and no symptom ratings in the period {self.period.text}."
        parts = []
        if self.symptom is None:
            parts.append("No symptom rated in this period")
        else:
            rated = [v for v in self.severity if v is not None]
            worst = SEVERITY_WORDS[max(rated)] if rated else "none"
            parts.append(f"{self.symptom.label} rated on {days_text(len(rated))} (worst: {worst})")
        known = [v for v in self.avg30_mg if v is not None]
        if known:
            parts.append(f"30-day average from {grams(min(known))} to {grams(max(known))} a day")
        return " · ".join(parts) + "."

    def describe(self, day: date) -> str | None:
        if not self.period.contains(day):
            return None
        i = (day - self.period.start).days
        parts = []
        if self.symptom is not None:
            sev = self.severity[i]
            parts.append(f"{self.symptom.label} {'not rated' if sev is None else SEVERITY_WORDS[sev]}")
        for n, values in ((7, self.avg7_mg), (30, self.avg30_mg)):
            value = values[i]
            if value is not None:
                parts.append(f"{n}-day average {grams(value)} a day")
        return f"{day_text(day)}: " + ", ".join(parts)


def trailing_average(
    totals: Mapping[date, int], days: Sequence[date], window: int, first_day: date | None
) -> tuple[float | None, ...]:
    """Average amount per day over each day and the `window - 1` before it.

    Days without intakes count as 0. Days before the journal's first intake are
    not counted (the window is shorter there), and days before it get None.
    """
    if first_day is None or not days:
        return tuple(None for _ in days)
    # Prefix sums over every day from the first one that can count to the last.
    base = min(first_day, days[0] - timedelta(days=window - 1)).toordinal()
    last = max(days).toordinal()
    sums = [0]
    for ordinal in range(base, last + 1):
        sums.append(sums[-1] + totals.get(date.fromordinal(ordinal), 0))
    first = first_day.toordinal()
    out: list[float | None] = []
    for day in days:
        hi = day.toordinal()
        if hi < first:
            out.append(None)
            continue
        lo = max(first, hi - window + 1)
        out.append((sums[hi - base + 1] - sums[lo - base]) / (hi - lo + 1))
    return tuple(out)


def default_symptom(ratings: Iterable[Rating], choices: Sequence[SymptomInfo]) -> str | None:
    """The symptom rated above "none" on the most days (catalogue order breaks ties)."""
    days: dict[str, set[date]] = defaultdict(set)
    for r in ratings:
        if r.severity > 0:
            days[r.key].add(r.day)
    ranked = sorted(choices, key=lambda c: -len(days.get(c.key, ())))
    return ranked[0].key if ranked else None


def prepare_use(
    period: Period,
    totals: Mapping[date, int],
    ratings: Iterable[Rating],
    catalogue: Sequence[SymptomInfo],
    symptom_key: str | None = None,
    *,
    first_day: date | None = None,
) -> UseData:
    """Averages from daily totals (mg by day) and the chosen symptom's worst rating per day.

    The choices are the symptoms rated in the period (plus the chosen one); with
    no `symptom_key`, the one rated above "none" on most days is chosen.
    `first_day` is the journal's first day with an intake (default: the first in `totals`).
    """
    inside = [r for r in ratings if period.contains(r.day)]
    rated = {r.key for r in inside}
    if symptom_key is not None:
        rated.add(symptom_key)
    choices = tuple(info for info in catalogue if info.key in rated)
    if symptom_key is None:
        symptom_key = default_symptom(inside, choices)
    symptom = next((c for c in choices if c.key == symptom_key), None)
    worst: dict[date, int] = {}
    for r in inside:
        if r.key == symptom_key:
            worst[r.day] = max(worst.get(r.day, 0), r.severity)
    days = period.all_days()
    if first_day is None:
        first_day = min((d for d, mg in totals.items() if mg), default=None)
    return UseData(
        period,
        symptom,
        choices,
        tuple(days),
        trailing_average(totals, days, 7, first_day),
        trailing_average(totals, days, 30, first_day),
        tuple(worst.get(d) for d in days),
    )


def use_data(
    journal: Journal, period: Period, symptom_key: str | None = None, *, first_day: date | None = None
) -> UseData:
    """Read the use-against-symptom chart's data for a period.

    `first_day` is the journal's first day with an intake, if the caller knows
    it already (the Charts page does); otherwise it is read here.
    """
    hour = journal.settings.day_start_hour
    reach = timedelta(days=30)
    if first_day is None:
        totals = journal.entries.daily_totals(hour, None, period.end)
        first_day = next((d for d, t in totals.items() if t.intakes), None)
    else:
        # Summed by the database over the period and the 30 days before it (the time index
        # bounds the scan): a row per day leaves it.
        totals = journal.entries.daily_totals(hour, period.start - reach, period.end)
    mg = {d: t.mg for d, t in totals.items() if period.start - reach <= d <= period.end}
    return prepare_use(
        period, mg, ratings(journal, period), symptom_infos(journal), symptom_key, first_day=first_day
    )
