"""Symptom and pain check-ins and breaks, driven as a person would: keys, clicks, and what they see."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from journal import resources
from journal.domain.entities import MAX_NOTE_CHARS, Severity
from journal.domain.tags import SUGGESTED_TAGS
from journal.service.journal import Journal
from journal.ui.dialogs.breaks import EndBreakDialog, StartBreakDialog
from journal.ui.dialogs.pain_checkin import PainCheckin
from journal.ui.dialogs.symptom_checkin import RED_FLAG_MESSAGE, SymptomCheckin
from journal.ui.widgets.source_dialog import SourceDialog
from tests.conftest import FakeClock
from tests.ui.saving import wait_saved

LIVER_SOURCE = "002_8d8250643712a73f.txt"
LIVER_QUOTE = "Long-term use has been linked to more serious issues such as liver damage and addiction."
D = TypeVar("D", bound=QDialog)
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def _open(qtbot: QtBot, dialog: D) -> D:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _rate(qtbot: QtBot, dialog: SymptomCheckin, key: str, digit: str) -> None:
    """Tab to a symptom's box and type the digit, as the hint in the dialog says."""
    box = dialog.row(key).severity
    box.setFocus()
    qtbot.keyClicks(box, digit)


def _type_number(qtbot: QtBot, box: QAbstractSpinBox, text: str) -> None:
    """Select what the box shows and type over it."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


# -- symptom check-in ---------------------------------------------------------------


def test_several_symptoms_rated_in_one_go(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    _rate(qtbot, dialog, "hair-thinning", "2")
    area = dialog.row("hair-thinning").area
    assert area is not None and area.isEnabled()
    area.setFocus()
    qtbot.keyClicks(area, "scalp")
    _rate(qtbot, dialog, "nausea", "1")
    _rate(qtbot, dialog, "cravings", "0")
    assert "Rated 3" in dialog.rated_summary.text()
    qtbot.keyClicks(dialog.notes, "after the new batch")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.notes, Qt.Key.Key_S, CTRL)
    assert len(saved.args[0]) == 3
    stored = {e.type_key: e for e in journal.entries.symptoms()}
    assert set(stored) == {"hair-thinning", "nausea", "cravings"}  # the unrated ones are not saved
    assert stored["hair-thinning"].severity is Severity.MODERATE
    assert stored["hair-thinning"].body_area == "scalp"
    assert stored["nausea"].severity is Severity.MILD and stored["nausea"].body_area == ""
    assert stored["cravings"].severity is Severity.NONE
    assert all(e.notes == "after the new batch" for e in stored.values())
    assert all(e.at.utc == journal.clock() for e in stored.values())
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_enter_saves_and_escape_cancels(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    _rate(qtbot, dialog, "dizziness", "3")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.row("dizziness").severity, Qt.Key.Key_Return)
    assert [e.severity for e in journal.entries.symptoms()] == [Severity.SEVERE]

    other = _open(qtbot, SymptomCheckin(journal))
    _rate(qtbot, other, "rash", "1")
    qtbot.keyClick(other.row("rash").severity, Qt.Key.Key_Escape)
    assert other.result() == QDialog.DialogCode.Rejected
    assert len(journal.entries.symptoms()) == 1


def test_body_area_only_once_rated_above_zero(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    row = dialog.row("dry-skin")
    assert row.area is not None and not row.area.isEnabled()
    _rate(qtbot, dialog, "dry-skin", "1")
    assert row.area.isEnabled()
    row.area.setFocus()
    qtbot.keyClicks(row.area, "hands")
    assert row.body_area == "hands"
    qtbot.keyClicks(row.severity, "0")
    assert not row.area.isEnabled() and row.body_area == ""


def test_nothing_rated_saves_nothing(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    assert "Nothing rated yet" in dialog.rated_summary.text()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "rate at least one symptom" in dialog.status.text()
    assert dialog.isVisible()
    assert journal.entries.symptoms() == []


def test_custom_symptom_added_and_rated(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    assert not dialog.custom_box.isVisible()
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert dialog.custom_box.isVisible() and dialog.custom_name.hasFocus()
    qtbot.keyClicks(dialog.custom_name, "Headache")
    dialog.custom_category.setFocus()
    qtbot.keyClicks(dialog.custom_category, "Gen")
    assert dialog.custom_category.currentData() == "general"
    qtbot.keyClick(dialog.custom_name, Qt.Key.Key_Return)  # Enter adds it; it does not save the check-in
    wait_saved(qtbot, dialog)
    assert journal.entries.symptoms() == []
    added = next(t for t in journal.entries.symptom_types() if t.label == "Headache")
    assert (added.key, added.category, added.builtin, added.red_flag) == (
        "custom-headache",
        "general",
        False,
        False,
    )
    row = dialog.row("custom-headache")
    assert row.severity.parentWidget() is dialog.groups["general"]
    assert row.label.text() == "Headache (your own)"
    assert row.severity.hasFocus()
    assert dialog.custom_name.text() == ""

    qtbot.keyClicks(row.severity, "3")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    [entry] = journal.entries.symptoms()
    assert (entry.type_key, entry.severity) == ("custom-headache", Severity.SEVERE)

    # A second check-in lists it in its category too.
    again = _open(qtbot, SymptomCheckin(journal))
    assert again.row("custom-headache").severity.parentWidget() is again.groups["general"]


def test_custom_symptom_problems_are_shown_at_the_field(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    qtbot.mouseClick(dialog.add_button, LEFT)
    before = len(journal.entries.symptom_types())
    qtbot.keyClick(dialog.custom_name, Qt.Key.Key_Return)
    assert dialog.custom_error.isVisible() and "name" in dialog.custom_error.text()
    qtbot.keyClicks(dialog.custom_name, "nausea")
    qtbot.mouseClick(dialog.custom_add, LEFT)
    assert "already in the list" in dialog.custom_error.text()
    assert dialog.custom_name.text() == "nausea"
    assert len(journal.entries.symptom_types()) == before


def test_red_flag_message_and_its_source(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    _rate(qtbot, dialog, "dark-urine", "0")
    assert not dialog.red_flag.isVisible()  # "none" is not a warning sign
    _rate(qtbot, dialog, "dark-urine", "2")
    assert dialog.red_flag.isVisible()
    assert RED_FLAG_MESSAGE in dialog.red_flag.text()
    assert "Dark urine" in dialog.red_flag.text()
    # Its source link is reached with Tab from the box just rated, and opens with Space.
    for _ in range(10):
        if QApplication.focusWidget() is dialog.red_flag_source:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.red_flag_source
    with qtbot.waitSignal(dialog.source_opened) as opened:
        qtbot.keyClick(dialog.red_flag_source, Qt.Key.Key_Space)
    source = opened.args[0]
    assert isinstance(source, SourceDialog)
    qtbot.addWidget(source)
    assert LIVER_QUOTE in source.text.text()
    assert resources.sources().name(LIVER_SOURCE) in source.text.text()
    assert LIVER_QUOTE in resources.source_text(LIVER_SOURCE)  # the passage is really in that file
    source.close()

    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    # It stays open after saving so the message is read, and says it saved.
    assert dialog.isVisible() and dialog.red_flag.isVisible()
    assert "Saved 1 symptom" in dialog.status.text()
    assert not dialog.save_button.isVisible() and dialog.cancel_button.text() == "Close"
    assert [e.type_key for e in journal.entries.symptoms()] == ["dark-urine"]


def test_future_time_refused_at_the_field(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    _rate(qtbot, dialog, "itching", "2")
    qtbot.keyClicks(dialog.notes, "keep me")
    dialog.time.edit.setFocus()
    dialog.time.edit.setCurrentSection(dialog.time.edit.Section.DaySection)
    qtbot.keyClick(dialog.time.edit, Qt.Key.Key_Up)  # tomorrow
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.time.error.isVisible()
    assert "future" in dialog.time.error.text()
    assert "Not saved" in dialog.status.text()
    assert dialog.notes.toPlainText() == "keep me"
    assert dialog.row("itching").rating == 2
    assert journal.entries.symptoms() == []

    qtbot.mouseClick(dialog.time.now_button, LEFT)
    assert not dialog.time.error.isVisible()
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert len(journal.entries.symptoms()) == 1


def test_back_dated_check_in_keeps_its_time(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    _rate(qtbot, dialog, "constipation", "1")
    dialog.time.edit.setFocus()
    dialog.time.edit.setCurrentSection(dialog.time.edit.Section.DaySection)
    qtbot.keyClick(dialog.time.edit, Qt.Key.Key_Down)  # yesterday
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.time.edit, Qt.Key.Key_S, CTRL)
    [entry] = journal.entries.symptoms()
    assert entry.at.local.date() == date(2026, 3, 9)
    assert entry.at.local.strftime("%H:%M") == "13:00"


def test_too_long_note_saves_nothing(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    _rate(qtbot, dialog, "nausea", "1")
    _rate(qtbot, dialog, "dizziness", "1")
    dialog.notes.setPlainText("x" * (MAX_NOTE_CHARS + 1))  # pasted
    qtbot.keyClick(dialog.row("nausea").severity, Qt.Key.Key_S, CTRL)
    assert dialog.notes_error.isVisible() and "10,000" in dialog.notes_error.text()
    assert len(dialog.notes.toPlainText()) == MAX_NOTE_CHARS + 1
    assert journal.entries.symptoms() == []  # neither symptom: all are checked before any is saved


def test_preselect_asks_about_cravings_and_withdrawal_first(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal, preselect=("cravings", "withdrawal", "no-such-key")))
    asked = dialog.groups["asked"]
    assert dialog.row("cravings").severity.parentWidget() is asked
    assert dialog.row("withdrawal").severity.parentWidget() is asked
    assert [r.stype.key for r in dialog.rows].count("cravings") == 1  # not repeated in its category
    assert dialog.focusWidget() is dialog.row("cravings").severity
    qtbot.keyClicks(dialog.row("cravings").severity, "3")
    qtbot.keyClick(dialog.row("cravings").severity, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.row("withdrawal").severity
    qtbot.keyClicks(dialog.row("withdrawal").severity, "2")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.row("withdrawal").severity, Qt.Key.Key_Return)
    assert {(e.type_key, int(e.severity)) for e in journal.entries.symptoms()} == {
        ("cravings", 3),
        ("withdrawal", 2),
    }


def test_catalogue_grouped_by_category_in_order(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    catalogue = resources.catalogue()
    titles = {key: box.title() for key, box in dialog.groups.items()}
    assert titles == {key: label for key, label in catalogue.categories}
    for stype in catalogue.types:
        assert dialog.row(stype.key).severity.parentWidget() is dialog.groups[stype.category]
    words = [dialog.row("nausea").severity.itemText(i) for i in range(6)]
    assert words == ["not rated", "0 none", "1 mild", "2 moderate", "3 severe", "4 extreme"]


# -- pain check-in --------------------------------------------------------------------


def test_pain_with_peg_saves_the_three_items_and_shows_the_score(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, PainCheckin(journal))
    assert dialog.pain_now.hasFocus()
    qtbot.keyClicks(dialog.pain_now, "5")
    assert not dialog.peg_frame.isVisible()
    qtbot.keyClick(dialog.pain_now, Qt.Key.Key_Tab)
    assert dialog.peg_check.hasFocus()
    qtbot.keyClick(dialog.peg_check, Qt.Key.Key_Space)
    assert dialog.peg_frame.isVisible()
    assert "answer all three" in dialog.peg_score.text()
    for box, value in zip(dialog.peg_boxes.values(), ("6", "7", "8"), strict=True):
        _type_number(qtbot, box, value)
    assert "PEG score: 7.0" in dialog.peg_score.text()
    _type_number(qtbot, dialog.mood, "4")
    qtbot.keyClicks(dialog.notes, "bad night")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.notes, Qt.Key.Key_S, CTRL)
    [stored] = journal.entries.pain()
    assert stored == saved.args[0]
    assert (stored.pain_now, stored.peg, stored.mood, stored.notes) == (5, (6, 7, 8), 4, "bad night")
    assert stored.peg_score == Decimal("7.0")


def test_pain_check_in_has_no_empty_band_above_its_buttons(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, PainCheckin(journal))
    last = dialog.tags  # the last field: the tags, under the time
    last_bottom = last.mapTo(dialog, last.rect().bottomLeft()).y()
    gap = dialog.buttons.mapTo(dialog, dialog.buttons.rect().topLeft()).y() - last_bottom
    assert gap <= 2 * dialog.status.sizeHint().height() + 12, gap  # the status line and the spacing
    qtbot.mouseClick(dialog.peg_check, LEFT)  # the questions make it taller; unticked, it shrinks again
    grown = dialog.height()
    qtbot.mouseClick(dialog.peg_check, LEFT)
    assert dialog.height() < grown


def test_pain_without_peg_or_mood(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, PainCheckin(journal))
    _type_number(qtbot, dialog.pain_now, "0")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.pain_now, Qt.Key.Key_Return)
    [stored] = journal.entries.pain()
    assert (stored.pain_now, stored.peg, stored.mood) == (0, None, None)


def test_pain_now_is_required_and_peg_needs_all_three(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, PainCheckin(journal))
    assert dialog.pain_now.text() == "choose 0–10"
    qtbot.mouseClick(dialog.peg_check, LEFT)
    _type_number(qtbot, dialog.peg_boxes["peg_pain"], "3")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.pain_error.isVisible() and "0 to 10" in dialog.pain_error.text()
    assert not dialog.peg_errors["peg_pain"].isVisible()
    assert dialog.peg_errors["peg_enjoyment"].isVisible()
    assert dialog.peg_errors["peg_activity"].isVisible()
    assert dialog.pain_now.hasFocus()
    assert dialog.peg_boxes["peg_pain"].value() == 3
    assert journal.entries.pain() == []


def test_pain_future_time_refused(qtbot: QtBot, journal: Journal, clock: FakeClock) -> None:
    dialog = _open(qtbot, PainCheckin(journal))
    _type_number(qtbot, dialog.pain_now, "4")
    clock.now -= timedelta(hours=2)  # the dialog's "now" is shown; then the clock is earlier
    dialog.time.edit.setFocus()
    dialog.time.edit.setCurrentSection(dialog.time.edit.Section.MinuteSection)
    qtbot.keyClick(dialog.time.edit, Qt.Key.Key_Up)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "future" in dialog.time.error.text() and dialog.time.error.isVisible()
    assert journal.entries.pain() == []


# -- breaks ----------------------------------------------------------------------------------


def test_start_break_with_a_past_goal_date_is_refused(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, StartBreakDialog(journal))
    assert dialog.goal() == date(2026, 3, 17)
    assert "7 days" in dialog.length.text()
    assert dialog.until.hasFocus()
    qtbot.keyClicks(dialog.reason, "reset tolerance")
    dialog.until.setFocus()
    dialog.until.setCurrentSection(dialog.until.Section.DaySection)
    for _ in range(8):
        qtbot.keyClick(dialog.until, Qt.Key.Key_Down)
    assert dialog.goal() == date(2026, 3, 9)
    assert dialog.until_error.isVisible() and "after today" in dialog.until_error.text()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert dialog.reason.toPlainText() == "reset tolerance"
    assert journal.entries.breaks() == []


def test_break_explains_its_length_with_a_source(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, StartBreakDialog(journal))
    assert "no number of days" in dialog.explained.text()
    # The link stands above the goal date: Shift+Tab from the date reaches it, Enter opens it.
    assert QApplication.focusWidget() is dialog.until
    qtbot.keyClick(dialog.until, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is dialog.source_link
    with qtbot.waitSignal(dialog.source_opened) as opened:
        qtbot.keyClick(dialog.source_link, Qt.Key.Key_Return)
    assert journal.entries.breaks() == [], "Enter on the link opens it, not Start break"
    source = opened.args[0]
    qtbot.addWidget(source)
    assert "Regular breaks between doses help prevent tolerance build-up." in source.text.text()
    assert "Dosage, breaks and skin" in source.text.text()  # 001_3df793e56db52cdc.txt, by its title
    source.close()


def test_start_then_end_a_break(qtbot: QtBot, journal: Journal, clock: FakeClock) -> None:
    start = _open(qtbot, StartBreakDialog(journal))
    qtbot.keyClicks(start.reason, "lower my tolerance")
    with qtbot.waitSignal(start.saved) as saved:
        qtbot.mouseClick(start.save_button, LEFT)
    running = journal.entries.running_break()
    assert running is not None and running == saved.args[0]
    assert (running.planned_end, running.reason) == (date(2026, 3, 17), "lower my tolerance")

    clock.now += timedelta(days=3)
    end = _open(qtbot, EndBreakDialog(journal))
    summary = end.summary.text()
    assert "Day 4 of 7" in summary and "Tuesday 17 March 2026" in summary and "lower my tolerance" in summary
    assert end.notes.hasFocus()
    qtbot.keyClicks(end.notes, "felt fine")
    with qtbot.waitSignal(end.saved):
        qtbot.mouseClick(end.end_button, LEFT)
    [brk] = journal.entries.breaks()
    assert brk.outcome == "felt fine"
    assert brk.actual_end is not None and brk.actual_end.utc == clock.now
    assert journal.entries.running_break() is None


@pytest.mark.parametrize(
    ("button", "note", "outcome"),
    [
        ("abandon", "too hard this week", "Abandoned: too hard this week"),
        ("abandon", "", "Abandoned"),
        ("end", "", "Ended"),
    ],
)
def test_end_or_abandon_records_the_outcome(
    qtbot: QtBot, journal: Journal, button: str, note: str, outcome: str
) -> None:
    journal.start_break(date(2026, 3, 20), "")
    dialog = _open(qtbot, EndBreakDialog(journal))
    qtbot.keyClicks(dialog.notes, note)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.abandon_button if button == "abandon" else dialog.end_button, LEFT)
    assert [b.outcome for b in journal.entries.breaks()] == [outcome]
    assert journal.entries.running_break() is None


def test_end_break_note_too_long_keeps_it_running(qtbot: QtBot, journal: Journal) -> None:
    journal.start_break(None, "")
    dialog = _open(qtbot, EndBreakDialog(journal))
    assert "no goal date" in dialog.summary.text()
    dialog.notes.setPlainText("y" * MAX_NOTE_CHARS)  # fits alone, not with "Abandoned: "
    qtbot.mouseClick(dialog.abandon_button, LEFT)
    wait_saved(qtbot, dialog)
    assert dialog.notes_error.isVisible() and "10,000" in dialog.notes_error.text()
    assert journal.entries.running_break() is not None


def test_start_refused_while_a_break_runs_and_end_needs_one(qtbot: QtBot, journal: Journal) -> None:
    nothing = _open(qtbot, EndBreakDialog(journal))
    assert "No break is running" in nothing.summary.text()
    assert not nothing.end_button.isVisible() and not nothing.abandon_button.isVisible()
    journal.start_break(date(2026, 3, 12), "")
    dialog = _open(qtbot, StartBreakDialog(journal))
    assert "already running" in dialog.status.text()
    assert not dialog.save_button.isEnabled()
    assert len(journal.entries.breaks()) == 1


# -- keyboard and accessibility ----------------------------------------------------------------


def _controls(dialog: QDialog) -> list[QWidget]:
    kinds = (QComboBox, QAbstractSpinBox, QPlainTextEdit, QLineEdit, QPushButton, QCheckBox)
    found = [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds)]
    # The line edits inside spin boxes and date edits belong to them.
    return [w for w in found if not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))]


@pytest.mark.parametrize("kind", ["symptom", "pain", "start", "end"])
def test_every_control_has_a_name_and_a_tooltip(qtbot: QtBot, journal: Journal, kind: str) -> None:
    if kind == "end":
        journal.start_break(date(2026, 3, 12), "")
    make = {
        "symptom": SymptomCheckin,
        "pain": PainCheckin,
        "start": StartBreakDialog,
        "end": EndBreakDialog,
    }[kind]
    dialog = _open(qtbot, make(journal))
    controls = _controls(dialog)
    assert len(controls) >= 4
    for widget in controls:
        assert widget.accessibleName(), f"{type(widget).__name__} {widget.objectName()} has no name"
        assert widget.toolTip(), f"{widget.accessibleName()} has no tooltip"


def test_pain_tab_order_follows_the_form(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, PainCheckin(journal))
    qtbot.mouseClick(dialog.peg_check, LEFT)
    dialog.pain_now.setFocus()
    order: list[str] = []
    for _ in range(30):  # Tab also steps through the date-time's sections before leaving it
        name = dialog.focusWidget().accessibleName()
        if not order or order[-1] != name:
            order.append(name)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert order[:19] == [
        "Pain now",
        "Add the three PEG questions",
        "Average pain in the past week",
        "Interference with enjoyment of life",
        "Interference with general activity",
        "Mood",
        "Note",
        "Time of check-in",
        "Set time to now",
        *(f"Tag: {tag}" for tag in SUGGESTED_TAGS),
        "Other tags",
        "Save check-in",
    ]


def test_symptom_tab_order_skips_areas_until_rated(qtbot: QtBot, journal: Journal) -> None:
    dialog = _open(qtbot, SymptomCheckin(journal))
    first = dialog.row("hair-thinning")
    assert dialog.focusWidget() is first.severity
    qtbot.keyClick(first.severity, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.row("hair-shedding").severity
    first.severity.setFocus()
    qtbot.keyClicks(first.severity, "1")
    qtbot.keyClick(first.severity, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is first.area
    qtbot.keyClick(first.severity, Qt.Key.Key_Delete)
    assert first.rating is None


def test_repeated_hour_offers_the_second_time(qtbot: QtBot, journal: Journal, clock: FakeClock) -> None:
    clock.now = datetime(2026, 10, 26, 12, 0, tzinfo=UTC)  # the day after Berlin's clocks went back
    dialog = _open(qtbot, PainCheckin(journal))
    _type_number(qtbot, dialog.pain_now, "2")
    assert not dialog.time.later_fold.isVisible()
    dialog.time.edit.setDateTime(QDateTime(QDate(2026, 10, 25), QTime(2, 30)))  # picked in the calendar
    assert dialog.time.later_fold.isVisible()
    assert not dialog.time.error.isVisible()
    qtbot.mouseClick(dialog.time.later_fold, LEFT)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, LEFT)
    [stored] = journal.entries.pain()
    assert stored.at.offset_min == 60  # the second 02:30, in winter time
    assert stored.at.utc == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_future_time_is_flagged_while_editing(qtbot: QtBot, journal: Journal) -> None:
    checkin = _open(qtbot, SymptomCheckin(journal))
    checkin.time.edit.setFocus()
    checkin.time.edit.setCurrentSection(checkin.time.edit.Section.HourSection)
    qtbot.keyClick(checkin.time.edit, Qt.Key.Key_Up)
    assert checkin.time.error.isVisible() and "future" in checkin.time.error.text()
    qtbot.keyClick(checkin.time.edit, Qt.Key.Key_Down)
    assert not checkin.time.error.isVisible()
