"""Intake rows of this app's CSV export, checked a batch at a time, column by column.

A CSV export repeats a few zones, offsets, amounts, units, forms and products
in every row, and its times are ISO text that `datetime.fromisoformat` reads
as it stands. So each column of a batch is checked once per distinct value
(with the row reader's own checks, `as_exported`) and its times are parsed by
one `map`: a few microseconds a row instead of tens. A batch is taken only if
every value in it is one the row reader takes unchanged; any other batch
returns None and is read row by row, where each row is accepted the same way
or explained by the careful path. So this path never refuses anything itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from itertools import repeat
from operator import attrgetter, eq, methodcaller
from typing import Any

from journal.domain.entities import MAX_NOTE_CHARS, Form, Severity, Stamp, SymptomEntry, Unit
from journal.domain.times import FUTURE_TOLERANCE, Moment
from journal.reports.export import csv_unsafe
from journal.reports.importing import as_exported as row
from journal.reports.importing.as_exported import each_distinct, utc_times
from journal.reports.importing.errors import Where
from journal.reports.importing.incoming import InIntake
from journal.reports.importing.reading import MAX_KEY_CHARS, MAX_NAME_CHARS, MAX_OFFSET_MIN, Context

_parse = datetime.fromisoformat
_tzinfo = attrgetter("tzinfo")
_utcoffset = methodcaller("utcoffset")
_MINUTE = timedelta(minutes=1)


def _moments(column: Callable[[str], Sequence[str]], now: datetime) -> tuple[list[datetime], list[int]]:
    """The UTC times of a batch's rows, and their offsets in minutes as their local times state them.

    Raises row._Refused unless each row has a UTC time ("…Z") and a local time
    with its offset showing the same instant, an offset column (if given) agrees,
    and every time is between the earliest year and now.
    """
    offsets = each_distinct(column("offset_minutes"), _offset_cell)
    utcs = utc_times(column("time_utc"))
    try:
        local = list(map(_parse, column("time_local")))
    except (ValueError, TypeError):
        raise row._Refused from None
    stated = list(map(_utcoffset, local))
    if None in stated or not all(map(eq, local, utcs)):
        raise row._Refused
    minutes = each_distinct(stated, lambda d: int(d.total_seconds() // 60))
    if any(o is not None and o != m for o, m in zip(offsets, minutes, strict=True)):
        raise row._Refused
    if min(utcs) < row._LOW_YEAR or max(utcs) - now > FUTURE_TOLERANCE:
        raise row._Refused
    return utcs, minutes


def _offset_cell(cell: str) -> int | None:
    return row._csv_int(row._value(cell), -MAX_OFFSET_MIN, MAX_OFFSET_MIN)


def _columns(
    batch: list[tuple[int, list[str]]], index: dict[str, int], width: int
) -> tuple[tuple[int, ...], Callable[[str], Sequence[str]]]:
    """The lines of a batch's rows, and its cells by column name (blank for a column the file lacks)."""
    lines, rows = zip(*batch, strict=True)
    columns = list(zip(*rows, strict=True))
    blank = ("",) * len(rows)

    def column(key: str) -> Sequence[str]:
        n = index.get(key, width)
        return columns[n] if n < width else blank

    return lines, column


def csv_intake_batches(
    index: dict[str, int], ctx: Context, decimal_sep: str, file: str
) -> Callable[[list[tuple[int, list[str]]]], list[InIntake] | None]:
    """A reader of batches of (line, cells) intake rows with this header: their intakes, or None.

    None means "read these rows one by one" (`as_exported.csv_intakes`, then the careful path).
    """
    width = max(index.values(), default=-1) + 1
    has_zone = "zone" in index
    now, default_zone = ctx.now, ctx.zone

    def zone(cell: str) -> str:
        return row._zone(csv_unsafe(cell) if has_zone else None, default_zone)

    def amount(cell: str) -> Any:
        return row._amount(row._value(cell), decimal_sep, True)

    def unit(cell: str) -> Unit:
        found: Unit = row._choice(row._value(cell), row._units, Unit, Unit.G)
        return found

    def estimate(cell: str) -> bool:
        return row._csv_bool(row._value(cell))

    def ref(cell: str) -> int | None:
        return row._csv_int(row._value(cell), 1, 10**9)

    def name(cell: str) -> str | None:
        text = csv_unsafe(cell) if cell[:1] == "'" else cell
        if len(text) > MAX_NAME_CHARS:
            raise row._Refused
        return text.strip() or None

    def read(batch: list[tuple[int, list[str]]]) -> list[InIntake] | None:
        if not batch:
            return []
        lines, column = _columns(batch, index, width)
        try:
            zones = each_distinct(column("zone"), zone)
            utcs, minutes = _moments(column, now)
            amounts = each_distinct(column("amount"), amount)
            units = each_distinct(column("unit"), unit)
            form_cells = column("form")
            forms = each_distinct(
                list(zip(form_cells, units, strict=True)),
                lambda pair: row._choice(
                    row._value(pair[0]),
                    row._forms,
                    Form,
                    Form.CAPSULES if pair[1] is Unit.CAPS else Form.POWDER,
                ),
            )
            created_cells, updated_cells = column("created_utc"), column("updated_utc")
            # Logged at the time it tells, never edited: the same text, read once.
            created = utcs if created_cells == column("time_utc") else utc_times(created_cells)
            updated = created if updated_cells == created_cells else utc_times(updated_cells)
            notes = [csv_unsafe(n) if n[:1] == "'" else n for n in column("notes")]
            if notes and max(map(len, notes)) > MAX_NOTE_CHARS:
                raise row._Refused
            names = each_distinct(column("product"), name)
            estimates = each_distinct(column("estimate"), estimate)
            refs = each_distinct(column("product_ref"), ref)
        except row._Refused:
            return None
        ats = list(map(Moment, utcs, zones, minutes))
        wheres = list(map(Where, repeat(file), lines))
        return list(
            map(
                InIntake,
                ats,
                amounts,
                units,
                forms,
                repeat(None),
                estimates,
                repeat(False),
                notes,
                created,
                updated,
                refs,
                names,
                repeat(True),
                wheres,
            )
        )

    return read


#: Severity words as exports write them beside the number (`records.symptom` reads either).
_SEVERITY_WORDS = {s.word: int(s) for s in Severity}


def csv_symptom_batches(
    index: dict[str, int], ctx: Context, file: str
) -> Callable[[list[tuple[int, list[str]]]], list[tuple[SymptomEntry, Stamp, Where]] | None]:
    """A reader of batches of symptom rating rows, as `records.symptom` reads them one by one; or None."""
    width = max(index.values(), default=-1) + 1
    has_zone = "zone" in index
    now, default_zone = ctx.now, ctx.zone

    def zone(cell: str) -> str:
        return row._zone(csv_unsafe(cell) if has_zone else None, default_zone)

    def key(cell: str) -> str:
        text = csv_unsafe(cell)
        if len(text) > MAX_KEY_CHARS or not text.strip():
            raise row._Refused
        return text.strip()

    def severity(cell: str) -> Severity:
        text = csv_unsafe(cell).strip()
        if text.lower() in _SEVERITY_WORDS:
            return Severity(_SEVERITY_WORDS[text.lower()])
        found = row._csv_int(text or None, 0, 4)
        if found is None:
            raise row._Refused
        return Severity(found)

    def area(cell: str) -> str:
        text = csv_unsafe(cell)
        if len(text) > MAX_KEY_CHARS:
            raise row._Refused
        return text

    def read(batch: list[tuple[int, list[str]]]) -> list[tuple[SymptomEntry, Stamp, Where]] | None:
        if not batch:
            return []
        lines, column = _columns(batch, index, width)
        try:
            zones = each_distinct(column("zone"), zone)
            utcs, minutes = _moments(column, now)
            keys = each_distinct(column("symptom"), key)
            severities = each_distinct(column("severity"), severity)
            areas = each_distinct(column("body_area"), area)
            notes = [csv_unsafe(n) if n[:1] == "'" else n for n in column("notes")]
            if max(map(len, notes)) > MAX_NOTE_CHARS:
                raise row._Refused
            created_cells, updated_cells = column("created_utc"), column("updated_utc")
            created = utcs if created_cells == column("time_utc") else utc_times(created_cells)
            updated = created if updated_cells == created_cells else utc_times(updated_cells)
            stamps = list(map(Stamp, created, updated))
        except row._Refused:
            return None
        ats = map(Moment, utcs, zones, minutes)
        entries = map(SymptomEntry, keys, ats, severities, areas, notes)
        return list(zip(entries, stamps, map(Where, repeat(file), lines), strict=True))

    return read
