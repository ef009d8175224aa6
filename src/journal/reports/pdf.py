"""The clinician summary: a PDF a busy clinician can read in a minute (reportlab, no Qt).

`write_report` reads a period from a journal and lays out, in this order: the
first pages that answer everything at a glance (pdf_glance.py), a Timeline
Followback calendar (pdf_calendar.py), the charts as vector drawings
(pdf_charts.py), the symptoms table, the photo page when the person asks for it
(pdf_photos.py), the findings in words and the references (pdf_pages.py), the
person's notes and, when asked for, the raw entries (pdf_appendix.py). It is
written through a temp file renamed into place, and finished as an archival PDF
(pdf_archive.py). Fonts and styles: pdf_style.py.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Collection
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any

from journal import __version__
from journal.domain.medications import SOURCE_FILE as MEDICATIONS_SOURCE
from journal.domain.periods import Period
from journal.reports.files import PRIVATE_FILE, disk_refusal
from journal.reports.pdf_appendix import Appendix, appendix_section, notes_section
from journal.reports.pdf_archive import finish
from journal.reports.pdf_calendar import calendar_section
from journal.reports.pdf_charts import charts_section
from journal.reports.pdf_glance import glance_section
from journal.reports.pdf_pages import findings_section, references_section, symptoms_section, tags_section
from journal.reports.pdf_refs import references
from journal.reports.pdf_style import BOLD, FONT, TITLE, printable, register_fonts
from journal.reports.summary import ReportData, ReportSummary, read, summarise
from journal.service.journal import Journal

PRODUCER = f"Kratom Journal {__version__}"


def write_report(
    journal: Journal,
    start: date,
    end: date,
    path: Path,
    *,
    include_notes: bool = True,
    name: str | None = None,
    made: datetime | None = None,
    appendix: Appendix | str = Appendix.OFF,
    photos: bool = False,
    photo_areas: Collection[str] | None = None,
) -> ReportSummary:
    """Write the clinician summary of local journal days `start`..`end` to `path`.

    `appendix` adds the entries themselves, one line each: `Appendix.RATED`
    leaves symptom ratings of "none" out, `Appendix.ALL` keeps them.
    `photos` adds the photo page (off unless the person asks): the first and
    last photo of each series of `photo_areas` (None: every area with photos).
    The file appears complete or not at all: the PDF is written to a temp file
    in the same folder and renamed into place; on failure the temp file is removed.
    """
    period = Period(min(start, end), max(start, end))
    data = read(journal, period)
    summary = summarise(data)
    made_at = made or journal.now().local
    photo_page: list[Any] = []
    if photos:
        from journal.reports.pdf_photos import photos_section

        photo_page = photos_section(journal, data, photo_areas)
    story = _story(journal, data, summary, include_notes, Appendix(appendix), photo_page)
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
        finish(tmp, charts, title=TITLE, subject=f"Period {period.text}", producer=PRODUCER)
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


def _document(target: IO[bytes], period: Period, made: datetime, name: str | None) -> Any:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    header = [f"Period {period.text} ({period.days} days)", f"Made {made.day} {made:%b %Y}"]
    if name and name.strip():
        header.insert(0, printable(" ".join(name.split())))
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
        lang="en",
        initialFontName=FONT,  # reportlab's own default would put Helvetica, not embedded, on every page
        initialFontSize=9,
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


def _story(
    journal: Journal,
    data: ReportData,
    s: ReportSummary,
    include_notes: bool,
    appendix: Appendix,
    photo_page: list[Any],
) -> list[Any]:
    from journal import resources

    pain_change = s.pain.percent is not None or s.peg.percent is not None
    refs = references(
        data.cited_rules,
        resources.sources(),
        pain_change=pain_change,
        withdrawal=bool(data.withdrawal),
        files=[MEDICATIONS_SOURCE],
    )
    story: list[Any] = []
    story += glance_section(data, s, refs)
    story += calendar_section(data, refs)
    story += charts_section(journal, data, refs)
    story += symptoms_section(s)
    story += tags_section(s)
    story += photo_page  # only when asked for: the first and last photo of each chosen area
    story += findings_section(data, s, refs)
    if include_notes:
        story += notes_section(data)
    story += references_section(data, refs)
    story += appendix_section(data, appendix)
    return story
