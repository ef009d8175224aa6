"""A link that is a button: Tab reaches it, Enter or Space opens it, a screen reader says what it opens.

A link inside a label's rich text can only be clicked: Tab does not stop on it and
assistive technology reads it as part of the label's text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy

#: Underlined words in the text colour (which the contrast test checks), with no button frame.
LINK_STYLE = "QPushButton { text-align: left; padding: 0 2px; text-decoration: underline; }"


def link_button(text: str, name: str, tip: str) -> QPushButton:
    """A flat, underlined button that reads and acts as a link."""
    button = QPushButton(text)
    button.setFlat(True)
    button.setAutoDefault(True)  # Enter opens it when it has the focus, on a page as in a dialog
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setAccessibleName(name)
    button.setToolTip(tip)
    button.setStyleSheet(LINK_STYLE)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return button
