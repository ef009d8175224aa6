"""The clinician summary's charts: the window's own chart builders, drawn as vector PDF forms.

matplotlib's PDF backend draws each chart; the page gets a slot of its size, and
the drawing is stamped into the slot with pypdf once reportlab has laid out the
pages (svglib was too slow, see `_drawing`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from journal.charts.style import LIGHT
from journal.domain.periods import Period
from journal.reports.pdf_style import TITLE, para
from journal.service.journal import Journal


def charts_section(journal: Journal, period: Period) -> list[Any]:
    from matplotlib.figure import Figure

    from journal.charts.amount import build_amount
    from journal.charts.data.amount import amount_data
    from journal.charts.data.pain import pain_data
    from journal.charts.data.symptoms import symptom_data
    from journal.charts.pain import build_pain
    from journal.charts.symptoms import build_symptoms

    style = LIGHT.on("#ffffff", "#ffffff")
    out: list[Any] = [para("Charts", "h1")]
    fig = Figure(figsize=(7.0, 3.9))
    build_amount(fig, amount_data(journal, period), style)
    out.append(_drawing(fig))
    symptoms = symptom_data(journal, period)
    if symptoms.rows:
        fig = Figure(figsize=(7.0, 1.3 + 0.19 * len(symptoms.lines())))
        build_symptoms(fig, symptoms, style)
        out.append(_drawing(fig))
    else:
        out.append(para("No symptoms rated above none in this period.", "small"))
    pain = pain_data(journal, period)
    if pain.samples:
        fig = Figure(figsize=(7.0, 2.6))
        build_pain(fig, pain, style)
        out.append(_drawing(fig))
    else:
        out.append(para("No pain check-ins in this period.", "small"))
    return out


def _drawing(fig: Any) -> Any:
    """A slot in the layout that the chart, saved by matplotlib as a vector PDF, is stamped into.

    svglib took seconds per chart (each bar and heat-map cell becomes a clipped
    reportlab shape), so the figure is saved as PDF by matplotlib (TrueType text,
    so it stays readable) and merged onto its page after reportlab has laid out
    the document; see `stamp_charts`.
    """
    import matplotlib as mpl
    from reportlab.lib.units import mm

    engine = fig.get_layout_engine()
    if engine is not None:  # lay out once here: with an engine, savefig draws the figure twice
        engine.execute(fig)
        fig.set_layout_engine(None)
    buf = io.BytesIO()
    with mpl.rc_context({"pdf.fonttype": 3}):
        fig.savefig(buf, format="pdf", metadata={"Creator": None, "Producer": None, "CreationDate": None})
    width_in, height_in = fig.get_size_inches()
    width = 180 * mm
    return _chart_slot_class()(buf.getvalue(), width, width * height_in / width_in)


@cache
def _chart_slot_class() -> type[Any]:
    from reportlab.platypus import Flowable

    class ChartSlot(Flowable):  # type: ignore[misc]
        """Reserves the chart's room and records where it landed (page, x, y)."""

        def __init__(self, pdf: bytes, width: float, height: float) -> None:
            super().__init__()
            self.pdf = pdf
            self.width, self.height = width, height
            self.placed: tuple[int, float, float] | None = None

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            x, y = self.canv.absolutePosition(0, 0)
            self.placed = (self.canv.getPageNumber(), x, y)

    return ChartSlot


def stamp_charts(target: Path, charts: Sequence[Any]) -> None:
    """Place each chart's vector page, as a form XObject, where its slot landed; keep only a title.

    The chart's content stream is copied as it is (not parsed and merged
    operator by operator, which took pypdf over a second per chart).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=str(target))
    for n, slot in enumerate(f for f in charts if f.placed is not None):
        page_number, x, y = slot.placed
        chart = PdfReader(io.BytesIO(slot.pdf)).pages[0]
        contents: Any = chart["/Contents"].get_object()
        parts: list[Any] = list(contents) if isinstance(contents, ArrayObject) else [contents]
        form = DecodedStreamObject()
        form.set_data(b"\n".join(part.get_object().get_data() for part in parts))
        chart_resources: Any = chart["/Resources"].get_object()
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): chart.mediabox,
                NameObject("/Resources"): chart_resources.clone(writer),
            }
        )
        form_ref = writer._add_object(form.flate_encode())
        name = f"/JournalChart{n}"
        page = writer.pages[page_number - 1]
        resources = DictionaryObject(page["/Resources"].get_object())
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[NameObject(name)] = form_ref
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        scale = slot.width / float(chart.mediabox.width)
        draw = DecodedStreamObject()
        draw.set_data(f"q {scale:.6f} 0 0 {scale:.6f} {x:.3f} {y:.3f} cm {name} Do Q".encode())
        draw_ref = writer._add_object(draw)
        # The raw entry keeps the indirect references: a page whose /Contents holds a
        # stream directly is invalid PDF that PDFium (Chrome's viewer) shows blank.
        old = page.raw_get("/Contents")
        old_obj = old.get_object()
        if isinstance(old_obj, ArrayObject):
            page[NameObject("/Contents")] = ArrayObject([*list.__iter__(old_obj), draw_ref])
        else:
            page[NameObject("/Contents")] = ArrayObject([old, draw_ref])
    writer.metadata = {"/Title": TITLE}
    with target.open("wb") as out:
        writer.write(out)
