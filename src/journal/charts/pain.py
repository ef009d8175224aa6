"""Pain: pain now and the PEG score over time, each with its 7-day average."""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from journal.charts.common import (
    chart_context,
    date_axis,
    day_numbers,
    empty_message,
    layout,
    legend_below,
    legend_rows,
    nan_array,
    start,
    time_numbers,
    title,
)
from journal.charts.data.pain import PainData
from journal.charts.style import ChartStyle

EMPTY_TEXT = (
    "No pain check-ins in this period. Add one with Pain check-in (Ctrl+Shift+K), "
    "or choose a longer period above."
)


def build_pain(fig: Figure, data: PainData, style: ChartStyle) -> None:
    """Draw pain now and PEG score (points) with their 7-day averages (lines), 0 to 10."""
    with chart_context(style):
        _build(fig, data, style)


def _build(fig: Figure, data: PainData, style: ChartStyle) -> None:
    ax = start(fig, style)
    many = len(data.samples) > 400
    size = 2.5 if many else 4.5
    alpha = 0.45 if many else 0.85
    handles: list[Artist] = []
    samples = data.samples
    if samples:
        x = time_numbers([s.at for s in samples])
        pain = np.array([s.pain_now for s in samples], dtype=float)
        ax.plot(
            x,
            pain,
            linestyle="none",
            marker="o",
            markersize=size,
            alpha=alpha,
            color=style.pain,
            markeredgewidth=0,
            zorder=3,
            gid="pain-points",
        )
        peg_samples = [s for s in samples if s.peg is not None]
        if peg_samples:
            ax.plot(
                time_numbers([s.at for s in peg_samples]),
                [float(s.peg) for s in peg_samples if s.peg is not None],
                linestyle="none",
                marker="s",
                markersize=size * 0.9,
                alpha=alpha,
                color=style.peg,
                markeredgewidth=0,
                zorder=3,
                gid="peg-points",
            )
    centres = day_numbers(data.days) + 0.5
    ax.plot(
        centres,
        nan_array(data.pain_avg7),
        color=style.pain,
        linewidth=2.2,
        linestyle="-",
        zorder=4,
        gid="pain-average",
    )
    ax.plot(
        centres,
        nan_array(data.peg_avg7),
        color=style.peg,
        linewidth=2.2,
        linestyle=(0, (5, 2)),
        zorder=4,
        gid="peg-average",
    )
    handles = [
        Line2D([], [], linestyle="none", marker="o", markersize=5, color=style.pain, label="pain now"),
        Line2D([], [], color=style.pain, linewidth=2.2, label="pain now, 7-day average"),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="s",
            markersize=5,
            color=style.peg,
            label="PEG score (pain, enjoyment, activity)",
        ),
        Line2D(
            [], [], color=style.peg, linewidth=2.2, linestyle=(0, (5, 2)), label="PEG score, 7-day average"
        ),
    ]
    ax.set_ylim(-0.3, 10.3)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel("0 = none · 10 = worst")
    date_axis(ax, data.period)
    title(
        ax,
        "Pain",
        data.period,
        style,
        "self-reported · points: check-ins · lines: average of the last 7 days",
    )
    if data.empty:
        empty_message(ax, EMPTY_TEXT, style)
    ncols, lines = legend_rows(fig, handles, style)
    layout(fig, style, left=0.7, legend_lines=lines)
    legend_below(fig, handles, style, ncols)
