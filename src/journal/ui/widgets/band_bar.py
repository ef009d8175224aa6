"""A bar showing the rolling 24-hour total against the cited 12-15 g band."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from journal.domain.amounts import format_g


class BandBar(QWidget):
    """The cited band is hatched and labelled, so it reads without colour."""

    def __init__(self, low_mg: int, high_mg: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low_mg, self.high_mg = low_mg, high_mg
        self.value_mg = 0
        self.setMinimumHeight(46)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Rolling 24-hour total against the cited upper limit")

    def sizeHint(self) -> QSize:
        return QSize(420, 46)

    def set_value(self, mg: int) -> None:
        self.value_mg = mg
        self.setAccessibleDescription(
            f"{format_g(mg)} of a cited upper limit of {format_g(self.low_mg)} to {format_g(self.high_mg)}"
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        top = max(self.high_mg * 1.2, self.value_mg * 1.05)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        width, bar_h = self.width() - 2, 18.0

        def x(mg: float) -> float:
            return 1 + width * mg / top

        track = QRectF(1, 2, width, bar_h)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid)))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRect(track)
        band = QRectF(x(self.low_mg), 2, x(self.high_mg) - x(self.low_mg), bar_h)
        painter.setBrush(QBrush(QColor(230, 159, 0, 170), Qt.BrushStyle.BDiagPattern))
        painter.drawRect(band)
        painter.setBrush(QColor(0, 114, 178))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(QRectF(1, 6, x(min(self.value_mg, top)) - 1, bar_h - 8))
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        painter.drawText(
            QRectF(band.left() - 40, bar_h + 4, band.width() + 80, 20),
            Qt.AlignmentFlag.AlignHCenter,
            f"cited limit {format_g(self.low_mg)[:-2]}–{format_g(self.high_mg)}",
        )
        painter.drawText(QRectF(1, bar_h + 4, 60, 20), Qt.AlignmentFlag.AlignLeft, "0 g")
        painter.end()
