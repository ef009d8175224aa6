"""Withdrawal: the SOWS total of each scored check-in over time, with breaks shaded behind.

The axis runs 0 to 64 with no bands: no cited source gives any for the total,
and the journal measures, it does not diagnose.
"""

from __future__ import annotations

from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from journal.charts.common import (
    chart_context,
    date_axis,
    empty_message,
    layout,
    legend_below,
    legend_rows,
    start,
    time_numbers,
    title,
)
from journal.charts.data.withdrawal import WithdrawalData
from journal.charts.style import ChartStyle
from journal.domain.withdrawal import SOWS_MAX

EMPTY_TEXT = (
    "No scored withdrawal check-ins in this period. Add one with Withdrawal check-in (Ctrl+Shift+W), "
    "or choose a longer period above."
)


def build_withdrawal(fig: Figure, data: WithdrawalData, style: ChartStyle) -> None:
    """Draw each check-in's SOWS total (points joined by a line), 0 to 64, breaks shaded."""
    with chart_context(style):
        _build(fig, data, style)


def _build(fig: Figure, data: WithdrawalData, style: ChartStyle) -> None:
    ax = start(fig, style)
    handles: list[Artist] = []
    if data.breaks:
        left = time_numbers([b.start for b in data.breaks])
        right = time_numbers([b.end for b in data.breaks])
        spans = [[(lo, 0.0), (lo, 1.0), (hi, 1.0), (hi, 0.0)] for lo, hi in zip(left, right, strict=True)]
        shade = PolyCollection(
            spans,
            transform=ax.get_xaxis_transform(),
            facecolors=style.breaks,
            alpha=style.breaks_alpha,
            edgecolors="none",
            zorder=0.5,
            gid="breaks",
        )
        ax.add_collection(shade, autolim=False)
        handles.append(Patch(facecolor=style.breaks, alpha=style.breaks_alpha, label="break"))
    if data.points:
        ax.plot(
            time_numbers([p.at for p in data.points]),
            [p.total for p in data.points],
            color=style.symptom,
            linewidth=1.6,
            marker="o",
            markersize=4.5,
            markeredgewidth=0,
            zorder=3,
            gid="sows-totals",
        )
    handles.append(
        Line2D([], [], color=style.symptom, linewidth=1.6, marker="o", markersize=5, label="SOWS total")
    )
    ax.set_ylim(-1, SOWS_MAX + 1)
    ax.set_yticks(range(0, SOWS_MAX + 1, 16))
    ax.set_ylabel(f"total, 0 to {SOWS_MAX}")
    date_axis(ax, data.period)
    title(
        ax,
        "Withdrawal (SOWS)",
        data.period,
        style,
        "self-reported · Subjective Opiate Withdrawal Scale, 16 statements rated 0-4 · no bands",
    )
    if data.empty:
        empty_message(ax, EMPTY_TEXT, style)
    ncols, lines = legend_rows(fig, handles, style)
    layout(fig, style, left=0.7, legend_lines=lines)
    legend_below(fig, handles, style, ncols)
