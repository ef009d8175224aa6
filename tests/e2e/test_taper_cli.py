"""`journal taper set|show|end` run as a person runs them; bad input is one line, exit 2, nothing saved."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e.test_photo_cli import ZONE, run


def test_a_plan_from_a_terminal(tmp_path: Path) -> None:
    assert "No plan running" in run(tmp_path, "taper", "show").stdout
    today = datetime.now(ZoneInfo(ZONE)).date()
    first = today - timedelta(days=8)
    made = run(
        tmp_path,
        "taper",
        "set",
        "--start",
        "8",
        "--target",
        "4",
        "--step",
        "0.5",
        "--every",
        "7",
        "--from",
        first.isoformat(),
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(
        f"Your plan: 8 g to 4 g, 0.5 g less every 7 days, from {first.isoformat()}."
    )
    assert run(tmp_path, "log", "intake", "2").returncode == 0
    shown = run(tmp_path, "taper", "show")
    assert shown.returncode == 0, shown.stderr
    assert "Your plan (not guidance)" in shown.stdout
    assert "Today: 7.5 g planned, 2 g taken, 5.5 g left." in shown.stdout
    assert "Days kept (at or under your plan) so far: 8 of 8." in shown.stdout
    data = json.loads(run(tmp_path, "taper", "show", "--json").stdout)
    assert data["plan"]["basis"] == "your plan" and data["today"]["left_g"] == "5.5"
    ended = run(tmp_path, "taper", "end")
    assert ended.returncode == 0 and ended.stdout.strip() == f"Your plan ended on {today.isoformat()}."
    assert "No plan running" in run(tmp_path, "taper", "show").stdout


def test_bad_input_is_one_line_exit_2_and_nothing_saved(tmp_path: Path) -> None:
    base = ("taper", "set", "--start", "8", "--target", "4", "--step")
    for args, message in [
        ((*base, "0.5", "--every", "0"), "--every must be at least 1 day"),
        ((*base, "lots", "--every", "7"), "is not a number"),
        ((*base, "0.5", "--every", "7", "--from", "1.3.2026"), "is not a date"),
        (("taper", "set", "--start", "8", "--target", "8", "--step", "1", "--every", "7"), "nothing to step"),
        (("taper", "end"), "There is no plan running to end."),
    ]:
        done = run(tmp_path, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stderr.startswith("journal: ") and message in done.stderr, done.stderr
    assert json.loads(run(tmp_path, "taper", "show", "--json").stdout)["plan"] is None
