"""Other medications and taper plans in History, as a person uses them: each on its day, of its own
kind (a filter box each), edited in its own dialog, deleted and brought back with Ctrl+Z."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from journal.domain.entities import Kind
from journal.domain.medications import Medication
from journal.service.journal import Journal
from journal.service.timeline import TimelineQuery, load_timeline, timeline_count, timeline_page
from journal.ui.dialogs.medication import MedicationDialog
from journal.ui.dialogs.taper_plan import TaperPlanDialog
from journal.ui.models.timeline import KIND as KIND_COLUMN
from journal.ui.models.timeline import ROW_ROLE, WHEN
from journal.ui.pages.history import HistoryPage
from tests.conftest import FakeClock
from tests.ui.saving import wait_saved
from tests.ui.test_history import entry_rows, log, open_page, pick, shown


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def listed(journal: Journal, clock: FakeClock) -> dict[str, int]:
    """Now is 2026-03-10 13:00 in Berlin. A medication started on 2 March, one added today without a
    start date, a plan from 1 March (ended on 5 March) and a day-by-day plan from 5 March."""
    ibu = journal.medications.add(
        Medication("Ibuprofen", "400 mg", "twice a day", "back pain", date(2026, 3, 2))
    )
    tea = journal.medications.add(Medication("Green tea", notes="evenings"))
    first = journal.taper.set("8", "4", "0.5", 7, date(2026, 3, 1))
    table = journal.taper.set_table([("2026-03-05", "7"), ("2026-03-12", "6")])
    log(journal, "3", 2)
    return {"ibu": ibu.id or 0, "tea": tea.id or 0, "first": first.id or 0, "table": table.id or 0}


@pytest.fixture
def page(qtbot: QtBot, journal: Journal, stack: QUndoStack, listed: dict[str, int]) -> Iterator[HistoryPage]:
    page = open_page(qtbot, journal, stack)
    yield page
    if page.dialog is not None:
        page.dialog.reject()


def test_medications_and_plans_are_rows_on_their_days(journal: Journal, listed: dict[str, int]) -> None:
    rows = load_timeline(journal)
    kinds = [(r.kind, r.local_date.isoformat()) for r in rows]
    assert kinds == [
        (Kind.MEDICATION, "2026-03-10"),  # no start date: when it was added (13:00)
        (Kind.INTAKE, "2026-03-10"),  # 11:00
        (Kind.PLAN, "2026-03-05"),
        (Kind.MEDICATION, "2026-03-02"),
        (Kind.PLAN, "2026-03-01"),
    ]
    ibu = next(r for r in rows if r.kind is Kind.MEDICATION and r.id == listed["ibu"])
    assert ibu.title == "Ibuprofen, 400 mg, twice a day"
    assert ibu.detail == "started 2026-03-02 · current · for back pain"
    assert ibu.at.local.isoformat() == "2026-03-02T00:00:00" and ibu.at.offset_min == 60
    plan = next(r for r in rows if r.kind is Kind.PLAN and r.id == listed["table"])
    assert plan.title == "Your plan: 7 g to 6 g, day by day (2 days listed), from 2026-03-05"
    assert plan.detail == (
        "running · your own plan, not guidance · day by day: 2026-03-05: 7 g; 2026-03-12: 6 g"
    )
    # The timeline's queries narrow them as they narrow the other kinds: days, words, pages.
    march = TimelineQuery(first_day=date(2026, 3, 2), last_day=date(2026, 3, 5))
    assert [r.kind for r in load_timeline(journal, march)] == [Kind.PLAN, Kind.MEDICATION]
    assert timeline_count(journal, TimelineQuery(text="EVENINGS")) == 1
    assert timeline_count(journal, TimelineQuery(kinds=frozenset({Kind.PLAN}))) == 2
    first_page = timeline_page(journal, limit=2)
    rest = timeline_page(journal, after=first_page[-1], limit=10)
    assert [(r.kind, r.id) for r in first_page + rest] == [(r.kind, r.id) for r in rows]


def test_each_kind_has_its_filter_box(qtbot: QtBot, page: HistoryPage) -> None:
    assert set(shown(page, KIND_COLUMN)) == {"Intake", "Medication", "Taper plan"}
    page.filter_bar.kind_boxes[Kind.MEDICATION].click()
    page.filter_bar.kind_boxes[Kind.PLAN].click()
    qtbot.waitUntil(lambda: set(shown(page, KIND_COLUMN)) == {"Intake"})
    box = page.filter_bar.kind_boxes[Kind.MEDICATION]
    assert box.text() == "Meds" and "other medications" in box.toolTip()


def test_edit_a_medication_from_history_and_undo(
    qtbot: QtBot, page: HistoryPage, stack: QUndoStack, listed: dict[str, int]
) -> None:
    journal = page.journal
    pick(page, Kind.MEDICATION, listed["ibu"])
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, MedicationDialog) and dialog.name.text() == "Ibuprofen"
    dialog.dose.clear()
    qtbot.keyClicks(dialog.dose, "200 mg")
    dialog.started.clear()
    qtbot.keyClicks(dialog.started, "2026-03-04")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    saved = journal.medications.get(listed["ibu"])
    assert saved.dose == "200 mg" and saved.started == date(2026, 3, 4)
    assert "Ibuprofen, 200 mg, twice a day" in shown(page)
    row = next(r for r in page.model.rows if r.kind is Kind.MEDICATION and r.id == listed["ibu"])
    assert row.local_date == date(2026, 3, 4)  # moved to its new start date
    assert page.notice.text().startswith("Saved the corrected medication Ibuprofen, 200 mg")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert journal.medications.get(listed["ibu"]).dose == "400 mg"
    assert "Ibuprofen, 400 mg, twice a day" in shown(page)


def test_a_bad_medication_date_is_shown_at_its_field(
    qtbot: QtBot, page: HistoryPage, listed: dict[str, int]
) -> None:
    pick(page, Kind.MEDICATION, listed["tea"])
    dialog = page.edit_selected()
    assert isinstance(dialog, MedicationDialog)
    qtbot.keyClicks(dialog.started, "2026-03-20")  # the future
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    assert dialog.errors["started"].isVisible() and "future" in dialog.errors["started"].text()
    assert (
        dialog.started.text() == "2026-03-20" and page.journal.medications.get(listed["tea"]).started is None
    )


def test_correct_a_plan_from_history(qtbot: QtBot, page: HistoryPage, listed: dict[str, int]) -> None:
    journal = page.journal
    pick(page, Kind.PLAN, listed["table"])
    dialog = page.edit_selected()
    assert isinstance(dialog, TaperPlanDialog) and dialog.by_day.isChecked()
    assert [(dialog.table.day_text(r), dialog.table.grams_text(r)) for r in range(2)] == [
        ("2026-03-05", "7"),
        ("2026-03-12", "6"),
    ]
    assert not dialog.plans.isVisibleTo(dialog)  # correcting one plan: no list, no pause or end
    dialog.add_row("2026-03-19", "5,5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    plan = journal.taper.get(listed["table"])
    assert plan.table[-1] == (date(2026, 3, 19), Decimal("5.5")) and plan.target_g == Decimal("5.5")
    assert "Your plan: 7 g to 5.5 g, day by day (3 days listed), from 2026-03-05" in shown(page)


def test_delete_a_plan_from_history_and_undo(
    qtbot: QtBot, page: HistoryPage, stack: QUndoStack, listed: dict[str, int]
) -> None:
    journal = page.journal
    pick(page, Kind.PLAN, listed["table"])
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert [p.id for p in journal.taper.all()] == [listed["first"]] and journal.taper.active() is None
    assert page.notice.text() == (
        "Deleted taper plan Your plan: 7 g to 6 g, day by day (2 days listed), from 2026-03-05 "
        "(2026-03-05) — Ctrl+Z to undo."
    )
    assert not any(t.startswith("Your plan: 7 g") for t in shown(page))
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert journal.taper.active() is not None and journal.taper.active().id == listed["table"]  # type: ignore[union-attr]
    assert page.notice.text().startswith("Restored taper plan Your plan: 7 g to 6 g")
    when = next(r for r in entry_rows(page) if page.proxy.index(r, 0).data(ROW_ROLE).kind is Kind.PLAN)
    assert page.proxy.index(when, WHEN).data() == "–"  # a day, no time of day
    assert page.proxy.index(when, WHEN).data(Qt.ItemDataRole.ToolTipRole) == (
        "Thursday 2026-03-05: a day, no time of day"
    )


def test_in_the_main_window_a_plan_deleted_in_history_leaves_today(
    qtbot: QtBot, journal: Journal, listed: dict[str, int]
) -> None:
    from journal.ui.main_window import MainWindow

    window = MainWindow(journal)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.today.values["plan"].text().startswith("7 g planned")
    window.show_page(window.pages.indexOf(window.history))
    history = window.history
    qtbot.waitUntil(lambda: history.model.find(Kind.PLAN, listed["table"]) is not None)
    pick(history, Kind.PLAN, listed["table"])
    history.delete_selected()
    window.show_page(0)
    assert not window.today.plan_tile.isVisibleTo(window)
    window.undo_stack.undo()
    window.show_page(0)
    assert window.today.values["plan"].text().startswith("7 g planned")
