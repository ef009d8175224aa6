"""Disks that really run out of room, for the disk-full tests.

`Tmpfs` is a real small file system (a tmpfs mounted for the test, when this
machine lets root mount one): it is filled with a ballast file until the kernel
says ENOSPC, and freed by deleting it. Where mounting is not permitted, `PageCap`
gives SQLite's own full-disk error by capping the database at its current size
(PRAGMA max_page_count on every connection), so writes that need a new page fail.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import event

from journal.storage.store import Store

BLOCK = 1 << 16


def mount_tmpfs(folder: Path, size: str = "2m") -> str | None:
    """Mount a tmpfs of `size` on `folder`; None when done, else why it could not be."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return "mounting a file system needs root and mount(8)"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    return None if done.returncode == 0 else f"mount refused: {done.stderr.strip()}"


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


class Tmpfs:
    """A mounted tmpfs: `fill()` takes every free byte, `free()` gives them back."""

    real = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ballast = folder / "ballast"

    def fill(self, store: Store | None = None) -> None:
        """Write until the kernel refuses, in big blocks and then byte by byte."""
        fd = os.open(self.ballast, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (BLOCK, 4096, 1):
                chunk = b"\0" * size
                try:
                    while os.write(fd, chunk):
                        pass
                except OSError as err:
                    assert err.errno == errno.ENOSPC, err
        finally:
            os.close(fd)
        assert os.statvfs(self.folder).f_bavail == 0

    def free(self, store: Store | None = None) -> None:
        self.ballast.unlink()


class PageCap:
    """SQLite's real SQLITE_FULL without a small disk: the database may not grow by a page."""

    real = False

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def _cap(dbapi_con: Any, _record: Any) -> None:
        pages = dbapi_con.execute("PRAGMA page_count").fetchone()[0]
        dbapi_con.execute(f"PRAGMA max_page_count = {pages}")

    def fill(self, store: Store | None = None) -> None:
        assert store is not None, "the page cap works on an open journal"
        event.listen(store.engine, "connect", self._cap)
        store.engine.dispose()  # pooled connections reconnect with the cap

    def free(self, store: Store | None = None) -> None:
        assert store is not None
        event.remove(store.engine, "connect", self._cap)
        store.engine.dispose()


Disk = Tmpfs | PageCap


@contextlib.contextmanager
def small_disk(kind: str, folder: Path) -> Any:
    """A `Disk` of `kind` ("tmpfs" or "page-cap") at `folder`; skips when tmpfs is not allowed."""
    import pytest

    if kind == "page-cap":
        folder.mkdir(parents=True, exist_ok=True)
        yield PageCap(folder)
        return
    why = mount_tmpfs(folder)
    if why is not None:
        pytest.skip(f"no real small file system here ({why}); the page-cap variant covers it")
    try:
        yield Tmpfs(folder)
    finally:
        unmount(folder)
