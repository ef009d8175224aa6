"""Use cases: checking and logging intakes, and the Today numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from journal.domain.entities import Form, Level, PainCheckin, Product, Settings, Unit
from journal.domain.errors import InvalidInput
from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft, Preset
from journal.service.journal import Journal
from tests.conftest import ZONE, FakeClock

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # the clock fixture: 13:00 in Berlin


def at(delta: timedelta = timedelta(0), base: datetime = NOW) -> Moment:
    return Moment.from_utc(base + delta, ZONE)


def draft(amount: str, when: timedelta = timedelta(0), **kw: object) -> IntakeDraft:
    return IntakeDraft(amount, at(when), **kw)  # type: ignore[arg-type]


def rule_ids(check: object) -> list[str]:
    return [f.rule_id for f in check.findings]  # type: ignore[attr-defined]


def test_log_intake_stores_findings_with_the_entry(journal: Journal) -> None:
    journal.log_intake(draft("4.5", -timedelta(hours=10)))
    journal.log_intake(draft("4.5", -timedelta(hours=5)))
    checked = journal.log_intake(draft("5,5", decimal_sep=","))
    assert rule_ids(checked) == ["upper-limit-24h"]  # not the first intake: the starting dose is not said
    assert checked.rolling == 14_500
    assert checked.intake.id is not None
    stored = journal.entries.intake(checked.intake.id)
    assert stored.findings == checked.findings
    assert stored.amount == Decimal("5.5")
    assert stored.leaf_mg == 5500
    assert stored.findings[0].level is Level.CAUTION
    assert stored.findings[0].total_mg == 14_500
    assert stored.findings[0].citations


def test_log_intake_never_blocks_on_findings(journal: Journal) -> None:
    checked = journal.log_intake(draft("20"))
    assert checked.findings[0].level is Level.WARNING
    assert len(journal.entries.intakes()) == 1


def test_check_intake_does_not_save(journal: Journal) -> None:
    check = journal.check_intake(draft("6"))
    assert rule_ids(check) == ["starting-dose"]
    assert check.intake.id is None
    assert journal.entries.intakes() == []


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        ("abc", "amount"),
        ("", "amount"),
        ("0", "amount"),
        ("-2", "amount"),
        ("nan", "amount"),
        ("inf", "amount"),
    ],
)
def test_check_intake_refuses_bad_amounts(journal: Journal, amount: str, field: str) -> None:
    with pytest.raises(InvalidInput) as info:
        journal.check_intake(draft(amount))
    assert info.value.field == field


def test_check_intake_refuses_the_future(journal: Journal) -> None:
    journal.check_intake(draft("2", timedelta(minutes=5)))
    journal.check_intake(draft("2", timedelta(minutes=10)))
    with pytest.raises(InvalidInput) as info:
        journal.check_intake(draft("2", timedelta(minutes=11)))
    assert info.value.field == "time"
    with pytest.raises(InvalidInput):
        journal.log_intake(draft("2", timedelta(days=1)))
    assert journal.entries.intakes() == []


def test_notes_limit(journal: Journal) -> None:
    journal.check_intake(draft("2", notes="n" * 10_000))
    with pytest.raises(InvalidInput) as info:
        journal.check_intake(draft("2", notes="n" * 10_001))
    assert info.value.field == "notes"
    assert "10,000" in info.value.message


def test_implausible_amounts_need_confirmation(journal: Journal) -> None:
    journal.check_intake(draft("50"))
    with pytest.raises(InvalidInput) as info:
        journal.log_intake(draft("50.001"))
    assert info.value.field == "amount"
    assert "unusually large" in info.value.message
    assert journal.entries.intakes() == []
    saved = journal.log_intake(draft("51", confirm_large=True))
    assert saved.intake.leaf_mg == 51_000
    assert saved.findings[0].level is Level.WARNING


def test_implausible_capsule_counts_and_extracts(journal: Journal) -> None:
    caps = journal.products.add(Product("Caps", capsule_g=Decimal("0.5")))
    extract = journal.products.add(Product("Ext", leaf_factor=Decimal(20)))
    journal.check_intake(draft("100", unit=Unit.CAPS, form=Form.CAPSULES, product_id=caps.id))
    with pytest.raises(InvalidInput):
        journal.check_intake(draft("101", unit=Unit.CAPS, form=Form.CAPSULES, product_id=caps.id))
    # 3 g of a 20x extract is 60 g of leaf: questioned too.
    with pytest.raises(InvalidInput):
        journal.check_intake(draft("3", form=Form.EXTRACT, product_id=extract.id))
    check = journal.check_intake(draft("3", form=Form.EXTRACT, product_id=extract.id, confirm_large=True))
    assert check.intake.leaf_mg == 60_000
    assert check.intake.leaf_estimated
    assert check.rolling_estimate


def test_capsules_and_extracts_through_the_service(journal: Journal) -> None:
    caps = journal.products.add(Product("Caps", capsule_g=Decimal("0.5")))
    check = journal.log_intake(draft("12", unit=Unit.CAPS, form=Form.CAPSULES, product_id=caps.id))
    assert check.intake.leaf_mg == 6000
    assert check.intake.amount == Decimal(12)
    assert rule_ids(check) == ["starting-dose"]

    unknown = journal.products.add(Product("Unknown caps"))
    check = journal.log_intake(draft("4", unit=Unit.CAPS, form=Form.CAPSULES, product_id=unknown.id))
    assert check.intake.leaf_mg is None
    assert rule_ids(check) == ["not-counted"]

    check = journal.log_intake(draft("1", form=Form.EXTRACT))
    assert check.intake.leaf_mg is None
    assert rule_ids(check) == ["forms-not-covered"]
    assert check.rolling == 6000  # uncounted intakes do not add up


def test_unknown_product_is_invalid_input(journal: Journal) -> None:
    with pytest.raises(InvalidInput) as info:
        journal.check_intake(draft("2", product_id=999))
    assert info.value.field == "product"


def test_unicode_notes_round_trip(journal: Journal) -> None:
    notes = "Übelkeit 🤢 — 恶心, שלום, ﷽ e\u0301 \u200d👩‍👩‍👧 tab\tnew\nline \x00 end"
    saved = journal.log_intake(draft("2", notes=notes))
    assert saved.intake.id is not None
    assert journal.entries.intake(saved.intake.id).notes == notes


def test_edit_intake_rechecks_without_the_old_version(journal: Journal, clock: FakeClock) -> None:
    journal.log_intake(draft("4", -timedelta(hours=2)))
    big = journal.log_intake(draft("10", -timedelta(hours=1)))
    assert rule_ids(big) == ["upper-limit-24h"]
    assert big.intake.id is not None
    clock.now = NOW + timedelta(hours=1)
    edited = journal.edit_intake(replace(draft("3", -timedelta(hours=1)), id=big.intake.id))
    assert rule_ids(edited) == []
    assert edited.rolling == 7000
    stored = journal.entries.intake(big.intake.id)
    assert stored.amount == Decimal(3)
    assert stored.findings == ()
    assert stored.created == NOW
    assert stored.updated == NOW + timedelta(hours=1)
    assert len(journal.entries.intakes()) == 2
    with pytest.raises(ValueError):
        journal.edit_intake(draft("3"))


def test_back_dated_intake_is_checked_against_later_windows(journal: Journal) -> None:
    journal.log_intake(draft("6", -timedelta(hours=2)))
    journal.log_intake(draft("6", -timedelta(hours=1)))
    late = journal.log_intake(draft("4", -timedelta(hours=20)))
    (upper,) = [f for f in late.findings if f.rule_id == "upper-limit-24h"]
    assert upper.level is Level.WARNING
    assert upper.total_mg == 16_000
    assert late.rolling == 4000  # its own window holds only itself


def test_break_plan_and_during_break(journal: Journal, clock: FakeClock) -> None:
    journal.save_settings(Settings(max_use_days_in_row=2))
    for days_ago in (2, 1):
        journal.log_intake(draft("2", -timedelta(days=days_ago)))
    check = journal.log_intake(draft("2"))
    assert rule_ids(check) == ["break-plan"]
    assert check.findings[0].basis == "your break plan"

    journal.start_break(date(2026, 3, 20), "reset")
    clock.now = NOW + timedelta(days=2)
    check = journal.log_intake(IntakeDraft("1", journal.now()))
    assert "during-break" in rule_ids(check)


def test_personal_limits_through_the_service(journal: Journal) -> None:
    journal.save_settings(Settings(personal_intake_limit_g=Decimal(2), personal_daily_limit_g=Decimal(4)))
    journal.log_intake(draft("2", -timedelta(hours=3)))
    check = journal.log_intake(draft("2.5"))
    assert set(rule_ids(check)) == {"personal-intake-limit", "personal-daily-limit"}
    assert {f.basis for f in check.findings} == {"your personal limit"}


# -- today -------------------------------------------------------------------


def test_today_numbers(journal: Journal) -> None:
    journal.log_intake(draft("4", -timedelta(hours=25)))  # yesterday, outside the window
    journal.log_intake(draft("3", -timedelta(hours=22)))  # yesterday 15:00, inside it
    journal.log_intake(draft("2.5", -timedelta(hours=4)))
    journal.log_intake(draft("1", -timedelta(hours=1), estimate=True))
    t = journal.today()
    assert t.now == NOW
    assert t.today_mg == 3500
    assert t.today_estimate
    assert t.rolling_mg == 6500
    assert t.rolling_estimate
    assert t.since_last == timedelta(hours=1)
    assert t.last_intake is not None and t.last_intake.leaf_mg == 1000
    assert t.running_break is None and t.break_day is None
    assert t.streaks.current_dose_free == 0
    assert t.streaks.current_use_run == 2
    assert t.streaks.use_days == 2


def test_today_with_nothing_logged(journal: Journal) -> None:
    t = journal.today()
    assert (t.today_mg, t.rolling_mg, t.since_last, t.last_intake) == (0, 0, None, None)
    assert not t.today_estimate and not t.rolling_estimate
    assert t.latest_pain is None and t.latest_symptoms == ()


def test_today_dose_free_streak(journal: Journal) -> None:
    journal.log_intake(draft("2", -timedelta(days=6)))
    journal.log_intake(draft("2", -timedelta(days=3)))  # 7 March
    t = journal.today()
    assert t.today_mg == 0
    assert t.rolling_mg == 0
    assert t.since_last == timedelta(days=3)
    # 8, 9 and 10 March without a dose.
    assert t.streaks.current_dose_free == 3
    assert t.streaks.longest_dose_free == 3
    assert t.streaks.use_days == 2
    assert t.streaks.dose_free_days == 5


def test_today_respects_the_day_start_hour(journal: Journal, clock: FakeClock) -> None:
    clock.now = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
    journal.log_intake(IntakeDraft("2", Moment.from_utc(datetime(2026, 3, 10, 1, 0, tzinfo=UTC), ZONE)))
    assert journal.today().today_mg == 2000  # 02:00 is today at a midnight day start
    journal.save_settings(Settings(day_start_hour=4))
    t = journal.today()
    assert t.today_mg == 0  # ... and yesterday when days start at 04:00
    assert t.rolling_mg == 2000


def test_today_running_break_day_n_of_m(journal: Journal, clock: FakeClock) -> None:
    clock.now = datetime(2026, 3, 8, 8, 0, tzinfo=UTC)
    brk = journal.start_break(date(2026, 3, 15), "tolerance")
    assert journal.today().break_day == (1, 7)
    clock.now = NOW
    t = journal.today()
    assert t.running_break == brk
    assert t.break_day == (3, 7)
    with pytest.raises(InvalidInput):
        journal.start_break(None)
    ended = journal.end_break("felt fine")
    assert ended.actual_end is not None and ended.actual_end.utc == NOW
    assert journal.today().break_day is None
    with pytest.raises(InvalidInput):
        journal.end_break()
    open_ended = journal.start_break(None)
    assert journal.today().break_day == (1, None)
    assert open_ended.planned_end is None


def test_start_break_goal_must_be_after_today(journal: Journal) -> None:
    with pytest.raises(InvalidInput) as info:
        journal.start_break(date(2026, 3, 10))
    assert info.value.field == "until"


def test_today_latest_symptoms_and_pain(journal: Journal) -> None:
    key = journal.symptom_key("Nausea")
    assert key == "nausea"
    assert journal.symptom_key("  DIZZINESS ") == "dizziness"
    journal.log_symptom(key, 2, at(-timedelta(hours=3)), notes="après le café")
    journal.log_symptom("itching", 1, at(-timedelta(hours=1)), area="arms")
    journal.log_symptom("itching", 2, at(-timedelta(hours=5)), area="arms")
    journal.log_symptom("dizziness", 0, at(-timedelta(minutes=30)))
    journal.log_pain(PainCheckin(at(-timedelta(hours=2)), 5, (6, 4, 5), 7))
    t = journal.today()
    # The latest rating above "none" of each symptom, newest first.
    assert [(s.type_key, int(s.severity)) for s in t.latest_symptoms] == [("itching", 1), ("nausea", 2)]
    assert t.latest_pain is not None and t.latest_pain.peg_score == Decimal("5.0")


def test_symptom_and_pain_validation(journal: Journal) -> None:
    with pytest.raises(InvalidInput) as info:
        journal.symptom_key("flying")
    assert info.value.field == "symptom"
    with pytest.raises(InvalidInput):
        journal.log_symptom("no-such-symptom", 2, at())
    with pytest.raises(InvalidInput) as info:
        journal.log_symptom("nausea", 5, at())
    assert info.value.field == "severity"
    with pytest.raises(InvalidInput) as info:
        journal.log_symptom("itching", 2, at(), area="elbow-of-mars")
    assert info.value.field == "area"
    with pytest.raises(InvalidInput):
        journal.log_symptom("nausea", 2, at(timedelta(hours=1)))
    with pytest.raises(InvalidInput):
        journal.log_symptom("nausea", 2, at(), notes="x" * 10_001)
    with pytest.raises(InvalidInput):
        journal.log_pain(PainCheckin(at(timedelta(hours=1)), 3))
    with pytest.raises(InvalidInput):
        PainCheckin(at(), 11)
    with pytest.raises(InvalidInput):
        PainCheckin(at(), 3, (1, 2, 11))
    with pytest.raises(InvalidInput):
        PainCheckin(at(), 3, (1, 2))  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        PainCheckin(at(), 3, mood=-1)
    assert journal.entries.symptoms() == [] and journal.entries.pain() == []


def test_settings_validation() -> None:
    with pytest.raises(InvalidInput):
        Settings(day_start_hour=13)
    with pytest.raises(InvalidInput):
        Settings(max_use_days_in_row=0)
    with pytest.raises(InvalidInput):
        Settings(personal_intake_limit_g=Decimal(0))
    with pytest.raises(InvalidInput):
        Settings(personal_daily_limit_g=Decimal("-1"))
    with pytest.raises(InvalidInput):
        Settings(personal_daily_limit_g=Decimal("NaN"))


def test_product_validation() -> None:
    with pytest.raises(InvalidInput):
        Product("  ")
    with pytest.raises(InvalidInput):
        Product("x", capsule_g=Decimal(0))
    with pytest.raises(InvalidInput):
        Product("x", capsule_g=Decimal(6))
    with pytest.raises(InvalidInput):
        Product("x", leaf_factor=Decimal(0))
    with pytest.raises(InvalidInput):
        Product("x", notes="n" * 10_001)


def test_product_named_creates_once(journal: Journal) -> None:
    first = journal.products.named(" Red Bali ")
    again = journal.products.named("red bali")
    assert first == again
    assert first.name == "Red Bali"
    assert len(journal.products.all()) == 1


def test_now_is_the_clock_in_the_zone(journal: Journal, clock: FakeClock) -> None:
    assert journal.now() == Moment(NOW, ZONE, 60)
    clock.now = datetime(2026, 7, 1, 12, tzinfo=UTC)
    assert journal.now().offset_min == 120


def test_impossible_amounts_are_refused_even_confirmed(journal: Journal) -> None:
    journal.check_intake(draft("10000", confirm_large=True))
    for amount, unit in (("10000.001", Unit.G), ("99999999999999999999999", Unit.G), ("10001", Unit.CAPS)):
        with pytest.raises(InvalidInput) as info:
            journal.check_intake(draft(amount, unit=unit, confirm_large=True))
        assert info.value.field == "amount"
        assert "cannot be one intake" in info.value.message


def test_today_counts_an_intake_logged_a_few_minutes_ahead(journal: Journal) -> None:
    journal.log_intake(draft("2", -timedelta(hours=2)))
    journal.log_intake(draft("1.5", timedelta(minutes=5)))
    t = journal.today()
    assert t.today_mg == 3500
    assert t.rolling_mg == 2000  # the window ends now
    assert t.since_last == timedelta(0)


def test_daily_sums_are_kept_until_anything_is_written(
    journal: Journal, data_dir: Path, clock: FakeClock
) -> None:
    """Kept per period for the charts, and read again after any write, this process's or another's."""
    today = journal.now().local.date()
    journal.log_intake(IntakeDraft("2", journal.now()))
    assert [t.mg for t in journal.entries.daily_totals().values()] == [2000]
    assert journal.entries.daily_amounts(0, today, today)[1] == {today: 2000}
    journal.log_intake(IntakeDraft("3", journal.now()))
    assert [t.mg for t in journal.entries.daily_totals().values()] == [5000]
    other = Journal.open(data_dir, zone=ZONE, clock=clock)  # as the command line would, meanwhile
    try:
        other.log_intake(IntakeDraft("1", other.now()))
    finally:
        other.close()
    assert [t.mg for t in journal.entries.daily_totals().values()] == [6000]
    assert journal.entries.daily_amounts(0, today, today)[1] == {today: 6000}


def test_today_dashboard_figures(journal: Journal) -> None:
    """The last 30 days, days over the cited limit, the pain change and symptoms changed this week."""
    D = timedelta(days=1)
    journal.log_intake(draft("14", -8 * D))  # over 12 g in 24 hours: this month, not this week
    journal.log_intake(draft("6.5", -timedelta(hours=10)))
    journal.log_intake(draft("6.5", -timedelta(hours=5)))  # 13 g in 24 hours: this week
    journal.log_intake(draft("3", -40 * D))  # outside the 30 days
    journal.log_pain(PainCheckin(at(-20 * D), 6))
    journal.log_pain(PainCheckin(at(-2 * D), 4))
    journal.log_symptom("itching", 1, at(-10 * D), area="legs")
    journal.log_symptom("itching", 2, at(-2 * D), area="legs")  # changed: mild to moderate
    journal.log_symptom("nausea", 1, at(-12 * D))
    journal.log_symptom("nausea", 1, at(-D))  # rated the same: not a change
    journal.log_symptom("dizziness", 0, at(-D))  # first rated this week, as none: not a change
    journal.log_symptom("constipation", 1, at(-3 * D))  # first rated this week, above none
    t = journal.today()
    assert len(t.last_30) == 30 and t.last_30[-1][0] == t.day
    assert sum(mg for _, mg in t.last_30) == 27_000  # the 3 g of 40 days ago is not in it
    assert (t.days_over_week, t.days_over_month) == (1, 2)
    assert t.first_pain is not None and t.latest_pain is not None
    assert (t.first_pain.pain_now, t.latest_pain.pain_now) == (6, 4)
    changes = [(b and int(b.severity), a.type_key, int(a.severity)) for b, a in t.symptom_changes]
    assert changes == [(1, "itching", 2), (None, "constipation", 1)]


def test_a_dose_six_hours_ago_yesterday_is_no_full_dose_free_day(journal: Journal, clock: FakeClock) -> None:
    from journal.cli.today import dose_free_line

    clock.now = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 04:00 in Berlin
    journal.log_intake(IntakeDraft("3", at(-timedelta(hours=6), base=clock.now)))  # 22:00 the day before
    t = journal.today()
    assert t.streaks.current_dose_free == 1 and t.full_dose_free_days == 0
    assert dose_free_line(t) == "Dose-free streak: today so far, no full dose-free day yet"
    clock.now += timedelta(days=2)
    t = journal.today()
    assert t.full_dose_free_days == 2
    assert dose_free_line(t) == "Dose-free streak: 2 full days before today, and today so far"


@pytest.mark.parametrize(
    ("name", "amount", "unit", "label"),
    [
        ("Red Bali", "1.8", Unit.G, "1.8 g Red Bali"),
        ("Green Malay capsules", "4", Unit.CAPS, "4 Green Malay capsules"),
        ("Red caps", "4", Unit.CAPS, "4 Red caps"),
        ("Maeng Da", "2", Unit.CAPS, "2 capsules of Maeng Da"),
        ("Maeng Da", "1", Unit.CAPS, "1 capsule of Maeng Da"),
        ("Capsaicin blend", "3", Unit.CAPS, "3 capsules of Capsaicin blend"),
    ],
)
def test_a_preset_says_capsules_once(name: str, amount: str, unit: Unit, label: str) -> None:
    """Not "4 caps Green Malay capsules": a name that says capsules is not told so again."""
    product = Product(name, usual_form=Form.CAPSULES, capsule_g=Decimal("0.5"))
    assert Preset(product, Decimal(amount), unit, Form.CAPSULES).label == label
