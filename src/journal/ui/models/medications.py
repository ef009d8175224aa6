"""The Medications page's table model: a thin adapter over the other medications (plain values),
current ones first."""

from __future__ import annotations

from collections.abc import Sized
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from journal.domain.medications import Medication
from journal.ui.models.listing import ListTableModel

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Name", "Dose", "How often", "Why", "Dates", "Status")


class MedicationTableModel(ListTableModel):
    """Rows are (medication, current on the day the list was read)."""

    columns = COLUMNS

    def __init__(self, today: date, medications: list[Medication] | None = None) -> None:
        super().__init__()
        self.today = today
        self.medications: list[Medication] = []
        self.set_medications(medications or [], today)

    def set_medications(self, medications: list[Medication], today: date) -> None:
        """Current ones first, then stopped, each by name as read."""
        self.beginResetModel()
        self.today = today
        self.medications = [m for m in medications if m.current(today)] + [
            m for m in medications if not m.current(today)
        ]
        self.endResetModel()

    def items(self) -> Sized:
        return self.medications

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        m = self.medications[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return m.notes or None
        values = (
            m.name,
            m.dose,
            m.how_often,
            m.reason,
            m.dates_text(),
            "current" if m.current(self.today) else "stopped",
        )
        return values[index.column()]
