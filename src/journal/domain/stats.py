"""Daily statistics over a journal: totals, rolling maxima, streaks, symptoms, pain.

These work on plain sequences so they can be checked against brute force; the
storage layer computes the daily sums in SQL for speed and is tested to agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from journal.domain.entities import Break, PainCheckin, SymptomEntry
from journal.domain.guidance import WINDOW, Dose
from journal.domain.sweep import Sweep
from journal.domain.times import local_day


@dataclass(frozen=True, slots=True)
class DayTotal:
    """One journal day: counted milligrams, intakes, uncounted intakes, estimate flag."""

    day: date
    mg: int
    intakes: int
    uncounted: int = 0
    estimate: bool = False


def daily_totals(doses: Iterable[Dose], day_start_hour: int = 0) -> dict[date, DayTotal]:
    """Totals per local journal day (only days with at least one intake)."""
    acc: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for dose in doses:
        row = acc[local_day(dose.at, dose.offset_min, day_start_hour)]
        row[0] += dose.mg or 0
        row[1] += 1
        row[2] += dose.mg is None
        row[3] |= dose.estimate
    return {day: DayTotal(day, r[0], r[1], r[2], bool(r[3])) for day, r in sorted(acc.items())}


def rolling_totals(doses: Sequence[Dose]) -> list[tuple[Dose, int]]:
    """Each counted dose with the rolling 24-hour total (t - 24 h, t] at its time."""
    counted = sorted((d for d in doses if d.mg is not None), key=lambda d: d.at)
    out: list[tuple[Dose, int]] = []
    lo, running = 0, 0
    for dose in counted:
        running += dose.mg or 0
        while counted[lo].at <= dose.at - WINDOW:
            running -= counted[lo].mg or 0
            lo += 1
        out.append((dose, running))
    # Doses at the same instant share one window: give each the full total.
    for i in range(len(out) - 2, -1, -1):
        if out[i][0].at == out[i + 1][0].at:
            out[i] = (out[i][0], out[i + 1][1])
    return out


def daily_max_rolling(doses: Sequence[Dose], day_start_hour: int = 0) -> dict[date, int]:
    """The largest rolling 24-hour total reached on each journal day."""
    out: dict[date, int] = {}
    for dose, total in rolling_totals(doses):
        day = local_day(dose.at, dose.offset_min, day_start_hour)
        out[day] = max(out.get(day, 0), total)
    return out


def days(start: date, end: date) -> list[date]:
    """Every day from start to end inclusive."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@dataclass(frozen=True, slots=True)
class UseSummary:
    """Use and dose-free days in a period, with streaks."""

    days: int
    use_days: int
    dose_free_days: int
    current_dose_free: int
    longest_dose_free: int
    current_use_run: int


def use_summary(use_days: set[date], start: date, end: date) -> UseSummary:
    """Count use and dose-free days in [start, end]; streaks run up to `end`."""
    span = days(start, end)
    used = [d in use_days for d in span]
    longest = run = 0
    for u in used:
        run = 0 if u else run + 1
        longest = max(longest, run)
    current_free = current_use = 0
    for u in reversed(used):
        if u:
            break
        current_free += 1
    for u in reversed(used):
        if not u:
            break
        current_use += 1
    n_used = sum(used)
    return UseSummary(len(span), n_used, len(span) - n_used, current_free, longest, current_use)


@dataclass(frozen=True, slots=True)
class BreakSummary:
    """Breaks planned versus kept."""

    planned: int
    kept: int
    ended_early: int
    running: int
    lengths_days: tuple[int, ...]


def break_summary(breaks: Iterable[Break], now: datetime) -> BreakSummary:
    """How many breaks had a goal, how many reached it, and how long each lasted."""
    planned = kept = early = running = 0
    lengths = []
    for brk in breaks:
        planned += brk.planned_end is not None
        outcome = brk.kept()
        kept += outcome is True
        early += outcome is False
        running += brk.running
        end = brk.actual_end.utc if brk.actual_end else now
        lengths.append(max(0, (end - brk.start.utc) // timedelta(days=1)))
    return BreakSummary(planned, kept, early, running, tuple(lengths))


@dataclass(frozen=True, slots=True)
class SymptomStats:
    """One symptom over a period."""

    key: str
    days_present: int
    mean_severity: Decimal
    worst: int
    first_seen: date
    last_seen: date


def symptom_summary(entries: Iterable[SymptomEntry], day_start_hour: int = 0) -> dict[str, SymptomStats]:
    """Per symptom: days present (severity above 0), mean and worst severity, first and last seen.

    The mean is over ratings above zero, so "none" check-ins do not dilute it.
    """
    by_key: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for e in entries:
        if e.severity > 0:
            by_key[e.type_key].append((local_day(e.at.utc, e.at.offset_min, day_start_hour), int(e.severity)))
    out = {}
    for key, rows in sorted(by_key.items()):
        sev = [s for _, s in rows]
        day_set = {d for d, _ in rows}
        mean = (Decimal(sum(sev)) / len(sev)).quantize(Decimal("0.1"))
        out[key] = SymptomStats(key, len(day_set), mean, max(sev), min(day_set), max(day_set))
    return out


@dataclass(frozen=True, slots=True)
class PainPoint:
    at: datetime
    pain_now: int
    peg: Decimal | None
    mood: int | None


def pain_series(checkins: Iterable[PainCheckin]) -> list[PainPoint]:
    """Pain, PEG score and mood in time order."""
    return [
        PainPoint(c.at.utc, c.pain_now, c.peg_score, c.mood) for c in sorted(checkins, key=lambda c: c.at.utc)
    ]


# -- daily sums, in one sweep ------------------------------------------------------------------


def daily_sums(
    doses: Sequence[Dose], day_start_hour: int = 0
) -> tuple[dict[date, DayTotal], dict[date, int]]:
    """Totals per journal day and the highest rolling 24-hour total reached on each, in one pass.

    The same numbers as `daily_totals` and `daily_max_rolling` above (the
    tests hold them to it), from the sweep the findings use (`Sweep.days`):
    one sort, then each dose read a constant number of times.
    """
    tallies, maxima = Sweep(doses).days(day_start_hour)
    return {day: DayTotal(day, *tally) for day, tally in tallies.items()}, maxima
