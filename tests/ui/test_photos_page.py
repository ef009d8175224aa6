"""The Photos page, driven as a person would: adding photos (chosen, dropped, refused), comparing two of
one area side by side and as an onion skin, deleting with undo, and the photo page of the summary."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from journal.domain.entities import Kind
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.photos import PhotoDraft
from journal.storage import pictures
from journal.ui import tasks
from journal.ui.dialogs.add_photos import AddPhotos
from journal.ui.dialogs.report import ReportDialog
from journal.ui.main_window import MainWindow
from journal.ui.pages.photos import PhotosPage
from tests.conftest import FakeClock
from tests.photo_files import assert_clean, not_an_image, phone_jpeg
from tests.ui.saving import wait_saved

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


def settle(qtbot: QtBot, page: PhotosPage) -> None:
    """Wait for the page's reads on the worker thread (the photos, then the two compared)."""
    qtbot.waitUntil(lambda: not page.busy.busy and page._pair_task is None, timeout=10_000)
    assert tasks.wait_for_idle(10_000)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not page.busy.busy and page._pair_task is None, timeout=10_000)


def photos_page(qtbot: QtBot, window: MainWindow) -> PhotosPage:
    qtbot.keyClick(window, Qt.Key.Key_7, CTRL)
    assert window.pages.currentWidget() is window.photos
    settle(qtbot, window.photos)
    return window.photos


def series_of_three(journal: Journal, clock: FakeClock, folder: Path) -> None:
    """Scalp crown photos two weeks apart: 2 g on each of the 14 days before the second, and on the
    last 7 of the 14 days before the third."""
    for n in range(3):
        clock.now += timedelta(hours=1)
        phone_jpeg(folder / f"crown-{n}.jpg", seed=n, taken=None)
        journal.photos.add_files([folder / f"crown-{n}.jpg"], PhotoDraft("scalp-crown"))
        for day in range(14 if n < 2 else 0):
            clock.now += timedelta(days=1)
            if n == 0 or day >= 7:
                journal.log_intake(IntakeDraft("2", journal.now()))
    clock.now += timedelta(hours=1)


def test_an_empty_journal_says_what_photos_are_for(qtbot: QtBot, window: MainWindow) -> None:
    page = photos_page(qtbot, window)
    assert page.empty.isVisible() and not page.body.isVisible()
    assert "No photos yet" in page.empty.text() and "Ctrl+Shift+O" in page.empty.text()
    # What it says of the sources, it quotes, naming the source.
    quoted = "reducing or pausing kratom intake can lead to regrowth.” — Hair loss and regrowth"
    assert quoted in page.empty.text()
    assert "Photos (Ctrl+7)" in window.nav.item(6).toolTip()
    # It reads from the top, right under the buttons, not spread over the page.
    gap = page.empty.mapTo(page, page.empty.rect().topLeft()).y() - page.add_button.geometry().bottom()
    assert 0 < gap < 3 * page.fontMetrics().height()


def test_adding_photos_chosen_in_the_file_dialog(
    qtbot: QtBot, window: MainWindow, journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [tmp_path / "IMG_1.jpg", tmp_path / "IMG_2.jpg"]
    phone_jpeg(files[0], seed=1, orientation=6)
    phone_jpeg(files[1], seed=2)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(f) for f in files], ""))
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL_SHIFT)
    dialog = window.dialog
    assert isinstance(dialog, AddPhotos)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.choose_button
    qtbot.keyClick(dialog.choose_button, Qt.Key.Key_Space)
    assert [p.name for p in dialog.paths()] == ["IMG_1.jpg", "IMG_2.jpg"]
    assert dialog.save_button.text() == "&Add 2 photos"
    dialog.area.setFocus()
    for _ in range(5):  # Scalp: crown, hairline, part; Skin: face, hands, arms
        qtbot.keyClick(dialog.area, Qt.Key.Key_Down)
    assert dialog.area.currentData() == "skin-arms"
    qtbot.keyClicks(dialog.label, "left forearm")
    dialog.when_taken.setFocus()
    qtbot.keyClick(dialog.when_taken, Qt.Key.Key_Down)  # the choices are a group: arrows move in it
    assert dialog.when_now.isChecked()
    qtbot.keyClicks(dialog.note, "window light")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.keyClick(dialog.label, Qt.Key.Key_Return)
    saved = journal.photos.all()
    assert [(p.area, p.label, p.notes) for p in saved] == [("skin-arms", "left forearm", "window light")] * 2
    assert saved[0].at.utc == journal.clock().replace(microsecond=0)  # Now, not the time in the file
    for photo in saved:
        data = journal.photos.image(photo)
        assert data is not None
        assert_clean(data)
    page = window.photos
    settle(qtbot, page)
    assert page.series_list.item(0).text() == "Skin: arms, left forearm (2)"
    assert page.strip.count() == 2
    assert "Added 2 photos." in page.status.text()


def test_a_file_that_is_not_a_photo_is_named_and_nothing_is_saved(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    good, notes = tmp_path / "IMG_1.jpg", not_an_image(tmp_path / "notes.txt")
    phone_jpeg(good)
    dialog = AddPhotos(journal, None, [good, notes])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_saved(qtbot, dialog)
    assert dialog.files_error.isVisible() and "notes.txt" in dialog.files_error.text()
    assert "Nothing was saved" in dialog.status.text()
    assert journal.photos.all() == [] and pictures.files(journal.folder) == []
    assert dialog.isVisible() and [p.name for p in dialog.paths()] == ["IMG_1.jpg", "notes.txt"]
    dialog.files.setCurrentRow(1)
    qtbot.keyClick(dialog.files, Qt.Key.Key_Delete)  # leave it out, keep the rest
    assert [p.name for p in dialog.paths()] == ["IMG_1.jpg"]
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert len(journal.photos.all()) == 1


def test_photos_dropped_on_the_window_are_offered_for_adding(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dropped = tmp_path / "IMG_9.jpg"
    phone_jpeg(dropped)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(
        QPointF(100, 100), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    assert window.pages.currentWidget() is window.photos
    dialog = window.dialog
    assert isinstance(dialog, AddPhotos)
    assert dialog.paths() == [dropped]
    dialog.reject()


def test_the_last_photo_of_the_area_is_shown_to_frame_the_next(
    qtbot: QtBot, journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    series_of_three(journal, clock, tmp_path)
    dialog = AddPhotos(journal)
    qtbot.addWidget(dialog)
    assert dialog.area.currentData() == "scalp-crown" and dialog.last.image is not None
    dialog.area.setCurrentIndex(dialog.area.findData("skin-face"))
    assert dialog.last.image is None and "No earlier photo" in dialog.last.empty_text
    dialog.area.setCurrentIndex(dialog.area.findData("scalp-crown"))
    assert dialog.last.image is not None
    assert "frame the new photo the same way" in dialog.last_caption.text()
    last = journal.photos.all()[-1]
    assert f"{last.at.local:%d %b %Y}" in dialog.last_caption.text()


def test_comparing_two_photos_side_by_side_and_as_an_onion_skin(
    qtbot: QtBot, window: MainWindow, journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    series_of_three(journal, clock, tmp_path)
    first, middle, last = journal.photos.all()
    page = photos_page(qtbot, window)
    assert page.series_list.item(0).text() == "Scalp: crown (3)"
    assert page.strip.count() == 3
    # Nothing selected: the first and the last, with what happened between them.
    assert page.pair is not None and (page.pair.earlier, page.pair.later) == (first, last)
    assert page.earlier.image is not None and page.later.image is not None
    assert "From the first day to the last, 29 days: 42 g used on 21 days; no break." in page.between.text()
    # One photo chosen with the keyboard: the first beside it.
    page.strip.setFocus()
    qtbot.keyClick(page.strip, Qt.Key.Key_Left)
    settle(qtbot, page)
    assert [p.id for p in page.selected_photos()] == [middle.id]
    assert (page.pair.earlier, page.pair.later) == (first, middle)
    assert "From the first day to the last, 15 days: 28 g used on 14 days; no break." in page.between.text()
    # Two chosen (Ctrl+click): those two.
    rect = page.strip.visualItemRect(page.strip.item(2))
    qtbot.mouseClick(page.strip.viewport(), LEFT, CTRL, rect.center())
    settle(qtbot, page)
    assert (page.pair.earlier, page.pair.later) == (middle, last)
    assert f"{middle.at.local:%a %d %b %Y}" in page.comparing.text()
    assert "15 days: 14 g used on 7 days" in page.between.text()
    # The onion skin: the slider fades the later photo in.
    qtbot.keyClick(page.views, Qt.Key.Key_Tab, CTRL)
    assert page.views.currentIndex() == 1
    assert page.onion.earlier is page.pair.earlier_image and page.onion.later is page.pair.later_image
    page.fade.setFocus()
    qtbot.keyClick(page.fade, Qt.Key.Key_Home)
    assert page.onion.mix == 0 and "100% earlier photo" in page.onion.accessibleDescription()
    qtbot.keyClick(page.fade, Qt.Key.Key_PageUp)
    assert page.onion.mix == 10
    qtbot.keyClick(page.fade, Qt.Key.Key_End)
    assert page.onion.mix == 100
    assert page.fade_from.text() == f"{middle.at.local:%d %b %Y}"


def test_deleting_a_photo_and_undoing_it(
    qtbot: QtBot, window: MainWindow, journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    series_of_three(journal, clock, tmp_path)
    first, middle, last = journal.photos.all()
    page = photos_page(qtbot, window)
    rect = page.strip.visualItemRect(page.strip.item(1))
    qtbot.mouseClick(page.strip.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, rect.center())
    settle(qtbot, page)
    qtbot.keyClick(page.strip, Qt.Key.Key_Delete)
    settle(qtbot, page)
    assert [p.id for p in journal.photos.all()] == [first.id, last.id]
    assert page.strip.count() == 2 and page.series_list.item(0).text() == "Scalp: crown (2)"
    assert "Ctrl+Z to undo" in page.status.text()
    qtbot.keyClick(page.strip, Qt.Key.Key_Z, CTRL)
    settle(qtbot, page)
    assert journal.photos.all() == [first, middle, last]
    assert page.strip.count() == 3
    # Deleted for good when the window closes: its picture leaves the photo store.
    assert middle.id is not None
    journal.delete(Kind.PHOTO, middle.id)
    window.close()
    with pictures.connect(pictures.store_path(journal.folder), None) as con:
        assert pictures.present(con) == {first.sha256, last.sha256}


def test_the_delete_key_with_nothing_selected_deletes_nothing(
    qtbot: QtBot, window: MainWindow, journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    series_of_three(journal, clock, tmp_path)
    page = photos_page(qtbot, window)
    page.strip.setFocus()
    qtbot.keyClick(page.strip, Qt.Key.Key_Delete)
    assert len(journal.photos.all()) == 3
    assert page.status.text() == "Select a photo to delete."


def test_saving_a_photo_to_a_file(
    qtbot: QtBot, window: MainWindow, journal: Journal, clock: FakeClock, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    series_of_three(journal, clock, tmp_path)
    page = photos_page(qtbot, window)
    page.strip.setFocus()
    qtbot.keyClick(page.strip, Qt.Key.Key_Left)
    target = tmp_path / "out.jpg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.save_button, LEFT)
    assert target.read_bytes() == journal.photos.image(journal.photos.all()[1])
    assert "without metadata" in page.status.text()


def test_the_summary_gets_a_photo_page_only_when_ticked(
    qtbot: QtBot, journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    series_of_three(journal, clock, tmp_path)
    dialog = ReportDialog(journal)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.photos.isChecked() and not dialog.photo_areas.isEnabled()
    assert dialog.options()[-1] is None
    dialog.photos.setFocus()
    qtbot.keyClick(dialog.photos, Qt.Key.Key_Space)
    assert dialog.photos.isChecked() and dialog.photo_areas.isEnabled()
    assert dialog.options()[-1] == ("scalp-crown",)
    with qtbot.waitSignal(dialog.previewed, timeout=60_000):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.previewed_file is not None
    reader = PdfReader(dialog.previewed_file)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Photos (taken by the patient, shared by choice)" in text and "Scalp: crown" in text
    assert sum(len(p.images) for p in reader.pages) == 2
    dialog.photo_areas.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.options()[-1] == () and dialog.is_stale
    dialog.close()  # the preview's private folder goes with the dialog
    assert tasks.wait_for_idle(10_000)
