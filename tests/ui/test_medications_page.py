"""Medications page (Ctrl+8): add, edit, stop and delete other medications from the keyboard, each
undone with Ctrl+Z; bad input is shown at its field and keeps its text."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journal.domain.medications import Medication
from journal.service.journal import Journal
from journal.ui.main_window import MainWindow
from journal.ui.models.medications import MedicationTableModel
from journal.ui.pages.medications import MedicationsPage
from tests.ui.saving import wait_saved

TODAY = date(2026, 3, 10)  # the test clock's day in Berlin


def page_of(qtbot: QtBot, window: MainWindow) -> MedicationsPage:
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    page = window.medications
    assert window.pages.currentWidget() is page
    return page


def cells(page: MedicationsPage) -> list[list[str]]:
    model = page.model
    return [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def undo(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+Z where the person is: in the list."""
    window.medications.table.setFocus()
    qtbot.keyClick(window.medications.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = MedicationTableModel(TODAY, [Medication("A", "1 mg"), Medication("B", stopped=date(2026, 1, 1))])
    qtmodeltester.check(model)
    assert [m.name for m in model.medications] == ["A", "B"]


def test_the_page_says_why_and_quotes_its_source(qtbot: QtBot, window: MainWindow) -> None:
    page = page_of(qtbot, window)
    assert "Medications (Ctrl+8)" in window.nav.item(7).toolTip()
    assert page.empty.isVisible() and "Ctrl+Shift+M" in page.empty.text()
    words = page.advice.text()
    assert "currently taking other medications” — Side effects, dosage and regulation" in words
    assert "checks no interactions" in words


def test_adding_from_the_keyboard_and_undoing_it(qtbot: QtBot, window: MainWindow, journal: Journal) -> None:
    page = page_of(qtbot, window)
    qtbot.keyClick(
        page, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
    qtbot.keyClicks(dialog.name, "Ibuprofen")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "400 mg")
    qtbot.keyClicks(dialog.how_often, "as needed")
    qtbot.keyClicks(dialog.reason, "back pain")
    qtbot.keyClicks(dialog.started, "2026-01-05")
    qtbot.keyClick(dialog.started, Qt.Key.Key_Return)
    wait_saved(qtbot, dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    [saved] = journal.medications.all()
    assert (saved.name, saved.dose, saved.how_often, saved.reason) == (
        "Ibuprofen",
        "400 mg",
        "as needed",
        "back pain",
    )
    assert cells(page) == [["Ibuprofen", "400 mg", "as needed", "back pain", "since 2026-01-05", "current"]]
    assert not page.empty.isVisible()
    assert window.undo_stack.count() == 1, window.undo_stack.count()
    undo(qtbot, window)
    assert journal.medications.all() == [] and page.model.rowCount() == 0


def test_a_bad_date_is_shown_at_its_field_and_nothing_is_saved(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    page = page_of(qtbot, window)
    dialog = page.add()
    qtbot.keyClicks(dialog.name, "Codeine")
    qtbot.keyClicks(dialog.started, "5.1.2026")
    dialog.save()
    assert dialog.errors["started"].isVisible() and "YYYY-MM-DD" in dialog.errors["started"].text()
    assert dialog.started.text() == "5.1.2026" and dialog.name.text() == "Codeine"
    dialog.started.clear()
    qtbot.keyClicks(dialog.started, "2026-03-01")
    qtbot.keyClicks(dialog.stopped, "2026-02-01")
    dialog.save()
    assert dialog.errors["stopped"].isVisible() and "before the start date" in dialog.errors["stopped"].text()
    assert journal.medications.all() == []
    dialog.close()


def test_edit_stop_and_delete_each_undone(qtbot: QtBot, window: MainWindow, journal: Journal) -> None:
    journal.medications.add(Medication("Zolpidem", "5 mg", "at night", stopped=date(2026, 2, 1)))
    journal.medications.add(Medication("Melatonin", "3 mg"))
    page = page_of(qtbot, window)
    page.refresh()
    assert [row[0] for row in cells(page)] == ["Melatonin", "Zolpidem"]  # current first, then stopped
    assert cells(page)[1][-2:] == ["stopped 2026-02-01", "stopped"]

    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog.name.text() == "Melatonin"
    dialog.dose.selectAll()
    qtbot.keyClicks(dialog.dose, "5 mg")
    dialog.save()
    wait_saved(qtbot, dialog)
    qtbot.waitUntil(lambda: cells(page)[0][1] == "5 mg")
    undo(qtbot, window)
    assert [m.dose for m in journal.medications.all() if m.name == "Melatonin"] == ["3 mg"]

    page.table.selectRow(0)
    assert page.stop_button.isEnabled()
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    assert journal.medications.current() == []
    assert cells(page)[0][-2:] == [f"stopped {TODAY.isoformat()}", "stopped"] or cells(page)[1][-2:] == [
        f"stopped {TODAY.isoformat()}",
        "stopped",
    ]
    undo(qtbot, window)
    assert [m.name for m in journal.medications.current()] == ["Melatonin"]

    page.table.setFocus()
    page.table.selectRow([r[0] for r in cells(page)].index("Zolpidem"))
    assert page.selected() is not None and page.selected().name == "Zolpidem"  # type: ignore[union-attr]
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert [m.name for m in journal.medications.all()] == ["Melatonin"]
    assert "Zolpidem deleted" in page.status.text()
    undo(qtbot, window)
    assert [m.name for m in journal.medications.all()] == ["Melatonin", "Zolpidem"]
    assert page.model.rowCount() == 2
