"""The notifier's way to the session bus: only a Unix socket, else the fallback, and it says so once.

A real bus and notification server: tests/e2e/test_notifications.py.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from journal.ui.reminders import notifications
from journal.ui.reminders.notifications import Notifier, bus_address


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every address a socket of this process tries to connect to."""
    seen: list[object] = []
    real = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        seen.append(address)
        real(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


def _shown(qtbot: QtBot, notifier: Notifier) -> list[tuple[str, str, str]]:
    fell_back: list[tuple[str, str, str]] = []
    notifier.fallback.connect(lambda *args: fell_back.append(args))
    notifier.show("daily-checkin", "Evening check-in", "Anything to log today?")
    notifier.show("daily-checkin", "Evening check-in", "Anything to log today?")
    return fell_back


def test_a_bus_over_tcp_is_never_used(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, connects: list[object]
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "tcp:host=127.0.0.1,port=9")
    notifier = Notifier()
    fell_back = _shown(qtbot, notifier)
    assert fell_back == [("daily-checkin", "Evening check-in", "Anything to log today?")] * 2
    assert connects == []  # not even tried: jeepney knows only Unix sockets
    assert notifier.available is False and not notifier.supports_actions
    assert notifier.sent == []


def test_no_bus_at_its_address_falls_back_once_tried(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, connects: list[object]
) -> None:
    missing = tmp_path / "no-bus"
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={missing}")
    notifier = Notifier()
    fell_back = _shown(qtbot, notifier)
    assert len(fell_back) == 2
    assert connects == [str(missing)]  # tried once; the next one, soon after, goes straight to the fallback


def test_the_service_is_tried_again_a_minute_later(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, connects: list[object]
) -> None:
    """A journal started with the desktop can be up before the desktop's notification service."""
    missing = tmp_path / "no-bus-yet"
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={missing}")
    now = [1000.0]
    monkeypatch.setattr(notifications, "monotonic", lambda: now[0])
    notifier = Notifier()
    _shown(qtbot, notifier)
    assert len(connects) == 1
    now[0] += notifications.RETRY_AFTER_S - 1
    _shown(qtbot, notifier)
    assert len(connects) == 1
    now[0] += 1
    _shown(qtbot, notifier)
    assert connects == [str(missing)] * 2


def test_the_bus_address_as_libdbus_finds_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert bus_address() is None
    (tmp_path / "bus").touch()
    assert bus_address() == f"unix:path={tmp_path / 'bus'}"
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/elsewhere")
    assert bus_address() == "unix:path=/elsewhere"
