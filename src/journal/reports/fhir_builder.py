"""The FHIR export's resources: the Patient, the app as a Device, and an Observation or
QuestionnaireResponse for each kind of entry, a MedicationStatement for each other medication and
a CarePlan for each of the person's own taper plans, all marked as self-reported (docs/fhir.md)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from journal.domain.entities import Break, Intake, PainCheckin, Severity, SymptomEntry, SymptomType
from journal.domain.guidance import Dose
from journal.domain.medications import Medication
from journal.domain.periods import Period, counted_period
from journal.domain.stats import daily_totals, use_summary
from journal.domain.taper import TaperPlan
from journal.domain.times import is_entered_later
from journal.domain.withdrawal import SOWS_ITEMS, SOWS_TOP, WithdrawalScore
from journal.reports.export import local_text
from journal.reports.fhir_parts import (
    APP_NAME,
    PAIN_NOW_LOINC,
    PEG_ITEM_LOINC,
    PEG_MEAN_LOINC,
    FhirRecord,
    absent_reason,
    category_of,
    day_start_note,
    decimal_str,
    entry_key,
    grams_of,
    int_component,
    intakes_words,
    json_number,
    late_note,
    loinc_code,
    medication_key,
    narrative,
    plan_key,
    quantity_of,
    resource_id,
    score_of,
    uncounted_reason,
)


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
        "text": narrative(
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


class Builder:
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
            "text": narrative(summary),
            "status": "final" if final else "preliminary",
            "category": [category_of(category)],
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
            "id": resource_id("patient", self.digest),
            "text": narrative(
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
                "id": resource_id("device", self.digest),
                "text": narrative(
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
        counted = counted_period(Period(rec.start, rec.end), self.today, self.today in use_days)
        if counted is None:
            return
        last = counted.end
        use = use_summary(use_days, rec.start, last)
        cut = " (today, not yet over, is left out)" if last < rec.end else ""
        components = [
            int_component("Days in the period", use.days),
            int_component("Days with kratom use", use.use_days),
            int_component("Days without kratom use", use.dose_free_days),
            int_component("Longest run of days without kratom use", use.longest_dose_free),
        ]
        self.observation(
            resource_id("use-summary", self.digest),
            category="social-history",
            code={"text": "Kratom use: days with and without use in the period (self-reported)"},
            summary=(
                f"Kratom use {rec.start.isoformat()} to {last.isoformat()}{cut}: {use.use_days} of "
                f"{use.days} days with use, {use.dose_free_days} without; longest run without use "
                f"{use.longest_dose_free} days. Self-reported."
            ),
            notes=[
                "Self-reported in a personal journal. A day without any intake logged counts as a day "
                "without use." + day_start_note(rec.day_start_hour)
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
        grams = grams_of(mg)
        notes = [
            "Self-reported: grams of kratom leaf (or its equivalent) taken on this journal day, "
            "summed from the intakes the person logged." + day_start_note(self.record.day_start_hour)
        ]
        forms = Counter(i.form.label.lower() for i in intakes)
        notes.append("Forms: " + ", ".join(f"{form} {n}" for form, n in sorted(forms.items())) + ".")
        marked = sum(i.estimate for i in intakes if i.leaf_mg is not None)
        if marked:
            notes.append(f"Estimate: {intakes_words(marked)} marked by the person as an estimated amount.")
        converted = sum(i.leaf_estimated for i in intakes if i.leaf_mg is not None)
        if converted:
            notes.append(
                f"Estimate: {intakes_words(converted)} converted from extract with the person's own "
                "leaf-equivalent factor."
            )
        if uncounted:
            reasons = sorted({uncounted_reason(i) for i in uncounted})
            notes.append(
                f"Not counted: {intakes_words(len(uncounted))} that cannot be converted to grams of leaf "
                f"({'; '.join(reasons)})"
                + (", so the day's total is at least the amount given." if counted else ".")
            )
        late = sum(bool(i.created and is_entered_later(i.at, i.created)) for i in intakes)
        if late:
            were = "it was" if late == 1 else "they were"
            notes.append(f"{intakes_words(late)} entered more than 12 hours after {were} taken.")
        ongoing = day >= self.today
        if ongoing:
            notes.append("The day was not over when this record was exported.")
        value: dict[str, Any]
        if counted:
            quantity = quantity_of(json_number(grams), "g", "g")
            if uncounted:
                quantity = {"comparator": ">=", **quantity}
            value = {"valueQuantity": quantity}
            amount = f"{'at least ' if uncounted else ''}{decimal_str(grams)} g"
        else:
            value = {"dataAbsentReason": absent_reason("unknown", "Not convertible to grams of leaf")}
            amount = "amount unknown"
        estimate = " (estimate)" if marked or converted else ""
        self.observation(
            resource_id("use-day", day.isoformat(), *(entry_key("intake", i.id, i.at) for i in intakes)),
            category="social-history",
            code={"text": "Kratom taken on this day, grams of leaf or leaf equivalent (self-reported)"},
            summary=f"{day.isoformat()}: kratom {amount}{estimate} in {intakes_words(len(intakes))}. "
            "Self-reported.",
            notes=notes,
            when={"effectiveDateTime": day.isoformat()},
            final=not ongoing,
            **value,
            component=[int_component("Number of intakes on this day", len(intakes))],
        )

    # -- pain ------------------------------------------------------------------------------------

    def pain(self, checkin: PainCheckin) -> None:
        """Pain now (LOINC 72514-3); the PEG items and mean (91147-9); mood, text only."""
        when = {"effectiveDateTime": local_text(checkin.at)}
        late = late_note(checkin.at, checkin.created)
        self.observation(
            resource_id(entry_key("pain-now", checkin.id, checkin.at)),
            category="survey",
            code=loinc_code(
                *PAIN_NOW_LOINC, text="Pain now, 0 (no pain) to 10 (pain as bad as you can imagine)"
            ),
            summary=f"Pain now: {checkin.pain_now} of 10 ({local_text(checkin.at)}). Self-reported.",
            notes=["Self-reported in a personal journal.", *late],
            when=when,
            valueQuantity=score_of(checkin.pain_now),
        )
        if checkin.peg is not None and checkin.peg_score is not None:
            self.observation(
                resource_id(entry_key("peg", checkin.id, checkin.at)),
                category="survey",
                code=loinc_code(
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
                valueQuantity=score_of(checkin.peg_score),
                component=[
                    {"code": loinc_code(code, None, text=question), "valueQuantity": score_of(value)}
                    for (code, question), value in zip(PEG_ITEM_LOINC, checkin.peg, strict=True)
                ],
            )
        if checkin.mood is not None:
            self.observation(
                resource_id(entry_key("mood", checkin.id, checkin.at)),
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
        notes.extend(late_note(entry.at, entry.created))
        extra: dict[str, Any] = {"valueInteger": int(severity)}
        if entry.body_area:
            extra["bodySite"] = {"text": entry.body_area}
        where = f", {entry.body_area}" if entry.body_area else ""
        self.observation(
            resource_id(entry_key("symptom", entry.id, entry.at)),
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
            extra["valueQuantity"] = quantity_of(days, "d", "d")
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
            resource_id(entry_key("break", brk.id, brk.start)),
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
        self.add(
            withdrawal_response(
                score, resource_id(entry_key("withdrawal", score.id, score.at)), self.patient_ref
            )
        )

    # -- other medications -----------------------------------------------------------------------

    def medication(self, m: Medication) -> None:
        """Another medication or substance the person reports, as a MedicationStatement they are the
        source of: its name and dose as written (text only, never coded), its dates and reason.
        Notes stay out, as everywhere in this record; no interaction is checked."""
        period: dict[str, str] = {}
        if m.started is not None:
            period["start"] = m.started.isoformat()
        if m.stopped is not None:
            period["end"] = m.stopped.isoformat()
        active = m.stopped is None or m.stopped > self.today
        dose = m.dose_text()
        resource: dict[str, Any] = {
            "resourceType": "MedicationStatement",
            "id": resource_id(medication_key(m)),
            "text": narrative(
                f"{m.name}{f' ({dose})' if dose else ''}"
                f"{f', {m.dates_text()}' if m.dates_text() else ''}: reported by the person. Self-reported."
            ),
            "status": "active" if active else "completed",
            "category": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/medication-statement-category",
                        "code": "patientspecified",
                        "display": "Patient Specified",
                    }
                ]
            },
            "medicationCodeableConcept": {"text": m.name},
            "subject": self.patient_ref,
        }
        if period:
            resource["effectivePeriod"] = period
        resource["informationSource"] = self.patient_ref
        if m.reason.strip():
            resource["reasonCode"] = [{"text": m.reason.strip()}]
        resource["note"] = [
            {"text": "Reported by the person in their journal; the journal checks no interactions."}
        ]
        if dose:
            resource["dosage"] = [{"text": dose}]
        self.add(resource)

    # -- the person's own taper plans ------------------------------------------------------------

    def plan(self, p: TaperPlan) -> None:
        """The person's own taper plan as a CarePlan of intent "plan" that they wrote: its span, its
        state, the plan in words, and for a day-by-day table one activity a listed day with its
        grams a day. Never guidance: the note says whose plan it is and that no source gives one."""
        last = p.ended - timedelta(days=1) if p.ended is not None else None
        if p.ended is not None and p.ended <= self.today:
            reached = p.reaches_target()
            status = "completed" if reached is not None and reached < p.ended else "revoked"
        else:
            status = "on-hold" if p.paused else "active"
        period = {"start": p.first_day.isoformat()}
        if last is not None:
            period["end"] = last.isoformat()
        pauses = "; ".join(
            f"paused {x.start.isoformat()} to {x.end.isoformat()}"
            if x.end
            else f"paused since {x.start.isoformat()}"
            for x in p.pauses
        )
        ended = f", ended {p.ended.isoformat()}" if p.ended is not None else ""
        words = f"Your plan: {p.describe()}{ended}{f' ({pauses})' if pauses else ''}."
        resource: dict[str, Any] = {
            "resourceType": "CarePlan",
            "id": resource_id(plan_key(p)),
            "text": narrative(f"{words} The person's own taper plan, self-reported; not guidance."),
            "status": status,
            "intent": "plan",
            "title": "Taper plan (the person's own, self-reported)",
            "description": words,
            "subject": self.patient_ref,
            "period": period,
            "author": self.patient_ref,
        }
        if p.table:
            resource["activity"] = [{"detail": detail} for detail in self._table_details(p)]
        resource["note"] = [
            {
                "text": "Recorded by the person in their journal as their own plan (or their clinician's, "
                "as they wrote it). The journal gives no taper schedule and presents none as guidance; "
                "each day's planned amount is compared with what was logged."
            }
        ]
        self.add(resource)

    def _table_details(self, p: TaperPlan) -> list[dict[str, Any]]:
        """One activity detail a listed day: from when (pauses counted) until the next, grams a day."""
        starts = p.row_starts()
        out: list[dict[str, Any]] = []
        for n, ((listed, grams), begins) in enumerate(zip(p.table, starts, strict=True)):
            later = next((d for d in starts[n + 1 :] if d is not None), None)
            until = later - timedelta(days=1) if later is not None else None
            if p.ended is not None and (until is None or until >= p.ended):
                until = p.ended - timedelta(days=1)
            detail: dict[str, Any] = {
                "status": self._row_status(p, begins, until),
                "description": f"From {listed.isoformat()} (as listed): {decimal_str(grams)} g a day",
            }
            if begins is not None:
                detail["scheduledPeriod"] = {"start": begins.isoformat()}
                if until is not None:
                    detail["scheduledPeriod"]["end"] = until.isoformat()
            detail["dailyAmount"] = quantity_of(json_number(grams), "g", "g")
            out.append(detail)
        return out

    def _row_status(self, p: TaperPlan, begins: date | None, until: date | None) -> str:
        if begins is None:
            return "stopped" if p.ended is not None and p.ended <= self.today else "on-hold"
        if begins > self.today:
            return "scheduled"
        if until is not None and until < self.today:
            return "completed"
        return "on-hold" if p.paused else "in-progress"
