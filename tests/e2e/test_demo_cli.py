"""`journal demo` and `journal --demo`, run as a person runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest

import journal as journal_package
from journal import cli
from journal.service.journal import Journal


def journal_cmd(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "journal", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_demo_writes_a_journal_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    wrote = journal_cmd("--data-dir", str(data), "demo", "--years", "1", "--seed", "3")
    assert wrote.returncode == 0, wrote.stderr
    assert wrote.stderr == ""
    text = wrote.stdout
    assert text.startswith(f"Wrote a demonstration journal of made-up entries to {data}: ")
    assert "(1 year, seed 3, Europe/Berlin)" in text
    for word in ("products:", "intakes:", "breaks:", "symptom ratings:", "pain check-ins:", "entered later"):
        assert word in text
    assert text.rstrip().endswith(f"Open it with: journal --data-dir {data}")

    today = journal_cmd("--data-dir", str(data), "today", "--json")
    assert today.returncode == 0, today.stderr
    state = json.loads(today.stdout)
    assert state["last_intake"] is not None
    assert state["zone"] == "Europe/Berlin"
    products = json.loads(journal_cmd("--data-dir", str(data), "products", "--json").stdout)["products"]
    assert len(products) >= 3, "archived products are not listed"

    again = journal_cmd("--data-dir", str(data), "demo")
    assert again.returncode == 2
    assert again.stdout == ""
    [line] = again.stderr.splitlines()
    assert line.startswith(f"journal: the journal in {data} already has entries (")
    assert "intakes" in line
    assert "--data-dir" in line


def test_demo_json_and_refusals_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "small"
    assert cli.main(["--data-dir", str(data), "demo", "--years", "0.1", "--seed", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["demo"]
    assert (out["years"], out["seed"], out["data_dir"]) == ("0.1", 5, str(data))
    assert out["counts"]["intakes"] > 50
    assert out["rows"] == sum(out["counts"].values())
    for bad in ("0", "-1", "nan", "31", "many"):
        with pytest.raises(SystemExit) as stop:
            cli.main(["--data-dir", str(data), "demo", "--years", bad])
        assert stop.value.code == 2
        assert "years must be more than 0" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        cli.main(["--demo", "today"])
    assert stop.value.code == 2
    assert "--demo" in capsys.readouterr().err


def test_demo_flag_opens_the_window_on_a_throwaway_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, int]] = []

    def run(data_dir: str | None, *, demo: bool = False) -> int:
        assert data_dir is not None and demo  # the window says so, and no autostart entry for it
        journal = Journal.open(Path(data_dir))
        try:
            seen.append((data_dir, len(journal.entries.intakes())))
        finally:
            journal.close()
        return 0

    fake = types.ModuleType("journal.app")
    fake.run = run  # type: ignore[attr-defined]
    fake.has_display = lambda: True  # type: ignore[attr-defined]
    fake.ensure_application = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "journal.app", fake)
    monkeypatch.setattr(journal_package, "app", fake, raising=False)  # `from journal import app`
    assert cli.main(["--demo"]) == 0
    [(folder, intakes)] = seen
    assert Path(folder).name.startswith("kratom-journal-demo-")
    assert Path(folder).parent == Path(tempfile.gettempdir())
    assert 1200 <= intakes <= 2600, "two years"
    assert not Path(folder).exists(), "removed when the window closes"


def test_demo_flag_removes_the_copy_when_the_window_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    folders: list[str] = []

    def run(data_dir: str | None, *, demo: bool = False) -> int:
        assert data_dir is not None and demo
        folders.append(data_dir)
        raise RuntimeError("no window today")

    fake = types.ModuleType("journal.app")
    fake.run = run  # type: ignore[attr-defined]
    fake.has_display = lambda: True  # type: ignore[attr-defined]
    fake.ensure_application = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "journal.app", fake)
    monkeypatch.setattr(journal_package, "app", fake, raising=False)  # `from journal import app`
    with pytest.raises(RuntimeError):
        cli.main(["--demo"])
    assert folders
    assert not Path(folders[0]).exists()
