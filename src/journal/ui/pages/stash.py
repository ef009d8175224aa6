"""Stash (Ctrl+9): what is left of each product, how long it lasts at the recent rate, and the
purchases behind it, with spend per month.

Stock is worked out from purchases, "I weighed it" corrections and the intakes
logged of each product (`journal.domain.stash`); the forecast is arithmetic on
the person's own data, labelled as such. Add, edit and delete are undone with
Ctrl+Z. Amounts stay in the window: nothing here reaches a notification or the tray.
"""

from __future__ import annotations

from html import escape as _escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from journal.domain.amounts import format_amount
from journal.domain.entities import Kind
from journal.domain.stash import RATE_DAYS, ProductStash, Purchase
from journal.service.journal import Journal
from journal.ui.dialogs.purchase import PurchaseDialog
from journal.ui.models.purchases import PurchaseTableModel
from journal.ui.undo import DeleteEntry, EditEntry, LoggedEntry
from journal.ui.widgets.entry_table import EntryTable, page_button, undo_keys
from journal.ui.widgets.heading import page_heading


def escape(text: str) -> str:
    return _escape(text, quote=False)


INTRO = (
    "What you bought and what is left. Each intake you log of a product takes its amount from that "
    "product's stash; “I weighed it” sets the stock to what you weighed. Forecasts divide what is left "
    f"by your last {RATE_DAYS} days' use: a pattern in your data, not advice."
)
#: Months of spend listed (newest first); earlier ones are counted in one line.
SPEND_MONTHS = 12


def stock_html(stashes: list[ProductStash]) -> str:
    """One paragraph per product: name, what is left, the forecast, the last purchase."""
    parts = []
    for s in stashes:
        lines = [f"<b>{escape(s.name)}</b>: {escape(s.stock.text())}."]
        if s.forecast.text():
            lines.append(escape(s.forecast.text()))
        if s.stock.uncounted:
            lines.append(escape(s.stock.uncounted_text()))
        last = s.stock.last_purchase
        if last is not None:
            price = f" for {format_amount(last.price)}" if last.price is not None else ""
            lines.append(
                f"Last bought {last.at.local.date().isoformat()}: {escape(last.amount_text())}{price}."
            )
        parts.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(parts)


class StashPage(QWidget):
    """Stock and forecast per product, the purchases (add, weigh, edit, delete), spend per month."""

    changed = Signal()

    def __init__(self, journal: Journal, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.undo_stack = undo_stack
        self.dialog: PurchaseDialog | None = None
        self.stashes: list[ProductStash] = []
        self._stale = True
        self.model = PurchaseTableModel()
        self.table = EntryTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Purchases")
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(110)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button = page_button("&Add a purchase…", "Add what you bought (Ctrl+Shift+U)")
        self.weighed_button = page_button(
            "I &weighed it…", "Set a product's stock to what you weighed or counted (Ctrl+Shift+G)"
        )
        self.edit_button = page_button("&Edit…", "Edit the selected purchase (Enter)")
        self.delete_button = page_button("&Delete", "Delete the selected purchase (Delete; Ctrl+Z undoes)")
        self.add_button.clicked.connect(lambda: self.add())
        self.weighed_button.clicked.connect(lambda: self.weighed())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.delete_button.clicked.connect(self.delete_selected)
        QShortcut(QKeySequence("Ctrl+Shift+U"), self).activated.connect(self.add)
        QShortcut(QKeySequence("Ctrl+Shift+G"), self).activated.connect(self.weighed)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table).activated.connect(self.edit_selected)
        self.table.delete_requested.connect(self.delete_selected)
        self.intro = QLabel(INTRO)
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName("About the stash")
        self.stock = QLabel()
        self.stock.setWordWrap(True)
        self.stock.setTextFormat(Qt.TextFormat.RichText)
        self.stock.setAccessibleName("Stock and forecast")
        self.empty = QLabel(
            "Nothing here yet. Add what you bought (Ctrl+Shift+U), or weigh what you have now "
            "(Ctrl+Shift+G): each intake you log of that product then takes from it."
        )
        self.empty.setWordWrap(True)
        self.spend = QLabel()
        self.spend.setWordWrap(True)
        self.spend.setAccessibleName("Spend per month")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        self.status.hide()
        top = QHBoxLayout()
        for widget in (self.add_button, self.weighed_button):
            top.addWidget(widget)
        top.addStretch(1)
        rows = QHBoxLayout()
        rows.addWidget(QLabel("<b>Purchases</b>"))
        rows.addStretch(1)
        for widget in (self.edit_button, self.delete_button):
            rows.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(page_heading("Stash"))
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.empty)
        # Stock beside spend, so the purchases keep their room at 1024x600.
        middle = QHBoxLayout()
        middle.addWidget(self.stock, 3, Qt.AlignmentFlag.AlignTop)
        middle.addWidget(self.spend, 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(middle)
        layout.addLayout(rows)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read stock, purchases and spend again; while the page is hidden, only when next shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        chosen = self.selected()
        purchases = self.journal.stash.all()
        names = {p.id: p.name for p in self.journal.products.all(include_archived=True) if p.id is not None}
        self.model.set_purchases(purchases, names)
        self.stashes = self.journal.stash.stock()
        self.stock.setText(stock_html(self.stashes))
        self.stock.setVisible(bool(self.stashes))
        self.empty.setVisible(not purchases)
        self.spend.setText(self._spend_text())
        self.spend.setVisible(bool(self.spend.text()))
        if chosen is not None:
            rows = [n for n, p in enumerate(self.model.purchases) if p.id == chosen.id]
            if rows:
                self.table.selectRow(rows[0])
        self._update_buttons()

    def _spend_text(self) -> str:
        months = list(reversed(self.journal.stash.spend()))
        if not months:
            return ""
        lines = [escape(m.text()) for m in months[:SPEND_MONTHS]]
        earlier = len(months) - SPEND_MONTHS
        if earlier > 0:
            lines.append(f"and {earlier} earlier month{'' if earlier == 1 else 's'}")
        return "<b>Spend per month</b> (prices as you typed them)<br>" + "<br>".join(lines)

    def selected(self) -> Purchase | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.purchases[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        p = self.selected()
        self.edit_button.setEnabled(p is not None)
        self.delete_button.setEnabled(p is not None)

    # -- changes -----------------------------------------------------------------------------

    def _usual_product(self) -> int | None:
        """The product of the latest purchase or weighing: the one most likely meant next."""
        purchases = self.journal.stash.all()
        return purchases[-1].product_id if purchases else None

    def add(self) -> PurchaseDialog:
        return self._open(PurchaseDialog(self.journal, None, self, product_id=self._usual_product()))

    def weighed(self) -> PurchaseDialog:
        return self._open(
            PurchaseDialog(self.journal, None, self, correction=True, product_id=self._usual_product())
        )

    def edit_selected(self) -> PurchaseDialog | None:
        p = self.selected()
        return None if p is None else self.edit(p)

    def edit(self, purchase: Purchase) -> PurchaseDialog:
        return self._open(PurchaseDialog(self.journal, purchase, self))

    def _open(self, dialog: PurchaseDialog) -> PurchaseDialog:
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self, before: Purchase | None, after: Purchase) -> None:
        if after.id is None:
            return
        what = describe(after)
        if before is None:
            self.undo_stack.push(LoggedEntry(self.journal, Kind.PURCHASE, after.id, what, self._after))
        else:
            self.undo_stack.push(
                EditEntry(self.journal, Kind.PURCHASE, before, after, what, lambda _undone: self._after())
            )
        self._after()

    def delete_selected(self) -> None:
        p = self.selected()
        if p is None or p.id is None:
            return
        self.undo_stack.push(DeleteEntry(self.journal, Kind.PURCHASE, p.id, describe(p), self._after))
        self._say(f"The {describe(p)} was deleted. Ctrl+Z brings it back.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not undo_keys(event, self.undo_stack):
            super().keyPressEvent(event)

    def _after(self) -> None:
        self.refresh()
        self.changed.emit()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()


def describe(p: Purchase) -> str:
    """ "purchase of 250 g", "weighed 40 g": the undo history's words (no product name needed)."""
    return f"weighed {p.amount_text()}" if p.correction else f"purchase of {p.amount_text()}"
