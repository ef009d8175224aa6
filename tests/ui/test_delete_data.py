"""Deleting for good: a closed window leaves no deleted entry behind, and "Delete all my data" works."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.domain.entities import Kind
from journal.service.intakes import IntakeDraft
from journal.storage import engine as eng
from journal.ui.dialogs.delete_data import PHRASE, DeleteDataDialog
from journal.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
MARKER = "zq-window-marker-6e1f"


def folder_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def intake_rows(folder: Path) -> int:
    with closing(sqlite3.connect(folder / "journal.sqlite3")) as con:
        return int(con.execute("SELECT count(*) FROM intakes").fetchone()[0])


def test_closing_the_window_erases_what_was_deleted(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    journal = window.journal
    gone = journal.log_intake(IntakeDraft("2", journal.now(), notes=MARKER)).intake
    journal.log_intake(IntakeDraft("1", journal.now(), notes="kept"))
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.history.select_entry(Kind.INTAKE, gone.id or 0)
    qtbot.keyClick(window.history.table, Qt.Key.Key_Delete)
    assert [i.notes for i in journal.entries.intakes()] == ["kept"]
    assert intake_rows(data_dir) == 2  # soft: still undoable while the window is open
    assert MARKER.encode() in folder_bytes(data_dir)

    window.close()

    assert intake_rows(data_dir) == 1
    assert window.undo_stack.count() == 0
    assert MARKER.encode() not in folder_bytes(data_dir)


def open_dialog(qtbot: QtBot, window: MainWindow) -> DeleteDataDialog:
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    page = window.settings_page
    qtbot.mouseClick(page.delete_data_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(DeleteDataDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def seed(window: MainWindow, data_dir: Path) -> None:
    """A journal with a marked note, a backup of it, a lock file, and an export of the person's own."""
    journal = window.journal
    journal.log_intake(IntakeDraft("2", journal.now(), notes=MARKER))
    eng.backup(journal._store.engine, data_dir / "backups" / "journal-20260310T120000Z-manual.sqlite3")
    (data_dir / "journal.lock").write_text("")
    (data_dir / "my-export.json").write_text(MARKER)


def test_the_dialog_says_what_goes_and_what_stays(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    seed(window, data_dir)
    dialog = open_dialog(qtbot, window)
    text = dialog.explanation.text()
    for words in (
        "journal.sqlite3",
        "-wal",
        "-shm",
        "backups/",
        "(now 1 backup)",
        "settings",
        "journal.lock",
    ):
        assert words in text, words
    assert "exports and PDF summaries you saved elsewhere" in text
    assert "SSDs" in text and "cannot guarantee" in text
    dialog.reject()


def test_delete_is_enabled_only_by_the_exact_phrase_and_cancel_deletes_nothing(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    seed(window, data_dir)
    dialog = open_dialog(qtbot, window)
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClicks(dialog.phrase, PHRASE[:-1])
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClick(dialog.phrase, Qt.Key.Key_Return)  # Enter without the phrase does nothing
    assert dialog.isVisible() and (data_dir / "journal.sqlite3").exists()
    dialog.phrase.clear()
    qtbot.keyClicks(dialog.phrase, PHRASE.capitalize())
    assert not dialog.delete_button.isEnabled()
    dialog.phrase.clear()
    qtbot.keyClicks(dialog.phrase, PHRASE)
    assert dialog.delete_button.isEnabled()

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert {p.name for p in data_dir.iterdir()} >= {
        "journal.sqlite3",
        "journal.lock",
        "backups",
        "my-export.json",
    }
    assert len(window.journal.entries.intakes()) == 1  # still open and working
    assert window.isVisible()


def test_delete_removes_the_files_and_closes_the_window(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    seed(window, data_dir)
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.phrase, PHRASE)
    with qtbot.waitSignal(window.settings_page.data_erased):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    assert sorted(p.name for p in data_dir.iterdir()) == ["my-export.json"]
    assert (data_dir / "my-export.json").read_text() == MARKER
    done = dialog.result_text.text()
    assert "Your journal data was deleted" in done
    assert "backups/journal-20260310T120000Z-manual.sqlite3" in done and "journal.lock" in done
    assert dialog.close_button.isVisible()
    assert window.journal_erased

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    assert not window.isVisible()
    assert sorted(p.name for p in data_dir.iterdir()) == ["my-export.json"]  # closing wrote nothing back
