"""The journal's backups: `journal.backups`.

Every backup should open with exactly the journal's passphrase (none when it
has none); `standing` measures each against that rule, and `rekey` or
`delete` put one right. Passphrases come in as typed and stay in memory only.
"""

from __future__ import annotations

from pathlib import Path

from journal.domain.safety import Backup, Restored, Standing
from journal.storage import crypto, erase
from journal.storage.crypto import Secret
from journal.storage.store import Store


class Backups:
    """List, take, restore, measure, re-key and delete the journal's backups."""

    def __init__(self, store: Store) -> None:
        self._store = store
        #: The last passphrase `opens_with` found right, so `rekey` does not derive its key again.
        self._tried: tuple[Path, Secret] | None = None

    @property
    def folder(self) -> Path:
        """Where the backups are: `backups/` beside the journal."""
        return self._store.folder / "backups"

    def all(self) -> list[Backup]:
        """The backups, newest first."""
        return self._store.backups()

    def files(self) -> list[Path]:
        """Every file in the backups folder, the app's or not (what deleting all data removes)."""
        return erase.backup_files(self._store.folder)

    def take(self, reason: str = "manual") -> Backup:
        """A verified backup now (under the journal's passphrase), old ones thinned."""
        return self._store.backup(reason)

    def restore(self, backup: Path, passphrase: str | None = None) -> Restored:
        """Put a backup in place of the journal (the journal as it is is backed up first).

        `passphrase` opens an encrypted backup; it defaults to the journal's own.
        """
        return self._store.restore(backup, passphrase)

    def standing(self) -> list[Standing]:
        """Each backup against the rule "it opens with exactly the journal's passphrase"."""
        return self._store.survey_backups()

    @staticmethod
    def encrypted(backup: Path) -> bool:
        """Whether a backup has a passphrase of its own to ask for."""
        return crypto.is_encrypted(backup)

    def opens_with(self, backup: Path, passphrase: str) -> bool:
        """Whether `passphrase` opens `backup` (tried read-only; nothing changes)."""
        secret = Secret(passphrase)
        key = crypto.key_for(backup, secret)
        if key is None or not crypto.opens(backup, key):
            secret.forget()
            return False
        self._forget_tried()
        self._tried = (backup, secret)
        return True

    def rekey(self, backup: Path, passphrase: str | None) -> None:
        """Put a backup under the journal's passphrase, opened with its own (None if it has none).

        Raises WrongPassphrase if `passphrase` does not open it; nothing changes then.
        """
        secret: Secret | None = None
        if passphrase is not None:
            tried = self._tried
            same = tried is not None and tried[0] == backup and tried[1].matches(passphrase)
            secret = tried[1] if same and tried is not None else Secret(passphrase)
        try:
            self._store.rekey_backup(backup, secret)
        finally:
            if secret is not None:
                secret.forget()
            self._tried = None

    def delete(self, backup: Path) -> None:
        """Remove one backup for good (its bytes overwritten first)."""
        self._store.delete_backup(backup)

    def _forget_tried(self) -> None:
        if self._tried is not None:
            self._tried[1].forget()
            self._tried = None
