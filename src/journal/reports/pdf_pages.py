"""The clinician summary's first pages: the summary, the Timeline Followback calendar, the symptoms
table and the findings with their citations."""

from __future__ import annotations

import calendar
from typing import Any
from xml.sax.saxutils import escape

from journal.domain.entities import Severity
from journal.domain.periods import Period
from journal.reports.pdf_style import (
    BOLD,
    BREAK,
    ESTIMATE,
    FONT,
    OVER_HIGH,
    OVER_LOW,
    day_text,
    days_text,
    grams,
    para,
)
from journal.reports.summary import FindingGroup, ReportData, ReportSummary

# -- summary -----------------------------------------------------------------------------------


def summary_section(data: ReportData, s: ReportSummary) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    upper = data.upper
    est = " (some amounts are estimates)" if s.estimate else ""
    biggest = f"{grams(s.max_daily_mg)} on {day_text(s.max_daily_day)}" if s.max_daily_day else "–"
    lengths = ", ".join(days_text(n) for n in s.break_lengths_days) or "–"
    breaks = (
        f"{s.breaks} in the period; {s.breaks_planned} with a planned end, {s.breaks_kept} kept to it, "
        f"{s.breaks_ended_early} ended early, {s.breaks_running} running. Lengths: {lengths}"
    )
    forms = ", ".join(f"{escape(f)} ({n})" for f, n in s.forms) or "–"
    products = ", ".join(f"{escape(p)} ({n})" for p, n in s.products) or "–"
    rows = [
        ("Days in the period", f"{s.days}"),
        ("Days with use", f"{s.use_days}"),
        ("Dose-free days", f"{s.dose_free_days}"),
        (
            "Daily amount on days with use (g of leaf or leaf equivalent)",
            f"mean {grams(s.mean_daily_mg)}, median {grams(s.median_daily_mg)}, largest {biggest}{est}",
        ),
        (
            f"Days the rolling 24-hour total went over {upper.low:f} g",
            f"{s.days_over_low} (over {upper.high:f} g: {s.days_over_high})",
        ),
        ("Longest dose-free stretch", days_text(s.longest_dose_free)),
        ("Breaks", breaks),
        ("Forms used (intakes)", forms),
        ("Products used (intakes)", products),
        (
            "Entries logged late (more than 12 h after the time they describe)",
            f"{s.late_entries} of {s.entries} ({s.late_share:.0%})",
        ),
    ]
    if s.uncounted_intakes:
        rows.append(("Intakes not in the totals (no leaf equivalent known)", f"{s.uncounted_intakes}"))
    table = Table(
        [[para(k, "cell"), para(v, "cell")] for k, v in rows],
        colWidths=["42%", "58%"],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    note = (
        f"Cited upper limit: {upper.range_text} within 24 hours ({escape(upper.citations[0].file)}). "
        "Amounts are as the patient logged them; leaf equivalents of extracts are estimates."
    )
    return [para("Summary", "h1"), table, para(note, "small")]


# -- calendar ------------------------------------------------------------------------------------


def _months(period: Period) -> list[tuple[int, int]]:
    out = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def calendar_section(data: ReportData) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    low, high = data.upper.low_mg, data.upper.high_mg
    grids = []
    cell_w = 12 * mm
    for year, month in _months(data.period):
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        rows: list[list[str]] = [[f"{calendar.month_name[month]} {year}", "", "", "", "", "", ""]]
        rows.append(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
        cmds: list[tuple[Any, ...]] = [
            ("SPAN", (0, 0), (-1, 0)),
            ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
            ("FONT", (0, 1), (-1, 1), FONT, 6.5),
            ("FONT", (0, 2), (-1, -1), FONT, 7),
            ("ALIGN", (0, 1), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEADING", (0, 2), (-1, -1), 8),
            ("GRID", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        for r, week in enumerate(weeks, start=2):
            row = []
            for c, day in enumerate(week):
                if day.month != month or not data.period.contains(day):
                    row.append("")
                    cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor("#eeeeee")))
                    continue
                total = data.totals.get(day)
                rolling = data.max_rolling.get(day, 0)
                mark = OVER_HIGH if rolling > high else OVER_LOW if rolling > low else ""
                brk = BREAK if day in data.break_days else ""
                if total is None:
                    amount = "–"
                elif total.uncounted == total.intakes:
                    amount = "?"
                else:
                    amount = f"{total.mg / 1000:.1f}{ESTIMATE if total.estimate else ''}"
                row.append(f"{brk}{day.day}{mark}\n{amount}")
                if mark:
                    cmds.append(("FONT", (c, r), (c, r), BOLD, 7))
                    shade = "#f3c4b3" if rolling > high else "#fae3d9"
                    cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(shade)))
                elif brk:
                    cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor("#dde6ee")))
            rows.append(row)
        grid = Table(rows, colWidths=[cell_w] * 7)
        grid.setStyle(TableStyle(cmds))
        grids.append(grid)
    pairs = [grids[i : i + 2] for i in range(0, len(grids), 2)]
    outer_rows = [pair + [""] * (2 - len(pair)) for pair in pairs]
    outer = Table(outer_rows, colWidths=["50%", "50%"], hAlign="LEFT")
    outer.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    upper = data.upper
    legend = (
        f"Each day: its date, then the grams logged that day (leaf or leaf equivalent). "
        f"<b>{OVER_LOW}</b> and bold: the rolling 24-hour total went over {upper.low:f} g that day; "
        f"<b>{OVER_HIGH}</b>: over {upper.high:f} g (cited upper limit {upper.range_text}). "
        f"{BREAK}: a break day. {ESTIMATE}: includes an estimate. –: no use logged. "
        "?: intakes whose leaf equivalent is unknown."
    )
    return [para("Daily amounts (Timeline Followback calendar)", "h1"), para(legend, "small"), outer]


# -- symptoms ------------------------------------------------------------------------------------


def symptoms_section(s: ReportSummary) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    out: list[Any] = [para("Symptoms", "h1")]
    if not s.symptoms:
        return [*out, para("No symptoms rated above none in this period.")]
    header = ["Symptom", "Days present", "Mean severity", "Worst", "First seen", "Last seen", "Change*"]
    rows: list[list[Any]] = [[para(f"<b>{h}</b>", "cell") for h in header]]
    for row in s.symptoms:
        label = escape(row.label)
        if row.red_flag:
            label = f"<b>⚑ {label}</b> (red flag: liver)"
        st = row.stats
        rows.append(
            [
                para(label, "cell"),
                str(st.days_present),
                f"{st.mean_severity}",
                f"{st.worst} {Severity(st.worst).word}",
                day_text(st.first_seen),
                day_text(st.last_seen),
                row.change,
            ]
        )
    table = Table(
        rows, colWidths=["27%", "10%", "11%", "12%", "13%", "13%", "14%"], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), FONT, 8),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
            ]
        )
    )
    note = (
        "Severity 0 (none) to 4 (extreme); the mean is over ratings above none. *Change compares the mean "
        "rating in the first and second half of the period: a pattern in the data, not a diagnosis."
    )
    return [*out, table, para(note, "small")]


# -- findings and references ---------------------------------------------------------------------


def findings_section(data: ReportData, s: ReportSummary) -> list[Any]:
    from reportlab.platypus import KeepTogether

    out: list[Any] = [para("Findings", "h1")]
    if not s.findings:
        out.append(para("No notices, cautions or warnings were stored with the intakes in this period."))
    else:
        out.append(
            para(
                "What the app tells the patient about each intake, grouped by rule, worked out from "
                "the whole journal as it stands, entries filled in later included "
                "(it informs; it never blocks logging).",
                "small",
            )
        )
    for group in s.findings:
        out.append(KeepTogether(_finding(group)))
    out.append(para("References", "h1"))
    from journal.resources import sources

    titles = sources()
    for rule in data.cited_rules:
        block = [para(f"<b>{escape(rule.summary)}</b>", "body")]
        for c in rule.citations:
            block.append(
                para(
                    f"“{escape(c.quote)}” — {escape(titles.title(c.file))} "
                    f"({escape(c.file)}, section “{escape(c.section)}”)",
                    "quote",
                )
            )
        out.append(KeepTogether(block))
    return out


def _finding(group: FindingGroup) -> list[Any]:
    examples = ", ".join(day_text(d) for d in group.example_days)
    more = ", …" if group.count > len(group.example_days) else ""
    lines = [
        para(
            f"<b>{group.level.word.capitalize()}</b> · {escape(group.rule_id)} · "
            f"{group.count} time{'s' if group.count != 1 else ''} · e.g. {examples}{more}",
            "h2",
        ),
        para(f"Example: {escape(group.example)}", "cell"),
    ]
    basis = f"Basis: {escape(group.basis)}"
    if group.citations:
        cites = "; ".join(f"{escape(c.file)}, section “{escape(c.section)}”" for c in group.citations)
        basis += f" — {cites}"
    lines.append(para(basis, "small"))
    return lines
