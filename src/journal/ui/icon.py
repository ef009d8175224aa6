"""Icons drawn by the app: its own (from the SVG in resources/icons, sharp at every size) and
the marks that tell a finding's level by shape as well as colour."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QPolygonF

from journal import resources
from journal.domain.entities import Level

#: The reverse-DNS id of the app: desktop file, icon theme name and AppStream id (packaging/linux).
APP_ID = "io.github.kratom_journal.Journal"


def app_icon() -> QIcon:
    """The window icon; an icon installed in the desktop's theme under APP_ID comes first."""
    return QIcon.fromTheme(APP_ID, QIcon(str(resources.path("icons", "journal.svg"))))


_LEVEL_COLOURS = {Level.NOTICE: "#0072B2", Level.CAUTION: "#E69F00", Level.WARNING: "#D55E00"}
_icons: dict[Level, QIcon] = {}


def level_icon(level: Level) -> QIcon:
    """A mark whose shape tells the level without its colour: ● i (notice), ◆ ! (caution), ▲ ! (warning)."""
    icon = _icons.get(level)
    if icon is not None:
        return icon
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_LEVEL_COLOURS[level]))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(20)
    painter.setFont(font)
    text_rect = pixmap.rect()
    if level is Level.NOTICE:
        painter.drawEllipse(2, 2, size - 4, size - 4)
        painter.setPen(QColor("white"))
        mark = "i"
    elif level is Level.CAUTION:
        half = size / 2
        painter.drawPolygon(
            QPolygonF([QPointF(half, 1), QPointF(size - 1, half), QPointF(half, size - 1), QPointF(1, half)])
        )
        painter.setPen(QColor("black"))
        mark = "!"
    else:
        painter.drawPolygon(
            QPolygonF([QPointF(size / 2, 2), QPointF(size - 1, size - 3), QPointF(1, size - 3)])
        )
        painter.setPen(QColor("white"))
        text_rect = text_rect.adjusted(0, 6, 0, 0)
        mark = "!"
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, mark)
    painter.end()
    icon = _icons[level] = QIcon(pixmap)
    return icon


_photo_icon: list[QIcon] = []


def photo_icon() -> QIcon:
    """History's mark for a photo entry: a small camera (a body and its lens), grey on any palette."""
    if _photo_icon:
        return _photo_icon[0]
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#6b7280"))
    painter.drawRoundedRect(2, 9, size - 4, size - 13, 4, 4)
    painter.drawRect(10, 5, 12, 6)
    painter.setBrush(QColor("white"))
    painter.drawEllipse(QPointF(size / 2, 19), 7, 7)
    painter.setBrush(QColor("#6b7280"))
    painter.drawEllipse(QPointF(size / 2, 19), 4, 4)
    painter.end()
    _photo_icon.append(QIcon(pixmap))
    return _photo_icon[0]
