"""Opening and closing the journal, and its passphrase: the Store as one object.

The Store is made of one part per kind of entry (products, intakes, symptoms,
pain, withdrawal scores, photos, breaks), the timeline's bulk reads, settings, deletes, and the file as a
whole (backups, restores, re-keying); this module opens it and holds the key.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from journal import paths, resources
from journal.domain.catalogue import Catalogue
from journal.domain.errors import JournalFileError, WrongPassphrase
from journal.storage import backups, crypto, pictures, rekey
from journal.storage import engine as eng
from journal.storage.crypto import Key, Secret
from journal.storage.store.base import Clock, connect, utc_now
from journal.storage.store.breaks import Breaks
from journal.storage.store.deletes import Deletes
from journal.storage.store.files import Files
from journal.storage.store.intakes import Intakes
from journal.storage.store.lines import Lines
from journal.storage.store.medications import Medications
from journal.storage.store.pain import Pain
from journal.storage.store.photos import Photos
from journal.storage.store.plans import Plans
from journal.storage.store.products import Products
from journal.storage.store.settings import SettingsRows
from journal.storage.store.stash import Purchases
from journal.storage.store.symptoms import Symptoms
from journal.storage.store.tags import Tags
from journal.storage.store.withdrawal import Withdrawal
from journal.storage.usage import UsageLock

#: Added to "wrong passphrase" when the open before it completed an interrupted change.
FINISHED_CHANGE = (
    "An interrupted passphrase change was completed just now: the journal and its backups "
    "now open with the new passphrase."
)
UNDONE_CHANGE = (
    "An interrupted passphrase change was undone: the journal and its backups keep the passphrase "
    "they had (or none). Change it again if you still want to."
)
#: What can go wrong reading or writing the journal's files, besides what the journal says itself.
FILE_PROBLEMS: tuple[type[Exception], ...] = (
    OSError,
    JournalFileError,
    DBAPIError,
    *crypto.database_errors(),
)


def _recovered(recovery: rekey.Recovery) -> list[str]:
    if recovery.rolled_forward:
        return [FINISHED_CHANGE]
    return [UNDONE_CHANGE] if recovery.rolled_back else []


def recover(folder: Path) -> list[str]:
    """Finish or undo an interrupted passphrase change in `folder`, before anything reads the journal.

    Run before asking for a passphrase: a change that was decided is finished
    (so the new passphrase is the one to ask for), one that was not is undone.
    Needs no passphrase; does nothing while another process has the journal
    open (it recovered when it opened). Returns what it did, in words.
    """
    if not paths.db_path(folder).exists() and not (folder / rekey.RECORD).exists():
        return []
    usage = UsageLock(folder)
    try:
        return _recovered(rekey.recover(folder)) if usage.exclusive() else []
    finally:
        usage.close()


def _encrypt_plain_backups(folder: Path, key: Key | None) -> list[str]:
    """Backups with no encryption beside an encrypted journal (an older version's interrupted change
    left them) are encrypted with its key, in one recoverable operation; never fatal."""
    if key is None:
        return []
    found = backups.list_backups(folder)
    plain = [b.path for b in found if not crypto.is_encrypted(b.path) and crypto.opens(b.path, None)]
    stores = [p for p in pictures.files(folder) if not crypto.is_encrypted(p) and crypto.opens(p, None)]
    if not plain and not stores:
        return []
    many = len(plain) != 1
    try:
        rekey.run(folder, [rekey.Job(p, None) for p in [*plain, *stores]], key)
    except FILE_PROBLEMS as err:
        return [
            f"{len(plain)} backup{'s' if many else ''} without encryption could not be encrypted with the "
            f"journal's passphrase ({err}). Run the check (journal check) to see {'them' if many else 'it'}."
        ]
    if not plain:
        return ["The photo store without encryption was encrypted with the journal's passphrase."]
    return [
        f"{len(plain)} backup{'s' if many else ''} without encryption (left by an interrupted passphrase "
        f"change) {'were' if many else 'was'} encrypted with the journal's passphrase."
    ]


class Store(
    Files,
    SettingsRows,
    Deletes,
    Lines,
    Breaks,
    Photos,
    Withdrawal,
    Pain,
    Symptoms,
    Intakes,
    Products,
    Medications,
    Plans,
    Tags,
    Purchases,
):
    """Read and write the journal. Open with Store.open(); close when done.

    Callers hand in and get back domain values; no SQL leaves the store. Deletes
    are soft (a `deleted` time) so they can be undone.
    """

    def __init__(
        self,
        engine: Engine,
        path: Path,
        clock: Clock = utc_now,
        secret: Secret | None = None,
        key: Key | None = None,
    ) -> None:
        self.path = path
        self.clock = clock
        self._secret = secret if key is not None else None
        self._key = key
        self._encrypted = key is not None
        #: Why the automatic backup at start failed, if it did (shown, never fatal).
        self.backup_problem: str | None = None
        #: What opening did besides opening (an interrupted change finished, backups encrypted).
        self.notices: list[str] = []
        self.guidance = resources.guidance()
        self.refreshed = frozenset()
        self._usage = None
        self._use(engine)

    @classmethod
    def open(
        cls,
        folder: Path,
        catalogue: Catalogue,
        *,
        passphrase: Secret | str | None = None,
        clock: Clock = utc_now,
        auto_backup: bool = True,
    ) -> Store:
        """Vet, open and migrate the journal in `folder`, creating it if new.

        With the journal to itself, an open first finishes or rolls back an
        interrupted passphrase change (no passphrase needed for that) and
        removes what interrupted operations left. An encrypted journal needs
        its passphrase (PassphraseRequired, or WrongPassphrase, and nothing
        more is changed); its key is derived once here. Backups without
        encryption beside an encrypted journal are encrypted with its key. An
        existing journal is backed up when the newest backup is over a day old.
        """
        folder = paths.private_dir(folder)
        backups.folder_for(folder)  # created private up front, where the person can see it
        store_path = paths.db_path(folder)
        secret = crypto.as_secret(passphrase)
        usage = UsageLock(folder)
        notices: list[str] = []
        try:
            alone = usage.exclusive()
            if alone:
                notices += _recovered(rekey.recover(folder))
            else:
                usage.shared()
            key = crypto.key_for(store_path, secret)  # the one key derivation of this open
            try:
                engine, version = connect(store_path, key, folder, clock)
            except WrongPassphrase as err:
                if any(n == FINISHED_CHANGE for n in notices):
                    raise WrongPassphrase(f"{err} {FINISHED_CHANGE}") from err
                raise
            try:
                if alone:
                    try:
                        notices += _encrypt_plain_backups(folder, key)
                    finally:
                        usage.shared()
            except BaseException:
                engine.dispose()
                raise
        except BaseException:
            usage.close()
            raise
        store = cls(engine, store_path, clock, secret, key)
        store._usage = usage
        store.notices = notices
        try:
            store.sync_catalogue(catalogue)
        except BaseException:
            store.close()
            raise
        if auto_backup and version > 0 and backups.due(folder, clock()):
            try:
                store.backup("daily")
            except FILE_PROBLEMS as err:
                store.backup_problem = f"The daily backup could not be written ({err})."
        eng.make_private(store_path)
        return store

    def close(self) -> None:
        self._drop_watch()
        self.engine.dispose()
        self._forget()
        if self._usage is not None:
            self._usage.close()
            self._usage = None

    # -- the passphrase and the key -------------------------------------------------

    @property
    def encrypted(self) -> bool:
        """True when the journal file is protected by a passphrase (locked or not)."""
        return self._encrypted

    @property
    def locked(self) -> bool:
        return self._encrypted and self._key is None

    def verify_passphrase(self, attempt: str) -> bool:
        """Whether `attempt` is the journal's passphrase (compared in memory, or tried on the file)."""
        if not self._encrypted:
            return False
        if self._secret is not None:
            return self._secret.matches(attempt)
        key = crypto.key_for(self.path, attempt)
        return key is not None and crypto.opens(self.path, key)

    def lock(self) -> None:
        """Drop the key and every connection (the window's lock); `unlock` derives it again.

        Until then every read or write raises JournalLocked. A journal without
        a passphrase has no key: its connections are only closed.
        """
        self._drop_watch()
        self.engine.dispose()
        if self._encrypted:
            self._forget()

    def unlock(self, attempt: str) -> bool:
        """Derive the key from `attempt` and take it if it opens the journal; False if it does not."""
        if not self.locked:
            return not self._encrypted or self.verify_passphrase(attempt)
        secret = Secret(attempt)
        key = crypto.key_for(self.path, secret)
        if key is None or not crypto.opens(self.path, key):
            secret.forget()
            return False
        self._secret, self._key = secret, key
        self._use(eng.make_engine(self.path, key))
        return True
