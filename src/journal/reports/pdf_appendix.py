"""The clinician summary's last pages: the person's notes and the raw entries (the appendix)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from journal.domain.times import LATE_AFTER
from journal.reports.pdf_style import BOLD, ENTRY_CHARS, FONT, NOTE_CHARS, day_text, grams, para
from journal.reports.summary import ReportData


def when_text(local: datetime) -> str:
    return f"{local:%a %d %b %Y %H:%M}"


def notes_section(data: ReportData) -> list[Any]:
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
    out: list[Any] = [para("Notes", "h1")]
    if not notes:
        return [*out, para("No notes in this period.", "small")]
    for when, what, text in sorted(notes, key=lambda n: n[0]):
        body = escape(text).replace("\n", "<br/>")
        out.append(para(f"<b>{when_text(when)} · {escape(what)}</b><br/>{body}", "cell"))
    return out


def short(text: str, chars: int = NOTE_CHARS) -> str:
    one = " ".join(text.split())
    return one if len(one) <= chars else one[: chars - 1] + "…"


def appendix_section(data: ReportData, include_notes: bool) -> list[Any]:
    from reportlab.platypus import PageBreak

    rows: list[tuple[datetime, datetime, datetime | None, str, str, str]] = []
    names = data.product_names
    for i in data.intakes:
        product = f" · {names.get(i.product_id, '')}" if i.product_id is not None else ""
        unit = "g" if i.unit.value == "g" else "caps"
        leaf = grams(i.leaf_mg, i.counts_as_estimate) if i.leaf_mg is not None else "not counted"
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
        plan = f"planned to {day_text(b.planned_end)}" if b.planned_end else "no planned end"
        end = f"ended {day_text(b.actual_end.local.date())}" if b.actual_end else "running"
        rows.append((b.start.utc, b.start.local, None, f"Break · {end}", plan, b.reason))
    rows.sort(key=lambda r: r[0])
    header = ["When (local)", "Entry", "Amount / rating", "Logged"] + (["Note"] if include_notes else [])
    body: list[list[str]] = []
    for at, local, created, what, value, note in rows:
        late = "late" if created is not None and created - at > LATE_AFTER else ""
        cells = [when_text(local), short(what, ENTRY_CHARS), value, late]
        if include_notes:
            cells.append(short(note))
        body.append(cells)
    out: list[Any] = [PageBreak(), para("Appendix: the entries of the period", "h1")]
    if not body:
        return [*out, para("No entries in this period.", "small")]
    if include_notes:
        out.append(para("Notes are shortened here; they are given in full in the Notes section.", "small"))
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
