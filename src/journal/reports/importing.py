"""Import into the journal: this app's JSON and CSV exports, and PsychonautWiki Journal's JSON export.

Three steps, so nothing is written before a person has seen what will happen:

1. `read_import_file` reads and validates the whole file (capped in size) into
   domain values. Any problem raises ImportFileError naming the file, line,
   column and field, and nothing has been changed.
2. `plan_import` compares those values with the journal: what is new, what is
   already there (the same entry: skipped), and what conflicts (the same entry
   with different content: reported, never overwritten). The plan's
   `summary_lines` are the preview.
3. `apply_import` writes everything new in one transaction, after checking
   under the write lock that the journal has not changed since the preview.

Matching ("identity") rules, documented in docs/export-format.md:
products by name (ignoring case); intakes by UTC time, amount, unit and product
name; symptom ratings by UTC time, symptom and body area; pain check-ins by
UTC time; breaks by their UTC start; custom symptom types by key.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from journal.domain.amounts import format_amount, parse_amount, to_mg
from journal.domain.batch import NewEntries
from journal.domain.entities import (
    MAX_NOTE_CHARS,
    Break,
    Citation,
    Finding,
    Form,
    Intake,
    Level,
    PainCheckin,
    Product,
    Settings,
    Severity,
    Stamp,
    SymptomEntry,
    SymptomType,
    Unit,
    leaf_amount,
)
from journal.domain.errors import InvalidInput
from journal.domain.times import FUTURE_TOLERANCE, Fold, Moment, get_zone, resolve_local
from journal.reports.export import (
    CSV_FILES,
    CSV_FORMAT_FILE,
    FORMAT,
    VERSION,
    csv_unsafe,
    describe_counts,
)

if TYPE_CHECKING:
    from journal.service.journal import Journal

#: The most of a file that is read: a ten-year journal exports to a few megabytes.
MAX_FILE_BYTES = 40 * 1024 * 1024
MAX_NAME_CHARS = 200
MAX_KEY_CHARS = 64
MAX_OFFSET_MIN = 18 * 60
EARLIEST_YEAR = 1900
#: A single intake above this is a typo, not a dose (journal.service.IMPOSSIBLE_AMOUNT).
IMPOSSIBLE_AMOUNT = Decimal(10_000)
PSYCHONAUTWIKI = "PsychonautWiki Journal export"
KRATOM = "kratom"

_EXAMPLE_TIME = "2026-03-10T12:00:00Z"
_KIND_ORDER = ("products", "symptom_types", "intakes", "symptoms", "pain_checkins", "breaks", "settings")


class ImportFileError(ValueError):
    """A file that cannot be imported; says where (file, line, column, field) and what is wrong."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        line: int | None = None,
        column: int | None = None,
        field: str = "",
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        super().__init__(self.text())

    def text(self) -> str:
        place = ", ".join(
            part
            for part in (
                f"line {self.line}" if self.line is not None else "",
                f"column {self.column}" if self.column is not None else "",
            )
            if part
        )
        if self.field:
            place = f"{place} ({self.field})" if place else self.field
        head = ": ".join(p for p in (self.file, place) if p)
        return f"{head}: {self.message}" if head else self.message

    def __str__(self) -> str:
        return self.text()


def _show(value: Any, limit: int = 40) -> str:
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{text}”"


# -- where a value came from ---------------------------------------------------------------------


Steps = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Where:
    """The place of an entry in the file: a CSV line, or a JSON path (its line found on demand)."""

    file: str
    line: int | None = None
    steps: Steps = ()
    locate: Callable[[Steps], tuple[int, int] | None] | None = field(default=None, compare=False, repr=False)

    @property
    def path(self) -> str:
        return path_text(self.steps)

    def text(self) -> str:
        if self.line is not None:
            return f"{self.file} line {self.line}"
        return f"{self.file} {self.path}".strip()

    def error(self, message: str, field_name: str = "") -> ImportFileError:
        """An error at this entry, or at one of its fields ("amount", "findings[0].level")."""
        if self.line is not None or self.locate is None:
            return ImportFileError(message, file=self.file, line=self.line, field=field_name or self.path)
        steps = (*self.steps, *_steps(field_name))
        found = self.locate(steps) or self.locate(self.steps)
        line, column = found if found is not None else (None, None)
        return ImportFileError(message, file=self.file, line=line, column=column, field=path_text(steps))


def path_text(steps: Steps) -> str:
    """("intakes", 3, "amount") -> "intakes[3].amount"."""
    out = ""
    for step in steps:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _steps(text: str) -> Steps:
    """The inverse of path_text."""
    return tuple(name if name else int(index) for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text))


class _Fields:
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
            raise self.fail(name, f"must be text, not {_show(value)}.")
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
                raise self.fail(name, f"{_show(value)} is not a whole number.")
            value = int(text)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, f"must be a whole number, not {_show(value)}.")
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
        raise self.fail(name, f"must be true or false, not {_show(value)}.")

    def choice(self, name: str, enum: type[_E], default: _E, aliases: dict[str, _E] | None = None) -> _E:
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
        raise self.fail(name, f"{_show(value)} is not one of {options}.")

    def amount(self, name: str, what: str = "amount") -> Decimal | None:
        """A positive amount with at most three decimals, exactly ("1,5" accepted where unambiguous)."""
        value = self._value(name)
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.fail(name, f"must be a number, not {_show(value)}.")
        if isinstance(value, int | Decimal):
            value = format(value, "f")
        if not isinstance(value, str):
            raise self.fail(name, f'must be a number written as text, such as "2.5", not {_show(value)}.')
        text = value.strip()
        if self.textual and re.fullmatch(r"\d{1,3}[.,]\d{3}", text) and text[-4] != self.decimal_sep:
            raise self.fail(
                name,
                f"{_show(text)} could mean {text[:-4]}.{text[-3:]} or {text[:-4]}{text[-3:]}: "
                "write the number without a thousands separator.",
            )
        try:
            return parse_amount(text, decimal_sep=self.decimal_sep, field=name)
        except InvalidInput as err:
            message = err.message if f"“{text}”" in err.message else f"{_show(text)}: {err.message}"
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
            raise self.fail(name, f'{_show(value)} is not a gram figure such as "4.5".')
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
            raise self.fail(name, f"{_show(self.raw(name))} is out of range.") from None

    def _iso(self, name: str) -> datetime | None:
        value = self._value(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(name, f"must be a time written like {_EXAMPLE_TIME}, not {_show(value)}.")
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError as err:
            reason = str(err)
            why = "" if reason.startswith("Invalid isoformat") else f" ({reason})"
            raise self.fail(
                name, f"{_show(value)} is not a real date and time{why}; write it like {_EXAMPLE_TIME}."
            ) from None

    def day(self, name: str) -> date | None:
        value = self._value(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(name, f"must be a date such as 2026-03-20, not {_show(value)}.")
        try:
            return date.fromisoformat(value.strip())
        except ValueError as err:
            raise self.fail(
                name, f"{_show(value)} is not a real date ({err}); write it like 2026-03-20."
            ) from None

    def zone(self, name: str, default: str) -> str:
        zone = self.text(name, MAX_KEY_CHARS).strip() or default
        try:
            get_zone(zone)
        except InvalidInput as err:
            raise self.fail(name, err.message) from None
        return zone

    def stamp(self, now: datetime) -> Stamp:
        created = self.time("created_utc") or now
        updated = self.time("updated_utc") or created
        return Stamp(created, updated)


_E = TypeVar("_E", bound=StrEnum)


class _JsonFields(_Fields):
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


# -- reading files ----------------------------------------------------------------------------------


@dataclass(slots=True)
class InProduct:
    product: Product
    ref: int | None
    stamp: Stamp
    deleted: datetime | None
    where: Where


@dataclass(slots=True)
class InIntake:
    intake: Intake
    product_ref: int | None
    product_name: str | None
    #: Leaf amount and findings are worked out on import (CSV, PsychonautWiki), not kept.
    derive: bool
    where: Where


@dataclass(slots=True)
class Incoming:
    """A validated file: everything in it as domain values, not yet compared with the journal."""

    source: str
    file: str
    settings: dict[str, Any] | None = None
    settings_where: Where | None = None
    products: list[InProduct] = field(default_factory=list)
    symptom_types: list[tuple[SymptomType, Stamp, Where]] = field(default_factory=list)
    intakes: list[InIntake] = field(default_factory=list)
    symptoms: list[tuple[SymptomEntry, Stamp, Where]] = field(default_factory=list)
    pain: list[tuple[PainCheckin, Stamp, Where]] = field(default_factory=list)
    breaks: list[tuple[Break, Stamp, Where]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Context:
    file: str
    zone: str
    now: datetime


def read_import_file(path: Path, *, zone: str, now: datetime) -> Incoming:
    """Read and validate a file (or a folder of CSV files) completely; raises ImportFileError."""
    name = path.name
    if path.is_dir():
        return _read_csv_folder(path, _Context(name, zone, now))
    data = read_capped(path)
    ctx = _Context(name, zone, now)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _read_zip(data, ctx)
    text = decode_text(data, name)
    start = text.lstrip()
    if not start:
        raise ImportFileError("the file is empty.", file=name)
    if start[0] in "{[":
        return _read_json(text, ctx)
    return _read_single_csv(text, ctx)


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing (before reading it all) one larger than `limit`."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise ImportFileError("there is no such file.", file=str(path)) from None
    except OSError as err:
        raise ImportFileError(f"cannot be read: {err.strerror or err}.", file=str(path)) from None
    if len(data) > limit:
        raise ImportFileError(
            f"the file is larger than {limit // (1024 * 1024)} MB, more than any journal export; "
            "it was not read.",
            file=path.name,
        )
    return data


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text, with or without a byte order mark; anything else is refused with its place."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError("the file is UTF-16 text; save it as UTF-8 and import it again.", file=name)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        line_start = data.rfind(b"\n", 0, err.start) + 1
        column = len(data[line_start : err.start].decode("utf-8", errors="replace")) + 1
        raise ImportFileError(
            f"byte 0x{data[err.start]:02X} is not UTF-8 text: the file was probably saved in another "
            "encoding (such as Latin-1 or Windows-1252). Save it as UTF-8 (in a spreadsheet: "
            "“CSV UTF-8”) and import it again.",
            file=name,
            line=line,
            column=column,
        ) from None


# -- JSON ----------------------------------------------------------------------------------------------


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


_WS = re.compile(r"[ \t\n\r]*")


def locate_json(text: str, path: Sequence[str | int]) -> int | None:
    """The offset in `text` of the value at `path` (keys and indexes), or None.

    Only used to name the line of a problem, so it skips whole values with the
    standard decoder instead of building a position map of the whole file.
    """
    decoder = json.JSONDecoder()
    try:
        pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
        for step in path:
            opening = text[pos]
            if opening == "{" and isinstance(step, str):
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                while text[pos] != "}":
                    key, pos = scanstring(text, pos + 1)
                    pos = _WS.match(text, pos).end() + 1  # type: ignore[union-attr]  # the colon
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if key == step:
                        break
                    _, pos = decoder.raw_decode(text, pos)
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if text[pos] == ",":
                        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                else:
                    return None
            elif opening == "[" and isinstance(step, int):
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                for _ in range(step):
                    if text[pos] == "]":
                        return None
                    _, pos = decoder.raw_decode(text, pos)
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if text[pos] == ",":
                        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                if text[pos] == "]":
                    return None
            else:
                return None
        return pos
    except (IndexError, ValueError):
        return None


def line_column(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


@dataclass(frozen=True, slots=True)
class _JsonSource:
    text: str
    file: str

    def where(self, path: Steps) -> Where:
        return Where(self.file, None, path, self.locate)

    def locate(self, path: Steps) -> tuple[int, int] | None:
        pos = locate_json(self.text, path)
        return None if pos is None else line_column(self.text, pos)

    def fields(self, obj: Any, path: tuple[str | int, ...]) -> _JsonFields:
        where = self.where(path)
        if not isinstance(obj, dict):
            raise where.error(f"must be an object ({{...}}), not {_show(obj)}.")
        return _JsonFields(obj, where)

    def items(self, doc: dict[str, Any], key: str, path: tuple[str | int, ...] = ()) -> Iterator[_JsonFields]:
        values = doc.get(key)
        if values is None:
            return
        if not isinstance(values, list):
            raise self.where((*path, key)).error(f"must be a list ([...]), not {_show(values)}.")
        for n, obj in enumerate(values):
            yield self.fields(obj, (*path, key, n))


def _read_json(text: str, ctx: _Context) -> Incoming:
    try:
        doc = json.loads(text, parse_float=Decimal, parse_constant=_no_constants)
    except json.JSONDecodeError as err:
        cut = err.pos >= len(text.rstrip()) or err.msg.startswith("Unterminated string")
        why = (
            "the file ends in the middle of the data: it was probably cut off while being saved or copied"
            if cut
            else f"this is not valid JSON ({err.msg})"
        )
        raise ImportFileError(f"{why}.", file=ctx.file, line=err.lineno, column=err.colno) from None
    except ValueError as err:
        raise ImportFileError(f"this is not valid JSON ({err}).", file=ctx.file) from None
    except RecursionError:
        raise ImportFileError(
            "the JSON is nested too deeply to be a journal export.", file=ctx.file
        ) from None
    src = _JsonSource(text, ctx.file)
    if isinstance(doc, dict) and doc.get("format") == FORMAT:
        return _read_our_json(doc, src, ctx)
    if isinstance(doc, dict) and "experiences" in doc:
        return _read_psychonautwiki(doc, src, ctx)
    raise ImportFileError(
        f'this JSON is not a journal export: it has neither "format": "{FORMAT}" '
        'nor the "experiences" of a PsychonautWiki Journal export.',
        file=ctx.file,
        line=1,
    )


def _read_our_json(doc: dict[str, Any], src: _JsonSource, ctx: _Context) -> Incoming:
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise src.where(("version",)).error(
            f"the format version must be a whole number, not {_show(version)}."
        )
    if version > VERSION:
        raise src.where(("version",)).error(
            f"this file has format version {version}, written by a newer version of the journal; "
            f"this one reads up to version {VERSION}. Update the app to import it."
        )
    inc = Incoming(f"journal JSON export (format version {version})", ctx.file)
    settings = doc.get("settings")
    if settings is not None:
        fields_ = src.fields(settings, ("settings",))
        inc.settings, unknown = _settings(fields_, settings.keys())
        inc.settings_where = fields_.where
        if unknown:
            inc.notes.append(f"Ignored unknown settings: {', '.join(sorted(unknown))}.")
    inc.products = [_product(f, ctx) for f in src.items(doc, "products")]
    inc.symptom_types = [_symptom_type(f, ctx) for f in src.items(doc, "symptom_types")]
    inc.intakes = [_intake(f, ctx, keep=f.has("findings")) for f in src.items(doc, "intakes")]
    inc.symptoms = [_symptom(f, ctx) for f in src.items(doc, "symptoms")]
    inc.pain = [_pain(f, ctx) for f in src.items(doc, "pain_checkins")]
    inc.breaks = [_break(f, ctx) for f in src.items(doc, "breaks")]
    return inc


# -- the records, shared by JSON and CSV ------------------------------------------------------------


def _moment(
    f: _Fields,
    ctx: _Context,
    zone: str,
    utc_name: str = "time_utc",
    local_name: str = "time_local",
    offset_name: str = "offset_minutes",
    *,
    check_future: bool = True,
) -> Moment | None:
    """A moment from its UTC time, or its local time with an offset or the zone; both must agree."""
    utc = f.time(utc_name)
    local = f._iso(local_name)
    offset = f.integer(offset_name, -MAX_OFFSET_MIN, MAX_OFFSET_MIN)
    if local is not None and local.tzinfo is not None:
        local_offset = local.utcoffset() or timedelta(0)
        minutes = int(local_offset.total_seconds() // 60)
        if offset is not None and offset != minutes:
            raise f.fail(offset_name, f"{offset} disagrees with the offset of {local_name} ({minutes}).")
        offset = minutes
        local = local.replace(tzinfo=None)
    if utc is None:
        if local is None:
            return None
        if offset is None:
            try:
                found = resolve_local(local, zone, Fold.ASK)
            except InvalidInput as err:
                raise f.fail(local_name, err.message) from None
            utc, offset = found.utc, found.offset_min
        else:
            utc = (local - timedelta(minutes=offset)).replace(tzinfo=UTC)
    if offset is None:
        offset = Moment.from_utc(utc, zone).offset_min
    moment = Moment(utc, zone, offset)
    if local is not None and moment.local != local:
        raise f.fail(
            local_name,
            f"{_show(f.raw(local_name))} disagrees with {utc_name} {_show(f.raw(utc_name))} "
            f"at offset {offset} minutes; correct one of them.",
        )
    name = utc_name if f.raw(utc_name) not in (None, "") else local_name
    if utc.year < EARLIEST_YEAR:
        raise f.fail(name, f"{_show(f.raw(name))} is before {EARLIEST_YEAR}: not a plausible date.")
    if check_future and utc - ctx.now > FUTURE_TOLERANCE:
        raise f.fail(name, f"{_show(f.raw(name))} is in the future; the journal records what happened.")
    return moment


def _required_moment(f: _Fields, ctx: _Context, zone: str, what: str, utc_name: str = "time_utc") -> Moment:
    local_name = "start_local" if utc_name == "start_utc" else "time_local"
    at = _moment(f, ctx, zone, utc_name, local_name)
    if at is None:
        raise f.fail(utc_name, f"{what} needs its time: {utc_name} (or {local_name}).")
    return at


def _invalid(f: _Fields, err: InvalidInput) -> ImportFileError:
    """A domain refusal (Product, PainCheckin, Settings) at the field it names."""
    return f.fail(err.field, err.message)


def _product(f: _Fields, ctx: _Context) -> InProduct:
    name = f.required_text("name", what="The product name")
    try:
        product = Product(
            name=name,
            vendor=f.text("vendor"),
            strain=f.text("strain"),
            usual_form=f.choice("usual_form", Form, Form.POWDER),
            capsule_g=f.amount("capsule_g"),
            leaf_factor=f.amount("leaf_factor"),
            batch=f.text("batch"),
            purity_tested=f.boolean("purity_tested"),
            notes=f.note("notes"),
            archived=f.boolean("archived"),
        )
    except InvalidInput as err:
        raise _invalid(f, err) from None
    return InProduct(
        product,
        f.integer("ref", 1, 10**9),
        f.stamp(ctx.now),
        f.time("deleted_utc"),
        f.where,
    )


_UNIT_WORDS = {"gram": Unit.G, "grams": Unit.G, "cap": Unit.CAPS, "capsule": Unit.CAPS, "capsules": Unit.CAPS}


def _intake(f: _Fields, ctx: _Context, *, keep: bool) -> InIntake:
    zone = f.zone("zone", ctx.zone)
    at = _required_moment(f, ctx, zone, "An intake")
    amount = f.amount("amount")
    if amount is None:
        raise f.fail("amount", "An intake needs its amount.")
    unit = f.choice("unit", Unit, Unit.G, _UNIT_WORDS)
    if amount > IMPOSSIBLE_AMOUNT:
        raise f.fail("amount", f"{amount:f} {unit.value} cannot be one intake. Check the amount.")
    form = f.choice("form", Form, Form.CAPSULES if unit is Unit.CAPS else Form.POWDER)
    findings: tuple[Finding, ...] = ()
    leaf_mg: int | None = None
    leaf_estimated = False
    if keep:
        leaf_mg = f.grams("leaf_g")
        leaf_estimated = f.boolean("leaf_estimated")
        findings = _findings(f)
    stamp = f.stamp(ctx.now)
    intake = Intake(
        at,
        amount,
        unit,
        form,
        leaf_mg,
        None,
        f.boolean("estimate"),
        leaf_estimated,
        f.note("notes"),
        findings,
        None,
        stamp.created,
        stamp.updated,
    )
    name = f.text("product").strip() if f.textual else ""
    return InIntake(intake, f.integer("product_ref", 1, 10**9), name or None, not keep, f.where)


def _findings(f: _Fields) -> tuple[Finding, ...]:
    assert isinstance(f, _JsonFields)
    values = f.raw("findings")
    if not isinstance(values, list):
        raise f.fail("findings", f"must be a list of findings, not {_show(values)}.")
    levels = {level.word: level for level in Level}
    out = []
    for n, value in enumerate(values):
        path = f"findings[{n}]"
        if not isinstance(value, dict):
            raise f.fail(path, "must be an object.")
        item = _JsonFields(value, f.where)

        def sub(name: str, _path: str = path) -> str:
            return f"{_path}.{name}"

        level = item.raw("level")
        if level not in levels:
            raise f.fail(sub("level"), f"must be one of {', '.join(levels)}, not {_show(level)}.")
        texts = {}
        for key in ("rule_id", "message", "basis"):
            text = item.raw(key)
            if not isinstance(text, str) or len(text) > MAX_NOTE_CHARS:
                raise f.fail(sub(key), "must be text.")
            texts[key] = text
        citations = item.raw("citations") or []
        if not isinstance(citations, list):
            raise f.fail(sub("citations"), "must be a list.")
        cites = []
        for c, cite in enumerate(citations):
            parts = [cite.get(k) if isinstance(cite, dict) else None for k in ("file", "section", "quote")]
            texts_ = [p for p in parts if isinstance(p, str) and len(p) <= MAX_NOTE_CHARS]
            if len(texts_) != 3:
                raise f.fail(sub(f"citations[{c}]"), "a citation needs file, section and quote as text.")
            cites.append(Citation(*texts_))
        total = item.raw("total_g")
        total_mg = None
        if total is not None:
            if not isinstance(total, str) or not re.fullmatch(r"\d{1,9}(?:\.\d{1,3})?", total):
                raise f.fail(sub("total_g"), f'{_show(total)} is not a gram figure such as "4.5".')
            total_mg = to_mg(Decimal(total))
        estimate = item.raw("estimate")
        if not isinstance(estimate, bool | None):
            raise f.fail(sub("estimate"), "must be true or false.")
        out.append(
            Finding(
                levels[level],
                texts["rule_id"],
                texts["message"],
                texts["basis"],
                tuple(cites),
                total_mg,
                bool(estimate),
            )
        )
    return tuple(out)


def _symptom_type(f: _Fields, ctx: _Context) -> tuple[SymptomType, Stamp, Where]:
    key = f.required_text("key", MAX_KEY_CHARS, "The symptom key").strip()
    label = f.required_text("label", what="The symptom label")
    category = f.required_text("category", MAX_KEY_CHARS, "The category").strip()
    areas_raw = f.raw("body_areas")
    areas: list[Any]
    if areas_raw is None or (f.textual and not str(areas_raw).strip()):
        areas = []
    elif isinstance(areas_raw, list):
        areas = areas_raw
    elif f.textual and isinstance(areas_raw, str):
        text = areas_raw.strip()
        if text.startswith("["):
            try:
                areas = json.loads(text)
            except ValueError:
                raise f.fail("body_areas", f'{_show(text)} is not a list such as ["scalp"].') from None
        else:
            areas = [a.strip() for a in text.split(",") if a.strip()]
    else:
        raise f.fail("body_areas", f"must be a list of body areas, not {_show(areas_raw)}.")
    if not isinstance(areas, list) or not all(isinstance(a, str) and len(a) <= MAX_KEY_CHARS for a in areas):
        raise f.fail("body_areas", "must be a list of body areas as text.")
    stype = SymptomType(
        key,
        label,
        category,
        tuple(areas),
        f.boolean("red_flag"),
        f.optional_text("source", MAX_KEY_CHARS),
        f.boolean("builtin"),
    )
    return stype, f.stamp(ctx.now), f.where


_SEVERITY_WORDS = {s.word: int(s) for s in Severity}


def _symptom(f: _Fields, ctx: _Context) -> tuple[SymptomEntry, Stamp, Where]:
    zone = f.zone("zone", ctx.zone)
    at = _required_moment(f, ctx, zone, "A symptom rating")
    key = f.required_text("symptom", MAX_KEY_CHARS, "The symptom").strip()
    raw = f.raw("severity")
    if isinstance(raw, str) and raw.strip().lower() in _SEVERITY_WORDS:
        severity: int | None = _SEVERITY_WORDS[raw.strip().lower()]
    else:
        severity = f.integer("severity", 0, 4)
    if severity is None:
        raise f.fail("severity", "A symptom rating needs its severity, 0 (none) to 4 (extreme).")
    entry = SymptomEntry(key, at, Severity(severity), f.text("body_area", MAX_KEY_CHARS), f.note("notes"))
    return entry, f.stamp(ctx.now), f.where


def _pain(f: _Fields, ctx: _Context) -> tuple[PainCheckin, Stamp, Where]:
    zone = f.zone("zone", ctx.zone)
    at = _required_moment(f, ctx, zone, "A pain check-in")
    pain_now = f.integer("pain_now", 0, 10)
    if pain_now is None:
        raise f.fail("pain_now", "A pain check-in needs pain now, 0 to 10.")
    peg: tuple[int, int, int] | None = None
    if f.textual:
        items = [f.integer(n, 0, 10) for n in ("peg_pain", "peg_enjoyment", "peg_activity")]
        if any(i is not None for i in items):
            if any(i is None for i in items):
                raise f.fail("peg_pain", "The PEG scale needs all three items (pain, enjoyment, activity).")
            peg = (items[0] or 0, items[1] or 0, items[2] or 0)
    else:
        raw = f.raw("peg")
        if raw is not None:
            ok = isinstance(raw, list) and len(raw) == 3
            ok = ok and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10 for v in raw)
            if not ok:
                raise f.fail("peg", f"must be three whole numbers from 0 to 10, not {_show(raw)}.")
            peg = (raw[0], raw[1], raw[2])
    try:
        checkin = PainCheckin(at, pain_now, peg, f.integer("mood", 0, 10), f.note("notes"))
    except InvalidInput as err:
        raise _invalid(f, err) from None
    return checkin, f.stamp(ctx.now), f.where


def _break(f: _Fields, ctx: _Context) -> tuple[Break, Stamp, Where]:
    zone = f.zone("zone", ctx.zone)
    start = _required_moment(f, ctx, zone, "A break", "start_utc")
    end = _moment(f, ctx, zone, "end_utc", "end_local", "end_offset_minutes")
    if end is not None and end.utc < start.utc:
        raise f.fail("end_utc", "A break cannot end before it started.")
    brk = Break(start, f.day("planned_end"), end, f.note("reason"), f.note("outcome"))
    return brk, f.stamp(ctx.now), f.where


_SETTING_KINDS: dict[str, str] = {
    "day_start_hour": "int",
    "personal_intake_limit_g": "grams",
    "personal_daily_limit_g": "grams",
    "max_use_days_in_row": "int",
    "theme": "text",
    "welcomed": "bool",
    "starting_since": "day",
}


def _settings(f: _Fields, names: Iterable[str]) -> tuple[dict[str, Any], set[str]]:
    """The settings a file gives (validated together), and the names this app does not know."""
    known = {fl.name for fl in fields(Settings)}
    defaults = asdict(Settings())
    values: dict[str, Any] = {}
    unknown = set()
    for name in names:
        kind = _SETTING_KINDS.get(name)
        if name not in known or kind is None:
            unknown.add(name)
            continue
        if kind == "int":
            value: Any = f.integer(name, -(10**6), 10**6)
        elif kind == "grams":
            value = f.amount(name)
        elif kind == "bool":
            value = f.boolean(name, defaults[name])
        elif kind == "day":
            value = f.day(name)
        else:
            value = f.text(name, MAX_KEY_CHARS) or None
        values[name] = defaults[name] if value is None and defaults[name] is not None else value
    try:
        Settings(**values)
    except InvalidInput as err:
        raise _invalid(f, err) from None
    return values, unknown


# -- CSV ------------------------------------------------------------------------------------------------

_CSV_KINDS = {name: kind for kind, name in CSV_FILES.items()}
#: The columns a CSV file of each kind must have (one of each group).
_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "products": (("name",),),
    "symptom_types": (("key",), ("label",), ("category",)),
    "intakes": (("time_utc", "time_local"), ("amount",)),
    "symptoms": (("time_utc", "time_local"), ("symptom",), ("severity",)),
    "pain_checkins": (("time_utc", "time_local"), ("pain_now",)),
    "breaks": (("start_utc", "start_local"),),
    "settings": (("setting",), ("value",)),
}


class _CsvFields(_Fields):
    textual = True

    def __init__(self, table: _CsvTable, line: int, cells: list[str]) -> None:
        self.table = table
        self.cells = cells
        self.where = Where(table.file, line)
        self.decimal_sep = table.decimal_sep

    def raw(self, name: str) -> Any:
        index = self.table.index.get(name)
        if index is None:
            return None
        return csv_unsafe(self.cells[index])

    def has(self, name: str) -> bool:
        return name in self.table.index

    def fail(self, name: str, message: str) -> ImportFileError:
        index = self.table.index.get(name)
        column = None if index is None else index + 1
        return ImportFileError(message, file=self.table.file, line=self.where.line, column=column, field=name)


@dataclass(slots=True)
class _CsvTable:
    file: str
    kind: str
    header: list[str]
    index: dict[str, int]
    rows: list[tuple[int, list[str]]]
    delimiter: str

    @property
    def decimal_sep(self) -> str:
        return "," if self.delimiter == ";" else "."

    def records(self) -> Iterator[_CsvFields]:
        for line, cells in self.rows:
            yield _CsvFields(self, line, cells)


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _parse_csv(text: str, file: str, kind: str | None) -> _CsvTable:
    first = text.split("\n", 1)[0]
    delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    try:
        line = 1
        for cells in reader:
            if not header:
                header = [c.strip().lower() for c in cells]
                if header and header[0].startswith("\ufeff"):
                    header[0] = header[0][1:]
            elif any(c.strip() for c in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as err:
        raise ImportFileError(f"the CSV cannot be read: {err}.", file=file, line=reader.line_num) from None
    if not header or not any(header):
        raise ImportFileError("the CSV file has no header line.", file=file, line=1)
    seen: set[str] = set()
    for n, name in enumerate(header, 1):
        if name and name in seen:
            raise ImportFileError(f"the column {name} appears twice.", file=file, line=1, column=n)
        seen.add(name)
    if kind is None:
        kind = _guess_kind(header, file)
    missing = [" or ".join(group) for group in _REQUIRED[kind] if not any(g in seen for g in group)]
    if missing:
        hint = ""
        if len(header) == 1 and delimiter == ",":
            hint = " (is the file separated by something other than commas or semicolons?)"
        raise ImportFileError(
            f"{CSV_FILES[kind]} needs the column(s) {', '.join(missing)}; the header has "
            f"{', '.join(h for h in header if h) or 'none'}{hint}.",
            file=file,
            line=1,
        )
    width = len(header)
    for line, cells in rows:
        if len(cells) != width:
            extra = ""
            if len(cells) > width and delimiter == ",":
                extra = (
                    ": a value such as 1,5 needs quotes in a comma-separated file, or save the file "
                    "separated by semicolons"
                )
            raise ImportFileError(
                f"this row has {len(cells)} cells but the header has {width}{extra}.", file=file, line=line
            )
    index = {name: n for n, name in enumerate(header) if name}
    return _CsvTable(file, kind, header, index, rows, delimiter)


def _guess_kind(header: list[str], file: str) -> str:
    columns = set(header)
    for kind in ("intakes", "symptoms", "pain_checkins", "breaks", "symptom_types", "settings", "products"):
        if all(any(g in columns for g in group) for group in _REQUIRED[kind]):
            return kind
    raise ImportFileError(
        "cannot tell what this CSV file holds: its columns match none of the journal's CSV files "
        f"({', '.join(CSV_FILES.values())}).",
        file=file,
        line=1,
    )


def _kind_for(name: str) -> str | None:
    lower = Path(name).name.lower()
    if lower in _CSV_KINDS:
        return _CSV_KINDS[lower]
    stem = Path(lower).stem
    return stem if stem in CSV_FILES else None


def _read_single_csv(text: str, ctx: _Context) -> Incoming:
    table = _parse_csv(text, ctx.file, _kind_for(ctx.file))
    return _from_tables({table.kind: table}, ctx, "journal CSV file")


def _read_zip(data: bytes, ctx: _Context) -> Incoming:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise ImportFileError(
            f"this is not a readable zip archive ({err}); it may have been cut off.", file=ctx.file
        ) from None
    tables: dict[str, _CsvTable] = {}
    ignored: list[str] = []
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        for info in members:
            base = Path(info.filename).name
            if base.lower() == CSV_FORMAT_FILE:
                note = _zip_member(archive, info, ctx)
                _check_csv_version(decode_text(note, f"{ctx.file}/{base}"), f"{ctx.file}/{base}")
                continue
            kind = _CSV_KINDS.get(base.lower())
            if kind is None:
                ignored.append(base)
                continue
            label = f"{ctx.file}/{base}"
            if kind in tables:
                raise ImportFileError(f"the archive holds {base} twice.", file=ctx.file)
            text = decode_text(_zip_member(archive, info, ctx), label)
            tables[kind] = _parse_csv(text, label, kind)
    if not tables:
        raise ImportFileError(
            f"the zip archive holds none of the journal's CSV files ({', '.join(CSV_FILES.values())}).",
            file=ctx.file,
        )
    inc = _from_tables(tables, ctx, "journal CSV export (zip)")
    if ignored:
        inc.notes.append(f"Ignored files in the archive: {', '.join(sorted(ignored))}.")
    return inc


def _zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: _Context) -> bytes:
    if info.file_size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{info.filename} unpacks to more than {MAX_FILE_BYTES // (1024 * 1024)} MB; it was not read.",
            file=ctx.file,
        )
    try:
        with archive.open(info) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as err:
        raise ImportFileError(f"{info.filename} cannot be unpacked ({err}).", file=ctx.file) from None
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(f"{info.filename} unpacks to too much data; it was not read.", file=ctx.file)
    return data


def _check_csv_version(note: str, file: str) -> None:
    found = re.search(r"format version (\d+)", note)
    if found and int(found[1]) > VERSION:
        raise ImportFileError(
            f"these CSV files have format version {found[1]}, written by a newer version of the journal; "
            f"this one reads up to version {VERSION}. Update the app to import them.",
            file=file,
            line=1,
        )


def _read_csv_folder(folder: Path, ctx: _Context) -> Incoming:
    tables: dict[str, _CsvTable] = {}
    for kind, name in CSV_FILES.items():
        path = folder / name
        if path.is_file():
            label = f"{ctx.file}/{name}"
            tables[kind] = _parse_csv(decode_text(read_capped(path), label), label, kind)
    note = folder / CSV_FORMAT_FILE
    if note.is_file():
        _check_csv_version(decode_text(read_capped(note), CSV_FORMAT_FILE), f"{ctx.file}/{CSV_FORMAT_FILE}")
    if not tables:
        raise ImportFileError(
            f"the folder holds none of the journal's CSV files ({', '.join(CSV_FILES.values())}).",
            file=ctx.file,
        )
    return _from_tables(tables, ctx, "journal CSV files (folder)")


def _from_tables(tables: dict[str, _CsvTable], ctx: _Context, source: str) -> Incoming:
    inc = Incoming(source, ctx.file)
    if "settings" in tables:
        inc.settings, unknown = _csv_settings(tables["settings"])
        inc.settings_where = Where(tables["settings"].file)
        if unknown:
            inc.notes.append(f"Ignored unknown settings: {', '.join(sorted(unknown))}.")
    if "products" in tables:
        inc.products = [_product(f, ctx) for f in tables["products"].records()]
    if "symptom_types" in tables:
        inc.symptom_types = [_symptom_type(f, ctx) for f in tables["symptom_types"].records()]
    if "intakes" in tables:
        inc.intakes = [_intake(f, ctx, keep=False) for f in tables["intakes"].records()]
    if "symptoms" in tables:
        inc.symptoms = [_symptom(f, ctx) for f in tables["symptoms"].records()]
    if "pain_checkins" in tables:
        inc.pain = [_pain(f, ctx) for f in tables["pain_checkins"].records()]
    if "breaks" in tables:
        inc.breaks = [_break(f, ctx) for f in tables["breaks"].records()]
    return inc


class _CsvSettings(_Fields):
    """settings.csv: one setting per row; errors name the row of the setting."""

    textual = True

    def __init__(self, table: _CsvTable) -> None:
        self.table = table
        self.where = Where(table.file)
        self.decimal_sep = table.decimal_sep
        self.values: dict[str, tuple[int, str]] = {}
        for line, cells in table.rows:
            name = csv_unsafe(cells[table.index["setting"]]).strip()
            if name in self.values:
                raise ImportFileError(f"the setting {name} appears twice.", file=table.file, line=line)
            self.values[name] = (line, csv_unsafe(cells[table.index["value"]]))

    def raw(self, name: str) -> Any:
        found = self.values.get(name)
        return None if found is None else found[1]

    def has(self, name: str) -> bool:
        return name in self.values

    def fail(self, name: str, message: str) -> ImportFileError:
        line = self.values.get(name, (None, ""))[0]
        column = self.table.index["value"] + 1
        return ImportFileError(message, file=self.table.file, line=line, column=column, field=name)


def _csv_settings(table: _CsvTable) -> tuple[dict[str, Any], set[str]]:
    f = _CsvSettings(table)
    return _settings(f, f.values.keys())


# -- PsychonautWiki Journal -------------------------------------------------------------------------------
#
# Its Android app exports {"experiences": [...], "substanceCompanions": [...],
# "customSubstances": [...], "customUnits": [...]} (kotlinx.serialization,
# app/src/main/java/com/isaakhanimann/journal/ui/tabs/settings/JournalExport.kt).
# An ingestion has substanceName, time (epoch milliseconds), creationDate, dose
# (a double, or absent for an unknown dose), units, isDoseAnEstimate, notes,
# administrationRoute, consumerName (someone else took it) and customUnitId (the
# dose counts custom units, each `dose` `originalUnit` of the substance).

_GRAMS_PER = {
    "g": Decimal(1),
    "gram": Decimal(1),
    "grams": Decimal(1),
    "mg": Decimal("0.001"),
    "milligram": Decimal("0.001"),
    "milligrams": Decimal("0.001"),
}
_MG = Decimal("0.001")


def _epoch_ms(f: _Fields, name: str) -> datetime | None:
    value = f.raw(name)
    if value is None:
        return None
    if isinstance(value, str):
        return f.time(name)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise f.fail(name, f"must be a time in milliseconds since 1970, not {_show(value)}.")
    try:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(value))
    except OverflowError:
        raise f.fail(name, f"{_show(value)} is not a real time (out of range).") from None


def _read_psychonautwiki(doc: dict[str, Any], src: _JsonSource, ctx: _Context) -> Incoming:
    inc = Incoming(PSYCHONAUTWIKI, ctx.file)
    units: dict[int, _JsonFields] = {}
    for unit in src.items(doc, "customUnits"):
        ident = unit.raw("id")
        if isinstance(ident, int) and not isinstance(ident, bool):
            units[ident] = unit
    others: Counter[str] = Counter()
    unconvertible: Counter[str] = Counter()
    someone_else = rounded = 0
    for exp in src.items(doc, "experiences"):
        for ing in src.items(exp.obj, "ingestions", exp.steps):
            name = ing.required_text("substanceName", MAX_NAME_CHARS, "The substance name").strip()
            if name.casefold() != KRATOM:
                others[name] += 1
                continue
            consumer = ing.raw("consumerName")
            if isinstance(consumer, str) and consumer.strip():
                someone_else += 1
                continue
            utc = _epoch_ms(ing, "time")
            if utc is None:
                raise ing.fail("time", "An ingestion needs its time.")
            if utc.year < EARLIEST_YEAR:
                raise ing.fail("time", f"{_show(ing.raw('time'))} is before {EARLIEST_YEAR}.")
            if utc - ctx.now > FUTURE_TOLERANCE:
                raise ing.fail("time", f"{_show(ing.raw('time'))} is in the future.")
            dose = _pw_number(ing, "dose")
            unit_name = ing.optional_text("units", MAX_KEY_CHARS)
            estimate = ing.boolean("isDoseAnEstimate")
            custom_id = ing.raw("customUnitId")
            if custom_id is not None:
                custom = units.get(custom_id) if isinstance(custom_id, int) else None
                if custom is None:
                    unconvertible["an unknown custom unit"] += 1
                    continue
                per = _pw_number(custom, "dose")
                unit_name = custom.optional_text("originalUnit", MAX_KEY_CHARS)
                estimate = estimate or custom.boolean("isEstimate")
                if dose is not None and per is not None:
                    dose *= per
                else:
                    dose = None
            if dose is None:
                unconvertible["an unknown dose"] += 1
                continue
            factor = _GRAMS_PER.get((unit_name or "").strip().lower())
            if factor is None:
                unconvertible[f"“{unit_name}”" if unit_name else "no unit"] += 1
                continue
            grams = dose * factor
            exact = grams.quantize(_MG, rounding=ROUND_HALF_EVEN)
            if exact <= 0:
                unconvertible["a dose of less than 1 mg"] += 1
                continue
            if exact != grams:
                rounded += 1
            if exact > IMPOSSIBLE_AMOUNT:
                raise ing.fail("dose", f"{format_amount(exact)} g cannot be one intake.")
            created = _epoch_ms(ing, "creationDate")
            intake = Intake(
                Moment.from_utc(utc, ctx.zone),
                Decimal(format(exact.normalize(), "f")),
                Unit.G,
                Form.POWDER,
                None,
                estimate=estimate,
                notes=ing.note("notes"),
                created=created or ctx.now,
                updated=ctx.now,
            )
            inc.intakes.append(InIntake(intake, None, None, True, ing.where))
    if others:
        total = sum(others.values())
        listed = ", ".join(
            f"{name} ({n})" for name, n in sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        inc.notes.append(
            f"Skipped {total:,} ingestion{'s' if total != 1 else ''} of {len(others)} other "
            f"substance{'s' if len(others) != 1 else ''}: {listed}."
        )
    if unconvertible:
        total = sum(unconvertible.values())
        listed = ", ".join(f"{n} with {why}" for why, n in unconvertible.most_common())
        inc.notes.append(
            f"Skipped {total:,} kratom ingestion{'s' if total != 1 else ''} whose amount cannot be "
            f"converted to grams: {listed}."
        )
    if someone_else:
        inc.notes.append(
            f"Skipped {someone_else:,} kratom ingestion{'s' if someone_else != 1 else ''} "
            "logged for someone else."
        )
    if rounded:
        inc.notes.append(f"Rounded {rounded:,} amount{'s' if rounded != 1 else ''} to the milligram.")
    if inc.intakes:
        inc.notes.append(
            f"Kratom ingestions become leaf-powder intakes in grams, at their times in {ctx.zone} "
            "(the export records instants, not zones)."
        )
    return inc


def _pw_number(f: _Fields, name: str) -> Decimal | None:
    value = f.raw(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise f.fail(name, f"must be a number, not {_show(value)}.")
    decimal = Decimal(value)
    if not decimal.is_finite() or decimal < 0:
        raise f.fail(name, f"{_show(value)} is not an amount.")
    return decimal


# -- comparing with the journal -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Conflict:
    """An entry in the file that is already in the journal with different content; left as it is."""

    kind: str
    what: str
    differences: tuple[str, ...]
    where: str

    def text(self) -> str:
        return f"{self.what} ({self.where}): {'; '.join(self.differences)}"


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What importing a file would do: the preview, and the entries to write."""

    path: Path
    source: str
    incoming: Incoming
    new: NewEntries
    added: dict[str, int]
    already: dict[str, int]
    conflicts: tuple[Conflict, ...]
    notes: tuple[str, ...]
    added_items: tuple[str, ...]

    @property
    def has_changes(self) -> bool:
        return bool(self.new)

    @property
    def added_total(self) -> int:
        return sum(n for kind, n in self.added.items() if kind != "settings")

    def key(self) -> tuple[Any, ...]:
        return (tuple(self.added.items()), tuple(self.already.items()), self.conflicts)

    def summary_lines(self, limit: int = 20) -> list[str]:
        lines = [f"{self.path.name}: {self.source}."]
        lines.append(
            f"Will add: {describe_counts(self.added)}." if self.has_changes else "Nothing new to add."
        )
        if any(self.already.values()):
            lines.append(f"Already in the journal (skipped): {describe_counts(self.already)}.")
        if self.conflicts:
            n = len(self.conflicts)
            lines.append(
                f"{n:,} conflict{'s' if n != 1 else ''}: in the journal with different content; "
                "the journal's version is kept, nothing is overwritten:"
            )
            lines.extend(f"  - {c.text()}" for c in self.conflicts[:limit])
            if n > limit:
                lines.append(f"  … and {n - limit:,} more.")
        lines.extend(self.notes)
        return lines


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote."""

    plan: ImportPlan
    #: The backup taken just before anything was written (None when nothing was new).
    backup: Path | None = None

    @property
    def added(self) -> dict[str, int]:
        return self.plan.added

    def summary(self) -> str:
        plan = self.plan
        text = f"Imported {describe_counts(plan.added)} from {plan.path.name}."
        if self.backup is not None:
            text += f" The journal was backed up first ({self.backup.name})."
        if any(plan.already.values()):
            text += f" Already in the journal: {describe_counts(plan.already)}."
        if plan.conflicts:
            n = len(plan.conflicts)
            text += f" {n:,} conflict{'s' if n != 1 else ''} left as in the journal."
        return text


def preview_import(journal: Journal, path: Path) -> ImportPlan:
    """Read and validate `path`, and compare it with the journal; writes nothing."""
    return plan_import(journal, read_import_file(path, zone=journal.zone, now=journal.clock()), path)


def apply_import(journal: Journal, plan: ImportPlan) -> ImportResult:
    """Write what `plan` adds, in one transaction.

    The journal is backed up first. The comparison is made again under the
    journal's write lock; if the journal changed since the preview, nothing is
    written and ImportFileError says so.
    """
    saved = journal.backups.take("before-import").path if plan.new else None
    done: list[ImportPlan] = []

    def decide() -> NewEntries:
        fresh = plan_import(journal, plan.incoming, plan.path)
        if fresh.key() != plan.key():
            raise ImportFileError(
                "the journal changed since the preview; nothing was imported. Preview the import again.",
                file=plan.path.name,
            )
        done.append(fresh)
        return fresh.new

    journal.transfer.add_entries(decide)
    (fresh,) = done
    return ImportResult(fresh, saved)


def import_file(journal: Journal, path: Path) -> ImportResult:
    """Preview and apply in one go (for scripts and tests)."""
    return apply_import(journal, preview_import(journal, path))


_T = TypeVar("_T")
_K = TypeVar("_K")


def _pair(
    existing: Iterable[_T],
    incoming: Iterable[_K],
    key_e: Callable[[_T], Any],
    key_i: Callable[[_K], Any],
    same: Callable[[_T, _K], bool],
) -> Iterator[tuple[_K, _T | None, bool]]:
    """Each incoming item with its match in the journal (or None) and whether the content is the same.

    Matching is by identity key, as a multiset: an entry that occurs twice in
    the file and once in the journal is added once. Within a key, items with
    the same content pair up first.
    """
    pool: dict[Any, list[_T]] = defaultdict(list)
    for item in existing:
        pool[key_e(item)].append(item)
    groups: dict[Any, list[_K]] = defaultdict(list)
    for inc in incoming:
        groups[key_i(inc)].append(inc)
    for key, items in groups.items():
        candidates = pool.get(key, [])
        leftover: list[_K] = []
        for inc in items:
            match = next((c for c in candidates if same(c, inc)), None)
            if match is not None:
                candidates.remove(match)
                yield inc, match, True
            else:
                leftover.append(inc)
        for inc in leftover:
            yield inc, (candidates.pop(0) if candidates else None), False


def _differences(pairs: Iterable[tuple[str, Any, Any]]) -> tuple[str, ...]:
    return tuple(
        f"{label}: {_plain(here)} in the journal, {_plain(there)} in the file"
        for label, here, there in pairs
        if here != there
    )


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return _show(value)


def _when(at: Moment) -> str:
    return f"{at.local:%Y-%m-%d %H:%M} ({at.zone})"


def _fold(name: str | None) -> str | None:
    return None if name is None else name.strip().casefold()


def plan_import(journal: Journal, incoming: Incoming, path: Path) -> ImportPlan:
    """Compare a validated file with the journal; raises ImportFileError for references it cannot resolve."""
    return _Planner(journal, incoming).plan(path)


class _Planner:
    """One comparison of a file with the journal, kind by kind (products before the intakes using them)."""

    def __init__(self, journal: Journal, incoming: Incoming) -> None:
        self.journal = journal
        self.entries = journal.entries
        self.incoming = incoming
        self.now = journal.clock()
        self.added: Counter[str] = Counter()
        self.already: Counter[str] = Counter()
        self.conflicts: list[Conflict] = []
        self.items: list[str] = []
        self.types = {t.key: t for t in self.entries.symptom_types()}
        live: list[tuple[Product, datetime | None]] = [
            (p, None) for p in journal.products.all(include_archived=True)
        ]
        self.existing_products = live + list(journal.transfer.deleted_products_in_use())
        self.products: dict[int, Product] = {p.id: p for p, _ in self.existing_products if p.id is not None}
        self.by_ref: dict[int, int] = {}
        self.by_name: dict[str, int] = {}
        self.new_products: list[tuple[Product, Stamp, datetime | None]] = []

    def plan(self, path: Path) -> ImportPlan:
        current = self.journal.settings
        new_settings = self._settings(current)
        new_types = self._symptom_types()
        self._products()
        new_intakes = self._intakes()
        new_symptoms = self._symptoms()
        new_pain = self._pain()
        existing_breaks = self.entries.breaks()
        new_breaks = self._breaks(existing_breaks)
        intakes = _derive(new_intakes, self.products)
        order = {kind: n for n, kind in enumerate(_KIND_ORDER)}
        return ImportPlan(
            path=path,
            source=self.incoming.source,
            incoming=self.incoming,
            new=NewEntries(
                products=self.new_products,
                symptom_types=new_types,
                intakes=intakes,
                symptoms=new_symptoms,
                pain=new_pain,
                breaks=new_breaks,
                settings=new_settings,
            ),
            added=dict(sorted(self.added.items(), key=lambda kv: order[kv[0]])),
            already=dict(sorted(self.already.items(), key=lambda kv: order[kv[0]])),
            conflicts=tuple(self.conflicts),
            notes=tuple(self.incoming.notes),
            added_items=tuple(self.items),
        )

    def _add(self, kind: str, item: str) -> None:
        self.added[kind] += 1
        self.items.append(item)

    def _conflict(
        self, kind: str, what: str, where: Where | str, diff: Sequence[tuple[str, Any, Any]]
    ) -> None:
        text = where if isinstance(where, str) else where.text()
        self.conflicts.append(Conflict(kind, what, _differences(diff), text))

    def _settings(self, current: Settings) -> Settings | None:
        """A setting the journal still has at its default takes the file's value; others conflict."""
        if not self.incoming.settings:
            return None
        default, values = Settings(), asdict(current)
        where = self.incoming.settings_where or self.incoming.file
        for name, value in self.incoming.settings.items():
            here = getattr(current, name)
            if value == here or value == getattr(default, name):
                continue
            if here == getattr(default, name):
                values[name] = value
                self._add("settings", f"setting {name}: {_plain(value)}")
            else:
                self._conflict("settings", f"setting {name}", where, [("value", here, value)])
        return Settings(**values) if values != asdict(current) else None

    def _symptom_types(self) -> list[tuple[SymptomType, Stamp]]:
        """Built-in types by key; custom ones by key, compared."""
        new: list[tuple[SymptomType, Stamp]] = []
        for stype, stamp, where in self.incoming.symptom_types:
            have = self.types.get(stype.key)
            if have is None:
                self.types[stype.key] = stype
                new.append((stype, stamp))
                self._add("symptom_types", f"symptom type {stype.label} ({stype.key})")
                continue
            if stype.builtin or have.builtin:
                continue
            diff = [
                ("label", have.label, stype.label),
                ("category", have.category, stype.category),
                ("body areas", ", ".join(have.body_areas), ", ".join(stype.body_areas)),
                ("red flag", have.red_flag, stype.red_flag),
                ("source", have.source, stype.source),
            ]
            if any(a != b for _, a, b in diff):
                self._conflict("symptom_types", f"symptom type {stype.key}", where, diff)
            else:
                self.already["symptom_types"] += 1
        return new

    def _products(self) -> None:
        """Products by name, ignoring case; what intakes refer to, by number or by name."""

        def content(p: Product, deleted: datetime | None) -> tuple[Any, ...]:
            return (*asdict(replace(p, id=None, name=p.name.strip())).values(), deleted is not None)

        for inp, match, same in _pair(
            self.existing_products,
            self.incoming.products,
            lambda e: _fold(e[0].name),
            lambda i: _fold(i.product.name),
            lambda e, i: content(*e) == content(i.product, i.deleted),
        ):
            if match is None:
                ident = self._new_product(inp.product, inp.stamp, inp.deleted)
            else:
                have, deleted = match
                assert have.id is not None
                ident = have.id
                if same:
                    self.already["products"] += 1
                else:
                    p = inp.product
                    self._conflict(
                        "products",
                        f"product {p.name.strip()}",
                        inp.where,
                        [
                            ("name", have.name, p.name.strip()),
                            ("vendor", have.vendor, p.vendor),
                            ("strain", have.strain, p.strain),
                            ("usual form", have.usual_form.value, p.usual_form.value),
                            ("grams per capsule", have.capsule_g, p.capsule_g),
                            ("leaf factor", have.leaf_factor, p.leaf_factor),
                            ("batch", have.batch, p.batch),
                            ("purity tested", have.purity_tested, p.purity_tested),
                            ("notes", have.notes, p.notes),
                            ("archived", have.archived, p.archived),
                            ("deleted", deleted is not None, inp.deleted is not None),
                        ],
                    )
            if inp.ref is not None:
                if inp.ref in self.by_ref:
                    raise inp.where.error(f"the product number {inp.ref} is used twice.", "ref")
                self.by_ref[inp.ref] = ident
            self.by_name.setdefault(_fold(inp.product.name) or "", ident)
        # A product named only by name (a CSV without products.csv): the file's first, else
        # the journal's, preferring one in use over an archived or deleted one.
        for p, _deleted in sorted(self.existing_products, key=lambda e: (e[1] is not None, e[0].archived)):
            if p.id is not None:
                self.by_name.setdefault(_fold(p.name) or "", p.id)

    def _new_product(self, product: Product, stamp: Stamp, deleted: datetime | None) -> int:
        placeholder = -(len(self.new_products) + 1)
        product = replace(product, id=placeholder)
        self.new_products.append((product, stamp, deleted))
        self.products[placeholder] = product
        self._add("products", f"product {product.name.strip()}")
        return placeholder

    def _product_for(self, inc: InIntake) -> int | None:
        if inc.product_ref is not None and (self.by_ref or inc.product_name is None):
            if inc.product_ref not in self.by_ref:
                raise inc.where.error(
                    f"refers to product number {inc.product_ref}, which the file does not have.",
                    "product_ref",
                )
            return self.by_ref[inc.product_ref]
        if inc.product_name is None or not inc.product_name.strip():
            return None
        key = _fold(inc.product_name) or ""
        if key not in self.by_name:
            product = Product(inc.product_name.strip(), usual_form=inc.intake.form)
            self.by_name[key] = self._new_product(product, Stamp(self.now, self.now), None)
        return self.by_name[key]

    def _product_name(self, pid: int | None) -> str | None:
        return None if pid is None else _fold(self.products[pid].name)

    def _intakes(self) -> list[tuple[Intake, InIntake]]:
        """Intakes by UTC time, amount, unit and product name."""
        resolved = [(inc, self._product_for(inc)) for inc in self.incoming.intakes]
        new: list[tuple[Intake, InIntake]] = []
        for (inc, pid), have, same in _pair(
            self.entries.intakes(),
            resolved,
            lambda i: (i.at.utc, i.amount, i.unit, self._product_name(i.product_id)),
            lambda r: (r[0].intake.at.utc, r[0].intake.amount, r[0].intake.unit, self._product_name(r[1])),
            lambda i, r: _intake_content(i) == _intake_content(r[0].intake),
        ):
            intake = inc.intake
            label = f"intake {_when(intake.at)}, {format_amount(intake.amount)} {intake.unit.value}"
            if pid is not None:
                label += f" {self.products[pid].name.strip()}"
            if have is None:
                new.append((replace(intake, product_id=pid), inc))
                self._add("intakes", label)
            elif same:
                self.already["intakes"] += 1
            else:
                self._conflict(
                    "intakes",
                    label,
                    inc.where,
                    [
                        ("form", have.form.value, intake.form.value),
                        ("estimate", have.estimate, intake.estimate),
                        ("notes", have.notes, intake.notes),
                        ("zone", have.at.zone, intake.at.zone),
                        ("UTC offset (minutes)", have.at.offset_min, intake.at.offset_min),
                    ],
                )
        return new

    def _symptoms(self) -> list[tuple[SymptomEntry, Stamp]]:
        """Symptom ratings by UTC time, symptom and body area."""
        new: list[tuple[SymptomEntry, Stamp]] = []
        for (entry, stamp, where), have, same in _pair(
            self.entries.symptoms(),
            self.incoming.symptoms,
            lambda e: (e.at.utc, e.type_key, e.body_area),
            lambda s: (s[0].at.utc, s[0].type_key, s[0].body_area),
            lambda e, s: _symptom_content(e) == _symptom_content(s[0]),
        ):
            if entry.type_key not in self.types:
                raise where.error(
                    f"unknown symptom {_show(entry.type_key)}: it is neither in the journal's catalogue "
                    "nor among the file's symptom types.",
                    "symptom",
                )
            label = f"symptom {self.types[entry.type_key].label} {_when(entry.at)}"
            if have is None:
                new.append((entry, stamp))
                self._add("symptoms", f"{label}: {entry.severity.word}")
            elif same:
                self.already["symptoms"] += 1
            else:
                self._conflict(
                    "symptoms",
                    label,
                    where,
                    [
                        ("severity", have.severity.word, entry.severity.word),
                        ("notes", have.notes, entry.notes),
                        ("zone", have.at.zone, entry.at.zone),
                        ("UTC offset (minutes)", have.at.offset_min, entry.at.offset_min),
                    ],
                )
        return new

    def _pain(self) -> list[tuple[PainCheckin, Stamp]]:
        """Pain check-ins by UTC time."""
        new: list[tuple[PainCheckin, Stamp]] = []
        for (checkin, stamp, where), have, same in _pair(
            self.entries.pain(),
            self.incoming.pain,
            lambda c: c.at.utc,
            lambda p: p[0].at.utc,
            lambda c, p: _pain_content(c) == _pain_content(p[0]),
        ):
            label = f"pain check-in {_when(checkin.at)}"
            if have is None:
                new.append((checkin, stamp))
                self._add("pain_checkins", f"{label}: pain {checkin.pain_now}/10")
            elif same:
                self.already["pain_checkins"] += 1
            else:
                self._conflict(
                    "pain_checkins",
                    label,
                    where,
                    [
                        ("pain now", have.pain_now, checkin.pain_now),
                        ("PEG", have.peg, checkin.peg),
                        ("mood", have.mood, checkin.mood),
                        ("notes", have.notes, checkin.notes),
                        ("zone", have.at.zone, checkin.at.zone),
                        ("UTC offset (minutes)", have.at.offset_min, checkin.at.offset_min),
                    ],
                )
        return new

    def _breaks(self, existing: list[Break]) -> list[tuple[Break, Stamp]]:
        """Breaks by their UTC start; at most one may be running."""
        running = any(b.running for b in existing)
        new: list[tuple[Break, Stamp]] = []
        for (brk, stamp, where), have, same in _pair(
            existing,
            self.incoming.breaks,
            lambda b: b.start.utc,
            lambda b: b[0].start.utc,
            lambda b, i: _break_content(b) == _break_content(i[0]),
        ):
            label = f"break from {_when(brk.start)}"
            if have is None:
                if brk.running and running:
                    self._conflict("breaks", label, where, [("running", "another break", "this one")])
                    continue
                running = running or brk.running
                new.append((brk, stamp))
                self._add("breaks", label)
            elif same:
                self.already["breaks"] += 1
            else:
                self._conflict(
                    "breaks",
                    label,
                    where,
                    [
                        ("planned end", have.planned_end, brk.planned_end),
                        (
                            "end",
                            have.actual_end.utc if have.actual_end else None,
                            brk.actual_end.utc if brk.actual_end else None,
                        ),
                        ("reason", have.reason, brk.reason),
                        ("outcome", have.outcome, brk.outcome),
                        ("zone", have.start.zone, brk.start.zone),
                        ("UTC offset (minutes)", have.start.offset_min, brk.start.offset_min),
                    ],
                )
        return new


def _intake_content(i: Intake) -> tuple[Any, ...]:
    return (i.form, i.estimate, i.notes, i.at.zone, i.at.offset_min)


def _symptom_content(e: SymptomEntry) -> tuple[Any, ...]:
    return (e.severity, e.notes, e.at.zone, e.at.offset_min)


def _pain_content(c: PainCheckin) -> tuple[Any, ...]:
    return (c.pain_now, c.peg, c.mood, c.notes, c.at.zone, c.at.offset_min)


def _break_content(b: Break) -> tuple[Any, ...]:
    end = b.actual_end
    return (
        b.planned_end,
        None if end is None else (end.utc, end.offset_min),
        b.reason,
        b.outcome,
        b.start.zone,
        b.start.offset_min,
    )


def _derive(new: Sequence[tuple[Intake, InIntake]], products: dict[int, Product]) -> list[Intake]:
    """Leaf amounts for intakes from CSV and PsychonautWiki files, as the app works them out.

    Findings are not taken from any file: writing the import works out those of
    every intake it reaches with this journal's rules (`storage.findings`).
    """
    out: list[Intake] = []
    for intake, inc in new:
        if inc.derive:
            product = products.get(intake.product_id) if intake.product_id is not None else None
            leaf = leaf_amount(intake.amount, intake.unit, intake.form, product)
            intake = replace(intake, leaf_mg=leaf.mg, leaf_estimated=leaf.estimate)
        out.append(intake)
    return out
