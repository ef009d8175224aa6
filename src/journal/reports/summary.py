"""The figures of the clinician summary, read from a journal for a period (no Qt, no PDF).

Everything the PDF states comes from here, worked out with journal.domain's
statistics, so tests can hold the report to the journal's own numbers. The
period is the period: breaks, stretches and days are clipped to it, and an
unfinished today without use is not counted as a dose-free day.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from journal.domain.entities import Break, Citation, Intake, Level, PainCheckin, SymptomEntry, SymptomType
from journal.domain.guidance import Guidance, Rule, finding_title
from journal.domain.medications import Medication
from journal.domain.periods import BreakSpan, Period, break_spans, counted_period, journal_local
from journal.domain.stats import DayTotal, SymptomStats, daily_sums, symptom_summary, use_summary
from journal.domain.tags import TagTally, TagUse, tally_tags
from journal.domain.taper import PlanRecord, TaperPlan, plan_record
from journal.domain.times import Moment, is_entered_later, local_day
from journal.domain.trends import (
    Frequency,
    ScaleChange,
    Segments,
    UseFigures,
    frequency,
    scale_change,
    segments,
    symptom_changes,
    use_figures,
    weekly_means,
)
from journal.domain.withdrawal import WithdrawalScore, WithdrawalSummary, withdrawal_summary
from journal.service.journal import Journal

#: The symptom category of cravings and withdrawal, whose ratings the summary lists beside the SOWS totals.
DEPENDENCE = "dependence"
#: Ratings from this one up (severe, extreme) are listed on the first page.
SEVERE = 3


@dataclass(frozen=True, slots=True)
class SymptomRow:
    """One line of the symptoms table."""

    key: str
    label: str
    category: str
    red_flag: bool
    stats: SymptomStats
    change: str  # "better", "worse", "about the same" or "too few ratings"
    severe_days: int  # days whose worst rating was severe or extreme
    extreme_days: int
    last_severe: date | None


@dataclass(frozen=True, slots=True)
class RedFlagGroup:
    """A group of warning signs (e.g. of the liver): whether it was asked, and what was rated."""

    label: str
    ratings: int  # ratings of its symptoms in the period, "none" included
    rated: tuple[SymptomRow, ...]  # its symptoms rated above none


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """The stored findings of one kind in the period, counted in intakes and in days."""

    rule_id: str
    title: str
    level: Level
    intakes: int
    days: int
    example_days: tuple[date, ...]
    largest_mg: int | None
    basis: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class BreakFigures:
    """Breaks that touch the period, clipped to it."""

    count: int
    began_before: int
    planned: int
    kept: int
    ended_early: int
    running: int
    days: int  # journal days of the counted period on a break
    days_with_use: int  # days with an intake taken during a break
    lengths_days: tuple[int, ...]  # days of each break inside the period


@dataclass(frozen=True, slots=True)
class Trend:
    """The first and last stretch of the period compared, and the weekly means for a sparkline."""

    segments: Segments
    first: UseFigures
    last: UseFigures
    weekly_g: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """The figures the PDF states."""

    period: Period
    counted: Period | None  # the days counted: none after today, today only once it has use
    days: int  # days in the period
    counted_days: int
    use_days: int
    dose_free_days: int
    longest_dose_free: int
    mean_daily_mg: int | None  # over days with use
    median_daily_mg: int | None
    max_daily_mg: int | None
    max_daily_day: date | None
    estimate: bool  # some counted amounts are estimates
    uncounted_intakes: int
    intakes: int
    frequency: Frequency
    days_over_low: int  # days on which a rolling 24-hour window ending that day went over 12 g
    days_over_high: int  # ... over 15 g
    breaks: BreakFigures
    trend: Trend | None
    pain: ScaleChange
    peg: ScaleChange
    red_flags: tuple[RedFlagGroup, ...]
    withdrawal: WithdrawalSummary | None
    forms: tuple[tuple[str, int], ...]  # (form label, intakes), most used first
    products: tuple[tuple[str, int], ...]
    entries: int
    late_entries: int
    symptoms: tuple[SymptomRow, ...]
    findings: tuple[FindingGroup, ...]
    #: Context tags put on entries of the period: entries and days per tag, counts only.
    tags: tuple[TagTally, ...] = ()

    @property
    def late_share(self) -> float:
        return self.late_entries / self.entries if self.entries else 0.0

    @property
    def today_left_out(self) -> bool:
        return self.counted is None or self.counted.end < self.period.end

    @property
    def severe(self) -> tuple[SymptomRow, ...]:
        """Symptoms rated severe or extreme on at least one day, most such days first."""
        rows = [r for r in self.symptoms if r.severe_days]
        return tuple(sorted(rows, key=lambda r: (-r.extreme_days, -r.severe_days, r.label)))

    @property
    def worse(self) -> tuple[SymptomRow, ...]:
        return tuple(r for r in self.symptoms if r.change == "worse")

    @property
    def dependence(self) -> tuple[SymptomRow, ...]:
        """The rated symptoms of dependence and withdrawal (cravings, withdrawal symptoms, ...)."""
        return tuple(r for r in self.symptoms if r.category == DEPENDENCE)


@dataclass(frozen=True, slots=True)
class ReportData:
    """What a report reads from the journal for its period."""

    period: Period
    now: datetime
    today: date
    day_start_hour: int
    totals: dict[date, DayTotal]
    max_rolling: dict[date, int]
    intakes: tuple[Intake, ...]
    product_names: dict[int, str]
    symptoms: tuple[SymptomEntry, ...]
    symptom_types: dict[str, SymptomType]
    pain: tuple[PainCheckin, ...]
    breaks: tuple[Break, ...]
    spans: tuple[BreakSpan, ...]
    break_days: frozenset[date]  # days a break touches
    break_use_days: frozenset[date]  # days with an intake taken during a break
    guidance: Guidance
    withdrawal: tuple[WithdrawalScore, ...] = ()
    #: Other medications and substances taken on some day of the period, as the person wrote them.
    medications: tuple[Medication, ...] = ()
    #: The person's own taper plans that planned some day of the period, with how each went on
    #: the period's days that are over.
    plans: tuple[tuple[TaperPlan, PlanRecord], ...] = ()
    #: Each context tag on an entry of the period, with the entry's journal day.
    tags: tuple[TagUse, ...] = ()

    def day_of(self, utc: datetime, offset_min: int) -> date:
        return local_day(utc, offset_min, self.day_start_hour)

    @property
    def upper(self) -> Rule:
        return self.guidance.upper

    @property
    def cited_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.guidance.rules.values() if r.citations)

    @property
    def counted(self) -> Period | None:
        return counted_period(self.period, self.today, self.today in self.totals)


def read(journal: Journal, period: Period) -> ReportData:
    """Read a period's entries (whole local journal days) from the journal."""
    hour = journal.settings.day_start_hour
    entries = journal.entries
    start, end = period.utc_range(before=timedelta(days=1))
    every, maxima = daily_sums(entries.doses(start, end), hour)
    totals = {d: t for d, t in every.items() if period.contains(d)}
    rolling = {d: mg for d, mg in maxima.items() if period.contains(d)}

    def inside(at: Moment) -> bool:
        return period.contains(local_day(at.utc, at.offset_min, hour))

    lo, hi = period.utc_range()
    intakes = tuple(i for i in entries.intakes(lo, hi) if inside(i.at))
    symptoms = tuple(e for e in entries.symptoms(lo, hi) if inside(e.at))
    pain = tuple(c for c in entries.pain(lo, hi) if inside(c.at))
    withdrawal = tuple(w for w in entries.withdrawal(lo, hi) if inside(w.at))
    now = journal.clock()
    here = journal.now()
    all_breaks = entries.breaks()
    spans = break_spans(all_breaks, period, now, hour)
    break_days = {d for span in spans for d in _span_days(span) if period.contains(d)}
    break_use = set()
    for i in intakes:
        when = journal_local(i.at.utc, i.at.offset_min, hour)
        if any(span.start <= when < span.end for span in spans):
            break_use.add(when.date())
    return ReportData(
        period=period,
        now=now,
        today=local_day(here.utc, here.offset_min, hour),
        day_start_hour=hour,
        totals=totals,
        max_rolling=rolling,
        intakes=intakes,
        product_names={p.id: p.name for p in journal.products.all(include_archived=True) if p.id is not None},
        symptoms=symptoms,
        symptom_types={t.key: t for t in entries.symptom_types()},
        pain=pain,
        breaks=tuple(b for b in all_breaks if _overlaps(b, period, hour)),
        spans=spans,
        break_days=frozenset(break_days),
        break_use_days=frozenset(break_use),
        guidance=journal.guidance,
        withdrawal=withdrawal,
        medications=tuple(journal.medications.during(period.start, period.end)),
        plans=_plans(journal, period, totals, local_day(here.utc, here.offset_min, hour)),
        tags=tuple(use for use in entries.tag_uses(lo, hi, hour) if period.contains(use.day)),
    )


def _plans(
    journal: Journal, period: Period, totals: dict[date, DayTotal], today: date
) -> tuple[tuple[TaperPlan, PlanRecord], ...]:
    """Plans that plan some day of the period, each with its record up to yesterday (today is not over)."""
    counted = {d: t.mg for d, t in totals.items()}
    last = min(period.end, today - timedelta(days=1))
    out = []
    for plan in journal.taper.all():
        if plan.first_day > period.end or (plan.ended is not None and plan.ended <= period.start):
            continue
        out.append((plan, plan_record(plan, counted, period.start, last)))
    return tuple(out)


def _span_days(span: BreakSpan) -> list[date]:
    first, last = span.first_day, span.last_day
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _overlaps(brk: Break, period: Period, hour: int) -> bool:
    start = local_day(brk.start.utc, brk.start.offset_min, hour)
    end_at = brk.actual_end
    end = local_day(end_at.utc, end_at.offset_min, hour) if end_at else max(period.end, start)
    return start <= period.end and end >= period.start


def summarise(data: ReportData) -> ReportSummary:
    """The report's figures for its period."""
    period = data.period
    counted = data.counted
    inside = counted or Period(period.start, period.start)
    totals = {d: t for d, t in data.totals.items() if counted is not None and counted.contains(d)}
    with_amount = [t for t in totals.values() if t.uncounted < t.intakes]
    amounts = [t.mg for t in with_amount]
    biggest = max(with_amount, key=lambda t: t.mg, default=None)
    use = use_summary(set(totals), inside.start, inside.end) if counted else None
    low, high = data.upper.low_mg, data.upper.high_mg
    segs = segments(counted) if counted else None
    trend = None
    if segs is not None and counted is not None:
        trend = Trend(
            segs,
            use_figures(totals, data.max_rolling, segs.first, low),
            use_figures(totals, data.max_rolling, segs.last, low),
            tuple(weekly_means(totals, counted)),
        )
    forms = Counter(i.form.label for i in data.intakes)
    products = Counter(
        data.product_names.get(i.product_id, "a deleted product")
        for i in data.intakes
        if i.product_id is not None
    )
    late = entries = 0
    for at, created in _stamps(data):
        entries += 1
        late += created is not None and is_entered_later(at, created)
    rows = symptom_rows(data, segs)
    checkins = sorted(data.pain, key=lambda c: c.at.utc)
    return ReportSummary(
        period=period,
        counted=counted,
        days=period.days,
        counted_days=counted.days if counted else 0,
        use_days=use.use_days if use else 0,
        dose_free_days=use.dose_free_days if use else 0,
        longest_dose_free=use.longest_dose_free if use else 0,
        mean_daily_mg=round(statistics.fmean(amounts)) if amounts else None,
        median_daily_mg=round(statistics.median(amounts)) if amounts else None,
        max_daily_mg=biggest.mg if biggest else None,
        max_daily_day=biggest.day if biggest else None,
        estimate=any(t.estimate for t in with_amount),
        uncounted_intakes=sum(t.uncounted for t in data.totals.values()),
        intakes=len(data.intakes),
        frequency=frequency(totals, inside),
        days_over_low=sum(mg > low for mg in data.max_rolling.values()),
        days_over_high=sum(mg > high for mg in data.max_rolling.values()),
        breaks=break_figures(data, counted),
        trend=trend,
        pain=scale_change(((data.day_of(c.at.utc, c.at.offset_min), c.pain_now) for c in checkins), segs),
        peg=scale_change(
            (
                (data.day_of(c.at.utc, c.at.offset_min), c.peg_score)
                for c in checkins
                if c.peg_score is not None
            ),
            segs,
        ),
        red_flags=red_flag_groups(data, rows),
        withdrawal=withdrawal_summary(data.withdrawal),
        forms=tuple(forms.most_common()),
        products=tuple(products.most_common()),
        entries=entries,
        late_entries=late,
        symptoms=rows,
        findings=finding_groups(data),
        tags=tuple(tally_tags(data.tags)),
    )


def break_figures(data: ReportData, counted: Period | None) -> BreakFigures:
    """Breaks clipped to the period: a break begun before it counts only its days inside it."""
    starts = {local_day(b.start.utc, b.start.offset_min, data.day_start_hour) for b in data.breaks}
    kept = [b.kept() for b in data.breaks]
    on_break = {d for d in data.break_days if counted is not None and counted.contains(d)}
    lengths = tuple(
        sum(1 for d in _span_days(s) if counted is not None and counted.contains(d)) for s in data.spans
    )
    return BreakFigures(
        count=len(data.breaks),
        began_before=sum(d < data.period.start for d in starts),
        planned=sum(b.planned_end is not None for b in data.breaks),
        kept=sum(k is True for k in kept),
        ended_early=sum(k is False for k in kept),
        running=sum(b.running for b in data.breaks),
        days=len(on_break),
        days_with_use=len(data.break_use_days & on_break),
        lengths_days=lengths,
    )


def _stamps(data: ReportData) -> Iterable[tuple[Moment, datetime | None]]:
    for i in data.intakes:
        yield i.at, i.created
    for e in data.symptoms:
        yield e.at, e.created
    for c in data.pain:
        yield c.at, c.created


def symptom_rows(data: ReportData, segs: Segments | None) -> tuple[SymptomRow, ...]:
    """Each symptom rated above none in the period, red flags first, then most days present."""
    stats = symptom_summary(data.symptoms, data.day_start_hour)
    rated = [(e.type_key, data.day_of(e.at.utc, e.at.offset_min), int(e.severity)) for e in data.symptoms]
    changes = symptom_changes(rated, segs)
    worst: dict[str, dict[date, int]] = defaultdict(dict)
    for key, day, value in rated:
        worst[key][day] = max(worst[key].get(day, 0), value)
    rows = []
    for key, st in stats.items():
        stype = data.symptom_types.get(key)
        severe = sorted(d for d, v in worst[key].items() if v >= SEVERE)
        rows.append(
            SymptomRow(
                key,
                stype.label if stype else key,
                stype.category if stype else "",
                bool(stype and stype.red_flag),
                st,
                changes[key].word,
                len(severe),
                sum(v > SEVERE for v in worst[key].values()),
                severe[-1] if severe else None,
            )
        )
    rows.sort(key=lambda r: (not r.red_flag, -r.stats.days_present, r.label))
    return tuple(rows)


def red_flag_groups(data: ReportData, rows: tuple[SymptomRow, ...]) -> tuple[RedFlagGroup, ...]:
    """Each category holding warning signs, with how often it was asked and what was rated."""
    categories: dict[str, list[str]] = defaultdict(list)
    for stype in data.symptom_types.values():
        if stype.red_flag:
            categories[stype.category].append(stype.key)
    asked = Counter(e.type_key for e in data.symptoms)
    out = []
    for category, keys in sorted(categories.items()):
        out.append(
            RedFlagGroup(
                _CATEGORY_LABELS.get(category, category.replace("-", " ").capitalize()),
                sum(asked[k] for k in keys),
                tuple(r for r in rows if r.key in keys),
            )
        )
    return tuple(out)


_CATEGORY_LABELS = {"liver": "Liver warning signs"}


def finding_groups(data: ReportData, examples: int = 3) -> tuple[FindingGroup, ...]:
    """Stored findings grouped by kind, loudest and most frequent first, counted in intakes and days.

    A rolling 24-hour total is counted in days the one way the whole report
    counts it: the days on which a window ending that day went over the limit.
    """
    groups: dict[str, list[tuple[date, Intake, int]]] = defaultdict(list)
    for intake in data.intakes:
        day = data.day_of(intake.at.utc, intake.at.offset_min)
        for n, finding in enumerate(intake.findings):
            groups[finding.rule_id].append((day, intake, n))
    upper = data.upper
    out = []
    for rule_id, hits in groups.items():
        findings = [i.findings[n] for _, i, n in hits]
        loudest = max(findings, key=lambda f: f.level)
        days = sorted({d for d, _, _ in hits})
        if rule_id == upper.id:
            days = sorted(d for d, mg in data.max_rolling.items() if mg > upper.low_mg)
        totals = [f.total_mg for f in findings if f.total_mg is not None]
        out.append(
            FindingGroup(
                rule_id,
                finding_title(rule_id, data.guidance),
                loudest.level,
                len(hits),
                len(days),
                tuple(days[:examples]),
                max(totals, default=None),
                loudest.basis,
                next((f.citations for f in findings if f.citations), ()),
            )
        )
    out.sort(key=lambda g: (-g.level, -g.days, g.title))
    return tuple(out)
