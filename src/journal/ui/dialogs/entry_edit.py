"""Dialogs that correct one saved entry, and the undo command that restores the old version.

Each dialog opens on the entry as stored, validates as the matching log form
does, shows a problem next to its field and keeps what was typed. Saving writes
through the service (intakes: `Journal.edit_intake`, which re-checks the
guidance against every 24-hour window the intake now touches) or the timeline's
corrections; the dialog then emits `saved(before, after)` so the caller can put
an `EditEntry` on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journal.domain.amounts import format_amount
from journal.domain.entities import (
    Break,
    Form,
    Intake,
    Kind,
    PainCheckin,
    Product,
    Severity,
    SymptomEntry,
    SymptomType,
    Unit,
)
from journal.domain.errors import InvalidInput, NeedsConfirmation, WriteFailed
from journal.domain.times import Fold, Moment, check_not_future, resolve_local
from journal.service.intakes import IntakeCheck, IntakeDraft
from journal.service.journal import Journal
from journal.ui.widgets.fields import buddy, error_label, show_error, show_write_failed
from journal.ui.widgets.guidance_panel import GuidancePanel

NOT_SAVED = "Not saved: fix the highlighted field. Everything you typed is kept."


# -- small shared pieces ------------------------------------------------------------


def note_edit(name: str, text: str, tip: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setAccessibleName(name)
    edit.setToolTip(tip)
    edit.setPlaceholderText("Optional")
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(80)
    return edit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class MomentEdit(QWidget):
    """The time an entry describes, starting at the stored time.

    Left alone, the stored Moment is kept exactly (seconds, zone and offset).
    Changed, the wall-clock time is read in the zone the entry was logged in;
    a time that happened twice asks which one, and the future is refused.
    """

    def __init__(self, at: Moment, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = at
        self.touched = False
        self.edit = QDateTimeEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.setAccessibleName(name)
        self.edit.setToolTip(f"{name}, local time where it was logged ({at.zone}). The future is refused.")
        local = at.local
        self.edit.setDateTime(QDateTime(_qdate(local.date()), QTime(local.hour, local.minute)))
        self.later_fold = QCheckBox("The second time (after the clocks went back)")
        self.later_fold.setAccessibleName("Second occurrence of a repeated hour")
        self.later_fold.setToolTip("This hour happened twice; tick if you mean the second time")
        self.later_fold.hide()
        self.error = error_label(f"{name} problem")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.later_fold)
        layout.addWidget(self.error)
        self.edit.dateTimeChanged.connect(self._changed)
        self.later_fold.toggled.connect(self.error.hide)

    def _changed(self) -> None:
        self.touched = True
        self.error.hide()

    def set_local(self, local: datetime) -> None:
        self.edit.setDateTime(QDateTime(_qdate(local.date()), QTime(local.hour, local.minute)))

    def moment(self, now: datetime) -> Moment:
        """The time shown; raises InvalidInput("time") for an impossible or future time."""
        if not self.touched:
            return self.original
        typed = self.edit.dateTime().toPython()
        assert isinstance(typed, datetime)
        naive = typed.replace(second=0, microsecond=0)
        zone = self.original.zone
        try:
            resolve_local(naive, zone, Fold.ASK)
            self.later_fold.hide()
        except InvalidInput as err:
            if "twice" not in err.message:
                raise
            self.later_fold.show()
        at = resolve_local(naive, zone, Fold.LATER if self.later_fold.isChecked() else Fold.EARLIER)
        check_not_future(at, now)
        return at

    def show_error(self, message: str) -> None:
        show_error(self.error, message)


class EntryDialog(QDialog):
    """Shared frame: fields in a form, Save and Cancel, a status line; Ctrl+S saves."""

    saved = Signal(object, object)  # (before, after)

    kind: Kind

    def __init__(self, journal: Journal, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.fields = QFormLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Save status")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert save is not None and cancel is not None
        self.save_button: QPushButton = save
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName("Save changes")
        self.save_button.setToolTip(
            "Save the corrected entry (Enter or Ctrl+S). Ctrl+Z on History undoes it."
        )
        cancel.setAccessibleName("Cancel")
        cancel.setToolTip("Close without saving (Esc)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)

    def _finish_layout(self, side: QWidget | None = None) -> None:
        left = QVBoxLayout()
        left.addLayout(self.fields)
        left.addWidget(self.status)
        left.addStretch(1)
        left.addWidget(self.buttons)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 3)
        if side is not None:
            outer.addWidget(side, 2)

    def save(self) -> Any:
        raise NotImplementedError

    def _saved(self, before: object, after: object) -> None:
        self.saved.emit(before, after)
        self.accept()


# -- intakes ---------------------------------------------------------------------------


class IntakeEditDialog(EntryDialog):
    """Correct an intake; the guidance beside it is re-checked as you type."""

    kind = Kind.INTAKE

    def __init__(self, journal: Journal, intake: Intake, parent: QWidget | None = None) -> None:
        super().__init__(journal, "Edit intake", parent)
        self.intake = intake
        sep = QLocale().decimalPoint()
        self.amount = QLineEdit(format_amount(intake.amount, decimal_sep=sep))
        self.amount.setAccessibleName("Amount")
        self.amount.setToolTip("Amount taken, as a number such as 2.5")
        self.unit = QComboBox()
        self.unit.setAccessibleName("Unit")
        self.unit.setToolTip("Grams, or a count of capsules")
        self.unit.addItem("g", Unit.G.value)
        self.unit.addItem("capsules", Unit.CAPS.value)
        self.unit.setCurrentIndex(self.unit.findData(intake.unit.value))
        self.amount_error = error_label("Amount problem")
        self.confirm_large = QCheckBox("This amount is right: save it anyway")
        self.confirm_large.setAccessibleName("Confirm unusually large amount")
        self.confirm_large.setToolTip("Tick if the unusually large amount is what was taken")
        self.confirm_large.hide()

        self.form = QComboBox()
        self.form.setAccessibleName("Form")
        self.form.setToolTip("How it was taken")
        for form in Form:
            self.form.addItem(form.label, form.value)
        self.form.setCurrentIndex(self.form.findData(intake.form.value))
        self.product = QComboBox()
        self.product.setAccessibleName("Product")
        self.product.setToolTip("The product taken (archived products are listed too)")
        self.product.addItem("No product", None)
        self._products: dict[int, Product] = {}
        for product in journal.products.all(include_archived=True):
            assert product.id is not None
            self._products[product.id] = product
            self.product.addItem(product.name + (" (archived)" if product.archived else ""), product.id)
        if intake.product_id is not None and intake.product_id not in self._products:
            self.product.addItem("(deleted product)", intake.product_id)
        self.product.setCurrentIndex(self.product.findData(intake.product_id))
        self.product_error = error_label("Product problem")

        self.when = MomentEdit(intake.at, "Time taken")
        self.estimate = QCheckBox("Amount is an estimate")
        self.estimate.setAccessibleName("Amount is an estimate")
        self.estimate.setToolTip("Tick if the amount was not measured")
        self.estimate.setChecked(intake.estimate)
        self.notes = note_edit("Note", intake.notes, "A note about this intake")
        self.notes_error = error_label("Note problem")
        self.panel = GuidancePanel(journal.guidance)

        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 2)
        amount_row.addWidget(self.unit, 1)
        self.fields.addRow(buddy("&Amount", self.amount), amount_row)
        self.fields.addRow("", self.amount_error)
        self.fields.addRow("", self.confirm_large)
        self.fields.addRow(buddy("&Form", self.form), self.form)
        self.fields.addRow(buddy("&Product", self.product), self.product)
        self.fields.addRow("", self.product_error)
        self.fields.addRow(buddy("&Time", self.when.edit), self.when)
        self.fields.addRow("", self.estimate)
        self.fields.addRow(buddy("&Note", self.notes), self.notes)
        self.fields.addRow("", self.notes_error)
        self._finish_layout(self.panel)

        self.amount.textEdited.connect(self.recheck)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.form.currentIndexChanged.connect(self.recheck)
        self.product.currentIndexChanged.connect(self._product_changed)
        self.when.edit.dateTimeChanged.connect(self.recheck)
        self.when.later_fold.toggled.connect(self.recheck)
        self.estimate.toggled.connect(self.recheck)
        self.confirm_large.toggled.connect(self.recheck)
        self.notes.textChanged.connect(self.notes_error.hide)
        self.recheck()
        self.amount.setFocus()
        self.amount.selectAll()

    def _unit_changed(self) -> None:
        if self.unit.currentData() == Unit.CAPS.value and self.form.currentData() == Form.POWDER.value:
            self.form.setCurrentIndex(self.form.findData(Form.CAPSULES.value))
        self.recheck()

    def _product_changed(self) -> None:
        product = self._products.get(self.product.currentData())
        if product is not None:
            self.form.setCurrentIndex(self.form.findData(product.usual_form.value))
        self.recheck()

    def draft(self) -> IntakeDraft:
        """What is typed, as a draft of this intake (raises InvalidInput for a bad time)."""
        return IntakeDraft(
            amount_text=self.amount.text(),
            at=self.when.moment(self.journal.clock()),
            unit=Unit(self.unit.currentData()),
            form=Form(self.form.currentData()),
            product_id=self.product.currentData(),
            estimate=self.estimate.isChecked(),
            notes=self.notes.toPlainText(),
            confirm_large=self.confirm_large.isChecked(),
            decimal_sep=QLocale().decimalPoint(),
            id=self.intake.id,
        )

    def recheck(self) -> IntakeCheck | None:
        """Check what is typed against the guidance and every 24-hour window it touches."""
        for label in (self.amount_error, self.product_error, self.when.error):
            label.hide()
        try:
            check = self.journal.check_intake(self.draft())
        except InvalidInput as err:
            self._show(err)
            self.panel.show_error()
            return None
        self.confirm_large.setVisible(self.confirm_large.isChecked())
        self.panel.show_check(check)
        return check

    def _show(self, err: InvalidInput) -> None:
        if isinstance(err, NeedsConfirmation):
            self.confirm_large.show()
        labels = {"time": self.when.error, "notes": self.notes_error, "product": self.product_error}
        show_error(labels.get(err.field, self.amount_error), err.message)

    def save(self) -> IntakeCheck | None:
        self.status.setText("")
        try:
            check = self.journal.edit_intake(self.draft())
        except InvalidInput as err:
            self._show(err)
            self.status.setText(NOT_SAVED)
            if err.field == "amount":
                self.amount.setFocus()
            return None
        except WriteFailed as err:
            show_write_failed(self.status, err)
            return None
        self._saved(self.intake, check.intake)
        return check


# -- symptom entries -------------------------------------------------------------------


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
        self.notes = note_edit("Note", entry.notes, "A note about this symptom")
        self.notes_error = error_label("Note problem")
        self.when = MomentEdit(entry.at, "Time of the symptom")

        self.fields.addRow("Symptom", heading)
        self.fields.addRow(buddy("&Severity", self.severity), self.severity)
        self.fields.addRow(buddy("Body &area", self.area), self.area)
        self.fields.addRow("", self.area_error)
        self.fields.addRow(buddy("&Time", self.when.edit), self.when)
        self.fields.addRow(buddy("&Note", self.notes), self.notes)
        self.fields.addRow("", self.notes_error)
        self._finish_layout()
        self.notes.textChanged.connect(self.notes_error.hide)
        self.severity.setFocus()

    def save(self) -> SymptomEntry | None:
        self.status.setText("")
        labels = {"time": self.when.error, "notes": self.notes_error, "area": self.area_error}
        try:
            changed = replace(
                self.entry,
                severity=Severity(self.severity.currentData()),
                body_area=self.area.currentData() or "",
                notes=self.notes.toPlainText(),
                at=self.when.moment(self.journal.clock()),
            )
            saved = self.journal.edit_symptom(changed)
        except InvalidInput as err:
            show_error(labels.get(err.field, self.area_error), err.message)
            self.status.setText(NOT_SAVED)
            return None
        except WriteFailed as err:
            show_write_failed(self.status, err)
            return None
        self._saved(self.entry, saved)
        return saved


# -- pain check-ins --------------------------------------------------------------------


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
        self.notes = note_edit("Note", checkin.notes, "A note about this check-in")
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
        self._finish_layout()
        self.notes.textChanged.connect(self.notes_error.hide)
        self.pain_now.setFocus()

    def save(self) -> PainCheckin | None:
        self.status.setText("")
        labels = {"time": self.when.error, "notes": self.notes_error}
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
            saved = self.journal.edit_pain(changed)
        except InvalidInput as err:
            show_error(labels.get(err.field, self.peg_error), err.message)
            self.status.setText(NOT_SAVED)
            return None
        except WriteFailed as err:
            show_write_failed(self.status, err)
            return None
        self._saved(self.checkin, saved)
        return saved


# -- breaks ----------------------------------------------------------------------------


class BreakEditDialog(EntryDialog):
    """Correct a break: its goal date, reason and (once ended) outcome."""

    kind = Kind.BREAK

    def __init__(self, journal: Journal, brk: Break, parent: QWidget | None = None) -> None:
        super().__init__(journal, "Edit break", parent)
        self.brk = brk
        start = brk.start.local.date()
        span = f"from {brk.start.local:%Y-%m-%d %H:%M}"
        span += f" to {brk.actual_end.local:%Y-%m-%d %H:%M}" if brk.actual_end else ", still running"
        started = QLabel(span)
        started.setAccessibleName("Break time")
        self.has_goal = QCheckBox("Goal date")
        self.has_goal.setAccessibleName("The break has a goal date")
        self.has_goal.setToolTip("Untick for a break without a planned end")
        self.has_goal.setChecked(brk.planned_end is not None)
        self.goal = QDateEdit()
        self.goal.setCalendarPopup(True)
        self.goal.setDisplayFormat("yyyy-MM-dd")
        self.goal.setAccessibleName("Goal date")
        self.goal.setToolTip("The day you plan to end the break; after the day it started")
        goal = brk.planned_end or start
        self.goal.setDate(_qdate(goal))
        self.goal.setEnabled(self.has_goal.isChecked())
        self.has_goal.toggled.connect(self.goal.setEnabled)
        self.goal_error = error_label("Goal date problem")
        self.reason = note_edit("Reason", brk.reason, "Why you took the break")
        self.reason_error = error_label("Reason problem")
        self.outcome = note_edit("Outcome", brk.outcome, "How the break went")
        self.outcome_error = error_label("Outcome problem")
        if brk.running:
            self.outcome.setEnabled(False)
            self.outcome.setToolTip("The outcome is written when the break ends")
        goal_row = QHBoxLayout()
        goal_row.addWidget(self.has_goal)
        goal_row.addWidget(self.goal, 1)

        self.fields.addRow("Break", started)
        self.fields.addRow(buddy("&Goal", self.goal), goal_row)
        self.fields.addRow("", self.goal_error)
        self.fields.addRow(buddy("&Reason", self.reason), self.reason)
        self.fields.addRow("", self.reason_error)
        self.fields.addRow(buddy("&Outcome", self.outcome), self.outcome)
        self.fields.addRow("", self.outcome_error)
        self._finish_layout()
        self.goal.setFocus()

    def save(self) -> Break | None:
        self.status.setText("")
        labels = {"reason": self.reason_error, "outcome": self.outcome_error}
        planned = self.goal.date().toPython() if self.has_goal.isChecked() else None
        assert planned is None or isinstance(planned, date)
        changed = replace(
            self.brk,
            planned_end=planned,
            reason=self.reason.toPlainText(),
            outcome=self.outcome.toPlainText(),
        )
        try:
            saved = self.journal.edit_break(changed)
        except InvalidInput as err:
            show_error(labels.get(err.field, self.goal_error), err.message)
            self.status.setText(NOT_SAVED)
            return None
        except WriteFailed as err:
            show_write_failed(self.status, err)
            return None
        self._saved(self.brk, saved)
        return saved


def editor_for(journal: Journal, kind: Kind, entry_id: int, parent: QWidget | None = None) -> EntryDialog:
    """The edit dialog for one stored entry (raises NotFound if it is gone)."""
    entries = journal.entries
    if kind is Kind.INTAKE:
        return IntakeEditDialog(journal, entries.intake(entry_id), parent)
    if kind is Kind.SYMPTOM:
        entry = entries.symptom_entry(entry_id)
        stype = next(
            (t for t in entries.symptom_types() if t.key == entry.type_key),
            SymptomType(entry.type_key, entry.type_key, "", builtin=False),  # a removed custom symptom
        )
        return SymptomEditDialog(journal, entry, stype, parent)
    if kind is Kind.PAIN:
        return PainEditDialog(journal, entries.pain_checkin(entry_id), parent)
    if kind is Kind.BREAK:
        return BreakEditDialog(journal, entries.get_break(entry_id), parent)
    raise ValueError(f"{kind} entries are edited elsewhere")


# -- undo ------------------------------------------------------------------------------


class EditEntry(QUndoCommand):
    """A correction already saved; undo puts the previous version back, redo the new one.

    `after(undone)` runs after each undo and redo (not when the command is first
    pushed, since the correction is saved by then).
    """

    def __init__(
        self,
        journal: Journal,
        kind: Kind,
        before: Any,
        after_value: Any,
        description: str,
        after: Callable[[bool], None],
    ) -> None:
        super().__init__(f"edit {description}")
        self.journal, self.kind, self.after = journal, kind, after
        self.before, self.after_value = before, after_value
        self._first = True

    def _write(self, value: Any) -> None:
        self.journal.put_back(self.kind, value)

    def redo(self) -> None:
        if self._first:  # pushing the command must not save it twice
            self._first = False
            return
        self._write(self.after_value)
        self.after(False)

    def undo(self) -> None:
        self._write(self.before)
        self.after(True)
