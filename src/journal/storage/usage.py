"""Who has the journal open: a shared lock per user, an exclusive one to replace the file.

Every window and command holds a shared lock on `journal.sqlite3-users` while it
has the journal open. Replacing the file (a restore, a passphrase change) needs
the exclusive lock, so it can never happen under another process's feet: that
process would go on writing into the old file, or leave a write-ahead log that
does not belong to the new one. The kernel drops the lock when a process dies,
so a crash never locks anybody out.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from journal.storage.engine import JournalFileError

NAME = "journal.sqlite3-users"

try:
    import fcntl
except ImportError:  # Windows: no shared locks here; file replacement is not guarded there.
    fcntl = None  # type: ignore[assignment]


class JournalInUse(JournalFileError):
    """Another window or command has the journal open."""


class UsageLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / NAME
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)

    def shared(self, timeout: float = 10.0) -> None:
        """Wait (briefly) while someone replaces the file, then hold a shared lock."""
        deadline = time.monotonic() + timeout
        while not self._try(fcntl.LOCK_SH if fcntl else 0):
            if time.monotonic() > deadline:
                raise JournalInUse(
                    "The journal is being restored or re-encrypted by another window; try again in a moment."
                )
            time.sleep(0.05)

    def exclusive(self) -> bool:
        """Take the exclusive lock if nobody else has the journal open; never waits."""
        return self._try(fcntl.LOCK_EX if fcntl else 0)

    def _try(self, how: int) -> bool:
        if fcntl is None or self._fd is None:
            return True
        try:
            fcntl.flock(self._fd, how | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None
