"""The clinician summary dialog: pick a period and options, save the PDF."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from journal.domain.times import Moment
from journal.service import IntakeDraft, Journal
from journal.ui.main_window import MainWindow
from journal.ui.report_dialog import ReportDialog
from tests.conftest import FakeClock


def test_save_a_summary_with_a_name_and_no_notes(
    qtbot: QtBot, journal: Journal, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = Moment.from_utc(clock.now - timedelta(days=2), journal.zone)
    journal.log_intake(IntakeDraft("4.5", at, notes="secret-note-text"))
    dialog = ReportDialog(journal)
    qtbot.addWidget(dialog)
    dialog.period.setCurrentIndex(0)  # last 30 days
    start, end = dialog.dates()
    assert (end - start).days == 29 and not dialog.start.isEnabled()
    dialog.name.setText("Zoë Ørsted")  # QTest cannot type non-Latin-1 keys
    dialog.notes.setChecked(False)
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    with qtbot.waitSignal(dialog.saved):
        dialog.choose_and_save()
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Zoë Ørsted" in text and "secret-note-text" not in text
    assert "Saved" in dialog.status.text()


def test_custom_period_ending_before_it_starts_is_refused(qtbot: QtBot, journal: Journal) -> None:
    dialog = ReportDialog(journal)
    qtbot.addWidget(dialog)
    dialog.period.setCurrentIndex(3)
    assert dialog.start.isEnabled()
    dialog.start.setDate(QDate(2026, 3, 5))
    dialog.end.setDate(QDate(2026, 3, 1))
    assert dialog.choose_and_save() is None
    assert dialog.error.isVisibleTo(dialog) and "before its start" in dialog.error.text()


def test_menu_shortcut_opens_it(qtbot: QtBot, window: MainWindow) -> None:
    action = next(a for a in window.actions() if a.text().startswith("Clinician"))
    assert "Ctrl+P" in action.toolTip()
    action.trigger()
    assert isinstance(window.dialog, ReportDialog)
    window.dialog.close()
