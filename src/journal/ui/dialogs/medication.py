"""Adding or editing another medication or substance: text as the person writes it, optional dates.

Problems show at their field and every field keeps its text; nothing is saved
until all is valid. No interaction is checked: no source gives any.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from journal.domain.errors import InvalidInput
from journal.domain.medications import Medication, parse_day
from journal.service.journal import Journal
from journal.ui.dialogs.save_dialog import SaveDialog
from journal.ui.tasks import Task
from journal.ui.widgets.fields import form_rows, note_edit


class MedicationDialog(SaveDialog):
    """Add or edit one medication; `saved` holds what was saved once the dialog is accepted, and an
    edit emits `edited(before, after)` too (History puts it on the undo stack)."""

    edited = Signal(object, object)

    def __init__(
        self, journal: Journal, medication: Medication | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            journal,
            "Edit medication" if medication else "Add medication",
            parent,
            save_text=None,
            save_name="Save medication",
            save_tip="Save the medication (Enter or Ctrl+S)",
        )
        self.original = medication
        self.saved: Medication | None = None
        m = medication
        self.name = _line(m.name if m else "", "Name", "e.g. Ibuprofen, alcohol, coffee")
        self.dose = _line(m.dose if m else "", "Dose", "as you write it, e.g. 400 mg, 2 puffs")
        self.how_often = _line(m.how_often if m else "", "How often", "e.g. twice a day, as needed")
        self.reason = _line(m.reason if m else "", "Why (optional)", "what it is for, if you like")
        self.started = _line(
            m.started.isoformat() if m and m.started else "", "Started", "YYYY-MM-DD, or empty"
        )
        self.stopped = _line(
            m.stopped.isoformat() if m and m.stopped else "", "Stopped", "YYYY-MM-DD, empty while you take it"
        )
        self.notes = note_edit("Notes", "optional", "Anything to remember about it", m.notes if m else "")
        layout = QFormLayout(self)
        self.errors = form_rows(
            layout,
            (
                ("&Name", self.name, "name"),
                ("&Dose", self.dose, "dose"),
                ("How &often", self.how_often, "how_often"),
                ("&Why", self.reason, "reason"),
                ("S&tarted", self.started, "started"),
                ("Sto&pped", self.stopped, "stopped"),
                ("N&otes", self.notes, "notes"),
            ),
        )
        self.status.hide()
        layout.addRow(self.status)
        layout.addRow(self.busy)
        layout.addRow(self.buttons)
        self.ready(self.name)

    def save(self) -> Task | None:
        for label in self.errors.values():
            label.hide()
        try:
            medication = Medication(
                self.name.text().strip(),
                self.dose.text().strip(),
                self.how_often.text().strip(),
                self.reason.text().strip(),
                parse_day(self.started.text(), "started"),
                parse_day(self.stopped.text(), "stopped"),
                self.notes.toPlainText(),
            )
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        self.status.hide()
        meds = self.journal.medications
        if self.original is not None:
            changed = replace(medication, id=self.original.id, created=self.original.created)
            return self.run_save(lambda: meds.update(changed), self._saved, "Saving the medication…")
        return self.run_save(lambda: meds.add(medication), self._saved, "Saving the medication…")

    def show_invalid(self, err: InvalidInput) -> None:
        label = self.errors.get(err.field, self.errors["name"])
        label.setText(err.message)
        label.show()

    def _saved(self, medication: Medication) -> None:
        self.saved = medication
        if self.original is not None:
            self.edited.emit(self.original, medication)
        self.accept()


def _line(text: str, name: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit
