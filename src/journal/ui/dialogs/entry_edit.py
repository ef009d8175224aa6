"""The frame every correction dialog shares, and the time field that starts at the stored time.

Each dialog opens on the entry as stored, validates as the matching log form
does, shows a problem next to its field and keeps what was typed. Saving writes
through the service; the dialog then emits `saved(before, after)` so the caller
can put an `EditEntry` (journal.ui.undo) on the undo stack.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import (
    Kind,
)
from journal.domain.errors import InvalidInput
from journal.domain.times import Fold, Moment, check_not_future, resolve_local
from journal.service.journal import Journal
from journal.ui.widgets.fields import error_label, show_error

NOT_SAVED = "Not saved: fix the highlighted field. Everything you typed is kept."


# -- small shared pieces ------------------------------------------------------------


def note_edit(name: str, text: str, tip: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setAccessibleName(name)
    edit.setToolTip(tip)
    edit.setPlaceholderText("Optional")
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(80)
    return edit


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
        self.edit = QDateTimeEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.setAccessibleName(name)
        self.edit.setToolTip(f"{name}, local time where it was logged ({at.zone}). The future is refused.")
        local = at.local
        self.edit.setDateTime(QDateTime(qdate(local.date()), QTime(local.hour, local.minute)))
        self.later_fold = QCheckBox("The second time (after the clocks went back)")
        self.later_fold.setAccessibleName("Second occurrence of a repeated hour")
        self.later_fold.setToolTip("This hour happened twice; tick if you mean the second time")
        self.later_fold.hide()
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
        self.edit.setDateTime(QDateTime(qdate(local.date()), QTime(local.hour, local.minute)))

    def moment(self, now: datetime) -> Moment:
        """The time shown; raises InvalidInput("time") for an impossible or future time."""
        if not self.touched:
            return self.original
        typed = self.edit.dateTime().toPython()
        assert isinstance(typed, datetime)
        naive = typed.replace(second=0, microsecond=0)
        zone = self.original.zone
        try:
            resolve_local(naive, zone, Fold.ASK)
            self.later_fold.hide()
        except InvalidInput as err:
            if "twice" not in err.message:
                raise
            self.later_fold.show()
        at = resolve_local(naive, zone, Fold.LATER if self.later_fold.isChecked() else Fold.EARLIER)
        check_not_future(at, now)
        return at

    def show_error(self, message: str) -> None:
        show_error(self.error, message)


class EntryDialog(QDialog):
    """Shared frame: fields in a form, Save and Cancel, a status line; Ctrl+S saves."""

    saved = Signal(object, object)  # (before, after)

    kind: Kind

    def __init__(self, journal: Journal, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.fields = QFormLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Save status")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert save is not None and cancel is not None
        self.save_button: QPushButton = save
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName("Save changes")
        self.save_button.setToolTip(
            "Save the corrected entry (Enter or Ctrl+S). Ctrl+Z on History undoes it."
        )
        cancel.setAccessibleName("Cancel")
        cancel.setToolTip("Close without saving (Esc)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)

    def _finish_layout(self, side: QWidget | None = None) -> None:
        left = QVBoxLayout()
        left.addLayout(self.fields)
        left.addWidget(self.status)
        left.addStretch(1)
        left.addWidget(self.buttons)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 3)
        if side is not None:
            outer.addWidget(side, 2)

    def save(self) -> Any:
        raise NotImplementedError

    def _saved(self, before: object, after: object) -> None:
        self.saved.emit(before, after)
        self.accept()
