"""One window per journal folder: an operating-system lock on `journal.lock` in the data folder.

The lock is `flock` on POSIX and `msvcrt.locking` on Windows. The kernel drops
it when the holding process ends, however it ends, so a crash or SIGKILL never
leaves a stale lock behind; the file itself may stay and means nothing alone.

The window holds it for its whole life. The command line does not take it
(SQLite's own locking lets both write), but asks `held_elsewhere()` before
work that must not run under an open window, such as restoring a backup.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from types import TracebackType

LOCK_NAME = "journal.lock"

# Folders held here, with the holder's pid, so `held_elsewhere` answers False for our own lock
# (and still True in a forked child, which is another process).
_HELD: dict[Path, int] = {}

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int, shared: bool) -> bool:
        # msvcrt has no shared lock; one byte at offset 0 is the whole protocol.
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, shared: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path(folder: Path) -> Path:
    return Path(folder).resolve() / LOCK_NAME


class InstanceLock:
    """The window's claim on one data folder; `acquire()` never waits."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).resolve()
        self.path = self.folder / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """True if this object now holds the lock (or already did); False if someone else does.

        Raises OSError when the lock file cannot be created or opened, for
        example in a read-only folder, where the journal could not be written
        either.
        """
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _private(fd)
            if not _try_lock(fd, shared=False):
                os.close(fd)
                return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        _HELD[self.folder] = os.getpid()
        return True

    def release(self) -> None:
        """Give the folder up; harmless when not held. The file stays: it is only a handle."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _HELD.pop(self.folder, None)
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    def __del__(self) -> None:
        self.release()


def held_elsewhere(folder: Path) -> bool:
    """True while another process (an open window) holds the lock on `folder`.

    Never creates or changes a file. It probes with a shared lock, so two
    processes asking at once do not see each other as the window. False when
    this process holds the lock itself. Raises OSError only if the lock file
    exists and cannot be opened (another user's file, an unreadable folder).
    """
    folder = Path(folder).resolve()
    if _HELD.get(folder) == os.getpid():
        return False
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        if not _try_lock(fd, shared=True):
            return True
        _unlock(fd)
        return False
    finally:
        os.close(fd)


def _private(fd: int) -> None:
    """0600 whatever the umask or an earlier version left, if the file is ours."""
    if not hasattr(os, "getuid"):
        return
    info = os.fstat(fd)
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != 0o600:
        os.fchmod(fd, 0o600)
