"""The clinician summary's calendar (Timeline Followback): what happened each day, in words.

Each day shows its total in grams; "break" on a day of a planned break (with
or without use, so a break day with use reads as such); "24h 13.1" where a
rolling 24-hour window ending that day went over the lower end of the cited
limit, with the window's total, since it can hold the day before as well.
Shading repeats what the words say and nothing more, so it prints in grey.
"""

from __future__ import annotations

import calendar
from typing import Any

from journal.domain.periods import Period
from journal.reports.pdf_refs import References
from journal.reports.pdf_style import BOLD, ESTIMATE, FONT, para, table_style
from journal.reports.summary import ReportData

SHADE_BREAK = "#dce6f0"
SHADE_OVER = "#f3c4a8"
SHADE_OUTSIDE = "#f2f2f2"
GRID = "#999999"


def _months(period: Period) -> list[tuple[int, int]]:
    out = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def calendar_section(data: ReportData, refs: References) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Table

    grids = [_month(data, year, month, 12.4 * mm) for year, month in _months(data.period)]
    pairs = [grids[i : i + 2] for i in range(0, len(grids), 2)]
    outer = Table([pair + [""] * (2 - len(pair)) for pair in pairs], colWidths=["50%", "50%"], hAlign="LEFT")
    outer.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        )
    )
    upper = data.upper
    legend = (
        "Each day: its date, then the grams logged that day (– none, * includes an estimate, "
        "? amount unknown). <b>break</b>: a day of a planned break (shaded); <b>in break</b>: use logged "
        "during the break. <b>24h 13.1</b>: a 24-hour window ending that day reached 13.1 g, over the "
        f"{upper.low:f} g lower end of the cited limit of {upper.range_text} "
        f"{refs.marks(c.file for c in upper.citations)} "
        "(bold, shaded; the window can include the day before)."
    )
    return [
        CondPageBreak(230),  # the heading and legend never stand alone at the foot of a page
        para("Day by day (Timeline Followback calendar)", "h1"),
        para(legend, "small"),
        outer,
    ]


def _month(data: ReportData, year: int, month: int, cell_w: float) -> Any:
    from reportlab.platypus import Table

    low = data.upper.low_mg
    counted = data.counted
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    rows: list[list[str]] = [[f"{calendar.month_name[month]} {year}", "", "", "", "", "", ""]]
    rows.append(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    cmds: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
        ("FONT", (0, 1), (-1, 1), FONT, 6.5),
        ("FONT", (0, 2), (-1, -1), FONT, 6.5),
        ("ALIGN", (0, 1), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEADING", (0, 2), (-1, -1), 7.4),
        ("GRID", (0, 1), (-1, -1), 0.3, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1),
    ]
    for r, week in enumerate(weeks, start=2):
        row = []
        for c, day in enumerate(week):
            if day.month != month or not data.period.contains(day):
                row.append("")
                cmds.append(("BACKGROUND", (c, r), (c, r), SHADE_OUTSIDE))
                continue
            lines = [str(day.day)]
            total = data.totals.get(day)
            if total is None:
                counts = counted is not None and counted.contains(day)
                lines.append("–" if counts else "today" if day == data.today else "")
            elif total.uncounted == total.intakes:
                lines.append("?")
            else:
                lines.append(f"{total.mg / 1000:.1f}{ESTIMATE if total.estimate else ''}")
            on_break = day in data.break_days
            if on_break:
                lines.append("in break" if day in data.break_use_days else "break")
            rolling = data.max_rolling.get(day, 0)
            if rolling > low:
                lines.append(f"24h {rolling / 1000:.1f}")
                cmds.append(("FONT", (c, r), (c, r), BOLD, 6.5))
                cmds.append(("BACKGROUND", (c, r), (c, r), SHADE_OVER))
            elif on_break:
                cmds.append(("BACKGROUND", (c, r), (c, r), SHADE_BREAK))
            row.append("\n".join(lines))
        rows.append(row)
    grid = Table(rows, colWidths=[cell_w] * 7)
    grid.setStyle(table_style(*cmds, size=6.5))
    return grid
