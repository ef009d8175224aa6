"""The pain chart's data: check-ins, and 7-day averages of pain now and the PEG score."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from journal.charts.data.common import Days
from journal.domain.lines import LineQuery
from journal.domain.periods import Period, day_text
from journal.service.journal import Journal


@dataclass(frozen=True, slots=True)
class PainSample:
    """One pain check-in: journal-local time, pain now (0-10), PEG score (0-10) if given."""

    at: datetime
    pain_now: int
    peg: Decimal | None

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True, slots=True)
class PainData:
    """Pain check-ins in the period and 7-day averages for each day of it."""

    period: Period
    samples: tuple[PainSample, ...]
    days: tuple[date, ...]
    pain_avg7: tuple[float | None, ...]
    peg_avg7: tuple[float | None, ...]

    @property
    def empty(self) -> bool:
        return not self.samples

    @property
    def summary(self) -> str:
        if self.empty:
            return f"No pain check-ins in the period {self.period.text}."
        pain = [s.pain_now for s in self.samples]
        pegs = [float(s.peg) for s in self.samples if s.peg is not None]
        text = (
            f"{len(pain):,} check-in{'s' if len(pain) != 1 else ''}: pain now averaged "
            f"{sum(pain) / len(pain):.1f} (from {min(pain)} to {max(pain)})"
        )
        if pegs:
            text += f", PEG score averaged {sum(pegs) / len(pegs):.1f}"
        return text + "."

    def describe(self, day: date) -> str | None:
        if not self.period.contains(day):
            return None
        i = (day - self.period.start).days
        todays = [s for s in self.samples if s.day == day]
        parts = []
        if todays:
            pain = ", ".join(str(s.pain_now) for s in todays)
            parts.append(f"pain now {pain}")
            pegs = [s.peg for s in todays if s.peg is not None]
            if pegs:
                parts.append(f"PEG {', '.join(f'{p:f}' for p in pegs)}")
        else:
            parts.append("no check-in")
        averages = []
        if self.pain_avg7[i] is not None:
            averages.append(f"pain {self.pain_avg7[i]:.1f}")
        if self.peg_avg7[i] is not None:
            averages.append(f"PEG {self.peg_avg7[i]:.1f}")
        text = f"{day_text(day)}: " + ", ".join(parts)
        return text + (f" · 7-day averages: {', '.join(averages)}" if averages else "")


def rolling_mean(
    values: Mapping[date, Sequence[float]], days: Sequence[date], window: int
) -> tuple[float | None, ...]:
    """For each day, the mean of all values on it and the `window - 1` days before; None if none."""
    out: list[float | None] = []
    for day in days:
        total, count = 0.0, 0
        for k in range(window):
            vals = values.get(day - timedelta(days=k))
            if vals:
                total += sum(vals)
                count += len(vals)
        out.append(total / count if count else None)
    return tuple(out)


def prepare_pain(period: Period, samples: Iterable[PainSample]) -> PainData:
    """Samples in the period (sorted) and the 7-day averages (earlier samples count toward them)."""
    every = sorted(samples, key=lambda s: s.at)
    pain: dict[date, list[float]] = defaultdict(list)
    peg: dict[date, list[float]] = defaultdict(list)
    for s in every:
        pain[s.day].append(s.pain_now)
        if s.peg is not None:
            peg[s.day].append(float(s.peg))
    days = period.all_days()
    inside = tuple(s for s in every if period.contains(s.day))
    return PainData(period, inside, tuple(days), rolling_mean(pain, days, 7), rolling_mean(peg, days, 7))


def pain_data(journal: Journal, period: Period) -> PainData:
    """Read the pain chart's data for a period (and the 6 days before, for the averages)."""
    days = Days(journal.settings.day_start_hour)
    start, end = period.utc_range(before=timedelta(days=6))
    # Only the check-ins of those days are read (a day's margin each side, in local days).
    around = LineQuery(first_day=period.start - timedelta(days=8), last_day=period.end + timedelta(days=2))
    samples = []
    for line in journal.entries.pain_lines(query=around):
        if start <= line.at_utc < end:
            peg = None
            if line.peg_pain is not None and line.peg_enjoyment is not None and line.peg_activity is not None:
                peg = (Decimal(line.peg_pain + line.peg_enjoyment + line.peg_activity) / 3).quantize(
                    Decimal("0.1")
                )
            samples.append(PainSample(days.local(line.at_utc, line.offset_min), line.pain_now, peg))
    return prepare_pain(period, samples)
