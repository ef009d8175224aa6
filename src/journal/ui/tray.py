"""The journal between sessions: its tray icon, its reminders and their notifications.

Where the desktop has a system tray, an icon shows the time since the last
dose and the rolling 24-hour total against the cited band, in words, in its
tooltip and menu; the menu logs the presets Today shows (through the
window's own save path, with the same guidance and the same question for an
unusual amount), opens the check-ins, starts or ends a break, opens, locks
or quits the journal, and snoozes or stops a reminder that came. Where the
desktop has no tray nothing of this shows and the window works as before;
the reminders still come, as notifications, while the window is open.

What it shows is read from the journal at most once a minute, and after
each of the journal's own writes (the window's `changed`); the time since the
last dose moves on with the clock between reads. Locked, it reads nothing
and shows nothing of the journal: no figures, no presets, no reminder's name.
Amounts show in the tray only if the person allowed it in Settings (the band
is said in words otherwise); notifications follow their own choice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QSystemTrayIcon, QWidget

from journal.domain.amounts import format_g
from journal.domain.errors import JournalFileError
from journal.domain.guidance import Rule
from journal.domain.reminders import (
    Due,
    Facts,
    Reminder,
    ReminderKind,
    RunningBreak,
    Snooze,
    TrayChoices,
    local_date,
    message,
)
from journal.service.intakes import IntakeCheck, Preset
from journal.service.journal import Journal
from journal.ui.dialogs.daily_checkin import DailyCheckin
from journal.ui.icon import app_icon
from journal.ui.main_window import MainWindow
from journal.ui.reminders.notifications import DEFAULT_ACTION, Notifier
from journal.ui.reminders.scheduler import Scheduler
from journal.ui.tasks import Task
from journal.ui.text import duration

log = logging.getLogger(__name__)

#: How often the tray reads the journal, at most, besides after the journal's own writes.
READ_EVERY_MS = 60_000
BREAK_CHECKIN = ("cravings", "withdrawal")
SNOOZE_HOUR, SNOOZE_TOMORROW, TURN_OFF, OPEN = "snooze-hour", "snooze-tomorrow", "off", "open"
WENT_TO_TRAY = (
    "The journal is still running, in the tray (the notification area), so its reminders keep coming. "
    "Open it from the tray's icon; Quit in the icon's menu ends it. Settings → Reminders and the tray "
    "changes this."
)
LOCKED_TIP = "Kratom Journal (locked)"


@dataclass(frozen=True, slots=True)
class Glance:
    """What the tray shows, read from the journal in one go."""

    read_at: datetime
    last_dose: datetime | None
    rolling_mg: int
    rolling_estimate: bool
    running: RunningBreak | None
    presets: tuple[Preset, ...]
    reminders: dict[ReminderKind, Reminder]
    choices: TrayChoices = field(default_factory=TrayChoices)


def read_glance(journal: Journal) -> Glance:
    today = journal.today()
    reminders = journal.reminders
    return Glance(
        read_at=journal.clock(),
        last_dose=None if today.last_intake is None else today.last_intake.at.utc,
        rolling_mg=today.rolling_mg,
        rolling_estimate=today.rolling_estimate,
        running=reminders.running(),
        presets=tuple(journal.presets()),
        reminders=reminders.all(),
        choices=reminders.tray_choices(),
    )


def since_text(last_dose: datetime | None, now: datetime) -> str:
    if last_dose is None:
        return "No dose logged yet"
    words = duration(max(timedelta(0), now - last_dose))
    return "Last dose just now" if words == "just now" else f"{words} since the last dose"


def band_text(rolling_mg: int, estimate: bool, upper: Rule, *, details: bool) -> str:
    """'6.5 g in the last 24 h, under the cited 12 to 15 g', or without the amount when not allowed."""
    if rolling_mg > upper.high_mg:
        where = f"over the cited {upper.range_text}"
    elif rolling_mg > upper.low_mg:
        where = f"within the cited {upper.range_text}"
    else:
        where = f"under the cited {upper.range_text}"
    if not details:
        return f"the last 24 h {where}"
    est = " (includes estimates)" if estimate else ""
    return f"{format_g(rolling_mg)}{est} in the last 24 h, {where}"


def preset_text(preset: Preset, *, details: bool) -> str:
    """The menu entry of a preset: its amount only when amounts may show in the tray."""
    if details:
        return f"Log {preset.label} now"
    return f"Log your usual {preset.product.name} now"


def preset_done_text(preset: Preset, check: IntakeCheck, *, details: bool) -> str:
    at = f"{check.intake.at.local:%H:%M}"
    if not details:
        count = len(check.findings)
        kept = f" {count} note{'s' if count != 1 else ''} from the guidance: see History." if count else ""
        return f"Logged your usual {preset.product.name} at {at}.{kept}"
    findings = " ".join(f.message for f in check.findings)
    return f"Logged {preset.label} at {at}." + (f" {findings}" if findings else "")


class Presence(QObject):
    """The tray icon and its menu, the reminders' scheduler and their notifications, over one window."""

    #: The first read is done: tooltip and menu show the journal (start-up benchmark's mark).
    ready = Signal()

    def __init__(self, window: MainWindow, *, tray: bool | None = None) -> None:
        super().__init__(window)  # goes with the window
        self.setObjectName("tray-presence")
        self.window = window
        self.journal = window.journal
        #: Whether the desktop has a tray: only then is the icon shown and closing keeps the journal.
        self.has_tray = QSystemTrayIcon.isSystemTrayAvailable() if tray is None else tray
        self.glance: Glance | None = None
        self.reads = 0
        self.pending: dict[ReminderKind, Due] = {}
        self.daily: DailyCheckin | None = None
        self.dialog: QDialog | None = None
        self._open_after_unlock: ReminderKind | None = None
        #: What the tray's message said the first time closing kept the journal there ("" before).
        self.told_where = ""
        #: What went to the tray's own message (or the status bar) for want of a notification service.
        self.fallbacks: list[tuple[str, str, str]] = []

        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip("Kratom Journal")
        self.menu = QMenu(window)
        self.menu.setAccessibleName("Kratom Journal tray menu")
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self._message_tag = ""

        def action(text: str, slot: object, tip: str = "") -> QAction:
            act = QAction(text, self)
            act.setToolTip(tip or text.rstrip("…"))
            act.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
            return act

        self.since_action = QAction("", self)
        self.band_action = QAction("", self)
        self.locked_action = QAction("Kratom Journal is locked", self)
        for label in (self.since_action, self.band_action, self.locked_action):
            label.setEnabled(False)
        self.log_action = action("Log an intake…", self.log_intake, "Open the Log page")
        self.symptom_action = action("Symptom check-in…", self.symptom_checkin, "Rate symptoms")
        self.pain_action = action("Pain check-in…", self.pain_checkin, "Pain, PEG and mood")
        self.break_action = action(
            "Start a break…", self.toggle_break, "Start a break, or end the one running"
        )
        self.open_action = action("Open Kratom Journal", self.show_window, "Show the journal's window")
        self.unlock_action = action("Unlock…", self.show_window, "Show the lock screen to unlock the journal")
        self.lock_action = action("Lock", self.lock, "Hide the journal until you unlock it")
        self.quit_action = action("Quit", self.quit, "Close the journal (reminders stop until it runs again)")
        self.preset_actions: list[QAction] = []
        self.due_menus: dict[ReminderKind, QMenu] = {}

        self.scheduler = Scheduler(self.journal, self)
        self.scheduler.due.connect(self.remind)
        self.notifier = Notifier(self)
        self.notifier.action.connect(self.chosen)
        self.notifier.fallback.connect(self._fallback)

        self.minute = QTimer(self)
        self.minute.setInterval(READ_EVERY_MS)
        self.minute.timeout.connect(self.refresh)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.refresh)

        window.keep_in_tray = self.keep_in_tray
        window.changed.connect(self.refresh_soon)
        window.closed.connect(self._window_closed)
        window.locker.locked_changed.connect(self._lock_changed)
        window.settings_page.reminders.changed.connect(self.refresh_soon)
        window.settings_page.data_erased.connect(self._erased)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Logging out must not be held up by a window that only hides.
            app.commitDataRequest.connect(self._logging_out)
        if self.has_tray:
            # A dialog opened from the tray and closed while the window is hidden is the last
            # window closed: the journal quits only when its window really closes (`_window_closed`).
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(False)
            self.icon.show()
        self.refresh()
        self.minute.start()
        self.ready.emit()

    # -- reading and showing --------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.window.locker.locked

    @property
    def choices(self) -> TrayChoices:
        return self.glance.choices if self.glance is not None else TrayChoices()

    def refresh_soon(self) -> None:
        """After a write: one read once the event loop is free, however many writes came together."""
        self._soon.start()

    def refresh(self) -> None:
        """Read the journal (not while locked), show it, and let the reminders due now come."""
        self._soon.stop()
        if self.window.journal_erased:
            return
        if not self.locked and not self.journal.locked:
            try:
                self.glance = read_glance(self.journal)
                self.reads += 1
            except (JournalFileError, OSError) as err:  # kept: the next minute tries again
                log.warning("the tray could not read the journal: %s", err)
            if self.glance is not None:
                self.scheduler.load(self.glance.reminders, self.glance.running)
                self.scheduler.flush()
            if self.daily is not None and self.daily.isVisible():
                self.daily.reload()
        if self.scheduler.loaded:
            self.scheduler.tick()
        self.show_texts()

    def show_texts(self) -> None:
        """Tooltip and menu from the last read and the clock now."""
        self.tooltip_text = self._tooltip()
        self.icon.setToolTip(self.tooltip_text)
        self._build_menu()

    def _tooltip(self) -> str:
        if self.locked:
            return LOCKED_TIP
        glance = self.glance
        if glance is None:
            return "Kratom Journal"
        details = glance.choices.details_in_tray
        since = since_text(glance.last_dose, self.journal.clock())
        band = band_text(
            glance.rolling_mg, glance.rolling_estimate, self.journal.guidance.upper, details=details
        )
        return f"Kratom Journal\n{since} · {band}"

    def _build_menu(self) -> None:
        menu = self.menu
        menu.clear()  # the presets and the reminder submenus are made anew; the other actions are kept
        self.preset_actions = []
        self.due_menus = {}
        if self.locked:
            menu.addAction(self.locked_action)
            if self.pending:
                due = menu.addMenu("A check-in is due")
                due.setObjectName("locked-due")
                for text, how in (("Snooze 1 hour", Snooze.HOUR), ("Snooze until tomorrow", Snooze.TOMORROW)):
                    act = due.addAction(text)
                    act.triggered.connect(partial(self.snooze_all, how))
            menu.addSeparator()
            menu.addAction(self.unlock_action)
            menu.addAction(self.quit_action)
            return
        glance = self.glance
        details = self.choices.details_in_tray
        if glance is not None:
            self.since_action.setText(since_text(glance.last_dose, self.journal.clock()))
            upper = self.journal.guidance.upper
            band = band_text(glance.rolling_mg, glance.rolling_estimate, upper, details=details)
            self.band_action.setText(band[0].upper() + band[1:])
            menu.addAction(self.since_action)
            menu.addAction(self.band_action)
            menu.addSeparator()
            for preset in glance.presets:
                act = menu.addAction(preset_text(preset, details=details))
                act.setToolTip(f"Log your usual {preset.product.name} with the time now, in one click")
                act.triggered.connect(partial(self.log_preset, preset))
                self.preset_actions.append(act)
            self.break_action.setText("End the break…" if glance.running is not None else "Start a break…")
        for act in (self.log_action, self.symptom_action, self.pain_action, self.break_action):
            menu.addAction(act)
        if self.pending:
            menu.addSeparator()
            for kind in self.pending:
                self.due_menus[kind] = self._due_menu(kind)
        menu.addSeparator()
        for act in (self.open_action, self.lock_action, self.quit_action):
            menu.addAction(act)

    def _due_menu(self, kind: ReminderKind) -> QMenu:
        title = Reminder(kind).title
        sub = self.menu.addMenu(f"{title} is due")
        sub.setObjectName(f"due-{kind.value}")
        entries = (
            (_open_words(kind), OPEN),
            ("Snooze 1 hour", SNOOZE_HOUR),
            ("Snooze until tomorrow", SNOOZE_TOMORROW),
            ("Don't remind me about this", TURN_OFF),
        )
        for text, key in entries:
            act = sub.addAction(text)
            act.setObjectName(key)
            act.triggered.connect(partial(self.chosen, kind.value, key))
        return sub

    # -- the window ---------------------------------------------------------------------------

    def show_window(self) -> QWidget:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        """A click on the icon shows the window; on the window in front, it goes back to the tray."""
        if reason not in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            return
        window = self.window
        if window.isVisible() and window.isActiveWindow() and self.choices.close_to_tray:
            window.hide()
        else:
            self.show_window()

    def keep_in_tray(self) -> bool:
        """The window is being closed by the person: hide it in the tray instead, if they chose that."""
        if not self.has_tray or not self.icon.isVisible() or not self.choices.close_to_tray:
            return False
        self.window.hide()
        if not self.choices.told_tray:
            self.icon.showMessage(
                "Kratom Journal is in the tray", WENT_TO_TRAY, QSystemTrayIcon.MessageIcon.Information
            )
            self.told_where = WENT_TO_TRAY
            journal = self.journal
            if self.glance is not None:
                self.glance = _with_choices(self.glance, told_tray=True)
            from journal.ui import tasks

            tasks.run_in_background(
                lambda: journal.reminders.change_tray_choices(told_tray=True), "Saving", write=True
            )
        return True

    def _window_closed(self) -> None:
        """The window really closed (Quit, or closed without the tray): the journal ends."""
        self.minute.stop()
        self.scheduler.timer.stop()
        self.notifier.close()
        self.icon.hide()
        app = QApplication.instance()
        if self.has_tray and isinstance(app, QApplication) and not app.quitOnLastWindowClosed():
            app.quit()

    def quit(self) -> None:
        self.window.quit()

    def _erased(self, _dialog: object) -> None:
        """After "Delete all my data" (which removed the autostart entry): nothing more is read or
        reminded, and the window closes for good, even where closing keeps the journal in the tray."""
        self.minute.stop()
        self._soon.stop()
        self.scheduler.timer.stop()
        self.pending.clear()
        self.glance = None
        self.icon.hide()
        self.window.quitting = True

    def _logging_out(self, _manager: object) -> None:
        self.window.quitting = True

    def lock(self) -> None:
        self.window.lock()

    def _lock_changed(self, locked: bool) -> None:
        if not locked:
            self.refresh()
            kind, self._open_after_unlock = self._open_after_unlock, None
            if kind is not None:
                self.open_reminder(kind)
        else:
            self.show_texts()

    # -- the menu's actions --------------------------------------------------------------------------

    def log_preset(self, preset: Preset) -> Task | None:
        """One click: the preset logged now, through the window's own save path (Today's)."""
        return self.window.log_preset(preset, after=partial(self._preset_logged, preset))

    def _preset_logged(self, preset: Preset, check: IntakeCheck) -> None:
        details = self.choices.details_in_tray
        self.notify("logged", "Kratom Journal", preset_done_text(preset, check, details=details))

    def log_intake(self) -> None:
        self.show_window()
        self.window.start_intake()

    def symptom_checkin(self, preselect: tuple[str, ...] = ()) -> QDialog:
        self.dialog = self.window.symptom_checkin(preselect)
        return self.dialog

    def pain_checkin(self) -> QDialog:
        self.dialog = self.window.pain_checkin()
        return self.dialog

    def toggle_break(self) -> QDialog:
        self.dialog = self.window.toggle_break()
        return self.dialog

    # -- reminders ---------------------------------------------------------------------------------

    def remind(self, item: Due) -> None:
        """A reminder came: a notification (or the tray's message), and an entry in the tray's menu."""
        self.pending[item.kind] = item
        locked = self.locked or self.journal.locked
        facts = Facts()
        if not locked:
            try:
                facts = self.journal.reminders.facts()
            except (JournalFileError, OSError) as err:
                log.warning("could not read what the reminder may add: %s", err)
        today = local_date(self.journal.clock(), self.journal.zone)
        text = message(item, facts, today, details=self.choices.details_in_notifications, locked=locked)
        if locked:
            actions = [(DEFAULT_ACTION, "Unlock"), (SNOOZE_HOUR, "In 1 hour"), (SNOOZE_TOMORROW, "Tomorrow")]
        else:
            actions = [
                (DEFAULT_ACTION, _open_words(item.kind).rstrip("…")),
                (SNOOZE_HOUR, "In 1 hour"),
                (SNOOZE_TOMORROW, "Tomorrow"),
                (TURN_OFF, "Don't remind me"),
            ]
        self.notify(item.kind.value, text.title, text.body, actions)
        self.show_texts()

    def notify(self, tag: str, title: str, body: str, actions: list[tuple[str, str]] | None = None) -> None:
        self.notifier.show(tag, title, body, actions or [])

    def _fallback(self, tag: str, title: str, body: str) -> None:
        """No notification service: the tray's own message, else the window's status bar."""
        self.fallbacks.append((tag, title, body))
        if self.has_tray and self.icon.isVisible():
            self._message_tag = tag
            self.icon.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 20_000)
        elif self.window.isVisible() and not self.locked:
            self.window.statusBar().showMessage(f"{title}: {body}", 60_000)

    def _message_clicked(self) -> None:
        tag, self._message_tag = self._message_tag, ""
        if tag in {k.value for k in ReminderKind}:
            self.chosen(tag, DEFAULT_ACTION)
        else:
            self.show_window()

    def chosen(self, tag: str, key: str) -> None:
        """A button of a notification, or an entry of the tray's reminder menu."""
        try:
            kind = ReminderKind(tag)
        except ValueError:
            self.show_window()
            return
        if key in (DEFAULT_ACTION, OPEN):
            self.pending.pop(kind, None)
            self.open_reminder(kind)
        elif key in (SNOOZE_HOUR, SNOOZE_TOMORROW):
            self.snooze(kind, Snooze.HOUR if key == SNOOZE_HOUR else Snooze.TOMORROW)
        elif key == TURN_OFF:
            self.turn_off(kind)
        self.show_texts()

    def snooze(self, kind: ReminderKind, how: Snooze) -> Reminder:
        self.pending.pop(kind, None)
        self.notifier.withdraw(kind.value)
        return self.scheduler.snooze(kind, how)

    def snooze_all(self, how: Snooze) -> None:
        for kind in list(self.pending):
            self.snooze(kind, how)
        self.show_texts()

    def turn_off(self, kind: ReminderKind) -> Reminder:
        self.pending.pop(kind, None)
        self.notifier.withdraw(kind.value)
        reminder = self.scheduler.turn_off(kind)
        if not self.locked:
            self.notify(
                "turned-off",
                "Kratom Journal",
                f"{reminder.title}: turned off. Settings → Reminders and the tray turns it on again.",
            )
        return reminder

    def open_reminder(self, kind: ReminderKind) -> QWidget:
        """What the reminder is about: the evening check-in, the pain check-in, the break's."""
        if self.locked:
            self._open_after_unlock = kind
            return self.show_window()
        if kind is ReminderKind.DAILY_CHECKIN:
            return self.daily_checkin()
        if kind is ReminderKind.WEEKLY_PAIN:
            return self.pain_checkin()
        if kind is ReminderKind.BREAK_CHECKIN:
            return self.symptom_checkin(BREAK_CHECKIN)
        running = self.glance.running if self.glance is not None else None
        if running is None:
            return self.show_window()
        return self.toggle_break()

    def daily_checkin(self) -> DailyCheckin:
        if self.daily is None:
            self.daily = DailyCheckin(self.journal, self.window)
            self.daily.log_intake_requested.connect(self.log_intake)
            self.daily.symptoms_requested.connect(lambda: self.symptom_checkin(()))
            self.daily.pain_requested.connect(self.pain_checkin)
        else:
            self.daily.reload()
        self.daily.show()
        self.daily.raise_()
        self.daily.activateWindow()
        self.dialog = self.daily
        return self.daily


def _open_words(kind: ReminderKind) -> str:
    return {
        ReminderKind.DAILY_CHECKIN: "Check in…",
        ReminderKind.WEEKLY_PAIN: "Pain check-in…",
        ReminderKind.BREAK_CHECKIN: "Check in on cravings…",
        ReminderKind.BREAK_END: "End the break…",
    }[kind]


def _with_choices(glance: Glance, **changes: bool) -> Glance:
    from dataclasses import replace

    return replace(glance, choices=replace(glance.choices, **changes))
