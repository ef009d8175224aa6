"""The scored withdrawal check-in (SOWS), driven as a person would: digits and Tab, clicks, and what
they see; reached from the Log menu, the symptom check-in and Today during a break; corrected,
deleted and restored on History."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from journal.domain.entities import Kind
from journal.domain.times import Moment
from journal.domain.withdrawal import SOWS_ITEMS, WithdrawalScore
from journal.service.journal import Journal
from journal.ui.dialogs.symptom_checkin import SymptomCheckin
from journal.ui.dialogs.withdrawal_checkin import WithdrawalCheckin, WithdrawalEditDialog
from journal.ui.main_window import MainWindow
from journal.ui.pages.history import HistoryPage
from tests.conftest import ZONE, FakeClock
from tests.ui.saving import wait_saved

D = TypeVar("D", bound=QDialog)
ANSWERS = "2100313224310124"  # total 29
LEFT = Qt.MouseButton.LeftButton


def _open(qtbot: QtBot, dialog: D) -> D:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _answer_by_keys(qtbot: QtBot, dialog: WithdrawalCheckin, digits: str) -> None:
    """Type each answer into the focused statement and Tab to the next, as the dialog invites."""
    for digit in digits:
        focused = dialog.focusWidget()
        assert isinstance(focused, QComboBox)
        qtbot.keyClick(focused, digit)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)


def test_sixteen_digits_and_enter_save_the_check_in(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, WithdrawalCheckin(journal))
    assert dialog.focusWidget() is dialog.answers.boxes[0]
    assert "16 statements still to answer" in dialog.answers.total.text()
    _answer_by_keys(qtbot, dialog, ANSWERS[:3])
    assert "Total so far: 3" in dialog.answers.total.text()
    _answer_by_keys(qtbot, dialog, ANSWERS[3:])
    assert dialog.answers.total.text() == "<b>SOWS total: 29</b> of 64"
    assert dialog.focusWidget() is dialog.time.edit  # after the last statement: the time
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.time.edit, Qt.Key.Key_Return)
    stored = journal.entries.withdrawal()
    assert [s.items for s in stored] == [tuple(int(d) for d in ANSWERS)]
    assert saved.args[0] == stored[0] and stored[0].total == 29
    assert stored[0].at.utc == journal.clock()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_unanswered_statements_are_named_and_nothing_is_saved(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, WithdrawalCheckin(journal))
    _answer_by_keys(qtbot, dialog, "1" * 14)  # statements 15 and 16 left
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.answers.error.isVisible()
    assert "numbers 15, 16 are still unanswered" in dialog.answers.error.text()
    assert "Not saved" in dialog.status.text()
    assert dialog.focusWidget() is dialog.answers.boxes[14]
    assert journal.entries.withdrawal() == []
    assert dialog.answers.values()[:14] == [1] * 14  # every answer is kept
    qtbot.keyClick(dialog.answers.boxes[14], "0")
    assert not dialog.answers.error.isVisible()  # answering clears the problem
    qtbot.keyClick(dialog.answers.boxes[15], "4")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert [s.total for s in journal.entries.withdrawal()] == [18]


def test_delete_unanswers_and_arrows_choose(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, WithdrawalCheckin(journal))
    box = dialog.answers.boxes[0]
    qtbot.keyClick(box, "3")
    assert box.currentText() == "3 – quite a bit"
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    assert box.currentData() is None and box.currentText() == "choose 0–4"
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentData() == 0
    qtbot.keyClick(box, "7")  # not an answer: the box's own search finds nothing
    assert box.currentData() == 0


def test_a_future_time_is_refused_at_the_time_field(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, WithdrawalCheckin(journal))
    _answer_by_keys(qtbot, dialog, "0" * 16)
    future = dialog.time.edit.dateTime().addSecs(3 * 3600)
    dialog.time.edit.setDateTime(future)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.time.error.isVisible() and "future" in dialog.time.error.text()
    assert journal.entries.withdrawal() == []


def test_every_statement_has_a_named_answer_and_the_scale_is_cited(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, WithdrawalCheckin(journal))
    names = [box.accessibleName() for box in dialog.answers.boxes]
    assert names == [f"{n}. {s}" for n, s in enumerate(SOWS_ITEMS, 1)]
    for control in dialog.findChildren(QWidget):
        if isinstance(control, QComboBox | QAbstractButton) and not control.objectName().startswith("qt_"):
            assert control.accessibleName(), type(control).__name__
            assert control.toolTip(), control.accessibleName()
    (about,) = [w for w in dialog.findChildren(QLabel) if w.accessibleName() == "About the scale"]
    text = about.text()
    assert "Handelsman" in text and "published measuring instrument" in text
    assert "not a diagnosis" in text


# -- reached from the window ------------------------------------------------------------------


def test_the_log_menu_opens_it(qtbot: QtBot, window: MainWindow) -> None:
    assert window.withdrawal_action.shortcut().toString() == "Ctrl+Shift+W"
    window.withdrawal_action.trigger()
    assert isinstance(window.dialog, WithdrawalCheckin)
    window.dialog.reject()


def test_rating_cravings_offers_the_scale_next(qtbot: QtBot, window: MainWindow) -> None:
    symptoms = window.symptom_checkin()
    assert isinstance(symptoms, SymptomCheckin)
    qtbot.waitExposed(symptoms)
    assert symptoms.then_sows.isHidden()
    symptoms.row("cravings").severity.setFocus()
    qtbot.keyClick(symptoms.row("cravings").severity, "0")
    assert symptoms.then_sows.isHidden()  # rated "none": nothing to score
    qtbot.keyClick(symptoms.row("cravings").severity, "2")
    assert not symptoms.then_sows.isHidden()
    box = symptoms.then_sows
    qtbot.mouseClick(box, LEFT, pos=QPoint(6, box.height() // 2))  # on its tick box
    assert box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    qtbot.mouseClick(symptoms.save_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(window.dialog, WithdrawalCheckin), timeout=10_000)
    assert [e.type_key for e in window.journal.entries.symptoms()] == ["cravings"]
    sows = window.dialog
    assert isinstance(sows, WithdrawalCheckin)
    qtbot.waitExposed(sows)
    sows.reject()


def test_without_the_tick_the_symptom_check_in_just_closes(qtbot: QtBot, window: MainWindow) -> None:
    symptoms = window.symptom_checkin()
    assert isinstance(symptoms, SymptomCheckin)
    qtbot.waitExposed(symptoms)
    symptoms.row("withdrawal").severity.setFocus()
    qtbot.keyClick(symptoms.row("withdrawal").severity, "3")
    assert not symptoms.then_sows.isHidden() and not symptoms.then_sows.isChecked()
    with qtbot.waitSignal(symptoms.finished):
        qtbot.mouseClick(symptoms.save_button, LEFT)
    assert window.dialog is symptoms


def test_today_invites_it_daily_during_a_break_and_shows_the_totals(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    today = window.today
    assert today.sows_button.isHidden() or not today.break_invite.isVisible()
    assert today.withdrawal_tile.isHidden() and not today.values["withdrawal"].isVisible()
    journal = window.journal
    clock.now -= timedelta(days=1)
    journal.start_break(date(2026, 3, 20), "reset")
    clock.now += timedelta(days=1)
    journal.log_withdrawal(WithdrawalScore(Moment.from_utc(clock.now - timedelta(days=1), ZONE), (3,) * 16))
    window.refresh()
    assert today.break_invite.isVisible() and today.sows_button.isVisible()
    assert "not scored yet" in today.break_invite_text.text()
    assert today.values["withdrawal"].isVisible()
    assert today.values["withdrawal"].text().startswith("48 (of 64)")

    qtbot.mouseClick(today.sows_button, LEFT)
    dialog = window.dialog
    assert isinstance(dialog, WithdrawalCheckin)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    _answer_by_keys(qtbot, dialog, "1" * 16)
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.time.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "scored for today" in today.break_invite_text.text())
    assert today.values["withdrawal"].text().startswith("48 → 16 (of 64)")
    assert today.sows_button.text() == "Another withdrawal check-in…"


# -- History ------------------------------------------------------------------------------------


def test_history_shows_corrects_deletes_and_restores_it(
    qtbot: QtBot, journal: Journal, clock: FakeClock
) -> None:
    saved = journal.log_withdrawal(
        WithdrawalScore(Moment.from_utc(clock.now - timedelta(hours=2), ZONE), tuple(int(d) for d in ANSWERS))
    )
    assert saved.id is not None
    stack = QUndoStack()
    page = HistoryPage(journal, stack)
    qtbot.addWidget(page)
    page.resize(1150, 600)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.table.setFocus()
    row = next(r for r in page.model.rows if r.kind is Kind.WITHDRAWAL)
    assert row.title == "SOWS total 29 of 64 · answers 2 1 0 0 3 1 3 2 2 4 3 1 0 1 2 4"
    assert page.select_entry(Kind.WITHDRAWAL, saved.id)
    index = page.table.currentIndex().siblingAtColumn(2)
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "I feel anxious: 2 (moderately)" in tip and "I feel like using now: 4 (extremely)" in tip

    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, WithdrawalEditDialog)
    assert dialog.answers.values()[0] == 2
    dialog.answers.boxes[0].setFocus()
    qtbot.keyClick(dialog.answers.boxes[0], "0")
    assert "SOWS total: 27" in dialog.answers.total.text()
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_saved(qtbot, dialog)
    assert journal.entries.withdrawal_score(saved.id).total == 27
    assert any(r.title.startswith("SOWS total 27 of 64 · answers 0 1 0 0") for r in page.model.rows)

    stack.undo()  # the correction
    assert journal.entries.withdrawal_score(saved.id).total == 29

    assert page.select_entry(Kind.WITHDRAWAL, saved.id)
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert journal.entries.withdrawal() == []
    assert page.notice.text().startswith("Deleted withdrawal check-in SOWS total 29 of 64")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.total for s in journal.entries.withdrawal()] == [29]
