"""The clinician summary dialog: pick a period and options, preview the PDF, save exactly what was seen."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from journal.domain.times import Moment
from journal.reports.pdf_appendix import Appendix
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui import tasks
from journal.ui.dialogs.report import ReportDialog
from journal.ui.main_window import MainWindow
from tests.conftest import FakeClock


@pytest.fixture(autouse=True)
def no_worker_left(journal: Journal) -> Iterator[None]:
    """Work still queued is finished before the journal closes; no worker thread outlives a test."""
    yield
    assert tasks.wait_for_idle(30_000)
    assert tasks.active_threads() == 0


@pytest.fixture
def dialog(qtbot: QtBot, journal: Journal, clock: FakeClock) -> ReportDialog:
    at = Moment.from_utc(clock.now - timedelta(days=2), journal.zone)
    journal.log_intake(IntakeDraft("4.5", at, notes="secret-note-text"))
    dialog = ReportDialog(journal)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def preview(qtbot: QtBot, dialog: ReportDialog) -> int:
    """Press Enter as a person would, and wait until the pages are on show."""
    with qtbot.waitSignal(dialog.previewed, timeout=60_000) as shown:
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    pages = shown.args[0]
    assert isinstance(pages, int)
    return pages


def choose_file(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))


def test_preview_then_save_writes_the_previewed_file(
    qtbot: QtBot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog.period.setCurrentIndex(0)  # last 30 days
    start, end = dialog.dates()
    assert (end - start).days == 29 and not dialog.start.isEnabled()
    dialog.name.setText("Zoë Ørsted")  # QTest cannot type non-Latin-1 keys
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Space)
    assert not dialog.notes.isChecked()
    assert not dialog.save_button.isEnabled(), "nothing to save before a preview"

    pages = preview(qtbot, dialog)
    shown = dialog.previewed_file
    assert shown is not None and shown.parent == dialog.preview_folder
    assert pages == len(PdfReader(shown).pages) == dialog.preview.page_count
    assert dialog.preview.page_label.text() == f"Page 1 of {pages}"
    assert dialog.save_button.isEnabled() and not dialog.stale.isVisibleTo(dialog)

    target = tmp_path / "summary.pdf"
    choose_file(monkeypatch, target)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == shown.read_bytes(), "exactly the previewed file"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".summary")] == [], "no temp file left"
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Zoë Ørsted" in text and "secret-note-text" not in text
    assert dialog.status.text().startswith(f"Saved {target}.")
    # "Open it", under the status, is reached with Tab from the last option and opens with Enter.
    assert dialog.open_saved_button.isVisible()
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog.appendix.setFocus()
    for _ in range(5):
        if QApplication.focusWidget() is dialog.open_saved_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.open_saved_button
    qtbot.keyClick(dialog.open_saved_button, Qt.Key.Key_Return)
    assert opened == [str(target)]


def test_every_previewed_page_shows_its_content(qtbot: QtBot, dialog: ReportDialog) -> None:
    pages = preview(qtbot, dialog)
    blank = []
    for number in range(1, pages + 1):
        dialog.preview.go_to(number)
        qtbot.waitUntil(lambda n=number: n in dialog.preview.rendered_pages())  # type: ignore[misc]
        pixmap = dialog.preview._pages[number - 1].pixmap
        assert pixmap is not None
        image = pixmap.toImage().scaledToWidth(200, Qt.TransformationMode.SmoothTransformation)
        ink = sum(
            1
            for x in range(image.width())
            for y in range(image.height())
            if QColor(image.pixel(x, y)).lightness() < 160
        )
        if ink < 100:
            blank.append(number)
    assert blank == []


def test_the_preview_is_private_and_removed_on_close(qtbot: QtBot, dialog: ReportDialog) -> None:
    preview(qtbot, dialog)
    folder = dialog.preview_folder
    assert folder is not None and folder.stat().st_mode & 0o777 == 0o700
    first = dialog.previewed_file
    dialog.name.setText("A")
    preview(qtbot, dialog)
    assert first is not None and not first.exists(), "an older preview is removed when a new one shows"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert tasks.wait_for_idle(10_000)
    assert not folder.exists()


def test_changing_an_option_marks_the_preview_out_of_date(
    qtbot: QtBot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview(qtbot, dialog)
    with_notes = dialog.previewed_file
    assert with_notes is not None
    assert "secret-note-text" in "".join(p.extract_text() for p in PdfReader(with_notes).pages)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Space)
    assert dialog.is_stale and dialog.stale.isVisibleTo(dialog)
    assert not dialog.save_button.isEnabled(), "Save would not save what the options say"
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Space)
    assert not dialog.is_stale and dialog.save_button.isEnabled(), "back as previewed"
    qtbot.keyClicks(dialog.name, "Sam")
    assert dialog.stale.isVisibleTo(dialog)

    preview(qtbot, dialog)  # made again on request
    assert not dialog.stale.isVisibleTo(dialog) and dialog.save_button.isEnabled()
    target = tmp_path / "sam"
    choose_file(monkeypatch, target)
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = tmp_path / "sam.pdf"
    assert dialog.last_saved == saved
    assert "Sam" in PdfReader(saved).pages[0].extract_text()


def test_buttons_are_disabled_while_the_summary_is_written(qtbot: QtBot, dialog: ReportDialog) -> None:
    gate = threading.Event()
    tasks.run_in_background(lambda: gate.wait(10), "Holding the worker")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.busy.isVisibleTo(dialog) and dialog.busy.sentence.text().startswith("Writing the summary")
    assert not dialog.preview_button.isEnabled() and not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.previewed, timeout=60_000):
        gate.set()
    assert dialog.preview_button.isEnabled() and not dialog.busy.isVisibleTo(dialog)


def test_closing_while_the_summary_is_written_is_safe(qtbot: QtBot, dialog: ReportDialog) -> None:
    gate = threading.Event()
    tasks.run_in_background(lambda: gate.wait(10), "Holding the worker")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    folder = dialog.preview_folder
    assert folder is not None and dialog.busy.busy
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible(), "closes at once"
    heard: list[int] = []
    dialog.previewed.connect(heard.append)
    gate.set()
    assert tasks.wait_for_idle(60_000)
    qtbot.waitUntil(lambda: not tasks._live)
    assert heard == [] and dialog.previewed_file is None, "the late result is dropped"
    assert not folder.exists(), "the folder goes once the write into it is done"


def test_a_write_that_fails_is_explained(
    qtbot: QtBot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview(qtbot, dialog)
    choose_file(monkeypatch, tmp_path / "missing" / "summary.pdf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog))
    assert "could not be saved" in dialog.error.text() and "Nothing was saved there." in dialog.error.text()
    assert dialog.save_button.isEnabled(), "try again elsewhere"


def test_custom_period_ending_before_it_starts_is_refused(qtbot: QtBot, dialog: ReportDialog) -> None:
    dialog.period.setCurrentIndex(3)
    assert dialog.start.isEnabled()
    dialog.start.setDate(QDate(2026, 3, 5))
    dialog.end.setDate(QDate(2026, 3, 1))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisibleTo(dialog) and "before its start" in dialog.error.text()
    assert not dialog.busy.busy and dialog.preview_folder is None


def test_menu_shortcut_opens_it(qtbot: QtBot, window: MainWindow) -> None:
    action = next(a for a in window.actions() if a.text().startswith("Clinician"))
    assert "Ctrl+P" in action.toolTip()
    action.trigger()
    assert isinstance(window.dialog, ReportDialog)
    assert window.dialog.preview_button.isDefault()
    window.dialog.close()


def test_the_raw_entries_are_added_only_when_chosen(qtbot: QtBot, dialog: ReportDialog) -> None:
    preview(qtbot, dialog)
    assert dialog.previewed_file is not None
    without = "".join(p.extract_text() for p in PdfReader(dialog.previewed_file).pages)
    assert "Appendix: the entries of the period" not in without, "off by default"

    dialog.appendix.setFocus()
    qtbot.keyClick(dialog.appendix, Qt.Key.Key_Down)  # every entry, without "none" ratings
    assert dialog.appendix.currentData() == Appendix.RATED
    assert dialog.is_stale and not dialog.save_button.isEnabled(), "the preview no longer matches"
    preview(qtbot, dialog)
    assert dialog.previewed_file is not None
    text = "".join(p.extract_text() for p in PdfReader(dialog.previewed_file).pages)
    assert "Appendix: the entries of the period" in text and "symptom ratings of none left out" in text
    assert "4.5 g" in text.split("Appendix: the entries of the period")[1], "the intake is listed"


def test_the_period_is_saved_as_a_fhir_record(
    qtbot: QtBot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog.period.setCurrentIndex(0)  # last 30 days
    start, end = dialog.dates()
    qtbot.keyClicks(dialog.name, "Sam Doe")
    target = tmp_path / "record"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(dialog.saved, timeout=60_000):
        qtbot.mouseClick(dialog.fhir_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "record.json"
    assert dialog.last_saved == saved and saved.stat().st_mode & 0o777 == 0o600
    bundle = json.loads(saved.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    resources = [entry["resource"] for entry in bundle["entry"]]
    (patient,) = (r for r in resources if r["resourceType"] == "Patient")
    assert patient["name"][0]["text"] == "Sam Doe"
    use = [
        r
        for r in resources
        if r["resourceType"] == "Observation" and r.get("valueQuantity", {}).get("unit") == "g"
    ]
    assert [o["valueQuantity"]["value"] for o in use] == [4.5], "the one day with use in the period"
    assert all(start.isoformat() <= o["effectiveDateTime"][:10] <= end.isoformat() for o in use)
    assert "secret-note-text" not in saved.read_text(encoding="utf-8"), "notes stay out"
    assert dialog.status.text().startswith("Wrote a FHIR record of 1 day with use")


def test_a_fhir_record_that_cannot_be_written_is_explained(
    qtbot: QtBot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "missing" / "record.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.fhir_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog))
    assert "The FHIR record could not be saved" in dialog.error.text()
    assert "Nothing was saved there." in dialog.error.text() and not target.parent.exists()
    assert dialog.fhir_button.isEnabled(), "try again elsewhere"
