"""The app's icon, drawn from the SVG in resources/icons so it is sharp at every size."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from journal import resources

#: The reverse-DNS id of the app: desktop file, icon theme name and AppStream id (packaging/linux).
APP_ID = "io.github.kratom_journal.Journal"


def app_icon() -> QIcon:
    """The window icon; an icon installed in the desktop's theme under APP_ID comes first."""
    return QIcon.fromTheme(APP_ID, QIcon(str(resources.path("icons", "journal.svg"))))
