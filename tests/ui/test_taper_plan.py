"""Your taper plan, driven as a person would: set it from the keyboard (Ctrl+Shift+T), see today's
planned amount and what is left on Today, log over it (the live "over your plan" line beside the
cited findings), pause, resume and end it, each undone with Ctrl+Z."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
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
    assert "Earlier plans" in dialog.history.text()
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
