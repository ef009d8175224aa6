"""Every file the journal writes is the user's alone (0600, folders 0700), whatever the umask.

The command line runs in a subprocess started with umask 000, the most
permissive there is: a file that relied on the umask would come out 0666.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock


def _journal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journal", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.umask(0),
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_every_file_the_command_line_writes_is_private_under_umask_0(tmp_path: Path) -> None:
    data = tmp_path / "new" / "journal-data"  # not there yet: the journal creates it
    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    out.chmod(0o755)
    today = "2026-11-22"
    steps = [
        ("log", "intake", "2.5", "--note", "umask test"),
        ("log", "symptom", "nausea", "--severity", "2"),
        ("export", "--format", "json", "-o", str(out / "journal.json")),
        ("export", "--format", "csv", "-o", str(out / "journal.zip")),
        ("report", "--from", "2026-01-01", "--to", today, "-o", str(out / "summary.pdf")),
    ]
    for step in steps:
        done = _journal("--data-dir", str(data), *step)
        assert done.returncode == 0, (step, done.stderr)

    written = {p.name: _mode(p) for p in out.iterdir()}
    assert written == {"journal.json": 0o600, "journal.zip": 0o600, "summary.pdf": 0o600}

    seen: dict[str, int] = {}
    for folder, _dirs, files in os.walk(data):
        seen[folder] = _mode(Path(folder))
        for name in files:
            seen[str(Path(folder, name))] = _mode(Path(folder, name))
    assert str(data / "journal.sqlite3") in seen
    assert str(data / "backups") in seen
    wrong = {
        path: oct(mode) for path, mode in seen.items() if mode != (0o700 if Path(path).is_dir() else 0o600)
    }
    assert wrong == {}, wrong


def test_the_database_its_log_and_shared_memory_are_private_while_open(tmp_path: Path) -> None:
    """The -wal and -shm files exist only while the journal is open: look at them then."""
    script = (
        "import os, stat, sys, json\n"
        "from pathlib import Path\n"
        "from journal.service.journal import Journal\nfrom journal.service.intakes import IntakeDraft\n"
        "j = Journal.open(Path(sys.argv[1]), zone='UTC')\n"
        "j.log_intake(IntakeDraft('2', j.now()))\n"
        "folder = Path(sys.argv[1])\n"
        "print(json.dumps({p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}))\n"
        "j.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        preexec_fn=lambda: os.umask(0),
    )
    modes = json.loads(done.stdout)
    assert {"journal.sqlite3", "journal.sqlite3-wal", "journal.sqlite3-shm"} <= set(modes)
    assert {name: oct(mode) for name, mode in modes.items() if mode not in (0o600, 0o700)} == {}


def test_a_saved_chart_is_private_under_umask_0(
    qtbot: QtBot, data_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    from journal.ui.pages.charts import ChartsPage

    journal = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        journal.log_intake(IntakeDraft("2", journal.now()))
        page = ChartsPage(journal)
        qtbot.addWidget(page)
        old = os.umask(0)
        try:
            png = page.save_chart(tmp_path / "chart.png")
            svg = page.save_chart(tmp_path / "chart.svg")
        finally:
            os.umask(old)
        assert png is not None and svg is not None
        assert (_mode(png), _mode(svg)) == (0o600, 0o600)
    finally:
        journal.close()
