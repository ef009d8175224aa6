"""The daily-amount chart's data: totals and the highest rolling 24-hour total per day, in bars,
and for short periods each intake's own amount (the per-intake panel the starting dose is drawn on)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from journal.charts.data.common import Band, Days, bands, days_text, grams
from journal.domain.amounts import format_g, to_mg
from journal.domain.guidance import Dose, Guidance
from journal.domain.periods import BreakSpan, Period, bin_index, break_spans, day_text, short_day_text
from journal.domain.stats import DayTotal
from journal.service.journal import Journal


@dataclass(frozen=True, slots=True)
class DayAmount:
    """One journal day with intakes: counted total, highest rolling 24 h total reached that day."""

    day: date
    mg: int
    max_rolling_mg: int
    intakes: int
    uncounted: int
    estimate: bool


#: Periods up to this many days also show each intake's own amount, under the daily bars.
PER_INTAKE_UP_TO = 92


@dataclass(frozen=True, slots=True)
class IntakePoint:
    """One counted intake as drawn: journal-local time, grams of leaf in mg, estimated or not."""

    at: datetime
    mg: int
    estimate: bool


@dataclass(frozen=True, slots=True)
class AmountBin:
    """A bar: one day, or one week (then `mg` is the average per day of the week)."""

    start: date
    days: int
    mg: float
    total_mg: int
    max_rolling_mg: int
    use_days: int
    intakes: int
    uncounted: int
    estimate: bool


@dataclass(frozen=True, slots=True)
class AmountData:
    """What the daily-amount chart draws."""

    period: Period
    days: tuple[DayAmount, ...]
    bins: tuple[AmountBin, ...]
    starting: Band
    upper: Band
    personal_daily_mg: int | None = None
    breaks: tuple[BreakSpan, ...] = ()
    #: Each counted intake of the period, for periods of up to PER_INTAKE_UP_TO days (else empty).
    intakes: tuple[IntakePoint, ...] = ()
    #: The person's own taper plan: (journal day, planned mg) for each planned day of the period.
    plan: tuple[tuple[date, int], ...] = ()
    _index: dict[date, DayAmount] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((d.day, d) for d in self.days)

    @property
    def empty(self) -> bool:
        return not self.days

    @property
    def bin_days(self) -> int:
        return self.period.bin_days

    @property
    def per_intake(self) -> bool:
        """Whether the chart has a per-intake panel: short periods, where each intake can be seen."""
        return self.period.days <= PER_INTAKE_UP_TO

    def days_over(self, mg: int) -> int:
        """Days (or weeks, when binned) with a rolling 24-hour total above `mg`."""
        return sum(b.max_rolling_mg > mg for b in self.bins)

    def day(self, day: date) -> DayAmount | None:
        return self._index.get(day)

    @property
    def summary(self) -> str:
        """The chart in one line of words, for screen readers and the caption."""
        if self.empty:
            return f"No intakes logged in the period {self.period.text}."
        most = max(self.days, key=lambda d: (d.mg, d.day))
        low = sum(d.max_rolling_mg > self.upper.low_mg for d in self.days)
        high = sum(d.max_rolling_mg > self.upper.high_mg for d in self.days)
        estimates = sum(d.estimate for d in self.days)
        parts = [
            f"Intakes on {len(self.days):,} of {self.period.days:,} days",
            f"most in one day {grams(most.mg, 3)} ({short_day_text(most.day)})",
            f"rolling 24 h total above {format_g(self.upper.low_mg)} on {days_text(low)}, "
            f"above {format_g(self.upper.high_mg)} on {days_text(high)}",
        ]
        if estimates:
            parts.append(f"{days_text(estimates)} include an estimate")
        if self.plan:
            parts.append(f"your plan drawn as a step line on {days_text(len(self.plan))}")
        if self.breaks:
            parts.append(f"{len(self.breaks)} break{'s' if len(self.breaks) != 1 else ''}")
        return " · ".join(parts) + "."

    def bin_at(self, day: date) -> AmountBin | None:
        starts = [b.start for b in self.bins]
        i = bisect_right(starts, day) - 1
        if i >= 0 and day < self.bins[i].start + timedelta(days=self.bins[i].days):
            return self.bins[i]
        return None

    def describe(self, day: date) -> str | None:
        """The hover text for a day: "Tue 3 Mar 2026: 7.5 g, max 24 h 11 g"."""
        if not self.period.contains(day):
            return None
        brk = next((b for b in self.breaks if b.covers(day)), None)
        tail = f" · {brk.words}" if brk else ""
        if self.bin_days > 1:
            edges = self.period.edges()
            i = bin_index(edges, day)
            if i is None:
                return None
            first, last = edges[i], edges[i + 1] - timedelta(days=1)
            found = self.bin_at(day)
            head = f"{short_day_text(first, year=False)} – {short_day_text(last)}"
            if found is None:
                return f"{head}: no intake logged{tail}"
            return (
                f"{head}: {grams(found.mg)} a day on average ({found.use_days} of {found.days} days "
                f"with intakes), max 24 h {grams(found.max_rolling_mg)}{_notes(found)}{tail}"
            )
        amount = self.day(day)
        if amount is None:
            return f"{day_text(day)}: no intake logged{tail}"
        return (
            f"{day_text(day)}: {grams(amount.mg, 3)}, max 24 h {grams(amount.max_rolling_mg, 3)}"
            f"{_notes(amount)}{tail}"
        )


def _notes(row: DayAmount | AmountBin) -> str:
    out = ""
    if row.estimate:
        out += ", includes an estimate"
    if row.uncounted:
        out += f", {row.uncounted} intake{'s' if row.uncounted != 1 else ''} not counted"
    return out


def amount_bins(days: Sequence[DayAmount], period: Period) -> tuple[AmountBin, ...]:
    """Days as bars: one per day, or one per week with the average per day (weeks with intakes)."""
    if period.bin_days == 1:
        return tuple(
            AmountBin(d.day, 1, d.mg, d.mg, d.max_rolling_mg, 1, d.intakes, d.uncounted, d.estimate)
            for d in days
        )
    edges = period.edges()
    groups: dict[int, list[DayAmount]] = defaultdict(list)
    for d in days:
        i = bin_index(edges, d.day)
        if i is not None:
            groups[i].append(d)
    out = []
    for i, rows in sorted(groups.items()):
        length = (edges[i + 1] - edges[i]).days
        total = sum(r.mg for r in rows)
        out.append(
            AmountBin(
                edges[i],
                length,
                total / length,
                total,
                max(r.max_rolling_mg for r in rows),
                len(rows),
                sum(r.intakes for r in rows),
                sum(r.uncounted for r in rows),
                any(r.estimate for r in rows),
            )
        )
    return tuple(out)


def prepare_amount(
    period: Period,
    totals: Mapping[date, DayTotal],
    max_rolling: Mapping[date, int],
    guidance: Guidance,
    *,
    personal_daily_g: Decimal | None = None,
    breaks: Sequence[BreakSpan] = (),
    intakes: Sequence[IntakePoint] = (),
    plan: Mapping[date, int] | None = None,
) -> AmountData:
    """The daily-amount chart's data from daily totals and daily highest rolling totals."""
    days = tuple(
        DayAmount(d, t.mg, max_rolling.get(d, 0), t.intakes, t.uncounted, t.estimate)
        for d, t in sorted(totals.items())
        if period.contains(d)
    )
    starting, upper = bands(guidance)
    personal = to_mg(personal_daily_g) if personal_daily_g is not None else None
    planned = tuple(sorted((d, mg) for d, mg in (plan or {}).items() if period.contains(d)))
    return AmountData(
        period,
        days,
        amount_bins(days, period),
        starting,
        upper,
        personal,
        tuple(breaks),
        tuple(intakes),
        planned,
    )


def intake_points(doses: Sequence[Dose], period: Period, day_start_hour: int) -> tuple[IntakePoint, ...]:
    """The counted intakes of `period` as points in journal-local time, in time order."""
    days = Days(day_start_hour)
    points = []
    for d in doses:
        if d.mg is not None and period.contains(days.day(d.at, d.offset_min)):
            points.append(IntakePoint(days.local(d.at, d.offset_min), d.mg, d.estimate))
    return tuple(sorted(points, key=lambda p: p.at))


def amount_data(journal: Journal, period: Period) -> AmountData:
    """Read the daily-amount chart's data for a period: the daily sums and each day's highest
    rolling total are summed by the database, so a row per day leaves it, not a row per intake."""
    settings = journal.settings
    hour = settings.day_start_hour
    entries = journal.entries
    totals, maxima = entries.daily_amounts(hour, period.start, period.end)
    intakes: tuple[IntakePoint, ...] = ()
    if period.days <= PER_INTAKE_UP_TO:  # a short period: its intakes are read one by one too
        start, end = period.utc_range(before=timedelta(days=1))
        intakes = intake_points(entries.doses(start, end), period, hour)
    rolling = {d: mg for d, mg in maxima.items() if d in totals}
    spans = break_spans(entries.breaks(), period, journal.clock(), hour)
    return prepare_amount(
        period,
        totals,
        rolling,
        journal.guidance,
        personal_daily_g=settings.personal_daily_limit_g,
        breaks=spans,
        intakes=intakes,
        plan=journal.taper.planned(period.start, period.end),
    )
