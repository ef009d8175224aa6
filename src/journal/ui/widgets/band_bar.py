"""A gauge of the rolling 24-hour total against the cited 12-15 g band, with a scale and a mark for now."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from journal.domain.amounts import format_g

#: Colours that read for colour blindness (Okabe-Ito): the band orange, the amount blue.
BAND = QColor(230, 159, 0)
AMOUNT = QColor(0, 114, 178)
_STEP_MG = 5000


def band_line(palette: QPalette) -> QColor:
    """The band's outline: darker on a light window, as is on a dark one, so it stands out on both."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return BAND if dark else BAND.darker(140)


def metrics_height(widget: QWidget) -> int:
    return widget.fontMetrics().height()


def scale_top(high_mg: int, value_mg: int) -> int:
    """The end of the scale: past the band's top and the value, on a whole step of 5 g."""
    top = max(high_mg + _STEP_MG, value_mg + 1000)
    return -(-top // _STEP_MG) * _STEP_MG


class BandBar(QWidget):
    """The cited band is hatched and named in words, so it reads without colour."""

    def __init__(self, low_mg: int, high_mg: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low_mg, self.high_mg = low_mg, high_mg
        self.value_mg = 0
        self.setMinimumHeight(2 * metrics_height(self) + 32)
        self.setMinimumWidth(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Rolling 24-hour total against the cited upper limit")

    def sizeHint(self) -> QSize:
        return QSize(420, 2 * metrics_height(self) + 32)

    def band_text(self) -> str:
        return f"cited upper limit {format_g(self.low_mg)[:-2]} to {format_g(self.high_mg)} in 24 hours"

    def ticks(self) -> list[int]:
        """The scale's marks, in milligrams."""
        return list(range(0, scale_top(self.high_mg, self.value_mg) + 1, _STEP_MG))

    def set_value(self, mg: int) -> None:
        self.value_mg = mg
        self.setAccessibleDescription(f"now {format_g(mg)}, against the {self.band_text()}")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        top = scale_top(self.high_mg, self.value_mg)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        metrics = painter.fontMetrics()
        line = metrics.height()
        left, width = 4.0, self.width() - 8.0
        bar_top, bar_h = line + 8.0, 16.0

        def x(mg: float) -> float:
            return left + width * mg / top

        # The band, hatched, named above it.
        band = QRectF(x(self.low_mg), bar_top, x(self.high_mg) - x(self.low_mg), bar_h)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid)))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRect(QRectF(left, bar_top, width, bar_h))
        painter.setBrush(QBrush(BAND, Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(band_line(pal), 1.5))
        painter.drawRect(band)
        # The amount now, and its mark.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(AMOUNT)
        now_x = x(min(self.value_mg, top))
        painter.drawRect(QRectF(left, bar_top + 4, now_x - left, bar_h - 8))
        painter.setBrush(text)
        painter.drawPolygon(
            QPolygonF(
                [QPointF(now_x - 5, bar_top - 6), QPointF(now_x + 5, bar_top - 6), QPointF(now_x, bar_top)]
            )
        )
        painter.setPen(QPen(text, 2))
        painter.drawLine(QPointF(now_x, bar_top), QPointF(now_x, bar_top + bar_h))
        painter.setPen(text)
        label = f"now {format_g(self.value_mg)}"
        label_w = metrics.horizontalAdvance(label) + 4
        label_x = min(max(left, now_x - label_w / 2), left + width - label_w)
        painter.drawText(QRectF(label_x, 0, label_w, line), Qt.AlignmentFlag.AlignCenter, label)
        # The scale: a mark and a number every 5 g.
        scale_y = bar_top + bar_h
        for mg in range(0, top + 1, _STEP_MG):
            tx = x(mg)
            painter.drawLine(QPointF(tx, scale_y), QPointF(tx, scale_y + 4))
            number = f"{mg // 1000} g" if mg in (0, top) else str(mg // 1000)
            w = metrics.horizontalAdvance(number) + 2
            painter.drawText(
                QRectF(min(max(0.0, tx - w / 2), self.width() - w), scale_y + 4, w, line),
                Qt.AlignmentFlag.AlignCenter,
                number,
            )
        painter.end()
