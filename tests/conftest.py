"""Shared fixtures: every test gets its own data folder and a fixed time zone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from journal.service.journal import Journal

ZONE = "Europe/Berlin"


@pytest.fixture(autouse=True)
def _private_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the real user folders."""
    monkeypatch.setenv("JOURNAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("TZ", ZONE)
    # Nor the desktop's session bus: notifications fall back unless a test runs its own bus.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-session-bus'}")


class FakeClock:
    """A settable clock so tests decide what "now" is."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def journal(data_dir: Path, clock: FakeClock) -> Iterator[Journal]:
    j = Journal.open(data_dir, zone=ZONE, clock=clock)
    yield j
    j.close()
