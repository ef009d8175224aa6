"""The clinician summary: a PDF a busy clinician can read in a minute (reportlab, no Qt).

`write_report` reads a period from a journal, lays out the summary, a Timeline
Followback calendar, the charts (as vector drawings), the symptoms table, the
findings with their citations, notes and the raw entries, and writes the PDF
through a temp file renamed into place.
"""

from __future__ import annotations

import calendar
import io
import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from journal.charts.style import LIGHT
from journal.domain.entities import Severity
from journal.domain.periods import Period
from journal.domain.times import LATE_AFTER
from journal.reports.export import PRIVATE_FILE, disk_refusal
from journal.reports.summary import FindingGroup, ReportData, ReportSummary, read, summarise
from journal.service.journal import Journal

TITLE = "Kratom use summary"
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
#: Marks in the calendar (shape and bold, never colour alone).
OVER_LOW = "▲"
OVER_HIGH = "▲▲"
BREAK = "‖"
ESTIMATE = "*"  # after the number: a prefix such as "~" reads like a minus sign
_NOTE_CHARS = 40
_ENTRY_CHARS = 34


def write_report(
    journal: Journal,
    start: date,
    end: date,
    path: Path,
    *,
    include_notes: bool = True,
    name: str | None = None,
    made: datetime | None = None,
) -> ReportSummary:
    """Write the clinician summary of local journal days `start`..`end` to `path`.

    The file appears complete or not at all: the PDF is written to a temp file
    in the same folder and renamed into place; on failure the temp file is removed.
    """
    period = Period(min(start, end), max(start, end))
    data = read(journal, period)
    summary = summarise(data)
    made_at = made or journal.now().local
    story = _story(journal, data, summary, include_notes)
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise disk_refusal(err, path) from err
    tmp = Path(tmp_name)
    try:
        try:
            os.fchmod(fd, PRIVATE_FILE)  # health data: the user's alone, whatever the umask
        finally:
            os.close(fd)
        charts = [f for f in story if hasattr(f, "placed")]
        with _PdfFile(io.FileIO(tmp, "wb")) as out:
            _build(_document(out, period, made_at, name), story)  # consumes the story
        _stamp_charts(tmp, charts)
        with tmp.open("rb") as done:
            os.fsync(done.fileno())  # on the disk before the rename makes it the report
        tmp.replace(path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise disk_refusal(err, path) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return summary


class _PdfFile(io.BufferedWriter):
    """The temp file reportlab writes into, ours to close even when a write fails.

    reportlab leaves a file it opened itself open on a failed write (a full disk).
    It is still a path to whoever asks (os.fspath).
    """

    def __fspath__(self) -> str:
        return str(self.name)


# -- document ----------------------------------------------------------------------------------


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


def _document(target: IO[bytes], period: Period, made: datetime, name: str | None) -> Any:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    header = [f"Period: {period.text} ({period.days} days)", f"Made {made:%d %b %Y}"]
    if name and name.strip():
        header.insert(0, name.strip())
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=24 * mm,
        bottomMargin=15 * mm,
        title=TITLE,
        author="",
        subject="",
        creator="",
        producer="",
        keywords="",
    )
    doc.header_lines = header  # read by _page
    return doc


def _build(doc: Any, story: list[Any]) -> None:
    doc.build(story, onFirstPage=_page, onLaterPages=_page, canvasmaker=_numbered_canvas())


def _page(canv: Any, doc: Any) -> None:
    """The header on every page (page numbers are added when the page count is known)."""
    from reportlab.lib.units import mm

    width, height = doc.pagesize
    left, right = doc.leftMargin, width - doc.rightMargin
    canv.saveState()
    canv.setFont(BOLD, 13)
    canv.drawString(left, height - 12 * mm, TITLE)
    canv.setFont(FONT, 8.5)
    canv.drawRightString(right, height - 12 * mm, "Self-reported by the patient")
    canv.drawString(left, height - 17 * mm, "  ·  ".join(doc.header_lines))
    canv.setLineWidth(0.5)
    canv.line(left, height - 19.5 * mm, right, height - 19.5 * mm)
    canv.restoreState()


@cache
def _numbered_canvas() -> type[Any]:
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Holds the pages back until the end so each can say "Page N of M"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.setFont(FONT, 8)
                self.drawCentredString(width / 2, 8 * mm, f"Page {self._pageNumber} of {total}")
                super().showPage()
            self.setProducer("")
            super().save()

    return NumberedCanvas


# -- styles ------------------------------------------------------------------------------------


@cache
def _styles() -> dict[str, Any]:
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


def _p(text: str, style: str = "body") -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text, _styles()[style])


def _g(mg: int | None, estimate: bool = False) -> str:
    if mg is None:
        return "–"
    return f"{mg / 1000:.1f} g{' (estimate)' if estimate else ''}"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _story(journal: Journal, data: ReportData, s: ReportSummary, include_notes: bool) -> list[Any]:
    story: list[Any] = []
    story += _summary(data, s)
    story += _calendar(data)
    story += _charts(journal, data.period)
    story += _symptoms(s)
    story += _findings(data, s)
    if include_notes:
        story += _notes(data)
    story += _appendix(data, include_notes)
    return story


# -- summary -----------------------------------------------------------------------------------


def _summary(data: ReportData, s: ReportSummary) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    upper = data.upper
    est = " (some amounts are estimates)" if s.estimate else ""
    biggest = f"{_g(s.max_daily_mg)} on {_day(s.max_daily_day)}" if s.max_daily_day else "–"
    lengths = ", ".join(_days(n) for n in s.break_lengths_days) or "–"
    breaks = (
        f"{s.breaks} in the period; {s.breaks_planned} with a planned end, {s.breaks_kept} kept to it, "
        f"{s.breaks_ended_early} ended early, {s.breaks_running} running. Lengths: {lengths}"
    )
    forms = ", ".join(f"{escape(f)} ({n})" for f, n in s.forms) or "–"
    products = ", ".join(f"{escape(p)} ({n})" for p, n in s.products) or "–"
    rows = [
        ("Days in the period", f"{s.days}"),
        ("Days with use", f"{s.use_days}"),
        ("Dose-free days", f"{s.dose_free_days}"),
        (
            "Daily amount on days with use (g of leaf or leaf equivalent)",
            f"mean {_g(s.mean_daily_mg)}, median {_g(s.median_daily_mg)}, largest {biggest}{est}",
        ),
        (
            f"Days the rolling 24-hour total went over {upper.low:f} g",
            f"{s.days_over_low} (over {upper.high:f} g: {s.days_over_high})",
        ),
        ("Longest dose-free stretch", _days(s.longest_dose_free)),
        ("Breaks", breaks),
        ("Forms used (intakes)", forms),
        ("Products used (intakes)", products),
        (
            "Entries logged late (more than 12 h after the time they describe)",
            f"{s.late_entries} of {s.entries} ({s.late_share:.0%})",
        ),
    ]
    if s.uncounted_intakes:
        rows.append(("Intakes not in the totals (no leaf equivalent known)", f"{s.uncounted_intakes}"))
    table = Table(
        [[_p(k, "cell"), _p(v, "cell")] for k, v in rows],
        colWidths=["42%", "58%"],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    note = (
        f"Cited upper limit: {upper.range_text} within 24 hours ({escape(upper.citations[0].file)}). "
        "Amounts are as the patient logged them; leaf equivalents of extracts are estimates."
    )
    return [_p("Summary", "h1"), table, _p(note, "small")]


# -- calendar ------------------------------------------------------------------------------------


def _months(period: Period) -> list[tuple[int, int]]:
    out = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _calendar(data: ReportData) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    low, high = data.upper.low_mg, data.upper.high_mg
    grids = []
    cell_w = 12 * mm
    for year, month in _months(data.period):
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        rows: list[list[str]] = [[f"{calendar.month_name[month]} {year}", "", "", "", "", "", ""]]
        rows.append(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
        cmds: list[tuple[Any, ...]] = [
            ("SPAN", (0, 0), (-1, 0)),
            ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
            ("FONT", (0, 1), (-1, 1), FONT, 6.5),
            ("FONT", (0, 2), (-1, -1), FONT, 7),
            ("ALIGN", (0, 1), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEADING", (0, 2), (-1, -1), 8),
            ("GRID", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        for r, week in enumerate(weeks, start=2):
            row = []
            for c, day in enumerate(week):
                if day.month != month or not data.period.contains(day):
                    row.append("")
                    cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor("#eeeeee")))
                    continue
                total = data.totals.get(day)
                rolling = data.max_rolling.get(day, 0)
                mark = OVER_HIGH if rolling > high else OVER_LOW if rolling > low else ""
                brk = BREAK if day in data.break_days else ""
                if total is None:
                    amount = "–"
                elif total.uncounted == total.intakes:
                    amount = "?"
                else:
                    amount = f"{total.mg / 1000:.1f}{ESTIMATE if total.estimate else ''}"
                row.append(f"{brk}{day.day}{mark}\n{amount}")
                if mark:
                    cmds.append(("FONT", (c, r), (c, r), BOLD, 7))
                    shade = "#f3c4b3" if rolling > high else "#fae3d9"
                    cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(shade)))
                elif brk:
                    cmds.append(("BACKGROUND", (c, r), (c, r), colors.HexColor("#dde6ee")))
            rows.append(row)
        grid = Table(rows, colWidths=[cell_w] * 7)
        grid.setStyle(TableStyle(cmds))
        grids.append(grid)
    pairs = [grids[i : i + 2] for i in range(0, len(grids), 2)]
    outer_rows = [pair + [""] * (2 - len(pair)) for pair in pairs]
    outer = Table(outer_rows, colWidths=["50%", "50%"], hAlign="LEFT")
    outer.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    upper = data.upper
    legend = (
        f"Each day: its date, then the grams logged that day (leaf or leaf equivalent). "
        f"<b>{OVER_LOW}</b> and bold: the rolling 24-hour total went over {upper.low:f} g that day; "
        f"<b>{OVER_HIGH}</b>: over {upper.high:f} g (cited upper limit {upper.range_text}). "
        f"{BREAK}: a break day. {ESTIMATE}: includes an estimate. –: no use logged. "
        "?: intakes whose leaf equivalent is unknown."
    )
    return [_p("Daily amounts (Timeline Followback calendar)", "h1"), _p(legend, "small"), outer]


# -- charts --------------------------------------------------------------------------------------


def _charts(journal: Journal, period: Period) -> list[Any]:
    from matplotlib.figure import Figure

    from journal.charts.amount import build_amount
    from journal.charts.data.amount import amount_data
    from journal.charts.data.pain import pain_data
    from journal.charts.data.symptoms import symptom_data
    from journal.charts.pain import build_pain
    from journal.charts.symptoms import build_symptoms

    style = LIGHT.on("#ffffff", "#ffffff")
    out: list[Any] = [_p("Charts", "h1")]
    fig = Figure(figsize=(7.0, 3.9))
    build_amount(fig, amount_data(journal, period), style)
    out.append(_drawing(fig))
    symptoms = symptom_data(journal, period)
    if symptoms.rows:
        fig = Figure(figsize=(7.0, 1.3 + 0.19 * len(symptoms.lines())))
        build_symptoms(fig, symptoms, style)
        out.append(_drawing(fig))
    else:
        out.append(_p("No symptoms rated above none in this period.", "small"))
    pain = pain_data(journal, period)
    if pain.samples:
        fig = Figure(figsize=(7.0, 2.6))
        build_pain(fig, pain, style)
        out.append(_drawing(fig))
    else:
        out.append(_p("No pain check-ins in this period.", "small"))
    return out


def _drawing(fig: Any) -> Any:
    """A slot in the layout that the chart, saved by matplotlib as a vector PDF, is stamped into.

    svglib took seconds per chart (each bar and heat-map cell becomes a clipped
    reportlab shape), so the figure is saved as PDF by matplotlib (TrueType text,
    so it stays readable) and merged onto its page after reportlab has laid out
    the document; see `_stamp_charts`.
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


def _stamp_charts(target: Path, charts: Sequence[Any]) -> None:
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


# -- symptoms ------------------------------------------------------------------------------------


def _symptoms(s: ReportSummary) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    out: list[Any] = [_p("Symptoms", "h1")]
    if not s.symptoms:
        return [*out, _p("No symptoms rated above none in this period.")]
    header = ["Symptom", "Days present", "Mean severity", "Worst", "First seen", "Last seen", "Change*"]
    rows: list[list[Any]] = [[_p(f"<b>{h}</b>", "cell") for h in header]]
    for row in s.symptoms:
        label = escape(row.label)
        if row.red_flag:
            label = f"<b>⚑ {label}</b> (red flag: liver)"
        st = row.stats
        rows.append(
            [
                _p(label, "cell"),
                str(st.days_present),
                f"{st.mean_severity}",
                f"{st.worst} {Severity(st.worst).word}",
                _day(st.first_seen),
                _day(st.last_seen),
                row.change,
            ]
        )
    table = Table(
        rows, colWidths=["27%", "10%", "11%", "12%", "13%", "13%", "14%"], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), FONT, 8),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
            ]
        )
    )
    note = (
        "Severity 0 (none) to 4 (extreme); the mean is over ratings above none. *Change compares the mean "
        "rating in the first and second half of the period: a pattern in the data, not a diagnosis."
    )
    return [*out, table, _p(note, "small")]


# -- findings and references ---------------------------------------------------------------------


def _findings(data: ReportData, s: ReportSummary) -> list[Any]:
    from reportlab.platypus import KeepTogether

    out: list[Any] = [_p("Findings", "h1")]
    if not s.findings:
        out.append(_p("No notices, cautions or warnings were stored with the intakes in this period."))
    else:
        out.append(
            _p(
                "What the app tells the patient about each intake, grouped by rule, worked out from "
                "the whole journal as it stands, entries filled in later included "
                "(it informs; it never blocks logging).",
                "small",
            )
        )
    for group in s.findings:
        out.append(KeepTogether(_finding(group)))
    out.append(_p("References", "h1"))
    from journal.resources import sources

    titles = sources()
    for rule in data.cited_rules:
        block = [_p(f"<b>{escape(rule.summary)}</b>", "body")]
        for c in rule.citations:
            block.append(
                _p(
                    f"“{escape(c.quote)}” — {escape(titles.title(c.file))} "
                    f"({escape(c.file)}, section “{escape(c.section)}”)",
                    "quote",
                )
            )
        out.append(KeepTogether(block))
    return out


def _finding(group: FindingGroup) -> list[Any]:
    examples = ", ".join(_day(d) for d in group.example_days)
    more = ", …" if group.count > len(group.example_days) else ""
    lines = [
        _p(
            f"<b>{group.level.word.capitalize()}</b> · {escape(group.rule_id)} · "
            f"{group.count} time{'s' if group.count != 1 else ''} · e.g. {examples}{more}",
            "h2",
        ),
        _p(f"Example: {escape(group.example)}", "cell"),
    ]
    basis = f"Basis: {escape(group.basis)}"
    if group.citations:
        cites = "; ".join(f"{escape(c.file)}, section “{escape(c.section)}”" for c in group.citations)
        basis += f" — {cites}"
    lines.append(_p(basis, "small"))
    return lines


# -- notes and appendix --------------------------------------------------------------------------


def _when(local: datetime) -> str:
    return f"{local:%a %d %b %Y %H:%M}"


def _notes(data: ReportData) -> list[Any]:
    notes: list[tuple[datetime, str, str]] = []
    names = data.product_names
    for i in data.intakes:
        if i.notes.strip():
            what = names.get(i.product_id, i.form.label) if i.product_id is not None else i.form.label
            notes.append((i.at.local, f"Intake ({what})", i.notes))
    for e in data.symptoms:
        if e.notes.strip():
            stype = data.symptom_types.get(e.type_key)
            notes.append((e.at.local, f"Symptom ({stype.label if stype else e.type_key})", e.notes))
    for c in data.pain:
        if c.notes.strip():
            notes.append((c.at.local, "Pain check-in", c.notes))
    for b in data.breaks:
        if b.reason.strip():
            notes.append((b.start.local, "Break: reason", b.reason))
        if b.outcome.strip() and b.actual_end is not None:
            notes.append((b.actual_end.local, "Break: outcome", b.outcome))
    out: list[Any] = [_p("Notes", "h1")]
    if not notes:
        return [*out, _p("No notes in this period.", "small")]
    for when, what, text in sorted(notes, key=lambda n: n[0]):
        body = escape(text).replace("\n", "<br/>")
        out.append(_p(f"<b>{_when(when)} · {escape(what)}</b><br/>{body}", "cell"))
    return out


def _short(text: str, chars: int = _NOTE_CHARS) -> str:
    one = " ".join(text.split())
    return one if len(one) <= chars else one[: chars - 1] + "…"


def _appendix(data: ReportData, include_notes: bool) -> list[Any]:
    from reportlab.platypus import PageBreak

    rows: list[tuple[datetime, datetime, datetime | None, str, str, str]] = []
    names = data.product_names
    for i in data.intakes:
        product = f" · {names.get(i.product_id, '')}" if i.product_id is not None else ""
        unit = "g" if i.unit.value == "g" else "caps"
        leaf = _g(i.leaf_mg, i.counts_as_estimate) if i.leaf_mg is not None else "not counted"
        rows.append(
            (
                i.at.utc,
                i.at.local,
                i.created,
                f"Intake · {i.form.label}{product}",
                f"{i.amount:f} {unit} → {leaf}",
                i.notes,
            )
        )
    for e in data.symptoms:
        stype = data.symptom_types.get(e.type_key)
        area = f" ({e.body_area})" if e.body_area else ""
        label = stype.label if stype else e.type_key
        rows.append(
            (
                e.at.utc,
                e.at.local,
                e.created,
                f"Symptom · {label}{area}",
                f"{int(e.severity)} {e.severity.word}",
                e.notes,
            )
        )
    for c in data.pain:
        peg = f", PEG {c.peg_score}" if c.peg_score is not None else ""
        mood = f", mood {c.mood}" if c.mood is not None else ""
        rows.append(
            (c.at.utc, c.at.local, c.created, "Pain check-in", f"pain {c.pain_now}{peg}{mood}", c.notes)
        )
    for b in data.breaks:
        # The end goes with the entry and the plan in the amount column: together in
        # one column they ran over the next one.
        plan = f"planned to {_day(b.planned_end)}" if b.planned_end else "no planned end"
        end = f"ended {_day(b.actual_end.local.date())}" if b.actual_end else "running"
        rows.append((b.start.utc, b.start.local, None, f"Break · {end}", plan, b.reason))
    rows.sort(key=lambda r: r[0])
    header = ["When (local)", "Entry", "Amount / rating", "Logged"] + (["Note"] if include_notes else [])
    body: list[list[str]] = []
    for at, local, created, what, value, note in rows:
        late = "late" if created is not None and created - at > LATE_AFTER else ""
        cells = [_when(local), _short(what, _ENTRY_CHARS), value, late]
        if include_notes:
            cells.append(_short(note))
        body.append(cells)
    out: list[Any] = [PageBreak(), _p("Appendix: the entries of the period", "h1")]
    if not body:
        return [*out, _p("No entries in this period.", "small")]
    if include_notes:
        out.append(_p("Notes are shortened here; they are given in full in the Notes section.", "small"))
    fractions = (0.17, 0.27, 0.19, 0.08, 0.29) if include_notes else (0.20, 0.40, 0.28, 0.12)
    out.append(_rows_class()(header, body, fractions))
    return out


@cache
def _rows_class() -> type[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    class Rows(Flowable):  # type: ignore[misc]
        """A plain table of one-line rows, drawn a column at a time and split at any row.

        reportlab's Table drew a year's 3,000 entries cell by cell in about
        0.7 s; this draws each column of a page as one text object.
        """

        line = 7.5
        size = 6.5

        def __init__(self, header: list[str], rows: list[list[str]], fractions: Sequence[float]) -> None:
            super().__init__()
            self.header, self.rows, self.fractions = header, rows, fractions
            self.width = 0.0

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, self.line * (len(self.rows) + 1) + 2

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            fit = int((avail_height - 2) // self.line) - 1
            if fit < 3 or fit >= len(self.rows):
                return [] if fit < 3 else [self]
            head = Rows(self.header, self.rows[:fit], self.fractions)
            tail = Rows(self.header, self.rows[fit:], self.fractions)
            return [head, tail]

        def draw(self) -> None:
            canv = self.canv
            n = len(self.rows)
            top = self.line * (n + 1) + 2
            canv.saveState()
            canv.setFillColor(colors.HexColor("#f2f2f2"))
            for r in range(1, n, 2):
                canv.rect(0, top - self.line * (r + 2) - 3, self.width, self.line, stroke=0, fill=1)
            canv.setFillColor(colors.black)
            canv.setLineWidth(0.4)
            canv.line(0, top - self.line - 1, self.width, top - self.line - 1)
            x = 2.0
            for c, fraction in enumerate(self.fractions):
                text = canv.beginText(x, top - self.size)
                text.setFont(BOLD, self.size, self.line)
                text.textLine(self.header[c])
                text.setFont(FONT, self.size, self.line)
                text.moveCursor(0, 2)
                text.textLines([row[c] for row in self.rows], trim=0)
                canv.drawText(text)
                x += fraction * self.width
            canv.restoreState()

    return Rows
