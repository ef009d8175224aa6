"""Locking: Ctrl+L and idle time hide the journal; a passphrase, when there is one, unlocks it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.domain.entities import Settings
from journal.domain.errors import InvalidInput
from journal.service.journal import Journal
from journal.ui import lock
from journal.ui.dialogs.symptom_checkin import SymptomCheckin
from journal.ui.main_window import MainWindow
from tests.ui.saving import wait_saved

CTRL = Qt.KeyboardModifier.ControlModifier
SECRET = "correct horse battery"


def journal_hidden(window: MainWindow) -> bool:
    pages = (window.nav, window.today, window.log, window.history, window.charts, window.settings_page)
    return window.locker.screen.isVisible() and not any(page.isVisible() for page in pages)


@pytest.fixture
def encrypted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stands in for a passphrase-protected journal (the real one comes with SQLCipher)."""
    monkeypatch.setattr(Journal, "encrypted", property(lambda self: True))
    monkeypatch.setattr(Journal, "unlock", lambda self, attempt: attempt == SECRET)


def test_ctrl_l_hides_the_journal_and_the_button_shows_it(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(2)
    assert window.history.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert window.locker.locked
    assert journal_hidden(window)
    assert window.windowTitle() == lock.LOCKED_TITLE
    assert not window.statusBar().isVisible()
    screen = window.locker.screen
    assert not screen.asks_passphrase
    assert screen.show_button.isVisible()

    qtbot.mouseClick(screen.show_button, Qt.MouseButton.LeftButton)
    assert not window.locker.locked
    assert window.history.isVisible() and not screen.isVisible()
    assert window.windowTitle() == "Kratom Journal"
    assert window.statusBar().isVisible()


def test_every_action_but_quit_is_off_while_locked(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert window.quit_action.isEnabled()
    assert not window.lock_action.isEnabled()
    assert not window.log_intake_action.isEnabled()
    assert not any(action.isEnabled() for action in window.page_actions)
    qtbot.keyClick(window.locker.screen, Qt.Key.Key_3, CTRL)
    qtbot.keyClick(window.locker.screen, Qt.Key.Key_N, CTRL)
    assert window.locker.locked and window.pages.currentIndex() == 0

    qtbot.keyClick(window.locker.screen.show_button, Qt.Key.Key_Return)
    assert all(action.isEnabled() for action in window.page_actions)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.history.isVisible()


def test_an_open_dialog_is_hidden_while_locked_and_comes_back(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.dialog
    assert isinstance(dialog, SymptomCheckin) and dialog.isVisible()
    window.locker.idle.idle.emit()  # what the idle timer does; the dialog blocks Ctrl+L to the window
    assert window.locker.locked
    assert not dialog.isVisible()
    qtbot.mouseClick(window.locker.screen.show_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    dialog.close()


@pytest.mark.usefixtures("encrypted")
def test_a_wrong_passphrase_keeps_it_locked_and_the_right_one_unlocks(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    screen = window.locker.screen
    assert screen.asks_passphrase and screen.passphrase.isVisible()
    assert not screen.show_button.isVisible()

    qtbot.keyClicks(screen.passphrase, "wrong guess")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.locker.locked and journal_hidden(window)
    assert screen.error.isVisible()
    assert lock.WRONG_PASSPHRASE in screen.error.text()
    assert screen.passphrase.text() == ""

    qtbot.keyClicks(screen.passphrase, SECRET)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert not window.locker.locked
    assert window.today.isVisible()


@pytest.mark.usefixtures("encrypted")
def test_repeated_wrong_tries_pause_the_field(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    screen = window.locker.screen
    for guess in ("one", "two"):
        qtbot.keyClicks(screen.passphrase, guess)
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not screen.passphrase.isEnabled() and not screen.unlock_button.isEnabled()
    assert screen.try_unlock() is False  # nothing is tried while paused
    qtbot.waitUntil(screen.passphrase.isEnabled)
    qtbot.keyClicks(screen.passphrase, SECRET)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.locker.locked


def test_idle_time_from_settings_locks_the_window(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock, "MS_PER_MINUTE", 50)
    window.show_page(5)
    page = window.settings_page
    assert page.lock_after.currentText() == "Never"
    assert not window.locker.idle.timer.isActive()
    page.lock_after.setFocus()
    qtbot.keyClick(page.lock_after, Qt.Key.Key_Down)  # Never -> 1 minute
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, page)
    assert window.journal.settings.lock_after_min == 1
    assert window.locker.idle.timer.interval() == 50  # applied at once, no restart
    qtbot.waitUntil(lambda: window.locker.locked)
    assert journal_hidden(window)
    assert not window.locker.idle.timer.isActive()  # no lock over a lock

    qtbot.mouseClick(window.locker.screen.show_button, Qt.MouseButton.LeftButton)
    assert window.locker.idle.timer.isActive()


def test_input_restarts_the_idle_time(qtbot: QtBot, window: MainWindow) -> None:
    """One real minute: the timer is left to run down a second, then a key or click gives it all back."""
    idle = window.locker.idle
    idle.set_minutes(1)
    full = lock.MS_PER_MINUTE
    assert idle.timer.interval() == full
    qtbot.waitUntil(lambda: idle.timer.remainingTime() < full - 1000, timeout=3000)
    qtbot.keyClick(window.today, Qt.Key.Key_Shift)
    assert idle.timer.remainingTime() > full - 500
    qtbot.waitUntil(lambda: idle.timer.remainingTime() < full - 1000, timeout=3000)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton)
    assert idle.timer.remainingTime() > full - 500
    assert not window.locker.locked


def test_never_turns_idle_locking_off(window: MainWindow) -> None:
    window.locker.idle.set_minutes(5)
    assert window.locker.idle.timer.isActive()
    window.locker.idle.set_minutes(None)
    assert not window.locker.idle.timer.isActive()


def test_the_idle_setting_is_checked_and_kept_in_the_journal(journal: Journal) -> None:
    for wrong in (0, 241, -5):
        with pytest.raises(InvalidInput):
            Settings(lock_after_min=wrong)
    journal.save_settings(Settings(lock_after_min=240))
    assert journal.settings.lock_after_min == 240
    journal.save_settings(Settings())
    assert journal.settings.lock_after_min is None


def test_locking_an_encrypted_journal_drops_its_key_until_the_passphrase_derives_it_again(
    qtbot: QtBot, journal: Journal
) -> None:
    """The real thing, with SQLCipher: while locked nothing can read the file, not even the window."""
    from journal.domain import errors
    from journal.service.intakes import IntakeDraft
    from journal.ui.main_window import MainWindow

    journal.log_intake(IntakeDraft("2", journal.now(), notes="private"))
    journal.change_passphrase(SECRET)
    win = MainWindow(journal)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    qtbot.keyClick(win, Qt.Key.Key_L, CTRL)
    assert win.locker.locked and journal.locked
    with pytest.raises(errors.JournalLocked):
        journal.entries.intakes()
    screen = win.locker.screen
    qtbot.keyClicks(screen.passphrase, "wrong guess")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert win.locker.locked and journal.locked
    qtbot.waitUntil(screen.passphrase.isEnabled)
    qtbot.keyClicks(screen.passphrase, SECRET)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert not win.locker.locked and not journal.locked
    assert [i.notes for i in journal.entries.intakes()] == ["private"]
