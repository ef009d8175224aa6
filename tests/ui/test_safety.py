"""Backups, restore, the full check and the passphrase, driven from the window as a person would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from journal import paths
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.storage import backups, crypto
from journal.ui.dialogs.opening import open_journal
from journal.ui.dialogs.safety import SafetyBox
from journal.ui.main_window import MainWindow
from tests.conftest import FakeClock

PASS = "a good long passphrase"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def when_modal(*steps: Callable[[QWidget], None]) -> None:
    """Answer the next modal dialogs in turn, each step with the dialog as it appears."""
    pending = list(steps)

    def poke() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poke)
            return
        pending.pop(0)(dialog)
        if pending:
            QTimer.singleShot(20, poke)

    QTimer.singleShot(0, poke)


def ok(dialog: QWidget) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    QtBot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def yes(dialog: QWidget) -> None:
    assert isinstance(dialog, QMessageBox)
    QtBot.mouseClick(dialog.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def click(text: str) -> Callable[[QWidget], None]:
    def step(dialog: QWidget) -> None:
        (button,) = [b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == text]
        QtBot.mouseClick(button, Qt.MouseButton.LeftButton)

    return step


def type_into(*texts: str) -> Callable[[QWidget], None]:
    def step(dialog: QWidget) -> None:
        fields = [f for f in dialog.findChildren(QLineEdit) if f.echoMode() == QLineEdit.EchoMode.Password]
        for field, text in zip(fields, texts, strict=True):
            field.clear()
            QtBot.keyClicks(field, text)
        ok(dialog)

    return step


def log(journal: Journal, note: str) -> None:
    journal.log_intake(IntakeDraft("2", journal.now(), notes=note))


def notes(journal: Journal) -> list[str]:
    return sorted(i.notes for i in journal.entries.intakes())


def backed_up(data_dir: Path, clock: FakeClock) -> Path:
    """A closed journal with one entry ("safe") and a backup of it; returns the journal file."""
    j = Journal.open(data_dir, clock=clock)
    log(j, "safe")
    j.backups.take()
    j.close()
    return paths.db_path(data_dir)


def safety_of(window: MainWindow) -> SafetyBox:
    return window.settings_page.safety


def test_back_up_now_from_the_file_menu(qtbot: QtBot, window: MainWindow, journal: Journal) -> None:
    log(journal, "saved")
    assert journal.backups.all() == []
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL_SHIFT)
    (made,) = journal.backups.all()
    assert made.reason == "manual"
    assert made.path.name in safety_of(window).result.text()
    assert "Newest backup" in safety_of(window).backup_state.text()


def test_check_from_the_menu_says_healthy(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_C, CTRL_SHIFT)
    assert window.statusBar().currentMessage().startswith("The journal is healthy")


def test_restore_a_chosen_backup_and_the_pages_follow(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    log(journal, "in the backup")
    window.show_page(5)
    safety_of(window).backup_now()
    log(journal, "made later")
    when_modal(ok, yes)
    qtbot.mouseClick(safety_of(window).restore_button, Qt.MouseButton.LeftButton)
    assert notes(journal) == ["in the backup"]
    assert "Restored the backup" in safety_of(window).result.text()
    window.show_page(2)  # History reads the restored file when shown
    assert len(window.history.model.rows) == 1
    assert any(b.reason == "before-restore" for b in journal.backups.all())


def test_set_a_passphrase_refuses_a_mismatch_at_the_field_then_encrypts(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    log(journal, "private")
    window.show_page(5)
    safety = safety_of(window)
    assert safety.set_button.isVisible() and not safety.change_button.isVisible()
    seen: list[str] = []

    def mismatch(dialog: QWidget) -> None:
        type_into(PASS, PASS + "x")(dialog)
        assert dialog.isVisible()  # refused: the dialog stays, with the problem at the fields
        seen.append(dialog.error.text())  # type: ignore[attr-defined]
        type_into(PASS, PASS)(dialog)

    when_modal(mismatch)
    qtbot.mouseClick(safety.set_button, Qt.MouseButton.LeftButton)
    assert any("not the same" in text for text in seen)
    assert journal.encrypted and journal.verify_passphrase(PASS)
    assert crypto.is_encrypted(journal.path)
    assert safety.change_button.isVisible() and not safety.set_button.isVisible()
    log(journal, "after")  # the window goes on working on the encrypted file
    assert notes(journal) == ["after", "private"]


def test_start_asks_for_the_passphrase_and_says_when_it_is_wrong(
    qtbot: QtBot, data_dir: Path, clock: FakeClock
) -> None:
    j = Journal.open(data_dir, clock=clock)
    log(j, "secret")
    j.change_passphrase(PASS)
    j.close()
    seen: list[str] = []

    def wrong_then_right(dialog: QWidget) -> None:
        type_into("not it at all")(dialog)
        assert dialog.isVisible()
        seen.append(dialog.error.text())  # type: ignore[attr-defined]
        type_into(PASS)(dialog)

    when_modal(wrong_then_right)
    opened = open_journal(data_dir)
    assert opened is not None
    try:
        assert any("does not open" in text for text in seen)
        assert notes(opened) == ["secret"]
    finally:
        opened.close()


def test_start_on_a_damaged_file_offers_the_newest_good_backup(
    qtbot: QtBot, data_dir: Path, clock: FakeClock
) -> None:
    db = backed_up(data_dir, clock)
    damaged = b"not a journal any more\n" * 50
    db.write_bytes(damaged)
    when_modal(click("Restore this backup"))
    opened = open_journal(data_dir)
    assert opened is not None
    try:
        assert notes(opened) == ["safe"]
    finally:
        opened.close()
    (aside,) = (data_dir / "backups").glob("damaged-*")
    assert aside.read_bytes() == damaged


def test_quitting_instead_of_restoring_changes_nothing(
    qtbot: QtBot, data_dir: Path, clock: FakeClock
) -> None:
    db = backed_up(data_dir, clock)
    db.write_bytes(db.read_bytes()[:2000])
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    when_modal(click("Quit"))
    assert open_journal(data_dir) is None
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if not k.endswith("-users")} == {
        k: v for k, v in before.items() if not k.endswith("-users")
    }
    assert len(backups.list_backups(data_dir)) == 1


@pytest.fixture(autouse=True)
def _no_stray_dialogs() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.close()


def test_a_refused_write_anywhere_is_told_in_a_message(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from journal.domain.errors import FULL, WriteFailed
    from journal.ui.dialogs.opening import report_refused_writes

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    report_refused_writes(window)
    seen: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog.text())
        dialog.accept()

    when_modal(read)
    sys.excepthook(WriteFailed, WriteFailed(FULL), None)
    assert seen and "disk is full" in seen[0]


def _under_other_passphrase(path: Path, passphrase: str) -> None:
    """A backup made under another passphrase (as an older version's interrupted change left one)."""
    from journal.storage import rekey

    rekey.run(path.parent.parent, [rekey.Job(path, None)], crypto.Secret(passphrase).new_key())


def test_the_check_names_a_backup_the_passphrase_does_not_open_and_rekeys_it_with_its_own(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    log(journal, "kept")
    first, second = journal.backups.take(), journal.backups.take()
    _under_other_passphrase(first.path, "an older passphrase")
    window.show_page(5)
    safety = safety_of(window)
    assert not safety.attention.isVisible()
    qtbot.mouseClick(safety.check_button, Qt.MouseButton.LeftButton)
    assert (
        "1 of 2 backups open without a passphrase, like the journal; 1 does not (listed below)."
        in safety.result.text()
    )
    assert safety.attention.isVisible() and safety.mismatches.count() == 1
    assert "is encrypted with a passphrase, and the journal has none" in safety.mismatches.item(0).text()
    seen: list[str] = []

    def wrong_then_right(dialog: QWidget) -> None:
        type_into("not that one")(dialog)
        assert dialog.isVisible()
        seen.append(dialog.error.text())  # type: ignore[attr-defined]
        type_into("an older passphrase")(dialog)

    when_modal(wrong_then_right)
    qtbot.mouseClick(safety.rekey_button, Qt.MouseButton.LeftButton)
    assert any("does not open this backup" in text for text in seen)
    assert "is no longer encrypted, like the journal" in safety.result.text()
    assert not safety.attention.isVisible()
    assert not crypto.is_encrypted(first.path) and not crypto.is_encrypted(second.path)


def test_a_passphrase_change_counts_what_it_did_and_a_stray_backup_can_be_deleted(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    log(journal, "kept")
    stray, good = journal.backups.take(), journal.backups.take()
    _under_other_passphrase(stray.path, "an older passphrase")
    window.show_page(5)
    safety = safety_of(window)
    when_modal(type_into(PASS, PASS))
    qtbot.mouseClick(safety.set_button, Qt.MouseButton.LeftButton)
    assert safety.result.text() == (
        "The journal and 1 of its 2 backups are encrypted with the new passphrase; 1 is not, as said below."
    )
    assert safety.mismatches.count() == 1 and safety.attention.isVisible()
    assert "does not open with the journal's passphrase" in safety.mismatches.item(0).text()
    when_modal(yes)
    qtbot.mouseClick(safety.delete_button, Qt.MouseButton.LeftButton)
    assert not stray.path.exists() and good.path.exists()
    assert not safety.attention.isVisible()
    assert "Deleted the backup" in safety.result.text()
    assert all(s.problem is None for s in journal.backups.standing())
