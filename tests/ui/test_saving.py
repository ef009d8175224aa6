"""Saves run off the UI thread: while one is held up the window stays live and the form waits.

Each test holds a save on the worker with a `Gate`: the journal call the form makes
waits for the test to open it. Meanwhile the window must keep processing events (a
timer fires, pages read the journal), the form must be disabled and refuse to close,
and its busy bar shows; once the gate opens, the form shows the outcome as it always
did. A refused save comes back where it was typed, every field keeping its text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from journal.domain.entities import Product, Settings
from journal.domain.errors import FULL as FULL_DISK
from journal.domain.errors import InvalidInput, WriteFailed
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.storage import findings
from journal.ui.dialogs.breaks import EndBreakDialog, StartBreakDialog
from journal.ui.dialogs.intake_edit import IntakeEditDialog
from journal.ui.dialogs.pain_checkin import PainCheckin
from journal.ui.dialogs.product import ProductDialog
from journal.ui.dialogs.symptom_checkin import SymptomCheckin
from journal.ui.main_window import MainWindow
from journal.ui.pages.settings import SettingsPage
from tests.ui.saving import wait_saved

DISK_FULL = WriteFailed(FULL_DISK)
SAID = f"⚠ {DISK_FULL}"


class Gate:
    """Stands in for `owner.name`: on the worker it waits until the test opens it, then runs
    the real call (or raises `fail`)."""

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, owner: object, name: str, fail: Exception | None = None
    ) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()
        self.thread: int | None = None
        real: Callable[..., Any] = getattr(owner, name)

        def held(*args: Any, **kwargs: Any) -> Any:
            self.thread = threading.get_ident()
            self.entered.set()
            if not self.opened.wait(30):
                raise TimeoutError("the test never opened the gate")
            if fail is not None:
                raise fail
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, held)

    def wait_entered(self) -> None:
        assert self.entered.wait(30), "the save never reached the journal"
        assert self.thread != threading.get_ident(), "the save ran on the UI thread"

    def open(self) -> None:
        self.opened.set()


def window_stays_live(qtbot: QtBot) -> None:
    """Timer events keep arriving while the save waits: the UI thread is not blocked."""
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=10_000)
    finally:
        timer.stop()


def held_busy(qtbot: QtBot, form: Any, fields: list[QWidget]) -> None:
    """What a person sees while the save waits: every field disabled, a busy bar, no closing."""
    window_stays_live(qtbot)
    assert form.busy.busy
    qtbot.waitUntil(form.busy.isVisible)  # once the save has taken a moment (most take milliseconds)
    assert not any(field.isEnabled() for field in fields)
    assert form.busy.sentence.text().startswith(("Saving", "Starting", "Ending", "Logging"))
    if isinstance(form, QDialog):
        form.reject()  # Escape
        assert form.isVisible(), "a dialog does not close while its save runs"


def open_dialog(qtbot: QtBot, dialog: QDialog) -> Any:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# -- each form ------------------------------------------------------------------------------


def test_an_intake_saves_while_the_window_stays_live(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch, window.journal, "log_intake")
    form = window.log
    window.start_intake()
    qtbot.keyClicks(form.amount, "3")
    qtbot.keyClicks(form.notes, "after lunch")
    form.save()
    gate.wait_entered()
    held_busy(qtbot, form, [form.amount, form.notes, form.save_button, form.when])
    assert form.amount.text() == "3"
    with qtbot.waitSignal(form.saved):
        gate.open()
    assert form.amount.isEnabled() and form.save_button.isEnabled()
    assert form.amount.text() == "" and form.status.text().startswith("Saved the intake at")
    assert not form.busy.isVisible()
    assert [i.notes for i in window.journal.entries.intakes()] == ["after lunch"]


def test_what_is_typed_or_clicked_while_a_save_starts_changes_nothing(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before a quick save greys the form out, the form already takes no input: what is saved
    is what the form shows, and a second Save does not save twice."""
    gate = Gate(monkeypatch, window.journal, "log_intake")
    form = window.log
    window.start_intake()
    qtbot.keyClicks(form.amount, "3")
    form.save()
    gate.wait_entered()
    assert form.amount.isEnabled()  # not greyed out yet
    qtbot.keyClicks(form.amount, "9")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(form.amount, Qt.Key.Key_Return)
    assert form.save() is None  # Ctrl+S: already saving
    assert form.amount.text() == "3"
    with qtbot.waitSignal(form.saved):
        gate.open()
    assert [i.amount for i in window.journal.entries.intakes()] == [Decimal(3)]
    qtbot.keyClicks(form.amount, "2")  # the form takes input again
    assert form.amount.text() == "2"


def test_a_refused_intake_comes_back_at_the_form_with_everything_typed(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(monkeypatch, window.journal, "log_intake", fail=DISK_FULL)
    form = window.log
    window.start_intake()
    qtbot.keyClicks(form.amount, "3")
    qtbot.keyClicks(form.notes, "after lunch")
    form.save()
    gate.wait_entered()
    held_busy(qtbot, form, [form.amount, form.notes])
    gate.open()
    wait_saved(qtbot, form)
    assert form.status.text() == SAID
    assert form.amount.text() == "3" and form.notes.toPlainText() == "after lunch"
    assert form.amount.isEnabled() and form.save_button.isEnabled()
    assert form.amount.hasFocus(), "the focus is back where it was"
    assert window.journal.entries.intakes() == []


def test_a_symptom_check_in_saves_while_the_window_stays_live(
    qtbot: QtBot, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, SymptomCheckin(journal))
    gate = Gate(monkeypatch, journal, "log_symptom")
    dialog.row("nausea").severity.setCurrentIndex(3)
    qtbot.keyClicks(dialog.notes, "after the new batch")
    dialog.save()
    gate.wait_entered()
    held_busy(qtbot, dialog, [dialog.row("nausea").severity, dialog.notes, dialog.save_button])
    with qtbot.waitSignal(dialog.saved):
        gate.open()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [(e.type_key, e.notes) for e in journal.entries.symptoms()] == [("nausea", "after the new batch")]


def test_a_symptom_the_journal_refuses_is_said_in_the_dialog(
    qtbot: QtBot, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, SymptomCheckin(journal))
    gate = Gate(monkeypatch, journal, "log_symptom", fail=InvalidInput("symptom", "Unknown symptom."))
    dialog.row("nausea").severity.setCurrentIndex(2)
    dialog.save()
    gate.wait_entered()
    gate.open()
    wait_saved(qtbot, dialog)
    assert dialog.status.text() == "⚠ Nausea: Unknown symptom."
    assert dialog.isVisible() and dialog.row("nausea").rating == 1
    assert dialog.row("nausea").severity.isEnabled() and dialog.save_button.isEnabled()


def test_a_pain_check_in_saves_while_the_window_stays_live(
    qtbot: QtBot, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, PainCheckin(journal))
    gate = Gate(monkeypatch, journal, "log_pain")
    dialog.pain_now.setValue(6)
    qtbot.keyClicks(dialog.notes, "stiff back")
    dialog.save()
    gate.wait_entered()
    held_busy(qtbot, dialog, [dialog.pain_now, dialog.notes, dialog.time.edit, dialog.save_button])
    with qtbot.waitSignal(dialog.saved):
        gate.open()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [(c.pain_now, c.notes) for c in journal.entries.pain()] == [(6, "stiff back")]


def test_a_pain_check_in_the_journal_refuses_shows_at_the_time_field(
    qtbot: QtBot, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, PainCheckin(journal))
    refusal = InvalidInput("time", "The time is in the future.")
    gate = Gate(monkeypatch, journal, "log_pain", fail=refusal)
    dialog.pain_now.setValue(6)
    qtbot.keyClicks(dialog.notes, "stiff back")
    dialog.save()
    gate.wait_entered()
    gate.open()
    wait_saved(qtbot, dialog)
    assert dialog.time.error.isVisible() and "future" in dialog.time.error.text()
    assert "Not saved" in dialog.status.text()
    assert dialog.pain_now.value() == 6 and dialog.notes.toPlainText() == "stiff back"
    assert dialog.isVisible() and journal.entries.pain() == []


def test_starting_and_ending_a_break_save_while_the_window_stays_live(
    qtbot: QtBot, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = open_dialog(qtbot, StartBreakDialog(journal))
    gate = Gate(monkeypatch, journal, "start_break")
    qtbot.keyClicks(start.reason, "tolerance")
    start.save()
    gate.wait_entered()
    held_busy(qtbot, start, [start.until, start.reason, start.save_button, start.cancel_button])
    with qtbot.waitSignal(start.saved):
        gate.open()
    running = journal.entries.running_break()
    assert running is not None and running.reason == "tolerance"

    end = open_dialog(qtbot, EndBreakDialog(journal))
    gate = Gate(monkeypatch, journal, "end_break")
    qtbot.keyClicks(end.notes, "went well")
    end.abandon()
    gate.wait_entered()
    held_busy(qtbot, end, [end.notes, end.end_button, end.abandon_button])
    with qtbot.waitSignal(end.saved):
        gate.open()
    assert journal.entries.running_break() is None
    assert journal.entries.breaks()[0].outcome == "Abandoned: went well"


def test_a_history_correction_saves_while_the_window_stays_live(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = window.journal
    journal.log_intake(IntakeDraft("2", journal.now(), notes="first"))
    window.show_page(2)
    qtbot.waitUntil(lambda: len(window.history.model.rows) == 1)
    window.history.table.selectRow(1)  # the entry, below its day's heading
    dialog = window.history.edit_selected()
    assert isinstance(dialog, IntakeEditDialog)
    gate = Gate(monkeypatch, journal, "edit_intake")
    dialog.amount.setText("2.5")
    dialog.save()
    gate.wait_entered()
    held_busy(qtbot, dialog, [dialog.amount, dialog.notes, dialog.save_button])
    window.history.refresh()  # the window reads the journal while the correction waits
    with qtbot.waitSignal(window.history.changed):
        gate.open()
    assert [i.amount for i in journal.entries.intakes()] == [Decimal("2.5")]
    assert window.history.model.rows[0].title == "2.5 g leaf powder"
    assert window.undo_stack.count() == 1


def test_a_product_saves_while_the_window_stays_live(
    qtbot: QtBot, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, ProductDialog(journal))
    gate = Gate(monkeypatch, journal.products, "add")
    qtbot.keyClicks(dialog.name, "Red Bali")
    dialog.save()
    gate.wait_entered()
    held_busy(qtbot, dialog, [dialog.name, dialog.vendor, dialog.save_button])
    gate.open()
    wait_saved(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved_product is not None and dialog.saved_product.name == "Red Bali"
    assert [p.name for p in journal.products.all()] == ["Red Bali"]


def test_archiving_a_product_saves_while_the_window_stays_live(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = window.journal
    journal.products.add(Product("Green"))
    window.products.refresh()
    window.show_page(4)
    window.products.table.selectRow(0)
    gate = Gate(monkeypatch, journal.products, "update", fail=DISK_FULL)
    window.products.toggle_archive()
    gate.wait_entered()
    held_busy(qtbot, window.products, [window.products.archive_button, window.products.table])
    gate.open()
    wait_saved(qtbot, window.products)
    assert window.products.status.text() == SAID and window.products.status.isVisible()
    assert [p.archived for p in journal.products.all()] == [False]


def test_a_preset_logs_while_the_window_stays_live(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = window.journal
    red = journal.products.add(Product("Red"))
    journal.log_intake(IntakeDraft("3", journal.now(), product_id=red.id))
    window.show_page(0)
    (button,) = window.today.preset_buttons
    gate = Gate(monkeypatch, journal, "log_preset")
    button.click()
    gate.wait_entered()
    held_busy(qtbot, window.today, [button, window.today.log_button])
    gate.open()
    wait_saved(qtbot, window.today)
    assert len(journal.entries.intakes()) == 2
    assert window.statusBar().currentMessage().startswith("Logged 3 g Red at")


# -- settings: every intake's findings worked out again ---------------------------------------


def test_settings_save_while_every_finding_is_worked_out_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The longest save: a limit the rules read changes every intake's findings, all in one
    transaction. Held inside that transaction, the window still reads the journal as it was."""
    journal = window.journal
    journal.log_intake(IntakeDraft("5", journal.now()))
    page = window.settings_page
    window.show_page(5)
    gate = Gate(monkeypatch, findings, "refresh_all")
    page.intake_limit.setText("4")
    page.save()
    gate.wait_entered()  # inside the write transaction, the write lock held
    held_busy(qtbot, page, [page.intake_limit, page.day_start, page.save_button])
    assert page.busy.sentence.text() == "Saving the settings…"
    assert journal.settings.personal_intake_limit_g is None  # a read: the journal as it was
    window.show_page(0)  # Today reads the journal too
    assert window.today.values["today"].text().startswith("5 g")
    with qtbot.waitSignal(page.changed) as changed:
        gate.open()
    assert isinstance(changed.args[0], Settings)
    assert journal.settings.personal_intake_limit_g == Decimal(4)
    assert page.status.text() == "✓ Settings saved."
    assert page.intake_limit.isEnabled() and page.save_button.isEnabled()
    (intake,) = journal.entries.intakes()
    assert any("personal limit" in f.message for f in intake.findings)


def test_a_settings_save_the_disk_refuses_keeps_what_was_typed(
    qtbot: QtBot, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = SettingsPage(journal)
    qtbot.addWidget(page)
    page.show()
    gate = Gate(monkeypatch, journal, "save_settings", fail=DISK_FULL)
    page.intake_limit.setText("4")
    page.save()
    gate.wait_entered()
    gate.open()
    wait_saved(qtbot, page)
    assert page.status.text() == SAID
    assert page.intake_limit.text() == "4" and page.intake_limit.isEnabled()
    assert journal.settings.personal_intake_limit_g is None


# -- a save and the lock -----------------------------------------------------------------------


def test_the_lock_waits_for_a_save_under_way(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locking drops the journal's key: a save already asked for is written first, and the
    dialog it closed does not come back when the journal is unlocked."""
    journal = window.journal
    dialog = window.pain_checkin()
    assert isinstance(dialog, PainCheckin)
    qtbot.waitExposed(dialog)
    gate = Gate(monkeypatch, journal, "log_pain")
    dialog.pain_now.setValue(4)
    dialog.save()
    gate.wait_entered()
    window.lock()
    assert not window.locker.locked  # not while the save is under way
    gate.open()
    qtbot.waitUntil(lambda: window.locker.locked)
    assert [c.pain_now for c in journal.entries.pain()] == [4]
    assert dialog.result() == QDialog.DialogCode.Accepted
    window.locker.unlock()
    QApplication.processEvents()
    assert not dialog.isVisible()
