"""Stored findings: saved with each intake as JSON, and kept equal to what the rules give now.

Findings are derived data (`journal.domain.sweep`): a function of the live
intakes, the breaks, the settings the rules read, and the cited guidance.
History, the clinician PDF and exports read the stored column, so every write
that changes what findings rest on calls `refresh` (or `refresh_all`) in its
own transaction, and the findings it reaches are recomputed and rewritten
before the commit. A change reaches:

- for an intake at time t (added, edited: old and new time, deleted, restored):
  every intake within 24 hours of t, whose own window or a later window holding
  it now totals differently;
- for a break [start, end) (started, ended, corrected, deleted, restored): the
  intakes inside it, which are "during your break" or no longer;
- with a break plan, the whole run of use days around the days it touched,
  since every intake of a run says how many days it has;
- for a setting the rules read (personal limits, break plan, day start): all.

Only what the sweep needs is read, and only rows whose findings differ are
written. Deleted intakes keep what they had; undoing the delete refreshes them.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple

from sqlalchemy import Connection, String, bindparam, or_, select, type_coerce, update

from journal import resources
from journal.domain.entities import Break, Citation, Finding, Form, Level, Settings
from journal.domain.errors import InvalidInput
from journal.domain.guidance import WINDOW, Dose, Guidance
from journal.domain.progress import Progress
from journal.domain.sweep import sweep_findings
from journal.domain.times import Moment, local_day
from journal.storage.models import BreakRow, IntakeRow, SettingRow

#: The settings findings depend on; a change to any other (theme, lock) leaves them be.
RULE_SETTINGS = (
    "day_start_hour",
    "personal_intake_limit_g",
    "personal_daily_limit_g",
    "max_use_days_in_row",
    "starting_since",
)

_DAY = timedelta(days=1)
#: An intake of journal day D lies in [D - 1 day, D + 3 days) UTC: offsets reach
#: ±18 hours (the most an import accepts) and a day may start as late as noon.
_BEFORE, _AFTER = _DAY, 3 * _DAY
#: Days looked at first when finding where a run of use days begins or ends.
_FIRST_STEP = 8

_FORMS = {form.value: form for form in Form}
#: Stand-ins for "no bound", so each query below is built once and only its values change
#: (building a statement costs more than running it on a day's rows).
_EARLIEST, _LATEST = datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 12, 30, tzinfo=UTC)
_INTAKES = select(
    IntakeRow.id,
    type_coerce(IntakeRow.at_utc, String).concat("+00:00"),  # ISO text: parsed far faster
    IntakeRow.leaf_mg,
    IntakeRow.estimate,
    IntakeRow.leaf_estimated,
    IntakeRow.offset_min,
    IntakeRow.form,
    IntakeRow.findings,
).where(
    IntakeRow.deleted.is_(None), IntakeRow.at_utc >= bindparam("low"), IntakeRow.at_utc < bindparam("high")
)
_SETTINGS = select(SettingRow.key, SettingRow.value)
_BREAKS = (
    select(
        BreakRow.start_utc,
        BreakRow.zone,
        BreakRow.offset_min,
        BreakRow.planned_end,
        BreakRow.end_utc,
        BreakRow.end_offset_min,
        BreakRow.reason,
        BreakRow.outcome,
        BreakRow.id,
    )
    .where(
        BreakRow.deleted.is_(None),
        BreakRow.start_utc <= bindparam("high"),
        or_(BreakRow.end_utc.is_(None), BreakRow.end_utc > bindparam("low")),
    )
    .order_by(BreakRow.start_utc, BreakRow.id)
)

#: An intake's instant and its UTC offset in minutes (which decides its journal day).
At = tuple[datetime, int]
#: A break's span [start, end); end None while it runs.
Span = tuple[datetime, datetime | None]


def findings_to_json(findings: tuple[Finding, ...]) -> str:
    """The stored form of findings (a refresh writes a row only when this text changes).

    Exactly `json.dumps` of the findings as dicts (`ensure_ascii=False`; a test
    holds the two to the same text), written out directly: the citations, the
    same few for every finding of a rule, are encoded once.
    """
    if not findings:
        return "[]"
    return "[" + ", ".join(map(_finding_json, findings)) + "]"


_quote = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) quotes strings with
_LEVEL_WORDS = {level: _quote(level.word) for level in Level}
_CITES: dict[int, tuple[tuple[Citation, ...], str]] = {}


def _citations_json(citations: tuple[Citation, ...]) -> str:
    found = _CITES.get(id(citations))
    if found is None or found[0] is not citations:
        text = json.dumps(
            [{"file": c.file, "section": c.section, "quote": c.quote} for c in citations], ensure_ascii=False
        )
        found = _CITES[id(citations)] = (citations, text)
    return found[1]


def _finding_json(f: Finding) -> str:
    return (
        f'{{"level": {_LEVEL_WORDS[f.level]}, "rule_id": {_quote(f.rule_id)}, '
        f'"message": {_quote(f.message)}, '
        f'"basis": {_quote(f.basis)}, "citations": {_citations_json(f.citations)}, '
        f'"total_mg": {"null" if f.total_mg is None else int(f.total_mg)}, '
        f'"estimate": {"true" if f.estimate else "false"}}}'
    )


def findings_from_json(text: str) -> tuple[Finding, ...]:
    return tuple(
        Finding(
            Level[d["level"].upper()],
            d["rule_id"],
            d["message"],
            d["basis"],
            tuple(Citation(**c) for c in d["citations"]),
            d["total_mg"],
            d["estimate"],
        )
        for d in json.loads(text)
    )


def read_settings(con: Connection) -> Settings:
    """The journal's settings; a stored value this version no longer accepts falls back to its default.

    Falling back rather than refusing keeps the person from being locked out of their journal.
    """
    stored = {key: json.loads(value) for key, value in con.execute(_SETTINGS)}
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name in stored:
            values[f.name] = setting_value(f.name, stored[f.name])
    while True:
        try:
            return Settings(**values)
        except InvalidInput as err:
            if values.pop(err.field, None) is None:
                raise


def setting_value(name: str, raw: Any) -> Any:
    """A setting's value from its stored JSON value: limits are exact decimals, days ISO dates."""
    if raw is None or not isinstance(raw, str):
        return raw
    if name.endswith("_g"):
        return Decimal(raw)
    if name.endswith("_since"):
        return date.fromisoformat(raw)
    return raw


def stored_setting(value: Any) -> str:
    """A setting's value as stored (JSON): decimals and dates as text."""
    return json.dumps(
        str(value) if isinstance(value, Decimal) else value.isoformat() if isinstance(value, date) else value
    )


def rules_changed(old: Settings, new: Settings) -> bool:
    """Whether going from `old` to `new` can change any finding."""
    return any(getattr(old, name) != getattr(new, name) for name in RULE_SETTINGS)


#: Intakes about to be written (an import), with ids -1, -2, ...: their doses and forms.
Pending = Sequence[tuple[Dose, Form]]


def refresh(
    con: Connection,
    guidance: Guidance | None = None,
    *,
    moments: Iterable[At] = (),
    spans: Iterable[Span] = (),
    pending: Pending = (),
    into: dict[int, tuple[Finding, ...]] | None = None,
    progress: Progress | None = None,
) -> dict[int, str]:
    """Recompute the findings a change can reach; returns the new JSON of each intake rewritten.

    `moments` are the times of intakes added, moved (old and new time),
    deleted or restored; `spans` those of breaks changed (old and new span).
    Call it inside the transaction that made the change, after the change.
    `pending` intakes are not in the table yet (their moments are among
    `moments`): they count like the others, and their findings go `into` the
    given dict (by their negative ids) for the caller to write with them.

    The journal's first intake is the one taken while starting, wherever the
    change is: when a change can have moved which intake is first, the intakes
    at the first instant that the change did not touch are refreshed too.
    """
    moments, spans = list(moments), list(spans)
    settings = read_settings(con)
    near = partial(_refresh_near, con, guidance, settings, pending=pending, into=into, progress=progress)
    changed = near(moments, spans)
    if moments:
        unchanged = _first_untouched(con, {t for t, _ in moments})
        if unchanged is not None and any(t <= unchanged[0] for t, _ in moments):
            changed |= near([unchanged], [])
    return changed


def _refresh_near(
    con: Connection,
    guidance: Guidance | None,
    settings: Settings,
    moments: list[At],
    spans: list[Span],
    *,
    pending: Pending,
    into: dict[int, tuple[Finding, ...]] | None,
    progress: Progress | None,
) -> dict[int, str]:
    """`refresh` for the intakes near the given moments and spans."""
    lows = [t - WINDOW for t, _ in moments] + [start for start, _ in spans]
    if not lows:
        return {}
    highs = [t + WINDOW for t, _ in moments] + [end for _, end in spans]
    lo = min(lows)
    hi = None if None in highs else max(h for h in highs if h is not None)
    rows = _Rows(con)
    rows.add(pending)
    if settings.max_use_days_in_row is None:
        rows.cover(lo - WINDOW, None if hi is None else hi + WINDOW)
        targets = [r for r in rows.all() if lo <= r.dose.at and (hi is None or r.dose.at <= hi)]
        return _write(con, rows, targets, guidance, settings, into, progress)
    start_h = settings.day_start_hour
    rows.cover(lo - _AFTER, None if hi is None else hi + _AFTER)
    days = {local_day(t, offset, start_h) for t, offset in moments}
    days |= {r.day(start_h) for r in rows.all() if lo <= r.dose.at and (hi is None or r.dose.at <= hi)}
    if not days:
        return {}
    first = rows.gap(min(days) - _DAY, -1, start_h)
    last = rows.gap(max(days) + _DAY, 1, start_h)
    rows.cover(_midnight(first) - _BEFORE - WINDOW, _midnight(last) + _AFTER + WINDOW)
    targets = [r for r in rows.all() if first < r.day(start_h) < last]
    return _write(con, rows, targets, guidance, settings, into, progress)


def refresh_all(
    con: Connection,
    guidance: Guidance | None = None,
    *,
    pending: Pending = (),
    into: dict[int, tuple[Finding, ...]] | None = None,
    progress: Progress | None = None,
) -> dict[int, str]:
    """Recompute every live intake's findings (a settings change, an upgrade, a bulk write)."""
    rows = _Rows(con)
    rows.add(pending)
    rows.cover(None, None)
    return _write(con, rows, rows.all(), guidance, read_settings(con), into, progress)


_FIRST = (
    select(type_coerce(IntakeRow.at_utc, String).concat("+00:00"), IntakeRow.offset_min)
    .where(IntakeRow.deleted.is_(None))
    .order_by(IntakeRow.at_utc)
    .limit(bindparam("n"))
    .offset(bindparam("skip"))
)
_BEFORE_ONE = (
    select(IntakeRow.id)
    .where(
        IntakeRow.deleted.is_(None), IntakeRow.at_utc < bindparam("at"), IntakeRow.id != bindparam("other")
    )
    .limit(1)
)


def earliest(con: Connection) -> datetime | None:
    """The time of the journal's first live intake (None without intakes)."""
    first = _first_untouched(con, set())
    return None if first is None else first[0]


def _earliest(con: Connection, rows: Iterable[_Row]) -> datetime | None:
    """The first intake's time, counting intakes about to be written (ids below 0) as in the journal."""
    times = [r.dose.at for r in rows if r.dose.id is not None and r.dose.id < 0]
    stored = earliest(con)
    if stored is not None:
        times.append(stored)
    return min(times, default=None)


def _first_untouched(con: Connection, times: set[datetime]) -> At | None:
    """The first live intake whose time is none of `times` (the intakes a change touched), if any.

    Read in growing pages by the time index: usually the first row answers.
    """
    skip, n = 0, 8
    while True:
        page = con.execute(_FIRST, {"n": n, "skip": skip}).all()
        for at, offset in page:
            when = datetime.fromisoformat(at)
            if when not in times:
                return when, offset
        if len(page) < n:
            return None
        skip, n = skip + n, n * 4


def used_before(con: Connection, at: datetime, ident: int | None) -> bool:
    """Whether a live intake other than `ident` was taken before `at` (the person is not starting)."""
    found = con.execute(_BEFORE_ONE, {"at": at, "other": -1 if ident is None else ident}).first()
    return found is not None


def context(con: Connection, at: datetime, offset_min: int, settings: Settings) -> list[Dose]:
    """The live intakes the rules read for an intake at `at`: 24 hours either side, its run of use days."""
    rows = _Rows(con)
    if settings.max_use_days_in_row is None:
        rows.cover(at - WINDOW, at + WINDOW + timedelta(microseconds=1))
    else:
        day = local_day(at, offset_min, settings.day_start_hour)
        first = rows.gap(day - _DAY, -1, settings.day_start_hour)
        last = rows.gap(day + _DAY, 1, settings.day_start_hour)
        rows.cover(_midnight(first) - _BEFORE - WINDOW, _midnight(last) + _AFTER + WINDOW)
    return [r.dose for r in rows.all()]


def live_breaks(con: Connection, low: datetime | None = None, high: datetime | None = None) -> list[Break]:
    """The live breaks whose span meets [low, high] (None: unbounded), oldest start first."""
    rows = con.execute(_BREAKS, {"low": low or _EARLIEST, "high": high or _LATEST})
    out = []
    for start, zone, offset, planned, end, end_offset, reason, outcome, ident in rows:
        ended = None if end is None else Moment(end, zone, end_offset or 0)
        goal = date.fromisoformat(planned) if planned else None
        out.append(Break(Moment(start, zone, offset), goal, ended, reason, outcome, ident))
    return out


class _Row(NamedTuple):
    """A live intake as the sweep reads it, with its findings as stored ("" for one not written yet)."""

    dose: Dose
    form: Form
    stored: str

    def day(self, day_start_hour: int) -> date:
        return local_day(self.dose.at, self.dose.offset_min, day_start_hour)


class _Rows:
    """Live intakes read from the journal a UTC range at a time, each range once.

    The loaded range [low, high) only grows (None: unbounded), so widening it
    to find the edges of a run of use days reads no row twice.
    """

    def __init__(self, con: Connection) -> None:
        self.con = con
        self.rows: dict[int, _Row] = {}
        self.loaded: tuple[datetime | None, datetime | None] | None = None

    def cover(self, low: datetime | None, high: datetime | None) -> None:
        if self.loaded is None:
            self._read(low, high)
            self.loaded = (low, high)
            return
        have_low, have_high = self.loaded
        if have_low is not None and (low is None or low < have_low):
            self._read(low, have_low)
            have_low = low
        if have_high is not None and (high is None or high > have_high):
            self._read(have_high, high)
            have_high = high
        self.loaded = (have_low, have_high)

    def add(self, pending: Pending) -> None:
        """Intakes not in the table yet; nothing is stored for them, so their findings are all new."""
        for dose, form in pending:
            self.rows[dose.id or 0] = _Row(dose, form, "")

    def _covers(self, low: datetime, high: datetime) -> bool:
        if self.loaded is None:
            return False
        have_low, have_high = self.loaded
        return (have_low is None or have_low <= low) and (have_high is None or high <= have_high)

    def _read(self, low: datetime | None, high: datetime | None) -> None:
        bounds = {"low": low or _EARLIEST, "high": high or _LATEST}
        for ident, at, mg, est, leaf_est, offset, form, stored in self.con.execute(_INTAKES, bounds):
            dose = Dose(datetime.fromisoformat(at), mg, bool(est or leaf_est), offset, ident)
            self.rows[ident] = _Row(dose, _FORMS[form], stored)

    def all(self) -> list[_Row]:
        return list(self.rows.values())

    def gap(self, day: date, step: int, day_start_hour: int) -> date:
        """The first journal day from `day` on, going back (step -1) or forward (+1), without intakes."""
        reach = _FIRST_STEP
        while True:
            end = day + step * timedelta(days=reach)
            low, high = min(day, end), max(day, end)
            span = (_midnight(low) - _BEFORE, _midnight(high) + _AFTER)
            if not self._covers(*span):
                self.cover(*span)
            used = {d for r in self.rows.values() if low <= (d := r.day(day_start_hour)) <= high}
            while low <= day <= high:
                if day not in used:
                    return day
                day += step * _DAY
            reach *= 2


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _write(
    con: Connection,
    rows: _Rows,
    targets: Sequence[_Row],
    guidance: Guidance | None,
    settings: Settings,
    into: dict[int, tuple[Finding, ...]] | None = None,
    progress: Progress | None = None,
) -> dict[int, str]:
    if not targets:
        return {}
    everything = rows.all()
    forms = {r.dose.id: r.form for r in everything if r.dose.id is not None}
    low, high = rows.loaded or (None, None)
    # Every row a target (a whole journal, an import into an empty one): no need to ask each.
    every = len(targets) == len(everything)  # targets are some of `everything`
    found = sweep_findings(
        [r.dose for r in everything],
        forms,
        guidance or resources.guidance(),
        settings,
        live_breaks(con, low, high),
        only=None if every else {r.dose.id for r in targets if r.dose.id is not None},
        progress=progress,
        earliest=_earliest(con, everything),
    )
    changed = {}
    for row in targets:
        ident = row.dose.id
        assert ident is not None
        if ident < 0 and into is not None:
            into[ident] = found[ident]  # worded when its row is written
            continue
        text = findings_to_json(found[ident])
        if text != row.stored:
            changed[ident] = text
    stored = [{"ident": k, "text": v} for k, v in changed.items() if k > 0]
    if stored:
        statement = (
            update(IntakeRow).where(IntakeRow.id == bindparam("ident")).values(findings=bindparam("text"))
        )
        con.execute(statement, stored)
    return changed
