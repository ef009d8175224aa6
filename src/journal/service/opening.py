"""Opening a journal: the one use case the window and the command line both render.

In order: an interrupted passphrase change is finished or undone (it decides
which passphrase to ask for), the passphrase is asked for if the file needs
one, the file is vetted and migrated, and a damaged or foreign file gets the
newest good backup offered in its place. `Opening.open` returns an `Outcome`
with the words to show; nothing here asks or shows anything itself.

Kept light on purpose: until `open` runs, only the key derivation is loaded
(no SQLAlchemy), so a start-up that asks for the passphrase first derives its
key on another core while the rest of the app loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from journal.domain.errors import (
    DamagedJournalError,
    JournalFileError,
    JournalInUse,
    NotAJournalError,
    PassphraseRequired,
    WrongPassphrase,
)
from journal.domain.safety import Backup, Restored
from journal.storage import crypto, rekey
from journal.storage.crypto import Secret

if TYPE_CHECKING:
    from journal.service.journal import Journal
    from journal.storage.store import Clock

#: What the passphrase prompt says about an interrupted change, by what opening will do about it.
_NEWS = {
    "finish": "A passphrase change was interrupted after it was decided; opening finishes it, so type "
    "the new passphrase.",
    "undo": "A passphrase change was interrupted before it was decided; opening undoes it, so type the "
    "passphrase you had before it.",
}


class Status(StrEnum):
    OPENED = "opened"
    NEEDS_PASSPHRASE = "needs passphrase"
    WRONG_PASSPHRASE = "wrong passphrase"
    DAMAGED = "damaged"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How an open went, with the words to show.

    `notices` say what opening did besides (an interrupted change finished,
    backups encrypted), whatever the status. A DAMAGED file (damaged, or not a
    journal) comes with the newest backup that passes the checks, if any, and
    whether the backups' passphrase is needed to look further.
    """

    status: Status
    message: str = ""
    notices: tuple[str, ...] = ()
    journal: Journal | None = None
    backup: Backup | None = None
    backups: int = 0
    backups_need_passphrase: bool = False


class NoGoodBackup(JournalFileError):
    """No backup passes the checks (with the passphrase given); nothing was changed."""


def list_backups(folder: Path) -> list[Backup]:
    """The backups in `folder`, newest first (without opening the journal)."""
    from journal.storage import backups

    return backups.list_backups(folder)


def recover(folder: Path) -> list[str]:
    """Finish or undo an interrupted passphrase change, before asking for a passphrase.

    Returns what was done, in words (nothing, usually).
    """
    from journal.storage.store import recover as recover_folder

    return recover_folder(folder)


class Opening:
    """One attempt to open the journal in `folder`, with the passphrases typed for it."""

    def __init__(self, folder: Path, *, zone: str | None = None, clock: Clock | None = None) -> None:
        self.folder = folder
        self.zone = zone
        self.clock = clock
        self._secret: Secret | None = None
        #: The backups' own passphrase, when the journal's is not theirs (a damaged file's restore).
        self._backup_secret: Secret | None = None
        #: What recovering from an interrupted change did, over every attempt of this opening.
        self._recovered: list[str] = []

    # -- the passphrase --------------------------------------------------------------

    @property
    def needs_passphrase(self) -> bool:
        """Whether the file the next open will use is encrypted (a decided change's copy, if one is left)."""
        return crypto.is_encrypted(rekey.journal_to_open(self.folder))

    @property
    def has_passphrase(self) -> bool:
        return self._secret is not None

    @property
    def news(self) -> str | None:
        """What opening will do about an interrupted passphrase change, for the passphrase prompt."""
        return _NEWS.get(rekey.interrupted(self.folder) or "")

    def use_passphrase(self, passphrase: str) -> None:
        """Keep the passphrase to open with, and start deriving its key on another thread now."""
        secret = Secret(passphrase)
        salt = crypto.salt_of(rekey.journal_to_open(self.folder))
        if salt is not None:
            secret.prepare(salt)
        self._secret = secret

    def try_passphrase(self, passphrase: str, warm: Callable[[], object] | None = None) -> str | None:
        """Keep `passphrase` if it opens the journal's first page; else say why not (None: kept).

        `warm` runs while the key is derived (loading the window's modules). A
        file damaged further passes: the backup offer follows, with this passphrase.
        """
        secret = Secret(passphrase)
        target = rekey.journal_to_open(self.folder)
        salt = crypto.salt_of(target)
        if salt is not None:
            secret.prepare(salt)
            if warm is not None:
                warm()
            if not crypto.opens(target, secret.key(salt)):
                secret.forget()
                return "That passphrase does not open the journal."
        self._secret = secret
        return None

    # -- opening ---------------------------------------------------------------------

    def open(self) -> Outcome:
        """Recover what an interrupted change left, then open; what stands in the way is told."""
        try:
            self._recovered += recover(self.folder)
        except OSError as err:
            self._recovered.append(
                f"An interrupted passphrase change could not be finished yet ({err.strerror or err})."
            )
        notices = list(self._recovered)
        from journal.service.journal import Journal
        from journal.storage.store import FILE_PROBLEMS, utc_now

        try:
            journal = Journal.open(
                self.folder, zone=self.zone, clock=self.clock or utc_now, passphrase=self._secret
            )
        except PassphraseRequired as err:
            return Outcome(Status.NEEDS_PASSPHRASE, str(err), tuple(notices))
        except WrongPassphrase as err:
            return Outcome(Status.WRONG_PASSPHRASE, str(err), tuple(notices))
        except (DamagedJournalError, NotAJournalError) as err:
            return self._damaged(str(err), notices)
        except JournalFileError as err:
            return Outcome(Status.UNREADABLE, str(err), tuple(notices))
        except FILE_PROBLEMS as err:  # a folder that cannot be written, a file that cannot be read
            return Outcome(Status.UNREADABLE, self._unreadable(err), tuple(notices))
        if self._backup_secret is not None and self._backup_secret is not self._secret:
            self._backup_secret.forget()  # the journal keeps its own; nothing else stays in memory
        self._backup_secret = None
        journal.notices[:0] = notices  # told with the rest (the window's status bar)
        return Outcome(Status.OPENED, notices=tuple(journal.notices), journal=journal)

    def _unreadable(self, err: BaseException) -> str:
        from journal.service.failures import reason

        said = err.strerror if isinstance(err, OSError) and err.strerror else reason(err)
        return f"The journal in {self.folder} cannot be opened: {said}. Nothing was changed."

    def _damaged(self, message: str, notices: list[str]) -> Outcome:
        from journal.storage import backups

        found = backups.list_backups(self.folder)
        good = backups.newest_good(self.folder, self._backup_secret or self._secret)
        locked = good is None and self._secret is None and self._backup_secret is None
        return Outcome(
            Status.DAMAGED,
            message,
            tuple(notices),
            backup=good,
            backups=len(found),
            backups_need_passphrase=locked and any(crypto.is_encrypted(b.path) for b in found),
        )

    # -- a damaged journal's backups -----------------------------------------------------

    def find_backup(self, passphrase: str) -> Backup | None:
        """The newest good backup this passphrase opens (it is kept for the restore), or None."""
        from journal.storage import backups

        secret = Secret(passphrase)
        good = backups.newest_good(self.folder, secret)
        if good is None:
            secret.forget()
            return None
        self._backup_secret = secret
        return good

    def restore(self, backup: Backup) -> Restored:
        """Put `backup` in place of the damaged journal, which is kept, unchanged, in backups/."""
        from journal.storage import backups

        secret = self._backup_secret or self._secret
        done = backups.restore(self.folder, backup.path, datetime.now(UTC), secret)
        if self._secret is None and self._backup_secret is not None:
            # The backup came with its passphrase, and so does the journal restored from it.
            self._secret, self._backup_secret = self._backup_secret, None
        return done


def restore_folder(folder: Path, source: Path | None, ask: Callable[[], str]) -> Restored:
    """Put a backup in place of the journal in `folder`: `source`, or the newest good one.

    Works on the folder, not on an open journal, so it replaces a file too
    damaged to open. The journal must not be open anywhere (JournalInUse).
    `ask` is called for the backups' passphrase when one of them, or
    `source`, is encrypted. The journal it replaces is backed up first (or
    kept, unchanged, when it cannot be read). Raises NoGoodBackup when none passes.
    """
    from journal.storage import backups
    from journal.storage.usage import UsageLock

    lock = UsageLock(folder)
    try:
        if not lock.exclusive():
            raise JournalInUse(
                "the journal is open in a window or another command; close it first. Nothing was changed."
            )
        listed = backups.list_backups(folder)
        encrypted = any(crypto.is_encrypted(b.path) for b in listed)
        if encrypted or (source is not None and crypto.is_encrypted(source)):
            passphrase: Secret | None = Secret(ask())  # derived once per salt
        else:
            passphrase = None
        if source is None:
            good = backups.newest_good(folder, passphrase)
            if good is None:
                raise NoGoodBackup(
                    f"no backup in {folder / 'backups'} passes the checks; nothing was changed."
                )
            source = good.path
        return backups.restore(folder, source, datetime.now(UTC), passphrase)
    finally:
        lock.close()
