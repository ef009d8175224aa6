"""The warning that the data folder is synced or on a network drive: an icon and words, not colour alone."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QWidget,
)


class FolderWarning(QFrame):
    """The synced or network folder warning: an icon and words, not colour alone.

    Settings shows it beside the folder; the main window shows a dismissible
    copy on top at start-up.
    """

    dismissed = Signal()

    def __init__(self, text: str, *, dismissible: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("folderWarning")
        self.setStyleSheet(
            "#folderWarning { background: rgba(230, 159, 0, 0.16); border: 1px solid rgba(230, 159, 0, 0.8);"
            " border-radius: 4px; }"
        )
        self.setAccessibleName("Data folder warning")
        self.setAccessibleDescription(text)
        self.icon = QLabel()
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.icon.setPixmap(warning_icon.pixmap(32, 32))
        self.icon.setAccessibleName("Warning")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(f"<b>Warning:</b> {escape(text)}")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Data folder warning text")
        row = QHBoxLayout(self)
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        self.dismiss_button: QPushButton | None = None
        if dismissible:
            self.dismiss_button = QPushButton("Dismiss")
            self.dismiss_button.setAccessibleName("Dismiss the data folder warning")
            self.dismiss_button.setToolTip("Hide this warning until the journal is opened again")
            self.dismiss_button.clicked.connect(self.dismiss)
            row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
