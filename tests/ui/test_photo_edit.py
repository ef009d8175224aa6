"""A photo is an entry like the others, driven as a person would: a row on History (filtered by kind,
opened with Enter into its editor, deleted and restored), corrected in its editor from History and
from the Photos page with undo, refused input shown at its field, and its link and note beside it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from journal.domain.entities import Kind
from journal.domain.times import Moment
from journal.service.journal import Journal
from journal.service.photos import PhotoDraft
from journal.ui.dialogs.photo_edit import PhotoEditDialog
from journal.ui.main_window import MainWindow
from journal.ui.models.timeline import ENTRY
from journal.ui.pages.history import HistoryPage
from tests.conftest import ZONE, FakeClock
from tests.photo_files import phone_jpeg
from tests.ui.saving import wait_saved
from tests.ui.test_photos_page import photos_page, settle

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def add_photo(journal: Journal, folder: Path, seed: int, draft: PhotoDraft) -> int:
    path = folder / f"p{seed}.jpg"
    phone_jpeg(path, seed=seed, taken=None)
    (photo,) = journal.photos.add_files([path], draft).photos
    assert photo.id is not None
    return photo.id


def shedding_checkin(journal: Journal, clock: FakeClock) -> int:
    rating = journal.log_symptom("hair-shedding", 3, Moment.from_utc(clock.now - timedelta(hours=5), ZONE))
    assert rating.id is not None
    return rating.id


def active(qtbot: QtBot, dialog: PhotoEditDialog) -> PhotoEditDialog:
    """The editor shown and active, so its Ctrl+S reaches it."""
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def history(qtbot: QtBot, journal: Journal, stack: QUndoStack) -> HistoryPage:
    page = HistoryPage(journal, stack)
    qtbot.addWidget(page)
    page.resize(1150, 600)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.table.setFocus()
    return page


def test_history_shows_a_photo_filters_it_by_kind_edits_it_with_undo_and_deletes_it(
    qtbot: QtBot, journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    rating = shedding_checkin(journal, clock)
    at = Moment.from_utc(clock.now - timedelta(hours=4), ZONE)
    photo_id = add_photo(
        journal, tmp_path, 1, PhotoDraft("scalp-crown", "top", "bathroom light", at, symptom_id=rating)
    )
    stack = QUndoStack()
    page = history(qtbot, journal, stack)
    assert page.select_entry(Kind.PHOTO, photo_id)
    index = page.table.currentIndex()
    assert index.siblingAtColumn(1).data() == "Photo"
    entry = index.siblingAtColumn(ENTRY)
    assert entry.data() == "Scalp: crown, top · check-in Tue 2026-03-10 08:00 (Hair shedding: severe)"
    tip = entry.data(Qt.ItemDataRole.ToolTipRole)
    assert "with the symptom check-in of Tuesday 2026-03-10 08:00 (Hair shedding: severe)" in tip
    assert not entry.data(Qt.ItemDataRole.DecorationRole).isNull()  # the photo mark
    assert index.siblingAtColumn(5).data() == "bathroom light"

    # The kind filter: unticking Photos hides it, ticking it again shows it.
    box = page.kind_boxes[Kind.PHOTO]
    assert box.text() == "Photos"
    qtbot.mouseClick(box, LEFT)
    assert all(r.kind is not Kind.PHOTO for r in page.model.rows)
    assert any(r.kind is Kind.SYMPTOM for r in page.model.rows)
    qtbot.mouseClick(box, LEFT)
    assert page.select_entry(Kind.PHOTO, photo_id)

    # Enter opens its editor; a new label and note are saved; Ctrl+Z puts the old ones back.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, PhotoEditDialog)
    active(qtbot, dialog)
    assert dialog.label.text() == "top" and dialog.notes.toPlainText() == "bathroom light"
    assert dialog.link.currentData() == rating
    dialog.label.selectAll()
    qtbot.keyClicks(dialog.label, "crown whorl")
    dialog.notes.setFocus()
    qtbot.keyClick(dialog.notes, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(dialog.notes, ", wet hair")
    qtbot.keyClick(dialog.label, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, dialog)
    saved = journal.photos.get(photo_id)
    assert (saved.label, saved.notes, saved.symptom_id) == ("crown whorl", "bathroom light, wet hair", rating)
    row = page.model.find(Kind.PHOTO, photo_id)
    assert row is not None and row.title.startswith("Scalp: crown, crown whorl · ")
    assert "Ctrl+Z to undo" in page.notice.text()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert journal.photos.get(photo_id).label == "top"
    row = page.model.find(Kind.PHOTO, photo_id)
    assert row is not None and row.title.startswith("Scalp: crown, top · ")

    # Delete deletes it like any entry; Ctrl+Z brings it back.
    assert page.select_entry(Kind.PHOTO, photo_id)
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert journal.photos.all() == []
    assert page.notice.text().startswith("Deleted photo Scalp: crown, top")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert [p.id for p in journal.photos.all()] == [photo_id]


def test_a_double_click_opens_the_editor_and_refused_input_stays_at_its_field(
    qtbot: QtBot, journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    photo_id = add_photo(journal, tmp_path, 1, PhotoDraft("skin-arms", "forearm", "first"))
    page = history(qtbot, journal, QUndoStack())
    assert page.select_entry(Kind.PHOTO, photo_id)
    rect = page.table.visualRect(page.table.currentIndex().siblingAtColumn(ENTRY))
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=rect.center())  # a double-click: press, release,
    qtbot.mouseDClick(page.table.viewport(), LEFT, pos=rect.center())  # then the second press
    dialog = page.dialog
    assert isinstance(dialog, PhotoEditDialog)
    active(qtbot, dialog)

    long_label = "x" * 201
    dialog.label.selectAll()
    qtbot.keyClicks(dialog.label, long_label)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_saved(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.area_error.isVisibleTo(dialog)
    assert "up to 200 characters (201 typed)" in dialog.area_error.text()
    assert dialog.label.text() == long_label  # kept as typed
    assert "Not saved" in dialog.status.text()
    assert journal.photos.get(photo_id).label == "forearm"

    # A time in the future: the message at the time, the label's text still there.
    dialog.label.selectAll()
    qtbot.keyClicks(dialog.label, "left forearm")
    future = (clock.now + timedelta(days=2)).astimezone(dialog.when.original.utc.tzinfo)
    dialog.when.set_local(Moment.from_utc(future, ZONE).local)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_saved(qtbot, dialog)
    assert dialog.when.error.isVisibleTo(dialog) and "future" in dialog.when.error.text()
    assert dialog.label.text() == "left forearm"
    assert journal.photos.get(photo_id).label == "forearm"


def test_the_photos_page_edits_the_selected_photo_and_shows_its_link_and_note(
    qtbot: QtBot, window: MainWindow, journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    rating = shedding_checkin(journal, clock)
    first = add_photo(journal, tmp_path, 1, PhotoDraft("scalp-crown", notes="day one"))
    clock.now += timedelta(hours=1)
    second = add_photo(journal, tmp_path, 2, PhotoDraft("scalp-crown", symptom_id=rating))
    page = photos_page(qtbot, window)
    # Beside the pictures: each one's note and the check-in it is linked to.
    assert "day one" in page.earlier_caption.text()
    assert "Symptom check-in Tue 10 Mar 2026 08:00: Hair shedding severe" in page.later_caption.text()
    assert "Symptom check-in" not in page.earlier_caption.text()

    # Enter on the selected thumbnail opens its editor.
    page.strip.setFocus()
    qtbot.keyClick(page.strip, Qt.Key.Key_Left)  # the first photo, selected
    settle(qtbot, page)
    assert [p.id for p in page.selected_photos()] == [first]
    qtbot.keyClick(page.strip, Qt.Key.Key_Return)
    dialog = page.editor
    assert isinstance(dialog, PhotoEditDialog) and dialog.photo.id == first
    active(qtbot, dialog)
    # Another area: the photo moves to that series, and the page follows it there.
    dialog.area.setFocus()
    qtbot.keyClick(dialog.area, Qt.Key.Key_Down)
    assert dialog.area.currentData() == "scalp-hairline"
    dialog.link.setFocus()
    qtbot.keyClick(dialog.link, Qt.Key.Key_Down)  # link it to the check-in too
    qtbot.keyClick(dialog.link, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, dialog)
    settle(qtbot, page)
    moved = journal.photos.get(first)
    assert (moved.area, moved.symptom_id) == ("scalp-hairline", rating)
    series = page.selected_series()
    assert series is not None and series.key == ("scalp-hairline", "")
    assert [p.id for p in page.selected_photos()] == [first]
    assert "Ctrl+Z to undo" in page.status.text()

    # Ctrl+Z (the window's Undo) puts it back in the crown's series.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page.strip, Qt.Key.Key_Z, CTRL)
    settle(qtbot, page)
    assert journal.photos.get(first).area == "scalp-crown"
    assert journal.photos.get(first).symptom_id is None
    series = page.selected_series()
    assert series is not None and series.key == ("scalp-crown", "")
    assert "Undid the correction" in page.status.text()

    # The Edit button edits the one selected photo.
    page.select_photo(second)
    settle(qtbot, page)
    qtbot.mouseClick(page.edit_button, LEFT)
    dialog = page.editor
    assert isinstance(dialog, PhotoEditDialog) and dialog.photo.id == second
    assert dialog.link.currentData() == rating
    qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Escape)
