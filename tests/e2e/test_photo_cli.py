"""`journal photo add|list|export` and `journal report --photos`, run as a person or a script runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.photo_files import MARKERS, assert_clean, not_an_image, phone_jpeg

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


def test_photos_from_a_terminal(tmp_path: Path) -> None:
    crown, part = tmp_path / "IMG_0001.jpg", tmp_path / "IMG_0002.jpg"
    phone_jpeg(crown, seed=1, orientation=6)
    phone_jpeg(part, seed=2)
    notes = not_an_image(tmp_path / "notes.txt")

    refused = run(tmp_path, "photo", "add", str(part), str(notes), "--area", "scalp-part")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("journal: notes.txt: this is not a photo")
    assert refused.stderr.rstrip().endswith("Nothing was saved.")
    assert json.loads(run(tmp_path, "photo", "list", "--json").stdout) == {"photos": []}

    added = run(
        tmp_path,
        "photo",
        "add",
        str(crown),
        str(part),
        "--area",
        "scalp-crown",
        "--note",
        "morning",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    saved = json.loads(added.stdout)["photos"]
    assert [(p["id"], p["area"], p["notes"]) for p in saved] == [
        (1, "scalp-crown", "morning"),
        (2, "scalp-crown", "morning"),
    ]
    assert (saved[0]["width"], saved[0]["height"]) == (300, 400)  # turned upright

    again = run(tmp_path, "photo", "add", str(part), "--area", "skin-face", "--photo-time")
    assert again.returncode == 0
    assert "IMG_0002.jpg is already in the journal as photo 2" in again.stdout

    listed = run(tmp_path, "photo", "list")
    assert listed.returncode == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["ID", "1", "2"]

    out = tmp_path / "out"
    out.mkdir()
    exported = run(tmp_path, "photo", "export", "1", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    (written,) = out.iterdir()
    assert written.name.startswith("scalp-crown-") and written.suffix == ".jpg"
    assert written.stat().st_mode & 0o777 == 0o600
    assert_clean(written.read_bytes())
    missing = run(tmp_path, "photo", "export", "9", "-o", str(out / "nine.jpg"))
    assert missing.returncode == 1 and "no photo 9" in missing.stderr

    pdf = tmp_path / "summary.pdf"
    report = run(tmp_path, "report", "--photos", "scalp-crown", "-o", str(pdf), "--json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["report"]["photos"] == ["scalp-crown"]
    reader = PdfReader(pdf)
    words = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Photos (taken by the patient, shared by choice)" in words and "Scalp: crown" in words
    assert sum(len(p.images) for p in reader.pages) == 2
    raw = pdf.read_bytes()
    assert not any(marker in raw for marker in MARKERS)
    unknown = run(tmp_path, "report", "--photos", "elbow", "-o", str(tmp_path / "x.pdf"))
    assert unknown.returncode == 2 and "Unknown body area" in unknown.stderr
    assert not (tmp_path / "x.pdf").exists()
