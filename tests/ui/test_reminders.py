"""Reminders in the window: set in Settings, due on the journal's clock (the test moves it: no
sleeping), shown once, snoozed or turned off from the tray's menu, opened into their check-in;
one missed while the computer was off comes once at the next start; locked, they name nothing.

No notification service runs here (the session bus address points nowhere), so reminders
take the fallback, the tray's own message; tests/e2e/test_notifications.py runs a real bus.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journal.domain.reminders import ReminderKind
from journal.domain.times import Moment
from journal.service import autostart
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui import tasks
from journal.ui.dialogs.daily_checkin import DailyCheckin
from journal.ui.dialogs.pain_checkin import PainCheckin
from journal.ui.dialogs.symptom_checkin import SymptomCheckin
from journal.ui.main_window import MainWindow
from journal.ui.pages.settings import SettingsPage
from journal.ui.tray import Presence
from journal.ui.widgets.reminder_settings import ReminderSettings
from tests.conftest import ZONE, FakeClock

DAILY = ReminderKind.DAILY_CHECKIN
#: The clock starts at 2026-03-10 12:00 UTC: 13:00 in Berlin, a Tuesday.
EVENING = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)  # 21:00 in Berlin


@pytest.fixture
def presence(qtbot: QtBot, window: MainWindow) -> Iterator[Presence]:
    tray = Presence(window, tray=True)
    yield tray
    # The reminders' last writes go in before the journal closes (its fixture ends first).
    qtbot.waitUntil(lambda: not tasks.writes_pending(), timeout=30_000)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(True)


def written(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not tasks.writes_pending(), timeout=10_000)


def shown(presence: Presence) -> list[tuple[str, str, str]]:
    """What the reminders said, through the tray's own message (no notification service here)."""
    return [s for s in presence.notifier.sent if s[0] in {k.value for k in ReminderKind}] + presence.fallbacks


# -- Settings -----------------------------------------------------------------------------------


def _settings(qtbot: QtBot, journal: Journal) -> ReminderSettings:
    page = SettingsPage(journal)
    qtbot.addWidget(page)
    page.show()
    return page.reminders


def test_all_off_and_each_applies_at_once(qtbot: QtBot, journal: Journal) -> None:
    box = _settings(qtbot, journal)
    assert not any(row.on.isChecked() for row in box.rows.values())
    assert [row.next.text() for row in box.rows.values()] == ["Off"] * 4
    row = box.rows[DAILY]
    row.on.click()
    written(qtbot)
    assert journal.reminders.get(DAILY).on
    qtbot.waitUntil(lambda: row.next.text() == "Next: Tue 10 Mar 21:00")
    row.time.setFocus()
    row.time.setTime(QTime(21, 30))
    row.time.editingFinished.emit()
    written(qtbot)
    assert journal.reminders.get(DAILY).at == time(21, 30)
    for day in row.days[5:]:  # not at weekends
        day.click()
        written(qtbot)
    assert journal.reminders.get(DAILY).days == frozenset(range(5))
    assert box.status.text() == "✓ Saved."


def test_a_reminder_on_no_day_is_refused_at_its_days(qtbot: QtBot, journal: Journal) -> None:
    box = _settings(qtbot, journal)
    row = box.rows[ReminderKind.WEEKLY_PAIN]
    row.on.click()
    written(qtbot)
    assert journal.reminders.get(ReminderKind.WEEKLY_PAIN).days == frozenset({6})
    row.days[6].click()  # untick Sunday, the only day
    assert not row.error.isHidden() and "at least one day" in row.error.text()
    assert not tasks.writes_pending()
    assert journal.reminders.get(ReminderKind.WEEKLY_PAIN).days == frozenset({6})
    assert not row.days[6].isChecked()  # what was clicked stays, to be corrected
    row.days[2].click()
    written(qtbot)
    assert journal.reminders.get(ReminderKind.WEEKLY_PAIN).days == frozenset({2})
    assert row.error.isHidden()


def test_tray_choices_and_start_with_the_desktop(qtbot: QtBot, journal: Journal, tmp_path: Path) -> None:
    box = _settings(qtbot, journal)
    assert not box.details_in_notifications.isChecked() and not box.details_in_tray.isChecked()
    box.details_in_notifications.click()
    written(qtbot)
    assert journal.reminders.tray_choices().details_in_notifications
    assert not autostart.enabled()
    box.autostart.click()
    entry = tmp_path / "xdg-config" / "autostart" / autostart.FILE_NAME
    assert entry.is_file() and "--tray" in entry.read_text(encoding="utf-8")
    assert str(journal.folder) in entry.read_text(encoding="utf-8")
    box.autostart.click()
    assert not entry.exists()


def test_start_with_the_desktop_is_ticked_only_for_the_journal_it_starts(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    autostart.enable(autostart.launch_command(tmp_path / "another journal"))
    box = _settings(qtbot, journal)
    assert not box.autostart.isChecked()  # the entry there starts another folder's journal
    box.autostart.click()  # one entry per person: this journal's now
    assert autostart.starts(journal.folder)
    box.hide()
    box.show()
    assert box.autostart.isChecked()


def test_a_demonstration_journal_cannot_start_with_the_desktop(qtbot: QtBot, journal: Journal) -> None:
    box = _settings(qtbot, journal)
    box.throwaway()  # journal --demo: its folder is deleted when the window closes
    assert not box.autostart.isEnabled() and not box.autostart.isChecked()
    assert "deleted when its window closes" in box.autostart.toolTip()
    box.hide()
    box.show()  # shown again: still off, whatever is on disk
    assert not box.autostart.isChecked()
    assert not autostart.enabled()


def test_settings_show_what_the_terminal_set(qtbot: QtBot, journal: Journal) -> None:
    box = _settings(qtbot, journal)
    journal.reminders.set(ReminderKind.BREAK_CHECKIN, at=time(20, 15))  # `journal remind set`, meanwhile
    box.hide()
    box.show()
    row = box.rows[ReminderKind.BREAK_CHECKIN]
    assert row.on.isChecked() and row.time.time() == QTime(20, 15)
    assert row.next.text() == "Only during a break"


# -- due, once, snoozed, off ------------------------------------------------------------------


def test_due_at_its_time_once_then_snoozed_from_the_tray(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    journal.reminders.set(DAILY, at=time(21, 0))
    presence.refresh()
    assert shown(presence) == []
    clock.now = EVENING - timedelta(seconds=1)
    presence.refresh()
    assert shown(presence) == []
    clock.now = EVENING
    presence.scheduler.tick()
    assert shown(presence) == [
        (
            "daily-checkin",
            "Evening check-in",
            "Anything to log today? Open the journal to see today's entries and add what is missing.",
        )
    ]
    presence.refresh()
    presence.scheduler.tick()
    assert len(shown(presence)) == 1  # once
    written(qtbot)
    assert journal.reminders.get(DAILY).handled == EVENING
    menu = presence.due_menus[DAILY]
    assert menu.title() == "Evening check-in is due"
    assert [a.text() for a in menu.actions()] == [
        "Check in…",
        "Snooze 1 hour",
        "Snooze until tomorrow",
        "Don't remind me about this",
    ]
    next(a for a in menu.actions() if a.text() == "Snooze 1 hour").trigger()
    written(qtbot)
    assert journal.reminders.get(DAILY).snoozed_until == EVENING + timedelta(hours=1)
    assert DAILY not in presence.due_menus
    clock.now = EVENING + timedelta(minutes=59)
    presence.refresh()
    assert len(shown(presence)) == 1
    clock.now = EVENING + timedelta(hours=1)
    presence.refresh()
    assert len(shown(presence)) == 2
    next(a for a in presence.due_menus[DAILY].actions() if a.text() == "Snooze until tomorrow").trigger()
    written(qtbot)
    assert journal.reminders.get(DAILY).snoozed_until == EVENING + timedelta(days=1)
    clock.now = EVENING + timedelta(days=1)
    presence.refresh()
    assert len(shown(presence)) == 3  # tomorrow's own time and the snooze: once


def test_don_t_remind_me_turns_it_off(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    journal.reminders.set(DAILY, at=time(21, 0))
    clock.now = EVENING
    presence.refresh()
    next(a for a in presence.due_menus[DAILY].actions() if a.objectName() == "off").trigger()
    written(qtbot)
    assert not journal.reminders.get(DAILY).on
    assert presence.fallbacks[-1][2].startswith("Evening check-in: turned off.")
    clock.now += timedelta(days=1)
    presence.refresh()
    assert len(shown(presence)) == 2  # the reminder, then the word that it is off; nothing since


def test_missed_while_the_computer_was_off_comes_once_at_the_next_start(
    qtbot: QtBot, data_dir: Path, clock: FakeClock
) -> None:
    first = Journal.open(data_dir, zone=ZONE, clock=clock)
    first.reminders.set(DAILY, at=time(21, 0))
    first.reminders.mark_shown(DAILY, EVENING)  # shown on the evening of the 10th
    first.close()
    clock.now = EVENING + timedelta(days=5, hours=12)  # started again five days later, in the morning
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        window = MainWindow(journal)
        qtbot.addWidget(window)
        presence = Presence(window, tray=True)
        assert shown(presence) == [
            (
                "daily-checkin",
                "Evening check-in",
                "Anything to log today? Open the journal to see today's entries and add what is missing. "
                "(It was due while the computer was off or asleep.)",
            )
        ]
        presence.refresh()
        written(qtbot)
        assert len(shown(presence)) == 1
        assert journal.reminders.get(DAILY).handled == clock.now
    finally:
        QApplication.instance().setQuitOnLastWindowClosed(True)  # type: ignore[union-attr]
        window.close()
        journal.close()


def test_opening_the_evening_check_in_lists_today_and_adds_what_is_missing(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    journal.reminders.set(DAILY, at=time(21, 0))
    journal.log_intake(IntakeDraft("3", Moment.from_utc(clock.now, ZONE)))
    clock.now = EVENING
    presence.refresh()
    presence.chosen("daily-checkin", "default")  # the notification clicked
    daily = presence.dialog
    assert isinstance(daily, DailyCheckin) and daily.isVisible()
    assert [daily.entries.item(i).text() for i in range(daily.entries.count())] == [
        "13:00  Intake: 3 g leaf powder"
    ]
    assert DAILY not in presence.pending
    daily.symptom_button.click()
    checkin = presence.dialog
    assert isinstance(checkin, SymptomCheckin)
    qtbot.keyClicks(checkin.row("nausea").severity, "1")
    with qtbot.waitSignal(checkin.saved):
        checkin.save_button.click()
    qtbot.waitUntil(lambda: daily.entries.count() == 2)  # the list shows what was added
    assert daily.entries.item(1).text() == "21:00  Symptom check-in: Nausea mild"


def test_the_weekly_and_the_break_reminders_open_their_check_ins(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    assert isinstance(presence.open_reminder(ReminderKind.WEEKLY_PAIN), PainCheckin)
    journal.start_break(None)
    presence.refresh()
    checkin = presence.open_reminder(ReminderKind.BREAK_CHECKIN)
    assert isinstance(checkin, SymptomCheckin)
    assert checkin.focusWidget() is checkin.row("cravings").severity


def test_locked_the_reminder_says_only_that_a_check_in_is_due(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    journal.change_passphrase("correct horse battery")
    journal.reminders.set(DAILY, at=time(21, 0))
    journal.reminders.change_tray_choices(details_in_notifications=True)
    presence.refresh()
    presence.lock()
    qtbot.waitUntil(lambda: journal.locked)
    clock.now = EVENING
    presence.refresh()  # the minute's tick: nothing can be read, the scheduler goes on
    assert shown(presence) == [("daily-checkin", "Kratom Journal", "A check-in is due.")]
    locked_menu = presence.menu.findChild(type(presence.menu), "locked-due")
    assert locked_menu is not None and locked_menu.title() == "A check-in is due"
    next(a for a in locked_menu.actions() if a.text() == "Snooze 1 hour").trigger()
    assert tasks.writes_pending() is False  # waits for the key
    assert presence.scheduler.waiting
    presence.window.locker.screen.passphrase.setText("correct horse battery")
    presence.window.locker.screen.try_unlock()
    written(qtbot)
    assert journal.reminders.get(DAILY).snoozed_until == EVENING + timedelta(hours=1)
    assert journal.reminders.get(DAILY).handled == EVENING
