"""`journal report` and `journal export --format fhir`, run as a person or a script runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

ZONE = "Europe/Berlin"


def run(base: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8", TZ=ZONE)
    env.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "journal", "--data-dir", str(base / "data"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    ok(run(folder, "demo", "--years", "0.5", "--seed", "2"))
    return folder


def text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


def test_without_dates_the_summary_covers_the_last_90_days_and_says_so(base: Path) -> None:
    today = datetime.now(ZoneInfo(ZONE)).date()
    first = today - timedelta(days=89)
    target = base / "default.pdf"
    lines = ok(run(base, "report", "-o", str(target)))
    if datetime.now(ZoneInfo(ZONE)).date() != today:  # midnight passed while it ran
        pytest.skip("the day changed during the test")
    assert lines == [
        f"Period: {first.isoformat()} to {today.isoformat()} (90 days; choose one with --from and --to).",
        f"Wrote the clinician summary for {first.isoformat()} to {today.isoformat()} to {target}.",
    ]
    assert "Appendix" not in text(target), "the raw entries are a choice, off by default"


def test_the_appendix_on_request(base: Path) -> None:
    rated, every = base / "rated.pdf", base / "all.pdf"
    out = json.loads("\n".join(ok(run(base, "report", "--appendix", "--json", "-o", str(rated)))))
    assert out["report"]["appendix"] == "rated"
    ok(run(base, "report", "--appendix-all", "-o", str(every)))
    assert "Appendix: the entries of the period" in text(rated)
    assert "none:" not in text(rated) and "none:" in text(every)
    assert len(PdfReader(rated).pages) <= len(PdfReader(every).pages)


def test_the_help_explains_every_option(base: Path) -> None:
    help_text = " ".join(" ".join(ok(run(base, "report", "--help"))).split())
    for words in (
        "--from DATE the first day of the summary",
        "89 days before --to",
        "--to DATE its last day (default: today)",
        "--appendix add the entries themselves",
        "(default: no appendix)",
        "--appendix-all add the appendix with every rating, 'none' ratings included",
        "--no-notes leave your notes out",
        "--name TEXT a name to print in the header",
        "-o FILE.pdf, --output FILE.pdf the PDF to write",
    ):
        assert words in help_text, words


def test_a_fhir_record_for_a_period(base: Path) -> None:
    target = base / "record.json"
    today = datetime.now(ZoneInfo(ZONE)).date()
    start = (today - timedelta(days=29)).isoformat()
    lines = ok(
        run(
            base,
            "export",
            "--format",
            "fhir",
            "-o",
            str(target),
            "--from",
            start,
            "--to",
            today.isoformat(),
            "--name",
            "Sam Example",
        )
    )
    assert lines[-1].startswith("Wrote a FHIR record of ") and lines[-1].endswith(
        f"(FHIR R4 Bundle, {start} to {today.isoformat()})."
    )
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert Bundle.model_validate(bundle).type == "collection"
    [patient] = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patient["name"] == [{"text": "Sam Example"}]
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_period_or_name_is_only_for_fhir(base: Path) -> None:
    result = run(base, "export", "-o", str(base / "whole.json"), "--from", "2026-01-01")
    assert result.returncode == 2
    assert "--from, --to and --name are for --format fhir" in result.stderr
    assert not (base / "whole.json").exists()
