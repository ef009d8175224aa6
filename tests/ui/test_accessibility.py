"""Every page and the main dialogs, through the accessibility tree and the keyboard.

The tree is the one Qt gives a screen reader (see tests/ui/accessibility.py); Tab is
pressed as a person presses it, and each step must go on in reading order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from journal.domain.entities import Kind
from journal.service.demo import generate, write_demo
from journal.service.journal import Journal
from journal.ui.dialogs.sources import SourcesPage
from journal.ui.main_window import MainWindow
from tests.conftest import ZONE, FakeClock
from tests.ui.accessibility import backwards, tab_chain, unnamed


@pytest.fixture
def full(qtbot: QtBot, journal: Journal, clock: FakeClock) -> Iterator[MainWindow]:
    """A window over a few weeks of made-up entries, so every page has something on it."""
    write_demo(journal, generate(0.1, seed=4, end=clock.now, zone=ZONE))
    window = MainWindow(journal)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window


def test_the_check_hears_what_a_screen_reader_hears(qtbot: QtBot) -> None:
    """A combo box named only by accessibleName, and a button with no text, have no name to speak."""
    root = QWidget()
    column = QVBoxLayout(root)
    alone = QComboBox()
    alone.addItem("g")
    alone.setAccessibleName("Unit")
    labelled = QComboBox()
    labelled.addItem("capsules")
    label = QLabel("&Form")
    label.setBuddy(labelled)
    bare = QPushButton()
    named = QPushButton()
    named.setAccessibleName("Close")
    for widget in (alone, label, labelled, bare, named):
        column.addWidget(widget)
    qtbot.addWidget(root)
    root.show()
    found = {(u.role, u.widget) for u in unnamed(root)}
    assert ("Button", "QPushButton") in found
    assert len(unnamed(root)) == 2  # the combo box read as "g", and the bare button
    assert any(u.role == "ComboBox" and u.value == "g" for u in unnamed(root))


def _pages(window: MainWindow) -> Iterator[str]:
    """Show each page (and each chart) in turn; yields what is on show."""
    for index in range(window.pages.count()):
        window.show_page(index)
        page = window.pages.currentWidget()
        if page is window.charts:
            for tab in range(window.charts.tabs.count()):
                window.charts.tabs.setCurrentIndex(tab)
                yield f"Charts: {window.charts.tabs.tabText(tab)}"
        else:
            yield window.nav.item(index).text()


def _dialogs(window: MainWindow) -> list[tuple[str, Callable[[], QDialog]]]:
    def edit_intake() -> QDialog:
        window.show_page(window.pages.indexOf(window.history))
        history = window.history
        intake = window.journal.entries.intakes()[-1]
        assert intake.id is not None
        history.select_entry(Kind.INTAKE, intake.id)
        history.edit_selected()
        assert history.dialog is not None
        return history.dialog

    return [
        ("symptom check-in", window.symptom_checkin),
        ("pain check-in", window.pain_checkin),
        ("withdrawal check-in", window.withdrawal_checkin),
        ("break", window.toggle_break),
        ("sources", window.show_sources),
        ("welcome", window.show_welcome),
        ("clinician summary", window.clinician_summary),
        ("add product", window.add_product),
        ("edit intake", edit_intake),
    ]


def test_every_control_has_a_name_a_screen_reader_speaks(qtbot: QtBot, full: MainWindow) -> None:
    missing: list[str] = []
    for shown in _pages(full):
        qtbot.wait(5)
        missing += [f"{shown}: {u}" for u in unnamed(full)]
    for name, open_dialog in _dialogs(full):
        dialog = open_dialog()
        qtbot.waitExposed(dialog)
        missing += [f"{name}: {u}" for u in unnamed(dialog)]
        dialog.close()
    assert not missing, "\n".join(missing)


def test_tab_follows_the_layout_on_every_page(qtbot: QtBot, full: MainWindow) -> None:
    wrong: list[str] = []
    for index in range(full.pages.count()):
        full.show_page(index)
        page = full.pages.currentWidget()
        if page is full.log:  # an unusually large amount: its confirmation and findings' links show
            full.log.amount.setFocus()
            qtbot.keyClicks(full.log.amount, "60")
            for _ in range(2):  # past the unit, the confirmation under the amount
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is full.log.confirm_large
            qtbot.keyClick(full.log.confirm_large, Qt.Key.Key_Space)
            assert full.log.panel.finding_links
        qtbot.wait(5)
        first = page.nextInFocusChain()
        while not (
            first.isVisible() and first.isEnabled() and first.focusPolicy() & 1
        ) or not page.isAncestorOf(first):
            first = first.nextInFocusChain()
        chain = tab_chain(qtbot, first, within=page)
        if page is full.log:
            log = full.log
            assert chain[:4] == [log.amount, log.unit, log.confirm_large, log.form]
            assert chain[-len(log.panel.finding_links) - 1 :] == [log.save_button, *log.panel.finding_links]
        wrong += [f"{full.nav.item(index).text()}: {step}" for step in backwards(chain)]
    assert not wrong, "\n".join(wrong)


def _position(widget: QWidget, window: QWidget) -> tuple[int, int]:
    at = widget.mapTo(window, widget.rect().topLeft())
    return at.y(), at.x()


def test_tab_follows_the_layout_in_every_dialog(qtbot: QtBot, full: MainWindow) -> None:
    wrong: list[str] = []
    for name, open_dialog in _dialogs(full):
        dialog = open_dialog()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        start = QApplication.focusWidget()
        assert start is not None and dialog.isAncestorOf(start), name
        chain = tab_chain(qtbot, start, within=dialog)
        # From where the dialog puts the focus, round to it again: one lap in reading order from the top.
        top = min(range(len(chain)), key=lambda i: _position(chain[i], dialog))
        lap = chain[top:] + chain[:top]
        wrong += [f"{name}: {step}" for step in backwards(lap)]
        dialog.close()
    assert not wrong, "\n".join(wrong)


def test_the_sources_pages_links_open_from_the_keyboard(qtbot: QtBot) -> None:
    """Tab moves from link to link in the Sources page's text; Enter opens the source's full text."""
    page = SourcesPage()
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.browser.setFocus()
    qtbot.keyClick(page.browser, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.browser
    assert page.browser.textCursor().selectedText() == "read the full text"
    qtbot.keyClick(page.browser, Qt.Key.Key_Return)
    (opened,) = page.text_dialogs
    assert opened.file_name == page.sources.sources[0].file
