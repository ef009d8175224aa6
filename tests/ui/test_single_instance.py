"""The first window's side: a client's "raise" brings the main window forward; anything else does not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journal.service.instance import held_elsewhere
from journal.ui.main_window import MainWindow
from journal.ui.single_instance import (
    ANSWER,
    EXIT_OPEN_ELSEWHERE,
    REQUEST,
    InstanceServer,
    SingleInstance,
    claim,
    server_name,
    server_path,
)

WAIT_MS = 5000


def _send(qtbot: QtBot, name: str, payload: bytes) -> QLocalSocket:
    """A client as a second start is one, driven by signals so this event loop keeps serving."""
    client = QLocalSocket()
    with qtbot.waitSignal(client.connected, timeout=WAIT_MS):
        client.connectToServer(name)
    client.write(payload)
    client.flush()
    return client


@pytest.fixture
def server(data_dir: Path) -> Iterator[InstanceServer]:
    server = InstanceServer(data_dir)
    assert server.listen()
    yield server
    server.close()


def test_raise_brings_a_minimised_window_forward_and_answers(
    qtbot: QtBot, window: MainWindow, server: InstanceServer
) -> None:
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=WAIT_MS)
    with qtbot.waitSignal(server.raise_requested, timeout=WAIT_MS):
        client = _send(qtbot, server.name, REQUEST)
    qtbot.waitUntil(client.canReadLine, timeout=WAIT_MS)
    assert bytes(client.readLine().data()) == ANSWER
    assert not window.isMinimized()
    assert window.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)


def test_anything_but_raise_is_ignored(qtbot: QtBot, window: MainWindow, server: InstanceServer) -> None:
    calls: list[bool] = []
    server.raise_requested.connect(lambda: calls.append(True))
    client = _send(qtbot, server.name, b"delete everything\n")
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=WAIT_MS)
    assert calls == []
    assert client.bytesAvailable() == 0
    # and a real request afterwards still works: the server kept serving
    with qtbot.waitSignal(server.raise_requested, timeout=WAIT_MS):
        _send(qtbot, server.name, REQUEST)


def test_the_socket_is_private_and_named_for_the_folder(data_dir: Path, server: InstanceServer) -> None:
    path = server_path(data_dir)
    assert path.exists()
    assert path.stat().st_mode & 0o077 == 0  # this user only
    assert server_name(data_dir) != server_name(data_dir / "other")
    assert server_name(data_dir) == server_name(data_dir / "." / "")  # the resolved path counts


def test_claim_holds_the_folder_and_a_second_claim_in_time_is_refused(qtbot: QtBot, data_dir: Path) -> None:
    """The second claim here cannot be answered (this thread is busy asking), so it reports failure."""
    first = claim(data_dir)
    assert isinstance(first, SingleInstance)
    try:
        assert first.lock.held
        assert claim(data_dir, wait_ms=200) == EXIT_OPEN_ELSEWHERE
    finally:
        first.close()
    assert not held_elsewhere(data_dir)
    again = claim(data_dir)
    assert isinstance(again, SingleInstance)
    again.close()
