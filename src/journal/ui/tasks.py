"""Slow work off the UI thread, reported back by signal on the UI thread (after Anki's taskman).

`run_in_background(fn, what)` queues `fn` on one worker thread and returns a
`Task` whose `finished(result)` or `failed(exception)` fires on the UI thread.
There is a single worker on purpose: database writes, reportlab and PDFium then
never run at the same time, and work runs in the order it was asked for (a clean-up
queued after a write runs after that write). `BusyIndicator` shows a busy bar with a
sentence and disables a dialog's buttons while its task runs; work that can say how
far it is passes `BusyIndicator.progress` as its progress callback and the bar follows; `run_with_progress`
is the same as a small modal window for callers that want the result in line.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

_T = TypeVar("_T")
_pool: QThreadPool | None = None
#: Tasks whose outcome has not reached the UI thread yet; holding them here keeps each
#: Task alive until its queued signal is delivered, so it is never freed by the worker.
_live: set[Task] = set()


class Task(QObject):
    """One piece of work: `finished(result)` or `failed(exception)` arrive on the UI thread.

    `cancel()` discards the outcome (and skips the work if it has not started);
    `wait()` blocks until the worker is done with it.
    """

    finished = Signal(object)
    failed = Signal(object)
    _ran = Signal()

    def __init__(self, fn: Callable[[], Any], what: str) -> None:
        super().__init__()
        self.fn = fn
        self.what = what
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancelled = False
        self.delivered = False
        self._worker_done = threading.Event()
        # Emitted from the worker; the receiver lives on the UI thread, so Qt queues it there.
        self._ran.connect(self._deliver)

    def cancel(self) -> None:
        """Nobody wants the outcome any more: skip the work if it has not started, drop the result."""
        self.cancelled = True

    @property
    def running(self) -> bool:
        """Queued or working, and not cancelled: the outcome is still to come."""
        return not self.delivered and not self.cancelled

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker has finished or skipped this task; False on timeout."""
        return self._worker_done.wait(timeout)

    def _work(self) -> None:
        try:
            if not self.cancelled:
                self.result = self.fn()
        except BaseException as err:  # delivered to the UI thread, which decides what to say
            self.error = err
        finally:
            self.fn = _nothing  # drop references the work held (a journal, a dialog's data)
            self._worker_done.set()
            self._ran.emit()

    def _deliver(self) -> None:
        _live.discard(self)
        if self.cancelled or self.delivered:
            return
        self.delivered = True
        if self.error is not None:
            self.failed.emit(self.error)
        else:
            self.finished.emit(self.result)


def _nothing() -> None:
    return None


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._work()


def pool() -> QThreadPool:
    """The one worker thread, made on first use; the app waits for it before quitting."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(wait_for_idle)
    return _pool


def run_in_background(fn: Callable[[], Any], what: str) -> Task:
    """Queue `fn` on the worker; `what` says in plain words what it does (shown while it runs)."""
    task = Task(fn, what)
    _live.add(task)
    pool().start(_Runnable(task))
    return task


def wait_for_idle(timeout_ms: int = -1) -> bool:
    """Block until all queued work has run and the worker thread has exited (at quit, in tests)."""
    return _pool is None or _pool.waitForDone(timeout_ms)


def active_threads() -> int:
    """How many worker threads exist right now (0 after `wait_for_idle`)."""
    return 0 if _pool is None else _pool.activeThreadCount()


def sentence(error: BaseException) -> str:
    """An error from the worker as one sentence for a person: the OS's words when it gave some."""
    words = str(getattr(error, "strerror", None) or error).strip() or type(error).__name__
    return words if words.endswith((".", "!", "?")) else f"{words}."


class BusyIndicator(QWidget):
    """A busy bar and one sentence saying what is happening; hidden when nothing runs.

    `run` starts a task, shows the sentence and disables the given controls; when
    the task ends they are enabled again before the caller's slots run, so those
    can set the controls' real state. The bar is indeterminate until the work
    reports progress through `progress` (from the worker thread); it then shows
    the share done, out of `STEPS`.
    """

    #: The bar's range once the work reports progress.
    STEPS = 1000
    #: Share done (0 to 1), emitted from the worker; Qt queues it to the UI thread.
    _moved = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Progress")
        self.task: Task | None = None
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # indeterminate: the work cannot say how far it is
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setAccessibleName("Working")
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setAccessibleName("What is happening")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sentence)
        layout.addWidget(self.bar)
        self._disabled: list[QWidget] = []
        self._moved.connect(self._show_progress)
        self.hide()

    def progress(self, done: int, total: int) -> None:
        """A `Progress` callback for the running work, safe to call from the worker thread."""
        with contextlib.suppress(RuntimeError):  # the window went away while the work ran
            self._moved.emit(done / total if total > 0 else 0.0)

    def _show_progress(self, share: float) -> None:
        if self.task is None:
            return
        if self.bar.maximum() != self.STEPS:
            self.bar.setRange(0, self.STEPS)
        self.bar.setValue(min(self.STEPS, max(self.bar.value(), round(share * self.STEPS))))

    @property
    def busy(self) -> bool:
        return self.task is not None

    def run(
        self,
        fn: Callable[[], Any],
        sentence: str,
        on_finished: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
        controls: Iterable[QWidget] = (),
    ) -> Task:
        """Run `fn` in the background while showing `sentence`; `controls` are disabled meanwhile."""
        self.cancel()
        self.bar.setRange(0, 0)  # indeterminate until the work says how far it is
        self.bar.reset()
        task = run_in_background(fn, sentence)
        self.task = task
        self.sentence.setText(sentence)
        self.setAccessibleDescription(sentence)
        self._disabled = [c for c in controls if c.isEnabled()]
        for control in self._disabled:
            control.setEnabled(False)
        self.show()
        self.destroyed.connect(task.cancel)  # the dialog went away: nobody is left to tell
        task.finished.connect(self._ended)
        task.failed.connect(self._ended)
        task.finished.connect(on_finished)
        task.failed.connect(on_failed)
        return task

    def cancel(self) -> None:
        """Forget the running task: its outcome is discarded and the controls come back."""
        if self.task is not None:
            self.task.cancel()
            self._ended()

    def _ended(self, _outcome: object = None) -> None:
        self.task = None
        for control in self._disabled:
            control.setEnabled(True)
        self._disabled = []
        self.hide()


class _ProgressDialog(QDialog):
    """A small modal window with a busy bar; it closes itself when the work ends, not before."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setObjectName("work-progress")
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.busy = BusyIndicator()
        self.setMinimumWidth(420)
        layout = QHBoxLayout(self)
        layout.addWidget(self.busy)
        self.outcome: tuple[Any, BaseException | None] | None = None

    def _finished(self, result: object) -> None:
        self.outcome = (result, None)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.outcome = (None, error)
        self.accept()

    def reject(self) -> None:
        """Escape does nothing while the work runs: a write is finished, never cut off."""
        if not self.busy.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy.busy:
            event.ignore()
        else:
            super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)


def run_with_progress(parent: QWidget | None, title: str, sentence: str, fn: Callable[[], _T]) -> _T:
    """Run `fn` in the background behind a modal progress window; return its result or raise its error.

    The window keeps painting while the work runs and cannot be closed until it ends.
    """
    dialog = _ProgressDialog(parent, title)
    dialog.busy.run(fn, sentence, dialog._finished, dialog._failed)
    if dialog.outcome is None:  # the outcome arrives by a queued signal, so only inside exec()
        dialog.exec()
    outcome = dialog.outcome
    dialog.deleteLater()
    assert outcome is not None
    result, error = outcome
    if error is not None:
        raise error
    return cast(_T, result)
