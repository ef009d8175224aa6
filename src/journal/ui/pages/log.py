"""The intake form: amount, unit, form, product, time, estimate, note; guidance beside it.

Guidance is re-checked on every edit. A rejected save shows the message at the
field and keeps everything typed; nothing is written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.domain.amounts import format_g, parse_amount, to_mg
from journal.domain.entities import Form, Product, Unit
from journal.domain.errors import InvalidInput, NeedsConfirmation
from journal.domain.times import local_day
from journal.service.intakes import IntakeCheck, IntakeDraft
from journal.service.journal import Journal
from journal.ui.tasks import SAVE_DELAY_MS, BusyIndicator, Task
from journal.ui.widgets.fields import (
    buddy,
    datetime_edit,
    error_label,
    later_fold_box,
    qdatetime,
    say_refused,
    set_tab_order,
    typed_moment,
)
from journal.ui.widgets.guidance_panel import GuidancePanel
from journal.ui.widgets.heading import page_heading
from journal.ui.widgets.tag_field import TagField


class IntakeForm(QWidget):
    """Log one intake in a few keystrokes: type the amount, press Enter."""

    saved = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._time_touched = False
        self._products: list[Product] = []

        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 2.5")
        self.amount.setAccessibleName("Amount")
        self.amount.setToolTip("Amount taken. Press Enter or Ctrl+S to save.")
        self.unit = QComboBox()
        self.unit.setAccessibleName("Unit")
        self.unit.addItem("g", Unit.G.value)
        self.unit.addItem("capsules", Unit.CAPS.value)
        self.caps_hint = QLabel()
        self.caps_hint.setAccessibleName("Capsule conversion")
        self.amount_error = error_label("Amount problem")
        self.confirm_large = QCheckBox("This amount is right: save it anyway")
        self.confirm_large.setAccessibleName("Confirm unusually large amount")
        self.confirm_large.hide()

        self.form = QComboBox()
        self.form.setAccessibleName("Form")
        for form in Form:
            self.form.addItem(form.label, form.value)
        self.product = QComboBox()
        self.product.setEditable(True)
        self.product.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.product.setAccessibleName("Product")
        self.product.setToolTip("Pick a product, or type a new name to add it when you save.")
        self.product.setPlaceholderText("No product")

        self.when = datetime_edit("Time taken")
        self.now_button = QPushButton("Now")
        self.now_button.setToolTip("Set the time to now")
        self.now_button.setAccessibleName("Set time to now")
        self.hour_ago = QPushButton("1 hour ago")
        self.hour_ago.setAccessibleName("Set time to one hour ago")
        self.hour_ago.setToolTip("Set the time to one hour ago")
        self.yesterday = QPushButton("Yesterday")
        self.yesterday.setAccessibleName("Move the date to yesterday")
        self.yesterday.setToolTip("Same time of day, one day earlier")
        self.later_fold = later_fold_box()
        self.time_error = error_label("Time problem")

        self.estimate = QCheckBox("Amount is an estimate")
        self.estimate.setAccessibleName("Amount is an estimate")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Note")
        self.notes.setPlaceholderText("Optional note")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.notes_error = error_label("Note problem")
        self.tags = TagField(journal.entries.tag_counts)

        self.save_button = QPushButton("Save intake")
        self.save_button.setToolTip("Save intake (Ctrl+S)")
        self.save_button.setAccessibleName("Save intake")
        self.save_button.setDefault(True)
        self.status = QLabel()
        self.status.setAccessibleName("Save status")
        self.busy = BusyIndicator(delay_ms=SAVE_DELAY_MS)

        self.panel = GuidancePanel(journal.guidance)

        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 2)
        # A label of its own: a screen reader names a combo box by its label, never by accessibleName.
        amount_row.addWidget(buddy("&Unit", self.unit))
        amount_row.addWidget(self.unit, 1)
        amount_row.addWidget(self.caps_hint, 2)
        time_row = QHBoxLayout()
        time_row.addWidget(self.when, 2)
        time_row.addWidget(self.now_button)
        time_row.addWidget(self.hour_ago)
        time_row.addWidget(self.yesterday)
        fields = QFormLayout()
        fields.addRow(buddy("&Amount", self.amount), amount_row)
        fields.addRow("", self.amount_error)
        fields.addRow("", self.confirm_large)
        fields.addRow("&Form", self.form)
        fields.addRow("&Product", self.product)
        fields.addRow(buddy("&Time", self.when), time_row)
        fields.addRow("", self.later_fold)
        fields.addRow("", self.time_error)
        fields.addRow("", self.estimate)
        fields.addRow("&Note", self.notes)
        fields.addRow("", self.notes_error)
        fields.addRow(buddy("Ta&gs", self.tags.free), self.tags)
        left = QVBoxLayout()
        left.addLayout(fields)
        left.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.status)
        left.addWidget(self.busy)
        left.addStretch(1)
        page = QVBoxLayout(self)
        page.addWidget(page_heading("Log an intake"))
        outer = QHBoxLayout()
        page.addLayout(outer, 1)
        outer.addLayout(left, 3)
        outer.addWidget(self.panel, 2)

        for widget in (
            self.amount,
            self.unit,
            self.form,
            self.product,
            self.when,
            self.now_button,
            self.hour_ago,
            self.later_fold,
            self.estimate,
            self.notes,
            self.save_button,
        ):
            widget.setFocusPolicy(widget.focusPolicy() | Qt.FocusPolicy.TabFocus)
        # As the fields read, top to bottom: the confirmation under Amount comes right after it.
        set_tab_order(
            [
                self.amount,
                self.unit,
                self.confirm_large,
                self.form,
                self.product,
                self.when,
                self.now_button,
                self.hour_ago,
                self.yesterday,
                self.later_fold,
                self.estimate,
                self.notes,
                *self.tags.focus_widgets(),
                self.save_button,
            ]
        )
        self.panel.focus_after = self.save_button  # then the findings' source links

        self.amount.textEdited.connect(self.recheck)
        self.amount.returnPressed.connect(self.save)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.form.currentIndexChanged.connect(self.recheck)
        self.product.currentIndexChanged.connect(self._product_changed)
        self.product.editTextChanged.connect(self.recheck)
        self.when.dateTimeChanged.connect(self._time_changed)
        self.later_fold.toggled.connect(self.recheck)
        self.estimate.toggled.connect(self.recheck)
        self.confirm_large.toggled.connect(self.recheck)
        self.notes.textChanged.connect(self._clear_note_error)
        self.now_button.clicked.connect(self.set_now)
        self.hour_ago.clicked.connect(lambda: self.set_time(self._now_local() - timedelta(hours=1)))
        self.yesterday.clicked.connect(self._move_to_yesterday)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)

        self.reload_products()
        self.set_now()

    # -- values ---------------------------------------------------------------

    def _now_local(self) -> datetime:
        return self.journal.now().local.replace(second=0, microsecond=0)

    def set_now(self) -> None:
        self.set_time(self._now_local())
        self._time_touched = False
        self.recheck()

    def set_time(self, local: datetime) -> None:
        self.when.blockSignals(True)
        self.when.setDateTime(qdatetime(local))
        self.when.blockSignals(False)
        self._time_touched = True
        self.recheck()

    def reload_products(self) -> None:
        current = self.product.currentText()
        self._products = self.journal.products.all()
        self.product.blockSignals(True)
        self.product.clear()
        self.product.addItem("", None)
        for product in self._products:
            self.product.addItem(product.name, product.id)
        self.product.setEditText(current)
        self.product.blockSignals(False)

    def _unit(self) -> Unit:
        return Unit(self.unit.currentData())

    def _form(self) -> Form:
        return Form(self.form.currentData())

    def _selected_product(self) -> Product | None:
        name = self.product.currentText().strip().lower()
        return next((p for p in self._products if p.name.lower() == name), None)

    def _draft(self) -> IntakeDraft:
        if self._time_touched:
            at = typed_moment(self.when, self.journal.zone, self.later_fold)
        else:
            at = self.journal.now()
        product = self._selected_product()
        return IntakeDraft(
            amount_text=self.amount.text(),
            at=at,
            unit=self._unit(),
            form=self._form(),
            product_id=product.id if product else None,
            estimate=self.estimate.isChecked(),
            notes=self.notes.toPlainText(),
            confirm_large=self.confirm_large.isChecked(),
            decimal_sep=QLocale().decimalPoint(),
            tags=tuple(self.tags.raw_tags()),
        )

    # -- reactions ------------------------------------------------------------

    def _unit_changed(self) -> None:
        if self._unit() is Unit.CAPS and self._form() is Form.POWDER:
            self.form.setCurrentIndex(self.form.findData(Form.CAPSULES.value))
        self.recheck()

    def _product_changed(self) -> None:
        product = self._selected_product()
        if product is not None:
            self.form.setCurrentIndex(self.form.findData(product.usual_form.value))
            if product.usual_form is Form.CAPSULES:
                self.unit.setCurrentIndex(self.unit.findData(Unit.CAPS.value))
        self.recheck()

    def _move_to_yesterday(self) -> None:
        typed = self.when.dateTime().toPython()
        assert isinstance(typed, datetime)
        self.set_time(typed - timedelta(days=1))

    def _time_changed(self) -> None:
        self._time_touched = True
        self.recheck()

    def _clear_note_error(self) -> None:
        self.notes_error.hide()

    def _update_caps_hint(self) -> None:
        product = self._selected_product()
        if self._unit() is not Unit.CAPS:
            self.caps_hint.setText("")
        elif product is None or product.capsule_g is None:
            self.caps_hint.setText("capsule content unknown")
        else:
            per = format_g(to_mg(product.capsule_g))
            try:
                count = parse_amount(self.amount.text(), decimal_sep=QLocale().decimalPoint())
                self.caps_hint.setText(f"× {per} = {format_g(to_mg(count * product.capsule_g))}")
            except InvalidInput:
                self.caps_hint.setText(f"× {per} per capsule")

    def recheck(self) -> IntakeCheck | None:
        """Validate and evaluate what is typed; show the outcome beside the fields."""
        self._update_caps_hint()
        for label in (self.amount_error, self.time_error):
            label.hide()
        if not self.amount.text().strip():
            self.confirm_large.hide()
            self.panel.show_idle()
            self.panel.show_plan(None)
            return None
        try:
            check = self.journal.check_intake(self._draft())
        except InvalidInput as err:
            self._show_error(err)
            self.panel.show_error()
            self.panel.show_plan(None)
            return None
        self.panel.show_check(check)
        self.panel.show_plan(self._plan_line(check))
        return check

    def _plan_line(self, check: IntakeCheck) -> str | None:
        """Where this intake leaves the day against your own plan, labelled as yours, or None."""
        at = check.intake.at
        day = local_day(at.utc, at.offset_min, self.journal.settings.day_start_hour)
        plan = self.journal.taper.day(day, extra_mg=check.leaf.mg or 0)
        if plan is None:
            return None
        which = "today" if day == self.journal.journal_day() else day.isoformat()
        if plan.over_mg:
            return (
                f"Over your plan for {which} by {format_g(plan.over_mg)} "
                f"(your plan: {format_g(plan.planned_mg)}; your own plan, not guidance)."
            )
        return (
            f"Within your plan for {which}: {format_g(plan.left_mg)} left of {format_g(plan.planned_mg)} "
            "after this intake (your own plan, not guidance)."
        )

    def _show_error(self, err: InvalidInput) -> None:
        if isinstance(err, NeedsConfirmation):
            self.confirm_large.show()
        if err.field == "tags":
            self.tags.show_error(err.message)
            return
        label = {"time": self.time_error, "notes": self.notes_error}.get(err.field, self.amount_error)
        label.setText(err.message)
        label.show()

    def save(self) -> Task | None:
        """Save what is typed, in the background. On a problem, say so at the field and keep the text.

        A new product name typed in the box is added as a product once the intake checks out.
        """
        if self.busy.busy:
            return None
        self.status.setText("")
        try:
            draft = self._draft()
        except InvalidInput as err:
            self._refused_at_field(err)
            return None
        name = self.product.currentText().strip()
        new_product = name if name and self._selected_product() is None else None
        journal, form = self.journal, self._form()

        def log() -> IntakeCheck:
            if new_product is not None:
                journal.check_intake(draft)  # a refused intake adds no product
                product = journal.products.named(new_product, form)
                return journal.log_intake(replace(draft, product_id=product.id))
            return journal.log_intake(draft)

        return self.busy.run(
            log, "Saving the intake…", self._saved, self._refused, self._fields(), write=True
        )

    def _fields(self) -> list[QWidget]:
        """What a save holds while it runs: every field and button, not what it says or the guidance."""
        children = self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return [w for w in children if w not in (self.status, self.busy, self.panel)]

    def _refused(self, err: BaseException) -> None:
        if self.product.currentText().strip() and self._selected_product() is None:
            self.reload_products()  # the product may have been added before the intake was refused
        say_refused(err, self.status, self._refused_at_field)

    def _refused_at_field(self, err: InvalidInput) -> None:
        self._show_error(err)
        self.status.setText("Not saved: fix the highlighted field.")
        if err.field == "amount":
            self.amount.setFocus()

    def _saved(self, check: IntakeCheck) -> None:
        if check.intake.product_id is not None and self._selected_product() is None:
            self.reload_products()  # a product added with this intake
        count = len(check.findings)
        kept = f" {count} finding{'s' if count != 1 else ''} kept with the entry." if count else ""
        self.status.setText(f"Saved the intake at {check.intake.at.local:%H:%M}.{kept}")
        self.amount.clear()
        self.notes.clear()
        self.tags.clear()
        self.tags.refresh_known()
        self.estimate.setChecked(False)
        self.confirm_large.setChecked(False)
        self.confirm_large.hide()
        self.set_now()
        self.panel.show_check(check, saved=True)
        self.panel.show_plan(None)  # the intake is in the day's total now: Today says where it stands
        self.saved.emit(check)
        self.amount.setFocus()
