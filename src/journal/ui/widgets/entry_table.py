"""What the list pages (Medications, Stash) share: their table, their buttons, their undo keys."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QPushButton, QTableView


class EntryTable(QTableView):
    """A page's entries: the Delete key asks to delete the selected one (as History's timeline does)."""

    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


def page_button(text: str, tip: str) -> QPushButton:
    """A button named for a screen reader by its text, without the mnemonic's "&" or a trailing "…"."""
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    return button


def undo_keys(event: QKeyEvent, stack: QUndoStack) -> bool:
    """Ctrl+Z and Ctrl+Shift+Z reach the shared undo stack from anywhere on a page (when no
    window-wide Undo action took them first; a text field keeps its own). True when handled."""
    if event.matches(QKeySequence.StandardKey.Undo):
        stack.undo()
    elif event.matches(QKeySequence.StandardKey.Redo):
        stack.redo()
    else:
        return False
    return True
