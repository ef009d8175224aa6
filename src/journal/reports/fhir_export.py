"""A period of a journal written as a FHIR record: what `journal export --format fhir` and the
export dialog call. It reads the period through the journal's one door and hands plain values
to the builder (fhir.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from journal import __version__
from journal.domain.periods import Period
from journal.domain.times import Moment, local_day
from journal.reports.fhir import FhirExport, FhirRecord, write_fhir
from journal.service.journal import Journal


def fhir_record(journal: Journal, start: date, end: date, *, name: str = "") -> FhirRecord:
    """The journal's entries on local journal days `start`..`end` (and breaks touching them)."""
    period = Period(min(start, end), max(start, end))
    hour = journal.settings.day_start_hour
    entries = journal.entries
    lo, hi = period.utc_range()

    def inside(at: Moment) -> bool:
        return period.contains(local_day(at.utc, at.offset_min, hour))

    intakes = tuple(i for i in entries.intakes(lo, hi) if inside(i.at))
    pain = tuple(c for c in entries.pain(lo, hi) if inside(c.at))
    symptoms = tuple(e for e in entries.symptoms(lo, hi) if inside(e.at))
    return FhirRecord(
        period.start,
        period.end,
        intakes=intakes,
        pain=pain,
        symptoms=symptoms,
        symptom_types={t.key: t for t in entries.symptom_types()},
        breaks=tuple(entries.breaks()),
        withdrawal=tuple(w for w in entries.withdrawal(lo, hi) if inside(w.at)),
        medications=tuple(journal.medications.during(period.start, period.end)),
        plans=tuple(journal.taper.all()),
        day_start_hour=hour,
        zone=journal.zone,
        patient_name=" ".join(name.split()),
    )


def export_fhir(journal: Journal, path: Path, start: date, end: date, *, name: str = "") -> FhirExport:
    """Write the period as a FHIR R4 Bundle to `path` (private, complete or not at all)."""
    record = fhir_record(journal, start, end, name=name)
    return write_fhir(path, record, app_version=__version__, now=journal.clock())
