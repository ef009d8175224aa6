"""Export the whole journal: one versioned JSON document, or CSV files in a zip.

Both are described in docs/export-format.md. Amounts are exact decimal strings,
times are UTC ISO 8601 with the zone name and UTC offset they were recorded in,
and created/updated times are kept. Nothing about the user, the computer or
folders goes into a file. A file is written to a temporary name in the target
folder and renamed into place, so a failure never leaves a broken file; the
result is readable by the user alone (0600).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from journal import __version__
from journal.domain.amounts import MG_PER_G
from journal.domain.entities import (
    Break,
    Finding,
    Intake,
    PainCheckin,
    Product,
    Settings,
    Stamp,
    SymptomEntry,
    SymptomType,
)
from journal.domain.times import Moment
from journal.reports.files import PRIVATE_FILE, write_atomically

if TYPE_CHECKING:
    from journal.service.journal import Journal

FORMAT = "kratom-journal"
VERSION = 1
#: The CSV export: one file per kind, in this order, inside one zip archive.
CSV_FILES = {
    "products": "products.csv",
    "symptom_types": "symptom_types.csv",
    "intakes": "intakes.csv",
    "symptoms": "symptoms.csv",
    "pain_checkins": "pain_checkins.csv",
    "breaks": "breaks.csv",
    "settings": "settings.csv",
}
#: A small text file in the zip naming the format and its version.
CSV_FORMAT_FILE = "format.txt"
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark: spreadsheets then read it as UTF-8

_TIME = ("time_utc", "time_local", "zone", "offset_minutes")
_STAMPS = ("created_utc", "updated_utc")
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "products": (
        "ref",
        "name",
        "vendor",
        "strain",
        "usual_form",
        "capsule_g",
        "leaf_factor",
        "batch",
        "purity_tested",
        "archived",
        "deleted_utc",
        "notes",
        *_STAMPS,
    ),
    "symptom_types": (
        "key",
        "label",
        "category",
        "body_areas",
        "red_flag",
        "source",
        "builtin",
        *_STAMPS,
    ),
    "intakes": (
        *_TIME,
        "amount",
        "unit",
        "form",
        "product_ref",
        "product",
        "estimate",
        "leaf_g",
        "leaf_estimated",
        "notes",
        "findings",
        *_STAMPS,
    ),
    "symptoms": (
        *_TIME,
        "symptom",
        "label",
        "severity",
        "severity_word",
        "body_area",
        "notes",
        *_STAMPS,
    ),
    "pain_checkins": (
        *_TIME,
        "pain_now",
        "peg_pain",
        "peg_enjoyment",
        "peg_activity",
        "peg_score",
        "mood",
        "notes",
        *_STAMPS,
    ),
    "breaks": (
        "start_utc",
        "start_local",
        "zone",
        "offset_minutes",
        "planned_end",
        "end_utc",
        "end_local",
        "end_offset_minutes",
        "kept",
        "reason",
        "outcome",
        *_STAMPS,
    ),
    "settings": ("setting", "value"),
}


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"

    @property
    def suffix(self) -> str:
        return ".json" if self is ExportFormat.JSON else ".zip"

    @classmethod
    def for_path(cls, path: Path) -> ExportFormat | None:
        """The format a file name asks for: .json, or .zip/.csv for the CSV files."""
        suffix = path.suffix.lower()
        if suffix == ".json":
            return cls.JSON
        if suffix in (".zip", ".csv"):
            return cls.CSV
        return None


# -- what is exported ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every live entry of a journal with its stamps, as domain values.

    Products used by a live intake but since deleted are kept too (with their
    deleted time), so no intake loses its product.
    """

    exported: datetime
    settings: Settings
    products: tuple[tuple[Product, Stamp, datetime | None], ...]
    symptom_types: tuple[tuple[SymptomType, Stamp], ...]
    intakes: tuple[Intake, ...]
    symptoms: tuple[tuple[SymptomEntry, Stamp], ...]
    pain: tuple[tuple[PainCheckin, Stamp], ...]
    breaks: tuple[tuple[Break, Stamp], ...]

    def counts(self) -> dict[str, int]:
        return {
            "products": len(self.products),
            "symptom_types": len(self.symptom_types),
            "intakes": len(self.intakes),
            "symptoms": len(self.symptoms),
            "pain_checkins": len(self.pain),
            "breaks": len(self.breaks),
        }

    def product_refs(self) -> dict[int, int]:
        """Journal product id -> its number in the export (1, 2, ...)."""
        return {p.id: n for n, (p, _, _) in enumerate(self.products, 1) if p.id is not None}


def snapshot(journal: Journal, now: datetime) -> Snapshot:
    """Read the whole journal (deleted entries waiting for undo are left out)."""
    transfer, entries = journal.transfer, journal.entries

    def stamped(table: str, items: Iterable[Any]) -> tuple[Any, ...]:
        times = transfer.stamps(table)
        return tuple((item, times[item.id]) for item in items)

    live = [(p, None) for p in journal.products.all(include_archived=True)]
    products = [*live, *transfer.deleted_products_in_use()]
    product_stamps = transfer.stamps("products")
    return Snapshot(
        exported=now.astimezone(UTC),
        settings=journal.settings,
        products=tuple((p, product_stamps[p.id], deleted) for p, deleted in products if p.id is not None),
        symptom_types=stamped("symptom_types", entries.symptom_types()),
        intakes=tuple(entries.intakes()),
        symptoms=stamped("symptom_entries", entries.symptoms()),
        pain=stamped("pain_checkins", entries.pain()),
        breaks=stamped("breaks", entries.breaks()),
    )


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: ExportFormat
    counts: dict[str, int]

    def summary(self) -> str:
        return f"Exported {describe_counts(self.counts)} to {self.path}"


_KIND_WORDS = {
    "products": ("product", "products"),
    "symptom_types": ("custom symptom", "custom symptoms"),
    "intakes": ("intake", "intakes"),
    "symptoms": ("symptom rating", "symptom ratings"),
    "pain_checkins": ("pain check-in", "pain check-ins"),
    "breaks": ("break", "breaks"),
    "settings": ("setting", "settings"),
}


def kind_word(kind: str, n: int) -> str:
    one, many = _KIND_WORDS.get(kind, (kind, kind))
    return f"{n:,} {one if n == 1 else many}"


def describe_counts(counts: dict[str, int]) -> str:
    """ "12 intakes, 3 breaks" (kinds with none left out; "nothing" if all are none)."""
    parts = [kind_word(kind, n) for kind, n in counts.items() if n]
    return ", ".join(parts) if parts else "nothing"


def export_journal(journal: Journal, path: Path, fmt: ExportFormat | str | None = None) -> ExportResult:
    """Write the journal to `path` as JSON or as a zip of CSV files, atomically.

    `fmt` defaults to what the file name says (.json, else .zip/.csv for CSV).
    Raises OSError when the file cannot be written; nothing is left behind then.
    """
    chosen = ExportFormat(fmt) if fmt is not None else ExportFormat.for_path(path)
    if chosen is None:
        raise ValueError(f"cannot tell the format from {path.name!r}: choose json or csv")
    snap = snapshot(journal, journal.clock())
    if chosen is ExportFormat.JSON:
        data = json_bytes(snap)
        write_atomically(path, lambda fh: fh.write(data))
    else:
        write_atomically(path, lambda fh: write_csv_zip(snap, fh))
    counts = snap.counts()
    counts["symptom_types"] = sum(1 for t, _ in snap.symptom_types if not t.builtin)
    return ExportResult(path, chosen, counts)


# -- values as text ----------------------------------------------------------------------------


def utc_text(value: datetime) -> str:
    """An aware time as UTC ISO 8601 ending in Z, microseconds only when there are some."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def local_text(at: Moment) -> str:
    """The wall-clock time with its offset, e.g. 2026-03-10T13:00:00+01:00."""
    return at.local.replace(tzinfo=timezone(timedelta(minutes=at.offset_min))).isoformat()


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def grams_text(mg: int | None) -> str | None:
    """Whole milligrams as an exact gram string: 4500 -> "4.5"."""
    if mg is None:
        return None
    return format((Decimal(mg) / MG_PER_G).normalize(), "f")


def _time_fields(at: Moment) -> dict[str, Any]:
    return {
        "time_utc": utc_text(at.utc),
        "time_local": local_text(at),
        "zone": at.zone,
        "offset_minutes": at.offset_min,
    }


def _stamp_fields(stamp: Stamp) -> dict[str, str]:
    return {"created_utc": utc_text(stamp.created), "updated_utc": utc_text(stamp.updated)}


def settings_values(settings: Settings) -> dict[str, Any]:
    """Settings as JSON values: limits as exact decimal strings."""
    out: dict[str, Any] = {}
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if isinstance(value, Decimal):
            value = decimal_text(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[f.name] = value
    return out


def finding_values(f: Finding) -> dict[str, Any]:
    return {
        "level": f.level.word,
        "rule_id": f.rule_id,
        "message": f.message,
        "basis": f.basis,
        "citations": [{"file": c.file, "section": c.section, "quote": c.quote} for c in f.citations],
        "total_g": grams_text(f.total_mg),
        "estimate": f.estimate,
    }


# -- JSON ----------------------------------------------------------------------------------------


def json_document(snap: Snapshot) -> dict[str, Any]:
    refs = snap.product_refs()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": utc_text(snap.exported),
        "app": f"{FORMAT} {__version__}",
        "counts": snap.counts(),
        "settings": settings_values(snap.settings),
        "products": [
            {
                "ref": n,
                "name": p.name,
                "vendor": p.vendor,
                "strain": p.strain,
                "usual_form": p.usual_form.value,
                "capsule_g": decimal_text(p.capsule_g),
                "leaf_factor": decimal_text(p.leaf_factor),
                "batch": p.batch,
                "purity_tested": p.purity_tested,
                "archived": p.archived,
                "deleted_utc": None if deleted is None else utc_text(deleted),
                "notes": p.notes,
                **_stamp_fields(stamp),
            }
            for n, (p, stamp, deleted) in enumerate(snap.products, 1)
        ],
        "symptom_types": [
            {
                "key": t.key,
                "label": t.label,
                "category": t.category,
                "body_areas": list(t.body_areas),
                "red_flag": t.red_flag,
                "source": t.source,
                "builtin": t.builtin,
                **_stamp_fields(stamp),
            }
            for t, stamp in snap.symptom_types
        ],
        "intakes": [
            {
                **_time_fields(i.at),
                "amount": decimal_text(i.amount),
                "unit": i.unit.value,
                "form": i.form.value,
                "product_ref": None if i.product_id is None else refs[i.product_id],
                "estimate": i.estimate,
                "leaf_g": grams_text(i.leaf_mg),
                "leaf_estimated": i.leaf_estimated,
                "notes": i.notes,
                "findings": [finding_values(f) for f in i.findings],
                "created_utc": utc_text(_required(i.created)),
                "updated_utc": utc_text(_required(i.updated or i.created)),
            }
            for i in snap.intakes
        ],
        "symptoms": [
            {
                **_time_fields(e.at),
                "symptom": e.type_key,
                "severity": int(e.severity),
                "body_area": e.body_area,
                "notes": e.notes,
                **_stamp_fields(stamp),
            }
            for e, stamp in snap.symptoms
        ],
        "pain_checkins": [
            {
                **_time_fields(c.at),
                "pain_now": c.pain_now,
                "peg": None if c.peg is None else list(c.peg),
                "mood": c.mood,
                "notes": c.notes,
                **_stamp_fields(stamp),
            }
            for c, stamp in snap.pain
        ],
        "breaks": [_break_values(b, stamp) for b, stamp in snap.breaks],
    }


def _break_values(b: Break, stamp: Stamp) -> dict[str, Any]:
    end = b.actual_end
    return {
        "start_utc": utc_text(b.start.utc),
        "start_local": local_text(b.start),
        "zone": b.start.zone,
        "offset_minutes": b.start.offset_min,
        "planned_end": None if b.planned_end is None else b.planned_end.isoformat(),
        "end_utc": None if end is None else utc_text(end.utc),
        "end_local": None if end is None else local_text(end),
        "end_offset_minutes": None if end is None else end.offset_min,
        "reason": b.reason,
        "outcome": b.outcome,
        **_stamp_fields(stamp),
    }


def _required(value: datetime | None) -> datetime:
    if value is None:  # pragma: no cover - every stored intake has its created time
        raise ValueError("an intake without its created time")
    return value


def json_bytes(snap: Snapshot) -> bytes:
    """The JSON document as UTF-8 (no byte order mark, as RFC 8259 asks)."""
    return (json.dumps(json_document(snap), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- CSV -------------------------------------------------------------------------------------------

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?\Z")


def csv_safe(cell: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: prefix an apostrophe.

    Cells starting with = + - @, a tab or a carriage return get one, unless they
    are plain numbers such as -60; so does a cell that already starts with an
    apostrophe, so `csv_unsafe` can always tell the two apart.
    """
    first = cell[:1]
    if first == "'" or (first in _TRIGGERS and first and not _PLAIN_NUMBER.match(cell)):
        return "'" + cell
    return cell


def csv_unsafe(cell: str) -> str:
    """Undo `csv_safe`."""
    if len(cell) > 1 and cell[0] == "'" and (cell[1] in _TRIGGERS or cell[1] == "'"):
        return cell[1:]
    return cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return csv_safe(str(value))


def csv_text(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def _finding_text(f: Finding) -> str:
    source = f"; {f.citations[0].file}" if f.citations else ""
    return f"{f.level.word}: {f.message} ({f.basis}{source})"


def csv_tables(snap: Snapshot) -> dict[str, str]:
    """Each kind as CSV text, keyed by file name."""
    doc = json_document(snap)
    refs = snap.product_refs()
    names = {refs[p.id]: p.name for p, _, _ in snap.products if p.id is not None}
    labels = {t.key: t.label for t, _ in snap.symptom_types}
    kept = {True: "yes", False: "no", None: ""}
    rows: dict[str, list[dict[str, Any]]] = {
        "products": doc["products"],
        "symptom_types": [{**t, "body_areas": json.dumps(t["body_areas"])} for t in doc["symptom_types"]],
        "intakes": [
            {
                **row,
                "product": names.get(row["product_ref"]) if row["product_ref"] is not None else None,
                "findings": "\n".join(_finding_text(f) for f in intake.findings),
            }
            for row, intake in zip(doc["intakes"], snap.intakes, strict=True)
        ],
        "symptoms": [
            {**row, "label": labels.get(entry.type_key, ""), "severity_word": entry.severity.word}
            for row, (entry, _) in zip(doc["symptoms"], snap.symptoms, strict=True)
        ],
        "pain_checkins": [
            {
                **row,
                "peg_pain": c.peg[0] if c.peg else None,
                "peg_enjoyment": c.peg[1] if c.peg else None,
                "peg_activity": c.peg[2] if c.peg else None,
                "peg_score": c.peg_score,
            }
            for row, (c, _) in zip(doc["pain_checkins"], snap.pain, strict=True)
        ],
        "breaks": [
            {**row, "kept": kept[b.kept()]} for row, (b, _) in zip(doc["breaks"], snap.breaks, strict=True)
        ],
        "settings": [{"setting": k, "value": v} for k, v in doc["settings"].items()],
    }
    return {CSV_FILES[kind]: csv_text(CSV_COLUMNS[kind], rows[kind]) for kind in CSV_FILES}


def format_note(exported: datetime) -> str:
    return (
        f"{FORMAT} CSV export, format version {VERSION}\n"
        f"exported {utc_text(exported)}\n"
        "One UTF-8 CSV file (with a byte order mark) per kind of entry; "
        "see docs/export-format.md of the app.\n"
    )


def write_csv_zip(snap: Snapshot, fh: IO[bytes]) -> None:
    stamp = snap.exported.timetuple()[:6]
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | PRIVATE_FILE) << 16
            zf.writestr(info, data)

        put(CSV_FORMAT_FILE, format_note(snap.exported).encode("utf-8"))
        for name, text in csv_tables(snap).items():
            put(name, text.encode(CSV_ENCODING))
