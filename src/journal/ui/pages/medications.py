"""Medications (Ctrl+8): other medications and substances the person takes, current and stopped.

What a clinician asks after "how much": the clinician summary lists them on
its first page. Add, edit, stop today and delete, each undone with Ctrl+Z. The
journal checks no interactions (no source gives any); the page quotes the
passage that says to tell a clinician about other medications.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput
from journal.domain.medications import Medication
from journal.service.journal import Journal
from journal.service.medications import advice
from journal.ui.dialogs.medication import MedicationDialog
from journal.ui.models.medications import MedicationTableModel
from journal.ui.undo import DeleteEntry, EditEntry, LoggedEntry
from journal.ui.widgets.entry_table import EntryTable, page_button, undo_keys
from journal.ui.widgets.heading import page_heading


def advice_text() -> str:
    """Why the list is here, with the source passage it rests on; no interactions are checked."""
    cited = advice()
    quote = ""
    if cited is not None:
        citation, name = cited
        quote = (
            f" A source says to talk to a clinician “{escape(citation.quote)}” — {escape(name)} "
            "(F1 shows the sources)."
        )
    return (
        "<p>Other medications and substances you take, as you write them: your clinician's first question "
        f"after “how much”. The clinician summary lists them.{quote}</p>"
        "<p>The journal checks no interactions: no source gives any.</p>"
    )


class MedicationsPage(QWidget):
    """The list (current first, then stopped) with add, edit, stop and delete; undo with Ctrl+Z."""

    changed = Signal()

    def __init__(self, journal: Journal, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.undo_stack = undo_stack
        self.dialog: MedicationDialog | None = None
        self.model = MedicationTableModel(journal.now().local.date())
        self.table = EntryTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Other medications")
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button = page_button(
            "&Add medication…", "Add a medication or substance you take (Ctrl+Shift+M)"
        )
        self.edit_button = page_button("&Edit…", "Edit the selected medication (Enter)")
        self.stop_button = page_button("&Stopped today", "Mark the selected medication as stopped today")
        self.delete_button = page_button("&Delete", "Delete the selected medication (Delete; Ctrl+Z undoes)")
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.stop_button.clicked.connect(self.stop_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        QShortcut(QKeySequence("Ctrl+Shift+M"), self).activated.connect(self.add)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table).activated.connect(self.edit_selected)
        self.table.delete_requested.connect(self.delete_selected)
        self.advice = QLabel(advice_text())
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName("About this list")
        self.empty = QLabel(
            "Nothing listed yet. Add what else you take (Ctrl+Shift+M): prescriptions, pain relief, "
            "supplements, alcohol or other substances."
        )
        self.empty.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        self.status.hide()
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, self.stop_button, self.delete_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(page_heading("Medications"))
        layout.addWidget(self.advice)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        chosen = self.selected()
        self.model.set_medications(self.journal.medications.all(), self.journal.now().local.date())
        self.empty.setVisible(not self.model.medications)
        if chosen is not None:
            rows = [n for n, m in enumerate(self.model.medications) if m.id == chosen.id]
            if rows:
                self.table.selectRow(rows[0])
        self._update_buttons()

    def selected(self) -> Medication | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.medications[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        m = self.selected()
        self.edit_button.setEnabled(m is not None)
        self.delete_button.setEnabled(m is not None)
        self.stop_button.setEnabled(m is not None and m.current(self.model.today))

    # -- changes -----------------------------------------------------------------------------

    def add(self) -> MedicationDialog:
        return self._open(MedicationDialog(self.journal, None, self))

    def edit_selected(self) -> MedicationDialog | None:
        m = self.selected()
        return None if m is None else self._open(MedicationDialog(self.journal, m, self))

    def _open(self, dialog: MedicationDialog) -> MedicationDialog:
        self.dialog = dialog
        before = dialog.original
        dialog.accepted.connect(lambda: self._saved(before, dialog.saved))
        dialog.open()
        return dialog

    def _saved(self, before: Medication | None, after: Medication | None) -> None:
        if after is None or after.id is None:
            return
        if before is None:
            self.undo_stack.push(
                LoggedEntry(self.journal, Kind.MEDICATION, after.id, f"medication {after.name}", self._after)
            )
        else:
            self.undo_stack.push(
                EditEntry(
                    self.journal,
                    Kind.MEDICATION,
                    before,
                    after,
                    f"medication {after.name}",
                    lambda _undone: self._after(),
                )
            )
        self._after()

    def stop_selected(self) -> None:
        """The selected medication stopped today; Ctrl+Z takes the stop back."""
        m = self.selected()
        if m is None or not m.current(self.model.today):
            return
        self.status.hide()
        try:
            stopped = self.journal.medications.update(replace(m, stopped=self.model.today))
        except InvalidInput as err:
            self._say(f"⚠ {err.message}")
            return
        self.undo_stack.push(
            EditEntry(
                self.journal, Kind.MEDICATION, m, stopped, f"stop {m.name}", lambda _undone: self._after()
            )
        )
        self._say(f"{m.name} marked as stopped today. Ctrl+Z undoes.")
        self._after()

    def delete_selected(self) -> None:
        m = self.selected()
        if m is None or m.id is None:
            return
        self.undo_stack.push(
            DeleteEntry(self.journal, Kind.MEDICATION, m.id, f"medication {m.name}", self._after)
        )
        self._say(f"{m.name} deleted. Ctrl+Z brings it back.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not undo_keys(event, self.undo_stack):
            super().keyPressEvent(event)

    def _after(self) -> None:
        self.refresh()
        self.changed.emit()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
