"""Use against a symptom: the 7- and 30-day average amounts above, the symptom's worst rating
per day below, in two panels on one time axis.

Hair and skin change over weeks, not days, so the amounts are trailing
averages. Two panels rather than two y-axes on one plot: grids that do not line
up invite reading a correlation the data may not hold.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.typing import LineStyleType

from journal.charts.common import (
    chart_context,
    date_axis,
    day_numbers,
    empty_message,
    layout,
    legend_below,
    legend_rows,
    nan_array,
    start_panels,
    text_width,
    title,
)
from journal.charts.data.common import SEVERITY_WORDS
from journal.charts.data.use import UseData
from journal.charts.style import ChartStyle

EMPTY_TEXT = (
    "Nothing to compare in this period: no intakes and no symptom ratings. Log intakes (Ctrl+N) "
    "and rate symptoms (Ctrl+Shift+S), or choose a longer period above."
)
NO_SYMPTOM_TEXT = (
    "No symptom rated in this period. Rate symptoms with Symptom check-in (Ctrl+Shift+S) "
    "to see them beside your use."
)


def build_use(fig: Figure, data: UseData, style: ChartStyle) -> None:
    """Draw the average amounts (top panel, g a day) and the symptom's worst rating (bottom panel)."""
    with chart_context(style):
        _build(fig, data, style)


def _build(fig: Figure, data: UseData, style: ChartStyle) -> None:
    ax, below = start_panels(fig, style, (1.4, 1.0), gap=0.25)
    centres = day_numbers(data.days) + 0.5
    avg7 = nan_array(data.avg7_mg) / 1000
    avg30 = nan_array(data.avg30_mg) / 1000
    long = len(data.days) > 400
    # Over years the 7-day line is a thin, pale texture under the 30-day one;
    # dashes would blur into a solid line there, so width tells them apart.
    style_30: LineStyleType = "-" if long else (0, (6, 2))
    ax.plot(
        centres,
        avg7,
        color=style.average_7,
        linewidth=0.8 if long else 1.4,
        alpha=0.6 if long else 1.0,
        zorder=3,
        gid="average-7",
    )
    ax.plot(
        centres, avg30, color=style.average_30, linewidth=2.6, linestyle=style_30, zorder=4, gid="average-30"
    )
    top = np.nanmax(np.concatenate([avg7, avg30, [0.0]])) if len(centres) else 0.0
    ax.set_ylim(0, max(1.0, float(top) * 1.12))
    ax.set_ylabel("grams a day (average)")

    label = data.symptom.label if data.symptom else "symptom"
    sev = nan_array(data.severity)
    rated = ~np.isnan(sev)
    many = len(data.days) > 120
    below.plot(
        centres[rated],
        sev[rated],
        linestyle="none",
        marker="s",
        markersize=2.5 if many else 5,
        alpha=0.55 if many else 0.9,
        markeredgewidth=0,
        color=style.symptom,
        zorder=5,
        gid="severity",
    )
    below.set_ylim(-0.4, 4.4)
    below.set_yticks(range(5))
    below.set_yticklabels(list(SEVERITY_WORDS))
    below.set_ylabel("worst that day")

    handles = [
        Line2D(
            [],
            [],
            color=style.average_7,
            linewidth=0.8 if long else 1.4,
            alpha=0.6 if long else 1.0,
            label="7-day average",
        ),
        Line2D(
            [],
            [],
            color=style.average_30,
            linewidth=2.6,
            linestyle=style_30,
            label="30-day average",
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="s",
            markersize=5,
            color=style.symptom,
            label=f"{label}, worst rating that day",
        ),
    ]
    date_axis(below, data.period)
    heading = f"{data.symptom.label} beside use" if data.symptom else "Use against symptoms"
    title(
        ax,
        heading,
        data.period,
        style,
        "self-reported · hair and skin change over weeks, so amounts are averages",
    )
    if data.empty:
        empty_message(ax, EMPTY_TEXT, style)
    elif data.symptom is None:
        empty_message(ax, NO_SYMPTOM_TEXT, style)
    ncols, lines = legend_rows(fig, handles, style)
    layout(
        fig,
        style,
        left=text_width("moderate", style) + 0.45,
        legend_lines=lines,
    )
    legend_below(fig, handles, style, ncols)
