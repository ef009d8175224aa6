"""The main window: shortcuts reach every action, undo covers logging, welcome shows once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.domain.entities import Form, Product, Unit
from journal.service.demo import generate, write_demo
from journal.service.journal import Journal
from journal.ui.dialogs.breaks import EndBreakDialog, StartBreakDialog
from journal.ui.dialogs.pain_checkin import PainCheckin
from journal.ui.dialogs.symptom_checkin import SymptomCheckin
from journal.ui.dialogs.welcome import WelcomeDialog
from journal.ui.main_window import MainWindow
from tests.conftest import ZONE, FakeClock
from tests.ui.saving import wait_saved

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_every_page_has_a_numbered_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6]
    for index, key in enumerate(keys):
        qtbot.keyClick(window, key, CTRL)
        assert window.pages.currentIndex() == index
        assert f"Ctrl+{index + 1}" in window.page_actions[index].toolTip()


def test_shortcuts_open_the_check_ins(qtbot: QtBot, window: MainWindow) -> None:
    for key, mods, kind in (
        (Qt.Key.Key_S, CTRL_SHIFT, SymptomCheckin),
        (Qt.Key.Key_K, CTRL_SHIFT, PainCheckin),
        (Qt.Key.Key_B, CTRL, StartBreakDialog),
    ):
        qtbot.keyClick(window, key, mods)
        assert isinstance(window.dialog, kind)
        window.dialog.close()


def test_break_shortcut_ends_a_running_break(qtbot: QtBot, window: MainWindow) -> None:
    window.journal.start_break(None, "tolerance")
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL)
    assert isinstance(window.dialog, EndBreakDialog)
    window.dialog.close()


def test_undo_and_redo_a_logged_intake(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(window.log.amount, "3")
    qtbot.keyClick(window.log.amount, Qt.Key.Key_Return)
    wait_saved(qtbot, window.log)
    assert len(window.journal.entries.intakes()) == 1
    assert "Ctrl+Z to undo" in window.statusBar().currentMessage()
    window.show_page(0)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert window.journal.entries.intakes() == []
    assert window.today.values["today"].text().startswith("0 g")
    window.undo_stack.redo()
    assert len(window.journal.entries.intakes()) == 1


def test_preset_logs_in_one_click_and_can_be_undone(qtbot: QtBot, window: MainWindow) -> None:
    caps = window.journal.products.add(Product("Caps", usual_form=Form.CAPSULES, capsule_g=Decimal("0.5")))
    window.log.reload_products()
    window.log.product.setCurrentIndex(window.log.product.findText("Caps"))
    assert Unit(window.log.unit.currentData()) is Unit.CAPS
    qtbot.keyClicks(window.log.amount, "4")
    qtbot.keyClick(window.log.amount, Qt.Key.Key_Return)
    wait_saved(qtbot, window.log)
    window.show_page(0)
    (button,) = window.today.preset_buttons
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, window.today)
    intakes = window.journal.entries.intakes()
    assert [(i.amount, i.unit, i.product_id) for i in intakes] == [(Decimal(4), Unit.CAPS, caps.id)] * 2
    window.undo_stack.undo()
    assert len(window.journal.entries.intakes()) == 1


def test_welcome_is_shown_once(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.maybe_welcome()
    assert isinstance(dialog, WelcomeDialog)
    dialog.accept()
    qtbot.waitUntil(lambda: window.journal.settings.welcomed)
    assert window.maybe_welcome() is None


def test_the_window_fits_a_small_screen(qtbot: QtBot, window: MainWindow) -> None:
    """At 1024x600 the window fits the screen on every page; a page wider than that scrolls inside it."""
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
    for index in range(window.pages.count()):
        window.show_page(index)
        qtbot.wait(1)
        smallest = window.minimumSizeHint()
        assert smallest.width() <= 1024 and smallest.height() <= 600, (index, smallest)
    window.resize(1024, 600)
    window.show_page(0)
    qtbot.wait(10)
    page = window.today
    # Today itself needs no scrolling at 1024x600: its smallest size fits the space it is given.
    assert page.minimumSizeHint().width() <= window.page_area.viewport().width()


def test_no_page_scrolls_at_1024_by_600(qtbot: QtBot, journal: Journal, clock: FakeClock) -> None:
    """With a real journal's long names in the filters and legends, each page fits beside the page
    list: nothing to scroll sideways, and no page but Settings (which scrolls its own groups) is
    taller than the room. Today is looked at with a taper plan running (its tile shows then)."""
    write_demo(journal, generate(0.3, seed=2, end=clock.now, zone=ZONE))
    journal.taper.set("6", "3", "0.5", 7, journal.now().local.date() - timedelta(days=10))
    window = MainWindow(journal)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    with qtbot.waitExposed(window):
        window.show()
    area = window.page_area
    for index in range(window.pages.count()):
        window.show_page(index)
        qtbot.wait(20)
        page = window.pages.currentWidget()
        name = window.nav.item(index).text()
        assert page.minimumSizeHint().width() <= area.viewport().width(), name
        assert not area.horizontalScrollBar().isVisible(), name
        assert not area.verticalScrollBar().isVisible(), name
