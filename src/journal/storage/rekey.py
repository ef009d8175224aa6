"""Re-encrypting the journal and its backups as one operation that a crash cannot split.

1. Every file (the journal, each backup) is exported beside itself as
   `NAME.rekey` under the new key, checked (integrity, the same rows in every
   table, the application id) and flushed to disk. Nothing else changes: an
   error wipes the copies, and after a crash the next open does (roll back).
2. The record `journal.sqlite3-rekey` (the files' names, nothing secret) is
   written beside the journal and flushed, then renamed into place and the
   folder flushed: from that moment the new state is decided.
3. Each original is overwritten with zeros and removed, and its copy renamed
   into its place; then the old journal's write-ahead log is wiped and the
   record removed. A crash here is finished by the next open (roll forward):
   only wipes and renames are left, so no passphrase is needed for it.

Overwriting an original before its copy takes its name needs no hard link
(which some file systems lack) and leaves no second name holding old bytes: a
crash between the two leaves the complete copy, which the record says to use.
`recover` runs at every open that has the journal to itself, and also sweeps
what older versions or interrupted backups and restores left (`.old`, `.part`,
`-journal` files, in the data folder and in `backups/`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from journal import paths
from journal.storage import crypto
from journal.storage.crypto import Key

#: The commit record, beside the journal (its name starts with the journal's, so erasing takes it too).
RECORD = paths.DB_NAME + "-rekey"
COPY = ".rekey"
#: The photo store's name after the journal's (storage/pictures.py): its copies are swept like the journal's.
PHOTOS = "-photos"
#: Files beside the journal that only an interrupted operation leaves.
_BESIDE = (
    COPY,
    COPY + "-journal",
    ".old",
    "-wal.old",
    ".restoring",
    ".restoring-journal",
)
#: Endings of files in backups/ that only an interrupted operation leaves (a backup is never written in
#: place, so a rollback journal there belongs to a copy being written).
_IN_BACKUPS = (COPY, COPY + "-journal", ".old", ".part", ".part-journal", "-journal")


class CopyMismatch(sqlite3.DatabaseError):
    """A re-encrypted copy did not match its original; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Job:
    """A file to put under the new key, and the key that opens it now (None: not encrypted)."""

    path: Path
    key: Key | None


@dataclass(frozen=True, slots=True)
class Recovery:
    """What an open found left by an interrupted operation and put right."""

    rolled_forward: bool
    swapped: int
    wiped: tuple[Path, ...]

    @property
    def rolled_back(self) -> bool:
        """Copies were found with no record: a change was interrupted before it was decided."""
        return not self.rolled_forward and any(p.name.endswith(COPY) for p in self.wiped)


def run(folder: Path, jobs: Sequence[Job], new: Key | None) -> None:
    """Put every file of `jobs` under `new` (None: no encryption), all or none of them.

    The journal must be closed everywhere (the caller holds the usage lock alone).
    """
    prepare(folder, jobs, new)
    finish(folder)


def copy_of(path: Path) -> Path:
    return path.with_name(path.name + COPY)


def journal_to_open(folder: Path) -> Path:
    """The file the next open will use as the journal: a recorded change's copy until it is renamed.

    Lets a start-up ask for the right passphrase (and start deriving its key)
    before it has loaded what `recover` needs.
    """
    db = paths.db_path(folder)
    copy = copy_of(db)
    return copy if (folder / RECORD).exists() and copy.exists() else db


def interrupted(folder: Path) -> str | None:
    """What the next open will do about an interrupted change: "finish", "undo", or None."""
    if (folder / RECORD).exists():
        return "finish"
    return "undo" if copy_of(paths.db_path(folder)).exists() else None


def prepare(folder: Path, jobs: Sequence[Job], new: Key | None) -> None:
    """Phases 1 and 2: verified copies of every file, then the record. Raises with nothing changed."""
    made: list[Path] = []
    try:
        for job in jobs:
            copy = copy_of(job.path)
            _wipe_copy(copy)
            made.append(copy)
            write_copy(job.path, job.key, copy, new)
        for parent in {copy.parent for copy in made}:
            paths.sync_folder(parent)
        _write_record(folder, [job.path for job in jobs])
    except BaseException:
        for copy in made:
            _wipe_copy(copy)
        Path(f"{folder / RECORD}.part").unlink(missing_ok=True)
        raise


def write_copy(path: Path, old: Key | None, dest: Path, new: Key | None) -> None:
    """Export `path` (opened with `old`) into the new file `dest` under `new`, verified and on disk."""
    with contextlib.closing(crypto.open_cipher(str(path), old)) as src:
        before = _counts(src)  # a key that does not open it fails here, before anything is written
        app_id = src.execute("PRAGMA application_id").fetchone()[0]
        crypto.export(src, dest, new)
    with contextlib.closing(crypto.open_cipher(str(dest), new)) as check:
        healthy = check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        same = healthy and _counts(check) == before
        same = same and check.execute("PRAGMA application_id").fetchone()[0] == app_id
    if not same:
        raise CopyMismatch(f"the re-encrypted copy of {path.name} did not match it; nothing was changed")
    with dest.open("rb+") as fh:
        os.fsync(fh.fileno())


def finish(folder: Path) -> int:
    """Phase 3, after the record: swap in every copy, wipe the old journal's log, drop the record.

    Returns how many copies were swapped in now. Safe to run again after a crash.
    """
    record = folder / RECORD
    if not record.exists():
        return 0
    swapped = 0
    files = _read_record(folder, record)
    for path in files:
        copy = copy_of(path)
        if copy.exists():
            crypto.wipe(path)  # the new copy is complete and decided: the old bytes go first
            copy.replace(path)
            paths.sync_folder(path.parent)
            swapped += 1
    for path in files:
        # A write-ahead log beside a new file is the old file's (the new one was never opened): the
        # journal's, or a photo store's.
        crypto.wipe(Path(f"{path}-wal"))
        Path(f"{path}-shm").unlink(missing_ok=True)
    record.unlink()
    paths.sync_folder(folder)
    return swapped


def recover(folder: Path) -> Recovery:
    """Finish (record present) or roll back (no record) an interrupted change, and sweep leftovers.

    Needs no passphrase; the caller holds the usage lock alone.
    """
    forward = (folder / RECORD).exists()
    swapped = finish(folder) if forward else 0
    wiped = []
    for leftover in leftovers(folder):
        live = _live_name(leftover)
        crypto.wipe(leftover, live)
        wiped.append(leftover)
    if wiped:
        for parent in {p.parent for p in wiped}:
            paths.sync_folder(parent)
    return Recovery(forward, swapped, tuple(wiped))


def leftovers(folder: Path) -> list[Path]:
    """Files an interrupted re-key, backup or restore left, beside the journal and in backups/."""
    db = paths.db_path(folder)
    found = [Path(f"{db}{suffix}") for suffix in _BESIDE]
    found += [Path(f"{db}{PHOTOS}{suffix}") for suffix in (COPY, COPY + "-journal")]
    found.append(Path(f"{folder / RECORD}.part"))
    found = [p for p in found if p.is_file()]
    backups = folder / "backups"
    if backups.is_dir():
        found += sorted(p for p in backups.iterdir() if p.is_file() and p.name.endswith(_IN_BACKUPS))
    return found


def _live_name(leftover: Path) -> Path | None:
    """The live file a leftover may be a second hard link of (`.old`, `-wal.old`): only unlinked then."""
    if leftover.name.endswith(".old"):
        return leftover.with_name(leftover.name.removesuffix(".old"))
    return None


def _wipe_copy(copy: Path) -> None:
    crypto.wipe(copy)
    crypto.wipe(Path(f"{copy}-journal"))


def _write_record(folder: Path, files: list[Path]) -> None:
    names = [str(p.relative_to(folder)) for p in files]
    part = Path(f"{folder / RECORD}.part")
    fd = os.open(part, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"files": names}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    part.replace(folder / RECORD)
    paths.sync_folder(folder)


def _read_record(folder: Path, record: Path) -> list[Path]:
    """The files the record names; if it cannot be read, every copy there is (all were complete)."""
    try:
        names = json.loads(record.read_text(encoding="utf-8"))["files"]
        files = [folder / str(name) for name in names]
    except (OSError, ValueError, KeyError, TypeError):
        files = []
    if not files or any(not _inside(folder, f) for f in files):
        db = paths.db_path(folder)
        files = [db] if copy_of(db).exists() else []
        photos = Path(f"{db}{PHOTOS}")
        files += [photos] if copy_of(photos).exists() else []
        backups = folder / "backups"
        if backups.is_dir():
            files += sorted(p.with_name(p.name.removesuffix(COPY)) for p in backups.glob(f"*{COPY}"))
    return files


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _counts(con: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: int(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}
