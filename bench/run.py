"""Benchmarks of issue 4: each figure beside a floor measured in the same run, printed as JSON.

    python bench/run.py                 # everything (make bench), a few minutes
    python bench/run.py startup memory  # some of them
    python bench/run.py --quick         # small workloads, few repeats (under a minute)
    python bench/run.py -o out.json     # also write the JSON to a file
    python bench/run.py --factor 2      # every full benchmark repeated twice as often

Benchmarks (one module each, each also runnable alone: `python bench/startup.py`):
  startup  process start to the main window painted, plain and encrypted (startup.py)
  opening  Journal.open and `journal today`, plain and encrypted (opening.py)
  intake   logging one intake: form save path, service      (intake.py)
  history  History: load the timeline, filter it            (history.py)
  saving   Settings saved while every finding is redone: the UI stall (saving.py)
  charts   each chart for 1 year and all time               (charts.py)
  import   a 100k-intake export into an empty journal, JSON and CSV   (imports.py)
  export   the 100k-intake journal as JSON and as CSV                 (exports.py)
  memory   peak RSS with every page of the window shown     (memory.py)
  report   the clinician PDF for one year of ten             (report.py)
  photos   adding 20 phone photos, the Photos page with 500, their disk  (photos.py)

The journals (workloads.py) are built once per run in a temporary folder: the
ten-year demonstration journal, and a stress journal with 100,000 intakes.
Targets are set for the ten-year journal, and `targets` lists those; issue 16
holds import, export, History and the charts to theirs on the stress journal
too. `table` gives the rows of issue 16's table, each beside its floor.
Figures measured in this process also give `cpu_value`, the same statistic of
CPU time: a wall time well above it means the runs waited. Other work on the
machine slows everything (`machine.load_average_1m`; on a virtual machine the
CPU times too), which is why each figure comes with a floor from the same run:
compare ratios between runs, not absolute times.
Times are never asserted anywhere: this prints what it measured.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import Options, Result
from workloads import DEMO, STRESS, Workloads

#: In running order: the ones that spawn processes first, while this one is still small.
BENCHMARKS = (
    "startup",
    "opening",
    "memory",
    "import",
    "export",
    "intake",
    "history",
    "saving",
    "charts",
    "report",
    "photos",
)
#: Modules whose names are not the benchmark's (`import` is a keyword).
MODULES = {"import": "imports", "export": "exports"}
#: Figures (by name prefix) held to their targets on the stress journal too (issue 16): the
#: History page's own load (what the window waits for) and filters among them.
STRESS_TARGETED = ("import_", "export_", "history_data_", "history_load", "history_filter", "chart_")
#: Issue 16's table: (row, figure names on the stress journal).
TABLE = (
    ("import a 100k-intake JSON export into an empty journal", ("import_json", "import_json_peak_memory")),
    ("import the same journal as this app's CSV zip", ("import_csv",)),
    ("export the 100k journal as CSV", ("export_csv",)),
    ("History filter, stress journal (slowest case)", ("history_filter", "history_data_filter")),
    (
        "History load, stress journal",
        ("history_load", "history_data_load", "history_load_complete", "history_data_all_rows"),
    ),
    (
        "charts on the stress journal: amount all / use 1 y / use all / pain 1 y",
        ("chart_amount_all", "chart_use_1y", "chart_use_all", "chart_pain_1y"),
    ),
)


def machine() -> dict[str, Any]:
    import matplotlib
    import PySide6
    import sqlalchemy

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "pyside6": PySide6.__version__,
        "matplotlib": matplotlib.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": __import__("sqlite3").sqlite_version,
        # Other work on the machine skews every figure; the floors, measured alongside, less so.
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(names: Sequence[str], opts: Options) -> dict[str, Any]:
    started = time.perf_counter()
    load_before = round(os.getloadavg()[0], 2)
    results: list[Result] = []
    errors: dict[str, str] = {}
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as tmp:
        work = Workloads(Path(tmp), quick=opts.quick)
        for name in names:
            _log(f"{name}…")
            begun = time.perf_counter()
            module = importlib.import_module(MODULES.get(name, name))
            try:
                results.extend(module.run(work, opts))
            except Exception as err:  # one broken benchmark must not hide the others
                errors[name] = f"{type(err).__name__}: {err}"
                _log(f"{name} failed: {errors[name]}")
            seconds[name] = round(time.perf_counter() - begun, 1)
            _log(f"{name} done in {seconds[name]} s")
        workloads = work.describe()
    for result in results:
        held = result["workload"] == DEMO or result["name"].startswith(STRESS_TARGETED)
        result["held_to_target"] = bool(result.get("target")) and held
        if result["workload"] == STRESS and result.get("target") and not held:
            result["target"]["scope"] = "reference only: the issue sets its targets for the 10-year journal"
    targets = [
        {
            "name": r["name"],
            "value": r["value"],
            "unit": r["unit"],
            "stat": r["stat"],
            "ratio_to_floor": r["ratio"],
            "workload": r["workload"],
            "target": r["target"]["text"],
            "met": r["met"],
            **({"cpu_value": r["cpu_value"]} if "cpu_value" in r else {}),
        }
        for r in results
        if r["held_to_target"]
    ]
    out: dict[str, Any] = {
        "quick": opts.quick,
        "factor": opts.factor,
        "machine": {**machine(), "load_average_1m_at_start": load_before},
        "workloads": workloads,
        "targets": targets,
        "table": table(results),
        "all_targets_met": all(t["met"] for t in targets) and not errors,
        "benchmarks": results,
        "seconds": {**seconds, "total": round(time.perf_counter() - started, 1)},
    }
    if errors:
        out["errors"] = errors
    return out


def table(results: list[Result]) -> list[dict[str, Any]]:
    """Issue 16's rows that this run measured: each figure on the stress journal beside its floor."""
    found = {r["name"]: r for r in results if r["workload"] == STRESS}
    out = []
    for row, names in TABLE:
        figures = [
            {
                "name": name,
                "value": found[name]["value"],
                "unit": found[name]["unit"],
                "floor": found[name]["floor"]["value"],
                "ratio": found[name]["ratio"],
                "goal": found[name]["target"]["text"] if found[name].get("target") else None,
                "met": found[name]["met"],
            }
            for name in names
            if name in found
        ]
        if figures:
            out.append({"row": row, "figures": figures})
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="small workloads and few repeats")
    parser.add_argument("-o", "--output", type=Path, help="also write the JSON here")
    parser.add_argument(
        "--factor", type=int, default=1, help="run every full benchmark this many times as often (steadier)"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    names = [n for n in BENCHMARKS if n in args.names] if args.names else list(BENCHMARKS)
    out = run(names, Options(quick=args.quick, factor=max(1, args.factor)))
    text = json.dumps(out, indent=2, ensure_ascii=False)
    print(text)
    if args.output is not None:
        args.output.write_text(text + "\n", encoding="utf-8")
    if "errors" in out:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
