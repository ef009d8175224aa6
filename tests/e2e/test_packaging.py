"""Packaging: a clean exit on SIGTERM, valid desktop metadata, one app id everywhere, the icon sizes.

The built app itself is checked by packaging/smoke.sh after `make dist` (.ci/run does both).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journal

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.kratom_journal.Journal"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install the Debian package {package} (scripts/system-packages.sh)")
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_window_quits_cleanly_on_a_signal(tmp_path: Path, signum: signal.Signals) -> None:
    """A desktop logout (SIGTERM) or Ctrl+C (SIGINT) closes the journal with status 0."""
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "journal", "--data-dir", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (data / "journal.sqlite3").exists():
            assert proc.poll() is None, f"the window exited early: {proc.communicate()[0]}"
            assert time.monotonic() < deadline, "the journal file did not appear within 30 s"
            time.sleep(0.05)
        time.sleep(2)  # the window shows, and the handlers are installed, after the file opens
        assert proc.poll() is None, f"the window exited early: {proc.communicate()[0]}"
        proc.send_signal(signum)
        output, _ = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, output
    assert "Traceback" not in output


def test_desktop_file_is_valid() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_metainfo_is_valid() -> None:
    """No errors or warnings; infos (appstream 0.16 does not know <developer> yet) are fine."""
    result = subprocess.run(
        [_tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert not re.search(r"^[EW]: ", report, re.MULTILINE), report


def test_one_app_id_everywhere() -> None:
    """Desktop file name, its icon, the metainfo id and launchable, the window and the icon theme."""
    from journal.ui.icon import APP_ID as window_id

    entry = dict(
        line.split("=", 1) for line in DESKTOP.read_text(encoding="utf-8").splitlines() if "=" in line
    )
    meta = ET.parse(METAINFO).getroot()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "journal"
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == DESKTOP.name
    assert window_id == APP_ID
    names = {p.name for p in (LINUX / "icons" / "hicolor").glob("*/apps/*.png")}
    assert names == {f"{APP_ID}.png"}


def test_metainfo_agrees_with_the_project() -> None:
    """The release, licence and summary facts shown in software centres match pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    meta = ET.parse(METAINFO).getroot()
    releases = meta.findall("releases/release")
    assert releases[0].get("version") == project["version"] == journal.__version__
    assert releases[0].get("date") == "2026-11-22"
    assert meta.findtext("project_license") == project["license"] == "GPL-3.0-or-later"
    assert meta.findtext("metadata_license") == "CC0-1.0"
    shots = [image.text or "" for image in meta.iter("image")]
    assert [s.rsplit("/", 1)[-1] for s in shots] == ["today.png", "history.png"]
    for shot in shots:  # the raw URLs point at files that exist in this repository
        assert (ROOT / "docs" / "screenshots" / shot.rsplit("/", 1)[-1]).is_file()


def _png_size(path: Path) -> tuple[int, int, int]:
    """Width, height and colour type from a PNG's header chunk."""
    head = path.read_bytes()[:26]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    width, height, _depth, colour = struct.unpack(">IIBB", head[16:26])
    return width, height, colour


def test_icon_pngs_have_their_sizes() -> None:
    theme = LINUX / "icons" / "hicolor"
    assert sorted(p.name for p in theme.iterdir()) == sorted(f"{n}x{n}" for n in ICON_SIZES)
    for size in ICON_SIZES:
        width, height, colour = _png_size(theme / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
        assert (width, height) == (size, size)
        assert colour == 6  # RGBA: the corners are transparent, not a white square
    assert (ROOT / "resources" / "icons" / "journal.svg").is_file()
