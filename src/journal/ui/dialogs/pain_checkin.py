"""Pain check-in: pain now (0-10), optionally the three PEG questions with their score, mood, note."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpacerItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import PainCheckin as PainEntry
from journal.domain.errors import InvalidInput
from journal.service.journal import Journal
from journal.ui.dialogs.checkin import CheckinDialog
from journal.ui.tasks import Task
from journal.ui.widgets.fields import (
    FieldGrid,
    buddy,
    error_label,
    fit_height,
    set_tab_order,
    show_error,
)

UNSET = -1
PEG_MISSING = "Answer this question too, or untick “Add the three PEG questions”."
PAIN_ANCHORS = "0 = no pain, 10 = pain as bad as you can imagine"
INTERFERE_ANCHORS = "0 = does not interfere, 10 = completely interferes"
MOOD_ANCHORS = "0 = the worst mood, 10 = the best mood"

#: The three PEG questions (pain, enjoyment of life, general activity), as the scale asks them.
#: Broken by hand: wrapped labels nested in a form row get clipped by Qt's height-for-width.
PEG_ITEMS = (
    ("peg_pain", "What number best describes your pain on average in the past week?", PAIN_ANCHORS),
    (
        "peg_enjoyment",
        "What number best describes how, during the past week,\npain has interfered with "
        "your enjoyment of life?",
        INTERFERE_ANCHORS,
    ),
    (
        "peg_activity",
        "What number best describes how, during the past week,\npain has interfered with "
        "your general activity?",
        INTERFERE_ANCHORS,
    ),
)
PEG_NAMES = {
    "peg_pain": "Average pain in the past week",
    "peg_enjoyment": "Interference with enjoyment of life",
    "peg_activity": "Interference with general activity",
}


def scale_box(name: str, unset_text: str, anchors: str) -> QSpinBox:
    """A 0-10 box showing its number, starting unset; type a digit or use the arrow keys."""
    box = QSpinBox()
    box.setRange(UNSET, 10)
    box.setValue(UNSET)
    box.setSpecialValueText(unset_text)
    box.setAccessibleName(name)
    box.setAccessibleDescription(anchors)
    box.setToolTip(f"{name}: {anchors}. Type a number or use the arrow keys.")
    box.setMinimumWidth(130)
    return box


def value_of(box: QSpinBox) -> int | None:
    return None if box.value() == UNSET else box.value()


def anchor_label(text: str) -> QLabel:
    label = QLabel(f"<i>{escape(text)}</i>")
    label.setWordWrap(True)
    return label


class PainCheckin(CheckinDialog):
    """Record pain now, and if wanted the PEG scale, mood and a note."""

    saved = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(
            journal,
            "Pain check-in",
            parent,
            save_tip="Save the pain check-in (Ctrl+S or Enter)",
            note_name="Note",
            note_placeholder="Optional note",
            note_tip="Anything worth keeping with this check-in (up to 10,000 characters)",
        )
        self.entry: PainEntry | None = None

        self.pain_now = scale_box("Pain now", "choose 0–10", PAIN_ANCHORS)
        self.pain_error = error_label("Pain now problem")

        self.peg_check = QCheckBox("Add the three &PEG questions")
        self.peg_check.setAccessibleName("Add the three PEG questions")
        self.peg_check.setToolTip(
            "The PEG scale: average pain in the past week, and how pain interfered with "
            "enjoyment of life and with general activity (Alt+P)"
        )
        self.peg_frame = QFrame()
        self.peg_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.peg_frame.setAccessibleName("PEG questions")
        self.peg_boxes: dict[str, QSpinBox] = {}
        self.peg_errors: dict[str, QLabel] = {}
        grid = QGridLayout(self.peg_frame)
        grid.setColumnStretch(1, 1)
        for n, (key, question, anchors) in enumerate(PEG_ITEMS):
            box = scale_box(PEG_NAMES[key], "choose 0–10", anchors)
            self.peg_boxes[key] = box
            self.peg_errors[key] = error_label(f"{PEG_NAMES[key]} problem")
            text = QLabel(f"{n + 1}. {question}")
            text.setBuddy(box)
            grid.addWidget(text, 4 * n, 0, 1, 2)
            grid.addWidget(box, 4 * n + 1, 0)
            grid.addWidget(anchor_label(anchors), 4 * n + 1, 1)
            grid.addWidget(self.peg_errors[key], 4 * n + 2, 0, 1, 2)
            # A gap before the next question (a spacer: row minimum heights are left out
            # of the grid's height-for-width, which then clips the questions).
            grid.addItem(QSpacerItem(0, 8, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed), 4 * n + 3, 0)
            box.valueChanged.connect(self._update_score)
            box.valueChanged.connect(self.peg_errors[key].hide)
        self.peg_score = QLabel()
        self.peg_score.setAccessibleName("PEG score")
        self.peg_score.setToolTip("The PEG score is the mean of the three answers, 0 to 10")
        grid.addWidget(self.peg_score, 4 * len(PEG_ITEMS), 0, 1, 2)
        self.peg_frame.hide()

        self.mood = scale_box("Mood", "not rated", MOOD_ANCHORS)
        self.mood_error = error_label("Mood problem")
        form = FieldGrid()
        form.addRow(buddy("Pain &now", self.pain_now), self._with_anchors(self.pain_now, PAIN_ANCHORS))
        form.addRow("", self.pain_error)
        form.addRow("", self.peg_check)
        form.addRow(self.peg_frame)
        form.addRow(buddy("&Mood", self.mood), self._with_anchors(self.mood, MOOD_ANCHORS + " (optional)"))
        form.addRow("", self.mood_error)
        form.addRow(buddy("N&ote", self.notes), self.notes)
        form.addRow("", self.notes_error)
        form.addRow(buddy("&Time", self.time.edit), self.time)
        form.addRow(buddy("Ta&gs", self.tags.free), self.tags)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.add_status(layout)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        # As tall as its fields at its width (no empty band above the buttons); taller once PEG is ticked.
        layout.activate()
        fits = (
            layout.totalHeightForWidth(660) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        )
        self.resize(660, fits)

        set_tab_order([self.pain_now, self.peg_check, *self.peg_boxes.values(), self.mood, *self.tab_tail()])
        self.pain_now.valueChanged.connect(self.pain_error.hide)
        self.mood.valueChanged.connect(self.mood_error.hide)
        self.peg_check.toggled.connect(self._peg_toggled)
        self._update_score()
        self.ready(self.pain_now)

    @staticmethod
    def _with_anchors(box: QSpinBox, anchors: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(box)
        row.addWidget(anchor_label(anchors), 1)
        return row

    # -- reactions ------------------------------------------------------------------

    def _peg_toggled(self, on: bool) -> None:
        self.peg_frame.setVisible(on)
        for label in self.peg_errors.values():
            label.hide()
        fit_height(self)
        if not on:
            self.resize(self.width(), self.minimumHeight())
        if on:
            next(iter(self.peg_boxes.values())).setFocus()

    def peg_values(self) -> tuple[int | None, int | None, int | None]:
        a, b, c = (value_of(box) for box in self.peg_boxes.values())
        return a, b, c

    def _update_score(self) -> None:
        values = self.peg_values()
        if None in values:
            missing = sum(v is None for v in values)
            self.peg_score.setText(
                f"<b>PEG score:</b> answer all three to see it ({missing} still to answer)."
            )
            return
        a, b, c = values
        # Scored by the domain, so the window and the report always agree.
        score = PainEntry(self.journal.now(), 0, (a or 0, b or 0, c or 0)).peg_score
        self.peg_score.setText(f"<b>PEG score: {score}</b> (the mean of the three answers, 0 to 10)")

    # -- saving -----------------------------------------------------------------------

    def _errors(self) -> dict[str, QLabel]:
        return {
            "pain_now": self.pain_error,
            "mood": self.mood_error,
            "notes": self.notes_error,
            "time": self.time.error,
            "tags": self.tags.error,
            **self.peg_errors,
            "peg": self.peg_errors["peg_pain"],
        }

    def _focus_for(self, field: str) -> QWidget:
        return {
            "pain_now": self.pain_now,
            "mood": self.mood,
            "notes": self.notes,
            "time": self.time.edit,
            "tags": self.tags.free,
            **self.peg_boxes,
            "peg": self.peg_boxes["peg_pain"],
        }.get(field, self.pain_now)

    def _check(self) -> tuple[PainEntry | None, list[InvalidInput]]:
        """Every problem at once (so each field shows its own), or the check-in to save."""
        problems: list[InvalidInput] = []
        pain = value_of(self.pain_now)
        if pain is None:
            problems.append(InvalidInput("pain_now", "Choose how much pain you have now, from 0 to 10."))
        peg: tuple[int, int, int] | None = None
        if self.peg_check.isChecked():
            values = self.peg_values()
            for key, value in zip(self.peg_boxes, values, strict=True):
                if value is None:
                    problems.append(InvalidInput(key, PEG_MISSING))
            a, b, c = values
            peg = (a or 0, b or 0, c or 0)
        notes, at = self.note_and_time(problems)
        self.checked_tags(problems)
        if problems or pain is None or at is None:
            return None, problems
        try:
            return PainEntry(at=at, pain_now=pain, peg=peg, mood=value_of(self.mood), notes=notes), []
        except InvalidInput as err:
            return None, [err]

    def save(self) -> Task | None:
        """Save the check-in; on a problem, say so at the field, keep everything, save nothing."""
        self.clear_problems()
        for label in self._errors().values():
            label.hide()
        entry, problems = self._check()
        if entry is None:
            self._show_problems(problems)
            return None
        journal, tags = self.journal, self.tags.raw_tags()
        return self.run_save(lambda: journal.log_pain(entry, tags), self._saved, "Saving the check-in…")

    def show_invalid(self, err: InvalidInput) -> None:
        self._show_problems([err])

    def _show_problems(self, problems: list[InvalidInput]) -> None:
        errors = self._errors()
        for problem in problems:
            show_error(errors.get(problem.field, self.pain_error), problem.message)
        if problems:
            self._focus_for(problems[0].field).setFocus()
        self.status.setText("⚠ Not saved: fix the highlighted field" + ("s." if len(problems) > 1 else "."))

    def _saved(self, entry: PainEntry) -> None:
        self.entry = entry
        self.saved.emit(entry)
        self.accept()
