"""Settings → "Delete all my data…": say exactly what goes, ask for a typed phrase, then erase.

The erasing itself is `Journal.erase` (no Qt). This dialog closes the
journal first, then reports what was removed; the window closes after it, so
the next start is a fresh first run.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal.domain.errors import EraseIncomplete
from journal.service import autostart
from journal.service.instance import LOCK_NAME
from journal.service.journal import Journal
from journal.ui.widgets.fields import buddy, error_label

PHRASE = "delete my journal"
DANGER_STYLE = (
    "QPushButton:enabled { background-color: #b3261e; color: white; font-weight: bold; }"
    "QPushButton:disabled { background-color: palette(button); color: palette(mid); }"
)


class DeleteDataDialog(QDialog):
    """Confirm with a typed phrase, then close the journal and erase its files.

    Emits `erased(list[Path])` once the files are gone (also after a partial
    failure, with what did go): from then on the journal is closed for good.
    """

    erased = Signal(list)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.folder: Path = journal.folder
        self.removed: list[Path] | None = None
        self.setWindowTitle("Delete all my data")
        self.setAccessibleName("Delete all my data")

        count = len(journal.backups.files())
        backups = f"{count} backup{'s' if count != 1 else ''}" if count else "no backups yet"
        db = journal.path.name
        explanation = QLabel(
            "<p><b>This deletes your whole journal from this computer. It cannot be undone.</b></p>"
            f"<p>In the folder <code>{escape(str(self.folder))}</code> these are removed:</p><ul>"
            f"<li>your journal file <code>{escape(db)}</code> and its <code>-wal</code> and "
            "<code>-shm</code> files: every intake, symptom, pain and withdrawal check-in, break and "
            "product;</li>"
            f"<li>your photos, in <code>{escape(db)}-photos</code> (and their backups);</li>"
            f"<li>every backup in <code>backups/</code> (now {backups});</li>"
            "<li>your settings (they are stored in the journal file);</li>"
            f"<li>the lock file <code>{LOCK_NAME}</code>.</li></ul>"
            f"{_autostart_item(self.folder)}"
            "<p>Nothing else is touched: exports and PDF summaries you saved elsewhere, or other "
            "files in that folder, stay where they are. Delete those yourself if you want them gone.</p>"
            "<p>Each file is overwritten with zeros before it is removed. On SSDs, and on "
            "copy-on-write, snapshotting or synced disks (cloud folders), overwriting cannot "
            "guarantee the old bytes are gone; full-disk encryption is what protects those.</p>"
        )
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.RichText)
        explanation.setAccessibleName("What will be deleted")
        self.explanation = explanation

        self.phrase = QLineEdit()
        self.phrase.setAccessibleName(f"Type {PHRASE} to confirm")
        self.phrase.setToolTip(f"Type “{PHRASE}” exactly to enable the Delete button")
        self.phrase.setPlaceholderText(PHRASE)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setAccessibleName("Cancel, delete nothing")
        self.cancel_button.setToolTip("Close this and delete nothing (Esc)")
        self.delete_button = QPushButton("&Delete everything")
        self.delete_button.setAccessibleName("Delete everything")
        self.delete_button.setToolTip(f"Delete the journal, its backups and settings (type “{PHRASE}” first)")
        self.delete_button.setStyleSheet(DANGER_STYLE)
        self.delete_button.setEnabled(False)
        for button in (self.cancel_button, self.delete_button):
            button.setAutoDefault(False)  # Enter must not pick a button by itself here

        confirm = QWidget()
        confirm_column = QVBoxLayout(confirm)
        confirm_column.setContentsMargins(0, 0, 0, 0)
        confirm_column.addWidget(explanation)
        confirm_column.addWidget(buddy(f"To confirm, &type <b>{PHRASE}</b>:", self.phrase))
        confirm_column.addWidget(self.phrase)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.delete_button)
        confirm_column.addLayout(buttons)

        self.result_text = QLabel()
        self.result_text.setWordWrap(True)
        self.result_text.setTextFormat(Qt.TextFormat.RichText)
        self.result_text.setAccessibleName("What was deleted")
        self.problem = error_label("Problem deleting")
        self.close_button = QPushButton("C&lose the journal window")
        self.close_button.setAccessibleName("Close the journal window")
        self.close_button.setToolTip("Close the window; the next start begins a new, empty journal (Enter)")
        done = QWidget()
        done_column = QVBoxLayout(done)
        done_column.setContentsMargins(0, 0, 0, 0)
        done_column.addWidget(self.result_text)
        done_column.addWidget(self.problem)
        done_column.addStretch(1)
        done_column.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

        self.stack = QStackedWidget()
        self.stack.addWidget(confirm)
        self.stack.addWidget(done)
        QVBoxLayout(self).addWidget(self.stack)
        self.setMinimumWidth(560)

        self.phrase.textChanged.connect(self._phrase_changed)
        self.phrase.returnPressed.connect(self.delete_all)
        self.cancel_button.clicked.connect(self.reject)
        self.delete_button.clicked.connect(self.delete_all)
        self.close_button.clicked.connect(self.accept)

    def _phrase_changed(self, text: str) -> None:
        self.delete_button.setEnabled(text.strip() == PHRASE)

    def delete_all(self) -> list[Path] | None:
        """Close the journal, erase its files, and show what went; only with the phrase typed."""
        if self.removed is not None or not self.delete_button.isEnabled():
            return None
        try:
            removed = self.journal.erase()
        except EraseIncomplete as err:
            removed = err.removed
            self.problem.setText(
                f"⚠ Not everything could be deleted ({err}). Close the window and remove what is "
                f"left in {self.folder} yourself."
            )
            self.problem.show()
        self.removed = removed
        entry = _remove_autostart(self.folder)
        self.result_text.setText(
            "<p><b>Your journal data was deleted.</b> Removed:</p><ul>"
            + "".join(f"<li><code>{escape(str(p.relative_to(self.folder)))}</code></li>" for p in removed)
            + (f"<li><code>{escape(str(entry))}</code> (start with the desktop)</li>" if entry else "")
            + "</ul><p>Exports you saved elsewhere were not touched. The window closes now; the next "
            "start begins a new, empty journal.</p>"
        )
        self.stack.setCurrentIndex(1)
        self.adjustSize()
        self.setWindowTitle("Your data was deleted")
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.erased.emit(removed)
        return removed

    def reject(self) -> None:
        """Esc or the close box: cancels before deleting; after it, the work is done and it closes."""
        if self.removed is not None:
            self.accept()
        else:
            super().reject()


def _remove_autostart(folder: Path) -> Path | None:
    """Remove the autostart entry if it starts this journal (it would start an empty one at login)."""
    try:
        if autostart.starts(folder) and autostart.disable():
            return autostart.entry_path()
    except OSError:  # said nowhere else: the entry stays, and starts a new journal at login
        return None
    return None


def _autostart_item(folder: Path) -> str:
    """The desktop's autostart entry, when it starts this journal: it goes too."""
    if not autostart.starts(folder):
        return ""
    return (
        "<p>And outside that folder, the entry that starts this journal with the desktop: "
        f"<code>{escape(str(autostart.entry_path()))}</code>.</p>"
    )
