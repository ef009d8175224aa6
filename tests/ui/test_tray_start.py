"""Started in the tray (`journal --tray`, what the autostart entry runs), through `journal.app.run`.

The window stays hidden with the icon in the tray; a second start brings it forward (one
instance still holds); Quit in the tray's menu ends the run. An encrypted journal waits in
the tray, locked, until opened, then asks for its passphrase. Offscreen Qt has no tray: it is
told there is one. The steps run from the event loop `run` enters (no sleeping: each step
waits for what it needs, bounded by a count of turns, not by time).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from journal.service.journal import Journal
from journal.ui.main_window import MainWindow
from journal.ui.single_instance import REQUEST, server_name
from journal.ui.tray import Presence
from journal.ui.tray_wait import WaitingTray
from tests.conftest import ZONE, FakeClock

PASSPHRASE = "correct horse battery"


@pytest.fixture
def journal_app() -> Iterator[ModuleType]:
    """journal.app, imported for this test only: other tests put a fake in its place by name."""
    import journal

    had = sys.modules.get("journal.app")
    module = importlib.import_module("journal.app")
    yield module
    if had is None:
        del sys.modules["journal.app"]
        delattr(journal, "app")


@pytest.fixture(autouse=True)
def _a_tray(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr("signal.signal", lambda *_args: None)  # run's handlers stay out of pytest's
    monkeypatch.setenv("DISPLAY", ":0")  # run checks that there is a display; Qt is offscreen
    _earlier.clear()
    _earlier.update(id(w) for w in QApplication.topLevelWidgets())
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(True)
    for widget in QApplication.topLevelWidgets():  # the run's window outlives it (a process would end)
        if id(widget) not in _earlier:
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


#: Windows of earlier tests, not yet deleted: not the run's.
_earlier: set[int] = set()


class Steps:
    """Run `steps` in order from the event loop, each once its condition holds; give up after a bound."""

    def __init__(self, steps: list[tuple[Callable[[], bool], Callable[[], object]]]) -> None:
        self.steps = steps
        self.turns = 0
        self.done: list[int] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._turn)
        self.timer.start()

    def _turn(self) -> None:
        self.turns += 1
        if self.turns > 3000:  # a bound on the turns, so a broken step ends the test, not hangs it
            self.timer.stop()
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, MainWindow):
                    widget.quit()
            QApplication.quit()
            return
        step = len(self.done)
        if step >= len(self.steps):
            self.timer.stop()
            return
        ready, act = self.steps[step]
        if ready():
            self.done.append(step)
            act()


def main_window() -> MainWindow | None:
    """The window this run made (an earlier test's may not be deleted yet)."""
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and id(w) not in _earlier),
        None,
    )


def presence() -> Presence:
    window = main_window()
    assert window is not None
    found = window.findChild(QObject, "tray-presence")
    assert isinstance(found, Presence)
    return found


def second_start(folder: Path, clients: list[QLocalSocket]) -> None:
    """What a second `journal` start does first: ask the running one to come forward."""
    client = QLocalSocket()
    client.connectToServer(server_name(folder))
    client.write(REQUEST)
    client.flush()
    clients.append(client)


def test_started_in_the_tray_the_window_waits_hidden_until_a_second_start(
    qtbot: QtBot, data_dir: Path, journal_app: ModuleType
) -> None:
    seen: dict[str, object] = {}
    clients: list[QLocalSocket] = []

    def hidden() -> None:
        window = main_window()
        seen["visible at start"] = window is not None and window.isVisible()
        seen["icon"] = presence().icon.isVisible()
        seen["tooltip"] = presence().tooltip_text
        second_start(data_dir, clients)

    steps = Steps(
        [
            (lambda: main_window() is not None, hidden),
            (lambda: main_window() is not None and main_window().isVisible(), lambda: presence().quit()),
        ]
    )
    status = journal_app.run(str(data_dir), tray=True)
    assert steps.done == [0, 1]
    assert status == 0
    assert seen == {
        "visible at start": False,
        "icon": True,
        "tooltip": "Kratom Journal\nNo dose logged yet · the last 24 h under the cited 12 to 15 g",
    }


def test_an_encrypted_journal_waits_locked_in_the_tray_then_asks_for_its_passphrase(
    qtbot: QtBot, data_dir: Path, clock: FakeClock, journal_app: ModuleType
) -> None:
    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    journal.change_passphrase(PASSPHRASE)
    journal.close()
    seen: dict[str, object] = {}

    def waiting_icon() -> WaitingTray | None:
        return next((w for w in QApplication.instance().findChildren(WaitingTray)), None)  # type: ignore[union-attr]

    def open_from_tray() -> None:
        waiting = waiting_icon()
        assert waiting is not None
        seen["waiting tip"] = waiting.icon.toolTip()
        seen["window before"] = main_window() is not None
        waiting.open_action.trigger()

    def dialog() -> QWidget | None:
        return next(
            (w for w in QApplication.topLevelWidgets() if type(w).__name__ == "PassphraseDialog"), None
        )

    def type_passphrase() -> None:
        asked: object = dialog()
        asked.field.setText(PASSPHRASE)  # type: ignore[attr-defined]
        asked._try()  # type: ignore[attr-defined]

    def shown() -> None:
        window = main_window()
        assert window is not None
        seen["window after"] = window.isVisible()
        window.quit()

    steps = Steps(
        [
            (lambda: waiting_icon() is not None and waiting_icon().icon.isVisible(), open_from_tray),  # type: ignore[union-attr]
            (lambda: dialog() is not None and dialog().isVisible(), type_passphrase),  # type: ignore[union-attr]
            (
                lambda: (
                    main_window() is not None
                    and main_window().isVisible()  # type: ignore[union-attr]
                    and main_window().findChild(QObject, "tray-presence") is not None
                ),  # type: ignore[union-attr]
                shown,
            ),
        ]
    )
    status = journal_app.run(str(data_dir), tray=True)
    assert steps.done == [0, 1, 2]
    assert status == 0
    assert seen == {
        "waiting tip": "Kratom Journal (locked): open it to type your passphrase",
        "window before": False,  # nothing of the journal is loaded while it waits
        "window after": True,
    }


def test_the_waiting_icon_answers_open_or_quit(qtbot: QtBot) -> None:
    opening = WaitingTray()
    QTimer.singleShot(0, opening.open_action.trigger)
    assert opening.wait() is True
    assert not opening.icon.isVisible()
    quitting = WaitingTray()
    QTimer.singleShot(0, quitting.quit_action.trigger)
    assert quitting.wait() is False
