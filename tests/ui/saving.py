"""Waiting for a save, which runs off the UI thread (journal.ui.tasks), as a person waits for the form.

Forms and dialogs that save have a `busy` indicator: busy while their save runs,
and their Save returns the running task (None when their own checks refused at once).
"""

from __future__ import annotations

from typing import Any, Protocol

from pytestqt.qtbot import QtBot

from journal.ui.tasks import BusyIndicator, Task


class Saving(Protocol):
    busy: BusyIndicator


def wait_saved(qtbot: QtBot, form: Saving) -> None:
    """Wait until the form's save (if one runs) has ended and the form shows its outcome."""
    qtbot.waitUntil(lambda: not form.busy.busy, timeout=10_000)


def outcome(qtbot: QtBot, task: Task | None) -> Any:
    """Wait for a save to end: what it saved, or None when it was refused (or never started)."""
    if task is None:
        return None
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    return None if task.error is not None else task.result
