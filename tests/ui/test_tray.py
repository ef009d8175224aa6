"""The tray, driven through its menu and tooltip objects (offscreen Qt has no system tray to click:
the icon is told there is one, and its menu's actions are triggered as a click would).

What only a real tray shows (the icon in a panel, the menu popping up, the balloon message) is
seen in the screenshots under Xvfb with a tray (scripts/screenshots.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from journal.domain.entities import Form, Product, Unit
from journal.domain.times import Moment
from journal.service import autostart
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui import tasks
from journal.ui.dialogs.breaks import EndBreakDialog, StartBreakDialog
from journal.ui.dialogs.delete_data import PHRASE, DeleteDataDialog
from journal.ui.main_window import MainWindow
from journal.ui.tray import LOCKED_TIP, WENT_TO_TRAY, Presence
from tests.conftest import FakeClock


@pytest.fixture
def presence(qtbot: QtBot, window: MainWindow) -> Iterator[Presence]:
    tray = Presence(window, tray=True)
    yield tray
    # The reminders' last writes go in before the journal closes (its fixture ends first).
    qtbot.waitUntil(lambda: not tasks.writes_pending(), timeout=30_000)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(True)  # as it was for the next test


def at(journal: Journal, clock: FakeClock, **ago: float) -> Moment:
    return Moment.from_utc(clock.now - timedelta(**ago), journal.zone)


def texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def settle(qtbot: QtBot, journal: Journal, presence: Presence) -> None:
    """Wait for the tray's own writes (reminders, choices), then read again."""
    qtbot.waitUntil(lambda: not tasks.writes_pending(), timeout=10_000)
    presence.refresh()


def test_tooltip_and_menu_say_where_things_stand_without_amounts_by_default(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    assert (
        presence.tooltip_text
        == "Kratom Journal\nNo dose logged yet · the last 24 h under the cited 12 to 15 g"
    )
    journal.log_intake(IntakeDraft("6.5", at(journal, clock, hours=14)))
    presence.window.refresh()  # what every save in the window ends with
    qtbot.waitUntil(lambda: "14 h 0 min since the last dose" in presence.tooltip_text)
    assert presence.tooltip_text == (
        "Kratom Journal\n14 h 0 min since the last dose · the last 24 h under the cited 12 to 15 g"
    )
    assert "6.5" not in " ".join(texts(presence.menu))
    journal.reminders.change_tray_choices(details_in_tray=True)
    presence.refresh()
    assert presence.tooltip_text.endswith(
        "14 h 0 min since the last dose · 6.5 g in the last 24 h, under the cited 12 to 15 g"
    )
    assert texts(presence.menu)[:2] == [
        "14 h 0 min since the last dose",
        "6.5 g in the last 24 h, under the cited 12 to 15 g",
    ]
    assert texts(presence.menu)[2:] == [
        "Log an intake…",
        "Symptom check-in…",
        "Pain check-in…",
        "Start a break…",
        "Open Kratom Journal",
        "Lock",
        "Quit",
    ]
    journal.log_intake(IntakeDraft("8", at(journal, clock, hours=1)))
    presence.refresh()
    assert presence.tooltip_text.endswith("14.5 g in the last 24 h, within the cited 12 to 15 g")


def test_read_once_a_minute_and_after_the_journal_s_own_writes(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    assert presence.minute.isActive() and presence.minute.interval() == 60_000
    journal.log_intake(IntakeDraft("3", at(journal, clock, hours=2)))
    reads = presence.reads
    for _ in range(3):  # several writes together: one read once the event loop is free
        presence.window.refresh()
    qtbot.waitUntil(lambda: presence.reads == reads + 1)
    QApplication.processEvents()
    assert presence.reads == reads + 1
    clock.now += timedelta(minutes=30)
    presence.show_texts()  # between reads the clock moves the time on, without reading
    assert presence.reads == reads + 1
    assert "2 h 30 min since the last dose" in presence.tooltip_text


def _presets(journal: Journal, clock: FakeClock, amount: str = "4") -> Product:
    caps = journal.products.add(Product("Red caps", usual_form=Form.CAPSULES, capsule_g=Decimal("0.5")))
    for days in (3, 2, 1):
        journal.log_intake(
            IntakeDraft(
                amount, at(journal, clock, days=days), Unit.CAPS, Form.CAPSULES, caps.id, confirm_large=True
            )
        )
    return caps


def test_a_preset_logged_from_the_tray_menu_through_the_window_s_save_path(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    _presets(journal, clock)
    presence.refresh()
    (action,) = presence.preset_actions
    assert action.text() == "Log your usual Red caps now"  # no amount in the tray unless allowed
    journal.reminders.change_tray_choices(details_in_tray=True)
    presence.refresh()
    (action,) = presence.preset_actions
    assert action.text() == "Log 4 Red caps now"  # the unit is the product's own word
    before = presence.window.undo_stack.count()
    action.trigger()
    qtbot.waitUntil(lambda: presence.window.undo_stack.count() == before + 1)  # undoable, like Today's
    last = journal.entries.last_intake()
    assert last is not None and last.leaf_mg == 2000 and last.at.utc == clock.now
    assert presence.window.statusBar().currentMessage().startswith("Logged 4 Red caps at 13:00.")
    # No notification service in tests: the tray's own message says it, with the guidance.
    qtbot.waitUntil(lambda: presence.fallbacks != [])
    assert presence.fallbacks == [("logged", "Kratom Journal", "Logged 4 Red caps at 13:00.")]


def test_an_unusual_preset_asks_before_it_logs(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    _presets(journal, clock, amount="150")  # 75 g of leaf: confirmed each time it was typed
    presence.refresh()
    count = len(journal.entries.intakes())
    presence.preset_actions[0].trigger()
    qtbot.waitUntil(
        lambda: isinstance(presence.window.dialog, QMessageBox) and presence.window.dialog.isVisible()
    )
    box = presence.window.dialog
    assert isinstance(box, QMessageBox)
    assert "unusually large" in box.informativeText()
    assert len(journal.entries.intakes()) == count  # nothing saved while it asks
    dont = next(b for b in box.buttons() if b.text() == "&Don't log")
    assert box.defaultButton() is dont  # Enter does not log it
    dont.click()
    QApplication.processEvents()
    assert not tasks.writes_pending() and len(journal.entries.intakes()) == count
    presence.preset_actions[0].trigger()
    qtbot.waitUntil(
        lambda: presence.window.dialog is not box and isinstance(presence.window.dialog, QMessageBox)
    )
    box = presence.window.dialog
    assert isinstance(box, QMessageBox)
    next(b for b in box.buttons() if b.text() == "&Log it").click()
    qtbot.waitUntil(lambda: len(journal.entries.intakes()) == count + 1)
    last = journal.entries.last_intake()
    assert last is not None and last.leaf_mg == 75_000


def test_start_and_end_a_break_from_the_tray(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    assert presence.break_action.text() == "Start a break…"
    presence.break_action.trigger()
    start = presence.dialog
    assert isinstance(start, StartBreakDialog) and start.isVisible()
    with qtbot.waitSignal(start.saved):
        start.save_button.click()
    qtbot.waitUntil(lambda: presence.break_action.text() == "End the break…")  # read after the write
    running = journal.entries.running_break()
    assert running is not None and running.planned_end == date(2026, 3, 17)
    clock.now += timedelta(days=2)
    presence.break_action.trigger()
    end = presence.dialog
    assert isinstance(end, EndBreakDialog)
    with qtbot.waitSignal(end.saved):
        end.end_button.click()
    qtbot.waitUntil(lambda: presence.break_action.text() == "Start a break…")
    assert journal.entries.running_break() is None


def test_lock_from_the_tray_shows_nothing_of_the_journal(
    qtbot: QtBot, journal: Journal, clock: FakeClock, presence: Presence
) -> None:
    journal.log_intake(IntakeDraft("6.5", at(journal, clock, hours=3)))
    journal.reminders.change_tray_choices(details_in_tray=True)
    presence.refresh()
    presence.lock_action.trigger()
    qtbot.waitUntil(lambda: presence.window.locker.locked)
    assert presence.tooltip_text == LOCKED_TIP
    assert texts(presence.menu) == ["Kratom Journal is locked", "Unlock…", "Quit"]
    reads = presence.reads
    presence.refresh()
    assert presence.reads == reads  # nothing is read while locked
    presence.unlock_action.trigger()
    assert presence.window.isVisible()
    presence.window.locker.screen.try_unlock()  # no passphrase: the button shows it again
    assert not presence.window.locker.locked
    assert "6.5 g in the last 24 h" in presence.tooltip_text


def test_closing_keeps_the_journal_in_the_tray_when_chosen_and_says_where_once(
    qtbot: QtBot, journal: Journal, presence: Presence
) -> None:
    window = presence.window
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    assert presence.keep_in_tray() is False  # off by default: closing closes
    journal.reminders.change_tray_choices(close_to_tray=True)
    presence.refresh()
    window.close()
    assert not window.isVisible() and closed == []
    assert presence.told_where == WENT_TO_TRAY
    settle(qtbot, journal, presence)
    assert journal.reminders.tray_choices().told_tray
    presence.told_where = ""
    presence.open_action.trigger()
    assert window.isVisible()
    window.close()
    assert presence.told_where == ""  # said once only
    presence.quit_action.trigger()  # Quit really closes
    assert closed == [True]


def test_without_a_tray_nothing_changes(qtbot: QtBot, journal: Journal, window: MainWindow) -> None:
    journal.reminders.change_tray_choices(close_to_tray=True)
    tray = Presence(window, tray=False)
    assert not tray.icon.isVisible()
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    window.close()
    assert closed == [True]  # the window closes as before


def test_file_quit_closes_even_with_the_tray(qtbot: QtBot, journal: Journal, presence: Presence) -> None:
    journal.reminders.change_tray_choices(close_to_tray=True)
    presence.refresh()
    closed: list[bool] = []
    presence.window.closed.connect(lambda: closed.append(True))
    presence.window.quit_action.trigger()
    assert closed == [True]


def test_delete_all_my_data_ends_the_tray_and_removes_its_autostart_entry(
    qtbot: QtBot, journal: Journal, presence: Presence
) -> None:
    journal.reminders.change_tray_choices(close_to_tray=True)
    presence.refresh()
    autostart.enable(autostart.launch_command(journal.folder))
    window = presence.window
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(window.settings_page.delete_data_button, Qt.MouseButton.LeftButton)
    dialog = window.settings_page.findChild(DeleteDataDialog)
    assert dialog is not None
    entry = str(autostart.entry_path())
    assert f"the entry that starts this journal with the desktop: <code>{entry}</code>" in (
        dialog.explanation.text()
    )
    qtbot.keyClicks(dialog.phrase, PHRASE)
    with qtbot.waitSignal(window.settings_page.data_erased):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert not presence.icon.isVisible()
    assert not presence.minute.isActive() and not presence.scheduler.timer.isActive()
    assert not autostart.enabled()  # it would start an empty journal at the next login
    assert f"<li><code>{entry}</code> (start with the desktop)</li>" in dialog.result_text.text()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert closed == [True]  # closed for good, not kept in the tray
