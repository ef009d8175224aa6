"""What every benchmark shares: timing, summaries, a figure beside its floor and its target."""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Result = dict[str, Any]


@dataclass(frozen=True)
class Options:
    """How hard to push: the full run, or `--quick` (small workloads, few repeats); `factor` times the
    repeats of a full run, for steadier ratios on a busy machine (`--factor`)."""

    quick: bool = False
    factor: int = 1

    def repeats(self, full: int, quick: int) -> int:
        return quick if self.quick else full * self.factor


def timings(fn: Callable[[int], object], runs: int, *, warmup: int = 1) -> list[float]:
    """Seconds per call of `fn(i)`, after `warmup` untimed calls (numbered from -warmup)."""
    for i in range(-warmup, 0):
        fn(i)
    out = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def timed_once(fn: Callable[[], object]) -> float:
    """Seconds for one call, with the cyclic collector run first so it does not land inside."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@dataclass
class Samples:
    """Wall-clock seconds of repeated runs, and the CPU seconds this process spent in each.

    Both are reported: a wall time far above its CPU time means the run waited
    (for the disk, or for a core).
    """

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def time(self, fn: Callable[[], object], *, collect: bool = True) -> object:
        if collect:
            gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        out = fn()
        w1, c1 = time.perf_counter(), time.process_time()
        self.wall.append(w1 - w0)
        self.cpu.append(c1 - c0)
        return out

    def add(self, wall: float, cpu: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    def stats(self) -> dict[str, float | int]:
        return {
            **stats_ms(self.wall),
            "cpu_median_ms": ms(statistics.median(self.cpu)),
            "cpu_p95_ms": ms(percentile(self.cpu, 95)),
        }


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between the closest ranks."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def stats_ms(samples: list[float]) -> dict[str, float | int]:
    """Median, 95th percentile, min and max of samples in seconds, as milliseconds."""
    return {
        "median_ms": ms(statistics.median(samples)),
        "p95_ms": ms(percentile(samples, 95)),
        "min_ms": ms(min(samples)),
        "max_ms": ms(max(samples)),
        "runs": len(samples),
    }


def ms(seconds: float) -> float:
    return round(seconds * 1e3, 3)


def ratio(value: float, floor: float) -> float | None:
    return round(value / floor, 2) if floor > 0 else None


def figure(
    name: str,
    workload: str,
    *,
    value: float,
    unit: str,
    stat: str,
    floor: float,
    floor_what: str,
    target: Target | None,
    details: dict[str, Any] | None = None,
    cpu: float | None = None,
) -> Result:
    """One figure: its value, the floor measured in the same run, their ratio, the target and whether met.

    `cpu`, for figures measured in this process, is the same statistic of the CPU
    time the runs took: a wall time well above it means the runs waited (for the
    disk, or for a core). It is no cure for a busy machine: on a virtual machine
    a busy host slows the CPU time too, which is why every figure has its floor.
    """
    out: Result = {
        "name": name,
        "workload": workload,
        "stat": stat,
        "value": value,
        "unit": unit,
        "floor": {"what": floor_what, "value": floor, "unit": unit},
        "ratio": ratio(value, floor),
    }
    if cpu is not None:
        out["cpu_value"] = cpu
    if target is not None:
        out["target"] = target.describe()
        out["met"] = target.met(value, floor)
    else:
        out["target"] = None
        out["met"] = None
    if details:
        out["details"] = details
    return out


@dataclass(frozen=True)
class Target:
    """A target from issue 4: an absolute ceiling (`below`) or a ceiling on the ratio to the floor."""

    below: float | None = None
    max_ratio: float | None = None
    unit: str = "ms"
    text: str = ""

    def met(self, value: float, floor: float) -> bool:
        if self.max_ratio is not None:
            return floor > 0 and value / floor <= self.max_ratio
        assert self.below is not None
        return value < self.below

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.max_ratio is not None:
            out["max_ratio"] = self.max_ratio
        if self.below is not None:
            out["below"] = self.below
            out["unit"] = self.unit
        return out
