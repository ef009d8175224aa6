"""Correcting an intake: `Journal.edit_intake` re-checks the guidance against every 24-hour
window the intake now touches, and the panel beside the fields shows it as you type."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from journal.domain.amounts import format_amount
from journal.domain.entities import (
    Form,
    Intake,
    Kind,
    Product,
    Unit,
)
from journal.domain.errors import InvalidInput, NeedsConfirmation
from journal.service.intakes import IntakeCheck, IntakeDraft
from journal.service.journal import Journal
from journal.ui.dialogs.entry_edit import NOT_SAVED, EntryDialog, MomentEdit
from journal.ui.tasks import Task
from journal.ui.widgets.fields import buddy, error_label, note_edit, show_error
from journal.ui.widgets.guidance_panel import GuidancePanel


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
        self.notes = note_edit("Note", "Optional", "A note about this intake", intake.notes)
        self.notes_error = error_label("Note problem")
        self.panel = GuidancePanel(journal.guidance)

        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 2)
        amount_row.addWidget(buddy("&Unit", self.unit))  # a screen reader names a combo box by its label
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
        self.add_tags(intake.id)
        self._finish_layout(self.panel)
        self.panel.focus_after = self.buttons  # Tab goes on from Save and Cancel to the findings' links

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
            tags=self.typed_tags(),
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
        if err.field == "tags" and self.tag_field is not None:
            self.tag_field.show_error(err.message)
            return
        if isinstance(err, NeedsConfirmation):
            self.confirm_large.show()
        labels = {"time": self.when.error, "notes": self.notes_error, "product": self.product_error}
        show_error(labels.get(err.field, self.amount_error), err.message)

    def save(self) -> Task | None:
        self.status.setText("")
        try:
            draft = self.draft()
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        journal, before = self.journal, self.intake
        return self.run_save(
            lambda: journal.edit_intake(draft),
            lambda check: self._saved(before, check.intake),
            "Saving the correction…",
        )

    def show_invalid(self, err: InvalidInput) -> None:
        self._show(err)
        self.status.setText(NOT_SAVED)
        if err.field == "amount":
            self.amount.setFocus()
