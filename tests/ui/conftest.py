"""Fixtures for window tests: a main window over a fresh journal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from journal.service import Journal
from journal.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, journal: Journal) -> Iterator[MainWindow]:
    win = MainWindow(journal)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
