"""The PDF preview: every page of the file, rendered lazily, page keys, zoom, safe to close mid-render."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from journal.ui import tasks
from journal.ui.widgets.pdf_preview import GAP, MARGIN, PdfPreview


@pytest.fixture(autouse=True)
def no_worker_left() -> Iterator[None]:
    yield
    assert tasks.wait_for_idle(10_000)
    assert tasks.active_threads() == 0


def make_pdf(path: Path, pages: int) -> Path:
    """A plain A4 file with a big black heading on each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica-Bold", 48)
        canvas.drawString(72, 700, f"Page {n}")
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture
def preview(qtbot: QtBot) -> PdfPreview:
    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def load(qtbot: QtBot, preview: PdfPreview, path: Path) -> None:
    with qtbot.waitSignal(preview.loaded):
        preview.load(path)
    qtbot.waitUntil(lambda: 1 in preview.rendered_pages())


def dark_pixels(preview: PdfPreview, number: int) -> int:
    page = preview._pages[number - 1]
    assert page.pixmap is not None
    image = page.pixmap.toImage()
    return sum(
        1
        for x in range(0, image.width(), 4)
        for y in range(0, image.height() // 3, 4)
        if QColor(image.pixel(x, y)).lightness() < 100
    )


def test_it_shows_every_page_of_the_file(qtbot: QtBot, preview: PdfPreview, tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "five.pdf", 5)
    load(qtbot, preview, path)
    assert preview.page_count == len(PdfReader(path).pages) == 5
    assert preview.page_label.text() == "Page 1 of 5"
    assert dark_pixels(preview, 1) > 50, "the heading is drawn on white paper"
    page = preview._pages[0]
    viewport = preview.area.viewport().width()
    assert viewport - 2 * MARGIN - 2 <= page.width() <= viewport, "fit to width"


def test_page_keys_and_buttons_move_between_pages(qtbot: QtBot, preview: PdfPreview, tmp_path: Path) -> None:
    load(qtbot, preview, make_pdf(tmp_path / "five.pdf", 5))
    preview.area.setFocus()
    qtbot.keyClick(preview.area, Qt.Key.Key_PageDown)
    assert preview.current_page == 2 and preview.page_label.text() == "Page 2 of 5"
    next_button, previous_button = (
        next(b for b in preview.findChildren(QToolButton) if b.defaultAction() is a)
        for a in (preview.act_next, preview.act_previous)
    )
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert preview.page_label.text() == "Page 3 of 5"
    assert preview.area.verticalScrollBar().value() == preview._pages[2].y() - GAP // 2, (
        "page 3 starts at the top"
    )
    qtbot.keyClick(preview.area, Qt.Key.Key_PageUp)
    qtbot.mouseClick(previous_button, Qt.MouseButton.LeftButton)
    assert preview.current_page == 1 and not preview.act_previous.isEnabled()
    preview.go_to(5)
    assert preview.page_label.text() == "Page 5 of 5" and not preview.act_next.isEnabled()
    qtbot.waitUntil(lambda: 5 in preview.rendered_pages())


def test_scrolling_by_hand_updates_the_page_number(qtbot: QtBot, preview: PdfPreview, tmp_path: Path) -> None:
    load(qtbot, preview, make_pdf(tmp_path / "five.pdf", 5))
    bar = preview.area.verticalScrollBar()
    bar.setValue(preview._pages[3].y())
    assert preview.page_label.text() == "Page 4 of 5"
    bar.setValue(bar.maximum())
    assert preview.page_label.text() == "Page 5 of 5"


def test_only_pages_in_view_are_rendered(qtbot: QtBot, preview: PdfPreview, tmp_path: Path) -> None:
    load(qtbot, preview, make_pdf(tmp_path / "twenty.pdf", 20))
    assert tasks.wait_for_idle(10_000)
    qtbot.waitUntil(lambda: not preview._pending)
    assert preview.page_count == 20
    assert preview.rendered_pages() <= {1, 2, 3}, "pages far below are not rendered yet"
    preview.go_to(20)
    qtbot.waitUntil(lambda: 20 in preview.rendered_pages())
    assert 1 not in preview.rendered_pages(), "pages far away are let go"
    assert dark_pixels(preview, 20) > 50


def test_zoom_keys_change_the_page_size_and_render_again(
    qtbot: QtBot, preview: PdfPreview, tmp_path: Path
) -> None:
    load(qtbot, preview, make_pdf(tmp_path / "two.pdf", 2))
    fit = preview._pages[0].width()
    assert preview.zoom_label.text() == "100 %" and not preview.act_fit.isEnabled()
    preview.area.setFocus()
    with qtbot.waitSignal(preview.page_rendered):
        qtbot.keyClick(preview.area, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom_label.text() == "125 %"
    assert preview._pages[0].width() == pytest.approx(fit * 1.25, abs=2)
    assert preview._pages[0].pixmap is not None
    assert preview._pages[0].pixmap.width() == pytest.approx(fit * 1.25 * preview.devicePixelRatioF(), abs=3)
    qtbot.keyClick(preview.area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(preview.area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom_label.text() == "80 %"
    assert preview._pages[0].width() == pytest.approx(fit * 0.8, abs=2)
    qtbot.keyClick(preview.area, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert preview._pages[0].width() == fit


def test_closing_while_pages_render_is_safe(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "twenty.pdf", 20)
    widget = PdfPreview()
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    gate = threading.Event()
    blocker = tasks.run_in_background(lambda: gate.wait(10), "Holding the worker")
    opening = widget.load(path)
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not opening.running, "the widget going away cancels its work"
    gate.set()
    assert blocker.wait(10) and tasks.wait_for_idle(10_000)
    qtbot.waitUntil(lambda: blocker.delivered)  # later deliveries reach nobody and raise nothing


def test_a_file_that_is_not_a_pdf_says_so(qtbot: QtBot, preview: PdfPreview, tmp_path: Path) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_text("not a pdf")
    with qtbot.waitSignal(preview.failed) as signal:
        preview.load(bad)
    assert str(signal.args[0]).startswith("The preview could not be shown")
    assert preview.message.isVisibleTo(preview) and preview.message.text() == signal.args[0]
    assert preview.page_count == 0 and preview.page_label.text() == ""


def test_controls_have_names_and_shortcuts(preview: PdfPreview) -> None:
    for action, key in (
        (preview.act_previous, "PgUp"),
        (preview.act_next, "PgDown"),
        (preview.act_zoom_in, "Ctrl+="),
        (preview.act_zoom_out, "Ctrl+-"),
    ):
        assert key in [s.toString() for s in action.shortcuts()]
        assert action.toolTip()
    for widget in (preview, preview.area, preview.page_label, preview.zoom_label, preview.message):
        assert widget.accessibleName()
