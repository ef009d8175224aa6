"""See a PDF's pages inside the app: PDFium through pypdfium2, since PySide6-Essentials has no QtPdf.

Every page is laid out at once from its size, but only the pages in view (and the
next one) are rasterised, on the background worker (`journal.ui.tasks`), at the
device pixels they are shown at: a 20-page report opens as fast as a 1-page one and
the text stays sharp. PDFium is not thread-safe; all of its calls run on that one worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.ui import tasks
from journal.ui.widgets.fields import local_action

#: Zoom steps, as a share of "the page fits the width of the view".
ZOOMS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
FIT = ZOOMS.index(1.0)
MARGIN = 16
GAP = 14
#: Rendered pages further than this from the view are dropped to keep memory small.
KEEP_AROUND = 3


@dataclass(frozen=True)
class _Document:
    data: bytes
    sizes: tuple[tuple[float, float], ...]  # width, height in points


def _open(path: Path) -> _Document:
    """Read the file once and the size of each page (runs on the worker)."""
    import pypdfium2 as pdfium

    data = path.read_bytes()
    pdf = pdfium.PdfDocument(data)
    try:
        sizes = tuple(pdf.get_page_size(i) for i in range(len(pdf)))
    finally:
        pdf.close()
    return _Document(data, sizes)


def _render(data: bytes, index: int, scale: float) -> QImage:
    """One page as an image at `scale` pixels per point (runs on the worker; QImage is thread-safe)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        bitmap = pdf[index].render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
        ).copy()  # own the pixels before PDFium frees its buffer
    finally:
        pdf.close()
    return image


class _PageView(QWidget):
    """One sheet of paper: white, with a thin edge, showing its image once rendered."""

    def __init__(self, number: int, total: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.number = number
        self.pixmap: QPixmap | None = None
        self.scale = 0.0  # the scale `pixmap` was rendered at
        self.setAccessibleName(f"Page {number} of {total}")

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("white"))  # paper stays white in the dark theme too
        if self.pixmap is not None:
            painter.drawPixmap(self.rect(), self.pixmap)
        else:
            painter.setPen(QColor("#6e6e6e"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, f"Page {self.number}…")
        painter.setPen(QPen(QColor(0, 0, 0, 90), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class PdfPreview(QWidget):
    """The pages of one PDF file: fit to width, scrollable, page by page, zoomable."""

    loaded = Signal(int)  # the number of pages
    failed = Signal(str)
    page_changed = Signal(int)  # 1-based
    page_rendered = Signal(int)  # 1-based

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Preview")
        self.path: Path | None = None
        self._doc: _Document | None = None
        self._pages: list[_PageView] = []
        self._current = 0
        self._zoom = FIT
        self._generation = 0  # bumped per document, so late results of an older one are dropped
        self._pending: dict[int, tuple[float, tasks.Task]] = {}  # page index: (scale, task)
        self._opening: list[tasks.Task | None] = [None]  # a box, shared with the destroyed handler
        self._navigating = False
        # Cancel outstanding work if the widget goes away without clear(): nobody would be told.
        pending, opening = self._pending, self._opening
        self.destroyed.connect(lambda: _cancel(pending, opening))

        self.act_previous = self._action(
            "Previous page", "Show the page before", ["PgUp"], self.previous_page
        )
        self.act_previous.setIconText("▲ Previous")  # text, not a style icon: it reads in the dark theme too
        self.act_next = self._action("Next page", "Show the page after", ["PgDown"], self.next_page)
        self.act_next.setIconText("Next ▼")
        self.act_zoom_out = self._action("Zoom out", "Smaller pages", ["Ctrl+-"], self.zoom_out)
        self.act_zoom_in = self._action("Zoom in", "Larger pages", ["Ctrl+=", "Ctrl++"], self.zoom_in)
        self.act_fit = self._action("Fit width", "Pages as wide as the view", ["Ctrl+0"], self.fit_width)

        self.page_label = QLabel()
        self.page_label.setAccessibleName("Page number")
        self.page_label.setMinimumWidth(96)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName("Zoom")
        self.zoom_label.setMinimumWidth(60)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toolbar = QWidget()
        self.toolbar.setAccessibleName("Page controls")
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self._button(self.act_previous))
        bar.addWidget(self.page_label)
        bar.addWidget(self._button(self.act_next))
        bar.addStretch(1)
        bar.addWidget(self._button(self.act_zoom_out))
        bar.addWidget(self.zoom_label)
        bar.addWidget(self._button(self.act_zoom_in))
        bar.addWidget(self._button(self.act_fit))

        self.area = QScrollArea()
        self.area.setAccessibleName("Pages")
        self.area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # fit width stays put
        self.area.setWidgetResizable(False)
        self.canvas = QWidget()
        self.area.setWidget(self.canvas)
        self.area.setBackgroundRole(QPalette.ColorRole.Dark)  # a desk around the paper, in either theme
        self.area.viewport().installEventFilter(self)
        self.area.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.message = QLabel()
        self.message.setAccessibleName("Preview message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(24)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.show_message("No preview yet.")

    # -- public ------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return len(self._pages)

    @property
    def current_page(self) -> int:
        """1-based; 0 when nothing is shown."""
        return self._current + 1 if self._pages else 0

    def rendered_pages(self) -> set[int]:
        """1-based numbers of the pages that hold a rendered image now."""
        return {p.number for p in self._pages if p.pixmap is not None}

    def load(self, path: Path) -> tasks.Task:
        """Show `path`; the current pages stay until the new ones are ready (no flicker)."""
        self._cancel_all()
        self._generation += 1
        generation = self._generation
        self.path = path
        task = tasks.run_in_background(lambda: (generation, _open(path)), f"Opening {path.name}")
        task.finished.connect(self._opened)
        task.failed.connect(self._open_failed)
        self._opening[0] = task
        return task

    def clear(self, message: str = "No preview yet.") -> None:
        """Forget the document (work still queued for it is dropped) and show `message`."""
        self._cancel_all()
        self._generation += 1
        self._doc = None
        self.path = None
        self._set_pages([])
        self.show_message(message)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self._update_controls()

    def go_to(self, number: int) -> None:
        """Scroll so page `number` (1-based) starts at the top of the view."""
        if not self._pages:
            return
        index = max(0, min(number - 1, len(self._pages) - 1))
        self._navigating = True
        try:
            self.area.verticalScrollBar().setValue(self._pages[index].y() - GAP // 2)
        finally:
            self._navigating = False
        self._set_current(index)
        self._request_visible()

    def next_page(self) -> None:
        self.go_to(self.current_page + 1)

    def previous_page(self) -> None:
        self.go_to(self.current_page - 1)

    def zoom_in(self) -> None:
        self._set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom - 1)

    def fit_width(self) -> None:
        self._set_zoom(FIT)

    @property
    def zoom(self) -> float:
        return ZOOMS[self._zoom]

    # -- building ------------------------------------------------------------------------------

    def _action(self, text: str, tip: str, keys: list[str], slot: Callable[[], object]) -> QAction:
        return local_action(self, text, [QKeySequence(k) for k in keys], slot, tip)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setAccessibleName(action.text())
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def _opened(self, result: tuple[int, _Document]) -> None:
        generation, doc = result
        self._opening[0] = None
        if generation != self._generation:
            return
        _cancel(self._pending, [None])  # renders asked of the old pages while this one opened
        if not doc.sizes:
            self.show_message("The file has no pages.")
            self.failed.emit("The file has no pages.")
            return
        self._doc = doc
        keep = self._current if len(self._pages) == len(doc.sizes) else 0
        self._set_pages([_PageView(n + 1, len(doc.sizes), self.canvas) for n in range(len(doc.sizes))])
        self.stack.setCurrentWidget(self.area)
        self._layout()
        self.go_to(keep + 1)
        self.loaded.emit(len(doc.sizes))

    def _open_failed(self, error: BaseException) -> None:
        self._opening[0] = None
        text = f"The preview could not be shown: {getattr(error, 'strerror', None) or error}."
        self.clear(text)
        self.failed.emit(text)

    def _set_pages(self, pages: list[_PageView]) -> None:
        for page in self._pages:
            page.deleteLater()
        self._pages = pages
        for page in pages:
            page.show()
        self._current = 0
        self._update_controls()

    # -- layout and rendering --------------------------------------------------------------------

    def _scale(self) -> float:
        """Pixels per point: the widest page fills the view's width at zoom 1."""
        if self._doc is None:
            return 1.0
        widest = max(w for w, _ in self._doc.sizes)
        room = max(self.area.viewport().width() - 2 * MARGIN, 120)
        return room / widest * self.zoom

    def _layout(self) -> None:
        if self._doc is None:
            return
        scale = self._scale()
        sizes = [(round(w * scale), round(h * scale)) for w, h in self._doc.sizes]
        width = max(max(w for w, _ in sizes) + 2 * MARGIN, self.area.viewport().width())
        y = MARGIN
        for page, (w, h) in zip(self._pages, sizes, strict=True):
            page.setGeometry(QRect((width - w) // 2, y, w, h))
            y += h + GAP
        self.canvas.resize(width, y - GAP + MARGIN)

    def _set_zoom(self, index: int) -> None:
        index = max(0, min(index, len(ZOOMS) - 1))
        if index == self._zoom:
            return
        self._zoom = index
        if self._pages:
            page = self._pages[self._current]
            offset = (self.area.verticalScrollBar().value() - page.y()) / max(page.height(), 1)
            self._layout()
            self._navigating = True
            try:
                self.area.verticalScrollBar().setValue(page.y() + round(offset * page.height()))
            finally:
                self._navigating = False
            self._request_visible()
        self._update_controls()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QResizeEvent)
            and event.size().width() != event.oldSize().width()
            and self._pages
            and watched is self.area.viewport()
        ):
            self._layout()  # fit width follows the view; the page in view stays in view
            self.go_to(self._current + 1)
        return super().eventFilter(watched, event)

    def _scrolled(self, value: int) -> None:
        if self._navigating or not self._pages:
            return
        bar = self.area.verticalScrollBar()
        if value >= bar.maximum() > 0:
            index = len(self._pages) - 1
        else:
            line = value + self.area.viewport().height() // 3
            index = max((i for i, p in enumerate(self._pages) if p.y() <= line), default=0)
        self._set_current(index)
        self._request_visible()

    def _set_current(self, index: int) -> None:
        changed = index != self._current
        self._current = index
        self._update_controls()
        if changed:
            self.page_changed.emit(index + 1)

    def _visible(self) -> range:
        """Indices of the pages in view, plus the next one (so paging down finds it ready)."""
        top = self.area.verticalScrollBar().value()
        bottom = top + self.area.viewport().height()
        shown = [i for i, p in enumerate(self._pages) if p.y() < bottom and p.y() + p.height() > top]
        if not shown:
            return range(0)
        return range(shown[0], min(shown[-1] + 2, len(self._pages)))

    def _request_visible(self) -> None:
        if self._doc is None:
            return
        wanted = self._visible()
        dpr = self.devicePixelRatioF()
        scale = self._scale() * dpr
        for index, (was, task) in list(self._pending.items()):
            if index not in wanted or was != scale:
                task.cancel()
                del self._pending[index]
        for index, page in enumerate(self._pages):
            if index in wanted:
                if page.scale != scale and index not in self._pending:
                    self._start_render(index, scale)
            elif page.pixmap is not None and abs(index - self._current) > KEEP_AROUND:
                page.pixmap, page.scale = None, 0.0

    def _start_render(self, index: int, scale: float) -> None:
        assert self._doc is not None
        data, generation = self._doc.data, self._generation
        task = tasks.run_in_background(
            lambda: (generation, index, scale, _render(data, index, scale)), f"Showing page {index + 1}"
        )
        task.finished.connect(self._rendered)
        task.failed.connect(self._render_failed)
        self._pending[index] = (scale, task)

    def _rendered(self, result: tuple[int, int, float, QImage]) -> None:
        generation, index, scale, image = result
        if generation != self._generation:
            return
        if self._pending.get(index, (None,))[0] == scale:
            del self._pending[index]
        page = self._pages[index]
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        page.pixmap, page.scale = pixmap, scale
        page.update()
        self.page_rendered.emit(index + 1)

    def _render_failed(self, error: BaseException) -> None:
        text = f"A page could not be shown: {error}."
        self.clear(text)
        self.failed.emit(text)

    def _cancel_all(self) -> None:
        _cancel(self._pending, self._opening)

    def _update_controls(self) -> None:
        has = bool(self._pages) and self.stack.currentWidget() is self.area
        self.toolbar.setVisible(has)  # no page controls over a message
        self.page_label.setText(f"Page {self._current + 1} of {len(self._pages)}" if has else "")
        self.act_previous.setEnabled(has and self._current > 0)
        self.act_next.setEnabled(has and self._current < len(self._pages) - 1)
        self.act_zoom_out.setEnabled(has and self._zoom > 0)
        self.act_zoom_in.setEnabled(has and self._zoom < len(ZOOMS) - 1)
        self.act_fit.setEnabled(has and self._zoom != FIT)
        self.zoom_label.setText(f"{round(self.zoom * 100)} %" if has else "")


def _cancel(pending: dict[int, tuple[float, tasks.Task]], opening: list[tasks.Task | None]) -> None:
    for _scale, task in pending.values():
        task.cancel()
    pending.clear()
    if opening[0] is not None:
        opening[0].cancel()
        opening[0] = None
