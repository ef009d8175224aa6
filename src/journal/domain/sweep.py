"""One pass over a journal's doses, sorted once: rolling windows, daily totals, runs, breaks.

Findings, daily totals and the highest rolling total of each day are derived
data: a function of the journal's intakes, breaks and settings (and, for
findings, of the cited guidance), never of the moment an intake was logged.
Asking `evaluate` about each of n intakes costs O(n) each (O(n²) for a
journal); a `Sweep` reads each intake a constant number of times after one
sort, so it can recompute a whole journal (an import, a migration, a settings
change) or the slice around a change, and the statistics read the same pass.

What it works out, and how:

- each instant's own rolling window (t - 24 h, t], with two pointers over
  prefix sums (`Sweep.own`);
- the fullest window ending at an intake in [t, t + 24 h), which is the one a
  finding reports (ties: the earliest, so an intake's own window wins), with a
  monotonic deque as the range slides forward (`Sweep.worst`);
- each journal day's totals and the fullest own window reached on it
  (`Sweep.days`), and the length of the run of use days each day belongs to
  (`Sweep.runs`);
- the break each intake falls in, running or ended, with the breaks ordered
  by start and the ones that have ended dropped as time moves on;
- whether the person is starting at each intake: the journal's first intake,
  or a day on or after the one they said they are starting or restarting.

Then `findings_from` words the findings, the same step `evaluate` ends with;
`stats.daily_sums` gives the days as the charts and the summary read them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import NamedTuple

from journal.domain.entities import Break, Finding, Form, Settings
from journal.domain.guidance import (
    WINDOW,
    Dose,
    Guidance,
    Window,
    amount_worded_above,
    at_later,
    findings_from,
    is_starting,
    later_text,
)
from journal.domain.progress import Progress
from journal.domain.times import local_day

_DAY = timedelta(days=1)


class Tally(NamedTuple):
    """One journal day: counted milligrams, intakes, uncounted intakes, whether any is an estimate."""

    mg: int
    intakes: int
    uncounted: int
    estimate: bool


def _at(dose: Dose) -> datetime:
    return dose.at


class Sweep:
    """A journal's doses sorted by time, and what one pass over them gives, each part made once."""

    def __init__(self, doses: Iterable[Dose]) -> None:
        self.order: list[Dose] = sorted(doses, key=_at)
        self._own: tuple[list[datetime], list[Window]] | None = None
        self._worst: dict[datetime, Window] | None = None

    @property
    def own(self) -> tuple[list[datetime], list[Window]]:
        """Each instant with a counted dose (in order), and its own window (t - 24 h, t].

        Doses at the same instant share one window.
        """
        if self._own is None:
            times: list[datetime] = []
            amounts: list[int] = []
            estimates: list[int] = []
            for dose in self.order:
                if dose.mg is None:
                    continue
                if times and times[-1] == dose.at:
                    amounts[-1] += dose.mg
                    estimates[-1] |= dose.estimate
                else:
                    times.append(dose.at)
                    amounts.append(dose.mg)
                    estimates.append(int(dose.estimate))
            sums = [0, *accumulate(amounts)]
            marks = [0, *accumulate(estimates)]
            own: list[Window] = []
            lo = 0
            for k, end in enumerate(times):
                while times[lo] <= end - WINDOW:
                    lo += 1
                own.append(Window(end, sums[k + 1] - sums[lo], marks[k + 1] - marks[lo] > 0))
            self._own = (times, own)
        return self._own

    @property
    def worst(self) -> dict[datetime, Window]:
        """For each instant with a counted dose, the fullest window ending in [instant, instant + 24 h).

        Each window (end - 24 h, end] ends at a counted dose; of equal totals
        the earliest end is taken, as `evaluate` does.
        """
        if self._worst is None:
            times, own = self.own
            out: dict[datetime, Window] = {}
            best: deque[int] = deque()  # indexes of `own`, totals falling from front to back
            hi = 0
            for k, start in enumerate(times):
                limit = start + WINDOW
                while hi < len(times) and times[hi] < limit:
                    while best and own[best[-1]].total_mg < own[hi].total_mg:
                        best.pop()
                    best.append(hi)
                    hi += 1
                while best[0] < k:
                    best.popleft()
                out[start] = own[best[0]]
            self._worst = out
        return self._worst

    def days(self, day_start_hour: int = 0) -> tuple[dict[date, Tally], dict[date, int]]:
        """Each journal day's tally, and the fullest own window of a counted dose that day, by day."""
        times, own = self.own
        shifts: dict[int, timedelta] = {}
        acc: dict[date, list[int]] = {}
        highest: dict[date, int] = {}
        k = -1
        for dose in self.order:
            shift = shifts.get(dose.offset_min)
            if shift is None:
                shift = shifts[dose.offset_min] = timedelta(minutes=dose.offset_min - day_start_hour * 60)
            day = (dose.at + shift).date()
            row = acc.get(day)
            if row is None:
                row = acc[day] = [0, 0, 0, 0]
            row[1] += 1
            row[3] |= dose.estimate
            if dose.mg is None:
                row[2] += 1
                continue
            row[0] += dose.mg
            if k < 0 or times[k] != dose.at:
                k += 1
            total = own[k].total_mg
            if total >= highest.get(day, 0):
                highest[day] = total
        tallies = {day: Tally(r[0], r[1], r[2], bool(r[3])) for day, r in sorted(acc.items())}
        return tallies, dict(sorted(highest.items()))

    def runs(self, day_start_hour: int = 0) -> dict[date, int]:
        """For each journal day with an intake, how many use days in a row its run holds."""
        shifts: dict[int, timedelta] = {}
        used: set[date] = set()
        for dose in self.order:
            shift = shifts.get(dose.offset_min)
            if shift is None:
                shift = shifts[dose.offset_min] = timedelta(minutes=dose.offset_min - day_start_hour * 60)
            used.add((dose.at + shift).date())
        days = sorted(used)
        out: dict[date, int] = {}
        first = 0
        for n in range(1, len(days) + 1):
            if n == len(days) or days[n] - days[n - 1] != _DAY:
                for day in days[first:n]:
                    out[day] = n - first
                first = n
        return out


def sweep_findings(
    doses: Sequence[Dose],
    forms: Mapping[int, Form],
    guidance: Guidance,
    settings: Settings,
    breaks: Iterable[Break],
    *,
    only: Collection[int] | None = None,
    progress: Progress | None = None,
    earliest: datetime | None = None,
) -> dict[int, tuple[Finding, ...]]:
    """The findings of every dose in `doses` (or of those with an id in `only`), by dose id.

    `doses` are the live intakes (any order; sorted by time is cheapest), each
    with an id; `forms` gives each intake's form (it words the finding of an
    intake that is not counted); `breaks` are the live breaks.

    With all of a journal's intakes, every result equals `evaluate` against all
    the others, with `in_break=break_at(dose.at, breaks)`. With a slice of
    them, a result is exact for an intake whose 24 hours either side and whose
    whole run of use days (with a break plan) lie inside the slice; the
    others are computed from what the slice holds, and a caller keeps only the
    exact ones. A break that ends before every dose or starts after them all
    can be left out. `earliest` is the time of the journal's first live
    intake (None: the first in `doses`), which a slice cannot know: the
    intakes at that instant are the ones taken with no use before them.
    `progress` gets (done, total) doses as the sweep goes.
    """
    swept = Sweep(doses)
    order = swept.order
    if earliest is None and order:
        earliest = order[0].at
    worst = swept.worst
    runs = swept.runs(settings.day_start_hour) if settings.max_use_days_in_row is not None else {}
    starts = sorted(breaks, key=lambda b: b.start.utc)
    active: list[Break] = []
    next_break = 0
    out: dict[int, tuple[Finding, ...]] = {}
    # Intakes alike in all a finding says share their findings: the same amount (where the words
    # name it: `amount_worded_above`), the same total "with this intake" (or the same later intake,
    # seen at the same offset), the same run of days and break, starting or not. Worded once each,
    # they are the same (immutable) values.
    memo: dict[tuple[object, ...], tuple[Finding, ...]] = {}
    # Of intakes alike but for the time of the later intake their window reaches, the first
    # is worded in full and the others take its words with that time changed (`at_later`).
    firsts: dict[tuple[object, ...], tuple[tuple[Finding, ...], str]] = {}
    worded: dict[tuple[object, ...], tuple[Finding, ...]] = {}
    same: dict[tuple[Finding, ...], tuple[Finding, ...]] = {}
    later: tuple[datetime, int] | None
    total = len(order)
    plan, day_start = settings.max_use_days_in_row, settings.day_start_hour
    # Above these amounts (while starting, and not) the words name the intake's own amount.
    worded_above = {s: amount_worded_above(s, guidance, settings) for s in (False, True)}
    for n, dose in enumerate(order, 1):
        if progress is not None and n % 500 == 0:
            progress(n, total)
        at, mg, estimate, offset, ident = dose
        if ident is None:
            raise ValueError("every dose in a sweep needs its id")
        while next_break < len(starts) and starts[next_break].start.utc <= at:
            active.append(starts[next_break])
            next_break += 1
        # A break that ended by now has ended for every later dose too.
        while active and (end := active[-1].actual_end) is not None and end.utc <= at:
            active.pop()
        if only is not None and ident not in only:
            continue
        run = None if plan is None else runs[local_day(at, offset, day_start)]
        form = forms[ident]
        brk = active[-1] if active else None
        first = earliest is not None and at <= earliest
        starting = is_starting(dose, first, settings)
        key: tuple[object, ...]
        window = None if mg is None else worst.get(at)
        if mg is None or window is None:
            later = None
            key = (mg, estimate, form, run, brk and id(brk), starting, first)
        else:
            later = None if window.end == at else (window.end, offset)
            limit = worded_above[starting]
            amount = (mg, estimate) if limit is not None and mg > limit else None
            key = (amount, window.total_mg, window.estimate, later, run, brk and id(brk), starting, first)
        found = memo.get(key)
        if found is None:
            if later is None:
                found = findings_from(dose, form, window, run, brk, guidance, settings, starting=starting)
            else:
                # Alike but for the later intake's time: the wording of the first, that time changed.
                # Later intakes seconds apart are named alike ("08 Dec 23:39"): one wording for each.
                named = later_text(*later)
                like = (*key[:3], True, *key[4:])
                found = worded.get((*like, named))
                if found is None:
                    was = firsts.get(like)
                    if was is None:
                        was = firsts[like] = (
                            findings_from(
                                dose, form, window, run, brk, guidance, settings, starting=starting
                            ),
                            named,
                        )
                    found = was[0] if was[1] == named else at_later(was[0], was[1], named)
                    worded[(*like, named)] = found
            # Intakes unlike in what the words leave out get the same words (a total under the
            # cited range is not named): one value for each, so its stored text is made once.
            found = memo[key] = same.setdefault(found, found)
        out[ident] = found
    return out


def worst_windows(order: Sequence[Dose]) -> dict[datetime, Window]:
    """For each instant with a counted dose, the fullest window ending in [instant, instant + 24 h)."""
    return Sweep(order).worst


def run_lengths(order: Iterable[Dose], settings: Settings) -> dict[date, int]:
    """For each journal day with an intake, how many use days in a row its run holds."""
    return Sweep(order).runs(settings.day_start_hour)
