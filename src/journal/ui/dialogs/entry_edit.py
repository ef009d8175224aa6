"""The frame every correction dialog shares, and the time field that starts at the stored time.

Each dialog opens on the entry as stored, validates as the matching log form
does, shows a problem next to its field and keeps what was typed. Saving writes
through the service; the dialog then emits `saved(before, after)` so the caller
can put an `EditEntry` (journal.ui.undo) on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import (
    Kind,
)
from journal.domain.errors import InvalidInput
from journal.domain.tags import Tagged, check_tags
from journal.domain.times import Moment, check_not_future
from journal.service.journal import Journal
from journal.ui.dialogs.save_dialog import SaveDialog
from journal.ui.tasks import Task
from journal.ui.widgets.fields import (
    buddy,
    datetime_edit,
    error_label,
    later_fold_box,
    qdatetime,
    show_error,
    typed_moment,
)
from journal.ui.widgets.tag_field import TagField

T = TypeVar("T")

NOT_SAVED = "Not saved: fix the highlighted field. Everything you typed is kept."


# -- small shared pieces ------------------------------------------------------------


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class MomentEdit(QWidget):
    """The time an entry describes, starting at the stored time.

    Left alone, the stored Moment is kept exactly (seconds, zone and offset).
    Changed, the wall-clock time is read in the zone the entry was logged in;
    a time that happened twice asks which one, and the future is refused.
    """

    def __init__(self, at: Moment, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = at
        self.touched = False
        self.edit = datetime_edit(name)
        self.edit.setToolTip(f"{name}, local time where it was logged ({at.zone}). The future is refused.")
        self.edit.setDateTime(qdatetime(at.local))
        self.later_fold = later_fold_box()
        self.error = error_label(f"{name} problem")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.later_fold)
        layout.addWidget(self.error)
        self.edit.dateTimeChanged.connect(self._changed)
        self.later_fold.toggled.connect(self.error.hide)

    def _changed(self) -> None:
        self.touched = True
        self.error.hide()

    def set_local(self, local: datetime) -> None:
        self.edit.setDateTime(qdatetime(local))

    def moment(self, now: datetime) -> Moment:
        """The time shown; raises InvalidInput("time") for an impossible or future time."""
        if not self.touched:
            return self.original
        at = typed_moment(self.edit, self.original.zone, self.later_fold)
        check_not_future(at, now)
        return at

    def show_error(self, message: str) -> None:
        show_error(self.error, message)


class EntryDialog(SaveDialog):
    """Shared frame: fields in a form, Save and Cancel, a status line; Ctrl+S saves.

    A correction is saved off the UI thread (`SaveDialog.run_save`); once saved the
    dialog emits `saved(before, after)` and closes.
    """

    saved = Signal(object, object)  # (before, after)

    kind: Kind

    def __init__(self, journal: Journal, title: str, parent: QWidget | None = None) -> None:
        super().__init__(
            journal,
            title,
            parent,
            save_text=None,
            save_name="Save changes",
            save_tip="Save the corrected entry (Enter or Ctrl+S). Ctrl+Z on History undoes it.",
            cancel_tip="Close without saving (Esc)",
        )
        self.fields = QFormLayout()
        self.save_button.setDefault(True)
        #: The field whose problem label shows each kind of refusal (`show_invalid`).
        self.problem_labels: dict[str, QLabel] = {}
        self.other_problem: QLabel | None = None
        #: The entry's context tags, when its kind takes them (`add_tags`).
        self.tag_field: TagField | None = None
        self._tags_before: tuple[str, ...] = ()
        self._tags_saved: tuple[str, ...] | None = None

    def add_tags(self, entry_id: int | None) -> TagField:
        """A row with the entry's context tags as stored, its problems shown under it."""
        kind = self.kind
        self._tags_before = self.journal.entries.entry_tags(kind, entry_id) if entry_id is not None else ()
        self.tag_field = TagField(self.journal.entries.tag_counts)
        self.tag_field.set_tags(self._tags_before)
        self.fields.addRow(buddy("Ta&gs", self.tag_field.free), self.tag_field)
        return self.tag_field

    def typed_tags(self) -> tuple[str, ...] | None:
        """The tags as chosen and typed, for the save (the journal checks them); None without the field."""
        if self.tag_field is None:
            return None
        self._tags_saved = tuple(self.tag_field.raw_tags())
        return self._tags_saved

    def _finish_layout(self, side: QWidget | None = None) -> None:
        left = QVBoxLayout()
        left.addLayout(self.fields)
        self.add_status(left)
        left.addStretch(1)
        left.addWidget(self.buttons)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 3)
        if side is not None:
            outer.addWidget(side, 2)

    def save_as(self, before: T, save: Callable[[], T]) -> Task | None:
        """Save the corrected entry with `save` (a journal call) in the background."""
        self.status.setText("")
        return self.run_save(save, lambda after: self._saved(before, after), "Saving the correction…")

    def show_invalid(self, err: InvalidInput) -> None:
        """The problem next to its field (the time's, the note's...), and "not saved" below."""
        if err.field == "tags" and self.tag_field is not None:
            self.tag_field.show_error(err.message)
            self.status.setText(NOT_SAVED)
            return
        label = self.problem_labels.get(err.field, self.other_problem)
        if label is None:
            self.status.setText(f"⚠ {err.message}")
            return
        show_error(label, err.message)
        self.status.setText(NOT_SAVED)

    def _saved(self, before: object, after: object) -> None:
        if self._tags_saved is not None:  # undo puts the tags back with the entry
            before, after = Tagged(before, self._tags_before), Tagged(after, check_tags(self._tags_saved))
        self.saved.emit(before, after)
        self.accept()
