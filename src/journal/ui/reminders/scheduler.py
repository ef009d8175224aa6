"""When to show a reminder: the domain's rules on the journal's clock, a timer to the next one.

The scheduler keeps its own copy of the reminders and of the running break
(`load`, from the tray's once-a-minute read), so it goes on while the
journal is locked and cannot be read. What happens to a reminder (shown,
snoozed, turned off) changes that copy at once, so nothing is shown twice,
and is written to the journal as an operation that reads the stored row
first (a time set from a terminal meanwhile is kept). While the journal is
locked those writes wait, in order, and go in once it is unlocked; a
reminder shown while locked whose write never went in (the window quit
locked) is shown once more at the next start.

`tick()` decides on the clock the journal was opened with (tests set it);
the timer only says when to tick: at the next reminder's time, at least
once a minute, so a clock changed or a computer woken from sleep is seen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from journal.domain.reminders import (
    Due,
    Reminder,
    ReminderKind,
    RunningBreak,
    Snooze,
    changed,
    due,
    next_due,
    shown,
    snoozed,
)
from journal.service.journal import Journal
from journal.ui import tasks

log = logging.getLogger(__name__)
#: Tick at least this often (milliseconds), whatever the reminders' times.
MAX_WAIT_MS = 60_000
Write = Callable[[Journal], Reminder]
Change = tuple[ReminderKind, Write]


class Scheduler(QObject):
    """Emits `due(Due)` when a reminder is to be shown; holds what is set while the journal is locked."""

    due = Signal(object)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.reminders: dict[ReminderKind, Reminder] = {}
        self.running: RunningBreak | None = None
        self.loaded = False
        #: Writes waiting for the journal to be unlocked, oldest first.
        self.waiting: list[Change] = []
        #: Kinds changed here whose write has not gone in yet: a read of the journal is older for them.
        self._unwritten: dict[ReminderKind, int] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.tick)

    @property
    def zone(self) -> str:
        return self.journal.zone

    def now(self) -> datetime:
        return self.journal.clock()

    def load(self, reminders: dict[ReminderKind, Reminder], running: RunningBreak | None) -> None:
        """The reminders as stored (read by the tray), and the running break.

        A reminder changed here whose write has not gone in yet keeps this copy: the read is older.
        """
        self.reminders = {
            kind: self.reminders[kind] if self._unwritten.get(kind) else reminder
            for kind, reminder in reminders.items()
        }
        self.running = running
        self.loaded = True

    def tick(self) -> list[Due]:
        """Show what is due now (each once), then wait for the next one."""
        now = self.now()
        shown_now = []
        for kind, reminder in list(self.reminders.items()):
            item = due(reminder, self.running, self.zone, now)
            if item is None:
                continue
            self._apply(shown(reminder, now), partial(_mark_shown, kind=kind, at=now))
            shown_now.append(item)
        for item in shown_now:
            self.due.emit(item)
        self._wait(now)
        return shown_now

    def next_time(self) -> datetime | None:
        """The earliest time a reminder is next due, or None."""
        now = self.now()
        times = [next_due(r, self.running, self.zone, now) for r in self.reminders.values()]
        return min((t for t in times if t is not None), default=None)

    def _wait(self, now: datetime) -> None:
        upcoming = self.next_time()
        wait_ms = MAX_WAIT_MS
        if upcoming is not None:
            wait_ms = max(0, min(wait_ms, int((upcoming - now).total_seconds() * 1000) + 1))
        self.timer.start(wait_ms)

    # -- what the person does with a reminder ---------------------------------------------

    def snooze(self, kind: ReminderKind, how: Snooze) -> Reminder:
        now = self.now()
        reminder = snoozed(self._current(kind), how, self.zone, now)
        self._apply(reminder, lambda j: j.reminders.snooze(kind, how, now))
        self._wait(now)
        return reminder

    def turn_off(self, kind: ReminderKind) -> Reminder:
        """ "Don't remind me about this": the reminder is off, as if turned off in Settings."""
        current = self._current(kind)
        reminder = changed(current, self.now(), on=False, at=current.at, days=current.days)
        self._apply(reminder, lambda j: j.reminders.off(kind))
        return reminder

    def _current(self, kind: ReminderKind) -> Reminder:
        return self.reminders.get(kind) or self.journal.reminders.get(kind)

    def _apply(self, reminder: Reminder, write: Write) -> None:
        self.reminders[reminder.kind] = reminder
        self._unwritten[reminder.kind] = self._unwritten.get(reminder.kind, 0) + 1
        self.waiting.append((reminder.kind, write))
        self.flush()

    def flush(self) -> None:
        """Write what waits, in order, once the journal can be written (not while it is locked)."""
        if self.journal.locked or not self.waiting:
            return
        changes, self.waiting = self.waiting, []
        journal = self.journal

        def work() -> list[Reminder]:
            return [write(journal) for _kind, write in changes]

        def done(outcome: object) -> None:
            if isinstance(outcome, BaseException):
                log.warning("could not save a reminder: %s", outcome)
            for kind, _write in changes:
                self._unwritten[kind] -= 1

        task = tasks.run_in_background(work, "Saving the reminders", write=True)
        task.finished.connect(done)
        task.failed.connect(done)


def _mark_shown(journal: Journal, *, kind: ReminderKind, at: datetime) -> Reminder:
    return journal.reminders.mark_shown(kind, at)
