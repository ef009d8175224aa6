"""Other medications and taper plans on the History timeline: rows of their own kinds.

A medication sits on its start date (or, with none, when it was added); a plan
on its first day. Neither has a time of day, so each sits at the start of its
day in the journal's zone (the earliest row of that day). They are a few dozen
rows at most and have no time column to narrow in SQL, so they are read whole
through the service (`journal.medications`, `journal.taper`) and the timeline's
query (days, words, a page newest first) is applied here, in Python, exactly
as the store applies it to the other kinds.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, NamedTuple

from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput
from journal.domain.lines import LineQuery
from journal.domain.medications import Medication
from journal.domain.taper import TaperPlan
from journal.domain.times import Fold, Moment, resolve_local

if TYPE_CHECKING:
    from journal.service.journal import Journal

#: The kinds read here rather than from the store's timeline lines.
KINDS = (Kind.MEDICATION, Kind.PLAN)


class OtherLine(NamedTuple):
    """A medication or a plan as the timeline shows it (`timeline` makes it a TimelineRow)."""

    kind: Kind
    id: int
    at: Moment
    title: str
    detail: str
    notes: str
    #: The local calendar day as an ordinal; `search` the case-folded words a search looks in.
    day: int
    search: str
    #: No time of day: a plan's first day, a medication's start date (`at` is the day's start).
    whole_day: bool


def day_start(day: date, zone: str) -> Moment:
    """The first moment of `day` in `zone` (midnight, or the first hour that exists on a day whose
    clocks jump at midnight)."""
    for hour in range(3):
        try:
            return resolve_local(datetime.combine(day, time(hour)), zone, Fold.EARLIER)
        except InvalidInput:
            continue
    return resolve_local(datetime.combine(day, time(12)), zone, Fold.EARLIER)


def medication_title(m: Medication) -> str:
    """Like "Ibuprofen, 400 mg, twice a day"."""
    return ", ".join(part for part in (m.name, m.dose, m.how_often) if part)


def medication_detail(m: Medication, today: date) -> str:
    """Like "started 2026-03-01 · current" or "added 2026-03-10 (no start date) · stopped 2026-03-20"."""
    parts = []
    if m.started is not None:
        parts.append(f"started {m.started.isoformat()}")
    elif m.created is not None:
        parts.append(f"added {m.created.date().isoformat()} (no start date)")
    parts.append("current" if m.current(today) else f"stopped {m.stopped.isoformat() if m.stopped else ''}")
    if m.reason:
        parts.append(f"for {m.reason}")
    return " · ".join(parts)


def plan_detail(p: TaperPlan, today: date) -> str:
    """Its state (running, paused, ended on a day) and, for a table, the days listed."""
    if p.ended is not None and p.ended <= today:
        state = f"ended {p.ended.isoformat()}"
    elif p.first_day > today:
        state = f"begins {p.first_day.isoformat()}"
    else:
        state = "paused" if p.paused else "running"
    parts = [state, "your own plan, not guidance"]
    if p.table:
        parts.append("day by day: " + "; ".join(p.table_text()))
    return " · ".join(parts)


def medication_line(m: Medication, zone: str, today: date) -> OtherLine:
    assert m.id is not None
    if m.started is not None:
        at = day_start(m.started, zone)
    else:
        at = Moment.from_utc(m.created or datetime.now().astimezone(), zone)
    words = "\n".join(part for part in (m.name, m.dose, m.how_often, m.reason, m.notes) if part)
    return OtherLine(
        Kind.MEDICATION,
        m.id,
        at,
        medication_title(m),
        medication_detail(m, today),
        m.notes,
        at.local.date().toordinal(),
        words.casefold(),
        m.started is not None,
    )


def plan_line(p: TaperPlan, zone: str, today: date) -> OtherLine:
    assert p.id is not None
    at = day_start(p.first_day, zone)
    title = f"Your plan: {p.describe()}"
    return OtherLine(
        Kind.PLAN,
        p.id,
        at,
        title,
        plan_detail(p, today),
        p.notes,
        p.first_day.toordinal(),
        "\n".join((title, p.notes)).casefold(),
        True,
    )


def lines(
    journal: Journal, kind: Kind, query: LineQuery | None = None, entry_id: int | None = None
) -> list[OtherLine]:
    """The rows of `kind` (a medication or a plan) `query` matches, newest first (the one with
    `entry_id`, when given)."""
    today = journal.journal_day()
    zone = journal.zone
    if kind is Kind.MEDICATION:
        found = [medication_line(m, zone, today) for m in journal.medications.all()]
    elif kind is Kind.PLAN:
        found = [plan_line(p, zone, today) for p in journal.taper.all()]
    else:
        raise ValueError(f"{kind} entries are read from the store")
    if entry_id is not None:
        found = [r for r in found if r.id == entry_id]
    found.sort(key=lambda r: (r.at.utc, r.id), reverse=True)
    return _narrow(found, query)


def _narrow(found: list[OtherLine], q: LineQuery | None) -> list[OtherLine]:
    """What the store's `_narrow` does in SQL for the other kinds: days, words, a page newest first."""
    if q is None:
        return found
    if q.product_id is not None or q.no_product or q.symptom_key is not None:
        return []  # a product or a symptom picks intakes or ratings only
    if q.first_day is not None:
        first = q.first_day.toordinal()
        found = [r for r in found if r.day >= first]
    if q.last_day is not None:
        last = q.last_day.toordinal()
        found = [r for r in found if r.day <= last]
    if q.text:
        found = [r for r in found if q.text in r.search]
    if q.before is not None:
        before, before_id = q.before, q.before_id
        found = [
            r
            for r in found
            if r.at.utc < before or (before_id is not None and r.at.utc == before and r.id < before_id)
        ]
    return found[: q.limit] if q.limit is not None else found
