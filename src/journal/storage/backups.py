"""Backups of the journal: taken with SQLite's backup API, verified, thinned, restored.

A backup is never a file copy of the live database (a copy taken mid-write can
be torn); it is written page by page by SQLite from a consistent snapshot,
checked with integrity_check, and only then given its final name. Old backups
are thinned so years of use keep a bounded number: the newest of each of the
last 7 days, 4 weeks and 12 months that have one, and all of the last 24 hours.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from journal import paths
from journal.domain.errors import DamagedJournalError, JournalFileError, WrongPassphrase
from journal.domain.safety import DAMAGED, ENCRYPTED, OTHER_PASSPHRASE, PLAIN, Backup, Restored, Standing
from journal.storage import crypto, pictures, rekey
from journal.storage import engine as eng

DAILY, WEEKLY, MONTHLY = 7, 4, 12
#: At start-up a backup is taken when the newest is older than this.
DUE_AFTER = timedelta(days=1)
#: A photo store that cannot be read (damaged, or not one): never a reason to lose a journal backup.
_UNREADABLE_STORE: tuple[type[Exception], ...] = (DamagedJournalError, *crypto.database_errors())
_SETTLE_PROBLEMS: tuple[type[Exception], ...] = (OSError, *_UNREADABLE_STORE)
_NAME = re.compile(r"^journal-(\d{8}T\d{6}Z)(?:-\d+)?-([a-z0-9-]+)\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%SZ"


def folder_for(journal_folder: Path) -> Path:
    return paths.backup_dir(journal_folder)


def list_backups(journal_folder: Path) -> list[Backup]:
    """The journal's backups, newest first; files named otherwise are not ours and are ignored."""
    found = []
    folder = journal_folder / "backups"
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and path.is_file():
            taken = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
            found.append(Backup(path, taken, match[2]))
    # Names tell the second; within one second the file written last is the newest.
    return sorted(found, key=lambda b: (b.taken, b.path.stat().st_mtime_ns), reverse=True)


def due(journal_folder: Path, now: datetime) -> bool:
    """True when no backup is younger than a day."""
    newest = next(iter(list_backups(journal_folder)), None)
    return newest is None or now - newest.taken >= DUE_AFTER


def take(
    engine: Engine, journal_folder: Path, reason: str, now: datetime, key: crypto.Key | None = None
) -> Backup:
    """Write a verified backup now (under the journal's key), then thin the old ones; returns it.

    The pictures its photo entries name go into the photo backup store, once
    each (`pictures.back_up`); if the disk refuses them, the backup is removed
    again and the error raised, so every backup can be restored whole. A photo
    store too damaged to read does not stop the journal being backed up (the
    full check names it).
    """
    folder = folder_for(journal_folder)
    stamp = now.astimezone(UTC).strftime(_STAMP)
    dest = folder / f"journal-{stamp}-{reason}.sqlite3"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"journal-{stamp}-{n}-{reason}.sqlite3"
    eng.backup(engine, dest, key)
    try:
        pictures.back_up(journal_folder, dest, key)
    except _UNREADABLE_STORE:
        pass  # a damaged photo store: the journal is still backed up, and the check names the store
    except BaseException:
        crypto.wipe(dest)  # a full disk, say: no backup is kept without its pictures
        raise
    paths.sync_folder(folder)
    made = Backup(dest, now.astimezone(UTC).replace(microsecond=0), reason)
    thin(journal_folder, keep=made, key=key)
    return made


def to_remove(
    backups: Sequence[Backup], daily: int = DAILY, weekly: int = WEEKLY, monthly: int = MONTHLY
) -> list[Backup]:
    """The backups thinning would delete: all but the newest of each recent day, week and month."""
    newest_first = sorted(backups, key=lambda b: b.taken, reverse=True)
    if not newest_first:
        return []
    # Everything from the last day stays, so a backup made on request is not thinned
    # away by the next one (before an import, say) minutes later.
    keep = {b.path for b in newest_first if newest_first[0].taken - b.taken < DUE_AFTER}

    def newest_per(key: Callable[[date], Hashable], count: int) -> None:
        seen: set[Hashable] = set()
        for b in newest_first:
            bucket = key(b.taken.date())
            if bucket not in seen:
                if len(seen) == count:
                    return
                seen.add(bucket)
                keep.add(b.path)

    newest_per(lambda d: d, daily)
    newest_per(lambda d: d.isocalendar()[:2], weekly)
    newest_per(lambda d: (d.year, d.month), monthly)
    return [b for b in newest_first if b.path not in keep]


def thin(journal_folder: Path, keep: Backup | None = None, key: crypto.Key | None = None) -> list[Path]:
    """Delete the backups thinning no longer keeps (never `keep`); returns what went.

    Pictures that only those backups named leave the photo backup store (opened with `key`).
    """
    removed = []
    for b in to_remove(list_backups(journal_folder)):
        if keep is None or b.path != keep.path:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    if removed:
        forget_pictures(journal_folder, key)
    return removed


def forget_pictures(journal_folder: Path, key: crypto.Key | None) -> int:
    """Drop from the photo backup store the pictures no remaining backup names (never fatal: a store
    that cannot be opened now keeps them until the next time)."""
    names = {b.path.name for b in list_backups(journal_folder)}
    problems: tuple[type[Exception], ...] = (OSError, JournalFileError, *crypto.database_errors())
    try:
        return pictures.forget_backups(journal_folder, key, names)
    except problems:
        return 0


def newest_good(journal_folder: Path, unlock: crypto.Unlock = None) -> Backup | None:
    """The newest backup that passes the read-only checks (with this passphrase, if any)."""
    if isinstance(unlock, str):
        unlock = crypto.Secret(unlock)  # derived once per salt, not once per backup
    for b in list_backups(journal_folder):
        try:
            eng.check_file(b.path, unlock)
        except JournalFileError:
            continue
        return b
    return None


def survey(
    journal_folder: Path, secret: crypto.Secret | None, journal_key: crypto.Key | None
) -> list[tuple[Standing, crypto.Key | None]]:
    """Every backup against the journal's key (None: the journal is not encrypted), newest first.

    Each comes with the key that opens it now (None: not encrypted, or not
    readable). Each is read (quick_check included) on a read-only connection;
    a backup with another salt but the same passphrase costs one key derivation.
    """
    unreadable: tuple[type[Exception], ...] = (JournalFileError, *crypto.database_errors())
    out: list[tuple[Standing, crypto.Key | None]] = []
    for b in list_backups(journal_folder):
        encrypted = crypto.is_encrypted(b.path)
        if encrypted and (journal_key is None or secret is None):
            out.append((Standing(b, False, ENCRYPTED), None))
            continue
        key = crypto.key_for(b.path, secret) if encrypted else None
        try:
            eng.check_file(b.path, key)
        except WrongPassphrase:
            out.append((Standing(b, False, OTHER_PASSPHRASE), None))
            continue
        except unreadable:
            out.append((Standing(b, False, DAMAGED), None))
            continue
        problem = PLAIN if journal_key is not None and not encrypted else None
        out.append((Standing(b, True, problem), key))
    return out


def delete(backup: Path, key: crypto.Key | None = None) -> None:
    """Remove one backup for good, its bytes overwritten first, and the pictures only it named."""
    crypto.wipe(backup)
    paths.sync_folder(backup.parent)
    forget_pictures(backup.parent.parent, key)


def restore(
    journal_folder: Path,
    source: Path,
    now: datetime,
    unlock: crypto.Unlock = None,
    current: crypto.Unlock = None,
) -> Restored:
    """Put a backup in place of the journal; the journal must not be open anywhere.

    An interrupted passphrase change is finished or rolled back first. The
    backup is vetted and copied first (nothing changes if it is bad or the
    passphrase is wrong). A healthy current journal (opened with `current`, by
    default `unlock`) is backed up before it is replaced; a damaged or foreign
    one is moved, unchanged, into the backups folder, so a restore never
    destroys anything.
    """
    rekey.recover(journal_folder)
    if isinstance(unlock, str):
        unlock = crypto.Secret(unlock)
    key = crypto.key_for(source, unlock)
    eng.check_file(source, key if key is not None else unlock)
    db = paths.db_path(journal_folder)
    tmp = db.with_name(db.name + ".restoring")
    tmp.unlink(missing_ok=True)
    _copy(source, tmp, key)
    try:
        safety, set_aside = _save_current(db, journal_folder, now, current if current is not None else unlock)
        tmp.replace(db)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm"):  # left by the file just replaced; they would corrupt the new one
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    paths.sync_folder(journal_folder)
    openers = [current if current is not None else unlock, unlock]
    try:
        notes = pictures.settle(journal_folder, key, openers, _rekey_store(journal_folder))
    except _SETTLE_PROBLEMS as err:  # the journal is restored; say what is left to do
        notes = [f"The photos could not be put back with it ({err}); restore the backup again to retry."]
    return Restored(source, safety, set_aside, tuple(notes))


def _rekey_store(journal_folder: Path) -> Callable[[Path, crypto.Key | None, crypto.Key | None], None]:
    """Put one photo store under the restored journal's key, as a passphrase change does (rekey.py)."""

    def run(path: Path, old: crypto.Key | None, new: crypto.Key | None) -> None:
        rekey.run(journal_folder, [rekey.Job(path, old)], new)

    return run


def _save_current(
    db: Path, journal_folder: Path, now: datetime, unlock: crypto.Unlock
) -> tuple[Backup | None, Path | None]:
    """Back up the journal about to be replaced, or set it aside unchanged if it cannot be read."""
    if not db.exists() or not db.stat().st_size:
        return None, None
    key = crypto.key_for(db, unlock)
    try:
        eng.check_file(db, key)
    except JournalFileError:
        return None, _set_aside(db, folder_for(journal_folder), now)
    engine = eng.make_engine(db, key)
    try:
        return take(engine, journal_folder, "before-restore", now, key), None
    finally:
        engine.dispose()


def _copy(source: Path, dest: Path, key: crypto.Key | None) -> None:
    """Copy a closed database file through the backup API, verified and synced to disk."""
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_EXCL, eng.PRIVATE_FILE)
    os.close(fd)
    uri = f"{source.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        with (
            contextlib.closing(crypto.connect(uri, key, uri=True)) as src,
            contextlib.closing(crypto.connect(str(dest), key)) as target,
        ):
            src.backup(target)
            if target.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise DamagedJournalError(f"the copy of {source.name} failed its integrity check")
        with dest.open("rb+") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def _set_aside(db: Path, folder: Path, now: datetime) -> Path:
    """Move a damaged journal (and its -wal/-shm) out of the way without changing a byte."""
    stamp = now.astimezone(UTC).strftime(_STAMP)
    aside = folder / f"damaged-{stamp}.sqlite3"
    db.replace(aside)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{db}{suffix}")
        if extra.exists():
            extra.replace(Path(f"{aside}{suffix}"))
    return aside
