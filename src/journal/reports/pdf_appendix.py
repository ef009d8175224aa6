"""The clinician summary's last pages: the person's notes, and the entries themselves (the appendix).

Notes are given once each: a note written on many days is one line with how
often and when. The appendix is a choice (`Appendix`), off by default, one
line per entry: a symptom check-in is one line, "none" ratings left out unless
all are asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any

from journal.domain.entities import Intake, SymptomEntry, Unit
from journal.domain.times import is_entered_later
from journal.domain.withdrawal import SOWS_MAX
from journal.reports.pdf_style import BOLD, FONT, day_text, para, printable, text, when_text
from journal.reports.summary import ReportData


class Appendix(StrEnum):
    """Whether the raw entries are printed, and with "none" ratings or without."""

    OFF = "off"
    RATED = "rated"  # every entry, symptom ratings of "none" left out
    ALL = "all"


# -- notes ---------------------------------------------------------------------------------------


def notes_section(data: ReportData) -> list[Any]:
    notes: list[tuple[datetime, str, str]] = []
    names = data.product_names
    for i in data.intakes:
        if i.notes.strip():
            what = names.get(i.product_id, i.form.label) if i.product_id is not None else i.form.label
            notes.append((i.at.local, f"intake, {what}", i.notes))
    for e in data.symptoms:
        if e.notes.strip():
            stype = data.symptom_types.get(e.type_key)
            notes.append((e.at.local, f"symptom, {stype.label if stype else e.type_key}", e.notes))
    for c in data.pain:
        if c.notes.strip():
            notes.append((c.at.local, "pain check-in", c.notes))
    for b in data.breaks:  # each note on a day of the period, as every other note is
        if b.reason.strip() and data.period.contains(_day(data, b.start.utc, b.start.offset_min)):
            notes.append((b.start.local, "reason for a break", b.reason))
        end = b.actual_end
        if (
            b.outcome.strip()
            and end is not None
            and data.period.contains(_day(data, end.utc, end.offset_min))
        ):
            notes.append((end.local, "how a break went", b.outcome))
    out: list[Any] = [para("Notes (the patient's own words)", "h1")]
    if not notes:
        return [*out, para("No notes in this period.", "small")]
    same: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for when, what, note in sorted(notes, key=lambda n: n[0]):
        same[" ".join(note.split()) if "\n" not in note.strip() else note.strip()].append((when, what))
    for note, seen in sorted(same.items(), key=lambda item: item[1][0][0]):
        first, what = seen[0]
        kinds = sorted({w for _, w in seen})
        body = text(note).replace("\n", "<br/>")
        if len(seen) == 1:
            head = f"{when_text(first)} · {text(what)}"
        else:
            head = (
                f"{day_text(first.date())} to {day_text(seen[-1][0].date())} · {len(seen)} times · "
                f"{text('; '.join(kinds))}"
            )
        out.append(para(f"<b>{head}</b>: {body}", "cell"))
    return out


# -- appendix ------------------------------------------------------------------------------------


Line = tuple[datetime, datetime, bool, str, str]  # utc, local, late, what, detail


def appendix_section(data: ReportData, mode: Appendix) -> list[Any]:
    from reportlab.platypus import PageBreak

    if mode is Appendix.OFF:
        return []
    lines = [
        *_intake_lines(data),
        *_symptom_lines(data, mode),
        *_pain_lines(data),
        *_withdrawal_lines(data),
        *_break_lines(data),
    ]
    lines.sort(key=lambda r: r[0])
    which = "every rating" if mode is Appendix.ALL else "symptom ratings of none left out"
    out: list[Any] = [
        PageBreak(),
        para("Appendix: the entries of the period", "h1"),
        para(
            f"One line per entry ({which}); a symptom check-in is one line. Notes are in the Notes section. "
            "“late”: logged more than 12 hours after the time it describes.",
            "small",
        ),
    ]
    if not lines:
        return [*out, para("No entries in this period.", "small")]
    body = [
        [when_text(local), what, printable(detail), "late" if late else ""]
        for _, local, late, what, detail in lines
    ]
    out.append(_rows_class()(["When", "Entry", "What", "Logged"], body, (0.17, 0.12, 0.64, 0.07)))
    return out


def _intake_lines(data: ReportData) -> list[Line]:
    names = data.product_names
    out = []
    for i in data.intakes:
        product = f", {names.get(i.product_id, 'a deleted product')}" if i.product_id is not None else ""
        late = i.created is not None and is_entered_later(i.at, i.created)
        out.append((i.at.utc, i.at.local, late, "Intake", f"{_amount(i)}{product}"))
    return out


def _amount(i: Intake) -> str:
    """ "2.5 g leaf powder"; a conversion only where one was made ("4 capsules = 2.0 g")."""
    entered = f"{i.amount:f} {'capsules' if i.unit is Unit.CAPS else 'g'}"
    form = i.form.label.lower()
    estimate = " (estimate)" if i.counts_as_estimate else ""
    if i.leaf_mg is None:
        return f"{entered} {form}, not counted (leaf equivalent unknown)"
    converted = i.unit is Unit.CAPS or not i.form.is_leaf
    if not converted:
        return f"{entered} {form}{estimate}"
    return f"{entered} {form} = {i.leaf_mg / 1000:.1f} g leaf equivalent{estimate}"


def _symptom_lines(data: ReportData, mode: Appendix) -> list[Line]:
    checkins: dict[datetime, list[SymptomEntry]] = defaultdict(list)
    for e in data.symptoms:
        checkins[e.at.utc].append(e)
    out = []
    for entries in checkins.values():
        rated, none = [], []
        for e in sorted(entries, key=lambda e: (-e.severity, e.type_key)):
            stype = data.symptom_types.get(e.type_key)
            label = stype.label if stype else e.type_key
            area = f" ({e.body_area})" if e.body_area else ""
            if e.severity > 0:
                rated.append(f"{label}{area} {int(e.severity)} {e.severity.word}")
            else:
                none.append(label)
        if not rated and mode is not Appendix.ALL:
            continue
        parts = rated[:]
        if none and mode is Appendix.ALL:
            parts.append("none: " + ", ".join(none))
        first = entries[0]
        late = any(e.created is not None and is_entered_later(e.at, e.created) for e in entries)
        out.append((first.at.utc, first.at.local, late, "Symptoms", "; ".join(parts)))
    return out


def _pain_lines(data: ReportData) -> list[Line]:
    out = []
    for c in data.pain:
        peg = f", PEG {c.peg_score} ({', '.join(map(str, c.peg))})" if c.peg is not None else ""
        mood = f", mood {c.mood}" if c.mood is not None else ""
        late = c.created is not None and is_entered_later(c.at, c.created)
        out.append((c.at.utc, c.at.local, late, "Pain", f"pain {c.pain_now}{peg}{mood}"))
    return out


def _withdrawal_lines(data: ReportData) -> list[Line]:
    """Each scored check-in: its total and the 16 answers in the scale's order."""
    out = []
    for w in data.withdrawal:
        late = w.created is not None and is_entered_later(w.at, w.created)
        answers = " ".join(map(str, w.items))
        out.append(
            (w.at.utc, w.at.local, late, "SOWS", f"total {w.total} of {SOWS_MAX}; answers 1-16: {answers}")
        )
    return out


def _break_lines(data: ReportData) -> list[Line]:
    out = []
    for b in data.breaks:
        if data.period.contains(_day(data, b.start.utc, b.start.offset_min)):
            plan = f"planned to {day_text(b.planned_end)}" if b.planned_end else "no planned end"
            out.append((b.start.utc, b.start.local, False, "Break", f"started, {plan}"))
        end = b.actual_end
        if end is not None and data.period.contains(_day(data, end.utc, end.offset_min)):
            kept = b.kept()
            how = {True: ", kept to its plan", False: ", ended early", None: ""}[kept]
            out.append((end.utc, end.local, False, "Break", f"ended{how}"))
    return out


def _day(data: ReportData, utc: datetime, offset_min: int) -> date:
    return data.day_of(utc, offset_min)


@cache
def _rows_class() -> type[Any]:
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    class Rows(Flowable):  # type: ignore[misc]
        """A plain table of one-line rows, drawn row by row (so text is read in order), split at any row.

        reportlab's Table drew a year's 3,000 entries cell by cell in about
        0.7 s; this draws each page's rows as one text object.
        """

        line = 8.0
        size = 6.8

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

        def _fit(self, cell: str, width: float) -> str:
            if stringWidth(cell, FONT, self.size) <= width:
                return cell
            while cell and stringWidth(cell + "…", FONT, self.size) > width:
                cell = cell[:-1]
            return cell + "…"

        def draw(self) -> None:
            canv = self.canv
            n = len(self.rows)
            top = self.line * (n + 1) + 2
            canv.saveState()
            canv.setFillColor(colors.HexColor("#f0f0f0"))
            for r in range(1, n, 2):
                canv.rect(0, top - self.line * (r + 2) - 2.4, self.width, self.line, stroke=0, fill=1)
            canv.setFillColor(colors.black)
            canv.setLineWidth(0.4)
            canv.line(0, top - self.line - 1, self.width, top - self.line - 1)
            lefts, x = [], 2.0
            for fraction in self.fractions:
                lefts.append(x)
                x += fraction * self.width
            widths = [f * self.width - 4 for f in self.fractions]
            obj = canv.beginText()
            for r, row in enumerate([self.header, *self.rows]):
                obj.setFont(BOLD if r == 0 else FONT, self.size)
                y = top - self.size - r * self.line - (2 if r else 0)
                for c, cell in enumerate(row):
                    obj.setTextOrigin(lefts[c], y)
                    obj.textOut(self._fit(cell, widths[c]))
            canv.drawText(obj)
            canv.restoreState()

    return Rows
