"""The disk fills up while a form is open: Save says so in the form, keeps the text, saves nothing.

The disk is a real small tmpfs filled to the last byte, or where mounting is not
permitted, the database capped at its size (SQLite's own SQLITE_FULL); see tests/disk.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock
from tests.disk import Disk, small_disk
from tests.ui.saving import outcome, wait_saved

FULL = (
    "⚠ The journal could not be saved because the disk is full. "
    "Free some space and save again; nothing was changed."
)
#: Long enough to need new room on any disk (and a new page in a capped database).
LONG = "felt it after the new batch, " * 200


@pytest.fixture(params=["tmpfs", "page-cap"])
def disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Disk]:
    with small_disk(request.param, tmp_path / "disk") as made:
        yield made


@pytest.fixture
def on_disk(disk: Disk, clock: FakeClock) -> Iterator[Journal]:
    j = Journal.open(disk.folder / "data", zone=ZONE, clock=clock)
    yield j
    j.close()


def test_the_intake_form_says_the_disk_is_full_and_keeps_what_was_typed(
    qtbot: QtBot, disk: Disk, on_disk: Journal
) -> None:
    from journal.ui.pages.log import IntakeForm

    form = IntakeForm(on_disk)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.amount, "2.5")
    qtbot.keyClicks(form.notes, "after lunch, ")
    form.notes.insertPlainText(LONG)  # typing this much key by key would only slow the test
    note = form.notes.toPlainText()
    disk.fill(on_disk._store)

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, form)

    assert form.status.text() == FULL
    assert form.status.isVisible()
    assert form.amount.text() == "2.5"
    assert form.notes.toPlainText() == note
    assert on_disk.entries.intakes() == []

    disk.free(on_disk._store)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, form)

    assert form.status.text().startswith("Saved the intake at")
    assert [(i.amount, i.notes) for i in on_disk.entries.intakes()] == [(Decimal("2.5"), note)]
    assert form.amount.text() == ""


def test_the_pain_check_in_says_the_disk_is_full_and_stays_open(
    qtbot: QtBot, disk: Disk, on_disk: Journal
) -> None:
    from journal.ui.dialogs.pain_checkin import PainCheckin

    dialog = PainCheckin(on_disk)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.pain_now, "6")
    dialog.notes.insertPlainText(LONG)
    disk.fill(on_disk._store)

    assert outcome(qtbot, dialog.save()) is None

    assert dialog.status.text() == FULL
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.pain_now.value() == 6
    assert dialog.notes.toPlainText() == LONG
    assert on_disk.entries.pain() == []
    disk.free(on_disk._store)
    assert outcome(qtbot, dialog.save()) is not None
    assert [c.pain_now for c in on_disk.entries.pain()] == [6]


def test_the_break_dialog_and_settings_say_the_disk_is_full(
    qtbot: QtBot, disk: Disk, on_disk: Journal
) -> None:
    from journal.ui.dialogs.breaks import StartBreakDialog
    from journal.ui.pages.settings import SettingsPage

    dialog = StartBreakDialog(on_disk)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.insertPlainText(LONG)
    page = SettingsPage(on_disk)
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.intake_limit, "4")
    before = on_disk.settings
    disk.fill(on_disk._store)

    assert outcome(qtbot, dialog.save()) is None
    assert dialog.status.text() == FULL
    assert dialog.reason.toPlainText() == LONG
    assert on_disk.entries.running_break() is None
    if disk.real:  # a settings row is a few bytes: only a really full disk refuses it
        assert outcome(qtbot, page.save()) is None
        assert page.status.text() == FULL
        assert page.intake_limit.text() == "4"
        assert on_disk.settings == before

    disk.free(on_disk._store)
    assert outcome(qtbot, dialog.save()) is not None
    assert outcome(qtbot, page.save()) is not None
    assert on_disk.settings.personal_intake_limit_g == Decimal(4)


def test_the_product_dialog_says_the_disk_is_full(qtbot: QtBot, disk: Disk, on_disk: Journal) -> None:
    from journal.ui.dialogs.product import ProductDialog

    dialog = ProductDialog(on_disk)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Red Bali")
    dialog.notes.insertPlainText(LONG)
    disk.fill(on_disk._store)

    dialog.save()
    wait_saved(qtbot, dialog)

    assert dialog.status.text() == FULL and dialog.status.isVisible()
    assert dialog.name.text() == "Red Bali"
    assert on_disk.products.all() == []
    disk.free(on_disk._store)
    dialog.save()
    wait_saved(qtbot, dialog)
    assert [p.name for p in on_disk.products.all()] == ["Red Bali"]


def test_a_history_edit_says_the_disk_is_full(qtbot: QtBot, disk: Disk, on_disk: Journal) -> None:
    from journal.service.intakes import IntakeDraft
    from journal.ui.dialogs.intake_edit import IntakeEditDialog

    intake = on_disk.log_intake(IntakeDraft("2", on_disk.now(), notes="first")).intake
    dialog = IntakeEditDialog(on_disk, intake)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.notes.setPlainText(LONG)
    disk.fill(on_disk._store)

    assert outcome(qtbot, dialog.save()) is None

    assert dialog.status.text() == FULL
    assert dialog.notes.toPlainText() == LONG
    assert [i.notes for i in on_disk.entries.intakes()] == ["first"]
    disk.free(on_disk._store)
    assert outcome(qtbot, dialog.save()) is not None
    assert [i.notes for i in on_disk.entries.intakes()] == [LONG]
