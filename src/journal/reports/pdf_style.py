"""The clinician summary's look: its fonts, paragraph styles, marks and the words for amounts and days.

Every text is set in DejaVu Sans, embedded; a character the font lacks (most
emoji) is printed as its name ("‹orange›"), never as an empty box.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

TITLE = "Kratom use summary"
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ESTIMATE = "*"  # after the number: a prefix such as "~" reads like a minus sign
NOTE_CHARS = 90
#: Grey shades that stay apart when printed in black and white (with words, never alone).
SHADE_BREAK = "#e3e3e3"
SHADE_OVER = "#bdbdbd"
RULE = "#9a9a9a"
#: Joiners, variation selectors, skin tones and tag characters only shape an emoji: left out.
_SHAPING = {0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)}


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
def _covered() -> frozenset[int]:
    """The code points both fonts draw."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular) & frozenset(bold)


def printable(text: str) -> str:
    """`text` with every character the font lacks replaced by its name in ‹ › (control characters dropped)."""
    covered = _covered()
    if all(ord(c) in covered or c == "\n" for c in text):
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code in covered or ch == "\n":
            out.append(ch)
        elif code in _SHAPING or unicodedata.category(ch) in ("Cc", "Cf", "Mn"):
            continue
        else:
            name = unicodedata.name(ch, "").lower()
            out.append(f"‹{name}›" if name else "‹?›")
    return "".join(out)


def text(value: str) -> str:
    """Text the person typed, ready for a paragraph: printable, and escaped for reportlab's markup."""
    return escape(printable(value))


@cache
def styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.3),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=BOLD,
            keepWithNext=1,
            fontSize=12,
            leading=15,
            spaceBefore=7,
            spaceAfter=3,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            keepWithNext=1,
            fontSize=9.5,
            leading=12,
            spaceBefore=5,
            spaceAfter=1,
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.3, leading=10.2),
        "label": ParagraphStyle("label", parent=body, fontName=BOLD, fontSize=8.3, leading=10.2),
        "quote": ParagraphStyle("quote", parent=body, fontSize=8, leading=10, leftIndent=10),
    }


def para(markup: str, style: str = "body") -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(markup, styles()[style])


def table_style(*extra: tuple[Any, ...], size: float = 8.3) -> Any:
    """A table's style: DejaVu Sans in every cell (reportlab's default would be Helvetica), then `extra`."""
    from reportlab.platypus import TableStyle

    return TableStyle([("FONT", (0, 0), (-1, -1), FONT, size), *extra])


def grams(mg: int | None, estimate: bool = False) -> str:
    if mg is None:
        return "–"
    return f"{mg / 1000:.1f} g{' (estimate)' if estimate else ''}"


def day_text(day: date) -> str:
    """The one way the report writes a day: "3 Mar 2026"."""
    return f"{day.day} {day:%b %Y}"


def when_text(local: datetime) -> str:
    """The one way the report writes a time: "3 Mar 2026 08:30"."""
    return f"{day_text(local.date())} {local:%H:%M}"


def days_text(n: int) -> str:
    return f"{n:,} day{'s' if n != 1 else ''}"


def intakes_text(n: int) -> str:
    return f"{n:,} intake{'s' if n != 1 else ''}"


def span_text(first: date, last: date) -> str:
    """ "8 Dec 2025 – 8 Mar 2026", or "8 Dec – 8 Mar 2026" within one year."""
    if first.year == last.year:
        return f"{first.day} {first:%b} – {day_text(last)}"
    return f"{day_text(first)} – {day_text(last)}"
