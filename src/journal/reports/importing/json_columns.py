"""Intakes and symptom ratings of this app's JSON export, checked a batch at a time, key by key.

As with the CSV rows (`csv_columns`), an export repeats a few zones, offsets,
amounts, units, forms and products, and writes its times as ISO text. Each
key's values in a batch are checked once per distinct value, by the reader of
one entry (`as_exported`), after their types are checked (so 1, 1.0 and true,
equal as dictionary keys, never share a check), and times are parsed by one
`map`. A batch is taken only if every entry in it is one the entry reader
takes unchanged; any other returns None and is read entry by entry as before,
so this path never refuses anything itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from itertools import repeat
from operator import attrgetter, eq, methodcaller
from typing import Any

from journal.domain.entities import MAX_NOTE_CHARS, Form, Severity, Stamp, SymptomEntry, Unit
from journal.domain.times import FUTURE_TOLERANCE, Moment
from journal.reports.importing import as_exported as one
from journal.reports.importing.as_exported import each_distinct, utc_times
from journal.reports.importing.errors import Steps, Where
from journal.reports.importing.incoming import InIntake
from journal.reports.importing.reading import MAX_KEY_CHARS, Context

_parse = datetime.fromisoformat
_tzinfo = attrgetter("tzinfo")
_utcoffset = methodcaller("utcoffset")
_NONE = type(None)


def _column(objs: Sequence[dict[str, Any]], key: str, types: frozenset[type]) -> list[Any]:
    """The values of `key` (None where it is missing), each of one of `types`."""
    values = [o.get(key) for o in objs]
    if not set(map(type, values)) <= types:
        raise one._Refused
    return values


_TEXT: frozenset[type] = frozenset((str, _NONE))
_INT: frozenset[type] = frozenset((int, _NONE))
_BOOL: frozenset[type] = frozenset((bool, _NONE))
_STR: frozenset[type] = frozenset((str,))
_LIST: frozenset[type] = frozenset((list,))


def _moments(objs: Sequence[dict[str, Any]], now: datetime) -> tuple[list[datetime], list[int]]:
    """The UTC times of a batch's entries, and their offsets in minutes as their local times state them.

    Raises one._Refused unless each has a UTC time ("…Z") and a local time with
    its offset showing the same instant, a stated offset (if any) agrees, and
    every time is between the earliest year and now.
    """
    offsets = each_distinct(_column(objs, "offset_minutes", _INT), one._offset)
    utcs = utc_times(_column(objs, "time_utc", _STR))
    try:
        local = list(map(_parse, _column(objs, "time_local", _STR)))
    except ValueError:
        raise one._Refused from None
    stated = list(map(_utcoffset, local))
    if None in stated or not all(map(eq, local, utcs)):
        raise one._Refused
    minutes = each_distinct(stated, lambda d: int(d.total_seconds() // 60))
    if any(o is not None and o != m for o, m in zip(offsets, minutes, strict=True)):
        raise one._Refused
    if min(utcs) < one._LOW_YEAR or max(utcs) - now > FUTURE_TOLERANCE:
        raise one._Refused
    return utcs, minutes


def json_intake_batch(
    objs: list[Any],
    first: int,
    ctx: Context,
    key: str,
    file: str,
    locate: Callable[[Steps], tuple[int, int] | None] | None,
    findings_ok: Callable[[Any], bool],
) -> list[InIntake] | None:
    """The intakes `objs` (entries `first`, `first + 1`, … of `key`), or None: read them one by one."""
    if not objs or set(map(type, objs)) != {dict} or not all("findings" in o for o in objs):
        return None
    now, default_zone = ctx.now, ctx.zone
    try:
        zones = each_distinct(_column(objs, "zone", _TEXT), lambda v: one._zone(v, default_zone))
        utcs, minutes = _moments(objs, now)
        amounts = each_distinct(_column(objs, "amount", _STR), lambda v: one._amount(v, ".", False))
        units = each_distinct(
            _column(objs, "unit", _TEXT), lambda v: one._choice(v, one._units, Unit, Unit.G)
        )
        forms = each_distinct(
            list(zip(_column(objs, "form", _TEXT), units, strict=True)),
            lambda pair: one._choice(
                pair[0], one._forms, Form, Form.CAPSULES if pair[1] is Unit.CAPS else Form.POWDER
            ),
        )
        leaf = each_distinct(_column(objs, "leaf_g", _TEXT), one._leaf)
        leaf_estimated = each_distinct(_column(objs, "leaf_estimated", _BOOL), one._bool)
        if not all(map(findings_ok, _column(objs, "findings", _LIST))):
            raise one._Refused
        created = utc_times(_column(objs, "created_utc", _STR))
        updated = utc_times(_column(objs, "updated_utc", _STR))
        estimates = each_distinct(_column(objs, "estimate", _BOOL), one._bool)
        notes = [n or "" for n in _column(objs, "notes", _TEXT)]
        if max(map(len, notes)) > MAX_NOTE_CHARS:
            raise one._Refused
        refs = each_distinct(_column(objs, "product_ref", _INT), one._ref)
    except one._Refused:
        return None
    ats = list(map(Moment, utcs, zones, minutes))
    wheres = [Where(file, None, (key, n), locate) for n in range(first, first + len(objs))]
    return list(
        map(
            InIntake,
            ats,
            amounts,
            units,
            forms,
            leaf,
            estimates,
            leaf_estimated,
            notes,
            created,
            updated,
            refs,
            repeat(None),
            repeat(False),
            wheres,
        )
    )


_SEVERITY_WORDS = {s.word: int(s) for s in Severity}
_SEVERITY: frozenset[type] = frozenset((int, str))


def _key(value: str) -> str:
    if len(value) > MAX_KEY_CHARS or not value.strip():
        raise one._Refused
    return value.strip()


def _severity(value: int | str) -> Severity:
    if value.__class__ is str:
        word = str(value).strip().lower()
        if word not in _SEVERITY_WORDS:
            raise one._Refused
        return Severity(_SEVERITY_WORDS[word])
    if not 0 <= int(value) <= 4:
        raise one._Refused
    return Severity(int(value))


def _area(value: str | None) -> str:
    if value is not None and len(value) > MAX_KEY_CHARS:
        raise one._Refused
    return value or ""


def json_symptom_batch(
    objs: list[Any],
    first: int,
    ctx: Context,
    file: str,
    locate: Callable[[Steps], tuple[int, int] | None] | None,
) -> list[tuple[SymptomEntry, Stamp, Where]] | None:
    """Symptom ratings `objs` (entries `first`, … of "symptoms") as `records.symptom` reads them, or None."""
    if not objs or set(map(type, objs)) != {dict}:
        return None
    now, default_zone = ctx.now, ctx.zone
    try:
        zones = each_distinct(_column(objs, "zone", _TEXT), lambda v: one._zone(v, default_zone))
        utcs, minutes = _moments(objs, now)
        keys = each_distinct(_column(objs, "symptom", _STR), _key)
        severities = each_distinct(_column(objs, "severity", _SEVERITY), _severity)
        areas = each_distinct(_column(objs, "body_area", _TEXT), _area)
        notes = [n or "" for n in _column(objs, "notes", _TEXT)]
        if max(map(len, notes)) > MAX_NOTE_CHARS:
            raise one._Refused
        stamps = list(
            map(
                Stamp,
                utc_times(_column(objs, "created_utc", _STR)),
                utc_times(_column(objs, "updated_utc", _STR)),
            )
        )
    except one._Refused:
        return None
    entries = map(SymptomEntry, keys, map(Moment, utcs, zones, minutes), severities, areas, notes)
    wheres = [Where(file, None, ("symptoms", n), locate) for n in range(first, first + len(objs))]
    return list(zip(entries, stamps, wheres, strict=True))
