"""Products page: add, edit and archive products from the keyboard and mouse."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.domain.entities import Form, Product
from journal.service.journal import Journal
from journal.ui.models.products import ProductTableModel
from journal.ui.pages.products import ProductsPage
from tests.ui.saving import wait_saved


def _page(qtbot: QtBot, journal: Journal) -> ProductsPage:
    page = ProductsPage(journal)
    qtbot.addWidget(page)
    page.show()
    return page


def test_model_passes_the_model_tester(qtmodeltester, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    model = ProductTableModel([Product("A"), Product("B", capsule_g=Decimal("0.5"))])
    qtmodeltester.check(model)


def test_add_a_capsule_product(qtbot: QtBot, journal: Journal) -> None:
    page = _page(qtbot, journal)
    assert page.empty.isVisible()
    dialog = page.add()
    qtbot.keyClicks(dialog.name, "Red Bali caps")
    qtbot.keyClicks(dialog.vendor, "Vendor Ü")
    dialog.form.setCurrentIndex(dialog.form.findData(Form.CAPSULES.value))
    qtbot.keyClicks(dialog.capsule_g, "0,5")
    qtbot.mouseClick(dialog.purity, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.changed):
        dialog.save()
    (product,) = journal.products.all()
    assert (product.name, product.vendor, product.usual_form) == ("Red Bali caps", "Vendor Ü", Form.CAPSULES)
    assert product.capsule_g == Decimal("0.5") and product.purity_tested
    assert page.model.rowCount() == 1 and not page.empty.isVisible()


def test_bad_capsule_content_is_shown_at_the_field(qtbot: QtBot, journal: Journal) -> None:
    page = _page(qtbot, journal)
    dialog = page.add()
    qtbot.keyClicks(dialog.name, "Caps")
    qtbot.keyClicks(dialog.capsule_g, "lots")
    dialog.save()
    assert dialog.errors["capsule_g"].isVisible()
    assert dialog.capsule_g.text() == "lots"
    assert journal.products.all() == []
    dialog.close()


def test_duplicate_name_refused(qtbot: QtBot, journal: Journal) -> None:
    journal.products.add(Product("Green"))
    page = _page(qtbot, journal)
    dialog = page.add()
    qtbot.keyClicks(dialog.name, "green")
    dialog.save()
    assert "already have" in dialog.errors["name"].text()
    dialog.close()


def test_edit_and_archive(qtbot: QtBot, journal: Journal) -> None:
    journal.products.add(Product("Extract X", usual_form=Form.EXTRACT))
    page = _page(qtbot, journal)
    page.table.selectRow(0)
    dialog = page.edit_selected()
    assert dialog is not None
    qtbot.keyClicks(dialog.leaf_factor, "4")
    dialog.save()
    wait_saved(qtbot, dialog)
    assert journal.products.all()[0].leaf_factor == Decimal(4)
    page.table.selectRow(0)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, page)
    assert journal.products.all() == []
    qtbot.mouseClick(page.show_archived, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert page.archive_button.text() == "R&estore"
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, page)
    assert len(journal.products.all()) == 1
