"""`journal log ... --tag TEXT` (and `journal photo add ... --tag`): context tags from a terminal, and
a bad tag refused in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal import cli
from journal.domain.entities import Kind
from journal.service.journal import Journal
from tests.e2e.test_cli import Run, as_json, ok, refused
from tests.photo_files import phone_jpeg


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def run(data: Path) -> Run:
    """`python -m journal --data-dir DATA ARGS...` (as tests/e2e/test_cli.py runs it)."""

    def _run(*args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
        env.pop("DISPLAY", None)
        argv = [sys.executable, "-m", "journal", "--data-dir", str(data), *args]
        return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)

    return _run


@pytest.fixture
def call(data: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """The same command in-process."""

    def _call(*args: str) -> subprocess.CompletedProcess[str]:
        argv = ["--data-dir", str(data), *args]
        try:
            code = cli.main(argv)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        out = capsys.readouterr()
        return subprocess.CompletedProcess(argv, code, out.out, out.err)

    return _call


def stored_tags(data: Path) -> dict[str, dict[int, tuple[str, ...]]]:
    journal = Journal.open(data)
    try:
        kinds = (Kind.INTAKE, Kind.SYMPTOM, Kind.PAIN, Kind.WITHDRAWAL, Kind.BREAK)
        return {kind.value: journal.entries.tags_of(kind) for kind in kinds if journal.entries.tags_of(kind)}
    finally:
        journal.close()


def test_log_with_tags_prints_and_saves_them(run: Run, call: Run, data: Path) -> None:
    lines = ok(run("log", "intake", "3", "--tag", "Poor  Sleep", "--tag", "stress"))
    assert lines[0].startswith("Saved 3 g leaf powder")
    assert lines[1] == "  Tags: poor sleep; stress"
    symptom = as_json(call("log", "symptom", "nausea", "--severity", "2", "--tag", "flare", "--json"))
    assert symptom["symptom"]["tags"] == ["flare"]
    pain = ok(call("log", "pain", "5", "--tag", "work"))
    assert pain[1] == "  Tags: work"
    sows = ok(call("log", "sows", *["1"] * 16, "--tag", "illness"))
    assert sows[1] == "  Tags: illness"
    brk = as_json(call("break", "start", "--tag", "travel", "--json"))
    assert brk["break"]["tags"] == ["travel"]
    intake = as_json(call("log", "intake", "2", "--tag", "exercise", "--json"))
    assert intake["intake"]["tags"] == ["exercise"]
    untagged = ok(call("log", "intake", "1"))
    assert not any("Tags" in line for line in untagged)
    tags = stored_tags(data)
    assert list(tags["intake"].values()) == [("poor sleep", "stress"), ("exercise",)]
    assert list(tags["symptom"].values()) == [("flare",)]
    assert list(tags["pain"].values()) == [("work",)]
    assert list(tags["withdrawal"].values()) == [("illness",)]
    assert list(tags["break"].values()) == [("travel",)]


def test_a_bad_tag_is_one_line_exit_2_and_saves_nothing(run: Run, call: Run, data: Path) -> None:
    refused(run("log", "intake", "3", "--product", "Brand new", "--tag", "x" * 41), "at most 40 characters")
    refused(call("log", "symptom", "nausea", "--severity", "1", "--tag", " "), "at least one character")
    refused(call("log", "pain", "4", *[f"--tag=t{n}" for n in range(11)]), "at most 10 tags")
    refused(call("log", "sows", *["1"] * 16, "--tag", "a;b"), "semicolon")
    refused(call("break", "start", "--tag", ""), "at least one character")
    assert as_json(call("products", "--json")) == {"products": []}, "no product created for a refused tag"
    assert stored_tags(data) == {}
    journal = Journal.open(data)
    try:
        entries = journal.entries
        assert entries.intakes() == entries.symptoms() == entries.pain() == entries.withdrawal() == []
        assert entries.breaks() == []
    finally:
        journal.close()


def test_photo_add_takes_tags_for_each_photo_and_a_bad_one_saves_nothing(
    run: Run, call: Run, data: Path, tmp_path: Path
) -> None:
    first, second, third = (tmp_path / f"IMG_{n}.jpg" for n in (1, 2, 3))
    for seed, path in enumerate((first, second, third), 1):
        phone_jpeg(path, seed=seed)
    refused(run("photo", "add", str(first), "--area", "scalp-crown", "--tag", "a;b"), "semicolon")
    refused(call("photo", "add", str(first), "--area", "scalp-crown", "--tag", "y" * 41), "at most 40")
    assert as_json(call("photo", "list", "--json")) == {"photos": []}

    both = (str(first), str(second))
    lines = ok(run("photo", "add", *both, "--area", "scalp-crown", "--tag", "Flare", "--tag", "poor sleep"))
    assert lines[0].startswith("Saved photo 1: Scalp: crown")
    assert lines[1] == "  Tags: flare; poor sleep"
    assert lines[2].startswith("Saved photo 2: Scalp: crown")
    assert lines[3] == "  Tags: flare; poor sleep"
    listed = as_json(call("photo", "list", "--json"))
    assert [(p["id"], p["tags"]) for p in listed["photos"]] == [
        (1, ["flare", "poor sleep"]),
        (2, ["flare", "poor sleep"]),
    ]
    again = as_json(call("photo", "add", str(first), "--area", "scalp-crown", "--tag", "travel", "--json"))
    assert again["photos"] == [] and again["already"][0]["photo"]["tags"] == ["flare", "poor sleep"]
    untagged = ok(call("photo", "add", str(third), "--area", "skin-arms"))
    assert not any("Tags" in line for line in untagged)
    assert stored_photo_tags(data) == {1: ("flare", "poor sleep"), 2: ("flare", "poor sleep")}


def stored_photo_tags(data: Path) -> dict[int, tuple[str, ...]]:
    journal = Journal.open(data)
    try:
        return journal.entries.tags_of(Kind.PHOTO)
    finally:
        journal.close()
