"""Exporting a 100,000-intake journal: as this app's JSON document and as its CSV zip.

Each run is a whole process (`bench/transfer_child.py export`: open the
journal, read it, write the file atomically, close), timed from spawn to exit,
with its peak resident memory. The floor of each format is a plain script run
the same way (`bench/transfer_floor.py`): sqlite3 selects every live row and
writes it with `json.dumps`, or with `csv.writer` into a deflated zip. Runs of
the app and its floor alternate, after one untimed warm-up of each.
"""

from __future__ import annotations

import sys
from typing import Any

from common import Options, Result, Target, figure
from imports import CHILD, FLOOR, _summary, spawn
from workloads import STRESS, Workloads

TARGETS = {"csv": Target(max_ratio=3.0, text="CSV export within 3x its floor")}


def run(work: Workloads, opts: Options) -> list[Result]:
    from journal.paths import db_path

    rounds = opts.repeats(3, 1)
    folder = work.plain(STRESS)
    results: list[Result] = []
    for fmt in ("csv", "json"):
        app: list[dict[str, Any]] = []
        floor: list[dict[str, Any]] = []
        out = work.root / f"exported.{'json' if fmt == 'json' else 'zip'}"
        plain = work.root / f"floor-exported.{'json' if fmt == 'json' else 'zip'}"
        for n in range(-1, rounds):
            got = spawn(work, [str(CHILD), "export", str(folder), str(out), fmt])
            size = out.stat().st_size
            out.unlink()
            base = spawn(work, [str(FLOOR), f"export-{fmt}", str(db_path(folder)), str(plain)])
            plain.unlink()
            if n >= 0:
                app.append({**got, "size": size})
                floor.append(base)
        a, f = _summary(app), _summary(floor)
        what = "json.dumps" if fmt == "json" else "csv.writer into a deflated zip"
        results.append(
            figure(
                f"export_{fmt}",
                STRESS,
                value=a["median_s"],
                unit="s",
                stat="median, whole process",
                floor=f["median_s"],
                floor_what=f"sqlite3 SELECT of every live row + {what}",
                target=TARGETS.get(fmt),
                details={
                    "counts": app[-1]["counts"],
                    "file_mb": round(app[-1]["size"] / 2**20, 1),
                    "app": a,
                    "floor": f,
                    "cpu_ratio": round(a["cpu_median_s"] / f["cpu_median_s"], 2)
                    if f["cpu_median_s"]
                    else None,
                    "min_ratio": round(a["min_s"] / f["min_s"], 2) if f["min_s"] else None,
                },
            )
        )
    return results


if __name__ == "__main__":
    from run import main

    main(["export", *sys.argv[1:]])
