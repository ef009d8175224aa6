"""Reminders and the tray's choices, kept in the journal's settings table.

Kept there, they follow the journal's encryption and its backups, and the
window and the command line read and write the same values. Each reminder is
one row (`reminder.daily-checkin`, ...) holding its time and days and what
happened to it (shown, snoozed); every change is one write transaction that
reads the row it changes, so the window marking a reminder shown never undoes
a time set from a terminal meanwhile. A stored value this version cannot read
falls back to the reminder's default (off), never locking anyone out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime, time, timedelta
from typing import Any

from journal.domain.errors import InvalidInput
from journal.domain.reminders import (
    DEFAULTS,
    Facts,
    Reminder,
    ReminderKind,
    RunningBreak,
    Snooze,
    TrayChoices,
    changed,
    instant,
    local_date,
    next_due,
    shown,
    snoozed,
)
from journal.domain.times import Moment, local_day
from journal.storage.store import Clock, Store

KEY_PREFIX = "reminder."
CHOICES_KEY = "tray"
#: The symptoms a break's check-in asks about.
BREAK_SYMPTOMS = ("cravings", "withdrawal")


@dataclass(frozen=True, slots=True)
class Planned:
    """A reminder with when it is next due (None: off, or nothing to remind of now)."""

    reminder: Reminder
    next_due: datetime | None
    #: Why an "on" reminder has no next time, in words ("only during a break"), else "".
    waiting: str = ""


class Reminders:
    """The reminders and the tray's choices of one journal (`journal.reminders`)."""

    def __init__(self, store: Store, clock: Clock, zone: str) -> None:
        self._store = store
        self._clock = clock
        self.zone = zone

    # -- reading ---------------------------------------------------------------------------

    def all(self) -> dict[ReminderKind, Reminder]:
        """Every reminder, in the order of ReminderKind; those never set are their defaults (off)."""
        stored = self._store.stored_values(KEY_PREFIX)
        return {kind: reminder_from(kind, stored.get(KEY_PREFIX + kind.value)) for kind in ReminderKind}

    def get(self, kind: ReminderKind) -> Reminder:
        return self.all()[kind]

    def tray_choices(self) -> TrayChoices:
        return choices_from(self._store.stored_values(CHOICES_KEY).get(CHOICES_KEY))

    def running(self) -> RunningBreak | None:
        brk = self._store.running_break()
        return None if brk is None else RunningBreak(brk.start.utc, brk.planned_end)

    def schedule(self) -> list[Planned]:
        """Each reminder with when it is next due, for `journal remind list` and Settings."""
        now = self._clock()
        running = self.running()
        out = []
        for reminder in self.all().values():
            when = next_due(reminder, running, self.zone, now)
            waiting = ""
            if reminder.on and when is None:
                if reminder.kind is ReminderKind.BREAK_CHECKIN:
                    waiting = "only during a break"
                elif reminder.kind is ReminderKind.BREAK_END:
                    waiting = (
                        "only during a break with a goal date"
                        if running is None or running.planned_end is None
                        else "shown for this break"
                    )
            out.append(Planned(reminder, when, waiting))
        return out

    # -- changing --------------------------------------------------------------------------

    def set(
        self,
        kind: ReminderKind,
        *,
        on: bool = True,
        at: time | None = None,
        days: frozenset[int] | None = None,
    ) -> Reminder:
        """Turn a reminder on (or off) at a time and on days; what is not given stays as it was."""
        now = self._clock()

        def change(current: Reminder) -> Reminder:
            return changed(
                current,
                now,
                on=on,
                at=current.at if at is None else at,
                days=current.days if days is None else days,
            )

        return self._change(kind, change)

    def off(self, kind: ReminderKind) -> Reminder:
        return self.set(kind, on=False)

    def mark_shown(self, kind: ReminderKind, at: datetime) -> Reminder:
        """Shown at `at` (or dealt with): the times up to then are done."""
        return self._change(kind, lambda current: shown(current, at))

    def snooze(self, kind: ReminderKind, how: Snooze, at: datetime | None = None) -> Reminder:
        """Snoozed at `at` (now by default) for an hour or until tomorrow."""
        when = self._clock() if at is None else at
        return self._change(kind, lambda current: snoozed(current, how, self.zone, when))

    def put(self, reminder: Reminder) -> Reminder:
        """Store a reminder as it is (the window's own copy, changed while the journal was locked)."""
        return self._change(reminder.kind, lambda _current: reminder)

    def change_tray_choices(self, **changes: bool) -> TrayChoices:
        """Change some of the tray's choices (by field name); the others stay as stored."""
        return choices_from(
            self._store.change_value(
                CHOICES_KEY, lambda raw: choices_raw(replace(choices_from(raw), **changes))
            )
        )

    def _change(self, kind: ReminderKind, change: Callable[[Reminder], Reminder]) -> Reminder:
        key = KEY_PREFIX + kind.value
        raw = self._store.change_value(key, lambda raw: reminder_raw(change(reminder_from(kind, raw))))
        return reminder_from(kind, raw)

    # -- what a notification may add ---------------------------------------------------------

    def facts(self) -> Facts:
        """Today's intakes and check-ins, the latest pain, and a running break's days and ratings."""
        now = self._clock()
        settings = self._store.settings()
        here = Moment.from_utc(now, self.zone)
        today = local_day(now, here.offset_min, settings.day_start_hour)
        day_start = instant(today, time(settings.day_start_hour), self.zone)
        intakes = self._store.intakes(day_start)
        symptoms = self._store.symptoms(day_start)
        pains = self._store.pain(now - timedelta(days=30))
        checkins = len({s.at.utc for s in symptoms}) + sum(p.at.utc >= day_start for p in pains)
        last_pain = ""
        if pains:
            latest = pains[-1]
            last_pain = f"pain {latest.pain_now}/10" + (f", PEG {latest.peg_score}" if latest.peg else "")
        brk = self._store.running_break()
        break_day: tuple[int, int | None] | None = None
        ratings: tuple[str, ...] = ()
        if brk is not None:
            first = brk.start.local.date()
            n = (local_date(now, brk.start.zone) - first).days + 1
            break_day = (n, (brk.planned_end - first).days if brk.planned_end else None)
            labels = {t.key: t.label.lower() for t in self._store.symptom_types()}
            latest_of: dict[str, str] = {}
            for entry in self._store.symptoms(brk.start.utc):
                if entry.type_key in BREAK_SYMPTOMS:
                    latest_of[entry.type_key] = (
                        f"{labels.get(entry.type_key, entry.type_key)} {entry.severity.word}"
                    )
            ratings = tuple(latest_of[k] for k in BREAK_SYMPTOMS if k in latest_of)
        return Facts(
            intakes_today=len(intakes),
            grams_today_mg=sum(i.leaf_mg or 0 for i in intakes),
            checkins_today=checkins,
            last_pain=last_pain,
            break_day=break_day,
            planned_end=None if brk is None else brk.planned_end,
            break_ratings=ratings,
        )


# -- stored form -------------------------------------------------------------------------------


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_when(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def reminder_raw(reminder: Reminder) -> dict[str, Any]:
    return {
        "on": reminder.on,
        "at": f"{reminder.at:%H:%M}",
        "days": sorted(reminder.days),
        "since": _when(reminder.since),
        "handled": _when(reminder.handled),
        "snoozed_until": _when(reminder.snoozed_until),
    }


def reminder_from(kind: ReminderKind, raw: Any) -> Reminder:
    """A stored reminder, or its default when nothing (or nothing readable) is stored."""
    default = DEFAULTS[kind]
    if not isinstance(raw, dict):
        return default
    try:
        hours, minutes = str(raw.get("at", "")).split(":")
        return replace(
            default,
            on=bool(raw.get("on", False)),
            at=time(int(hours), int(minutes)),
            days=frozenset(int(d) for d in raw.get("days", sorted(default.days))),
            since=_parse_when(raw.get("since")),
            handled=_parse_when(raw.get("handled")),
            snoozed_until=_parse_when(raw.get("snoozed_until")),
        )
    except (InvalidInput, ValueError, TypeError):
        return default


def choices_raw(choices: TrayChoices) -> dict[str, bool]:
    return {f.name: bool(getattr(choices, f.name)) for f in fields(TrayChoices)}


def choices_from(raw: Any) -> TrayChoices:
    if not isinstance(raw, dict):
        return TrayChoices()
    names = {f.name for f in fields(TrayChoices)}
    return TrayChoices(**{k: bool(v) for k, v in raw.items() if k in names})
