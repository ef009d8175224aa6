"""The background-work helper: outcomes arrive on the UI thread, busy state shows and clears."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from journal.ui import tasks
from journal.ui.tasks import BusyIndicator, run_in_background, run_with_progress, sentence


@pytest.fixture(autouse=True)
def no_worker_left() -> Iterator[None]:
    yield
    assert tasks.wait_for_idle(10_000)
    assert tasks.active_threads() == 0


def on_ui_thread() -> bool:
    app = QApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_the_result_arrives_on_the_ui_thread(qtbot: QtBot) -> None:
    seen: list[tuple[tuple[int, int], bool]] = []
    task = run_in_background(lambda: (threading.get_ident(), 6 * 7), "Adding up")
    task.finished.connect(lambda result: seen.append((result, on_ui_thread())))
    with qtbot.waitSignal(task.finished):
        pass
    (worker, value), delivered_on_ui = seen[0]
    assert value == 42 and worker != threading.get_ident(), "the work ran on another thread"
    assert delivered_on_ui


def test_an_error_arrives_on_the_ui_thread(qtbot: QtBot) -> None:
    def broken() -> None:
        raise ValueError("line 3 is not a date")

    seen: list[tuple[BaseException, bool]] = []
    task = run_in_background(broken, "Reading")
    task.failed.connect(lambda err: seen.append((err, on_ui_thread())))
    finished: list[object] = []
    task.finished.connect(finished.append)
    with qtbot.waitSignal(task.failed):
        pass
    error, delivered_on_ui = seen[0]
    assert isinstance(error, ValueError) and str(error) == "line 3 is not a date"
    assert delivered_on_ui and finished == []


def test_a_cancelled_task_reports_nothing(qtbot: QtBot) -> None:
    gate = threading.Event()
    task = run_in_background(lambda: gate.wait(10), "Waiting")
    heard: list[object] = []
    task.finished.connect(heard.append)
    task.failed.connect(heard.append)
    task.cancel()
    gate.set()
    assert task.wait(10)
    qtbot.waitUntil(lambda: task not in tasks._live)
    assert heard == [] and not task.running


def test_a_save_runs_even_if_cancelled_and_after_writes_waits_for_it(qtbot: QtBot) -> None:
    """A save is finished, never cut off: its form going away only drops the outcome."""
    gate = threading.Event()
    written: list[str] = []
    blocker = run_in_background(lambda: gate.wait(10), "Holding the worker")
    save = run_in_background(lambda: written.append("saved"), "Saving", write=True)
    save.cancel()  # before the worker reached it
    after: list[list[str]] = []
    tasks.after_writes(lambda: after.append(list(written)))
    assert tasks.writes_pending() and after == []
    gate.set()
    qtbot.waitUntil(lambda: after == [["saved"]])
    assert not tasks.writes_pending() and not save.delivered and blocker.wait(10)
    tasks.after_writes(lambda: after.append([]))  # nothing pending: at once
    assert after == [["saved"], []]


def test_a_delayed_busy_state_holds_input_then_greys_out_and_gives_the_focus_back(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    field = QLineEdit(host)
    busy = BusyIndicator(host, delay_ms=50)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    gate = threading.Event()
    task = busy.run(lambda: gate.wait(10), "Saving…", lambda _r: None, lambda _e: None, [field], write=True)
    qtbot.keyClicks(field, "typed while saving")
    assert field.text() == "" and field.isEnabled() and not busy.isVisible()
    qtbot.waitUntil(busy.isVisible)  # the work took a while: greyed out, with the bar
    assert not field.isEnabled()
    gate.set()
    with qtbot.waitSignal(task.finished):
        pass
    assert field.isEnabled() and field.hasFocus() and not busy.isVisible()
    qtbot.keyClicks(field, "ok")
    assert field.text() == "ok"


def test_the_busy_indicator_disables_buttons_until_the_work_ends(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    button = QPushButton("Save", host)
    busy = BusyIndicator(host)
    host.show()
    gate = threading.Event()
    results: list[object] = []
    task = busy.run(
        lambda: gate.wait(10) and "done", "Writing the summary…", results.append, results.append, [button]
    )
    assert not button.isEnabled() and busy.isVisibleTo(host) and busy.busy
    assert busy.sentence.text() == "Writing the summary…" and busy.bar.maximum() == 0
    gate.set()
    with qtbot.waitSignal(task.finished):
        pass
    assert results == ["done"] and button.isEnabled() and not busy.isVisibleTo(host) and not busy.busy


def test_run_with_progress_returns_the_result_and_escape_does_not_cut_it_off(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    gate = threading.Event()
    seen: dict[str, object] = {}

    def poke() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        seen["title"] = dialog.windowTitle()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        seen["still_open"] = dialog.isVisible()
        gate.set()

    QTimer.singleShot(0, poke)
    assert run_with_progress(parent, "Exporting", "Writing journal.json…", lambda: gate.wait(10) and 7) == 7
    assert seen == {"title": "Exporting", "still_open": True}


def test_run_with_progress_raises_the_error_on_the_ui_thread(qtbot: QtBot) -> None:
    def broken() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        run_with_progress(None, "Exporting", "Writing…", broken)


def test_errors_read_as_one_sentence() -> None:
    assert sentence(OSError(28, "No space left on device")) == "No space left on device."
    assert sentence(ValueError("line 3 is not a date.")) == "line 3 is not a date."
    assert sentence(RuntimeError()) == "RuntimeError."
