"""Opening the journal at start: ask for its passphrase, or offer a backup for a damaged file.

What happens is the service's `Opening`; this module only shows its outcome.
A damaged, truncated or foreign file is never changed here; restoring moves it,
byte for byte, into the backups folder before the backup takes its place.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from journal.domain.errors import JournalFileError
from journal.domain.safety import Backup
from journal.service.journal import Journal
from journal.service.opening import Opening, Outcome, Status
from journal.ui.dialogs.passphrase import PassphraseDialog, ask_passphrase
from journal.ui.dialogs.safety import describe

TITLE = "The journal cannot be opened"


def open_journal(
    folder: Path, parent: QWidget | None = None, opening: Opening | None = None
) -> Journal | None:
    """The open journal, or None when the person chose to quit (told why first).

    `opening` is the one the start used to ask for the passphrase before the
    window's modules loaded (its key was derived then); otherwise the
    passphrase is asked here if needed.
    """
    if opening is None:
        opening = Opening(folder)
    if opening.needs_passphrase and not opening.has_passphrase and not ask_passphrase(opening, parent):
        return None
    while True:
        outcome = opening.open()
        if outcome.status is Status.OPENED:
            return outcome.journal
        if outcome.status is not Status.DAMAGED:
            QMessageBox.critical(parent, TITLE, outcome.message)
            return None
        if not offer_restore(opening, outcome, parent):
            return None


def offer_restore(opening: Opening, outcome: Outcome, parent: QWidget | None) -> bool:
    """Explain the damage and offer the newest good backup; True once it is in place."""
    good = outcome.backup
    if good is None and outcome.backups_need_passphrase:
        good = _ask_backup_passphrase(opening, parent)
    if good is None:
        QMessageBox.critical(
            parent,
            TITLE,
            f"{outcome.message}\n\nThere is no backup that passes the checks. The file was left exactly "
            "as it was; a data-recovery tool or an export from another copy may still help.",
        )
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, outcome.message, parent=parent)
    box.setInformativeText(
        f"The newest good backup is from {describe(good)}. Restore it? Entries made after it are not in "
        "it. The damaged file is kept, unchanged, in the backups folder."
    )
    restore = box.addButton("&Restore this backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    opening.restore(good)
    return True


def _ask_backup_passphrase(opening: Opening, parent: QWidget | None) -> Backup | None:
    found: list[Backup] = []

    def attempt(text: str) -> str | None:
        good = opening.find_backup(text)
        if good is None:
            return "That passphrase opens none of the backups."
        found.append(good)
        return None

    dialog = PassphraseDialog(
        "Your backups are protected by a passphrase. Type it to look for a good backup.", attempt, parent
    )
    return found[-1] if dialog.exec() and found else None


def report_refused_writes(window: QWidget) -> None:
    """A write the disk refuses in any action without a form of its own (a delete, an
    archive, a one-click preset) is told in a message box instead of only a log line."""
    default = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
        if isinstance(value, JournalFileError):
            QMessageBox.warning(window, "Not saved", str(value))
        else:
            default(kind, value, trace)

    sys.excepthook = hook
