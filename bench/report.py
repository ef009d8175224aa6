"""The clinician summary: a one-year PDF of the ten-year journal (issue 5: under 2 s).

The figure is the median of warm runs in this process (the first run, which also
imports reportlab and registers the fonts, is reported alongside). Floor:
reportlab alone writing a PDF with the same number of pages of plain text, so the
ratio says what the app adds to the PDF library's own cost.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from common import Options, Result, Target, figure, ms
from workloads import DEMO, ZONE, Workloads

TARGET = Target(below=2000, text="a 1-year PDF of the 10-year demo journal under 2 seconds")


def _floor(path: Path, pages: int) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    start = time.perf_counter()
    canvas = Canvas(str(path), pagesize=A4)
    for page in range(pages):
        for line in range(60):
            canvas.drawString(60, 800 - line * 12, f"page {page} line {line}: 12.5 g on Tue 3 Mar")
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - start


def run(work: Workloads, opts: Options) -> list[Result]:
    from pypdf import PdfReader

    from journal.reports.pdf import write_report
    from journal.service.journal import Journal

    folder = work.get(DEMO).folder
    journal = Journal.open(folder, zone=ZONE, clock=lambda: work.end)
    end = journal.now().local.date()
    start = end - timedelta(days=364)
    out = work.root / "report.pdf"
    runs = opts.repeats(5, 2)
    samples = []
    for _ in range(runs + 1):
        began = time.perf_counter()
        write_report(journal, start, end, out)
        samples.append(time.perf_counter() - began)
    journal.close()
    pages = len(PdfReader(out).pages)
    floors = [_floor(work.root / "floor.pdf", pages) for _ in range(runs)]
    warm, floor = statistics.median(samples[1:]), statistics.median(floors)
    return [
        figure(
            "report_pdf_1y",
            DEMO,
            value=ms(warm),
            unit="ms",
            stat="median (warm)",
            floor=ms(floor),
            floor_what=f"reportlab alone: {pages} pages of plain text",
            target=TARGET,
            details={"pages": pages, "first_run_ms": ms(samples[0]), "runs_ms": [ms(s) for s in samples]},
        )
    ]


if __name__ == "__main__":
    from run import main

    main(["report", *sys.argv[1:]])
