"""The clinician summary's look: its fonts, paragraph styles, marks and the words for amounts and days."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

TITLE = "Kratom use summary"
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
#: Marks in the calendar (shape and bold, never colour alone).
OVER_LOW = "▲"
OVER_HIGH = "▲▲"
BREAK = "‖"
ESTIMATE = "*"  # after the number: a prefix such as "~" reads like a minus sign
NOTE_CHARS = 40
ENTRY_CHARS = 34


@cache
def register_fonts() -> None:
    """DejaVu Sans (regular and bold) from matplotlib's own data folder, for reportlab and svglib."""
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from svglib.fonts import register_font

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, BOLD)
    for family in ("DejaVu Sans", "sans-serif", "DejaVuSans"):
        register_font(family, rlgFontName=FONT)
        register_font(family, weight="bold", rlgFontName=BOLD)


@cache
def styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=BOLD,
            keepWithNext=1,
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            keepWithNext=1,
            fontSize=9.5,
            leading=12,
            spaceBefore=4,
            spaceAfter=2,
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "quote": ParagraphStyle("quote", parent=body, fontSize=8, leading=10.5, leftIndent=10),
    }


def para(text: str, style: str = "body") -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text, styles()[style])


def grams(mg: int | None, estimate: bool = False) -> str:
    if mg is None:
        return "–"
    return f"{mg / 1000:.1f} g{' (estimate)' if estimate else ''}"


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def days_text(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"
