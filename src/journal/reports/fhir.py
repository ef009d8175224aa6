"""A period of the journal as a FHIR R4 Bundle (type "collection") that a clinic can take in.

Plain domain values in, a JSON-ready dict out: no storage, no Qt. The mapping,
its codes and what is left out (and why) are in docs/fhir.md. Everything is
self-reported, and every resource says so: the Patient is the performer of each
Observation and the source of each QuestionnaireResponse. Nothing identifies the
person but the name they choose to give; free-text notes, product names and the
time zone name stay out. Ids are UUIDs worked out from the entries themselves,
so the same journal and period give the same bundle, byte for byte.

The bundle is put together here; its resources are made in fhir_builder.py and
its record, codes and value builders are in fhir_parts.py. fhir_export.py reads
a record from a journal, for the command line and the window.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from journal.domain.times import Moment, local_day
from journal.domain.withdrawal import SOWS_ITEMS, SOWS_TOP, WithdrawalScore
from journal.reports.export import utc_text
from journal.reports.fhir_builder import Builder, withdrawal_response
from journal.reports.fhir_parts import (
    LOINC,
    PAIN_NOW_LOINC,
    PEG_ITEM_LOINC,
    PEG_MEAN_LOINC,
    FhirRecord,
    breaks_in,
    entry_key,
    entry_order,
    medication_key,
    medications_in,
    plan_key,
    plans_in,
    resource_id,
)
from journal.reports.files import write_atomically

#: What tests and the window may take from here as well as the functions below.
__all__ = [
    "LOINC",
    "PAIN_NOW_LOINC",
    "PEG_ITEM_LOINC",
    "PEG_MEAN_LOINC",
    "SOWS_ITEMS",
    "SOWS_TOP",
    "FhirExport",
    "FhirRecord",
    "WithdrawalScore",
    "bundle_bytes",
    "export_counts",
    "fhir_bundle",
    "withdrawal_response",
    "write_fhir",
]


@dataclass(frozen=True, slots=True)
class FhirExport:
    """A written bundle: where, and how many of each kind of entry it holds."""

    path: Path
    counts: dict[str, int]

    def summary(self) -> str:
        parts = [f"{n:,} {_KIND_WORDS[kind][n != 1]}" for kind, n in self.counts.items() if n]
        return f"Wrote a FHIR record of {', '.join(parts) or 'no entries'} to {self.path}"


_KIND_WORDS = {
    "use_days": ("day with use", "days with use"),
    "pain_checkins": ("pain check-in", "pain check-ins"),
    "symptom_ratings": ("symptom rating", "symptom ratings"),
    "breaks": ("break", "breaks"),
    "withdrawal_scores": ("withdrawal score", "withdrawal scores"),
    "medications": ("other medication", "other medications"),
    "plans": ("taper plan", "taper plans"),
}


def write_fhir(path: Path, record: FhirRecord, *, app_version: str, now: datetime) -> FhirExport:
    """Write the bundle for `record` to `path` as UTF-8 JSON: a private temp file, then renamed.

    The file is 0600 from its first byte; a failed write leaves nothing behind
    and raises OSError (in words when the disk is full or read-only).
    """
    data = bundle_bytes(fhir_bundle(record, app_version=app_version, now=now))
    write_atomically(path, lambda fh: fh.write(data))
    return FhirExport(path, export_counts(record))


def bundle_bytes(bundle: Mapping[str, Any]) -> bytes:
    """The bundle as UTF-8 JSON, keys in the order built (resourceType first), one trailing newline."""
    return (json.dumps(bundle, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_counts(record: FhirRecord) -> dict[str, int]:
    """How many of each kind of entry the bundle for `record` holds (`FhirExport.summary` words them)."""
    days = {record.day_of(i.at) for i in record.intakes if record.inside(i.at)}
    return {
        "use_days": len(days),
        "pain_checkins": sum(record.inside(c.at) for c in record.pain),
        "symptom_ratings": sum(record.inside(e.at) for e in record.symptoms),
        "breaks": len(breaks_in(record)),
        "withdrawal_scores": sum(record.inside(w.at) for w in record.withdrawal),
        "medications": len(medications_in(record)),
        "plans": len(plans_in(record)),
    }


def fhir_bundle(record: FhirRecord, *, app_version: str, now: datetime) -> dict[str, Any]:
    """The period's entries as a FHIR R4 Bundle of type "collection", ready for `json.dumps`.

    `now` (aware) only sets `Bundle.timestamp` and tells whether the last day is
    still going on; everything else depends on the entries alone.
    """
    intakes = sorted((i for i in record.intakes if record.inside(i.at)), key=entry_order)
    pain = sorted((c for c in record.pain if record.inside(c.at)), key=entry_order)
    symptoms = sorted(
        (e for e in record.symptoms if record.inside(e.at)), key=lambda e: (*entry_order(e), e.type_key)
    )
    breaks = sorted(breaks_in(record), key=lambda b: (b.start.utc, b.id or 0))
    withdrawal = sorted((w for w in record.withdrawal if record.inside(w.at)), key=entry_order)
    medications = medications_in(record)
    plans = plans_in(record)

    keys = [
        *(entry_key("intake", i.id, i.at) for i in intakes),
        *(entry_key("pain", c.id, c.at) for c in pain),
        *(entry_key("symptom", e.id, e.at) for e in symptoms),
        *(entry_key("break", b.id, b.start) for b in breaks),
        *(entry_key("withdrawal", w.id, w.at) for w in withdrawal),
        *(medication_key(m) for m in medications),
        *(plan_key(p) for p in plans),
    ]
    name = record.patient_name.strip()
    digest = hashlib.sha256(
        "\n".join([record.start.isoformat(), record.end.isoformat(), name, *keys]).encode()
    ).hexdigest()
    here = Moment.from_utc(now, record.zone)
    today = local_day(here.utc, here.offset_min, record.day_start_hour)
    out = Builder(digest, record, today)

    out.patient(name)
    out.device(app_version)
    out.use_summary(intakes)
    out.use_days(intakes)
    for checkin in pain:
        out.pain(checkin)
    for entry in symptoms:
        out.symptom(entry, record.symptom_types.get(entry.type_key))
    for brk in breaks:
        out.brk(brk)
    for score in withdrawal:
        out.withdrawal(score)
    for medication in medications:
        out.medication(medication)
    for plan in plans:
        out.plan(plan)

    bundle_id = resource_id("bundle", digest)
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{bundle_id}"},
        "type": "collection",
        "timestamp": utc_text(now.replace(microsecond=0)),
        "entry": out.entries,
    }
