"""Benchmarks: each figure beside a floor measured in the same run, printed as JSON.

Logging one intake through the save path (validate, guidance, write) against the
floor of one raw sqlite3 insert and commit with the same durability settings.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from journal.domain.times import Moment
from journal.service import IntakeDraft, Journal

RUNS = 200


def _timings(fn: Callable[[int], object], runs: int = RUNS) -> list[float]:
    out = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def _summary(name: str, samples: list[float], floor: list[float]) -> dict[str, object]:
    med, floor_med = statistics.median(samples), statistics.median(floor)
    p95 = statistics.quantiles(samples, n=20)[18]
    return {
        "name": name,
        "median_ms": round(med * 1e3, 3),
        "p95_ms": round(p95 * 1e3, 3),
        "floor_median_ms": round(floor_med * 1e3, 3),
        "ratio": round(med / floor_med, 2),
    }


def bench_log_intake(folder: Path) -> dict[str, object]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    journal = Journal.open(folder / "j", zone="Europe/Berlin", clock=lambda: start + timedelta(days=400))

    def log(i: int) -> None:
        at = Moment.from_utc(start + timedelta(hours=8 * i), "Europe/Berlin")
        journal.log_intake(IntakeDraft("3.5", at))

    samples = _timings(log)
    journal.close()
    raw = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE t (at TEXT, amount TEXT)")

    def insert(i: int) -> None:
        raw.execute("BEGIN")
        raw.execute("INSERT INTO t VALUES (?, ?)", (str(i), "3.5"))
        raw.execute("COMMIT")

    floor = _timings(insert)
    raw.close()
    return _summary("log_intake", samples, floor)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "j").mkdir()
        print(json.dumps({"benchmarks": [bench_log_intake(folder)]}, indent=2))


if __name__ == "__main__":
    main()
