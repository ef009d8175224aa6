"""Render the app icon's PNG sizes from resources/icons/journal.svg for the Linux icon theme.

Run it after changing the SVG: `QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/icons.py`.
Qt's own SVG renderer draws them, so no other tool is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "journal.svg"
THEME = ROOT / "packaging" / "linux" / "icons" / "hicolor"
APP_ID = "io.github.kratom_journal.Journal"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def target(size: int) -> Path:
    """Where the freedesktop icon theme layout wants the PNG of this size."""
    return THEME / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QPainter needs one
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"icons: cannot read {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        path = target(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(path), "PNG"):
            print(f"icons: cannot write {path}", file=sys.stderr)
            return 1
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
