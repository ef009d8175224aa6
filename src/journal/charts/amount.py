"""Daily amount: bars per local journal day with the cited bands, rolling maxima and breaks."""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from journal.charts.common import (
    bar_vertices,
    chart_context,
    date_axis,
    day_numbers,
    empty_message,
    layout,
    legend_below,
    legend_rows,
    start,
    time_numbers,
    title,
)
from journal.charts.data.amount import AmountData
from journal.charts.data.common import grams
from journal.charts.style import ChartStyle

#: With more bars than this, each is too narrow for hatching: estimates also get a marker.
MARK_ESTIMATES_AFTER = 120
EMPTY_TEXT = (
    "No intakes logged in this period. Log one with Log intake (Ctrl+N), or choose a longer period above."
)


def build_amount(fig: Figure, data: AmountData, style: ChartStyle) -> None:
    """Draw the daily-amount chart onto `fig` (cleared first)."""
    with chart_context(style):
        _build(fig, data, style)


def _build(fig: Figure, data: AmountData, style: ChartStyle) -> None:
    ax = start(fig, style)
    weekly = data.bin_days > 1
    handles: list[Artist] = []

    # Breaks: shaded from their start to their end, behind everything.
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

    # Cited bands, labelled with their source file.
    start_band = ax.axhspan(
        data.starting.low_mg / 1000,
        data.starting.high_mg / 1000,
        facecolor=style.starting_band,
        alpha=style.band_alpha,
        edgecolor=style.starting_band,
        linewidth=0,
        zorder=0.6,
        gid="band-starting",
        label=data.starting.legend_label,
    )
    upper_band = ax.axhspan(
        data.upper.low_mg / 1000,
        data.upper.high_mg / 1000,
        facecolor=style.upper_band,
        alpha=style.band_alpha,
        hatch="\\\\",
        edgecolor=style.upper_band,  # the hatch takes the edge colour; the edge itself is not drawn
        linewidth=0,
        zorder=0.6,
        gid="band-upper",
        label=data.upper.legend_label,
    )

    bins = data.bins
    top = data.upper.high_mg / 1000
    if bins:
        left = day_numbers([b.start for b in bins])
        width = np.array([b.days for b in bins], dtype=float)
        height = np.array([b.mg for b in bins], dtype=float) / 1000
        estimate = np.array([b.estimate for b in bins], dtype=bool)
        # Many narrow bars touch: gaps of a fraction of a pixel would flicker (moiré).
        fill = 0.8 if len(bins) <= MARK_ESTIMATES_AFTER else 1.0
        verts = bar_vertices(left, width, height, fill)
        what = "average per day, by week" if weekly else "amount per day"
        bars = PolyCollection(
            verts[~estimate],
            facecolors=style.amount,
            edgecolors="none",
            zorder=2,
            gid="bars",
            label=what,
        )
        ax.add_collection(bars, autolim=False)
        handles.append(Patch(facecolor=style.amount, label=what))
        if estimate.any():
            marker = len(bins) > MARK_ESTIMATES_AFTER
            # Narrow bars cannot show hatching (and it is costly to draw): there the
            # bars look like the others and a tick along the bottom marks them.
            est = PolyCollection(
                verts[estimate],
                facecolors=style.amount,
                alpha=1.0 if marker else 0.55,
                hatch=None if marker else "////",
                edgecolors=style.estimate_hatch,  # the hatch colour; no edge is drawn
                linewidths=0,
                zorder=2,
                gid="bars-estimate",
                label="includes an estimate",
            )
            ax.add_collection(est, autolim=False)
            if marker:
                centre = left + width / 2
                ax.plot(
                    centre[estimate],
                    np.full(int(estimate.sum()), 0.012),
                    transform=ax.get_xaxis_transform(),
                    linestyle="none",
                    marker="|",
                    markersize=5,
                    markeredgewidth=0.8,
                    color=style.estimate_hatch,
                    zorder=3,
                    gid="estimate-marks",
                )
                handles.append(
                    Line2D(
                        [],
                        [],
                        linestyle="none",
                        marker="|",
                        markersize=7,
                        markeredgewidth=1,
                        color=style.estimate_hatch,
                        label="includes an estimate (tick at the bottom)",
                    )
                )
            else:
                handles.append(
                    Patch(
                        facecolor=style.amount,
                        alpha=0.55,
                        hatch="////",
                        edgecolor=style.estimate_hatch,
                        linewidth=0,
                        label="includes an estimate",
                    )
                )
        rolling = np.array([b.max_rolling_mg for b in bins], dtype=float) / 1000
        small = len(bins) > MARK_ESTIMATES_AFTER
        label = "highest rolling 24 h total " + ("in the week" if weekly else "that day")
        ax.plot(
            left + width / 2,
            rolling,
            linestyle="none",
            marker="D" if not small else "d",
            markersize=4.5 if not small else 2.6,
            markerfacecolor=style.rolling,
            markeredgecolor=style.plot_background,
            markeredgewidth=0.5 if not small else 0,
            zorder=4,
            gid="max-rolling",
            label=label,
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="D",
                markersize=5,
                markerfacecolor=style.rolling,
                markeredgecolor=style.plot_background,
                label=label,
            )
        )
        top = max(top, float(height.max()), float(rolling.max()))

    handles += [start_band, upper_band]
    if data.personal_daily_mg is not None:
        limit = data.personal_daily_mg / 1000
        line = ax.axhline(
            limit,
            color=style.personal,
            linestyle=(0, (6, 2, 1.5, 2)),
            linewidth=1.6,
            zorder=3,
            gid="personal-limit",
            label=f"your personal limit {grams(data.personal_daily_mg, 3)} per 24 h",
        )
        handles.append(line)
        top = max(top, limit)

    ax.set_ylim(0, top * 1.08)
    ax.set_ylabel("grams of leaf (or equivalent)")
    date_axis(ax, data.period)
    heading = "Average amount per day, by week" if weekly else "Amount per day"
    note = (
        "self-reported · bars: average grams a day in each week (Mon–Sun)"
        if weekly
        else "self-reported · bars: grams of leaf (or leaf equivalent) per journal day"
    )
    title(ax, heading, data.period, style, note)
    if data.empty:
        empty_message(ax, EMPTY_TEXT, style)
    ncols, lines = legend_rows(fig, handles, style)
    layout(fig, style, left=0.75, legend_lines=lines)
    legend_below(fig, handles, style, ncols)
