"""Progress of long work (an import, an export) as a share of the whole, for a progress bar.

A `Progress` callback gets (done, total) in whole units; done only grows, and
reaches total when the work is finished. A `Meter` splits the units among the
stages of the work by how long each takes, so the bar moves with the real work
rather than waiting at one end.
"""

from __future__ import annotations

from collections.abc import Callable

#: Called with (done, total): done only grows, and equals total when the work is done.
Progress = Callable[[int, int], None]
#: The units a Meter reports in.
UNITS = 1000


class Meter:
    """Units of one piece of work, handed out to its stages in turn."""

    def __init__(self, progress: Progress | None, total: int = UNITS) -> None:
        self._progress = progress
        self.total = total
        self.done = 0
        self._start = 0
        if progress is not None:
            progress(0, total)

    def stage(self, weight: int) -> Stage:
        """The next `weight` units; stages follow each other, and together fill the total."""
        start = self._start
        self._start = min(self.total, start + weight)
        return Stage(self, start, self._start)

    def report(self, done: int) -> None:
        done = min(done, self.total)
        if done > self.done:
            self.done = done
            if self._progress is not None:
                self._progress(done, self.total)

    def finish(self) -> None:
        self.report(self.total)


class Stage:
    """A share of a Meter's units, filled as (done, of) of this stage's own work moves."""

    def __init__(self, meter: Meter, start: int, end: int) -> None:
        self.meter = meter
        self.start = start
        self.end = end

    def __call__(self, done: int, of: int) -> None:
        if of > 0:
            share = (self.end - self.start) * min(done, of) // of
            self.meter.report(self.start + share)

    def finish(self) -> None:
        self.meter.report(self.end)
