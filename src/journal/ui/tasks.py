"""Slow work off the UI thread, reported back by signal on the UI thread (after Anki's taskman).

`run_in_background(fn, what)` queues `fn` on one worker thread and returns a
`Task` whose `finished(result)` or `failed(exception)` fires on the UI thread.
There is a single worker on purpose: database writes, reportlab and PDFium then
never run at the same time, and work runs in the order it was asked for (a clean-up
queued after a write runs after that write). `BusyIndicator` shows a busy bar with a
sentence and disables a dialog's buttons while its task runs; work that can say how
far it is passes `BusyIndicator.progress` as its progress callback and the bar follows; `run_with_progress`
is the same as a small modal window for callers that want the result in line.

A save (`write=True`) is never cut off: once asked for it runs even if the form that
asked goes away, which then only misses the outcome. `after_writes(callback)` runs
`callback` once every save asked for so far has been written and its form has been
told (the window's lock waits for that before it drops the journal's key).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

_T = TypeVar("_T")
#: A form's save shows its busy bar only once it has taken this long (most take milliseconds).
SAVE_DELAY_MS = 400
_pool: QThreadPool | None = None
#: Tasks whose outcome has not reached the UI thread yet; holding them here keeps each
#: Task alive until its queued signal is delivered, so it is never freed by the worker.
_live: set[Task] = set()
#: Saves whose outcome has not reached the UI thread yet, and who waits for them.
_writes: set[Task] = set()
_after_writes: list[Callable[[], None]] = []


class Task(QObject):
    """One piece of work: `finished(result)` or `failed(exception)` arrive on the UI thread.

    `cancel()` discards the outcome (and skips the work if it has not started,
    unless it is a `write`: a save is finished, never cut off); `wait()` blocks
    until the worker is done with it.
    """

    finished = Signal(object)
    failed = Signal(object)
    _ran = Signal()

    def __init__(self, fn: Callable[[], Any], what: str, *, write: bool = False) -> None:
        super().__init__()
        self.fn = fn
        self.what = what
        self.write = write
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
            if self.write or not self.cancelled:
                self.result = self.fn()
        except BaseException as err:  # delivered to the UI thread, which decides what to say
            self.error = err
        finally:
            self.fn = _nothing  # drop references the work held (a journal, a dialog's data)
            self._worker_done.set()
            self._ran.emit()

    def _deliver(self) -> None:
        _live.discard(self)
        try:
            if self.cancelled or self.delivered:
                return
            self.delivered = True
            if self.error is not None:
                self.failed.emit(self.error)
            else:
                self.finished.emit(self.result)
        finally:
            if self in _writes:
                _writes.discard(self)
                _run_after_writes()


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


def run_in_background(fn: Callable[[], Any], what: str, *, write: bool = False) -> Task:
    """Queue `fn` on the worker; `what` says in plain words what it does (shown while it runs).

    A `write` (a save) runs even if cancelled before it started, and `after_writes` waits for it.
    """
    task = Task(fn, what, write=write)
    _live.add(task)
    if write:
        _writes.add(task)
    pool().start(_Runnable(task))
    return task


def writes_pending() -> bool:
    """Whether a save is queued or running, or its form has not been told the outcome yet."""
    return bool(_writes)


def after_writes(callback: Callable[[], None]) -> None:
    """Call `callback` on the UI thread once no save is pending: at once when none is."""
    _after_writes.append(callback)
    if not _writes:
        _run_after_writes()


def _run_after_writes() -> None:
    while _after_writes and not _writes:
        _after_writes.pop(0)()


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


#: What a person does to a form; held back from a form while its save is under way.
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
        QEvent.Type.ContextMenu,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
    }
)


class BusyIndicator(QWidget):
    """A busy bar and one sentence saying what is happening; hidden when nothing runs.

    `run` starts a task, shows the sentence and disables the given controls; when
    the task ends they are enabled again before the caller's slots run, so those
    can set the controls' real state, and the control that had the focus gets it
    back. With `delay_ms` (a form's save, which mostly takes milliseconds), the
    controls take no input from the start but are greyed out, and the bar and
    sentence shown, only once the work has taken that long: a quick save neither
    flashes a bar nor repaints the whole form twice. The bar is indeterminate
    until the work reports progress through `progress` (from the worker thread);
    it then shows the share done, out of `STEPS`.
    """

    #: The bar's range once the work reports progress.
    STEPS = 1000
    #: Share done (0 to 1), emitted from the worker; Qt queues it to the UI thread.
    _moved = Signal(float)

    def __init__(self, parent: QWidget | None = None, *, delay_ms: int = 0) -> None:
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
        self._controls: list[QWidget] = []
        self._disabled: list[QWidget] = []
        self._holding = False
        self._focus: QWidget | None = None
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(delay_ms)
        self._delay.timeout.connect(self._show_busy)
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
        *,
        write: bool = False,
    ) -> Task:
        """Run `fn` in the background while showing `sentence`; `controls` are disabled meanwhile.

        A `write` is a save: it is never cut off (see `run_in_background`).
        """
        self.cancel()
        self.bar.setRange(0, 0)  # indeterminate until the work says how far it is
        self.bar.reset()
        task = run_in_background(fn, sentence, write=write)
        self.task = task
        self.sentence.setText(sentence)
        self.setAccessibleDescription(sentence)
        self._controls = list(controls)
        if self._delay.interval() > 0:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
                self._holding = True
            self._delay.start()
        else:
            self._show_busy()
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Until the controls are greyed out, what is typed or clicked on them is dropped."""
        if event.type() in _INPUT and isinstance(watched, QWidget):
            return any(isValid(c) and (c is watched or c.isAncestorOf(watched)) for c in self._controls)
        return False

    def _show_busy(self) -> None:
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and focus.window() is self.window() else None
        self._disabled = [c for c in self._controls if isValid(c) and c.isEnabled()]
        for control in self._disabled:
            control.setEnabled(False)
        self.show()

    def _ended(self, _outcome: object = None) -> None:
        self.task = None
        self._delay.stop()
        if self._holding:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._holding = False
        for control in self._disabled:
            if isValid(control):  # a page may have replaced it meanwhile (Today's preset buttons)
                control.setEnabled(True)
        self._disabled = []
        self._controls = []
        focus, self._focus = self._focus, None
        if focus is not None and isValid(focus) and focus.isEnabled() and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.hide()


class BusyDialog(QDialog):
    """A dialog whose work (its `busy` indicator's task) is finished, never cut off: Escape and
    the window's close button do nothing while it runs."""

    busy: BusyIndicator

    def reject(self) -> None:
        if not self.busy.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy.busy:
            event.ignore()
        else:
            super().closeEvent(event)


class _ProgressDialog(BusyDialog):
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
