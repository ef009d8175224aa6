"""The clinician summary's first pages: everything at a glance, in words and numbers.

How much and how often, the trend (with a small line of weekly means), days
over the cited 24-hour limit, breaks, pain and PEG, red flags first among the
symptoms, withdrawal, and late entries. All of it self-reported.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from journal.domain.entities import Severity
from journal.domain.taper import PlanRecord, TaperPlan
from journal.domain.trends import ScaleChange, UseFigures
from journal.domain.withdrawal import SOWS_MAX, SOWS_REFERENCE
from journal.reports.pdf_refs import PAIN_CHANGE_REFERENCE, References
from journal.reports.pdf_style import (
    BOLD,
    RULE,
    day_text,
    days_text,
    grams,
    intakes_text,
    para,
    span_text,
    table_style,
    text,
)
from journal.reports.summary import ReportData, ReportSummary, SymptomRow

Row = tuple[str, Any]


def glance_section(data: ReportData, s: ReportSummary, refs: References) -> list[Any]:
    period = s.period
    counted = (
        f"; today ({day_text(data.today)}) is not over and has no use logged yet, so "
        f"{days_text(s.counted_days)} are counted"
        if s.today_left_out and s.counted_days
        else ""
    )
    intro = (
        f"Period {period.text}, {days_text(s.days)}{counted}. "
        "<b>Everything in this summary is self-reported</b> by the patient in a personal journal app: "
        "amounts are grams of kratom leaf (or leaf equivalent) as logged, symptoms are rated by the "
        "patient 0 (none) to 4 (extreme), pain 0 to 10."
    )
    out: list[Any] = [para("At a glance (self-reported)", "h1"), para(intro, "small")]
    out += _block("Use", _use_rows(data, s, refs))
    out += _block("Other medications reported", _medication_rows(data))
    out += _medication_advice(refs)
    for plan, record in data.plans:
        out += _block("Your taper plan (your own, not guidance)", _plan_rows(data, plan, record))
    out += _block("Breaks", [("Breaks", _breaks(s))])
    out += _block("Pain", _pain_rows(s))
    if refs.has(PAIN_CHANGE_REFERENCE) and (s.pain.percent is not None or s.peg.percent is not None):
        out.append(
            para(
                "For scale: chronic pain trials call a decrease of at least 30% on a 0 to 10 pain intensity "
                f"scale moderately important [{refs.work_number(PAIN_CHANGE_REFERENCE)}].",
                "small",
            )
        )
    out += _block("Symptoms and withdrawal", _symptom_rows(s, refs))
    out += _block("Entries", _entry_rows(s))
    return out


def _block(heading: str, rows: list[Row]) -> list[Any]:
    from reportlab.platypus import Table

    cells = [
        [para(label, "label"), value if not isinstance(value, str) else para(value, "cell")]
        for label, value in rows
    ]
    table = Table(cells, colWidths=["27%", "73%"], hAlign="LEFT")
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
        )
    )
    return [para(heading, "h2"), table]


# -- the person's plan -------------------------------------------------------------------------


def _plan_rows(data: ReportData, plan: TaperPlan, record: PlanRecord) -> list[Row]:
    """The plan in words (a table plan's listed days too), the days kept, and planned against actual
    grams a day, week by week, as a small table."""
    state = ""
    if plan.ended is not None:
        state = f"; ended {day_text(plan.ended)}"
    elif plan.paused:
        state = "; paused now"
    rows: list[Row] = [("Plan", f"<b>{text(plan.describe())}</b>{state}")]
    if plan.table:
        listed = [f"{day_text(day)}: {_plan_g(grams_)}" for day, grams_ in plan.table]
        more = len(listed) - MAX_TABLE_ROWS_SHOWN
        shown = "; ".join(listed[:MAX_TABLE_ROWS_SHOWN]) + (f"; and {more} more days" if more > 0 else "")
        shifted = " A pause shifts the listed days later by the days paused." if plan.pauses else ""
        rows.append(
            (
                "Day-by-day table",
                f"The patient's own table: each amount holds until the next listed day. {shown}.{shifted}",
            )
        )
    if record.days:
        share = round(100 * record.kept / record.days)
        rows.append(
            (
                "Days kept",
                f"<b>{record.kept} of {days_text(record.days)}</b> ({share}%) at or under the plan; "
                "a week whose actual mean is over its planned mean is in bold",
            )
        )
        rows.append(("Per week (mean a day)", _weeks_table(record)))
    else:
        rows.append(("Days kept", "no day of the plan in this period is over yet"))
    return rows


#: A table plan's listed days written out on the first pages (the rest are counted).
MAX_TABLE_ROWS_SHOWN = 12
WEEK_COLUMNS = ("Week from", "Days", "Planned g/day", "Actual g/day", "Days kept")


def _plan_g(value: Decimal) -> str:
    return f"{format(value.normalize(), 'f')}\u00a0g"  # never "9" at a line end and "g" on the next


def _weeks_table(record: PlanRecord) -> Any:
    """Week, planned and actual mean grams a day, days kept: one line a week, numbers right-aligned."""
    from reportlab.platypus import Table

    cells = [[para(f"<b>{name}</b>", "cell") for name in WEEK_COLUMNS]]
    for w in record.weeks:
        over = w.actual_mg > w.planned_mg
        actual = f"<b>{grams(w.actual_mg)}</b>" if over else grams(w.actual_mg)
        cells.append(
            [
                para(day_text(w.first), "cell"),
                para(str(w.days), "cell"),
                para(grams(w.planned_mg), "cell"),
                para(actual, "cell"),
                para(f"{w.kept} of {w.days}", "cell"),
            ]
        )
    table = Table(cells, colWidths=["26%", "12%", "22%", "22%", "18%"], hAlign="LEFT", repeatRows=1)
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        )
    )
    return table


# -- other medications ---------------------------------------------------------------------------


def _medication_rows(data: ReportData) -> list[Row]:
    """Each medication or substance taken in the period, as the patient wrote it; no interaction checked."""
    if not data.medications:
        return [("None reported", "The patient listed no other medications or substances for this period.")]
    rows: list[Row] = []
    for m in data.medications:
        parts = [f"<b>{text(m.dose_text())}</b>" if m.dose_text() else "dose not given"]
        if m.reason.strip():
            parts.append(f"for {text(m.reason.strip())}")
        if m.dates_text():
            parts.append(text(m.dates_text()))
        rows.append((text(m.name), "; ".join(parts)))
    return rows


def _medication_advice(refs: References) -> list[Any]:
    """The cited passage the list rests on: the journal checks no interactions."""
    from journal.service.medications import advice

    cited = advice()
    if cited is None:
        return []
    citation, _name = cited
    return [
        para(
            f"As listed by the patient; the journal checks no interactions. “{text(citation.quote)}” "
            f"{refs.marks([citation.file])}.",
            "small",
        )
    ]


# -- use -----------------------------------------------------------------------------------------


def _use_rows(data: ReportData, s: ReportSummary, refs: References) -> list[Row]:
    upper = data.upper
    share = f" ({round(100 * s.use_days / s.counted_days)}%)" if s.counted_days else ""
    rows: list[Row] = [
        (
            "Days with use",
            f"<b>{s.use_days:,} of {days_text(s.counted_days)}</b>{share}; {days_text(s.dose_free_days)} "
            f"without use; longest run without use {days_text(s.longest_dose_free)}",
        )
    ]
    if s.median_daily_mg is not None and s.max_daily_day is not None:
        est = "; some amounts are estimates" if s.estimate else ""
        rows.append(
            (
                "Amount on a day of use",
                f"<b>median {grams(s.median_daily_mg)}</b>, mean {grams(s.mean_daily_mg)}; highest "
                f"{grams(s.max_daily_mg)} on {day_text(s.max_daily_day)}{est}",
            )
        )
    f = s.frequency
    per_day = (
        f"<b>{f.per_use_day_mean} intakes a day of use</b> (median {f.per_use_day_median}); "
        if f.per_use_day_mean is not None
        else ""
    )
    rows.append(("How often", f"{per_day}{f.per_week} intakes a week; {intakes_text(s.intakes)} in all"))
    high = f", on {s.days_over_high:,} of them over {upper.high:f} g" if s.days_over_low else ""
    rows.append(
        (
            "Over the cited 24-hour limit",
            f"<b>on {days_text(s.days_over_low)}</b> a rolling 24-hour total went over "
            f"{upper.low:f} g{high}. "
            f"The cited upper limit is {upper.range_text} within 24 hours "
            f"{refs.marks(c.file for c in upper.citations)}.",
        )
    )
    if s.trend is not None:
        rows.append((f"Trend: {s.trend.segments.first_label} and {s.trend.segments.last_label}", _trend(s)))
    if s.uncounted_intakes:
        rows.append(
            (
                "Not in the totals",
                f"{intakes_text(s.uncounted_intakes)} whose leaf equivalent is unknown (an extract without a "
                "factor, or capsules of unknown content)",
            )
        )
    forms = "; ".join(f"{text(name)} {intakes_text(n)}" for name, n in s.forms) or "none"
    rows.append(("Forms", forms))
    if s.products:
        rows.append(("Products", "; ".join(f"{text(name)} {intakes_text(n)}" for name, n in s.products)))
    return rows


def _trend(s: ReportSummary) -> Any:
    from reportlab.platypus import Table

    trend = s.trend
    assert trend is not None
    first, last = trend.first, trend.last
    segs = trend.segments

    def use(u: UseFigures) -> str:
        return f"{u.use_days} of {u.days} ({u.use_share}%)"

    head = ["", segs.first_label.capitalize(), segs.last_label.capitalize(), "Change"]
    rows = [
        head,
        [
            "Mean amount a day of use",
            grams(first.mean_mg),
            grams(last.mean_mg),
            _change(first.mean_mg, last.mean_mg),
        ],
        ["Days with use", use(first), use(last), ""],
        [
            "Intakes a week",
            str(first.intakes_per_week),
            str(last.intakes_per_week),
            _change(first.intakes_per_week, last.intakes_per_week),
        ],
        ["Days over 12 g in 24 hours", str(first.days_over), str(last.days_over), ""],
    ]
    table = Table(rows, colWidths=[112, 78, 78, 46], hAlign="LEFT")
    table.setStyle(
        table_style(
            ("FONT", (0, 0), (-1, 0), BOLD, 7.5),
            ("LEADING", (0, 0), (-1, -1), 9),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            size=7.8,
        )
    )
    spark = _sparkline(list(trend.weekly_g), 150, 22)
    top = max(trend.weekly_g, default=0)
    dates = para(
        f"{segs.first_label.capitalize()}: {span_text(segs.first.start, segs.first.end)}; "
        f"{segs.last_label}: {span_text(segs.last.start, segs.last.end)}.",
        "small",
    )
    caption = para(
        f"The line: mean grams a day, week by week over the period (days without use count as 0), "
        f"from 0 at the bottom to {top:.1f} g.",
        "small",
    )
    box = Table([[table, ""], [dates, ""], [spark, caption]], colWidths=[158, None], hAlign="LEFT")
    box.setStyle(
        table_style(
            ("SPAN", (0, 0), (-1, 0)),
            ("SPAN", (0, 1), (-1, 1)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 2), (-1, 2), 3),
        )
    )
    return box


def signed(pct: int) -> str:
    """ "+28%", "−22%" (a real minus sign), "0%"."""
    return f"+{pct}%" if pct > 0 else f"−{-pct}%" if pct < 0 else "0%"


def _change(first: int | Decimal | None, last: int | Decimal | None) -> str:
    from journal.domain.trends import percent_change

    pct = percent_change(first, last)
    return "" if pct is None else signed(pct)


def _sparkline(values: list[float], width: float, height: float) -> Any:
    """A small black line of the values over a baseline at 0 (drawn on the canvas: no chart fonts)."""
    from reportlab.platypus import Flowable

    class Sparkline(Flowable):  # type: ignore[misc]
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return width, height

        def draw(self) -> None:
            canv = self.canv
            canv.saveState()
            canv.setStrokeColor("#888888")
            canv.setLineWidth(0.4)
            canv.line(0, 1, width, 1)
            top = max(values, default=0) or 1.0
            if len(values) > 1:
                step = width / (len(values) - 1)
                path = canv.beginPath()
                for i, v in enumerate(values):
                    x, y = i * step, 1 + (height - 3) * v / top
                    path.lineTo(x, y) if i else path.moveTo(x, y)
                canv.setStrokeColor("#000000")
                canv.setLineWidth(0.9)
                canv.drawPath(path, stroke=1, fill=0)
            canv.restoreState()

    return Sparkline()


# -- breaks --------------------------------------------------------------------------------------


def _breaks(s: ReportSummary) -> str:
    b = s.breaks
    if not b.count:
        return "No breaks in this period."
    before = f", {b.began_before} of them begun before it" if b.began_before else ""
    running = f"{b.running} still running" if b.running else "none still running"
    lengths = ", ".join(str(n) for n in b.lengths_days)
    use = (
        f", {days_text(b.days_with_use)} of them with use logged during the break"
        if b.days_with_use
        else ", none with use logged"
    )
    return (
        f"<b>{b.count} break{'s' if b.count != 1 else ''}</b> in the period{before}: "
        f"{b.planned} with a planned end, <b>{b.kept} kept to it</b>, {b.ended_early} ended early; "
        f"{running}. "
        f"{days_text(b.days)} on a break in the period{use}. Days of each break inside the period: {lengths}."
    )


# -- pain ----------------------------------------------------------------------------------------


def _pain_rows(s: ReportSummary) -> list[Row]:
    if not s.pain.total_n:
        return [("Pain", "No pain check-ins in this period.")]
    segs = s.trend.segments if s.trend else None
    labels = (f"in the {segs.first_label}", f"in the {segs.last_label}") if segs else ("at first", "at last")
    rows = [("Pain now (0 to 10)", _scale(s.pain, labels, "check-in", "check-ins"))]
    if s.peg.total_n:
        rows.append(
            ("PEG score (0 to 10)", _scale(s.peg, labels, "check-in with the PEG", "check-ins with the PEG"))
        )
    else:
        rows.append(("PEG score (0 to 10)", "No check-in with the PEG in this period."))
    return rows


def _scale(change: ScaleChange, labels: tuple[str, str], one: str, many: str) -> str:
    count = f"{change.total_n:,} {one if change.total_n == 1 else many}"
    if change.first is None or change.last is None:
        return f"Too few check-ins at the start and end of the period to compare; {count} in all."
    if change.total_n == 1:
        return f"<b>{change.first}</b> at the only {one}"
    pct = change.percent
    moved = f": <b>{signed(pct)}</b>" if pct is not None else ""
    means = "means of " if change.first_n > 1 or change.last_n > 1 else ""
    return (
        f"<b>{change.first}</b> {labels[0]}, <b>{change.last}</b> {labels[1]}{moved} "
        f"({means}{change.first_n} and {change.last_n} {many}); {count} in all"
    )


# -- symptoms ------------------------------------------------------------------------------------


def _symptom_rows(s: ReportSummary, refs: References) -> list[Row]:
    rows: list[Row] = []
    for group in s.red_flags:
        if group.rated:
            value = "<b>Reported:</b> " + "; ".join(_rated(r) for r in group.rated)
        elif group.ratings:
            value = f"none reported (asked {group.ratings:,} times, always rated none)"
        else:
            value = "not asked in this period"
        rows.append((f"Red flags: {group.label.lower()}", value))
    severe = s.severe
    rows.append(("Rated severe or extreme", "; ".join(_severe(r) for r in severe) if severe else "none"))
    worse = s.worse
    if s.trend is not None:
        segs = s.trend.segments
        what = f"Worse in the {segs.last_label} than the {segs.first_label}"
    else:
        what = "Worse at the end of the period"
    rows.append(
        (
            what,
            "; ".join(f"{text(r.label)}" for r in worse)
            + " (mean daily worst rating up by half a point or more: a pattern in the data)"
            if worse
            else "none",
        )
    )
    rows.append(("Withdrawal", _withdrawal(s, refs)))
    return rows


def _rated(r: SymptomRow) -> str:
    st = r.stats
    return (
        f"<b>{text(r.label)}</b> on {days_text(st.days_present)}, worst {Severity(st.worst).word} "
        f"(last {day_text(st.last_seen)})"
    )


def _severe(r: SymptomRow) -> str:
    extreme = f"extreme on {days_text(r.extreme_days)}, " if r.extreme_days else ""
    last = f" (last {day_text(r.last_severe)})" if r.last_severe else ""
    return f"<b>{text(r.label)}</b>: {extreme}severe or worse on {days_text(r.severe_days)}{last}"


def _withdrawal(s: ReportSummary, refs: References) -> str:
    w = s.withdrawal
    if w is not None:
        mark = f" [{refs.work_number(SOWS_REFERENCE)}]" if refs.has(SOWS_REFERENCE) else ""
        scores = (
            f"SOWS total{mark} (0 to {SOWS_MAX}, no bands): "
            f"first {w.first.total} ({day_text(w.first.at.local.date())}), "
            f"last {w.last.total} ({day_text(w.last.at.local.date())}), highest {w.highest.total} "
            f"({day_text(w.highest.at.local.date())}); "
            f"{w.count} scored check-in{'s' if w.count != 1 else ''}."
        )
    else:
        scores = "No scored withdrawal check-ins (SOWS) in this period."
    rated = "; ".join(
        f"{text(r.label)} on {days_text(r.stats.days_present)}, worst {Severity(r.stats.worst).word}"
        for r in s.dependence
    )
    if not rated:
        return f"{scores} No dependence or withdrawal symptom rated above none."
    return f"{scores} Rated: {rated}."


# -- entries -------------------------------------------------------------------------------------


def _entry_rows(s: ReportSummary) -> list[Row]:
    return [
        (
            "Entered late",
            f"<b>{s.late_entries:,} of {s.entries:,} entries</b> ({s.late_share:.0%}) were logged more than "
            "12 hours after the time they describe",
        )
    ]
