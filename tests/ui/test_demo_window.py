"""A demonstration journal says what it is, and asks before throwing away what was logged in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from journal.service.demo import generate, write_demo
from journal.service.journal import Journal
from journal.ui.dialogs.welcome import WelcomeDialog
from journal.ui.main_window import MainWindow
from journal.ui.theme import apply_theme
from tests.conftest import ZONE, FakeClock
from tests.ui.contrast import MINIMUM, text_pairs
from tests.ui.saving import wait_saved


@pytest.fixture
def demo(qtbot: QtBot, journal: Journal, clock: FakeClock) -> Iterator[MainWindow]:
    write_demo(journal, generate(0.05, seed=3, end=clock.now, zone=ZONE))
    window = MainWindow(journal, demo=True)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    yield window


def _answer(window: MainWindow, button: str, asked: list[str]) -> None:
    """Click `button` of the question the close asks, once it is shown (it runs its own event loop)."""

    def click() -> None:
        box = window.demo_question
        assert isinstance(box, QMessageBox)
        asked.append(f"{box.text()} {box.informativeText()}")
        (chosen,) = [b for b in box.buttons() if b.text() == button]
        chosen.click()

    QTimer.singleShot(0, click)


def test_the_demonstration_says_what_it_is(qtbot: QtBot, demo: MainWindow) -> None:
    assert "demonstration" in demo.windowTitle()
    assert demo.demo_banner is not None
    for index in range(demo.pages.count()):
        demo.show_page(index)
        assert demo.demo_banner.isVisible(), index
    banner = demo.demo_banner.text.text()
    assert "Demonstration journal" in banner and "made-up" in banner and "thrown away" in banner
    assert "Demonstration journal" in demo.demo_banner.accessibleDescription()
    status = demo.statusBar().currentMessage()
    assert "Demonstration journal" in status and str(demo.journal.folder) not in status
    welcome = demo.maybe_welcome()
    assert isinstance(welcome, WelcomeDialog)
    text = welcome.text.text()
    assert "demonstration" in welcome.windowTitle()
    assert "made up" in text and "thrown away when you close the window" in text and "--demo" in text
    assert str(demo.journal.folder) not in text  # not "Your journal is one file in /tmp/…"
    welcome.accept()


@pytest.mark.parametrize("look", ["light", "dark"])
def test_the_band_reads_in_both_looks(qtbot: QtBot, demo: MainWindow, qapp: QApplication, look: str) -> None:
    apply_theme(qapp, look)
    try:
        qtbot.wait(10)
        assert demo.demo_banner is not None
        pairs = list(text_pairs(demo.demo_banner))
        assert pairs and all(p.ratio >= MINIMUM for p in pairs), [str(p) for p in pairs]
    finally:
        apply_theme(qapp, "system")


def test_closing_asks_only_when_something_was_logged(qtbot: QtBot, demo: MainWindow) -> None:
    assert demo.close(), "nothing logged: closes without a question"
    demo.show()
    qtbot.keyClick(demo, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(demo.log.amount, "2.5")
    qtbot.keyClick(demo.log.amount, Qt.Key.Key_Return)
    wait_saved(qtbot, demo.log)
    assert demo.logged_in_demo() == {"intakes": 1}
    asked: list[str] = []
    _answer(demo, "Keep it open", asked)
    assert not demo.close()
    assert demo.isVisible()
    assert asked and "You logged 1 intake in this demonstration journal" in asked[0]
    assert "thrown away" in asked[0] and "without --demo" in asked[0]
    _answer(demo, "Close and throw it away", asked)
    assert demo.close()
    assert len(asked) == 2 and not demo.isVisible()


def test_a_journal_of_your_own_says_where_it_is(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No demonstration band; the status bar names the file from the home folder ("~/…")."""
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / ".local" / "share" / "kratom-journal"
    folder.mkdir(parents=True)
    journal = Journal.open(folder, zone=ZONE, clock=clock)
    try:
        window = MainWindow(journal)
        qtbot.addWidget(window)
        window.show()
        assert window.demo_banner is None and window.windowTitle() == "Kratom Journal"
        status = window.statusBar().currentMessage()
        assert status.startswith("Journal: ~/.local/share/kratom-journal/journal.sqlite3 · ")
        assert str(tmp_path) not in status
        backups = window.settings_page.safety.backup_state.text()
        assert "they will be kept in ~/.local/share/kratom-journal/backups." in backups
        welcome = window.show_welcome()
        assert isinstance(welcome, WelcomeDialog)
        assert "<b>~/.local/share/kratom-journal</b>" in welcome.text.text()
        welcome.close()
        assert window.close(), "a journal of your own closes without a question"
    finally:
        journal.close()
