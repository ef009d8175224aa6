"""The withdrawal chart's data: the SOWS total of each scored check-in, and the breaks around them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from journal.charts.data.common import Days
from journal.domain.periods import BreakSpan, Period, break_spans, day_text
from journal.domain.withdrawal import SOWS_MAX
from journal.service.journal import Journal


@dataclass(frozen=True, slots=True)
class WithdrawalPoint:
    """One scored check-in: journal-local time and its SOWS total (0-64)."""

    at: datetime
    total: int

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True, slots=True)
class WithdrawalData:
    """The period's scored check-ins, oldest first, and the breaks it touches (for shading)."""

    period: Period
    points: tuple[WithdrawalPoint, ...]
    breaks: tuple[BreakSpan, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.points

    @property
    def summary(self) -> str:
        """First, last and highest totals in words: numbers only (no cited source bands them)."""
        if self.empty:
            return f"No scored withdrawal check-ins (SOWS) in the period {self.period.text}."
        first, last = self.points[0], self.points[-1]
        highest = max(self.points, key=lambda p: p.total)
        many = len(self.points) != 1
        return (
            f"{len(self.points):,} scored withdrawal check-in{'s' if many else ''} (SOWS, 0 to {SOWS_MAX}): "
            f"first {first.total} ({day_text(first.day)}), last {last.total} ({day_text(last.day)}), "
            f"highest {highest.total} ({day_text(highest.day)})."
        )

    def describe(self, day: date) -> str | None:
        if not self.period.contains(day):
            return None
        totals = [p.total for p in self.points if p.day == day]
        brk = next((b for b in self.breaks if b.covers(day)), None)
        text = f"{day_text(day)}: " + (
            f"SOWS total {', '.join(map(str, totals))} of {SOWS_MAX}" if totals else "no scored check-in"
        )
        return text + (f" · {brk.words}" if brk is not None else "")


def prepare_withdrawal(
    period: Period, points: Iterable[WithdrawalPoint], breaks: Sequence[BreakSpan] = ()
) -> WithdrawalData:
    inside = tuple(sorted((p for p in points if period.contains(p.day)), key=lambda p: p.at))
    return WithdrawalData(period, inside, tuple(breaks))


def withdrawal_data(journal: Journal, period: Period) -> WithdrawalData:
    """Read the withdrawal chart's data for a period."""
    hour = journal.settings.day_start_hour
    days = Days(hour)
    start, end = period.utc_range()
    points = [
        WithdrawalPoint(days.local(s.at.utc, s.at.offset_min), s.total)
        for s in journal.entries.withdrawal(start, end)
    ]
    spans = break_spans(journal.entries.breaks(), period, journal.clock(), hour)
    return prepare_withdrawal(period, points, spans)
