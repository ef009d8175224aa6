"""Cited dose guidance: the rule data, and what a person is told about an intake."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from journal import resources
from journal.domain.entities import (
    Break,
    Finding,
    Form,
    Level,
    Product,
    Settings,
    Unit,
    leaf_amount,
)
from journal.domain.guidance import (
    BREAK_PLAN,
    CITED,
    PERSONAL,
    Dose,
    Guidance,
    GuidanceDataError,
    evaluate,
    load_guidance,
    parse_guidance,
    rolling_total,
    windows_touching,
)
from journal.domain.times import Moment

T = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # 13:00 in Berlin
H = timedelta(hours=1)
BERLIN = "Europe/Berlin"


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return resources.guidance()


def g(grams: str) -> int:
    return int(Decimal(grams) * 1000)


def dose(at: datetime, grams: str | None, *, id: int | None = None, estimate: bool = False) -> Dose:
    return Dose(at, None if grams is None else g(grams), estimate, 60, id)


@dataclass
class Case:
    name: str
    new: Dose
    history: list[Dose] = field(default_factory=list)
    expected: list[tuple[Level, str, int | None]] = field(default_factory=list)
    form: Form = Form.POWDER
    settings: Settings = field(default_factory=Settings)
    reason: str = ""
    running_break: Break | None = None


CASES = [
    Case("4.9 g alone: nothing", dose(T, "4.9")),
    Case("5 g alone: the top of the starting range, nothing", dose(T, "5")),
    Case("5.1 g: above the starting range", dose(T, "5.1"), expected=[(Level.NOTICE, "starting-dose", 5100)]),
    Case(
        "three 4.5 g within 24 h: caution",
        dose(T, "4.5"),
        [dose(T - 10 * H, "4.5"), dose(T - 5 * H, "4.5")],
        [(Level.CAUTION, "upper-limit-24h", 13_500)],
    ),
    Case("exactly 12 g: not past the lower end", dose(T, "4"), [dose(T - H, "4"), dose(T - 2 * H, "4")]),
    Case(
        "exactly 15 g: caution, not warning",
        dose(T, "5"),
        [dose(T - H, "5"), dose(T - 2 * H, "5")],
        [(Level.CAUTION, "upper-limit-24h", 15_000)],
    ),
    Case(
        "over 15 g: warning",
        dose(T, "5"),
        [dose(T - H, "5"), dose(T - 2 * H, "5.001")],
        [(Level.WARNING, "upper-limit-24h", 15_001)],
    ),
    Case(
        "24 h and a minute apart: no sum",
        dose(T, "5"),
        [dose(T - 24 * H - timedelta(minutes=1), "10")],
    ),
    Case("exactly 24 h apart: no sum, the window is (t - 24 h, t]", dose(T, "5"), [dose(T - 24 * H, "10")]),
    Case(
        "23:59 apart: they add up",
        dose(T, "5"),
        [dose(T - 24 * H + timedelta(minutes=1), "10")],
        [(Level.CAUTION, "upper-limit-24h", 15_000)],
    ),
    Case(
        "a later intake 24 h later is not in the new one's window",
        dose(T, "5"),
        [dose(T + 24 * H, "10")],
    ),
    Case(
        "same instant: both count",
        dose(T, "5"),
        [dose(T, "5"), dose(T, "3")],
        [(Level.CAUTION, "upper-limit-24h", 13_000)],
    ),
    Case(
        "back-dated intake pushes a later window over 15 g",
        dose(T, "4"),
        [dose(T + H, "5"), dose(T + 3 * H, "4.5"), dose(T + 20 * H, "3"), dose(T - 30 * H, "9")],
        [(Level.WARNING, "upper-limit-24h", 16_500)],
    ),
    Case(
        "an edit ignores the intake's old version",
        dose(T - H, "3", id=1),
        [dose(T - H, "10", id=1), dose(T - 2 * H, "4", id=2)],
    ),
    Case(
        "an edit that makes it larger is checked with the new amount",
        dose(T - H, "9", id=1),
        [dose(T - H, "1", id=1), dose(T - 2 * H, "4", id=2)],
        [(Level.CAUTION, "upper-limit-24h", 13_000)],
    ),
    Case(
        "an edit of the first intake: the starting dose is said of it",
        dose(T - 3 * H, "9", id=1),
        [dose(T - 3 * H, "1", id=1), dose(T - 2 * H, "4", id=2)],
        [(Level.CAUTION, "upper-limit-24h", 13_000), (Level.NOTICE, "starting-dose", 9000)],
    ),
    Case(
        "9 g after earlier use: not starting, so the starting dose is not said",
        dose(T, "9"),
        [dose(T - 30 * H, "2")],
    ),
    Case(
        "9 g with earlier use at the same instant: both are first",
        dose(T, "9"),
        [dose(T, "2")],
        [(Level.NOTICE, "starting-dose", 9000)],
    ),
    Case(
        "9 g after earlier use, restarting from that day (Settings)",
        dose(T, "9"),
        [dose(T - 30 * H, "2")],
        [(Level.NOTICE, "starting-dose", 9000)],
        settings=Settings(starting_since=date(2026, 3, 10)),
    ),
    Case(
        "9 g the day before restarting: not said",
        dose(T - 24 * H, "9"),
        [dose(T - 60 * H, "2")],
        settings=Settings(starting_since=date(2026, 3, 10)),
    ),
    Case(
        "extract without a factor: not covered, not counted",
        dose(T, None),
        [dose(T - H, "14")],
        [(Level.NOTICE, "forms-not-covered", None)],
        form=Form.EXTRACT,
        reason="not covered by the cited ranges",
    ),
    Case(
        "capsules with unknown content: not counted",
        dose(T, None),
        [dose(T - H, "14")],
        [(Level.NOTICE, "not-counted", None)],
        form=Form.CAPSULES,
        reason="capsule content unknown",
    ),
    Case(
        "uncounted history does not add up",
        dose(T, "4"),
        [dose(T - H, None), dose(T - 2 * H, "4"), dose(T - 3 * H, None)],
    ),
    Case(
        "personal limits",
        dose(T, "4"),
        [dose(T - H, "5")],
        [(Level.CAUTION, "personal-intake-limit", 4000), (Level.CAUTION, "personal-daily-limit", 9000)],
        settings=Settings(personal_intake_limit_g=Decimal(3), personal_daily_limit_g=Decimal(8)),
    ),
    Case(
        "personal limits not reached",
        dose(T, "3"),
        [dose(T - H, "5")],
        settings=Settings(personal_intake_limit_g=Decimal(3), personal_daily_limit_g=Decimal(8)),
    ),
    Case(
        "break plan: four days in a row, plan at most three",
        dose(T, "2"),
        [dose(T - 24 * H, "2"), dose(T - 48 * H, "2"), dose(T - 72 * H, "2")],
        [(Level.NOTICE, "break-plan", None)],
        settings=Settings(max_use_days_in_row=3),
    ),
    Case(
        "break plan: three days in a row is within a plan of three",
        dose(T, "2"),
        [dose(T - 24 * H, "2"), dose(T - 48 * H, "2"), dose(T - 96 * H, "2")],
        settings=Settings(max_use_days_in_row=3),
    ),
    Case(
        "break plan: a day filled in between two runs joins them",
        dose(T - 48 * H, "2"),
        [dose(T - 24 * H, "2"), dose(T, "2"), dose(T - 72 * H, "2")],
        [(Level.NOTICE, "break-plan", None)],
        settings=Settings(max_use_days_in_row=3),
    ),
    Case(
        "intake during a running break",
        dose(T, "2"),
        [],
        [(Level.NOTICE, "during-break", None)],
        running_break=Break(Moment.from_utc(T - 48 * H, BERLIN), date(2026, 3, 20)),
    ),
    Case(
        "intake back-dated before a running break started",
        dose(T - 72 * H, "2"),
        [],
        running_break=Break(Moment.from_utc(T - 48 * H, BERLIN), date(2026, 3, 20)),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_evaluate_table(case: Case, guidance: Guidance) -> None:
    findings = evaluate(
        case.new,
        case.form,
        case.history,
        guidance,
        case.settings,
        uncounted_reason=case.reason,
        in_break=case.running_break,
    )
    got = [(f.level, f.rule_id, f.total_mg) for f in findings]
    assert sorted(got, key=repr) == sorted(case.expected, key=repr)
    assert [f.level for f in findings] == sorted((f.level for f in findings), reverse=True)
    for f in findings:
        _check_labelled(f)


def _check_labelled(f: Finding) -> None:
    assert f.message
    assert f.basis in {CITED, PERSONAL, BREAK_PLAN}
    if f.basis == CITED:
        assert f.citations, f
        for c in f.citations:
            assert c.file and c.section and c.quote
    if f.basis == PERSONAL:
        assert not f.citations
        assert "personal limit" in f.message
    if f.rule_id in {"break-plan", "during-break"}:
        assert f.basis == BREAK_PLAN
        assert f.citations  # the regular-breaks passage behind the idea of a plan


def test_starting_dose_finding_details(guidance: Guidance) -> None:
    (f,) = evaluate(dose(T, "5.1"), Form.POWDER, [], guidance, Settings())
    assert f.basis == CITED
    assert "5.1 g" in f.message
    assert "1 to 5 g" in f.message
    files = {c.file for c in f.citations}
    assert "002_8d8250643712a73f.txt" in files


def test_upper_limit_finding_details(guidance: Guidance) -> None:
    history = [dose(T - 10 * H, "4.5"), dose(T - 5 * H, "4.5")]
    (f,) = evaluate(dose(T, "4.5"), Form.POWDER, history, guidance, Settings())
    assert f.level is Level.CAUTION
    assert f.total_mg == 13_500
    assert "13.5 g" in f.message
    assert "12 to 15 g" in f.message
    assert "with this intake" in f.message
    assert [c.file for c in f.citations] == ["002_8d8250643712a73f.txt"]


def test_back_dated_finding_names_the_later_window(guidance: Guidance) -> None:
    history = [dose(T + H, "5"), dose(T + 3 * H, "4.5"), dose(T + 20 * H, "3")]
    (f,) = evaluate(dose(T, "4"), Form.POWDER, history, guidance, Settings())
    assert f.level is Level.WARNING
    assert f.total_mg == 16_500
    assert "later intake" in f.message
    # The window ends at the intake at T + 20 h, shown in the person's local time.
    assert "11 Mar 09:00" in f.message


def test_estimates_are_marked(guidance: Guidance) -> None:
    history = [dose(T + H, "4", estimate=True)]  # later: the 9 g is the first intake, said as starting
    findings = evaluate(dose(T, "9"), Form.POWDER, history, guidance, Settings())
    upper = next(f for f in findings if f.rule_id == "upper-limit-24h")
    assert upper.estimate
    assert "(estimate)" in upper.message
    starting = next(f for f in findings if f.rule_id == "starting-dose")
    assert not starting.estimate


def test_capsules_count_times_capsule_content(guidance: Guidance) -> None:
    product = Product("Red caps", capsule_g=Decimal("0.5"))
    leaf = leaf_amount(Decimal(12), Unit.CAPS, Form.CAPSULES, product)
    assert (leaf.mg, leaf.estimate) == (6000, False)
    findings = evaluate(Dose(T, leaf.mg), Form.CAPSULES, [], guidance, Settings())
    assert [(f.rule_id, f.total_mg) for f in findings] == [("starting-dose", 6000)]
    assert (
        leaf_amount(Decimal(3), Unit.CAPS, Form.CAPSULES, Product("x", capsule_g=Decimal("0.75"))).mg == 2250
    )


def test_capsules_with_unknown_content_are_not_counted(guidance: Guidance) -> None:
    for product in (None, Product("No content")):
        leaf = leaf_amount(Decimal(4), Unit.CAPS, Form.CAPSULES, product)
        assert leaf.mg is None
        assert leaf.reason == "capsule content unknown"
    findings = evaluate(
        Dose(T, None), Form.CAPSULES, [], guidance, Settings(), uncounted_reason="capsule content unknown"
    )
    assert [f.rule_id for f in findings] == ["not-counted"]
    assert "capsule content" in findings[0].message


def test_extract_without_factor_is_not_covered(guidance: Guidance) -> None:
    leaf = leaf_amount(Decimal(1), Unit.G, Form.EXTRACT, Product("Extract"))
    assert leaf.mg is None
    assert leaf.reason == "not covered by the cited ranges"
    (f,) = evaluate(
        Dose(T, None), Form.EXTRACT, [dose(T - H, "14")], guidance, Settings(), uncounted_reason=leaf.reason
    )
    assert f.rule_id == "forms-not-covered"
    assert f.level is Level.NOTICE
    assert "not covered by the cited ranges" in f.message
    assert "003_33c004e3696618e7.txt" in {c.file for c in f.citations}
    # It is not counted: the total at its time is only the leaf intake.
    assert rolling_total(T, [dose(T - H, "14"), Dose(T, None)]).total_mg == 14_000


def test_extract_with_factor_is_counted_as_an_estimate(guidance: Guidance) -> None:
    product = Product("Extract 10x", usual_form=Form.EXTRACT, leaf_factor=Decimal(10))
    leaf = leaf_amount(Decimal("0.5"), Unit.G, Form.EXTRACT, product)
    assert (leaf.mg, leaf.estimate) == (5000, True)
    leaf = leaf_amount(Decimal("1"), Unit.G, Form.EXTRACT, product)
    assert (leaf.mg, leaf.estimate) == (10_000, True)
    findings = evaluate(
        Dose(T, leaf.mg, leaf.estimate), Form.EXTRACT, [dose(T + H, "4")], guidance, Settings()
    )
    got = {f.rule_id: f for f in findings}
    assert set(got) == {"starting-dose", "upper-limit-24h"}
    assert got["upper-limit-24h"].total_mg == 14_000
    assert got["upper-limit-24h"].estimate
    assert got["starting-dose"].estimate
    assert "(estimate)" in got["starting-dose"].message
    # Extract capsules: count x capsule content x factor.
    caps = leaf_amount(
        Decimal(2), Unit.CAPS, Form.EXTRACT, Product("c", capsule_g=Decimal("0.25"), leaf_factor=Decimal(4))
    )
    assert (caps.mg, caps.estimate) == (2000, True)


def test_personal_findings_are_labelled(guidance: Guidance) -> None:
    settings = Settings(personal_intake_limit_g=Decimal(3), personal_daily_limit_g=Decimal(8))
    findings = evaluate(dose(T, "4"), Form.POWDER, [dose(T - H, "5")], guidance, settings)
    assert findings
    assert all(f.basis == "your personal limit" for f in findings)
    assert all(f.citations == () for f in findings)


def test_break_plan_finding(guidance: Guidance) -> None:
    history = [dose(T - 24 * H * i, "2") for i in range(1, 7)]
    (f,) = evaluate(dose(T, "2"), Form.POWDER, history, guidance, Settings(max_use_days_in_row=6))
    assert f.rule_id == "break-plan"
    assert f.basis == "your break plan"
    assert "7 days of use in a row" in f.message
    assert "at most 6" in f.message


def test_break_plan_uses_journal_days(guidance: Guidance) -> None:
    # 23:30 on 8 March and 01:30 on 9 March are two calendar days, but with days
    # starting at 04:00 they are one journal day, and 10 March does not follow it.
    a = Dose(datetime(2026, 3, 8, 22, 30, tzinfo=UTC), 2000, False, 60)
    b = Dose(datetime(2026, 3, 9, 0, 30, tzinfo=UTC), 2000, False, 60)
    c = Dose(datetime(2026, 3, 10, 12, 0, tzinfo=UTC), 2000, False, 60)
    plan = Settings(max_use_days_in_row=2)
    assert [f.rule_id for f in evaluate(c, Form.POWDER, [a, b], guidance, plan)] == ["break-plan"]
    plan4 = Settings(max_use_days_in_row=2, day_start_hour=4)
    assert evaluate(c, Form.POWDER, [a, b], guidance, plan4) == ()


def test_during_break_finding(guidance: Guidance) -> None:
    brk = Break(Moment.from_utc(T - 48 * H, BERLIN), date(2026, 3, 20))
    (f,) = evaluate(dose(T, "2"), Form.POWDER, [], guidance, Settings(), in_break=brk)
    assert f.rule_id == "during-break"
    assert f.basis == "your break plan"
    assert "20 March" in f.message
    ended = Break(brk.start, brk.planned_end, Moment.from_utc(T - H, BERLIN))
    assert evaluate(dose(T, "2"), Form.POWDER, [], guidance, Settings(), in_break=ended) == ()


def test_windows_touching_lists_every_later_window() -> None:
    new = dose(T, "1")
    history = [dose(T - H, "2"), dose(T + H, "3"), dose(T + 23 * H, "4"), dose(T + 24 * H, "5")]
    windows = windows_touching(new, history)
    assert [(w.end, w.total_mg) for w in windows] == [
        (T, 3000),
        (T + H, 6000),
        (T + 23 * H, 8000),
    ]
    assert windows_touching(Dose(T, None), history) == []


# -- the data file -------------------------------------------------------------


@pytest.fixture
def data() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(resources.path("guidance", "rules.json").read_text(encoding="utf-8"))
    return raw


def _rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    rule: dict[str, Any] = next(r for r in data["rules"] if r["id"] == rule_id)
    return rule


def test_shipped_guidance_loads(data: dict[str, Any]) -> None:
    parsed = parse_guidance(copy.deepcopy(data))
    assert parsed.starting.low_mg == 1000
    assert parsed.starting.high_mg == 5000
    assert parsed.upper.low_mg == 12_000
    assert parsed.upper.high_mg == 15_000
    assert parsed["regular-breaks"].low is None
    assert load_guidance(resources.path("guidance", "rules.json")).rules.keys() == parsed.rules.keys()


def _drop_rule(d: dict[str, Any]) -> None:
    d["rules"] = [r for r in d["rules"] if r["id"] != "upper-limit-24h"]


MALFORMED: dict[str, Callable[[dict[str, Any]], object]] = {
    "not an object": lambda d: d.clear(),
    "missing rule": _drop_rule,
    "duplicate rule": lambda d: d["rules"].append(copy.deepcopy(d["rules"][0])),
    "low above high": lambda d: _rule(d, "starting-dose").update(low="6"),
    "low without high": lambda d: _rule(d, "starting-dose").update(high=None),
    "required values missing": lambda d: _rule(d, "upper-limit-24h").update(low=None, high=None),
    "no citation": lambda d: _rule(d, "starting-dose").update(citations=[]),
    "citations missing": lambda d: _rule(d, "upper-limit-24h").pop("citations"),
    "citation without quote": lambda d: _rule(d, "starting-dose")["citations"][0].pop("quote"),
    "citation with empty section": lambda d: _rule(d, "starting-dose")["citations"][0].update(section=""),
    "unknown form": lambda d: _rule(d, "starting-dose").update(forms=["powder", "gummies"]),
    "forms not a list": lambda d: _rule(d, "starting-dose").update(forms="powder"),
    "form not a string": lambda d: _rule(d, "starting-dose").update(forms=[{"x": 1}]),
    "unknown kind": lambda d: _rule(d, "starting-dose").update(kind="vibes"),
    "kind not a string": lambda d: _rule(d, "starting-dose").update(kind=["per_intake"]),
    "no id": lambda d: _rule(d, "starting-dose").pop("id"),
    "value not a number": lambda d: _rule(d, "starting-dose").update(low="one"),
    "value nan": lambda d: _rule(d, "starting-dose").update(low="NaN"),
    "value infinite": lambda d: _rule(d, "upper-limit-24h").update(high="Infinity"),
    "value negative": lambda d: _rule(d, "starting-dose").update(low="-1"),
    "value a list": lambda d: _rule(d, "starting-dose").update(low=[1]),
    "value a boolean": lambda d: _rule(d, "starting-dose").update(low=True),
    "wrong unit": lambda d: _rule(d, "starting-dose").update(unit="mg"),
    "rule not an object": lambda d: d["rules"].append("starting-dose"),
}


@pytest.mark.parametrize("breakage", list(MALFORMED), ids=list(MALFORMED))
def test_parse_guidance_rejects_malformed_data(data: dict[str, Any], breakage: str) -> None:
    MALFORMED[breakage](data)
    with pytest.raises(GuidanceDataError):
        parse_guidance(data)


@pytest.mark.parametrize("value", [None, [], "rules", 3])
def test_parse_guidance_rejects_non_objects(value: Any) -> None:
    with pytest.raises(GuidanceDataError):
        parse_guidance(value)


def test_load_guidance_reports_broken_json(tmp_path: Any) -> None:
    path = tmp_path / "rules.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(GuidanceDataError, match=r"rules\.json"):
        load_guidance(path)
    with pytest.raises(GuidanceDataError):
        load_guidance(tmp_path / "missing.json")


def test_every_quote_is_verbatim_under_its_heading(guidance: Guidance) -> None:
    checked = 0
    for rule in guidance.rules.values():
        assert rule.citations, rule.id
        for cite in rule.citations:
            text = resources.source_text(cite.file)
            lines = text.splitlines()
            assert cite.section in lines, (rule.id, cite.section)
            assert cite.quote in text, (rule.id, cite.quote)
            heading_at = text.index("\n" + cite.section + "\n")
            assert text.index(cite.quote) > heading_at, (rule.id, "quote comes before its section")
            checked += 1
    assert checked >= 7


def test_every_symptom_source_exists() -> None:
    catalogue = resources.catalogue()
    assert len(catalogue.types) >= 15
    categories = {key for key, _ in catalogue.categories}
    assert categories == {"hair", "skin", "digestive", "dependence", "general", "liver"}
    for stype in catalogue.types:
        assert stype.source, stype.key
        assert resources.path("sources", stype.source).is_file(), stype.source
        assert stype.category in categories
    assert any(t.red_flag for t in catalogue.types)
    assert all(t.category == "liver" for t in catalogue.types if t.red_flag)
