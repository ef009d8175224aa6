"""Stash page (Ctrl+9): add a purchase and a correction from the keyboard and see stock and forecast
change; bad input is shown at its field and keeps its text; delete and undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journal.domain.entities import Form, Kind, Product, Unit
from journal.domain.stash import Purchase
from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui.dialogs.purchase import PurchaseDialog
from journal.ui.main_window import MainWindow
from journal.ui.models.purchases import PurchaseTableModel
from journal.ui.pages.stash import StashPage
from tests.ui.saving import wait_saved

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def page_of(qtbot: QtBot, window: MainWindow) -> StashPage:
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    page = window.stash
    assert window.pages.currentWidget() is page
    return page


def cells(page: StashPage) -> list[list[str]]:
    model = page.model
    return [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def undo(qtbot: QtBot, page: StashPage) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def five_grams_a_day(journal: Journal, product: Product) -> None:
    """5 g at 08:00 UTC on each of the 14 journal days up to the test clock's day (before 12:00)."""
    for n in range(14):
        at = Moment.from_utc(datetime(2026, 3, 10, 8, tzinfo=UTC) - timedelta(days=n), journal.zone)
        journal.log_intake(IntakeDraft("5", at, Unit.G, Form.POWDER, product.id))


def test_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PurchaseTableModel()
    at = Moment.from_utc(datetime(2026, 3, 1, 12, tzinfo=UTC), "Europe/Berlin")
    model.set_purchases(
        [
            Purchase(at, Decimal(100), product_id=1, price=Decimal(25)),
            Purchase(at, Decimal(0), correction=True, id=2),
        ],
        {1: "Red Bali"},
    )
    qtmodeltester.check(model)
    assert [model.data(model.index(r, 3)) for r in range(2)] == ["weighed", "bought"]


def test_a_purchase_then_a_correction_change_stock_and_forecast(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    red = journal.products.add(Product("Red Bali"))
    five_grams_a_day(journal, red)
    page = page_of(qtbot, window)
    assert "Stash (Ctrl+9)" in window.nav.item(8).toolTip()
    assert page.empty.isVisible() and not page.stock.isVisible()

    qtbot.keyClick(page, Qt.Key.Key_U, CTRL_SHIFT)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Add a purchase"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount)
    qtbot.keyClicks(dialog.product, "Red")
    assert dialog.product.currentText() == "Red Bali"
    qtbot.keyClicks(dialog.amount, "100")
    qtbot.keyClicks(dialog.price, "25")
    qtbot.keyClicks(dialog.batch, "B-7")
    qtbot.keyClick(dialog.batch, Qt.Key.Key_Return)
    wait_saved(qtbot, dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    (bought,) = journal.stash.all()
    assert (bought.amount, bought.product_id, bought.price, bought.batch) == (
        Decimal(100),
        red.id,
        Decimal(25),
        "B-7",
    )
    assert cells(page) == [["2026-03-10 13:00", "Red Bali", "100 g", "bought", "25", "B-7"]]
    # 14 x 5 g before the purchase: none of it from this stash, 5 g a day: 100 / 5 = 20 days.
    assert "<b>Red Bali</b>: 100 g left." in page.stock.text()
    assert "About 20 days left at your last 14 days' rate (5 g a day)." in page.stock.text()
    assert "Last bought 2026-03-10: 100 g for 25." in page.stock.text()
    assert "2026-03: 25 (1 purchase)" in page.spend.text()
    assert not page.empty.isVisible()

    # "I weighed it": a bad amount is said under the field and keeps its text; nothing is saved.
    qtbot.mouseClick(page.weighed_button, Qt.MouseButton.LeftButton)
    weighed = page.dialog
    assert weighed is not None and weighed is not dialog and weighed.windowTitle() == "I weighed it"
    assert weighed.product.currentText() == "Red Bali"  # the latest purchase's product
    qtbot.keyClicks(weighed.amount, "lots")
    weighed.save()
    assert weighed.errors["amount"].isVisible() and "is not a number" in weighed.errors["amount"].text()
    assert weighed.amount.text() == "lots" and len(journal.stash.all()) == 1
    weighed.amount.clear()
    qtbot.keyClicks(weighed.amount, "45")
    qtbot.keyClick(weighed.amount, Qt.Key.Key_Return)
    wait_saved(qtbot, weighed)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert "<b>Red Bali</b>: 45 g left." in page.stock.text()
    assert "About 9 days left at your last 14 days' rate (5 g a day)." in page.stock.text()
    assert cells(page)[0][2:4] == ["45 g", "weighed"]

    # An intake logged now takes from the stash: 45 - 5 = 40 g; 75 g in 14 days: 40 x 14 / 75 = 7.47, 7 days.
    journal.log_intake(IntakeDraft("5", journal.now(), Unit.G, Form.POWDER, red.id))
    window.refresh()
    assert (
        "<b>Red Bali</b>: 40 g left." in page.stock.text()
        and "About 7 days left at your last 14 days' rate (5.4 g a day)." in page.stock.text()
    )

    # Deleting the correction brings back the count from the purchase; Ctrl+Z the correction.
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert [p.correction for p in journal.stash.all()] == [False]
    assert "<b>Red Bali</b>: 95 g left." in page.stock.text() and "was deleted" in page.status.text()
    undo(qtbot, page)
    assert [p.correction for p in journal.stash.all()] == [False, True]
    assert "<b>Red Bali</b>: 40 g left." in page.stock.text()


def test_edit_opens_the_purchase_and_undo_puts_it_back(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    at = Moment.from_utc(datetime(2026, 3, 1, 9, tzinfo=UTC), journal.zone)
    journal.stash.add(Purchase(at, Decimal(50), price=Decimal(10)))
    page = page_of(qtbot, window)
    assert "<b>No product named</b>: 50 g left." in page.stock.text()
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog.windowTitle() == "Edit purchase" and dialog.amount.text() == "50"
    dialog.price.selectAll()
    qtbot.keyClicks(dialog.price, "-4")
    dialog.save()
    assert dialog.errors["price"].isVisible() and "cannot be negative" in dialog.errors["price"].text()
    dialog.price.selectAll()
    qtbot.keyClicks(dialog.price, "12")
    dialog.save()
    wait_saved(qtbot, dialog)
    qtbot.waitUntil(lambda: cells(page)[0][4] == "12")
    (edited,) = journal.stash.all()
    assert edited.at == at and edited.price == Decimal(12)
    undo(qtbot, page)
    assert [p.price for p in journal.stash.all()] == [Decimal(10)] and cells(page)[0][4] == "10"


def test_purchases_in_history_edit_delete_and_undo(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    red = journal.products.add(Product("Red Bali"))
    at = Moment.from_utc(datetime(2026, 3, 2, 9, tzinfo=UTC), journal.zone)
    bought = journal.stash.add(Purchase(at, Decimal(250), Unit.G, red.id, price=Decimal(30), batch="B-7"))
    weighed = journal.stash.add(Purchase(journal.now(), Decimal(40), Unit.G, red.id, correction=True))
    assert bought.id is not None and weighed.id is not None
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    history = window.history
    qtbot.waitUntil(lambda: len(history.model.rows) == 2)
    rows = {r.id: r for r in history.model.rows}
    assert rows[bought.id].kind is Kind.PURCHASE and rows[bought.id].product == "Red Bali"
    assert rows[bought.id].title == "250 g bought (price 30 · batch B-7)"
    assert rows[weighed.id].title == "40 g left, as weighed"

    assert history.select_entry(Kind.PURCHASE, bought.id)
    history.table.setFocus()
    qtbot.keyClick(history.table, Qt.Key.Key_Return)
    dialog = history.dialog
    assert isinstance(dialog, PurchaseDialog) and dialog.windowTitle() == "Edit purchase"
    assert dialog.product.currentText() == "Red Bali" and dialog.batch.text() == "B-7"
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "200")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    wait_saved(qtbot, dialog)
    qtbot.waitUntil(lambda: "200 g bought (price 30 · batch B-7)" in [r.title for r in history.model.rows])
    assert journal.stash.get(bought.id).amount == Decimal(200)
    history.table.setFocus()
    qtbot.keyClick(history.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert journal.stash.get(bought.id).amount == Decimal(250)

    assert history.select_entry(Kind.PURCHASE, weighed.id)
    history.table.setFocus()
    qtbot.keyClick(history.table, Qt.Key.Key_Delete)
    assert [p.id for p in journal.stash.all()] == [bought.id]
    assert "Deleted stash 40 g left, as weighed" in history.notice.text()
    qtbot.keyClick(history.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [p.id for p in journal.stash.all()] == [bought.id, weighed.id]
    # The Stash page shows the same journal: the weighed amount, less nothing logged since.
    window.nav.setCurrentRow(8)
    page = window.stash
    assert window.pages.currentWidget() is page
    assert "<b>Red Bali</b>: 40 g left." in page.stock.text()


def test_today_says_when_a_stash_runs_out_within_a_week(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    red = journal.products.add(Product("Red Bali"))
    five_grams_a_day(journal, red)
    today = window.today
    assert not today.stash_line.isVisible()
    journal.stash.add(Purchase(journal.now(), Decimal(40), Unit.G, red.id))  # 40 / 5 = 8 days: not yet
    today.refresh()
    assert not today.stash_line.isVisible()
    journal.stash.add(Purchase(journal.now(), Decimal(30), Unit.G, red.id, correction=True))  # 6 days
    today.refresh()
    assert today.stash_line.isVisible()
    assert today.stash_line.text() == "Red Bali: about 6 days left at your last 14 days' rate (Stash, Ctrl+9)"


def test_editing_a_purchase_of_a_deleted_product_keeps_it(
    qtbot: QtBot, window: MainWindow, journal: Journal
) -> None:
    gone = journal.products.add(Product("Gone"))
    assert gone.id is not None
    kept = journal.stash.add(Purchase(journal.now(), Decimal(10), Unit.G, gone.id))
    journal.delete(Kind.PRODUCT, gone.id)
    page = page_of(qtbot, window)
    dialog = page.edit(kept)
    assert dialog.product.currentText() == "Gone (deleted)"
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "12")
    dialog.save()
    wait_saved(qtbot, dialog)
    (saved,) = journal.stash.all()
    assert (saved.product_id, saved.amount) == (gone.id, Decimal(12))
