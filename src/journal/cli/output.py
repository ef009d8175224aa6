"""What the command line prints: one line per thing, or one JSON object with --json.

Errors are one line on stderr starting "journal: ". Exit status: 0 saved or
shown, 1 the journal file cannot be used, 2 invalid input (nothing saved).
Warnings go to stderr too, so --json output stays one clean object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from journal import resources
from journal.domain.amounts import MG_PER_G, format_amount, format_g
from journal.domain.entities import (
    Break,
    Citation,
    Finding,
    Form,
    Intake,
    PainCheckin,
    Product,
    SymptomEntry,
    SymptomType,
    Unit,
)
from journal.domain.errors import InvalidInput, NeedsConfirmation
from journal.domain.tags import join_tags
from journal.domain.times import Moment
from journal.domain.withdrawal import SOWS_MAX, WithdrawalScore, answers_text

if TYPE_CHECKING:
    from journal.service.intakes import IntakeCheck
    from journal.service.journal import Journal

PROG = "journal"
EXIT_OK, EXIT_FILE, EXIT_INPUT = 0, 1, 2
CITED = "cited range"  # journal.domain.guidance.CITED, without importing the rules module early
_ROLLING_RULES = {"upper-limit-24h", "personal-daily-limit"}
_FIELD_NAMES = {
    "pain_now": "Pain",
    "peg_pain": "PEG pain",
    "peg_enjoyment": "PEG enjoyment",
    "peg_activity": "PEG activity",
    "mood": "Mood",
    "capsule_g": "--capsule-g",
    "leaf_factor": "--leaf-factor",
}


class CommandError(Exception):
    """A problem to print in one line, with the exit status to use."""

    def __init__(self, message: str, status: int = EXIT_FILE) -> None:
        super().__init__(message)
        self.status = status


def fail(status: int, message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return status


def warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def input_message(err: InvalidInput) -> str:
    """The core's message, with the field named where the message alone is generic."""
    message = " ".join(err.message.split())
    if isinstance(err, NeedsConfirmation):
        return f"{message.rstrip('.')} with --confirm."
    name = _FIELD_NAMES.get(err.field)
    return f"{name}: {message}" if name else message


def tolerant_output() -> None:
    """Never crash on a terminal that cannot show a dash or a curly quote."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def emit(args: argparse.Namespace, data: dict[str, Any], lines: list[str]) -> int:
    """Print `data` as one JSON object (--json), else the lines; the command succeeded."""
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines))
    return EXIT_OK


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def warn_if_synced(journal: Journal) -> None:
    """On stderr: the folder is synced or on a network drive."""
    from journal.paths import sync_warning

    warning = sync_warning(journal.folder)
    if warning is not None:
        warn(warning)


# -- amounts, times and findings in words --------------------------------------------------


def grams(mg: int | None) -> str | None:
    """Milligrams as an exact gram string for JSON: 13500 -> "13.5"."""
    if mg is None:
        return None
    return f"{(Decimal(mg) / MG_PER_G).normalize():f}"


def est(estimate: bool) -> str:
    return " (includes estimates)" if estimate else ""


def local_text(at: Moment) -> str:
    return f"{at.local:%Y-%m-%d %H:%M}"


def when(at: Moment) -> dict[str, str]:
    local = at.local.replace(tzinfo=timezone(timedelta(minutes=at.offset_min)))
    return {
        "time_utc": at.utc.isoformat(timespec="seconds"),
        "time_local": local.isoformat(timespec="seconds"),
        "zone": at.zone,
    }


def what(intake: Intake, product: Product | None) -> str:
    """ "4.5 g leaf powder", "6 capsules (Red Bali, 3 g leaf)", "1 g extract (Ext, about 4 g leaf)"."""
    amount = format_amount(intake.amount)
    form = intake.form.label.lower().split(" (")[0]
    if intake.unit is Unit.CAPS:
        caps = f"{amount} capsule{'' if intake.amount == 1 else 's'}"
        text = caps if intake.form is Form.CAPSULES else f"{caps} of {form}"
    else:
        text = f"{amount} g {form}"
    extra = [product.name] if product is not None else []
    if intake.leaf_mg is None:
        extra.append("not counted")
    elif intake.leaf_estimated:
        extra.append(f"about {format_g(intake.leaf_mg)} leaf")
    elif intake.unit is Unit.CAPS:
        extra.append(f"{format_g(intake.leaf_mg)} leaf")
    if intake.estimate:
        extra.append("amount estimated")
    return f"{text} ({', '.join(extra)})" if extra else text


def tagged_lines(lines: list[str], tags: Sequence[str]) -> list[str]:
    """`lines` with the entry's context tags under the first ("  Tags: poor sleep; stress")."""
    if not tags:
        return lines
    return [lines[0], f"  Tags: {join_tags(tags)}", *lines[1:]]


def intake_lines(checked: IntakeCheck, product: Product | None) -> list[str]:
    intake = checked.intake
    rolling = f"rolling 24 h: {format_g(checked.rolling)}{', estimate' if checked.rolling_estimate else ''}"
    lines = [f"Saved {what(intake, product)} at {local_text(intake.at)} ({rolling})"]
    lines.extend(finding_line(f) for f in checked.findings)
    return lines


def finding_line(finding: Finding) -> str:
    return f"{finding.level.name}: {finding.message} — {source(finding.basis, finding.citations)}"


def source(basis: str, citations: tuple[Citation, ...]) -> str:
    if not citations:
        return basis
    first = citations[0]
    cited = f"source: {resources.sources().name(first.file)}, “{short(first.section)}”"
    return cited if basis == CITED else f"{basis}; {cited}"


def short(section: str, limit: int = 40) -> str:
    """A long section heading cut at its first clause: "Navigating Kratom Dosage…"."""
    if len(section) <= limit:
        return section
    for mark in (",", ":", ";", " - ", " – ", " — "):
        at = section.find(mark)
        if 0 < at <= limit:
            return section[:at] + "…"
    return section[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def pain_text(c: PainCheckin) -> str:
    parts = []
    if c.peg is not None:
        parts.append(f"PEG {c.peg_score} from {c.peg[0]}/{c.peg[1]}/{c.peg[2]}")
    if c.mood is not None:
        parts.append(f"mood {c.mood}/10")
    more = f" ({', '.join(parts)})" if parts else ""
    return f"pain {c.pain_now}/10{more} at {local_text(c.at)}"


# -- JSON objects -------------------------------------------------------------------------


def intake_json(checked: IntakeCheck, product: Product | None) -> dict[str, Any]:
    return {
        "intake": intake_dict(checked.intake, product),
        "findings": [finding_dict(f) for f in checked.findings],
        "rolling_24h_g": grams(checked.rolling),
        "rolling_24h_estimate": checked.rolling_estimate,
    }


def intake_dict(intake: Intake, product: Product | None) -> dict[str, Any]:
    return {
        "id": intake.id,
        **when(intake.at),
        "amount": format_amount(intake.amount),
        "unit": intake.unit.value,
        "form": intake.form.value,
        "product": product.name if product is not None else None,
        "product_id": intake.product_id,
        "leaf_g": grams(intake.leaf_mg),
        "leaf_estimated": intake.leaf_estimated,
        "estimate": intake.estimate,
        "notes": intake.notes,
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    first = finding.citations[0] if finding.citations else None
    return {
        "level": finding.level.word,
        "rule_id": finding.rule_id,
        "message": finding.message,
        "basis": finding.basis,
        "rolling_24h_g": grams(finding.total_mg) if finding.rule_id in _ROLLING_RULES else None,
        "total_g": grams(finding.total_mg),
        "estimate": finding.estimate,
        "source_file": first.file if first else None,
        "source_section": first.section if first else None,
    }


def symptom_dict(entry: SymptomEntry, stype: SymptomType) -> dict[str, Any]:
    return {
        "id": entry.id,
        **when(entry.at),
        "key": stype.key,
        "label": stype.label,
        "category": stype.category,
        "red_flag": stype.red_flag,
        "severity": int(entry.severity),
        "severity_word": entry.severity.word,
        "area": entry.body_area,
        "notes": entry.notes,
    }


def sows_lines(score: WithdrawalScore) -> list[str]:
    """ "Saved withdrawal check-in (SOWS): total 18 of 64 at ..." and each answer below."""
    return [
        f"Saved withdrawal check-in (SOWS): total {score.total} of {SOWS_MAX} at {local_text(score.at)}",
        *(f"  {line}" for line in answers_text(score.items, "\n").split("\n")),
    ]


def sows_dict(score: WithdrawalScore) -> dict[str, Any]:
    return {
        "id": score.id,
        **when(score.at),
        "scale": "SOWS",
        "items": list(score.items),
        "total": score.total,
        "max": SOWS_MAX,
    }


def pain_dict(c: PainCheckin) -> dict[str, Any]:
    return {
        "id": c.id,
        **when(c.at),
        "pain_now": c.pain_now,
        "peg": list(c.peg) if c.peg is not None else None,
        "peg_score": None if c.peg_score is None else f"{c.peg_score:f}",
        "mood": c.mood,
        "notes": c.notes,
    }


def break_dict(brk: Break, day: int | None, of: int | None = None) -> dict[str, Any]:
    start = when(brk.start)
    end = when(brk.actual_end) if brk.actual_end is not None else None
    return {
        "id": brk.id,
        "start_utc": start["time_utc"],
        "start_local": start["time_local"],
        "zone": brk.start.zone,
        "planned_end": brk.planned_end.isoformat() if brk.planned_end else None,
        "end_utc": end["time_utc"] if end else None,
        "end_local": end["time_local"] if end else None,
        "day": day,
        "of_days": of,
        "kept": brk.kept(),
        "reason": brk.reason,
        "outcome": brk.outcome,
    }


def product_dict(p: Product) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "usual_form": p.usual_form.value,
        "capsule_g": format_amount(p.capsule_g) if p.capsule_g is not None else None,
        "leaf_factor": format_amount(p.leaf_factor) if p.leaf_factor is not None else None,
        "vendor": p.vendor,
        "strain": p.strain,
        "batch": p.batch,
        "purity_tested": p.purity_tested,
        "notes": p.notes,
    }
