"""Settings → Reminders and the tray: each reminder with its time and days, the tray, start with
the desktop, and what the tray and notifications may show.

Changes here apply at once (no Save): each is written in the background
(`journal.ui.tasks`) as soon as it is made, and `changed` says so. Everything
is off until turned on. A reminder with no day ticked is not saved: the
problem is said beside its days, and the ticks stay as they are.
"""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QSignalBlocker, QTime, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSystemTrayIcon,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from journal.domain.reminders import DAY_WORDS, PURPOSES, Reminder, ReminderKind, TrayChoices
from journal.domain.times import Moment
from journal.service import autostart
from journal.service.journal import Journal
from journal.service.reminders import Planned
from journal.ui.tasks import BusyIndicator, Task
from journal.ui.widgets.fields import error_label, say_refused

NOTIFICATION_PRIVACY = (
    "Notifications can show on the lock screen and to anyone near your screen: they name the "
    "check-in, never an amount or a symptom, unless you allow it here. While the journal is "
    "locked they only say “a check-in is due”."
)
NO_TRAY = "Your desktop shows no tray (notification area), so the journal cannot stay there."
THROWAWAY = (
    "This demonstration journal is deleted when its window closes, so it cannot start with the desktop."
)


def tray_available() -> bool:
    """Whether the desktop has a system tray (a seam: offscreen Qt has none)."""
    return QSystemTrayIcon.isSystemTrayAvailable()


class ReminderRow:
    """One reminder's controls: on, time, days (not for a break's end), its next time, a problem."""

    def __init__(self, kind: ReminderKind, title: str) -> None:
        self.kind = kind
        self.on = QCheckBox(title)
        self.on.setAccessibleName(f"{title}: on")
        self.on.setToolTip(f"{title}: {PURPOSES[kind]}")
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName(f"{title}: time")
        self.time.setToolTip(f"The time of the {title.lower()}, on your computer's clock")
        #: Check boxes, not toggle buttons: a ticked day shows as ticked in every theme (a checked
        #: QToolButton in the dark Fusion palette looks like an unchecked one).
        self.days: list[QCheckBox] = []
        if kind is not ReminderKind.BREAK_END:
            for number, word in enumerate(DAY_WORDS):
                day = QCheckBox(word[:2])
                day.setAccessibleName(f"{title}: {word}")
                day.setToolTip(f"Remind on {word}s")
                day.setProperty("weekday", number)
                self.days.append(day)
        self.next = QLabel()
        self.next.setAccessibleName(f"{title}: next")
        self.error = error_label(f"{title}: problem")

    def chosen_days(self) -> frozenset[int]:
        return frozenset(n for n, day in enumerate(self.days) if day.isChecked())

    def chosen_time(self) -> time:
        value = self.time.time()
        return time(value.hour(), value.minute())

    def show(self, planned: Planned, zone: str) -> None:
        reminder = planned.reminder
        blockers = [QSignalBlocker(w) for w in (self.on, self.time, *self.days)]
        self.on.setChecked(reminder.on)
        self.time.setTime(QTime(reminder.at.hour, reminder.at.minute))
        for number, day in enumerate(self.days):
            day.setChecked(number in reminder.days)
        del blockers
        self.show_next(planned, zone)

    def show_next(self, planned: Planned, zone: str) -> None:
        self.next.setText(next_text(planned, zone))


def next_text(planned: Planned, zone: str) -> str:
    reminder = planned.reminder
    if not reminder.on:
        return "Off"
    if planned.next_due is None:
        return planned.waiting.capitalize() if planned.waiting else "Not due as things stand"
    local = Moment.from_utc(planned.next_due, zone).local
    return f"Next: {when_words(local)}"


def when_words(local: datetime) -> str:
    return f"{DAY_WORDS[local.weekday()][:3]} {local:%d %b %H:%M}"


class ReminderSettings(QGroupBox):
    """Reminders, the tray and notifications, applied as they are changed."""

    changed = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__("Reminders and the tray", parent)
        self.setAccessibleName("Reminders and the tray")
        self.journal = journal
        self.rows: dict[ReminderKind, ReminderRow] = {}
        self._throwaway = False
        grid = QGridLayout()
        for line, kind in enumerate(ReminderKind):
            row = ReminderRow(kind, _title(kind))
            self.rows[kind] = row
            grid.addWidget(row.on, line * 2, 0)
            grid.addWidget(row.time, line * 2, 1)
            days = QHBoxLayout()
            days.setSpacing(8)
            for day in row.days:
                days.addWidget(day)
            if not row.days:
                days.addWidget(QLabel("on the break's planned last day"))
            days.addStretch(1)
            grid.addLayout(days, line * 2, 2)
            grid.addWidget(row.next, line * 2, 3)
            grid.addWidget(row.error, line * 2 + 1, 0, 1, 4)
            row.on.toggled.connect(lambda _on, k=kind: self.save_reminder(k))
            row.time.editingFinished.connect(lambda k=kind: self._time_edited(k))
            for day in row.days:
                day.toggled.connect(lambda _on, k=kind: self.save_reminder(k))
        grid.setColumnStretch(3, 1)

        self.has_tray = tray_available()
        self.close_to_tray = QCheckBox("&Keep the journal in the tray when its window is closed")
        self.close_to_tray.setAccessibleName("Keep the journal in the tray when its window is closed")
        self.close_to_tray.setToolTip(
            "Closing the window leaves the journal in the tray, where its reminders keep working. "
            "Quit from the tray's menu or File → Quit."
        )
        self.autostart = QCheckBox("S&tart with the desktop, in the tray")
        self.autostart.setAccessibleName("Start with the desktop, in the tray")
        self.autostart.setToolTip(
            f"Adds {autostart.FILE_NAME} to your desktop's autostart folder, so the journal starts "
            "at login, in the tray, for its reminders. With a passphrase it waits there, locked."
        )
        self.details_in_tray = QCheckBox("Show &amounts in the tray's tooltip and menu")
        self.details_in_tray.setAccessibleName("Show amounts in the tray's tooltip and menu")
        self.details_in_tray.setToolTip(
            "The grams in the last 24 hours and your presets' amounts, in the tray. Off: the tray says "
            "where you stand against the cited range in words, without amounts."
        )
        self.details_in_notifications = QCheckBox("Show amounts and s&ymptoms in notifications")
        self.details_in_notifications.setAccessibleName("Show amounts and symptoms in notifications")
        self.details_in_notifications.setToolTip(NOTIFICATION_PRIVACY)
        self.no_tray = QLabel(NO_TRAY)
        self.no_tray.setWordWrap(True)
        self.no_tray.setAccessibleName("No tray")
        self.close_to_tray.setEnabled(self.has_tray)
        privacy = QLabel(NOTIFICATION_PRIVACY)
        privacy.setWordWrap(True)
        privacy.setAccessibleName("Notifications and privacy")
        note = QLabel(
            "All reminders are off until you turn them on; each comes at its own time on the days "
            "ticked. One that was due while the computer was off or asleep comes once when the journal "
            "next runs. Changes here apply at once."
        )
        note.setWordWrap(True)
        note.setAccessibleName("Reminders note")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Reminders status")
        self.busy = BusyIndicator()
        column = QVBoxLayout(self)
        column.addWidget(note)
        column.addLayout(grid)
        for box in (self.close_to_tray, self.autostart, self.details_in_tray, self.details_in_notifications):
            column.addWidget(box)
        column.addWidget(self.no_tray)
        # Shown or hidden only once in the layout: shown before, it would flash up as a window of its own.
        self.no_tray.setVisible(not self.has_tray)
        column.addWidget(privacy)
        column.addWidget(self.status)
        column.addWidget(self.busy)
        self.close_to_tray.toggled.connect(lambda on: self.save_choice(close_to_tray=on))
        self.details_in_tray.toggled.connect(lambda on: self.save_choice(details_in_tray=on))
        self.details_in_notifications.toggled.connect(
            lambda on: self.save_choice(details_in_notifications=on)
        )
        self.autostart.toggled.connect(self.set_autostart)
        self.reload()

    def throwaway(self) -> None:
        """A journal deleted when the window closes (`journal --demo`): no autostart entry for it."""
        with QSignalBlocker(self.autostart):
            self.autostart.setChecked(False)
        self.autostart.setEnabled(False)
        self.autostart.setToolTip(THROWAWAY)
        self._throwaway = True

    def focus_order(self) -> list[QWidget]:
        """The controls in reading order, for the page's tab order."""
        order: list[QWidget] = []
        for row in self.rows.values():
            order += [row.on, row.time, *row.days]
        return [
            *order,
            self.close_to_tray,
            self.autostart,
            self.details_in_tray,
            self.details_in_notifications,
        ]

    # -- showing ------------------------------------------------------------------------

    def reload(self) -> None:
        """Show what is stored (the command line may have changed it) and whether autostart is on."""
        for planned in self.journal.reminders.schedule():
            row = self.rows[planned.reminder.kind]
            row.show(planned, self.journal.zone)
            row.error.hide()
        choices = self.journal.reminders.tray_choices()
        self._show_choices(choices)
        if not self._throwaway:
            with QSignalBlocker(self.autostart):
                self.autostart.setChecked(autostart.starts(self.journal.folder))

    def _show_choices(self, choices: TrayChoices) -> None:
        for box, value in (
            (self.close_to_tray, choices.close_to_tray),
            (self.details_in_tray, choices.details_in_tray),
            (self.details_in_notifications, choices.details_in_notifications),
        ):
            with QSignalBlocker(box):
                box.setChecked(value)

    def showEvent(self, event: QShowEvent) -> None:
        self.reload()
        super().showEvent(event)

    # -- saving ---------------------------------------------------------------------------

    def _time_edited(self, kind: ReminderKind) -> None:
        stored = self.journal.reminders.get(kind)
        if self.rows[kind].chosen_time() != stored.at:
            self.save_reminder(kind)

    def save_reminder(self, kind: ReminderKind) -> Task | None:
        """Write one reminder as shown; a reminder on no day is refused at its days."""
        row = self.rows[kind]
        on, at = row.on.isChecked(), row.chosen_time()
        days = row.chosen_days() if row.days else None
        if days is not None and not days:
            row.error.setText("⚠ Choose at least one day, or turn the reminder off.")
            row.error.show()
            self.status.setText("⚠ Not saved: a reminder needs at least one day.")
            return None
        row.error.hide()
        journal = self.journal

        def write() -> list[Planned]:
            journal.reminders.set(kind, on=on, at=at, days=days)
            return journal.reminders.schedule()

        return self.busy.run(write, "Saving the reminder…", self._saved, self._refused, (), write=True)

    def save_choice(self, **change: bool) -> Task:
        journal = self.journal

        def write() -> TrayChoices:
            return journal.reminders.change_tray_choices(**change)

        return self.busy.run(write, "Saving…", self._choice_saved, self._refused, (), write=True)

    def set_autostart(self, on: bool) -> None:
        """Write or remove the autostart entry at once (a small file, no journal write)."""
        try:
            if on:
                path = autostart.enable(autostart.launch_command(self.journal.folder))
                self.status.setText(f"✓ The journal will start with the desktop, in the tray ({path}).")
            else:
                autostart.disable()
                self.status.setText("✓ The journal will not start with the desktop.")
        except OSError as err:
            with QSignalBlocker(self.autostart):
                self.autostart.setChecked(autostart.starts(self.journal.folder))
            self.status.setText(f"⚠ Could not change the autostart entry: {err.strerror or err}")

    def _saved(self, schedule: list[Planned]) -> None:
        for planned in schedule:
            self.rows[planned.reminder.kind].show_next(planned, self.journal.zone)
        self.status.setText("✓ Saved.")
        self.changed.emit()

    def _choice_saved(self, choices: TrayChoices) -> None:
        self._show_choices(choices)
        self.status.setText("✓ Saved.")
        self.changed.emit()

    def _refused(self, err: BaseException) -> None:
        say_refused(err, self.status, lambda problem: self.status.setText(f"⚠ {problem.message}"))


def _title(kind: ReminderKind) -> str:
    return Reminder(kind).title
