"""A purchase, or "I weighed it" (a correction that sets the stock to what was weighed).

Problems show under their field and every field keeps its text; nothing is
saved until all is valid. Amounts stay in the window: nothing here reaches a
notification or the tray.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from journal.domain.amounts import format_amount, parse_amount
from journal.domain.entities import Kind, Product, Unit
from journal.domain.errors import InvalidInput
from journal.domain.stash import Purchase, parse_price, parse_weighed
from journal.domain.times import Moment
from journal.service.journal import Journal
from journal.ui.dialogs.entry_edit import EntryDialog, MomentEdit
from journal.ui.dialogs.save_dialog import NOT_SAVED
from journal.ui.tasks import Task
from journal.ui.widgets.fields import TimeField, form_rows, note_edit, show_error

NO_PRODUCT = "No product named"


class PurchaseDialog(EntryDialog):
    """Add or edit one purchase or correction; once saved it emits `saved(before, after)` (before
    is None for a new one) and closes, so the Stash page and History put it on the undo stack."""

    kind = Kind.PURCHASE

    def __init__(
        self,
        journal: Journal,
        purchase: Purchase | None = None,
        parent: QWidget | None = None,
        *,
        correction: bool = False,
        product_id: int | None = None,
    ) -> None:
        self.correction = purchase.correction if purchase is not None else correction
        what = "what you weighed" if self.correction else "purchase"
        title = (
            f"Edit {what}"
            if purchase is not None
            else ("I weighed it" if self.correction else "Add a purchase")
        )
        super().__init__(journal, title, parent)
        self.save_button.setAccessibleName("Save weighed amount" if self.correction else "Save purchase")
        self.save_button.setToolTip(f"Save the {what} (Enter or Ctrl+S). Ctrl+Z undoes it.")
        self.original = purchase
        self.decimal_sep = QLocale().decimalPoint() or "."
        p = purchase
        chosen = p.product_id if p is not None else product_id
        self.product = QComboBox()
        self.product.setAccessibleName("Product")
        self.product.setToolTip("The product bought or weighed (add products on the Products page)")
        self.product.addItem(NO_PRODUCT, None)
        for product in _products(journal, chosen):
            self.product.addItem(product.name, product.id)
        self.product.setCurrentIndex(max(0, self.product.findData(chosen)))
        self.amount = QLineEdit(format_amount(p.amount).replace(".", self.decimal_sep) if p else "")
        self.amount.setAccessibleName("Weighed amount" if self.correction else "Amount bought")
        self.amount.setPlaceholderText("what is left now, 0 for none" if self.correction else "e.g. 250")
        self.unit = QComboBox()
        self.unit.setAccessibleName("Unit")
        self.unit.addItem("g", Unit.G)
        self.unit.addItem("capsules", Unit.CAPS)
        self.unit.setCurrentIndex(self.unit.findData(p.unit if p else Unit.G))
        amount_row = QHBoxLayout()
        amount_row.setContentsMargins(0, 0, 0, 0)
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.unit)
        amount_box = QWidget()
        amount_box.setLayout(amount_row)
        self.when: TimeField | MomentEdit = (
            MomentEdit(p.at, "When") if p is not None else TimeField(journal, "When")
        )
        self.price = QLineEdit(
            format_amount(p.price).replace(".", self.decimal_sep) if p and p.price is not None else ""
        )
        self.price.setAccessibleName("Price")
        self.price.setPlaceholderText("optional, any currency")
        self.batch = QLineEdit(p.batch if p else "")
        self.batch.setAccessibleName("Batch")
        self.batch.setPlaceholderText("optional, the batch or lot on the bag")
        self.notes = note_edit("Notes", "optional", "Anything to remember about it", p.notes if p else "")
        self.setMinimumWidth(460)
        if self.correction:
            about = QLabel(
                "What you weighed or counted is what is left now: the stock is set to it, "
                "and the intakes you log from then on take from it."
            )
            about.setWordWrap(True)
            self.fields.addRow(about)
        rows: list[tuple[str, QWidget, str]] = [
            ("&Product", self.product, "product"),
            ("&Weighed" if self.correction else "&Amount", amount_box, "amount"),
            ("W&hen", self.when, ""),
        ]
        if not self.correction:
            rows += [("P&rice", self.price, "price"), ("&Batch", self.batch, "batch")]
        rows.append(("N&otes", self.notes, "notes"))
        self.errors = form_rows(self.fields, rows)
        if isinstance(self.when, TimeField):
            self.when.now_button.setAutoDefault(False)  # Enter saves, wherever the focus is
        self._finish_layout()
        self.ready(self.amount)

    def _moment(self) -> Moment:
        if isinstance(self.when, MomentEdit):
            return self.when.moment(self.journal.clock())
        return self.when.moment()

    def save(self) -> Task | None:
        for label in self.errors.values():
            label.hide()
        try:
            purchase = self._read()
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        stash = self.journal.stash
        if self.original is not None:
            changed = replace(purchase, id=self.original.id, created=self.original.created)
            return self.save_as(self.original, lambda: stash.update(changed))
        return self.save_as(None, lambda: stash.add(purchase))

    def _read(self) -> Purchase:
        text = self.amount.text()
        sep = self.decimal_sep
        amount: Decimal = (
            parse_weighed(text, decimal_sep=sep) if self.correction else parse_amount(text, decimal_sep=sep)
        )
        price = None if self.correction else parse_price(self.price.text(), decimal_sep=sep)
        product_id = self.product.currentData()
        return Purchase(
            self._moment(),
            amount,
            Unit(self.unit.currentData()),
            product_id if isinstance(product_id, int) else None,
            self.correction,
            price,
            "" if self.correction else self.batch.text().strip(),
            self.notes.toPlainText(),
        )

    def show_invalid(self, err: InvalidInput) -> None:
        if err.field == "time":
            self.when.show_error(err.message)
            return
        show_error(self.errors.get(err.field, self.errors["amount"]), err.message)
        self.status.setText(NOT_SAVED)


def _products(journal: Journal, chosen: int | None) -> list[Product]:
    """Live products by name, and the one chosen even if archived or deleted since (its name says so)."""
    products = journal.products.all()
    if chosen is not None and all(p.id != chosen for p in products):
        products += [p for p in journal.products.all(include_archived=True) if p.id == chosen]
    if chosen is not None and all(p.id != chosen for p in products):
        products += [
            replace(p, name=f"{p.name} (deleted)")
            for p, _deleted in journal.transfer.deleted_products_in_use()
            if p.id == chosen
        ]
    return products
