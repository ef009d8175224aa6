"""Delete all of a person's journal data from its folder, overwriting the bytes first.

Only the app's own files go: the journal file and its SQLite companions
(`journal.sqlite3*`), the lock file and the `backups/` folder. Anything else in
the folder (which the person may have chosen themselves, exports they saved
there) is left alone. Symbolic links are removed as links; what they point to
is never opened, overwritten or removed.

Overwriting with zeros before unlinking helps on ordinary disks. On SSDs, and
on copy-on-write, snapshotting or synced file systems, the old blocks can live
on elsewhere: overwriting cannot guarantee erasure there, and the dialog says so.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from journal import paths
from journal.domain.errors import EraseIncomplete

LOCK_NAME = "journal.lock"
BACKUPS_NAME = "backups"
_CHUNK = 1 << 20


def journal_files(folder: Path) -> list[Path]:
    """The app's own entries directly in `folder` (not descending), in a stable order."""
    found: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    for entry in entries:
        if entry.name.startswith(paths.DB_NAME) or entry.name in (LOCK_NAME, BACKUPS_NAME):
            found.append(Path(entry.path))
    return found


def backup_files(folder: Path) -> list[Path]:
    """Regular files under `backups/` (links are not followed), for the dialog to count."""
    root = folder / BACKUPS_NAME
    if root.is_symlink() or not root.is_dir():
        return []
    return sorted(
        Path(top, name)
        for top, _dirs, files in os.walk(root, followlinks=False)
        for name in files
        if stat.S_ISREG(os.lstat(Path(top, name)).st_mode)
    )


def erase_journal(folder: Path) -> list[Path]:
    """Overwrite and remove the app's files in `folder`; returns what was removed.

    The journal must be closed first. Files are overwritten with zeros and
    flushed to disk before they are unlinked; folders are removed once empty.
    Raises EraseIncomplete (with what did go) if the disk refuses part-way.
    """
    removed: list[Path] = []
    try:
        for path in journal_files(folder):
            if path.name == BACKUPS_NAME and not path.is_symlink() and path.is_dir():
                _erase_tree(path, removed)
            else:
                _erase_entry(path, removed)
    except OSError as err:
        raise EraseIncomplete(removed, err) from err
    return removed


def _erase_tree(root: Path, removed: list[Path]) -> None:
    for top, dirs, files in os.walk(root, topdown=False, followlinks=False):
        for name in files:
            _erase_entry(Path(top, name), removed)
        for name in dirs:
            sub = Path(top, name)
            if sub.is_symlink():  # os.walk lists links to folders here and does not enter them
                _erase_entry(sub, removed)
            else:
                sub.rmdir()
                removed.append(sub)
    root.rmdir()
    removed.append(root)


def _erase_entry(path: Path, removed: list[Path]) -> None:
    """Zero a regular file in place, then unlink it; anything else is only unlinked."""
    info = os.lstat(path)
    if stat.S_ISREG(info.st_mode):
        _overwrite(path, info.st_size)
    path.unlink()
    removed.append(path)


def _overwrite(path: Path, size: int) -> None:
    flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        zeros = bytes(min(size, _CHUNK))
        left = size
        while left > 0:
            left -= os.write(fd, zeros[: min(left, _CHUNK)])
        os.fsync(fd)
    finally:
        os.close(fd)
