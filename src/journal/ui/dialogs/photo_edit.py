"""Correcting a photo entry: its area and label, its time, its note, its symptom check-in and its
context tags.

Its pixels never change (they are addressed by their hash); everything said
about them can. Opened from History (Enter on a photo's row) and from the
Photos page (Edit… or Enter on a thumbnail); saving goes through
`journal.photos.edit` on the worker, and the caller puts an `EditEntry` on the
undo stack, so Ctrl+Z puts the photo's previous words and tags back.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput
from journal.domain.photos import AREAS, Photo
from journal.service.journal import Journal
from journal.ui.dialogs.entry_edit import EntryDialog, MomentEdit
from journal.ui.tasks import Task
from journal.ui.widgets.fields import buddy, error_label, named, note_edit, resize_on_screen, set_tab_order
from journal.ui.widgets.photo_view import PhotoView, image_from

NO_LINK = "no link"


class PhotoEditDialog(EntryDialog):
    """Correct what a photo says: area, label, time, note, link to a symptom check-in, tags."""

    kind = Kind.PHOTO

    def __init__(self, journal: Journal, photo: Photo, parent: QWidget | None = None) -> None:
        super().__init__(journal, f"Edit photo: {photo.title}", parent)
        self.photo = photo
        self.area = QComboBox()
        for one in AREAS:
            self.area.addItem(one.label, one.key)
        self.area.setCurrentIndex(max(0, self.area.findData(photo.area)))
        named(self.area, "Body area", "Which area the photo shows; each area is a series of its own")
        self.label = QLineEdit(photo.label)
        self.label.setPlaceholderText("optional, e.g. left forearm, dark patch")
        named(self.label, "Label", "Which spot, when an area has more than one you follow")
        self.area_error = error_label("Area problem")
        self.when = MomentEdit(photo.at, "Time the photo was taken")
        self.notes = note_edit("Note", "optional: light, what you noticed", "A note kept with the photo")
        self.notes.setPlainText(photo.notes)
        self.notes_error = error_label("Note problem")
        self.link = QComboBox()
        named(self.link, "Symptom check-in", "Link the photo to a symptom check-in of the last 60 days")
        self.link.addItem(NO_LINK, None)
        #: The check-in the stored link belongs to (its first rating's id), to keep the stored id
        #: when the link is left alone.
        self._linked_first: int | None = None
        current = journal.photos.checkin_of(photo.symptom_id) if photo.symptom_id is not None else None
        checkins = journal.photos.checkins()
        if current is not None:
            self._linked_first = current.symptom_id
            if all(c.symptom_id != current.symptom_id for c in checkins):
                checkins.append(current)  # older than 60 days: still offered, it is the one linked
        for checkin in checkins:
            self.link.addItem(f"{checkin.at.local:%a %d %b %Y %H:%M} · {checkin.text}", checkin.symptom_id)
        if current is not None:
            self.link.setCurrentIndex(max(0, self.link.findData(current.symptom_id)))
        self.link_error = error_label("Link problem")

        self.picture = PhotoView("The photo")
        self.picture.setMinimumSize(200, 160)
        self.picture.set_image(image_from(journal.photos.image(photo), 640), f"Photo of {photo.title}")
        side = QWidget()
        column = QVBoxLayout(side)
        column.addWidget(self.picture, 1)
        pixels = QLabel("<small>The picture itself cannot be changed here; delete it to remove it.</small>")
        pixels.setWordWrap(True)
        column.addWidget(pixels)

        self.fields.addRow(buddy("Ar&ea", self.area), self.area)
        self.fields.addRow(buddy("&Label", self.label), self.label)
        self.fields.addRow(self.area_error)
        self.fields.addRow(buddy("&Time", self.when.edit), self.when)
        self.fields.addRow(buddy("N&ote", self.notes), self.notes)
        self.fields.addRow(self.notes_error)
        self.fields.addRow(buddy("Check-&in", self.link), self.link)
        self.fields.addRow(self.link_error)
        tags = self.add_tags(photo.id)
        self._finish_layout(side)
        self.problem_labels = {
            "area": self.area_error,
            "label": self.area_error,
            "time": self.when.error,
            "notes": self.notes_error,
            "symptom": self.link_error,
        }
        self.other_problem = self.area_error
        self.label.textChanged.connect(self.area_error.hide)
        self.notes.textChanged.connect(self.notes_error.hide)
        self.link.currentIndexChanged.connect(self.link_error.hide)
        set_tab_order(
            [
                self.area,
                self.label,
                self.when.edit,
                self.notes,
                self.link,
                *tags.focus_widgets(),
                self.save_button,
                self.cancel_button,
            ]
        )
        resize_on_screen(self, 820, 520)
        self.label.setFocus()

    def chosen_link(self) -> int | None:
        """The rating to link: the stored one while its check-in stays chosen, else the chosen one's."""
        chosen = self.link.currentData()
        if chosen is not None and chosen == self._linked_first:
            return self.photo.symptom_id
        return int(chosen) if chosen is not None else None

    def save(self) -> Task | None:
        self.status.setText("")
        for label in (self.area_error, self.notes_error, self.link_error):
            label.hide()
        try:
            at = self.when.moment(self.journal.clock())
            changed = replace(
                self.photo,
                at=at,
                area=str(self.area.currentData()),
                label=self.label.text(),
                notes=self.notes.toPlainText(),
                symptom_id=self.chosen_link(),
            )
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        photos, tags = self.journal.photos, self.typed_tags()
        return self.save_as(self.photo, lambda: photos.edit(changed, tags))

    def show_invalid(self, err: InvalidInput) -> None:
        super().show_invalid(err)
        focus = {
            "time": self.when.edit,
            "notes": self.notes,
            "symptom": self.link,
            "tags": self.tag_field.free if self.tag_field is not None else self.label,
        }.get(err.field, self.label)
        focus.setFocus()
