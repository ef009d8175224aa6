"""History as a person uses it: filter, search, sort, correct, delete and undo."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QIcon, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from journal.domain.entities import Kind, Level, PainCheckin, Product
from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.timeline import TimelineRow
from journal.storage.models import IntakeRow, PainRow, SymptomEntryRow, SymptomTypeRow
from journal.ui import tasks
from journal.ui.dialogs.break_edit import BreakEditDialog
from journal.ui.dialogs.checkin_edit import PainEditDialog, SymptomEditDialog
from journal.ui.dialogs.intake_edit import IntakeEditDialog
from journal.ui.main_window import MainWindow
from journal.ui.models.timeline import ENTRY, FINDINGS, KIND, NOTES, ROW_ROLE, WHEN
from journal.ui.models.timeline_days import CheckinGroup, DayHeader
from journal.ui.pages.history import FIRST_PAGE, HistoryPage
from journal.ui.undo import LoggedEntry
from tests.conftest import ZONE, FakeClock
from tests.ui.saving import wait_saved


def ago(journal: Journal, hours: float) -> Moment:
    return Moment.from_utc(journal.clock() - timedelta(hours=hours), ZONE)


def log(journal: Journal, amount: str, hours_ago: float, **kw: object) -> int:
    intake_id = journal.log_intake(IntakeDraft(amount, ago(journal, hours_ago), **kw)).intake.id  # type: ignore[arg-type]
    assert intake_id is not None
    return intake_id


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def seeded(journal: Journal, clock: FakeClock) -> dict[str, int]:
    """Now is 2026-03-10 13:00 in Berlin. Entries on 10 Mar, 9 Mar and a break in late February."""
    red = journal.products.add(Product("Red Bali"))
    green = journal.products.add(Product("Green Maeng Da"))
    clock.now -= timedelta(days=10)
    journal.start_break(date(2026, 3, 5), "tolerance reset")
    clock.now += timedelta(days=3)
    journal.end_break("went well")
    clock.now += timedelta(days=7)
    ids = {
        "late": log(journal, "2", 30, product_id=green.id, notes="forgot to log"),
        "first": log(journal, "4.5", 3, product_id=red.id, notes="Felt CALM"),
        "second": log(journal, "4.5", 2, notes="with breakfast"),
    }
    nausea = journal.log_symptom("nausea", 2, ago(journal, 1), notes="after calm tea")
    itching = journal.log_symptom("itching", 1, ago(journal, 26))
    pain = journal.log_pain(PainCheckin(ago(journal, 5), 6, (6, 5, 6), 7))
    ids.update(nausea=nausea.id or 0, itching=itching.id or 0, pain=pain.id or 0)
    return ids


def open_page(qtbot: QtBot, journal: Journal, stack: QUndoStack) -> HistoryPage:
    page = HistoryPage(journal, stack)
    qtbot.addWidget(page)
    page.resize(1150, 600)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.table.setFocus()
    return page


@pytest.fixture
def page(qtbot: QtBot, journal: Journal, stack: QUndoStack, seeded: dict[str, int]) -> Iterator[HistoryPage]:
    page = open_page(qtbot, journal, stack)
    yield page
    if page.dialog is not None:
        page.dialog.reject()


def shown(page: HistoryPage, column: int = ENTRY) -> list[str]:
    """The entries shown (and check-ins), without the days' headings."""
    proxy = page.proxy
    rows = range(proxy.rowCount())
    return [
        proxy.index(r, column).data()
        for r in rows
        if not isinstance(proxy.index(r, 0).data(ROW_ROLE), DayHeader)
    ]


def shown_kinds(page: HistoryPage) -> set[Kind]:
    return {page.proxy.index(row, 0).data(ROW_ROLE).kind for row in entry_rows(page)}


def entry_rows(page: HistoryPage) -> list[int]:
    """The table rows that show an entry (not a day's heading, not a check-in)."""
    proxy = page.proxy
    return [r for r in range(proxy.rowCount()) if isinstance(proxy.index(r, 0).data(ROW_ROLE), TimelineRow)]


def entry_index(page: HistoryPage, n: int, column: int) -> QModelIndex:
    """The cell of the `n`th entry shown."""
    return page.proxy.index(entry_rows(page)[n], column)


def pick(page: HistoryPage, kind: Kind, entry_id: int) -> None:
    assert page.select_entry(kind, entry_id)


# -- the model ---------------------------------------------------------------------------


def test_models_pass_the_model_tester(qtmodeltester: object, page: HistoryPage) -> None:
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    qtmodeltester.check(page.proxy)  # type: ignore[attr-defined]


def test_every_entry_newest_first_with_columns(page: HistoryPage) -> None:
    assert shown(page) == [
        "Nausea: moderate",
        "4.5 g leaf powder",
        "4.5 g leaf powder",
        "Pain 6/10, PEG 5.7",
        "Itching: mild",
        "2 g leaf powder",
        "Break, 3 days (planned until 5 Mar)",
    ]
    assert shown(page, WHEN)[0] == "12:00", "under its day's heading"
    heading = [page.proxy.index(0, column).data() for column in (WHEN, ENTRY)]
    assert heading == ["Tue 10 Mar 2026", "9 g in 2 intakes"]
    assert not page.proxy.flags(page.proxy.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert shown(page, 1)[:4] == ["Symptom", "Intake", "Intake", "Pain check-in"]
    assert shown(page, 3)[2] == "Red Bali"
    assert shown(page, NOTES)[-1] == "tolerance reset …"  # reason, then the outcome below it
    assert page.count.text() == "7 entries"
    assert page.table.currentIndex().row() == 1, "the first entry, below its day's heading"


def test_findings_have_an_icon_words_and_every_message_in_the_tooltip(page: HistoryPage) -> None:
    index = entry_index(page, 1, FINDINGS)  # the second 4.5 g: 9 g within 24 hours, no finding
    assert index.data() == ""
    page.kind_boxes[Kind.SYMPTOM].click()
    # Restarting (Settings): the cited starting dose is said again, a notice beside the caution.
    page.journal.save_settings(replace(page.journal.settings, starting_since=date(2026, 3, 1)))
    log(page.journal, "6", 0.5)
    page.refresh()
    index = entry_index(page, 0, FINDINGS)
    assert index.data() == "1 caution, 1 notice"
    assert isinstance(index.data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Caution: Rolling 24-hour total with this intake: 15 g" in tip
    assert "Notice: 6 g in one intake is above the cited starting dose" in tip


def test_late_entries_are_marked_entered_later(page: HistoryPage) -> None:
    texts = shown(page, WHEN)
    late = [t for t in texts if "◷" in t]
    assert late == ["11:00 ◷", "07:00 ◷"], "a mark, the words in the tooltip"
    index = entry_index(page, texts.index(late[1]), WHEN)
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "◷ Entered later: Logged 30 hours after the time it describes" in tip
    assert "entered later" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    on_time = entry_index(page, 0, WHEN)
    assert "Logged" not in on_time.data(Qt.ItemDataRole.ToolTipRole)


def test_empty_journal_says_what_to_do(qtbot: QtBot, journal: Journal, stack: QUndoStack) -> None:
    page = open_page(qtbot, journal, stack)
    assert page.stack.currentWidget() is page.empty
    assert "Nothing logged yet" in page.empty_text.text()
    assert "Ctrl+N" in page.empty_text.text()
    assert not page.empty_clear.isVisible()
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()


# -- filters ------------------------------------------------------------------------------


def test_filter_by_kind(qtbot: QtBot, page: HistoryPage) -> None:
    qtbot.mouseClick(page.kind_boxes[Kind.INTAKE], Qt.MouseButton.LeftButton)
    assert shown_kinds(page) == {Kind.SYMPTOM, Kind.PAIN, Kind.BREAK}
    qtbot.mouseClick(page.kind_boxes[Kind.SYMPTOM], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.kind_boxes[Kind.BREAK], Qt.MouseButton.LeftButton)
    assert shown(page) == ["Pain 6/10, PEG 5.7"]
    assert page.count.text() == "Showing 1 of 7 entries"
    assert page.clear_button.isEnabled()
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert len(page.model.rows) == 7 and page.count.text() == "7 entries"


def test_the_selected_entry_stays_selected_while_filters_keep_it(
    qtbot: QtBot, page: HistoryPage, seeded: dict[str, int]
) -> None:
    pick(page, Kind.PAIN, seeded["pain"])
    qtbot.mouseClick(page.kind_boxes[Kind.SYMPTOM], Qt.MouseButton.LeftButton)
    row = page.selected_row()
    assert row is not None and (row.kind, row.id) == (Kind.PAIN, seeded["pain"])
    qtbot.mouseClick(page.kind_boxes[Kind.PAIN], Qt.MouseButton.LeftButton)
    row = page.selected_row()
    assert row is not None and row.kind is Kind.INTAKE, "hidden: the first row shown is selected instead"
    page.clear_filters()
    assert page.selected_row() == row


def test_filter_by_date_range(qtbot: QtBot, page: HistoryPage) -> None:
    assert not page.date_from.isEnabled()
    qtbot.mouseClick(page.all_time, Qt.MouseButton.LeftButton)
    assert page.date_from.isEnabled() and page.date_to.isEnabled()
    assert len(page.model.rows) == 7  # the last 30 days by default: everything here
    page.date_from.setDate(QDate(2026, 3, 9))
    page.date_to.setDate(QDate(2026, 3, 9))
    assert shown(page) == ["Itching: mild", "2 g leaf powder"]
    page.date_from.setDate(QDate(2026, 2, 1))
    page.date_to.setDate(QDate(2026, 3, 1))
    assert shown(page) == ["Break, 3 days (planned until 5 Mar)"]
    qtbot.mouseClick(page.all_time, Qt.MouseButton.LeftButton)
    assert len(page.model.rows) == 7


def test_filter_by_product_and_symptom(page: HistoryPage) -> None:
    assert [page.product.itemText(i) for i in range(page.product.count())] == [
        "All products",
        "No product",
        "Green Maeng Da",
        "Red Bali",
    ]
    page.product.setCurrentIndex(page.product.findText("Red Bali"))
    assert shown(page) == ["4.5 g leaf powder"] and shown(page, 3) == ["Red Bali"]
    page.product.setCurrentIndex(page.product.findText("No product"))
    assert shown(page, NOTES) == ["with breakfast"]
    page.product.setCurrentIndex(0)
    page.symptom.setCurrentIndex(page.symptom.findText("Nausea"))
    assert shown(page) == ["Nausea: moderate"]


def test_search_in_notes_ignores_case_and_waits_for_a_pause(qtbot: QtBot, page: HistoryPage) -> None:
    qtbot.keyClicks(page.search, "cAlM")
    assert len(page.model.rows) == 7  # not yet: the search waits for a pause in typing
    qtbot.waitUntil(lambda: len(page.model.rows) == 2)
    assert shown(page, NOTES) == ["after calm tea", "Felt CALM"]
    page.search.clear()
    qtbot.waitUntil(lambda: len(page.model.rows) == 7)


def test_filters_that_hide_everything_offer_to_clear_them(qtbot: QtBot, page: HistoryPage) -> None:
    qtbot.keyClicks(page.search, "no such note")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty)
    assert "No entries match these filters" in page.empty_text.text()
    assert page.empty_clear.isVisible()
    qtbot.mouseClick(page.empty_clear, Qt.MouseButton.LeftButton)
    assert page.search.text() == ""
    assert page.stack.currentWidget() is page.table and len(page.model.rows) == 7


# -- sorting ------------------------------------------------------------------------------


def click_header(qtbot: QtBot, page: HistoryPage, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_sort_by_amount_and_by_time(qtbot: QtBot, page: HistoryPage) -> None:
    log(page.journal, "0.5", 4)
    log(page.journal, "12", 40)
    page.refresh()
    page.kind_boxes[Kind.SYMPTOM].click()
    page.kind_boxes[Kind.PAIN].click()
    page.kind_boxes[Kind.BREAK].click()
    click_header(qtbot, page, ENTRY)
    assert page.table.horizontalHeader().sortIndicatorSection() == ENTRY
    assert shown(page) == [
        "0.5 g leaf powder",
        "2 g leaf powder",
        "4.5 g leaf powder",
        "4.5 g leaf powder",
        "12 g leaf powder",
    ]
    click_header(qtbot, page, ENTRY)
    assert shown(page)[0] == "12 g leaf powder"
    click_header(qtbot, page, WHEN)
    when = shown(page, WHEN)
    assert when[0].startswith("21:00") and when[-1].startswith("11:00"), "oldest first, under their days"
    assert page.proxy.index(0, WHEN).data() == "Sun 8 Mar 2026"
    page.table.sortByColumn(WHEN, Qt.SortOrder.DescendingOrder)
    assert shown(page, WHEN)[0] == "11:00" and page.proxy.index(0, WHEN).data() == "Tue 10 Mar 2026"
    page.table.sortByColumn(ENTRY, Qt.SortOrder.DescendingOrder)
    assert shown(page, WHEN)[0] == "Sun 2026-03-08 21:00 ◷", "one list, with dates, sorted by another column"


def test_selection_follows_its_row_when_sorting(page: HistoryPage, seeded: dict[str, int]) -> None:
    pick(page, Kind.PAIN, seeded["pain"])
    page.table.sortByColumn(ENTRY, Qt.SortOrder.AscendingOrder)
    selected = page.selected_row()
    assert selected is not None and selected.kind is Kind.PAIN


# -- editing ------------------------------------------------------------------------------


def test_edit_an_intake_rechecks_its_windows_and_undo_restores_it(
    qtbot: QtBot, page: HistoryPage, stack: QUndoStack, seeded: dict[str, int]
) -> None:
    journal = page.journal
    pick(page, Kind.INTAKE, seeded["second"])
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, IntakeEditDialog) and dialog.isVisible()
    assert dialog.amount.text() == "4.5" and dialog.notes.toPlainText() == "with breakfast"
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "12")
    live = " ".join(label.text() for label in dialog.panel.finding_labels)
    assert "Warning" in live and "16.5 g" in live
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    saved = journal.entries.intake(seeded["second"])
    assert saved.amount == Decimal(12) and saved.notes == "with breakfast"
    assert saved.findings[0].level is Level.WARNING and saved.findings[0].total_mg == 16_500
    row = page.selected_row()
    assert row is not None and row.id == seeded["second"] and row.title == "12 g leaf powder"
    assert "1 warning" in page.proxy.index(page.table.currentIndex().row(), FINDINGS).data()
    assert "Ctrl+Z to undo" in page.notice.text()

    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = journal.entries.intake(seeded["second"])
    assert restored.amount == Decimal("4.5") and restored.findings == ()
    assert "4.5 g leaf powder" in shown(page)
    assert "12 g leaf powder" not in shown(page)
    stack.redo()
    assert journal.entries.intake(seeded["second"]).amount == Decimal(12)


def test_a_bad_amount_is_shown_at_the_field_and_nothing_is_saved(
    qtbot: QtBot, page: HistoryPage, stack: QUndoStack, seeded: dict[str, int]
) -> None:
    pick(page, Kind.INTAKE, seeded["first"])
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, IntakeEditDialog)
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "4,5,0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.amount_error.isVisible() and "is not a number" in dialog.amount_error.text()
    assert dialog.amount.text() == "4,5,0"
    assert "Not saved" in dialog.status.text()
    assert page.journal.entries.intake(seeded["first"]).amount == Decimal("4.5")
    assert stack.count() == 0


def test_a_future_time_is_refused_at_the_time_field(
    qtbot: QtBot, page: HistoryPage, seeded: dict[str, int]
) -> None:
    pick(page, Kind.INTAKE, seeded["first"])
    dialog = page.edit_selected()
    assert isinstance(dialog, IntakeEditDialog)
    dialog.when.set_local(datetime(2026, 3, 11, 9, 0))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.when.error.isVisible() and "future" in dialog.when.error.text()
    assert page.journal.entries.intake(seeded["first"]).at.local == datetime(2026, 3, 10, 10, 0)


def test_edit_a_symptom_entry(qtbot: QtBot, page: HistoryPage, seeded: dict[str, int]) -> None:
    pick(page, Kind.SYMPTOM, seeded["nausea"])
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, SymptomEditDialog)
    dialog.severity.setCurrentIndex(3)
    dialog.notes.clear()
    qtbot.keyClicks(dialog.notes, "worse at night")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    entry = page.journal.entries.symptom_entry(seeded["nausea"])
    assert entry.severity == 3 and entry.notes == "worse at night"
    assert shown(page)[0] == "Nausea: severe"


def test_edit_a_pain_checkin_needs_all_three_peg_items(
    qtbot: QtBot, page: HistoryPage, seeded: dict[str, int]
) -> None:
    pick(page, Kind.PAIN, seeded["pain"])
    dialog = page.edit_selected()
    assert isinstance(dialog, PainEditDialog)
    dialog.peg_activity.setValue(-1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    assert dialog.peg_error.isVisible() and "all three" in dialog.peg_error.text()
    assert page.journal.entries.pain_checkin(seeded["pain"]).peg == (6, 5, 6)
    dialog.peg_activity.setValue(9)
    dialog.pain_now.setValue(3)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    assert page.journal.entries.pain_checkin(seeded["pain"]).peg == (6, 5, 9)
    assert "Pain 3/10, PEG 6.7" in shown(page)


def test_edit_a_break(qtbot: QtBot, page: HistoryPage) -> None:
    row = next(r for r in page.model.rows if r.kind is Kind.BREAK)
    pick(page, Kind.BREAK, row.id)
    dialog = page.edit_selected()
    assert isinstance(dialog, BreakEditDialog)
    dialog.goal.setDate(QDate(2026, 2, 27))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    assert dialog.goal_error.isVisible() and "after the day" in dialog.goal_error.text()
    dialog.goal.setDate(QDate(2026, 3, 3))
    dialog.outcome.clear()
    qtbot.keyClicks(dialog.outcome, "kept it")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    saved = page.journal.entries.get_break(row.id)
    assert saved.planned_end == date(2026, 3, 3) and saved.outcome == "kept it"
    assert "Break, 3 days (planned until 3 Mar)" in shown(page)


# -- deleting -----------------------------------------------------------------------------


def test_delete_key_deletes_and_ctrl_z_restores(
    qtbot: QtBot, page: HistoryPage, stack: QUndoStack, seeded: dict[str, int]
) -> None:
    journal = page.journal
    pick(page, Kind.INTAKE, seeded["first"])
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert seeded["first"] not in {i.id for i in journal.entries.intakes()}
    assert len(page.model.rows) == 6
    assert page.notice.text() == "Deleted intake 4.5 g leaf powder (2026-03-10 10:00) — Ctrl+Z to undo."
    selected = page.selected_row()
    assert selected is not None and selected.kind is Kind.PAIN  # the next row down

    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert seeded["first"] in {i.id for i in journal.entries.intakes()}
    assert len(page.model.rows) == 7
    assert page.notice.text().startswith("Restored intake 4.5 g leaf powder")
    restored = journal.entries.intake(seeded["first"])
    assert restored.notes == "Felt CALM" and restored.product_id is not None


def test_deleting_the_last_shown_entry_says_how_to_undo(qtbot: QtBot, page: HistoryPage) -> None:
    page.symptom.setCurrentIndex(page.symptom.findText("Itching"))
    page.table.selectRow(entry_rows(page)[0])
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.empty
    assert "Deleted symptom Itching: mild" in page.empty_text.text()
    assert "Ctrl+Z to undo" in page.empty_text.text()
    page.undo_action.trigger()
    assert shown(page) == ["Itching: mild"]


def test_entries_logged_elsewhere_appear(
    qtbot: QtBot, page: HistoryPage, stack: QUndoStack, seeded: dict[str, int]
) -> None:
    pick(page, Kind.PAIN, seeded["pain"])
    dialog = page.edit_selected()
    assert dialog is not None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # our own command first
    new = log(page.journal, "1", 0.1)
    stack.push(LoggedEntry(page.journal, Kind.INTAKE, new, "1 g", after=lambda: None))
    assert shown(page)[0] == "1 g leaf powder"
    stack.undo()  # the other page's undo removes it
    assert "1 g leaf powder" not in shown(page)


# -- accessibility ------------------------------------------------------------------------


def _controls(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTableView, QPlainTextEdit)
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        parent = widget.parent()
        if not isinstance(widget, kinds) or widget.objectName().startswith("qt_"):
            continue
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QTableView, QLineEdit)):
            continue  # parts Qt builds inside a control
        found.append(widget)
    return found


def test_every_control_has_an_accessible_name_and_a_tooltip(page: HistoryPage) -> None:
    dialogs: list[QWidget] = [page]
    for kind in (Kind.INTAKE, Kind.SYMPTOM, Kind.PAIN, Kind.BREAK):
        row = next(r for r in page.model.rows if r.kind is kind)
        pick(page, kind, row.id)
        dialog = page.edit_selected()
        assert dialog is not None
        dialogs.append(dialog)
    for root in dialogs:
        controls = _controls(root)
        assert len(controls) >= 5
        for control in controls:
            assert control.accessibleName(), f"{type(control).__name__} without an accessible name"
            assert control.toolTip(), f"{control.accessibleName()} without a tooltip"
        root.close()


# -- ten years of entries -----------------------------------------------------------------


def bulk_fill(journal: Journal, days: int = 3650, per_day: int = 5, seed: int = 7) -> int:
    """About 30,000 entries over ten years, written with Core inserts in one transaction."""
    rnd = random.Random(seed)
    start = journal.clock() - timedelta(days=days)
    notes = ["", "", "", "with food", "before work", "felt calm", "poor sleep"]
    base = {"zone": ZONE, "offset_min": 60}
    intakes, symptoms, pains = [], [], []
    with journal._store.engine.begin() as conn:
        type_ids = list(conn.scalars(select(SymptomTypeRow.id)))[:8]
        for d in range(days):
            day = start + timedelta(days=d)
            for k in range(per_day):
                at = day + timedelta(hours=6 + 3 * k, minutes=rnd.randrange(60))
                grams = rnd.choice([1, 2, 3, 4])
                intakes.append({
                    **base, "amount": Decimal(grams), "unit": "g", "form": "powder", "product_id": None,
                    "leaf_mg": grams * 1000, "estimate": False, "leaf_estimated": False,
                    "notes": rnd.choice(notes), "findings": "[]", "at_utc": at, "created": at, "updated": at,
                })  # fmt: skip
            for k in range(2):
                at = day + timedelta(hours=9 + 8 * k)
                symptoms.append({
                    **base, "type_id": rnd.choice(type_ids), "severity": rnd.randrange(1, 5), "body_area": "",
                    "notes": rnd.choice(notes), "at_utc": at, "created": at, "updated": at,
                })  # fmt: skip
            at = day + timedelta(hours=20)
            pains.append({
                **base, "pain_now": rnd.randrange(11), "peg_pain": None, "peg_enjoyment": None,
                "peg_activity": None, "mood": None, "notes": "", "at_utc": at, "created": at, "updated": at,
            })  # fmt: skip
        conn.execute(insert(IntakeRow), intakes)
        conn.execute(insert(SymptomEntryRow), symptoms)
        conn.execute(insert(PainRow), pains)
    return len(intakes) + len(symptoms) + len(pains)


@pytest.mark.slow
def test_ten_years_of_entries_show_at_once_load_in_the_background_filter_and_sort(
    qtbot: QtBot, journal: Journal, stack: QUndoStack
) -> None:
    total = bulk_fill(journal)
    assert total == 29_200
    # The worker is kept busy, so the whole timeline cannot arrive before the page is used.
    gate = threading.Event()
    held = tasks.run_in_background(gate.wait, "holding the worker")
    try:
        page = open_page(qtbot, journal, stack)
        assert page.loading is not None and page.loading.running
        assert len(page.model.rows) == FIRST_PAGE == len(page.model.all_rows)
        assert page.count.text() == f"Showing the newest {FIRST_PAGE} entries; loading the rest…"
        newest = page.selected_row()
        assert newest is not None and newest == page.model.rows[0]
        # The window answers meanwhile: its filters work on the rows shown ...
        qtbot.keyClicks(page.search, "CALM")
        qtbot.waitUntil(lambda: 0 < len(page.model.rows) < FIRST_PAGE, timeout=5000)
        assert all("calm" in page.proxy.index(r, NOTES).data() for r in entry_rows(page))
        page.clear_filters()
        # ... and a delete is kept: the load starts again after it, so it cannot bring the row back.
        page.table.selectRow(entry_rows(page)[0])
        page.delete_selected()
        assert page.model.find(newest.kind, newest.id) is None and page.loading is not None
    finally:
        gate.set()
    qtbot.waitUntil(lambda: page.loading is None, timeout=30_000)
    assert held.delivered
    assert len(page.model.rows) == total - 1 and page.count.text() == f"{total - 1:,} entries"
    assert page.model.find(newest.kind, newest.id) is None
    stack.undo()
    assert len(page.model.rows) == total and page.model.rows[0].id == newest.id

    qtbot.keyClicks(page.search, "CALM")
    qtbot.waitUntil(lambda: FIRST_PAGE < len(page.model.rows) < total, timeout=5000)
    calm = len(page.model.rows)
    assert all("calm" in page.proxy.index(r, NOTES).data() for r in entry_rows(page)[::97])
    qtbot.mouseClick(page.kind_boxes[Kind.INTAKE], Qt.MouseButton.LeftButton)
    assert 0 < len(page.model.rows) < calm
    assert shown_kinds(page) == {Kind.SYMPTOM}
    page.clear_filters()
    page.table.sortByColumn(ENTRY, Qt.SortOrder.DescendingOrder)
    assert page.proxy.index(0, ENTRY).data() == "4 g leaf powder"
    page.table.sortByColumn(WHEN, Qt.SortOrder.DescendingOrder)
    page.table.selectRow(entry_rows(page)[0])
    newest = page.selected_row()
    assert newest is not None
    page.delete_selected()
    assert len(page.model.rows) == total - 1
    stack.undo()
    assert len(page.model.rows) == total and page.model.rows[0].id == newest.id


def test_a_corrected_entry_moves_to_its_place_in_the_sort(
    qtbot: QtBot, page: HistoryPage, seeded: dict[str, int]
) -> None:
    page.table.sortByColumn(ENTRY, Qt.SortOrder.AscendingOrder)
    pick(page, Kind.INTAKE, seeded["first"])
    dialog = page.edit_selected()
    assert isinstance(dialog, IntakeEditDialog)
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "0.5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, dialog)
    assert shown(page)[:3] == ["0.5 g leaf powder", "2 g leaf powder", "4.5 g leaf powder"]
    expected = list(page.model.rows)
    page.model.sort(ENTRY, Qt.SortOrder.AscendingOrder)
    assert page.model.rows == expected
    selected = page.selected_row()
    assert selected is not None and selected.id == seeded["first"]


def test_in_the_main_window_delete_and_ctrl_z_use_the_window_undo(
    qtbot: QtBot, journal: Journal, window: MainWindow
) -> None:
    first = log(journal, "4.5", 3)
    log(journal, "2", 1)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.history
    assert page.isVisible() and len(page.model.rows) == 2
    pick(page, Kind.INTAKE, first)
    page.table.setFocus()
    loads: list[int] = []
    page.model.modelReset.connect(lambda: loads.append(1))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert [i.amount for i in journal.entries.intakes()] == [Decimal(2)]
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(journal.entries.intakes()) == 2
    assert len(page.model.rows) == 2
    assert loads == []  # the window's refresh after `changed` did not reload the whole timeline


def test_a_back_dated_intake_updates_the_findings_history_shows(
    qtbot: QtBot, journal: Journal, window: MainWindow
) -> None:
    """8 g at 08:00 and 6 g at 10:00, then 5 g filled in at 09:00: the 10:00 row turns to a warning."""
    form = window.log

    def log_at(amount: str, hour: int) -> int:
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        form.amount.clear()
        qtbot.keyClicks(form.amount, amount)
        form.set_time(datetime(2026, 3, 10, hour, 0))
        with qtbot.waitSignal(form.saved) as saved:
            qtbot.keyClick(form.amount, Qt.Key.Key_Return)
        return saved.args[0].intake.id  # type: ignore[no-any-return]

    def findings_of(entry_id: int) -> tuple[str, str]:
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        page = window.history
        pick(page, Kind.INTAKE, entry_id)
        index = page.proxy.index(page.table.currentIndex().row(), FINDINGS)
        return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)

    log_at("8", 8)
    ten = log_at("6", 10)
    words, tip = findings_of(ten)
    assert words == "1 caution" and "Rolling 24-hour total with this intake: 14 g" in tip
    log_at("5", 9)
    words, tip = findings_of(ten)
    assert words == "1 warning"
    assert "Warning: Rolling 24-hour total with this intake: 19 g, above the upper end (15 g)." in tip
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the 09:00 entry
    words, tip = findings_of(ten)
    assert words == "1 caution" and "14 g" in tip

    # On the page itself: a delete and its undo update the other rows they change, without a reload.
    nine = log_at("5", 9)
    page = window.history
    assert findings_of(ten)[0] == "1 warning"  # shows History, which reloads once
    loads: list[int] = []
    page.model.modelReset.connect(lambda: loads.append(1))
    pick(page, Kind.INTAKE, nine)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert findings_of(ten)[0] == "1 caution"
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert findings_of(ten)[0] == "1 warning"
    assert loads == []


def test_ratings_of_none_are_hidden_unless_asked_for(
    qtbot: QtBot, journal: Journal, stack: QUndoStack, clock: FakeClock
) -> None:
    at = Moment.from_utc(clock.now - timedelta(hours=30), journal.zone)
    journal.log_symptom("dry-skin", 1, at)
    alone = Moment.from_utc(clock.now - timedelta(hours=33), journal.zone)
    journal.log_symptom("itching", 0, alone)  # alone: its own row
    log(journal, "3", 1)
    page = open_page(qtbot, journal, stack)
    assert shown(page) == ["3 g leaf powder", "Dry skin: mild"]
    assert page.count.text() == "Showing 2 of 3 entries · 1 rating of “none” hidden"
    assert not page.clear_button.isEnabled(), "hiding them is how History starts, not a filter"

    box = page.filter_bar.none_ratings
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert shown(page) == ["3 g leaf powder", "Dry skin: mild", "Itching: none"]
    assert page.count.text() == "Showing 3 of 3 entries"
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert not box.isChecked() and len(shown(page)) == 2, "Clear filters hides them again"

    # A symptom filter that finds only ratings of none says how to see them.
    page.symptom.setCurrentIndex(page.symptom.findData("itching"))
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty)
    assert "1 rating of “none” hidden" in page.empty_text.text()

    # A new rating of none, logged while History is open, is counted among the hidden.
    page.clear_filters()
    journal.log_symptom("nausea", 0, Moment.from_utc(clock.now, journal.zone))
    page.refresh()
    qtbot.waitUntil(lambda: "2 ratings of “none” hidden" in page.count.text())


def test_a_check_in_is_one_row_that_opens_to_show_its_ratings(
    qtbot: QtBot, journal: Journal, stack: QUndoStack, clock: FakeClock
) -> None:
    at = Moment.from_utc(clock.now - timedelta(hours=2), journal.zone)
    journal.log_symptom("dry-skin", 1, at)
    journal.log_symptom("constipation", 1, at)
    for key in ("itching", "hair-shedding", "nausea"):
        journal.log_symptom(key, 0, at)  # one check-in: two symptoms rated, three rated none
    page = open_page(qtbot, journal, stack)
    assert shown(page) == ["▸ Dry skin mild, constipation mild · 3 more rated none"]
    assert shown(page, KIND) == ["Check-in"]
    group = page.table.currentIndex()
    assert isinstance(group.data(ROW_ROLE), CheckinGroup), "the check-in is selected first"
    spoken = page.proxy.index(group.row(), ENTRY).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.endswith("closed, Enter opens it")
    assert not page.edit_button.isEnabled(), "a check-in is opened, its ratings are edited"

    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert shown(page)[0] == "▾ Dry skin mild, constipation mild · 3 more rated none"
    assert sorted(shown(page)[1:]) == [
        "Constipation: mild",
        "Dry skin: mild",
        "Hair shedding: none",
        "Itching: none",
        "Nausea: none",
    ], "opened, it shows every rating, those of none too"
    assert page.table.currentIndex().row() == group.row(), "the check-in stays selected"
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.selected_row() is not None and page.edit_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    qtbot.keyClick(page.table, Qt.Key.Key_Left)
    assert len(shown(page)) == 1, "Left closes it"

    # Deleting a rating from the opened check-in leaves the others, under a new summary.
    qtbot.keyClick(page.table, Qt.Key.Key_Right)
    row = next(r for r in entry_rows(page) if page.proxy.index(r, ENTRY).data() == "Constipation: mild")
    page.table.selectRow(row)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert shown(page)[0] == "▾ Dry skin mild · 3 more rated none"
    stack.undo()
    assert shown(page)[0] == "▾ Dry skin mild, constipation mild · 3 more rated none"


def test_an_entry_too_long_for_its_column_takes_a_second_line_not_an_ellipsis(
    qtbot: QtBot, journal: Journal, stack: QUndoStack, clock: FakeClock
) -> None:
    at = Moment.from_utc(clock.now - timedelta(hours=2), journal.zone)
    for key in ("dry-skin", "constipation", "itching", "nausea"):
        journal.log_symptom(key, 1, at)
    log(journal, "3", 1)
    page = open_page(qtbot, journal, stack)
    table = page.table

    def height_of(text: str) -> int:
        row = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, ENTRY).data() == text)
        return table.rowHeight(row)

    group = "▸ Dry skin mild, constipation mild, itching mild, nausea mild"
    one = table.verticalHeader().defaultSectionSize()
    qtbot.waitUntil(lambda: height_of(group) == one)  # wide enough: one line each
    page.resize(700, 600)  # narrower than a 1024 px window leaves the column
    metrics = table.fontMetrics()
    assert metrics.horizontalAdvance(group) > table.columnWidth(ENTRY)
    qtbot.waitUntil(lambda: height_of(group) > one)
    wrapped = metrics.boundingRect(
        QRect(0, 0, table.columnWidth(ENTRY) - 8, 1000), int(Qt.TextFlag.TextWordWrap), group
    )
    assert height_of(group) >= wrapped.height(), "every line of it shows"
    assert height_of("3 g leaf powder") == one, "a short entry stays one line"
    page.resize(1150, 600)
    qtbot.waitUntil(lambda: height_of(group) == one)
