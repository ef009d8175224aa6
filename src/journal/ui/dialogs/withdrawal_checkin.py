"""The scored withdrawal check-in (SOWS): 16 statements, each answered 0 to 4, and the total.

The Subjective Opiate Withdrawal Scale is a published measuring instrument
(Handelsman et al., 1987; cited on the Sources page), not one of the source
texts. The dialog shows the total as a number only: no cited source gives bands
for it, and the journal measures, it does not diagnose. Logging a new check-in
(`WithdrawalCheckin`) and correcting one from History (`WithdrawalEditDialog`)
share the answers (`SowsAnswers`).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journal import resources
from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput
from journal.domain.withdrawal import (
    SOWS_ANSWERS,
    SOWS_INSTRUCTION,
    SOWS_ITEMS,
    SOWS_MAX,
    SOWS_REFERENCE,
    SOWS_TOP,
    WithdrawalScore,
)
from journal.service.journal import Journal
from journal.ui.dialogs.entry_edit import EntryDialog, MomentEdit
from journal.ui.dialogs.save_dialog import SaveDialog
from journal.ui.tasks import Task
from journal.ui.widgets.fields import (
    TimeField,
    buddy,
    error_label,
    resize_on_screen,
    set_tab_order,
    show_error,
)
from journal.ui.widgets.tag_field import TagField

UNANSWERED = "choose 0–4"
NOT_A_DIAGNOSIS = (
    "The total (0 to 64) is a measurement to follow over time, not a diagnosis; "
    "talk to a clinician about what it means for you."
)


def scale_note() -> str:
    """What the scale is and where it comes from, in a line under the statements."""
    try:
        ref = resources.sources().reference(SOWS_REFERENCE)
        where = ref.citation.split(". ")[0] + " (1987)"
    except KeyError:
        where = "Handelsman et al. (1987)"
    return (
        f"Subjective Opiate Withdrawal Scale (SOWS), a published measuring instrument: {escape(where)}. "
        f"It is not one of the journal's source texts. {NOT_A_DIAGNOSIS}"
    )


def answer_box(number: int, statement: str) -> QComboBox:
    """One statement's answer: unanswered, or 0 to 4 with the scale's word; type a digit to choose."""
    box = QComboBox()
    box.addItem(UNANSWERED, None)
    for value, word in enumerate(SOWS_ANSWERS):
        box.addItem(f"{value} – {word}", value)
    box.setAccessibleName(f"{number}. {statement}")
    box.setAccessibleDescription(f"0 {SOWS_ANSWERS[0]} to {SOWS_TOP} {SOWS_ANSWERS[SOWS_TOP]}")
    box.setToolTip(f"{statement}: type 0 to 4, or use the arrow keys")
    box.setMinimumWidth(150)
    return box


class SowsAnswers(QWidget):
    """The 16 statements with an answer box each, the running total and the answers' problem line."""

    changed = Signal()

    def __init__(self, items: tuple[int, ...] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Withdrawal scale statements")
        self.boxes: list[QComboBox] = []
        grid = QGridLayout(self)
        grid.setColumnStretch(2, 1)  # the answer right beside its statement, the spare width after
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        for n, statement in enumerate(SOWS_ITEMS):
            box = answer_box(n + 1, statement)
            label = QLabel(f"{n + 1}. {escape(statement)}")
            label.setBuddy(box)
            grid.addWidget(label, n, 0)
            grid.addWidget(box, n, 1)
            box.currentIndexChanged.connect(self._changed)
            box.installEventFilter(self)
            self.boxes.append(box)
        self.total = QLabel()
        self.total.setAccessibleName("SOWS total")
        self.total.setToolTip(f"The sum of the 16 answers, 0 to {SOWS_MAX}")
        self.error = error_label("Withdrawal scale problem")
        if items is not None:
            self.set_items(items)
        self._update_total()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A digit 0-4 answers the focused statement at once (the box's own search would join
        quick keystrokes); Delete or Backspace leaves it unanswered again."""
        if event.type() == QEvent.Type.KeyPress and watched in self.boxes:
            assert isinstance(event, QKeyEvent) and isinstance(watched, QComboBox)
            key = event.key()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if Qt.Key.Key_0 <= key <= Qt.Key.Key_4 and plain:
                watched.setCurrentIndex(key - Qt.Key.Key_0 + 1)
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain:
                watched.setCurrentIndex(0)
                return True
        return super().eventFilter(watched, event)

    def set_items(self, items: tuple[int, ...]) -> None:
        for box, value in zip(self.boxes, items, strict=True):
            box.setCurrentIndex(value + 1)

    def values(self) -> list[int | None]:
        return [box.currentData() for box in self.boxes]

    def unanswered(self) -> list[int]:
        """The numbers (1-16) of the statements still without an answer."""
        return [n + 1 for n, value in enumerate(self.values()) if value is None]

    def items(self) -> tuple[int, ...]:
        """The 16 answers; InvalidInput("items") names the statements still unanswered."""
        missing = self.unanswered()
        if missing:
            many = len(missing) != 1
            raise InvalidInput(
                "items",
                f"Answer every statement, 0 if it does not apply: {'numbers' if many else 'number'} "
                f"{', '.join(map(str, missing))} {'are' if many else 'is'} still unanswered.",
            )
        return tuple(v for v in self.values() if v is not None)

    def first_unanswered(self) -> QComboBox:
        missing = self.unanswered()
        return self.boxes[missing[0] - 1] if missing else self.boxes[0]

    def _changed(self) -> None:
        self.error.hide()
        self._update_total()
        self.changed.emit()

    def _update_total(self) -> None:
        values = self.values()
        total = sum(v for v in values if v is not None)
        missing = sum(v is None for v in values)
        if missing:
            self.total.setText(
                f"<b>Total so far: {total}</b> of {SOWS_MAX} ({missing} statement"
                f"{'s' if missing != 1 else ''} still to answer)"
            )
        else:
            self.total.setText(f"<b>SOWS total: {total}</b> of {SOWS_MAX}")

    def show_problem(self, err: InvalidInput) -> None:
        show_error(self.error, err.message)
        self.first_unanswered().setFocus()


def _scroll(answers: SowsAnswers) -> QScrollArea:
    """The statements in a scroll area (Tab scrolls the focused answer into view)."""
    area = QScrollArea()
    area.setWidget(answers)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # All 16 where the screen has room; on a small one (1024x600) it scrolls, so Save stays on screen.
    screen = area.screen() or QGuiApplication.primaryScreen()
    room = 560 if screen is None else max(200, screen.availableGeometry().height() - 340)
    area.setMinimumHeight(min(answers.sizeHint().height() + 8, 560, room))
    return area


def _note_label() -> QLabel:
    label = QLabel(f"<small>{scale_note()}</small>")
    label.setWordWrap(True)
    label.setAccessibleName("About the scale")
    return label


class WithdrawalCheckin(SaveDialog):
    """Answer the 16 statements as one feels now; saves the check-in with its time."""

    saved = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(
            journal,
            "Withdrawal check-in (SOWS)",
            parent,
            save_text="&Save check-in",
            save_name="Save check-in",
            save_tip="Save the withdrawal check-in (Ctrl+S or Enter)",
        )
        self.entry: WithdrawalScore | None = None
        intro = QLabel(escape(SOWS_INSTRUCTION))
        intro.setWordWrap(True)
        intro.setAccessibleName("Instructions")
        self.answers = SowsAnswers()
        self.time = TimeField(journal, "Time of check-in")
        self.tags = TagField(journal.entries.tag_counts)
        form = QFormLayout()
        form.addRow(buddy("&Time", self.time.edit), self.time)
        form.addRow(buddy("Ta&gs", self.tags.free), self.tags)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(_scroll(self.answers), 1)
        layout.addWidget(self.answers.total)
        layout.addWidget(self.answers.error)
        layout.addLayout(form)
        layout.addWidget(_note_label())
        self.add_status(layout)
        layout.addWidget(self.buttons)
        set_tab_order(
            [
                *self.answers.boxes,
                *self.time.focus_widgets(),
                *self.tags.focus_widgets(),
                self.save_button,
                self.cancel_button,
            ]
        )
        self.answers.changed.connect(lambda: self.status.setText(""))
        resize_on_screen(self, 640, 820)
        self.ready(self.answers.boxes[0])

    def save(self) -> Task | None:
        """Save the check-in; on a problem, say so where it is, keep every answer, save nothing."""
        self.status.setText("")
        self.answers.error.hide()
        self.time.error.hide()
        try:
            items = self.answers.items()
            at = self.time.moment()
            entry = WithdrawalScore(at, items)
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        journal, tags = self.journal, self.tags.raw_tags()
        return self.run_save(lambda: journal.log_withdrawal(entry, tags), self._saved, "Saving the check-in…")

    def show_invalid(self, err: InvalidInput) -> None:
        if err.field == "tags":
            self.tags.show_error(err.message)
            self.tags.free.setFocus()
        elif err.field == "time":
            self.time.show_error(err.message)
            self.time.edit.setFocus()
        else:
            self.answers.show_problem(err)
        self.status.setText("⚠ Not saved: fix the highlighted field. Every answer is kept.")

    def _saved(self, entry: WithdrawalScore) -> None:
        self.entry = entry
        self.saved.emit(entry)
        self.accept()


class WithdrawalEditDialog(EntryDialog):
    """Correct a scored withdrawal check-in: its answers and its time."""

    kind = Kind.WITHDRAWAL

    def __init__(self, journal: Journal, score: WithdrawalScore, parent: QWidget | None = None) -> None:
        super().__init__(journal, "Edit withdrawal check-in (SOWS)", parent)
        self.score = score
        self.answers = SowsAnswers(score.items)
        self.when = MomentEdit(score.at, "Time of the check-in")
        self.fields.addRow(_scroll(self.answers))
        self.fields.addRow(self.answers.total)
        self.fields.addRow(self.answers.error)
        self.fields.addRow(buddy("&Time", self.when.edit), self.when)
        tags = self.add_tags(score.id)
        self.fields.addRow(_note_label())
        self._finish_layout()
        self.problem_labels = {"time": self.when.error, "items": self.answers.error}
        self.other_problem = self.answers.error
        set_tab_order(
            [*self.answers.boxes, self.when.edit, *tags.focus_widgets(), self.save_button, self.cancel_button]
        )
        resize_on_screen(self, 640, 820)
        self.answers.boxes[0].setFocus()

    def save(self) -> Task | None:
        self.status.setText("")
        try:
            at = self.when.moment(self.journal.clock())
            changed = WithdrawalScore(at, self.answers.items(), self.score.id, self.score.created)
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        journal, tags = self.journal, self.typed_tags()
        return self.save_as(self.score, lambda: journal.edit_withdrawal(changed, tags))
