"""Symptoms: a heat strip per symptom, grouped by category, one column per day (or week)."""

from __future__ import annotations

from typing import cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.transforms import Affine2D, Affine2DBase, ScaledTranslation, blended_transform_factory

from journal.charts.common import (
    chart_context,
    date_axis,
    day_numbers,
    empty_message,
    layout,
    start,
    style_axes,
    text_width,
    title,
)
from journal.charts.data.common import SEVERITY_WORDS
from journal.charts.data.symptoms import SymptomData, SymptomRow
from journal.charts.style import ChartStyle

#: With at most this many columns, each rated cell also shows its number (0-4).
NUMBERS_UP_TO = 14
EMPTY_TEXT = (
    "No symptoms rated in this period. Rate them with Symptom check-in (Ctrl+Shift+S), "
    "or choose a longer period above."
)


def build_symptoms(fig: Figure, data: SymptomData, style: ChartStyle) -> None:
    """Draw the symptom heat strips onto `fig` (cleared first).

    Rows are the symptoms rated in the period, under their category's name;
    a cell's colour is the worst rating that day (or week), from the colour bar
    labelled none to extreme; a day without a rating is left empty.
    """
    with chart_context(style):
        _build(fig, data, style)


def _build(fig: Figure, data: SymptomData, style: ChartStyle) -> None:
    ax = start(fig, style)
    style_axes(ax, style, grid_axis="")
    lines = data.lines()
    n = max(len(lines), 1)
    edges = day_numbers(data.edges)
    values = np.full((n, len(edges) - 1), np.nan)
    for y, line in enumerate(lines):
        if isinstance(line, SymptomRow):
            values[y] = [np.nan if v is None else v for v in line.values]
    # Cells without a rating are transparent: the plot's background shows.
    cmap = ListedColormap(list(style.severity), name=f"severity-{style.name}").with_extremes(bad=(0, 0, 0, 0))
    norm = BoundaryNorm(np.arange(-0.5, 5.0, 1.0), cmap.N)
    many = len(edges) - 1 > NUMBERS_UP_TO
    ax.pcolormesh(
        edges,
        np.arange(n + 1),
        np.ma.masked_invalid(values),
        cmap=cmap,
        norm=norm,
        shading="flat",
        edgecolors="none" if many else style.plot_background,
        linewidth=0 if many else 0.8,
        antialiased=not many,
        gid="strips",
    )
    ax.set_ylim(n, 0)
    ax.set_yticks([])
    # Row names as plain texts: a tick per row costs several times as much to draw.
    names = ax.get_yaxis_transform()
    labels = [line if isinstance(line, str) else line.info.label for line in lines]
    for y, (label, line) in enumerate(zip(labels, lines, strict=True)):
        ax.text(
            -0.008,
            y + 0.5,
            label,
            transform=names,
            ha="right",
            va="center",
            fontsize=style.font_size,
            fontweight="bold" if isinstance(line, str) else "normal",
            color=style.text,
            gid="row-label",
        )
    for y, line in enumerate(lines):
        if isinstance(line, str) and y:
            ax.axhline(y, color=style.muted, linewidth=0.6, zorder=3)
    if not many and lines:
        # Numbers in the cells, so the colour is never the only way to read them.
        centres = (edges[:-1] + edges[1:]) / 2
        for y, line in enumerate(lines):
            if not isinstance(line, SymptomRow):
                continue
            for x, value in zip(centres, line.values, strict=True):
                if value is not None:
                    dark_cell = _is_dark(style.severity[value])
                    ax.text(
                        x,
                        y + 0.5,
                        str(value),
                        ha="center",
                        va="center",
                        fontsize=style.font_size - 1.5,
                        color="#ffffff" if dark_cell else "#000000",
                    )
    colour_bar(ax, style, "worst rating " + ("each day" if data.bin_days == 1 else "each week"))
    date_axis(ax, data.period)
    heading = "Symptoms" if data.bin_days == 1 else "Symptoms, worst rating by week"
    shown = "colour: worst rating" if many else "colour and number: worst rating"
    title(ax, heading, data.period, style, f"self-reported · {shown} · empty cell: not rated")
    longest = max((text_width(label, style) for label in labels), default=0.5)
    layout(fig, style, left=longest + 0.25, right=text_width("2 moderate", style) + 0.7)
    if data.empty:
        empty_message(ax, EMPTY_TEXT, style)


def colour_bar(ax: Axes, style: ChartStyle, label: str) -> None:
    """A colour bar for the five severities, none at the bottom, each labelled with its word.

    Drawn as five boxes and their words beside the plot rather than with
    `Figure.colorbar`, whose extra axes and ticks cost a quarter of the chart's
    drawing time; it reads the same.
    """
    # x in points from the plot's right edge, y in fractions of the plot's height.
    fig = ax.get_figure()
    assert fig is not None
    to_right_edge = ScaledTranslation(1, 0, cast(Affine2DBase, ax.transAxes))
    points = Affine2D().scale(1 / 72) + fig.dpi_scale_trans + to_right_edge
    place = blended_transform_factory(points, ax.transAxes)
    left, right = 10.0, 22.0
    height = 1 / len(style.severity)
    boxes = [
        [(left, i * height), (left, (i + 1) * height), (right, (i + 1) * height), (right, i * height)]
        for i in range(len(style.severity))
    ]
    key = PolyCollection(
        boxes,
        facecolors=list(style.severity),
        edgecolors=style.muted,
        linewidths=0.6,
        transform=place,
        clip_on=False,
        gid="colour-bar",
    )
    ax.add_collection(key, autolim=False)
    words = [f"{i} {word}" for i, word in enumerate(SEVERITY_WORDS)]
    for i, word in enumerate(words):
        ax.text(
            right + 4,
            (i + 0.5) * height,
            word,
            transform=place,
            ha="left",
            va="center",
            color=style.text,
            fontsize=style.font_size,
            clip_on=False,
            gid="colour-bar-label",
        )
    widest = max(len(w) for w in words) * style.font_size * 0.6
    ax.text(
        right + 8 + widest,
        0.5,
        label,
        transform=place,
        rotation=90,
        ha="left",
        va="center",
        color=style.text,
        fontsize=style.font_size,
        clip_on=False,
    )


def _is_dark(colour: str) -> bool:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140
