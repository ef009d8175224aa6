"""Context tags driven as a person would: chosen while logging, filtered by in History, corrected,
and back with an undone delete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from journal.domain.entities import Kind
from journal.domain.withdrawal import WithdrawalScore
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui.dialogs.breaks import StartBreakDialog
from journal.ui.dialogs.intake_edit import IntakeEditDialog
from journal.ui.dialogs.pain_checkin import PainCheckin
from journal.ui.dialogs.symptom_checkin import SymptomCheckin
from journal.ui.dialogs.withdrawal_checkin import WithdrawalCheckin, WithdrawalEditDialog
from journal.ui.main_window import MainWindow
from journal.ui.models.timeline import TAGS
from journal.ui.pages.history import HistoryPage
from journal.ui.widgets.tag_field import TagField
from tests.ui.saving import outcome, wait_saved
from tests.ui.test_checkins import _open, _rate
from tests.ui.test_history import ago, open_page, pick, shown

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def tagged(journal: Journal) -> dict[str, int]:
    """Three intakes: one with "stress", one with "stress" and "travel", one without tags."""
    ids = {}
    for name, hours, tags in (
        ("plain", 3, ()),
        ("stressed", 2, ("stress",)),
        ("away", 1, ("stress", "travel")),
    ):
        saved = journal.log_intake(IntakeDraft("2", ago(journal, hours), notes=name, tags=tags)).intake
        assert saved.id is not None
        ids[name] = saved.id
    return ids


@pytest.fixture
def page(qtbot: QtBot, journal: Journal, stack: QUndoStack, tagged: dict[str, int]) -> Iterator[HistoryPage]:
    page = open_page(qtbot, journal, stack)
    yield page
    if page.dialog is not None:
        page.dialog.reject()


def test_tag_an_intake_while_logging_then_filter_history_by_it(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    form = window.log
    qtbot.keyClicks(form.amount, "3")
    qtbot.mouseClick(form.tags.chips["poor sleep"], LEFT)
    qtbot.keyClicks(form.tags.free, "Long  Shift")
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.amount, Qt.Key.Key_Return)
    [saved] = window.journal.entries.intakes()
    assert saved.id is not None
    assert window.journal.entries.entry_tags(Kind.INTAKE, saved.id) == ("long shift", "poor sleep")
    assert form.tags.raw_tags() == [] and not form.tags.chips["poor sleep"].isChecked(), "cleared once saved"
    window.journal.log_intake(IntakeDraft("1", ago(window.journal, 2)))  # another, untagged

    history = window.history
    window.show_page(window.pages.indexOf(history))
    qtbot.waitUntil(lambda: len(history.model.all_rows) == 2)
    tags = [history.tag_filter.itemText(i) for i in range(history.tag_filter.count())]
    assert tags == ["Any tag", "long shift", "poor sleep"]
    history.tag_filter.setCurrentIndex(history.tag_filter.findText("poor sleep"))
    assert shown(history) == ["3 g leaf powder"]
    assert shown(history, TAGS) == ["long shift, poor sleep"]
    assert "Showing 1 of 2 entries" in history.count.text()
    history.clear_filters()
    assert len(shown(history)) == 2


def test_a_bad_tag_is_said_at_the_field_and_nothing_is_lost(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    form = window.log
    qtbot.keyClicks(form.amount, "2")
    qtbot.mouseClick(form.tags.chips["stress"], LEFT)
    qtbot.keyClicks(form.tags.free, "x" * 41)
    assert form.tags.error.isVisible() and "at most 40 characters" in form.tags.error.text()
    qtbot.keyClick(form.amount, Qt.Key.Key_Return)
    wait_saved(qtbot, form)
    assert window.journal.entries.intakes() == []
    assert "Not saved" in form.status.text()
    assert form.amount.text() == "2" and form.tags.free.text() == "x" * 41
    assert form.tags.chips["stress"].isChecked()
    form.tags.free.clear()
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.amount, Qt.Key.Key_Return)
    assert window.journal.entries.tag_counts() == {"stress": 1}


def test_the_tags_in_use_are_offered_as_one_types(
    qtbot: QtBot, journal: Journal, tagged: dict[str, int]
) -> None:
    field = TagField(journal.entries.tag_counts)
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    qtbot.keyClicks(field.free, "work, TR")
    assert field.completer.completionCount() == 1
    assert field.completer.currentCompletion() == "travel"
    field.completer.activated.emit("travel")
    assert field.free.text() == "work, travel"
    assert field.tags() == ("travel", "work")


def test_the_tags_column_shows_once_a_tag_is_in_use(
    qtbot: QtBot, journal: Journal, stack: QUndoStack
) -> None:
    saved = journal.log_intake(IntakeDraft("2", ago(journal, 1))).intake
    page = open_page(qtbot, journal, stack)
    assert page.table.isColumnHidden(TAGS), "no tags yet: the entries keep the room"
    assert saved.id is not None
    journal.set_tags(Kind.INTAKE, saved.id, ["stress"])
    page.refresh()
    qtbot.waitUntil(lambda: not page.table.isColumnHidden(TAGS))
    assert shown(page, TAGS) == ["stress"]


def test_filter_history_by_tag(page: HistoryPage, tagged: dict[str, int]) -> None:
    page.tag_filter.setCurrentIndex(page.tag_filter.findText("stress"))
    assert shown(page, TAGS) == ["stress, travel", "stress"]
    page.tag_filter.setCurrentIndex(page.tag_filter.findText("travel"))
    assert [row.id for row in page.model.rows] == [tagged["away"]]


def test_edit_tags_from_history_and_undo_puts_them_back(
    qtbot: QtBot, page: HistoryPage, stack: QUndoStack, tagged: dict[str, int]
) -> None:
    journal = page.journal
    pick(page, Kind.INTAKE, tagged["stressed"])
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, IntakeEditDialog) and dialog.tag_field is not None
    field = dialog.tag_field
    assert field.chips["stress"].isChecked() and field.free.text() == ""
    qtbot.mouseClick(field.chips["stress"], LEFT)
    qtbot.mouseClick(field.chips["flare"], LEFT)
    qtbot.keyClicks(field.free, "new job")
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert journal.entries.entry_tags(Kind.INTAKE, tagged["stressed"]) == ("flare", "new job")
    row = page.selected_row()
    assert row is not None and row.tags == ("flare", "new job")
    assert "flare" in [page.tag_filter.itemText(i) for i in range(page.tag_filter.count())]

    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert journal.entries.entry_tags(Kind.INTAKE, tagged["stressed"]) == ("stress",)
    row = page.selected_row()
    assert row is not None and row.tags == ("stress",)
    stack.redo()
    assert journal.entries.entry_tags(Kind.INTAKE, tagged["stressed"]) == ("flare", "new job")


def test_a_refused_tag_in_an_edit_keeps_the_dialog_and_saves_nothing(
    qtbot: QtBot, page: HistoryPage, tagged: dict[str, int]
) -> None:
    pick(page, Kind.INTAKE, tagged["plain"])
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, IntakeEditDialog) and dialog.tag_field is not None
    qtbot.keyClicks(dialog.tag_field.free, ", ".join(f"t{n}" for n in range(11)))
    outcome(qtbot, dialog.save())
    assert dialog.isVisible() and "at most 10 tags" in dialog.tag_field.error.text()
    assert page.journal.entries.entry_tags(Kind.INTAKE, tagged["plain"]) == ()


def test_undoing_a_delete_brings_the_tags_back(
    qtbot: QtBot, page: HistoryPage, tagged: dict[str, int]
) -> None:
    journal = page.journal
    pick(page, Kind.INTAKE, tagged["away"])
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert journal.entries.tag_counts() == {"stress": 1}
    assert page.tag_filter.findText("travel") < 0
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert journal.entries.tag_counts() == {"stress": 2, "travel": 1}
    page.tag_filter.setCurrentIndex(page.tag_filter.findText("travel"))
    assert shown(page, TAGS) == ["stress, travel"]


# -- the check-ins and the break --------------------------------------------------------


def test_a_pain_check_in_is_saved_with_its_tags(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, PainCheckin(journal))
    qtbot.keyClicks(dialog.pain_now, "6")
    qtbot.mouseClick(dialog.tags.chips["flare"], LEFT)
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert journal.entries.entry_tags(Kind.PAIN, saved.args[0].id) == ("flare",)


def test_a_symptom_check_in_tags_every_rating_it_saves(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    _rate(qtbot, dialog, "nausea", "2")
    _rate(qtbot, dialog, "cravings", "1")
    qtbot.keyClicks(dialog.tags.free, "missed meal")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert len(saved.args[0]) == 2
    assert journal.entries.tags_of(Kind.SYMPTOM) == {e.id: ("missed meal",) for e in saved.args[0]}


def test_a_symptom_check_in_with_a_bad_tag_saves_nothing(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    _rate(qtbot, dialog, "nausea", "2")
    qtbot.keyClicks(dialog.tags.free, "a; b")  # the field splits on semicolons: two tags, fine
    qtbot.keyClicks(dialog.tags.free, ", " + "y" * 45)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible() and dialog.tags.error.isVisible()
    assert journal.entries.symptoms() == []


def test_a_withdrawal_check_in_and_its_correction_carry_tags(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, WithdrawalCheckin(journal))
    for box in dialog.answers.boxes:
        box.setCurrentIndex(box.findData(1))
    qtbot.mouseClick(dialog.tags.chips["illness"], LEFT)
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, LEFT)
    score: WithdrawalScore = saved.args[0]
    assert score.id is not None
    assert journal.entries.entry_tags(Kind.WITHDRAWAL, score.id) == ("illness",)
    edit = _open(qtbot, WithdrawalEditDialog(journal, journal.entries.withdrawal_score(score.id)))
    assert edit.tag_field is not None and edit.tag_field.chips["illness"].isChecked()
    qtbot.mouseClick(edit.tag_field.chips["travel"], LEFT)
    with qtbot.waitSignal(edit.saved):
        qtbot.mouseClick(edit.save_button, LEFT)
    assert journal.entries.entry_tags(Kind.WITHDRAWAL, score.id) == ("illness", "travel")


def test_a_break_is_started_with_its_tags(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, StartBreakDialog(journal))
    qtbot.mouseClick(dialog.tags.chips["travel"], LEFT)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    [brk] = journal.entries.breaks()
    assert brk.id is not None and journal.entries.entry_tags(Kind.BREAK, brk.id) == ("travel",)
