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


def test_a_day_by_day_table_from_a_terminal(tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo(ZONE)).date()
    days = [today - timedelta(days=2), today, today + timedelta(days=3)]
    table = tmp_path / "plan.csv"
    table.write_text(f"day,grams\n{days[0]},6\n{days[1]},5.5\n{days[2]},5\n", encoding="utf-8")
    made = run(tmp_path, "taper", "set", "--table", str(table))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Your plan: 6 g to 5 g, day by day (3 days listed), from {days[0]}.")
    assert run(tmp_path, "log", "intake", "2").returncode == 0
    shown = run(tmp_path, "taper", "show")
    assert shown.returncode == 0, shown.stderr
    assert f"Day by day:\n  {days[0]}: 6 g\n  {days[1]}: 5.5 g\n  {days[2]}: 5 g\n" in shown.stdout
    assert "Today: 5.5 g planned, 2 g taken, 3.5 g left." in shown.stdout
    data = json.loads(run(tmp_path, "taper", "show", "--json").stdout)
    assert data["plan"]["days"][1] == [days[1].isoformat(), "5.5"]
    # --day, repeated: a new table from tomorrow ends this one then.
    later = run(
        tmp_path, "taper", "set", "--day", f"{days[1] + timedelta(days=1)}=5", "--day", f"{days[2]}=4"
    )
    assert later.returncode == 0, later.stderr
    assert "day by day (2 days listed)" in later.stdout


def test_a_bad_table_is_one_line_exit_2_and_nothing_saved(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("2026-03-05,7\n2026-03-01,6\n", encoding="utf-8")
    for args, message in [
        (("taper", "set", "--table", str(bad)), "Row 2: 2026-03-01 comes before 2026-03-05"),
        (
            ("taper", "set", "--day", "2026-03-01=7", "--day", "2026-03-01=6"),
            "Row 2: 2026-03-01 is listed twice",
        ),
        (("taper", "set", "--day", "2026-03-01"), "is not DATE=G"),
        (("taper", "set", "--day", "2026-03-01=lots"), "Row 1 (2026-03-01): “lots” is not a number"),
        (("taper", "set", "--day", "2026-03-01=7", "--step", "1"), "leave out --step"),
        (("taper", "set", "--table", str(tmp_path / "none.csv")), "Cannot read the table"),
        (("taper", "set", "--start", "8"), "Give --target, --step, --every"),
    ]:
        done = run(tmp_path, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stderr.startswith("journal: ") and message in done.stderr, done.stderr
    assert json.loads(run(tmp_path, "taper", "show", "--json").stdout)["plan"] is None
