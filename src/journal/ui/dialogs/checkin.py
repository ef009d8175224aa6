"""What the symptom and pain check-ins share: a note, the time and tags, Save check-in and Cancel.

Both check everything before anything is written, show each problem at its field,
and save off the UI thread (`SaveDialog`), closing once saved.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from journal.domain.entities import check_note
from journal.domain.errors import InvalidInput
from journal.domain.times import Moment
from journal.service.journal import Journal
from journal.ui.dialogs.save_dialog import SaveDialog
from journal.ui.widgets.fields import TimeField, error_label, note_edit
from journal.ui.widgets.tag_field import TagField


class CheckinDialog(SaveDialog):
    """A check-in: `notes` with its `notes_error`, `time` (now unless changed), the buttons."""

    def __init__(
        self,
        journal: Journal,
        title: str,
        parent: QWidget | None,
        *,
        save_tip: str,
        note_name: str,
        note_placeholder: str,
        note_tip: str,
    ) -> None:
        super().__init__(
            journal, title, parent, save_text="&Save check-in", save_name="Save check-in", save_tip=save_tip
        )
        self.notes = note_edit(note_name, note_placeholder, note_tip)
        self.notes_error = error_label("Note problem")
        self.notes.textChanged.connect(self.notes_error.hide)
        self.time = TimeField(journal, "Time of check-in")
        self.tags = TagField(journal.entries.tag_counts)

    def tab_tail(self) -> list[QWidget]:
        """The end of the tab order: the note, the time, the tags, Save and Cancel."""
        return [
            self.notes,
            *self.time.focus_widgets(),
            *self.tags.focus_widgets(),
            self.save_button,
            self.cancel_button,
        ]

    def checked_tags(self, problems: list[InvalidInput]) -> tuple[str, ...]:
        """The tags as chosen and typed, checked; a problem is added to `problems`."""
        try:
            return self.tags.tags()
        except InvalidInput as err:
            problems.append(err)
            return ()

    def note_and_time(self, problems: list[InvalidInput]) -> tuple[str, Moment | None]:
        """The note and the time as typed; a problem with either is added to `problems`."""
        notes = self.notes.toPlainText()
        try:
            check_note(notes)
        except InvalidInput as err:
            problems.append(err)
        at: Moment | None = None
        try:
            at = self.time.moment()
        except InvalidInput as err:
            problems.append(err)
        return notes, at

    def clear_problems(self) -> None:
        self.status.setText("")
        self.notes_error.hide()
        self.time.error.hide()
        self.tags.error.hide()
