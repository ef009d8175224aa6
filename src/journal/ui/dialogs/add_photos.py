"""Adding photos of a body area: files chosen or dropped, the area, when, a note, a link to a check-in,
context tags put on each photo.

Beside the choices the last photo of the same area is shown, so the person
can frame the new one the same way. Saving reads, turns upright, strips and
stores every file on the worker thread with a progress bar; a file that is
not a photo is named at the list and nothing is saved.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from journal.domain.errors import InvalidInput
from journal.domain.photos import AREAS, Photo, series_key
from journal.service.journal import Journal
from journal.service.photos import Added, PhotoDraft
from journal.ui.dialogs.save_dialog import NOT_SAVED, SaveDialog
from journal.ui.tasks import Task
from journal.ui.widgets.fields import (
    FieldGrid,
    TimeField,
    buddy,
    error_label,
    named,
    note_edit,
    set_tab_order,
    show_error,
)
from journal.ui.widgets.photo_view import PhotoView, image_from
from journal.ui.widgets.tag_field import TagField

#: What the file dialog offers (HEIC is read where Pillow's HEIC plug-in is installed).
FILE_FILTER = "Photos (*.jpg *.jpeg *.png *.heic *.heif *.JPG *.JPEG *.PNG *.HEIC);;All files (*)"
PRIVACY = (
    "Only the pixels are kept: each photo is turned upright and stored without its metadata (no GPS "
    "position, camera, time stamps or comments), at most 2048 pixels on its long side, inside your "
    "journal (encrypted with it when it has a passphrase)."
)


def dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local files being dragged (folders and other things left out)."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class AddPhotos(SaveDialog):
    """Choose photos and what they show; saves them all, or none when one is not a photo."""

    saved = Signal(object)  # Added

    def __init__(
        self, journal: Journal, parent: QWidget | None = None, files: list[Path] | None = None
    ) -> None:
        super().__init__(
            journal,
            "Add photos",
            parent,
            save_text="&Add photos",
            save_name="Add photos",
            save_tip="Add the photos listed (Ctrl+S or Enter)",
        )
        self.setAcceptDrops(True)
        self.added: Added | None = None
        self._series = journal.photos.series()  # read once: the area's last photo is looked up as one types
        self.files = QListWidget()
        named(
            self.files, "Photos to add", "The files to add; drop more here. Delete removes the selected one"
        )
        self.files.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.files.setMaximumHeight(110)
        self.choose_button = QPushButton("&Choose files…")
        named(self.choose_button, "Choose files", "Choose photos to add (several at once)")
        self.remove_button = QPushButton("&Remove")
        named(self.remove_button, "Remove from the list", "Leave the selected files out (Delete)")
        for push in (self.choose_button, self.remove_button):
            push.setAutoDefault(False)  # Enter adds the photos, wherever the focus is
        self.files_error = error_label("Photos problem")
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.files).activated.connect(self.remove_selected)

        self.area = QComboBox()
        for one in AREAS:
            self.area.addItem(one.label, one.key)
        named(self.area, "Body area", "Which area the photos show; each area is a series of its own")
        self.label = QLineEdit()
        self.label.setPlaceholderText("optional, e.g. left forearm, dark patch")
        named(self.label, "Label", "Which spot, when an area has more than one you follow")
        self.area_error = error_label("Area problem")

        self.when_taken = QRadioButton("When each was &taken (from the file, where it says)")
        self.when_now = QRadioButton("&Now")
        self.when_at = QRadioButton("At this t&ime:")
        for button, tip in (
            (self.when_taken, "The time the camera wrote into the file; now for a file without one"),
            (self.when_now, "The time you add them"),
            (self.when_at, "A time you give, for every photo added now"),
        ):
            button.setToolTip(tip)
        self.when = QButtonGroup(self)
        for button in (self.when_taken, self.when_now, self.when_at):
            self.when.addButton(button)
        self.when_taken.setChecked(True)
        self.time = TimeField(journal, "Time the photos were taken")
        self.time.setEnabled(False)
        self.when_at.toggled.connect(self.time.setEnabled)

        self.note = note_edit("Note", "optional: light, what you noticed", "A note kept with each photo")
        self.link = QComboBox()
        named(self.link, "Symptom check-in", "Link the photos to a symptom check-in of the last 60 days")
        self.link.addItem("no link", None)
        for checkin in journal.photos.checkins():
            self.link.addItem(f"{checkin.at.local:%a %d %b %H:%M} · {checkin.text}", checkin.symptom_id)
        self.link_error = error_label("Link problem")
        self.tags = TagField(journal.entries.tag_counts)

        self.last = PhotoView("The last photo of this area")
        self.last.setMinimumSize(200, 160)
        self.last_caption = QLabel()
        self.last_caption.setWordWrap(True)
        self.last_caption.setAccessibleName("About the last photo")
        privacy = QLabel(f"<small>{escape(PRIVACY)}</small>")
        privacy.setWordWrap(True)
        privacy.setAccessibleName("What is kept")

        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.choose_button)
        file_buttons.addWidget(self.remove_button)
        file_buttons.addStretch(1)
        grid = FieldGrid()
        grid.addRow(buddy("&Photos", self.files), self.files)
        grid.addRow("", file_buttons)
        grid.addRow(self.files_error)
        grid.addRow(buddy("Ar&ea", self.area), self.area)
        grid.addRow(buddy("&Label", self.label), self.label)
        grid.addRow(self.area_error)
        times = QVBoxLayout()
        times.setSpacing(2)
        times.addWidget(self.when_taken)
        times.addWidget(self.when_now)
        times.addWidget(self.when_at)
        times.addWidget(self.time)
        grid.addRow("Taken", times)
        grid.addRow(buddy("N&ote", self.note), self.note)
        grid.addRow(buddy("Check-&in", self.link), self.link)
        grid.addRow(self.link_error)
        grid.addRow(buddy("Ta&gs", self.tags.free), self.tags)
        grid.setRowStretch(grid.rowCount(), 1)  # the fields at the top, the room below them
        guide = QVBoxLayout()
        guide.addWidget(QLabel("<b>Last time</b>"))
        guide.addWidget(self.last, 1)
        guide.addWidget(self.last_caption)
        body = QHBoxLayout()
        body.addLayout(grid, 3)
        body.addLayout(guide, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(privacy)
        self.add_status(layout)
        layout.addWidget(self.buttons)

        self.choose_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.area.currentIndexChanged.connect(self._area_changed)
        self.label.textChanged.connect(self._area_changed)
        set_tab_order(
            [
                self.files,
                self.choose_button,
                self.remove_button,
                self.area,
                self.label,
                self.when_taken,
                self.when_now,
                self.when_at,
                *self.time.focus_widgets(),
                self.note,
                self.link,
                *self.tags.focus_widgets(),
                self.save_button,
                self.cancel_button,
            ]
        )
        self.resize(860, 560)
        self.add_files(files or [])
        self._area_changed()
        self.ready(self.choose_button if not files else self.area)

    # -- the files -----------------------------------------------------------------------------

    def paths(self) -> list[Path]:
        return [Path(self.files.item(n).data(Qt.ItemDataRole.UserRole)) for n in range(self.files.count())]

    def add_files(self, files: list[Path]) -> None:
        have = set(self.paths())
        for path in files:
            if path not in have:
                have.add(path)
                self.files.addItem(path.name)
                item = self.files.item(self.files.count() - 1)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path))
        self.files_error.hide()
        self._count_changed()

    def choose_files(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(self, "Choose photos to add", "", FILE_FILTER)
        self.add_files([Path(name) for name in chosen])

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._count_changed()

    def _count_changed(self) -> None:
        n = self.files.count()
        self.save_button.setText(f"&Add {n} photo{'s' if n != 1 else ''}" if n else "&Add photos")
        self.remove_button.setEnabled(n > 0)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_files([p for p in dropped_files(event) if p.is_file()])
        event.acceptProposedAction()

    # -- the area's last photo -------------------------------------------------------------------

    def _area_changed(self) -> None:
        """Show the last photo of the chosen area (and label), to frame the new ones the same way."""
        self.area_error.hide()
        wanted = series_key(str(self.area.currentData()), self.label.text())
        last: Photo | None = None
        for one in self._series:
            if one.key == wanted:
                last = one.last
        if last is None:
            self.last.set_image(None, empty_text="No earlier photo of this area yet.")
            self.last_caption.setText("")
            return
        thumb = self.journal.photos.thumbnails([last]).get(last.sha256)
        when = f"{last.at.local:%d %b %Y}"
        self.last.set_image(image_from(thumb), f"{last.title}, {when}")
        self.last_caption.setText(f"{escape(last.title)}, {when}: frame the new photo the same way.")

    # -- saving --------------------------------------------------------------------------------

    def draft(self) -> PhotoDraft:
        at = self.time.moment() if self.when_at.isChecked() else None
        return PhotoDraft(
            str(self.area.currentData()),
            self.label.text(),
            self.note.toPlainText(),
            at,
            use_taken=self.when_taken.isChecked(),
            symptom_id=self.link.currentData(),
            tags=tuple(self.tags.raw_tags()),
        )

    def save(self) -> Task | None:
        self.status.setText("")
        for label in (self.files_error, self.area_error, self.link_error, self.time.error):
            label.hide()
        files = self.paths()
        try:
            if not files:
                raise InvalidInput("files", "Choose one or more photos to add (or drop them here).")
            draft = self.draft()
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        photos, progress = self.journal.photos, self.busy.progress
        n = len(files)
        return self.run_save(
            lambda: photos.add_files(files, draft, progress),
            self._saved,
            f"Adding {n} photo{'s' if n != 1 else ''}: turning them upright and removing their metadata…",
        )

    def show_invalid(self, err: InvalidInput) -> None:
        target = {
            "files": (self.files_error, self.files),
            "area": (self.area_error, self.area),
            "label": (self.area_error, self.label),
            "symptom": (self.link_error, self.link),
        }.get(err.field)
        if err.field == "time":
            self.time.show_error(err.message)
            self.time.edit.setFocus()
        elif err.field == "tags":
            self.tags.show_error(err.message)
            self.tags.free.setFocus()
        elif target is not None:
            show_error(target[0], err.message)
            target[1].setFocus()
        else:
            self.status.setText(f"⚠ {err.message}")
        if err.field == "files":
            self.status.setText("⚠ Nothing was saved. Remove that file from the list, or choose another.")
        else:
            self.status.setText(NOT_SAVED)

    def _saved(self, added: Added) -> None:
        self.added = added
        self.saved.emit(added)
        self.accept()
