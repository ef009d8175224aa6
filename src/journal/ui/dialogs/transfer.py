"""Export and import from the window: choose a file, run, and say clearly what happened.

`export_journal` and `import_journal` are what the File menu calls. An import
first shows a preview (what will be added, what is already there and skipped,
what conflicts and is left as it is, what the file holds that the journal does
not take) and writes nothing until the person confirms. Reading, importing and
exporting run on the background worker (`journal.ui.tasks`) behind a busy bar;
the import's bar follows the work done (bytes read, entries compared, rows written).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
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

from journal.domain.errors import JournalFileError
from journal.reports.export import ExportFormat, describe_counts
from journal.reports.export import export_journal as write_export
from journal.reports.importing import ImportFileError, ImportPlan, ImportResult, apply_import, preview_import
from journal.service.failures import DATABASE_ERRORS
from journal.service.journal import Journal
from journal.ui.tasks import BusyIndicator, run_with_progress, sentence
from journal.ui.widgets.fields import error_label

EXPORT_FILTERS = {
    "Journal JSON: the whole journal, to move or keep (*.json)": ExportFormat.JSON,
    "CSV files for spreadsheets, in a zip (*.zip)": ExportFormat.CSV,
}
IMPORT_FILTER = "Journal exports and PsychonautWiki Journal exports (*.json *.zip *.csv);;All files (*)"
#: A file or the database refused: said as it is, nothing written.
_REFUSED: tuple[type[Exception], ...] = (OSError, *DATABASE_ERRORS)
#: The preview lists at most this many entries to add; the counts above it are complete.
PREVIEW_ITEMS = 500


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
        result = run_with_progress(
            parent, "Exporting the journal", f"Writing {path.name}…", lambda: write_export(journal, path, fmt)
        )
    except _REFUSED as err:
        show_result(
            parent,
            "Export failed",
            f"The journal could not be exported to {path}: {sentence(err)}\n\nNo file was written.",
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


class ImportDialog(QDialog):
    """One import, start to end: read the file, show what it will do, write it once confirmed.

    Reading and writing run in the background with a busy bar; a problem with the
    file or the write is told here, in this window, and nothing is imported.
    Closing while the file is read drops the reading; while the import is written,
    the window stays until the write is done (it is one transaction: all or nothing).
    """

    previewed = Signal(object)  # the ImportPlan on show
    problem = Signal(str)  # the message shown when the file cannot be used or written

    def __init__(self, journal: Journal, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.path = path
        self.plan: ImportPlan | None = None
        self.imported: ImportResult | None = None
        self.writing = False
        self.setWindowTitle("Import preview")
        self.setAccessibleName("Import preview")
        self.setMinimumSize(640, 480)
        layout = QVBoxLayout(self)

        self.heading = _label(f"{path.name}", "File")
        self.heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.heading)
        self.busy = BusyIndicator()
        layout.addWidget(self.busy)
        self.error = error_label("Import problem")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.error)
        self.summary = _label("", "Summary")
        layout.addWidget(self.summary)
        self.added_heading = _label("", "To be added")
        layout.addWidget(self.added_heading)
        self.added_list = _list("Entries to add", [])
        layout.addWidget(self.added_list, 2)
        self.conflict_heading = _label("", "Conflicts heading")
        layout.addWidget(self.conflict_heading)
        self.conflict_list = _list("Conflicts", [])
        layout.addWidget(self.conflict_list, 1)
        self.notes_heading = _label("Not imported, and other notes", "Notes heading")
        layout.addWidget(self.notes_heading)
        self.notes_list = _list("Notes", [])
        layout.addWidget(self.notes_list, 1)
        for widget in (
            self.summary,
            self.added_heading,
            self.added_list,
            self.conflict_heading,
            self.conflict_list,
            self.notes_heading,
            self.notes_list,
        ):
            widget.hide()
        layout.addStretch(0)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button: QPushButton = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setAccessibleName("Import")
        self.confirm_button.setToolTip("Add the entries listed above to the journal, in one step")
        self.confirm_button.setEnabled(False)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.busy.run(
            lambda: preview_import(journal, path, self.busy.progress),
            f"Reading {path.name}…",
            self._show_plan,
            self._read_failed,
            [self.confirm_button],
        )

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.heading.setText(f"{plan.path.name}: {plan.source}.")
        added = f"Will add: {describe_counts(plan.added)}." if plan.has_changes else "Nothing new to add."
        already = (
            f"Already in the journal, skipped: {describe_counts(plan.already)}."
            if any(plan.already.values())
            else ""
        )
        self.summary.setText("\n".join(t for t in (added, already) if t))
        self.summary.show()

        shown = plan.added_items[:PREVIEW_ITEMS]
        more = len(plan.added_items) - len(shown)
        self.added_heading.setText(f"To be added ({len(plan.added_items):,})")
        self.added_list.addItems([*shown, *([f"… and {more:,} more"] if more else [])])
        self.added_heading.show()
        self.added_list.show()

        if plan.conflicts:
            self.conflict_heading.setText(
                f"Conflicts ({len(plan.conflicts):,}): in the journal with different content. The journal's "
                "version is kept; nothing is overwritten."
            )
            self.conflict_list.addItems([c.text() for c in plan.conflicts])
            self.conflict_heading.show()
            self.conflict_list.show()
        if plan.notes:
            self.notes_list.addItems(list(plan.notes))
            self.notes_heading.show()
            self.notes_list.show()

        total = plan.added_total + plan.added.get("settings", 0)
        self.confirm_button.setText(f"Import {total:,} entr{'y' if total == 1 else 'ies'}")
        if plan.has_changes:
            self.confirm_button.setEnabled(True)
            self.confirm_button.setDefault(True)
        else:
            self.confirm_button.setEnabled(False)
            self.cancel_button.setText("Close")
        self.previewed.emit(plan)

    def _read_failed(self, error: BaseException) -> None:
        if isinstance(error, ImportFileError):
            self._tell(f"Cannot import this file: {error}\n\nNothing was imported.")
        else:
            self._tell(f"The file could not be read: {sentence(error)}\n\nNothing was imported.")

    def confirm(self) -> None:
        """Write what the preview listed, in the background, in one transaction."""
        plan = self.plan
        if plan is None or not plan.has_changes or self.busy.busy:
            return
        self.error.hide()
        self.writing = True
        total = plan.added_total + plan.added.get("settings", 0)
        journal = self.journal
        self.busy.run(
            lambda: apply_import(journal, plan, self.busy.progress),
            f"Importing {total:,} entr{'y' if total == 1 else 'ies'}… The journal changes only when "
            "all of them are written.",
            self._imported,
            self._write_failed,
            [self.confirm_button, self.cancel_button],
        )

    def _imported(self, result: ImportResult) -> None:
        self.writing = False
        self.imported = result
        self.accept()

    def _write_failed(self, error: BaseException) -> None:
        self.writing = False
        if isinstance(error, ImportFileError):
            self.confirm_button.setEnabled(False)  # the preview no longer holds: it must be made again
            self._tell(f"Import not done: {error}")
        elif isinstance(error, JournalFileError):  # a full or read-only disk, said for a person
            self._tell(f"Import not done: {sentence(error)}")
        elif isinstance(error, _REFUSED):
            self._tell(f"The journal could not be written: {sentence(error)}\n\nNothing was imported.")
        else:
            self.confirm_button.setEnabled(False)
            self._tell(f"The import stopped: {sentence(error)}\n\nNothing was imported.")

    def _tell(self, message: str) -> None:
        self.error.setText(f"⚠ {message}")
        self.error.show()
        self.cancel_button.setText("Close")
        self.problem.emit(message)

    def reject(self) -> None:
        """Close; while the import is written the window waits for it, so nothing is half done."""
        if self.writing:
            return
        self.busy.cancel()  # a file still being read is dropped
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.writing:
            event.ignore()
        else:
            super().closeEvent(event)


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
    dialog = ImportDialog(journal, Path(chosen), parent)
    dialog.exec()
    result, plan = dialog.imported, dialog.plan
    dialog.deleteLater()
    if result is None or plan is None:
        return None
    text = result.summary()
    if plan.notes:
        text += "\n\n" + "\n".join(plan.notes)
    show_result(parent, "Import finished", text)
    return result
