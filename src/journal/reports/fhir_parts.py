"""The FHIR export's parts: the record it is made from, its codes, and the small builders of values.

Kept apart from the bundle's assembly (fhir.py) and its resources (fhir_builder.py);
docs/fhir.md explains the mapping and why each code is used.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from journal.domain.amounts import MG_PER_G
from journal.domain.entities import Break, Intake, PainCheckin, SymptomEntry, SymptomType, Unit
from journal.domain.medications import Medication
from journal.domain.taper import TaperPlan
from journal.domain.times import Moment, is_entered_later, local_day
from journal.domain.withdrawal import WithdrawalScore

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
XHTML = "http://www.w3.org/1999/xhtml"
APP_NAME = "Kratom Journal"

#: LOINC codes used, each checked against what the journal records (docs/fhir.md says how).
PAIN_NOW_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
PEG_MEAN_LOINC = ("91147-9", "Mean score [PEG]")
#: The three PEG items, in the order of `PainCheckin.peg`, with the questions the journal asks.
PEG_ITEM_LOINC = (
    ("75893-8", "What number best describes your pain on average in the past week?"),
    (
        "91145-3",
        "What number best describes how, during the past week, pain has interfered with "
        "your enjoyment of life?",
    ),
    (
        "91146-1",
        "What number best describes how, during the past week, pain has interfered with "
        "your general activity?",
    ),
)

#: Fixed namespace for the resource ids (UUID version 5): a hash, not a random number.
NAMESPACE = uuid.UUID("ae6b9cfd-7990-4dd1-a5ea-013888c39f30")


@dataclass(frozen=True, slots=True)
class FhirRecord:
    """What one FHIR export holds: a period's entries as domain values, and who it is about.

    `start` and `end` are local journal days, both included (days start at
    `day_start_hour`); entries outside them are left out. `zone` is the person's
    time zone, used only to tell whether the period's last day is still going
    on; its name is never written. `patient_name` is the name the person chose
    to give, or "" for none.
    """

    start: date
    end: date
    intakes: tuple[Intake, ...] = ()
    pain: tuple[PainCheckin, ...] = ()
    symptoms: tuple[SymptomEntry, ...] = ()
    symptom_types: Mapping[str, SymptomType] = field(default_factory=dict)
    breaks: tuple[Break, ...] = ()
    withdrawal: tuple[WithdrawalScore, ...] = ()
    medications: tuple[Medication, ...] = ()
    #: The person's own taper plans (any; those that plan a day of the period are written).
    plans: tuple[TaperPlan, ...] = ()
    day_start_hour: int = 0
    zone: str = "UTC"
    patient_name: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    def day_of(self, at: Moment) -> date:
        return local_day(at.utc, at.offset_min, self.day_start_hour)

    def inside(self, at: Moment) -> bool:
        return self.start <= self.day_of(at) <= self.end


def breaks_in(record: FhirRecord) -> list[Break]:
    """Breaks that overlap the period (a running one counts up to the period's end)."""
    out = []
    for brk in record.breaks:
        first = record.day_of(brk.start)
        last = record.day_of(brk.actual_end) if brk.actual_end else max(record.end, first)
        if first <= record.end and last >= record.start:
            out.append(brk)
    return out


def medications_in(record: FhirRecord) -> list[Medication]:
    """Other medications taken on some day of the period (no dates: taken throughout), by name."""
    found = [
        m
        for m in record.medications
        if (m.started is None or m.started <= record.end) and (m.stopped is None or m.stopped > record.start)
    ]
    return sorted(found, key=lambda m: (m.name.casefold(), m.started or record.start, m.id or 0))


def medication_key(m: Medication) -> str:
    return f"medication|{m.id}|{m.name}|{m.started}"


def plans_in(record: FhirRecord) -> list[TaperPlan]:
    """The person's plans that plan some day of the period, oldest first."""
    found = [
        p for p in record.plans if p.first_day <= record.end and (p.ended is None or p.ended > record.start)
    ]
    return sorted(found, key=lambda p: (p.first_day, p.id or 0))


def plan_key(p: TaperPlan) -> str:
    return f"plan|{p.id}|{p.first_day.isoformat()}"


def entry_order(entry: Intake | PainCheckin | SymptomEntry | WithdrawalScore) -> tuple[datetime, int]:
    return entry.at.utc, entry.id or 0


def entry_key(kind: str, entry_id: int | None, at: Moment) -> str:
    """What makes an entry's resource id: its kind, its id in the journal and its exact time."""
    return f"{kind}|{entry_id}|{at.utc.isoformat()}"


def resource_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(parts)))


def narrative(text: str) -> dict[str, str]:
    """The human-readable summary FHIR asks each resource to carry (XHTML, escaped)."""
    return {"status": "generated", "div": f'<div xmlns="{XHTML}"><p>{html.escape(text)}</p></div>'}


def category_of(code: str) -> dict[str, Any]:
    display = {"social-history": "Social History", "survey": "Survey"}[code]
    return {"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}], "text": display}


def loinc_code(code: str, display: str | None, *, text: str) -> dict[str, Any]:
    coding = {"system": LOINC, "code": code}
    if display is not None:
        coding["display"] = display
    return {"coding": [coding], "text": text}


def absent_reason(code: str, text: str) -> dict[str, Any]:
    return {"coding": [{"system": DATA_ABSENT_REASON, "code": code}], "text": text}


def json_number(value: Decimal) -> int | float:
    """A decimal as a JSON number: whole numbers without a fraction, others exactly as written."""
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def decimal_str(value: Decimal) -> str:
    return format(value.normalize(), "f")


def quantity_of(value: int | float, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def score_of(value: int | Decimal) -> dict[str, Any]:
    """A score: whole ratings as integers, the PEG mean with its one decimal ("6.0" stays 6.0)."""
    return quantity_of(float(value) if isinstance(value, Decimal) else value, "score", "{score}")


def int_component(text: str, value: int) -> dict[str, Any]:
    return {"code": {"text": text}, "valueInteger": value}


def grams_of(mg: int) -> Decimal:
    return Decimal(mg) / MG_PER_G


def intakes_words(n: int) -> str:
    return f"{n} intake{'' if n == 1 else 's'}"


def uncounted_reason(intake: Intake) -> str:
    if intake.unit is Unit.CAPS and intake.form.is_leaf:
        return "capsules with no known content"
    return f"{intake.form.label.lower()} with no leaf-equivalent factor"


def late_note(at: Moment, created: datetime | None) -> list[str]:
    if created is not None and is_entered_later(at, created):
        return ["Entered more than 12 hours after the time it describes."]
    return []


def day_start_note(hour: int) -> str:
    return f" Journal days start at {hour:02d}:00 local time." if hour else ""
