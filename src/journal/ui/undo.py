"""Undoable journal changes: deletes are soft, so undo restores and redo deletes again; a
correction keeps the version before it, so undo puts that back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


class EditEntry(QUndoCommand):
    """A correction already saved; undo puts the previous version back, redo the new one.

    `after(undone)` runs after each undo and redo (not when the command is first
    pushed, since the correction is saved by then).
    """

    def __init__(
        self,
        journal: Journal,
        kind: Kind,
        before: Any,
        after_value: Any,
        description: str,
        after: Callable[[bool], None],
    ) -> None:
        super().__init__(f"edit {description}")
        self.journal, self.kind, self.after = journal, kind, after
        self.before, self.after_value = before, after_value
        self._first = True

    def _write(self, value: Any) -> None:
        self.journal.put_back(self.kind, value)

    def redo(self) -> None:
        if self._first:  # pushing the command must not save it twice
            self._first = False
            return
        self._write(self.after_value)
        self.after(False)

    def undo(self) -> None:
        self._write(self.before)
        self.after(True)


class PlanReplaced(QUndoCommand):
    """A new taper plan already saved, which ended the one running (`before`, as it was); undo takes
    the new plan away (soft) and puts the old one back running, redo does both again."""

    def __init__(
        self, journal: Journal, before: Any, new: Any, description: str, after: Callable[[], None]
    ) -> None:
        super().__init__(f"set {description}")
        self.journal, self.before, self.new, self.after = journal, before, new, after
        self._first = True

    def redo(self) -> None:
        if self._first:  # pushing the command must not save it twice
            self._first = False
            return
        from dataclasses import replace

        self.journal.undo_delete(Kind.PLAN, self.new.id)
        if self.before is not None:
            self.journal.put_back(Kind.PLAN, replace(self.before, ended=self.new.first_day))
        self.after()

    def undo(self) -> None:
        self.journal.delete(Kind.PLAN, self.new.id)
        if self.before is not None:
            self.journal.put_back(Kind.PLAN, self.before)
        self.after()
