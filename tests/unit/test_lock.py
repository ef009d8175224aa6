"""The instance lock: one holder per folder, across objects and processes; a killed holder frees it."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal.service.instance import LOCK_NAME, InstanceLock, held_elsewhere

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals and fork")

HOLDER = """
import sys, time
from pathlib import Path
from journal.service.instance import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
print("held" if lock.acquire() else "refused", flush=True)
time.sleep(600)
"""


@pytest.fixture
def holder(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that takes the lock and keeps it until it is killed."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held"
        yield child
    finally:
        child.kill()
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()


def test_a_second_lock_object_in_the_same_process_is_refused(data_dir: Path) -> None:
    first, second = InstanceLock(data_dir), InstanceLock(data_dir)
    assert first.acquire()
    assert not second.acquire()
    assert first.held and not second.held
    first.release()
    assert second.acquire()
    second.release()


def test_acquire_is_idempotent_and_release_is_harmless_twice(data_dir: Path) -> None:
    lock = InstanceLock(data_dir)
    assert lock.acquire() and lock.acquire()
    lock.release()
    lock.release()
    assert not lock.held
    with InstanceLock(data_dir) as again:
        assert again.acquire()


def test_the_lock_file_is_private_and_lives_in_the_data_folder(data_dir: Path) -> None:
    path = data_dir / LOCK_NAME
    path.touch(mode=0o644)  # as an older or careless program might have left it
    path.chmod(0o644)
    with InstanceLock(data_dir) as lock:
        assert lock.acquire()
        assert lock.path == path.resolve()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_another_process_holding_it_refuses_us_and_is_seen_as_elsewhere(
    data_dir: Path, holder: subprocess.Popen[str]
) -> None:
    assert held_elsewhere(data_dir)
    assert not InstanceLock(data_dir).acquire()


def test_a_forked_child_cannot_take_a_lock_the_parent_holds(data_dir: Path) -> None:
    with InstanceLock(data_dir) as lock:
        assert lock.acquire()
        pid = os.fork()
        if pid == 0:  # the child: exit status 0 only if it was refused and sees the parent's lock
            try:
                refused = not InstanceLock(data_dir).acquire()
                os._exit(0 if refused and held_elsewhere(data_dir) else 1)
            finally:
                os._exit(2)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0


def test_a_killed_holder_leaves_no_stale_lock(data_dir: Path, holder: subprocess.Popen[str]) -> None:
    assert not InstanceLock(data_dir).acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert (data_dir / LOCK_NAME).exists()  # the file stays; it means nothing without a holder
    assert not held_elsewhere(data_dir)
    with InstanceLock(data_dir) as lock:
        assert lock.acquire()


def test_held_elsewhere_is_false_for_our_own_lock_and_for_a_fresh_folder(data_dir: Path) -> None:
    assert not held_elsewhere(data_dir)
    assert not (data_dir / LOCK_NAME).exists()  # asking creates nothing
    with InstanceLock(data_dir) as lock:
        assert lock.acquire()
        assert not held_elsewhere(data_dir)
    assert not held_elsewhere(data_dir / "missing")


def test_a_dropped_lock_object_frees_the_folder(data_dir: Path) -> None:
    """A holder that is garbage-collected closes its file, so the folder is free again."""
    first = InstanceLock(data_dir)
    assert first.acquire()
    del first
    assert not held_elsewhere(data_dir)
    with InstanceLock(data_dir) as lock:
        assert lock.acquire()
