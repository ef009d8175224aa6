"""The clinician summary's photo page, only when the person asks for it: for each chosen body area,
the first and the last photo of the period side by side, with their dates and what happened between.

The pictures are the stored JPEGs (pixels only, no metadata) brought down to
`EDGE` pixels, which prints sharply at the size shown and keeps the PDF light
(about 60 to 120 kB a photo); reportlab embeds the JPEG bytes as they are, so
nothing but pixels reaches the file.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from typing import Any

from journal.domain.photos import Photo, Series, area, group_series
from journal.reports.pdf_style import RULE, day_text, para, table_style, text
from journal.reports.summary import ReportData
from journal.service import imaging
from journal.service.journal import Journal

#: The long side of a photo in the PDF, in pixels: 900 px over 85 mm is about 270 dpi.
EDGE = 900
QUALITY = 78
_WIDTH_MM, _HEIGHT_MM = 85.0, 80.0


def chosen_series(journal: Journal, data: ReportData, areas: Collection[str] | None) -> list[Series]:
    """The period's photo series of the chosen areas (all that have photos when `areas` is None)."""
    lo, hi = data.period.utc_range()
    inside = [
        p for p in journal.photos.all(lo, hi) if data.period.contains(data.day_of(p.at.utc, p.at.offset_min))
    ]
    wanted = None if areas is None else {area(a).key for a in areas}
    return [s for s in group_series(inside) if wanted is None or s.key[0] in wanted]


def photos_section(journal: Journal, data: ReportData, areas: Collection[str] | None) -> list[Any]:
    """The photo page: a heading, one row per series (first and last photo), and what they are."""
    from reportlab.platypus import KeepTogether, PageBreak

    series = chosen_series(journal, data, areas)
    out: list[Any] = [PageBreak(), para("Photos (taken by the patient, shared by choice)", "h1")]
    out.append(
        para(
            "For each body area the patient chose: the first and the last photo of the period, with the "
            "amount used and the breaks between them. Photos are self-taken, so light and framing vary; "
            "they carry no metadata (no time stamps from the camera, no location).",
            "small",
        )
    )
    if not series:
        return [*out, para("No photos of the chosen areas in this period.")]
    for one in series:
        out.append(KeepTogether(_series_block(journal, one)))
    return out


def _series_block(journal: Journal, series: Series) -> list[Any]:
    from reportlab.platypus import Table

    first, last = series.first, series.last
    shots = [first] if first == last else [first, last]
    images = [_image(journal, p) for p in shots]
    captions = [para(_caption(p, n, len(series.photos)), "cell") for n, p in enumerate(shots)]
    table = Table([images, captions], colWidths=[f"{100 / 2:.0f}%"] * len(shots), hAlign="LEFT")
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("LINEBELOW", (0, -1), (-1, -1), 0.25, RULE),
        )
    )
    block = [para(text(series.title), "h2"), table]
    if len(shots) == 2:
        block.append(para(_between_text(journal, first, last), "small"))
    return block


def _caption(photo: Photo, n: int, count: int) -> str:
    which = "First" if n == 0 else "Last"
    if count == 1:
        which = "The only photo"
    note = f" · {text(photo.notes)}" if photo.notes else ""
    return f"<b>{which}</b>, {day_text(photo.at.local.date())}{note}"


def _between_text(journal: Journal, first: Photo, last: Photo) -> str:
    return journal.photos.between(first, last).words + " Self-reported."


def _image(journal: Journal, photo: Photo) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Image

    data = journal.photos.image(photo)
    if data is None:
        return para("(the picture is missing from the photo store)", "cell")
    small = imaging.reduced(data, EDGE, QUALITY)
    scale = min(_WIDTH_MM / photo.width, _HEIGHT_MM / photo.height)
    return Image(io.BytesIO(small), width=photo.width * scale * mm, height=photo.height * scale * mm)
