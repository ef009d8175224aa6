"""Each chart for one year and for all time, drawn with Agg through `journal.charts`' public API.

One timed run is what the Charts page does for a chart (`ChartsPage.draw_chart`)
without Qt: read the data for the period (`journal.charts.data.*_data`), build
the chart onto the Figure (`build_*`, which clears it first) and draw the
canvas (`FigureCanvasAgg.draw`). The Figure is reused between runs, as the
page reuses its canvas, and has the size of the chart area of the window.

Floor: matplotlib alone drawing the same number of points on a new Figure of
the same size: one Axes, one `plot` line of N points (a random walk), Agg draw. N counts what
the chart put on its axes: line vertices, collection items (bars, cells,
markers), patches and image pixels.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from common import Options, Result, Samples, Target, figure, stats_ms
from workloads import DEMO, ZONE, Workloads, measured

FIGSIZE = (9.0, 5.0)  # inches at 100 dpi: the chart area of the 1100 x 720 window
DPI = 100
TARGETS = {
    "1y": Target(below=150, text="each chart under 150 ms for 1 year"),
    "all": Target(below=400, text="each chart under 400 ms for all time"),
}


def count_points(fig: Any) -> int:
    """What a chart put on its axes: line vertices, collection items, patches, image pixels."""
    n = 0
    for ax in fig.axes:
        for line in ax.lines:
            n += len(line.get_xdata())
        for coll in ax.collections:
            array = coll.get_array()
            offsets = coll.get_offsets()
            if array is not None:
                n += int(array.size)
            elif offsets is not None and len(offsets) > 1:
                n += len(offsets)
            else:
                n += len(coll.get_paths())
        n += len(ax.patches)
        for image in ax.images:
            n += int(image.get_array().size)
    return n


def floor_draw(points: int) -> float:
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rng = np.random.default_rng(points)
    x = np.arange(max(points, 2), dtype=float)
    y = np.cumsum(rng.normal(size=len(x)))  # a random walk: a series that moves like daily values
    start = time.perf_counter()
    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot(x, y, linewidth=0.8)
    canvas.draw()  # type: ignore[no-untyped-call]
    return time.perf_counter() - start


def charts() -> dict[str, tuple[Callable[..., Any], Callable[..., Any]]]:
    """Key -> (data reader, builder), as the Charts page pairs them."""
    from journal.charts.amount import build_amount
    from journal.charts.data.amount import amount_data
    from journal.charts.data.pain import pain_data
    from journal.charts.data.symptoms import symptom_data
    from journal.charts.data.use import use_data
    from journal.charts.pain import build_pain
    from journal.charts.symptoms import build_symptoms
    from journal.charts.use import build_use

    return {
        "amount": (amount_data, build_amount),
        "symptoms": (symptom_data, build_symptoms),
        "pain": (pain_data, build_pain),
        "use": (use_data, build_use),
    }


def draw_once(
    journal: Any,
    key: str,
    read: Callable[..., Any],
    build: Callable[..., Any],
    period: Any,
    first_intake: Any,
    fig: Any,
    style: Any,
) -> list[float]:
    """One chart as the Charts page draws it, without Qt: seconds for (data, build, draw, CPU in all)."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    extra = {"first_day": first_intake} if key == "use" else {}
    prepared = read(journal, period, **extra)
    t1 = time.perf_counter()
    build(fig, prepared, style)
    t2 = time.perf_counter()
    fig.canvas.draw()
    t3 = time.perf_counter()
    return [t1 - t0, t2 - t1, t3 - t2, time.process_time() - c0]


def run_workload(work: Workloads, opts: Options, workload: str) -> list[Result]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from journal.charts.data.common import first_days, journal_today
    from journal.charts.style import style_for
    from journal.domain.periods import PeriodKind, period_for
    from journal.service.journal import Journal

    runs = opts.repeats(5, 3) if workload == DEMO else opts.repeats(2, 1)
    journal = Journal.open(work.get(workload).folder, zone=ZONE)
    results: list[Result] = []
    try:
        style = style_for("#efefef", "#ffffff")
        today = journal_today(journal)
        firsts = first_days(journal)
        periods = {
            "1y": period_for(PeriodKind.YEAR, today),
            "all": period_for(PeriodKind.ALL, today, first_day=firsts.entry),
        }
        for key, (read, build) in charts().items():
            for period_name, period in periods.items():
                fig = Figure(figsize=FIGSIZE, dpi=DPI)
                FigureCanvasAgg(fig)
                args = (journal, key, read, build, period, firsts.intake, fig, style)
                first = sum(draw_once(*args)[:3])
                splits = [draw_once(*args) for _ in range(runs)]
                totals = Samples()
                for split in splits:
                    totals.add(sum(split[:3]), split[3])
                parts = {
                    name: round(statistics.median(split[n] for split in splits) * 1e3, 3)
                    for n, name in enumerate(("data", "build", "draw"))
                }
                points = count_points(fig)
                floor_draw(points)
                floor = [floor_draw(points) for _ in range(runs)]
                s, f = totals.stats(), stats_ms(floor)
                results.append(
                    figure(
                        f"chart_{key}_{period_name}",
                        workload,
                        value=s["median_ms"],
                        cpu=s["cpu_median_ms"],
                        unit="ms",
                        stat="median",
                        floor=f["median_ms"],
                        floor_what=f"matplotlib alone: new Figure, one line of {points} points, Agg draw",
                        target=TARGETS[period_name],
                        details={
                            "period": f"{period.start} to {period.end} ({period.days} days)",
                            "points": points,
                            "total": s,
                            "median_ms": parts,
                            "first_run_ms": round(first * 1e3, 3),
                        },
                    )
                )
    finally:
        journal.close()
    return results


def run(work: Workloads, opts: Options) -> list[Result]:
    return [r for name in measured(opts.quick) for r in run_workload(work, opts, name)]


if __name__ == "__main__":
    from run import main

    main(["charts", *sys.argv[1:]])
