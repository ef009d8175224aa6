"""Help → About: name, version, licence, not medical advice, the cited texts, the journal's folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

import journal
from journal import resources
from journal.ui.dialogs.about import AboutDialog
from journal.ui.main_window import MainWindow


class FileManager(QObject):
    """Stands in for the desktop's file manager: records the folders it is asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def file_manager() -> Iterator[FileManager]:
    manager = FileManager()
    QDesktopServices.setUrlHandler("file", manager, "show")
    yield manager
    QDesktopServices.unsetUrlHandler("file")


def _about_action(window: MainWindow) -> QAction:
    (help_menu,) = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Help"]
    (action,) = [a for a in help_menu.actions() if a.text().startswith("&About")]
    return action


def test_about_from_the_help_menu(qtbot: QtBot, window: MainWindow) -> None:
    action = _about_action(window)
    assert action.toolTip().startswith("Version, licence, the cited texts")
    action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    heading = dialog.heading.text()
    assert "Kratom Journal" in heading
    assert f"Version {journal.__version__}" in heading
    text = dialog.text.text()
    assert "GPL-3.0-or-later" in text
    assert "no warranty" in text
    assert "Not medical advice" in text
    for source in resources.sources():
        assert source.title in text and source.file not in text, "named by title, never by file"
    folder = window.journal.path.parent
    assert str(folder) in dialog.folder_label.text()
    assert dialog.open_button.accessibleName() == "Open the journal's folder"
    assert dialog.close_button.toolTip() == "Close (Esc)"


def test_open_folder_hands_the_folder_to_the_file_manager(
    qtbot: QtBot, window: MainWindow, file_manager: FileManager
) -> None:
    _about_action(window).trigger()
    dialog = window.dialog
    assert isinstance(dialog, AboutDialog)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in file_manager.opened] == [str(window.journal.path.parent)]


def test_escape_closes_about(qtbot: QtBot, window: MainWindow) -> None:
    _about_action(window).trigger()
    dialog = window.dialog
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
