"""Your taper plan, driven as a person would: set it from the keyboard (Ctrl+Shift+T), see today's
planned amount and what is left on Today, log over it (the live "over your plan" line beside the
cited findings), pause, resume and end it, each undone with Ctrl+Z."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTableWidget
from pytestqt.qtbot import QtBot

from journal.domain.times import resolve_local
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui.dialogs.taper_plan import TaperPlanDialog
from journal.ui.main_window import MainWindow
from tests.conftest import ZONE
from tests.ui.saving import wait_saved

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_plan(qtbot: QtBot, window: MainWindow) -> TaperPlanDialog:
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL_SHIFT)
    dialog = window.dialog
    assert isinstance(dialog, TaperPlanDialog) and dialog.isVisible()
    return dialog


def set_plan(qtbot: QtBot, window: MainWindow) -> TaperPlanDialog:
    """8 g down to 4 g, 0.5 g less every 7 days, from 1 March: 7.5 g on 10 March (the clock's day)."""
    dialog = open_plan(qtbot, window)
    assert "No plan running" in dialog.current.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.start)
    qtbot.keyClicks(dialog.start, "8")
    qtbot.keyClick(dialog.start, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "4")
    qtbot.keyClicks(dialog.step, "0,5")
    qtbot.keyClicks(dialog.first, "2026-03-01")
    qtbot.keyClick(dialog.first, Qt.Key.Key_Return)
    wait_saved(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return dialog


def undo(qtbot: QtBot, window: MainWindow) -> None:
    window.undo_stack.undo()  # as Edit → Undo (Ctrl+Z) does


def test_setting_a_plan_shows_today_and_undo_takes_it_back(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    today = window.today
    assert not today.plan_tile.isVisibleTo(window)
    set_plan(qtbot, window)
    plan = journal.taper.active()
    assert plan is not None and (plan.start_g, plan.target_g, plan.step_g, plan.every_days) == (
        Decimal(8),
        Decimal(4),
        Decimal("0.5"),
        7,
    )
    window.show_page(0)
    assert today.plan_tile.isVisibleTo(window)
    assert today.values["plan"].text().startswith("7.5 g planned · 0 g taken · 7.5 g left.")
    assert "Your plan today (your own, not guidance)" in today.values["plan"].accessibleName()
    undo(qtbot, window)
    assert journal.taper.all() == []
    window.show_page(0)
    assert not today.plan_tile.isVisibleTo(window)


def test_logging_over_the_plan_says_so_live_beside_the_findings(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    journal.taper.set("8", "4", "0.5", 7, date(2026, 3, 1))
    journal.log_intake(IntakeDraft("3", resolve_local(datetime(2026, 3, 10, 8, 0), ZONE)))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form, panel = window.log, window.log.panel
    qtbot.keyClicks(form.amount, "4")
    assert panel.plan.isVisibleTo(window)
    assert panel.plan.text() == (
        "Within your plan for today: 0.5 g left of 7.5 g after this intake (your own plan, not guidance)."
    )
    qtbot.keyClicks(form.amount, ",6")  # 4.6 g: 7.6 g today against 7.5 g; type on: 5.1 g
    assert "Over your plan for today by 0.1 g" in panel.plan.text()
    form.amount.clear()
    qtbot.keyClicks(form.amount, "5,1")
    assert panel.plan.text() == (
        "Over your plan for today by 0.6 g (your plan: 7.5 g; your own plan, not guidance)."
    )
    assert "Rolling 24-hour total: 8.1 g" in panel.total.text()  # the cited findings stay beside it
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.amount, Qt.Key.Key_Return)
    wait_saved(qtbot, form)
    assert not panel.plan.isVisibleTo(window)
    window.show_page(0)
    assert (
        window.today.values["plan"]
        .text()
        .startswith("7.5 g planned · 8.1 g taken · over your plan by 0.6 g.")
    )


def test_pause_resume_and_end_each_undone(qtbot: QtBot, window: MainWindow, journal: Journal) -> None:
    journal.taper.set("8", "4", "0.5", 7, date(2026, 3, 1))
    dialog = open_plan(qtbot, window)
    assert "8 g to 4 g, 0.5 g less every 7 days, from 2026-03-01" in dialog.current.text()
    assert dialog.pause_button.isEnabled() and not dialog.resume_button.isEnabled()
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    assert journal.taper.active().paused  # type: ignore[union-attr]
    assert "Paused" in dialog.current.text() and dialog.resume_button.isEnabled()
    undo(qtbot, window)
    assert not journal.taper.active().paused  # type: ignore[union-attr]
    assert dialog.pause_button.isEnabled()
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.resume_button, Qt.MouseButton.LeftButton)
    plan = journal.taper.active()
    assert plan is not None and not plan.paused and len(plan.pauses) == 1
    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    assert journal.taper.active() is None and "No plan running" in dialog.current.text()
    assert (
        dialog.plans.item(0).text()
        == "8 g to 4 g, 0.5 g less every 7 days, from 2026-03-01 · ended 2026-03-10"
    )
    undo(qtbot, window)
    assert journal.taper.active() is not None
    dialog.close()


def test_bad_input_is_shown_at_its_field_and_nothing_saved(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    dialog = open_plan(qtbot, window)
    qtbot.keyClicks(dialog.start, "8")
    qtbot.keyClicks(dialog.target, "8")
    qtbot.keyClicks(dialog.step, "lots")
    dialog.save()
    assert dialog.errors["step"].isVisible() and "not a number" in dialog.errors["step"].text()
    dialog.step.clear()
    qtbot.keyClicks(dialog.step, "1")
    dialog.save()
    assert dialog.errors["target"].isVisible() and "nothing to step" in dialog.errors["target"].text()
    assert dialog.start.text() == "8" and journal.taper.all() == []
    dialog.close()


def type_cell(qtbot: QtBot, table: QTableWidget, row: int, column: int, text: str) -> None:
    """Type over one cell as a person does: double-click it, select what is there, type, Enter."""
    table.scrollToItem(table.item(row, column))
    where = table.visualItemRect(table.item(row, column)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.EditingState)
    [editor] = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # committed (queued)


def test_a_day_by_day_table_set_in_the_dialog_plans_todays_amount(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    dialog = open_plan(qtbot, window)
    assert not dialog.table_box.isVisibleTo(dialog) and dialog.steps_box.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.by_day, Qt.MouseButton.LeftButton)
    assert dialog.table_box.isVisibleTo(dialog) and not dialog.steps_box.isVisibleTo(dialog)
    table = dialog.table
    assert table.rowCount() == 1 and table.day_text(0) == "2026-03-10"  # the first row: today
    type_cell(qtbot, table, 0, 0, "2026-03-02")
    type_cell(qtbot, table, 0, 1, "8")
    qtbot.mouseClick(dialog.add_row_button, Qt.MouseButton.LeftButton)
    assert (table.day_text(1), table.grams_text(1)) == ("2026-03-09", "8")  # a week on, to type over
    type_cell(qtbot, table, 1, 1, "6,5")
    qtbot.mouseClick(dialog.add_row_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, table, 2, 0, "2026-03-08")  # out of order: refused at the table
    type_cell(qtbot, table, 2, 1, "5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.errors["table"]
    assert message.isVisible() and "Row 3: 2026-03-08 comes before 2026-03-09" in message.text()
    assert table.rowCount() == 3 and table.grams_text(1) == "6,5" and journal.taper.all() == []
    type_cell(qtbot, table, 2, 0, "2026-03-16")
    assert not message.isVisible()  # the message goes once the table is changed
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    plan = journal.taper.active()
    assert plan is not None and plan.table == (
        (date(2026, 3, 2), Decimal(8)),
        (date(2026, 3, 9), Decimal("6.5")),
        (date(2026, 3, 16), Decimal(5)),
    )
    window.show_page(0)
    assert window.today.values["plan"].text().startswith("6.5 g planned · 0 g taken · 6.5 g left.")
    undo(qtbot, window)
    assert journal.taper.all() == []


def test_removing_a_table_row_and_switching_kinds_keep_what_was_typed(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    dialog = open_plan(qtbot, window)
    qtbot.keyClicks(dialog.start, "8")
    qtbot.mouseClick(dialog.by_day, Qt.MouseButton.LeftButton)
    dialog.add_row()
    dialog.add_row()
    assert dialog.table.rowCount() == 3
    dialog.table.setCurrentCell(1, 0)
    qtbot.mouseClick(dialog.remove_row_button, Qt.MouseButton.LeftButton)
    assert [dialog.table.day_text(r) for r in range(2)] == ["2026-03-10", "2026-03-24"]
    qtbot.mouseClick(dialog.by_step, Qt.MouseButton.LeftButton)
    assert dialog.start.text() == "8"
    qtbot.mouseClick(dialog.by_day, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 2
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no grams typed
    assert "Row 1 (2026-03-10): Enter an amount" in dialog.errors["table"].text()
    assert journal.taper.all() == []
    dialog.close()


def test_a_plan_deleted_from_the_list_comes_back_with_undo(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    first = journal.taper.set("8", "4", "0.5", 7, date(2026, 3, 1))
    second = journal.taper.set_table([("2026-03-05", "7"), ("2026-03-12", "6")])
    dialog = open_plan(qtbot, window)
    texts = [dialog.plans.item(n).text() for n in range(dialog.plans.count())]
    assert texts == [
        "8 g to 4 g, 0.5 g less every 7 days, from 2026-03-01 · ended 2026-03-05",
        "7 g to 6 g, day by day (2 days listed), from 2026-03-05 · running",
    ]
    assert not dialog.delete_button.isEnabled()
    dialog.plans.setFocus()
    dialog.plans.setCurrentRow(1)
    qtbot.keyClick(dialog.plans, Qt.Key.Key_Delete)
    assert [p.id for p in journal.taper.all()] == [first.id]
    assert dialog.plans.count() == 1 and "Ctrl+Z brings it back" in dialog.status.text()
    assert "No plan running" in dialog.current.text()
    undo(qtbot, window)
    assert journal.taper.all() == [replace(first, ended=date(2026, 3, 5)), second]
    assert dialog.plans.count() == 2 and "day by day" in dialog.current.text()
    dialog.plans.setCurrentRow(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert journal.taper.all() == [second]
    window.undo_stack.redo()
    dialog.close()
