"""The FHIR export: a valid R4 Bundle whose figures are the journal's own, self-reported, private.

The bundle is checked with the R4B models of fhir.resources (a test dependency)
and its figures against hand-worked values and against journal.domain.stats.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from journal.domain.entities import Form, Intake, PainCheckin, Product, Unit
from journal.domain.errors import InvalidInput
from journal.domain.stats import break_summary, daily_totals, pain_series, use_summary
from journal.domain.times import Moment, resolve_local
from journal.reports import fhir
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # 13:00 in Berlin: 10 March is not over
START, END = date(2026, 3, 1), date(2026, 3, 10)
NAME = "Sam Example"
SECRETS = (
    "SECRET-NOTE",
    "SECRET-PRODUCT",
    "SECRET-VENDOR",
    "SECRET-BATCH",
    "SECRET-REASON",
    "SECRET-OUTCOME",
)
LOINC_USED = {"72514-3", "91147-9", "75893-8", "91145-3", "91146-1"}


def at(text: str) -> Moment:
    return resolve_local(datetime.fromisoformat(text), ZONE)


@pytest.fixture
def known(journal: Journal, clock: FakeClock) -> Journal:
    """A known journal, 1 to 10 March 2026 (and one entry on each side of it)."""
    caps = journal.products.add(
        Product("SECRET-PRODUCT caps", vendor="SECRET-VENDOR", batch="SECRET-BATCH", capsule_g=Decimal("0.5"))
    )
    ext = journal.products.add(
        Product("SECRET-PRODUCT extract", usual_form=Form.EXTRACT, leaf_factor=Decimal(10))
    )

    def log(amount: str, when: str, **kw: Any) -> None:
        journal.log_intake(IntakeDraft(amount, at(when), **kw))

    log("4", "2026-02-28T21:00")  # outside the period
    log("2", "2026-03-01T08:00", notes="SECRET-NOTE")
    log("3.5", "2026-03-01T20:00")  # 1 March: 5.5 g in 2 intakes
    log("4", "2026-03-02T09:00", unit=Unit.CAPS, form=Form.CAPSULES, product_id=caps.id)  # 2 g
    log("1", "2026-03-02T12:00", form=Form.EXTRACT)  # no factor: not counted -> at least 2 g
    log("0.25", "2026-03-03T09:00", form=Form.EXTRACT, product_id=ext.id)  # 2.5 g, converted
    log("1", "2026-03-03T18:00", estimate=True)  # 3 March: 3.5 g, both estimates
    log("1", "2026-03-04T10:00", form=Form.EXTRACT)  # 4 March: nothing countable
    log("1.5", "2026-03-10T09:00")  # today, entered 4 hours later (not "late")

    journal.log_pain(PainCheckin(at("2026-03-02T10:00"), 6, (7, 5, 6), mood=4, notes="SECRET-NOTE"))
    journal.log_pain(PainCheckin(at("2026-03-08T10:00"), 3))
    journal.log_symptom("nausea", 3, at("2026-03-02T11:00"), notes="SECRET-NOTE")
    journal.log_symptom("jaundice", 0, at("2026-03-02T11:00"))
    journal.log_symptom("rash", 2, at("2026-03-06T18:00"), area="arms")

    clock.now = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
    journal.start_break(date(2026, 3, 8), reason="SECRET-REASON")
    clock.now = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
    journal.end_break("SECRET-OUTCOME")
    clock.now = datetime(2026, 3, 11, 8, 0, tzinfo=UTC)
    journal.log_pain(PainCheckin(at("2026-03-11T00:30"), 9))  # 11 March: outside
    clock.now = NOW
    return journal


def record(journal: Journal, **kw: Any) -> fhir.FhirRecord:
    store = journal.entries
    fields: dict[str, Any] = {
        "intakes": tuple(store.intakes()),
        "pain": tuple(store.pain()),
        "symptoms": tuple(store.symptoms()),
        "symptom_types": {t.key: t for t in store.symptom_types()},
        "breaks": tuple(store.breaks()),
        "day_start_hour": journal.settings.day_start_hour,
        "zone": journal.zone,
        "patient_name": NAME,
    }
    fields.update(kw)
    return fhir.FhirRecord(START, END, **fields)


def build(rec: fhir.FhirRecord, now: datetime = NOW) -> dict[str, Any]:
    return fhir.fhir_bundle(rec, app_version="0.1.0", now=now)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_code_text(bundle: dict[str, Any], start: str) -> list[dict[str, Any]]:
    return [r for r in resources(bundle, "Observation") if r["code"]["text"].startswith(start)]


def use_days(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["effectiveDateTime"]: r for r in by_code_text(bundle, "Kratom taken on this day")}


def notes(resource: dict[str, Any]) -> str:
    return " ".join(n["text"] for n in resource.get("note", []))


def sows(value: int = 1, when: str = "2026-03-03T09:00", entry_id: int = 1) -> fhir.WithdrawalScore:
    return fhir.WithdrawalScore(at(when), tuple([value] * 15 + [value + 1 if value < 4 else 0]), entry_id)


# -- a valid bundle ------------------------------------------------------------------------------


def test_the_bundle_is_a_valid_r4_collection_whose_references_all_resolve(known: Journal) -> None:
    bundle = build(record(known, withdrawal=(sows(),)))
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert [type(e.resource).__name__ for e in parsed.entry[:2]] == ["Patient", "Device"]

    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [node["reference"]] if "reference" in node else []
            return found + [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    assert refs(bundle) and set(refs(bundle)) <= set(urls)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == kinds.count("Device") == kinds.count("QuestionnaireResponse") == 1


def test_codes_are_the_checked_loinc_codes_and_valid_fhir_codes(known: Journal) -> None:
    bundle = build(record(known))
    observations = resources(bundle, "Observation")
    codings = [c for r in observations for c in r["code"].get("coding", [])]
    codings += [
        c for r in observations for comp in r.get("component", []) for c in comp["code"].get("coding", [])
    ]
    assert {c["system"] for c in codings} == {"http://loinc.org"}
    assert {c["code"] for c in codings} == LOINC_USED
    for r in observations:
        assert r["status"] in {"final", "preliminary"}
        assert r["code"]["text"]  # every code says in words what it is, coded or not
        [category] = r["category"]
        assert [c["code"] for c in category["coding"]] in (["social-history"], ["survey"])
        assert category["coding"][0]["system"] == "http://terminology.hl7.org/CodeSystem/observation-category"
        quantities = [r.get("valueQuantity"), *(c.get("valueQuantity") for c in r.get("component", []))]
        for q in filter(None, quantities):
            assert q["system"] == "http://unitsofmeasure.org"
            assert q["code"] in {"g", "{score}", "d"}


# -- daily amounts -------------------------------------------------------------------------------


def test_daily_amounts_are_the_hand_worked_grams_marked_honestly(known: Journal) -> None:
    days = use_days(build(record(known)))
    assert sorted(days) == ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-10"]

    first = days["2026-03-01"]
    assert first["valueQuantity"] == {
        "value": 5.5,
        "unit": "g",
        "system": "http://unitsofmeasure.org",
        "code": "g",
    }
    assert first["component"][0]["valueInteger"] == 2
    assert "Estimate" not in notes(first) and "Not counted" not in notes(first)

    second = days["2026-03-02"]  # 4 capsules of 0.5 g, and an extract nothing converts
    assert second["valueQuantity"]["value"] == 2
    assert second["valueQuantity"]["comparator"] == ">="
    assert "Not counted: 1 intake" in notes(second) and "extract with no leaf-equivalent factor" in notes(
        second
    )

    third = days["2026-03-03"]  # 0.25 g extract x 10 + 1 g marked as an estimate
    assert third["valueQuantity"]["value"] == 3.5
    assert "comparator" not in third["valueQuantity"]
    assert "1 intake marked by the person as an estimated amount" in notes(third)
    assert "converted from extract with the person's own leaf-equivalent factor" in notes(third)

    fourth = days["2026-03-04"]
    assert "valueQuantity" not in fourth
    assert fourth["dataAbsentReason"]["coding"][0]["code"] == "unknown"

    today = days["2026-03-10"]
    assert today["valueQuantity"]["value"] == 1.5
    assert today["status"] == "preliminary" and "not over" in notes(today)
    assert all(days[d]["status"] == "final" for d in days if d != "2026-03-10")
    assert "entered more than 12 hours" in notes(first) and "entered more than" not in notes(today)


def test_daily_amounts_agree_with_the_journals_statistics(known: Journal) -> None:
    hour = known.settings.day_start_hour
    totals = {d: t for d, t in daily_totals(known.entries.doses(), hour).items() if START <= d <= END}
    days = use_days(build(record(known)))
    assert sorted(days) == [d.isoformat() for d in sorted(totals)]
    for day, total in totals.items():
        obs = days[day.isoformat()]
        assert obs["component"][0]["valueInteger"] == total.intakes
        if total.uncounted == total.intakes:
            assert "valueQuantity" not in obs
            continue
        assert Decimal(str(obs["valueQuantity"]["value"])) * 1000 == total.mg
        assert ("comparator" in obs["valueQuantity"]) == (total.uncounted > 0)
        assert ("Estimate:" in notes(obs)) == total.estimate


def test_the_period_summary_counts_days_as_the_journal_does(known: Journal) -> None:
    [summary] = by_code_text(build(record(known)), "Kratom use: days with and without use")
    values = {c["code"]["text"]: c["valueInteger"] for c in summary["component"]}
    use = use_summary({d for d in daily_totals(known.entries.doses()) if START <= d <= END}, START, END)
    assert values == {
        "Days in the period": use.days,
        "Days with kratom use": use.use_days,
        "Days without kratom use": use.dose_free_days,
        "Longest run of days without kratom use": use.longest_dose_free,
    }
    assert (use.days, use.use_days, use.longest_dose_free) == (10, 5, 5)  # 5 to 9 March
    assert summary["effectivePeriod"] == {"start": "2026-03-01", "end": "2026-03-10"}


def test_an_unfinished_today_without_use_is_not_a_dose_free_day(known: Journal) -> None:
    rec = record(known)
    rec = replace(rec, intakes=tuple(i for i in rec.intakes if i.at.local.date() != END))
    [summary] = by_code_text(build(rec), "Kratom use: days with and without use")
    values = {c["code"]["text"]: c["valueInteger"] for c in summary["component"]}
    assert values["Days in the period"] == 9 and values["Days without kratom use"] == 5
    assert summary["effectivePeriod"]["end"] == "2026-03-09"
    # The next morning the same period is over, and 10 March counts as a day without use.
    [later] = by_code_text(build(rec, NOW + timedelta(days=1)), "Kratom use: days with and without use")
    assert {c["code"]["text"]: c["valueInteger"] for c in later["component"]}["Days in the period"] == 10


def test_journal_days_follow_the_day_start_hour() -> None:
    late_night = Intake(at("2026-03-02T02:30"), Decimal(2), Unit.G, Form.POWDER, 2000, id=1)
    rec = fhir.FhirRecord(START, END, intakes=(late_night,), day_start_hour=4, zone=ZONE)
    days = use_days(build(rec))
    assert list(days) == ["2026-03-01"]  # before 04:00 it is still the night of 1 March
    assert "Journal days start at 04:00" in notes(days["2026-03-01"])


# -- pain, PEG, mood, symptoms -------------------------------------------------------------------


def test_pain_and_peg_carry_their_loinc_codes_and_the_journals_scores(known: Journal) -> None:
    bundle = build(record(known))
    series = pain_series(c for c in known.entries.pain() if c.at.local.date() <= END)
    pain = [
        r
        for r in resources(bundle, "Observation")
        if r["code"].get("coding", [{}])[0].get("code") == "72514-3"
    ]
    assert [r["valueQuantity"]["value"] for r in pain] == [p.pain_now for p in series] == [6, 3]
    assert pain[0]["effectiveDateTime"] == "2026-03-02T10:00:00+01:00"
    assert all(r["category"][0]["coding"][0]["code"] == "survey" for r in pain)

    [peg] = [
        r
        for r in resources(bundle, "Observation")
        if r["code"].get("coding", [{}])[0].get("code") == "91147-9"
    ]
    assert Decimal(str(peg["valueQuantity"]["value"])) == series[0].peg == Decimal("6.0")
    assert json.dumps(peg["valueQuantity"]["value"]) == "6.0"  # the score keeps its one decimal
    assert [(c["code"]["coding"][0]["code"], c["valueQuantity"]["value"]) for c in peg["component"]] == [
        ("75893-8", 7),
        ("91145-3", 5),
        ("91146-1", 6),
    ]
    [mood] = by_code_text(bundle, "Mood")
    assert mood["valueInteger"] == 4 and "coding" not in mood["code"]


def test_a_peg_score_is_the_mean_to_one_decimal() -> None:
    checkin = PainCheckin(at("2026-03-04T08:00"), 5, (7, 5, 5), id=4)
    bundle = build(fhir.FhirRecord(START, END, pain=(checkin,), zone=ZONE))
    [peg] = [
        r
        for r in resources(bundle, "Observation")
        if r["code"].get("coding", [{}])[0].get("code") == "91147-9"
    ]
    assert peg["valueQuantity"]["value"] == 5.7 == float(checkin.peg_score or 0)
    assert [c["valueQuantity"]["value"] for c in peg["component"]] == [7, 5, 5]
    assert not by_code_text(bundle, "Mood")  # no mood given, none sent


def test_symptom_ratings_keep_their_scale_body_area_and_warning_signs(known: Journal) -> None:
    bundle = build(record(known))
    label = {t.key: t.label for t in known.entries.symptom_types()}
    ratings = {
        r["code"]["text"].removesuffix(": severity, 0 (none) to 4 (extreme)"): r
        for r in resources(bundle, "Observation")
        if r["code"]["text"].endswith("0 (none) to 4 (extreme)")
    }
    in_period = [e for e in known.entries.symptoms() if START <= e.at.local.date() <= END]
    assert {k: r["valueInteger"] for k, r in ratings.items()} == {
        label[e.type_key]: e.severity for e in in_period
    }
    assert {k: r["valueInteger"] for k, r in ratings.items()} == {
        "Nausea": 3,
        label["jaundice"]: 0,
        "Rash": 2,
    }
    assert ratings["Rash"]["bodySite"] == {"text": "arms"}
    assert "bodySite" not in ratings["Nausea"]
    assert "warning sign" in notes(ratings[label["jaundice"]])  # a "none" of a red flag is kept: it was asked
    assert "warning sign" not in notes(ratings["Nausea"])
    assert "3 (severe)" in notes(ratings["Nausea"])


# -- breaks and withdrawal -----------------------------------------------------------------------


def test_a_break_gives_its_span_length_goal_and_whether_it_was_kept(known: Journal) -> None:
    [brk] = by_code_text(build(record(known)), "Planned break")
    [stored] = known.entries.breaks()
    assert brk["valueQuantity"]["value"] == break_summary([stored], NOW).lengths_days[0] == 3
    assert brk["effectivePeriod"] == {
        "start": "2026-03-05T09:00:00+01:00",
        "end": "2026-03-09T08:00:00+01:00",
    }
    parts = {c["code"]["text"]: c for c in brk["component"]}
    assert parts["Planned end date"]["valueDateTime"] == "2026-03-08"
    assert parts["Kept to the planned end"]["valueBoolean"] is True
    assert brk["status"] == "final"


def test_a_running_break_is_preliminary_with_no_length(known: Journal, clock: FakeClock) -> None:
    known.start_break(None)
    running = [b for b in known.entries.breaks() if b.running]
    [brk] = [
        r for r in by_code_text(build(record(known)), "Planned break") if "end" not in r["effectivePeriod"]
    ]
    assert len(running) == 1
    assert brk["status"] == "preliminary" and "valueQuantity" not in brk and "component" not in brk


def test_withdrawal_scores_become_questionnaire_responses_with_their_total(known: Journal) -> None:
    score = sows(2)
    assert score.total == 15 * 2 + 3
    bundle = build(record(known, withdrawal=(score, sows(4, "2026-03-12T09:00", 2))))
    [response] = resources(bundle, "QuestionnaireResponse")  # the one on 12 March is outside
    Bundle.model_validate(bundle)
    items = response["item"]
    assert [i["linkId"] for i in items] == [*map(str, range(1, 17)), "total"]
    assert [i["answer"][0]["valueInteger"] for i in items[:16]] == list(score.items)
    assert items[-1]["answer"][0]["valueInteger"] == 33
    assert response["status"] == "completed" and response["authored"] == "2026-03-03T09:00:00+01:00"
    patient = {"reference": bundle["entry"][0]["fullUrl"]}
    assert response["subject"] == response["source"] == response["author"] == patient


@pytest.mark.parametrize("items", [(1,) * 15, (1,) * 17, (1,) * 15 + (5,), (1,) * 15 + (-1,)])
def test_a_withdrawal_score_needs_sixteen_ratings_from_0_to_4(items: tuple[int, ...]) -> None:
    with pytest.raises(InvalidInput):
        fhir.WithdrawalScore(at("2026-03-03T09:00"), items)


# -- self-reported, and nothing that identifies the person -------------------------------------


def test_every_resource_says_it_is_self_reported(known: Journal) -> None:
    bundle = build(record(known, withdrawal=(sows(),)))
    patient = {"reference": bundle["entry"][0]["fullUrl"]}
    device = {"reference": bundle["entry"][1]["fullUrl"]}
    for obs in resources(bundle, "Observation"):
        assert obs["performer"] == [patient] and obs["subject"] == patient and obs["device"] == device
        assert "self-reported" in (obs["text"]["div"] + notes(obs)).lower()
    for entry in bundle["entry"]:
        assert entry["resource"]["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')


def test_the_patient_holds_the_given_name_and_nothing_else(known: Journal) -> None:
    bundle = build(record(known))
    [patient] = resources(bundle, "Patient")
    assert set(patient) == {"resourceType", "id", "text", "name"}
    assert patient["name"] == [{"text": NAME}]

    [anonymous] = resources(build(record(known, patient_name="  ")), "Patient")
    assert set(anonymous) == {"resourceType", "id", "text"}


def test_no_identifying_data_leaves_beyond_the_given_name(known: Journal, data_dir: Path) -> None:
    text = fhir.bundle_bytes(build(record(known, withdrawal=(sows(),)))).decode("utf-8")
    for secret in SECRETS:  # notes, product names, vendor, batch, break reason and outcome
        assert secret not in text
    assert ZONE not in text and str(data_dir) not in text
    assert text.count(NAME) == 2  # the Patient's name and its narrative

    def keys(node: Any) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for v in node.values() for k in keys(v)}
        if isinstance(node, list):
            return {k for v in node for k in keys(v)}
        return set()

    found = keys([e["resource"] for e in json.loads(text)["entry"]])
    assert not found & {"birthDate", "identifier", "address", "telecom", "gender", "photo", "contact"}
    anonymous = fhir.bundle_bytes(build(record(known, patient_name=""))).decode("utf-8")
    assert NAME not in anonymous


# -- deterministic -------------------------------------------------------------------------------


def test_exporting_twice_gives_the_same_bundle(known: Journal) -> None:
    rec = record(known, withdrawal=(sows(),))
    first = fhir.bundle_bytes(build(rec))
    assert fhir.bundle_bytes(build(rec)) == first

    shuffled = [list(rec.intakes), list(rec.pain), list(rec.symptoms)]
    for items in shuffled:
        random.Random(7).shuffle(items)
    again = replace(rec, intakes=tuple(shuffled[0]), pain=tuple(shuffled[1]), symptoms=tuple(shuffled[2]))
    assert fhir.bundle_bytes(build(again)) == first

    later = build(rec, NOW + timedelta(hours=1))  # the same day: only the bundle's timestamp moves
    earlier = json.loads(first)
    assert later["timestamp"] != earlier["timestamp"]
    assert {**later, "timestamp": ""} == {**earlier, "timestamp": ""}


def test_ids_are_per_entry_so_a_longer_period_keeps_them(known: Journal) -> None:
    short = build(record(known))
    longer = build(replace(record(known), start=date(2026, 2, 1)))

    def ids(bundle: dict[str, Any]) -> dict[str, str]:
        return {r["text"]["div"]: r["id"] for r in resources(bundle, "Observation")}

    same = {div: rid for div, rid in ids(short).items() if "days with use" not in div}
    assert same and same.items() <= ids(longer).items()
    other = fhir.FhirRecord(START, END, intakes=(replace(record(known).intakes[1], id=999),), zone=ZONE)
    assert not set(ids(build(other)).values()) & set(ids(short).values())


# -- the file ------------------------------------------------------------------------------------


def test_write_fhir_writes_a_private_utf8_file_through_a_temp_name(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "out" / "record.json"
    target.parent.mkdir()
    rec = record(known, patient_name="Zoë Ünal")
    result = fhir.write_fhir(target, rec, app_version="0.1.0", now=NOW)
    assert target.read_bytes() == fhir.bundle_bytes(build(rec))
    assert "Zoë Ünal" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["record.json"]
    assert result.counts == {
        "use_days": 5,
        "pain_checkins": 2,
        "symptom_ratings": 3,
        "breaks": 1,
        "withdrawal_scores": 0,
        "medications": 0,
        "plans": 0,
    }
    assert result.summary() == (
        f"Wrote a FHIR record of 5 days with use, 2 pain check-ins, 3 symptom ratings, 1 break to {target}"
    )


def test_a_failed_write_leaves_nothing(known: Journal, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        fhir.write_fhir(tmp_path / "missing" / "record.json", record(known), app_version="0.1.0", now=NOW)
    assert not (tmp_path / "missing").exists()


# -- through the journal, beside the clinician summary ------------------------------------------


def test_the_record_from_the_journal_says_what_the_clinician_summary_says(
    known: Journal, tmp_path: Path
) -> None:
    """The FHIR record and the PDF count the same days the same way (journal.domain's statistics)."""
    from journal.domain.periods import Period
    from journal.reports.fhir_export import export_fhir, fhir_record
    from journal.reports.summary import read, summarise

    target = tmp_path / "record.json"
    result = export_fhir(known, target, START, END, name="  Sam   Example ")
    bundle = json.loads(target.read_text(encoding="utf-8"))
    Bundle.model_validate(bundle)
    assert resources(bundle, "Patient")[0]["name"] == [{"text": NAME}]
    assert result.counts == fhir.export_counts(fhir_record(known, START, END))

    data = read(known, Period(START, END))
    summary = summarise(data)
    [use] = by_code_text(bundle, "Kratom use: days with and without use")
    values = {c["code"]["text"]: c["valueInteger"] for c in use["component"]}
    assert values == {
        "Days in the period": summary.counted_days,
        "Days with kratom use": summary.use_days,
        "Days without kratom use": summary.dose_free_days,
        "Longest run of days without kratom use": summary.longest_dose_free,
    }
    assert summary.counted is not None and use["effectivePeriod"]["end"] == summary.counted.end.isoformat()
    days = use_days(bundle)
    assert sorted(days) == [d.isoformat() for d in sorted(data.totals)]
    for day, total in data.totals.items():
        obs = days[day.isoformat()]
        assert obs["component"][0]["valueInteger"] == total.intakes
        if "valueQuantity" in obs:
            assert Decimal(str(obs["valueQuantity"]["value"])) * 1000 == total.mg
    pain = [
        r
        for r in resources(bundle, "Observation")
        if r["code"].get("coding", [{}])[0].get("code") == "72514-3"
    ]
    assert len(pain) == summary.pain.total_n
    assert len(by_code_text(bundle, "Planned break")) == summary.breaks.count


def test_the_journal_s_withdrawal_check_ins_go_into_the_record(known: Journal, tmp_path: Path) -> None:
    """fhir_export reads the stored SOWS check-ins of the period through the journal's one door."""
    from journal.reports.fhir_export import export_fhir, fhir_record

    inside = known.log_withdrawal(fhir.WithdrawalScore(at("2026-03-06T09:00"), (2,) * 16))
    known.log_withdrawal(fhir.WithdrawalScore(at("2026-02-27T09:00"), (4,) * 16))  # before the period
    assert fhir_record(known, START, END).withdrawal == (inside,)
    target = tmp_path / "record.json"
    result = export_fhir(known, target, START, END)
    assert result.counts["withdrawal_scores"] == 1
    bundle = json.loads(target.read_text(encoding="utf-8"))
    Bundle.model_validate(bundle)
    [response] = resources(bundle, "QuestionnaireResponse")
    assert response["item"][-1]["answer"][0]["valueInteger"] == 32
    assert response["authored"] == "2026-03-06T09:00:00+01:00"


# -- other medications ---------------------------------------------------------------------------


def test_other_medications_are_self_reported_medication_statements(known: Journal, tmp_path: Path) -> None:
    """Those taken during the period, as written (name, dose, dates, reason), the person as the source;
    notes stay out and nothing is coded or checked for interactions."""
    from journal.domain.medications import Medication
    from journal.reports.fhir_export import export_fhir, fhir_record

    meds = known.medications
    meds.add(
        Medication("Ibuprofen", "400 mg", "as needed", "back pain", date(2026, 1, 5), notes="SECRET-NOTE")
    )
    meds.add(Medication("Codeine", "30 mg", "", "", date(2026, 1, 1), date(2026, 3, 4)))  # stopped inside
    meds.add(Medication("Tramadol", "50 mg", "", "", None, date(2026, 2, 20)))  # stopped before the period
    meds.add(Medication("Melatonin"))  # no dates: taken throughout
    assert [m.name for m in fhir_record(known, START, END).medications] == [
        "Codeine",
        "Ibuprofen",
        "Melatonin",
    ]
    target = tmp_path / "record.json"
    result = export_fhir(known, target, START, END)
    assert result.counts["medications"] == 3 and "3 other medications" in result.summary()
    bundle = json.loads(target.read_text(encoding="utf-8"))
    parsed = Bundle.model_validate(bundle)
    assert sum(type(e.resource).__name__ == "MedicationStatement" for e in parsed.entry) == 3
    statements = {r["medicationCodeableConcept"]["text"]: r for r in resources(bundle, "MedicationStatement")}
    patient = {"reference": bundle["entry"][0]["fullUrl"]}
    ibuprofen, codeine, melatonin = statements["Ibuprofen"], statements["Codeine"], statements["Melatonin"]
    assert ibuprofen["status"] == "active" and ibuprofen["effectivePeriod"] == {"start": "2026-01-05"}
    assert ibuprofen["dosage"] == [{"text": "400 mg, as needed"}]
    assert ibuprofen["reasonCode"] == [{"text": "back pain"}]
    assert ibuprofen["subject"] == ibuprofen["informationSource"] == patient
    assert codeine["status"] == "completed"
    assert codeine["effectivePeriod"] == {"start": "2026-01-01", "end": "2026-03-04"}
    assert "effectivePeriod" not in melatonin and "dosage" not in melatonin
    for statement in statements.values():
        assert "self-reported" in statement["text"]["div"].lower()
        assert "checks no interactions" in notes(statement)
    assert "SECRET-NOTE" not in target.read_text(encoding="utf-8")


# -- the person's own taper plans ----------------------------------------------------------------


def test_taper_plans_are_the_persons_own_care_plans(known: Journal, tmp_path: Path) -> None:
    """A plan from 1 January (ended on 20 February: before the period, left out), one that steps from
    20 February (ended on 4 March before its target: revoked), and a day-by-day table from 4 March,
    paused on 6 March for two days, so its row listed for 8 March begins on 10 March (today)."""
    from journal.reports.fhir_export import export_fhir

    known.taper.set("10", "8", "1", 7, date(2026, 1, 1))
    known.taper.set("8", "4", "0.5", 7, date(2026, 2, 20))
    known.taper.set_table([("2026-03-04", "7"), ("2026-03-06", "6.5"), ("2026-03-08", "5")])
    known.taper.pause(date(2026, 3, 6))
    known.taper.resume(date(2026, 3, 8))
    target = tmp_path / "record.json"
    result = export_fhir(known, target, START, END)
    assert result.counts["plans"] == 2 and "2 taper plans" in result.summary()
    bundle = json.loads(target.read_text(encoding="utf-8"))
    parsed = Bundle.model_validate(bundle)
    assert sum(type(e.resource).__name__ == "CarePlan" for e in parsed.entry) == 2
    steps, table = resources(bundle, "CarePlan")
    patient = {"reference": bundle["entry"][0]["fullUrl"]}
    assert steps["intent"] == table["intent"] == "plan"
    assert steps["status"] == "revoked" and steps["period"] == {"start": "2026-02-20", "end": "2026-03-03"}
    assert steps["description"] == (
        "Your plan: 8 g to 4 g, 0.5 g less every 7 days, from 2026-02-20, ended 2026-03-04."
    )
    assert "activity" not in steps
    assert table["status"] == "active" and table["period"] == {"start": "2026-03-04"}
    assert table["description"] == (
        "Your plan: 7 g to 5 g, day by day (3 days listed), from 2026-03-04 "
        "(paused 2026-03-06 to 2026-03-08)."
    )
    assert [a["detail"] for a in table["activity"]] == [
        {
            "status": "completed",
            "description": "From 2026-03-04 (as listed): 7 g a day",
            "scheduledPeriod": {"start": "2026-03-04", "end": "2026-03-05"},
            "dailyAmount": {"value": 7, "unit": "g", "system": "http://unitsofmeasure.org", "code": "g"},
        },
        {
            "status": "completed",
            "description": "From 2026-03-06 (as listed): 6.5 g a day",
            "scheduledPeriod": {"start": "2026-03-06", "end": "2026-03-09"},  # two days held by the pause
            "dailyAmount": {"value": 6.5, "unit": "g", "system": "http://unitsofmeasure.org", "code": "g"},
        },
        {
            "status": "in-progress",
            "description": "From 2026-03-08 (as listed): 5 g a day",
            "scheduledPeriod": {"start": "2026-03-10"},
            "dailyAmount": {"value": 5, "unit": "g", "system": "http://unitsofmeasure.org", "code": "g"},
        },
    ]
    for plan in (steps, table):
        assert plan["subject"] == plan["author"] == patient
        assert "self-reported" in plan["text"]["div"].lower() and "not guidance" in plan["text"]["div"]
        assert "presents none as guidance" in notes(plan)


def test_a_paused_plan_is_on_hold_and_a_finished_one_completed(known: Journal) -> None:
    from journal.domain.taper import Pause, TaperPlan, table_plan

    held = table_plan(
        [(date(2026, 3, 1), Decimal(4)), (date(2026, 3, 20), Decimal(2))],
        pauses=(Pause(date(2026, 3, 5)),),
        id=1,
    )
    done = TaperPlan(Decimal(2), Decimal(1), Decimal(1), 1, date(2026, 2, 27), ended=date(2026, 3, 3), id=2)
    bundle = build(record(known, plans=(held, done)))
    Bundle.model_validate(bundle)
    finished, paused = resources(bundle, "CarePlan")
    assert paused["status"] == "on-hold"
    assert [a["detail"]["status"] for a in paused["activity"]] == ["on-hold", "on-hold"]
    assert "scheduledPeriod" not in paused["activity"][1]["detail"]  # held: never reached yet
    assert finished["status"] == "completed"  # its target (1 g) was planned from 28 Feb
