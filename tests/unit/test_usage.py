"""The usage lock: shared while open, exclusive to replace the file, on every system.

The POSIX tests use the real lock (`flock` through portalocker). Windows'
LockFileEx cannot run here, so a fake of it is plugged in through portalocker's
own locker interface (`portalocker.portalocker.LOCKER`): it keeps Windows'
rules, where a lock is per handle, conflicts across handles, and a second lock
on the same handle stacks instead of converting. The same journal flows then
run through it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import portalocker
import pytest
from portalocker import LockFlags

from journal.domain.errors import JournalInUse
from journal.service.journal import Journal
from journal.storage import usage
from journal.storage.usage import UsageLock
from tests.conftest import ZONE, FakeClock

PASS = "a long enough passphrase"


class WindowsLocks(portalocker.portalocker.BaseLocker):
    """LockFileEx's rules, per handle: shared locks coexist, an exclusive one excludes all others."""

    def __init__(self) -> None:
        self.held: dict[int, list[str]] = {}
        self.calls: list[str] = []

    def lock(self, file_obj: Any, flags: LockFlags) -> None:
        handle = id(file_obj)
        want = "exclusive" if flags & LockFlags.EXCLUSIVE else "shared"
        self.calls.append(want)
        others = [m for h, modes in self.held.items() if h != handle for m in modes]
        if others and (want == "exclusive" or "exclusive" in others):
            if flags & LockFlags.NON_BLOCKING:
                raise portalocker.AlreadyLocked(portalocker.LockException.LOCK_FAILED, "lock violation")
            raise AssertionError("a blocking lock would hang here")
        mine = self.held.setdefault(handle, [])
        if mine:  # Windows stacks a second lock on the handle; a later unlock frees only one of them
            raise AssertionError(f"{want} lock taken over a held {mine[0]} one: LockFileEx would stack it")
        mine.append(want)

    def unlock(self, file_obj: Any) -> None:
        self.held.pop(id(file_obj), None)


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[WindowsLocks]:
    fake = WindowsLocks()
    monkeypatch.setattr(portalocker.portalocker, "LOCKER", fake)
    yield fake


def test_shared_locks_coexist_and_exclude_an_exclusive_one(data_dir: Path) -> None:
    first, second = UsageLock(data_dir), UsageLock(data_dir)
    try:
        first.shared()
        second.shared()
        assert not first.exclusive()  # the other still has the journal open
        first.shared()
        second.close()
        assert first.exclusive()
        third = UsageLock(data_dir)
        with pytest.raises(JournalInUse):
            third.shared(timeout=0.1)
        third.close()
    finally:
        first.close()
        second.close()


def test_a_dead_process_holds_no_lock(data_dir: Path) -> None:
    """The lock goes with the process that held it: a killed window never locks anybody out."""
    code = (
        "import os, sys; from pathlib import Path; from journal.storage.usage import UsageLock; "
        "lock = UsageLock(Path(sys.argv[1])); lock.shared(); print('held', flush=True); os._exit(0)"
    )
    args = [sys.executable, "-c", code, str(data_dir)]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "held"
    lock = UsageLock(data_dir)
    try:
        assert lock.exclusive()
    finally:
        lock.close()


@pytest.mark.skipif(os.name == "nt", reason="the fake stands in for Windows only where Windows is not")
def test_with_windows_rules_two_windows_share_and_a_change_waits_for_the_other(
    windows: WindowsLocks, data_dir: Path, clock: FakeClock
) -> None:
    first = Journal.open(data_dir, zone=ZONE, clock=clock)
    second = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        assert sorted(m for modes in windows.held.values() for m in modes) == ["shared", "shared"]
        with pytest.raises(JournalInUse):
            first.change_passphrase(PASS)
        assert not first.encrypted
        assert sorted(m for modes in windows.held.values() for m in modes) == ["shared", "shared"]
        second.close()
        first.change_passphrase(PASS)  # alone now: exclusive, then back to shared
        assert first.encrypted
        assert [m for modes in windows.held.values() for m in modes] == ["shared"]
        assert "exclusive" in windows.calls
    finally:
        first.close()
        second.close()
    assert windows.held == {}


@pytest.mark.skipif(os.name == "nt", reason="the fake stands in for Windows only where Windows is not")
def test_with_windows_rules_an_exclusive_holder_keeps_others_out(
    windows: WindowsLocks, data_dir: Path
) -> None:
    mine, other = UsageLock(data_dir), UsageLock(data_dir)
    try:
        assert mine.exclusive()
        assert not other.exclusive()
        with pytest.raises(JournalInUse):
            other.shared(timeout=0.1)
        mine.shared()  # converting releases first, as Windows needs
        other.shared()
        assert not mine.exclusive()
    finally:
        mine.close()
        other.close()


def test_the_lock_file_is_the_users_alone(data_dir: Path) -> None:
    lock = UsageLock(data_dir)
    try:
        assert (data_dir / usage.NAME).stat().st_mode & 0o077 == 0
    finally:
        lock.close()
