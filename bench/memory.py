"""Peak memory: the ten-year journal open on every page of the window, against the floor process.

One child (`bench/window_child.py app FOLDER --pages`) opens the window, waits
for its first paint, then shows each page of its navigation list in turn (Charts
included once the window has it), letting each settle, and reports its peak
resident set size (`ru_maxrss`). The floor is the bare QMainWindow with a
matplotlib canvas, measured the same way. The app runs with a system tray, as
in startup.py (its icon, menu, reminders and Settings' reminder controls).
"""

from __future__ import annotations

import sys

from common import Options, Result, Target, figure
from startup import spawn
from workloads import DEMO, Workloads

TARGET = Target(below=300, unit="MB", text="peak memory under 300 MB")


def run(work: Workloads, opts: Options) -> list[Result]:
    folder = work.get(DEMO).folder
    runs = 1  # peak RSS barely moves between runs; one each keeps `make bench` short
    settle = 0.15 if opts.quick else 0.4
    # The first start writes the bytecode cache (see startup.child_env); its RSS counts all the same.
    app = [spawn(work, "app", folder, pages=True, settle_s=settle) for _ in range(runs)]
    floor = [spawn(work, "floor", None, pages=True, settle_s=settle) for _ in range(runs)]
    value = max(r["maxrss_mb"] for r in app)
    base = max(r["maxrss_mb"] for r in floor)
    return [
        figure(
            "peak_memory",
            DEMO,
            value=round(value, 1),
            unit="MB",
            stat="max ru_maxrss",
            floor=round(base, 1),
            floor_what="bare QMainWindow + matplotlib FigureCanvasQTAgg process, painted",
            target=TARGET,
            details={"runs": runs, "pages_shown": app[0]["pages"], "tray": app[0]["tray"]},
        )
    ]


if __name__ == "__main__":
    from run import main

    main(["memory", *sys.argv[1:]])
