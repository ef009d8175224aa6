"""The band on top of a demonstration journal: it says on every page that nothing here is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

DEMO_TEXT = "made-up entries, thrown away when you close this window. Your own journal opens without --demo."


class DemoBanner(QFrame):
    """One line over every page, in words (not colour alone), read first by a screen reader."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        # A tint of the blue the notices use; the text keeps the palette's colour, so it reads in both looks.
        self.setStyleSheet(
            "#demoBanner { background: rgba(0, 114, 178, 0.16); border: 1px solid rgba(0, 114, 178, 0.8);"
            " border-radius: 4px; }"
        )
        self.setAccessibleName("Demonstration journal")
        self.setAccessibleDescription(f"Demonstration journal: {DEMO_TEXT}")
        self.text = QLabel(f"ℹ <b>Demonstration journal:</b> {DEMO_TEXT}")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(f"Demonstration journal: {DEMO_TEXT}")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
