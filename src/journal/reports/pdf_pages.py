"""The clinician summary's detail after the charts: the symptoms table, the findings in words and
the references (the only place that names a source's file)."""

from __future__ import annotations

from typing import Any

from journal.domain.entities import Severity
from journal.domain.guidance import BREAK_PLAN, CITED, PATTERN, PERSONAL
from journal.reports.pdf_refs import References
from journal.reports.pdf_style import (
    RULE,
    day_text,
    days_text,
    grams,
    intakes_text,
    para,
    table_style,
    text,
)
from journal.reports.summary import FindingGroup, ReportData, ReportSummary

# -- symptoms ------------------------------------------------------------------------------------


def symptoms_section(s: ReportSummary) -> list[Any]:
    from reportlab.platypus import Table

    out: list[Any] = [para("Symptoms (self-rated)", "h1")]
    if not s.symptoms:
        return [*out, para("No symptoms rated above none in this period.")]
    if s.trend is not None:
        segs = s.trend.segments
        versus = f"{segs.last_label} against the {segs.first_label}"
    else:
        versus = "too short a period to compare"
    header = ["Symptom", "Days present", "Mean", "Worst", "First seen", "Last seen", "Change*"]
    rows: list[list[Any]] = [[para(f"<b>{h}</b>", "cell") for h in header]]
    for row in s.symptoms:
        label = text(row.label)
        if row.red_flag:
            label = f"<b>{label}</b>, a red flag"
        st = row.stats
        rows.append(
            [
                para(label, "cell"),
                str(st.days_present),
                f"{st.mean_severity}",
                f"{st.worst} {Severity(st.worst).word}",
                day_text(st.first_seen),
                day_text(st.last_seen),
                row.change,
            ]
        )
    table = Table(
        rows, colWidths=["28%", "10%", "8%", "13%", "13%", "13%", "15%"], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            size=8,
        )
    )
    note = (
        "Severity 0 (none) to 4 (extreme); days present and the mean count ratings above none. "
        f"*Change: the mean daily worst rating, none counted as 0, of the {versus}; a change of half a point "
        "or more is called worse or better. A pattern in the data, not a diagnosis."
    )
    return [*out, table, para(note, "small")]


# -- context tags --------------------------------------------------------------------------------

#: Said under the tags' table: what the counts are, and that no pattern is read into them.
TAGS_NOTE = (
    "Tags the person chose for their own entries (intakes, check-ins, breaks, photos), such as poor sleep "
    "or stress. Entries: how many entries of the period carry the tag; days: on how many days. "
    "Counts only: no link between a tag and amounts, symptoms or pain is claimed."
)


def tags_section(s: ReportSummary) -> list[Any]:
    """Context tags counted beside the symptoms (nothing when no entry of the period has one)."""
    from reportlab.platypus import KeepTogether, Table

    if not s.tags:
        return []
    rows: list[list[Any]] = [[para(f"<b>{h}</b>", "cell") for h in ("Context tag", "Entries", "Days")]]
    rows += [[para(text(t.tag), "cell"), str(t.entries), str(t.days)] for t in s.tags]
    table = Table(rows, colWidths=["40%", "12%", "12%"], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            size=8,
        )
    )
    return [KeepTogether([para("Context tags (self-chosen)", "h2"), table, para(TAGS_NOTE, "small")])]


# -- findings ------------------------------------------------------------------------------------


def findings_section(data: ReportData, s: ReportSummary, refs: References) -> list[Any]:
    from reportlab.platypus import CondPageBreak, KeepTogether

    out: list[Any] = [CondPageBreak(90), para("Findings", "h1")]
    if not s.findings:
        return [*out, para("No notices, cautions or warnings about the intakes of this period.")]
    out.append(
        para(
            "What the app told the patient about the intakes of this period, worked out from the journal as "
            "it stands (it informs; it never blocks logging). Counts are of days and of intakes, as said.",
            "small",
        )
    )
    for group in s.findings:
        out.append(KeepTogether(_finding(data, s, group, refs)))
    return out


_LEVEL_WORDS = {1: "Notice", 2: "Caution", 3: "Warning"}


def _finding(data: ReportData, s: ReportSummary, group: FindingGroup, refs: References) -> list[Any]:
    upper = data.upper
    if group.rule_id == upper.id:
        counted = (
            f"on <b>{days_text(s.days_over_low)}</b> a 24-hour window ending that day went over "
            f"{upper.low:f} g, on {days_text(s.days_over_high)} over {upper.high:f} g; "
            f"{intakes_text(group.intakes)} were part of such a window"
        )
        level = "Caution" if s.days_over_high == 0 else "Caution and warning"
    else:
        counted = f"<b>{intakes_text(group.intakes)}</b> on {days_text(group.days)}"
        level = _LEVEL_WORDS.get(int(group.level), "Notice")
    examples = ", ".join(day_text(d) for d in group.example_days)
    more = " and more" if group.days > len(group.example_days) else ""
    largest = f"; largest {grams(group.largest_mg)}" if group.largest_mg is not None else ""
    line = f"<b>{level}: {text(group.title)}</b>: {counted}{largest}. Days: {examples}{more}."
    return [para(line, "cell"), para(_basis(group, refs), "small")]


def _basis(group: FindingGroup, refs: References) -> str:
    if group.basis == CITED and group.citations:
        return "Source: " + refs.cite(c.file for c in group.citations) + "."
    return {
        PERSONAL: "Based on the patient's own limit, a personal setting; not from a source.",
        BREAK_PLAN: "Based on the patient's own break plan, a personal setting; not from a source.",
        PATTERN: "A pattern in the patient's data; not from a source.",
    }.get(group.basis, "Not from a source.")


# -- references ----------------------------------------------------------------------------------


def references_section(data: ReportData, refs: References) -> list[Any]:
    from reportlab.platypus import KeepTogether

    out: list[Any] = [
        para("References", "h1"),
        para(
            "The guidance the app shows the patient rests on these texts, saved with the app. Below, "
            "each rule as the app states it, with the passages it quotes word for word.",
            "small",
        ),
    ]
    for file in refs.files:
        try:
            source = refs.sources.by_file(file)
            title, credit = source.name, source.credit
        except KeyError:
            title, credit = file, "not listed"
        out.append(
            para(
                f"[{refs.number(file)}] <b>{text(title)}</b>. Web article; {text(credit)}. File {file}.",
                "cell",
            )
        )
    for work in refs.works:
        what = (
            f"A published {text(work.kind)}, not one of the app's source texts; used for "
            if work.kind
            else "Not one of the app's source texts; cited for one figure: "
        )
        number = refs.work_number(work.key)
        out.append(para(f"[{number}] {text(work.citation)}. {what}{text(work.used_for)}.", "cell"))
    out.append(para("Passages quoted", "h2"))
    for rule in data.cited_rules:
        block = [para(f"<b>{text(rule.summary)}</b>", "cell")]
        for c in rule.citations:
            block.append(
                para(f"“{text(c.quote)}” [{refs.number(c.file)}], section “{text(c.section)}”.", "quote")
            )
        out.append(KeepTogether(block))
    return out
