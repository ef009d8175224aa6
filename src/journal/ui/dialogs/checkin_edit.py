"""Correcting a symptom entry or a pain check-in."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from journal.domain.entities import (
    Kind,
    PainCheckin,
    Severity,
    SymptomEntry,
    SymptomType,
)
from journal.domain.errors import InvalidInput
from journal.service.journal import Journal
from journal.ui.dialogs.entry_edit import EntryDialog, MomentEdit
from journal.ui.tasks import Task
from journal.ui.widgets.fields import buddy, error_label, note_edit


class SymptomEditDialog(EntryDialog):
    """Correct a symptom entry: severity, body area, note and time."""

    kind = Kind.SYMPTOM

    def __init__(
        self, journal: Journal, entry: SymptomEntry, stype: SymptomType, parent: QWidget | None = None
    ) -> None:
        super().__init__(journal, f"Edit symptom: {stype.label}", parent)
        self.entry, self.stype = entry, stype
        heading = QLabel(f"<b>{stype.label}</b>")
        heading.setAccessibleName("Symptom")
        self.severity = QComboBox()
        self.severity.setAccessibleName("Severity")
        self.severity.setToolTip("How strong it was, 0 (none) to 4 (extreme)")
        for level in Severity:
            self.severity.addItem(f"{int(level)} – {level.word}", int(level))
        self.severity.setCurrentIndex(int(entry.severity))
        self.area = QComboBox()
        self.area.setAccessibleName("Body area")
        self.area.setToolTip("Where on the body (for hair and skin symptoms)")
        self.area.addItem("Not given", "")
        for area in stype.body_areas:
            self.area.addItem(area, area)
        if entry.body_area and self.area.findData(entry.body_area) < 0:
            self.area.addItem(entry.body_area, entry.body_area)
        self.area.setCurrentIndex(max(0, self.area.findData(entry.body_area)))
        self.area.setEnabled(bool(stype.body_areas) or bool(entry.body_area))
        self.area_error = error_label("Body area problem")
        self.notes = note_edit("Note", "Optional", "A note about this symptom", entry.notes)
        self.notes_error = error_label("Note problem")
        self.when = MomentEdit(entry.at, "Time of the symptom")

        self.fields.addRow("Symptom", heading)
        self.fields.addRow(buddy("&Severity", self.severity), self.severity)
        self.fields.addRow(buddy("Body &area", self.area), self.area)
        self.fields.addRow("", self.area_error)
        self.fields.addRow(buddy("&Time", self.when.edit), self.when)
        self.fields.addRow(buddy("&Note", self.notes), self.notes)
        self.fields.addRow("", self.notes_error)
        self.add_tags(entry.id)
        self._finish_layout()
        self.problem_labels = {"time": self.when.error, "notes": self.notes_error, "area": self.area_error}
        self.other_problem = self.area_error
        self.notes.textChanged.connect(self.notes_error.hide)
        self.severity.setFocus()

    def save(self) -> Task | None:
        self.status.setText("")
        try:
            changed = replace(
                self.entry,
                severity=Severity(self.severity.currentData()),
                body_area=self.area.currentData() or "",
                notes=self.notes.toPlainText(),
                at=self.when.moment(self.journal.clock()),
            )
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        journal, tags = self.journal, self.typed_tags()
        return self.save_as(self.entry, lambda: journal.edit_symptom(changed, tags))


def _scale(name: str, tip: str, value: int | None, *, optional: bool) -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1 if optional else 0, 10)
    if optional:
        box.setSpecialValueText("not given")
    box.setValue(-1 if value is None else value)
    box.setAccessibleName(name)
    box.setToolTip(tip)
    return box


def _value(box: QSpinBox) -> int | None:
    return None if box.value() < 0 else box.value()


class PainEditDialog(EntryDialog):
    """Correct a pain check-in: pain now, the three PEG items, mood, note and time."""

    kind = Kind.PAIN

    def __init__(self, journal: Journal, checkin: PainCheckin, parent: QWidget | None = None) -> None:
        super().__init__(journal, "Edit pain check-in", parent)
        self.checkin = checkin
        peg = checkin.peg or (None, None, None)
        self.pain_now = _scale(
            "Pain now",
            "Pain now, 0 (none) to 10 (as bad as you can imagine)",
            checkin.pain_now,
            optional=False,
        )
        self.peg_pain = _scale(
            "PEG: average pain in the past week", "0 (none) to 10; or not given", peg[0], optional=True
        )
        self.peg_enjoyment = _scale(
            "PEG: interference with enjoyment of life",
            "0 (none) to 10 (completely); or not given",
            peg[1],
            optional=True,
        )
        self.peg_activity = _scale(
            "PEG: interference with general activity",
            "0 (none) to 10 (completely); or not given",
            peg[2],
            optional=True,
        )
        self.peg_error = error_label("PEG problem")
        self.mood = _scale(
            "Mood", "Mood, 0 (very low) to 10 (very good); or not given", checkin.mood, optional=True
        )
        self.notes = note_edit("Note", "Optional", "A note about this check-in", checkin.notes)
        self.notes_error = error_label("Note problem")
        self.when = MomentEdit(checkin.at, "Time of the check-in")

        self.fields.addRow(buddy("&Pain now", self.pain_now), self.pain_now)
        self.fields.addRow(buddy("PEG: average p&ain", self.peg_pain), self.peg_pain)
        self.fields.addRow(buddy("PEG: &enjoyment", self.peg_enjoyment), self.peg_enjoyment)
        self.fields.addRow(buddy("PEG: a&ctivity", self.peg_activity), self.peg_activity)
        self.fields.addRow("", self.peg_error)
        self.fields.addRow(buddy("&Mood", self.mood), self.mood)
        self.fields.addRow(buddy("&Time", self.when.edit), self.when)
        self.fields.addRow(buddy("&Note", self.notes), self.notes)
        self.fields.addRow("", self.notes_error)
        self.add_tags(checkin.id)
        self._finish_layout()
        self.problem_labels = {"time": self.when.error, "notes": self.notes_error}
        self.other_problem = self.peg_error
        self.notes.textChanged.connect(self.notes_error.hide)
        self.pain_now.setFocus()

    def save(self) -> Task | None:
        self.status.setText("")
        try:
            items = (_value(self.peg_pain), _value(self.peg_enjoyment), _value(self.peg_activity))
            given = [v for v in items if v is not None]
            if given and len(given) != 3:
                raise InvalidInput("peg", "Give all three PEG items, or none of them.")
            peg = (given[0], given[1], given[2]) if given else None
            changed = PainCheckin(
                self.when.moment(self.journal.clock()),
                self.pain_now.value(),
                peg,
                _value(self.mood),
                self.notes.toPlainText(),
                self.checkin.id,
                self.checkin.created,
            )
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        journal, tags = self.journal, self.typed_tags()
        return self.save_as(self.checkin, lambda: journal.edit_pain(changed, tags))
