"""The Products page's table model: a thin adapter over a list of products (plain domain values)."""

from __future__ import annotations

from collections.abc import Sized

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from journal.domain.amounts import format_amount
from journal.domain.entities import Product
from journal.ui.models.listing import ListTableModel

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


class ProductTableModel(ListTableModel):
    """A thin adapter over a list of products."""

    columns = COLUMNS

    def __init__(self, products: list[Product] | None = None) -> None:
        super().__init__()
        self.products: list[Product] = products or []

    def set_products(self, products: list[Product]) -> None:
        self.beginResetModel()
        self.products = products
        self.endResetModel()

    def items(self) -> Sized:
        return self.products

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
