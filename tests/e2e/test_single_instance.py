"""One window per journal, with real processes: a second start hands over and touches nothing.

The window runs offscreen in a subprocess (`python -m journal --data-dir DIR`).
"Listening" is checked the way a second start would: by connecting to its
socket, sending "raise" and reading "raised".
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from journal.service.instance import InstanceLock, held_elsewhere
from journal.ui.single_instance import ALREADY_OPEN, ANSWER, OPEN_ELSEWHERE, REQUEST, server_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and Unix-domain sockets")

HAND_OVER_S = 2  # the bound for a second start to bring the first window forward
START_S = 60  # a first start creates the journal file; generous for a loaded machine

Start = Callable[[], "subprocess.Popen[str]"]


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("DISPLAY", None)
    return env


def _command(data: Path) -> list[str]:
    return [sys.executable, "-m", "journal", "--data-dir", str(data)]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def start_window(data: Path) -> Iterator[Start]:
    """Start windows on `data`; every one still running at the end is killed."""
    started: list[subprocess.Popen[str]] = []

    def _start() -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            _command(data), env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        started.append(proc)
        return proc

    yield _start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def raise_over_socket(data: Path) -> bytes:
    """Speak the protocol as a second start does; returns the answer (b"" if none)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(HAND_OVER_S)
        client.connect(str(server_path(data)))
        client.sendall(REQUEST)
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = client.recv(64)
            if not chunk:
                break
            answer += chunk
        return answer


def wait_until_listening(data: Path, window: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        assert window.poll() is None, window.communicate()
        try:
            if raise_over_socket(data) == ANSWER:
                return
        except OSError:
            pass
        time.sleep(0.05)
    pytest.fail("the window never answered on its socket")


def snapshot(data: Path) -> dict[str, tuple[bytes, int]]:
    """Every journal file's bytes and modification time (the database and its WAL)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in data.glob("journal.sqlite3*")}


def test_a_second_start_brings_the_first_forward_and_touches_nothing(data: Path, start_window: Start) -> None:
    first = start_window()
    wait_until_listening(data, first)
    before = snapshot(data)
    assert "journal.sqlite3" in before
    assert held_elsewhere(data)

    began = time.monotonic()
    second = subprocess.run(
        _command(data), env=_env(), capture_output=True, text=True, timeout=HAND_OVER_S, check=False
    )
    took = time.monotonic() - began

    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().splitlines() == [ALREADY_OPEN]
    assert snapshot(data) == before
    assert first.poll() is None  # the first window is still open
    print(f"second start handed over in {took:.2f} s")


def test_a_killed_window_does_not_lock_the_user_out(data: Path, start_window: Start) -> None:
    first = start_window()
    wait_until_listening(data, first)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert server_path(data).exists()  # the killed window left its socket file behind
    assert not held_elsewhere(data)

    again = start_window()
    wait_until_listening(data, again)  # it took the folder, replaced the stale socket and answers
    assert held_elsewhere(data)
    assert again.poll() is None


def test_a_lock_held_by_a_silent_program_is_reported_and_nothing_is_created(
    data: Path, start_window: Start
) -> None:
    """Another program holds the folder and answers nothing: exit 1 with a reason, no journal file."""
    data.mkdir(mode=0o700)
    with InstanceLock(data) as other:
        assert other.acquire()
        window = start_window()
        out, err = window.communicate(timeout=START_S)
    assert window.returncode == 1
    assert OPEN_ELSEWHERE in err
    assert out == ""
    assert list(data.glob("journal.sqlite3*")) == []
