"""Today's entries in words, for the evening check-in ("anything to log today?").

The journal day follows the person's "day starts at" hour, like daily totals.
One line per intake and pain check-in; a symptom check-in (ratings saved
together) is one line naming what was rated above "none".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING

from journal.domain.entities import Kind
from journal.domain.reminders import instant
from journal.domain.times import Moment, local_day
from journal.service.timeline import intake_title, pain_title

if TYPE_CHECKING:
    from journal.service.journal import Journal


@dataclass(frozen=True, slots=True)
class DayEntry:
    """One line of today's entries, oldest first."""

    kind: Kind
    at: Moment
    text: str


def day_start(journal: Journal) -> datetime:
    """When the journal's today began (UTC), with the person's day-start hour."""
    now = journal.clock()
    hour = journal.settings.day_start_hour
    today = local_day(now, Moment.from_utc(now, journal.zone).offset_min, hour)
    return instant(today, time(hour), journal.zone)


def entries_today(journal: Journal) -> list[DayEntry]:
    start = day_start(journal)
    products = {p.id: p.name for p in journal.products.all(include_archived=True)}
    out = []
    for intake in journal.entries.intakes(start):
        text = intake_title(intake.amount, intake.unit, intake.form, intake.leaf_mg, intake.estimate)
        name = products.get(intake.product_id) if intake.product_id is not None else None
        out.append(DayEntry(Kind.INTAKE, intake.at, f"Intake: {text}" + (f", {name}" if name else "")))
    labels = {t.key: t.label for t in journal.entries.symptom_types()}
    checkins: dict[datetime, list[str]] = {}
    moments: dict[datetime, Moment] = {}
    for entry in journal.entries.symptoms(start):
        rated = checkins.setdefault(entry.at.utc, [])
        moments[entry.at.utc] = entry.at
        if entry.severity > 0:
            rated.append(f"{labels.get(entry.type_key, entry.type_key)} {entry.severity.word}")
    for at, rated in checkins.items():
        words = ", ".join(rated) if rated else "nothing above “none”"
        out.append(DayEntry(Kind.SYMPTOM, moments[at], f"Symptom check-in: {words}"))
    for pain in journal.entries.pain(start):
        out.append(DayEntry(Kind.PAIN, pain.at, pain_title(pain.pain_now, pain.peg)))
    return sorted(out, key=lambda e: e.at.utc)
