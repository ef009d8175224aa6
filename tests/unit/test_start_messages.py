"""What start-up says when there is no window: commands that work from where it was started."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import journal


@pytest.fixture
def app() -> Iterator[ModuleType]:
    """journal.app, imported for the test and forgotten after it: other tests put a fake in its place,
    which `from journal import app` would pass over once the package holds the real one."""
    had = "journal.app" in sys.modules
    yield importlib.import_module("journal.app")
    if not had:
        sys.modules.pop("journal.app", None)
        vars(journal).pop("app", None)


def test_from_a_checkout_the_command_is_the_venv_path(
    app: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / ".venv" / "bin" / "journal"
    script.parent.mkdir(parents=True)
    script.write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/nonexistent")  # `journal` is not on the PATH after `make run`
    monkeypatch.setattr(sys, "argv", [str(script)])
    assert app.command() == ".venv/bin/journal"


def test_on_the_path_the_command_is_its_name(
    app: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "journal"
    script.write_text("")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "argv", [str(script)])
    assert app.command() == "journal"


def test_a_plugin_problem_is_not_called_a_display_problem(
    app: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    line = app.display_problem(['Could not load the Qt platform plugin "xcb"', "no plugin"])
    assert "does not answer" not in line and 'plugin "xcb"' in line
    line = app.display_problem(["could not connect to display :0", "no plugin"])
    assert "the display (DISPLAY=:0) does not answer" in line
