"""Opening the journal at start: ask for its passphrase, or offer a backup for a damaged file.

A damaged, truncated or foreign file is never changed here; restoring moves it,
byte for byte, into the backups folder before the backup takes its place.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from journal.service import Journal
from journal.storage import backups, crypto
from journal.storage import engine as eng
from journal.ui.passphrase import PassphraseDialog, ask_passphrase, needs_passphrase
from journal.ui.safety import describe


def open_journal(
    folder: Path, parent: QWidget | None = None, passphrase: crypto.Secret | None = None
) -> Journal | None:
    """The open journal, or None when the person chose to quit (told why first).

    `passphrase` is one the start already asked for (`ask_passphrase`, before
    the window's modules loaded); otherwise it is asked here if needed. Its key
    was derived when it was tried, and opening uses it as it is.
    """
    if passphrase is None and needs_passphrase(folder):
        passphrase = ask_passphrase(folder, parent)
        if passphrase is None:
            return None
    try:
        done = Journal.recover(folder)  # an interrupted passphrase change, finished or undone
    except OSError as err:
        done = [f"An interrupted passphrase change could not be finished yet ({err.strerror or err})."]
    while True:
        try:
            opened = Journal.open(folder, passphrase=passphrase)
            opened.store.notices[:0] = done  # told in the status bar
            return opened
        except (eng.DamagedJournalError, eng.NotAJournalError) as err:
            if not offer_restore(folder, str(err), passphrase, parent):
                return None
        except eng.JournalFileError as err:
            QMessageBox.critical(parent, "The journal cannot be opened", str(err))
            return None
        except OSError as err:  # a folder that cannot be written, a file that cannot be read
            QMessageBox.critical(
                parent,
                "The journal cannot be opened",
                f"{folder}: {err.strerror or err}. Nothing was changed.",
            )
            return None


def offer_restore(folder: Path, reason: str, passphrase: crypto.Unlock, parent: QWidget | None) -> bool:
    """Explain the damage and offer the newest good backup; True once it is in place."""
    good = backups.newest_good(folder, passphrase)
    if (
        good is None
        and passphrase is None
        and any(crypto.is_encrypted(b.path) for b in backups.list_backups(folder))
    ):
        asked = _ask_backup_passphrase(folder, parent)
        good = backups.newest_good(folder, asked) if asked else None
        passphrase = asked
    if good is None:
        QMessageBox.critical(
            parent,
            "The journal cannot be opened",
            f"{reason}\n\nThere is no backup that passes the checks. The file was left exactly as it was; "
            "a data-recovery tool or an export from another copy may still help.",
        )
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, "The journal cannot be opened", reason, parent=parent)
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
    backups.restore(folder, good.path, datetime.now(UTC), passphrase)
    return True


def _ask_backup_passphrase(folder: Path, parent: QWidget | None) -> crypto.Secret | None:
    tried: list[crypto.Secret] = []

    def attempt(text: str) -> str | None:
        secret = crypto.Secret(text)
        if backups.newest_good(folder, secret) is None:
            return "That passphrase opens none of the backups."
        tried.append(secret)
        return None

    dialog = PassphraseDialog(
        "Your backups are protected by a passphrase. Type it to look for a good backup.", attempt, parent
    )
    return tried[-1] if dialog.exec() and tried else None


def report_refused_writes(window: QWidget) -> None:
    """A write the disk refuses in any action without a form of its own (a delete, an
    archive, a one-click preset) is told in a message box instead of only a log line."""
    default = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
        if isinstance(value, eng.JournalFileError):
            QMessageBox.warning(window, "Not saved", str(value))
        else:
            default(kind, value, trace)

    sys.excepthook = hook
