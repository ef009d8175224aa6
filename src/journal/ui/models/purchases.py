"""The Stash page's purchases table: a thin adapter over purchases and corrections (plain values),
newest first."""

from __future__ import annotations

from collections.abc import Mapping, Sized

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from journal.domain.amounts import format_amount
from journal.domain.stash import Purchase
from journal.ui.models.listing import ListTableModel

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Date", "Product", "Amount", "Kind", "Price", "Batch")


class PurchaseTableModel(ListTableModel):
    """Rows are purchases and corrections, newest first; products shown by name."""

    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.purchases: list[Purchase] = []
        self.names: dict[int, str] = {}

    def set_purchases(self, purchases: list[Purchase], names: Mapping[int, str]) -> None:
        self.beginResetModel()
        self.purchases = sorted(purchases, key=lambda p: (p.at.utc, p.id or 0), reverse=True)
        self.names = dict(names)
        self.endResetModel()

    def items(self) -> Sized:
        return self.purchases

    def product_name(self, p: Purchase) -> str:
        if p.product_id is None:
            return "—"
        return self.names.get(p.product_id, "a deleted product")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        p = self.purchases[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.notes or None
        values = (
            f"{p.at.local:%Y-%m-%d %H:%M}",
            self.product_name(p),
            p.amount_text(),
            "weighed" if p.correction else "bought",
            format_amount(p.price) if p.price is not None else "",
            p.batch,
        )
        return values[index.column()]
