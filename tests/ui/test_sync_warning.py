"""A journal in a synced folder: Settings says so beside the folder; the window says so once, on top."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from journal.service.journal import Journal
from journal.ui.main_window import MainWindow
from journal.ui.pages.settings import SettingsPage
from tests.conftest import ZONE, FakeClock


@pytest.fixture
def synced_journal(tmp_path: Path, clock: FakeClock) -> Iterator[Journal]:
    """A journal inside a Syncthing-shared folder (the marker sits in a parent)."""
    shared = tmp_path / "shared"
    (shared / ".stfolder").mkdir(parents=True)
    j = Journal.open(shared / "journal", zone=ZONE, clock=clock)
    yield j
    j.close()


def test_settings_shows_the_warning_with_an_icon_and_words(qtbot: QtBot, synced_journal: Journal) -> None:
    page = SettingsPage(synced_journal)
    qtbot.addWidget(page)
    page.show()
    warning = page.folder_warning
    assert warning.isVisible()
    assert not warning.icon.pixmap().isNull()
    text = warning.text.text()
    assert text.startswith("<b>Warning:</b>")
    assert "Syncthing" in text and "broken or conflicting copies" in text
    assert "Syncthing" in warning.accessibleDescription()
    assert warning.dismiss_button is None  # in Settings it stays while the folder is synced
    notes = [w.text() for w in page.findChildren(QLabel) if w.accessibleName() == "Data folder note"]
    assert len(notes) == 1
    assert "no network" not in notes[0]  # no "it stays on this computer" beside the warning


def test_a_local_folder_shows_no_warning(qtbot: QtBot, journal: Journal) -> None:
    page = SettingsPage(journal)
    qtbot.addWidget(page)
    page.show()
    assert page.folder_warning_text is None
    assert not page.folder_warning.isVisible()


def test_the_window_shows_a_dismissible_banner_at_start(qtbot: QtBot, synced_journal: Journal) -> None:
    window = MainWindow(synced_journal)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    banner = window.folder_banner
    assert banner.isVisible()
    assert banner.geometry().top() <= window.page_area.geometry().top()  # above the pages
    assert "in a synced or network folder" in window.statusBar().currentMessage()
    assert banner.dismiss_button is not None
    with qtbot.waitSignal(banner.dismissed):
        qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    window.show_page(5)
    assert window.settings_page.folder_warning.isVisible()  # still explained where the folder is


def test_the_window_on_a_local_folder_has_no_banner(window: MainWindow) -> None:
    assert not window.folder_banner.isVisible()
    assert "stays on this computer" in window.statusBar().currentMessage()
