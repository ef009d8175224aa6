"""Asking for the journal's passphrase: one dialog that tries what is typed before it closes.

At start it is asked before the window's modules load: the key is then derived
on another core (PBKDF2 releases the GIL) while those modules load on this one
(`warm`), so an encrypted journal starts about as fast as a plain one. Only
light modules are imported here (no SQLAlchemy, no pages).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from journal.service.opening import Opening
from journal.ui.widgets.fields import buddy, error_label, show_error


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class PassphraseDialog(QDialog):
    """Ask for a passphrase and try it before closing; a wrong one is said at the field."""

    def __init__(
        self, message: str, attempt: Callable[[str], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Passphrase")
        self._attempt = attempt
        self.passphrase = ""
        intro = QLabel(message)
        intro.setWordWrap(True)
        self.field = password_field("Passphrase")
        self.error = error_label("Passphrase problem")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Open")
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(buddy("&Passphrase", self.field), self.field)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def _try(self) -> None:
        problem = self._attempt(self.field.text())
        if problem is None:
            self.passphrase = self.field.text()
            self.accept()
            return
        self.field.clear()
        show_error(self.error, problem)


def ask_passphrase(
    opening: Opening, parent: QWidget | None = None, warm: Callable[[], object] | None = None
) -> bool:
    """Ask for the passphrase until it opens the journal's first page; False if the person cancelled.

    A file damaged further passes (the restore offer follows, with this
    passphrase for its backups). `warm` runs while the key is derived. The
    opening keeps the passphrase with its derived key, so opening does not
    derive it again.
    """

    def attempt(text: str) -> str | None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return opening.try_passphrase(text, warm)
        finally:
            QGuiApplication.restoreOverrideCursor()

    ask = "Your journal is protected by a passphrase. Type it to open the journal."
    news = opening.news
    dialog = PassphraseDialog(f"{news}\n\n{ask}" if news else ask, attempt, parent)
    return bool(dialog.exec()) and opening.has_passphrase
