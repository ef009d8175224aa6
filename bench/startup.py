"""Start-up: process start to the main window painted, with the ten-year journal, plain and encrypted.

Each run spawns `bench/window_child.py` (see there for how "painted" is seen)
and subtracts the time the parent spawned it. The floor is the same process
showing a bare QMainWindow with a matplotlib FigureCanvasQTAgg. Runs of the
three alternate, after one untimed warm-up each (disk cache, font cache).

"startup_encrypted" is the same journal encrypted with a passphrase, which the
child types into the start's passphrase dialog as soon as it shows; its floor
is the plain journal's start-up of the same run, and its target is to stay
within 10% of it.

The journal starts with a system tray (BENCH_TRAY, see window_child.py). The
tray, its first read and the reminders start once the window has painted
(journal.app.TRAY_AFTER_MS after it shows), so the start-up is the window's;
`details.tray_ready_median_s` is when the tray was there, `details.tray` what it showed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import Options, Result, Target, figure
from workloads import DEMO, PASSPHRASE, ZONE, Workloads

CHILD = Path(__file__).with_name("window_child.py")
TARGET = Target(max_ratio=1.3, text="start-up within 1.3x its floor")
ENCRYPTED_TARGET = Target(max_ratio=1.1, text="encrypted start-up within 1.1x the plain one")


def child_env(work: Workloads, passphrase: str | None = None) -> dict[str, str]:
    """Offscreen, the demo's zone, and compiled bytecode cached as on a user's machine.

    With PYTHONDONTWRITEBYTECODE set (as on these machines) every start would
    compile the app's own modules again, a cost no installed app pays and the
    floor, with fewer modules, pays less of. The bytecode goes to a folder of
    this run (PYTHONPYCACHEPREFIX), so nothing is written beside the sources.
    """
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["TZ"] = ZONE
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["PYTHONPYCACHEPREFIX"] = str(work.root / "pycache")
    env.pop("BENCH_PASSPHRASE", None)
    env["BENCH_TRAY"] = "1"  # the app as on a desktop with a tray (window_child.py)
    if passphrase is not None:
        env["BENCH_PASSPHRASE"] = passphrase
    return env


def spawn(
    work: Workloads,
    mode: str,
    folder: Path | None,
    *,
    pages: bool = False,
    settle_s: float = 0.4,
    passphrase: str | None = None,
) -> dict[str, Any]:
    """One child run: its marks as seconds since the spawn, and the wall time to its exit."""
    args = [sys.executable, str(CHILD), mode]
    if folder is not None:
        args.append(str(folder))
    if pages:
        args += ["--pages", str(settle_s)]
    started = time.time()
    env = child_env(work, passphrase)
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=False)
    wall = time.time() - started
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} child failed ({done.returncode}): {done.stderr[-2000:]}")
    marks = json.loads(lines[-1])
    out: dict[str, Any] = {
        key: value - started for key, value in marks.items() if isinstance(value, float) and value > 1e9
    }
    out["exit"] = wall
    out["maxrss_mb"] = marks["maxrss_kb"] / 1024
    out["pages"] = marks.get("pages", [])
    out["tray"] = marks.get("tray")
    return out


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def run(work: Workloads, opts: Options) -> list[Result]:
    folder = work.plain(DEMO)
    locked = work.encrypted(DEMO)
    runs = opts.repeats(5, 2)
    # Untimed warm-ups: disk cache, bytecode cache, matplotlib's font cache.
    spawn(work, "app", folder)
    spawn(work, "floor", None)
    spawn(work, "app", locked, passphrase=PASSPHRASE)
    app: list[dict[str, Any]] = []
    floor: list[dict[str, Any]] = []
    encrypted: list[dict[str, Any]] = []
    for _ in range(runs):
        app.append(spawn(work, "app", folder))
        floor.append(spawn(work, "floor", None))
        encrypted.append(spawn(work, "app", locked, passphrase=PASSPHRASE))
    value, base = _median(app, "painted"), _median(floor, "painted")
    locked_value = _median(encrypted, "painted")
    details = {
        "runs": runs,
        "app_painted_s": [round(r["painted"], 3) for r in app],
        "floor_painted_s": [round(r["painted"], 3) for r in floor],
        "app_phases_median_s": {
            k: round(_median(app, k), 3) for k in ("qt_ready", "shown", "painted", "exit")
        },
        "floor_phases_median_s": {
            k: round(_median(floor, k), 3) for k in ("qt_ready", "shown", "painted", "exit")
        },
        "tray": app[-1]["tray"],
        "tray_ready_median_s": round(_median(app, "tray_ready"), 3) if "tray_ready" in app[0] else None,
        "note": "qt_ready: QApplication made (PySide6 imported); shown: the QMainWindow's Show event; "
        "exit: process end as the parent saw it; tray: the tray once it came",
    }
    return [
        figure(
            "startup",
            DEMO,
            value=round(value, 3),
            unit="s",
            stat="median",
            floor=round(base, 3),
            floor_what="bare QMainWindow + matplotlib FigureCanvasQTAgg, process start to first paint",
            target=TARGET,
            details=details,
        ),
        figure(
            "startup_encrypted",
            DEMO,
            value=round(locked_value, 3),
            unit="s",
            stat="median",
            floor=round(value, 3),
            floor_what="the same journal without a passphrase, process start to first paint (this run)",
            target=ENCRYPTED_TARGET,
            details={
                "runs": runs,
                "encrypted_painted_s": [round(r["painted"], 3) for r in encrypted],
                "passphrase_dialog_shown_median_s": round(_median(encrypted, "asked"), 3),
                "encrypted_phases_median_s": {
                    k: round(_median(encrypted, k), 3)
                    for k in ("qt_ready", "asked", "shown", "painted", "exit")
                },
                "note": "the child types the passphrase as soon as the dialog shows (asked); a person "
                "takes longer, and that wait is not the app's",
            },
        ),
    ]


if __name__ == "__main__":
    from run import main

    main(["startup", *sys.argv[1:]])
