"""Adding or editing one product: problems show at their field; nothing is saved until all is valid."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from journal.domain.amounts import format_amount, parse_amount
from journal.domain.entities import Form, Product
from journal.domain.errors import InvalidInput
from journal.service.journal import Journal
from journal.ui.dialogs.save_dialog import SaveDialog
from journal.ui.tasks import Task
from journal.ui.widgets.fields import form_rows, note_edit


class ProductDialog(SaveDialog):
    """Add or edit one product. Problems show at the field; nothing is saved until all is valid."""

    def __init__(
        self, journal: Journal, product: Product | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            journal,
            "Edit product" if product else "Add product",
            parent,
            save_text=None,
            save_name="Save product",
            save_tip="Save the product (Enter or Ctrl+S)",
        )
        self.original = product
        self.saved_product: Product | None = None
        p = product or Product("Unnamed")
        self.name = _line(p.name if product else "", "Name")
        self.vendor = _line(p.vendor, "Vendor")
        self.strain = _line(p.strain, "Strain or variety")
        self.form = QComboBox()
        self.form.setAccessibleName("Usual form")
        for form in Form:
            self.form.addItem(form.label, form.value)
        self.form.setCurrentIndex(self.form.findData(p.usual_form.value))
        self.capsule_g = _line(format_amount(p.capsule_g) if p.capsule_g else "", "Grams per capsule")
        self.capsule_g.setPlaceholderText("e.g. 0.5")
        self.leaf_factor = _line(
            format_amount(p.leaf_factor) if p.leaf_factor else "", "Leaf-equivalent factor"
        )
        self.leaf_factor.setPlaceholderText("extracts only, e.g. 4 (1 g = 4 g leaf)")
        self.leaf_factor.setToolTip(
            "For extracts: grams of leaf one gram of this product stands "
            "for, from the label. Totals using it are marked as estimates."
        )
        self.batch = _line(p.batch, "Batch")
        self.purity = QCheckBox("Purity-tested (lab report seen)")
        self.purity.setAccessibleName("Purity-tested")
        self.purity.setChecked(p.purity_tested)
        self.notes = note_edit("Notes", "optional", "Anything to remember about this product", p.notes)
        layout = QFormLayout(self)
        self.errors = form_rows(
            layout,
            (
                ("&Name", self.name, "name"),
                ("&Vendor", self.vendor, ""),
                ("&Strain", self.strain, ""),
                ("Usual &form", self.form, ""),
                ("Grams per &capsule", self.capsule_g, "capsule_g"),
                ("&Leaf factor", self.leaf_factor, "leaf_factor"),
                ("&Batch", self.batch, ""),
                ("", self.purity, ""),
                ("N&otes", self.notes, "notes"),
            ),
        )
        self.status.hide()
        layout.addRow(self.status)
        layout.addRow(self.busy)
        layout.addRow(self.buttons)
        self.ready(self.name)

    def _decimal(self, edit: QLineEdit, field: str) -> Decimal | None:
        text = edit.text().strip()
        if not text:
            return None
        return parse_amount(text, decimal_sep=QLocale().decimalPoint(), field=field)

    def save(self) -> Task | None:
        for label in self.errors.values():
            label.hide()
        try:
            product = Product(
                name=self.name.text().strip(),
                vendor=self.vendor.text().strip(),
                strain=self.strain.text().strip(),
                usual_form=Form(self.form.currentData()),
                capsule_g=self._decimal(self.capsule_g, "capsule_g"),
                leaf_factor=self._decimal(self.leaf_factor, "leaf_factor"),
                batch=self.batch.text().strip(),
                purity_tested=self.purity.isChecked(),
                notes=self.notes.toPlainText(),
                archived=self.original.archived if self.original else False,
                id=self.original.id if self.original else None,
            )
            other = self.journal.products.by_name(product.name)
            if other is not None and other.id != product.id:
                raise InvalidInput("name", f"You already have a product called “{other.name}”.")
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        self.status.hide()
        products = self.journal.products
        save = products.update if product.id is not None else products.add
        return self.run_save(lambda: save(product), self._saved, "Saving the product…")

    def show_invalid(self, err: InvalidInput) -> None:
        label = self.errors.get(err.field, self.errors["name"])
        label.setText(err.message)
        label.show()

    def _saved(self, product: Product) -> None:
        self.saved_product = product
        self.accept()


def _line(text: str, name: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    return edit
