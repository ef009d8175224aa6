"""Pictures on screen: one photo scaled to fit (`PhotoView`), and two of the same framing faded one over
the other (`OnionSkin`), so a slow change in hair or skin shows as the later photo fades in."""

from __future__ import annotations

import io

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

#: The long side of a photo as the page holds it: more than a screen shows of it, far less to paint.
SCREEN_EDGE = 1600


def image_from(data: bytes | None, edge: int | None = None) -> QImage | None:
    """A stored JPEG as a QImage, at most `edge` pixels on its long side; None when there is none.

    Meant for the worker thread: Pillow decodes without holding Python's lock
    (so the window's own Python keeps running), at a reduced scale where the
    JPEG allows it, and the pixels are copied into a QImage once.
    """
    if data is None:
        return None
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as opened:
            if edge is not None:
                opened.draft("RGB", (edge, edge))
            image = opened.convert("RGB")
    except (OSError, ValueError, SyntaxError):
        return None
    if edge is not None and max(image.size) > edge:
        image.thumbnail((edge, edge), Image.Resampling.BILINEAR)
    raw = image.tobytes()
    return QImage(raw, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888).copy()


class _Scaled:
    """A picture scaled once for the size it is shown at, again only when that size changes."""

    def __init__(self) -> None:
        self.image: QImage | None = None
        self._pixmap: QPixmap | None = None

    def set(self, image: QImage | None) -> None:
        self.image, self._pixmap = image, None

    def at(self, size: QSize) -> QPixmap | None:
        if self.image is None or size.isEmpty():
            return None
        if self._pixmap is None or self._pixmap.size() != size:
            scaled = self.image.scaled(
                size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            self._pixmap = QPixmap.fromImage(scaled)
        return self._pixmap


def fit(image_size: QSize, room: QRect) -> QRect:
    """The largest rectangle of the image's proportions inside `room`, centred."""
    scaled = image_size.scaled(room.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = room.x() + (room.width() - scaled.width()) // 2
    y = room.y() + (room.height() - scaled.height()) // 2
    return QRect(x, y, scaled.width(), scaled.height())


class PhotoView(QWidget):
    """A photo scaled to the room it has, its proportions kept; a sentence where there is none."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.image: QImage | None = None
        self._scaled = _Scaled()
        self.empty_text = ""
        self.setMinimumSize(160, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage | None, description: str = "", empty_text: str = "") -> None:
        self.image = image
        self._scaled.set(image)
        self.empty_text = empty_text
        self.setAccessibleDescription(description or empty_text)
        self.setToolTip(description)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.image is not None:
            where = fit(self.image.size(), self.rect())
            pixmap = self._scaled.at(where.size())
            if pixmap is not None:
                painter.drawPixmap(where.topLeft(), pixmap)
        elif self.empty_text:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
            )
        painter.end()


class OnionSkin(QWidget):
    """The later photo laid over the earlier one: `mix` 0 shows the earlier alone, 100 the later.

    Each is fitted to the same room, so photos framed the same way line up and
    what changed between them shows as the later one fades in.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Onion skin: the later photo faded over the earlier one")
        self.earlier: QImage | None = None
        self.later: QImage | None = None
        self._earlier, self._later = _Scaled(), _Scaled()
        self.mix = 50
        self.setMinimumSize(200, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_images(self, earlier: QImage | None, later: QImage | None) -> None:
        self.earlier, self.later = earlier, later
        self._earlier.set(earlier)
        self._later.set(later)
        self.update()

    def set_mix(self, mix: int) -> None:
        self.mix = max(0, min(100, mix))
        self.setAccessibleDescription(f"{100 - self.mix}% earlier photo, {self.mix}% later photo")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 360)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        for image, scaled, opacity in (
            (self.earlier, self._earlier, 1.0),
            (self.later, self._later, self.mix / 100 if self.earlier is not None else 1.0),
        ):
            if image is None:
                continue
            where = fit(image.size(), self.rect())
            pixmap = scaled.at(where.size())
            if pixmap is not None:
                painter.setOpacity(opacity)
                painter.drawPixmap(where.topLeft(), pixmap)
        painter.end()
