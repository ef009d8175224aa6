"""Daily amount: bars per local journal day with the cited 24-hour limit, and for short periods
each intake's own amount in a panel below with the cited starting dose.

Each panel holds one statistic, said in its axis label, and only the guidance
that speaks to that statistic: the 24-hour limit on the per-day bars (days on
which a rolling 24-hour total reached the cited range are marked along the top,
since a calendar day and a 24-hour window are not the same), the per-intake
starting dose beside the intakes themselves.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from journal import resources
from journal.charts.common import (
    bar_vertices,
    chart_context,
    date_axis,
    day_numbers,
    empty_message,
    layout,
    legend_below,
    legend_rows,
    start_panels,
    time_numbers,
    title,
)
from journal.charts.data.amount import AmountData
from journal.charts.data.common import Band, grams
from journal.charts.style import ChartStyle

#: With more bars than this, each is too narrow for hatching: estimates also get a marker.
MARK_ESTIMATES_AFTER = 120
EMPTY_TEXT = (
    "No intakes logged in this period. Log one with Log intake (Ctrl+N), or choose a longer period above."
)
#: Heights of the per-day and the per-intake panels.
PANELS = (2.3, 1.0)


def build_amount(fig: Figure, data: AmountData, style: ChartStyle) -> None:
    """Draw the daily-amount chart onto `fig` (cleared first)."""
    with chart_context(style):
        _build(fig, data, style)


def _build(fig: Figure, data: AmountData, style: ChartStyle) -> None:
    per_intake = data.per_intake and bool(data.intakes)
    axes = start_panels(fig, style, PANELS if per_intake else (1.0,))
    ax = axes[0]
    weekly = data.bin_days > 1
    handles: list[Artist] = []
    if _shade_breaks(axes, data, style):
        handles.append(Patch(facecolor=style.breaks, alpha=style.breaks_alpha, label="break"))
    upper = _band(
        ax,
        data.upper,
        style,
        hatch="\\\\",
        gid="band-upper",
        label=f"cited limit {data.upper.range_text} in 24 h",
    )

    bins = data.bins
    top = data.upper.high_mg / 1000
    if bins:
        left = day_numbers([b.start for b in bins])
        width = np.array([b.days for b in bins], dtype=float)
        height = np.array([b.mg for b in bins], dtype=float) / 1000
        handles += _bars(ax, data, style, left, width, height)
        handles += _window_marks(ax, data, style, left + width / 2)
        top = max(top, float(height.max()))
    handles.append(upper)

    if data.personal_daily_mg is not None:
        limit = data.personal_daily_mg / 1000
        line = ax.axhline(
            limit,
            color=style.personal,
            linestyle=(0, (6, 2, 1.5, 2)),
            linewidth=1.6,
            zorder=3,
            gid="personal-limit",
            label=f"your limit {grams(data.personal_daily_mg, 3)} per 24 h",
        )
        handles.append(line)
        top = max(top, limit)

    if data.plan:
        handles.append(_plan_line(ax, data, style))
        top = max(top, max(mg for _d, mg in data.plan) / 1000)

    ax.set_ylim(0, top * 1.14)  # room for the marks along the top
    ax.set_ylabel("grams a day, weekly average" if weekly else "grams a day")
    if per_intake:
        handles += _intakes(axes[1], data, style)
    date_axis(axes[-1], data.period)
    heading = "Average amount per day, by week" if weekly else "Amount per day"
    first = resources.sources().name(data.upper.source) if data.upper.source else ""
    note = "self-reported · grams of leaf (or leaf equivalent)" + (
        f" · cited ranges: “{first}”" if first else ""
    )
    title(ax, heading, data.period, style, note)
    if data.empty:
        empty_message(ax, EMPTY_TEXT, style)
    ncols, lines = legend_rows(fig, handles, style)
    layout(fig, style, left=0.75, legend_lines=lines)
    legend_below(fig, handles, style, ncols)


def _plan_line(ax: Axes, data: AmountData, style: ChartStyle) -> Artist:
    """The person's own plan as a step line over the bars: one level per journal day, a run of
    consecutive planned days drawn as one line (a day without a plan leaves a gap)."""
    runs: list[list[tuple[date, int]]] = []
    for day, mg in data.plan:
        if runs and (day - runs[-1][-1][0]).days == 1:
            runs[-1].append((day, mg))
        else:
            runs.append([(day, mg)])
    artist: Artist | None = None
    for run in runs:
        edges = day_numbers([d for d, _ in run] + [run[-1][0] + timedelta(days=1)])
        values = np.array([mg for _, mg in run], dtype=float) / 1000
        artist = ax.stairs(
            values, edges, baseline=None, color=style.text, linewidth=1.8, zorder=4, gid="plan-line"
        )
    assert artist is not None
    return Line2D([], [], color=style.text, linewidth=1.8, label="your plan (your own, not guidance)")


def _band(ax: Axes, band: Band, style: ChartStyle, *, hatch: str | None, gid: str, label: str) -> Artist:
    colour = style.upper_band if gid == "band-upper" else style.starting_band
    return ax.axhspan(
        band.low_mg / 1000,
        band.high_mg / 1000,
        facecolor=colour,
        alpha=style.band_alpha,
        hatch=hatch,
        edgecolor=colour,  # the hatch takes the edge colour; the edge itself is not drawn
        linewidth=0,
        zorder=0.6,
        gid=gid,
        label=label,
    )


def _shade_breaks(axes: list[Axes], data: AmountData, style: ChartStyle) -> bool:
    """Breaks shaded from their start to their end, behind everything, in every panel."""
    if not data.breaks:
        return False
    left = time_numbers([b.start for b in data.breaks])
    right = time_numbers([b.end for b in data.breaks])
    spans = [[(lo, 0.0), (lo, 1.0), (hi, 1.0), (hi, 0.0)] for lo, hi in zip(left, right, strict=True)]
    for n, ax in enumerate(axes):
        shade = PolyCollection(
            spans,
            transform=ax.get_xaxis_transform(),
            facecolors=style.breaks,
            alpha=style.breaks_alpha,
            edgecolors="none",
            zorder=0.5,
            gid="breaks" if n == 0 else f"breaks-{n}",
        )
        ax.add_collection(shade, autolim=False)
    return True


def _bars(
    ax: Axes, data: AmountData, style: ChartStyle, left: np.ndarray, width: np.ndarray, height: np.ndarray
) -> list[Artist]:
    """The daily (or weekly average) bars, estimates hatched or ticked; their legend entries."""
    bins = data.bins
    estimate = np.array([b.estimate for b in bins], dtype=bool)
    # Many narrow bars touch: gaps of a fraction of a pixel would flicker (moiré).
    fill = 0.8 if len(bins) <= MARK_ESTIMATES_AFTER else 1.0
    verts = bar_vertices(left, width, height, fill)
    what = "average a day, by week" if data.bin_days > 1 else "grams a day"
    bars = PolyCollection(
        verts[~estimate], facecolors=style.amount, edgecolors="none", zorder=2, gid="bars", label=what
    )
    ax.add_collection(bars, autolim=False)
    handles: list[Artist] = [Patch(facecolor=style.amount, label=what)]
    if not estimate.any():
        return handles
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
                label="includes an estimate",
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
    return handles


def _window_marks(ax: Axes, data: AmountData, style: ChartStyle, centres: np.ndarray) -> list[Artist]:
    """Marks along the top for days (weeks) on which a rolling 24-hour total reached the cited range.

    A mark, not a value on the grams axis: the bars are calendar days, the
    rule speaks of any 24 hours, and one axis holds one statistic.
    """
    rolling = np.array([b.max_rolling_mg for b in data.bins], dtype=float)
    over = rolling > data.upper.high_mg
    within = (rolling > data.upper.low_mg) & ~over
    # A mark on a day's (or a week's) bar speaks of that day (week), as the hover text says.
    handles: list[Artist] = []
    for mask, filled, gid, label in (
        (over, True, "window-over", f"24 h total over {grams(data.upper.high_mg)}"),
        (within, False, "window-within", f"24 h total {data.upper.range_text}"),
    ):
        kind = {
            "linestyle": "none",
            "marker": "v",
            "markersize": 6,
            "markeredgewidth": 1.2,
            "markeredgecolor": style.rolling,
            "markerfacecolor": style.rolling if filled else style.plot_background,
        }
        if mask.any():
            ax.plot(
                centres[mask],
                np.full(int(mask.sum()), 0.965),
                transform=ax.get_xaxis_transform(),
                zorder=5,
                gid=gid,
                clip_on=False,
                **kind,  # type: ignore[arg-type]
            )
            handles.append(Line2D([], [], label=label, **kind))  # type: ignore[arg-type]
    return handles


def _intakes(ax: Axes, data: AmountData, style: ChartStyle) -> list[Artist]:
    """Each intake's own amount, with the cited per-intake starting dose behind it."""
    band = _band(
        ax,
        data.starting,
        style,
        hatch=None,
        gid="band-starting",
        label=f"cited starting dose {data.starting.range_text}",
    )
    points = data.intakes
    x = time_numbers([p.at for p in points])
    y = np.array([p.mg for p in points], dtype=float) / 1000
    estimate = np.array([p.estimate for p in points], dtype=bool)
    handles: list[Artist] = []
    for mask, filled, gid, label in (
        (~estimate, True, "intakes", "one intake"),
        (estimate, False, "intakes-estimate", "one intake, estimated"),
    ):
        kind = {
            "linestyle": "none",
            "marker": "o",
            "markersize": 4,
            "markeredgewidth": 1.0,
            "markeredgecolor": style.amount,
            "markerfacecolor": style.amount if filled else style.plot_background,
        }
        if mask.any():
            ax.plot(x[mask], y[mask], zorder=4, gid=gid, **kind)  # type: ignore[arg-type]
            handles.append(Line2D([], [], label=label, **kind))  # type: ignore[arg-type]
    top = max(data.starting.high_mg / 1000, float(y.max()) if len(y) else 0.0)
    ax.set_ylim(0, top * 1.12)
    ax.set_ylabel("g per intake")
    return [*handles, band]
