"""The journals the benchmarks run on, built once per run in a temporary folder.

- "demo_10y": the demonstration journal of `journal.service.demo` over ten years (about
  10,000 intakes and 20,000 other entries), as `journal demo --years 10` writes it.
- "stress_100k": the same journal with its intakes replaced by 100,000 spread
  evenly over the same ten years (cloned from the demo's own intakes, so amounts,
  products, notes and findings look real), written in one go (`write_demo`).

`--quick` shrinks the demo to one year (and the stress journal to 10,000
intakes, though the in-process benchmarks then skip it, see `measured`). Each journal is built on
first use only, so a single benchmark builds just what it needs. Benchmarks that
write get their own copy (`copy`), so every benchmark sees the same journal.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from journal.domain.times import Moment
from journal.service.demo import DemoJournal, generate, write_demo

ZONE = "Europe/Berlin"
SEED = 4
DEMO = "demo_10y"
STRESS = "stress_100k"
#: The passphrase of the encrypted copies (`encrypted`); given to children in their environment.
PASSPHRASE = "bench passphrase of the journal"


def measured(quick: bool) -> tuple[str, ...]:
    """The journals the in-process benchmarks run on: both, or with --quick the demo only."""
    return (DEMO,) if quick else (DEMO, STRESS)


@dataclass(frozen=True)
class Journal:
    """A journal folder on disk and what it holds."""

    name: str
    folder: Path
    counts: dict[str, int]
    build_s: float

    def encrypted(self, name: str) -> Path:
        """A copy of a journal's folder encrypted with PASSPHRASE (made once), with a fresh backup.

        A backup younger than a day means no open takes the daily one; the plain
        journal gets one too (`plain`), so both open the same way.
        """
        key = f"{name}-encrypted"
        if key not in self._encrypted:
            from journal.service.journal import Journal as Service

            folder = self.root / key
            shutil.copytree(self.plain(name), folder)
            journal = Service.open(folder, zone=ZONE)
            try:
                journal.change_passphrase(PASSPHRASE)
            finally:
                journal.close()
            self._encrypted[key] = folder
        return self._encrypted[key]

    def plain(self, name: str) -> Path:
        """The journal's own folder, after one open (which takes its daily backup)."""
        folder = self.get(name).folder
        if name not in self._opened:
            from journal.service.journal import Journal as Service

            Service.open(folder, zone=ZONE).close()
            self._opened.add(name)
        return folder

    def describe(self) -> dict[str, Any]:
        return {"folder": self.folder.name, "counts": self.counts, "build_s": round(self.build_s, 2)}


@dataclass
class Workloads:
    root: Path
    quick: bool = False
    #: "Now" for the journals: the demo ends here, so Today and the last year have entries.
    end: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    _built: dict[str, Journal] = field(default_factory=dict)
    _demo: DemoJournal | None = None
    _copies: int = 0
    _encrypted: dict[str, Path] = field(default_factory=dict)
    _opened: set[str] = field(default_factory=set)
    _exports: dict[tuple[str, str], Path] = field(default_factory=dict)
    _empty: Path | None = None

    @property
    def years(self) -> float:
        return 1 if self.quick else 10

    @property
    def stress_intakes(self) -> int:
        return 10_000 if self.quick else 100_000

    def get(self, name: str) -> Journal:
        if name not in self._built:
            build = {DEMO: self._build_demo, STRESS: self._build_stress}[name]
            self._built[name] = build()
        return self._built[name]

    def copy(self, name: str) -> Path:
        """A fresh copy of a journal's folder, for a benchmark that writes to it."""
        source = self.get(name).folder
        self._copies += 1
        target = self.root / f"{name}-copy{self._copies}"
        shutil.copytree(source, target)
        return target

    def encrypted(self, name: str) -> Path:
        """A copy of a journal's folder encrypted with PASSPHRASE (made once), with a fresh backup.

        A backup younger than a day means no open takes the daily one; the plain
        journal gets one too (`plain`), so both open the same way.
        """
        key = f"{name}-encrypted"
        if key not in self._encrypted:
            from journal.service.journal import Journal as Service

            folder = self.root / key
            shutil.copytree(self.plain(name), folder)
            journal = Service.open(folder, zone=ZONE)
            try:
                journal.change_passphrase(PASSPHRASE)
            finally:
                journal.close()
            self._encrypted[key] = folder
        return self._encrypted[key]

    def plain(self, name: str) -> Path:
        """The journal's own folder, after one open (which takes its daily backup)."""
        folder = self.get(name).folder
        if name not in self._opened:
            from journal.service.journal import Journal as Service

            Service.open(folder, zone=ZONE).close()
            self._opened.add(name)
        return folder

    def export(self, name: str, fmt: str) -> Path:
        """The journal exported as "json" or "csv" (a zip) by the app, made once."""
        key = (name, fmt)
        if key not in self._exports:
            from journal.reports.export import export_journal
            from journal.service.journal import Journal as Service

            path = self.root / f"{name}-export.{'json' if fmt == 'json' else 'zip'}"
            journal = Service.open(self.plain(name), zone=ZONE)
            try:
                export_journal(journal, path, fmt)
            finally:
                journal.close()
            self._exports[key] = path
        return self._exports[key]

    def empty(self) -> Path:
        """A new, empty journal's folder, opened once (made once; copy it to write into it)."""
        if self._empty is None:
            from journal.service.journal import Journal as Service

            self._empty = self.root / "empty"
            Service.open(self._empty, zone=ZONE).close()
            Service.open(self._empty, zone=ZONE).close()  # the second open takes its daily backup
        return self._empty

    def fresh(self, source: Path) -> Path:
        """A copy of a journal's folder for one run that writes to it."""
        self._copies += 1
        target = self.root / f"{source.name}-run{self._copies}"
        shutil.copytree(source, target)
        return target

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: j.describe() for name, j in self._built.items()}
        if self.quick:
            out["note"] = (
                f"--quick: the names are kept, but the demo spans {self.years:g} year(s) "
                f"and the stress journal has {self.stress_intakes:,} intakes"
            )
        return out

    # -- building ----------------------------------------------------------------------

    def demo(self) -> DemoJournal:
        if self._demo is None:
            self._demo = generate(self.years, SEED, self.end, ZONE)
        return self._demo

    def _write(self, name: str, demo: DemoJournal, started: float) -> Journal:
        folder = self.root / name
        from journal.service.journal import Journal as Service

        journal = Service.open(folder, zone=ZONE, clock=lambda: self.end)
        try:
            write_demo(journal, demo)
            # As after the first start: the welcome has been seen, so no dialog covers the window.
            journal.save_settings(replace(journal.settings, welcomed=True))
        finally:
            journal.close()  # the last connection closing checkpoints the write-ahead log
        return Journal(name, folder, demo.counts(), time.perf_counter() - started)

    def _build_demo(self) -> Journal:
        started = time.perf_counter()
        return self._write(DEMO, self.demo(), started)

    def _build_stress(self) -> Journal:
        started = time.perf_counter()
        demo = self.demo()
        return self._write(STRESS, replace(demo, intakes=spread_intakes(demo, self.stress_intakes)), started)


def spread_intakes(demo: DemoJournal, count: int) -> tuple[Any, ...]:
    """`count` intakes evenly over the demo's span, each a clone of one of the demo's intakes."""
    templates = demo.intakes
    start, span = demo.start, demo.end - demo.start
    step = span / count
    out = []
    for n in range(count):
        utc = (start + step * n).replace(microsecond=0)
        template = templates[n % len(templates)]
        out.append(replace(template, at=Moment.from_utc(utc, demo.zone), created=utc, updated=None))
    return tuple(out)
