"""Export the whole journal: one versioned JSON document, or CSV files in a zip.

Both are described in docs/export-format.md. Amounts are exact decimal strings,
times are UTC ISO 8601 with the zone name and UTC offset they were recorded in,
and created/updated times are kept. Nothing about the user, the computer or
folders goes into a file. A file is written to a temporary name in the target
folder and renamed into place, so a failure never leaves a broken file; the
result is readable by the user alone (0600).
"""

from __future__ import annotations

import base64
import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from journal import __version__
from journal.domain.amounts import MG_PER_G
from journal.domain.entities import (
    Break,
    Finding,
    Form,
    Intake,
    PainCheckin,
    Product,
    Settings,
    Stamp,
    SymptomEntry,
    SymptomType,
    Unit,
)
from journal.domain.medications import Medication
from journal.domain.photos import Photo, area
from journal.domain.stash import Purchase
from journal.domain.tags import TAGGED_KINDS, join_tags
from journal.domain.taper import TaperPlan
from journal.domain.times import Moment
from journal.domain.withdrawal import SOWS_ITEMS, WithdrawalScore
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
    "withdrawal_scores": "withdrawal_scores.csv",
    "photos": "photos.csv",
    "breaks": "breaks.csv",
    "medications": "medications.csv",
    "taper_plans": "taper_plans.csv",
    "purchases": "purchases.csv",
    "settings": "settings.csv",
}
#: A small text file in the zip naming the format and its version.
CSV_FORMAT_FILE = "format.txt"
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark: spreadsheets then read it as UTF-8

_TIME = ("time_utc", "time_local", "zone", "offset_minutes")
_STAMPS = ("created_utc", "updated_utc")
#: The 16 answers of a withdrawal check-in (SOWS), one column each, in the scale's order.
SOWS_COLUMNS = tuple(f"sows_{n}" for n in range(1, len(SOWS_ITEMS) + 1))
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
        "tags",
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
        "tags",
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
        "tags",
    ),
    "withdrawal_scores": (*_TIME, "total", *SOWS_COLUMNS, *_STAMPS, "tags"),
    "photos": (
        *_TIME,
        "area",
        "area_label",
        "label",
        "notes",
        "sha256",
        "width",
        "height",
        "symptom_time_utc",
        "symptom",
        *_STAMPS,
        "tags",
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
        "tags",
    ),
    "medications": (
        "name",
        "dose",
        "how_often",
        "reason",
        "started",
        "stopped",
        "current",
        "notes",
        *_STAMPS,
    ),
    "taper_plans": (
        "start_g",
        "target_g",
        "step_g",
        "every_days",
        "first_day",
        "pauses",
        "ended",
        "days",
        "notes",
        *_STAMPS,
    ),
    "purchases": (
        *_TIME,
        "amount",
        "unit",
        "correction",
        "product_ref",
        "product",
        "price",
        "batch",
        "notes",
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
    withdrawal: tuple[tuple[WithdrawalScore, Stamp], ...] = ()
    photos: tuple[tuple[Photo, Stamp], ...] = ()
    medications: tuple[tuple[Medication, Stamp], ...] = ()
    plans: tuple[tuple[TaperPlan, Stamp], ...] = ()
    purchases: tuple[tuple[Purchase, Stamp], ...] = ()
    #: A photo's stored bytes (read one at a time as the JSON is written), None when missing.
    picture: Callable[[Photo], bytes | None] | None = None
    #: Context tags by entry kind ("intake", "symptom", "pain", "withdrawal", "break", "photo") and
    #: entry id.
    tags: Mapping[str, Mapping[int, tuple[str, ...]]] = field(default_factory=dict)

    def tags_of(self, kind: str, entry_id: int | None) -> list[str]:
        """An entry's tags as the export lists them (an empty list for none)."""
        return list(self.tags.get(kind, {}).get(entry_id or 0, ()))

    def counts(self) -> dict[str, int]:
        return {
            "products": len(self.products),
            "symptom_types": len(self.symptom_types),
            "intakes": len(self.intakes),
            "symptoms": len(self.symptoms),
            "pain_checkins": len(self.pain),
            "withdrawal_scores": len(self.withdrawal),
            "photos": len(self.photos),
            "breaks": len(self.breaks),
            "medications": len(self.medications),
            "taper_plans": len(self.plans),
            "purchases": len(self.purchases),
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
        intakes=tuple(transfer.intakes()),  # in bulk: findings parsed once per distinct text
        symptoms=tuple(transfer.symptoms()),
        pain=tuple(transfer.pain()),
        breaks=stamped("breaks", entries.breaks()),
        withdrawal=stamped("withdrawal_scores", entries.withdrawal()),
        photos=stamped("photos", journal.photos.all()),
        picture=journal.photos.image,
        medications=stamped("medications", journal.medications.all()),
        plans=stamped("taper_plans", journal.taper.all()),
        tags={kind.value: entries.tags_of(kind) for kind in TAGGED_KINDS},
        purchases=stamped("purchases", journal.stash.all()),
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
    "withdrawal_scores": ("withdrawal check-in", "withdrawal check-ins"),
    "photos": ("photo", "photos"),
    "breaks": ("break", "breaks"),
    "medications": ("medication", "medications"),
    "taper_plans": ("taper plan", "taper plans"),
    "purchases": ("purchase or weighed amount", "purchases and weighed amounts"),
    "settings": ("setting", "settings"),
    "tags": ("context tag", "context tags"),
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
        write_atomically(path, lambda fh: write_json(snap, fh))
    else:
        write_atomically(path, lambda fh: write_csv_zip(snap, fh))
    counts = snap.counts()
    counts["symptom_types"] = sum(1 for t, _ in snap.symptom_types if not t.builtin)
    return ExportResult(path, chosen, counts)


# -- values as text ----------------------------------------------------------------------------


def utc_text(value: datetime) -> str:
    """An aware time as UTC ISO 8601 ending in Z, microseconds only when there are some."""
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat().replace("+00:00", "Z")


def local_text(at: Moment) -> str:
    """The wall-clock time with its offset, e.g. 2026-03-10T13:00:00+01:00."""
    shift = _SHIFTS.get(at.offset_min)
    if shift is None:
        delta = timedelta(minutes=at.offset_min)
        shift = _SHIFTS[at.offset_min] = (delta, timezone(delta))
    return (at.utc + shift[0]).replace(tzinfo=shift[1]).isoformat()


#: Each UTC offset met, as a timedelta and a zone: a journal has a few, its times thousands.
_SHIFTS: dict[int, tuple[timedelta, timezone]] = {}


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def grams_text(mg: int | None) -> str | None:
    """Whole milligrams as an exact gram string: 4500 -> "4.5"."""
    if mg is None:
        return None
    return _grams_text(mg)


@lru_cache(maxsize=4096)
def _grams_text(mg: int) -> str:
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
    links = _links(snap)
    worded: dict[int, tuple[tuple[Finding, ...], list[dict[str, Any]]]] = {}

    def findings(found: tuple[Finding, ...]) -> list[dict[str, Any]]:
        """Intakes alike share their findings (one tuple, `Transfer.intakes`): worded once."""
        known = worded.get(id(found))
        if known is None or known[0] is not found:
            known = worded[id(found)] = (found, [finding_values(f) for f in found])
        return known[1]

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
                "findings": findings(i.findings),
                "created_utc": utc_text(_required(i.created)),
                "updated_utc": utc_text(_required(i.updated or i.created)),
                "tags": snap.tags_of("intake", i.id),
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
                "tags": snap.tags_of("symptom", e.id),
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
                "tags": snap.tags_of("pain", c.id),
            }
            for c, stamp in snap.pain
        ],
        "withdrawal_scores": [
            {
                **_time_fields(w.at),
                "scale": "SOWS",
                "items": list(w.items),
                "total": w.total,
                **_stamp_fields(stamp),
                "tags": snap.tags_of("withdrawal", w.id),
            }
            for w, stamp in snap.withdrawal
        ],
        "breaks": [
            {**_break_values(b, stamp), "tags": snap.tags_of("break", b.id)} for b, stamp in snap.breaks
        ],
        "medications": [_medication_values(m, stamp) for m, stamp in snap.medications],
        "taper_plans": [_plan_values(p, stamp) for p, stamp in snap.plans],
        "purchases": [_purchase_values(p, stamp, refs) for p, stamp in snap.purchases],
        "photos": [
            {**_photo_values(p, stamp, links), "tags": snap.tags_of("photo", p.id)}
            for p, stamp in snap.photos
        ],
    }


def _medication_values(m: Medication, stamp: Stamp) -> dict[str, Any]:
    """Another medication as written: dose and frequency are text, dates are local calendar days."""
    return {
        "name": m.name,
        "dose": m.dose,
        "how_often": m.how_often,
        "reason": m.reason,
        "started": m.started.isoformat() if m.started else None,
        "stopped": m.stopped.isoformat() if m.stopped else None,
        "notes": m.notes,
        **_stamp_fields(stamp),
    }


def _purchase_values(p: Purchase, stamp: Stamp, refs: dict[int, int]) -> dict[str, Any]:
    """A purchase, or a correction ("I weighed it": the stock set to `amount`); exact decimal strings."""
    return {
        **_time_fields(p.at),
        "amount": decimal_text(p.amount),
        "unit": p.unit.value,
        "correction": p.correction,
        "product_ref": None if p.product_id is None else refs[p.product_id],
        "price": decimal_text(p.price),
        "batch": p.batch,
        "notes": p.notes,
        **_stamp_fields(stamp),
    }


def _plan_values(p: TaperPlan, stamp: Stamp) -> dict[str, Any]:
    """A taper plan (the person's own): exact gram strings, journal days, its pauses as pairs of days."""
    return {
        "start_g": format(p.start_g, "f"),
        "target_g": format(p.target_g, "f"),
        "step_g": format(p.step_g, "f"),
        "every_days": p.every_days,
        "first_day": p.first_day.isoformat(),
        "pauses": [[x.start.isoformat(), x.end.isoformat() if x.end else None] for x in p.pauses],
        "ended": p.ended.isoformat() if p.ended else None,
        # A day-by-day table: [day, grams] pairs (start and target are its first and last amounts, the
        # step "0"); null for a plan that steps.
        "days": [[day.isoformat(), format(grams, "f")] for day, grams in p.table] if p.table else None,
        "notes": p.notes,
        **_stamp_fields(stamp),
    }


def _links(snap: Snapshot) -> dict[int, SymptomEntry]:
    """The symptom ratings photos are linked to, by id."""
    wanted = {p.symptom_id for p, _ in snap.photos if p.symptom_id is not None}
    return {e.id: e for e, _ in snap.symptoms if e.id in wanted and e.id is not None}


def _photo_values(p: Photo, stamp: Stamp, links: dict[int, SymptomEntry]) -> dict[str, Any]:
    """A photo's entry without its pixels (the JSON adds them as it is written; CSV never does)."""
    linked = links.get(p.symptom_id) if p.symptom_id is not None else None
    symptom = None if linked is None else {"time_utc": utc_text(linked.at.utc), "symptom": linked.type_key}
    return {
        **_time_fields(p.at),
        "area": p.area,
        "label": p.label,
        "notes": p.notes,
        "symptom": symptom,
        "sha256": p.sha256,
        "width": p.width,
        "height": p.height,
        "media_type": "image/jpeg",
        **_stamp_fields(stamp),
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
    out = io.BytesIO()
    write_json(snap, out)
    return out.getvalue()


def write_json(snap: Snapshot, fh: IO[bytes]) -> None:
    """The JSON document into `fh`, the photos last, each with its pixels read only as it is written.

    A photo's `data` is its stored JPEG in base64 (null if the photo store lacks
    it), so an export of hundreds of photos holds one picture at a time.
    """
    doc = json_document(snap)
    photos: list[dict[str, Any]] = doc.pop("photos")
    head = json.dumps(doc, ensure_ascii=False, indent=1)
    fh.write(head.removesuffix("\n}").encode("utf-8"))
    fh.write(b',\n "photos": [')
    for n, ((photo, _stamp), entry) in enumerate(zip(snap.photos, photos, strict=True)):
        data = snap.picture(photo) if snap.picture is not None else None
        entry["data"] = None if data is None else base64.b64encode(data).decode("ascii")
        text = json.dumps(entry, ensure_ascii=False, indent=1).replace("\n", "\n  ")
        fh.write((",\n  " if n else "\n  ").encode("utf-8") + text.encode("utf-8"))
    fh.write(b"\n ]\n}\n" if photos else b"]\n}\n")


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


def _finding_text(f: Finding) -> str:
    source = f"; {f.citations[0].file}" if f.citations else ""
    return f"{f.level.word}: {f.message} ({f.basis}{source})"


def csv_tables(snap: Snapshot) -> dict[str, str]:
    """Each kind as CSV text, keyed by file name (what `write_csv_zip` writes, row by row)."""
    out = {}
    for kind, name in CSV_FILES.items():
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS[kind])
        writer.writerows(csv_rows(snap, kind))
        out[name] = text.getvalue()
    return out


def csv_rows(snap: Snapshot, kind: str) -> Iterator[list[str]]:
    """The rows of one CSV file, cell by cell as `_cell` writes values (formulas defused)."""
    if kind != "intakes":
        yield from _other_rows(snap, kind)
        return
    refs = snap.product_refs()
    names = {p.id: p.name for p, _, _ in snap.products if p.id is not None}
    texts: dict[int, tuple[tuple[Finding, ...], str]] = {}
    tags = snap.tags.get("intake", {})
    for i in snap.intakes:
        at, pid = i.at, i.product_id
        found = i.findings
        known = texts.get(id(found))
        if known is None or known[0] is not found:  # intakes alike share their findings: worded once
            known = texts[id(found)] = (found, csv_safe("\n".join(_finding_text(f) for f in found)))
        created = _required(i.created)
        created_text = utc_text(created)
        updated = i.updated
        # Times and numbers cannot start like a formula; texts are guarded (`csv_safe`).
        yield [
            utc_text(at.utc),
            local_text(at),
            csv_safe(at.zone),
            str(at.offset_min),
            format(i.amount, "f"),
            _UNITS[i.unit],
            _FORMS[i.form],
            "" if pid is None else str(refs[pid]),
            "" if pid is None else csv_safe(names[pid]),
            "true" if i.estimate else "false",
            "" if i.leaf_mg is None else _grams_text(i.leaf_mg),
            "true" if i.leaf_estimated else "false",
            csv_safe(i.notes),
            known[1],
            created_text,
            created_text if updated is None or updated == created else utc_text(updated),
            csv_safe(join_tags(tags[i.id])) if i.id is not None and i.id in tags else "",
        ]


_UNITS = {unit: unit.value for unit in Unit}
_FORMS = {form: form.value for form in Form}


def _other_rows(snap: Snapshot, kind: str) -> Iterator[list[str]]:
    """Rows of the smaller files, through the JSON document's values."""
    columns = CSV_COLUMNS[kind]
    doc = _part(snap, kind)
    labels = {t.key: t.label for t, _ in snap.symptom_types}
    kept = {True: "yes", False: "no", None: ""}
    if kind == "products":
        rows: Iterable[dict[str, Any]] = doc
    elif kind == "symptom_types":
        rows = ({**t, "body_areas": json.dumps(t["body_areas"])} for t in doc)
    elif kind == "symptoms":
        rows = (
            {**row, "label": labels.get(entry.type_key, ""), "severity_word": entry.severity.word}
            for row, (entry, _) in zip(doc, snap.symptoms, strict=True)
        )
    elif kind == "pain_checkins":
        rows = (
            {
                **row,
                "peg_pain": c.peg[0] if c.peg else None,
                "peg_enjoyment": c.peg[1] if c.peg else None,
                "peg_activity": c.peg[2] if c.peg else None,
                "peg_score": c.peg_score,
            }
            for row, (c, _) in zip(doc, snap.pain, strict=True)
        )
    elif kind == "withdrawal_scores":
        rows = ({**row, **dict(zip(SOWS_COLUMNS, row["items"], strict=True))} for row in doc)
    elif kind == "photos":
        rows = (
            {
                **row,
                "area_label": area(row["area"]).label,
                "symptom_time_utc": row["symptom"]["time_utc"] if row["symptom"] else None,
                "symptom": row["symptom"]["symptom"] if row["symptom"] else None,
            }
            for row in doc
        )
    elif kind == "taper_plans":
        rows = (
            {
                **row,
                "pauses": json.dumps(row["pauses"]),
                "days": json.dumps(row["days"]) if row["days"] else "",
            }
            for row in doc
        )
    elif kind == "medications":
        day = snap.exported.date()
        rows = (
            {**row, "current": "yes" if m.current(day) else "no"}
            for row, (m, _) in zip(doc, snap.medications, strict=True)
        )
    elif kind == "breaks":
        rows = ({**row, "kept": kept[b.kept()]} for row, (b, _) in zip(doc, snap.breaks, strict=True))
    elif kind == "purchases":
        names = {p.id: p.name for p, _, _ in snap.products if p.id is not None}
        rows = (
            {**row, "product": names.get(p.product_id) if p.product_id is not None else None}
            for row, (p, _) in zip(doc, snap.purchases, strict=True)
        )
    else:
        rows = ({"setting": k, "value": v} for k, v in settings_values(snap.settings).items())
    for row in rows:
        if "tags" in row:
            row = {**row, "tags": join_tags(row["tags"])}
        yield [_cell(row.get(c)) for c in columns]


def _part(snap: Snapshot, kind: str) -> list[dict[str, Any]]:
    """One array of the JSON document, made alone (the intakes are not needed for the others)."""
    if kind == "settings":
        return []
    lean = Snapshot(
        snap.exported,
        snap.settings,
        snap.products,
        snap.symptom_types,
        (),
        snap.symptoms if kind in ("symptoms", "photos") else (),
        snap.pain if kind == "pain_checkins" else (),
        snap.breaks if kind == "breaks" else (),
        snap.withdrawal if kind == "withdrawal_scores" else (),
        snap.photos if kind == "photos" else (),
        medications=snap.medications if kind == "medications" else (),
        plans=snap.plans if kind == "taper_plans" else (),
        tags=snap.tags,
        purchases=snap.purchases if kind == "purchases" else (),
    )
    part: list[dict[str, Any]] = json_document(lean)[kind]
    return part


def format_note(exported: datetime) -> str:
    return (
        f"{FORMAT} CSV export, format version {VERSION}\n"
        f"exported {utc_text(exported)}\n"
        "One UTF-8 CSV file (with a byte order mark) per kind of entry; "
        "see docs/export-format.md of the app.\n"
    )


def write_csv_zip(snap: Snapshot, fh: IO[bytes]) -> None:
    """The CSV files in a zip, each written row by row into its (deflated) member."""
    stamp = snap.exported.timetuple()[:6]

    def info(name: str) -> zipfile.ZipInfo:
        found = zipfile.ZipInfo(name, date_time=stamp)
        found.compress_type = zipfile.ZIP_DEFLATED
        found.external_attr = (0o100000 | PRIVATE_FILE) << 16
        return found

    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(info(CSV_FORMAT_FILE), format_note(snap.exported).encode("utf-8"))
        for kind, name in CSV_FILES.items():
            with zf.open(info(name), "w") as member:
                # The byte order mark by hand: "utf-8-sig" encodes each write in Python, not in C.
                member.write(codecs.BOM_UTF8)
                text = io.TextIOWrapper(member, encoding="utf-8", newline="", write_through=False)
                writer = csv.writer(text, lineterminator="\r\n")
                writer.writerow(CSV_COLUMNS[kind])
                writer.writerows(csv_rows(snap, kind))
                text.flush()
                text.detach()
