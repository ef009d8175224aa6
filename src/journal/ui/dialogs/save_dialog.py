"""The frame of every dialog that saves: a status line, Save and Cancel, Ctrl+S, and the save
itself on the background worker (`journal.ui.tasks`) with the dialog busy meanwhile.

A dialog reads its fields on the UI thread in `save()` and hands `run_save` the
work, which only calls the journal (no widget is touched off the UI thread), and
what to do with the result. While it runs every control is disabled, so nothing
typed can differ from what is being saved; a busy bar shows if it takes a while.
A refusal comes back where it belongs: InvalidInput next to its field
(`show_invalid`), WriteFailed in the status line, and every field keeps its text.
The dialog cannot be closed while its save runs: a write is finished, never cut off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from journal.domain.errors import InvalidInput
from journal.service.journal import Journal
from journal.ui.tasks import SAVE_DELAY_MS, BusyDialog, BusyIndicator, Task
from journal.ui.widgets.fields import say_refused

T = TypeVar("T")
NOT_SAVED = "⚠ Not saved: fix the highlighted field."


class SaveDialog(BusyDialog):
    """Save (a named button, or the standard one) and Cancel, a status line and a busy bar."""

    def __init__(
        self,
        journal: Journal,
        title: str,
        parent: QWidget | None = None,
        *,
        save_text: str | None,
        save_name: str,
        save_tip: str,
        cancel_tip: str = "Close without saving (Escape)",
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Save status")
        self.busy = BusyIndicator(delay_ms=SAVE_DELAY_MS)
        self.buttons = QDialogButtonBox()
        if save_text is None:
            save = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
        else:
            save = self.buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert save is not None and cancel is not None
        self.save_button: QPushButton = save
        self.save_button.setAccessibleName(save_name)
        self.save_button.setToolTip(save_tip)
        self.cancel_button: QPushButton = cancel
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setToolTip(cancel_tip)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)

    def add_status(self, layout: QVBoxLayout) -> None:
        """Put the status line and, below it, the busy bar into `layout`."""
        layout.addWidget(self.status)
        layout.addWidget(self.busy)

    def ready(self, focus: QWidget | None) -> None:
        """Once the buttons sit in the dialog (set earlier, Qt picks another default): Enter
        presses Save, and `focus` has the focus."""
        self.save_button.setDefault(True)
        if focus is not None:
            focus.setFocus()

    # -- saving --------------------------------------------------------------------

    def save(self) -> Task | None:
        """Read the fields and start saving them (`run_save`); None when nothing was started."""
        raise NotImplementedError

    def run_save(
        self, work: Callable[[], T], done: Callable[[T], None], sentence: str = "Saving…"
    ) -> Task | None:
        """Run `work` on the worker with the dialog busy; `done(result)` on the UI thread after.

        None, and nothing started, while a save is already running (Enter pressed twice).
        """
        if self.busy.busy:
            return None
        return self.busy.run(work, sentence, done, self.refused, self._controls(), write=True)

    def _controls(self) -> list[QWidget]:
        """Everything in the dialog but the status line and the busy bar."""
        children = self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return [w for w in children if w not in (self.status, self.busy) and not w.isWindow()]

    def refused(self, err: BaseException) -> None:
        """The journal refused the save: WriteFailed in the status line, InvalidInput at its field."""
        say_refused(err, self.status, self.show_invalid)

    def show_invalid(self, err: InvalidInput) -> None:
        """Show a problem the journal found with what was typed; the dialog says where."""
        self.status.setText(f"⚠ {err.message}")
