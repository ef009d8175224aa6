"""Every intake's findings in one pass, exactly as `evaluate` gives them one by one.

Findings are derived data: a function of the journal's intakes, breaks and
settings and of the cited guidance, never of the moment an intake was logged.
Asking `evaluate` about each of n intakes costs O(n) each (O(n²) for a
journal); the sweep reads each intake a constant number of times after one
sort, so it can recompute a whole journal (an import, a migration, a settings
change) or the slice around a change.

What it works out, and how:

- each intake's own rolling window (t - 24 h, t], with two pointers over
  prefix sums;
- the fullest window ending at an intake in [t, t + 24 h), which is the one a
  finding reports (ties: the earliest, so an intake's own window wins), with a
  monotonic deque as the range slides forward;
- the length of the run of use days each day belongs to, once per run;
- the break each intake falls in, running or ended, with the breaks ordered
  by start and the ones that have ended dropped as time moves on;
- whether the person is starting at each intake: the journal's first intake,
  or a day on or after the one they said they are starting or restarting.

Then `findings_from` words the findings, the same step `evaluate` ends with.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from itertools import accumulate

from journal.domain.entities import Break, Finding, Form, Settings
from journal.domain.guidance import WINDOW, Dose, Guidance, Window, findings_from, is_starting
from journal.domain.times import local_day

_DAY = timedelta(days=1)


def sweep_findings(
    doses: Sequence[Dose],
    forms: Mapping[int, Form],
    guidance: Guidance,
    settings: Settings,
    breaks: Iterable[Break],
    *,
    only: Collection[int] | None = None,
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
    """
    order = sorted(doses, key=lambda d: d.at)
    if earliest is None and order:
        earliest = order[0].at
    worst = worst_windows(order)
    runs = run_lengths(order, settings) if settings.max_use_days_in_row is not None else {}
    starts = sorted(breaks, key=lambda b: b.start.utc)
    active: list[Break] = []
    next_break = 0
    out: dict[int, tuple[Finding, ...]] = {}
    for dose in order:
        if dose.id is None:
            raise ValueError("every dose in a sweep needs its id")
        while next_break < len(starts) and starts[next_break].start.utc <= dose.at:
            active.append(starts[next_break])
            next_break += 1
        # A break that ended by now has ended for every later dose too.
        while active and (end := active[-1].actual_end) is not None and end.utc <= dose.at:
            active.pop()
        if only is not None and dose.id not in only:
            continue
        run = None
        if settings.max_use_days_in_row is not None:
            run = runs[local_day(dose.at, dose.offset_min, settings.day_start_hour)]
        out[dose.id] = findings_from(
            dose,
            forms[dose.id],
            worst.get(dose.at) if dose.mg is not None else None,
            run,
            active[-1] if active else None,
            guidance,
            settings,
            starting=is_starting(dose, earliest is not None and dose.at <= earliest, settings),
        )
    return out


def worst_windows(order: Sequence[Dose]) -> dict[datetime, Window]:
    """For each instant with a counted dose, the fullest window ending in [instant, instant + 24 h).

    `order` is sorted by time. Each window (end - 24 h, end] ends at a counted
    dose; of equal totals the earliest end is taken, as `evaluate` does.
    """
    times: list[datetime] = []
    amounts: list[int] = []
    estimates: list[int] = []
    for dose in order:
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
    return out


def run_lengths(order: Iterable[Dose], settings: Settings) -> dict[date, int]:
    """For each journal day with an intake, how many use days in a row its run holds."""
    days = sorted({local_day(d.at, d.offset_min, settings.day_start_hour) for d in order})
    out: dict[date, int] = {}
    first = 0
    for n in range(1, len(days) + 1):
        if n == len(days) or days[n] - days[n - 1] != _DAY:
            for day in days[first:n]:
                out[day] = n - first
            first = n
    return out
