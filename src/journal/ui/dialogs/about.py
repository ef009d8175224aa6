"""Help → About: what this program is, its licence, what it cites, and where your journal lives.

The folder is the one thing people most often need from an About box here: to back it up, or
to move it, so it has its own button.
"""

from __future__ import annotations

import platform
from html import escape
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal import __version__, resources
from journal.domain.sources import Sources
from journal.ui.icon import app_icon

LICENCE = "GPL-3.0-or-later"


def about_html(sources: Sources) -> str:
    """The text of the dialog below its heading: licence, not medical advice, the cited texts."""
    by = {source.file: f" ({escape(source.by)})" if source.by else "" for source in sources}
    cited = "".join(f"<li>{escape(source.title)}{by[source.file]}</li>" for source in sources)
    return (
        "<p>A private, offline dose and symptom journal. Everything stays on this computer: "
        "the app never opens a network connection.</p>"
        f"<p><b>Licence: GNU General Public License, version 3 or later ({LICENCE}).</b> "
        "It is free software: you may use it, study and change it, and share it, changed or not, "
        "as long as what you share carries the same licence and its source. It comes with no "
        "warranty.</p>"
        "<p><b>Not medical advice.</b> The journal quotes its sources and says where every warning "
        "comes from; it does not tell you what to take. Talk to a clinician about your own use.</p>"
        f"<p>The guidance cites these texts, which ship with the app (Help → Sources):</p><ul>{cited}</ul>"
    )


class AboutDialog(QDialog):
    """Name, version, licence, the cited texts, and the journal's folder with a button to open it."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle("About Kratom Journal")
        self.setMinimumWidth(620)  # the height follows the text

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        logo.setAccessibleName("Kratom Journal icon")
        self.heading = QLabel(
            f"<h2 style='margin-bottom: 2px'>Kratom Journal</h2>Version {escape(__version__)} · "
            f"Python {escape(platform.python_version())} · Qt {escape(pyside_version)}"
        )
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading.setAccessibleName("Name and version")
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addWidget(self.heading, 1)

        self.text = QLabel(about_html(resources.sources()))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setAccessibleName("About the journal")

        self.folder_label = QLabel(f"<b>Your journal is in:</b> {escape(str(folder))}")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setAccessibleName("Folder of your journal")
        self.open_button = QPushButton("&Open folder")
        self.open_button.setAccessibleName("Open the journal's folder")
        self.open_button.setToolTip("Show the journal's folder in your file manager, to back it up")
        self.open_button.clicked.connect(self.open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.open_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setIcon(QIcon())
        self.close_button.setAccessibleName("Close About")
        self.close_button.setToolTip("Close (Esc)")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text)
        layout.addSpacing(8)
        layout.addLayout(folder_row)
        layout.addWidget(buttons)
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def open_folder(self) -> bool:
        """Hand the folder to the desktop's file manager; False if none would take it."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
