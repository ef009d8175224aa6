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
    """Each day's header from every loaded row (whatever the filters show: a day's total is the day's)."""
    totals: dict[int, list[int]] = {}
    levels: dict[int, dict[Level, int]] = {}
    for r in rows:
        if r.kind is not Kind.INTAKE:
            totals.setdefault(r.day, [0, 0, 0])
            continue
        total = totals.setdefault(r.day, [0, 0, 0])
        total[1] += 1
        if r.leaf_mg is None:
            total[2] += 1
        else:
            total[0] += r.leaf_mg
        for level, _message in r.findings:
            counts = levels.setdefault(r.day, {})
            counts[level] = counts.get(level, 0) + 1
    return {
        day: DayHeader(
            day,
            mg,
            n,
            uncounted,
            tuple(sorted(levels.get(day, {}).items(), key=lambda kv: kv[0], reverse=True)),
        )
        for day, (mg, n, uncounted) in totals.items()
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
    last_day = None
    i, n, symptom = 0, len(rows), Kind.SYMPTOM

    def add(item: Item, day: int) -> None:
        nonlocal last_day
        if day != last_day:
            last_day = day
            items.append(headers.get(day) or DayHeader(day))
        items.append(item)

    while i < n:
        row = rows[i]
        j = i + 1
        if row.kind is symptom:
            at = row.at.utc
            while j < n and rows[j].kind is symptom and abs(rows[j].at.utc - at) <= CHECKIN_SPAN:
                j += 1
        if j - i < 2:
            if row.measure != 0 or row.kind is not symptom or show_none:
                add(row, row.day)
        else:
            members = tuple(sorted(rows[i:j], key=lambda r: r.id))  # in the order logged
            first = min(r.at.utc for r in members)
            hidden = 0 if show_none else sum(r.measure == 0 for r in members)
            opened = first in expanded
            add(CheckinGroup(first, members, hidden, opened), row.day)
            if opened:
                items.extend(members)
        i = j
    return items
