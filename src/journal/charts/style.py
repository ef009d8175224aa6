"""The look of the charts: a light and a dark style with a colour-blind-safe palette.

Colours are Okabe and Ito's palette ("Color Universal Design"), which stays
distinct for the common kinds of colour blindness. Nothing rests on colour
alone: every series also has its own marker, line style or hatching, and its
name in the legend. Plain values only; no matplotlib import here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

#: Okabe-Ito colours by name.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
OKABE_ITO = (BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE)


@dataclass(frozen=True, slots=True)
class ChartStyle:
    """Colours and sizes of one look. `severity` holds the colours for 0 (none) to 4 (extreme)."""

    name: str
    dark: bool
    background: str
    plot_background: str
    text: str
    muted: str
    grid: str
    amount: str
    estimate_hatch: str
    rolling: str
    starting_band: str
    upper_band: str
    personal: str
    breaks: str
    breaks_alpha: float
    band_alpha: float
    pain: str
    peg: str
    average_7: str
    average_30: str
    symptom: str
    severity: tuple[str, str, str, str, str]
    font_size: float = 9.0

    def on(self, background: str, plot_background: str | None = None) -> ChartStyle:
        """This style on another window colour (the app's own palette)."""
        return replace(self, background=background, plot_background=plot_background or self.plot_background)


LIGHT = ChartStyle(
    name="light",
    dark=False,
    background="#efefef",
    plot_background="#ffffff",
    text="#000000",
    muted="#4d4d4d",
    grid="#d9d9d9",
    amount=BLUE,
    estimate_hatch="#000000",
    rolling=VERMILLION,
    starting_band=BLUISH_GREEN,
    upper_band=VERMILLION,
    personal=REDDISH_PURPLE,
    breaks="#7f7f7f",
    breaks_alpha=0.22,
    band_alpha=0.16,
    pain=BLUE,
    peg=VERMILLION,
    average_7=SKY_BLUE,
    average_30=BLUE,
    symptom=VERMILLION,
    # Light to dark as severity grows, each step at least 1.4:1 in luminance from
    # the one before (an empty, unrated cell is the white plot): it reads in grey
    # and with any colour blindness, since it is a ramp of lightness first.
    severity=("#d8d8d8", "#f0a64c", "#d9622b", "#a8321f", "#4a1040"),
)

DARK = ChartStyle(
    name="dark",
    dark=True,
    background="#202020",
    plot_background="#2d2d2d",
    text="#f0f0f0",
    muted="#bdbdbd",
    grid="#4a4a4a",
    amount=SKY_BLUE,
    estimate_hatch="#f0f0f0",
    rolling=ORANGE,
    starting_band=BLUISH_GREEN,
    upper_band=VERMILLION,
    personal=REDDISH_PURPLE,
    breaks="#bfbfbf",
    breaks_alpha=0.2,
    band_alpha=0.28,
    pain=SKY_BLUE,
    peg=ORANGE,
    average_7=SKY_BLUE,
    average_30=YELLOW,
    symptom=ORANGE,
    # Dark to bright as severity grows, so the worst cells stand out on a dark window;
    # each step at least 1.5:1 in luminance from the one before, the unrated plot included.
    severity=("#4a4a4a", "#7d55b0", "#e96a35", "#eba91d", "#f9ea7a"),
)

#: For paper: the light style on white (its severities already one ramp from light to dark, so a
#: page printed in black and white still tells them apart, with the labelled colour bar).
PRINT = replace(
    LIGHT,
    name="print",
    background="#ffffff",
    plot_background="#ffffff",
    breaks_alpha=0.3,
    peg=ORANGE,  # lighter than the pain series' blue, so the two stay apart in grey
)

STYLES = {LIGHT.name: LIGHT, DARK.name: DARK}


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a "#rrggbb" colour, 0 (black) to 1 (white)."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def style_for(background: str, plot_background: str | None = None) -> ChartStyle:
    """The light or dark style, whichever suits a window colour, on that colour."""
    base = DARK if luminance(background) < 0.18 else LIGHT
    return base.on(background, plot_background)
