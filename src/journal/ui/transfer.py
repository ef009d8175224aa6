"""Export and import from the window: choose a file, run, and say clearly what happened.

`export_journal` and `import_journal` are what the File menu calls. An import
first shows a preview (what will be added, what is already there and skipped,
what conflicts and is left as it is, what the file holds that the journal does
not take) and writes nothing until the person confirms.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import DBAPIError

from journal.reports.export import ExportFormat, describe_counts
from journal.reports.export import export_journal as write_export
from journal.reports.importing import ImportFileError, ImportPlan, ImportResult, apply_import, preview_import
from journal.service import Journal

EXPORT_FILTERS = {
    "Journal JSON: the whole journal, to move or keep (*.json)": ExportFormat.JSON,
    "CSV files for spreadsheets, in a zip (*.zip)": ExportFormat.CSV,
}
IMPORT_FILTER = "Journal exports and PsychonautWiki Journal exports (*.json *.zip *.csv);;All files (*)"
#: The preview lists at most this many entries to add; the counts above it are complete.
PREVIEW_ITEMS = 500


@contextmanager
def _busy() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def show_result(parent: QWidget, title: str, text: str, *, problem: bool = False) -> QMessageBox:
    """A message the person can read and copy; opened window-modal without blocking."""
    icon = QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("transfer-result")
    box.setAccessibleName(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _export_path(path: Path, fmt: ExportFormat) -> Path:
    """The name with the format's suffix: a zip for CSV files, .json for JSON."""
    if path.suffix.lower() == fmt.suffix:
        return path
    if fmt is ExportFormat.CSV and path.suffix.lower() == ".csv":
        return path.with_suffix(".zip")
    return path.with_name(path.name + fmt.suffix)


def export_journal(parent: QWidget, journal: Journal) -> Path | None:
    """Ask where and how to export, write the file, and show what was written (or why not)."""
    today = journal.now().local.date()
    start = Path.home() / f"kratom-journal-{today:%Y-%m-%d}.json"
    chosen, selected = QFileDialog.getSaveFileName(
        parent, "Export the journal", str(start), ";;".join(EXPORT_FILTERS)
    )
    if not chosen:
        return None
    path = Path(chosen)
    fmt = EXPORT_FILTERS.get(selected) or ExportFormat.for_path(path) or ExportFormat.JSON
    path = _export_path(path, fmt)
    try:
        with _busy():
            result = write_export(journal, path, fmt)
    except (OSError, DBAPIError, sqlite3.Error) as err:
        reason = getattr(err, "strerror", None) or err
        show_result(
            parent,
            "Export failed",
            f"The journal could not be exported to {path}: {reason}.\n\nNo file was written.",
            problem=True,
        )
        return None
    kind = (
        "JSON: the whole journal, which this app can import again."
        if fmt is ExportFormat.JSON
        else "CSV files in a zip, one per kind of entry (UTF-8), for spreadsheets."
    )
    show_result(
        parent,
        "Journal exported",
        f"Exported {describe_counts(result.counts)} to\n{result.path}\n\n{kind}\n"
        "The file is readable by you alone; keep it somewhere private.",
    )
    return result.path


class ImportPreview(QDialog):
    """What an import will do, before anything is written: added, skipped, conflicting."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Import preview")
        self.setAccessibleName("Import preview")
        self.setMinimumSize(640, 480)
        layout = QVBoxLayout(self)

        self.heading = _label(f"{plan.path.name}: {plan.source}.", "File")
        self.heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.heading)
        added = f"Will add: {describe_counts(plan.added)}." if plan.has_changes else "Nothing new to add."
        already = (
            f"Already in the journal, skipped: {describe_counts(plan.already)}."
            if any(plan.already.values())
            else ""
        )
        self.summary = _label("\n".join(t for t in (added, already) if t), "Summary")
        layout.addWidget(self.summary)

        shown = plan.added_items[:PREVIEW_ITEMS]
        more = len(plan.added_items) - len(shown)
        title = f"To be added ({len(plan.added_items):,})"
        self.added_list = _list("Entries to add", [*shown, *([f"… and {more:,} more"] if more else [])])
        layout.addWidget(_label(title, "To be added"))
        layout.addWidget(self.added_list, 2)

        n = len(plan.conflicts)
        self.conflict_list = _list("Conflicts", [c.text() for c in plan.conflicts])
        if n:
            layout.addWidget(
                _label(
                    f"Conflicts ({n:,}): in the journal with different content. The journal's version "
                    "is kept; nothing is overwritten.",
                    "Conflicts heading",
                )
            )
            layout.addWidget(self.conflict_list, 1)
        else:
            self.conflict_list.hide()

        self.notes_list = _list("Notes", list(plan.notes))
        if plan.notes:
            layout.addWidget(_label("Not imported, and other notes", "Notes heading"))
            layout.addWidget(self.notes_list, 1)
        else:
            self.notes_list.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        total = plan.added_total + plan.added.get("settings", 0)
        self.confirm_button: QPushButton = self.buttons.addButton(
            f"Import {total:,} entr{'y' if total == 1 else 'ies'}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setAccessibleName("Import")
        self.confirm_button.setToolTip("Add the entries listed above to the journal, in one step")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if not plan.has_changes:
            self.confirm_button.setEnabled(False)
            self.cancel_button.setText("Close")
        else:
            self.confirm_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


def _list(name: str, items: list[str]) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    widget.addItems(items)
    widget.setWordWrap(True)
    return widget


def import_journal(parent: QWidget, journal: Journal) -> ImportResult | None:
    """Choose a file, preview it, and import it once confirmed; show what happened.

    Returns the result when something was imported (the caller refreshes its
    pages), or None when the person cancelled or the file could not be used.
    """
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Import into the journal", str(Path.home()), IMPORT_FILTER
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        with _busy():
            plan = preview_import(journal, path)
    except ImportFileError as err:
        show_result(parent, "Cannot import this file", f"{err}\n\nNothing was imported.", problem=True)
        return None
    preview = ImportPreview(plan, parent)
    if preview.exec() != QDialog.DialogCode.Accepted or not plan.has_changes:
        return None
    try:
        with _busy():
            result = apply_import(journal, plan)
    except ImportFileError as err:
        show_result(parent, "Import not done", str(err), problem=True)
        return None
    except (DBAPIError, sqlite3.Error) as err:
        show_result(
            parent,
            "Import failed",
            f"The journal could not be written: {err}.\n\nNothing was imported.",
            problem=True,
        )
        return None
    text = result.summary()
    if plan.notes:
        text += "\n\n" + "\n".join(plan.notes)
    show_result(parent, "Import finished", text)
    return result
