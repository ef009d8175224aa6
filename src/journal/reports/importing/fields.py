"""Typed access to one record's fields, refusing a bad value with the field's place.

JSON records hold typed values; CSV records hold text (`textual`), parsed here
with the CSV file's decimal separator. This is the careful path that explains
what is wrong; `records.py` tries a quicker one first for the values an export
of this app writes, and falls back here for anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from journal.domain.amounts import parse_amount, to_mg
from journal.domain.entities import MAX_NOTE_CHARS, Stamp
from journal.domain.errors import InvalidInput
from journal.domain.times import get_zone
from journal.reports.importing.as_exported import stamp as quick_stamp
from journal.reports.importing.errors import ImportFileError, Steps, Where, show
from journal.reports.importing.reading import MAX_KEY_CHARS, MAX_NAME_CHARS

EXAMPLE_TIME = "2026-03-10T12:00:00Z"
E = TypeVar("E", bound=StrEnum)


class Fields:
    """Typed access to one record's fields, raising ImportFileError that names the field.

    JSON records hold typed values; CSV records hold text (`textual`), parsed here,
    with the CSV file's decimal separator.
    """

    textual = False
    decimal_sep = "."
    where: Where

    def raw(self, name: str) -> Any:
        raise NotImplementedError

    def has(self, name: str) -> bool:
        raise NotImplementedError

    def fail(self, name: str, message: str) -> ImportFileError:
        raise NotImplementedError

    # plain values

    def _value(self, name: str) -> Any:
        """The value, with empty CSV cells as None."""
        value = self.raw(name)
        if self.textual and isinstance(value, str) and not value.strip():
            return None
        return value

    def text(self, name: str, limit: int = MAX_NAME_CHARS) -> str:
        value = self.raw(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(name, f"must be text, not {show(value)}.")
        if len(value) > limit:
            raise self.fail(name, f"is {len(value):,} characters long; at most {limit:,} are allowed.")
        return value

    def optional_text(self, name: str, limit: int = MAX_NAME_CHARS) -> str | None:
        value = self.text(name, limit)
        return value if value or (not self.textual and self.raw(name) == "") else None

    def note(self, name: str) -> str:
        value = self.raw(name)
        if isinstance(value, str) and len(value) > MAX_NOTE_CHARS:
            raise self.fail(
                name, f"Notes can be up to {MAX_NOTE_CHARS:,} characters; this one has {len(value):,}."
            )
        return self.text(name, MAX_NOTE_CHARS)

    def required_text(self, name: str, limit: int = MAX_NAME_CHARS, what: str = "") -> str:
        value = self.text(name, limit)
        if not value.strip():
            raise self.fail(name, f"{what or name} is missing.")
        return value

    def integer(self, name: str, low: int, high: int) -> int | None:
        value = self._value(name)
        if value is None:
            return None
        if self.textual and isinstance(value, str):
            text = value.strip()
            if not re.fullmatch(r"[+-]?\d{1,12}", text):
                raise self.fail(name, f"{show(value)} is not a whole number.")
            value = int(text)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, f"must be a whole number, not {show(value)}.")
        if not low <= value <= high:
            raise self.fail(name, f"{value} is out of range: it must be from {low} to {high}.")
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self._value(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if self.textual and isinstance(value, str):
            word = value.strip().lower()
            if word in ("true", "yes", "y", "1"):
                return True
            if word in ("false", "no", "n", "0"):
                return False
        raise self.fail(name, f"must be true or false, not {show(value)}.")

    def choice(self, name: str, enum: type[E], default: E, aliases: dict[str, E] | None = None) -> E:
        value = self._value(name)
        if value is None:
            return default
        if isinstance(value, str):
            word = value.strip().lower()
            if aliases and word in aliases:
                return aliases[word]
            try:
                return enum(word)
            except ValueError:
                pass
        options = ", ".join(m.value for m in enum)
        raise self.fail(name, f"{show(value)} is not one of {options}.")

    def amount(self, name: str, what: str = "amount") -> Decimal | None:
        """A positive amount with at most three decimals, exactly ("1,5" accepted where unambiguous)."""
        value = self._value(name)
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.fail(name, f"must be a number, not {show(value)}.")
        if isinstance(value, int | Decimal):
            value = format(value, "f")
        if not isinstance(value, str):
            raise self.fail(name, f'must be a number written as text, such as "2.5", not {show(value)}.')
        text = value.strip()
        if self.textual and re.fullmatch(r"\d{1,3}[.,]\d{3}", text) and text[-4] != self.decimal_sep:
            raise self.fail(
                name,
                f"{show(text)} could mean {text[:-4]}.{text[-3:]} or {text[:-4]}{text[-3:]}: "
                "write the number without a thousands separator.",
            )
        try:
            return parse_amount(text, decimal_sep=self.decimal_sep, field=name)
        except InvalidInput as err:
            message = err.message if f"“{text}”" in err.message else f"{show(text)}: {err.message}"
            raise self.fail(name, message) from None

    def grams(self, name: str) -> int | None:
        """An exact gram figure (zero allowed) as whole milligrams: "4.5" -> 4500."""
        value = self._value(name)
        if value is None:
            return None
        text = (
            format(value, "f") if isinstance(value, int | Decimal) and not isinstance(value, bool) else value
        )
        if not isinstance(text, str) or not re.fullmatch(r"\d{1,9}(?:\.\d{1,3})?", text.strip()):
            raise self.fail(name, f'{show(value)} is not a gram figure such as "4.5".')
        return to_mg(Decimal(text.strip()))

    def time(self, name: str) -> datetime | None:
        """An ISO 8601 time; one without an offset is taken as UTC in a *_utc field."""
        parsed = self._iso(name)
        if parsed is None:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            raise self.fail(name, f"{show(self.raw(name))} is out of range.") from None

    def _iso(self, name: str) -> datetime | None:
        value = self._value(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(name, f"must be a time written like {EXAMPLE_TIME}, not {show(value)}.")
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError as err:
            reason = str(err)
            why = "" if reason.startswith("Invalid isoformat") else f" ({reason})"
            raise self.fail(
                name, f"{show(value)} is not a real date and time{why}; write it like {EXAMPLE_TIME}."
            ) from None

    def day(self, name: str) -> date | None:
        value = self._value(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(name, f"must be a date such as 2026-03-20, not {show(value)}.")
        try:
            return date.fromisoformat(value.strip())
        except ValueError as err:
            raise self.fail(
                name, f"{show(value)} is not a real date ({err}); write it like 2026-03-20."
            ) from None

    def zone(self, name: str, default: str) -> str:
        zone = self.text(name, MAX_KEY_CHARS).strip() or default
        try:
            get_zone(zone)
        except InvalidInput as err:
            raise self.fail(name, err.message) from None
        return zone

    def stamp(self, now: datetime) -> Stamp:
        quick = quick_stamp(self.raw, self.textual, now)
        if quick is not None:
            return Stamp(*quick)
        created = self.time("created_utc") or now
        updated = self.time("updated_utc") or created
        return Stamp(created, updated)


class JsonFields(Fields):
    def __init__(self, obj: dict[str, Any], where: Where) -> None:
        self.obj = obj
        self.where = where
        self.steps = where.steps

    def raw(self, name: str) -> Any:
        return self.obj.get(name)

    def has(self, name: str) -> bool:
        return name in self.obj

    def fail(self, name: str, message: str) -> ImportFileError:
        return self.where.error(message, name)


class CsvRow(Fields):
    """One row of a CSV file: its cells, and the header's column numbers by name."""

    textual = True
    cells: list[str]
    index: dict[str, int]


class JsonSource:
    """A JSON document's file and how to find a path's line in it, for the records read from it."""

    def __init__(self, file: str, locate: Callable[[Steps], tuple[int, int] | None]) -> None:
        self.file = file
        self.locate = locate

    def where(self, steps: Steps) -> Where:
        return Where(self.file, None, steps, self.locate)

    def fields(self, obj: Any, steps: Steps) -> JsonFields:
        if obj.__class__ is not dict:
            raise self.where(steps).error(f"must be an object ({{...}}), not {show(obj)}.")
        return JsonFields(obj, Where(self.file, None, steps, self.locate))

    def items(self, doc: dict[str, Any], key: str, steps: Steps = ()) -> Iterator[JsonFields]:
        """The objects of the list `doc[key]` (none if it is missing)."""
        values = doc.get(key)
        if values is None:
            return
        if not isinstance(values, list):
            raise self.where((*steps, key)).error(f"must be a list ([...]), not {show(values)}.")
        for n, obj in enumerate(values):
            yield self.fields(obj, (*steps, key, n))
