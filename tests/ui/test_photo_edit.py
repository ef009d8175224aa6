"""A photo is an entry like the others, driven as a person would: a row on History (filtered by kind,
opened with Enter into its editor, deleted and restored), corrected in its editor from History and
from the Photos page with undo, refused input shown at its field, and its link and note beside it;
context tags chosen when adding, corrected in the editor, filtered by in History and undone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from journal.domain.entities import Kind
from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.photos import PhotoDraft
from journal.ui.dialogs.add_photos import AddPhotos
from journal.ui.dialogs.photo_edit import PhotoEditDialog
from journal.ui.main_window import MainWindow
from journal.ui.models.timeline import ENTRY, TAGS
from journal.ui.pages.history import HistoryPage
from tests.conftest import ZONE, FakeClock
from tests.photo_files import phone_jpeg
from tests.ui.saving import wait_saved
from tests.ui.test_history import shown
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


# -- context tags -----------------------------------------------------------------------------------


def test_tag_a_photo_from_history_filter_by_the_tag_and_undo_puts_the_old_tags_back(
    qtbot: QtBot, journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    photo_id = add_photo(journal, tmp_path, 1, PhotoDraft("scalp-crown", "top", tags=("stress",)))
    other = journal.log_intake(IntakeDraft("2", Moment.from_utc(clock.now - timedelta(hours=1), ZONE)))
    assert other.intake.id is not None
    stack = QUndoStack()
    page = history(qtbot, journal, stack)
    assert not page.table.isColumnHidden(TAGS)
    assert page.select_entry(Kind.PHOTO, photo_id)
    assert page.table.currentIndex().siblingAtColumn(TAGS).data() == "stress"

    # Enter opens the editor with the photo's tags; one taken off, one chosen, one typed.
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, PhotoEditDialog) and dialog.tag_field is not None
    active(qtbot, dialog)
    field = dialog.tag_field
    assert field.chips["stress"].isChecked() and not field.chips["flare"].isChecked()
    qtbot.mouseClick(field.chips["stress"], LEFT)
    qtbot.mouseClick(field.chips["flare"], LEFT)
    qtbot.keyClicks(field.free, "New Shampoo")
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(field.free, Qt.Key.Key_S, CTRL)
    assert not dialog.isVisible()
    assert journal.entries.entry_tags(Kind.PHOTO, photo_id) == ("flare", "new shampoo")
    assert journal.photos.get(photo_id).label == "top"
    row = page.selected_row()
    assert row is not None and (row.kind, row.tags) == (Kind.PHOTO, ("flare", "new shampoo"))
    assert page.table.currentIndex().siblingAtColumn(TAGS).data() == "flare, new shampoo"

    # The tag filter offers the new tag and shows the photo alone.
    assert page.tag_filter.findText("new shampoo") >= 0
    page.tag_filter.setCurrentIndex(page.tag_filter.findText("new shampoo"))
    assert [(r.kind, r.id) for r in page.model.rows] == [(Kind.PHOTO, photo_id)]
    assert shown(page, TAGS) == ["flare, new shampoo"]
    page.tag_filter.setCurrentIndex(0)  # every tag
    assert {r.kind for r in page.model.rows} == {Kind.PHOTO, Kind.INTAKE}

    # Ctrl+Z puts the earlier tags back; redo the new ones.
    assert page.select_entry(Kind.PHOTO, photo_id)
    page.table.setFocus()
    with qtbot.waitSignal(page.changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert journal.entries.entry_tags(Kind.PHOTO, photo_id) == ("stress",)
    row = page.selected_row()
    assert row is not None and row.tags == ("stress",)
    page.tag_filter.setCurrentIndex(page.tag_filter.findText("stress"))
    assert [(r.kind, r.id) for r in page.model.rows] == [(Kind.PHOTO, photo_id)]
    stack.redo()
    assert journal.entries.entry_tags(Kind.PHOTO, photo_id) == ("flare", "new shampoo")


def test_a_refused_tag_keeps_the_photo_editor_and_saves_nothing(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    photo_id = add_photo(journal, tmp_path, 1, PhotoDraft("skin-arms", "forearm"))
    page = history(qtbot, journal, QUndoStack())
    assert page.select_entry(Kind.PHOTO, photo_id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, PhotoEditDialog) and dialog.tag_field is not None
    active(qtbot, dialog)
    dialog.label.selectAll()
    qtbot.keyClicks(dialog.label, "left forearm")
    qtbot.keyClicks(dialog.tag_field.free, "y" * 41)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_saved(qtbot, dialog)
    assert dialog.isVisible() and "at most 40 characters" in dialog.tag_field.error.text()
    assert "Not saved" in dialog.status.text()
    assert dialog.tag_field.free.text() == "y" * 41 and dialog.label.text() == "left forearm"
    assert journal.photos.get(photo_id).label == "forearm"
    assert journal.entries.entry_tags(Kind.PHOTO, photo_id) == ()
    dialog.reject()


def test_photos_added_with_tags_carry_them_and_the_photos_page_edit_keeps_undo(
    qtbot: QtBot, window: MainWindow, journal: Journal, tmp_path: Path
) -> None:
    files = [tmp_path / "IMG_1.jpg", tmp_path / "IMG_2.jpg"]
    phone_jpeg(files[0], seed=1)
    phone_jpeg(files[1], seed=2)
    dialog = AddPhotos(journal, None, files)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.tags.chips["poor sleep"], LEFT)
    qtbot.keyClicks(dialog.tags.free, "x;y")  # refused: a semicolon separates tags
    qtbot.keyClicks(dialog.tags.free, ", " + "z" * 41)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_saved(qtbot, dialog)
    assert dialog.isVisible() and "at most 40 characters" in dialog.tags.error.text()
    assert journal.photos.all() == []
    dialog.tags.free.clear()
    qtbot.keyClicks(dialog.tags.free, "after haircut")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    ids = [p.id for p in journal.photos.all()]
    assert len(ids) == 2
    assert journal.entries.tags_of(Kind.PHOTO) == {i: ("after haircut", "poor sleep") for i in ids}

    # The Photos page's editor shows and saves them too; Ctrl+Z puts them back.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = photos_page(qtbot, window)
    page.select_photo(ids[0] or 0)
    settle(qtbot, page)
    editor = page.edit_selected()
    assert editor is not None and editor.tag_field is not None
    active(qtbot, editor)
    assert editor.tag_field.chips["poor sleep"].isChecked()
    qtbot.mouseClick(editor.tag_field.chips["poor sleep"], LEFT)
    qtbot.keyClick(editor.tag_field.free, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, editor)
    settle(qtbot, page)
    assert journal.entries.entry_tags(Kind.PHOTO, ids[0] or 0) == ("after haircut",)
    assert "Ctrl+Z to undo" in page.status.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page.strip, Qt.Key.Key_Z, CTRL)
    settle(qtbot, page)
    assert journal.entries.entry_tags(Kind.PHOTO, ids[0] or 0) == ("after haircut", "poor sleep")
    assert "Undid the correction" in page.status.text()
