"""Undoable journal changes: deletes are soft, so undo restores and redo deletes again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from journal.domain.entities import Kind
from journal.service.journal import Journal


class DeleteEntry(QUndoCommand):
    """Delete one entry (soft); undo brings it back exactly as it was."""

    def __init__(
        self, journal: Journal, kind: Kind, entry_id: int, description: str, after: Callable[[], None]
    ) -> None:
        super().__init__(f"delete {description}")
        self.journal, self.kind, self.entry_id, self.after = journal, kind, entry_id, after

    def redo(self) -> None:
        self.journal.delete(self.kind, self.entry_id)
        self.after()

    def undo(self) -> None:
        self.journal.undo_delete(self.kind, self.entry_id)
        self.after()


class LoggedEntry(QUndoCommand):
    """An entry already saved; undo removes it (soft), redo restores it."""

    def __init__(
        self, journal: Journal, kind: Kind, entry_id: int, description: str, after: Callable[[], None]
    ) -> None:
        super().__init__(f"log {description}")
        self.journal, self.kind, self.entry_id, self.after = journal, kind, entry_id, after
        self._first = True

    def redo(self) -> None:
        if self._first:  # pushing the command must not save it twice
            self._first = False
            return
        self.journal.undo_delete(self.kind, self.entry_id)
        self.after()

    def undo(self) -> None:
        self.journal.delete(self.kind, self.entry_id)
        self.after()
