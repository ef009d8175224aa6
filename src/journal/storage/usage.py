"""Who has the journal open: a shared lock per user, an exclusive one to replace the file.

Every window and command holds a shared lock on `journal.sqlite3-users` while it
has the journal open. Replacing the file (a restore, a passphrase change) needs
the exclusive lock, so it can never happen under another process's feet: that
process would go on writing into the old file, or leave a write-ahead log that
does not belong to the new one. The system drops the lock when a process dies,
so a crash never locks anybody out.

The locks are portalocker's: `flock` on Linux and macOS, `LockFileEx` on Windows
(through pywin32, the `win32` extra), the one call on every system that has
shared locks (filelock has none; `msvcrt.locking` is exclusive only). Windows
does not convert a held lock: a second lock on the same handle stacks. So a
change of mode always releases the held lock first and then takes the other,
which on Linux and macOS is what `flock` does itself when it converts.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import BinaryIO

import portalocker

from journal.domain.errors import JournalInUse

NAME = "journal.sqlite3-users"
SHARED = portalocker.LockFlags.SHARED
EXCLUSIVE = portalocker.LockFlags.EXCLUSIVE


class UsageLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / NAME
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        self._file: BinaryIO | None = os.fdopen(fd, "r+b", buffering=0)
        self._held: portalocker.LockFlags | None = None

    def shared(self, timeout: float = 10.0) -> None:
        """Wait (briefly) while someone replaces the file, then hold a shared lock."""
        deadline = time.monotonic() + timeout
        while not self._take(SHARED):
            if time.monotonic() > deadline:
                raise JournalInUse(
                    "The journal is being restored or re-encrypted by another window; try again in a moment."
                )
            time.sleep(0.05)

    def exclusive(self) -> bool:
        """Take the exclusive lock if nobody else has the journal open; never waits.

        When it returns False no lock is held any more (as with `flock`): take the shared one again.
        """
        return self._take(EXCLUSIVE)

    def _take(self, mode: portalocker.LockFlags) -> bool:
        if self._file is None:
            raise JournalInUse("The journal is closed.")
        if self._held == mode:
            return True
        if self._held is not None:
            portalocker.unlock(self._file)
            self._held = None
        try:
            portalocker.lock(self._file, mode | portalocker.LockFlags.NON_BLOCKING)
        except portalocker.AlreadyLocked:
            return False
        self._held = mode
        return True

    def close(self) -> None:
        """Release the lock (Windows may take a while to drop one only closed), then the file."""
        if self._file is not None:
            if self._held is not None:
                portalocker.unlock(self._file)
            self._file.close()
            self._file = None
            self._held = None
