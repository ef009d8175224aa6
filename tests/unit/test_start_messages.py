"""What start-up says when there is no window: commands that work from where it was started."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from journal import app


def test_from_a_checkout_the_command_is_the_venv_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / ".venv" / "bin" / "journal"
    script.parent.mkdir(parents=True)
    script.write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/nonexistent")  # `journal` is not on the PATH after `make run`
    monkeypatch.setattr(sys, "argv", [str(script)])
    assert app.command() == ".venv/bin/journal"


def test_on_the_path_the_command_is_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "journal"
    script.write_text("")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "argv", [str(script)])
    assert app.command() == "journal"


def test_a_plugin_problem_is_not_called_a_display_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    line = app.display_problem(['Could not load the Qt platform plugin "xcb"', "no plugin"])
    assert "does not answer" not in line and 'plugin "xcb"' in line
    line = app.display_problem(["could not connect to display :0", "no plugin"])
    assert "the display (DISPLAY=:0) does not answer" in line
