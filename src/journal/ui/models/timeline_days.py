"""History's rows grouped as a person reads them: a header for each day with its total, and each
symptom check-in as one row that opens to show its ratings.

Plain values and one pass over the rows shown; the table model (`timeline.py`)
shows what `group_rows` returns when History is sorted by time. A check-in is the
ratings logged at one instant; one rating alone stays a row of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from journal.domain.amounts import format_g
from journal.domain.entities import Kind, Level, Severity
from journal.service.timeline import TimelineRow


@dataclass(frozen=True, slots=True)
class DayHeader:
    """One journal day above its entries: what was taken that day, and the loudest finding."""

    day: int  # date.toordinal()
    total_mg: int = 0
    intakes: int = 0
    uncounted: int = 0
    findings: tuple[tuple[Level, int], ...] = ()  # (level, how many), loudest first

    @property
    def date(self) -> date:
        return date.fromordinal(self.day)

    @property
    def level(self) -> Level | None:
        return self.findings[0][0] if self.findings else None

    @property
    def amount_text(self) -> str:
        """Like "5.3 g in 3 intakes", or "no intakes"."""
        if not self.intakes:
            return "no intakes"
        counted = self.intakes - self.uncounted
        noun = "intake" if self.intakes == 1 else "intakes"
        text = f"{format_g(self.total_mg)} in {self.intakes} {noun}" if counted else f"{self.intakes} {noun}"
        if self.uncounted:
            text += f", {self.uncounted} not counted"
        return text

    @property
    def findings_text(self) -> str:
        return ", ".join(f"{n} {level.word}{'' if n == 1 else 's'}" for level, n in self.findings)


@dataclass(frozen=True, slots=True)
class CheckinGroup:
    """The symptom ratings logged at one instant, shown as one row (`expanded`: its ratings below)."""

    at_utc: datetime  # its first rating's
    rows: tuple[TimelineRow, ...]  # every rating of the check-in the filters let through, "none" too
    hidden_none: int  # of them, ratings of "none" hidden while it is closed
    expanded: bool

    @property
    def first(self) -> TimelineRow:
        return self.rows[0]

    @property
    def summary(self) -> str:
        """Like "Dry skin mild, constipation mild · 3 more rated none"."""
        rated = [r for r in self.rows if r.measure]
        nones = len(self.rows) - len(rated)
        if not rated:
            return f"All {nones} rated none"
        words = [f"{r.symptom} {Severity(r.measure or 0).word}" for r in rated]
        text = ", ".join([words[0], *(w[0].lower() + w[1:] for w in words[1:])])
        return f"{text} · {nones} more rated none" if nones else text

    @property
    def spoken_state(self) -> str:
        return "open, Enter closes it" if self.expanded else "closed, Enter opens it"


Item = TimelineRow | DayHeader | CheckinGroup


def day_headers(rows: Iterable[TimelineRow]) -> dict[int, DayHeader]:
    """The headers of the days with intakes, from every loaded row (whatever the filters show: a
    day's total is the day's). A day without intakes gets a plain `DayHeader(day)` where shown."""
    intake = Kind.INTAKE
    days: dict[int, list[Any]] = {}  # day: [mg, intakes, uncounted, {level: count}]
    for r in rows:
        if r.kind is not intake:
            continue
        day = days.get(r.day)
        if day is None:
            day = days[r.day] = [0, 0, 0, {}]
        day[1] += 1
        if r.leaf_mg is None:
            day[2] += 1
        else:
            day[0] += r.leaf_mg
        for level, _message in r.findings:
            day[3][level] = day[3].get(level, 0) + 1
    return {
        d: DayHeader(d, mg, n, uncounted, tuple(sorted(levels.items(), key=lambda kv: kv[0], reverse=True)))
        for d, (mg, n, uncounted, levels) in days.items()
    }


#: Symptom ratings logged this close together, one after another, are one check-in.
CHECKIN_SPAN = timedelta(minutes=10)


def group_rows(
    rows: Sequence[TimelineRow],
    headers: Mapping[int, DayHeader],
    expanded: Collection[datetime],
    *,
    show_none: bool,
) -> list[Item]:
    """The rows (sorted by time) under their days' headers, each check-in as one row.

    `rows` are those every filter but the one for ratings of "none" lets
    through: a check-in counts its ratings of none and shows them when opened
    (`expanded` holds the check-ins open, by their first rating's time); a
    rating of none on its own shows only with `show_none`.
    """
    items: list[Item] = []
    append = items.append  # one call per row: a hundred thousand rows take a few tens of ms
    last_day = None
    i, n, symptom, span = 0, len(rows), Kind.SYMPTOM, CHECKIN_SPAN
    while i < n:
        row = rows[i]
        day = row.day
        if day != last_day:
            last_day = day
            append(headers.get(day) or DayHeader(day))
        if row.kind is not symptom:
            append(row)
            i += 1
            continue
        at, j = row.at.utc, i + 1
        while j < n and rows[j].kind is symptom and abs(rows[j].at.utc - at) <= span:
            j += 1
        if j - i > 1:
            members = tuple(sorted(rows[i:j], key=lambda r: r.id))  # in the order logged
            first = min(r.at.utc for r in members)
            hidden = 0 if show_none else sum(r.measure == 0 for r in members)
            opened = first in expanded
            append(CheckinGroup(first, members, hidden, opened))
            if opened:
                items.extend(members)
        elif row.measure != 0 or show_none:
            append(row)
        elif isinstance(items[-1], DayHeader):
            items.pop()  # a heading over nothing shown: only a rating of none, hidden
            last_day = None
        i = j
    return items
