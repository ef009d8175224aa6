"""Start-up: process start to the main window painted, with the ten-year journal.

Each run spawns `bench/window_child.py` (see there for how "painted" is seen)
and subtracts the time the parent spawned it. The floor is the same process
showing a bare QMainWindow with a matplotlib FigureCanvasQTAgg. Runs of the two
alternate, after one untimed warm-up each (disk cache, font cache).
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
from workloads import DEMO, ZONE, Workloads

CHILD = Path(__file__).with_name("window_child.py")
TARGET = Target(max_ratio=1.3, text="start-up within 1.3x its floor")


def child_env(work: Workloads) -> dict[str, str]:
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
    return env


def spawn(
    work: Workloads, mode: str, folder: Path | None, *, pages: bool = False, settle_s: float = 0.4
) -> dict[str, Any]:
    """One child run: its marks as seconds since the spawn, and the wall time to its exit."""
    args = [sys.executable, str(CHILD), mode]
    if folder is not None:
        args.append(str(folder))
    if pages:
        args += ["--pages", str(settle_s)]
    started = time.time()
    done = subprocess.run(args, capture_output=True, text=True, env=child_env(work), timeout=120, check=False)
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
    return out


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def run(work: Workloads, opts: Options) -> list[Result]:
    folder = work.get(DEMO).folder
    runs = opts.repeats(5, 2)
    # Untimed warm-ups: disk cache, bytecode cache, matplotlib's font cache.
    spawn(work, "app", folder)
    spawn(work, "floor", None)
    app: list[dict[str, Any]] = []
    floor: list[dict[str, Any]] = []
    for _ in range(runs):
        app.append(spawn(work, "app", folder))
        floor.append(spawn(work, "floor", None))
    value, base = _median(app, "painted"), _median(floor, "painted")
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
        "note": "qt_ready: QApplication made (PySide6 imported); shown: the QMainWindow's Show event; "
        "exit: process end as the parent saw it",
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
        )
    ]


if __name__ == "__main__":
    from run import main

    main(["startup", *sys.argv[1:]])
