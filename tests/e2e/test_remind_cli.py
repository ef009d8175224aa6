"""`journal remind list|set|off` as a person or a script runs it, and the same settings the window reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, time
from pathlib import Path

import pytest

from journal import cli
from journal.domain.reminders import ReminderKind
from journal.service.journal import Journal
from tests.conftest import ZONE


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "journal", "--data-dir", str(data), "remind", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


def _call(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(["--data-dir", str(data), "remind", *args])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_set_off_in_a_terminal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = _run(data, "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[:4] == [
        "daily-checkin  off",
        "weekly-pain    off",
        "break-checkin  off",
        "break-end      off",
    ]
    done = _run(data, "set", "daily-checkin", "21:00")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("daily-checkin  on, 21:00 every day; next ")
    done = _run(data, "set", "weekly-pain", "19:30", "--days", "sun", "--json")
    row = json.loads(done.stdout)["reminder"]
    assert row["on"] and row["time"] == "19:30" and row["days"] == ["sun"]
    next_due = datetime.fromisoformat(row["next_due"])
    assert next_due.weekday() == 6 and next_due.time() == time(19, 30)
    rows = json.loads(_run(data, "list", "--json").stdout)["reminders"]
    assert [r["name"] for r in rows] == ["daily-checkin", "weekly-pain", "break-checkin", "break-end"]
    assert [r["on"] for r in rows] == [True, True, False, False]
    assert rows[3]["days"] is None  # the break's end is on its planned last day
    off = _run(data, "off", "daily-checkin")
    assert off.returncode == 0 and off.stdout.strip() == "daily-checkin  off"


def test_the_window_reads_what_the_terminal_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert _call(data, capsys, "set", "break-checkin", "20:15", "--days", "weekdays")[0] == 0
    journal = Journal.open(data, zone=ZONE)
    try:
        checkin = journal.reminders.get(ReminderKind.BREAK_CHECKIN)
        assert (checkin.on, checkin.at, checkin.days) == (True, time(20, 15), frozenset(range(5)))
        journal.reminders.set(ReminderKind.BREAK_END, at=time(8, 0))  # as Settings does
    finally:
        journal.close()
    code, out, _err = _call(data, capsys, "list")
    assert code == 0
    assert "break-checkin  on, 20:15 weekdays; only during a break" in out
    assert (
        "break-end      on, 08:00 on the break's planned last day; only during a break with a goal date"
        in out
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "daily-checkin", "25:00"), "“25:00” is not a time of day"),
        (("set", "daily-checkin", "21:00", "--days", "funday"), "“funday” is not a day"),
        (("set", "break-end", "09:00", "--days", "mon"), "it takes no --days"),
        (("set", "evening", "21:00"), "invalid choice: 'evening'"),
        (("off",), "the following arguments are required: NAME"),
    ],
)
def test_bad_input_says_what_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    data = tmp_path / "data"
    code, _out, err = _call(data, capsys, *args)
    assert code == 2
    assert err.startswith("journal: ") and message in err, err
    if (data / "journal.sqlite3").exists():
        journal = Journal.open(data, zone=ZONE)
        try:
            assert not any(r.on for r in journal.reminders.all().values())
        finally:
            journal.close()
