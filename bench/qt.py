"""The in-process Qt application the window benchmarks share (offscreen unless told otherwise)."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def app() -> QApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    from PySide6.QtCore import qInstallMessageHandler

    def quiet(mode: Any, context: Any, message: str) -> None:
        # The offscreen platform's known notice (DESIGN.md section 7); anything else is shown.
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    return QApplication(["bench"])


def settle(seconds: float = 0.2) -> None:
    """Run the event loop a while, so posted events, paints and short timers are done."""
    app()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        flush()
        time.sleep(0.002)


def flush() -> None:
    """What the event loop would do now: posted events, paints, and deferred deletes.

    `processEvents()` alone never runs `deleteLater()` outside an event loop, so
    widgets a page replaces would pile up in a benchmark driven without `exec()`.
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    qapp = app()
    qapp.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def wait_for(task: Any) -> None:
    """Run the event loop until a background task's outcome has reached the UI thread."""
    from PySide6.QtCore import QEventLoop

    if not getattr(task, "running", False):  # done, or saved in line (as before saves moved off)
        return
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    task.failed.connect(loop.quit)
    loop.exec()
