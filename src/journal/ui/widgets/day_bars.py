"""The last 30 days as small bars with the cited band, painted directly: no matplotlib at start-up."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from journal.domain.amounts import format_g
from journal.ui.widgets.band_bar import AMOUNT, band_line, scale_top


class DayBars(QWidget):
    """Grams per journal day; the cited band as two dashed lines drawn over the bars, so none hides it."""

    def __init__(self, low_mg: int, high_mg: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low_mg, self.high_mg = low_mg, high_mg
        self.days: tuple[tuple[date, int], ...] = ()
        self.setMinimumSize(220, 96)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Grams per day, the last 30 days")

    def sizeHint(self) -> QSize:
        return QSize(360, 104)

    def band_label(self) -> str:
        return f"{format_g(self.low_mg)[:-2]}–{format_g(self.high_mg)}"

    def set_days(self, days: tuple[tuple[date, int], ...]) -> None:
        self.days = days
        used = [(d, mg) for d, mg in days if mg]
        if not used:
            self.setAccessibleDescription("No intakes in the last 30 days")
        else:
            most_day, most = max(used, key=lambda pair: pair[1])
            self.setAccessibleDescription(
                f"{len(used)} of {len(days)} days with intakes; the most, {format_g(most)}, "
                f"on {most_day:%a %d %b}; cited upper limit {format_g(self.low_mg)[:-2]} to "
                f"{format_g(self.high_mg)} in 24 hours"
            )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        metrics = painter.fontMetrics()
        line = metrics.height()
        top = scale_top(self.high_mg, max((mg for _, mg in self.days), default=0))
        label_w = metrics.horizontalAdvance(self.band_label()) + 6
        left, right = 2.0, self.width() - label_w
        plot_top, plot_bottom = 4.0, self.height() - line - 4.0

        def y(mg: float) -> float:
            return plot_bottom - (plot_bottom - plot_top) * mg / top

        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid)))
        painter.drawLine(QPointF(left, plot_bottom), QPointF(right, plot_bottom))
        n = max(1, len(self.days))
        step = (right - left) / n
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(AMOUNT)
        for i, (_day, mg) in enumerate(self.days):
            if mg:
                painter.drawRect(QRectF(left + i * step + 1, y(mg), max(1.0, step - 2), plot_bottom - y(mg)))
        painter.setPen(QPen(band_line(pal), 1.5, Qt.PenStyle.DashLine))
        for mg in (self.low_mg, self.high_mg):
            painter.drawLine(QPointF(left, y(mg)), QPointF(right, y(mg)))
        painter.setPen(text)
        middle = y((self.low_mg + self.high_mg) / 2)
        painter.drawText(
            QRectF(right + 4, middle - line / 2, label_w, line), Qt.AlignmentFlag.AlignLeft, self.band_label()
        )
        if self.days:
            painter.setPen(text)
            first = self.days[0][0]
            painter.drawText(
                QRectF(left, plot_bottom + 2, right - left, line),
                Qt.AlignmentFlag.AlignLeft,
                f"{first:%d %b}",
            )
            painter.drawText(
                QRectF(left, plot_bottom + 2, right - left, line), Qt.AlignmentFlag.AlignRight, "today"
            )
        painter.end()
