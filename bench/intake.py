"""Logging one intake.

- "log_intake_form": the window's save path with the journal open: the amount
  is typed into the Log page's form (not timed), then `window.log.save()`
  reads the form and hands the save to the background worker, which checks,
  writes and works out the findings; back on the UI thread, through the form's `saved`
  signal, the window pushes the undo entry and refreshes Today, History,
  Products and the form; the timed part ends once the posted events are done
  (the repaint, and the deferred deletes of widgets the guidance panel
  replaced). History is not on screen while the Log page is, so it only marks
  itself stale then and reloads when next shown (that cost is the
  `history_load` figure). `save_call_only` in the details is what `save()`
  itself keeps the UI thread (reading the form).
- "log_intake": the service alone (`Journal.log_intake`) on a new journal, the
  first benchmark this folder had.

Floor for both: one raw sqlite3 INSERT and COMMIT with WAL and synchronous=FULL,
the durability every journal connection uses, in the same folder.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import Options, Result, Samples, Target, figure, stats_ms, timings
from workloads import DEMO, ZONE, Workloads, measured

TARGET = Target(below=30, text="logging an intake under 30 ms at the 95th percentile")


def raw_insert_floor(folder: Path, runs: int) -> list[float]:
    path = folder / f"raw-{time.monotonic_ns()}.sqlite3"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT, amount TEXT)")

    def insert(i: int) -> None:
        raw.execute("BEGIN")
        raw.execute("INSERT INTO t (at, amount) VALUES (?, ?)", (str(i), "3.5"))
        raw.execute("COMMIT")

    try:
        return timings(insert, runs, warmup=5)
    finally:
        raw.close()


def form_saves(folder: Path, runs: int) -> tuple[Samples, list[float]]:
    """Seconds per save through the window: (save() and the repaint, save() alone)."""
    import qt

    from journal.service.journal import Journal
    from journal.ui.main_window import MainWindow

    qapp = qt.app()
    journal = Journal.open(folder, zone=ZONE)
    window = MainWindow(journal)
    try:
        window.show()
        window.start_intake()
        qt.settle()
        total = Samples()
        sync: list[float] = []
        for i in range(-3, runs):
            window.log.amount.setText("3.5")
            qapp.processEvents()
            cpu = time.process_time()
            start = time.perf_counter()
            task = window.log.save()
            mid = time.perf_counter()
            if task is None:
                raise RuntimeError(f"the form did not save: {window.log.status.text()}")
            qt.wait_for(task)  # the outcome reaches the form, which the window refreshes after
            qt.flush()  # the repaint, and deferred deletes
            end = time.perf_counter()
            cpu = time.process_time() - cpu
            if not window.log.status.text().startswith("Saved"):
                raise RuntimeError(f"the form did not save: {window.log.status.text()}")
            if i >= 0:
                total.add(end - start, cpu)
                sync.append(mid - start)
        return total, sync
    finally:
        window.close()
        window.deleteLater()
        qt.settle(0.05)
        journal.close()


def bench_form(work: Workloads, opts: Options, workload: str) -> Result:
    folder = work.copy(workload)
    runs = opts.repeats(100, 20) if workload == DEMO else opts.repeats(30, 10)
    total, sync = form_saves(folder, runs)
    floor = raw_insert_floor(folder, runs)
    s, f = total.stats(), stats_ms(floor)
    return figure(
        "log_intake_form",
        workload,
        value=s["p95_ms"],
        cpu=s["cpu_p95_ms"],
        unit="ms",
        stat="p95",
        floor=f["p95_ms"],
        floor_what="raw sqlite3 INSERT + COMMIT, WAL, synchronous=FULL (p95)",
        target=TARGET,
        details={
            "save_and_repaint": s,
            "save_call_only": stats_ms(sync),
            "floor": f,
            "median_ratio": round(s["median_ms"] / f["median_ms"], 2),
        },
    )


def bench_service(work: Workloads, opts: Options) -> Result:
    from journal.domain.times import Moment
    from journal.service.intakes import IntakeDraft
    from journal.service.journal import Journal

    runs = opts.repeats(200, 50)
    folder = work.root / "log-service"
    start = datetime(2026, 1, 1, tzinfo=UTC)
    journal = Journal.open(folder, zone=ZONE, clock=lambda: start + timedelta(days=400))

    def log(i: int) -> None:
        at = Moment.from_utc(start + timedelta(hours=8 * (i + 10)), ZONE)
        journal.log_intake(IntakeDraft("3.5", at))

    try:
        samples = timings(log, runs, warmup=3)
    finally:
        journal.close()
    floor = raw_insert_floor(folder, runs)
    s, f = stats_ms(samples), stats_ms(floor)
    return figure(
        "log_intake",
        "new journal",
        value=s["median_ms"],
        unit="ms",
        stat="median",
        floor=f["median_ms"],
        floor_what="raw sqlite3 INSERT + COMMIT, WAL, synchronous=FULL",
        target=None,
        details={"service": s, "floor": f, "what": "Journal.log_intake alone, no window"},
    )


def run(work: Workloads, opts: Options) -> list[Result]:
    return [*(bench_form(work, opts, name) for name in measured(opts.quick)), bench_service(work, opts)]


if __name__ == "__main__":
    from run import main

    main(["intake", *sys.argv[1:]])
