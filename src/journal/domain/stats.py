"""Daily statistics over a journal: totals, rolling maxima, streaks, symptoms, pain.

These work on plain sequences so they can be checked against brute force; the
storage layer computes the daily sums in SQL for speed and is tested to agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from journal.domain.entities import Break, PainCheckin, SymptomEntry
from journal.domain.guidance import WINDOW, Dose
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


# -- daily sums, fast ---------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.date().toordinal()
_US = timedelta(microseconds=1)
_DAY_US = 86_400_000_000


def daily_sums(
    doses: Sequence[Dose], day_start_hour: int = 0
) -> tuple[dict[date, DayTotal], dict[date, int]]:
    """Totals per journal day and the highest rolling 24-hour total reached on each, in one pass.

    The same numbers as `daily_totals` and `daily_max_rolling` above (the
    tests hold them to it), computed with numpy: for 100,000 intakes that
    takes a few tens of milliseconds instead of about half a second. The
    charts and the clinician summary read a period's intakes anyway, so they
    sum them here. numpy (which matplotlib brings) is imported only when this
    runs, not when the window starts; nothing else in the domain needs it.
    """
    import numpy as np

    n = len(doses)
    if not n:
        return {}, {}
    micros = np.fromiter(((d.at - _EPOCH) // _US for d in doses), dtype=np.int64, count=n)
    amounts = [d.mg for d in doses]
    mg = np.fromiter((m or 0 for m in amounts), dtype=np.int64, count=n)
    counted = np.fromiter((m is not None for m in amounts), dtype=bool, count=n)
    estimate = np.fromiter((d.estimate for d in doses), dtype=bool, count=n)
    shift = np.fromiter((d.offset_min - day_start_hour * 60 for d in doses), dtype=np.int64, count=n)
    day = (micros + shift * 60_000_000) // _DAY_US  # journal day as days since 1970-01-01

    days, where = np.unique(day, return_inverse=True)
    total = np.bincount(where, weights=mg.astype(np.float64), minlength=len(days))
    intakes = np.bincount(where, minlength=len(days))
    uncounted = np.bincount(where, weights=(~counted).astype(np.float64), minlength=len(days))
    estimated = np.bincount(where, weights=estimate.astype(np.float64), minlength=len(days)) > 0
    dates = [date.fromordinal(_EPOCH_ORDINAL + int(k)) for k in days]
    totals = {
        d: DayTotal(d, int(t), int(i), int(u), bool(e))
        for d, t, i, u, e in zip(dates, total, intakes, uncounted, estimated, strict=True)
    }

    # Rolling totals over (t - 24 h, t] at each counted intake; intakes at the
    # same instant share one window.
    keep = np.flatnonzero(counted)
    order = keep[np.argsort(micros[keep], kind="stable")]
    times = micros[order]
    sums = np.concatenate(([0], np.cumsum(mg[order])))
    hi = np.searchsorted(times, times, side="right")
    lo = np.searchsorted(times, times - _DAY_US, side="right")
    rolling = sums[hi] - sums[lo]
    rolled_days, at = np.unique(day[order], return_inverse=True)
    highest = np.zeros(len(rolled_days), dtype=np.int64)
    np.maximum.at(highest, at, rolling)
    maxima = {
        date.fromordinal(_EPOCH_ORDINAL + int(k)): int(v) for k, v in zip(rolled_days, highest, strict=True)
    }
    return totals, maxima
