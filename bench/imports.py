"""Importing a 100,000-intake journal into an empty one: this app's JSON export and its CSV zip.

Each run is a whole process (`bench/transfer_child.py import`: open the empty
journal, preview, back up, write in one transaction, close), timed from spawn
to exit, with its peak resident memory (`ru_maxrss`). The floor of each format
is a plain script run the same way (`bench/transfer_floor.py`): `json.loads`
the same export, or read the CSV files from the zip with `csv.reader`, and
`executemany` the rows into a new file with the journal's schema, index and
pragmas in one transaction. Runs of the app and its floor alternate, round by
round, after one untimed warm-up of each (disk cache, bytecode).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import Options, Result, Target, figure
from workloads import STRESS, ZONE, Workloads

HERE = Path(__file__).resolve().parent
CHILD = HERE / "transfer_child.py"
FLOOR = HERE / "transfer_floor.py"
TARGETS = {
    "json": Target(max_ratio=2.0, text="JSON import within 2x its floor"),
    "csv": Target(max_ratio=3.0, text="CSV import within 3x its floor"),
}
MEMORY_TARGET = Target(below=300, unit="MB", text="JSON import peak memory under 300 MB")


def child_env(work: Workloads) -> dict[str, str]:
    """The demo's zone, and bytecode cached as on a user's machine (see startup.child_env)."""
    env = dict(os.environ)
    env["TZ"] = ZONE
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work.root / "pycache")
    return env


def spawn(work: Workloads, args: list[str]) -> dict[str, Any]:
    """One whole process: seconds from spawn to exit, CPU seconds it used, peak memory in MB, what it printed.

    The CPU time (user + system, of the child alone) moves less than the wall time
    when other work shares the cores: compare it too when the machine is busy.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=child_env(work), timeout=900, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr[-2000:]}")
    out = json.loads(lines[-1])
    return {**out, "wall_s": wall, "cpu_s": cpu, "maxrss_mb": out["maxrss_kb"] / 1024}


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    walls = [r["wall_s"] for r in runs]
    return {
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "cpu_median_s": round(statistics.median(r["cpu_s"] for r in runs), 3),
        "peak_mb": round(max(r["maxrss_mb"] for r in runs), 1),
        "runs": len(runs),
    }


def run(work: Workloads, opts: Options) -> list[Result]:
    from journal.paths import db_path

    rounds = opts.repeats(3, 1)
    empty = work.empty()
    schema = db_path(empty)
    results: list[Result] = []
    for fmt in ("json", "csv"):
        export = work.export(STRESS, fmt)
        app: list[dict[str, Any]] = []
        floor: list[dict[str, Any]] = []
        for n in range(-1, rounds):  # round -1 is the untimed warm-up
            target = work.fresh(empty)
            got = spawn(work, [str(CHILD), "import", str(target), str(export)])
            shutil.rmtree(target)
            scratch = work.root / f"floor-{fmt}-{n}.sqlite3"
            base = spawn(work, [str(FLOOR), f"import-{fmt}", str(export), str(schema), str(scratch)])
            for suffix in ("", "-wal", "-shm"):
                Path(f"{scratch}{suffix}").unlink(missing_ok=True)
            if n >= 0:
                app.append(got)
                floor.append(base)
        a, f = _summary(app), _summary(floor)
        details = {
            "file": export.name,
            "file_mb": round(export.stat().st_size / 2**20, 1),
            "added": app[-1]["added"],
            "app": a,
            "floor": f,
            "cpu_ratio": round(a["cpu_median_s"] / f["cpu_median_s"], 2) if f["cpu_median_s"] else None,
            "min_ratio": round(a["min_s"] / f["min_s"], 2) if f["min_s"] else None,
        }
        what = "json.loads" if fmt == "json" else "csv.reader from the zip"
        results.append(
            figure(
                f"import_{fmt}",
                STRESS,
                value=a["median_s"],
                unit="s",
                stat="median, whole process",
                floor=f["median_s"],
                floor_what=f"{what} + executemany into WAL with the journal's schema, index and pragmas",
                target=TARGETS[fmt],
                details=details,
            )
        )
        results.append(
            figure(
                f"import_{fmt}_peak_memory",
                STRESS,
                value=a["peak_mb"],
                unit="MB",
                stat="max ru_maxrss",
                floor=f["peak_mb"],
                floor_what=f"the floor process ({what} + executemany)",
                target=MEMORY_TARGET if fmt == "json" else None,
            )
        )
    return results


if __name__ == "__main__":
    from run import main

    main(["import", *sys.argv[1:]])
