"""Pictures on screen: one photo scaled to fit (`PhotoView`), and two of the same framing faded one over
the other (`OnionSkin`), so a slow change in hair or skin shows as the later photo fades in."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


def image_from(data: bytes | None) -> QImage | None:
    """A stored JPEG as a QImage (decoding is safe off the UI thread), None when there is none."""
    if data is None:
        return None
    image = QImage.fromData(data)  # the format is told by the bytes
    return None if image.isNull() else image


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
        self.empty_text = ""
        self.setMinimumSize(160, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage | None, description: str = "", empty_text: str = "") -> None:
        self.image = image
        self.empty_text = empty_text
        self.setAccessibleDescription(description or empty_text)
        self.setToolTip(description)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self.image is not None:
            painter.drawImage(fit(self.image.size(), self.rect()), self.image)
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
        self.mix = 50
        self.setMinimumSize(200, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_images(self, earlier: QImage | None, later: QImage | None) -> None:
        self.earlier, self.later = earlier, later
        self.update()

    def set_mix(self, mix: int) -> None:
        self.mix = max(0, min(100, mix))
        self.setAccessibleDescription(f"{100 - self.mix}% earlier photo, {self.mix}% later photo")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 360)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self.earlier is not None:
            painter.drawImage(fit(self.earlier.size(), self.rect()), self.earlier)
        if self.later is not None:
            painter.setOpacity(self.mix / 100 if self.earlier is not None else 1.0)
            painter.drawImage(fit(self.later.size(), self.rect()), self.later)
        painter.end()
