"""The command line, run as a person or a script runs it: in a subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import types
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import journal
from journal import cli, resources
from journal.domain.withdrawal import SOWS_ITEMS

BERLIN = ZoneInfo("Europe/Berlin")
SOURCE_002 = "— source: Side effects, dosage and regulation, “Navigating Kratom Dosage…”"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def run(data: Path) -> Run:
    """`python -m journal --data-dir DATA ARGS...`, with the test's TZ and environment."""

    def _run(*args: str, data_dir: Path | None = data) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
        env.pop("DISPLAY", None)
        head = ["--data-dir", str(data_dir)] if data_dir is not None else []
        return subprocess.run(
            [sys.executable, "-m", "journal", *head, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
            check=False,
        )

    return _run


@pytest.fixture
def call(data: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """The same command in-process: fast, for the many refusal variants beside each subprocess run."""

    def _call(*args: str, data_dir: Path | None = data) -> subprocess.CompletedProcess[str]:
        argv = [*(["--data-dir", str(data_dir)] if data_dir is not None else []), *args]
        try:
            code = cli.main(argv)
        except SystemExit as stop:  # argparse: --help, --version, usage errors
            code = stop.code if isinstance(stop.code, int) else 1
        out = capsys.readouterr()
        return subprocess.CompletedProcess(argv, code, out.out, out.err)

    return _call


def ago(**delta: float) -> str:
    """An ISO time with its Berlin offset, so the tests never land in a DST gap."""
    return (datetime.now(BERLIN) - timedelta(**delta)).isoformat(timespec="seconds")


def local(iso: str) -> str:
    return f"{datetime.fromisoformat(iso):%Y-%m-%d %H:%M}"


def ok(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert not _floats(data), "amounts in JSON must be strings, never floats"
    return data


def _floats(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_floats(v) for v in value.values())
    if isinstance(value, list):
        return any(_floats(v) for v in value)
    return False


def refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr starting "journal: "."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("journal: ")
    for word in words:
        assert word in lines[0]
    return lines[0]


# -- start-up ----------------------------------------------------------------------


def test_version_help_and_module_entry(run: Run, call: Run) -> None:
    assert ok(run("--version")) == [f"journal {journal.__version__}"]
    helped = "\n".join(ok(call("--help")))
    for command in ("log", "break", "today", "symptoms", "products"):
        assert command in helped
    refused(call("log"), "required")
    refused(call("log", "intake"), "AMOUNT")
    refused(call("log", "intake", "1", "--form", "bogus"), "invalid choice")


def test_cli_imports_no_qt_matplotlib_or_sqlalchemy() -> None:
    code = (
        "import sys, journal.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'matplotlib', 'sqlalchemy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _loaded_by(*argv: str) -> list[str]:
    """The project's and the heavy libraries' modules loaded by running `journal ARGV` (help exits)."""
    code = (
        "import json, sys\n"
        "from journal.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('PySide6', 'shiboken6', 'matplotlib', 'sqlalchemy', 'alembic', 'sqlcipher3', 'numpy')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(heavy) or m.startswith('journal.'))),"
        " file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage: journal" in out.stdout
    loaded: list[str] = json.loads(out.stderr.strip().splitlines()[-1])
    return loaded


def test_help_loads_neither_qt_nor_the_database_and_only_the_command_asked_about() -> None:
    heavy = ("PySide6", "shiboken6", "matplotlib", "sqlalchemy", "alembic", "sqlcipher3", "numpy")
    for argv in (("--help",), ("log", "--help"), ("backup", "--help"), ("--data-dir", "x", "report", "-h")):
        loaded = _loaded_by(*argv)
        assert not [m for m in loaded if m.startswith(heavy)], argv
        assert not [m for m in loaded if m.startswith(("journal.service", "journal.storage", "journal.ui"))]
        helpers = {"journal.cli.arguments", "journal.cli.output", "journal.cli.opening"}
        commands = {m for m in loaded if m.startswith("journal.cli.")} - helpers
        named = [a for a in argv if a in cli.COMMANDS]
        assert commands == {f"journal.cli.{cli.COMMANDS[n][0]}" for n in named}, argv


def test_bare_command_starts_the_window_with_the_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str | None] = []
    fake = types.ModuleType("journal.app")
    fake.run = lambda data_dir: calls.append(data_dir) or 7  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "journal.app", fake)
    monkeypatch.setattr(journal, "app", fake, raising=False)  # `from journal import app` reads this first
    assert cli.main([]) == 7
    assert cli.main(["--data-dir", "/somewhere"]) == 7
    assert calls == [None, "/somewhere"]


# -- intakes -----------------------------------------------------------------------


def test_log_intake_text_then_json_shape(run: Run) -> None:
    first = ago(hours=2)
    assert ok(run("log", "intake", "4.5", "--at", first)) == [
        f"Saved 4.5 g leaf powder at {local(first)} (rolling 24 h: 4.5 g)"
    ]
    second = ago(hours=1)
    out = as_json(run("log", "intake", "4,5", "g", "--at", second, "--note", "nach dem Essen ☕", "--json"))
    assert set(out) == {"intake", "findings", "rolling_24h_g", "rolling_24h_estimate"}
    intake = out["intake"]
    assert intake["amount"] == "4.5"
    assert intake["unit"] == "g"
    assert intake["form"] == "powder"
    assert intake["product"] is None
    assert intake["leaf_g"] == "4.5"
    assert intake["estimate"] is False
    assert intake["notes"] == "nach dem Essen ☕"
    assert intake["zone"] == "Europe/Berlin"
    assert intake["time_local"] == second
    assert datetime.fromisoformat(intake["time_utc"]) == datetime.fromisoformat(second)
    assert intake["time_utc"].endswith("+00:00")
    assert isinstance(intake["id"], int)
    assert out["findings"] == []
    assert out["rolling_24h_g"] == "9"


def test_single_intake_above_starting_dose_is_a_cited_notice_while_starting(run: Run, call: Run) -> None:
    lines = ok(run("log", "intake", "5.1", "--estimate", "--at", ago(hours=30)))
    assert lines[0].startswith("Saved 5.1 g leaf powder (amount estimated) at ")
    assert len(lines) == 2
    assert lines[1].startswith("NOTICE: 5.1 g")
    assert "starting dose of 1 to 5 g (said of your first intake in the journal" in lines[1]
    assert lines[1].endswith(SOURCE_002)
    # Past the first intake the person is no longer starting: the starting dose is not said.
    assert len(ok(call("log", "intake", "5.1"))) == 1


def test_three_intakes_within_24_hours_caution_then_warning(run: Run, call: Run) -> None:
    for hours in (5, 4):
        ok(run("log", "intake", "4.5", "--at", ago(hours=hours)))
    out = as_json(run("log", "intake", "4.5", "--at", ago(hours=3), "--json"))
    assert out["rolling_24h_g"] == "13.5"
    [caution] = out["findings"]
    assert caution["level"] == "caution"
    assert caution["rule_id"] == "upper-limit-24h"
    assert caution["rolling_24h_g"] == "13.5"
    assert caution["basis"] == "cited range"
    assert caution["source_file"] == "002_8d8250643712a73f.txt"
    assert "13.5 g" in caution["message"]
    lines = ok(call("log", "intake", "2", "--at", ago(hours=2)))
    assert lines[0].endswith("(rolling 24 h: 15.5 g)")
    assert lines[1].startswith("WARNING: Rolling 24-hour total with this intake: 15.5 g")
    assert lines[1].endswith(SOURCE_002)


def test_invalid_amounts_exit_2_and_save_nothing(run: Run, call: Run) -> None:
    # Two as real processes, two in-process: the same parser and checks either way.
    reasons = [
        refused(runner("log", "intake", text, "--product", "Brand new"))
        for runner, text in ((run, "abc"), (call, "0"), (run, "-1"), (call, "nan"))
    ]
    assert "not a number" in reasons[0]
    assert "more than zero" in reasons[1]
    assert "negative" in reasons[2]
    assert "not a number" in reasons[3]
    refused(call("log", "intake", "60"), "unusually large", "--confirm")
    today = as_json(call("today", "--json"))
    assert today["last_intake"] is None
    assert today["today_g"] == "0"
    assert as_json(call("products", "--json")) == {"products": []}, "no product created for a refused intake"
    assert ok(call("log", "intake", "60", "--confirm"))[0].startswith("Saved 60 g leaf powder")


def test_times_in_the_future_or_not_existing_are_refused(run: Run, call: Run) -> None:
    refused(run("log", "intake", "2", "--at", ago(hours=-24)), "future")
    refused(call("log", "intake", "2", "--at", "yesterday"), "not a time")
    refused(call("log", "intake", "2", "--at", "2025-03-30T02:30"), "does not exist")
    refused(run("log", "intake", "2", "--at", "2025-10-26T02:30"), "happened twice", "+02:00", "+01:00")
    assert as_json(call("today", "--json"))["last_intake"] is None
    out = as_json(run("log", "intake", "2", "--at", "2025-10-26T02:30+01:00", "--json"))
    assert out["intake"]["time_utc"] == "2025-10-26T01:30:00+00:00"
    assert out["intake"]["time_local"] == "2025-10-26T02:30:00+01:00"


def test_capsules_with_a_product_and_forms_not_covered(run: Run, call: Run) -> None:
    assert ok(call("products", "add", "Green Malay", "--form", "capsules", "--capsule-g", "0.5")) == [
        "Saved product Green Malay"
    ]
    out = as_json(run("log", "intake", "6", "caps", "--product", "green malay", "--json"))
    assert (out["intake"]["product"], out["intake"]["unit"], out["intake"]["form"]) == (
        "Green Malay",
        "caps",
        "capsules",
    )
    assert out["intake"]["amount"] == "6"
    assert out["intake"]["leaf_g"] == "3"
    assert out["rolling_24h_g"] == "3"
    # A product the journal has not seen is created; without a capsule content it is not counted.
    lines = ok(run("log", "intake", "2", "caps", "--product", "Red Bali"))
    assert lines[0].startswith("Saved 2 capsules (Red Bali, not counted) at ")
    assert lines[0].endswith("(rolling 24 h: 3 g)")
    assert lines[1].startswith("NOTICE: The capsule content of this product is unknown")
    lines = ok(call("log", "intake", "1", "--form", "extract"))
    assert lines[1].startswith("NOTICE: Extract is not covered by the cited ranges")
    assert "source: Kratom products for chronic pain" in lines[1]  # 003_33c004e3696618e7.txt
    products = as_json(call("products", "--json"))["products"]
    assert [(p["name"], p["usual_form"], p["capsule_g"]) for p in products] == [
        ("Green Malay", "capsules", "0.5"),
        ("Red Bali", "capsules", None),
    ]
    listing = ok(call("products"))
    assert listing[0].split() == ["NAME", "FORM", "PER", "CAPSULE", "LEAF", "FACTOR", "VENDOR"]
    assert listing[1].split() == ["Green", "Malay", "capsules", "0.5", "g"]
    refused(call("products", "add", "GREEN MALAY"), "already exists")
    refused(call("products", "add", "Heavy", "--capsule-g", "9"), "--capsule-g")


# -- symptoms, pain, breaks ----------------------------------------------------------


def test_symptoms_by_key_or_label_and_the_catalogue(run: Run, call: Run) -> None:
    lines = ok(run("log", "symptom", "nausea", "--severity", "2"))
    assert len(lines) == 1
    assert lines[0].startswith("Saved Nausea: moderate (2/4) at ")
    out = as_json(call("log", "symptom", "DRY SKIN", "--severity", "mild", "--area", "hands", "--json"))
    assert out["symptom"]["key"] == "dry-skin"
    assert (out["symptom"]["severity"], out["symptom"]["severity_word"]) == (1, "mild")
    assert out["symptom"]["area"] == "hands"
    assert out["advice"] is None
    refused(call("log", "symptom", "sneezing", "--severity", "1"), "Unknown symptom", "journal symptoms")
    refused(call("log", "symptom", "hair-loss", "--severity", "1", "--area", "knee"), "scalp")
    refused(call("log", "symptom", "nausea", "--severity", "5"), "0 (none) to 4")
    refused(call("log", "symptom", "nausea"), "--severity")
    catalogue = ok(run("symptoms"))
    assert catalogue[0].split() == ["KEY", "LABEL", "CATEGORY", "RED", "FLAG"]
    jaundice = next(line for line in catalogue if line.startswith("jaundice "))
    assert "Liver warning signs" in jaundice
    assert jaundice.endswith("red flag")
    listed = as_json(call("symptoms", "--json"))["symptoms"]
    assert {s["key"] for s in listed if s["red_flag"]} >= {"jaundice", "dark-urine"}


def test_red_flag_symptom_says_see_a_clinician_with_its_source(run: Run, call: Run) -> None:
    cite = resources.guidance()["see-clinician"].citations[0]
    lines = ok(run("log", "symptom", "Yellowing of skin or eyes", "--severity", "2", "--note", "eyes"))
    assert len(lines) == 2
    assert lines[1] == (
        "This can be a sign of liver trouble, which the sources link to long-term use: "
        "please see a clinician soon. — source: Side effects, dosage and regulation, "
        "“Weighing the Potential Benefits Against…”"
    )
    out = as_json(call("log", "symptom", "dark-urine", "--severity", "1", "--json"))
    assert out["symptom"]["red_flag"] is True
    assert out["advice"]["rule_id"] == "see-clinician"
    assert out["advice"]["source_file"] == cite.file
    assert len(ok(call("log", "symptom", "jaundice", "--severity", "none"))) == 1, "absent: no advice"


def test_pain_check_in_with_peg_and_mood(run: Run, call: Run) -> None:
    at = ago(minutes=30)
    out = as_json(run("log", "pain", "6", "--peg", "6", "5", "4", "--mood", "3", "--at", at, "--json"))
    pain = out["pain"]
    assert (pain["pain_now"], pain["peg"], pain["peg_score"], pain["mood"]) == (6, [6, 5, 4], "5.0", 3)
    assert pain["time_local"] == at
    assert ok(call("log", "pain", "4", "--peg", "7", "7", "6"))[0].startswith(
        "Saved pain 4/10 (PEG 6.7 from 7/7/6) at "
    )
    refused(run("log", "pain", "11"), "Pain:", "0 to 10")
    refused(call("log", "pain", "3", "--peg", "1", "2", "30"), "PEG activity")
    refused(call("log", "pain", "3", "--peg", "1", "2"), "--peg")
    refused(call("log", "pain", "three"), "invalid int")
    today = ok(call("today"))
    assert "Latest pain: pain 4/10 (PEG 6.7 from 7/7/6) at " in "\n".join(today)


def test_break_start_end_and_today(run: Run, call: Run) -> None:
    today = datetime.now(BERLIN).date()
    two_days_ago = datetime.combine(today - timedelta(days=2), time(12), BERLIN)
    ok(call("log", "intake", "3", "--at", two_days_ago.isoformat()))
    until = today + timedelta(days=10)
    refused(call("break", "end"), "No break is running")
    refused(call("break", "start", "--until", today.isoformat()), "after today")
    refused(call("break", "start", "--until", "next week"), "not a date")
    started = ok(run("break", "start", "--until", until.isoformat(), "--reason", "tolerance"))
    assert started[0].startswith("Break started ")
    assert f"planned until {until.isoformat()} (10 days). Reason: tolerance." in started[0]
    refused(call("break", "start"), "already running")
    shown = ok(run("today"))
    assert f"Break: day 1 of 10 (since {today.isoformat()}" in "\n".join(shown)
    state = as_json(call("today", "--json"))["break"]
    assert (state["day"], state["of_days"], state["planned_end"], state["reason"]) == (
        1,
        10,
        until.isoformat(),
        "tolerance",
    )
    ended = ok(run("break", "end", "--note", "too hard"))
    assert ended[0].startswith("Break ended ")
    assert ended[0].endswith(f"on day 1 (planned until {until.isoformat()}: ended early).")
    shown = "\n".join(ok(call("today")))
    assert "Break:" not in shown
    # Two days ago at noon: yesterday was a full dose-free day, today is one only so far.
    assert "Dose-free streak: 1 full day before today, and today so far" in shown
    assert as_json(call("today", "--json"))["full_dose_free_days"] == 1
    assert as_json(call("today", "--json"))["break"] is None


def test_today_json_numbers(run: Run, call: Run) -> None:
    empty = as_json(call("today", "--json"))
    assert (empty["today_g"], empty["rolling_24h_g"], empty["last_intake"]) == ("0", "0", None)
    assert empty["seconds_since_last_intake"] is None
    doses = [("4", ago(hours=30)), ("2.25", ago(hours=2)), ("3", ago(hours=1))]
    for amount, at in doses:
        ok(call("log", "intake", amount, "--at", at))
    out = as_json(run("today", "--json"))
    now_day = datetime.now(BERLIN).date()
    todays = sum(Decimal(a) for a, at in doses if datetime.fromisoformat(at).date() == now_day)
    assert Decimal(out["today_g"]) == todays
    assert out["rolling_24h_g"] == "5.25"
    assert out["last_intake"]["amount"] == "3"
    assert 3600 <= out["seconds_since_last_intake"] < 3600 + 120
    assert out["dose_free_streak_days"] == 0 and out["full_dose_free_days"] == 0
    assert out["use_streak_days"] >= 1
    assert out["zone"] == "Europe/Berlin"
    assert date.fromisoformat(out["now_local"][:10]) == now_day
    text = ok(run("today"))
    assert text[1] == "Rolling 24 h: 5.25 g"
    assert text[2].startswith("Last dose: 1 h 0 min ago, 3 g leaf powder at ")


# -- where the journal lives ------------------------------------------------------------


def test_data_dir_from_environment_or_either_position(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("JOURNAL_DATA_DIR", str(elsewhere))
    ok(run("log", "intake", "1.5", data_dir=None))
    assert (elsewhere / "journal.sqlite3").exists()
    out = as_json(run("today", "--json", "--data-dir", str(elsewhere), data_dir=None))
    assert out["last_intake"]["amount"] == "1.5"


def test_a_foreign_file_is_refused_and_left_untouched(run: Run, data: Path) -> None:
    data.mkdir()
    db = data / "journal.sqlite3"
    db.write_bytes(b"my shopping list\n" * 20)
    result = run("today")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 2
    assert lines[0].startswith("journal: ")
    assert "not a journal file" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == b"my shopping list\n" * 20
    db.unlink()
    with sqlite3.connect(db) as con:
        con.execute("create table t (x)")
    con.close()
    before = db.read_bytes()
    result = run("log", "intake", "2")
    assert result.returncode == 1
    assert "another application" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


# -- scored withdrawal check-ins (SOWS) ---------------------------------------------------------


def test_sows_check_in_from_sixteen_answers(run: Run, call: Run) -> None:
    answers = ["2", "1", "0", "0", "3", "1", "0", "2", "2", "4", "3", "1", "0", "1", "2", "4"]
    at = ago(minutes=20)
    out = as_json(run("log", "sows", *answers, "--at", at, "--json"))
    sows = out["withdrawal"]
    assert (sows["scale"], sows["total"], sows["max"]) == ("SOWS", 26, 64)
    assert sows["items"] == [int(a) for a in answers]
    assert sows["time_local"] == at
    lines = ok(call("log", "sows", *["0"] * 15, "4"))
    assert lines[0].startswith("Saved withdrawal check-in (SOWS): total 4 of 64 at ")
    assert lines[1:] == [f"  {s}: 0 (not at all)" for s in SOWS_ITEMS[:15]] + [
        "  I feel like using now: 4 (extremely)"
    ]


def test_bad_sows_answers_exit_2_and_save_nothing(run: Run, call: Run, data: Path) -> None:
    refused(run("log", "sows", *["1"] * 15), "needs 16 answers", "15 given")
    refused(call("log", "sows", *["1"] * 17), "17 given")
    refused(call("log", "sows", *["1"] * 15, "5"), "Answer 16 (I feel like using now)", "0 to 4")
    refused(call("log", "sows", "x", *["1"] * 15), "Answer 1 (I feel anxious)", "'x'")
    refused(call("log", "sows", *["1"] * 16, "--at", ago(hours=-24)), "future")
    refused(run("log", "sows"), "needs 16 answers", "0 given")  # no terminal to ask in
    with sqlite3.connect(data / "journal.sqlite3") as con:
        assert con.execute("SELECT count(*) FROM withdrawal_scores").fetchone() == (0,)


def test_sows_asks_each_statement_in_a_terminal(data: Path) -> None:
    import pty

    primary, secondary = pty.openpty()
    env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("DISPLAY", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "journal", "--data-dir", str(data), "log", "sows", "--json"],
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    os.close(secondary)
    typed = ["3", "nine", *["1"] * 15]  # one wrong answer, asked again
    os.write(primary, ("\n".join(typed) + "\n").encode())
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(primary)
    assert proc.returncode == 0, err
    saved = json.loads(out)["withdrawal"]
    assert saved["items"] == [3, *[1] * 15] and saved["total"] == 18
    assert "Subjective Opiate Withdrawal Scale (SOWS)" in err
    assert " 1/16 I feel anxious [0-4]: " in err and "16/16 I feel like using now [0-4]: " in err
    assert err.count(" 2/16 I feel like yawning") == 2  # asked again after "nine"
    assert "Type one number from 0 (not at all) to 4 (extremely)." in err


def test_today_invites_the_sows_during_a_break_and_shows_its_totals(call: Run) -> None:
    assert "Withdrawal" not in "\n".join(ok(call("today")))  # no break, no invitation
    until = datetime.now(BERLIN).date() + timedelta(days=7)
    ok(call("break", "start", "--until", until.isoformat()))
    assert "Withdrawal scale not scored today: journal log sows" in "\n".join(ok(call("today")))
    ok(call("log", "sows", *["2"] * 16))
    ok(call("log", "sows", *["1"] * 16))
    shown = "\n".join(ok(call("today")))
    assert "Withdrawal (SOWS) this break: 32 → 16 (of 64)" in shown
    assert "not scored today" not in shown
    state = as_json(call("today", "--json"))
    assert [s["total"] for s in state["break_withdrawal"]] == [32, 16] and state["withdrawal_due"] is False
