"""A period of the journal as a FHIR R4 Bundle (type "collection") that a clinic can take in.

Plain domain values in, a JSON-ready dict out: no storage, no Qt. The mapping,
its codes and what is left out (and why) are in docs/fhir.md. Everything is
self-reported, and every resource says so: the Patient is the performer of each
Observation and the source of each QuestionnaireResponse. Nothing identifies the
person but the name they choose to give; free-text notes, product names and the
time zone name stay out. Ids are UUIDs worked out from the entries themselves,
so the same journal and period give the same bundle, byte for byte.
"""

from __future__ import annotations

import hashlib
import html
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from journal.domain.amounts import MG_PER_G
from journal.domain.entities import Break, Intake, PainCheckin, Severity, SymptomEntry, SymptomType, Unit
from journal.domain.errors import InvalidInput
from journal.domain.guidance import Dose
from journal.domain.stats import daily_totals, use_summary
from journal.domain.times import Moment, is_entered_later, local_day
from journal.reports.export import local_text, utc_text
from journal.reports.files import write_atomically

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

#: The 16 statements of the Subjective Opiate Withdrawal Scale (Handelsman et al. 1987), each rated
#: 0 (not at all) to 4 (extremely). The withdrawal check-in that records them is a later issue;
#: it may take these into the domain with the form.
SOWS_ITEMS = (
    "I feel anxious",
    "I feel like yawning",
    "I am perspiring",
    "My eyes are tearing",
    "My nose is running",
    "I have goose flesh",
    "I am shaking",
    "I have hot flushes",
    "I have cold flushes",
    "My bones and muscles ache",
    "I feel restless",
    "I feel nauseous",
    "I feel like vomiting",
    "My muscles twitch",
    "I have stomach cramps",
    "I feel like using now",
)
SOWS_TOP = 4

#: Fixed namespace for the resource ids (UUID version 5): a hash, not a random number.
_NAMESPACE = uuid.UUID("ae6b9cfd-7990-4dd1-a5ea-013888c39f30")


@dataclass(frozen=True, slots=True)
class WithdrawalScore:
    """One scored withdrawal check-in: the 16 SOWS ratings (0-4) in `SOWS_ITEMS` order, and when."""

    at: Moment
    items: tuple[int, ...]
    id: int | None = None
    created: datetime | None = None

    def __post_init__(self) -> None:
        if len(self.items) != len(SOWS_ITEMS):
            raise InvalidInput("items", f"The withdrawal scale has {len(SOWS_ITEMS)} items.")
        if any(not 0 <= v <= SOWS_TOP for v in self.items):
            raise InvalidInput("items", f"Each withdrawal item is rated 0 to {SOWS_TOP}.")

    @property
    def total(self) -> int:
        """The SOWS total: the sum of the 16 ratings, 0 to 64."""
        return sum(self.items)


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
        "breaks": len(_breaks_in(record)),
        "withdrawal_scores": sum(record.inside(w.at) for w in record.withdrawal),
    }


def fhir_bundle(record: FhirRecord, *, app_version: str, now: datetime) -> dict[str, Any]:
    """The period's entries as a FHIR R4 Bundle of type "collection", ready for `json.dumps`.

    `now` (aware) only sets `Bundle.timestamp` and tells whether the last day is
    still going on; everything else depends on the entries alone.
    """
    intakes = sorted((i for i in record.intakes if record.inside(i.at)), key=_entry_order)
    pain = sorted((c for c in record.pain if record.inside(c.at)), key=_entry_order)
    symptoms = sorted(
        (e for e in record.symptoms if record.inside(e.at)), key=lambda e: (*_entry_order(e), e.type_key)
    )
    breaks = sorted(_breaks_in(record), key=lambda b: (b.start.utc, b.id or 0))
    withdrawal = sorted((w for w in record.withdrawal if record.inside(w.at)), key=_entry_order)

    keys = [
        *(_key("intake", i.id, i.at) for i in intakes),
        *(_key("pain", c.id, c.at) for c in pain),
        *(_key("symptom", e.id, e.at) for e in symptoms),
        *(_key("break", b.id, b.start) for b in breaks),
        *(_key("withdrawal", w.id, w.at) for w in withdrawal),
    ]
    name = record.patient_name.strip()
    digest = hashlib.sha256(
        "\n".join([record.start.isoformat(), record.end.isoformat(), name, *keys]).encode()
    ).hexdigest()
    here = Moment.from_utc(now, record.zone)
    today = local_day(here.utc, here.offset_min, record.day_start_hour)
    out = _Builder(digest, record, today)

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

    bundle_id = _uuid("bundle", digest)
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{bundle_id}"},
        "type": "collection",
        "timestamp": utc_text(now.replace(microsecond=0)),
        "entry": out.entries,
    }


def withdrawal_response(
    score: WithdrawalScore, resource_id: str, patient: Mapping[str, str]
) -> dict[str, Any]:
    """A withdrawal check-in as a completed QuestionnaireResponse: 16 rated items and the total.

    No LOINC code is known to be right for the SOWS, so the items are linked by
    number and carry their statements as text; the last item is the total.
    """
    items = [
        {"linkId": str(n), "text": text, "answer": [{"valueInteger": value}]}
        for n, (text, value) in enumerate(zip(SOWS_ITEMS, score.items, strict=True), 1)
    ]
    items.append(
        {
            "linkId": "total",
            "text": f"Total score (sum of the {len(SOWS_ITEMS)} items, 0 to {len(SOWS_ITEMS) * SOWS_TOP})",
            "answer": [{"valueInteger": score.total}],
        }
    )
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id,
        "text": _narrative(
            f"Subjective Opiate Withdrawal Scale (SOWS), self-reported: total {score.total} "
            f"of {len(SOWS_ITEMS) * SOWS_TOP}, {local_text(score.at)}."
        ),
        "status": "completed",
        "subject": dict(patient),
        "authored": local_text(score.at),
        "author": dict(patient),
        "source": dict(patient),
        "item": items,
    }
    return resource


# -- building ------------------------------------------------------------------------------------


class _Builder:
    """Collects the bundle's entries; every resource refers to the one Patient and the app."""

    def __init__(self, digest: str, record: FhirRecord, today: date) -> None:
        self.digest = digest
        self.record = record
        self.today = today
        self.entries: list[dict[str, Any]] = []
        self.patient_ref: dict[str, str] = {}
        self.device_ref: dict[str, str] = {}

    def add(self, resource: dict[str, Any]) -> dict[str, str]:
        url = f"urn:uuid:{resource['id']}"
        self.entries.append({"fullUrl": url, "resource": resource})
        return {"reference": url}

    def observation(
        self,
        rid: str,
        *,
        category: str,
        code: dict[str, Any],
        summary: str,
        notes: Iterable[str],
        when: dict[str, Any],
        final: bool = True,
        **rest: Any,
    ) -> dict[str, Any]:
        """An Observation performed (reported) by the Patient and recorded with the app."""
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": rid,
            "text": _narrative(summary),
            "status": "final" if final else "preliminary",
            "category": [_category(category)],
            "code": code,
            "subject": self.patient_ref,
            **when,
            "performer": [self.patient_ref],
            **rest,
            "note": [{"text": text} for text in notes],
            "device": self.device_ref,
        }
        self.add(resource)
        return resource

    # -- who and what ----------------------------------------------------------------------------

    def patient(self, name: str) -> None:
        resource: dict[str, Any] = {
            "resourceType": "Patient",
            "id": _uuid("patient", self.digest),
            "text": _narrative(
                f"{name}: the person who kept this journal." if name else "The person who kept this journal."
            ),
        }
        if name:
            resource["name"] = [{"text": name}]
        self.patient_ref = self.add(resource)

    def device(self, app_version: str) -> None:
        self.device_ref = self.add(
            {
                "resourceType": "Device",
                "id": _uuid("device", self.digest),
                "text": _narrative(
                    f"{APP_NAME} {app_version}: a personal journal in which the person recorded "
                    "these entries themselves."
                ),
                "deviceName": [{"name": APP_NAME, "type": "user-friendly-name"}],
                "type": {"text": "Personal health journal software (self-tracking app)"},
                "version": [{"value": app_version}],
            }
        )

    # -- use -------------------------------------------------------------------------------------

    def use_summary(self, intakes: list[Intake]) -> None:
        """Days with and without use in the period, as the journal counts them (stats.use_summary).

        A last day that is still going on counts only if it already has use: an
        unfinished today is not a dose-free day.
        """
        rec = self.record
        use_days = {rec.day_of(i.at) for i in intakes}
        last = rec.end
        if last >= self.today:
            last = self.today if self.today in use_days else self.today - timedelta(days=1)
        if last < rec.start:
            return
        use = use_summary(use_days, rec.start, last)
        cut = " (today, not yet over, is left out)" if last < rec.end else ""
        components = [
            _int_component("Days in the period", use.days),
            _int_component("Days with kratom use", use.use_days),
            _int_component("Days without kratom use", use.dose_free_days),
            _int_component("Longest run of days without kratom use", use.longest_dose_free),
        ]
        self.observation(
            _uuid("use-summary", self.digest),
            category="social-history",
            code={"text": "Kratom use: days with and without use in the period (self-reported)"},
            summary=(
                f"Kratom use {rec.start.isoformat()} to {last.isoformat()}{cut}: {use.use_days} of "
                f"{use.days} days with use, {use.dose_free_days} without; longest run without use "
                f"{use.longest_dose_free} days. Self-reported."
            ),
            notes=[
                "Self-reported in a personal journal. A day without any intake logged counts as a day "
                "without use." + _day_start_note(rec.day_start_hour)
            ],
            when={"effectivePeriod": {"start": rec.start.isoformat(), "end": last.isoformat()}},
            component=components,
        )

    def use_days(self, intakes: list[Intake]) -> None:
        """One Observation per journal day with use: grams of leaf, as stats.daily_totals sums them."""
        rec = self.record
        by_day: dict[date, list[Intake]] = defaultdict(list)
        for intake in intakes:
            by_day[rec.day_of(intake.at)].append(intake)
        doses = [Dose(i.at.utc, i.leaf_mg, i.counts_as_estimate, i.at.offset_min, i.id) for i in intakes]
        for day, total in daily_totals(doses, rec.day_start_hour).items():
            self._use_day(day, total.mg, by_day[day])

    def _use_day(self, day: date, mg: int, intakes: list[Intake]) -> None:
        uncounted = [i for i in intakes if i.leaf_mg is None]
        counted = len(intakes) - len(uncounted)
        grams = _grams(mg)
        notes = [
            "Self-reported: grams of kratom leaf (or its equivalent) taken on this journal day, "
            "summed from the intakes the person logged." + _day_start_note(self.record.day_start_hour)
        ]
        forms = Counter(i.form.label.lower() for i in intakes)
        notes.append("Forms: " + ", ".join(f"{form} {n}" for form, n in sorted(forms.items())) + ".")
        marked = sum(i.estimate for i in intakes if i.leaf_mg is not None)
        if marked:
            notes.append(f"Estimate: {_intakes(marked)} marked by the person as an estimated amount.")
        converted = sum(i.leaf_estimated for i in intakes if i.leaf_mg is not None)
        if converted:
            notes.append(
                f"Estimate: {_intakes(converted)} converted from extract with the person's own "
                "leaf-equivalent factor."
            )
        if uncounted:
            reasons = sorted({_uncounted_reason(i) for i in uncounted})
            notes.append(
                f"Not counted: {_intakes(len(uncounted))} that cannot be converted to grams of leaf "
                f"({'; '.join(reasons)})"
                + (", so the day's total is at least the amount given." if counted else ".")
            )
        late = sum(bool(i.created and is_entered_later(i.at, i.created)) for i in intakes)
        if late:
            were = "it was" if late == 1 else "they were"
            notes.append(f"{_intakes(late)} entered more than 12 hours after {were} taken.")
        ongoing = day >= self.today
        if ongoing:
            notes.append("The day was not over when this record was exported.")
        value: dict[str, Any]
        if counted:
            quantity = _quantity(_number(grams), "g", "g")
            if uncounted:
                quantity = {"comparator": ">=", **quantity}
            value = {"valueQuantity": quantity}
            amount = f"{'at least ' if uncounted else ''}{_decimal_text(grams)} g"
        else:
            value = {"dataAbsentReason": _absent("unknown", "Not convertible to grams of leaf")}
            amount = "amount unknown"
        estimate = " (estimate)" if marked or converted else ""
        self.observation(
            _uuid("use-day", day.isoformat(), *(_key("intake", i.id, i.at) for i in intakes)),
            category="social-history",
            code={"text": "Kratom taken on this day, grams of leaf or leaf equivalent (self-reported)"},
            summary=f"{day.isoformat()}: kratom {amount}{estimate} in {_intakes(len(intakes))}. "
            "Self-reported.",
            notes=notes,
            when={"effectiveDateTime": day.isoformat()},
            final=not ongoing,
            **value,
            component=[_int_component("Number of intakes on this day", len(intakes))],
        )

    # -- pain ------------------------------------------------------------------------------------

    def pain(self, checkin: PainCheckin) -> None:
        """Pain now (LOINC 72514-3); the PEG items and mean (91147-9); mood, text only."""
        when = {"effectiveDateTime": local_text(checkin.at)}
        late = _late_note(checkin.at, checkin.created)
        self.observation(
            _uuid(_key("pain-now", checkin.id, checkin.at)),
            category="survey",
            code=_loinc(*PAIN_NOW_LOINC, text="Pain now, 0 (no pain) to 10 (pain as bad as you can imagine)"),
            summary=f"Pain now: {checkin.pain_now} of 10 ({local_text(checkin.at)}). Self-reported.",
            notes=["Self-reported in a personal journal.", *late],
            when=when,
            valueQuantity=_score(checkin.pain_now),
        )
        if checkin.peg is not None and checkin.peg_score is not None:
            self.observation(
                _uuid(_key("peg", checkin.id, checkin.at)),
                category="survey",
                code=_loinc(
                    *PEG_MEAN_LOINC,
                    text="PEG scale (Pain, Enjoyment of life, General activity): "
                    "mean of the three items, 0 to 10",
                ),
                summary=(
                    f"PEG score {checkin.peg_score} (items {', '.join(map(str, checkin.peg))}), "
                    f"{local_text(checkin.at)}. Self-reported."
                ),
                notes=[
                    "Self-reported in a personal journal. The score is the mean of the three items, "
                    "to one decimal.",
                    *late,
                ],
                when=when,
                valueQuantity=_score(checkin.peg_score),
                component=[
                    {"code": _loinc(code, None, text=question), "valueQuantity": _score(value)}
                    for (code, question), value in zip(PEG_ITEM_LOINC, checkin.peg, strict=True)
                ],
            )
        if checkin.mood is not None:
            self.observation(
                _uuid(_key("mood", checkin.id, checkin.at)),
                category="survey",
                code={"text": "Mood, self-rated 0 (the worst mood) to 10 (the best mood)"},
                summary=f"Mood: {checkin.mood} of 10 ({local_text(checkin.at)}). Self-reported.",
                notes=["Self-reported in a personal journal; the journal's own 0-10 scale.", *late],
                when=when,
                valueInteger=checkin.mood,
            )

    # -- symptoms --------------------------------------------------------------------------------

    def symptom(self, entry: SymptomEntry, stype: SymptomType | None) -> None:
        label = stype.label if stype else entry.type_key
        severity = Severity(entry.severity)
        notes = [
            f"Self-reported severity {int(severity)} ({severity.word}) on the journal's scale: "
            "0 none, 1 mild, 2 moderate, 3 severe, 4 extreme."
        ]
        if stype is not None and stype.red_flag:
            notes.append("The journal lists this symptom as a warning sign to see a clinician about.")
        notes.extend(_late_note(entry.at, entry.created))
        extra: dict[str, Any] = {"valueInteger": int(severity)}
        if entry.body_area:
            extra["bodySite"] = {"text": entry.body_area}
        where = f", {entry.body_area}" if entry.body_area else ""
        self.observation(
            _uuid(_key("symptom", entry.id, entry.at)),
            category="survey",
            code={"text": f"{label}: severity, 0 (none) to 4 (extreme)"},
            summary=f"{label}{where}: {severity.word} ({int(severity)} of 4), {local_text(entry.at)}. "
            "Self-reported.",
            notes=notes,
            when={"effectiveDateTime": local_text(entry.at)},
            **extra,
        )

    # -- breaks ----------------------------------------------------------------------------------

    def brk(self, brk: Break) -> None:
        """A planned break: its span, its length once over, its goal date and whether it was kept."""
        period = {"start": local_text(brk.start)}
        extra: dict[str, Any] = {}
        if brk.actual_end is not None:
            period["end"] = local_text(brk.actual_end)
            days = max(0, (brk.actual_end.utc - brk.start.utc) // timedelta(days=1))
            extra["valueQuantity"] = _quantity(days, "d", "d")
            span = f"lasted {days} days"
        else:
            span = "still running at export"
        components: list[dict[str, Any]] = []
        if brk.planned_end is not None:
            components.append(
                {"code": {"text": "Planned end date"}, "valueDateTime": brk.planned_end.isoformat()}
            )
        kept = brk.kept()
        if kept is not None:
            components.append({"code": {"text": "Kept to the planned end"}, "valueBoolean": kept})
        if components:
            extra["component"] = components
        goal = f", goal {brk.planned_end.isoformat()}" if brk.planned_end else ", no goal date"
        outcome = {True: ", kept", False: ", ended early", None: ""}[kept]
        self.observation(
            _uuid(_key("break", brk.id, brk.start)),
            category="social-history",
            code={"text": "Planned break from kratom use (self-reported); value: length in days"},
            summary=f"Break from kratom from {local_text(brk.start)}: {span}{goal}{outcome}. Self-reported.",
            notes=["A pause the person planned and logged in their journal; the goal is their own."],
            when={"effectivePeriod": period},
            final=brk.actual_end is not None,
            **extra,
        )

    # -- withdrawal ------------------------------------------------------------------------------

    def withdrawal(self, score: WithdrawalScore) -> None:
        self.add(withdrawal_response(score, _uuid(_key("withdrawal", score.id, score.at)), self.patient_ref))


# -- small parts ---------------------------------------------------------------------------------


def _breaks_in(record: FhirRecord) -> list[Break]:
    """Breaks that overlap the period (a running one counts up to the period's end)."""
    out = []
    for brk in record.breaks:
        first = record.day_of(brk.start)
        last = record.day_of(brk.actual_end) if brk.actual_end else max(record.end, first)
        if first <= record.end and last >= record.start:
            out.append(brk)
    return out


def _entry_order(entry: Intake | PainCheckin | SymptomEntry | WithdrawalScore) -> tuple[datetime, int]:
    return entry.at.utc, entry.id or 0


def _key(kind: str, entry_id: int | None, at: Moment) -> str:
    """What makes an entry's resource id: its kind, its id in the journal and its exact time."""
    return f"{kind}|{entry_id}|{at.utc.isoformat()}"


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(parts)))


def _narrative(text: str) -> dict[str, str]:
    """The human-readable summary FHIR asks each resource to carry (XHTML, escaped)."""
    return {"status": "generated", "div": f'<div xmlns="{XHTML}"><p>{html.escape(text)}</p></div>'}


def _category(code: str) -> dict[str, Any]:
    display = {"social-history": "Social History", "survey": "Survey"}[code]
    return {"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}], "text": display}


def _loinc(code: str, display: str | None, *, text: str) -> dict[str, Any]:
    coding = {"system": LOINC, "code": code}
    if display is not None:
        coding["display"] = display
    return {"coding": [coding], "text": text}


def _absent(code: str, text: str) -> dict[str, Any]:
    return {"coding": [{"system": DATA_ABSENT_REASON, "code": code}], "text": text}


def _number(value: Decimal) -> int | float:
    """A decimal as a JSON number: whole numbers without a fraction, others exactly as written."""
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _quantity(value: int | float, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def _score(value: int | Decimal) -> dict[str, Any]:
    """A score: whole ratings as integers, the PEG mean with its one decimal ("6.0" stays 6.0)."""
    return _quantity(float(value) if isinstance(value, Decimal) else value, "score", "{score}")


def _int_component(text: str, value: int) -> dict[str, Any]:
    return {"code": {"text": text}, "valueInteger": value}


def _grams(mg: int) -> Decimal:
    return Decimal(mg) / MG_PER_G


def _intakes(n: int) -> str:
    return f"{n} intake{'' if n == 1 else 's'}"


def _uncounted_reason(intake: Intake) -> str:
    if intake.unit is Unit.CAPS and intake.form.is_leaf:
        return "capsules with no known content"
    return f"{intake.form.label.lower()} with no leaf-equivalent factor"


def _late_note(at: Moment, created: datetime | None) -> list[str]:
    if created is not None and is_entered_later(at, created):
        return ["Entered more than 12 hours after the time it describes."]
    return []


def _day_start_note(hour: int) -> str:
    return f" Journal days start at {hour:02d}:00 local time." if hour else ""
