"""Fixtures for window tests: a main window over a fresh journal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from journal.service.journal import Journal

if TYPE_CHECKING:
    from journal.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, journal: Journal) -> Iterator[MainWindow]:
    from journal.ui.main_window import MainWindow

    win = MainWindow(journal)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    yield win


@pytest.fixture(autouse=True)
def _no_thread_left() -> Iterator[None]:
    """Saves and other work run on a worker thread: none outlives a test."""
    from journal.ui import tasks

    yield
    assert tasks.wait_for_idle(30_000)
    assert tasks.active_threads() == 0
    assert not tasks.writes_pending()
