"""The demonstration journal: deterministic, realistic, and written in bulk exactly as the Store writes."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from statistics import correlation, mean

import pytest

from journal import resources
from journal.domain.entities import Form, Intake, PainCheckin, Product, Unit
from journal.domain.guidance import WINDOW
from journal.domain.stats import daily_totals, rolling_totals
from journal.domain.times import is_entered_later, local_day
from journal.service.demo import HAIR_SKIN, DemoJournal, generate, summarise, write_demo
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from tests.conftest import ZONE

END = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SEED = 2


@pytest.fixture(scope="module")
def year() -> DemoJournal:
    return generate(1, SEED, END, ZONE)


def test_the_same_seed_gives_the_same_journal_and_another_seed_another() -> None:
    first = generate(0.3, 7, END, ZONE)
    assert generate(0.3, 7, END, ZONE) == first
    other = generate(0.3, 8, END, ZONE)
    assert other.intakes != first.intakes
    assert other.symptoms != first.symptoms
    assert other.products == first.products, "the products are the same cast"
    # Only the seed, span, end and zone matter: not the wall clock or global random state.
    import random

    random.seed(99)
    assert generate(0.3, 7, END.astimezone(UTC), ZONE) == first


def test_one_year_counts_are_plausible(year: DemoJournal) -> None:
    counts = year.counts()
    assert 4 <= counts["products"] <= 6
    assert 650 <= counts["intakes"] <= 1300, counts  # 2-4 a day, minus breaks
    assert 800 <= counts["symptoms"] <= 2500, counts
    assert 300 <= counts["pain"] <= 500, counts  # most days, some twice
    assert 2 <= counts["breaks"] <= 12, counts
    assert year.rows == sum(counts.values())
    assert year.zone == ZONE
    assert year.end == END
    assert END - year.start <= timedelta(days=366)
    used_days = {local_day(d.at, d.offset_min) for d in year.doses()}
    assert 250 <= len(used_days) <= 360, "some dose-free days"


def test_everything_happens_between_start_and_end_and_is_saved_after_it_happened(year: DemoJournal) -> None:
    entries: list[Intake | PainCheckin] = [*year.intakes, *year.pain]
    for entry in [*entries, *year.symptoms]:
        assert year.start <= entry.at.utc <= END
        assert entry.created is not None
        assert entry.at.utc <= entry.created <= END
    for intake in year.intakes:
        assert intake.updated == intake.created
    for stamps in (*year.product_stamps, *year.break_stamps):
        assert year.start <= stamps.created <= stamps.updated <= END
    for brk, stamp in zip(year.breaks, year.break_stamps, strict=True):
        assert stamp.created >= brk.start.utc
        if brk.actual_end is not None:
            assert brk.start.utc < brk.actual_end.utc <= stamp.updated
    assert [i.at.utc for i in year.intakes] == sorted(i.at.utc for i in year.intakes)
    assert [b.start.utc for b in year.breaks] == sorted(b.start.utc for b in year.breaks)


def test_some_entries_were_entered_later(year: DemoJournal) -> None:
    s = summarise(year)
    timed = len(year.intakes) + len(year.symptoms) + len(year.pain)
    assert 0.01 * timed <= s.entered_later <= 0.06 * timed
    assert any(i.created is not None and is_entered_later(i.at, i.created) for i in year.intakes)


def test_products_cover_the_forms(year: DemoJournal) -> None:
    products = {p.id: p for p in year.products}
    assert list(products) == list(range(1, len(products) + 1))
    forms = {p.usual_form for p in products.values()}
    assert {Form.POWDER, Form.CAPSULES, Form.EXTRACT} <= forms
    assert len({p.strain for p in products.values() if p.usual_form is Form.POWDER}) >= 2
    assert [p.capsule_g for p in products.values() if p.usual_form is Form.CAPSULES] == [Decimal("0.5")]
    assert all(p.leaf_factor for p in products.values() if p.usual_form is Form.EXTRACT)
    assert sum(p.archived for p in products.values()) == 1
    used = {i.product_id for i in year.intakes}
    assert set(products) <= used, "every product is used at some point"
    for i in year.intakes:
        product = products.get(i.product_id) if i.product_id is not None else None
        if i.unit is Unit.CAPS:
            assert product is not None and product.capsule_g is not None
            assert i.leaf_mg == int(i.amount * product.capsule_g * 1000)
        elif i.form is Form.EXTRACT:
            assert product is not None and product.leaf_factor is not None
            assert i.leaf_estimated and i.leaf_mg == int(i.amount * product.leaf_factor * 1000)
        else:
            assert i.leaf_mg == int(i.amount * 1000)
        assert i.amount > 0 and i.amount == i.amount.quantize(Decimal("0.001"))


def test_daily_pattern_and_both_sides_of_dst(year: DemoJournal) -> None:
    per_day = daily_totals(year.doses())
    counts = [t.intakes for t in per_day.values()]
    assert mean(counts) == pytest.approx(3, abs=0.6)
    assert max(counts) <= 6
    hours = [i.at.local.hour for i in year.intakes]
    assert sum(6 <= h < 10 for h in hours) > 0.25 * len(hours), "mornings"
    assert sum(17 <= h < 21 for h in hours) > 0.25 * len(hours), "evenings"
    assert {i.at.offset_min for i in year.intakes} == {60, 120}, "summer and winter time"


def test_tolerance_creeps_up_between_breaks(year: DemoJournal) -> None:
    # Over the longest break-free stretch the daily amount rises: first month against last.
    edges = [year.start]
    for brk in year.breaks:
        edges += [brk.start.utc, brk.actual_end.utc if brk.actual_end is not None else END]
    edges.append(END)
    start, end = max(zip(edges[::2], edges[1::2], strict=True), key=lambda span: span[1] - span[0])
    totals = daily_totals(d for d in year.doses() if start <= d.at < end)
    days = sorted(totals)
    assert len(days) >= 90
    early = mean(totals[d].mg for d in days[:30])
    late = mean(totals[d].mg for d in days[-30:])
    assert late > early * 1.1


def test_days_over_the_cited_limit_carry_real_findings(year: DemoJournal) -> None:
    s = summarise(year)
    assert 1 <= s.days_over_12g <= 60, s
    guidance = resources.guidance()
    upper = guidance.upper
    logged_in_order = {
        n
        for n, i in enumerate(year.intakes)
        if all(
            other.created is not None and i.created is not None and other.created <= i.created
            for other in year.intakes[max(0, n - 8) : n]
            if i.at.utc - other.at.utc < WINDOW
        )
    }
    rolling = {dose.id: total for dose, total in rolling_totals(year.doses())}
    first = min(i.at.utc for i in year.intakes)
    flagged = 0
    for n, intake in enumerate(year.intakes):
        rule_ids = {f.rule_id for f in intake.findings}
        limit = [f for f in intake.findings if f.rule_id == upper.id]
        for f in limit:
            assert f.total_mg is not None and f.total_mg > upper.low_mg
            assert f.basis == "cited range" and f.citations == upper.citations
        if n in logged_in_order and rolling[n] > upper.low_mg:
            assert limit, f"intake {n} brought the rolling total to {rolling[n]} mg without a finding"
            flagged += 1
        # The starting dose is said only of the first intake: the rest of a year is past starting.
        starting = intake.at.utc == first and intake.leaf_mg is not None
        assert ("starting-dose" in rule_ids) == (starting and intake.leaf_mg > guidance.starting.high_mg)
    assert flagged >= 1
    assert sum(bool(i.findings) for i in year.intakes) >= s.days_over_12g


def test_breaks_kept_and_ended_early_with_dose_free_days(year: DemoJournal) -> None:
    s = summarise(year)
    assert s.breaks_kept >= 1
    assert s.breaks_ended_early >= 1
    assert s.breaks_kept + s.breaks_ended_early + s.breaks_open_or_unplanned == len(year.breaks)
    for brk in year.breaks:
        end = brk.actual_end.utc if brk.actual_end is not None else END
        inside = [i for i in year.intakes if brk.start.utc <= i.at.utc < end]
        # A slip during a break is logged, and the app said so.
        assert all("during-break" in {f.rule_id for f in i.findings} for i in inside)
        assert len(inside) <= 2
        assert brk.planned_end is None or brk.planned_end > brk.start.local.date()
        if brk.kept() is False:
            assert brk.actual_end is not None and brk.actual_end.local.date() < brk.planned_end  # type: ignore[operator]


def test_symptoms_follow_use_with_a_lag(year: DemoJournal) -> None:
    catalogue = resources.catalogue().by_key()
    assert {e.type_key for e in year.symptoms} <= catalogue.keys()
    assert set(HAIR_SKIN) <= {e.type_key for e in year.symptoms}
    assert {"cravings", "withdrawal", "nausea"} <= {e.type_key for e in year.symptoms}
    for e in year.symptoms:
        assert 0 <= e.severity <= 4
        assert not e.body_area or e.body_area in catalogue[e.type_key].body_areas
    assert any(e.severity >= 2 for e in year.symptoms if e.type_key in HAIR_SKIN)

    totals = {day: t.mg / 1000 for day, t in daily_totals(year.doses()).items()}
    first = min(totals)

    def avg30(day: date) -> float | None:
        if day - timedelta(days=29) < first:
            return None
        return sum(totals.get(day - timedelta(days=k), 0.0) for k in range(30)) / 30

    same, lagged, severity = [], [], []
    for e in year.symptoms:
        if e.type_key != "hair-shedding":
            continue
        now, before = avg30(e.at.local.date()), avg30(e.at.local.date() - timedelta(weeks=8))
        if now is not None and before is not None:
            same.append(now)
            lagged.append(before)
            severity.append(float(e.severity))
    assert len(severity) > 100
    assert correlation(lagged, severity) > 0.3
    assert correlation(lagged, severity) > correlation(same, severity) + 0.2

    # Withdrawal is rated on break days; cravings mostly then too.
    def in_break(at: datetime) -> bool:
        return any(b.start.utc <= at < (b.actual_end.utc if b.actual_end else END) for b in year.breaks)

    withdrawal = [e for e in year.symptoms if e.type_key == "withdrawal"]
    assert withdrawal
    assert all(in_break(e.at.utc) for e in withdrawal)
    cravings = [e for e in year.symptoms if e.type_key == "cravings"]
    assert sum(in_break(e.at.utc) for e in cravings) > len(cravings) / 2


def test_pain_check_ins_respond_a_little_to_use(year: DemoJournal) -> None:
    assert all(0 <= c.pain_now <= 10 for c in year.pain)
    assert any(c.peg is not None for c in year.pain)
    assert any(c.mood is not None for c in year.pain)
    days_checked = {c.at.local.date() for c in year.pain}
    assert len(days_checked) > 0.8 * 365
    use_days = set(daily_totals(year.doses()))
    evening = [c for c in year.pain if c.at.local.hour >= 18]
    on = mean(c.pain_now for c in evening if c.at.local.date() in use_days)
    off = mean(c.pain_now for c in evening if c.at.local.date() not in use_days)
    assert off > on + 0.5


def test_notes_include_unicode(year: DemoJournal) -> None:
    notes = [
        *(i.notes for i in year.intakes),
        *(e.notes for e in year.symptoms),
        *(c.notes for c in year.pain),
        *(b.reason for b in year.breaks),
    ]
    assert sum(bool(n) for n in notes) > 20
    assert any(not n.isascii() for n in notes)


def test_a_short_journal_and_bad_arguments() -> None:
    short = generate(0.05, 1, END, ZONE)
    assert short.intakes
    assert short.end == END
    with pytest.raises(ValueError, match="years"):
        generate(0, 1, END)
    with pytest.raises(ValueError, match="years"):
        generate(float("nan"), 1, END)
    with pytest.raises(ValueError, match="aware"):
        generate(1, 1, END.replace(tzinfo=None))


# -- written in bulk ---------------------------------------------------------------------


def test_bulk_write_reads_back_exactly(journal: Journal, year: DemoJournal) -> None:
    write_demo(journal, year)

    products = journal.products.all(include_archived=True)
    assert len(products) == len(year.products)
    real = {p.name: p.id for p in products}
    ids = {p.id: real[p.name] for p in year.products}
    by_name = sorted(year.products, key=lambda p: p.name)
    assert sorted((replace(p, id=None) for p in products), key=lambda p: p.name) == [
        replace(p, id=None) for p in by_name
    ]
    assert len(journal.products.all()) == len(year.products) - 1, "the archived product is hidden by default"

    intakes = journal.entries.intakes()
    assert len(intakes) == len(year.intakes)
    expected = [
        replace(i, product_id=None if i.product_id is None else ids[i.product_id]) for i in year.intakes
    ]
    assert [replace(i, id=None) for i in intakes] == expected

    assert [replace(b, id=None) for b in journal.entries.breaks()] == list(year.breaks)
    assert [replace(e, id=None) for e in journal.entries.symptoms()] == list(year.symptoms)
    assert [replace(c, id=None) for c in journal.entries.pain()] == list(year.pain)
    assert journal.entries.daily_totals() == daily_totals(year.doses())
    assert journal.transfer.existing() == {
        "intakes": len(year.intakes),
        "symptom ratings": len(year.symptoms),
        "pain check-ins": len(year.pain),
        "breaks": len(year.breaks),
        "products": len(year.products),
    }

    # Stamps went into the rows too.
    with contextlib.closing(sqlite3.connect(journal.path)) as con:
        stamps = con.execute("SELECT name, created, updated FROM products ORDER BY id").fetchall()
    assert [name for name, _, _ in stamps] == [p.name for p in year.products]
    for (_, created, updated), stamp in zip(stamps, year.product_stamps, strict=True):
        assert datetime.fromisoformat(created).replace(tzinfo=UTC) == stamp.created
        assert datetime.fromisoformat(updated).replace(tzinfo=UTC) == stamp.updated


def test_bulk_write_refuses_a_journal_with_entries(journal: Journal) -> None:
    small = generate(0.05, 1, END, ZONE)
    at = journal.now()
    journal.log_intake(IntakeDraft("2", at))
    with pytest.raises(ValueError, match="already has entries"):
        write_demo(journal, small)
    assert journal.transfer.existing() == {"intakes": 1}


def test_bulk_write_refuses_even_a_deleted_entry_or_a_product(journal: Journal) -> None:
    small = generate(0.05, 1, END, ZONE)
    journal.products.add(Product("Mine"))
    with pytest.raises(ValueError, match="1 products"):
        write_demo(journal, small)
    assert journal.transfer.existing() == {"products": 1}


def test_bulk_write_is_all_or_nothing(journal: Journal) -> None:
    small = generate(0.05, 1, END, ZONE)
    broken = replace(small, intakes=(*small.intakes, replace(small.intakes[0], product_id=99)))
    with pytest.raises(ValueError, match="product 99"):
        write_demo(journal, broken)
    assert journal.transfer.existing() == {}
    unknown = replace(small, symptoms=(replace(small.symptoms[0], type_key="sneezing"),))
    with pytest.raises(ValueError, match="sneezing"):
        write_demo(journal, unknown)
    assert journal.transfer.existing() == {}
    write_demo(journal, small)
    assert journal.transfer.existing()["intakes"] == len(small.intakes)
