"""The figures of the clinician summary, read from a journal for a period (no Qt, no PDF).

Everything the PDF states comes from here, so tests can hold the report to the
journal's own statistics.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from journal.domain.entities import Break, Citation, Intake, Level, PainCheckin, SymptomEntry, SymptomType
from journal.domain.guidance import Rule
from journal.domain.periods import Period, break_spans
from journal.domain.stats import (
    DayTotal,
    SymptomStats,
    break_summary,
    daily_sums,
    symptom_summary,
    use_summary,
)
from journal.domain.times import Moment, is_entered_later, local_day
from journal.service.journal import Journal

#: Mean severities of the two halves closer than this are "about the same".
CHANGE_THRESHOLD = Decimal("0.5")


@dataclass(frozen=True, slots=True)
class SymptomRow:
    """One line of the symptoms table."""

    key: str
    label: str
    red_flag: bool
    stats: SymptomStats
    change: str  # "better", "worse", "about the same" or "too few ratings"


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """The stored findings of one rule in the period."""

    rule_id: str
    level: Level
    count: int
    example_days: tuple[date, ...]
    example: str
    basis: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """The figures the PDF states."""

    period: Period
    days: int
    use_days: int
    dose_free_days: int
    mean_daily_mg: int | None  # over days with use
    median_daily_mg: int | None
    max_daily_mg: int | None
    max_daily_day: date | None
    estimate: bool  # some counted amounts are estimates
    uncounted_intakes: int
    days_over_low: int  # rolling 24-hour total over the lower end of the cited upper limit (12 g)
    days_over_high: int  # ... over its upper end (15 g)
    breaks: int
    breaks_planned: int
    breaks_kept: int
    breaks_ended_early: int
    breaks_running: int
    break_lengths_days: tuple[int, ...]
    longest_dose_free: int
    forms: tuple[tuple[str, int], ...]  # (form label, intakes), most used first
    products: tuple[tuple[str, int], ...]
    entries: int
    late_entries: int
    symptoms: tuple[SymptomRow, ...]
    findings: tuple[FindingGroup, ...]

    @property
    def late_share(self) -> float:
        return self.late_entries / self.entries if self.entries else 0.0


@dataclass(frozen=True, slots=True)
class ReportData:
    """What a report reads from the journal for its period."""

    period: Period
    now: datetime
    day_start_hour: int
    totals: dict[date, DayTotal]
    max_rolling: dict[date, int]
    intakes: tuple[Intake, ...]
    product_names: dict[int, str]
    symptoms: tuple[SymptomEntry, ...]
    symptom_types: dict[str, SymptomType]
    pain: tuple[PainCheckin, ...]
    breaks: tuple[Break, ...]
    break_days: frozenset[date]
    upper: Rule
    cited_rules: tuple[Rule, ...]

    def day_of(self, utc: datetime, offset_min: int) -> date:
        return local_day(utc, offset_min, self.day_start_hour)


def read(journal: Journal, period: Period) -> ReportData:
    """Read a period's entries (whole local journal days) from the journal."""
    settings = journal.settings
    hour = settings.day_start_hour
    entries = journal.entries
    start, end = period.utc_range(before=timedelta(days=1))
    every, maxima = daily_sums(entries.doses(start, end), hour)
    totals = {d: t for d, t in every.items() if period.contains(d)}
    rolling = {d: mg for d, mg in maxima.items() if period.contains(d)}

    def inside(at_utc: datetime, offset_min: int) -> bool:
        return period.contains(local_day(at_utc, offset_min, hour))

    lo, hi = period.utc_range()
    intakes = tuple(i for i in entries.intakes(lo, hi) if inside(i.at.utc, i.at.offset_min))
    symptoms = tuple(e for e in entries.symptoms(lo, hi) if inside(e.at.utc, e.at.offset_min))
    pain = tuple(c for c in entries.pain(lo, hi) if inside(c.at.utc, c.at.offset_min))
    now = journal.clock()
    all_breaks = entries.breaks()
    spans = break_spans(all_breaks, period, now, hour)
    break_days: set[date] = set()
    for span in spans:
        day = span.start.date()
        last = (span.end - timedelta(microseconds=1)).date() if span.end > span.start else day
        while day <= last:
            break_days.add(day)
            day += timedelta(days=1)
    breaks = tuple(b for b in all_breaks if _overlaps(b, period, now, hour))
    guidance = journal.guidance
    cited = tuple(r for r in guidance.rules.values() if r.citations)
    return ReportData(
        period=period,
        now=now,
        day_start_hour=hour,
        totals=totals,
        max_rolling=rolling,
        intakes=intakes,
        product_names={p.id: p.name for p in journal.products.all(include_archived=True) if p.id is not None},
        symptoms=symptoms,
        symptom_types={t.key: t for t in entries.symptom_types()},
        pain=pain,
        breaks=breaks,
        break_days=frozenset(d for d in break_days if period.contains(d)),
        upper=guidance.upper,
        cited_rules=cited,
    )


def _overlaps(brk: Break, period: Period, now: datetime, hour: int) -> bool:
    start = local_day(brk.start.utc, brk.start.offset_min, hour)
    end_at = brk.actual_end or None
    end = local_day(end_at.utc, end_at.offset_min, hour) if end_at else period.end
    if end_at is None and start > period.end:
        return False
    return start <= period.end and end >= period.start


def summarise(data: ReportData) -> ReportSummary:
    """The report's figures for its period."""
    period = data.period
    counted = [t for t in data.totals.values() if t.uncounted < t.intakes]
    amounts = [t.mg for t in counted]
    use = use_summary(set(data.totals), period.start, period.end)
    biggest = max(counted, key=lambda t: t.mg, default=None)
    low, high = data.upper.low_mg, data.upper.high_mg
    brk = break_summary(data.breaks, data.now)
    forms = Counter(i.form.label for i in data.intakes)
    products = Counter(
        data.product_names.get(i.product_id, "(deleted product)")
        for i in data.intakes
        if i.product_id is not None
    )
    late = entries = 0
    for at, created in _stamps(data):
        entries += 1
        late += created is not None and is_entered_later(at, created)
    return ReportSummary(
        period=period,
        days=use.days,
        dose_free_days=use.dose_free_days,
        use_days=use.use_days,
        mean_daily_mg=round(statistics.fmean(amounts)) if amounts else None,
        median_daily_mg=round(statistics.median(amounts)) if amounts else None,
        max_daily_mg=biggest.mg if biggest else None,
        max_daily_day=biggest.day if biggest else None,
        estimate=any(t.estimate for t in counted),
        uncounted_intakes=sum(t.uncounted for t in data.totals.values()),
        days_over_low=sum(mg > low for mg in data.max_rolling.values()),
        days_over_high=sum(mg > high for mg in data.max_rolling.values()),
        breaks=len(data.breaks),
        breaks_planned=brk.planned,
        breaks_kept=brk.kept,
        breaks_ended_early=brk.ended_early,
        breaks_running=brk.running,
        break_lengths_days=brk.lengths_days,
        longest_dose_free=use.longest_dose_free,
        forms=tuple(forms.most_common()),
        products=tuple(products.most_common()),
        entries=entries,
        late_entries=late,
        symptoms=symptom_rows(data),
        findings=finding_groups(data.intakes, data),
    )


def _stamps(data: ReportData) -> Iterable[tuple[Moment, datetime | None]]:
    for i in data.intakes:
        yield i.at, i.created
    for e in data.symptoms:
        yield e.at, e.created
    for c in data.pain:
        yield c.at, c.created


def symptom_rows(data: ReportData) -> tuple[SymptomRow, ...]:
    """Each symptom rated above none in the period, red flags first, then most days present."""
    stats = symptom_summary(data.symptoms, data.day_start_hour)
    mid = data.period.start + timedelta(days=data.period.days // 2)
    halves: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for e in data.symptoms:
        day = data.day_of(e.at.utc, e.at.offset_min)
        halves[e.type_key][0 if day < mid else 1].append(int(e.severity))
    rows = []
    for key, st in stats.items():
        stype = data.symptom_types.get(key)
        first, second = halves[key]
        rows.append(
            SymptomRow(
                key,
                stype.label if stype else key,
                bool(stype and stype.red_flag),
                st,
                change(first, second),
            )
        )
    rows.sort(key=lambda r: (not r.red_flag, -r.stats.days_present, r.label))
    return tuple(rows)


def change(first: Sequence[int], second: Sequence[int]) -> str:
    """Direction of change between the mean severities of two halves of a period."""
    if not first or not second:
        return "too few ratings"
    diff = Decimal(sum(second)) / len(second) - Decimal(sum(first)) / len(first)
    if diff >= CHANGE_THRESHOLD:
        return "worse"
    if diff <= -CHANGE_THRESHOLD:
        return "better"
    return "about the same"


def finding_groups(
    intakes: Iterable[Intake], data: ReportData, examples: int = 3
) -> tuple[FindingGroup, ...]:
    """Stored findings grouped by rule, loudest and most frequent first."""
    groups: dict[str, list[tuple[date, Intake, int]]] = defaultdict(list)
    for intake in intakes:
        day = data.day_of(intake.at.utc, intake.at.offset_min)
        for n, finding in enumerate(intake.findings):
            groups[finding.rule_id].append((day, intake, n))
    out = []
    for rule_id, hits in groups.items():
        findings = [i.findings[n] for _, i, n in hits]
        loudest = max(findings, key=lambda f: f.level)
        days = sorted({d for d, _, _ in hits})
        citations = next((f.citations for f in findings if f.citations), ())
        out.append(
            FindingGroup(
                rule_id,
                loudest.level,
                len(hits),
                tuple(days[:examples]),
                loudest.message,
                loudest.basis,
                citations,
            )
        )
    out.sort(key=lambda g: (-g.level, -g.count, g.rule_id))
    return tuple(out)
