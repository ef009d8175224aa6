"""Saving Settings in the window while every intake's findings are worked out again.

A new personal limit per intake is a setting the rules read, so saving it works
out the findings of every intake in the journal again, in the save's transaction.

- "settings_save_ui_stall": the longest the UI thread went without handling an
  event from pressing Save until the page says it saved (and the window has
  refreshed its pages), measured as the longest gap between the ticks of a 1 ms
  timer, including the time `save()` itself held the thread. Saves run on the
  background worker (`journal.ui.tasks`), so this is what is left on the UI
  thread: reading the form, and the pages' refresh afterwards.
- details "save_until_saved": Save to "✓ Settings saved." as a person waits for it.

Floor: `Journal.save_settings` alone, the same change, on the same journal (the
write and the recomputation: what would freeze the window if it ran on the UI thread).
Each run alternates the limit between 4 g and 5 g, so every save changes it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from common import Options, Result, Samples, figure, stats_ms, timings
from workloads import DEMO, ZONE, Workloads


def _limit(i: int) -> str:
    return "4" if i % 2 == 0 else "5"


def window_saves(folder: Path, runs: int) -> tuple[list[float], Samples]:
    """(longest UI-thread stall per save, Save to saved per save), in seconds."""
    import qt
    from PySide6.QtCore import Qt, QTimer

    from journal.service.journal import Journal
    from journal.ui.main_window import MainWindow

    qt.app()
    journal = Journal.open(folder, zone=ZONE)
    window = MainWindow(journal)
    stalls: list[float] = []
    totals = Samples()
    last = [0.0]
    worst = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(tick)
    try:
        window.show()
        window.show_page(5)
        page = window.settings_page
        qt.settle()
        for i in range(-1, runs):
            page.intake_limit.setText(_limit(i))
            qt.flush()
            timer.start()
            cpu = time.process_time()
            start = last[0] = time.perf_counter()
            worst[0] = 0.0
            task: Any = page.save()
            held = time.perf_counter() - start  # save() itself, before any event could be handled
            last[0] = time.perf_counter()
            if hasattr(task, "running"):  # saved on the worker (a Settings or None: saved in save())
                qt.wait_for(task)
            qt.flush()  # the refresh the save's `changed` started, and the repaint
            end = time.perf_counter()
            tick()
            timer.stop()
            cpu = time.process_time() - cpu
            if "saved" not in page.status.text():
                raise RuntimeError(f"the settings did not save: {page.status.text()}")
            if i >= 0:
                stalls.append(max(held, worst[0]))
                totals.add(end - start, cpu)
        return stalls, totals
    finally:
        timer.stop()
        window.close()
        window.deleteLater()
        qt.settle(0.05)
        journal.close()


def service_saves(folder: Path, runs: int) -> list[float]:
    from dataclasses import replace
    from decimal import Decimal

    from journal.service.journal import Journal

    journal = Journal.open(folder, zone=ZONE)
    try:
        base = journal.settings
        return timings(
            lambda i: journal.save_settings(replace(base, personal_intake_limit_g=Decimal(_limit(i)))),
            runs,
            warmup=1,
        )
    finally:
        journal.close()


def run(work: Workloads, opts: Options) -> list[Result]:
    runs = opts.repeats(9, 3)
    stalls, totals = window_saves(work.copy(DEMO), runs)
    floor = service_saves(work.copy(DEMO), runs)
    s, f, t = stats_ms(stalls), stats_ms(floor), totals.stats()
    return [
        figure(
            "settings_save_ui_stall",
            DEMO,
            value=s["median_ms"],
            unit="ms",
            stat="median of the longest stall per save",
            floor=f["median_ms"],
            floor_what="Journal.save_settings alone: write + every intake's findings (median)",
            target=None,
            details={
                "ui_stall": s,
                "save_until_saved": t,
                "floor": f,
                "stall_share_of_floor": round(s["median_ms"] / f["median_ms"], 3),
            },
        )
    ]


if __name__ == "__main__":
    from run import main

    main(["saving", *sys.argv[1:]])
