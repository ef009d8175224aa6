"""Backups and the passphrase, in Settings and the File menu.

Back up now, restore a chosen backup (the current journal is backed up first),
run the full check, and set, change or remove the passphrase. Each replaces or
reads the whole file, so each says plainly what it did, or why it did not.

Every backup should open with exactly the journal's passphrase (none when it
has none). One that does not (made under another passphrase, or damaged) is
listed after the check or a passphrase change, never skipped silently, with
the two ways out: re-key it with the passphrase it was made under, or delete it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import check_new_passphrase
from journal.domain.errors import PassphraseError
from journal.domain.safety import DAMAGED, Backup, Standing, standing_summary
from journal.service.failures import FILE_PROBLEMS
from journal.service.journal import Journal
from journal.ui.dialogs.passphrase import PassphraseDialog, password_field
from journal.ui.text import home_path
from journal.ui.widgets.fields import buddy, error_label, set_tab_order, show_error

FORGOTTEN = (
    "A forgotten passphrase cannot be recovered: without it nobody, you included, can read the "
    "journal or its backups. Keep it somewhere safe."
)


def describe(b: Backup) -> str:
    local = b.taken.astimezone()
    return f"{local:%Y-%m-%d %H:%M} — {b.why} — {b.size_text}"


def _ok_cancel() -> QDialogButtonBox:
    return QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)


class NewPassphraseDialog(QDialog):
    """Type a new passphrase twice, with the warning that it cannot be recovered."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        warning = QLabel(f"⚠ {FORGOTTEN}")
        warning.setWordWrap(True)
        warning.setAccessibleName("Passphrase warning")
        self.first = password_field("New passphrase")
        self.second = password_field("New passphrase again")
        self.error = error_label("New passphrase problem")
        form = QFormLayout()
        form.addRow(buddy("&New passphrase", self.first), self.first)
        form.addRow(buddy("The &same again", self.second), self.second)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Encrypt")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _check(self) -> None:
        try:
            check_new_passphrase(self.first.text(), self.second.text())
        except PassphraseError as err:
            show_error(self.error, str(err))
            return
        self.accept()


class RestoreDialog(QDialog):
    """Pick a backup to put in place of the journal."""

    def __init__(self, found: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        intro = QLabel(
            "Choose the backup to put in place of your journal. Your journal as it is now is backed "
            "up first, so a restore can itself be undone by restoring that backup."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        for b in found:
            item = QListWidgetItem(describe(b))
            item.setData(Qt.ItemDataRole.UserRole, b)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Restore")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> Backup | None:
        item = self.list.currentItem()
        chosen: Backup | None = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return chosen


class SafetyBox(QGroupBox):
    """Settings' "Backups and passphrase" group; the File menu calls the same methods."""

    #: The journal file was replaced (restore, passphrase): pages must read it again.
    replaced = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__("Backups and passphrase", parent)
        self.journal = journal
        self.setAccessibleName("Backups and passphrase")
        self.backup_state = QLabel()
        self.backup_state.setWordWrap(True)
        self.backup_state.setAccessibleName("Backups")
        self.backup_button = self._button("&Back up now", "Write a verified backup now")
        self.restore_button = self._button("&Restore a backup…", "Put a backup in place of the journal")
        self.check_button = self._button("&Check the journal", "Run the full integrity and link checks")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Backup and check result")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phrase_state = QLabel()
        self.phrase_state.setWordWrap(True)
        self.phrase_state.setAccessibleName("Passphrase state")
        self.set_button = self._button("Set a &passphrase…", "Encrypt the journal and its backups")
        self.change_button = self._button("C&hange passphrase…", "Re-encrypt under a new passphrase")
        self.remove_button = self._button("Remove passphrase…", "Store the journal without encryption")
        self.mismatches = QListWidget()
        self.mismatches.setAccessibleName("Backups that do not open with the journal's passphrase")
        self.mismatches.setWordWrap(True)
        self.mismatches.setMaximumHeight(self.fontMetrics().height() * 7)
        self.rekey_button = self._button(
            "Re-&key this backup…",
            "Put the chosen backup under the journal's passphrase (asks for the one it was made under)",
        )
        self.delete_button = self._button("&Delete this backup…", "Remove the chosen backup for good")
        self.attention = QWidget()
        self.attention.setAccessibleName("Backups that need attention")
        attention_help = QLabel(
            "These backups do not open with the journal's passphrase. Re-key one with the passphrase it "
            "was made under, or delete it."
        )
        attention_help.setWordWrap(True)
        attention_row = QHBoxLayout()
        attention_row.addWidget(self.rekey_button)
        attention_row.addWidget(self.delete_button)
        attention_row.addStretch(1)
        attention_column = QVBoxLayout(self.attention)
        attention_column.setContentsMargins(0, 0, 0, 0)
        attention_column.addWidget(attention_help)
        attention_column.addWidget(self.mismatches)
        attention_column.addLayout(attention_row)
        self.attention.hide()

        backup_row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.check_button):
            backup_row.addWidget(button)
        backup_row.addStretch(1)
        phrase_row = QHBoxLayout()
        for button in (self.set_button, self.change_button, self.remove_button):
            phrase_row.addWidget(button)
        phrase_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.backup_state)
        layout.addLayout(backup_row)
        layout.addWidget(self.result)
        layout.addWidget(self.attention)
        layout.addWidget(self.phrase_state)
        layout.addLayout(phrase_row)

        #: As the box reads: the backup buttons, the backups that need attention, the passphrase's.
        self.tab_stops: list[QWidget] = [
            self.backup_button,
            self.restore_button,
            self.check_button,
            self.mismatches,
            self.rekey_button,
            self.delete_button,
            self.set_button,
            self.change_button,
            self.remove_button,
        ]
        set_tab_order(self.tab_stops)

        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.choose_restore)
        self.check_button.clicked.connect(self.check)
        self.set_button.clicked.connect(self.set_passphrase)
        self.change_button.clicked.connect(self.set_passphrase)
        self.remove_button.clicked.connect(self.remove_passphrase)
        self.rekey_button.clicked.connect(self.rekey_backup)
        self.delete_button.clicked.connect(self.delete_backup)
        self.mismatches.currentItemChanged.connect(lambda *_: self._choose_mismatch())
        self.refresh()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setToolTip(tip)
        return button

    def refresh(self) -> None:
        found = self.journal.backups.all()
        where = home_path(self.journal.backups.folder)
        when = (
            "A backup is made when the journal opens (once a day), before every import or restore, "
            "and when you press Back up now."
        )
        if found:
            kept = f"{len(found)} backup{'s are' if len(found) != 1 else ' is'} kept"
            self.backup_state.setText(
                f"Newest backup: {describe(found[0])}. {kept} in {where}: the newest of each of the last "
                f"7 days, 4 weeks and 12 months. {when}"
            )
        else:
            self.backup_state.setText(f"No backups yet; they will be kept in {where}. {when}")
        self.restore_button.setEnabled(bool(found))
        encrypted = self.journal.encrypted
        self.phrase_state.setText(
            "Your journal and its backups are encrypted with your passphrase. " + FORGOTTEN
            if encrypted
            else "Your journal is not encrypted: anyone who can open your files can read it. A passphrase "
            "encrypts the journal and its backups (SQLCipher, AES-256)."
        )
        self.set_button.setVisible(not encrypted)
        self.change_button.setVisible(encrypted)
        self.remove_button.setVisible(encrypted)

    def _run(self, work: Callable[[], str]) -> bool:
        """Do one whole-file job with a busy cursor; say the outcome in the result line."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result.setText(work())
            ok = True
        except FILE_PROBLEMS as err:
            self.result.setText(f"⚠ {err}")
            ok = False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.refresh()
        return ok

    def backup_now(self) -> bool:
        return self._run(lambda: f"Backed up to {self.journal.backups.take('manual').path.name}.")

    def check(self) -> bool:
        """The full check of the journal, then every backup against the journal's passphrase."""

        def work() -> str:
            health = self.journal.check().summary()
            standing = self.journal.backups.standing()
            self.show_mismatches(standing)
            summary = standing_summary(standing, self.journal.encrypted)
            if summary.endswith(":"):
                summary = summary.removesuffix(":") + " (listed below)."
            return f"{health} {summary}"

        return self._run(work)

    # -- backups that do not open with the journal's passphrase ------------------------

    def show_mismatches(self, standing: list[Standing] | tuple[Standing, ...]) -> None:
        """List the backups that differ from the rule (hidden when there are none)."""
        self.mismatches.clear()
        for s in standing:
            if s.problem is None:
                continue
            item = QListWidgetItem(f"{describe(s.backup)}\n{s.describe()}")
            item.setToolTip(s.describe())
            item.setData(Qt.ItemDataRole.UserRole, s)
            self.mismatches.addItem(item)
        self.attention.setVisible(self.mismatches.count() > 0)
        self.mismatches.setCurrentRow(0)
        self._choose_mismatch()

    def chosen_mismatch(self) -> Standing | None:
        item = self.mismatches.currentItem()
        chosen: Standing | None = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return chosen

    def _choose_mismatch(self) -> None:
        chosen = self.chosen_mismatch()
        self.rekey_button.setEnabled(chosen is not None and chosen.problem != DAMAGED)
        self.delete_button.setEnabled(chosen is not None)

    def rekey_backup(self) -> bool:
        """Ask for the chosen backup's own passphrase (if it has one) and put it under the journal's."""
        chosen = self.chosen_mismatch()
        if chosen is None or chosen.problem == DAMAGED:
            return False
        path = chosen.backup.path
        tried: list[str] = []
        if self.journal.backups.encrypted(path):

            def attempt(text: str) -> str | None:
                if not self.journal.backups.opens_with(path, text):
                    return "That passphrase does not open this backup."
                tried.append(text)
                return None

            after = (
                "It is then encrypted with the journal's passphrase."
                if self.journal.encrypted
                else "It is then stored without encryption, like the journal."
            )
            dialog = PassphraseDialog(
                f"Type the passphrase the backup of {describe(chosen.backup)} was made under. {after}",
                attempt,
                self,
            )
            if not dialog.exec() or not tried:
                return False

        def work() -> str:
            self.journal.backups.rekey(path, tried[-1] if tried else None)
            self.show_mismatches(self.journal.backups.standing())
            if self.journal.encrypted:
                return f"The backup of {describe(chosen.backup)} now opens with the journal's passphrase."
            return f"The backup of {describe(chosen.backup)} is no longer encrypted, like the journal."

        return self._run(work)

    def delete_backup(self) -> bool:
        """Remove the chosen backup for good, after asking."""
        chosen = self.chosen_mismatch()
        if chosen is None:
            return False
        answer = QMessageBox.question(
            self,
            "Delete this backup?",
            f"Delete the backup of {describe(chosen.backup)} for good? Its bytes are overwritten first; "
            "it cannot be restored afterwards.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False

        said = describe(chosen.backup)  # its size is read from the file, so before it goes

        def work() -> str:
            self.journal.backups.delete(chosen.backup.path)
            self.show_mismatches(self.journal.backups.standing())
            return f"Deleted the backup of {said}."

        return self._run(work)

    def choose_restore(self) -> bool:
        dialog = RestoreDialog(self.journal.backups.all(), self)
        if not dialog.exec() or (chosen := dialog.chosen()) is None:
            return False
        answer = QMessageBox.question(
            self,
            "Restore this backup?",
            f"Put the backup of {describe(chosen)} in place of your journal? Entries made since then "
            "leave the journal; your journal as it is now is backed up first.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.restore(chosen)

    def restore(self, chosen: Backup) -> bool:
        def work() -> str:
            done = self.journal.backups.restore(chosen.path)
            saved = f" Your journal as it was is in {done.safety.path.name}." if done.safety else ""
            return f"Restored the backup of {describe(chosen)}.{saved}"

        ok = self._run(work)
        if ok:
            self.replaced.emit()
        return ok

    def set_passphrase(self) -> bool:
        title = "Change the passphrase" if self.journal.encrypted else "Set a passphrase"
        dialog = NewPassphraseDialog(title, self)
        if not dialog.exec():
            return False
        return self._change(dialog.first.text())

    def remove_passphrase(self) -> bool:
        def attempt(text: str) -> str | None:
            return None if self.journal.verify_passphrase(text) else "That passphrase is not right."

        dialog = PassphraseDialog(
            "Type your passphrase to remove it. The journal and its backups will be stored without "
            "encryption: anyone who can open your files can then read them.",
            attempt,
            self,
        )
        if not dialog.exec():
            return False
        return self._change(None)

    def _change(self, new: str | None) -> bool:
        """Set, change or remove the passphrase; say what was done, counted, and list what was not."""

        def work() -> str:
            done = self.journal.change_passphrase(new)
            self.show_mismatches(done.left)
            return done.summary(encrypted=new is not None)

        ok = self._run(work)
        if ok:
            self.replaced.emit()
        return ok
