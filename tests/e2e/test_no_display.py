"""A display set but not answering (a stale ssh session): one line and status 1, never Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _start(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        [sys.executable, "-m", "journal", *args],
        capture_output=True,
        text=True,
        env={**clean, "TMPDIR": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path), **env},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("env", [{"DISPLAY": ":97"}, {"WAYLAND_DISPLAY": "wayland-97"}])
def test_a_display_that_does_not_answer_gets_one_line(tmp_path: Path, env: dict[str, str]) -> None:
    done = _start(tmp_path, "--data-dir", str(tmp_path / "data"), **env)
    assert done.returncode == 1, done.stderr  # not 134 (abort) or -6
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    ((name, value),) = env.items()
    assert lines[0].startswith("journal: cannot open a window: the display")
    assert f"{name}={value}" in lines[0] and "does not answer" in lines[0]
    assert lines[0].endswith(" --help")
    assert "Reinstalling" not in done.stderr


def test_the_demo_leaves_nothing_behind_without_a_display(tmp_path: Path) -> None:
    done = _start(tmp_path, "--demo", DISPLAY=":97")
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("kratom-journal-demo-")]
