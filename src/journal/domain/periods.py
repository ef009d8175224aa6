"""Periods of local journal days, and breaks as spans within them.

Days are local journal days: the calendar day the person lived, starting at
their "day starts at" hour (`Settings.day_start_hour`), so a day with a clock
change is still one day. The charts and the clinician summary share these.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from journal.domain.entities import Break

#: Longer periods than this are shown by week, so bars and cells stay readable.
WEEKLY_AFTER_DAYS = 400
#: Widest time-zone offset anywhere, to turn local days into a safe UTC range.
MAX_OFFSET = timedelta(hours=14)

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class PeriodKind(StrEnum):
    """The periods a person can pick on the Charts page."""

    DAYS_7 = "7d"
    DAYS_30 = "30d"
    DAYS_90 = "90d"
    YEAR = "1y"
    ALL = "all"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return _PERIOD_LABELS[self]


_PERIOD_LABELS = {
    PeriodKind.DAYS_7: "7 days",
    PeriodKind.DAYS_30: "30 days",
    PeriodKind.DAYS_90: "90 days",
    PeriodKind.YEAR: "1 year",
    PeriodKind.ALL: "All",
    PeriodKind.CUSTOM: "Custom",
}
_PERIOD_DAYS = {PeriodKind.DAYS_7: 7, PeriodKind.DAYS_30: 30, PeriodKind.DAYS_90: 90, PeriodKind.YEAR: 365}


def day_text(day: date) -> str:
    """ "Tue 3 Mar 2026" (English words, whatever the system locale)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_day_text(day: date, *, year: bool = True) -> str:
    """ "3 Mar 2026" or "3 Mar"."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


@dataclass(frozen=True, slots=True)
class Period:
    """Local journal days `start` to `end`, both included."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.CUSTOM

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def bin_days(self) -> int:
        """1 (by day) or 7 (by week, for periods longer than about a year)."""
        return 7 if self.days > WEEKLY_AFTER_DAYS else 1

    @property
    def text(self) -> str:
        """ "3 Mar – 10 Mar 2026" or "10 Mar 2016 – 10 Mar 2026"."""
        if self.start == self.end:
            return short_day_text(self.start)
        same_year = self.start.year == self.end.year
        return f"{short_day_text(self.start, year=not same_year)} – {short_day_text(self.end)}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def all_days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def edges(self) -> list[date]:
        """Bin edges from `start` to the day after `end`.

        By day, every day; by week, Mondays (the first and last week may be short).
        """
        stop = self.end + timedelta(days=1)
        if self.bin_days == 1:
            return [*self.all_days(), stop]
        first_monday = self.start + timedelta(days=(7 - self.start.weekday()) % 7)
        mondays = range(first_monday.toordinal(), stop.toordinal(), 7)
        inner = [date.fromordinal(o) for o in mondays if o > self.start.toordinal()]
        return [self.start, *inner, stop]

    def utc_range(self, before: timedelta = timedelta(0)) -> tuple[datetime, datetime]:
        """A UTC range surely holding every entry of these local days (and `before` earlier)."""
        start = datetime.combine(self.start, time(), UTC) - MAX_OFFSET - before
        end = datetime.combine(self.end + timedelta(days=1), time(), UTC) + MAX_OFFSET + timedelta(hours=12)
        return start, end


def counted_period(period: Period, today: date, used_today: bool) -> Period | None:
    """The days of `period` that can be counted: none after today, and today only once it has use.

    An unfinished today without use is not a dose-free day: it may still get
    one. None when no day of the period can be counted yet.
    """
    last = period.end
    if last >= today:
        last = today if used_today else today - timedelta(days=1)
    if last < period.start:
        return None
    return Period(period.start, last, period.kind)


def period_for(
    kind: PeriodKind,
    today: date,
    *,
    first_day: date | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The period of a kind ending today; "all" starts at `first_day`, "custom" is start..end."""
    if kind is PeriodKind.CUSTOM:
        if start is None or end is None:
            raise ValueError("a custom period needs a start and an end")
        return Period(min(start, end), max(start, end), kind)
    if kind is PeriodKind.ALL:
        first = min(first_day, today) if first_day is not None else today - timedelta(days=29)
        return Period(first, today, kind)
    return Period(today - timedelta(days=_PERIOD_DAYS[kind] - 1), today, kind)


def bin_index(edges: Sequence[date], day: date) -> int | None:
    """Which bin of `edges` holds `day`, or None outside them."""
    i = bisect_right(edges, day) - 1
    return i if 0 <= i < len(edges) - 1 else None


def journal_local(utc: datetime, offset_min: int, day_start_hour: int) -> datetime:
    """A naive local time shifted by the day-start hour: its date is the journal day."""
    return (utc + timedelta(minutes=offset_min - day_start_hour * 60)).replace(tzinfo=None)


# -- breaks -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BreakSpan:
    """A break as drawn: from its start to its end (or now), in journal-local time."""

    start: datetime
    end: datetime
    running: bool
    kept: bool | None

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last journal day the break touches (an end at the very start of a day is not in it)."""
        return (self.end - timedelta(microseconds=1)).date() if self.end > self.start else self.start.date()

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def words(self) -> str:
        if self.running:
            return "during a break (still running)"
        if self.kept is True:
            return "during a break (kept to its goal)"
        if self.kept is False:
            return "during a break (ended before its goal)"
        return "during a break"


def break_spans(
    breaks: Iterable[Break], period: Period, now: datetime, day_start_hour: int = 0
) -> tuple[BreakSpan, ...]:
    """Breaks overlapping the period, clipped to it; a running break lasts until `now`."""
    lo = datetime.combine(period.start, time())
    hi = datetime.combine(period.end + timedelta(days=1), time())
    out = []
    for brk in breaks:
        start = journal_local(brk.start.utc, brk.start.offset_min, day_start_hour)
        if brk.actual_end is not None:
            end = journal_local(brk.actual_end.utc, brk.actual_end.offset_min, day_start_hour)
        else:
            now_utc = now.astimezone(UTC)
            # Now, in the break's own offset: good enough for the shading's right edge.
            end = max(start, journal_local(now_utc, brk.start.offset_min, day_start_hour))
        if end < lo or start >= hi:
            continue
        out.append(BreakSpan(max(start, lo), min(end, hi), brk.running, brk.kept()))
    return tuple(out)
