"""`journal stash`, run as a person or a script runs it; bad input is one line, exit 2, nothing saved."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e.test_photo_cli import ZONE, run


def test_purchases_corrections_and_the_forecast_from_a_terminal(tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo(ZONE)).date()
    bought = today - timedelta(days=20)
    empty = run(tmp_path, "stash")
    assert empty.returncode == 0, empty.stderr
    assert "No purchases yet" in empty.stdout

    added = run(
        tmp_path,
        "stash",
        "add",
        "100",
        "--product",
        "Red Bali",
        "--price",
        "25",
        "--batch",
        "B-7",
        "--date",
        bought.isoformat(),
    )
    assert added.returncode == 0, added.stderr
    first, stock = added.stdout.strip().splitlines()
    assert first == f"Saved a purchase of 100 g (Red Bali, price 25, batch B-7) on {bought.isoformat()}."
    assert stock == "Red Bali: 100 g left. No use in the last 14 days: no forecast."

    yesterday = (today - timedelta(days=1)).isoformat()
    for hour in ("08:00", "18:00"):
        logged = run(tmp_path, "log", "intake", "5", "--product", "red bali", "--at", f"{yesterday}T{hour}")
        assert logged.returncode == 0, logged.stderr
    # 100 - 10 = 90 g; 10 g in 14 days: 90 x 14 / 10 = 126 days.
    shown = json.loads(run(tmp_path, "stash", "--json").stdout)
    (red,) = shown["stash"]
    assert (red["product"], red["left"], red["unit"]) == ("Red Bali", "90", "g")
    assert red["forecast"]["days_left"] == 126 and red["forecast"]["used_last_14_days"] == "10"
    assert red["last_purchase"]["price"] == "25" and red["last_purchase"]["batch"] == "B-7"
    assert shown["spend"] == [{"month": f"{bought:%Y-%m}", "total": "25", "purchases": 1, "without_price": 0}]
    assert shown["basis"] == "a pattern in your data"

    weighed = run(tmp_path, "stash", "weighed", "70", "--product", "Red Bali")
    assert weighed.returncode == 0, weighed.stderr
    lines = weighed.stdout.strip().splitlines()
    assert lines[0].startswith("Saved: 70 g of Red Bali left, as weighed at ")
    # 70 x 14 / 10 = 98 days.
    assert lines[1] == "Red Bali: 70 g left. About 98 days left at your last 14 days' rate (0.71 g a day)."
    text = run(tmp_path, "stash").stdout
    assert "Red Bali: 70 g left. About 98 days left" in text
    assert f"last bought {bought.isoformat()}: 100 g for 25" in text
    assert f"Spend per month:\n  {bought:%Y-%m}: 25 (1 purchase)" in text


def test_bad_input_is_one_line_exit_2_and_nothing_saved(tmp_path: Path) -> None:
    for args, message in [
        (("stash", "add", "abc", "--product", "New"), "“abc” is not a number"),
        (("stash", "add", "0"), "The amount must be more than zero."),
        (("stash", "add", "5", "--price", "-3"), "The price cannot be negative."),
        (("stash", "add", "5", "--price", "lots"), "“lots” is not a number"),
        (("stash", "add", "5", "--date", "2999-01-01", "--product", "New"), "in the future"),
        (("stash", "add", "5", "--date", "1.3.2026"), "is not a date"),
        (("stash", "add", "5", "--product", " "), "Give the product a name."),
        (("stash", "add", "5", "kg"), "unit must be g or caps"),
        (("stash", "weighed", "-1"), "cannot be negative"),
    ]:
        done = run(tmp_path, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1, (args, done.stderr)
        assert done.stderr.startswith("journal: ") and message in done.stderr, (args, done.stderr)
    assert json.loads(run(tmp_path, "stash", "--json").stdout)["stash"] == []
    assert "New" not in run(tmp_path, "products").stdout
