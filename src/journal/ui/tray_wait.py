"""An encrypted journal started in the tray (at login): it waits there, locked, until opened.

The journal's reminders and figures are inside the encrypted file, so nothing
can be read before the passphrase is typed. Rather than ask for it the moment
the desktop starts, the icon waits with "Open Kratom Journal…" (which asks for
the passphrase) and Quit; a second start, or a click on the icon, opens it too.
Small on purpose: the window's modules are not loaded while it waits.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QObject, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from journal.ui.icon import app_icon

TIP = "Kratom Journal (locked): open it to type your passphrase"


class WaitingTray(QObject):
    """The locked journal's icon; `wait()` returns True once the person asked to open it."""

    chosen = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip(TIP)
        self.menu = QMenu()
        self.menu.setAccessibleName("Kratom Journal tray menu")
        self.open_action = self.menu.addAction("Open Kratom Journal…")
        self.open_action.setToolTip("Type the passphrase and open the journal")
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction("Quit")
        self.open_action.triggered.connect(lambda _=False: self.chosen.emit(True))
        self.quit_action.triggered.connect(lambda _=False: self.chosen.emit(False))
        self.icon.activated.connect(self._activated)
        self.icon.setContextMenu(self.menu)
        self.answer: bool | None = None

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.chosen.emit(True)

    def wait(self) -> bool:
        """Show the icon and wait for Open (True) or Quit (False)."""
        loop = QEventLoop()

        def answered(value: bool) -> None:
            self.answer = value
            loop.quit()

        self.chosen.connect(answered)
        self.icon.show()
        if self.answer is None:
            loop.exec()
        self.icon.hide()
        return bool(self.answer)
