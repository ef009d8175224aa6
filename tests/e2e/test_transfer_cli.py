"""`journal export` and `journal import`, run as a person or a script runs them: in a subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from journal import cli

Run = Callable[..., subprocess.CompletedProcess[str]]


def _run(base: Path, folder: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m journal --data-dir BASE/FOLDER ARGS...`; stdin is not a terminal."""
    env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8", TZ="Europe/Berlin")
    env.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "journal", "--data-dir", str(base / folder), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        input=stdin if stdin is not None else "",
        timeout=120,
        check=False,
    )


@pytest.fixture
def run(tmp_path: Path) -> Run:
    return partial(_run, tmp_path)


def ok(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A demonstration journal exported both ways (read only by the tests)."""
    base = tmp_path_factory.mktemp("exported")
    ok(_run(base, "source", "demo", "--years", "0.3", "--seed", "3"))
    json_path, zip_path = base / "journal.json", base / "journal.zip"
    lines = ok(_run(base, "source", "export", "-o", str(json_path)))
    assert lines[0].startswith("Exported 5 products, ") and "(JSON, format version 1)." in lines[0]
    # --format csv with a .csv name writes the zip beside it
    lines = ok(_run(base, "source", "export", "--format", "csv", "-o", str(base / "journal.csv")))
    assert f"to {zip_path} (CSV files in a zip, format version 1)." in lines[0]
    for path in (json_path, zip_path):
        assert path.stat().st_mode & 0o777 == 0o600
    assert not (base / "journal.csv").exists()
    return {"json": json_path, "csv": zip_path, "base": base}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_an_empty_journal(
    run: Run, exported: dict[str, Path], fmt: str, tmp_path: Path
) -> None:
    path = str(exported[fmt])
    again_json = ok(_run(exported["base"], "source", "export", "--json", "-o", str(tmp_path / "counts.json")))
    source = json.loads("\n".join(again_json))["export"]["counts"]

    preview = ok(run(fmt, "import", path, "--dry-run"))
    assert preview[-1] == "Dry run: nothing was changed."
    assert preview[1].startswith(f"Will add: 5 products, {source['intakes']:,} intakes")
    assert ok(run(fmt, "today", "--json"))  # still empty
    assert json.loads("\n".join(ok(run(fmt, "today", "--json"))))["last_intake"] is None

    refused = run(fmt, "import", path)
    assert refused.returncode == 2
    assert "no terminal to ask in: add --yes to import, or --dry-run" in refused.stderr
    assert "Nothing was imported." in refused.stderr
    assert json.loads("\n".join(ok(run(fmt, "today", "--json"))))["last_intake"] is None

    done = ok(run(fmt, "import", path, "--yes"))
    assert done[-1].startswith(f"Imported 5 products, {source['intakes']:,} intakes")
    again = ok(run(fmt, "import", path, "--yes"))
    assert "Nothing new to add." in again
    assert any(line.startswith("Already in the journal (skipped): 5 products") for line in again)

    data = json.loads("\n".join(ok(run(fmt, "import", path, "--dry-run", "--json"))))["import"]
    assert data["applied"] is False and data["added"] == {} and data["conflicts"] == []
    assert data["already"]["intakes"] == source["intakes"]


def test_json_export_and_import_report_as_json(run: Run, exported: dict[str, Path], tmp_path: Path) -> None:
    data = json.loads("\n".join(ok(run("target", "import", str(exported["json"]), "--yes", "--json"))))
    assert data["import"]["applied"] is True
    assert data["import"]["source"] == "journal JSON export (format version 1)"
    assert data["import"]["added"]["products"] == 5
    out = json.loads("\n".join(ok(run("target", "export", "-o", str(tmp_path / "again.json"), "--json"))))
    assert out["export"]["format"] == "json" and out["export"]["version"] == 1
    with zipfile.ZipFile(exported["csv"]) as archive:
        assert "intakes.csv" in archive.namelist()
    # --json cannot ask, so it needs --yes
    result = run("third", "import", str(exported["json"]), "--json")
    assert result.returncode == 2 and "--json prints one object and cannot ask" in result.stderr


def test_answering_the_question(run: Run, exported: dict[str, Path]) -> None:
    # Without a terminal the question is never asked, whatever stdin holds.
    result = run("target", "import", str(exported["json"]), stdin="y\n")
    assert result.returncode == 2


def test_bad_files_change_nothing_and_name_the_line(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "intakes.csv"
    bad.write_bytes(
        "time_utc,amount,notes\n2026-01-05T08:00:00Z,2,ok\n2026-02-30T08:00:00Z,3,Kräuter\n".encode()
    )
    result = run("target", "import", str(bad), "--yes")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "journal: intakes.csv: line 3, column 1 (time_utc): “2026-02-30T08:00:00Z” is not a real date and "
        "time (day is out of range for month); write it like 2026-03-10T12:00:00Z. Nothing was imported."
    ]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("time_utc,amount,notes\n2026-01-05T08:00:00Z,2,Kräuter\n".encode("latin-1"))
    result = run("target", "import", str(latin), "--yes")
    assert result.returncode == 2 and "line 2, column 26: byte 0xE4 is not UTF-8" in result.stderr
    missing = run("target", "import", str(tmp_path / "nowhere.json"))
    assert missing.returncode == 2 and "there is no such file" in missing.stderr
    assert json.loads("\n".join(ok(run("target", "today", "--json"))))["last_intake"] is None


def test_export_problems(run: Run, tmp_path: Path) -> None:
    result = run("source", "export", "-o", str(tmp_path / "no" / "such" / "folder.json"))
    assert result.returncode == 1 and "cannot write" in result.stderr
    result = run("source", "export", "-o", str(tmp_path / "journal.txt"))
    assert result.returncode == 2 and "--format json or --format csv" in result.stderr
    assert list(tmp_path.glob("*.part")) == [] and list(tmp_path.glob(".*.part")) == []


def test_psychonautwiki_export_from_the_command_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "psychonautwiki.json"
    ingestions = [
        {"substanceName": "Kratom", "time": 1772000000000, "administrationRoute": "ORAL", "dose": 3.0,
         "isDoseAnEstimate": False, "units": "g", "notes": "morning"},
        {"substanceName": "Caffeine", "time": 1772000100000, "administrationRoute": "ORAL", "dose": 90.0,
         "isDoseAnEstimate": False, "units": "mg"},
    ]  # fmt: skip
    doc = {
        "experiences": [{"title": "t", "text": "", "sortDate": 1772000000000, "ingestions": ingestions}],
        "substanceCompanions": [],
        "customSubstances": [],
    }
    path.write_text(json.dumps(doc))
    lines = ok(run("target", "import", str(path), "--yes"))
    assert lines[0] == "psychonautwiki.json: PsychonautWiki Journal export."
    assert "Skipped 1 ingestion of 1 other substance: Caffeine (1)." in lines
    assert lines[-1].startswith("Imported 1 intake from psychonautwiki.json. The journal was backed up first")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("answer", "imported"), [("y\n", True), ("yes\n", True), ("n\n", False), ("", False)]
)
def test_at_a_terminal_the_preview_asks_first(
    exported: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    imported: bool,
) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    target = str(tmp_path / "target")
    assert cli.main(["--data-dir", target, "import", str(exported["json"])]) == 0
    out = capsys.readouterr().out
    assert out.startswith("journal.json: journal JSON export (format version 1).\nWill add: 5 products, ")
    assert "entries? [y/N] " in out
    last = out.splitlines()[-1]
    if imported:
        assert "entries? [y/N] Imported 5 products, " in last  # the terminal echoes the answer's newline
    else:
        assert last.endswith("Nothing was imported.")
    assert cli.main(["--data-dir", target, "import", str(exported["json"]), "--dry-run"]) == 0
    again = capsys.readouterr().out
    assert ("Nothing new to add." in again) is imported
