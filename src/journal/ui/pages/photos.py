"""Photos: a series per body area (scalp, skin), and two photos of one area compared.

On the left the series, each "Scalp: crown (12)"; beside it the series as a row
of thumbnails, oldest first. Below, two photos of that area side by side with
their dates, the amount used and the breaks between them, or faded one over the
other (onion skin) with a slider, which shows what changed when the framing is
the same. The first and the last photo are compared until one or two others are
selected (Shift or Ctrl with the arrows or a click). The photos and their
thumbnails are read on the worker thread, so five hundred of them never hold
the window up; Delete deletes the selected photos and Ctrl+Z brings them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import Kind
from journal.domain.errors import NotFound
from journal.domain.photos import Between, Photo, Series, SeriesKey
from journal.domain.tags import Tagged
from journal.service.journal import Journal
from journal.ui import tasks
from journal.ui.dialogs.add_photos import AddPhotos
from journal.ui.dialogs.photo_edit import PhotoEditDialog
from journal.ui.tasks import BusyIndicator, Task
from journal.ui.undo import DeleteEntry, EditEntry
from journal.ui.widgets.fields import local_action, named
from journal.ui.widgets.heading import page_heading
from journal.ui.widgets.photo_view import SCREEN_EDGE, OnionSkin, PhotoView, image_from

THUMB = 112
#: The source passage the page's empty state quotes (hair regrowth after reducing or pausing use).
REGROWTH_SOURCE = "000_7049738a15aad336.txt"


def empty_text() -> str:
    """What the page says before the first photo: why photos, with the source passage it rests on."""
    from journal import resources

    try:
        source = resources.sources().by_file(REGROWTH_SOURCE)
        quote = next(c.quote for c in source.claims if "regrowth" in c.quote)
        cited = f" (“{escape(quote)}” — {escape(source.name)}; F1 shows the sources)"
    except (KeyError, StopIteration):
        cited = ""
    return (
        "<p><b>No photos yet.</b> Hair thinning and skin darkening change over weeks, and a source links "
        f"reducing or pausing use to regrowth{cited}. A photo of the same spot every week or two shows what "
        "a rating cannot.</p><p>Add photos (Ctrl+Shift+O) of your scalp (crown, hairline, part) or your "
        "skin, or drop photo files onto the window. Only the pixels are kept: no location, camera or time "
        "stamps.</p>"
    )


@dataclass(frozen=True, slots=True)
class Loaded:
    """What the worker read: the series, and each photo's thumbnail decoded."""

    series: list[Series]
    thumbs: dict[str, QImage]


@dataclass(frozen=True, slots=True)
class Pair:
    """Two photos of one series to compare, their pictures decoded, and what happened between."""

    earlier: Photo
    later: Photo
    earlier_image: QImage | None
    later_image: QImage | None
    between: Between | None
    #: What each photo's link names: "Symptom check-in Mon 09 Mar 2026 08:00: Hair shedding mild".
    earlier_link: str = ""
    later_link: str = ""


def _read(journal: Journal) -> Loaded:
    """Every series and its thumbnails, decoded on the worker thread (QImage is safe there)."""
    series = journal.photos.series()
    raw = journal.photos.thumbnails([p for s in series for p in s.photos])
    thumbs = {}
    for sha, data in raw.items():
        image = image_from(data, THUMB)  # brought to the strip's size here, off the UI thread
        if image is not None:
            thumbs[sha] = image
    return Loaded(series, thumbs)


def link_text(journal: Journal, photo: Photo) -> str:
    """The symptom check-in a photo is linked to, in words ("" without a link)."""
    if photo.symptom_id is None:
        return ""
    checkin = journal.photos.checkin_of(photo.symptom_id)
    if checkin is None:
        return "Linked to a symptom check-in that is no longer in the journal."
    return f"Symptom check-in {checkin.at.local:%a %d %b %Y %H:%M}: {checkin.text}"


def _read_pair(journal: Journal, earlier: Photo, later: Photo) -> Pair:
    between = journal.photos.between(earlier, later) if earlier != later else None
    return Pair(
        earlier,
        later,
        image_from(journal.photos.image(earlier), SCREEN_EDGE),
        image_from(journal.photos.image(later), SCREEN_EDGE),
        between,
        link_text(journal, earlier),
        link_text(journal, later),
    )


def day_text(photo: Photo) -> str:
    return f"{photo.at.local:%a %d %b %Y}"


class PhotosPage(QWidget):
    """The Photos page over one journal. `refresh()` after the journal changes."""

    changed = Signal()

    def __init__(self, journal: Journal, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.undo_stack = undo_stack
        self.setAccessibleName("Photos")
        self.series: list[Series] = []
        self.thumbs: dict[str, QImage] = {}
        self.pair: Pair | None = None
        self.dialog: AddPhotos | None = None
        self.editor: PhotoEditDialog | None = None
        #: The photo to select once the photos are read again (after a correction).
        self._wanted_photo: int | None = None
        self._stale = True
        self._pair_task: Task | None = None
        self._wanted: SeriesKey | None = None

        self.add_button = QPushButton("&Add photos…")
        named(
            self.add_button,
            "Add photos",
            "Add photos of your scalp or skin (Ctrl+Shift+O), or drop files here",
        )
        self.delete_button = QPushButton("&Delete")
        named(
            self.delete_button, "Delete photo", "Delete the selected photos (Delete); Ctrl+Z brings them back"
        )
        self.edit_button = QPushButton("&Edit…")
        named(
            self.edit_button,
            "Edit photo",
            "Correct the selected photo's area, label, time, note or check-in (Enter); Ctrl+Z undoes it",
        )
        self.save_button = QPushButton("Sa&ve photo as…")
        named(self.save_button, "Save photo as", "Write the selected photo to a file (without any metadata)")
        self.busy = BusyIndicator()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Photos status")

        self.series_list = QListWidget()
        named(self.series_list, "Photo series", "One series per body area; choose one with the arrow keys")
        self.series_list.setMaximumWidth(230)
        self.strip = QListWidget()
        named(
            self.strip,
            "Photos of the series",
            "Oldest first. Select one or two photos to compare (Shift or Ctrl with the arrows or a click); "
            "Enter or a double-click edits one, Delete deletes them",
        )
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setMovement(QListView.Movement.Static)
        self.strip.setIconSize(QSize(THUMB, THUMB))
        self.strip.setGridSize(QSize(THUMB + 20, THUMB + 28))
        self.strip.setFixedHeight(THUMB + 52)
        self.strip.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.strip.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        self.comparing = QLabel()
        self.comparing.setWordWrap(True)
        self.comparing.setAccessibleName("Photos compared")
        self.between = QLabel()
        self.between.setWordWrap(True)
        self.between.setAccessibleName("Between the two photos")
        self.earlier = PhotoView("Earlier photo")
        self.later = PhotoView("Later photo")
        self.earlier_caption, self.later_caption = QLabel(), QLabel()
        for caption, name in (
            (self.earlier_caption, "Earlier photo's date"),
            (self.later_caption, "Later photo's date"),
        ):
            caption.setAccessibleName(name)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setWordWrap(True)
        side = QWidget()
        side_grid = QGridLayout(side)  # one row of pictures, one of captions: the pictures stay level
        for n, (view, caption) in enumerate(
            ((self.earlier, self.earlier_caption), (self.later, self.later_caption))
        ):
            side_grid.addWidget(view, 0, n)
            side_grid.addWidget(caption, 1, n, Qt.AlignmentFlag.AlignTop)
            side_grid.setColumnStretch(n, 1)
        side_grid.setRowStretch(0, 1)
        self.onion = OnionSkin()
        self.fade = QSlider(Qt.Orientation.Horizontal)
        self.fade.setRange(0, 100)
        self.fade.setValue(50)
        self.fade.setPageStep(10)
        named(self.fade, "Fade", "Left: the earlier photo; right: the later one (arrow keys, Page Up/Down)")
        self.fade_from, self.fade_to = QLabel(), QLabel()
        onion = QWidget()
        onion_column = QVBoxLayout(onion)
        onion_column.addWidget(self.onion, 1)
        fade_row = QHBoxLayout()
        fade_row.addWidget(self.fade_from)
        fade_row.addWidget(self.fade, 1)
        fade_row.addWidget(self.fade_to)
        onion_column.addLayout(fade_row)
        self.views = QTabWidget()
        named(self.views, "Compare", "Side by side, or the later photo faded over the earlier (Ctrl+Tab)")
        self.views.addTab(side, "&Side by side")
        self.views.addTab(onion, "O&nion skin")

        self.empty = QLabel(empty_text())
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("No photos yet")
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        compare = QWidget()
        compare_column = QVBoxLayout(compare)
        compare_column.setContentsMargins(0, 0, 0, 0)
        compare_column.addWidget(self.strip)
        compare_column.addWidget(self.comparing)
        compare_column.addWidget(self.views, 1)
        compare_column.addWidget(self.between)
        self.body = QSplitter()
        self.body.addWidget(self.series_list)
        self.body.addWidget(compare)
        self.body.setStretchFactor(1, 1)
        self.body.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(page_heading("Photos"))
        layout.addLayout(buttons)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.empty, 1)  # shown instead of the body, under the buttons
        layout.addWidget(self.body, 1)
        QWidget.setTabOrder(self.series_list, self.strip)
        QWidget.setTabOrder(self.strip, self.views)

        self.delete_action = local_action(
            self,
            "Delete photo",
            [QKeySequence(Qt.Key.Key_Delete)],
            self.delete_selected,
            "Delete the selected photos",
        )
        self.add_button.clicked.connect(lambda: self.add_photos())
        self.delete_button.clicked.connect(self.delete_selected)
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.strip.itemActivated.connect(lambda _item: self.edit_selected())
        self.save_button.clicked.connect(self.save_selected)
        self.series_list.currentRowChanged.connect(self._series_changed)
        self.strip.itemSelectionChanged.connect(self._selection_changed)
        self.fade.valueChanged.connect(self.onion.set_mix)
        self.onion.set_mix(self.fade.value())
        self._show_empty(True)

    # -- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def refresh(self) -> None:
        """Read the photos again: now if the page is shown, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> Task | None:
        """Read every series and its thumbnails on the worker thread, with a busy bar meanwhile."""
        self._stale = False
        if self.busy.busy:
            self.busy.cancel()
        journal = self.journal
        return self.busy.run(lambda: _read(journal), "Reading your photos…", self._loaded, self._load_failed)

    def _loaded(self, loaded: Loaded) -> None:
        current = self.selected_series()
        wanted = self._wanted or (current.key if current is not None else None)
        self._wanted = None
        self.series, self.thumbs = loaded.series, loaded.thumbs
        self.series_list.blockSignals(True)
        self.series_list.clear()
        row = 0
        for n, one in enumerate(self.series):
            self.series_list.addItem(f"{one.title} ({len(one.photos)})")
            span = f"{len(one.photos)} photos, {day_text(one.first)} to {day_text(one.last)}"
            self.series_list.item(n).setToolTip(f"{one.title}: {span}")
            if one.key == wanted:
                row = n
        if self.series:
            self.series_list.setCurrentRow(row)
        self.series_list.blockSignals(False)
        self._show_empty(not self.series)
        self._fill_strip(self.selected_series())  # once, whether or not the row changed
        wanted_photo, self._wanted_photo = self._wanted_photo, None
        if wanted_photo is not None:
            self.select_photo(wanted_photo)

    def _load_failed(self, error: BaseException) -> None:
        self.status.setText(f"⚠ The photos could not be read: {tasks.sentence(error)}")

    def _show_empty(self, empty: bool) -> None:
        self.empty.setVisible(empty)
        self.body.setVisible(not empty)
        self.delete_button.setEnabled(not empty)
        self.edit_button.setEnabled(not empty)
        self.save_button.setEnabled(not empty)

    # -- the series and the photos in it -------------------------------------------------------------

    def selected_series(self) -> Series | None:
        row = self.series_list.currentRow()
        return self.series[row] if 0 <= row < len(self.series) else None

    def select_series(self, key: SeriesKey) -> bool:
        for n, one in enumerate(self.series):
            if one.key == key:
                self.series_list.setCurrentRow(n)
                return True
        return False

    def _series_changed(self, _row: int) -> None:
        self._fill_strip(self.selected_series())

    def _fill_strip(self, series: Series | None) -> None:
        self.strip.blockSignals(True)
        self.strip.clear()
        for photo in series.photos if series is not None else ():
            thumb = self.thumbs.get(photo.sha256)
            icon = QIcon(QPixmap.fromImage(thumb)) if thumb is not None else QIcon()
            item = QListWidgetItem(icon, f"{photo.at.local:%d %b %Y}")
            item.setData(Qt.ItemDataRole.UserRole, photo.id)
            words = f"{photo.title}, {day_text(photo)} {photo.at.local:%H:%M}"
            item.setToolTip(words + (f"\n{photo.notes}" if photo.notes else ""))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, words)
            self.strip.addItem(item)
        self.strip.blockSignals(False)
        if series is not None:
            self.strip.setAccessibleName(f"Photos of {series.title}")
            self.strip.setCurrentRow(len(series.photos) - 1, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.strip.scrollToItem(self.strip.item(len(series.photos) - 1))
        self._selection_changed()

    def selected_photos(self) -> list[Photo]:
        """The photos selected in the strip, oldest first."""
        series = self.selected_series()
        if series is None:
            return []
        rows = sorted(self.strip.row(item) for item in self.strip.selectedItems())
        return [series.photos[r] for r in rows if 0 <= r < len(series.photos)]

    def current_photo(self) -> Photo | None:
        """The one photo to edit: the selected one, or of several selected the current one."""
        chosen = self.selected_photos()
        if len(chosen) == 1:
            return chosen[0]
        item = self.strip.currentItem()
        series = self.selected_series()
        if chosen and item is not None and item.isSelected() and series is not None:
            row = self.strip.row(item)
            return series.photos[row] if 0 <= row < len(series.photos) else None
        return None

    def select_photo(self, photo_id: int) -> bool:
        """Select the photo with this id in the strip (in whichever series holds it)."""
        for one in self.series:
            for n, photo in enumerate(one.photos):
                if photo.id == photo_id:
                    self.select_series(one.key)
                    self.strip.setCurrentRow(n, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                    return True
        return False

    def compared(self) -> tuple[Photo, Photo] | None:
        """The two photos to compare: the earliest and latest selected; with one selected, the series'
        first and that one (or the last, when the first is selected); with none, the first and last."""
        series = self.selected_series()
        if series is None:
            return None
        chosen = self.selected_photos()
        if len(chosen) >= 2:
            return chosen[0], chosen[-1]
        if len(chosen) == 1 and chosen[0] != series.first:
            return series.first, chosen[0]
        return series.first, series.last

    def _selection_changed(self) -> None:
        pair = self.compared()
        selected = bool(self.selected_photos())
        self.delete_button.setEnabled(selected)
        self.edit_button.setEnabled(self.current_photo() is not None)
        self.save_button.setEnabled(len(self.selected_photos()) == 1)
        if pair is None:
            self.comparing.setText("")
            self.between.setText("")
            self.earlier.set_image(None)
            self.later.set_image(None)
            self.onion.set_images(None, None)
            return
        earlier, later = pair
        if earlier == later:
            self.comparing.setText(
                f"<b>{escape(earlier.title)}</b>: one photo so far ({day_text(earlier)}). Add another of "
                "the same spot, framed the same way, to compare."
            )
        else:
            self.comparing.setText(
                f"<b>{escape(earlier.title)}</b>: {day_text(earlier)} beside {day_text(later)}. "
                "<small>Select one or two other photos to compare them.</small>"
            )
        if self._pair_task is not None:
            self._pair_task.cancel()
        journal = self.journal
        self._pair_task = tasks.run_in_background(
            lambda: _read_pair(journal, earlier, later), "Reading the two photos…"
        )
        self._pair_task.finished.connect(self._show_pair)
        self._pair_task.failed.connect(self._load_failed)

    def _show_pair(self, pair: Pair) -> None:
        self.pair = pair
        self._pair_task = None
        missing = "The picture is missing from the photo store."
        self.earlier.set_image(pair.earlier_image, f"Earlier photo, {day_text(pair.earlier)}", missing)
        self.later.set_image(pair.later_image, f"Later photo, {day_text(pair.later)}", missing)
        self.earlier_caption.setText(_caption(pair.earlier, pair.earlier_link))
        self.later_caption.setText(_caption(pair.later, pair.later_link))
        self.onion.set_images(pair.earlier_image, pair.later_image if pair.later != pair.earlier else None)
        self.fade_from.setText(f"{pair.earlier.at.local:%d %b %Y}")
        self.fade_to.setText(f"{pair.later.at.local:%d %b %Y}")
        self.between.setText(pair.between.words + " <small>Self-reported.</small>" if pair.between else "")

    # -- adding, deleting, saving -------------------------------------------------------------------

    def add_photos(self, files: Sequence[Path] = ()) -> AddPhotos:
        """The Add photos dialog (with dropped files, if any); the page reads the photos again after."""
        dialog = AddPhotos(self.journal, self, list(files))
        series = self.selected_series()
        if series is not None and not files:
            dialog.area.setCurrentIndex(max(0, dialog.area.findData(series.key[0])))
            dialog.label.setText(series.photos[-1].label)
        dialog.saved.connect(self._added)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _added(self, added: object) -> None:
        from journal.service.photos import Added

        assert isinstance(added, Added)
        if added.photos:
            self._wanted = added.photos[0].series
        self.status.setText(added.summary())
        self.refresh()
        self.changed.emit()

    def edit_selected(self) -> PhotoEditDialog | None:
        """Open the selected photo's editor (non-blocking); a saved correction goes on the undo stack."""
        photo = self.current_photo()
        if photo is None:
            self.status.setText("Select a photo to edit.")
            return None
        assert photo.id is not None
        try:
            dialog = PhotoEditDialog(self.journal, self.journal.photos.get(photo.id), self)
        except NotFound:
            self.status.setText("That photo is no longer in the journal.")
            self.refresh()
            return None
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = dialog
        dialog.saved.connect(self._edited)
        dialog.open()
        return dialog

    def _edited(self, before: object, after: object) -> None:
        # The editor hands the photo with its tags (`Tagged`): undo puts both back.
        was = before.entry if isinstance(before, Tagged) else before
        now = after.entry if isinstance(after, Tagged) else after
        assert isinstance(was, Photo) and isinstance(now, Photo) and now.id is not None
        photo_id = now.id
        what = f"photo of {was.title.lower()}, {was.at.local:%d %b %Y}"

        def after_undo(undone: bool) -> None:
            self._follow(photo_id)
            self.status.setText(f"{'Undid the correction of' if undone else 'Corrected again'} the {what}.")

        self.undo_stack.push(EditEntry(self.journal, Kind.PHOTO, before, after, what, after_undo))
        self._follow(photo_id)
        self.status.setText(f"Saved the corrected {what} — Ctrl+Z to undo.")

    def _follow(self, photo_id: int) -> None:
        """Read the photos again and select this one (its area or label may have moved it)."""
        self._wanted_photo = photo_id
        try:
            self._wanted = self.journal.photos.get(photo_id).series
        except NotFound:
            self._wanted = None
        self.refresh()
        self.changed.emit()

    def delete_selected(self) -> bool:
        """Delete the selected photos (soft); Ctrl+Z brings them back. Their pictures go from the file
        once undo can no longer bring them back (when the window closes)."""
        chosen = self.selected_photos()
        if not chosen:
            self.status.setText("Select a photo to delete.")
            return False
        series = self.selected_series()
        self._wanted = series.key if series is not None else None
        n = len(chosen)
        if n > 1:
            self.undo_stack.beginMacro(f"delete {n} photos")
        for photo in chosen:
            assert photo.id is not None
            what = f"photo of {photo.title.lower()}, {photo.at.local:%d %b %Y}"
            self.undo_stack.push(DeleteEntry(self.journal, Kind.PHOTO, photo.id, what, self._after_undo))
        if n > 1:
            self.undo_stack.endMacro()
        self.status.setText(f"Deleted {n} photo{'s' if n != 1 else ''} — Ctrl+Z to undo.")
        self.strip.setFocus()
        return True

    def _after_undo(self) -> None:
        if self._wanted is None:
            series = self.selected_series()
            self._wanted = series.key if series is not None else None
        self.refresh()
        self.changed.emit()

    def save_selected(self) -> Path | None:
        chosen = self.selected_photos()
        if len(chosen) != 1:
            self.status.setText("Select one photo to save.")
            return None
        from journal.reports.photo_export import file_name

        photo = chosen[0]
        target, _filter = QFileDialog.getSaveFileName(self, "Save photo", file_name(photo), "JPEG (*.jpg)")
        return self.save_photo(photo, Path(target)) if target else None

    def save_photo(self, photo: Photo, target: Path) -> Path | None:
        from journal.reports.photo_export import export_photo

        assert photo.id is not None
        try:
            written = export_photo(self.journal, photo.id, target)
        except (OSError, LookupError) as err:
            self.status.setText(f"⚠ Not saved: {tasks.sentence(err)}")
            return None
        self.status.setText(f"Saved {written.name} (the photo alone, without metadata).")
        return written


def _caption(photo: Photo, link: str = "") -> str:
    note = f"<br><small>{escape(photo.notes)}</small>" if photo.notes else ""
    linked = f"<br><small>{escape(link)}</small>" if link else ""
    return f"<b>{day_text(photo)}</b> {photo.at.local:%H:%M}{note}{linked}"
