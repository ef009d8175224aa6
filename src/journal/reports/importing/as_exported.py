"""Entries as an export of this app writes them, read by a quick path that the careful one backs.

Validating an entry through `Fields` explains any problem precisely, but costs
tens of microseconds an entry, most of it in generic checks that a well-formed
export passes every time. These functions accept exactly what the careful
path accepts for the values exports write (ISO times with their offsets,
amounts as text, known words), with the repeated values (zones, amounts,
units) checked once and remembered, and return None for anything else: the
careful path then reads the entry again and either accepts it or says what is
wrong. They never refuse an entry themselves, so every message stays the
careful path's (a test holds the two paths to the same results).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from journal.domain.amounts import parse_amount, to_mg
from journal.domain.entities import MAX_NOTE_CHARS, Form, Unit
from journal.domain.errors import InvalidInput
from journal.domain.times import FUTURE_TOLERANCE, Moment, get_zone
from journal.reports.export import csv_unsafe
from journal.reports.importing.errors import Where
from journal.reports.importing.incoming import InIntake
from journal.reports.importing.reading import (
    EARLIEST_YEAR,
    MAX_KEY_CHARS,
    MAX_NAME_CHARS,
    MAX_OFFSET_MIN,
    Context,
)

#: A single intake above this is a typo, not a dose (journal.service.IMPOSSIBLE_AMOUNT).
IMPOSSIBLE_AMOUNT = Decimal(10_000)
UNIT_WORDS = {"gram": Unit.G, "grams": Unit.G, "cap": Unit.CAPS, "capsule": Unit.CAPS, "capsules": Unit.CAPS}
_GRAMS = re.compile(r"\d{1,9}(?:\.\d{1,3})?")
_INTEGER = re.compile(r"[+-]?\d{1,12}")
_TRUE = frozenset(("true", "yes", "y", "1"))
_FALSE = frozenset(("false", "no", "n", "0"))
_LOW_YEAR = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)

#: Values checked once: zones known to exist, amounts and words as they were written.
_zones: set[str] = set()
_amounts: dict[tuple[str, str, bool], Decimal | None] = {}
_AMBIGUOUS = re.compile(r"\d{1,3}[.,]\d{3}")
_units: dict[str, Unit | None] = {}
_forms: dict[str, Form | None] = {}
_grams: dict[str, int | None] = {}


class _Refused(Exception):
    """The quick path does not take this value; the careful path reads the entry."""


def each_distinct(values: Sequence[Any], read: Callable[[Any], Any]) -> list[Any]:
    """`read` of every value, called once per distinct value (raising _Refused for one it does not take)."""
    memo = {value: read(value) for value in set(values)}
    return list(map(memo.__getitem__, values))


def utc_times(values: Sequence[Any]) -> list[datetime]:
    """The UTC times of ISO texts that are all in UTC ("…Z" or "…+00:00"); _Refused for any other."""
    try:
        times = list(map(datetime.fromisoformat, values))
    except (ValueError, TypeError):
        raise _Refused from None
    if {t.tzinfo for t in times} != {UTC}:
        raise _Refused  # without an offset, or at another one: the one-entry reader converts it
    return times


def _zone(value: Any, default: str) -> str:
    if value is None:
        return default
    if value.__class__ is not str or len(value) > MAX_KEY_CHARS:
        raise _Refused
    zone = value.strip() or default
    if zone not in _zones:
        try:
            get_zone(zone)
        except InvalidInput:
            raise _Refused from None
        _zones.add(zone)
    return zone


def _time(value: Any) -> datetime | None:
    """An ISO time (UTC when it has no offset), or None for no value."""
    if value is None:
        return None
    if value.__class__ is not str:
        raise _Refused
    try:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = datetime.fromisoformat(value.strip())
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise _Refused from None


def _offset(value: Any) -> int | None:
    if value is None:
        return None
    if value.__class__ is not int or not -MAX_OFFSET_MIN <= value <= MAX_OFFSET_MIN:
        raise _Refused
    return int(value)


def _moment(utc_value: Any, local_value: Any, offset: int | None, zone: str, ctx: Context) -> Moment:
    """The moment of an entry with its UTC time (and maybe its local time and offset), all agreeing."""
    utc = _time(utc_value)
    if utc is None:
        raise _Refused  # only a local time: the careful path works out which instant it was
    local = None
    agrees = True
    if local_value is not None:
        if local_value.__class__ is not str:
            raise _Refused
        try:
            local = datetime.fromisoformat(local_value.strip())
        except ValueError:
            raise _Refused from None
        if local.tzinfo is not None:
            stated = local.utcoffset()
            minutes = int(stated.total_seconds() // 60) if stated is not None else 0
            if offset is not None and offset != minutes:
                raise _Refused
            offset = minutes
            # At its own offset, the local time shows the UTC time's instant or it disagrees.
            agrees = local == utc
            local = None
    if offset is None:
        offset = Moment.from_utc(utc, zone).offset_min
    at = Moment(utc, zone, offset)
    if not agrees or (local is not None and at.local != local):
        raise _Refused
    if utc < _LOW_YEAR or utc - ctx.now > FUTURE_TOLERANCE:
        raise _Refused
    return at


def _amount(value: Any, decimal_sep: str, textual: bool) -> Decimal:
    if value.__class__ is not str:
        if textual or value is None or isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise _Refused
        value = format(value, "f")
    key = (value, decimal_sep, textual)
    found = _amounts.get(key, False)
    if found is False:
        text = value.strip()
        found = None
        # A CSV amount such as "1,500" could be either: the careful path explains.
        if not (textual and _AMBIGUOUS.fullmatch(text) and text[-4] != decimal_sep):
            try:
                found = parse_amount(text, decimal_sep=decimal_sep)
            except InvalidInput:
                found = None
        if found is not None and found > IMPOSSIBLE_AMOUNT:
            found = None
        _amounts[key] = found
    if found is None:
        raise _Refused
    return found  # type: ignore[return-value]


def _choice(value: Any, table: dict[str, Any], make: Callable[[str], Any], default: Any) -> Any:
    if value is None:
        return default
    if value.__class__ is not str:
        raise _Refused
    found = table.get(value, False)
    if found is False:
        word = value.strip().lower()
        try:
            found = UNIT_WORDS.get(word) or make(word) if make is Unit else make(word)
        except ValueError:
            found = None
        table[value] = found
    if found is None:
        raise _Refused
    return found


def _bool(value: Any) -> bool:
    if value is None:
        return False
    if value.__class__ is not bool:
        raise _Refused
    return bool(value)


def _leaf(value: Any) -> int | None:
    if value is None:
        return None
    if value.__class__ is not str:
        raise _Refused
    found = _grams.get(value, False)
    if found is False:
        text = value.strip()
        found = to_mg(Decimal(text)) if _GRAMS.fullmatch(text) else None
        _grams[value] = found
    if found is None:
        raise _Refused
    return int(found)


def _ref(value: Any) -> int | None:
    if value is None:
        return None
    if value.__class__ is not int or not 1 <= value <= 10**9:
        raise _Refused
    return int(value)


def _notes(value: Any) -> str:
    if value is None:
        return ""
    if value.__class__ is not str or len(value) > MAX_NOTE_CHARS:
        raise _Refused
    return str(value)


def json_intake(
    obj: dict[str, Any], ctx: Context, keep: bool, where: Where, findings_ok: Callable[[Any], bool]
) -> InIntake | None:
    """An intake of this app's JSON, or None for the careful path (`records.intake`)."""
    get = obj.get
    try:
        zone = _zone(get("zone"), ctx.zone)
        at = _moment(get("time_utc"), get("time_local"), _offset(get("offset_minutes")), zone, ctx)
        amount = _amount(get("amount"), ".", False)
        unit = _choice(get("unit"), _units, Unit, Unit.G)
        form = _choice(get("form"), _forms, Form, Form.CAPSULES if unit is Unit.CAPS else Form.POWDER)
        leaf_mg = None
        leaf_estimated = False
        if keep:
            leaf_mg = _leaf(get("leaf_g"))
            leaf_estimated = _bool(get("leaf_estimated"))
            if not findings_ok(get("findings")):
                return None
        created = _time(get("created_utc")) or ctx.now
        updated = _time(get("updated_utc")) or created
        return InIntake(
            at,
            amount,
            unit,
            form,
            leaf_mg,
            _bool(get("estimate")),
            leaf_estimated,
            _notes(get("notes")),
            created,
            updated,
            _ref(get("product_ref")),
            None,
            not keep,
            where,
        )
    except _Refused:
        return None


# -- CSV: every value is text, an empty cell is no value ---------------------------------------------


def _value(cell: str) -> str | None:
    """A cell's value as the careful path reads it: None for a blank cell."""
    if not cell or cell.isspace():
        return None
    return csv_unsafe(cell) if cell[0] == "'" else cell


def _csv_int(value: str | None, low: int, high: int) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if not _INTEGER.fullmatch(text):
        raise _Refused
    number = int(text)
    if not low <= number <= high:
        raise _Refused
    return number


def _csv_bool(value: str | None) -> bool:
    if value is None:
        return False
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise _Refused


#: The columns an intake row may have; a missing one reads as a blank cell.
_INTAKE_COLUMNS = (
    "zone",
    "offset_minutes",
    "time_utc",
    "time_local",
    "amount",
    "unit",
    "form",
    "created_utc",
    "updated_utc",
    "notes",
    "product",
    "estimate",
    "product_ref",
)


def csv_intakes(
    index: dict[str, int], ctx: Context, decimal_sep: str
) -> Callable[[list[str], Where], InIntake | None]:
    """A reader of intake rows with this header: each row's intake, or None for the careful path.

    Column numbers are looked up once; a column the file lacks points at a blank
    cell appended to each row.
    """
    width = max(index.values(), default=-1) + 1
    (
        i_zone,
        i_offset,
        i_utc,
        i_local,
        i_amount,
        i_unit,
        i_form,
        i_created,
        i_updated,
        i_notes,
        i_product,
        i_estimate,
        i_ref,
    ) = (index.get(name, width) for name in _INTAKE_COLUMNS)
    default_zone, now = ctx.zone, ctx.now

    def read(cells: list[str], where: Where) -> InIntake | None:
        cells.append("")
        try:
            zone = _zone(csv_unsafe(cells[i_zone]) if i_zone < width else None, default_zone)
            offset = _csv_int(_value(cells[i_offset]), -MAX_OFFSET_MIN, MAX_OFFSET_MIN)
            at = _moment(_value(cells[i_utc]), _value(cells[i_local]), offset, zone, ctx)
            amount = _amount(_value(cells[i_amount]), decimal_sep, True)
            unit = _choice(_value(cells[i_unit]), _units, Unit, Unit.G)
            form = _choice(
                _value(cells[i_form]), _forms, Form, Form.CAPSULES if unit is Unit.CAPS else Form.POWDER
            )
            created = _time(_value(cells[i_created])) or now
            updated = _time(_value(cells[i_updated])) or created
            notes = cells[i_notes]
            if notes and notes[0] == "'":
                notes = csv_unsafe(notes)
            name = cells[i_product]
            if name and name[0] == "'":
                name = csv_unsafe(name)
            if len(notes) > MAX_NOTE_CHARS or len(name) > MAX_NAME_CHARS:
                return None
            return InIntake(
                at,
                amount,
                unit,
                form,
                None,
                _csv_bool(_value(cells[i_estimate])),
                False,
                notes,
                created,
                updated,
                _csv_int(_value(cells[i_ref]), 1, 10**9),
                name.strip() or None,
                True,
                where,
            )
        except _Refused:
            return None
        finally:
            cells.pop()

    return read


# -- pieces of any record, for the careful path to try first ------------------------------------------


def moment(
    raw: Callable[[str], Any],
    textual: bool,
    ctx: Context,
    zone: str,
    utc_name: str,
    local_name: str,
    offset_name: str,
) -> Moment | None:
    """The moment of a record (JSON or CSV, read through `raw`), or None for the careful path."""
    utc, local, offset = raw(utc_name), raw(local_name), raw(offset_name)
    try:
        if textual:  # `raw` has undone the formula guard already: only blanks are no value
            utc, local = _given(utc), _given(local)
            found = _csv_int(_given(offset), -MAX_OFFSET_MIN, MAX_OFFSET_MIN)
        else:
            found = _offset(offset)
        return _moment(utc, local, found, zone, ctx)
    except _Refused:
        return None


def stamp(raw: Callable[[str], Any], textual: bool, now: datetime) -> tuple[datetime, datetime] | None:
    """A record's created and updated times, or None for the careful path."""
    created, updated = raw("created_utc"), raw("updated_utc")
    try:
        if textual:
            created, updated = _given(created), _given(updated)
        first = _time(created) or now
        return first, _time(updated) or first
    except _Refused:
        return None


def _given(value: str | None) -> str | None:
    return None if value is None or not value or value.isspace() else value
