"""Export and import from the window: file dialogs, the import preview, and the messages shown."""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Connection

from journal.domain.batch import NewEntries
from journal.domain.entities import Form, Intake, Unit
from journal.domain.guidance import Guidance
from journal.domain.progress import Progress
from journal.domain.times import Moment
from journal.reports.export import ExportFormat
from journal.reports.export import export_journal as write_export
from journal.service.demo import generate, write_demo
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.storage import bulk
from journal.ui import tasks
from journal.ui.dialogs import transfer
from journal.ui.dialogs.transfer import EXPORT_FILTERS, ImportDialog, export_journal, import_journal
from journal.ui.tasks import BusyIndicator
from tests.conftest import ZONE, FakeClock

JSON_FILTER, CSV_FILTER = list(EXPORT_FILTERS)


@pytest.fixture(autouse=True)
def no_worker_left(journal: Journal) -> Iterator[None]:
    """Work still queued is finished before the journal closes; no worker thread outlives a test."""
    yield
    assert tasks.wait_for_idle(30_000)
    assert tasks.active_threads() == 0


@pytest.fixture
def parent(qtbot: QtBot) -> Iterator[QWidget]:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    yield widget


def shown(parent: QWidget) -> QMessageBox:
    """The one result message the action left open for the person to read."""
    boxes = [b for b in parent.findChildren(QMessageBox) if b.objectName() == "transfer-result"]
    assert len(boxes) == 1
    assert boxes[0].isVisible()
    return boxes[0]


def save_dialog(monkeypatch: pytest.MonkeyPatch, path: Path | None, chosen: str) -> list[tuple[object, ...]]:
    calls: list[tuple[object, ...]] = []

    def fake(*args: object, **kwargs: object) -> tuple[str, str]:
        calls.append(args)
        return (str(path) if path else "", chosen)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return calls


def open_dialog(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path) if path else "", ""))
    )


@pytest.mark.parametrize(
    ("chosen", "name", "written"), [(JSON_FILTER, "mine", "mine.json"), (CSV_FILTER, "mine.csv", "mine.zip")]
)
def test_export_writes_the_file_and_says_so(
    parent: QWidget,
    journal: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chosen: str,
    name: str,
    written: str,
) -> None:
    journal.log_intake(IntakeDraft("2,5", journal.now(), notes="Grüntee ☕"))
    calls = save_dialog(monkeypatch, tmp_path / name, chosen)
    result = export_journal(parent, journal)
    assert result == tmp_path / written
    assert calls and str(calls[0][2]).endswith("kratom-journal-2026-03-10.json"), "a dated name is offered"
    assert result.stat().st_mode & 0o777 == 0o600
    if written.endswith(".json"):
        assert json.loads(result.read_text())["intakes"][0]["notes"] == "Grüntee ☕"
    else:
        with zipfile.ZipFile(result) as archive:
            assert "intakes.csv" in archive.namelist()
    box = shown(parent)
    assert box.windowTitle() == "Journal exported"
    assert box.icon() is QMessageBox.Icon.Information
    assert "Exported 1 intake to" in box.text() and str(result) in box.text()


def test_cancelling_the_export_writes_nothing(
    parent: QWidget, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_dialog(monkeypatch, None, JSON_FILTER)
    assert export_journal(parent, journal) is None
    assert not [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def test_a_failed_export_says_why(
    parent: QWidget, journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_dialog(monkeypatch, tmp_path / "missing" / "journal.json", JSON_FILTER)
    assert export_journal(parent, journal) is None
    box = shown(parent)
    assert box.windowTitle() == "Export failed" and box.icon() is QMessageBox.Icon.Warning
    assert "No file was written." in box.text()


def test_export_runs_in_the_background_behind_a_progress_window(
    parent: QWidget, journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_dialog(monkeypatch, tmp_path / "mine.json", JSON_FILTER)
    gate = threading.Event()
    tasks.run_in_background(lambda: gate.wait(10), "Holding the worker")
    seen: dict[str, object] = {}

    def look() -> None:
        window = QApplication.activeModalWidget()
        assert window is not None
        busy = window.findChild(BusyIndicator)
        assert busy is not None
        seen.update(
            title=window.windowTitle(),
            sentence=busy.sentence.text(),
            written=(tmp_path / "mine.json").exists(),
        )
        gate.set()

    QTimer.singleShot(0, look)
    assert export_journal(parent, journal) == tmp_path / "mine.json"
    assert seen == {"title": "Exporting the journal", "sentence": "Writing mine.json…", "written": False}
    assert shown(parent).windowTitle() == "Journal exported"


@pytest.fixture
def export_file(tmp_path: Path) -> Path:
    """A year of demonstration entries, exported from another journal."""
    clock = FakeClock(datetime(2026, 3, 10, 12, tzinfo=UTC))
    source = Journal.open(tmp_path / "source", zone=ZONE, clock=clock)
    try:
        write_demo(source, generate(0.2, 2, clock.now, ZONE))
        path = tmp_path / "journal.json"
        write_export(source, path)
    finally:
        source.close()
    return path


def when_preview_opens(qtbot: QtBot, act: Callable[[ImportDialog], None]) -> dict[str, object]:
    """Once `exec()` shows the import dialog, wait for its preview, note what it shows, then `act`."""
    seen: dict[str, object] = {}

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ImportDialog)
        try:
            seen["reading"] = dialog.busy.sentence.text() if dialog.busy.busy else ""
            qtbot.waitUntil(lambda: dialog.plan is not None)
            seen["title"] = dialog.windowTitle()
            seen["summary"] = dialog.summary.text()
            seen["added"] = dialog.added_list.count()
            seen["first"] = dialog.added_list.item(0).text() if dialog.added_list.count() else ""
            seen["conflicts"] = [
                dialog.conflict_list.item(n).text() for n in range(dialog.conflict_list.count())
            ]
            seen["confirm"] = dialog.confirm_button.text()
            seen["confirm_enabled"] = dialog.confirm_button.isEnabled()
            act(dialog)
        finally:
            if dialog.isVisible() and not dialog.writing:
                dialog.reject()

    QTimer.singleShot(0, handle)
    return seen


def click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_import_previews_then_imports_on_confirm(
    qtbot: QtBot, parent: QWidget, journal: Journal, export_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_dialog(monkeypatch, export_file)
    seen = when_preview_opens(qtbot, lambda d: click(qtbot, d.confirm_button))
    assert journal.entries.intakes() == []
    result = import_journal(parent, journal)
    assert result is not None
    n = result.added["intakes"]
    assert n > 10 and len(journal.entries.intakes()) == n
    assert seen["reading"] == "Reading journal.json…", "the file is read in the background"
    assert seen["title"] == "Import preview"
    assert str(seen["summary"]).startswith(f"Will add: 5 products, {n:,} intakes")
    assert seen["confirm"] == f"Import {result.plan.added_total:,} entries" and seen["confirm_enabled"]
    assert str(seen["first"]).startswith("product ")
    box = shown(parent)
    assert box.windowTitle() == "Import finished"
    assert f"Imported 5 products, {n:,} intakes" in box.text()


def test_import_preview_shows_conflicts_and_cancel_writes_nothing(
    qtbot: QtBot, parent: QWidget, journal: Journal, export_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_dialog(monkeypatch, export_file)
    when_preview_opens(qtbot, lambda d: click(qtbot, d.confirm_button))
    assert import_journal(parent, journal) is not None
    for box in parent.findChildren(QMessageBox):
        box.close()
    first = journal.entries.intakes()[0]
    journal._store.update_intake(replace(first, notes="changed here"))
    journal.log_intake(IntakeDraft("1", Moment.from_utc(journal.clock() - timedelta(minutes=5), ZONE)))
    before = len(journal.entries.intakes())

    seen = when_preview_opens(qtbot, lambda d: click(qtbot, d.cancel_button))
    assert import_journal(parent, journal) is None
    assert str(seen["summary"]).startswith("Nothing new to add.\nAlready in the journal, skipped: 5 products")
    assert not seen["confirm_enabled"], "nothing to import: only Close"
    conflicts = seen["conflicts"]
    assert isinstance(conflicts, list) and len(conflicts) == 1
    assert "notes: “changed here” in the journal" in conflicts[0]
    assert len(journal.entries.intakes()) == before
    assert journal.entries.intake(first.id or 0).notes == "changed here"


@pytest.fixture
def import_dialog(qtbot: QtBot) -> Callable[[Journal, Path], ImportDialog]:
    def make(journal: Journal, path: Path) -> ImportDialog:
        dialog = ImportDialog(journal, path)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


def test_a_bad_file_is_explained_in_the_dialog_and_nothing_is_imported(
    qtbot: QtBot, journal: Journal, tmp_path: Path, import_dialog: Callable[[Journal, Path], ImportDialog]
) -> None:
    bad = tmp_path / "intakes.csv"
    bad.write_bytes(b"time_utc,amount\n2026-03-01T07:00:00Z,2\n2026-03-01T08:00:00Z,K\xe4\n")
    dialog = import_dialog(journal, bad)
    with qtbot.waitSignal(dialog.problem) as signal:
        pass  # the outcome arrives by a queued signal, so only once this waits
    message = str(signal.args[0])
    assert message.startswith("Cannot import this file: ")
    assert "intakes.csv: line 3, column 23: byte 0xE4 is not UTF-8" in message
    assert message.endswith("Nothing was imported.")
    assert dialog.error.isVisibleTo(dialog) and message in dialog.error.text()
    assert not dialog.confirm_button.isEnabled() and dialog.cancel_button.text() == "Close"
    assert not dialog.busy.isVisibleTo(dialog)
    assert journal.entries.intakes() == []


def test_a_failed_import_changes_nothing_and_says_why(
    qtbot: QtBot,
    journal: Journal,
    export_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    import_dialog: Callable[[Journal, Path], ImportDialog],
) -> None:
    real = bulk.insert_entries

    def half_then_fail(
        con: Connection, new: NewEntries, guidance: Guidance | None = None, progress: Progress | None = None
    ) -> None:
        real(con, new, guidance, progress)  # everything is inserted, then the disk gives up before the commit
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(bulk, "insert_entries", half_then_fail)
    dialog = import_dialog(journal, export_file)
    qtbot.waitUntil(lambda: dialog.plan is not None)
    with qtbot.waitSignal(dialog.problem) as signal:
        click(qtbot, dialog.confirm_button)
        assert dialog.writing and not dialog.cancel_button.isEnabled()
        assert dialog.busy.sentence.text().startswith("Importing ")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible(), "the window waits for the write"
    assert signal.args[0] == "The journal could not be written: disk I/O error.\n\nNothing was imported."
    assert dialog.isVisible() and dialog.error.isVisibleTo(dialog)
    assert journal.entries.intakes() == [] and journal.products.all() == []
    assert dialog.imported is None
    assert dialog.confirm_button.isEnabled(), "a write error may pass: trying again is allowed"


def test_closing_while_the_file_is_read_drops_the_reading(
    qtbot: QtBot, journal: Journal, export_file: Path, import_dialog: Callable[[Journal, Path], ImportDialog]
) -> None:
    gate = threading.Event()
    tasks.run_in_background(lambda: gate.wait(10), "Holding the worker")
    dialog = import_dialog(journal, export_file)
    assert dialog.busy.busy and not dialog.confirm_button.isEnabled()
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    heard: list[object] = []
    dialog.previewed.connect(heard.append)
    gate.set()
    assert tasks.wait_for_idle(30_000)
    qtbot.waitUntil(lambda: not tasks._live)
    assert heard == [] and dialog.plan is None and journal.entries.intakes() == []


def test_cancelling_the_file_dialog_does_nothing(
    parent: QWidget, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_dialog(monkeypatch, None)
    assert import_journal(parent, journal) is None
    assert not parent.findChildren(QMessageBox)


def test_preview_widgets_have_names(
    qtbot: QtBot, journal: Journal, export_file: Path, import_dialog: Callable[[Journal, Path], ImportDialog]
) -> None:
    dialog = import_dialog(journal, export_file)
    with qtbot.waitSignal(dialog.previewed):
        pass
    for widget in (dialog.added_list, dialog.summary, dialog.confirm_button, dialog.heading, dialog.busy):
        assert widget.accessibleName()
    assert dialog.added_list.count() <= transfer.PREVIEW_ITEMS + 1


@pytest.fixture(scope="module")
def big_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[ExportFormat, Path]:
    """A journal of 12,000 intakes (four years of eight a day), exported both ways."""
    folder = tmp_path_factory.mktemp("big")
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    source = Journal.open(folder / "source", zone=ZONE, clock=FakeClock(now))
    try:
        step = timedelta(hours=3)
        intakes = [
            Intake(
                Moment.from_utc(now - step * (n + 1), ZONE),
                Decimal(1 + n % 4),
                Unit.G,
                Form.POWDER,
                (1 + n % 4) * 1000,
                created=now - step * n,
            )
            for n in range(12_000)
        ]
        source.transfer.fill_empty(NewEntries(intakes=intakes), "a test journal starts empty")
        paths = {fmt: folder / f"journal{fmt.suffix}" for fmt in ExportFormat}
        for fmt, path in paths.items():
            write_export(source, path, fmt)
    finally:
        source.close()
    return paths


def rises_to_the_end(values: list[int]) -> None:
    """The bar went up in many small steps, never back, and was full only at the end."""
    assert values and values[-1] == BusyIndicator.STEPS
    assert values == sorted(values) and values.count(BusyIndicator.STEPS) == 1
    assert len(set(values)) >= 10, f"the bar jumped instead of following the work: {values}"
    assert max(b - a for a, b in itertools.pairwise([0, *values])) <= BusyIndicator.STEPS * 0.35


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_the_import_bar_moves_with_the_reading_and_the_writing(
    qtbot: QtBot,
    journal: Journal,
    big_exports: dict[ExportFormat, Path],
    import_dialog: Callable[[Journal, Path], ImportDialog],
    fmt: ExportFormat,
) -> None:
    gate = threading.Event()
    tasks.run_in_background(lambda: gate.wait(10), "Holding the worker")
    dialog = import_dialog(journal, big_exports[fmt])
    bar = dialog.busy.bar
    assert dialog.busy.isVisibleTo(dialog) and bar.maximum() == 0, "busy, not yet a share, before work starts"
    reading: list[int] = []
    bar.valueChanged.connect(reading.append)
    with qtbot.waitSignal(dialog.previewed, timeout=60_000):
        gate.set()
    rises_to_the_end([v for v in reading if v >= 0])
    assert not dialog.busy.isVisibleTo(dialog)

    writing: list[int] = []
    bar.valueChanged.disconnect(reading.append)
    bar.valueChanged.connect(writing.append)
    counts: list[int] = []
    bar.valueChanged.connect(lambda _v: counts.append(len(journal.entries.intakes())))
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        click(qtbot, dialog.confirm_button)
        assert bar.maximum() == 0 and dialog.busy.sentence.text().startswith("Importing 12,000 entries")
    rises_to_the_end([v for v in writing if v >= 0])
    assert set(counts) == {0}, "one transaction: nothing shows in the journal while the bar moves"
    assert dialog.imported is not None and len(journal.entries.intakes()) == 12_000
