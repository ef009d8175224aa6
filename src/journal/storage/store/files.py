"""The journal's file as a whole: backups, the full check, restores and re-keying.

Replacing the file (a restore, a passphrase change, re-keying a backup) needs
the journal to itself: every connection is closed and the exclusive usage
lock held meanwhile, so no other window or command writes into a file that is
going away.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

from journal.domain.errors import JournalInUse, NotFound
from journal.domain.safety import (
    DAMAGED,
    ENCRYPTED,
    OTHER_PASSPHRASE,
    Backup,
    Health,
    Rekeyed,
    Restored,
    Standing,
)
from journal.storage import backups, crypto, health, pictures, rekey
from journal.storage import engine as eng
from journal.storage.crypto import Key, Secret
from journal.storage.store.base import StoreBase, connect
from journal.storage.usage import UsageLock


class Files(StoreBase):
    #: In memory while the journal is open and unlocked: the passphrase and the key derived from it
    #: (both None for a journal that is not encrypted, or while it is locked).
    _secret: Secret | None
    _key: Key | None
    _encrypted: bool
    _usage: UsageLock | None

    def _forget(self) -> None:
        if self._secret is not None:
            self._secret.forget()
        if self._key is not None:
            self._key.forget()
        self._secret = self._key = None

    def backup(self, reason: str = "manual") -> Backup:
        """A verified backup now (under the journal's key), old ones thinned."""
        return backups.take(self.engine, self.folder, reason, self.clock(), self._key)

    def backups(self) -> list[Backup]:
        return backups.list_backups(self.folder)

    def check(self) -> Health:
        """The journal's full check, with its photo stores and every live photo's picture."""
        found = health.check(self.engine)
        problems, photos = self.check_pictures()
        counts = {**found.counts, "photo": photos}
        return replace(found, problems=(*found.problems, *problems), counts=counts)

    def survey_backups(self) -> list[Standing]:
        """Every backup against the journal: does the journal's passphrase (or none) open it, exactly?"""
        return [standing for standing, _key in self._survey()]

    def _survey(self) -> list[tuple[Standing, Key | None]]:
        return backups.survey(self.folder, self._secret, self._key)

    @contextmanager
    def _replacing(self) -> Iterator[None]:
        """Close every connection and hold the journal alone while its file is replaced.

        The write-ahead log is given a second name before the last connection
        closes (which checkpoints and deletes it), so its bytes are overwritten
        with zeros afterwards instead of staying behind on the disk.
        """
        assert self._usage is not None, "the journal is closed"
        wal, kept = Path(f"{self.path}-wal"), Path(f"{self.path}-wal.old")
        with suppress(OSError):
            crypto.wipe(kept, wal)
            if wal.exists():
                os.link(wal, kept)
        self._drop_watch()
        self.engine.dispose()
        crypto.wipe(kept, wal)  # only unlinked if the log is still there (another process has it open)
        if not self._usage.exclusive():
            self._usage.shared()
            raise JournalInUse(
                "The journal is open in another window or command. Close it there first; nothing was changed."
            )
        try:
            yield
        finally:
            self._usage.shared()
            engine, _version = connect(self.path, self._key, self.folder, self.clock)
            self._use(engine)

    def restore(self, source: Path, passphrase: Secret | str | None = None) -> Restored:
        """Replace the journal with a backup (the current one is backed up first).

        `passphrase` opens an encrypted backup; it defaults to the journal's own.
        """
        secret = crypto.as_secret(passphrase) if passphrase is not None else self._secret
        key = crypto.key_for(source, secret)
        eng.check_file(source, key)  # a bad backup is refused before the journal is even closed
        with self._replacing():
            done = backups.restore(self.folder, source, self.clock(), key, self._key)
            if secret is not self._secret and self._secret is not None:
                self._secret.forget()
            # The restored file's key; None if it is not encrypted.
            self._secret, self._key = (secret, key) if key is not None else (None, None)
            self._encrypted = key is not None
        return done

    def change_passphrase(self, new: str | None) -> Rekeyed:
        """Encrypt, re-key or decrypt the journal and every backup it can read; None removes it.

        One operation over all the files (rekey.py): a kill at any moment leaves
        either the old passphrase for all of them or the new one for all of
        them, the next open finishing what was decided. Backups the journal's
        passphrase does not open (made under another one, or damaged) cannot be
        re-keyed: they are returned in `left`, never skipped silently. Backups
        with no encryption beside an encrypted journal are encrypted too, and
        so are the photo stores (pictures.py), always under the journal's key.
        """
        new_secret = Secret(new) if new is not None else None
        new_key = new_secret.new_key() if new_secret is not None else None  # the one derivation
        with self._replacing():
            surveyed = self._survey()
            jobs = [rekey.Job(self.path, self._key)]
            jobs += [rekey.Job(s.backup.path, key) for s, key in surveyed if s.readable]
            stores = [rekey.Job(path, self._key) for path in pictures.files(self.folder)]
            try:
                rekey.prepare(self.folder, [*jobs, *stores], new_key)
            except BaseException:
                if new_secret is not None:
                    new_secret.forget()
                raise
            self._forget()  # decided: from here on the new key is the journal's
            self._secret, self._key, self._encrypted = new_secret, new_key, new_key is not None
            rekey.finish(self.folder)
        # Described against the journal as it is now: under the new passphrase, or none.
        now = OTHER_PASSPHRASE if new_key is not None else ENCRYPTED
        left = tuple(
            s if s.problem == DAMAGED else replace(s, problem=now) for s, _key in surveyed if not s.readable
        )
        return Rekeyed(len(surveyed), len(jobs) - 1, left)

    def rekey_backup(self, path: Path, passphrase: Secret | str | None) -> None:
        """Put one backup under the journal's key (or none), opened with its own old passphrase.

        For a backup a passphrase change could not re-key: made under another
        passphrase, or encrypted beside a journal that has none. Raises
        WrongPassphrase if `passphrase` does not open it; nothing changes then.
        """
        key = crypto.key_for(path, crypto.as_secret(passphrase))
        eng.check_file(path, key)
        with self._replacing():
            rekey.run(self.folder, [rekey.Job(path, key)], self._key)

    def delete_backup(self, path: Path) -> None:
        """Remove one backup for good (its bytes overwritten first)."""
        if path.parent != self.folder / "backups":
            raise NotFound(f"{path.name} is not one of the journal's backups")
        backups.delete(path, self._key)
