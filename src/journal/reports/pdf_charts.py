"""The clinician summary's charts: the window's own chart builders, drawn as vector PDF forms.

matplotlib's PDF backend draws each chart; the page gets a slot of its size, and
the drawing is stamped into the slot with pypdf once reportlab has laid out the
pages (svglib was too slow, see `_drawing`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from journal.charts.style import PRINT
from journal.reports.pdf_refs import References
from journal.reports.pdf_style import para, printable
from journal.reports.summary import ReportData
from journal.service.journal import Journal

#: Charts are drawn this wide and scaled to the page's 180 mm, so their 9-point text prints at
#: about 8 points and a legend's longer labels fit two to a row.
WIDTH_IN = 8.0
#: Resolution of the one rasterised part (the symptom cells): crisp on paper, a few kilobytes.
RASTER_DPI = 200


def charts_section(journal: Journal, data: ReportData, refs: References) -> list[Any]:
    """The window's amount, symptom and pain charts (and the SOWS totals when there are any), in the
    print style, with sources named by number."""
    from matplotlib.figure import Figure

    from journal.charts.amount import build_amount
    from journal.charts.data.amount import prepare_amount
    from journal.charts.data.pain import pain_data
    from journal.charts.data.symptoms import symptom_data
    from journal.charts.pain import build_pain
    from journal.charts.symptoms import build_symptoms

    period = data.period
    out: list[Any] = [para("Charts (self-reported)", "h1")]
    amount = prepare_amount(
        period,
        data.totals,
        {d: mg for d, mg in data.max_rolling.items() if d in data.totals},
        data.guidance,
        personal_daily_g=journal.settings.personal_daily_limit_g,
        breaks=data.spans,
        plan=_planned(data),
    )
    # The legend names a source by its number in the References, never by its file.
    amount = replace(
        amount,
        starting=replace(
            amount.starting, label=_band_label(amount.starting.label, amount.starting.source, refs)
        ),
        upper=replace(amount.upper, label=_band_label(amount.upper.label, amount.upper.source, refs)),
    )
    slots = []
    fig = Figure(figsize=(WIDTH_IN, 3.6))
    build_amount(fig, amount, PRINT)
    slots.append(_drawing(fig))
    out.append(slots[-1])
    symptoms = symptom_data(journal, period)
    if symptoms.rows:
        rows = tuple(replace(r, info=replace(r.info, label=printable(r.info.label))) for r in symptoms.rows)
        symptoms = replace(symptoms, rows=rows)
        fig = Figure(figsize=(WIDTH_IN, 1.3 + 0.19 * len(symptoms.lines())))
        build_symptoms(fig, symptoms, PRINT)
        _raster_cells(fig)
        slots.append(_drawing(fig))
        out.append(slots[-1])
    else:
        out.append(para("No symptoms rated above none in this period.", "small"))
    pain = pain_data(journal, period)
    if pain.samples:
        fig = Figure(figsize=(WIDTH_IN, 2.7))
        build_pain(fig, pain, PRINT)
        slots.append(_drawing(fig))
        out.append(slots[-1])
    else:
        out.append(para("No pain check-ins in this period.", "small"))
    if data.withdrawal:
        from journal.charts.data.withdrawal import withdrawal_data
        from journal.charts.withdrawal import build_withdrawal

        fig = Figure(figsize=(WIDTH_IN, 2.5))
        build_withdrawal(fig, withdrawal_data(journal, period), PRINT)
        slots.append(_drawing(fig))
        out.append(slots[-1])
    render(slots)
    return out


def _latin1_dashes(fig: Any) -> None:
    """Dashes as hyphens in the chart's text: one character beyond Latin-1 (the en dash of a date
    range) makes matplotlib embed each font twice, and every embedding costs a quarter second."""
    from matplotlib.text import Text

    for item in fig.findobj(Text):
        words = item.get_text()
        if "–" in words or "−" in words:
            item.set_text(words.replace("–", "-").replace("−", "-"))


def _raster_cells(fig: Any) -> None:
    """The heat strips' cells as one image: thousands of cells as vector paths took the PDF a second.

    The cells only carry colour (their labels, axes and colour bar stay text and lines).
    """
    for ax in fig.axes:
        for artist in ax.collections:
            if artist.get_gid() == "strips":
                artist.set_rasterized(True)


def _band_label(label: str, source: str, refs: References) -> str:
    """ "cited upper limit 12–15 g in 24 h (source 3 in the References)" instead of the file name."""
    head = label.rsplit(" (", 1)[0]
    try:
        return f"{head} (source {refs.number(source)})"
    except ValueError:
        return f"{head} (see the References)"


def _drawing(fig: Any) -> Any:
    """A slot in the layout for the chart, which `render` saves and `stamp_charts` places.

    svglib took seconds per chart (each bar and heat-map cell becomes a clipped
    reportlab shape), so matplotlib saves the figure as PDF and it is merged onto
    its page after reportlab has laid out the document.
    """
    from reportlab.lib.units import mm

    _latin1_dashes(fig)
    engine = fig.get_layout_engine()
    if engine is not None:  # lay out once here: with an engine, savefig draws the figure twice
        engine.execute(fig)
        fig.set_layout_engine(None)
    width_in, height_in = fig.get_size_inches()
    width = 180 * mm
    return _chart_slot_class()(fig, width, width * height_in / width_in)


def render(slots: Sequence[Any]) -> None:
    """Save every chart as a page of one PDF, so each font is subset and embedded once for all.

    Text is TrueType (Type 42): real, embedded text that copies, searches and
    reads aloud, where Type 3 would be drawings of letters. Subsetting a font
    takes fontTools about a quarter of a second, so one file for the charts
    rather than one each saves a second for a year's summary.
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_pdf import PdfPages

    buf = io.BytesIO()
    with (
        mpl.rc_context({"pdf.fonttype": 42}),
        PdfPages(buf, metadata={"Creator": None, "Producer": None, "CreationDate": None}) as pages,
    ):
        for slot in slots:
            pages.savefig(slot.figure, dpi=RASTER_DPI)
    data = buf.getvalue()
    for page, slot in enumerate(slots):
        slot.pdf, slot.page = data, page
        slot.figure = None


@cache
def _chart_slot_class() -> type[Any]:
    from reportlab.platypus import Flowable

    class ChartSlot(Flowable):  # type: ignore[misc]
        """Reserves the chart's room and records where it landed (page, x, y)."""

        def __init__(self, figure: Any, width: float, height: float) -> None:
            super().__init__()
            self.figure = figure
            self.pdf = b""
            self.page = 0
            self.width, self.height = width, height
            self.placed: tuple[int, float, float] | None = None

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            x, y = self.canv.absolutePosition(0, 0)
            self.placed = (self.canv.getPageNumber(), x, y)

    return ChartSlot


def stamp_charts(writer: Any, charts: Sequence[Any]) -> None:
    """Place each chart's vector page, as a form XObject, where its slot landed.

    The chart's content stream is copied as it is (not parsed and merged
    operator by operator, which took pypdf over a second per chart).
    """
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    readers: dict[int, Any] = {}
    for n, slot in enumerate(f for f in charts if f.placed is not None):
        page_number, x, y = slot.placed
        reader = readers.get(id(slot.pdf))
        if reader is None:
            reader = readers[id(slot.pdf)] = PdfReader(io.BytesIO(slot.pdf))
        chart = reader.pages[slot.page]
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


def _planned(data: ReportData) -> dict[date, int]:
    """The planned milligrams of each day of the period under the person's plans (the chart's step line)."""
    out: dict[date, int] = {}
    for plan, _record in data.plans:
        day = data.period.start
        while day <= data.period.end:
            mg = plan.planned_mg(day)
            if mg is not None:
                out[day] = mg
            day += timedelta(days=1)
    return out
