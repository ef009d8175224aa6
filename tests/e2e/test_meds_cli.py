"""`journal meds add|list|stop`, run as a person or a script runs them; bad input is one line, exit 2."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e.test_photo_cli import ZONE, run


def test_medications_from_a_terminal(tmp_path: Path) -> None:
    empty = run(tmp_path, "meds", "list")
    assert empty.returncode == 0 and "No other medications" in empty.stdout

    added = run(
        tmp_path,
        "meds",
        "add",
        "Ibuprofen",
        "--dose",
        "400 mg",
        "--often",
        "as needed",
        "--why",
        "back pain",
        "--since",
        "2026-01-05",
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Saved Ibuprofen (400 mg, as needed; since 2026-01-05)."
    assert run(tmp_path, "meds", "add", "Melatonin", "--dose", "3 mg").returncode == 0

    stopped = run(tmp_path, "meds", "stop", "ibuprofen")
    assert stopped.returncode == 0, stopped.stderr
    assert (
        stopped.stdout.strip() == f"Stopped Ibuprofen on {datetime.now(ZoneInfo(ZONE)).date().isoformat()}."
    )

    listed = run(tmp_path, "meds", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    assert [(m["name"], m["dose"], m["current"]) for m in data["medications"]] == [
        ("Melatonin", "3 mg", True),
        ("Ibuprofen", "400 mg", False),
    ]
    assert data["interactions_checked"] is False
    assert "other medications" in data["source"]["quote"] and data["source"]["file"].startswith("002_")
    text = run(tmp_path, "meds", "list").stdout
    assert text.index("Current:") < text.index("Melatonin") < text.index("Stopped:") < text.index("Ibuprofen")
    assert "No interactions are checked." in text


def test_bad_input_is_one_line_exit_2_and_nothing_saved(tmp_path: Path) -> None:
    for args, message in [
        (("meds", "add", "Codeine", "--since", "1.3.2026"), "is not a date"),
        (("meds", "add", " "), "Give the medication or substance a name."),
        (("meds", "add", "Codeine", "--since", "2999-01-01"), "The start date is in the future."),
        (("meds", "stop", "Codeine"), "No current medication is called “Codeine”."),
    ]:
        done = run(tmp_path, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
        assert done.stderr.startswith("journal: ") and message in done.stderr
    listed = json.loads(run(tmp_path, "meds", "list", "--json").stdout)
    assert listed["medications"] == []
