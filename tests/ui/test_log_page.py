"""Driving the intake form as a person would: keys, clicks, and what they see."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journal.domain.entities import Level
from journal.ui.main_window import MainWindow
from tests.ui.saving import wait_saved


def _type_amount(qtbot: QtBot, window: MainWindow, text: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.log
    form.amount.clear()
    qtbot.keyClicks(form.amount, text)


def _panel_text(window: MainWindow) -> str:
    panel = window.log.panel
    return " ".join([panel.total.text(), *(label.text() for label in panel.finding_labels)])


def test_guidance_updates_live_while_typing(qtbot: QtBot, window: MainWindow) -> None:
    _type_amount(qtbot, window, "4")
    assert "Rolling 24-hour total: 4 g" in _panel_text(window)
    assert "Within the cited ranges" in _panel_text(window)
    qtbot.keyClicks(window.log.amount, ",5")  # 4,5 in any locale
    assert "4.5 g" in _panel_text(window)
    qtbot.keyClick(window.log.amount, Qt.Key.Key_Backspace)
    qtbot.keyClick(window.log.amount, Qt.Key.Key_Backspace)
    qtbot.keyClicks(window.log.amount, "6")
    text = _panel_text(window)
    assert "Notice" in text and "above the cited starting dose of 1 to 5 g" in text


def test_enter_saves_and_findings_stay_with_the_entry(qtbot: QtBot, window: MainWindow) -> None:
    for amount in ("4.5", "4.5", "4.5"):
        _type_amount(qtbot, window, amount)
        with qtbot.waitSignal(window.log.saved):
            qtbot.keyClick(window.log.amount, Qt.Key.Key_Return)
    saved = window.journal.entries.intakes()
    assert [str(i.amount) for i in saved] == ["4.5", "4.5", "4.5"]
    last = saved[-1].findings
    assert [f.level for f in last] == [Level.CAUTION]
    assert last[0].total_mg == 13_500
    assert window.log.amount.text() == ""
    assert "1 finding kept" in window.log.status.text()
    window.show_page(0)  # Today is brought up to date when it is shown
    assert window.today.values["today"].text().startswith("13.5 g")


def test_warning_over_fifteen_grams_has_a_source_link(qtbot: QtBot, window: MainWindow) -> None:
    _type_amount(qtbot, window, "9")
    qtbot.keyClick(window.log.amount, Qt.Key.Key_Return)
    wait_saved(qtbot, window.log)
    _type_amount(qtbot, window, "7")
    panel = window.log.panel
    index = next(i for i, label in enumerate(panel.finding_labels) if "Warning" in label.text())
    assert "16 g" in panel.finding_labels[index].text()
    # The link is reached with the keyboard: Tab from Save goes through the findings' links in order.
    window.log.save_button.setFocus()
    for _ in range(index + 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    link = panel.finding_links[index]
    assert QApplication.focusWidget() is link and link.text() == "source"
    assert link.accessibleName() == "Where the warning comes from"
    with qtbot.waitSignal(panel.source_opened) as opened:
        qtbot.keyClick(link, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert "12 to 15 grams within a 24-hour period" in dialog.text.text()
    assert "Source:</b> Side effects, dosage and regulation" in dialog.text.text(), "named by its title"
    assert ".txt" not in dialog.text.text()
    dialog.close()


def test_bad_amount_keeps_text_and_saves_nothing(qtbot: QtBot, window: MainWindow) -> None:
    for bad in ("abc", "0", "-2"):
        _type_amount(qtbot, window, bad)
        qtbot.keyClicks(window.log.notes, "a note to keep")
        qtbot.mouseClick(window.log.save_button, Qt.MouseButton.LeftButton)
        wait_saved(qtbot, window.log)
        assert window.log.amount_error.isVisible()
        assert window.log.amount.text() == bad
        assert window.log.notes.toPlainText().endswith("a note to keep")
        assert "Not saved" in window.log.status.text()
    assert window.journal.entries.intakes() == []


def test_future_time_is_refused_at_the_time_field(qtbot: QtBot, window: MainWindow) -> None:
    form = window.log
    _type_amount(qtbot, window, "3")
    form.set_time(form.journal.now().local + timedelta(hours=2))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.time_error.isVisible() and "future" in form.time_error.text()
    assert form.amount.text() == "3"
    assert window.journal.entries.intakes() == []


def test_back_dating_with_one_hour_ago(qtbot: QtBot, window: MainWindow) -> None:
    form = window.log
    _type_amount(qtbot, window, "2")
    qtbot.mouseClick(form.hour_ago, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    (saved,) = window.journal.entries.intakes()
    assert window.journal.clock() - saved.at.utc == timedelta(hours=1)


def test_unusually_large_amount_needs_confirmation(qtbot: QtBot, window: MainWindow) -> None:
    form = window.log
    _type_amount(qtbot, window, "80")
    qtbot.keyClick(form.amount, Qt.Key.Key_Return)
    wait_saved(qtbot, form)
    assert form.confirm_large.isVisible()
    assert window.journal.entries.intakes() == []
    qtbot.keyClick(form.confirm_large, Qt.Key.Key_Space)
    assert form.confirm_large.isChecked()
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.amount, Qt.Key.Key_Return)
    assert [str(i.amount) for i in window.journal.entries.intakes()] == ["80"]


def test_new_product_typed_inline_is_created_on_save(qtbot: QtBot, window: MainWindow) -> None:
    form = window.log
    _type_amount(qtbot, window, "3")
    form.product.lineEdit().clear()
    qtbot.keyClicks(form.product.lineEdit(), "Green Maeng Da")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    (product,) = window.journal.products.all()
    assert product.name == "Green Maeng Da"
    assert window.journal.entries.intakes()[0].product_id == product.id


def test_page_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.log
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.today
    assert window.today.empty.isVisible()
