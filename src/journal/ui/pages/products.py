"""Products: list, add, edit and archive the products a person uses."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import Product
from journal.service.journal import Journal
from journal.ui.dialogs.product import ProductDialog
from journal.ui.models.products import ProductTableModel
from journal.ui.tasks import SAVE_DELAY_MS, BusyIndicator, Task
from journal.ui.widgets.entry_table import page_button
from journal.ui.widgets.fields import say_refused


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
        self.table.setTabKeyNavigation(False)  # arrows move in the table; Tab goes on to the next control
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.show_archived = QCheckBox("Show archived")
        self.show_archived.setAccessibleName("Show archived products")
        self.show_archived.toggled.connect(self.refresh)
        self.add_button = page_button("&Add product…", "Add a product (Ctrl+Shift+P)")
        self.edit_button = page_button("&Edit…", "Edit the selected product (Enter)")
        self.archive_button = page_button("A&rchive", "Archive or restore the selected product")
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
        self.status = QLabel()
        self.status.setAccessibleName("Save status")
        self.status.hide()
        self.busy = BusyIndicator(delay_ms=SAVE_DELAY_MS)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, self.archive_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.show_archived)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Products</h2>"))
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
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

    def toggle_archive(self) -> Task | None:
        """Archive the selected product, or restore it, in the background."""
        product = self.selected()
        if product is None or self.busy.busy:
            return None
        self.status.hide()
        products, changed = self.journal.products, replace(product, archived=not product.archived)
        controls = [self.add_button, self.edit_button, self.archive_button, self.show_archived, self.table]
        return self.busy.run(
            lambda: products.update(changed),
            "Saving the product…",
            lambda _product: self._saved(),
            self._refused,
            controls,
            write=True,
        )

    def _refused(self, err: BaseException) -> None:
        say_refused(err, self.status, lambda problem: self._say(f"⚠ {problem.message}"))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
