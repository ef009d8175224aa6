"""Helpers shared by the chart builders: styling, date axes, legends, empty states.

Only `matplotlib.figure.Figure` and its parts are used; never pyplot, never Qt.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

from journal.charts.style import ChartStyle
from journal.domain.periods import Period, day_text

#: The gid of each chart's main axes (the first axes of the figure).
MAIN = "main"


@contextmanager
def chart_context(style: ChartStyle) -> Iterator[None]:
    """Defaults for artists created while building (fonts, text colours)."""
    with mpl.rc_context(
        {
            "font.size": style.font_size,
            "text.color": style.text,
            "axes.labelcolor": style.text,
            "axes.titlecolor": style.text,
            "axes.edgecolor": style.muted,
            "axes.facecolor": style.plot_background,
            "xtick.color": style.muted,
            "ytick.color": style.muted,
            "xtick.labelcolor": style.text,
            "ytick.labelcolor": style.text,
            "legend.frameon": False,
            "legend.fontsize": style.font_size,
            "hatch.linewidth": 0.8,
            "axes.titlesize": style.font_size + 1.5,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
        }
    ):
        yield


class MarginLayout(LayoutEngine):
    """Margins fixed in inches, so text keeps its room whatever the figure's size.

    Constrained layout measures every text on every draw, which took about half
    of a chart's drawing time; the builders know how much room their labels
    need, so this applies it directly.
    """

    _adjust_compatible = True
    _colorbar_gridspec = True

    def __init__(self, left: float, right: float, top: float, bottom: float) -> None:
        super().__init__()
        self.margins = (left, right, top, bottom)

    def execute(self, fig: Figure) -> None:
        width, height = fig.get_size_inches()
        left, right, top, bottom = self.margins
        # On a tiny figure the plot keeps at least a fifth of each side.
        sx = min(1.0, 0.8 * width / max(left + right, 1e-6))
        sy = min(1.0, 0.8 * height / max(top + bottom, 1e-6))
        fig.subplots_adjust(
            left=left * sx / width,
            right=1 - right * sx / width,
            top=1 - top * sy / height,
            bottom=bottom * sy / height,
        )


def line_height(style: ChartStyle, lines: float = 1.0) -> float:
    """Inches taken by `lines` lines of text at the style's size."""
    return lines * style.font_size * 1.45 / 72


def text_width(text: str, style: ChartStyle) -> float:
    """A generous estimate of a text's width in inches (DejaVu Sans averages about 0.6 em)."""
    return len(text) * style.font_size * 0.6 / 72


def start(fig: Figure, style: ChartStyle) -> Axes:
    """Clear the figure and add the main axes."""
    return start_panels(fig, style, (1.0,))[0]


def start_panels(fig: Figure, style: ChartStyle, ratios: Sequence[float], gap: float = 0.3) -> list[Axes]:
    """Clear the figure and stack axes top to bottom on one time axis; the first is the main one.

    Two statistics get two panels that share the dates, never two y-axes on one
    plot: twin axes whose grids do not line up invite a reading the data may not hold.
    """
    # Figure.clear() first clears every axes (rebuilding their ticks) only to
    # drop them: removing them first makes a redraw of a reused figure cheaper.
    for old in list(fig.axes):
        fig.delaxes(old)
    fig.clear()
    fig.set_facecolor(style.background)
    grid = fig.add_gridspec(len(ratios), 1, height_ratios=list(ratios), hspace=gap)
    axes: list[Axes] = []
    for row in range(len(ratios)):
        ax = fig.add_subplot(grid[row, 0], sharex=axes[0] if axes else None)
        style_axes(ax, style)
        axes.append(ax)
    axes[0].set_gid(MAIN)
    for ax in axes[:-1]:
        ax.tick_params(axis="x", which="both", labelbottom=False)
    return axes


def style_axes(ax: Axes, style: ChartStyle, *, grid_axis: Literal["x", "y", "both", ""] = "y") -> None:
    """Colours of the axes, ticks and grid (set explicitly: ticks made later keep them)."""
    ax.set_facecolor(style.plot_background)
    for spine in ax.spines.values():
        spine.set_color(style.muted)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=style.muted, labelcolor=style.text, labelsize=style.font_size)
    if grid_axis:
        ax.grid(True, axis=grid_axis, color=style.grid, linewidth=0.7)
        ax.set_axisbelow(True)
    else:
        ax.grid(False)


#: Periods up to this many days get one label per day, under the middle of its column.
DAILY_LABELS_UP_TO = 8


def date_axis(ax: Axes, period: Period) -> None:
    """Dates that never crowd: AutoDateLocator with ConciseDateFormatter, the period as limits.

    A week is labelled day by day ("Wed 4") under the middle of each day,
    with the day boundaries as unlabelled ticks. No offset line ("2026-Nov"):
    the title gives the period, and the line would take room from the plot.
    """
    left, right = day_numbers([period.start, period.end + timedelta(days=1)])
    ax.set_xlim(left, right)
    if period.days <= DAILY_LABELS_UP_TO:
        ax.xaxis.set_major_locator(FixedLocator(np.arange(left, right + 0.5).tolist()))
        ax.xaxis.set_major_formatter(NullFormatter())
        ax.xaxis.set_minor_locator(FixedLocator((np.arange(left, right) + 0.5).tolist()))
        ax.xaxis.set_minor_formatter(FuncFormatter(_day_label))
        ax.tick_params(axis="x", which="minor", length=0)
        return
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(locator, show_offset=False)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)


def _day_label(x: float, _pos: int | None = None) -> str:
    day = day_at(x)
    return f"{day_text(day).split()[0]} {day.day}"  # the title says the month


def day_numbers(days: Sequence[date]) -> np.ndarray:
    """Matplotlib date numbers of the starts (midnight) of days."""
    numbers = mdates.date2num(np.asarray(days, dtype="datetime64[D]"))  # type: ignore[no-untyped-call]
    return np.asarray(numbers, dtype=float)


def time_numbers(times: Sequence[datetime]) -> np.ndarray:
    """Matplotlib date numbers of naive local times."""
    numbers = mdates.date2num(np.asarray(times, dtype="datetime64[us]"))  # type: ignore[no-untyped-call]
    return np.asarray(numbers, dtype=float)


def day_at(x: float) -> date:
    """The day under a matplotlib date number."""
    when: datetime = mdates.num2date(x)  # type: ignore[no-untyped-call]
    return when.date()


def empty_message(ax: Axes, text: str, style: ChartStyle) -> None:
    """A message in words in the middle of an empty chart."""
    ax.text(
        0.5,
        0.5,
        "\n".join(textwrap.wrap(text, 70)),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=style.font_size + 1,
        color=style.text,
        gid="empty-message",
        bbox={"boxstyle": "round,pad=0.6", "facecolor": style.plot_background, "edgecolor": style.muted},
        zorder=10,
    )


def _columns(labels: Sequence[str], ncols: int) -> list[Sequence[str]]:
    """The legend's columns as matplotlib fills them (numpy's array_split): the first
    len % ncols columns hold one label more than the others."""
    size, extra = divmod(len(labels), ncols)
    columns, at = [], 0
    for index in range(ncols):
        count = size + (1 if index < extra else 0)
        if count:
            columns.append(labels[at : at + count])
        at += count
    return columns


def legend_rows(fig: Figure, handles: Sequence[Artist], style: ChartStyle) -> tuple[int, int]:
    """(columns, rows of text lines) a legend of these handles takes at the figure's width.

    As many columns as fit: matplotlib fills a legend column by column, and each
    column is as wide as its longest label.
    """
    if not handles:
        return 0, 0
    labels = [str(h.get_label()) for h in handles]
    em = style.font_size / 72
    room = fig.get_figwidth() - 0.2
    ncols = 1
    for cols in range(min(len(labels), 5), 1, -1):
        # handle, its pad and the space between columns, then the longest text (about 0.55 em a letter)
        width = sum(
            (4.2 + 0.55 * max(len(line) for text in c for line in text.split("\n"))) * em
            for c in _columns(labels, cols)
        )
        if width <= room:
            ncols = cols
            break
    columns = _columns(labels, ncols)
    lines = [max(c[row].count("\n") + 1 for c in columns if row < len(c)) for row in range(len(columns[0]))]
    return ncols, sum(lines)


def layout(
    fig: Figure,
    style: ChartStyle,
    *,
    left: float,
    right: float = 0.25,
    legend_lines: int = 0,
    bottom_lines: float = 1.6,
) -> None:
    """Fixed margins: title and note on top, tick labels and the legend's lines below."""
    bottom = line_height(style, bottom_lines) + line_height(style, legend_lines * 1.05) + 0.08
    engine = MarginLayout(left, right, line_height(style, 2.2) + 0.07, bottom)
    fig.set_layout_engine(engine)
    engine.execute(fig)  # positions are right before the first draw too (hover, tests)


def legend_below(fig: Figure, handles: Sequence[Artist], style: ChartStyle, ncols: int) -> None:
    """A legend along the bottom of the figure."""
    if not handles:
        return
    fig.legend(
        handles=list(handles),
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=ncols,
        frameon=False,
        fontsize=style.font_size,
        labelcolor=style.text,
        handlelength=2.0,
        columnspacing=1.4,
        borderaxespad=0.2,
    )


def title(ax: Axes, text: str, period: Period, style: ChartStyle, note: str = "") -> None:
    """The chart's title with the period, and under it a note on what is shown."""
    note_size = style.font_size - 0.5
    ax.set_title(f"{text} · {period.text}", loc="left", pad=note_size * 1.5 + 5 if note else 6)
    if note:
        ax.annotate(
            note,
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 4),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=note_size,
            color=style.muted,
            style="italic",
            gid="note",
        )


def bar_vertices(left: np.ndarray, width: np.ndarray, height: np.ndarray, fill: float = 0.8) -> np.ndarray:
    """Rectangles for a PolyCollection: one bar per (left, width, height), `fill` of its slot wide."""
    margin = width * (1 - fill) / 2
    x0, x1 = left + margin, left + width - margin
    zeros = np.zeros_like(height)
    return np.stack(
        [np.column_stack(p) for p in ((x0, zeros), (x0, height), (x1, height), (x1, zeros))], axis=1
    )


def nan_array(values: Sequence[Any]) -> np.ndarray:
    """Floats with None as NaN (a gap in a line)."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
