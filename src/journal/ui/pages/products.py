"""Products: list, add, edit and archive the products a person uses."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal.domain.amounts import format_amount, parse_amount
from journal.domain.entities import Form, Product
from journal.domain.errors import InvalidInput, WriteFailed
from journal.service.journal import Journal
from journal.ui.widgets.fields import show_write_failed

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    "Name",
    "Vendor",
    "Strain",
    "Usual form",
    "Per capsule",
    "Leaf factor",
    "Batch",
    "Purity tested",
    "Status",
)


class ProductTableModel(QAbstractTableModel):
    """A thin adapter over a list of products."""

    def __init__(self, products: list[Product] | None = None) -> None:
        super().__init__()
        self.products: list[Product] = products or []

    def set_products(self, products: list[Product]) -> None:
        self.beginResetModel()
        self.products = products
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.products)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        p = self.products[index.row()]
        values = (
            p.name,
            p.vendor,
            p.strain,
            p.usual_form.label,
            f"{format_amount(p.capsule_g)} g" if p.capsule_g is not None else "",
            f"× {format_amount(p.leaf_factor)}" if p.leaf_factor is not None else "",
            p.batch,
            "yes" if p.purity_tested else "no",
            "archived" if p.archived else "in use",
        )
        return values[index.column()]


class ProductDialog(QDialog):
    """Add or edit one product. Problems show at the field; nothing is saved until all is valid."""

    def __init__(
        self, journal: Journal, product: Product | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.original = product
        self.saved_product: Product | None = None
        self.setWindowTitle("Edit product" if product else "Add product")
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
        self.notes = QPlainTextEdit(p.notes)
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)
        self.errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        for label, widget, key in (
            ("&Name", self.name, "name"),
            ("&Vendor", self.vendor, ""),
            ("&Strain", self.strain, ""),
            ("Usual &form", self.form, ""),
            ("Grams per &capsule", self.capsule_g, "capsule_g"),
            ("&Leaf factor", self.leaf_factor, "leaf_factor"),
            ("&Batch", self.batch, ""),
            ("", self.purity, ""),
            ("N&otes", self.notes, "notes"),
        ):
            layout.addRow(label, widget)
            if key:
                error = QLabel()
                error.setWordWrap(True)
                error.setAccessibleName(f"{label.replace('&', '')} problem")
                error.setStyleSheet("background: rgba(213, 94, 0, 0.15); padding: 2px 4px;")
                error.hide()
                layout.addRow("", error)
                self.errors[key] = error
        self.status = QLabel()
        self.status.setAccessibleName("Save status")
        self.status.hide()
        layout.addRow(self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def _decimal(self, edit: QLineEdit, field: str) -> Decimal | None:
        text = edit.text().strip()
        if not text:
            return None
        return parse_amount(text, decimal_sep=QLocale().decimalPoint(), field=field)

    def save(self) -> None:
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
            label = self.errors.get(err.field, self.errors["name"])
            label.setText(err.message)
            label.show()
            return
        products = self.journal.products
        self.status.hide()
        try:
            self.saved_product = products.update(product) if product.id is not None else products.add(product)
        except WriteFailed as err:
            show_write_failed(self.status, err)
            return
        self.accept()


class ProductsPage(QWidget):
    """The product list with add, edit and archive."""

    changed = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.model = ProductTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Products")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.show_archived = QCheckBox("Show archived")
        self.show_archived.setAccessibleName("Show archived products")
        self.show_archived.toggled.connect(self.refresh)
        self.add_button = _button("&Add product…", "Add a product (Ctrl+Shift+P)")
        self.edit_button = _button("&Edit…", "Edit the selected product (Enter)")
        self.archive_button = _button("A&rchive", "Archive or restore the selected product")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button.clicked.connect(self.toggle_archive)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self).activated.connect(self.add)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table).activated.connect(self.edit_selected)
        self.empty = QLabel(
            "No products yet. Add the products you use so capsules convert to "
            "grams and extracts can count as estimates."
        )
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, self.archive_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.show_archived)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Products</h2>"))
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_products(self.journal.products.all(include_archived=self.show_archived.isChecked()))
        self.empty.setVisible(not self.model.products)
        self._update_buttons()

    def selected(self) -> Product | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.products[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        product = self.selected()
        self.edit_button.setEnabled(product is not None)
        self.archive_button.setEnabled(product is not None)
        self.archive_button.setText("R&estore" if product and product.archived else "A&rchive")

    def add(self) -> ProductDialog:
        return self._open(ProductDialog(self.journal, None, self))

    def edit_selected(self) -> ProductDialog | None:
        product = self.selected()
        return None if product is None else self._open(ProductDialog(self.journal, product, self))

    def _open(self, dialog: ProductDialog) -> ProductDialog:
        dialog.accepted.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()

    def toggle_archive(self) -> None:
        product = self.selected()
        if product is None:
            return
        self.journal.products.update(replace(product, archived=not product.archived))
        self._saved()


def _line(text: str, name: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    return edit


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    return button
